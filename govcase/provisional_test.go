package govcase_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
)

// MustNewCalendar returns a calendar of its own, which SetTables may
// change (DefaultCalendar is shared and refuses to).
func MustNewCalendar(tb testing.TB) *govops.Calendar {
	tb.Helper()
	cal, err := govops.NewCalendar(govops.CalendarConfig{})
	require.NoError(tb, err)
	return cal
}

// notice2028 is a State Council notice for 2028 that gives 2028-01-03..05
// off, so that a deadline counted provisionally across them moves.
func notice2028(tb testing.TB) govops.CalendarTable {
	tb.Helper()
	tbl, err := govops.ParseCalendarTable(strings.NewReader("year 2028\n" +
		"2028-01-01 off 元旦\n2028-01-03 off 元旦\n2028-01-04 off 元旦\n2028-01-05 off 元旦\n"))
	require.NoError(tb, err)
	return tbl
}

// dispatchAt registers a 投诉 (13 working days) with the clock at when and
// dispatches it to YJ.
func dispatchAt(tb testing.TB, s *govcase.Service, clk *Clock, when time.Time) *govcase.Case {
	tb.Helper()
	clk.Set(when)
	c := register(tb, s)
	c, err := s.Dispatch(context.Background(), c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
	require.NoError(tb, err)
	return c
}

func shanghai(t time.Time) string { return t.In(govops.ShanghaiLocation()).Format("2006-01-02 15:04") }

func TestService_ProvisionalDeadlines(t *testing.T) {
	t.Run("OfficialYear", func(t *testing.T) {
		// 2027's notice is in the official tables: a deadline that
		// reaches it is final.
		require.Equal(t, govops.SourceOfficial, govops.DefaultCalendar().Source(2027))
		s, clk := MustOpenService(t)
		c := dispatchAt(t, s, clk, at("2026-12-20 10:00"))
		assert.Equal(t, 2027, c.ResolveBy.In(govops.ShanghaiLocation()).Year(), "resolve by %s", shanghai(c.ResolveBy))
		assert.False(t, c.AcceptByProvisional)
		assert.False(t, c.ResolveByProvisional)
	})
	t.Run("ReachesProvisionalYear", func(t *testing.T) {
		cal := MustNewCalendar(t)
		require.Equal(t, govops.SourceProvisional, cal.Source(2028))
		s, clk := MustOpenService(t, govcase.WithCalendar(cal))
		// Monday 2027-12-20 10:00: accepted the same day; 13 working days
		// end on Thursday 2028-01-06, with only 元旦 (a Saturday) off.
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		assert.Equal(t, "2027-12-20 12:00", shanghai(c.AcceptBy))
		assert.False(t, c.AcceptByProvisional, "accept_by stays within 2027")
		assert.Equal(t, "2028-01-06 10:00", shanghai(c.ResolveBy))
		assert.True(t, c.ResolveByProvisional, "resolve_by crosses provisional 2028")
		got, err := s.Get(context.Background(), center, c.Number)
		require.NoError(t, err)
		assert.True(t, got.ResolveByProvisional, "the flag is stored")
	})
	t.Run("ExtensionAndReopen", func(t *testing.T) {
		ctx := context.Background()
		s, clk := MustOpenService(t, govcase.WithCalendar(MustNewCalendar(t)))
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		require.True(t, c.ResolveByProvisional)
		_, err := s.Accept(ctx, c.Number, govcase.ActionInput{By: jinbu})
		require.NoError(t, err)
		_, err = s.RequestExtension(ctx, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{By: jinbu, Note: "等待材料"}, Until: at("2028-01-20 17:00")})
		require.NoError(t, err)
		c, err = s.DecideExtension(ctx, c.Number, govcase.ExtensionDecision{ActionInput: govcase.ActionInput{By: center}, Approve: true})
		require.NoError(t, err)
		assert.False(t, c.ResolveByProvisional, "an approved extension is an explicit time")

		_, err = s.Reply(ctx, c.Number, govcase.ActionInput{By: jinbu, Note: "已处理"})
		require.NoError(t, err)
		_, err = s.Close(ctx, c.Number, govcase.ActionInput{By: center})
		require.NoError(t, err)
		clk.Set(at("2027-12-27 09:00"))
		c, err = s.Reopen(ctx, c.Number, govcase.ActionInput{By: center, Note: "回访不满意"})
		require.NoError(t, err)
		assert.True(t, c.ResolveByProvisional, "a reopen counts its deadlines anew")
		assert.False(t, c.AcceptByProvisional)
	})
}

