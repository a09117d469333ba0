package license_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
)

// recordsCSV writes records as a CSV file with the Chinese headers.
func recordsCSV(tb testing.TB, ins ...license.RecordInput) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString("证照标识,证照编号,证照类型代码,颁证日期,有效期截止,颁证单位,颁证单位代码,部门编码,持证主体,持证主体代码类型,持证主体代码,证照状态,照面信息\n")
	for _, in := range ins {
		face := ""
		if in.Face != nil {
			j, _ := json.Marshal(in.Face)
			face = `"` + strings.ReplaceAll(string(j), `"`, `""`) + `"`
		}
		to := ""
		if !in.ValidTo.IsZero() {
			to = in.ValidTo.Format("2006/1/2")
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", in.Identifier, in.Number, in.Type,
			in.IssueDate.Format("2006-01-02"), to, in.Issuer, in.IssuerCode, in.Department, in.Holder,
			in.HolderCodeType, in.HolderCode, in.State, face)
	}
	return b.String()
}

func TestService_ImportRecords(t *testing.T) {
	ctx := context.Background()
	good := []license.RecordInput{bizRecord(t, 1), bizRecord(t, 2), bizRecord(t, 3)}
	early := bizRecord(t, 4)
	early.HolderCode = breakCheck(early.HolderCode)
	dupNumber := bizRecord(t, 5)
	dupNumber.Number = good[0].Number
	dupHolder := bizRecord(t, 6)
	dupHolder.HolderCode = good[1].HolderCode
	bad := bizRecord(t, 7)
	bad.IssueDate = date(2022, 2, 1)
	bad.ValidTo = date(2040, 1, 1)
	bad.Face = map[string]string{"主体业态": "网吧"}
	bad.Department = "ZJJ"
	file := recordsCSV(t, append(good, early, dupNumber, dupHolder, bad)...)
	file += "," + "JYX,,not-a-date,,,,,,,,,\n"

	t.Run("AllOrNothing", func(t *testing.T) {
		s := bizReady(t)
		rep, batch, err := s.ImportRecords(ctx, center(), strings.NewReader(file), license.ImportOptions{})
		mustCode(t, err, govops.EINVALID)
		if rep.Rows != 8 || rep.Imported != 0 || rep.BadRows() != 5 {
			t.Fatalf("report = %+v", rep)
		}
		byRow := map[int][]string{}
		for _, e := range rep.Errors {
			byRow[e.Row] = append(byRow[e.Row], e.Field)
		}
		want := map[int]string{
			5: "holder_code", 6: "number", 7: "holder_code",
			8: "valid_to,department,face.主体业态,face.经营者名称",
			9: "type,issue_date,issuer,issuer_code,department,holder,holder_code_type,holder_code",
		}
		for row, fields := range want {
			if got := strings.Join(byRow[row], ","); got != fields {
				t.Errorf("row %d: fields %s, want %s", row, got, fields)
			}
		}
		page, _ := s.ListRecords(ctx, center(), license.RecordList{})
		if len(page.Items) != 0 || batch.String() != "00000000-0000-0000-0000-000000000000" {
			t.Fatalf("%d records stored after a failed all-or-nothing import (batch %s)", len(page.Items), batch)
		}
	})
	t.Run("KeepGoodWarn", func(t *testing.T) {
		s := bizReady(t)
		rep, batch, err := s.ImportRecords(ctx, market(), strings.NewReader(file), license.ImportOptions{Mode: csvimport.KeepGood, IDMode: idcode.Warn, Source: "2022.csv"})
		if err != nil || rep.Imported != 4 || rep.BadRows() != 4 || len(rep.Warnings) != 1 || rep.Warnings[0].Row != 5 || rep.Warnings[0].Field != "holder_code" {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		page, err := s.ListRecords(ctx, market(), license.RecordList{RecordFilter: license.RecordFilter{Batch: batch}})
		if err != nil || len(page.Items) != 4 {
			t.Fatalf("batch holds %d records, %v", len(page.Items), err)
		}
		for _, r := range page.Items {
			if _, err := idcode.ValidateLicenseID(r.Identifier, idcode.Strict); err != nil || r.Batch != batch {
				t.Fatalf("imported record %+v: %v", r, err)
			}
		}
		b, err := s.Batch(ctx, market(), batch.String())
		if err != nil || b.Rows != 8 || b.Imported != 4 || b.Warnings != 1 || b.SourceName != "2022.csv" || b.ActorDept != "SCJGJ" {
			t.Fatalf("batch = %+v, %v", b, err)
		}
		_, err = s.Batch(ctx, housing(), batch.String())
		mustCode(t, err, govops.ENOTFOUND)
		evs, err := s.RecordEvents(ctx, market(), page.Items[0].Identifier)
		if err != nil || len(evs) != 1 || !strings.Contains(evs[0].Note, batch.String()) || evs[0].ActorDept != "SCJGJ" {
			t.Fatalf("trail = %+v, %v", evs, err)
		}
		// The same file again: every good row is taken now.
		rep, _, err = s.ImportRecords(ctx, market(), strings.NewReader(file), license.ImportOptions{Mode: csvimport.KeepGood, IDMode: idcode.Warn})
		if err != nil || rep.Imported != 0 || rep.BadRows() != 8 {
			t.Fatalf("second import = %+v, %v", rep, err)
		}
	})
	t.Run("GB18030", func(t *testing.T) {
		s := bizReady(t)
		enc, err := simplifiedchinese.GB18030.NewEncoder().String(recordsCSV(t, good...))
		if err != nil {
			t.Fatal(err)
		}
		rep, _, err := s.ImportRecords(ctx, market(), strings.NewReader(enc), license.ImportOptions{})
		if err != nil || rep.Imported != 3 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		r, _ := s.ListRecords(ctx, market(), license.RecordList{})
		if r.Items[0].Holder != "柳州市某某餐饮店1" || r.Items[0].Face["主体业态"] != "餐饮服务经营者" {
			t.Fatalf("decoded record = %+v", r.Items[0])
		}
	})
	t.Run("JSONLines", func(t *testing.T) {
		s := bizReady(t)
		var b bytes.Buffer
		for i, in := range good {
			fmt.Fprintf(&b, `{"number":%q,"type":%q,"issue_date":"2022-03-01","valid_to":"2027-02-28","issuer":"柳北区市场监督管理局","issuer_code":%q,"holder":"店%d","holder_code_type":"001","holder_code":%q,"face":{"经营者名称":"某店"}}`+"\n",
				in.Number, in.Type, in.IssuerCode, i, in.HolderCode)
		}
		b.WriteString("\n{\"number\":1}\n{\"colour\":\"red\"}\nnot json\n")
		rep, _, err := s.ImportRecords(ctx, market(), &b, license.ImportOptions{Format: license.FormatJSONLines, Mode: csvimport.KeepGood})
		if err != nil || rep.Imported != 3 || rep.Rows != 6 || rep.BadRows() != 3 {
			t.Fatalf("report = %+v, %v", rep, err)
		}
		for _, e := range rep.Errors {
			if e.Row < 5 || e.Row > 7 {
				t.Fatalf("error on line %d: %+v", e.Row, e)
			}
		}
		if !strings.Contains(rep.Errors[0].Problem, "number must be string") || !strings.Contains(rep.Errors[1].Problem, "unknown field") {
			t.Fatalf("errors = %+v", rep.Errors)
		}
	})
	t.Run("ErrOptions", func(t *testing.T) {
		s := bizReady(t)
		_, _, err := s.ImportRecords(ctx, center(), strings.NewReader(file), license.ImportOptions{Mode: "some", Format: "xml", IDMode: 7})
		mustFields(t, err, map[string]string{"mode": "all_or_nothing", "format": "csv", "id_mode": "strict or warn"})
		_, _, err = s.ImportRecords(ctx, market(), strings.NewReader(file), license.ImportOptions{Department: "ZJJ"})
		mustCode(t, err, govops.EFORBIDDEN)
		_, _, err = s.ImportRecords(ctx, viewer(), strings.NewReader(file), license.ImportOptions{})
		mustCode(t, err, govops.EFORBIDDEN)
		_, _, err = s.ImportRecords(ctx, center(), strings.NewReader("number,colour\n1,2\n"), license.ImportOptions{})
		mustCode(t, err, govops.EINVALID)
	})
	t.Run("Cancelled", func(t *testing.T) {
		s := bizReady(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, _, err := s.ImportRecords(cctx, center(), strings.NewReader(recordsCSV(t, good...)), license.ImportOptions{})
		mustCode(t, err, govops.EINTERNAL)
		page, _ := s.ListRecords(ctx, center(), license.RecordList{})
		if len(page.Items) != 0 {
			t.Fatalf("a cancelled import left %d records", len(page.Items))
		}
	})
}

func TestParseDay(t *testing.T) {
	for _, in := range []string{"2022-03-01", "2022/3/1", "2022.3.1", "20220301", "2022年3月1日", " 2022-3-01 "} {
		got, ok := license.ParseDay(in)
		if !ok || !got.Equal(date(2022, 3, 1)) {
			t.Errorf("ParseDay(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"2022-02-30", "20221301", "3/1/2022", "", "yesterday"} {
		if _, ok := license.ParseDay(in); ok {
			t.Errorf("ParseDay(%q) ok", in)
		}
	}
}
