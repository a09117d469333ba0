package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestCRUD checks that every field of a case and its events round-trips,
// that zero times stay zero, and the error codes of unknown and duplicate
// cases.
func (cases) TestCRUD(t *testing.T, mk storeMaker) {
	t.Run("RoundTrip", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		c := fullCase(t, "2022-000001")
		ev := event(t, c, govcase.EventRegistered, "")
		storetestkit.Must(t, st.CreateCase(ctx, c, []govcase.Event{ev}), "CreateCase")

		got, err := st.GetCase(ctx, c.ID)
		storetestkit.Must(t, err, "GetCase")
		requireEqualCase(t, c, got, "GetCase")
		got, err = st.GetCaseByNumber(ctx, c.Number)
		storetestkit.Must(t, err, "GetCaseByNumber")
		requireEqualCase(t, c, got, "GetCaseByNumber")
		evs, err := st.ListEvents(ctx, c.ID)
		storetestkit.Must(t, err, "ListEvents")
		requireEqualEvents(t, []govcase.Event{ev}, evs, "ListEvents")
	})
	t.Run("ZeroTimesStayZero", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		c := bareCase(t, "2022-000002")
		storetestkit.Must(t, st.CreateCase(ctx, c, []govcase.Event{event(t, c, govcase.EventRegistered, "")}), "CreateCase")
		got, err := st.GetCase(ctx, c.ID)
		storetestkit.Must(t, err, "GetCase")
		requireEqualCase(t, c, got, "GetCase")
		for name, tm := range map[string]time.Time{
			"AcceptBy": got.AcceptBy, "ResolveBy": got.ResolveBy, "DispatchedAt": got.DispatchedAt,
			"AcceptedAt": got.AcceptedAt, "RepliedAt": got.RepliedAt, "ClosedAt": got.ClosedAt,
			"ExtensionUntil": got.ExtensionUntil,
		} {
			if !tm.IsZero() {
				t.Errorf("%s = %v after a round trip, want the zero time", name, tm)
			}
		}
	})
	t.Run("WithoutEvents", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		c := bareCase(t, "2022-000003")
		storetestkit.Must(t, st.CreateCase(ctx, c, nil), "CreateCase with no events")
		evs, err := st.ListEvents(ctx, c.ID)
		storetestkit.Must(t, err, "ListEvents of a case without events")
		if len(evs) != 0 {
			t.Fatalf("ListEvents = %s, want none", seqs(evs))
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		c := bareCase(t, "2022-000004")
		createAll(t, ctx, st, []*govcase.Case{c})
		_, err := st.GetCase(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetCase(unknown id)")
		for _, n := range []string{"2022-000005", "2021-000004", "2022-00000"} {
			_, err = st.GetCaseByNumber(ctx, n)
			storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetCaseByNumber("+n+")")
		}
		_, err = st.ListEvents(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "ListEvents(unknown id)")
	})
	t.Run("ProvisionalFlags", func(t *testing.T) {
		// Each combination of the two flags is created, read back, then
		// updated to its opposite and read back: a store that mixes up
		// the columns, or keeps only one, fails.
		ctx, st := t.Context(), mk(t)
		tests := []struct {
			name            string
			accept, resolve bool
		}{
			{"Neither", false, false},
			{"AcceptBy", true, false},
			{"ResolveBy", false, true},
			{"Both", true, true},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := dispatched(bareCase(t, "2022-00002"+strconv.Itoa(i)), "lbq-cgj")
				c.Version = 1
				c.AcceptByProvisional, c.ResolveByProvisional = tt.accept, tt.resolve
				evs := []govcase.Event{event(t, c, govcase.EventDispatched, "")}
				storetestkit.Must(t, st.CreateCase(ctx, c, evs), "CreateCase")
				requireUnchanged(t, ctx, st, c, evs, "after CreateCase")

				next := *c
				next.Version++
				next.AcceptByProvisional, next.ResolveByProvisional = !tt.accept, !tt.resolve
				evs = append(evs, event(t, &next, govcase.EventDeadlineRecomputed, c.Status))
				storetestkit.Must(t, st.UpdateCase(ctx, &next, evs[1:]), "UpdateCase")
				requireUnchanged(t, ctx, st, &next, evs, "after UpdateCase")
			})
		}
	})
	t.Run("DuplicateID", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		c := fullCase(t, "2022-000010")
		ev := event(t, c, govcase.EventRegistered, "")
		storetestkit.Must(t, st.CreateCase(ctx, c, []govcase.Event{ev}), "CreateCase")

		dup := bareCase(t, "2022-000011")
		dup.ID = c.ID
		err := st.CreateCase(ctx, dup, []govcase.Event{event(t, dup, govcase.EventRegistered, "")})
		storetestkit.MustCode(t, err, govops.ECONFLICT, "CreateCase(duplicate id)")
		_, err = st.GetCaseByNumber(ctx, dup.Number)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetCaseByNumber after the rejected create")
		requireUnchanged(t, ctx, st, c, []govcase.Event{ev}, "after the rejected create")
	})
	t.Run("DuplicateNumber", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		c := fullCase(t, "2022-000012")
		ev := event(t, c, govcase.EventRegistered, "")
		storetestkit.Must(t, st.CreateCase(ctx, c, []govcase.Event{ev}), "CreateCase")

		dup := bareCase(t, c.Number)
		err := st.CreateCase(ctx, dup, []govcase.Event{event(t, dup, govcase.EventRegistered, "")})
		storetestkit.MustCode(t, err, govops.ECONFLICT, "CreateCase(duplicate number)")
		_, err = st.GetCase(ctx, dup.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetCase of the rejected case")
		_, err = st.ListEvents(ctx, dup.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "ListEvents of the rejected case")
		requireUnchanged(t, ctx, st, c, []govcase.Event{ev}, "after the rejected create")
		all, err := st.ListCases(ctx, govcase.Filter{})
		storetestkit.Must(t, err, "ListCases")
		if len(all) != 1 {
			t.Fatalf("ListCases returned %d cases after a rejected duplicate, want 1", len(all))
		}
	})
}

