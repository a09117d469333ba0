package govcasebun

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/driver/pgdriver"
	"github.com/uptrace/bun/migrate"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "govcase_migrations"
	MigrationLocksTable = "govcase_migration_locks"
)

// migrationLockWait bounds how long Migrate waits for another process that
// holds the migration lock before it gives up (unless ctx ends sooner).
const migrationLockWait = 2 * time.Minute

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
	sub, err := s.migrationDir()
	if err != nil {
		return err
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return govops.Errorf(govops.EINTERNAL, "govcasebun: read migrations: %w", err)
	}
	m := migrate.NewMigrator(s.db, ms,
		migrate.WithTableName(MigrationsTable),
		migrate.WithLocksTableName(MigrationLocksTable),
		migrate.WithMarkAppliedOnSuccess(true))

	if err := s.lockMigrations(ctx, m); err != nil {
		return err
	}
	_, err = m.Migrate(ctx)
	// Unlock even when ctx has ended, or every later Migrate would wait.
	if uerr := m.Unlock(context.WithoutCancel(ctx)); uerr != nil && err == nil {
		err = fmt.Errorf("release the lock in %s: %w", MigrationLocksTable, uerr)
	}
	if err != nil {
		return govops.Errorf(govops.EINTERNAL, "govcasebun: migrate: %w", err)
	}
	return nil
}

func (s *Store) migrationDir() (fs.FS, error) {
	var dir string
	switch s.dialect {
	case dialect.SQLite:
		dir = "migrations/sqlite"
	case dialect.PG:
		dir = "migrations/pg"
	case dialect.MySQL:
		dir = "migrations/mysql"
	default:
		return nil, govops.Errorf(govops.EINTERNAL, "govcasebun: dialect %s is not supported; use SQLite, PostgreSQL or MySQL", s.dialect)
	}
	sub, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "govcasebun: migrations: %w", err)
	}
	return sub, nil
}

// lockMigrations creates bun's bookkeeping tables and takes its lock,
// waiting while another process holds it. bun's lock is a row insert that
// fails at once when the row exists, so waiting is done here.
func (s *Store) lockMigrations(ctx context.Context, m *migrate.Migrator) error {
	deadline := time.Now().Add(migrationLockWait)
	delay := 20 * time.Millisecond
	for {
		// Init runs CREATE TABLE IF NOT EXISTS, which PostgreSQL may
		// still reject with a unique violation when two processes race
		// on it; retrying then sees the table.
		err := m.Init(ctx)
		if err == nil {
			err = m.Lock(ctx)
			if err == nil {
				return nil
			}
		}
		if !isMigrationRace(err) {
			// Not a race with another process: waiting will not help.
			return govops.Errorf(govops.EINTERNAL, "govcasebun: migrate: %w", err)
		}
		if ctx.Err() != nil {
			return govops.Errorf(govops.EINTERNAL, "govcasebun: migrate: %w", ctx.Err())
		}
		if time.Now().After(deadline) {
			return govops.Errorf(govops.EINTERNAL,
				"govcasebun: migrate: could not take the migration lock within %s (%w); if no other process is migrating, delete the row of %s from %s",
				migrationLockWait, err, MigrationsTable, MigrationLocksTable)
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return govops.Errorf(govops.EINTERNAL, "govcasebun: migrate: %w", ctx.Err())
		case <-t.C:
		}
		delay = min(delay*2, time.Second)
	}
}

// internal wraps a database failure as EINTERNAL, naming the operation.
func internal(op string, err error) error {
	return govops.Errorf(govops.EINTERNAL, "govcasebun: %s: %w", op, err)
}

// isUniqueViolation reports whether err is a duplicate key error of any of
// the three dialects (PostgreSQL 23505, MySQL 1062, SQLite UNIQUE/PRIMARY
// KEY constraint).
func isUniqueViolation(err error) bool {
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		return pgErr.Field('C') == "23505"
	}
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		return myErr.Number == 1062
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed") ||
		strings.Contains(msg, "SQLSTATE 23505") || strings.Contains(msg, "Error 1062")
}

// isMigrationRace reports whether err is what a process sees when another
// one creates bun's migration tables or holds its lock at the same moment:
// a duplicate key or object (PostgreSQL may reject a concurrent CREATE
// TABLE IF NOT EXISTS), a deadlock or serialization failure (MySQL may
// pick the lock insert as a deadlock victim), or SQLite's busy database.
func isMigrationRace(err error) bool {
	if isUniqueViolation(err) {
		return true
	}
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		switch pgErr.Field('C') {
		case "42P07", "42710", "40P01", "40001":
			return true
		}
		return false
	}
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		switch myErr.Number {
		case 1050, 1205, 1213:
			return true
		}
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "already exists") || strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// noRows reports whether err says a single-row query found nothing.
func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// dbErr maps a write failure: a unique violation becomes ECONFLICT with msg,
// anything else EINTERNAL.
func dbErr(op string, err error, conflict string) error {
	if isUniqueViolation(err) {
		return govops.Errorf(govops.ECONFLICT, "%s", conflict)
	}
	return internal(op, err)
}

// exists reports whether a row of table has the given id.
func exists(ctx context.Context, db bun.IDB, table, id string) (bool, error) {
	return db.NewSelect().TableExpr(table).Where("id = ?", id).Exists(ctx)
}
