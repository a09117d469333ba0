package storetestkit

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// EventStore is what the checks of an Aggregate need of a Store beside the
// aggregate's own methods: the trail of a record by its ID.
type EventStore[T, St ~string] interface {
	Events(ctx context.Context, subject uuid.UUID) ([]govops.Event[T, St], error)
}

// Aggregate describes how a Store of type S keeps one versioned aggregate
// of type A, whose trail holds govops.Event[T, St], for the checks every
// versioned aggregate of every domain shares: round trips, copies,
// versions, one winner among concurrent writers, the trail written with
// the change, refused writes and cancellation. A suite declares one
// Aggregate per aggregate of its Store and runs the checks over each.
type Aggregate[S EventStore[T, St], A any, T, St ~string] struct {
	Name string
	// made counts the aggregates make made, so that each has keys of its
	// own in a store shared by a case's checks.
	Made *atomic.Int64
	// fresh returns a new aggregate at version 1 with every field set,
	// its unique keys made from i.
	Fresh func(tb testing.TB, i int) A
	// sparse blanks every field that may be zero or empty: optional
	// times, lists, free text.
	Sparse func(a *A)
	// change sets every field an update may change to another value,
	// replacing lists rather than editing them.
	Change func(a *A)
	// scribble edits the lists of a in place, for the checks that a store
	// keeps no value it was given and returns the caller's own; nil for an
	// aggregate without lists.
	Scribble func(a *A)
	// clone returns a copy of a that shares no list with it; nil with
	// scribble.
	Clone   func(a *A) A
	ID      func(a *A) *uuid.UUID
	Version func(a *A) *int64
	Stamp   func(a *A) *time.Time // UpdatedAt
	Status  func(a *A) string
	// created and updated are the types of the events of a creation and
	// of an update.
	Created, Updated T
	Create           func(ctx context.Context, st S, a *A, events []govops.Event[T, St]) error
	Update           func(ctx context.Context, st S, a *A, events []govops.Event[T, St]) error
	// get reads the stored aggregate of a's key; byKey, when not nil, by
	// its other key.
	Get   func(ctx context.Context, st S, a *A) (*A, error)
	ByKey func(ctx context.Context, st S, a *A) (*A, error)
	// NewEvent makes the events the checks write; nil for the kit\'s own
	// (every field set).
	NewEvent func(tb testing.TB, subject uuid.UUID, seq int64, typ T, from, to string) govops.Event[T, St]
}

// make returns a new aggregate at version 1 with every field set, whose
// keys no other of g's has.
func (g Aggregate[S, A, T, St]) Make(tb testing.TB) A {
	tb.Helper()
	return g.Fresh(tb, int(g.Made.Add(1)))
}

// firstEvent returns the event of a's creation.
func (g Aggregate[S, A, T, St]) FirstEvent(tb testing.TB, a *A) govops.Event[T, St] {
	tb.Helper()
	return g.event(tb, *g.ID(a), 1, g.Created, "", g.Status(a))
}

// next returns the next version of a with every field changed, and the
// event of that version.
func (g Aggregate[S, A, T, St]) Next(tb testing.TB, a *A) (*A, govops.Event[T, St]) {
	tb.Helper()
	n := *a
	g.Change(&n)
	*g.Version(&n) = *g.Version(a) + 1
	*g.Stamp(&n) = Micro(g.Stamp(a).Add(time.Minute))
	return &n, g.event(tb, *g.ID(a), *g.Version(&n), g.Updated, g.Status(a), g.Status(&n))
}

// mustCreate stores a with the event of its creation, and returns it.
func (g Aggregate[S, A, T, St]) MustCreate(tb testing.TB, st S, a *A) govops.Event[T, St] {
	tb.Helper()
	ev := g.FirstEvent(tb, a)
	Must(tb, g.Create(tb.Context(), st, a, []govops.Event[T, St]{ev}), "create "+g.Name)
	return ev
}

// require fails tb unless the stored aggregate of a's key is a, read by
// each of its keys.
func (g Aggregate[S, A, T, St]) Require(tb testing.TB, st S, a *A, when string) {
	tb.Helper()
	got, err := g.Get(tb.Context(), st, a)
	requireGot(tb, *a, got, err, fmt.Sprintf("%s %s", g.Name, when))
	if g.ByKey != nil {
		got, err = g.ByKey(tb.Context(), st, a)
		requireGot(tb, *a, got, err, fmt.Sprintf("%s by its other key %s", g.Name, when))
	}
}