// requireUnchanged checks that the stored case and its events are exactly
// want and wantEvents.
func requireUnchanged(tb testing.TB, ctx context.Context, st govcase.Store, want *govcase.Case, wantEvents []govcase.Event, when string) {
	tb.Helper()
	got, err := st.GetCase(ctx, want.ID)
	storetestkit.Must(tb, err, "GetCase "+when)
	requireEqualCase(tb, want, got, "GetCase "+when)
	got, err = st.GetCaseByNumber(ctx, want.Number)
	storetestkit.Must(tb, err, "GetCaseByNumber "+when)
	requireEqualCase(tb, want, got, "GetCaseByNumber "+when)
	evs, err := st.ListEvents(ctx, want.ID)
	storetestkit.Must(tb, err, "ListEvents "+when)
	requireEqualEvents(tb, wantEvents, evs, "ListEvents "+when)
}

// dispatched returns the next version of c: dispatched to dept, with every
// field the dispatch sets.
func dispatched(c *govcase.Case, dept string) *govcase.Case {
	n := *c
	at := n.UpdatedAt.Add(17*time.Minute + 250*time.Microsecond)
	n.Status = govcase.StatusDispatched
	n.Department = dept
	n.DispatchedAt = at
	n.AcceptBy = at.Add(2 * time.Hour)
	n.ResolveBy = at.Add(5 * 24 * time.Hour)
	n.UpdatedAt = at
	n.Version++
	return &n
}

