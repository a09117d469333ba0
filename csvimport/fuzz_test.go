package csvimport_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// FuzzReader reads any bytes in each encoding and checks what every
// importer relies on: a bad file is an EINVALID error; rows come in line
// order past the header; a bad row says why and gives no values; a good
// row's values are text, never bytes decoded wrongly.
func FuzzReader(f *testing.F) {
	f.Add([]byte("case_number,department,note\n1,a,x\n2,b\n\"3\nx\",c,\"bad\"q\n"), uint8(0))
	f.Add([]byte("\ufeff案件编号,部门\n1,跃进\n"), uint8(0))
	f.Add([]byte("\xb0\xb8\xbc\xfe\xb1\xe0\xba\xc5,\xb2\xbf\xc3\xc5\n1,\xd4\xbe\xbd\xf8\n2,\xff\x81\n"), uint8(0))
	f.Add([]byte("case_number,department\n1,\x84\x31\xa4\x37\n"), uint8(2))
	f.Add([]byte("case_number,department\n1,\xe6\xbb\n"), uint8(1))
	f.Add([]byte("\xff\xfe"), uint8(0))
	f.Add([]byte(""), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, enc uint8) {
		e := csvimport.Encoding(enc % 3)
		rd, err := csvimport.NewReader(strings.NewReader(string(data)), callbackColumns(), csvimport.WithEncoding(e))
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID || len(govops.ErrorFields(err)) == 0 {
				t.Fatalf("header error %v: want EINVALID naming a field", err)
			}
			return
		}
		if rd.Encoding() != csvimport.UTF8 && rd.Encoding() != csvimport.GB18030 {
			t.Fatalf("reading in %v", rd.Encoding())
		}
		last := 1
		for row, err := range rd.Rows() {
			if err != nil {
				t.Fatalf("a string reader failed: %v", err)
			}
			if row.Line() <= last {
				t.Fatalf("row on line %d after line %d", row.Line(), last)
			}
			last = row.Line()
			if errs := row.Errors(); errs != nil {
				for _, re := range errs {
					if re.Row != row.Line() || re.Problem == "" {
						t.Fatalf("problem %+v of the row on line %d", re, row.Line())
					}
				}
				for _, c := range callbackColumns() {
					if v := row.Get(c.Name); v != "" {
						t.Fatalf("bad row on line %d gives %s %q", row.Line(), c.Name, v)
					}
				}
				continue
			}
			for _, c := range callbackColumns() {
				v := row.Get(c.Name)
				if !utf8.ValidString(v) || (rd.Encoding() == csvimport.GB18030 && strings.ContainsRune(v, utf8.RuneError)) {
					t.Fatalf("line %d, %s: %q is not text", row.Line(), c.Name, v)
				}
				if v != strings.TrimSpace(v) || (v != "" && !rd.Has(c.Name)) {
					t.Fatalf("line %d, %s: %q", row.Line(), c.Name, v)
				}
			}
		}
	})
}