func TestService_RecomputeDeadlines(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		cal := MustNewCalendar(t)
		var observed []string
		s, clk := MustOpenService(t, govcase.WithCalendar(cal), govcase.WithObserver(func(_ context.Context, c govcase.Case, ev govcase.Event) {
			if ev.Type == govcase.EventDeadlineRecomputed {
				observed = append(observed, c.Number)
			}
		}))
		// open: dispatched, resolve_by provisional.
		open := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		// accepted: open too, dispatched a day later.
		accepted := dispatchAt(t, s, clk, at("2027-12-21 10:00"))
		_, err := s.Accept(ctx, accepted.Number, govcase.ActionInput{By: jinbu})
		require.NoError(t, err)
		// closed before the notice: its deadlines are history.
		closed := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		_, err = s.Accept(ctx, closed.Number, govcase.ActionInput{By: jinbu})
		require.NoError(t, err)
		_, err = s.Reply(ctx, closed.Number, govcase.ActionInput{By: jinbu, Note: "已办"})
		require.NoError(t, err)
		closed, err = s.Close(ctx, closed.Number, govcase.ActionInput{By: center})
		require.NoError(t, err)
		closedEvents, err := s.Events(ctx, center, closed.Number)
		require.NoError(t, err)
		// late: dispatched in late 2028, so that its resolve_by reaches
		// 2029, which the notice does not cover; its accept_by stays in
		// 2028, which the notice does.
		late := dispatchAt(t, s, clk, at("2028-12-20 10:00"))
		require.True(t, late.AcceptByProvisional)
		require.True(t, late.ResolveByProvisional)
		require.Equal(t, "2028-01-06 10:00", shanghai(open.ResolveBy))
		require.Equal(t, "2028-01-07 10:00", shanghai(accepted.ResolveBy))

		require.NoError(t, cal.SetTables(notice2028(t)))
		clk.Set(at("2028-12-21 09:00"))
		r, err := s.RecomputeDeadlines(ctx, center)
		require.NoError(t, err)
		assert.Equal(t, 3, r.Checked, "the three open cases with a provisional deadline")
		assert.Equal(t, 1, r.StillProvisional, "late still reaches 2029")
		assert.Equal(t, 0, r.Skipped)
		moved := map[string]string{}
		for _, ch := range r.Changes {
			moved[ch.Ref+" "+ch.Field] = shanghai(ch.Old) + " → " + shanghai(ch.New)
			assert.False(t, ch.Provisional, "%s %s is final now", ch.Ref, ch.Field)
		}
		assert.Equal(t, map[string]string{
			open.Number + " resolve_by":     "2028-01-06 10:00 → 2028-01-11 10:00",
			accepted.Number + " resolve_by": "2028-01-07 10:00 → 2028-01-12 10:00",
			late.Number + " accept_by":      "2028-12-20 12:00 → 2028-12-20 12:00", // same time, now final
		}, moved)
		assert.ElementsMatch(t, []string{open.Number, accepted.Number, late.Number}, observed)

		got, err := s.Get(ctx, center, open.Number)
		require.NoError(t, err)
		assert.Equal(t, "2028-01-11 10:00", shanghai(got.ResolveBy))
		assert.False(t, got.ResolveByProvisional)
		assert.Equal(t, open.Version+1, got.Version)
		assert.True(t, got.UpdatedAt.Equal(at("2028-12-21 09:00")))
		assert.Equal(t, govcase.StatusDispatched, got.Status)
		evs, err := s.Events(ctx, center, open.Number)
		require.NoError(t, err)
		last := evs[len(evs)-1]
		assert.Equal(t, govcase.EventDeadlineRecomputed, last.Type)
		assert.Equal(t, "期限重算", last.Type.Label())
		assert.Equal(t, "resolve_by 2028-01-06 10:00 → 2028-01-11 10:00", last.Note)
		assert.Equal(t, center.Name, last.Actor)
		assert.Equal(t, govcase.StatusDispatched, last.FromStatus)
		assert.Equal(t, govcase.StatusDispatched, last.ToStatus)
		assert.Equal(t, int(got.Version), last.Seq)

		got, err = s.Get(ctx, center, accepted.Number)
		require.NoError(t, err)
		assert.Equal(t, govcase.StatusAccepted, got.Status)
		assert.Equal(t, "2028-01-12 10:00", shanghai(got.ResolveBy))

		got, err = s.Get(ctx, center, late.Number)
		require.NoError(t, err)
		assert.False(t, got.AcceptByProvisional)
		assert.True(t, got.ResolveByProvisional, "2029 has no notice yet")
		assert.True(t, got.ResolveBy.Equal(late.ResolveBy))

		got, err = s.Get(ctx, center, closed.Number)
		require.NoError(t, err)
		assert.Equal(t, closed, got, "a closed case keeps its deadlines and flags")
		evs, err = s.Events(ctx, center, closed.Number)
		require.NoError(t, err)
		assert.Equal(t, closedEvents, evs, "a closed case gets no event")

		// Once per notice: the second pass finds only late, whose
		// remaining provisional deadline has not moved.
		before, err := s.Get(ctx, center, late.Number)
		require.NoError(t, err)
		r, err = s.RecomputeDeadlines(ctx, center)
		require.NoError(t, err)
		assert.Empty(t, r.Changes)
		assert.Equal(t, govops.Recomputation{Checked: 1, StillProvisional: 1}, r)
		after, err := s.Get(ctx, center, late.Number)
		require.NoError(t, err)
		assert.Equal(t, before, after, "an unchanged provisional deadline is not touched")
		assert.Len(t, observed, 3)
	})
	t.Run("FinalDeadlineNeverMoves", func(t *testing.T) {
		cal := MustNewCalendar(t)
		s, clk := MustOpenService(t, govcase.WithCalendar(cal))
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		_, err := s.RequestExtension(ctx, c.Number, govcase.ExtensionInput{ActionInput: govcase.ActionInput{By: jinbu, Note: "等待材料"}, Until: at("2028-01-07 17:00")})
		require.NoError(t, err)
		c, err = s.DecideExtension(ctx, c.Number, govcase.ExtensionDecision{ActionInput: govcase.ActionInput{By: center}, Approve: true})
		require.NoError(t, err)
		require.NoError(t, cal.SetTables(notice2028(t)))
		r, err := s.RecomputeDeadlines(ctx, center)
		require.NoError(t, err)
		assert.Equal(t, govops.Recomputation{}, r)
		got, err := s.Get(ctx, center, c.Number)
		require.NoError(t, err)
		assert.Equal(t, c, got)
	})
	t.Run("NothingBeforeTheNotice", func(t *testing.T) {
		s, clk := MustOpenService(t, govcase.WithCalendar(MustNewCalendar(t)))
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		r, err := s.RecomputeDeadlines(ctx, center)
		require.NoError(t, err)
		assert.Equal(t, govops.Recomputation{Checked: 1, StillProvisional: 1}, r)
		got, err := s.Get(ctx, center, c.Number)
		require.NoError(t, err)
		assert.Equal(t, c, got)
	})
	t.Run("ConflictRetried", func(t *testing.T) {
		cal := MustNewCalendar(t)
		st := &racingStore{Store: govcasemem.New(), races: 2}
		clk := &Clock{}
		s := govcase.NewService(st, govcase.WithNow(clk.Now), govcase.WithCalendar(cal))
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		require.NoError(t, cal.SetTables(notice2028(t)))
		r, err := s.RecomputeDeadlines(ctx, center)
		require.NoError(t, err)
		assert.Equal(t, 0, r.Skipped)
		require.Len(t, r.Changes, 1)
		got, err := s.Get(ctx, center, c.Number)
		require.NoError(t, err)
		assert.Equal(t, "2028-01-11 10:00", shanghai(got.ResolveBy))
		assert.Equal(t, 2, got.UrgeCount, "the concurrent writes are kept")
		assert.Equal(t, c.Version+3, got.Version)
	})
	t.Run("ConflictSkipped", func(t *testing.T) {
		cal := MustNewCalendar(t)
		st := &racingStore{Store: govcasemem.New(), races: 3}
		clk := &Clock{}
		s := govcase.NewService(st, govcase.WithNow(clk.Now), govcase.WithCalendar(cal))
		c := dispatchAt(t, s, clk, at("2027-12-20 10:00"))
		require.NoError(t, cal.SetTables(notice2028(t)))
		r, err := s.RecomputeDeadlines(ctx, center)
		require.NoError(t, err)
		assert.Equal(t, govops.Recomputation{Checked: 1, Skipped: 1}, r)
		got, err := s.Get(ctx, center, c.Number)
		require.NoError(t, err)
		assert.True(t, got.ResolveByProvisional, "left for the next pass")
		// The next pass, without a concurrent writer, takes it up.
		r, err = s.RecomputeDeadlines(ctx, center)
		require.NoError(t, err)
		require.Len(t, r.Changes, 1)
		assert.Equal(t, c.Number, r.Changes[0].Ref)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _ := MustOpenService(t, govcase.WithCalendar(MustNewCalendar(t)))
		for _, by := range []govcase.Actor{jinbu, viewer} {
			_, err := s.RecomputeDeadlines(ctx, by)
			assert.Equal(t, govops.EFORBIDDEN, govops.ErrorCode(err), "%s", by.Name)
		}
		_, err := s.RecomputeDeadlines(ctx, govcase.Actor{})
		assert.Equal(t, govops.EINVALID, govops.ErrorCode(err))
		assert.Contains(t, govops.ErrorFields(err), "actor")
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
		urge := govcase.Event{ID: uuid.Must(uuid.NewV7()), CaseID: cur.ID, Seq: int(cur.Version), Type: govcase.EventUrged,
			Actor: "另一值班员", At: cur.UpdatedAt, FromStatus: cur.Status, ToStatus: cur.Status, Department: cur.Department}
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
			opts := []govcase.Option{govcase.WithCalendar(MustNewCalendar(t))}
			if tt.policy != nil {
				opts = append(opts, govcase.WithDeadlinePolicy(tt.policy))
			}
			s, clk := MustOpenService(t, opts...)
			clk.Set(at(tt.when))
			c := register(t, s)
			_, err := s.Dispatch(ctx, c.Number, govcase.DispatchInput{ActionInput: govcase.ActionInput{By: center}, Department: "YJ"})
			require.Error(t, err)
			assert.Equal(t, tt.code, govops.ErrorCode(err))
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, tt.prefix), "Error() = %q, want it to start with %q", msg, tt.prefix)
			if tt.code != govops.EINVALID {
				return
			}
			fields := govops.ErrorFields(err)
			require.Contains(t, fields, tt.field)
			assert.Equal(t, 1, strings.Count(msg, "invalid"), "Error() = %q repeats the code", msg)
			for f, problem := range fields {
				assert.Equal(t, 1, strings.Count(msg, problem), "Error() = %q repeats the problem of %s", msg, f)
			}
			if strings.Contains(tt.name, "Calendar") {
				assert.Contains(t, fields, "calendar", "the cause's field is kept")
				assert.Equal(t, "invalid: "+tt.field+": calendar: "+fields["calendar"], msg, "the exact shape")
			}
			got, gerr := s.Get(ctx, center, c.Number)
			require.NoError(t, gerr)
			assert.Equal(t, govcase.StatusRegistered, got.Status, "nothing is stored")
		})
	}
}
