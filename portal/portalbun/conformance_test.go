package portalbun_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalbun"
	"github.com/govops-kit/govops/portal/storetest"
)

// MustOpenStore returns a migrated Store over a fresh database of dialect.
func MustOpenStore(tb testing.TB, dialect string) (*portalbun.Store, *bun.DB) {
	tb.Helper()
	db := dbtest.Open(tb, dialect)
	st, err := portalbun.Open(tb.Context(), db)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, db
}

// harness gives each subtest a fresh, migrated database of one dialect.
type harness struct{ dialect string }

func (h harness) MakeStore(_ context.Context, t testing.TB) (portal.Store, error) {
	st, _ := MustOpenStore(t, h.dialect)
	return st, nil
}

func (harness) Close() {}

func (h harness) Dialect() string { return h.dialect }

func maker(dialect string) storetest.HarnessMaker {
	return func(context.Context, testing.TB) (storetest.Harness, error) { return harness{dialect}, nil }
}

func TestConformance(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dbtest.DSN(t, d) // skip (or fail on CI) before anything runs
			storetest.RunConformanceTests(t, maker(d))
		})
	}
}

func TestStore_Migrate(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			t.Run("Twice", func(t *testing.T) {
				st, db := MustOpenStore(t, d)
				if err := st.Migrate(t.Context()); err != nil {
					t.Fatalf("second Migrate: %v", err)
				}
				var names []string
				err := db.NewSelect().TableExpr(portalbun.MigrationsTable).Column("name").OrderExpr("name ASC").Scan(t.Context(), &names)
				if err != nil || len(names) != 2 || names[len(names)-1] != portalbun.SchemaVersion {
					t.Fatalf("%s holds %v (%v), want the 2 migrations, the last %s", portalbun.MigrationsTable, names, err, portalbun.SchemaVersion)
				}
			})
			t.Run("Concurrent", func(t *testing.T) {
				dbtest.RequireConcurrentMigrate(t, d, portalbun.MigrationLocksTable, func(ctx context.Context, db *bun.DB) error {
					return portalbun.New(db).Migrate(ctx)
				})
			})
		})
	}
}
