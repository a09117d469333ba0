package storetest

import (
	"context"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// pageAll pages through the cases matching f, limit at a time, checking
// that every page is within limit and that IDs strictly descend across
// pages.
func pageAll(tb testing.TB, ctx context.Context, st govcase.Store, f govcase.Filter, limit int) []*govcase.Case {
	tb.Helper()
	var out []*govcase.Case
	f.Limit = limit
	for pages := 0; ; pages++ {
		if pages > 10000 {
			tb.Fatalf("pagination did not end after %d pages", pages)
		}
		page, err := st.ListCases(ctx, f)
		storetestkit.Must(tb, err, "ListCases page")
		if len(page) > limit {
			tb.Fatalf("page %d has %d cases, over the limit of %d", pages, len(page), limit)
		}
		for _, c := range page {
			if len(out) > 0 {
				if prev := out[len(out)-1].ID; storetestkit.CompareID(c.ID, prev) >= 0 {
					tb.Fatalf("page %d: case %s (%s) does not come after %s in descending ID order", pages, c.Number, c.ID, prev)
				}
			}
			out = append(out, c)
		}
		if len(page) < limit {
			return out
		}
		f.After = page[len(page)-1].ID
	}
}

// TestPagination checks keyset pagination, alone and while other writers
// insert cases around the cursor.
func (cases) TestPagination(t *testing.T, mk storeMaker) {
	t.Run("Keyset", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		all := newGenerator(t, 7).cases(120)
		createAll(t, ctx, st, all)
		byID := map[uuid.UUID]*govcase.Case{}
		for _, c := range all {
			byID[c.ID] = c
		}
		requireSameCases(t, refList(all, govcase.Filter{}), pageAll(t, ctx, st, govcase.Filter{}, 7), byID)
		f := govcase.Filter{Statuses: govcase.OpenStatuses()}
		requireSameCases(t, refList(all, f), pageAll(t, ctx, st, f, 3), byID)
		// A page size dividing the total: the last full page is followed
		// by an empty one.
		requireSameCases(t, refList(all, govcase.Filter{}), pageAll(t, ctx, st, govcase.Filter{}, 40), byID)
	})
	t.Run("ConcurrentInserts", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		seeded := newGenerator(t, 8).cases(120)
		createAll(t, ctx, st, seeded)

		// Writers add cases while the pages are read: half with new
		// (higher) UUIDv7 IDs, half with IDs that fall between the seeded
		// ones, right where the cursor is moving.
		var (
			stop    atomic.Bool
			wg      sync.WaitGroup
			counter atomic.Int64
			started = make(chan struct{})
			once    sync.Once
			errs    = make(chan error, 4)
		)
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewSource(int64(w)))
				for i := 0; i < 100 && !stop.Load(); i++ {
					c := bareCase(t, govcase.FormatNumber(2031, counter.Add(1)))
					if i%2 == 1 {
						c.ID = seeded[rng.Intn(len(seeded))].ID
						for b := 9; b < 16; b++ {
							c.ID[b] = byte(rng.Intn(256))
						}
					}
					ev := event(t, c, govcase.EventRegistered, "")
					if err := st.CreateCase(ctx, c, []govcase.Event{ev}); err != nil {
						errs <- err
						return
					}
					once.Do(func() { close(started) })
				}
				once.Do(func() { close(started) })
			}()
		}
		<-started
		pages := pageAll(t, ctx, st, govcase.Filter{}, 7)
		stop.Store(true)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("CreateCase while paging: %v", err)
		}

		seen := map[uuid.UUID]int{}
		for _, c := range pages {
			seen[c.ID]++
			if seen[c.ID] > 1 {
				t.Fatalf("case %s seen twice while paging", c.Number)
			}
		}
		for _, c := range seeded {
			if seen[c.ID] != 1 {
				t.Fatalf("case %s existed before paging began but was seen %d times", c.Number, seen[c.ID])
			}
		}
		t.Logf("paged %d cases while %d were being inserted", len(pages), counter.Load())
	})
}
