package bunstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

// TestGet reads rows with the prepared select of Get: what bun stored
// comes back equal, by any column; a missing row is the NotFound refusal;
// a column the row struct lacks is EINTERNAL.
func TestGet(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		db := MustOpenDB(t, dialect)
		v := bunstore.NewVersioned[itemRow, itemEventRow](db, errs)
		t.Cleanup(func() { v.Close() })
		ctx := t.Context()
		at := time.Date(2022, 10, 8, 1, 2, 3, 456789000, time.UTC)
		if err := v.Create(ctx, &itemRow{ID: "a", Name: "alpha", At: at, Version: 1}, []itemEventRow{event("a", 1)}); err != nil {
			t.Fatal(err)
		}
		want, _ := stored(t, db, "a")
		for range 2 { // the second read runs the statement prepared by the first
			var got itemRow
			if err := v.Get(ctx, &got, "id", "a"); err != nil {
				t.Fatal(err)
			}
			if got.ID != want.ID || got.Name != want.Name || !got.At.Equal(want.At) || got.Version != want.Version {
				t.Fatalf("Get = %+v, bun reads %+v", got, want)
			}
		}
		var byName itemRow
		if err := v.Get(ctx, &byName, "name", "alpha"); err != nil || byName.ID != "a" {
			t.Fatalf("Get by name = %+v, %v", byName, err)
		}
		var none itemRow
		err := v.Get(ctx, &none, "id", "zz", bunstore.NotFound("item %s not found", "zz"))
		if govops.ErrorCode(err) != govops.ENOTFOUND || !strings.Contains(err.Error(), "item zz not found") {
			t.Fatalf("Get of a missing row: %v", err)
		}
		if err := v.Get(ctx, &none, "nope", "a"); govops.ErrorCode(err) != govops.EINTERNAL {
			t.Fatalf("Get by an unknown column: %v, want EINTERNAL", err)
		}
	})
}
