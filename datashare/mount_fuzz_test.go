package datashare_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
)

// FuzzMount feeds any bytes to a keep-good mount, as CSV and as JSON
// lines: it never panics, every row read is mounted or reported, the
// records visible are those mounted, and each one holds only the entry's
// items, each value as stored (a date as 2022-03-01, a boolean as true
// or false).
func FuzzMount(f *testing.F) {
	f.Add(popCSV(goodPerson(f, 1), goodPerson(f, 2)), false)
	file, _ := badPopFile(f)
	f.Add(file, false)
	f.Add(popHeader+"\n\"a\n", false)
	f.Add("\xef\xbb\xbf姓名,公民身份号码\n张三,1\n", false)
	f.Add(`{"姓名":"张三","公民身份号码":"1","年龄":1e3}`+"\n\n[]\n{}", true)
	f.Fuzz(func(t *testing.T, data string, jsonl bool) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		opts := datashare.MountOptions{Mode: csvimport.KeepGood}
		if jsonl {
			opts.Format = datashare.FileJSONLines
		}
		res, err := s.Mount(context.Background(), actPolice(), c.Code, strings.NewReader(data), opts)
		if err != nil {
			if res != nil && res.Batch.Status != datashare.BatchFailed {
				t.Fatalf("error %v, batch %+v", err, res.Batch)
			}
			return // a bad header or a line too long
		}
		rep := res.Report
		if rep.Imported+rep.Skipped() != rep.Rows || rep.Imported+rep.BadRows() != rep.Rows || int64(rep.Imported) != res.Batch.Mounted {
			t.Fatalf("rows %d, imported %d, bad %d, batch %+v", rep.Rows, rep.Imported, rep.BadRows(), res.Batch)
		}
		rows := allRecords(t, s, actPolice(), c.Code)
		if len(rows) != rep.Imported {
			t.Fatalf("%d records visible, %d mounted", len(rows), rep.Imported)
		}
		for _, r := range rows {
			if r.Values["姓名"] == "" || r.Values["公民身份号码"] == "" {
				t.Fatalf("record without its required values: %v", r.Values)
			}
			for k, v := range r.Values {
				if v == "" || v != strings.TrimSpace(v) {
					t.Fatalf("value %s = %q", k, v)
				}
			}
			if d, ok := r.Values["出生日期"]; ok && (len(d) != 10 || d[4] != '-' || d[7] != '-') {
				t.Fatalf("date %q", d)
			}
			if b, ok := r.Values["是否户主"]; ok && b != "true" && b != "false" {
				t.Fatalf("boolean %q", b)
			}
			if n, ok := r.Values["身高"]; ok {
				if _, err := strconv.ParseFloat(n, 64); strings.Trim(n, "-.0123456789eE") != "" || err != nil && !errors.Is(err, strconv.ErrRange) {
					t.Fatalf("number %q", n)
				}
			}
		}
	})
}
