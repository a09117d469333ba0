package hotline_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// mustRecord records a 0.2-point overdue deduction against dept in August
// 2022 at the service clock's time.
func mustRecord(tb testing.TB, svc *hotline.Service, dept string) *hotline.Deduction {
	tb.Helper()
	d, err := svc.RecordDeduction(context.Background(), staff("center-li"), hotline.DeductionInput{
		Department: dept, Month: hotline.NewMonth(2022, 8), RuleCode: hotline.RuleOverdue,
		Reason: "案件超期办结", CaseNumber: "2022-000123"})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func appeal() hotline.AppealInput {
	return hotline.AppealInput{Materials: "已在时限内办结,系统延迟", Attachments: []string{"办结截图.png", "https://example.org/a.pdf"}}
}

func TestService_RecordDeduction(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		svc, c := MustOpenService(t)
		d := mustRecord(t, svc, "yuejin")
		if !d.Points.Equal(dec("0.2")) || d.Status != hotline.DeductionRecorded || d.Version != 1 || d.ID.Version() != 7 {
			t.Fatalf("deduction = %+v", d)
		}
		// Recorded Monday 2022-09-05: working days 6, 7, 8, 9 and, after
		// the Mid-Autumn holiday of 10–12 September, 13. The window closes
		// at the end of the 13th.
		if want := shanghai(2022, 9, 14, 0, 0); !d.AppealBy.Equal(want) {
			t.Fatalf("AppealBy = %s, want %s", d.AppealBy, want)
		}
		if !d.RecordedAt.Equal(c.Now()) || d.RecordedBy != "center-li" {
			t.Fatalf("recorded = %s by %s", d.RecordedAt, d.RecordedBy)
		}
		hist, err := svc.DeductionHistory(ctx, center(), d.ID.String())
		if err != nil || len(hist) != 1 || hist[0].Type != hotline.EventRecorded || hist[0].Actor != "center-li" {
			t.Fatalf("history = %+v, %v", hist, err)
		}
	})
	t.Run("PointsOverride", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		d, err := svc.RecordDeduction(ctx, staff("a"), hotline.DeductionInput{Department: "x", Month: hotline.NewMonth(2022, 8),
			RuleCode: hotline.RuleOverdue, Points: dec("0.5"), Reason: "严重超期"})
		if err != nil || !d.Points.Equal(dec("0.5")) {
			t.Fatalf("deduction = %+v, %v", d, err)
		}
	})
	t.Run("ErrEveryBadField", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		_, err := svc.RecordDeduction(ctx, staff("a"), hotline.DeductionInput{Points: dec("0.001")})
		for _, f := range []string{"department", "month", "rule_code", "points", "reason"} {
			mustField(t, err, f)
		}
	})
	t.Run("ErrUnknownRule", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		_, err := svc.RecordDeduction(ctx, staff("a"), hotline.DeductionInput{Department: "x", Month: hotline.NewMonth(2022, 8),
			RuleCode: "late_lunch", Reason: "r"})
		mustField(t, err, "rule_code")
	})
	// A deduction counts in a month that has begun, in Shanghai: the month
	// of the clock is the latest one allowed.
	for _, tc := range []struct {
		name  string
		now   time.Time
		month hotline.Month
		ok    bool
	}{
		{"OKCurrentMonth", shanghai(2022, 9, 5, 10, 0), hotline.NewMonth(2022, 9), true},
		{"ErrNextMonth", shanghai(2022, 9, 5, 10, 0), hotline.NewMonth(2022, 10), false},
		{"ErrNextYear", shanghai(2022, 9, 5, 10, 0), hotline.NewMonth(2023, 8), false},
		{"ErrLastMinuteOfTheMonth", shanghai(2022, 9, 30, 23, 59), hotline.NewMonth(2022, 10), false},
		// 1 October 00:30 in Shanghai is still 30 September in UTC.
		{"OKFirstMinutesInShanghai", shanghai(2022, 10, 1, 0, 30), hotline.NewMonth(2022, 10), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, c := MustOpenService(t)
			c.Set(tc.now)
			d, err := svc.RecordDeduction(ctx, staff("a"), hotline.DeductionInput{Department: "x", Month: tc.month,
				RuleCode: hotline.RuleOverdue, Reason: "超期"})
			if tc.ok {
				if err != nil || d.Month != tc.month {
					t.Fatalf("deduction = %+v, %v", d, err)
				}
				return
			}
			mustField(t, err, "month")
			if p := govops.ErrorFields(err)["month"]; !strings.Contains(p, hotline.MonthOf(tc.now).String()) {
				t.Fatalf("problem %q does not name the current month %s", p, hotline.MonthOf(tc.now))
			}
			if ds, _ := items(svc.ListDeductions(ctx, center(), hotline.DeductionFilter{})); len(ds) != 0 {
				t.Fatalf("a refused deduction was stored: %+v", ds)
			}
		})
	}
	t.Run("CustomWindow", func(t *testing.T) {
		svc, _ := MustOpenService(t, hotline.WithAppealWindow(1))
		d := mustRecord(t, svc, "x")
		if want := shanghai(2022, 9, 7, 0, 0); !d.AppealBy.Equal(want) {
			t.Fatalf("AppealBy = %s, want %s", d.AppealBy, want)
		}
	})
}