// TestUpdateCase checks that an update replaces every field, clears the
// fields it empties and appends its events, and that a stale or unknown
// update writes nothing.
func (cases) TestUpdateCase(t *testing.T, mk storeMaker) {
	// setup stores a registered case and returns it with its events.
	setup := func(t *testing.T) (context.Context, govcase.Store, *govcase.Case, []govcase.Event) {
		ctx, st := t.Context(), mk(t)
		c := bareCase(t, "2022-000100")
		evs := []govcase.Event{event(t, c, govcase.EventRegistered, "")}
		storetestkit.Must(t, st.CreateCase(ctx, c, evs), "CreateCase")
		return ctx, st, c, evs
	}
	t.Run("OK", func(t *testing.T) {
		ctx, st, c, evs := setup(t)
		v2 := dispatched(c, "lbq-cgj")
		evs = append(evs, event(t, v2, govcase.EventDispatched, c.Status))
		storetestkit.Must(t, st.UpdateCase(ctx, v2, evs[1:]), "UpdateCase to version 2")
		requireUnchanged(t, ctx, st, v2, evs, "after the update")

		// Every other field changes too, and comes back.
		v3 := fullCase(t, c.Number)
		v3.ID, v3.Version = c.ID, 3
		evs = append(evs, event(t, v3, govcase.EventReplied, v2.Status))
		storetestkit.Must(t, st.UpdateCase(ctx, v3, evs[2:]), "UpdateCase to version 3")
		requireUnchanged(t, ctx, st, v3, evs, "after the second update")
	})
	t.Run("ClearsFields", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		c := fullCase(t, "2022-000101")
		evs := []govcase.Event{event(t, c, govcase.EventRegistered, "")}
		storetestkit.Must(t, st.CreateCase(ctx, c, evs), "CreateCase")
		// A reopen (重办) clears the reply and the acceptance; an approved
		// extension clears the request.
		v2 := *c
		v2.Version = 2
		v2.Status = govcase.StatusDispatched
		v2.AcceptedAt, v2.RepliedAt, v2.ClosedAt, v2.ExtensionUntil = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		v2.AcceptByProvisional, v2.ResolveByProvisional = false, false
		v2.Reply, v2.ExtensionReason, v2.ExternalNo = "", "", ""
		v2.UrgeCount = 0
		v2.Reporter = govcase.Contact{}
		evs = append(evs, event(t, &v2, govcase.EventReopened, c.Status))
		storetestkit.Must(t, st.UpdateCase(ctx, &v2, evs[1:]), "UpdateCase clearing fields")
		requireUnchanged(t, ctx, st, &v2, evs, "after clearing fields")
	})
	t.Run("WithoutEvents", func(t *testing.T) {
		ctx, st, c, evs := setup(t)
		v2 := dispatched(c, "lbq-cgj")
		storetestkit.Must(t, st.UpdateCase(ctx, v2, nil), "UpdateCase with no events")
		requireUnchanged(t, ctx, st, v2, evs, "after an update without events")
	})
	t.Run("StaleVersion", func(t *testing.T) {
		ctx, st, c, evs := setup(t)
		v2 := dispatched(c, "lbq-cgj")
		evs = append(evs, event(t, v2, govcase.EventDispatched, c.Status))
		storetestkit.Must(t, st.UpdateCase(ctx, v2, evs[1:]), "UpdateCase to version 2")

		for _, version := range []int64{1, 2, 4, 100} { // stored is 2: only 3 may be written
			bad := dispatched(v2, "lbq-sjj")
			bad.Version = version
			badEv := event(t, bad, govcase.EventDispatched, v2.Status)
			err := st.UpdateCase(ctx, bad, []govcase.Event{badEv})
			storetestkit.MustCode(t, err, govops.ECONFLICT, "UpdateCase with Version "+itoa(version)+" over stored version 2")
			requireUnchanged(t, ctx, st, v2, evs, "after a stale update")
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		ctx, st, c, evs := setup(t)
		ghost := dispatched(bareCase(t, "2022-000999"), "lbq-cgj")
		err := st.UpdateCase(ctx, ghost, []govcase.Event{event(t, ghost, govcase.EventDispatched, govcase.StatusRegistered)})
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "UpdateCase(unknown id)")
		_, err = st.GetCase(ctx, ghost.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetCase after updating an unknown case")
		_, err = st.ListEvents(ctx, ghost.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "ListEvents after updating an unknown case")
		requireUnchanged(t, ctx, st, c, evs, "after updating another, unknown case")
	})
}