// requireMissing fails tb unless nothing is stored under a's key.
func (g Aggregate[S, A, T, St]) RequireMissing(tb testing.TB, st S, a *A, when string) {
	tb.Helper()
	_, err := g.Get(tb.Context(), st, a)
	requireMissing(tb, err, fmt.Sprintf("%s %s", g.Name, when))
	if g.ByKey != nil {
		_, err = g.ByKey(tb.Context(), st, a)
		requireMissing(tb, err, fmt.Sprintf("%s by its other key %s", g.Name, when))
	}
}

// trail returns the description of the aggregate's trail in st that the
// kit's checks take.
func (g Aggregate[S, A, T, St]) Trail(st S) Trail[*A, govops.Event[T, St]] {
	return Trail[*A, govops.Event[T, St]]{
		New: func(tb testing.TB) (*A, govops.Event[T, St]) {
			a := g.Make(tb)
			return &a, g.FirstEvent(tb, &a)
		},
		Next:    g.Next,
		Create:  func(ctx context.Context, a *A, evs []govops.Event[T, St]) error { return g.Create(ctx, st, a, evs) },
		Update:  func(ctx context.Context, a *A, evs []govops.Event[T, St]) error { return g.Update(ctx, st, a, evs) },
		Get:     func(ctx context.Context, a *A) (*A, error) { return g.Get(ctx, st, a) },
		Events:  func(ctx context.Context, a *A) ([]govops.Event[T, St], error) { return st.Events(ctx, *g.ID(a)) },
		Version: func(a *A) int64 { return *g.Version(a) },
		Seq:     func(e govops.Event[T, St]) int64 { return e.Seq },
		EventID: func(e *govops.Event[T, St]) *uuid.UUID { return &e.ID },
	}
}

// roundTrip stores an aggregate with every field set and one with every
// optional field zero, replaces each by a version with every field
// changed, then the first by a sparse one, and reads each back.
func (g Aggregate[S, A, T, St]) RoundTrip(t *testing.T, st S) {
	full := g.Make(t)
	g.MustCreate(t, st, &full)
	g.Require(t, st, &full, "as created")

	sparse := g.Make(t)
	g.Sparse(&sparse)
	g.MustCreate(t, st, &sparse)
	g.Require(t, st, &sparse, "with its optional fields zero, as created")

	ctx := t.Context()
	next, ev := g.Next(t, &full)
	Must(t, g.Update(ctx, st, next, []govops.Event[T, St]{ev}), "update "+g.Name)
	g.Require(t, st, next, "with every field changed")

	filled, ev := g.Next(t, &sparse)
	Must(t, g.Update(ctx, st, filled, []govops.Event[T, St]{ev}), "update "+g.Name)
	g.Require(t, st, filled, "with its zero fields set")

	emptied, ev := g.Next(t, next)
	g.Sparse(emptied)
	Must(t, g.Update(ctx, st, emptied, []govops.Event[T, St]{ev}), "update "+g.Name)
	g.Require(t, st, emptied, "with its optional fields emptied")
}

// copies checks that a store keeps no list it was given and returns lists
// of the caller's own.
func (g Aggregate[S, A, T, St]) Copies(t *testing.T, st S) {
	if g.Scribble == nil {
		return
	}
	ctx := t.Context()
	a := g.Make(t)
	given := g.Clone(&a)
	g.MustCreate(t, st, &given)
	g.Scribble(&given)
	g.Require(t, st, &a, "after the caller edited the lists it created it with")

	got, err := g.Get(ctx, st, &a)
	Must(t, err, "get "+g.Name)
	g.Scribble(got)
	g.Require(t, st, &a, "after the caller edited the lists it read")

	next, ev := g.Next(t, &a)
	given = g.Clone(next)
	Must(t, g.Update(ctx, st, &given, []govops.Event[T, St]{ev}), "update "+g.Name)
	g.Scribble(&given)
	g.Require(t, st, next, "after the caller edited the lists it updated it with")
}

