package hotline_test

import (
	"context"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

func TestService_ImportCallbacks(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	ins := []hotline.CallbackInput{
		// No month: it is the month of the callback, in Shanghai (Sep 1,
		// 00:30 Beijing time is still Aug 31 in UTC).
		{CaseNumber: "LZ-1", Department: "yuejin", Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 9, 1, 0, 30)},
		{CaseNumber: "LZ-2", Department: "", Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 9, 2, 10, 0)},
		{CaseNumber: "LZ-3", Department: "yuejin", Result: "great", CalledAt: shanghai(2022, 9, 2, 10, 0)},
	}
	rep, err := s.ImportCallbacks(ctx, staff("考核组"), ins, csvimport.KeepGood)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.BadRows() != 2 {
		t.Fatalf("report = %+v; want 1 imported and rows 2 and 3 reported", rep)
	}
	if rep.Errors[0].Row != 2 || rep.Errors[0].Field != "department" || rep.Errors[1].Row != 3 || rep.Errors[1].Field != "result" {
		t.Fatalf("errors = %+v", rep.Errors)
	}
	got, err := items(s.ListCallbacks(ctx, center(), hotline.CallbackFilter{CaseNumber: "LZ-1"}))
	if err != nil || len(got) != 1 {
		t.Fatalf("ListCallbacks = %v, %v", got, err)
	}
	if got[0].Month != hotline.NewMonth(2022, 9) {
		t.Fatalf("month = %v, want 2022-09 (from the callback time)", got[0].Month)
	}
	if ins[0].Month != (hotline.Month{}) {
		t.Fatal("the caller's input was changed")
	}
}

func TestService_PersonalDataForViewers(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t)
	center := govops.Actor{Name: "考核组"}
	viewer := govops.Actor{Name: "审计", ReadOnly: true}
	d, err := s.RecordDeduction(ctx, center, hotline.DeductionInput{Department: "yuejin", Month: hotline.NewMonth(2022, 8),
		RuleCode: hotline.RuleOverdue, Reason: "市民13812341234投诉超期"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetDeduction(ctx, viewer, d.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if got.Reason != "市民138****1234投诉超期" {
		t.Fatalf("viewer sees reason %q, want the phone masked", got.Reason)
	}
	hist, err := s.DeductionHistory(ctx, viewer, d.ID.String())
	if err != nil || hist[0].Note != "市民138****1234投诉超期" {
		t.Fatalf("viewer sees history %v, %v", hist, err)
	}
	got, err = s.GetDeduction(ctx, center, d.ID.String())
	if err != nil || got.Reason != "市民13812341234投诉超期" {
		t.Fatalf("center sees %q, %v; want the reason whole", got.Reason, err)
	}
	_, err = s.RecordCallback(ctx, center, hotline.CallbackInput{CaseNumber: "LZ-9", Department: "yuejin",
		Result: hotline.ResultSatisfied, CalledAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	mustField(t, err, "called_at")
}

func TestService_DepartmentCheck(t *testing.T) {
	ctx := context.Background()
	s, _ := MustOpenService(t, hotline.WithDepartmentCheck(func(_ context.Context, code string) error {
		if code != "yuejin" {
			return govops.FieldError("department", "no department has code "+code)
		}
		return nil
	}))
	center := govops.Actor{Name: "考核组"}
	_, err := s.RecordCallback(ctx, center, hotline.CallbackInput{CaseNumber: "LZ-1", Department: "nowhere",
		Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 9, 1, 10, 0)})
	mustField(t, err, "department")
	_, err = s.RecordDeduction(ctx, center, hotline.DeductionInput{Department: "nowhere", Month: hotline.NewMonth(2022, 8),
		RuleCode: hotline.RuleOverdue, Reason: "超期"})
	mustField(t, err, "department")
	_, err = s.RecordDeduction(ctx, govops.Actor{Name: "x", Department: "nowhere"}, hotline.DeductionInput{})
	mustCode(t, err, govops.EFORBIDDEN) // permission comes before the lookup
	if _, err := s.RecordDeduction(ctx, center, hotline.DeductionInput{Department: "yuejin", Month: hotline.NewMonth(2022, 8),
		RuleCode: hotline.RuleOverdue, Reason: "超期"}); err != nil {
		t.Fatal(err)
	}
}
