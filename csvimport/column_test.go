package csvimport_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// callbackColumns are the columns the tests read: two required, two
// optional, each with a Chinese alias, one with a second alias.
func callbackColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "case_number", Aliases: []string{"案件编号", "工单号"}, Required: true},
		{Name: "department", Aliases: []string{"部门"}, Required: true},
		{Name: "month", Aliases: []string{"考核月份"}},
		{Name: "note", Aliases: []string{"备注"}},
	}
}

func TestNewReader_Header(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		// has are the columns the header names, for a good header.
		has []string
		// fields are the fields of the EINVALID error, for a bad one:
		// each must be there, with a problem holding the given text.
		fields map[string]string
	}{
		{name: "OK", file: "case_number,department,month,note\n", has: []string{"case_number", "department", "month", "note"}},
		{name: "OKAnyOrderOptionalLeftOut", file: "department,case_number\n", has: []string{"case_number", "department"}},
		{name: "OKEnglishAnyCase", file: "Case_Number,DEPARTMENT\n", has: []string{"case_number", "department"}},
		{name: "OKChineseAliases", file: "部门,案件编号,备注\n", has: []string{"case_number", "department", "note"}},
		{name: "OKSecondAlias", file: "工单号,部门\n", has: []string{"case_number", "department"}},
		{name: "OKSpacesTrimmed", file: " case_number ,\t部门 \n", has: []string{"case_number", "department"}},
		{name: "OKByteOrderMark", file: "\ufeff案件编号,部门\n", has: []string{"case_number", "department"}},
		{name: "OKQuotedCells", file: "\"case_number\",\"部门\"\n", has: []string{"case_number", "department"}},
		{name: "ErrEmptyFile", file: "", fields: map[string]string{"header": "the file is empty"}},
		{name: "ErrUnknownColumn", file: "case_number,dept,department\n",
			fields: map[string]string{"header[1]": `unknown column "dept": the columns are case_number, department, month, note`}},
		{name: "ErrAliasIsExact", file: "案件编号 号,部门\n", fields: map[string]string{"header[0]": "unknown column", "case_number": "required"}},
		{name: "ErrEmptyCell", file: "case_number,department,\n", fields: map[string]string{"header[2]": `unknown column ""`}},
		{name: "ErrRepeatedColumn", file: "case_number,department,部门\n", fields: map[string]string{"header[2]": "column department appears twice"}},
		{name: "ErrRepeatedAlias", file: "案件编号,工单号,部门\n", fields: map[string]string{"header[1]": "column case_number appears twice"}},
		{name: "ErrMissingRequired", file: "case_number,note\n", fields: map[string]string{"department": "the header lacks this required column"}},
		{name: "ErrEveryProblemAtOnce", file: "dept,note,note\n", fields: map[string]string{
			"header[0]": "unknown column", "header[2]": "appears twice",
			"case_number": "required", "department": "required"}},
		{name: "ErrUTF16", file: "\xff\xfec\x00a\x00", fields: map[string]string{"header": "UTF-16"}},
		{name: "ErrBadCSVHeader", file: "case_number,\"depart\"ment\n", fields: map[string]string{"header": "cannot read the header line"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, err := csvimport.NewReader(strings.NewReader(tc.file), callbackColumns())
			if tc.fields == nil {
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range callbackColumns() {
					if got, want := rd.Has(c.Name), slices.Contains(tc.has, c.Name); got != want {
						t.Errorf("Has(%s) = %v, want %v", c.Name, got, want)
					}
				}
				return
			}
			if rd != nil || govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("reader %v, error %v; want only an EINVALID error", rd, err)
			}
			fields := govops.ErrorFields(err)
			if !slices.Equal(slices.Sorted(maps.Keys(fields)), slices.Sorted(maps.Keys(tc.fields))) {
				t.Fatalf("fields = %v, want %v", fields, tc.fields)
			}
			for f, want := range tc.fields {
				if !strings.Contains(fields[f], want) {
					t.Errorf("field %s: %q, want it to say %q", f, fields[f], want)
				}
			}
		})
	}
}

func TestNewReader_ErrHeaderNotUTF8(t *testing.T) {
	// A file read as UTF-8, by choice or by its byte order mark, whose
	// header holds other bytes: the cell is named, not shown as unknown.
	for _, tc := range []struct {
		name string
		file string
		opts []csvimport.Option
	}{
		{"Chosen", "case_number,\xb2\xbf\xc3\xc5\n", []csvimport.Option{csvimport.WithEncoding(csvimport.UTF8)}},
		{"ByteOrderMark", "\xef\xbb\xbfcase_number,\xb2\xbf\xc3\xc5\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := csvimport.NewReader(strings.NewReader(tc.file), callbackColumns(), tc.opts...)
			if p := govops.ErrorFields(err)["header[1]"]; !strings.Contains(p, "is not UTF-8 text") {
				t.Fatalf("header[1]: %q (error %v)", p, err)
			}
		})
	}
}

func TestNewReader_ErrUnreadable(t *testing.T) {
	broken := errors.New("disk on fire")
	for _, e := range []csvimport.Encoding{csvimport.Detect, csvimport.UTF8, csvimport.GB18030} {
		t.Run(e.String(), func(t *testing.T) {
			_, err := csvimport.NewReader(&failingReader{err: broken}, callbackColumns(), csvimport.WithEncoding(e))
			if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["header"] == "" {
				t.Fatalf("error %v; want EINVALID naming header", err)
			}
		})
	}
}

func TestColumns_RowErrors(t *testing.T) {
	cols := callbackColumns()
	for _, tc := range []struct {
		name string
		err  error
		want []csvimport.RowError
	}{
		{"Nil", nil, nil},
		{"ColumnOrderThenOtherFieldsByName", func() error {
			var p govops.Problems
			p.Add("note", "too long")
			p.Add("zeta", "z")
			p.Add("case_number", "is required")
			p.Add("alpha", "a")
			return p.Err()
		}(), []csvimport.RowError{
			{Row: 4, Field: "case_number", Problem: "is required"}, {Row: 4, Field: "note", Problem: "too long"},
			{Row: 4, Field: "alpha", Problem: "a"}, {Row: 4, Field: "zeta", Problem: "z"},
		}},
		{"WithoutFieldsIsTheWholeRow", govops.Errorf(govops.EINVALID, "no such department"),
			[]csvimport.RowError{{Row: 4, Problem: "no such department"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cols.RowErrors(4, tc.err); !slices.Equal(got, tc.want) {
				t.Fatalf("RowErrors = %+v, want %+v", got, tc.want)
			}
		})
	}
	if got := cols.Names(); !slices.Equal(got, []string{"case_number", "department", "month", "note"}) {
		t.Fatalf("Names = %v", got)
	}
}

// failingReader fails every read with err.
type failingReader struct{ err error }

func (r *failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestReader_Header(t *testing.T) {
	rd, err := csvimport.NewReader(strings.NewReader("部门, Case_Number ,备注\n"), callbackColumns())
	if err != nil {
		t.Fatal(err)
	}
	got := rd.Header()
	if want := []string{"department", "case_number", "note"}; !slices.Equal(got, want) {
		t.Fatalf("Header() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if rd.Header()[0] != "department" {
		t.Fatal("Header() shares its slice with the Reader")
	}
}
