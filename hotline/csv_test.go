package hotline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

const badCallbacks = `case_number,department,month,result,called_at,note
2022-000001,yuejin,2022-08,satisfied,2022-08-03 10:30:00,ok
2022-000002,yuejin,2022-13,happy,2022-08-03 10:30:00,
2022-000003,zhifa,2022-08,满意,,
2022-000004,zhifa,2022-08
2022-000001,yuejin,2022-08,dissatisfied,2022-08-04 10:30,again
2022-000005,zhengbu,,未接通,2022-08-31T23:30:00+08:00,
`

func TestService_ImportCallbacksCSV(t *testing.T) {
	ctx := context.Background()
	wantErrors := []string{
		"row 3, month", "row 3, result", "row 4, called_at", "row 5", "row 6, case_number",
	}
	check := func(t *testing.T, rep *csvimport.Report) {
		t.Helper()
		var got []string
		for _, e := range rep.Errors {
			s := e.String()
			got = append(got, s[:strings.Index(s, ":")])
		}
		if strings.Join(got, "|") != strings.Join(wantErrors, "|") {
			t.Fatalf("errors = %q, want %q (all: %+v)", got, wantErrors, rep.Errors)
		}
		if rep.Rows != 6 || rep.BadRows() != 4 {
			t.Fatalf("rows = %d, bad = %d; want 6 and 4", rep.Rows, rep.BadRows())
		}
	}
	t.Run("AllOrNothingWritesNothing", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(badCallbacks), csvimport.AllOrNothing)
		mustCode(t, err, govops.EINVALID)
		if _, ok := govops.ErrorFields(err)["row[3].month"]; !ok {
			t.Fatalf("error fields = %v", govops.ErrorFields(err))
		}
		check(t, rep)
		if rep.Imported != 0 {
			t.Fatalf("imported = %d", rep.Imported)
		}
		if cs, _ := items(svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{})); len(cs) != 0 {
			t.Fatalf("%d callbacks were written", len(cs))
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(badCallbacks), csvimport.KeepGood)
		if err != nil {
			t.Fatal(err)
		}
		check(t, rep)
		if rep.Imported != 2 {
			t.Fatalf("imported = %d, want 2", rep.Imported)
		}
		cs, _ := items(svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{Department: "zhengbu"}))
		if len(cs) != 1 || cs[0].Result != hotline.ResultUnreachable || cs[0].Month != hotline.NewMonth(2022, 8) || cs[0].CreatedBy != "admin" {
			t.Fatalf("zhengbu callbacks = %+v (month comes from called_at in Shanghai)", cs)
		}
	})
	t.Run("ExistingInStoreIsABadRow", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		if _, err := svc.RecordCallback(ctx, staff("a"), hotline.CallbackInput{CaseNumber: "2022-000005", Department: "zhengbu",
			Result: hotline.ResultSatisfied, CalledAt: shanghai(2022, 8, 1, 9, 0)}); err != nil {
			t.Fatal(err)
		}
		csv := "case_number,department,result,called_at\n2022-000005,zhengbu,满意,2022-08-02 09:00\n2022-000006,zhengbu,满意,2022-08-02 09:00\n"
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.KeepGood)
		if err != nil || rep.Imported != 1 || len(rep.Errors) != 1 || rep.Errors[0].Row != 2 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
	})
	t.Run("ChineseHeaderAnyOrder", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		csv := "\ufeff回访结果,案件编号,部门,回访时间\n基本满意,2022-000009,yuejin,2022/08/09 15:00:00\n"
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.AllOrNothing)
		if err != nil || rep.Imported != 1 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		cs, _ := items(svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{CaseNumber: "2022-000009"}))
		if len(cs) != 1 || cs[0].Result != hotline.ResultBasicallySatisfied || !cs[0].CalledAt.Equal(shanghai(2022, 8, 9, 15, 0)) {
			t.Fatalf("callbacks = %+v", cs)
		}
	})
	t.Run("GB18030Detected", func(t *testing.T) {
		// As Excel on a Chinese Windows saves it.
		svc, _ := MustOpenService(t)
		csv, err := simplifiedchinese.GB18030.NewEncoder().String("案件编号,部门,回访结果,回访时间,备注\n" +
			"2022-000010,yuejin,不满意,2022-08-09 15:00,市民称未解决\n" +
			"2022-000011,yuejin,很满意,2022-08-09 15:00,\n")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.KeepGood)
		if err != nil || rep.Imported != 1 || len(rep.Errors) != 1 || rep.Errors[0].Row != 3 || rep.Errors[0].Field != "result" ||
			!strings.Contains(rep.Errors[0].Problem, "很满意") {
			t.Fatalf("report = %+v, %v; want row 2 imported and row 3's result quoted in Chinese", rep, err)
		}
		cs, _ := items(svc.ListCallbacks(ctx, center(), hotline.CallbackFilter{CaseNumber: "2022-000010"}))
		if len(cs) != 1 || cs[0].Result != hotline.ResultDissatisfied || cs[0].Note != "市民称未解决" {
			t.Fatalf("callbacks = %+v", cs)
		}
	})
	for _, tc := range []struct {
		name, csv string
		fields    []string
	}{
		{"ErrEmptyFile", "", []string{"header"}},
		{"ErrUnknownAndMissingColumns", "case_number,dept,result\n", []string{"header[1]", "department", "called_at"}},
		{"ErrColumnTwice", "case_number,department,result,called_at,部门\n", []string{"header[4]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := MustOpenService(t)
			rep, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(tc.csv), csvimport.KeepGood)
			if rep != nil {
				t.Fatalf("a header problem returned a report: %+v", rep)
			}
			for _, f := range tc.fields {
				mustField(t, err, f)
			}
		})
	}
	t.Run("ErrBadMode", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		_, err := svc.ImportCallbacksCSV(ctx, staff("admin"), strings.NewReader(badCallbacks), "some")
		mustField(t, err, "mode")
	})
}

