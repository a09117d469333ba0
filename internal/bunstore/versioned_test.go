package bunstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

// refusals are the messages of the item writes.
func refusals(id string, stored int64) []bunstore.Refusal {
	return []bunstore.Refusal{
		bunstore.NotFound("item %s not found", id),
		bunstore.Stale("item %s was changed since version %d", id, stored),
		bunstore.Conflict("item %s: name or event taken", id),
	}
}

// event returns the event that takes item id to version seq.
func event(id string, seq int64) itemEventRow {
	return itemEventRow{ID: fmt.Sprintf("%s-e%d", id, seq), ItemID: id, Seq: seq}
}

// stored returns the stored item id and the number of its events.
func stored(tb testing.TB, db bun.IDB, id string) (itemRow, int64) {
	tb.Helper()
	var row itemRow
	if err := db.NewSelect().Model(&row).Where("id = ?", id).Scan(tb.Context()); err != nil {
		tb.Fatalf("read item %s: %v", id, err)
	}
	n, err := db.NewSelect().Model((*itemEventRow)(nil)).Where("item_id = ?", id).Count(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	return row, n
}

func TestVersioned(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		db := MustOpenDB(t, dialect)
		v := bunstore.NewVersioned[itemRow, itemEventRow](db, errs)
		t.Cleanup(func() { v.Close() })
		ctx := t.Context()
		at := time.Date(2022, 10, 8, 1, 2, 3, 456789000, time.UTC)
		a := &itemRow{ID: "a", Name: "alpha", At: at, Version: 1}
		if err := v.Create(ctx, a, []itemEventRow{event("a", 1)}); err != nil {
			t.Fatal(err)
		}
		b := &itemRow{ID: "b", Name: "beta", Version: 1}
		if err := v.Create(ctx, b, []itemEventRow{event("b", 1)}); err != nil {
			t.Fatal(err)
		}

		t.Run("CreateStoresWhatBunReads", func(t *testing.T) {
			got, n := stored(t, db, "a")
			if got.Name != "alpha" || !got.At.Equal(at) || got.Version != 1 || n != 1 {
				t.Fatalf("stored %+v with %d events", got, n)
			}
			got, _ = stored(t, db, "b")
			if !got.At.IsZero() {
				t.Fatalf("a zero nullzero time was stored as %v, want NULL", got.At)
			}
		})
		t.Run("ErrCreateTaken", func(t *testing.T) {
			dup := &itemRow{ID: "c", Name: "alpha", Version: 1}
			err := v.Create(ctx, dup, []itemEventRow{event("c", 1)}, refusals("c", 0)...)
			wantMessage(t, err, govops.ECONFLICT, "item c: name or event taken")
			// The event of the refused create was rolled back with it.
			if n, _ := db.NewSelect().Model((*itemEventRow)(nil)).Where("item_id = ?", "c").Count(ctx); n != 0 {
				t.Fatalf("%d events of a refused create were kept", n)
			}
		})
		t.Run("Update", func(t *testing.T) {
			next := *a
			next.Name, next.At, next.Version = "alpha2", at.Add(time.Hour), 2
			if err := v.Update(ctx, &next, []itemEventRow{event("a", 2)}, refusals("a", 1)...); err != nil {
				t.Fatal(err)
			}
			got, n := stored(t, db, "a")
			if got.Name != "alpha2" || !got.At.Equal(at.Add(time.Hour)) || got.Version != 2 || n != 2 {
				t.Fatalf("stored %+v with %d events, want alpha2 at version 2 with 2", got, n)
			}
			*a = next
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			ghost := &itemRow{ID: "ghost", Name: "ghost", Version: 2}
			wantMessage(t, v.Update(ctx, ghost, []itemEventRow{event("ghost", 2)}, refusals("ghost", 1)...),
				govops.ENOTFOUND, "item ghost not found")
			// Without refusals the kit still tells the two apart.
			wantCode(t, v.Update(ctx, ghost, nil), govops.ENOTFOUND)
			if n, _ := db.NewSelect().Model((*itemEventRow)(nil)).Where("item_id = ?", "ghost").Count(ctx); n != 0 {
				t.Fatalf("%d events of a missing item were kept", n)
			}
		})
		t.Run("ErrStale", func(t *testing.T) {
			stale := *a // version 2 again, built on version 1
			stale.Name = "stale"
			wantMessage(t, v.Update(ctx, &stale, []itemEventRow{event("a", 3)}, refusals("a", 1)...),
				govops.ECONFLICT, "item a was changed since version 1")
			wantCode(t, v.Update(ctx, &stale, nil), govops.ECONFLICT)
			got, n := stored(t, db, "a")
			if got.Name != "alpha2" || got.Version != 2 || n != 2 {
				t.Fatalf("a stale write changed the item: %+v with %d events", got, n)
			}
		})
		t.Run("ErrEventTaken", func(t *testing.T) {
			// A writer that bumps the version but reuses an event sequence
			// is caught by the unique index, and the update rolls back.
			next := *a
			next.Name, next.Version = "alpha3", 3
			wantMessage(t, v.Update(ctx, &next, []itemEventRow{{ID: "a-other", ItemID: "a", Seq: 2}}, refusals("a", 2)...),
				govops.ECONFLICT, "item a: name or event taken")
			got, n := stored(t, db, "a")
			if got.Name != "alpha2" || got.Version != 2 || n != 2 {
				t.Fatalf("a refused event kept its update: %+v with %d events", got, n)
			}
		})
		t.Run("ErrRowTaken", func(t *testing.T) {
			next := *b
			next.Name, next.Version = "alpha2", 2
			wantMessage(t, v.Update(ctx, &next, []itemEventRow{event("b", 2)}, refusals("b", 1)...),
				govops.ECONFLICT, "item b: name or event taken")
		})
		t.Run("ErrCancelled", func(t *testing.T) {
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			next := *a
			next.Version = 3
			err := v.Update(cancelled, &next, []itemEventRow{event("a", 3)}, refusals("a", 2)...)
			wantCode(t, err, govops.EINTERNAL)
			if got, _ := stored(t, db, "a"); got.Version != 2 {
				t.Fatalf("an update with a cancelled context wrote version %d", got.Version)
			}
		})
		t.Run("ConcurrentWritersOneWins", func(t *testing.T) {
			c := &itemRow{ID: "race", Name: "race", Version: 1}
			if err := v.Create(ctx, c, []itemEventRow{event("race", 1)}); err != nil {
				t.Fatal(err)
			}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Go(func() {
					next := *c
					next.Name, next.Version = fmt.Sprintf("race%d", i), 2
					errs[i] = v.Update(ctx, &next, []itemEventRow{{ID: fmt.Sprintf("race-w%d", i), ItemID: "race", Seq: 2}}, refusals("race", 1)...)
				})
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				if err == nil {
					won++
				} else {
					wantCode(t, err, govops.ECONFLICT)
				}
			}
			if won != 1 {
				t.Fatalf("%d of 2 writers from version 1 won (%v), want 1", won, errs)
			}
		})
	})
}

