// Package portalbun is the bun implementation of portal.Store, for
// SQLite, PostgreSQL (and KingbaseES, openGauss) and MySQL/MariaDB (and
// TiDB, OceanBase).
//
// Open a *bun.DB with dbopen, which picks the dialect and driver from the
// DSN, then call Open, which runs the migrations:
//
//	db, err := dbopen.Open("govops.db") // or "postgres://…", "mysql://…"
//	if err != nil { … }
//	store, err := portalbun.Open(ctx, db)
//
// Its schema lives in embedded SQL migrations, one set per dialect, in the
// tables portal_sites, portal_columns, portal_posts, portal_probes,
// portal_crawls, portal_findings, portal_tasks, portal_consultations,
// portal_accounts, portal_inspections and portal_events, recorded in their
// own table (portal_migrations) so that they sit beside a host
// application's bun migrations. The lists and maps inside a record (a
// site's domains, a crawl's options and findings' counts) are JSON text in
// its row; durations are BIGINT microseconds; every field a listing
// filters on is a column of its own.
//
// Every unique key of the contract is a unique index, so that the database
// itself refuses a taken key, whoever writes: every ID, a site's and an
// account's code, a column's (site, code), a post's (site, URL), a
// finding's (crawl, seq), a task's finding, a consultation's (site, ref),
// an inspection's (account, week), and an event's ID and (subject, seq).
// A post's URL may be longer than MySQL lets an index hold, so the index
// is on its SHA-256 (url_hash) and the URL itself is TEXT; a task's key is
// found through its SHA-256 (key_hash) alike. A task of no finding stores
// NULL as its finding, and NULLs never collide in a unique index. Codes
// compare byte for byte on every dialect (COLLATE "C" on PostgreSQL,
// VARBINARY on MySQL, whose utf8mb4_bin would ignore trailing spaces).
//
// The aggregates TaskGroups, PostGroups, ProbeTally and CountConsultations
// read summary tables, rows of counts per group of records that each
// write of those records changes last in its own transaction (see
// govops.SummaryKeeper; RepairSummaries recomputes them from the records
// and mends them):
//
//   - TaskGroups, from portal_task_opened_summary or, for bounds of fix
//     times, portal_task_fixed_summary (per month, kind and status, in the
//     scope of the filter: every site and department, one department, one
//     site, or both) when every bound set is the first instant of a month
//     in Asia/Shanghai, as TaskCounts' are, and the filter does not bound
//     both times; otherwise by GROUP BY over the tasks;
//   - PostGroups, from portal_post_summary (per month published, site,
//     column, department, source, with the newest publish time) when From
//     and To are zero or on months, as PostCounts' are; otherwise by GROUP
//     BY over the posts;
//   - ProbeTally, for any window: its whole hours from portal_probe_summary
//     (per site and UTC hour), the part of an hour at either end from the
//     probes of that hour;
//   - CountConsultations, for any filter: the months received before the
//     bound's from portal_consultation_summary (per site, month received,
//     month answered, department), the bound's own month, and the answers
//     in the month of UnansweredAt after it, from the consultations.
//
// LatestInspections is computed by the database, with GROUP BY over the
// inspections.
package portalbun

import (
	"context"
	"embed"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/portal"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "portal_migrations"
	MigrationLocksTable = "portal_migration_locks"
)

// SchemaVersion names the newest migration.
const SchemaVersion = "20270301000002"

//go:embed migrations
var migrationFiles embed.FS

// errs maps the Store's database failures onto govops codes.
const errs bunstore.Errors = "portalbun"

// Store is the bun implementation of portal.Store. It is safe for
// concurrent use.
type Store struct {
	db *bun.DB

	// Each writes one record or one change with its events through
	// prepared statements.
	sites         *bunstore.Versioned[siteRow, eventRow]
	crawls        *bunstore.Versioned[crawlRow, eventRow]
	tasks         *bunstore.Versioned[taskRow, eventRow]
	consultations *bunstore.Versioned[consultationRow, eventRow]
	accounts      *bunstore.Versioned[accountRow, eventRow]

	sums summaries
	// skipSummaries leaves the summary deltas out of every write: set
	// only by the package's benchmarks (export_test.go), to time a write
	// without them.
	skipSummaries bool
}

var _ portal.Store = (*Store)(nil)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB) *Store {
	return &Store{db: db,
		sites:         bunstore.NewVersioned[siteRow, eventRow](db, errs),
		crawls:        bunstore.NewVersioned[crawlRow, eventRow](db, errs),
		tasks:         bunstore.NewVersioned[taskRow, eventRow](db, errs),
		consultations: bunstore.NewVersioned[consultationRow, eventRow](db, errs),
		accounts:      bunstore.NewVersioned[accountRow, eventRow](db, errs),
		sums:          newSummaries()}
}

