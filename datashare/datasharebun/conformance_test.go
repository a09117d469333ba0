package datasharebun_test

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/datashare/storetest"
	"github.com/govops-kit/govops/internal/dbtest"
)

// MustOpenStore returns a migrated Store over a fresh database of dialect.
func MustOpenStore(tb testing.TB, dialect string) (*datasharebun.Store, *bun.DB) {
	tb.Helper()
	db := dbtest.Open(tb, dialect)
	st, err := datasharebun.Open(tb.Context(), db)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, db
}

// harness gives each subtest a fresh, migrated database of one dialect.
// Its writers commit each chunk on its own and hold nothing between calls:
// it has the capability of open mounts.
type harness struct{ dialect string }

func (h harness) MakeStore(_ context.Context, t testing.TB) (datashare.Store, error) {
	st, _ := MustOpenStore(t, h.dialect)
	return st, nil
}

func (harness) Close() {}

func (h harness) Dialect() string { return h.dialect }

func (harness) Supports(capability string) bool { return capability == storetest.CapOpenMounts }

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
				err := db.NewSelect().TableExpr(datasharebun.MigrationsTable).Column("name").OrderExpr("name ASC").Scan(t.Context(), &names)
				want := []string{"20261230000001", datasharebun.SchemaVersion}
				if err != nil || strings.Join(names, " ") != strings.Join(want, " ") {
					t.Fatalf("%s holds %v (%v), want the migrations %v, each once", datasharebun.MigrationsTable, names, err, want)
				}
			})
			t.Run("Concurrent", func(t *testing.T) {
				dbtest.RequireConcurrentMigrate(t, d, datasharebun.MigrationLocksTable, func(ctx context.Context, db *bun.DB) error {
					return datasharebun.New(db).Migrate(ctx)
				})
			})
		})
	}
}
