package csvimport_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

func TestRowError_String(t *testing.T) {
	for _, tc := range []struct {
		e    csvimport.RowError
		want string
	}{
		{csvimport.RowError{Row: 3, Field: "month", Problem: "is not a month"}, "row 3, month: is not a month"},
		{csvimport.RowError{Row: 4, Problem: "has 2 fields but the header has 3"}, "row 4: has 2 fields but the header has 3"},
	} {
		if got := tc.e.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestReport_JSON(t *testing.T) {
	// The HTTP API answers with these names: they must not change.
	rep := csvimport.Report{Rows: 3, Imported: 1, Errors: []csvimport.RowError{
		{Row: 2, Field: "month", Problem: "bad"}, {Row: 3, Problem: "not valid CSV"},
	}}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"rows":3,"imported":1,"errors":[{"row":2,"field":"month","problem":"bad"},{"row":3,"problem":"not valid CSV"}]}`
	if string(b) != want {
		t.Fatalf("JSON = %s, want %s", b, want)
	}
}

func TestMode_Valid(t *testing.T) {
	for _, tc := range []struct {
		m    csvimport.Mode
		want bool
	}{
		{csvimport.AllOrNothing, true}, {csvimport.KeepGood, true}, {"all_or_nothing", true}, {"keep_good", true},
		{"", false}, {"keep-good", false}, {"KEEP_GOOD", false},
	} {
		if got := tc.m.Valid(); got != tc.want {
			t.Errorf("Mode(%q).Valid() = %v, want %v", tc.m, got, tc.want)
		}
	}
}

func TestReport_Sort(t *testing.T) {
	// Rows are ordered; the problems of one row keep their (column) order.
	rep := csvimport.Report{Errors: []csvimport.RowError{
		{Row: 5, Field: "result"}, {Row: 2, Field: "month"}, {Row: 5, Field: "called_at"}, {Row: 2, Field: "case_number"}, {Row: 3},
	}}
	rep.Sort()
	var got []string
	for _, e := range rep.Errors {
		got = append(got, fmt.Sprintf("%d %s", e.Row, e.Field))
	}
	if want := "2 month|2 case_number|3 |5 result|5 called_at"; strings.Join(got, "|") != want {
		t.Fatalf("sorted = %q, want %q", got, want)
	}
}

func TestReport_Err(t *testing.T) {
	bad := csvimport.Report{Rows: 4, Errors: []csvimport.RowError{
		{Row: 2, Field: "month", Problem: "is not a month"}, {Row: 2, Field: "result", Problem: "is not a result"},
		{Row: 4, Problem: "not valid CSV"},
	}}
	t.Run("KeepGoodIsNoError", func(t *testing.T) {
		if err := bad.Err(csvimport.KeepGood); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AllOrNothingWithoutProblemsIsNoError", func(t *testing.T) {
		if err := (&csvimport.Report{Rows: 4, Imported: 4}).Err(csvimport.AllOrNothing); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AllOrNothingNamesEveryProblem", func(t *testing.T) {
		err := bad.Err(csvimport.AllOrNothing)
		if govops.ErrorCode(err) != govops.EINVALID {
			t.Fatalf("error %v, want EINVALID", err)
		}
		want := "2 rows have problems (3 in all); nothing was imported: fix them, or import with mode keep-good to write the good rows"
		if govops.ErrorMessage(err) != want {
			t.Fatalf("message %q, want %q", govops.ErrorMessage(err), want)
		}
		fields := govops.ErrorFields(err)
		if len(fields) != 3 || fields["row[2].month"] != "is not a month" || fields["row[2].result"] != "is not a result" || fields["row[4]"] != "not valid CSV" {
			t.Fatalf("fields = %v", fields)
		}
	})
	t.Run("AllOrNothingBoundsTheFields", func(t *testing.T) {
		many := csvimport.Report{}
		for i := range 250 {
			many.Errors = append(many.Errors, csvimport.RowError{Row: i + 2, Field: "month", Problem: "bad"})
		}
		fields := govops.ErrorFields(many.Err(csvimport.AllOrNothing))
		if len(fields) != csvimport.MaxErrorFields || fields["row[2].month"] == "" || fields["row[101].month"] == "" || fields["row[102].month"] != "" {
			t.Fatalf("%d fields; want the first %d rows'", len(fields), csvimport.MaxErrorFields)
		}
		if len(many.Errors) != 250 {
			t.Fatal("the report lost problems")
		}
	})
}

func TestReport_Counts(t *testing.T) {
	rep := csvimport.Report{Rows: 6, Imported: 3, Errors: []csvimport.RowError{
		{Row: 2, Field: "a"}, {Row: 2, Field: "b"}, {Row: 4}, {Row: 7, Field: "a"},
	}}
	if rep.BadRows() != 3 || rep.Skipped() != 3 {
		t.Fatalf("bad rows %d, skipped %d; want 3 and 3", rep.BadRows(), rep.Skipped())
	}
}
