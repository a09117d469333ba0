package csvimport_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// flagColumns are the columns of a file of yes/no flags.
func flagColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "case_number", Aliases: []string{"案件编号"}, Required: true},
		{Name: "dispatched", Aliases: []string{"派单"}, Required: true},
		{Name: "replied", Aliases: []string{"已反馈"}, Required: true},
	}
}

type flags struct {
	Number              string
	Dispatched, Replied bool
}

// problems records the problems of a flags value given in Go.
func (f *flags) problems(p *govops.Problems) {
	if f.Number == "" {
		p.Add("case_number", "is required")
	}
	if f.Replied && !f.Dispatched {
		p.Add("replied", "a case that was not dispatched cannot be replied")
	}
}

// parseFlags reads a row of flagColumns. It records the problems of the
// fields in reverse column order, so that a test sees them put in order.
func parseFlags(row *csvimport.Row, p *govops.Problems) flags {
	f := flags{Number: row.Get("case_number")}
	var ok bool
	if f.Replied, ok = csvimport.ParseBool(row.Get("replied")); !ok {
		p.Addf("replied", "%q is not a yes/no value", row.Get("replied"))
	}
	if f.Dispatched, ok = csvimport.ParseBool(row.Get("dispatched")); !ok {
		p.Addf("dispatched", "%q is not a yes/no value", row.Get("dispatched"))
	}
	if p.Empty() {
		f.problems(p)
	}
	return f
}

func TestParse(t *testing.T) {
	file := "案件编号,派单,已反馈\n" +
		"1,是,否\n" +
		"2,maybe,perhaps\n" + // line 3: both flags bad
		"3,1\n" + // line 4: a field short
		"4,0,1\n" + // line 5: replied without dispatch
		",y,n\n" + // line 6: no number
		"6,yes,yes\n"
	rd, err := csvimport.NewReader(strings.NewReader(file), flagColumns())
	if err != nil {
		t.Fatal(err)
	}
	var good, bad []string
	for row, err := range csvimport.Parse(rd, parseFlags) {
		if err != nil {
			t.Fatal(err)
		}
		if row.Errors == nil {
			good = append(good, fmt.Sprintf("%d %+v", row.Row, row.Value))
			continue
		}
		for _, e := range row.Errors {
			bad = append(bad, e.String())
		}
	}
	wantGood := []string{"2 {Number:1 Dispatched:true Replied:false}", "7 {Number:6 Dispatched:true Replied:true}"}
	wantBad := []string{
		`row 3, dispatched: "maybe" is not a yes/no value`,
		`row 3, replied: "perhaps" is not a yes/no value`,
		"row 4: has 2 fields but the header has 3",
		"row 5, replied: a case that was not dispatched cannot be replied",
		"row 6, case_number: is required",
	}
	if strings.Join(good, "|") != strings.Join(wantGood, "|") {
		t.Errorf("good = %q, want %q", good, wantGood)
	}
	if strings.Join(bad, "|") != strings.Join(wantBad, "|") {
		t.Errorf("problems = %q, want %q", bad, wantBad)
	}
}

// importFlags is an import as a domain writes one, in either mode: every
// row is read and checked, and the good ones are written unless the mode
// is all-or-nothing and one is bad.
func importFlags(t *testing.T, file string, mode csvimport.Mode) (*csvimport.Report, []flags, error) {
	t.Helper()
	rd, err := csvimport.NewReader(strings.NewReader(file), flagColumns())
	if err != nil {
		return nil, nil, err
	}
	rep := &csvimport.Report{}
	var good []flags
	for row, err := range csvimport.Parse(rd, parseFlags) {
		if err != nil {
			return nil, nil, err
		}
		rep.Rows++
		rep.Errors = append(rep.Errors, row.Errors...)
		if row.Errors == nil {
			good = append(good, row.Value)
		}
	}
	rep.Sort()
	if err := rep.Err(mode); err != nil {
		return rep, nil, err
	}
	rep.Imported = len(good)
	return rep, good, nil
}

func TestParse_Modes(t *testing.T) {
	file := "case_number,dispatched,replied\n1,1,1\n2,x,1\n3,0,0\n4,1\n"
	t.Run("AllOrNothing", func(t *testing.T) {
		rep, written, err := importFlags(t, file, csvimport.AllOrNothing)
		if govops.ErrorCode(err) != govops.EINVALID || written != nil {
			t.Fatalf("error %v, written %v; want EINVALID and nothing", err, written)
		}
		if rep.Rows != 4 || rep.Imported != 0 || rep.BadRows() != 2 || rep.Skipped() != 4 {
			t.Fatalf("report %+v", rep)
		}
		if f := govops.ErrorFields(err); f["row[3].dispatched"] == "" || f["row[5]"] == "" {
			t.Fatalf("fields %v", f)
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		rep, written, err := importFlags(t, file, csvimport.KeepGood)
		if err != nil || len(written) != 2 || written[0].Number != "1" || written[1].Number != "3" {
			t.Fatalf("error %v, written %+v", err, written)
		}
		if rep.Rows != 4 || rep.Imported != 2 || rep.BadRows() != 2 || rep.Skipped() != 2 || len(rep.Errors) != 2 {
			t.Fatalf("report %+v", rep)
		}
	})
}

func TestCheck(t *testing.T) {
	vs := []flags{{Number: "1", Dispatched: true}, {Dispatched: false, Replied: true}, {Number: "3"}}
	var got []string
	for v := range csvimport.Check(vs, flagColumns(), (*flags).problems) {
		got = append(got, fmt.Sprintf("%d %s %v", v.Row, v.Value.Number, v.Errors))
	}
	want := []string{
		"1 1 []",
		"2  [row 2, case_number: is required row 2, replied: a case that was not dispatched cannot be replied]",
		"3 3 []",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("checked = %q, want %q", got, want)
	}
}

func TestCheck_GetsACopy(t *testing.T) {
	vs := []flags{{Number: "1"}}
	for v := range csvimport.Check(vs, flagColumns(), func(f *flags, _ *govops.Problems) { f.Replied = true }) {
		if !v.Value.Replied {
			t.Fatal("the completed value was not yielded")
		}
	}
	if vs[0].Replied {
		t.Fatal("the caller's element was changed")
	}
}

func TestParseBool(t *testing.T) {
	for _, tc := range []struct {
		in      string
		v, ok   bool
		comment string
	}{
		{"true", true, true, ""}, {"TRUE", true, true, "any case"}, {" 1 ", true, true, "spaces"},
		{"yes", true, true, ""}, {"Y", true, true, ""}, {"t", true, true, ""}, {"是", true, true, ""},
		{"false", false, true, ""}, {"0", false, true, ""}, {"No", false, true, ""}, {"n", false, true, ""},
		{"F", false, true, ""}, {"否", false, true, ""},
		{"", false, false, "empty"}, {"2", false, false, ""}, {"maybe", false, false, ""}, {"是的", false, false, ""},
		{"对", false, false, "only 是/否 in Chinese"},
	} {
		if v, ok := csvimport.ParseBool(tc.in); v != tc.v || ok != tc.ok {
			t.Errorf("ParseBool(%q) = %v, %v; want %v, %v %s", tc.in, v, ok, tc.v, tc.ok, tc.comment)
		}
	}
}