// versions checks optimistic locking: an update of a record that is not
// stored is ENOTFOUND, one whose version is not the stored one's next is
// ECONFLICT, and neither writes anything, the record or its events.
func (g Aggregate[S, A, T, St]) Versions(t *testing.T, st S) {
	ctx := t.Context()
	a := g.Make(t)
	first := g.MustCreate(t, st, &a)

	missing := g.Make(t)
	next, ev := g.Next(t, &missing)
	MustCode(t, g.Update(ctx, st, next, []govops.Event[T, St]{ev}), govops.ENOTFOUND, "update of a "+g.Name+" never stored")
	g.RequireMissing(t, st, &missing, "after an update of it while it was not stored")
	requireEvents(t, st, *g.ID(&missing), nil, "of a "+g.Name+" never stored, after an update")

	for _, v := range []int64{1, 3, 0} {
		stale, ev := g.Next(t, &a)
		*g.Version(stale) = v
		ev.Seq = max(v, 1) + 10 // not a Seq the store could refuse for itself
		MustCode(t, g.Update(ctx, st, stale, []govops.Event[T, St]{ev}), govops.ECONFLICT,
			fmt.Sprintf("update of a %s at version 1 to version %d", g.Name, v))
	}
	g.Require(t, st, &a, "after stale updates")
	requireEvents(t, st, *g.ID(&a), []govops.Event[T, St]{first}, "after stale updates")

	next, ev = g.Next(t, &a)
	Must(t, g.Update(ctx, st, next, []govops.Event[T, St]{ev}), "update "+g.Name)
	again, ev2 := g.Next(t, &a)
	ev2.Seq = 12
	MustCode(t, g.Update(ctx, st, again, []govops.Event[T, St]{ev2}), govops.ECONFLICT, "a second update of "+g.Name+" from version 1")
	g.Require(t, st, next, "after a second update from the same version")
	requireEvents(t, st, *g.ID(&a), []govops.Event[T, St]{first, ev}, "after a second update from the same version")
}

// oneWinner checks that of 8 writers of the same version of an aggregate
// exactly one wins, and that its change and event alone are stored.
func (g Aggregate[S, A, T, St]) OneWinner(t *testing.T, st S) {
	ctx := t.Context()
	a := g.Make(t)
	first := g.MustCreate(t, st, &a)
	const writers = 8
	nexts := make([]*A, writers)
	evs := make([]govops.Event[T, St], writers)
	for i := range writers {
		nexts[i], evs[i] = g.Next(t, &a)
		*g.Stamp(nexts[i]) = Micro(eventBase.Add(time.Duration(1000+i) * time.Minute))
	}
	won := RequireOneWinner(t, writers, func(i int) (func() error, error) {
		cur, err := g.Get(ctx, st, &a)
		if err != nil {
			return nil, err
		}
		if *g.Version(cur) != 1 {
			return nil, fmt.Errorf("read version %d before any write", *g.Version(cur))
		}
		return func() error { return g.Update(ctx, st, nexts[i], []govops.Event[T, St]{evs[i]}) }, nil
	})
	g.Require(t, st, nexts[won], "after concurrent updates")
	requireEvents(t, st, *g.ID(&a), []govops.Event[T, St]{first, evs[won]}, "after concurrent updates")
}

func (g Aggregate[S, A, T, St]) UniqueEventIDs(t *testing.T, st S) {
	RequireUniqueEventIDs(t, g.Trail(st))
}

func (g Aggregate[S, A, T, St]) AtomicTrail(t *testing.T, st S) {
	RequireAtomicTrail(t, g.Trail(st))
}

// everyWrite checks that a creation and each update append their events,
// listed in Seq order whatever the order of their IDs.
func (g Aggregate[S, A, T, St]) EveryWrite(t *testing.T, st S) {
	ctx := t.Context()
	a := g.Make(t)
	evs := []govops.Event[T, St]{g.MustCreate(t, st, &a)}
	ids := make([]uuid.UUID, 4)
	for i := range ids {
		ids[len(ids)-1-i] = NewID(t)
	}
	cur := &a
	for i := range ids {
		next, ev := g.Next(t, cur)
		ev.ID = ids[i]
		Must(t, g.Update(ctx, st, next, []govops.Event[T, St]{ev}), "update "+g.Name)
		evs = append(evs, ev)
		cur = next
	}
	requireEvents(t, st, *g.ID(&a), evs, "after 4 updates of a "+g.Name)
}

