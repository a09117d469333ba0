package hotline_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

func TestService_RecordOutcome(t *testing.T) {
	ctx := context.Background()
	aug, sep := hotline.NewMonth(2022, 8), hotline.NewMonth(2022, 9)
	base := hotline.OutcomeInput{CaseNumber: "2022-000123", Department: "yuejin", Month: aug, Dispatched: true}

	t.Run("CreateThenUpdate", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		o, err := svc.RecordOutcome(ctx, staff("hook"), base)
		if err != nil || o.Version != 1 || o.UpdatedBy != "hook" {
			t.Fatalf("create = %+v, %v", o, err)
		}
		n := base
		n.AcceptedOnTime, n.Replied = true, true
		o, err = svc.RecordOutcome(ctx, staff("hook"), n)
		if err != nil || o.Version != 2 || !o.Replied {
			t.Fatalf("update = %+v, %v", o, err)
		}
	})
	t.Run("IdempotentSameFacts", func(t *testing.T) {
		svc, c := MustOpenService(t)
		first, err := svc.RecordOutcome(ctx, staff("hook"), base)
		if err != nil {
			t.Fatal(err)
		}
		c.Set(c.Now().Add(time.Hour))
		again, err := svc.RecordOutcome(ctx, staff("other"), base)
		if err != nil || again.Version != 1 || !again.UpdatedAt.Equal(first.UpdatedAt) || again.UpdatedBy != "hook" {
			t.Fatalf("repeat = %+v, %v; want the stored version 1 unchanged", again, err)
		}
	})
	t.Run("MonthMoves", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		if _, err := svc.RecordOutcome(ctx, staff("hook"), base); err != nil {
			t.Fatal(err)
		}
		n := base
		n.Month = sep
		if _, err := svc.RecordOutcome(ctx, staff("hook"), n); err != nil {
			t.Fatal(err)
		}
		a, _ := svc.MonthlyAssessment(ctx, center(), aug)
		s, _ := svc.MonthlyAssessment(ctx, center(), sep)
		if a.District.Volume != 0 || s.District.Volume != 1 {
			t.Fatalf("volumes aug %d sep %d, want 0 and 1", a.District.Volume, s.District.Volume)
		}
	})
	t.Run("KeepMonth", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		n := base
		n.Month, n.KeepMonth = sep, true
		o, err := svc.RecordOutcome(ctx, staff("hook"), n)
		if err != nil || o.Month != sep {
			t.Fatalf("first record with KeepMonth = %+v, %v; want the month given", o, err)
		}
		n.Month, n.Replied = aug, true
		o, err = svc.RecordOutcome(ctx, staff("hook"), n)
		if err != nil || o.Month != sep || !o.Replied || o.Version != 2 {
			t.Fatalf("later record with KeepMonth = %+v, %v; want September kept and the reply recorded", o, err)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		if _, err := svc.RecordOutcome(ctx, staff("hook"), base); err != nil {
			t.Fatal(err)
		}
		n := base
		n.Replied, n.IfVersion = true, 3
		_, err := svc.RecordOutcome(ctx, staff("hook"), n)
		mustCode(t, err, govops.ECONFLICT)
		n.IfVersion = 1
		if o, err := svc.RecordOutcome(ctx, staff("hook"), n); err != nil || o.Version != 2 {
			t.Fatalf("with the right version: %+v, %v", o, err)
		}
	})
	t.Run("ErrVersionOfMissing", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		n := base
		n.IfVersion = 1
		_, err := svc.RecordOutcome(ctx, staff("hook"), n)
		mustCode(t, err, govops.ENOTFOUND)
	})
	t.Run("ErrFlagsWithoutDispatch", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		_, err := svc.RecordOutcome(ctx, staff("hook"), hotline.OutcomeInput{Replied: true, Redone: true})
		for _, f := range []string{"case_number", "department", "month", "replied", "redone"} {
			mustField(t, err, f)
		}
	})
	t.Run("ConcurrentBlindWritesAllLand", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				n := base
				n.Replied = i%2 == 0
				n.AcceptedOnTime = i%3 == 0
				if _, err := svc.RecordOutcome(ctx, staff("hook"), n); err != nil {
					t.Errorf("RecordOutcome: %v", err)
				}
			}(i)
		}
		wg.Wait()
		if _, err := svc.GetOutcome(ctx, center(), base.CaseNumber); err != nil {
			t.Fatal(err)
		}
	})
}

func TestService_YearToDate(t *testing.T) {
	ctx := context.Background()
	svc, _ := MustOpenService(t)
	// January 95.91%, March 95.93% (no February data); district average 95.92.
	jan, mar := hotline.NewMonth(2022, 1), hotline.NewMonth(2022, 3)
	addCallbacks(t, svc, "A", jan, map[hotline.Result]int{hotline.ResultSatisfied: 9591, hotline.ResultDissatisfied: 409})
	addCallbacks(t, svc, "A", mar, map[hotline.Result]int{hotline.ResultSatisfied: 9593, hotline.ResultDissatisfied: 407})
	addOutcomes(t, svc, "A", jan, outcomeSpec{10, 10, 10, 0, 0, 10})
	addOutcomes(t, svc, "B", mar, outcomeSpec{10, 10, 10, 0, 0, 9})
	for _, dept := range []string{"A", "B"} {
		if _, err := svc.RecordDeduction(ctx, staff("c"), hotline.DeductionInput{Department: dept, Month: mar, RuleCode: hotline.RuleOverdue, Reason: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	// A September callback lies after the period and must not count.
	addCallbacks(t, svc, "A", hotline.NewMonth(2022, 9), map[hotline.Result]int{hotline.ResultDissatisfied: 50})

	y, err := svc.YearToDate(ctx, center(), hotline.NewMonth(2022, 8))
	if err != nil {
		t.Fatal(err)
	}
	if len(y.Months) != 2 || y.Months[0] != jan || y.Months[1] != mar {
		t.Fatalf("months covered = %v, want [2022-01 2022-03]", y.Months)
	}
	if !y.District.AverageSatisfaction.Equal(dec("95.92")) || y.District.SatisfactionMonths != 2 {
		t.Fatalf("average satisfaction = %s over %d months, want 95.92 over 2", y.District.AverageSatisfaction, y.District.SatisfactionMonths)
	}
	if y.District.Deductions != 2 || !y.District.DeductionPoints.Equal(dec("0.4")) {
		t.Fatalf("deductions = %d / %s", y.District.Deductions, y.District.DeductionPoints)
	}
	if len(y.DeductionsByDepartment) != 2 || y.DeductionsByDepartment[0].Department != "A" || !y.DeductionsByDepartment[1].Points.Equal(dec("0.2")) {
		t.Fatalf("breakdown = %+v", y.DeductionsByDepartment)
	}
	// 19 of 20 dispatched cases replied over the two months.
	if y.District.Response.Numerator != 19 || y.District.Response.Denominator != 20 || !y.District.Response.Percent.Equal(dec("95")) {
		t.Fatalf("response = %+v", y.District.Response)
	}
	b, ok := y.Department("B")
	if !ok || b.Months != 1 || b.SatisfactionMonths != 0 || b.Volume != 10 {
		t.Fatalf("B = %+v", b)
	}
	a, _ := y.Department("A")
	if a.Months != 2 || a.Callbacks[hotline.ResultSatisfied] != 19184 {
		t.Fatalf("A = %+v", a)
	}
	// District monthly totals: January 100, March 100 − 0.4 → average 99.8.
	if !y.District.AverageScore.Equal(dec("99.8")) {
		t.Fatalf("average score = %s, want 99.8", y.District.AverageScore)
	}
}
