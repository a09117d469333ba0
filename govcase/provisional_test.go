package govcase_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// publish2028 loads into the calendar of s a State Council notice for 2028
// that gives 2028-01-03..05 off, so that a deadline counted provisionally
// across them moves.
func publish2028(tb testing.TB, s *govcase.Service) {
	tb.Helper()
	tbl, err := govops.ParseCalendarTable(strings.NewReader("year 2028\n" +
		"2028-01-01 off 元旦\n2028-01-03 off 元旦\n2028-01-04 off 元旦\n2028-01-05 off 元旦\n"))
	storetestkit.Must(tb, err, "ParseCalendarTable")
	storetestkit.Must(tb, s.Calendar().SetTables(tbl), "SetTables")
}

// dispatchAt registers a 投诉 (13 working days) with the clock at when and
// dispatches it to YJ.
func dispatchAt(tb testing.TB, s *govcase.Service, clk *Clock, when time.Time) *govcase.Case {
	tb.Helper()
	clk.Set(when)
	return dispatch(tb, s, register(tb, s).Number, "YJ")
}

// get reads the case ref as center staff.
func get(tb testing.TB, s *govcase.Service, ref string) *govcase.Case {
	tb.Helper()
	c, err := s.Get(context.Background(), center, ref)
	storetestkit.Must(tb, err, "Get "+ref)
	return c
}

func TestService_ProvisionalDeadlines(t *testing.T) {
	t.Run("OfficialYear", func(t *testing.T) {
		// 2027's notice is in the official tables: a deadline that
		// reaches it is final.
		equal(t, "source of 2027", govops.DefaultCalendar().Source(2027), govops.SourceOfficial)
		s, clk := MustOpenService(t)
		c := dispatchAt(t, s, clk, at("2026-12-20 10:00"))
		equal(t, "resolve-by year", c.ResolveBy.In(govops.ShanghaiLocation()).Year(), 2027)
		equal(t, "accept by provisional", c.AcceptByProvisional, false)
		equal(t, "resolve by provisional", c.ResolveByProvisional, false)
	})
	t.Run("ReachesProvisionalYear", func(t *testing.T) {
		s, clk := MustOpenService(t)
		equal(t, "source of 2028", s.Calendar().Source(2028), govops.SourceProvisional)
		// Monday 2027-12-20 10:00: accepted the same day; 13 working days
		// end on Thursday 2028-01-06, with only 元旦 (a Saturday) off.
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		equal(t, "accept by", shanghai(c.AcceptBy), "2027-12-20 12:00")
		equal(t, "accept by provisional", c.AcceptByProvisional, false) // it stays within 2027
		equal(t, "resolve by", shanghai(c.ResolveBy), "2028-01-06 10:00")
		equal(t, "resolve by provisional", c.ResolveByProvisional, true) // it crosses provisional 2028
		equal(t, "stored flag", get(t, s, c.Number).ResolveByProvisional, true)
	})
	t.Run("ExtensionAndReopen", func(t *testing.T) {
		ctx := context.Background()
		ok := mustCase(t)
		s, clk := MustOpenService(t)
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		equal(t, "resolve by provisional", c.ResolveByProvisional, true)
		ok(s.Accept(ctx, jinbu, c.Number, govcase.ActionInput{}))
		ok(s.RequestExtension(ctx, jinbu, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{Note: "等待材料"}, Until: at("2028-01-20 17:00")}))
		c = ok(s.DecideExtension(ctx, center, c.Number, govcase.ExtensionDecision{Approve: true}))
		equal(t, "provisional after an approved extension", c.ResolveByProvisional, false) // an explicit time

		ok(s.Reply(ctx, jinbu, c.Number, govcase.ActionInput{Note: "已处理"}))
		ok(s.Close(ctx, center, c.Number, govcase.ActionInput{}))
		clk.Set(at("2027-12-27 09:00"))
		c = ok(s.Reopen(ctx, center, c.Number, govcase.ActionInput{Note: "回访不满意"}))
		equal(t, "resolve by provisional after a reopen", c.ResolveByProvisional, true) // counted anew
		equal(t, "accept by provisional after a reopen", c.AcceptByProvisional, false)
	})
}

