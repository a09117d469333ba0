package govcasebun

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"sync"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunmigrate"
	"github.com/govops-kit/govops/internal/sqldb"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "govcase_migrations"
	MigrationLocksTable = "govcase_migration_locks"
)

//go:embed migrations
var migrationFiles embed.FS

// Store is the bun implementation of govcase.Store for SQLite, PostgreSQL
// and MySQL/MariaDB. It is safe for concurrent use.
type Store struct {
	db      *bun.DB
	dialect dialect.Name

	seqBlock int64
	seqMu    sync.Mutex
	seqs     map[int]seqBlock // year → numbers reserved and not yet handed out

	stmtMu   sync.Mutex
	prepared *writeStmts // nil until the first write; see stmts
}

// seqBlock is a run of reserved case numbers: next..last.
type seqBlock struct{ next, last int64 }

// DefaultSeqBlock is how many case numbers a Store reserves at a time.
const DefaultSeqBlock = 10

// Option configures a Store.
type Option func(*Store)

// WithSeqBlock sets how many case numbers the Store reserves per trip to the
// database. 1 reserves each number alone: no gaps when a process stops, at
// the cost of one more write per case. Larger blocks make case creation
// cheaper; numbers from several processes then interleave by block.
func WithSeqBlock(n int) Option {
	return func(s *Store) {
		if n >= 1 {
			s.seqBlock = int64(n)
		}
	}
}

var _ govcase.Store = (*Store)(nil)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB, opts ...Option) *Store {
	s := &Store{db: db, dialect: db.Dialect().Name(), seqBlock: DefaultSeqBlock, seqs: map[int]seqBlock{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Open returns a Store over db with its schema migrated.
func Open(ctx context.Context, db *bun.DB, opts ...Option) (*Store, error) {
	s := New(db, opts...)
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Migrate creates or upgrades the govcase tables. It is safe to run on every
// start, and by several processes at once: they take turns through bun's
// migration lock (the govcase_migration_locks table), and every statement
// is idempotent. If a process died while holding the lock, Migrate fails
// after two minutes naming the row to delete.
func (s *Store) Migrate(ctx context.Context) error {
	return bunmigrate.Run(ctx, s.db, migrationFiles, "govcase")
}

// internal wraps a database failure as EINTERNAL, naming the operation.
func internal(op string, err error) error {
	return govops.Errorf(govops.EINTERNAL, "govcasebun: %s: %w", op, err)
}

// noRows reports whether err says a single-row query found nothing.
func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// dbErr maps a write failure: a unique violation becomes ECONFLICT with msg,
// anything else EINTERNAL.
func dbErr(op string, err error, conflict string) error {
	if sqldb.IsUniqueViolation(err) {
		return govops.Errorf(govops.ECONFLICT, "%s", conflict)
	}
	return internal(op, err)
}

// exists reports whether a row of table has the given id.
func exists(ctx context.Context, db bun.IDB, table, id string) (bool, error) {
	return db.NewSelect().TableExpr(table).Where("id = ?", id).Exists(ctx)
}