func TestService_ImportOutcomesCSV(t *testing.T) {
	ctx := context.Background()
	csv := `case_number,department,month,dispatched,accepted_on_time,resolved_on_time,returned,redone,replied
2022-000001,yuejin,2022-08,true,true,true,false,false,true
2022-000002,yuejin,2022-08,1,0,1,0,0,1
2022-000003,zhifa,2022-08,否,否,否,否,否,是
2022-000004,zhifa,2022-08,yes,maybe,no,no,no,yes
2022-000002,zhifa,2022-08,是,是,是,否,否,是
`
	t.Run("AllOrNothing", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		rep, err := svc.ImportOutcomesCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.AllOrNothing)
		mustCode(t, err, govops.EINVALID)
		var got []string
		for _, e := range rep.Errors {
			got = append(got, fmt.Sprintf("%d:%s", e.Row, e.Field))
		}
		if want := "4:replied 5:accepted_on_time 6:case_number"; strings.Join(got, " ") != want {
			t.Fatalf("errors = %v, want %s", got, want)
		}
		if os, _ := items(svc.ListOutcomes(ctx, center(), hotline.OutcomeFilter{})); len(os) != 0 {
			t.Fatalf("%d outcomes written", len(os))
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		rep, err := svc.ImportOutcomesCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.KeepGood)
		if err != nil || rep.Imported != 2 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		o, err := svc.GetOutcome(ctx, center(), "2022-000002")
		if err != nil || o.AcceptedOnTime || !o.ResolvedOnTime || o.Version != 1 {
			t.Fatalf("outcome = %+v, %v", o, err)
		}
		// Importing it again: every row now exists.
		rep, err = svc.ImportOutcomesCSV(ctx, staff("admin"), strings.NewReader(csv), csvimport.KeepGood)
		if err != nil || rep.Imported != 0 || len(rep.Errors) != 5 {
			t.Fatalf("second import = %+v, %v", rep, err)
		}
	})
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2022-08", "2022-8", "202208", "2022年8月", "2022-13", "", "9999-12", "1899-01", "-0001-1", "２０２２-08"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := hotline.ParseMonth(s)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("ParseMonth(%q) error code %q", s, govops.ErrorCode(err))
			}
			return
		}
		if !m.Valid() {
			t.Fatalf("ParseMonth(%q) = invalid %+v", s, m)
		}
		back, err := hotline.ParseMonth(m.String())
		if err != nil || back != m {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
		p, err := hotline.ParsePeriod(s)
		if err != nil || p != hotline.MonthPeriod(m) {
			t.Fatalf("ParsePeriod(%q) = %v, %v; want %v", s, p, err, m)
		}
	})
}

