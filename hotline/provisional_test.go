package hotline_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
)

// MustOpenCalendar returns a calendar of its own, whose tables a test may
// replace: the official tables through 2027, provisional years after.
func MustOpenCalendar(tb testing.TB) *govops.Calendar {
	tb.Helper()
	cal, err := govops.NewCalendar(govops.CalendarConfig{})
	if err != nil {
		tb.Fatal(err)
	}
	return cal
}

// mustPublish loads a notice, in the calendar file format, into cal.
func mustPublish(tb testing.TB, cal *govops.Calendar, notice string) {
	tb.Helper()
	tab, err := govops.ParseCalendarTable(strings.NewReader(notice))
	if err != nil {
		tb.Fatal(err)
	}
	if err := cal.SetTables(tab); err != nil {
		tb.Fatal(err)
	}
}

// notice2028 makes 3–5 January 2028 days off, which the provisional
// calendar counted as working days: a window over them closes three
// working days later.
const notice2028 = "year 2028\n2028-01-03 off 元旦\n2028-01-04 off 元旦\n2028-01-05 off 元旦\n"

// recordAt records a deduction against yuejin with the clock at at.
func recordAt(tb testing.TB, svc *hotline.Service, c *clock, at time.Time) *hotline.Deduction {
	tb.Helper()
	c.Set(at)
	return mustRecord(tb, svc, "yuejin")
}

// history returns the event types of a deduction, oldest first.
func history(tb testing.TB, svc *hotline.Service, id uuid.UUID) []hotline.DeductionEvent {
	tb.Helper()
	evs, err := svc.DeductionHistory(context.Background(), center(), id.String())
	if err != nil {
		tb.Fatal(err)
	}
	return evs
}

func TestService_RecordDeduction_AppealByProvisional(t *testing.T) {
	for _, tc := range []struct {
		name        string
		at          time.Time
		appealBy    time.Time
		provisional bool
	}{
		// Friday: 28–31 December, then 4 January after 元旦 (1 January,
		// and the weekend). 2027's notice is official.
		{"OfficialYear", shanghai(2026, 12, 25, 10, 0), shanghai(2027, 1, 5, 0, 0), false},
		// 29–31 December, then 3 and 4 January 2028, a year counted
		// provisionally.
		{"ReachesProvisionalYear", shanghai(2027, 12, 28, 10, 0), shanghai(2028, 1, 5, 0, 0), true},
		// 27–31 December: the window closes at midnight on 1 January
		// 2028, but counts no day of that year.
		{"EndsOnLastOfficialDay", shanghai(2027, 12, 24, 10, 0), shanghai(2028, 1, 1, 0, 0), false},
		// Recorded in a provisional year.
		{"InProvisionalYear", shanghai(2028, 3, 1, 10, 0), shanghai(2028, 3, 9, 0, 0), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, c := MustOpenService(t) // the default calendar
			d := recordAt(t, svc, c, tc.at)
			if !d.AppealBy.Equal(tc.appealBy) || d.AppealByProvisional != tc.provisional {
				t.Fatalf("AppealBy = %s, provisional %v; want %s, %v", d.AppealBy, d.AppealByProvisional, tc.appealBy, tc.provisional)
			}
			got, err := svc.GetDeduction(context.Background(), center(), d.ID.String())
			if err != nil || got.AppealByProvisional != tc.provisional {
				t.Fatalf("stored AppealByProvisional = %v (%v), want %v", got.AppealByProvisional, err, tc.provisional)
			}
		})
	}

	t.Run("ErrNoCalendarForTheWindow", func(t *testing.T) {
		ctx := context.Background()
		svc, c := MustOpenService(t, hotline.WithCalendar(MustOpenCalendar(t)))
		c.Set(shanghai(2100, 12, 28, 10, 0)) // the window reaches 2101, which nothing covers
		_, err := svc.RecordDeduction(ctx, center(), hotline.DeductionInput{Department: "yuejin", Month: hotline.NewMonth(2100, 12),
			RuleCode: hotline.RuleOverdue, Reason: "案件超期办结"})
		mustField(t, err, "appeal_by")
		mustField(t, err, "calendar")
		msg := err.Error()
		if !strings.HasPrefix(msg, "invalid: appeal_by: ") || strings.Count(msg, "invalid") != 1 ||
			!strings.Contains(msg, "2101") || !strings.Contains(msg, "calendar: has no data") {
			t.Fatalf("error reads %q; want it to start \"invalid: appeal_by: \", say \"invalid\" once and name the calendar's missing year 2101", msg)
		}
		for field, problem := range govops.ErrorFields(err) {
			if strings.Count(msg, problem) != 1 {
				t.Fatalf("the problem of %s appears %d times in %q, want once", field, strings.Count(msg, problem), msg)
			}
		}
		ds, err := items(svc.ListDeductions(ctx, center(), hotline.DeductionFilter{}))
		if err != nil || len(ds) != 0 {
			t.Fatalf("a refused deduction was stored: %v, %v", ds, err)
		}
	})
}

