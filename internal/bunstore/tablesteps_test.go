package bunstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

func TestTable_WithSteps(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		db := MustOpenDB(t, dialect)
		items := bunstore.NewTable[itemRow](db, errs)
		t.Cleanup(func() { items.Close() })
		ctx := t.Context()
		// The steps record what they saw, in the write's transaction: the
		// name before the write and the name after it.
		var before, after []string
		name := func(ctx context.Context, tx bun.IDB, id string) string {
			var n string
			if err := tx.NewSelect().TableExpr("kit_items").Column("name").Where("id = ?", id).Scan(ctx, &n); err != nil {
				return "(none)"
			}
			return n
		}
		steps := func(id string) bunstore.Steps {
			return bunstore.Steps{
				Before: func(ctx context.Context, tx bun.IDB) error { before = append(before, name(ctx, tx, id)); return nil },
				After:  func(ctx context.Context, tx bun.IDB) error { after = append(after, name(ctx, tx, id)); return nil },
			}
		}
		if err := items.InsertWith(ctx, &itemRow{ID: "s1", Name: "one", Version: 1}, steps("s1")); err != nil {
			t.Fatal(err)
		}
		if err := items.UpdateWith(ctx, &itemRow{ID: "s1", Name: "two", Version: 2}, steps("s1")); err != nil {
			t.Fatal(err)
		}
		if want := []string{"(none)", "one"}; !equal(before, want) {
			t.Fatalf("Before saw %v, want %v", before, want)
		}
		if want := []string{"one", "two"}; !equal(after, want) {
			t.Fatalf("After saw %v, want %v", after, want)
		}

		t.Run("ErrStale", func(t *testing.T) {
			err := items.UpdateWith(ctx, &itemRow{ID: "s1", Name: "three", Version: 2}, steps("s1"), refusals("s1", 1)...)
			wantMessage(t, err, govops.ECONFLICT, "item s1 was changed since version 1")
		})
		t.Run("ErrAfterWritesNothing", func(t *testing.T) {
			fail := bunstore.Steps{After: func(context.Context, bun.IDB) error { return errors.New("summary refused") }}
			wantCode(t, items.InsertWith(ctx, &itemRow{ID: "s2", Name: "s2", Version: 1}, fail), govops.EINTERNAL)
			wantCode(t, items.UpdateWith(ctx, &itemRow{ID: "s1", Name: "four", Version: 3}, fail), govops.EINTERNAL)
			if n, _ := db.NewSelect().Model((*itemRow)(nil)).Where("id = ?", "s2").Count(ctx); n != 0 {
				t.Fatal("an insert whose After step failed was kept")
			}
			if got, _ := stored(t, db, "s1"); got.Name != "two" || got.Version != 2 {
				t.Fatalf("an update whose After step failed was kept: %+v", got)
			}
		})
		t.Run("ErrBeforeRefuses", func(t *testing.T) {
			refuse := bunstore.Steps{Before: func(context.Context, bun.IDB) error {
				return govops.Errorf(govops.ECONFLICT, "refused before")
			}}
			wantMessage(t, items.UpdateWith(ctx, &itemRow{ID: "s1", Name: "five", Version: 3}, refuse), govops.ECONFLICT, "refused before")
		})
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