// checkRows asserts what every parser promises: no row both parsed and
// reported, row numbers past the header, and every parsed row valid.
func checkRows(t *testing.T, parsed []int, errs []csvimport.RowError) {
	t.Helper()
	ok := map[int]bool{}
	for _, r := range parsed {
		if r < 2 {
			t.Fatalf("parsed row number %d", r)
		}
		ok[r] = true
	}
	for _, e := range errs {
		if e.Row < 2 || e.Problem == "" {
			t.Fatalf("bad row error %+v", e)
		}
		if ok[e.Row] {
			t.Fatalf("row %d both parsed and reported", e.Row)
		}
	}
}

func FuzzParseCallbacksCSV(f *testing.F) {
	f.Add(badCallbacks)
	f.Add("案件编号,部门,回访结果,回访时间\n1,2,满意,2022-08-01 10:00\n")
	f.Add("case_number,department,result,called_at\n\"a\nb\",d,satisfied,2022-08-01 10:00\n\"bad\"quote,x,y,z\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, errs, err := hotline.ParseCallbacksCSV(strings.NewReader(s))
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("error code %q: %v", govops.ErrorCode(err), err)
			}
			return
		}
		var nums []int
		for _, r := range rows {
			nums = append(nums, r.Row)
			in := r.Input
			if err := in.Validate(); err != nil {
				t.Fatalf("row %d parsed but invalid: %v", r.Row, err)
			}
			if r.Input.CalledAt.IsZero() || r.Input.CalledAt.After(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Fatalf("row %d called_at %v", r.Row, r.Input.CalledAt)
			}
		}
		checkRows(t, nums, errs)
	})
}

func FuzzParseOutcomesCSV(f *testing.F) {
	f.Add("case_number,department,month,dispatched,accepted_on_time,resolved_on_time,returned,redone,replied\n1,d,2022-08,1,1,1,0,0,1\n2,d,2022-08,0,1,1,0,0,1\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, errs, err := hotline.ParseOutcomesCSV(strings.NewReader(s))
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("error code %q: %v", govops.ErrorCode(err), err)
			}
			return
		}
		var nums []int
		for _, r := range rows {
			nums = append(nums, r.Row)
			if err := r.Input.Validate(); err != nil {
				t.Fatalf("row %d parsed but invalid: %v", r.Row, err)
			}
		}
		checkRows(t, nums, errs)
	})
}

func FuzzParsePeerCSV(f *testing.F) {
	f.Add("district,period,score,satisfaction\n柳北区,2022,98.50,95.92%\n城中区,2022-08,1e5,95\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, errs, err := hotline.ParsePeerCSV(strings.NewReader(s))
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("error code %q: %v", govops.ErrorCode(err), err)
			}
			return
		}
		var nums []int
		for _, r := range rows {
			nums = append(nums, r.Row)
			if r.Result.Score.IsNegative() || r.Result.Satisfaction.GreaterThan(dec("100")) || !r.Result.Period.Valid() {
				t.Fatalf("row %d parsed out of range: %+v", r.Row, r.Result)
			}
		}
		checkRows(t, nums, errs)
	})
}