// seqTaken checks that an event's (Subject, Seq) is stored once: a write
// with an event of a taken Seq, or with two events of one Seq, fails with
// ECONFLICT and writes nothing.
func (g Aggregate[S, A, T, St]) SeqTaken(t *testing.T, st S) {
	ctx := t.Context()
	a := g.Make(t)
	first := g.MustCreate(t, st, &a)
	next, ev := g.Next(t, &a)
	ev.Seq = 1
	MustCode(t, g.Update(ctx, st, next, []govops.Event[T, St]{ev}), govops.ECONFLICT, "update of a "+g.Name+" with an event of a taken Seq")
	g.Require(t, st, &a, "after an update with an event of a taken Seq")
	requireEvents(t, st, *g.ID(&a), []govops.Event[T, St]{first}, "after an update with an event of a taken Seq")

	b := g.Make(t)
	one, two := g.FirstEvent(t, &b), g.FirstEvent(t, &b)
	MustCode(t, g.Create(ctx, st, &b, []govops.Event[T, St]{one, two}), govops.ECONFLICT, "create of a "+g.Name+" with two events of one Seq")
	g.RequireMissing(t, st, &b, "after a create with two events of one Seq")
	requireEvents(t, st, *g.ID(&b), nil, "after a create with two events of one Seq")
}

// refused checks that a write refused for its record's sake stores none
// of its events: a create under a taken ID and an update of a record not
// stored.
func (g Aggregate[S, A, T, St]) Refused(t *testing.T, st S) {
	ctx := t.Context()
	a := g.Make(t)
	first := g.MustCreate(t, st, &a)
	other := NewID(t)
	again := g.Make(t)
	*g.ID(&again) = *g.ID(&a)
	MustCode(t, g.Create(ctx, st, &again, []govops.Event[T, St]{g.event(t, other, 1, g.Created, "", "")}), govops.ECONFLICT,
		"create of a "+g.Name+" under a taken ID")
	requireEvents(t, st, other, nil, "written with a refused create")
	g.Require(t, st, &a, "after a create under its ID")
	requireEvents(t, st, *g.ID(&a), []govops.Event[T, St]{first}, "after a create under its ID")

	missing := g.Make(t)
	next, _ := g.Next(t, &missing)
	MustCode(t, g.Update(ctx, st, next, []govops.Event[T, St]{g.event(t, other, 1, g.Updated, "", "")}), govops.ENOTFOUND,
		"update of a "+g.Name+" never stored")
	requireEvents(t, st, other, nil, "written with a refused update")
}

// cancelled checks that a create, an update and a read with a cancelled
// context fail with EINTERNAL and write nothing.
func (g Aggregate[S, A, T, St]) Cancelled(t *testing.T, st S) {
	a := g.Make(t)
	first := g.MustCreate(t, st, &a)
	fresh := g.Make(t)
	next, ev := g.Next(t, &a)
	RequireInternal(t, map[string]func(ctx context.Context) error{
		"create " + g.Name: func(ctx context.Context) error {
			return g.Create(ctx, st, &fresh, []govops.Event[T, St]{g.FirstEvent(t, &fresh)})
		},
		"update " + g.Name: func(ctx context.Context) error { return g.Update(ctx, st, next, []govops.Event[T, St]{ev}) },
		"get " + g.Name:    func(ctx context.Context) error { _, err := g.Get(ctx, st, &a); return err },
	})
	g.RequireMissing(t, st, &fresh, "after a create with a cancelled context")
	requireEvents(t, st, *g.ID(&fresh), nil, "after a create with a cancelled context")
	g.Require(t, st, &a, "after an update with a cancelled context")
	requireEvents(t, st, *g.ID(&a), []govops.Event[T, St]{first}, "after an update with a cancelled context")
}

// requireInternal calls each of calls with a cancelled context and fails
// tb for each that does not fail with EINTERNAL (see
// RequireCancelled).
func RequireInternal(tb testing.TB, calls map[string]func(ctx context.Context) error) {
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
	RequireCancelled(tb, wrapped)
}

// event returns the event of version seq of subject, made by NewEvent or,
// when it is nil, with every field set by the kit.
func (g Aggregate[S, A, T, St]) event(tb testing.TB, subject uuid.UUID, seq int64, typ T, from, to string) govops.Event[T, St] {
	tb.Helper()
	if g.NewEvent != nil {
		return g.NewEvent(tb, subject, seq, typ, from, to)
	}
	return govops.Event[T, St]{ID: NewID(tb), Subject: subject, Seq: seq, Type: typ, Actor: "中心-王",
		ActorDept: "center-ops", At: Micro(eventBase.Add(time.Duration(seq) * time.Hour)), From: St(from), To: St(to),
		Department: "dept-a", Note: fmt.Sprintf("第 %d 次变更：说明", seq), Attachments: []string{"方案.pdf", "附件 2.docx"}}
}

