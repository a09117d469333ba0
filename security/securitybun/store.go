// Package securitybun is the bun implementation of security.Store, for
// SQLite, PostgreSQL (and KingbaseES, openGauss) and MySQL/MariaDB (and
// TiDB, OceanBase).
//
// Open a *bun.DB with dbopen, which picks the dialect and driver from the
// DSN, then call Open, which runs the migrations:
//
//	db, err := dbopen.Open("govops.db") // or "postgres://…", "mysql://…"
//	if err != nil { … }
//	store, err := securitybun.Open(ctx, db)
//
// Its schema lives in embedded SQL migrations, one set per dialect, in the
// tables security_plans, security_drills, security_inspections,
// security_checklist, security_hardenings, security_exercises,
// security_incidents and security_events, recorded in their own table
// (security_migrations) so that they sit beside a host application's bun
// migrations. The lists inside a record (a plan's grades, a drill's
// participants, findings and actions, an inspection's items and findings,
// an exercise's findings) are JSON text in its row; every field a listing
// filters on is a column of its own, indexed.
//
// Every unique key of the contract is a unique index, so that the database
// itself refuses a taken key, whoever writes: every ID, a plan's (code,
// revision), a checklist item's code, an event's ID and its (subject,
// seq), and a hardening record's (source_kind, source_id, source_seq).
// source_id is NULL for a record without a source record (uuid.Nil), and
// NULLs never collide in a unique index on any of the three databases: so
// that two writers raising one finding of a stored record at the same
// moment cannot both land, and records without one never clash. Codes
// compare byte for byte on every dialect (COLLATE "C" on PostgreSQL,
// VARBINARY on MySQL, whose utf8mb4_bin would ignore trailing spaces).
//
// # Summaries
//
// The counts the yearly report reads are summary rows (see
// govops.SummaryKeeper), changed in the transaction of every write of a
// hardening record or an inspection, after the record and its events:
// security_hardening_counts and security_hardening_dept_counts hold the
// records of every unit and of each by kind, severity, year found and
// year verified, security_hardening_day_counts and
// security_hardening_dept_day_counts by day found, severity and year
// verified, and security_inspection_counts the inspections by month. A
// record's row keeps the year and the day it was found in and the year it
// was verified in (found_year, found_day, verified_year; an inspection's,
// its month), computed by the Store as security.Hardening computes them,
// so that the summaries are plain GROUP BYs of the records, which
// RepairSummaries recomputes them from. An update reads the stored row
// first, locked on PostgreSQL and MySQL, to move its counts.
//
// HardeningCounts and HardeningDays always read the summaries: their
// cost is that of the groups. CountInspections reads them when its filter
// selects whole months (Asia/Shanghai) of every unit, as the report's
// does, and counts the inspections otherwise (a department, a bound that
// is not the start of a month).
package securitybun

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/security"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "security_migrations"
	MigrationLocksTable = "security_migration_locks"
)

// SchemaVersion names the newest migration.
const SchemaVersion = "20270201000002"

//go:embed migrations
var migrationFiles embed.FS

// errs maps the Store's database failures onto govops codes.
const errs bunstore.Errors = "securitybun"

// Store is the bun implementation of security.Store. It is safe for
// concurrent use.
type Store struct {
	db *bun.DB

	// Each writes one record or one change with its events through
	// prepared statements.
	plans       *bunstore.Versioned[planRow, eventRow]
	drills      *bunstore.Versioned[drillRow, eventRow]
	inspections *bunstore.Versioned[inspectionRow, eventRow]
	items       *bunstore.Versioned[itemRow, eventRow]
	hardenings  *bunstore.Versioned[hardeningRow, eventRow]
	exercises   *bunstore.Versioned[exerciseRow, eventRow]
	incidents   *bunstore.Versioned[incidentRow, eventRow]

	// noSummaries leaves the summaries out of the writes: the baseline
	// of the benchmarks of the write path, never set otherwise.
	noSummaries bool
}