func TestService_RecomputeDeadlines(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		ok := mustCase(t)
		var observed []string
		s, clk := MustOpenService(t, govcase.WithObserver(func(_ context.Context, c govcase.Case, ev govcase.Event) {
			if ev.Type == govcase.EventDeadlineRecomputed {
				observed = append(observed, c.Number)
			}
		}))
		// open: dispatched, resolve_by provisional.
		open := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		// accepted: open too, dispatched a day later.
		accepted := dispatchAt(t, s, clk, at("2027-12-21 10:00"))
		ok(s.Accept(ctx, jinbu, accepted.Number, govcase.ActionInput{}))
		// closed before the notice: its deadlines are history.
		closed := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		ok(s.Accept(ctx, jinbu, closed.Number, govcase.ActionInput{}))
		ok(s.Reply(ctx, jinbu, closed.Number, govcase.ActionInput{Note: "已办"}))
		closed = ok(s.Close(ctx, center, closed.Number, govcase.ActionInput{}))
		closedEvents, err := s.Events(ctx, center, closed.Number)
		storetestkit.Must(t, err, "Events")
		// late: dispatched in late 2028, so that its resolve_by reaches
		// 2029, which the notice does not cover; its accept_by stays in
		// 2028, which the notice does.
		late := dispatchAt(t, s, clk, at("2028-12-20 10:00"))
		if !late.AcceptByProvisional || !late.ResolveByProvisional {
			t.Fatalf("fixture problem: the late case's deadlines are not both provisional: %+v", late)
		}
		equal(t, "open resolve by", shanghai(open.ResolveBy), "2028-01-06 10:00")
		equal(t, "accepted resolve by", shanghai(accepted.ResolveBy), "2028-01-07 10:00")

		publish2028(t, s)
		clk.Set(at("2028-12-21 09:00"))
		r, err := s.RecomputeDeadlines(ctx, center)
		storetestkit.Must(t, err, "RecomputeDeadlines")
		equal(t, "checked", r.Checked, 3)                    // the three open cases with a provisional deadline
		equal(t, "still provisional", r.StillProvisional, 1) // late still reaches 2029
		equal(t, "skipped", r.Skipped, 0)
		moved := map[string]string{}
		for _, ch := range r.Changes {
			moved[ch.Ref+" "+ch.Field] = shanghai(ch.Old) + " → " + shanghai(ch.New)
			equal(t, ch.Ref+" "+ch.Field+" provisional", ch.Provisional, false)
		}
		want := map[string]string{
			open.Number + " resolve_by":     "2028-01-06 10:00 → 2028-01-11 10:00",
			accepted.Number + " resolve_by": "2028-01-07 10:00 → 2028-01-12 10:00",
			late.Number + " accept_by":      "2028-12-20 12:00 → 2028-12-20 12:00", // same time, now final
		}
		if !maps.Equal(moved, want) {
			t.Fatalf("changes %v, want %v", moved, want)
		}
		slices.Sort(observed)
		equal(t, "observed", strings.Join(observed, " "), strings.Join([]string{open.Number, accepted.Number, late.Number}, " "))

		got := get(t, s, open.Number)
		equal(t, "resolve by", shanghai(got.ResolveBy), "2028-01-11 10:00")
		equal(t, "provisional", got.ResolveByProvisional, false)
		equal(t, "version", got.Version, open.Version+1)
		equal(t, "updated at", got.UpdatedAt, at("2028-12-21 09:00").UTC())
		equal(t, "status", got.Status, govcase.StatusDispatched)
		evs, err := s.Events(ctx, center, open.Number)
		storetestkit.Must(t, err, "Events")
		last := evs[len(evs)-1]
		equal(t, "type", last.Type, govcase.EventDeadlineRecomputed)
		equal(t, "label", last.Type.Label(), "期限重算")
		equal(t, "note", last.Note, "resolve_by 2028-01-06 10:00 → 2028-01-11 10:00")
		equal(t, "actor", last.Actor, center.Name)
		equal(t, "from", last.From, govcase.StatusDispatched)
		equal(t, "to", last.To, govcase.StatusDispatched)
		equal(t, "department", last.Department, "YJ")
		equal(t, "seq", last.Seq, got.Version)

		got = get(t, s, accepted.Number)
		equal(t, "status", got.Status, govcase.StatusAccepted)
		equal(t, "resolve by", shanghai(got.ResolveBy), "2028-01-12 10:00")

		got = get(t, s, late.Number)
		equal(t, "accept by provisional", got.AcceptByProvisional, false)
		equal(t, "resolve by provisional", got.ResolveByProvisional, true) // 2029 has no notice yet
		equal(t, "resolve by", got.ResolveBy, late.ResolveBy)

		storetestkit.RequireEqual(t, closed, get(t, s, closed.Number), "a closed case, which keeps its deadlines and flags")
		evs, err = s.Events(ctx, center, closed.Number)
		storetestkit.Must(t, err, "Events")
		storetestkit.RequireEqual(t, closedEvents, evs, "the trail of a closed case, which gets no event")

		// Once per notice: the second pass finds only late, whose
		// remaining provisional deadline has not moved.
		before := get(t, s, late.Number)
		r, err = s.RecomputeDeadlines(ctx, center)
		storetestkit.Must(t, err, "RecomputeDeadlines")
		storetestkit.RequireEqual(t, govops.Recomputation{Checked: 1, StillProvisional: 1}, r, "the second pass")
		storetestkit.RequireEqual(t, before, get(t, s, late.Number), "an unchanged provisional deadline, which is not touched")
		equal(t, "observed", len(observed), 3)
	})
	t.Run("FinalDeadlineNeverMoves", func(t *testing.T) {
		s, clk := MustOpenService(t)
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		mustCase(t)(s.RequestExtension(ctx, jinbu, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{Note: "等待材料"}, Until: at("2028-01-07 17:00")}))
		c = mustCase(t)(s.DecideExtension(ctx, center, c.Number, govcase.ExtensionDecision{Approve: true}))
		publish2028(t, s)
		r, err := s.RecomputeDeadlines(ctx, center)
		storetestkit.Must(t, err, "RecomputeDeadlines")
		storetestkit.RequireEqual(t, govops.Recomputation{}, r, "the recomputation")
		storetestkit.RequireEqual(t, c, get(t, s, c.Number), "the case")
	})
	t.Run("NothingBeforeTheNotice", func(t *testing.T) {
		s, clk := MustOpenService(t)
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		r, err := s.RecomputeDeadlines(ctx, center)
		storetestkit.Must(t, err, "RecomputeDeadlines")
		storetestkit.RequireEqual(t, govops.Recomputation{Checked: 1, StillProvisional: 1}, r, "the recomputation")
		storetestkit.RequireEqual(t, c, get(t, s, c.Number), "the case")
	})
	// racing returns a Service over a store that loses the recomputation's
	// write races times, and an open case whose provisional deadline the
	// notice of 2028 moves.
	racing := func(t *testing.T, races int) (*govcase.Service, *govcase.Case) {
		s, clk := openService(t, &racingStore{Store: govcasemem.New(), races: races})
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		publish2028(t, s)
		return s, c
	}
	t.Run("ConflictRetried", func(t *testing.T) {
		s, c := racing(t, govops.MaxWriteRetries-1)
		r, err := s.RecomputeDeadlines(ctx, center)
		storetestkit.Must(t, err, "RecomputeDeadlines")
		equal(t, "skipped", r.Skipped, 0)
		equal(t, "changes", len(r.Changes), 1)
		got := get(t, s, c.Number)
		equal(t, "resolve by", shanghai(got.ResolveBy), "2028-01-11 10:00")
		equal(t, "urges", got.UrgeCount, govops.MaxWriteRetries-1) // the concurrent writes are kept
		equal(t, "version", got.Version, c.Version+govops.MaxWriteRetries)
	})
	t.Run("ConflictSkipped", func(t *testing.T) {
		s, c := racing(t, govops.MaxWriteRetries)
		r, err := s.RecomputeDeadlines(ctx, center)
		storetestkit.Must(t, err, "RecomputeDeadlines")
		storetestkit.RequireEqual(t, govops.Recomputation{Checked: 1, Skipped: 1}, r, "the recomputation")
		equal(t, "provisional", get(t, s, c.Number).ResolveByProvisional, true) // left for the next pass
		// The next pass, without a concurrent writer, takes it up.
		r, err = s.RecomputeDeadlines(ctx, center)
		storetestkit.Must(t, err, "RecomputeDeadlines")
		equal(t, "changes", len(r.Changes), 1)
		equal(t, "ref", r.Changes[0].Ref, c.Number)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _ := MustOpenService(t)
		for _, by := range []govops.Actor{jinbu, viewer} {
			_, err := s.RecomputeDeadlines(ctx, by)
			storetestkit.MustCode(t, err, govops.EFORBIDDEN, "RecomputeDeadlines by "+by.Name)
		}
		_, err := s.RecomputeDeadlines(ctx, govops.Actor{})
		storetestkit.MustCode(t, err, govops.EINVALID, "RecomputeDeadlines by nobody")
		names(t, err, "actor")
	})
}

