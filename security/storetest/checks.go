package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// roundTrip stores an aggregate with every field set and one with every
// optional field zero, replaces each by a version with every field
// changed, then the first by a sparse one, and reads each back.
func (g agg[A]) roundTrip(t *testing.T, st security.Store) {
	full := g.make(t)
	g.mustCreate(t, st, &full)
	g.require(t, st, &full, "as created")

	sparse := g.make(t)
	g.sparse(&sparse)
	g.mustCreate(t, st, &sparse)
	g.require(t, st, &sparse, "with its optional fields zero, as created")

	ctx := t.Context()
	next, ev := g.next(t, &full)
	storetestkit.Must(t, g.update(ctx, st, next, []security.Event{ev}), "update "+g.name)
	g.require(t, st, next, "with every field changed")

	filled, ev := g.next(t, &sparse)
	storetestkit.Must(t, g.update(ctx, st, filled, []security.Event{ev}), "update "+g.name)
	g.require(t, st, filled, "with its zero fields set")

	emptied, ev := g.next(t, next)
	g.sparse(emptied)
	storetestkit.Must(t, g.update(ctx, st, emptied, []security.Event{ev}), "update "+g.name)
	g.require(t, st, emptied, "with its optional fields emptied")
}

// copies checks that a store keeps no value it was given, lists included,
// and returns values of the caller's own.
func (g agg[A]) copies(t *testing.T, st security.Store) {
	if g.scribble == nil {
		return
	}
	ctx := t.Context()
	a := g.make(t)
	given := g.clone(&a)
	g.mustCreate(t, st, &given)
	g.scribble(&given)
	g.require(t, st, &a, "after the caller edited what it created it with")

	got, err := g.get(ctx, st, &a)
	storetestkit.Must(t, err, "get "+g.name)
	g.scribble(got)
	g.require(t, st, &a, "after the caller edited what it read")

	next, ev := g.next(t, &a)
	given = g.clone(next)
	storetestkit.Must(t, g.update(ctx, st, &given, []security.Event{ev}), "update "+g.name)
	g.scribble(&given)
	g.require(t, st, next, "after the caller edited what it updated it with")
}

// versions checks optimistic locking: an update of a record that is not
// stored is ENOTFOUND, one whose version is not the stored one's next is
// ECONFLICT, and neither writes anything, the record or its events.
func (g agg[A]) versions(t *testing.T, st security.Store) {
	ctx := t.Context()
	a := g.make(t)
	first := g.mustCreate(t, st, &a)

	missing := g.make(t)
	next, ev := g.next(t, &missing)
	storetestkit.MustCode(t, g.update(ctx, st, next, []security.Event{ev}), govops.ENOTFOUND, "update of a "+g.name+" never stored")
	g.requireMissing(t, st, &missing, "after an update of it while it was not stored")
	requireEvents(t, st, *g.id(&missing), nil, "of a "+g.name+" never stored, after an update")

	for _, v := range []int64{1, 3, 0} {
		stale, ev := g.next(t, &a)
		*g.version(stale) = v
		ev.Seq = max(v, 1) + 10 // not a Seq the store could refuse for itself
		storetestkit.MustCode(t, g.update(ctx, st, stale, []security.Event{ev}), govops.ECONFLICT,
			fmt.Sprintf("update of a %s at version 1 to version %d", g.name, v))
	}
	g.require(t, st, &a, "after stale updates")
	requireEvents(t, st, *g.id(&a), []security.Event{first}, "after stale updates")

	next, ev = g.next(t, &a)
	storetestkit.Must(t, g.update(ctx, st, next, []security.Event{ev}), "update "+g.name)
	again, ev2 := g.next(t, &a)
	ev2.Seq = 12
	storetestkit.MustCode(t, g.update(ctx, st, again, []security.Event{ev2}), govops.ECONFLICT, "a second update of "+g.name+" from version 1")
	g.require(t, st, next, "after a second update from the same version")
	requireEvents(t, st, *g.id(&a), []security.Event{first, ev}, "after a second update from the same version")
}

// oneWinner checks that of 8 writers of the same version of an aggregate
// exactly one wins, and that its change and event alone are stored.
func (g agg[A]) oneWinner(t *testing.T, st security.Store) {
	ctx := t.Context()
	a := g.make(t)
	first := g.mustCreate(t, st, &a)
	const writers = 8
	nexts := make([]*A, writers)
	evs := make([]security.Event, writers)
	for i := range writers {
		nexts[i], evs[i] = g.next(t, &a)
		*g.stamp(nexts[i]) = at(1000 + i)
	}
	won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
		cur, err := g.get(ctx, st, &a)
		if err != nil {
			return nil, err
		}
		if *g.version(cur) != 1 {
			return nil, fmt.Errorf("read version %d before any write", *g.version(cur))
		}
		return func() error { return g.update(ctx, st, nexts[i], []security.Event{evs[i]}) }, nil
	})
	g.require(t, st, nexts[won], "after concurrent updates")
	requireEvents(t, st, *g.id(&a), []security.Event{first, evs[won]}, "after concurrent updates")
}

func (g agg[A]) uniqueEventIDs(t *testing.T, st security.Store) {
	storetestkit.RequireUniqueEventIDs(t, g.trail(st))
}