var (
	_ security.Store       = (*Store)(nil)
	_ govops.SummaryKeeper = (*Store)(nil)
)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB) *Store {
	return &Store{db: db,
		plans:       bunstore.NewVersioned[planRow, eventRow](db, errs),
		drills:      bunstore.NewVersioned[drillRow, eventRow](db, errs),
		inspections: bunstore.NewVersioned[inspectionRow, eventRow](db, errs),
		items:       bunstore.NewVersioned[itemRow, eventRow](db, errs),
		hardenings:  bunstore.NewVersioned[hardeningRow, eventRow](db, errs),
		exercises:   bunstore.NewVersioned[exerciseRow, eventRow](db, errs),
		incidents:   bunstore.NewVersioned[incidentRow, eventRow](db, errs)}
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

// Migrate creates or upgrades the security tables. It is safe to run on
// every start, and by several processes at once: they take turns through
// bun's migration lock (the security_migration_locks table), and every
// statement is idempotent. If a process died while holding the lock,
// Migrate fails after two minutes naming the row to delete.
func (s *Store) Migrate(ctx context.Context) error {
	return bunstore.Migrate(ctx, s.db, migrationFiles, "security")
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error {
	return bunstore.CloseAll(s.plans, s.drills, s.inspections, s.items, s.hardenings, s.exercises, s.incidents)
}

// write runs fn, then appends events, then runs after (which adds the
// write's summary deltas), in one transaction, and maps its failure: a
// unique violation is ECONFLICT with taken, a concurrent writer ECONFLICT.
func (s *Store) write(ctx context.Context, op string, events []security.Event, taken bunstore.Refusal,
	fn func(ctx context.Context, tx bun.Tx) error, after func(ctx context.Context, tx bun.IDB) error) error {
	if after == nil {
		return bunstore.WriteWithEvents(ctx, s.db, errs, op, toEventRows(events), taken, fn)
	}
	if err := ctx.Err(); err != nil {
		return errs.Err(op, err)
	}
	evs := toEventRows(events)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := fn(ctx, tx); err != nil {
			return err
		}
		if err := bunstore.InsertChunked(ctx, tx, evs); err != nil {
			return err
		}
		return after(ctx, tx)
	})
	return bunstore.Concurrent(op, errs.Err(op, err, taken))
}

// steps returns the summary steps of a write (see bunstore.Steps), none
// for the benchmarks' baseline.
func (s *Store) steps(before, after func(ctx context.Context, tx bun.IDB) error) bunstore.Steps {
	if s.noSummaries {
		return bunstore.Steps{}
	}
	return bunstore.Steps{Before: before, After: after}
}

// readForUpdate reads the row whose ID is id into row within tx, locking
// it on PostgreSQL and MySQL, for a write that moves the row's counts in
// the summaries: the write's version check then holds for what was read.
// When there is no such row it reads nothing, and the write that follows
// finds none either.
func readForUpdate[R any](ctx context.Context, tx bun.IDB, row *R, id string) error {
	q := tx.NewSelect().Model(row).Where("id = ?", id)
	if tx.Dialect().Name() != dialect.SQLite {
		q.For("UPDATE")
	}
	err := q.Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// Events implements security.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]security.Event, error) {
	var rows []eventRow
	err := s.db.NewSelect().Model(&rows).Where("subject_id = ?", subject.String()).OrderExpr("seq ASC").Scan(ctx)
	if err != nil {
		return nil, errs.Err("list events", err)
	}
	return bunstore.FromRows(rows, fromEventRow)
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

// get reads the row of id into row: ENOTFOUND, naming what, if none.
func get[R, T any](ctx context.Context, s *Store, what string, id uuid.UUID, from func(*R) (T, error)) (*T, error) {
	var row R
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get "+what, err, bunstore.NotFound("no %s %s", what, id))
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
