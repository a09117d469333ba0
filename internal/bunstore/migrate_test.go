package bunstore_test

import (
	"sync"
	"testing"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

func TestMigrate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		db := dbtest.Open(t, dialect)
		ctx := t.Context()
		// Processes that start together take turns through the lock.
		errs := make([]error, 3)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() { errs[i] = bunstore.Migrate(ctx, db, kitMigrations(), "kittest") })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("Migrate %d: %v", i, err)
			}
		}
		if err := bunstore.Migrate(ctx, db, kitMigrations(), "kittest"); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		table, locks := bunstore.MigrationTables("kittest")
		if table != "kittest_migrations" || locks != "kittest_migration_locks" {
			t.Fatalf("MigrationTables = %s, %s", table, locks)
		}
		var names []string
		if err := db.NewSelect().TableExpr(table).Column("name").Scan(ctx, &names); err != nil {
			t.Fatal(err)
		}
		if len(names) != 1 || names[0] != "20250101000001" {
			t.Fatalf("%s holds %v, want the one migration once", table, names)
		}
		n, err := db.NewSelect().TableExpr(locks).Count(ctx)
		if err != nil || n != 0 {
			t.Fatalf("%s holds %d rows (%v) after Migrate, want the lock released", locks, n, err)
		}
	})
}
