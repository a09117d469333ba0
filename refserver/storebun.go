package refserver

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen/groupcommit"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/bunstore"
)

// Names of the tables in which BunStore.Migrate records its progress,
// apart from a host application's own bun migrations.
const (
	MigrationsTable     = "refserver_migrations"
	MigrationLocksTable = "refserver_migration_locks"
)

//go:embed migrations
var migrationFiles embed.FS

// errs maps the BunStore's database failures onto govops codes.
const errs bunstore.Errors = "refserver"

// BunStore is the bun Directory for SQLite, PostgreSQL and MySQL, in the
// tables refserver_departments, refserver_tokens and refserver_audit. It is
// safe for concurrent use.
type BunStore struct {
	db *bun.DB

	// audit appends one event through a prepared INSERT, on the path of
	// every write request; calendar writes the versioned calendar tables.
	audit    *bunstore.Table[auditRow]
	calendar *bunstore.Table[calendarTableRow]
}

var _ Store = (*BunStore)(nil)

// GroupsCommits reports whether the store's database commits concurrent
// writes together (SQLite opened by dbopen.OpenGrouped): the Registry then
// stores each audit event on its own, without its own queue.
func (d *BunStore) GroupsCommits() bool { return groupcommit.Of(d.db.DB) != nil }

// NewBunStore returns a BunStore over db. Call Migrate once before
// using it.
func NewBunStore(db *bun.DB) *BunStore {
	return &BunStore{db: db,
		audit:    bunstore.NewTable[auditRow](db, errs),
		calendar: bunstore.NewTable[calendarTableRow](db, errs)}
}

type departmentRow struct {
	bun.BaseModel `bun:"table:refserver_departments"`

	Code      string    `bun:"code,pk"`
	Name      string    `bun:"name"`
	Kind      string    `bun:"kind"`
	Parent    string    `bun:"parent"`
	CreatedAt time.Time `bun:"created_at,nullzero"`
}

