package hotline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

// mustOutcome records a dispatched outcome of caseNumber for dept in
// August 2022.
func mustOutcome(tb testing.TB, svc *hotline.Service, caseNumber, dept string) {
	tb.Helper()
	if _, err := svc.RecordOutcome(context.Background(), center(), hotline.OutcomeInput{CaseNumber: caseNumber,
		Department: dept, Month: hotline.NewMonth(2022, 8), Dispatched: true}); err != nil {
		tb.Fatal(err)
	}
}

func TestService_RecordCallback(t *testing.T) {
	ctx := context.Background()
	// The clock of MustOpenService reads Monday 2022-09-05 10:00 in Shanghai.
	now := shanghai(2022, 9, 5, 10, 0)
	for _, tc := range []struct {
		name     string
		calledAt time.Time
		ok       bool
	}{
		{"OKInThePast", shanghai(2022, 8, 31, 16, 0), true},
		{"OKNow", now, true},
		// MaxCallbackClockSkew, as documented: five minutes.
		{"OKWithinClockSkew", now.Add(5 * time.Minute), true},
		{"ErrBeyondClockSkew", now.Add(5*time.Minute + time.Second), false},
		{"ErrTomorrow", shanghai(2022, 9, 6, 9, 0), false},
		// 10:00 written in UTC is 18:00 in Shanghai, hours ahead of the clock.
		{"ErrLocalTimeReadAsUTC", time.Date(2022, 9, 5, 10, 0, 0, 0, time.UTC), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := MustOpenService(t)
			c, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "LZ-1", Department: "yuejin",
				Result: hotline.ResultSatisfied, CalledAt: tc.calledAt})
			if tc.ok {
				if err != nil || !c.CalledAt.Equal(tc.calledAt) {
					t.Fatalf("callback = %+v, %v", c, err)
				}
				return
			}
			mustField(t, err, "called_at")
			if cs, _ := items(svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{})); len(cs) != 0 {
				t.Fatalf("a refused callback was stored: %+v", cs)
			}
		})
	}
	t.Run("OKDepartmentOfTheOutcome", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		mustOutcome(t, svc, "LZ-2", "yuejin")
		if _, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "LZ-2", Department: "yuejin",
			Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 9, 1, 10, 0)}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrDepartmentOtherThanTheOutcomes", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		mustOutcome(t, svc, "LZ-2", "yuejin")
		_, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "LZ-2", Department: "zhifa",
			Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 9, 1, 10, 0)})
		mustField(t, err, "department")
		if p := govops.ErrorFields(err)["department"]; !strings.Contains(p, "yuejin") {
			t.Fatalf("problem %q does not name the outcome's department yuejin", p)
		}
	})
	t.Run("FollowsTheOutcomeAsItChanges", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		mustOutcome(t, svc, "LZ-2", "yuejin")
		mustOutcome(t, svc, "LZ-2", "zhifa") // the case moved on
		in := hotline.CallbackInput{CaseNumber: "LZ-2", Department: "yuejin", Result: hotline.ResultSatisfied,
			CalledAt: shanghai(2022, 9, 1, 10, 0)}
		_, err := svc.RecordCallback(ctx, center(), in)
		mustField(t, err, "department")
		in.Department = "zhifa"
		if _, err := svc.RecordCallback(ctx, center(), in); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrEveryImpossibleField", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		mustOutcome(t, svc, "LZ-2", "yuejin")
		_, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "LZ-2", Department: "zhifa",
			Result: "great", CalledAt: shanghai(2022, 9, 6, 9, 0)})
		for _, f := range []string{"department", "result", "called_at"} {
			mustField(t, err, f)
		}
	})
	t.Run("ErrImpossibleBeforeDepartmentCheck", func(t *testing.T) {
		checked := false
		svc, _ := MustOpenService(t, hotline.WithDepartmentCheck(func(context.Context, string) error {
			checked = true
			return nil
		}))
		_, err := svc.RecordCallback(ctx, center(), hotline.CallbackInput{CaseNumber: "LZ-1", Department: "yuejin",
			Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 9, 6, 9, 0)})
		mustField(t, err, "called_at")
		if checked {
			t.Fatal("the department check ran for a refused callback")
		}
	})
}

// impossibleCallbacks has a good row, and a bad row for each way a
// callback cannot have happened; the outcomes of 2022-000101, -103 and
// -105 record yuejin (see seedImpossible).
const impossibleCallbacks = `case_number,department,result,called_at
2022-000101,yuejin,满意,2022-09-05 09:00
2022-000102,yuejin,满意,2022-09-06 09:00
2022-000103,zhifa,满意,2022-09-01 09:00
2022-000104,yuejin,满意,2022-09-05 10:05
2022-000105,zhifa,不满意,2023-09-01 09:00
2022-000106,zhifa,满意,2022-09-05T10:00:00Z
2022-000107,zhifa,满意,2022-09-02 09:00
`