// TestVersioned_EventsAtomic checks that a reader never sees an item whose
// version has no matching event: each write appends one event in the
// transaction that bumps the version, so a single read of both always
// finds as many events as the version says.
func TestVersioned_EventsAtomic(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		db := MustOpenDB(t, dialect)
		v := bunstore.NewVersioned[itemRow, itemEventRow](db, errs)
		t.Cleanup(func() { v.Close() })
		ctx := t.Context()
		item := &itemRow{ID: "atomic", Name: "atomic", Version: 1}
		if err := v.Create(ctx, item, []itemEventRow{event("atomic", 1)}); err != nil {
			t.Fatal(err)
		}
		const writes = 60
		done := make(chan struct{})
		var wg sync.WaitGroup
		var writeErr error
		wg.Go(func() {
			defer close(done)
			for ver := int64(2); ver <= writes; ver++ {
				next := *item
				next.Version = ver
				if writeErr = v.Update(ctx, &next, []itemEventRow{event("atomic", ver)}); writeErr != nil {
					return
				}
			}
		})
		reads := 0
		for {
			select {
			case <-done:
			default:
				var version, events int64
				err := db.QueryRowContext(ctx,
					"SELECT version, (SELECT COUNT(*) FROM kit_item_events WHERE item_id = 'atomic') FROM kit_items WHERE id = 'atomic'").
					Scan(&version, &events)
				if err != nil {
					t.Fatal(err)
				}
				if events != version {
					t.Fatalf("a reader saw version %d with %d events", version, events)
				}
				reads++
				continue
			}
			break
		}
		wg.Wait()
		if writeErr != nil {
			t.Fatal(writeErr)
		}
		got, n := stored(t, db, "atomic")
		if got.Version != writes || n != writes {
			t.Fatalf("version %d with %d events after %d writes", got.Version, n, writes)
		}
		t.Logf("%d consistent reads during %d writes", reads, writes-1)
	})
}

func TestTable(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		db := MustOpenDB(t, dialect)
		items := bunstore.NewTable[itemRow](db, errs)
		events := bunstore.NewTable[itemEventRow](db, errs)
		t.Cleanup(func() { items.Close(); events.Close() })
		ctx := t.Context()
		if err := items.Insert(ctx, &itemRow{ID: "t1", Name: "t1", Version: 1}); err != nil {
			t.Fatal(err)
		}
		t.Run("ErrInsertTaken", func(t *testing.T) {
			wantMessage(t, items.Insert(ctx, &itemRow{ID: "t1", Name: "other", Version: 1}, bunstore.Conflict("t1 exists")),
				govops.ECONFLICT, "t1 exists")
		})
		t.Run("UpdateWithoutEvents", func(t *testing.T) {
			if err := items.Update(ctx, &itemRow{ID: "t1", Name: "t1b", Version: 2}); err != nil {
				t.Fatal(err)
			}
			wantCode(t, items.Update(ctx, &itemRow{ID: "t1", Name: "t1c", Version: 2}), govops.ECONFLICT)
			wantCode(t, items.Update(ctx, &itemRow{ID: "t9", Name: "t9", Version: 2}), govops.ENOTFOUND)
		})
		t.Run("ErrNoVersionColumn", func(t *testing.T) {
			wantCode(t, events.Update(ctx, &itemEventRow{ID: "x", ItemID: "t1", Seq: 1}), govops.EINTERNAL)
		})
		t.Run("CloseThenReuse", func(t *testing.T) {
			if err := items.Close(); err != nil {
				t.Fatal(err)
			}
			if err := items.Insert(ctx, &itemRow{ID: "t2", Name: "t2", Version: 1}); err != nil {
				t.Fatalf("Insert after Close: %v", err)
			}
		})
	})
}
