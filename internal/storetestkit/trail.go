package storetestkit

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// trailReaders is how many goroutines read while RequireAtomicTrail writes:
// half of them read the aggregate first, half its events first.
const trailReaders = 4

// Trail describes how a Store keeps an aggregate of type A with its trail of
// events of type E: created at version 1 with its first events, then
// replaced by each next version (optimistic locking) with the events of
// that version appended, both in one atomic step. Most Store contracts have
// one; RequireAtomicTrail and RequireUniqueEventIDs check the rules they
// share.
type Trail[A, E any] struct {
	// New returns an aggregate that is not stored yet, at version 1, with
	// the event of Seq 1 that records it; each call a different one.
	New func(tb testing.TB) (A, E)
	// Next returns the next version of a, with the event of that Seq.
	Next func(tb testing.TB, a A) (A, E)
	// Create and Update are the Store's methods that write an aggregate
	// with its events.
	Create, Update func(ctx context.Context, a A, events []E) error
	// Get reads the stored aggregate of a's ID, and Events its events in
	// Seq order; both fail with ENOTFOUND if there is none.
	Get    func(ctx context.Context, a A) (A, error)
	Events func(ctx context.Context, a A) ([]E, error)
	// Version, Seq and EventID read an aggregate's version, an event's Seq
	// and the place of an event's ID.
	Version func(a A) int64
	Seq     func(e E) int64
	EventID func(e *E) *uuid.UUID
}

// trailWrites is how many versions RequireAtomicTrail writes after the
// first: enough for a store whose aggregate and events are two round trips
// apart to be seen between them many times over, few enough to take well
// under a second on a database.
const trailWrites = 60

// version reads the stored version of a.
func (tr Trail[A, E]) version(ctx context.Context, a A) (int64, error) {
	a, err := tr.Get(ctx, a)
	if err != nil {
		return 0, err
	}
	return tr.Version(a), nil
}

// seqs reads the Seq of every stored event of a.
func (tr Trail[A, E]) seqs(ctx context.Context, a A) ([]int64, error) {
	evs, err := tr.Events(ctx, a)
	out := make([]int64, len(evs))
	for i, e := range evs {
		out[i] = tr.Seq(e)
	}
	return out, err
}

// RequireAtomicTrail checks that a store writes an aggregate and the event
// of its version in one atomic step: one goroutine creates an aggregate and
// writes 60 more versions of it, each with one event, while
// others read the aggregate and its events without pause, and no reader may
// ever see the two disagree.
//
//   - A reader that reads the aggregate first, at version v, must then find
//     the events of every version up to v. A store that writes the aggregate
//     and then, in a second step, its events fails here whenever a read
//     falls between the two steps.
//   - A reader that reads the events first must then find the aggregate at
//     a version no lower than the highest Seq. A store that writes the
//     events first fails here.
//
// After each write the writer waits until the readers have read again, so
// that they read throughout the run however fast or slow the store is; a
// store whose two steps are one round trip apart is caught within a few
// writes.
func RequireAtomicTrail[A, E any](tb testing.TB, tr Trail[A, E]) {
	tb.Helper()
	ctx := tb.Context()
	a, first := tr.New(tb)
	Must(tb, tr.Create(ctx, a, []E{first}), "creating the aggregate")
	var (
		stop   atomic.Bool
		reads  atomic.Int64
		failMu sync.Mutex
		fail   string
		wg     sync.WaitGroup
	)
	failed := func(format string, args ...any) {
		failMu.Lock()
		if fail == "" {
			fail = fmt.Sprintf(format, args...)
		}
		failMu.Unlock()
		stop.Store(true)
	}
	for r := range trailReaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				var problem string
				if r%2 == 0 {
					problem = tr.readAggregateFirst(ctx, a)
				} else {
					problem = tr.readEventsFirst(ctx, a)
				}
				if problem != "" {
					failed("reader %d: %s", r, problem)
					return
				}
				reads.Add(1)
				// Readers that never yield would keep the writer from
				// the store's lock.
				runtime.Gosched()
			}
		}()
	}
	for cur, v := a, 2; v <= trailWrites+1 && !stop.Load(); v++ {
		next, ev := tr.Next(tb, cur)
		if err := tr.Update(ctx, next, []E{ev}); err != nil {
			failed("writing version %d: %v", v, err)
			break
		}
		cur = next
		for seen := reads.Load(); reads.Load() < seen+trailReaders && !stop.Load(); {
			runtime.Gosched()
		}
	}
	stop.Store(true)
	wg.Wait()
	if fail != "" {
		tb.Fatalf("an aggregate and the events of its versions were seen apart: %s", fail)
	}
	v, err := tr.version(ctx, a)
	Must(tb, err, "reading the version after the writes")
	seqs, err := tr.seqs(ctx, a)
	Must(tb, err, "reading the events after the writes")
	if want := int64(trailWrites) + 1; v != want || !slices.Equal(seqs, seqRange(want)) {
		tb.Fatalf("after %d writes: version %d with events %v, want version %d with events 1 to %d in Seq order", trailWrites, v, seqs, want, want)
	}
}