func TestService_RecomputeAppealWindows(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		svc, c := MustOpenService(t, hotline.WithCalendar(cal))
		final := recordAt(t, svc, c, shanghai(2026, 12, 25, 10, 0))
		pending := recordAt(t, svc, c, shanghai(2027, 12, 28, 10, 0))
		appealed := mustRecord(t, svc, "yuejin")
		c.Set(shanghai(2027, 12, 29, 9, 0))
		if _, err := svc.FileAppeal(ctx, ownDept(), appealed.ID.String(), appeal()); err != nil {
			t.Fatal(err)
		}
		oldBy := shanghai(2028, 1, 5, 0, 0)
		if !pending.AppealByProvisional || !pending.AppealBy.Equal(oldBy) {
			t.Fatalf("recorded AppealBy %s, provisional %v; want %s, true", pending.AppealBy, pending.AppealByProvisional, oldBy)
		}

		mustPublish(t, cal, notice2028)
		c.Set(shanghai(2028, 1, 6, 12, 0))
		rep, err := svc.RecomputeAppealWindows(ctx, center())
		if err != nil {
			t.Fatal(err)
		}
		// 29–31 December, then 6 and 7 January.
		newBy := shanghai(2028, 1, 8, 0, 0)
		want := govops.DeadlineChange{Ref: pending.ID.String(), Field: "appeal_by", Old: oldBy, New: newBy}
		if rep.Checked != 1 || len(rep.Changes) != 1 || rep.StillProvisional != 0 || rep.Skipped != 0 {
			t.Fatalf("report = %+v, want 1 checked and 1 change", rep)
		}
		if ch := rep.Changes[0]; ch.Ref != want.Ref || ch.Field != want.Field || !ch.Old.Equal(want.Old) || !ch.New.Equal(want.New) || ch.Provisional {
			t.Fatalf("change = %+v, want %+v", ch, want)
		}

		got, err := svc.GetDeduction(ctx, center(), pending.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if !got.AppealBy.Equal(newBy) || got.AppealByProvisional || got.Version != 2 || got.Status != hotline.DeductionRecorded {
			t.Fatalf("recomputed deduction: AppealBy %s, provisional %v, version %d, %s", got.AppealBy, got.AppealByProvisional, got.Version, got.Status)
		}
		evs := history(t, svc, pending.ID)
		last := evs[len(evs)-1]
		if len(evs) != 2 || last.Type != hotline.EventAppealWindowRecomputed || last.Seq != 2 ||
			last.From != hotline.DeductionRecorded || last.To != hotline.DeductionRecorded ||
			last.Actor != center().Name || !last.At.Equal(c.Now()) {
			t.Fatalf("history = %+v, want the recorded event and one recomputation by %s", evs, center().Name)
		}
		if wantNote := "appeal_by 2028-01-05 00:00 → 2028-01-08 00:00"; last.Note != wantNote {
			t.Fatalf("note = %q, want %q", last.Note, wantNote)
		}
		if last.Type.Label() != "复核期限重算" {
			t.Fatalf("label = %q", last.Type.Label())
		}

		// The appealed deduction keeps its window and its history.
		got, err = svc.GetDeduction(ctx, center(), appealed.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if !got.AppealBy.Equal(oldBy) || got.Version != 2 || got.Status != hotline.DeductionAppealed {
			t.Fatalf("appealed deduction moved: AppealBy %s, version %d, %s", got.AppealBy, got.Version, got.Status)
		}
		for _, ev := range history(t, svc, appealed.ID) {
			if ev.Type == hotline.EventAppealWindowRecomputed {
				t.Fatalf("the appealed deduction got a %s event", ev.Type)
			}
		}
		// The final one was never looked at.
		if got, _ := svc.GetDeduction(ctx, center(), final.ID.String()); got.Version != 1 {
			t.Fatalf("a final window was rewritten: version %d", got.Version)
		}

		// On 6 January the old window had closed; the new one is open.
		if _, err := svc.FileAppeal(ctx, ownDept(), pending.ID.String(), appeal()); err != nil {
			t.Fatalf("appeal within the recomputed window: %v", err)
		}

		t.Run("SecondCallChangesNothing", func(t *testing.T) {
			rep, err := svc.RecomputeAppealWindows(ctx, center())
			if err != nil || len(rep.Changes) != 0 || rep.Checked != 0 || rep.Skipped != 0 {
				t.Fatalf("second call: %+v, %v; want no change", rep, err)
			}
		})
	})

	t.Run("StillProvisionalUntouched", func(t *testing.T) {
		svc, c := MustOpenService(t, hotline.WithCalendar(MustOpenCalendar(t)))
		d := recordAt(t, svc, c, shanghai(2027, 12, 28, 10, 0))
		for range 2 {
			rep, err := svc.RecomputeAppealWindows(ctx, center())
			if err != nil || rep.Checked != 1 || rep.StillProvisional != 1 || len(rep.Changes) != 0 {
				t.Fatalf("report = %+v, %v; want 1 checked, still provisional", rep, err)
			}
		}
		got, _ := svc.GetDeduction(ctx, center(), d.ID.String())
		if got.Version != 1 || !got.AppealByProvisional || len(history(t, svc, d.ID)) != 1 {
			t.Fatalf("an unchanged provisional window was rewritten: %+v", got)
		}
	})

	t.Run("FinalOnTheSameDate", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		svc, c := MustOpenService(t, hotline.WithCalendar(cal))
		d := recordAt(t, svc, c, shanghai(2027, 12, 28, 10, 0))
		mustPublish(t, cal, "year 2028\n2028-10-04 off 国庆节\n")
		rep, err := svc.RecomputeAppealWindows(ctx, center())
		if err != nil || len(rep.Changes) != 1 || !rep.Changes[0].Old.Equal(d.AppealBy) || !rep.Changes[0].New.Equal(d.AppealBy) || rep.Changes[0].Provisional {
			t.Fatalf("report = %+v, %v; want one change to the same, now final, date", rep, err)
		}
		got, _ := svc.GetDeduction(ctx, center(), d.ID.String())
		evs := history(t, svc, d.ID)
		if got.AppealByProvisional || got.Version != 2 || evs[len(evs)-1].Note != "appeal_by 2028-01-05 00:00 → 2028-01-05 00:00" {
			t.Fatalf("deduction %+v, note %q; want the flag cleared and the date kept", got, evs[len(evs)-1].Note)
		}
	})

	t.Run("MovedButStillProvisional", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		svc, c := MustOpenService(t, hotline.WithCalendar(cal))
		// Wednesday: 28 and 29 December 2028, then, after 元旦 (Monday 1
		// January 2029), 2–4 January. Both years are provisional.
		d := recordAt(t, svc, c, shanghai(2028, 12, 27, 10, 0))
		if want := shanghai(2029, 1, 5, 0, 0); !d.AppealBy.Equal(want) || !d.AppealByProvisional {
			t.Fatalf("AppealBy = %s, provisional %v; want %s, true", d.AppealBy, d.AppealByProvisional, want)
		}
		mustPublish(t, cal, "year 2028\n2028-12-29 off 元旦\n")
		rep, err := svc.RecomputeAppealWindows(ctx, center())
		want := shanghai(2029, 1, 6, 0, 0)
		if err != nil || len(rep.Changes) != 1 || !rep.Changes[0].New.Equal(want) || !rep.Changes[0].Provisional || rep.StillProvisional != 1 {
			t.Fatalf("report = %+v, %v; want one change to %s, still provisional", rep, err, want)
		}
		got, _ := svc.GetDeduction(ctx, center(), d.ID.String())
		evs := history(t, svc, d.ID)
		if !got.AppealByProvisional || !got.AppealBy.Equal(want) || evs[len(evs)-1].Note != "appeal_by 2029-01-05 00:00 → 2029-01-06 00:00 (provisional)" {
			t.Fatalf("deduction %+v, note %q", got, evs[len(evs)-1].Note)
		}
		rep, err = svc.RecomputeAppealWindows(ctx, center())
		if err != nil || len(rep.Changes) != 0 || rep.StillProvisional != 1 {
			t.Fatalf("second call: %+v, %v; want it left as still provisional", rep, err)
		}
	})

	t.Run("EveryPage", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		svc, c := MustOpenService(t, hotline.WithCalendar(cal))
		const n = 234 // more than two pages
		c.Set(shanghai(2027, 12, 28, 10, 0))
		for range n {
			mustRecord(t, svc, "yuejin")
		}
		mustPublish(t, cal, notice2028)
		rep, err := svc.RecomputeAppealWindows(ctx, center())
		if err != nil || rep.Checked != n || len(rep.Changes) != n {
			t.Fatalf("checked %d, changed %d (%v); want %d of each", rep.Checked, len(rep.Changes), err, n)
		}
		seen := map[string]bool{}
		for _, ch := range rep.Changes {
			seen[ch.Ref] = true
		}
		left, err := items(svc.ListDeductions(ctx, center(), hotline.DeductionFilter{ProvisionalAppealBy: true}))
		if len(seen) != n || err != nil || len(left) != 0 {
			t.Fatalf("%d distinct deductions changed, %d left provisional (%v)", len(seen), len(left), err)
		}
	})

	t.Run("UsesTheCurrentWindow", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		store := hotlinemem.New()
		c := &clock{t: shanghai(2027, 12, 28, 10, 0)}
		d := mustRecord(t, hotline.NewService(store, hotline.WithNow(c.Now), hotline.WithCalendar(cal)), "yuejin")
		mustPublish(t, cal, notice2028)
		svc := hotline.NewService(store, hotline.WithNow(c.Now), hotline.WithCalendar(cal), hotline.WithAppealWindow(6))
		rep, err := svc.RecomputeAppealWindows(ctx, center())
		if want := shanghai(2028, 1, 11, 0, 0); err != nil || len(rep.Changes) != 1 || rep.Changes[0].Ref != d.ID.String() || !rep.Changes[0].New.Equal(want) {
			t.Fatalf("report = %+v, %v; want the 6-day window to close at %s", rep, err, want)
		}
	})

	t.Run("ConcurrentAppealWins", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		store := &racingStore{Store: hotlinemem.New()}
		c := &clock{t: shanghai(2027, 12, 28, 10, 0)}
		svc := hotline.NewService(store, hotline.WithNow(c.Now), hotline.WithCalendar(cal))
		d := mustRecord(t, svc, "yuejin")
		mustPublish(t, cal, notice2028)
		// Just before the recomputation stores its update, the
		// department appeals.
		store.before = func() {
			if _, err := svc.FileAppeal(ctx, ownDept(), d.ID.String(), appeal()); err != nil {
				t.Error(err)
			}
		}
		rep, err := svc.RecomputeAppealWindows(ctx, center())
		if err != nil || rep.Checked != 1 || len(rep.Changes) != 0 || rep.Skipped != 0 {
			t.Fatalf("report = %+v, %v; want the appealed deduction left alone", rep, err)
		}
		got, _ := svc.GetDeduction(ctx, center(), d.ID.String())
		if got.Status != hotline.DeductionAppealed || !got.AppealBy.Equal(d.AppealBy) || got.Version != 2 {
			t.Fatalf("deduction = %+v; want it appealed with its window unmoved", got)
		}
	})

	t.Run("SkippedAfterRepeatedConflicts", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		store := &racingStore{Store: hotlinemem.New(), conflicts: true}
		c := &clock{t: shanghai(2027, 12, 28, 10, 0)}
		svc := hotline.NewService(store, hotline.WithNow(c.Now), hotline.WithCalendar(cal))
		d := mustRecord(t, svc, "yuejin")
		mustPublish(t, cal, notice2028)
		rep, err := svc.RecomputeAppealWindows(ctx, center())
		if err != nil || rep.Checked != 1 || rep.Skipped != 1 || len(rep.Changes) != 0 {
			t.Fatalf("report = %+v, %v; want it skipped", rep, err)
		}
		if n := store.updates.Load(); n != govops.MaxWriteRetries {
			t.Fatalf("%d update attempts, want %d", n, govops.MaxWriteRetries)
		}
		if got, _ := svc.GetDeduction(ctx, center(), d.ID.String()); got.Version != 1 || !got.AppealByProvisional {
			t.Fatalf("a skipped deduction changed: %+v", got)
		}
	})

	t.Run("ErrCalendarLostAYear", func(t *testing.T) {
		cal := MustOpenCalendar(t)
		svc, c := MustOpenService(t, hotline.WithCalendar(cal))
		mustPublish(t, cal, "year 2101\n")
		d := recordAt(t, svc, c, shanghai(2100, 12, 28, 10, 0))
		if err := cal.SetTables(); err != nil {
			t.Fatal(err)
		}
		_, err := svc.RecomputeAppealWindows(ctx, center())
		mustField(t, err, "appeal_by")
		mustField(t, err, "calendar")
		if msg := err.Error(); !strings.Contains(msg, d.ID.String()) || strings.Count(msg, "invalid") != 1 {
			t.Fatalf("error reads %q; want it to name deduction %s and say \"invalid\" once", msg, d.ID)
		}
	})

	for _, tc := range []struct {
		name string
		by   govops.Actor
		code string
	}{
		{"ErrDepartment", ownDept(), govops.EFORBIDDEN},
		{"ErrReadOnly", readOnly(), govops.EFORBIDDEN},
		{"ErrNoActor", govops.Actor{}, govops.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal := MustOpenCalendar(t)
			svc, c := MustOpenService(t, hotline.WithCalendar(cal))
			d := recordAt(t, svc, c, shanghai(2027, 12, 28, 10, 0))
			mustPublish(t, cal, notice2028)
			_, err := svc.RecomputeAppealWindows(ctx, tc.by)
			mustCode(t, err, tc.code)
			if got, _ := svc.GetDeduction(ctx, center(), d.ID.String()); got.Version != 1 {
				t.Fatalf("a refused recomputation changed the deduction: %+v", got)
			}
		})
	}
}

// racingStore runs before, once, ahead of the first UpdateDeduction, as a
// concurrent writer would; with conflicts set, every UpdateDeduction fails
// with ECONFLICT.
type racingStore struct {
	hotline.Store
	before    func()
	conflicts bool
	updates   atomic.Int32
}

func (s *racingStore) UpdateDeduction(ctx context.Context, d *hotline.Deduction, evs []hotline.DeductionEvent) error {
	if f := s.before; f != nil {
		s.before = nil
		f()
	}
	if s.conflicts {
		s.updates.Add(1)
		return govops.Errorf(govops.ECONFLICT, "the deduction was changed meanwhile")
	}
	return s.Store.UpdateDeduction(ctx, d, evs)
}
