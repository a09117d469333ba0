package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestStaleWrite checks that a write from a stale copy fails with ECONFLICT
// and changes neither the case nor its events.
func (cases) TestStaleWrite(t *testing.T, mk storeMaker) {
	ctx, st := t.Context(), mk(t)
	c := bareCase(t, "2022-000500")
	evs := []govcase.Event{event(t, c, govcase.EventRegistered, "")}
	storetestkit.Must(t, st.CreateCase(ctx, c, evs), "CreateCase")

	a, err := st.GetCase(ctx, c.ID)
	storetestkit.Must(t, err, "GetCase (first reader)")
	b, err := st.GetCase(ctx, c.ID)
	storetestkit.Must(t, err, "GetCase (second reader)")

	winner := dispatched(a, "lbq-cgj")
	evs = append(evs, event(t, winner, govcase.EventDispatched, a.Status))
	storetestkit.Must(t, st.UpdateCase(ctx, winner, evs[1:]), "UpdateCase (first writer)")

	loser := *b
	loser.Status, loser.Version = govcase.StatusCancelled, b.Version+1
	loser.UpdatedAt = winner.UpdatedAt
	err = st.UpdateCase(ctx, &loser, []govcase.Event{event(t, &loser, govcase.EventCancelled, b.Status)})
	storetestkit.MustCode(t, err, govops.ECONFLICT, "UpdateCase from a stale copy")
	requireUnchanged(t, ctx, st, winner, evs, "after the stale write")
}

// TestRace has 50 writers update the same version of one case at once:
// exactly one may win, and the trail must agree with the case.
func (cases) TestRace(t *testing.T, mk storeMaker) {
	const writers = 50
	ctx, st := t.Context(), mk(t)
	c := bareCase(t, "2022-000600")
	storetestkit.Must(t, st.CreateCase(ctx, c, []govcase.Event{event(t, c, govcase.EventRegistered, "")}), "CreateCase")
	d := dispatched(c, "lbq-cgj")
	storetestkit.Must(t, st.UpdateCase(ctx, d, []govcase.Event{event(t, d, govcase.EventDispatched, c.Status)}), "UpdateCase (dispatch)")

	won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
		cur, err := st.GetCase(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		next := *cur
		next.Status = govcase.StatusAccepted
		next.AcceptedAt = storetestkit.Micro(cur.UpdatedAt.Add(durationMicros(i + 1)))
		next.UpdatedAt = next.AcceptedAt
		next.Version = cur.Version + 1
		ev := event(t, &next, govcase.EventAccepted, cur.Status)
		ev.Actor = "writer-" + itoa(int64(i))
		return func() error { return st.UpdateCase(ctx, &next, []govcase.Event{ev}) }, nil
	})

	final, err := st.GetCase(ctx, c.ID)
	storetestkit.Must(t, err, "GetCase")
	if final.Version != d.Version+1 || final.Status != govcase.StatusAccepted {
		t.Fatalf("final case at version %d, status %s; want version %d, status accepted", final.Version, final.Status, d.Version+1)
	}
	if want := storetestkit.Micro(d.UpdatedAt.Add(durationMicros(won + 1))); !final.AcceptedAt.Equal(want) {
		t.Fatalf("final AcceptedAt %v is not the winner's %v", final.AcceptedAt, want)
	}
	evs, err := st.ListEvents(ctx, c.ID)
	storetestkit.Must(t, err, "ListEvents")
	last := evs[len(evs)-1]
	if last.Seq != final.Version || last.To != final.Status {
		t.Fatalf("trail %s ends at seq %d → %s, case is at version %d, %s", seqs(evs), last.Seq, last.To, final.Version, final.Status)
	}
	accepted := 0
	for _, e := range evs {
		if e.Type == govcase.EventAccepted {
			accepted++
			if e.Actor != "writer-"+itoa(int64(won)) {
				t.Fatalf("accepted event by %s, but writer-%d won", e.Actor, won)
			}
		}
	}
	if accepted != 1 || len(evs) != 3 {
		t.Fatalf("trail %s: want registered, dispatched and exactly one accepted event", seqs(evs))
	}
}

// TestSequences checks NextSeq: 1 first, years counted apart, and no number
// given twice, even to 200 concurrent callers.
func (cases) TestSequences(t *testing.T, mk storeMaker) {
	t.Run("FirstIsOne", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		n, err := st.NextSeq(ctx, 2022)
		storetestkit.Must(t, err, "NextSeq(2022)")
		if n != 1 {
			t.Fatalf("first NextSeq(2022) = %d, want 1", n)
		}
		m, err := st.NextSeq(ctx, 2022)
		storetestkit.Must(t, err, "NextSeq(2022)")
		if m <= 0 || m == n {
			t.Fatalf("second NextSeq(2022) = %d after %d, want a new positive number", m, n)
		}
	})
	t.Run("PerYear", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		seen := map[int]map[int64]bool{2022: {}, 2023: {}}
		for range 5 {
			n, err := st.NextSeq(ctx, 2022)
			storetestkit.Must(t, err, "NextSeq(2022)")
			seen[2022][n] = true
		}
		n, err := st.NextSeq(ctx, 2023)
		storetestkit.Must(t, err, "NextSeq(2023)")
		if n != 1 {
			t.Fatalf("first NextSeq(2023) after five of 2022 = %d, want 1: years must count independently", n)
		}
		seen[2023][n] = true
		for i := range 10 {
			year := 2022 + i%2
			n, err := st.NextSeq(ctx, year)
			storetestkit.Must(t, err, "NextSeq")
			if n <= 0 || seen[year][n] {
				t.Fatalf("NextSeq(%d) = %d: repeated or not positive", year, n)
			}
			seen[year][n] = true
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		const callers = 200
		ctx, st := t.Context(), mk(t)
		got := make([]int64, callers)
		errs := make([]error, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := st.NextSeq(ctx, 2022)
				if err != nil {
					errs[i] = err
					return
				}
				got[i] = n
				c := bareCase(t, govcase.FormatNumber(2022, n))
				errs[i] = st.CreateCase(ctx, c, []govcase.Event{event(t, c, govcase.EventRegistered, "")})
			}()
		}
		wg.Wait()
		seen := map[int64]int{}
		for i, n := range got {
			storetestkit.Must(t, errs[i], "caller "+itoa(int64(i))+": NextSeq then CreateCase")
			if n <= 0 {
				t.Fatalf("NextSeq(2022) = %d, want a positive number", n)
			}
			if j, dup := seen[n]; dup {
				t.Fatalf("callers %d and %d both got sequence %d", j, i, n)
			}
			seen[n] = i
		}
		list, err := st.ListCases(ctx, govcase.Filter{Year: 2022})
		storetestkit.Must(t, err, "ListCases(Year 2022)")
		if len(list) != callers {
			t.Fatalf("ListCases(Year 2022) returned %d cases, want %d", len(list), callers)
		}
		n, err := st.NextSeq(ctx, 2023)
		storetestkit.Must(t, err, "NextSeq(2023)")
		if n != 1 {
			t.Fatalf("first NextSeq(2023) after %d of 2022 = %d, want 1", callers, n)
		}
	})
}

// durationMicros returns n microseconds: each racing writer stamps its own
// acceptance time, so the stored case shows which writer won.
func durationMicros(n int) time.Duration { return time.Duration(n) * time.Microsecond }