func (g agg[A]) atomicTrail(t *testing.T, st security.Store) {
	storetestkit.RequireAtomicTrail(t, g.trail(st))
}

// everyWrite checks that a creation and each update append their events,
// listed in Seq order whatever the order of their IDs.
func (g agg[A]) everyWrite(t *testing.T, st security.Store) {
	ctx := t.Context()
	a := g.make(t)
	evs := []security.Event{g.mustCreate(t, st, &a)}
	ids := make([]uuid.UUID, 4)
	for i := range ids {
		ids[len(ids)-1-i] = storetestkit.NewID(t)
	}
	cur := &a
	for i := range ids {
		next, ev := g.next(t, cur)
		ev.ID = ids[i]
		storetestkit.Must(t, g.update(ctx, st, next, []security.Event{ev}), "update "+g.name)
		evs = append(evs, ev)
		cur = next
	}
	requireEvents(t, st, *g.id(&a), evs, "after 4 updates of a "+g.name)
}

// seqTaken checks that an event's (Subject, Seq) is stored once: a write
// with an event of a taken Seq, or with two events of one Seq, fails with
// ECONFLICT and writes nothing.
func (g agg[A]) seqTaken(t *testing.T, st security.Store) {
	ctx := t.Context()
	a := g.make(t)
	first := g.mustCreate(t, st, &a)
	next, ev := g.next(t, &a)
	ev.Seq = 1
	storetestkit.MustCode(t, g.update(ctx, st, next, []security.Event{ev}), govops.ECONFLICT, "update of a "+g.name+" with an event of a taken Seq")
	g.require(t, st, &a, "after an update with an event of a taken Seq")
	requireEvents(t, st, *g.id(&a), []security.Event{first}, "after an update with an event of a taken Seq")

	b := g.make(t)
	one, two := g.firstEvent(t, &b), g.firstEvent(t, &b)
	storetestkit.MustCode(t, g.create(ctx, st, &b, []security.Event{one, two}), govops.ECONFLICT, "create of a "+g.name+" with two events of one Seq")
	g.requireMissing(t, st, &b, "after a create with two events of one Seq")
	requireEvents(t, st, *g.id(&b), nil, "after a create with two events of one Seq")
}

// refused checks that a write refused for its record's sake stores none
// of its events: a create under a taken ID and an update of a record not
// stored.
func (g agg[A]) refused(t *testing.T, st security.Store) {
	ctx := t.Context()
	a := g.make(t)
	first := g.mustCreate(t, st, &a)
	other := storetestkit.NewID(t)
	again := g.make(t)
	*g.id(&again) = *g.id(&a)
	storetestkit.MustCode(t, g.create(ctx, st, &again, []security.Event{event(t, other, 1, g.created, "", "")}), govops.ECONFLICT,
		"create of a "+g.name+" under a taken ID")
	requireEvents(t, st, other, nil, "written with a refused create")
	g.require(t, st, &a, "after a create under its ID")
	requireEvents(t, st, *g.id(&a), []security.Event{first}, "after a create under its ID")

	missing := g.make(t)
	next, _ := g.next(t, &missing)
	storetestkit.MustCode(t, g.update(ctx, st, next, []security.Event{event(t, other, 1, g.updated, "", "")}), govops.ENOTFOUND,
		"update of a "+g.name+" never stored")
	requireEvents(t, st, other, nil, "written with a refused update")
}

// cancelled checks that a create, an update and a read with a cancelled
// context fail with EINTERNAL and write nothing.
func (g agg[A]) cancelled(t *testing.T, st security.Store) {
	a := g.make(t)
	first := g.mustCreate(t, st, &a)
	fresh := g.make(t)
	next, ev := g.next(t, &a)
	requireInternal(t, map[string]func(ctx context.Context) error{
		"create " + g.name: func(ctx context.Context) error {
			return g.create(ctx, st, &fresh, []security.Event{g.firstEvent(t, &fresh)})
		},
		"update " + g.name: func(ctx context.Context) error { return g.update(ctx, st, next, []security.Event{ev}) },
		"get " + g.name:    func(ctx context.Context) error { _, err := g.get(ctx, st, &a); return err },
	})
	g.requireMissing(t, st, &fresh, "after a create with a cancelled context")
	requireEvents(t, st, *g.id(&fresh), nil, "after a create with a cancelled context")
	g.require(t, st, &a, "after an update with a cancelled context")
	requireEvents(t, st, *g.id(&a), []security.Event{first}, "after an update with a cancelled context")
}

// requireInternal calls each of calls with a cancelled context and fails
// tb for each that does not fail with EINTERNAL (see
// storetestkit.RequireCancelled).
func requireInternal(tb testing.TB, calls map[string]func(ctx context.Context) error) {
	tb.Helper()
	wrapped := make(map[string]func(ctx context.Context) error, len(calls))
	names := make([]string, 0, len(calls))
	for name, call := range calls {
		names = append(names, name)
		wrapped[name] = func(ctx context.Context) error {
			err := call(ctx)
			if err != nil && govops.ErrorCode(err) != govops.EINTERNAL {
				tb.Errorf("%s with a cancelled context: error code %q (%v), want EINTERNAL", name, govops.ErrorCode(err), err)
			}
			return err
		}
	}
	slices.Sort(names)
	storetestkit.RequireCancelled(tb, wrapped)
}
