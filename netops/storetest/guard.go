package storetest

import (
	"fmt"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// TestGuard checks the generations that guard the writes whose check
// reads more than the record they write: a scope never written is at
// generation 0; a write holding a scope's generation lands only while it
// is still that generation, and moves it on by one; a stale generation
// (behind or ahead) is ECONFLICT and writes nothing, the record and its
// events; a write refused for another reason leaves the generation; the
// zero Guard holds nothing; scopes move apart; and of many writers that
// hold one generation exactly one lands, on the scope's first use too.
func (cases) TestGuard(t *testing.T, mk storeMaker) {
	t.Run("Sequential", func(t *testing.T) { guardSequential(t, mk(t)) })
	t.Run("ConcurrentFirstUse", func(t *testing.T) { guardConcurrent(t, mk(t), 0) })
	t.Run("Concurrent", func(t *testing.T) { guardConcurrent(t, mk(t), 3) })
}

// requireGen fails tb unless scope is at generation want.
func requireGen(tb testing.TB, st netops.Store, scope string, want int64, when string) {
	tb.Helper()
	got, err := st.Generation(tb.Context(), scope)
	storetestkit.Must(tb, err, "Generation "+when)
	if got != want {
		tb.Fatalf("generation of %q %s: %d, want %d", scope, when, got, want)
	}
}

func guardSequential(t *testing.T, st netops.Store) {
	ctx := t.Context()
	pre, book := netops.ScopePrefixes, netops.ScopeBookings
	requireGen(t, st, pre, 0, "of a new store")
	requireGen(t, st, book, 0, "of a new store")
	requireGen(t, st, "elsewhere", 0, "of a scope never written")

	a := newLink(t, "lbq-scjg", "CT-1", "10.1.0.0/24")
	storetestkit.Must(t, st.CreateLinks(ctx, []netops.Link{a}, netops.Guard{Scope: pre, Gen: 0}, nil), "CreateLinks at generation 0")
	requireGen(t, st, pre, 1, "after CreateLinks")
	requireGen(t, st, book, 0, "after CreateLinks")

	// Stale writes: behind and ahead.
	for _, gen := range []int64{0, 2} {
		g := netops.Guard{Scope: pre, Gen: gen}
		b := newLink(t, "lbq-gaj", fmt.Sprintf("CT-stale-%d", gen), "10.2.0.0/24")
		evs := created(t, b.ID, netops.EventLinkCreated, "active")
		storetestkit.MustCode(t, st.CreateLinks(ctx, []netops.Link{b}, g, evs), govops.ECONFLICT, fmt.Sprintf("CreateLinks at generation %d of 1", gen))
		_, err := st.Link(ctx, b.ID)
		requireMissing(t, err, "Link refused for its guard")
		requireEvents(t, st, b.ID, nil, "of a link refused for its guard")
		next := a
		next.Version, next.Prefixes = 2, prefixes("10.9.0.0/24")
		ev := event(t, a.ID, 2, netops.EventLinkUpdated, "active", "active")
		storetestkit.MustCode(t, st.UpdateLink(ctx, &next, g, []netops.Event{ev}), govops.ECONFLICT, fmt.Sprintf("UpdateLink at generation %d of 1", gen))
		got, err := st.Link(ctx, a.ID)
		requireGot(t, a, got, err, "link after an update refused for its guard")
		requireEvents(t, st, a.ID, nil, "of a link after an update refused for its guard")
		requireGen(t, st, pre, 1, "after refused writes")
	}

	next := a
	next.Version, next.Prefixes = 2, prefixes("10.9.0.0/24")
	storetestkit.Must(t, st.UpdateLink(ctx, &next, netops.Guard{Scope: pre, Gen: 1}, nil), "UpdateLink at generation 1")
	requireGen(t, st, pre, 2, "after UpdateLink")

	// The zero Guard holds nothing and moves nothing.
	free := newLink(t, "lbq-rsj", "CT-free", "10.3.0.0/24")
	storetestkit.Must(t, st.CreateLinks(ctx, []netops.Link{free}, netops.Guard{}, nil), "CreateLinks with the zero Guard")
	requireGen(t, st, pre, 2, "after a write with the zero Guard")

	// A write refused for its own sake leaves the generation.
	dup := newLink(t, "lbq-rsj", "CT-1", "10.4.0.0/24")
	storetestkit.MustCode(t, st.CreateLinks(ctx, []netops.Link{dup}, netops.Guard{Scope: pre, Gen: 2}, nil), govops.ECONFLICT,
		"CreateLinks with a taken circuit")
	requireGen(t, st, pre, 2, "after a write refused for its circuit")
	stale := next
	stale.Version = 5
	storetestkit.MustCode(t, st.UpdateLink(ctx, &stale, netops.Guard{Scope: pre, Gen: 2}, nil), govops.ECONFLICT, "UpdateLink of a stale version")
	requireGen(t, st, pre, 2, "after a write refused for its version")

	// Bookings have a scope of their own.
	bk := newBooking(t, 0, 60, "张三")
	evBk := created(t, bk.ID, netops.EventBookingCreated, "booked")
	storetestkit.MustCode(t, st.CreateBooking(ctx, &bk, netops.Guard{Scope: book, Gen: 2}, evBk), govops.ECONFLICT,
		"CreateBooking holding the generation of the prefixes")
	_, err := st.Booking(ctx, bk.ID)
	requireMissing(t, err, "Booking refused for its guard")
	requireEvents(t, st, bk.ID, nil, "of a booking refused for its guard")
	storetestkit.Must(t, st.CreateBooking(ctx, &bk, netops.Guard{Scope: book, Gen: 0}, evBk), "CreateBooking at generation 0")
	requireGen(t, st, book, 1, "after CreateBooking")
	requireGen(t, st, pre, 2, "after CreateBooking")
	moved := bk
	moved.Version, moved.Start, moved.End = 2, at(30), at(90)
	ev := event(t, bk.ID, 2, netops.EventBookingUpdated, "booked", "booked")
	storetestkit.MustCode(t, st.UpdateBooking(ctx, &moved, netops.Guard{Scope: book, Gen: 0}, []netops.Event{ev}), govops.ECONFLICT,
		"UpdateBooking at generation 0 of 1")
	got, err := st.Booking(ctx, bk.ID)
	requireGot(t, bk, got, err, "booking after an update refused for its guard")
	requireEvents(t, st, bk.ID, evBk, "of a booking after an update refused for its guard")
	storetestkit.Must(t, st.UpdateBooking(ctx, &moved, netops.Guard{Scope: book, Gen: 1}, []netops.Event{ev}), "UpdateBooking at generation 1")
	requireGen(t, st, book, 2, "after UpdateBooking")
	requireEvents(t, st, bk.ID, append(evBk, ev), "of a booking after UpdateBooking")
}

// guardConcurrent moves both scopes to generation gen, then has 8 writers
// of each scope read the generation and write at once, each a link or a
// booking of its own: exactly one of each must land.
func guardConcurrent(t *testing.T, st netops.Store, gen int64) {
	ctx := t.Context()
	for i := range gen {
		l := newLink(t, "lbq-scjg", fmt.Sprintf("CT-warm-%d", i), fmt.Sprintf("10.0.%d.0/24", i))
		storetestkit.Must(t, st.CreateLinks(ctx, []netops.Link{l}, netops.Guard{Scope: netops.ScopePrefixes, Gen: i}, nil), "CreateLinks")
		b := newBooking(t, int(i)*60, int(i)*60+30)
		storetestkit.Must(t, st.CreateBooking(ctx, &b, netops.Guard{Scope: netops.ScopeBookings, Gen: i}, nil), "CreateBooking")
	}
	const writers = 8
	links := make([]netops.Link, writers)
	bookings := make([]netops.Booking, writers)
	for i := range writers {
		links[i] = newLink(t, fmt.Sprintf("lbq-u%d", i), fmt.Sprintf("CT-race-%d", i), "10.200.0.0/24")
		bookings[i] = newBooking(t, 1000, 1060, "张三")
	}
	won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
		g, err := st.Generation(ctx, netops.ScopePrefixes)
		if err != nil {
			return nil, err
		}
		return func() error {
			return st.CreateLinks(ctx, []netops.Link{links[i]}, netops.Guard{Scope: netops.ScopePrefixes, Gen: g},
				created(t, links[i].ID, netops.EventLinkCreated, "active"))
		}, nil
	})
	for i := range writers {
		_, err := st.Link(ctx, links[i].ID)
		if i == won {
			storetestkit.Must(t, err, "Link of the writer that landed")
		} else {
			requireMissing(t, err, "Link of a writer that lost")
			requireEvents(t, st, links[i].ID, nil, "of a link whose writer lost")
		}
	}
	requireGen(t, st, netops.ScopePrefixes, gen+1, "after concurrent writers")

	won = storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
		g, err := st.Generation(ctx, netops.ScopeBookings)
		if err != nil {
			return nil, err
		}
		return func() error {
			return st.CreateBooking(ctx, &bookings[i], netops.Guard{Scope: netops.ScopeBookings, Gen: g},
				created(t, bookings[i].ID, netops.EventBookingCreated, "booked"))
		}, nil
	})
	for i := range writers {
		_, err := st.Booking(ctx, bookings[i].ID)
		if i == won {
			storetestkit.Must(t, err, "Booking of the writer that landed")
		} else {
			requireMissing(t, err, "Booking of a writer that lost")
		}
	}
	requireGen(t, st, netops.ScopeBookings, gen+1, "after concurrent writers")
}