// racingStore plays a concurrent writer: before each of the Service's
// first races deadline recomputations it urges the case itself, so that
// the recomputation's write is stale.
type racingStore struct {
	govcase.Store
	races int
}

func (s *racingStore) UpdateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	if s.races > 0 && len(events) == 1 && events[0].Type == govcase.EventDeadlineRecomputed {
		s.races--
		cur, err := s.Store.GetCase(ctx, c.ID)
		if err != nil {
			return err
		}
		cur.UrgeCount++
		cur.Version++
		urge, err := govops.NewEvent(cur.ID, cur.Version, govcase.EventUrged, govops.Actor{Name: "另一值班员"}, cur.UpdatedAt, cur.Status, cur.Status)
		if err != nil {
			return err
		}
		if err := s.Store.UpdateCase(ctx, cur, []govcase.Event{urge}); err != nil {
			return err
		}
	}
	return s.Store.UpdateCase(ctx, c, events)
}

// failingPolicy is a DeadlinePolicy that always fails with err.
type failingPolicy struct{ err error }

func (p failingPolicy) Deadlines(*govcase.Case, time.Time) (time.Time, time.Time, error) {
	return time.Time{}, time.Time{}, p.err
}

func TestService_DeadlineErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		when   string
		policy govcase.DeadlinePolicy // nil: the default policy
		code   string
		field  string // the deadline the error names
		prefix string // what Error() starts with
	}{
		// 2100 is the last year of the provisional calendar: 13 working
		// days from 2100-12-20 reach 2101, which nothing covers.
		{name: "ResolveByBeyondCalendar", when: "2100-12-20 10:00", code: govops.EINVALID, field: "resolve_by", prefix: "invalid: resolve_by: calendar: has no data for 2101"},
		{name: "AcceptByBeyondCalendar", when: "2101-01-05 10:00", code: govops.EINVALID, field: "accept_by", prefix: "invalid: accept_by: calendar: has no data for 2101"},
		{name: "PolicyNamesNoDeadline", when: "2024-09-30 09:00", policy: failingPolicy{govops.FieldError("calendar", "is closed")},
			code: govops.EINVALID, field: "resolve_by", prefix: "invalid: resolve_by: calendar: is closed"},
		{name: "PolicyNamesAcceptBy", when: "2024-09-30 09:00", policy: failingPolicy{govops.FieldError("accept_by", "is too soon")},
			code: govops.EINVALID, field: "accept_by", prefix: "invalid: accept_by: is too soon"},
		{name: "InternalStaysInternal", when: "2024-09-30 09:00", policy: failingPolicy{errors.New("disk on fire")},
			code: govops.EINTERNAL, prefix: "disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []govcase.Option
			if tt.policy != nil {
				opts = append(opts, govcase.WithDeadlinePolicy(tt.policy))
			}
			s, clk := MustOpenService(t, opts...)
			clk.Set(at(tt.when))
			c := register(t, s)
			_, err := s.Dispatch(ctx, center, c.Number, govcase.DispatchInput{Department: "YJ"})
			storetestkit.MustCode(t, err, tt.code, "Dispatch")
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.prefix) {
				t.Fatalf("Error() = %q, want it to start with %q", msg, tt.prefix)
			}
			if tt.code != govops.EINVALID {
				return
			}
			fields := govops.ErrorFields(err)
			names(t, err, tt.field)
			equal(t, "times the code is in "+msg, strings.Count(msg, "invalid"), 1)
			for f, problem := range fields {
				equal(t, "times the problem of "+f+" is in "+msg, strings.Count(msg, problem), 1)
			}
			if strings.Contains(tt.name, "Calendar") {
				names(t, err, "calendar") // the cause's field is kept
				equal(t, "message", msg, "invalid: "+tt.field+": calendar: "+fields["calendar"])
			}
			equal(t, "status", get(t, s, c.Number).Status, govcase.StatusRegistered) // nothing is stored
		})
	}
}