// Open returns a Store over db with its schema migrated.
func Open(ctx context.Context, db *bun.DB) (*Store, error) {
	s := New(db)
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// DB returns the database the Store writes to.
func (s *Store) DB() *bun.DB { return s.db }

// Migrate creates or upgrades the portal tables. It is safe to run on
// every start, and by several processes at once: they take turns through
// bun's migration lock (the portal_migration_locks table), and every
// statement is idempotent. If a process died while holding the lock,
// Migrate fails after two minutes naming the row to delete.
func (s *Store) Migrate(ctx context.Context) error {
	return bunstore.Migrate(ctx, s.db, migrationFiles, "portal")
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error {
	return bunstore.CloseAll(s.sites, s.crawls, s.tasks, s.consultations, s.accounts)
}

// write runs fn in one transaction that last appends events, and maps its
// failure: a unique violation is ECONFLICT with taken, a concurrent writer
// ECONFLICT.
func (s *Store) write(ctx context.Context, op string, events []portal.Event, taken bunstore.Refusal,
	fn func(ctx context.Context, tx bun.Tx) error) error {
	return bunstore.WriteWithEvents(ctx, s.db, errs, op, toEventRows(events), taken, fn)
}

// Events implements portal.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]portal.Event, error) {
	var rows []eventRow
	err := s.db.NewSelect().Model(&rows).Where("subject_id = ?", subject.String()).OrderExpr("seq ASC").Scan(ctx)
	if err != nil {
		return nil, errs.Err("list events", err)
	}
	return bunstore.FromRows(rows, fromEventRow)
}

// updateSite replaces the site with site inside tx, when it is not nil.
func updateSite(ctx context.Context, tx bun.Tx, site *portal.Site) error {
	if site == nil {
		return nil
	}
	row := toSiteRow(site)
	return bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "site")
}

// updateColumns replaces the columns with cs inside tx.
func updateColumns(ctx context.Context, tx bun.Tx, cs []portal.Column) error {
	for i := range cs {
		row := toColumnRow(&cs[i])
		if err := bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "column"); err != nil {
			return err
		}
	}
	return nil
}

// updateAccount replaces the account with a inside tx, when it is not nil.
func updateAccount(ctx context.Context, tx bun.Tx, a *portal.Account) error {
	if a == nil {
		return nil
	}
	row := toAccountRow(a)
	return bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "account")
}

// page applies a keyset page by ID to q.
func page(q *bun.SelectQuery, after uuid.UUID, limit int) *bun.SelectQuery {
	if after != uuid.Nil {
		q.Where("id > ?", after.String())
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	return q.OrderExpr("id ASC")
}

// get reads the row of id: ENOTFOUND, naming what, if none.
func get[R, T any](ctx context.Context, s *Store, what string, id uuid.UUID, from func(*R) (T, error)) (*T, error) {
	return getWhere(ctx, s, what, from, "no %s %s", []any{what, id}, "id = ?", id.String())
}

// getWhere reads the one row where selects: ENOTFOUND, with the message
// format and args, if none.
func getWhere[R, T any](ctx context.Context, s *Store, what string, from func(*R) (T, error), format string, args []any,
	where string, whereArgs ...any) (*T, error) {
	var row R
	if err := s.db.NewSelect().Model(&row).Where(where, whereArgs...).Scan(ctx); err != nil {
		return nil, errs.Err("get "+what, err, bunstore.NotFound(format, args...))
	}
	v, err := from(&row)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// list reads the rows q selects, a page of them by ID.
func list[R, T any](ctx context.Context, q *bun.SelectQuery, rows *[]R, what string, after uuid.UUID, limit int,
	from func(*R) (T, error)) ([]T, error) {
	if err := page(q, after, limit).Scan(ctx); err != nil {
		return nil, errs.Err("list "+what, err)
	}
	return bunstore.FromRows(*rows, from)
}

// window bounds the time column col to [from, to), a zero bound being
// open. A zero time (NULL) lies before every bound, as it does in Go.
func window(q *bun.SelectQuery, col string, from, to time.Time) *bun.SelectQuery {
	if !from.IsZero() {
		q.Where("? >= ?", bun.Ident(col), dbt(from))
	}
	return before(q, col, to)
}

// before keeps the rows whose time column col lies before t (when not
// zero), a zero time (NULL) included.
func before(q *bun.SelectQuery, col string, t time.Time) *bun.SelectQuery {
	if !t.IsZero() {
		q.Where("(? < ? OR ? IS NULL)", bun.Ident(col), dbt(t), bun.Ident(col))
	}
	return q
}

// eq keeps the rows whose column col is v, unless v is its zero value.
func eq[T comparable](q *bun.SelectQuery, col string, v T) *bun.SelectQuery {
	var zero T
	if v != zero {
		q.Where("? = ?", bun.Ident(col), v)
	}
	return q
}

// eqID keeps the rows whose ID column col is id, unless it is uuid.Nil.
func eqID(q *bun.SelectQuery, col string, id uuid.UUID) *bun.SelectQuery {
	if id != uuid.Nil {
		q.Where("? = ?", bun.Ident(col), id.String())
	}
	return q
}
