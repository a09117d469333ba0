// Package hotlinebun is the bun implementation of hotline.Store, for
// SQLite, PostgreSQL (and KingbaseES, openGauss) and MySQL/MariaDB (and
// TiDB, OceanBase).
//
// Open a *bun.DB with dbopen, which picks the dialect and driver from the
// DSN, then call Open, which runs the migrations:
//
//	db, err := dbopen.Open("govops.db") // or "postgres://…", "mysql://…"
//	if err != nil { … }
//	store, err := hotlinebun.Open(ctx, db)
//
// Its schema lives in embedded SQL migrations, one set per dialect, recorded
// in their own table (hotline_migrations) so that they sit beside a host
// application's bun migrations.
//
// # Counts from summary rows
//
// CallbackCounts, OutcomeCounts and DeductionCounts answer from summary
// rows (govops.SummaryKeeper), whose number grows with the groups (months
// × departments × results, statuses or points values) and not with the
// records:
//
//   - hotline_callback_summary (month, department, result, n);
//   - hotline_outcome_summary (month, department, n, dispatched,
//     accepted_on_time, resolved_on_time, returned, redone, replied);
//   - hotline_deduction_summary (month, department, status, points, n),
//     points as the canonical decimal text of the value, so that 0.2 and
//     0.20 are one group. DeductionCounts sums the groups of the statuses
//     it is given.
//
// Every write changes them in its own transaction, after the records and
// the events: CreateCallback and CreateOutcome add to one group;
// BulkInsertCallbacks and BulkInsertOutcomes merge the batch's counts per
// group and add them with one upsert per thousand groups, not per row;
// UpdateOutcome and UpdateDeduction first read the stored row with a
// locking read (SELECT … FOR UPDATE on PostgreSQL and MySQL; SQLite's one
// connection serializes writes), check its version, and last take it out
// of its old group and add it to its new one. Writers lock the summary
// rows in one order, so they cannot deadlock on them; a deadlock or
// serialization failure the database reports anyway is ECONFLICT, like a
// stale version. Every range query of the three is then one read of the
// range's groups by primary key: the monthly assessment over a million
// callbacks and a million outcomes over 200 departments reads 1,600
// summary rows instead of two million records (BenchmarkMonthlyAssessment measures both).
//
// The full scans stay the reference: RepairSummaries recomputes each
// summary with one GROUP BY over the records (served by the covering
// indexes that lead with the month: callbacks (month, department,
// result), outcomes (month, department and the six flags, 0/1 SMALLINTs
// so that SUM works everywhere), deductions (month, department, points,
// status)), reports the groups that differ and, asked to, replaces the
// rows. The migration that made the tables filled them the same way, so
// an upgraded database is right at once. A process that writes the record
// tables behind the Store (or an older govops during a rolling upgrade)
// leaves the summaries wrong until RepairSummaries(ctx, true) runs
// (refserver repair-stats).
//
// Points and scores are stored as exact decimal text, and deductions are
// counted per points value for the Service to multiply and sum, because
// SQLite has no exact decimal type. The groups come in the order the
// database returns them. Whether a deduction's appeal window is provisional
// is a BOOLEAN, indexed with the status so that the recomputation after a
// holiday notice reads only the few that are.
//
// A deduction's events are rows of the one shape every trail shares
// (internal/bunstore EventRow) beside the deduction's ID. Bulk inserts are
// chunked multi-row INSERTs in one transaction. Deductions and outcomes are
// written through statements prepared once per Store, which Close releases.
// A scheme's rules are one JSON document in a format of this package's own,
// apart from the JSON of the hotline types, so that renaming a field of the
// API never changes what is stored.
package hotlinebun

import (
	"context"
	"embed"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "hotline_migrations"
	MigrationLocksTable = "hotline_migration_locks"
)

// SchemaVersion names the newest migration; a cached database built by an
// older schema has a different one.
const SchemaVersion = "20261201000003"

//go:embed migrations
var migrationFiles embed.FS

// errs maps the Store's database failures onto govops codes.
const errs bunstore.Errors = "hotlinebun"

// Store is the bun implementation of hotline.Store. It is safe for
// concurrent use. CallbackCounts, OutcomeCounts and DeductionCounts always
// answer from its summary rows, which key on everything they filter by;
// the full scans serve RepairSummaries alone (see the package doc).
type Store struct {
	db      *bun.DB
	dialect dialect.Name

	// deductions and outcomes write through prepared statements: the
	// versioned updates and their events, one row each.
	deductions *bunstore.Versioned[deductionRow, eventRow]
	outcomes   *bunstore.Table[outcomeRow]
}

var _ hotline.Store = (*Store)(nil)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB) *Store {
	return &Store{db: db, dialect: db.Dialect().Name(),
		deductions: bunstore.NewVersioned[deductionRow, eventRow](db, errs),
		outcomes:   bunstore.NewTable[outcomeRow](db, errs)}
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

// Migrate creates or upgrades the hotline tables. It is safe to run on every
// start, and by several processes at once: they take turns through bun's
// migration lock (the hotline_migration_locks table), and every statement
// is idempotent. If a process died while holding the lock, Migrate fails
// after two minutes naming the row to delete.
func (s *Store) Migrate(ctx context.Context) error {
	return bunstore.Migrate(ctx, s.db, migrationFiles, "hotline")
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error {
	err := s.deductions.Close()
	if oerr := s.outcomes.Close(); err == nil {
		err = oerr
	}
	return err
}

// chunks calls fn with consecutive slices of at most n elements of xs: it
// bounds the IN lists of the existence lookups.
func chunks[T any](xs []T, n int, fn func([]T) error) error {
	for len(xs) > 0 {
		k := min(n, len(xs))
		if err := fn(xs[:k]); err != nil {
			return err
		}
		xs = xs[k:]
	}
	return nil
}