// impossibleErrors are the problems of impossibleCallbacks, by line and
// field: line 3 is tomorrow, line 4 names another department than its
// outcome, line 6 does both, line 7 is 10:00 UTC (18:00 in Shanghai).
// Line 5 lies within MaxCallbackClockSkew.
var impossibleErrors = []csvimport.RowError{
	{Row: 3, Field: "called_at"}, {Row: 4, Field: "department"},
	{Row: 6, Field: "department"}, {Row: 6, Field: "called_at"}, {Row: 7, Field: "called_at"},
}

func seedImpossible(tb testing.TB, svc *hotline.Service) {
	tb.Helper()
	for _, n := range []string{"2022-000101", "2022-000103", "2022-000105"} {
		mustOutcome(tb, svc, n, "yuejin")
	}
}

// checkImpossible fails tb unless rep reports exactly impossibleErrors,
// their rows less shift, out of 7 rows.
func checkImpossible(tb testing.TB, rep *csvimport.Report, shift int) {
	tb.Helper()
	var got, want []string
	for _, e := range rep.Errors {
		got = append(got, fmt.Sprintf("%d %s", e.Row, e.Field))
		if e.Field == "department" && !strings.Contains(e.Problem, "yuejin") {
			tb.Errorf("row %d: problem %q does not name the outcome's department yuejin", e.Row, e.Problem)
		}
	}
	for _, e := range impossibleErrors {
		want = append(want, fmt.Sprintf("%d %s", e.Row-shift, e.Field))
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		tb.Fatalf("errors = %q, want %q (all: %+v)", got, want, rep.Errors)
	}
	if rep.Rows != 7 || rep.BadRows() != 4 {
		tb.Fatalf("rows = %d, bad = %d; want 7 and 4", rep.Rows, rep.BadRows())
	}
}

func TestService_ImportCallbacks_ImpossibleRows(t *testing.T) {
	ctx := context.Background()
	t.Run("CSVAllOrNothing", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		seedImpossible(t, svc)
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(impossibleCallbacks), csvimport.AllOrNothing)
		for _, f := range []string{"row[3].called_at", "row[4].department", "row[6].department", "row[6].called_at", "row[7].called_at"} {
			mustField(t, err, f)
		}
		checkImpossible(t, rep, 0)
		if cs, _ := items(svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{})); rep.Imported != 0 || len(cs) != 0 {
			t.Fatalf("imported %d, stored %d; want nothing", rep.Imported, len(cs))
		}
	})
	t.Run("CSVKeepGood", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		seedImpossible(t, svc)
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(impossibleCallbacks), csvimport.KeepGood)
		if err != nil {
			t.Fatal(err)
		}
		checkImpossible(t, rep, 0)
		cs, _ := items(svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{}))
		var stored []string
		for _, c := range cs {
			stored = append(stored, c.CaseNumber)
		}
		if rep.Imported != 3 || strings.Join(stored, ",") != "2022-000107,2022-000104,2022-000101" {
			t.Fatalf("imported %d, stored %v; want lines 2, 5 and 8", rep.Imported, stored)
		}
	})
	t.Run("GoValues", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		seedImpossible(t, svc)
		rows, errs, err := hotline.ParseCallbacksCSV(strings.NewReader(impossibleCallbacks))
		if err != nil || len(errs) != 0 {
			t.Fatalf("parse: %v, %v", errs, err)
		}
		ins := make([]hotline.CallbackInput, len(rows))
		for i, r := range rows {
			ins[i] = r.Input
		}
		// The rows of a Go import are the indexes plus 1: one less than
		// the lines of the file, whose header is line 1.
		rep, err := svc.ImportCallbacks(ctx, staff("admin"), ins, csvimport.KeepGood)
		if err != nil {
			t.Fatal(err)
		}
		checkImpossible(t, rep, 1)
		if rep.Imported != 3 {
			t.Fatalf("imported %d, want 3", rep.Imported)
		}
	})
	t.Run("FutureRowIsNotADuplicate", func(t *testing.T) {
		// A row refused as impossible does not take its case and month:
		// a later good row for them is written.
		svc, _ := MustOpenService(t)
		csv := "case_number,department,result,called_at,month\n" +
			"2022-000201,yuejin,满意,2022-09-30 09:00,2022-09\n" +
			"2022-000201,yuejin,满意,2022-09-02 09:00,2022-09\n"
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.KeepGood)
		if err != nil || rep.Imported != 1 || len(rep.Errors) != 1 || rep.Errors[0].Row != 2 || rep.Errors[0].Field != "called_at" {
			t.Fatalf("report = %+v, %v", rep, err)
		}
	})
}