// TestListEvents checks that events come back in Seq order, whatever their
// IDs, and never mixed between cases.
func (cases) TestListEvents(t *testing.T, mk storeMaker) {
	t.Run("SeqOrderAndFields", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		// IDs in the opposite order of Seq, so that a store ordering by ID
		// (or by insertion into an ID-keyed table) fails.
		ids := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t), storetestkit.NewID(t), storetestkit.NewID(t)}
		c := bareCase(t, "2022-000200")
		ev1 := event(t, c, govcase.EventRegistered, "")
		ev1.ID, ev1.ActorDept = ids[3], ""
		storetestkit.Must(t, st.CreateCase(ctx, c, []govcase.Event{ev1}), "CreateCase")
		want := []govcase.Event{ev1}
		cur := c
		steps := []struct {
			typ  govcase.EventType
			next func(*govcase.Case) *govcase.Case
		}{
			{govcase.EventDispatched, func(c *govcase.Case) *govcase.Case { return dispatched(c, "lbq-cgj") }},
			{govcase.EventUrged, func(c *govcase.Case) *govcase.Case {
				n := *c
				n.UrgeCount++
				n.Version++
				n.UpdatedAt = n.UpdatedAt.Add(time.Hour)
				return &n
			}},
			{govcase.EventAccepted, func(c *govcase.Case) *govcase.Case {
				n := *c
				n.Status = govcase.StatusAccepted
				n.AcceptedAt = n.UpdatedAt.Add(time.Minute)
				n.UpdatedAt = n.AcceptedAt
				n.Version++
				return &n
			}},
		}
		for i, s := range steps {
			next := s.next(cur)
			ev := event(t, next, s.typ, cur.Status)
			ev.ID = ids[2-i]
			ev.Actor, ev.ActorDept = "王五", "lbq-cgj"
			storetestkit.Must(t, st.UpdateCase(ctx, next, []govcase.Event{ev}), "UpdateCase to version "+itoa(next.Version))
			want = append(want, ev)
			cur = next
		}
		got, err := st.ListEvents(ctx, c.ID)
		storetestkit.Must(t, err, "ListEvents")
		requireEqualEvents(t, want, got, "ListEvents")
	})
	t.Run("NotMixed", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		a, b := bareCase(t, "2022-000201"), bareCase(t, "2022-000202")
		evA := []govcase.Event{event(t, a, govcase.EventRegistered, "")}
		evB := []govcase.Event{event(t, b, govcase.EventRegistered, "")}
		storetestkit.Must(t, st.CreateCase(ctx, a, evA), "CreateCase a")
		storetestkit.Must(t, st.CreateCase(ctx, b, evB), "CreateCase b")
		a2, b2 := dispatched(a, "lbq-cgj"), dispatched(b, "lbq-sjj")
		evA = append(evA, event(t, a2, govcase.EventDispatched, a.Status))
		evB = append(evB, event(t, b2, govcase.EventDispatched, b.Status))
		storetestkit.Must(t, st.UpdateCase(ctx, a2, evA[1:]), "UpdateCase a")
		storetestkit.Must(t, st.UpdateCase(ctx, b2, evB[1:]), "UpdateCase b")
		got, err := st.ListEvents(ctx, a.ID)
		storetestkit.Must(t, err, "ListEvents a")
		requireEqualEvents(t, evA, got, "ListEvents a")
		got, err = st.ListEvents(ctx, b.ID)
		storetestkit.Must(t, err, "ListEvents b")
		requireEqualEvents(t, evB, got, "ListEvents b")
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := mk(t).ListEvents(t.Context(), storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "ListEvents(unknown case)")
	})
}

