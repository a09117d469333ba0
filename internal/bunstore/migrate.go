package bunstore

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"

	"github.com/govops-kit/govops"
)

// LockWait bounds how long Migrate waits for another process that holds the
// migration lock.
const LockWait = 2 * time.Minute

// MigrationTables returns the names of the tables in which Migrate records
// the migrations of name and takes its lock: NAME_migrations and
// NAME_migration_locks, apart from a host application's own.
func MigrationTables(name string) (migrations, locks string) {
	return name + "_migrations", name + "_migration_locks"
}

// Migrate applies the SQL migrations found in files under
// migrations/sqlite, migrations/pg or migrations/mysql (by db's dialect)
// with bun's migrator, recording them in name's tables (MigrationTables).
// Several processes may call it at once: they take turns through bun's
// lock, and Migrate waits up to LockWait for a holder, retrying the races
// that processes starting together provoke. Every error is EINTERNAL and
// names the package.
func Migrate(ctx context.Context, db *bun.DB, files fs.FS, name string) error {
	var dir string
	switch db.Dialect().Name() {
	case dialect.SQLite:
		dir = "migrations/sqlite"
	case dialect.PG:
		dir = "migrations/pg"
	case dialect.MySQL:
		dir = "migrations/mysql"
	default:
		return govops.Errorf(govops.EINTERNAL, "%s: dialect %s is not supported; use SQLite, PostgreSQL or MySQL", name, db.Dialect().Name())
	}
	sub, err := fs.Sub(files, dir)
	if err != nil {
		return govops.Errorf(govops.EINTERNAL, "%s: migrations: %w", name, err)
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return govops.Errorf(govops.EINTERNAL, "%s: read migrations: %w", name, err)
	}
	table, locks := MigrationTables(name)
	m := migrate.NewMigrator(db, ms,
		migrate.WithTableName(table),
		migrate.WithLocksTableName(locks),
		migrate.WithMarkAppliedOnSuccess(true))
	if err := lock(ctx, m, name); err != nil {
		return err
	}
	_, err = m.Migrate(ctx)
	// Unlock even when ctx has ended, or every later Migrate would wait.
	if uerr := m.Unlock(context.WithoutCancel(ctx)); uerr != nil && err == nil {
		err = fmt.Errorf("release the lock in %s: %w", locks, uerr)
	}
	if err != nil {
		return govops.Errorf(govops.EINTERNAL, "%s: migrate: %w", name, err)
	}
	return nil
}

// lock creates bun's bookkeeping tables and takes its lock, waiting while
// another process holds it: bun's lock is a row insert that fails at once
// when the row exists.
func lock(ctx context.Context, m *migrate.Migrator, name string) error {
	table, locks := MigrationTables(name)
	deadline := time.Now().Add(LockWait)
	delay := 20 * time.Millisecond
	for {
		err := m.Init(ctx)
		if err == nil {
			if err = m.Lock(ctx); err == nil {
				return nil
			}
		}
		if !IsTransient(err) {
			return govops.Errorf(govops.EINTERNAL, "%s: migrate: %w", name, err)
		}
		if time.Now().After(deadline) {
			return govops.Errorf(govops.EINTERNAL,
				"%s: migrate: could not take the migration lock within %s (%w); if no other process is migrating, delete the row of %s from %s",
				name, LockWait, err, table, locks)
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return govops.Errorf(govops.EINTERNAL, "%s: migrate: %w", name, ctx.Err())
		case <-t.C:
		}
		delay = min(delay*2, time.Second)
	}
}
