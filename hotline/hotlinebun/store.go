// Package hotlinebun is the bun implementation of hotline.Store, for
// SQLite, PostgreSQL (and KingbaseES, openGauss) and MySQL/MariaDB (and
// TiDB, OceanBase).
//
// Its schema lives in embedded SQL migrations, one set per dialect,
// recorded in their own table (hotline_migrations) so that they sit beside a
// host application's bun migrations. Monthly counts are single GROUP BY
// queries, each served by a covering index that leads with the month:
// callbacks (month, department, result), outcomes (month, department and
// the six flags, stored as 0/1 SMALLINTs so that SUM works everywhere), and
// deductions (month, department, points, status). Points and scores are
// stored as exact decimal text and summed in Go after grouping, because
// SQLite has no exact decimal type. Bulk inserts are chunked multi-row
// INSERTs in one transaction. Whether a deduction's appeal window is
// provisional is a BOOLEAN, indexed with the status so that the
// recomputation after a holiday notice reads only the few that are.
package hotlinebun

import (
	"context"
	"database/sql"
	"embed"
	"errors"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunmigrate"
	"github.com/govops-kit/govops/internal/sqldb"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "hotline_migrations"
	MigrationLocksTable = "hotline_migration_locks"
)

// SchemaVersion names the newest migration; a cached database built by an
// older schema has a different one.
const SchemaVersion = "20261201000001"

// bulkChunk is how many rows one multi-row INSERT carries. bun inlines the
// values, so the bound is the statement size (about 200 KB), not a
// parameter limit.
const bulkChunk = 1000

//go:embed migrations
var migrationFiles embed.FS

// Store is the bun implementation of hotline.Store. It is safe for
// concurrent use.
type Store struct {
	db      *bun.DB
	dialect dialect.Name
}

var _ hotline.Store = (*Store)(nil)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB) *Store {
	return &Store{db: db, dialect: db.Dialect().Name()}
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
	return bunmigrate.Run(ctx, s.db, migrationFiles, "hotline")
}

// internal wraps a database failure as EINTERNAL, naming the operation.
func internal(op string, err error) error {
	return govops.Errorf(govops.EINTERNAL, "hotlinebun: %s: %w", op, err)
}

// writeErr maps a write failure: a unique violation becomes ECONFLICT with
// the given message, anything else EINTERNAL. A *govops.Error passes
// through.
func writeErr(op string, err error, conflict string) error {
	var ge *govops.Error
	if errors.As(err, &ge) {
		return err
	}
	if sqldb.IsUniqueViolation(err) {
		return govops.Errorf(govops.ECONFLICT, "%s", conflict)
	}
	return internal(op, err)
}

func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// chunks calls fn with consecutive slices of at most n elements of xs.
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