// TestIsolation checks that a caller cannot change stored state by mutating
// a value it passed in or got back.
func (cases) TestIsolation(t *testing.T, mk storeMaker) {
	ctx, st := t.Context(), mk(t)
	c := fullCase(t, "2022-000300")
	want := *c
	evs := []govcase.Event{event(t, c, govcase.EventRegistered, "")}
	wantEvs := append([]govcase.Event(nil), evs...)
	storetestkit.Must(t, st.CreateCase(ctx, c, evs), "CreateCase")
	c.Title, c.Status, c.Reporter.Phone = "changed", govcase.StatusClosed, "000"
	evs[0].Note = "changed"

	got, err := st.GetCase(ctx, want.ID)
	storetestkit.Must(t, err, "GetCase")
	got.Title, got.Department = "changed again", "nobody"
	got, err = st.GetCaseByNumber(ctx, want.Number)
	storetestkit.Must(t, err, "GetCaseByNumber")
	got.Version = 99
	list, err := st.ListCases(ctx, govcase.Filter{})
	storetestkit.Must(t, err, "ListCases")
	list[0].Title = "changed in a listing"
	gotEvs, err := st.ListEvents(ctx, want.ID)
	storetestkit.Must(t, err, "ListEvents")
	gotEvs[0].Actor = "changed"
	requireUnchanged(t, ctx, st, &want, wantEvs, "after callers mutated their copies")
}

// TestCancellation checks that every method gives up on a cancelled context
// with an error, rather than doing the work or hanging, and changes nothing.
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	st := mk(t)
	live := t.Context()
	existing := bareCase(t, "2022-000400")
	existingEvs := []govcase.Event{event(t, existing, govcase.EventRegistered, "")}
	storetestkit.Must(t, st.CreateCase(live, existing, existingEvs), "CreateCase")
	kept := govcase.RoutingRule{ID: storetestkit.NewID(t), Department: "lbq-xxb", Priority: 1, CreatedAt: baseTime()}
	storetestkit.Must(t, st.SaveRoutingRule(live, kept), "SaveRoutingRule")

	c := bareCase(t, "2022-000401")
	evs := []govcase.Event{event(t, c, govcase.EventRegistered, "")}
	next := dispatched(existing, "lbq-cgj")
	nextEvs := []govcase.Event{event(t, next, govcase.EventDispatched, existing.Status)}
	added := govcase.RoutingRule{ID: storetestkit.NewID(t), Department: "lbq-cgj", CreatedAt: baseTime()}
	storetestkit.RequireCancelled(t, map[string]func(context.Context) error{
		"NextSeq":           func(ctx context.Context) error { _, err := st.NextSeq(ctx, 2022); return err },
		"CreateCase":        func(ctx context.Context) error { return st.CreateCase(ctx, c, evs) },
		"GetCase":           func(ctx context.Context) error { _, err := st.GetCase(ctx, existing.ID); return err },
		"GetCaseByNumber":   func(ctx context.Context) error { _, err := st.GetCaseByNumber(ctx, existing.Number); return err },
		"UpdateCase":        func(ctx context.Context) error { return st.UpdateCase(ctx, next, nextEvs) },
		"ListCases":         func(ctx context.Context) error { _, err := st.ListCases(ctx, govcase.Filter{}); return err },
		"ListEvents":        func(ctx context.Context) error { _, err := st.ListEvents(ctx, existing.ID); return err },
		"CaseStats":         func(ctx context.Context) error { _, err := st.CaseStats(ctx, govcase.StatsFilter{}); return err },
		"SaveRoutingRule":   func(ctx context.Context) error { return st.SaveRoutingRule(ctx, added) },
		"DeleteRoutingRule": func(ctx context.Context) error { return st.DeleteRoutingRule(ctx, kept.ID) },
		"ListRoutingRules":  func(ctx context.Context) error { _, err := st.ListRoutingRules(ctx); return err },
	})
	_, err := st.GetCase(live, c.ID)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetCase of a case created with a cancelled context")
	requireUnchanged(t, live, st, existing, existingEvs, "after calls with a cancelled context")
	rules, err := st.ListRoutingRules(live)
	storetestkit.Must(t, err, "ListRoutingRules")
	storetestkit.RequireEqual(t, []govcase.RoutingRule{kept}, rules, "routing rules after calls with a cancelled context")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