func TestService_FileAppeal(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		svc, c := MustOpenService(t)
		d := mustRecord(t, svc, "yuejin")
		c.Set(shanghai(2022, 9, 13, 23, 59)) // the last minute of the window
		got, err := svc.FileAppeal(ctx, govops.Actor{Name: "yuejin-wang", Department: "yuejin"}, d.ID.String(), appeal())
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != hotline.DeductionAppealed || got.Version != 2 || got.AppealedBy != "yuejin-wang" ||
			len(got.Attachments) != 2 || got.Materials == "" {
			t.Fatalf("appealed = %+v", got)
		}
		hist, _ := svc.DeductionHistory(ctx, center(), d.ID.String())
		if len(hist) != 2 || hist[1].Type != hotline.EventAppealed || hist[1].ActorDept != "yuejin" ||
			hist[1].From != hotline.DeductionRecorded || len(hist[1].Attachments) != 2 {
			t.Fatalf("history = %+v", hist)
		}
	})
	for _, tc := range []struct {
		name      string
		actorDept string
		at        time.Time
		prepare   func(*hotline.Service, *hotline.Deduction)
		in        hotline.AppealInput
		code      string
		field     string
	}{
		{name: "ErrAfterWindow", actorDept: "yuejin", at: shanghai(2022, 9, 14, 0, 0), in: appeal(), code: govops.EINVALID, field: "appeal_by"},
		{name: "ErrCenterStaffCannotAppeal", actorDept: "", at: shanghai(2022, 9, 6, 9, 0), in: appeal(), code: govops.EFORBIDDEN},
		// Another department cannot see the deduction at all.
		{name: "ErrOtherDepartmentNotFound", actorDept: "zhifa", at: shanghai(2022, 9, 6, 9, 0), in: appeal(), code: govops.ENOTFOUND},
		{name: "ErrNoMaterials", actorDept: "yuejin", at: shanghai(2022, 9, 6, 9, 0), in: hotline.AppealInput{}, code: govops.EINVALID, field: "materials"},
		{name: "ErrStaleVersion", actorDept: "yuejin", at: shanghai(2022, 9, 6, 9, 0),
			in: hotline.AppealInput{Materials: "m", IfVersion: 7}, code: govops.ECONFLICT},
		{name: "ErrAlreadyOpen", actorDept: "yuejin", at: shanghai(2022, 9, 6, 9, 0), in: appeal(), code: govops.ECONFLICT,
			prepare: func(svc *hotline.Service, d *hotline.Deduction) {
				if _, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), appeal()); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "ErrDecidedIsFinal", actorDept: "yuejin", at: shanghai(2022, 9, 6, 9, 0), in: appeal(), code: govops.ECONFLICT,
			prepare: func(svc *hotline.Service, d *hotline.Deduction) {
				if _, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), appeal()); err != nil {
					t.Fatal(err)
				}
				if _, err := svc.DecideAppeal(ctx, staff("center"), d.ID.String(), hotline.DecisionInput{Decision: hotline.DecisionUphold, Note: "材料不足"}); err != nil {
					t.Fatal(err)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, c := MustOpenService(t)
			d := mustRecord(t, svc, "yuejin")
			c.Set(tc.at)
			if tc.prepare != nil {
				tc.prepare(svc, d)
			}
			before, _ := svc.GetDeduction(ctx, center(), d.ID.String())
			_, err := svc.FileAppeal(ctx, govops.Actor{Name: "someone", Department: tc.actorDept}, d.ID.String(), tc.in)
			mustCode(t, err, tc.code)
			if tc.field != "" {
				mustField(t, err, tc.field)
			}
			after, _ := svc.GetDeduction(ctx, center(), d.ID.String())
			if after.Version != before.Version || after.Status != before.Status {
				t.Fatalf("a refused appeal changed the deduction: %+v → %+v", before, after)
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		_, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, uuid.Must(uuid.NewV7()).String(), appeal())
		mustCode(t, err, govops.ENOTFOUND)
	})
	t.Run("ErrTransitionNamesStates", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		d := mustRecord(t, svc, "yuejin")
		if _, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), appeal()); err != nil {
			t.Fatal(err)
		}
		_, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), appeal())
		msg := govops.ErrorMessage(err)
		for _, s := range []string{"appealed", "复核中"} {
			if !strings.Contains(msg, s) {
				t.Fatalf("message %q does not name %q", msg, s)
			}
		}
	})
}

