package license_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
)

// FuzzImportRecords feeds any bytes to the records import, as CSV and as
// JSON lines: it never panics, every row it read is written or reported,
// and every record it writes passes the strict checks its report does not
// warn about.
func FuzzImportRecords(f *testing.F) {
	f.Add(recordsCSV(f, bizRecord(f, 1), bizRecord(f, 2)), false)
	f.Add("证照编号,证照类型代码\n1,2\n", false)
	f.Add(`{"number":"JY1","type":"x","face":{"a":"b"}}`+"\n\n{}\n", true)
	f.Add("\xef\xbb\xbfnumber,type,issue_date,issuer,issuer_code,holder,holder_code_type,holder_code\n\"a\n", false)
	f.Fuzz(func(t *testing.T, data string, jsonl bool) {
		s := bizReady(t)
		ctx := context.Background()
		opts := license.ImportOptions{Mode: csvimport.KeepGood, Department: "SCJGJ"}
		if jsonl {
			opts.Format = license.FormatJSONLines
		}
		rep, _, err := s.ImportRecords(ctx, center(), strings.NewReader(data), opts)
		if err != nil {
			return // a header or a line too long: nothing read
		}
		if rep.Imported+rep.BadRows() != rep.Rows {
			t.Fatalf("rows %d, imported %d, bad %d: %+v", rep.Rows, rep.Imported, rep.BadRows(), rep)
		}
		page, err := s.ListRecords(ctx, center(), license.RecordList{Limit: 500})
		if err != nil || len(page.Items) != rep.Imported {
			t.Fatalf("%d records stored, %d imported: %v", len(page.Items), rep.Imported, err)
		}
		for _, r := range page.Items {
			if _, err := idcode.ValidateLicenseID(r.Identifier, idcode.Strict); err != nil {
				t.Fatalf("stored identifier %q: %v", r.Identifier, err)
			}
			if _, err := idcode.ValidateUSCC(r.HolderCode, idcode.Strict); err != nil {
				t.Fatalf("stored holder code %q: %v", r.HolderCode, err)
			}
		}
	})
}

// FuzzParseDay checks that a day that parses is a real date that
// formats back to a form that parses to it.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2022-03-01", "2022/3/1", "20220229", "2022年3月1日", "0000-00-00", "9999.12.31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := license.ParseDay(s)
		if !ok {
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 {
			t.Fatalf("ParseDay(%q) = %v, not a day in UTC", s, d)
		}
		back, ok := license.ParseDay(d.Format(time.DateOnly))
		if !ok || !back.Equal(d) {
			t.Fatalf("ParseDay(%q) = %v, which does not parse back (%v)", s, d, back)
		}
	})
}

// FuzzParseValidity checks that a validity that parses is one AddType
// takes.
func FuzzParseValidity(f *testing.F) {
	for _, s := range []string{"", "长期", "60", "12-60", "5年", "1-5年", "6个月", "100年"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := license.ParseValidity(s)
		if !ok {
			return
		}
		if v.MinMonths < 0 || v.MaxMonths > license.MaxValidityMonths || (!v.Permanent() && v.MaxMonths < max(v.MinMonths, 1)) {
			t.Fatalf("ParseValidity(%q) = %+v", s, v)
		}
	})
}

// FuzzDetectFormat checks that detection never panics and goes by the
// content's first bytes.
func FuzzDetectFormat(f *testing.F) {
	f.Add(pdf())
	f.Add(ofd(f, true))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := license.DetectFormat(b)
		switch {
		case ok && got == license.FormatPDF && !bytes.HasPrefix(b, []byte("%PDF-")):
			t.Fatal("PDF without %PDF-")
		case ok && got == license.FormatOFD && !bytes.HasPrefix(b, []byte("PK\x03\x04")):
			t.Fatal("OFD that is not a ZIP")
		case !ok && got != "":
			t.Fatalf("not ok but format %q", got)
		}
	})
}