// eventBase is when the kit's events happen: seq hours after it.
var eventBase = time.Date(2022, 3, 1, 1, 0, 0, 0, time.UTC)

// requireEvents fails tb unless the trail of subject in st is evs.
func requireEvents[T, St ~string](tb testing.TB, st EventStore[T, St], subject uuid.UUID, evs []govops.Event[T, St], when string) {
	tb.Helper()
	got, err := st.Events(tb.Context(), subject)
	Must(tb, err, "Events "+when)
	RequireEqual(tb, evs, got, fmt.Sprintf("events of %s %s", subject, when))
}

// requireGot fails tb unless a read returned want.
func requireGot[A any](tb testing.TB, want A, got *A, err error, what string) {
	tb.Helper()
	Must(tb, err, what)
	RequireEqual(tb, want, *got, what)
}

// requireMissing fails tb unless err is ENOTFOUND.
func requireMissing(tb testing.TB, err error, what string) {
	tb.Helper()
	MustCode(tb, err, govops.ENOTFOUND, what)
}

// Kind returns the aggregate's name, for subtests.
func (g Aggregate[S, A, T, St]) Kind() string { return g.Name }

// Checks is an Aggregate of any record type over a Store of type S, for
// the cases that run a check over every aggregate of a Store.
type Checks[S any] interface {
	Kind() string
	RoundTrip(t *testing.T, st S)
	Copies(t *testing.T, st S)
	Versions(t *testing.T, st S)
	OneWinner(t *testing.T, st S)
	UniqueEventIDs(t *testing.T, st S)
	AtomicTrail(t *testing.T, st S)
	EveryWrite(t *testing.T, st S)
	SeqTaken(t *testing.T, st S)
	Refused(t *testing.T, st S)
	Cancelled(t *testing.T, st S)
}

// ForEach runs check as a subtest for each of as, over one store: each
// aggregate of as makes aggregates of keys of their own.
func ForEach[S any](t *testing.T, as []Checks[S], st S, check func(a Checks[S], t *testing.T, st S)) {
	for _, a := range as {
		t.Run(a.Kind(), func(t *testing.T) { check(a, t, st) })
	}
}

// RunRoundTrips runs the round trip of every aggregate of as, then the
// check that a store keeps no value it was given ("Copies").
func RunRoundTrips[S any](t *testing.T, st S, as []Checks[S]) {
	ForEach(t, as, st, Checks[S].RoundTrip)
	t.Run("Copies", func(t *testing.T) { ForEach(t, as, st, Checks[S].Copies) })
}

// RunVersions runs the optimistic-locking checks of every aggregate of
// as, then the race of 8 writers of one version ("OneWinner").
func RunVersions[S any](t *testing.T, st S, as []Checks[S]) {
	ForEach(t, as, st, Checks[S].Versions)
	t.Run("OneWinner", func(t *testing.T) { ForEach(t, as, st, Checks[S].OneWinner) })
}

// RunTrails runs the trail checks of every aggregate of as; the check
// that an aggregate and its events are never seen apart ("Atomic") runs
// on the aggregates named by atomic: one of each way the store writes.
func RunTrails[S any](t *testing.T, st S, as []Checks[S], atomic ...string) {
	t.Run("EveryWrite", func(t *testing.T) { ForEach(t, as, st, Checks[S].EveryWrite) })
	t.Run("UniqueEventIDs", func(t *testing.T) { ForEach(t, as, st, Checks[S].UniqueEventIDs) })
	t.Run("SeqTaken", func(t *testing.T) { ForEach(t, as, st, Checks[S].SeqTaken) })
	t.Run("Refused", func(t *testing.T) { ForEach(t, as, st, Checks[S].Refused) })
	t.Run("Atomic", func(t *testing.T) {
		for _, a := range as {
			if slices.Contains(atomic, a.Kind()) {
				t.Run(a.Kind(), func(t *testing.T) { a.AtomicTrail(t, st) })
			}
		}
	})
}