// readAggregateFirst reads the version, then the events, and says what is
// wrong if an event of a version up to it is missing.
func (tr Trail[A, E]) readAggregateFirst(ctx context.Context, a A) string {
	v, err := tr.version(ctx, a)
	if err != nil {
		return "reading the version: " + err.Error()
	}
	seqs, err := tr.seqs(ctx, a)
	if err != nil {
		return "reading the events: " + err.Error()
	}
	for s := int64(1); s <= v; s++ {
		if !slices.Contains(seqs, s) {
			return fmt.Sprintf("read version %d, then events %v: the event of version %d is missing", v, seqs, s)
		}
	}
	return ""
}

// readEventsFirst reads the events, then the version, and says what is
// wrong if an event is newer than the version read after it.
func (tr Trail[A, E]) readEventsFirst(ctx context.Context, a A) string {
	seqs, err := tr.seqs(ctx, a)
	if err != nil {
		return "reading the events: " + err.Error()
	}
	v, err := tr.version(ctx, a)
	if err != nil {
		return "reading the version: " + err.Error()
	}
	if len(seqs) > 0 && slices.Max(seqs) > v {
		return fmt.Sprintf("read events %v, then version %d: an event came before its version", seqs, v)
	}
	return ""
}

// seqRange returns 1, 2, … n.
func seqRange(n int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i) + 1
	}
	return out
}

// RequireUniqueEventIDs checks that an event ID is never stored twice: a
// Create or Update with an event whose ID is already stored, for the same
// aggregate or another, or that two of its events share, fails with
// ECONFLICT and stores nothing, as a primary key on the event ID makes a
// database do.
func RequireUniqueEventIDs[A, E any](t *testing.T, tr Trail[A, E]) {
	ctx := t.Context()
	a, evA := tr.New(t)
	b, evB := tr.New(t)
	Must(t, tr.Create(ctx, a, []E{evA}), "Create a")
	Must(t, tr.Create(ctx, b, []E{evB}), "Create b")
	unchanged := func(t *testing.T, when string) {
		t.Helper()
		for _, x := range []struct {
			a  A
			ev E
		}{{a, evA}, {b, evB}} {
			got, err := tr.Get(ctx, x.a)
			Must(t, err, "Get "+when)
			RequireEqual(t, x.a, got, "aggregate "+when)
			evs, err := tr.Events(ctx, x.a)
			Must(t, err, "Events "+when)
			RequireEqual(t, []E{x.ev}, evs, "events "+when)
		}
	}
	// taking returns e with the ID of other.
	taking := func(e, other E) E {
		*tr.EventID(&e) = *tr.EventID(&other)
		return e
	}
	type write struct {
		name  string
		build func(t *testing.T) (A, []E) // the aggregate and events written
	}
	for _, w := range []write{
		{"CreateWithStoredID", func(t *testing.T) (A, []E) {
			c, ev := tr.New(t)
			return c, []E{taking(ev, evA)}
		}},
		{"CreateWithIDTwice", func(t *testing.T) (A, []E) {
			c, first := tr.New(t)
			_, second := tr.Next(t, c)
			return c, []E{first, taking(second, first)}
		}},
	} {
		t.Run(w.name, func(t *testing.T) {
			c, evs := w.build(t)
			MustCode(t, tr.Create(ctx, c, evs), govops.ECONFLICT, "Create with a taken event ID")
			_, err := tr.Get(ctx, c)
			MustCode(t, err, govops.ENOTFOUND, "Get of the rejected aggregate")
			unchanged(t, "after the rejected create")
		})
	}
	for _, w := range []write{
		{"UpdateWithOwnStoredID", func(t *testing.T) (A, []E) {
			next, ev := tr.Next(t, b)
			return next, []E{taking(ev, evB)}
		}},
		{"UpdateWithOthersStoredID", func(t *testing.T) (A, []E) {
			next, ev := tr.Next(t, b)
			return next, []E{taking(ev, evA)}
		}},
		{"UpdateWithIDTwice", func(t *testing.T) (A, []E) {
			next, first := tr.Next(t, b)
			_, second := tr.Next(t, next)
			return next, []E{first, taking(second, first)}
		}},
	} {
		t.Run(w.name, func(t *testing.T) {
			next, evs := w.build(t)
			MustCode(t, tr.Update(ctx, next, evs), govops.ECONFLICT, "Update with a taken event ID")
			unchanged(t, "after the rejected update")
		})
	}
}
