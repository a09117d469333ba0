// Package datasharebun is the bun implementation of datashare.Store, for
// SQLite, PostgreSQL (and KingbaseES, openGauss) and MySQL/MariaDB (and
// TiDB, OceanBase).
//
// Open a *bun.DB with dbopen, which picks the dialect and driver from the
// DSN, then call Open, which runs the migrations:
//
//	db, err := dbopen.Open("govops.db") // or "postgres://…", "mysql://…"
//	if err != nil { … }
//	store, err := datasharebun.Open(ctx, db)
//
// Its schema lives in embedded SQL migrations, one set per dialect, in the
// tables datashare_catalogs, datashare_batches, datashare_records,
// datashare_requests and datashare_events, with the summaries below,
// recorded in their own table (datashare_migrations) so that they sit
// beside a host application's bun migrations. Codes compare byte for byte on every dialect (COLLATE "C" on
// PostgreSQL, VARBINARY on MySQL, whose utf8mb4_bin would ignore trailing
// spaces).
//
// # Mounting
//
// A mount never holds the database: each Write of its MountWriter is one
// short transaction, which touches the batch and inserts the chunk (on
// SQLite with chunked multi-row INSERTs, on PostgreSQL with one COPY, on
// MySQL with multi-row INSERTs sized to the server's max_allowed_packet),
// so that on SQLite, whose one connection the whole server shares, other
// requests run between the chunks of a mount of a million rows. The records
// of a batch are nonetheless invisible until it commits, because every read
// of records joins them to their batch and keeps those of committed batches
// only. Commit is one transaction: the versioned status change of the batch
// (…WHERE id = ? AND version = ? AND status = 'loading'), the replacement
// of the entry's other committed batches when asked, the count of the
// entry's keys (KeyRows, KeyDistinct) and the events. Commits of one entry
// take turns on its row, so that each counts the keys of those before it.
//
// Abort and AbortMount change the status in one transaction with the
// events; the records of the failed batch, and those of replaced batches
// after a Commit, are then deleted in chunks of DeleteChunk rows, each its
// own statement, so that no delete holds SQLite for long. Whatever a
// process that died during the deletion leaves is invisible, and deleted by
// the next one of the same entry.
//
// On SQLite the writer binds the values of its multi-row INSERTs rather
// than writing them into the SQL text, and mounts 699,735 records of eight
// items (about 250 bytes of JSON each) in about 10 s, at 1.4 to 2 times
// the rate of bun's multi-row INSERTs of the same rows into the same
// table; on PostgreSQL, a COPY a chunk, in 8 to 11 s, at 1.0 to 1.4 times
// the rate of one bare COPY of them all (BenchmarkMountWrite with
// GOVOPS_BENCH_ROWS=699735).
//
// # Summaries
//
// What the metrics and the quality report count of the committed batches
// comes from three summary tables, read in place of the batches: the
// records of each entry (datashare_mount_summary), the item statistics of
// each entry and item (datashare_item_summary), and the records of each
// department, status and month (datashare_month_summary), an entry's
// records counting where the entry stands. Commit adds its batch and takes
// away those it replaces, as the last statements of its transaction, after
// it has locked the entry's row and read its department and status;
// UpdateCatalog locks and reads the entry's row first and, when the entry
// moves to another department or status, moves the records of its
// committed batches (read under that lock) between months' rows last. So
// every writer of an entry's summaries holds the entry's row first, and
// Commits and moves of one entry take turns. MountTotals then reads one
// row per entry and per department and month; MountStats one row per entry
// and per item, and each entry's latest committed batch through the index
// on (catalog_id, status, finished_at, id). The Store implements
// govops.SummaryKeeper: RepairSummaries recounts each summary from the
// committed batches (the item statistics read out of their JSON, the
// month as Asia/Shanghai's) and compares, or replaces, it.
//
// Over a big city's catalog, 3,000 entries and about 120,000 committed
// batches (BenchmarkReportsCity, one run on a shared 2-core machine),
// Service.Metrics took 126 ms on SQLite, 117 ms on PostgreSQL and 183 ms
// on MySQL against 3.4 s, 2.7 s and 3.9 s when it read every committed
// batch, and Service.Quality 315 ms, 367 ms and 570 ms against 3.2 s,
// 3.5 s and 3.9 s; what remains is mostly the listing of the entries.
// RepairSummaries' check of that catalog took 6.0 s, 2.5 s and 21 s. A
// Commit takes 1.1 to 1.2 times as long as it did without the summaries,
// and a move of an entry with ten batches 1.5 to 3 times
// (BenchmarkSummaryWrite).
//
// Codes, department codes and record keys are at most 255 bytes on MySQL
// (VARBINARY(255)), and a record's data at most 16 MiB (MEDIUMTEXT).
package datasharebun

import (
	"context"
	"embed"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/bunstore"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "datashare_migrations"
	MigrationLocksTable = "datashare_migration_locks"
)

// SchemaVersion names the newest migration.
const SchemaVersion = "20261230000002"

// DeleteChunk is how many records one statement deletes when a failed or
// replaced batch's records go.
const DeleteChunk = 50_000

//go:embed migrations
var migrationFiles embed.FS

// errs maps the Store's database failures onto govops codes.
const errs bunstore.Errors = "datasharebun"

// Store is the bun implementation of datashare.Store. It is safe for
// concurrent use.
type Store struct {
	db      *bun.DB
	dialect dialect.Name

	// Each writes one thing or one change with its events through
	// prepared statements.
	catalogs *bunstore.Versioned[catalogRow, eventRow]
	requests *bunstore.Versioned[requestRow, eventRow]

	// MySQL only: how long one INSERT of records may be, read from the
	// server once.
	packet mysqlPacket

	// deleteChunk is DeleteChunk, but in tests.
	deleteChunk int

	// unsummarized, set only by the write benchmark's baseline, makes
	// Commit and UpdateCatalog write as they did before the summaries.
	unsummarized bool
}

var _ datashare.Store = (*Store)(nil)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB) *Store {
	return &Store{db: db, dialect: db.Dialect().Name(), deleteChunk: DeleteChunk,
		catalogs: bunstore.NewVersioned[catalogRow, eventRow](db, errs),
		requests: bunstore.NewVersioned[requestRow, eventRow](db, errs)}
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

// Migrate creates or upgrades the datashare tables. It is safe to run on
// every start, and by several processes at once: they take turns through
// bun's migration lock (the datashare_migration_locks table), and every
// statement is idempotent. If a process died while holding the lock,
// Migrate fails after two minutes naming the row to delete.
func (s *Store) Migrate(ctx context.Context) error {
	return bunstore.Migrate(ctx, s.db, migrationFiles, "datashare")
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error {
	err := s.catalogs.Close()
	if rerr := s.requests.Close(); err == nil {
		err = rerr
	}
	return err
}

// alive returns EINTERNAL when ctx is done: a call with a cancelled context
// does nothing, even one that would not reach the database.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "datasharebun: %w", err)
	}
	return nil
}

// taken is the message of a write that a unique index refused.
func taken(what string) bunstore.Refusal {
	return bunstore.Conflict("%s is taken; nothing was written", what)
}

// contains is the SQL condition that column contains the argument exactly,
// with no wildcard in it.
func (s *Store) contains(column string) string {
	if s.dialect == dialect.PG {
		return "strpos(" + column + ", ?) > 0"
	}
	return "instr(" + column + ", ?) > 0"
}
