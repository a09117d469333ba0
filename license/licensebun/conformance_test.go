package licensebun_test

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensebun"
	"github.com/govops-kit/govops/license/storetest"
)

// MustOpenStore returns a migrated Store over a fresh database of dialect.
func MustOpenStore(tb testing.TB, dialect string) (*licensebun.Store, *bun.DB) {
	tb.Helper()
	db := dbtest.Open(tb, dialect)
	st, err := licensebun.Open(tb.Context(), db)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, db
}

// harness gives each subtest a fresh, migrated database of one dialect.
type harness struct{ dialect string }

func (h harness) MakeStore(_ context.Context, t testing.TB) (license.Store, error) {
	st, _ := MustOpenStore(t, h.dialect)
	return st, nil
}

func (harness) Close() {}

func maker(dialect string) storetest.HarnessMaker {
	return func(context.Context, testing.TB) (storetest.Harness, error) { return harness{dialect}, nil }
}

func TestConformance(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dbtest.DSN(t, d) // skip (or fail on CI) before anything runs
			t.Cleanup(func() { dbtest.Record(t, "license", d) })
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
				err := db.NewSelect().TableExpr(licensebun.MigrationsTable).Column("name").OrderExpr("name ASC").Scan(t.Context(), &names)
				want := []string{"20261220000001", licensebun.SchemaVersion}
				if err != nil || strings.Join(names, " ") != strings.Join(want, " ") {
					t.Fatalf("%s holds %v (%v), want the migrations %v, each once", licensebun.MigrationsTable, names, err, want)
				}
			})
			t.Run("Concurrent", func(t *testing.T) {
				dbtest.RequireConcurrentMigrate(t, d, licensebun.MigrationLocksTable, func(ctx context.Context, db *bun.DB) error {
					return licensebun.New(db).Migrate(ctx)
				})
			})
		})
	}
}
