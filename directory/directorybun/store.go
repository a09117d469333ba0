// Package directorybun is the bun implementation of directory.Store, for
// SQLite, PostgreSQL (and KingbaseES, openGauss) and MySQL/MariaDB (and
// TiDB, OceanBase).
//
// Open a *bun.DB with dbopen, which picks the dialect and driver from the
// DSN, then call Open, which runs the migrations:
//
//	db, err := dbopen.Open("govops.db") // or "postgres://…", "mysql://…"
//	if err != nil { … }
//	store, err := directorybun.Open(ctx, db)
//
// Its schema lives in embedded SQL migrations, one set per dialect, in the
// tables directory_departments and directory_events, recorded in their own
// table (directory_migrations) so that they sit beside a host application's
// bun migrations. A code is unique twice over: exactly, for lookups and
// pages in code order, and lower-cased, so that codes differ in more than
// letter case (an index on lower(code) on SQLite and PostgreSQL, a stored
// generated column with a unique key on MySQL, which before 8.0.13 has no
// index on an expression). Codes compare byte-wise on every dialect
// (COLLATE "C" on PostgreSQL, utf8mb4_bin on MySQL).
//
// A department's events are rows of the one shape every trail shares
// (internal/bunstore EventRow) beside the department's ID. A single
// department and each change are written through statements prepared once
// per Store, which Close releases; a batch is chunked multi-row INSERTs in
// one transaction. Counts is one GROUP BY.
package directorybun

import (
	"context"
	"embed"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/bunstore"
)

// Names of the tables in which Migrate records its own progress, kept apart
// from a host application's bun migrations.
const (
	MigrationsTable     = "directory_migrations"
	MigrationLocksTable = "directory_migration_locks"
)

// SchemaVersion names the newest migration.
const SchemaVersion = "20261215000001"

//go:embed migrations
var migrationFiles embed.FS

// errs maps the Store's database failures onto govops codes.
const errs bunstore.Errors = "directorybun"

// Store is the bun implementation of directory.Store. It is safe for
// concurrent use.
type Store struct {
	db      *bun.DB
	dialect dialect.Name

	// departments writes one department or one change with its events
	// through prepared statements.
	departments *bunstore.Versioned[departmentRow, eventRow]
}

var _ directory.Store = (*Store)(nil)

// New returns a Store over db. Call Migrate once before using it.
func New(db *bun.DB) *Store {
	return &Store{db: db, dialect: db.Dialect().Name(),
		departments: bunstore.NewVersioned[departmentRow, eventRow](db, errs)}
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

// Migrate creates or upgrades the directory tables. It is safe to run on
// every start, and by several processes at once: they take turns through
// bun's migration lock (the directory_migration_locks table), and every
// statement is idempotent. If a process died while holding the lock,
// Migrate fails after two minutes naming the row to delete.
func (s *Store) Migrate(ctx context.Context) error {
	return bunstore.Migrate(ctx, s.db, migrationFiles, "directory")
}

// Close releases the Store's prepared statements. It does not close the
// *bun.DB, which belongs to the caller; a Store used after Close prepares
// its statements again.
func (s *Store) Close() error { return s.departments.Close() }