func TestService_DecideAppeal(t *testing.T) {
	ctx := context.Background()
	aug := hotline.NewMonth(2022, 8)
	points := func(t *testing.T, svc *hotline.Service) (int64, string) {
		t.Helper()
		ma, err := svc.MonthlyAssessment(ctx, center(), aug)
		if err != nil {
			t.Fatal(err)
		}
		return ma.District.Deductions, ma.District.DeductionPoints.String()
	}
	for _, tc := range []struct {
		name     string
		decision hotline.Decision
		status   hotline.DeductionStatus
		count    int64
		points   string
		total    string
	}{
		{"UpheldKeepsCounting", hotline.DecisionUphold, hotline.DeductionUpheld, 2, "0.4", "99.6"},
		{"OverturnedStopsCounting", hotline.DecisionOverturn, hotline.DeductionOverturned, 1, "0.2", "99.8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := MustOpenService(t)
			d := mustRecord(t, svc, "yuejin")
			mustRecord(t, svc, "zhifa")
			if n, p := points(t, svc); n != 2 || p != "0.4" {
				t.Fatalf("before: %d deductions, %s points; want 2, 0.4", n, p)
			}
			if _, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), appeal()); err != nil {
				t.Fatal(err)
			}
			// An open appeal still counts.
			if n, _ := points(t, svc); n != 2 {
				t.Fatalf("appealed deduction stopped counting")
			}
			got, err := svc.DecideAppeal(ctx, staff("center-zhang"), d.ID.String(), hotline.DecisionInput{Decision: tc.decision, Note: "经核实"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.status || got.DecidedBy != "center-zhang" || got.Version != 3 {
				t.Fatalf("decided = %+v", got)
			}
			if n, p := points(t, svc); n != tc.count || p != tc.points {
				t.Fatalf("after: %d deductions, %s points; want %d, %s", n, p, tc.count, tc.points)
			}
			ma, _ := svc.MonthlyAssessment(ctx, center(), aug)
			if y, _ := ma.Department("yuejin"); tc.status == hotline.DeductionOverturned && y.Deductions != 0 {
				t.Fatalf("yuejin still loses points: %+v", y)
			}
			hist, _ := svc.DeductionHistory(ctx, center(), d.ID.String())
			if len(hist) != 3 || hist[2].To != tc.status || hist[2].Actor != "center-zhang" || hist[2].Seq != 3 {
				t.Fatalf("history = %+v", hist)
			}
			// The district total loses only what still counts.
			if !ma.District.Total.Equal(dec(tc.total)) {
				t.Fatalf("district total = %s, want %s", ma.District.Total, tc.total)
			}
		})
	}
	t.Run("ErrDepartmentCannotDecide", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		d := mustRecord(t, svc, "yuejin")
		if _, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), appeal()); err != nil {
			t.Fatal(err)
		}
		_, err := svc.DecideAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "n"})
		mustCode(t, err, govops.EFORBIDDEN)
	})
	t.Run("ErrNoOpenAppeal", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		d := mustRecord(t, svc, "yuejin")
		_, err := svc.DecideAppeal(ctx, staff("c"), d.ID.String(), hotline.DecisionInput{Decision: hotline.DecisionOverturn, Note: "n"})
		mustCode(t, err, govops.ECONFLICT)
		if msg := govops.ErrorMessage(err); !strings.Contains(msg, "recorded") || !strings.Contains(msg, "overturned") {
			t.Fatalf("message %q does not name both states", msg)
		}
	})
	t.Run("ErrBadDecision", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		d := mustRecord(t, svc, "yuejin")
		_, err := svc.DecideAppeal(ctx, staff("c"), d.ID.String(), hotline.DecisionInput{Decision: "maybe"})
		mustField(t, err, "decision")
		mustField(t, err, "note")
	})
	t.Run("ConcurrentDecisionsOneWins", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		d := mustRecord(t, svc, "yuejin")
		if _, err := svc.FileAppeal(ctx, govops.Actor{Name: "w", Department: "yuejin"}, d.ID.String(), appeal()); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, conflicts := 0, 0
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				dec := hotline.DecisionUphold
				if i%2 == 0 {
					dec = hotline.DecisionOverturn
				}
				_, err := svc.DecideAppeal(ctx, staff("c"), d.ID.String(), hotline.DecisionInput{Decision: dec, Note: "n"})
				mu.Lock()
				defer mu.Unlock()
				switch govops.ErrorCode(err) {
				case "":
					wins++
				case govops.ECONFLICT:
					conflicts++
				default:
					t.Errorf("unexpected error: %v", err)
				}
			}(i)
		}
		wg.Wait()
		if wins != 1 || conflicts != 49 {
			t.Fatalf("wins = %d, conflicts = %d; want 1 and 49", wins, conflicts)
		}
		hist, _ := svc.DeductionHistory(ctx, center(), d.ID.String())
		if len(hist) != 3 {
			t.Fatalf("history has %d events, want 3", len(hist))
		}
	})
}