type tokenRow struct {
	bun.BaseModel `bun:"table:refserver_tokens"`

	ID         string    `bun:"id,pk"`
	Name       string    `bun:"name"`
	Role       string    `bun:"role"`
	Department string    `bun:"department"`
	Hash       string    `bun:"hash"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
	RevokedAt  time.Time `bun:"revoked_at,nullzero"`
	LastUsedAt time.Time `bun:"last_used_at,nullzero"`
}

func toTokenRow(t Token) *tokenRow {
	return &tokenRow{
		ID: t.ID.String(), Name: t.Name, Role: string(t.Role), Department: t.Department, Hash: t.Hash,
		CreatedAt: bunstore.DBTime(t.CreatedAt), RevokedAt: bunstore.DBTime(t.RevokedAt), LastUsedAt: bunstore.DBTime(t.LastUsedAt),
	}
}

func fromTokenRow(r *tokenRow) (Token, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return Token{}, govops.Errorf(govops.EINTERNAL, "refserver: token row id %q: %w", r.ID, err)
	}
	return Token{
		ID: id, Name: r.Name, Role: Role(r.Role), Department: r.Department, Hash: r.Hash,
		CreatedAt: bunstore.GoTime(r.CreatedAt), RevokedAt: bunstore.GoTime(r.RevokedAt), LastUsedAt: bunstore.GoTime(r.LastUsedAt),
	}, nil
}

// Migrate creates or upgrades the refserver tables. It is safe to run on
// every start and by several processes at once: they take turns through
// bun's migration lock (refserver_migration_locks).
//
// Department codes are unique regardless of letter case from migration
// 20261201000002 on. A database that already holds codes differing only in
// case cannot take that migration: Migrate then fails, changing nothing,
// with an error that lists the clashing codes, until one of each set is
// changed by hand.
func (d *BunStore) Migrate(ctx context.Context) error {
	err := bunstore.Migrate(ctx, d.db, migrationFiles, "refserver")
	if err == nil {
		return nil
	}
	if clashes := d.codeClashes(ctx); len(clashes) > 0 {
		return govops.Errorf(govops.EINTERNAL,
			"refserver: migrate: department codes must differ in more than letter case, and refserver_departments holds %s; "+
				"change all but one code of each set (in refserver_departments, and where tokens and cases name it), then migrate again: %w",
			strings.Join(clashes, ", "), cause(err))
	}
	return err
}

// cause returns what err wraps, or err itself: the driver's own words,
// without the code and context that the caller's message already gives.
func cause(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// codeClashes returns the sets of department codes that differ only in
// letter case, each as "yuejin/YUEJIN", or nil when there are none or they
// cannot be read (a database without the table, say).
func (d *BunStore) codeClashes(ctx context.Context) []string {
	var codes []string
	err := d.db.NewSelect().Model((*departmentRow)(nil)).Column("code").
		Where("lower(code) IN (?)", d.db.NewSelect().Model((*departmentRow)(nil)).
			ColumnExpr("lower(code)").GroupExpr("lower(code)").Having("COUNT(*) > 1")).
		OrderExpr("code ASC").Scan(ctx, &codes)
	if err != nil {
		return nil
	}
	sets := map[string][]string{}
	var keys []string
	for _, c := range codes {
		k := strings.ToLower(c)
		if sets[k] == nil {
			keys = append(keys, k)
		}
		sets[k] = append(sets[k], c)
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strings.Join(sets[k], "/")
	}
	return out
}

// CreateToken implements Store.
func (d *BunStore) CreateToken(ctx context.Context, t Token) error {
	_, err := d.db.NewInsert().Model(toTokenRow(t)).Exec(ctx)
	return errs.Err("create token", err, bunstore.Conflict("token %s already exists", t.ID))
}

// TokenByHash implements Store.
func (d *BunStore) TokenByHash(ctx context.Context, hash string) (Token, error) {
	var r tokenRow
	if err := d.db.NewSelect().Model(&r).Where("hash = ?", hash).Scan(ctx); err != nil {
		return Token{}, errs.Err("get token", err, bunstore.NotFound("token not found"))
	}
	return fromTokenRow(&r)
}

// Tokens implements Store.
func (d *BunStore) Tokens(ctx context.Context, after uuid.UUID, limit int) ([]Token, error) {
	var rows []tokenRow
	q := d.db.NewSelect().Model(&rows).Where("id > ?", after.String()).OrderExpr("id ASC")
	if limit > 0 {
		q = q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list tokens", err)
	}
	return bunstore.FromRows(rows, fromTokenRow)
}

func (d *BunStore) token(ctx context.Context, db bun.IDB, id uuid.UUID) (Token, error) {
	var r tokenRow
	if err := db.NewSelect().Model(&r).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return Token{}, errs.Err("get token", err, bunstore.NotFound("token %s not found", id))
	}
	return fromTokenRow(&r)
}

// RevokeToken implements Store.
func (d *BunStore) RevokeToken(ctx context.Context, id uuid.UUID, at time.Time) (Token, error) {
	if _, err := d.db.NewUpdate().Model((*tokenRow)(nil)).
		Set("revoked_at = ?", bunstore.DBTime(at)).
		Where("id = ?", id.String()).Where("revoked_at IS NULL").
		Exec(ctx); err != nil {
		return Token{}, errs.Err("revoke token", err)
	}
	return d.token(ctx, d.db, id)
}

// TouchToken implements Store.
func (d *BunStore) TouchToken(ctx context.Context, id uuid.UUID, at time.Time) error {
	res, err := d.db.NewUpdate().Model((*tokenRow)(nil)).
		Set("last_used_at = ?", bunstore.DBTime(at)).
		Where("id = ?", id.String()).
		Exec(ctx)
	if err != nil {
		return errs.Err("touch token", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		// MySQL reports 0 for a row whose value did not change, so look.
		if _, err := d.token(ctx, d.db, id); err != nil {
			return err
		}
	}
	return nil
}

// CountTokens implements Store.
func (d *BunStore) CountTokens(ctx context.Context) (int, error) {
	n, err := d.db.NewSelect().Model((*tokenRow)(nil)).Count(ctx)
	if err != nil {
		return 0, errs.Err("count tokens", err)
	}
	return int(n), nil
}

// MoveDepartments moves the departments that refserver kept itself, in
// refserver_departments before the directory became a domain of its own,
// into deps, and then drops that table: each one is created through the
// directory Service (parents first, with its created event), as center
// staff named actor. A department deps holds already is left as it is. It
// does nothing once the table is gone, and a run that stops half way is
// finished by the next one. It returns how many departments it created.
func (d *BunStore) MoveDepartments(ctx context.Context, deps *directory.Service, actor string) (int, error) {
	var rows []departmentRow
	err := d.db.NewSelect().Model(&rows).OrderExpr("code ASC").Scan(ctx)
	if err != nil {
		if d.hasDepartmentsTable(ctx) {
			return 0, errs.Err("read refserver_departments", err)
		}
		return 0, nil // moved already
	}
	by := govops.Actor{Name: actor}
	moved, placed := 0, map[string]bool{}
	for len(rows) > 0 {
		var later []departmentRow
		for _, r := range rows {
			if r.Parent != "" && !placed[r.Parent] {
				if _, err := deps.Get(ctx, by, r.Parent); err != nil {
					later = append(later, r)
					continue
				}
			}
			_, err := deps.Create(ctx, by, directory.CreateInput{
				Code: r.Code, Name: r.Name, Kind: directory.Kind(r.Kind), Parent: r.Parent,
			})
			switch govops.ErrorCode(err) {
			case "":
				moved++
			case govops.ECONFLICT: // moved by an earlier run, or added since
			default:
				return moved, fmt.Errorf("refserver: move department %s to the directory: %w", r.Code, err)
			}
			placed[r.Code] = true
		}
		if len(later) == len(rows) {
			return moved, govops.Errorf(govops.EINTERNAL, "refserver: move departments: %d departments name a parent that is not in the directory, e.g. %s under %s",
				len(later), later[0].Code, later[0].Parent)
		}
		rows = later
	}
	if _, err := d.db.NewDropTable().Model((*departmentRow)(nil)).IfExists().Exec(ctx); err != nil {
		return moved, errs.Err("drop refserver_departments", err)
	}
	return moved, nil
}

func (d *BunStore) hasDepartmentsTable(ctx context.Context) bool {
	_, err := d.db.NewSelect().Model((*departmentRow)(nil)).Limit(1).Count(ctx)
	return err == nil
}
