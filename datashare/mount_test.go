package datashare_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
)

// problemsByRow returns the fields of each row's problems, joined by
// commas, in the order reported ("" for a problem of the whole row).
func problemsByRow(errs []csvimport.RowError) map[int]string {
	out := map[int]string{}
	for _, e := range errs {
		if s, ok := out[e.Row]; ok {
			out[e.Row] = s + "," + e.Field
		} else {
			out[e.Row] = e.Field
		}
	}
	return out
}

// trailOf returns the types of the events of batch id, in order.
func trailOf(t *testing.T, s *datashare.Service, id string) []string {
	t.Helper()
	evs, err := s.BatchTrail(context.Background(), actCenter(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, e := range evs {
		if e.Seq != int64(i+1) || e.Department == "" {
			t.Fatalf("event %d = %+v", i, e)
		}
		out = append(out, string(e.Type))
	}
	return out
}

func TestService_Mount(t *testing.T) {
	ctx := context.Background()
	t.Run("OKCSV", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		// A resident ID ending in X, written in lower case, as people do.
		xid := ""
		for n := 0; xid == ""; n++ {
			if id := personID(t, n); strings.HasSuffix(id, "X") {
				xid = strings.ToLower(id[:17]) + "x"
			}
		}
		// Columns in another order than the items', two optional ones
		// left out; a value with a quote and a comma.
		file := "公民身份号码,姓名,出生日期,年龄,身高,登记时间,是否户主\n" +
			xid + ",\"张,\"\"三\"\"\",20220301,+42,-0.5e3,2022-03-01 08:30:00,是\n" +
			personID(t, 2) + ",李四,2022/3/1,-7,.5,2022-03-01T08:30:00Z,0\n" +
			personID(t, 3) + ",王五,,,,,\n"
		res, err := s.Mount(ctx, actPolice(), c.Code, strings.NewReader(file), datashare.MountOptions{Source: "人口.csv"})
		if err != nil {
			t.Fatal(err)
		}
		b := res.Batch
		if res.Report.Rows != 3 || res.Report.Imported != 3 || len(res.Report.Errors) != 0 || b.Status != datashare.BatchCommitted ||
			b.Version != 2 || b.Rows != 3 || b.Mounted != 3 || b.BadRows != 0 || b.Source != "人口.csv" || b.Actor != "李强" ||
			b.ActorDept != "GAJ" || b.Department != "GAJ" || b.CatalogCode != c.Code || b.Mode != "all_or_nothing" || b.FinishedAt.IsZero() ||
			b.KeyRows != 3 || b.KeyDistinct != 3 {
			t.Fatalf("result = %+v", res)
		}
		if want := []string{"公民身份号码", "姓名", "出生日期", "年龄", "身高", "登记时间", "是否户主"}; !slices.Equal(b.Columns, want) {
			t.Fatalf("columns = %v, want %v", b.Columns, want)
		}
		wantStats := []datashare.ItemStats{{Item: "姓名", Present: 3}, {Item: "公民身份号码", Present: 3}, {Item: "出生日期", Present: 2},
			{Item: "年龄", Present: 2}, {Item: "身高", Present: 2}, {Item: "登记时间", Present: 2}, {Item: "是否户主", Present: 2}, {Item: "住址"}}
		if !slices.Equal(b.Items, wantStats) {
			t.Fatalf("item stats = %+v", b.Items)
		}
		stored, err := s.Batch(ctx, actPolice(), b.ID.String())
		if err != nil || stored.Status != datashare.BatchCommitted || stored.Mounted != 3 || !slices.Equal(stored.Items, wantStats) {
			t.Fatalf("stored batch = %+v, %v", stored, err)
		}
		rows := allRecords(t, s, actCenter(), c.Code)
		if len(rows) != 3 || rows[0].Line != 2 || rows[2].Line != 4 || rows[0].Batch != b.ID {
			t.Fatalf("rows = %+v", rows)
		}
		want := map[string]string{"姓名": `张,"三"`, "公民身份号码": strings.ToUpper(xid), "出生日期": "2022-03-01", "年龄": "42",
			"身高": "-0.5e3", "登记时间": "2022-03-01T08:30:00+08:00", "是否户主": "true"}
		if fmt.Sprint(rows[0].Values) != fmt.Sprint(want) {
			t.Fatalf("values = %v, want %v", rows[0].Values, want)
		}
		if v := rows[1].Values; v["登记时间"] != "2022-03-01T08:30:00Z" || v["是否户主"] != "false" || v["身高"] != ".5" || v["年龄"] != "-7" {
			t.Fatalf("values = %v", v)
		}
		if v := rows[2].Values; len(v) != 2 {
			t.Fatalf("a record holds its empty values: %v", v)
		}
		if got := trailOf(t, s, b.ID.String()); !slices.Equal(got, []string{"mount_started", "mount_committed"}) {
			t.Fatalf("trail = %v", got)
		}
	})
	t.Run("OKGB18030", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		file, err := simplifiedchinese.GB18030.NewEncoder().String(popCSV(goodPerson(t, 1), goodPerson(t, 2)))
		if err != nil {
			t.Fatal(err)
		}
		res := mustMount(t, s, c.Code, file, datashare.MountOptions{})
		rows := allRecords(t, s, actCenter(), c.Code)
		if res.Batch.Mounted != 2 || len(rows) != 2 || rows[1].Values["姓名"] != "张2" || rows[1].Values["住址"] != "柳北区" ||
			res.Batch.Columns[0] != "姓名" {
			t.Fatalf("result %+v, rows %+v", res.Batch, rows)
		}
	})
	t.Run("OKJSONLines", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		file := fmt.Sprintf(`{"公民身份号码": %q, "姓名": "张三", "年龄": 42, "身高": 1.72, "是否户主": true, "住址": null}`+"\n"+
			"\n"+
			`{"姓名": " 李四 ", "公民身份号码": %q, "出生日期": "20220301"}`+"\r\n", personID(t, 1), personID(t, 2))
		res := mustMount(t, s, c.Code, file, datashare.MountOptions{Format: datashare.FileJSONLines})
		if res.Batch.Rows != 2 || res.Batch.Mounted != 2 {
			t.Fatalf("result = %+v", res)
		}
		if want := []string{"姓名", "公民身份号码", "出生日期", "年龄", "身高", "是否户主", "住址"}; !slices.Equal(res.Batch.Columns, want) {
			t.Fatalf("columns = %v, want %v", res.Batch.Columns, want)
		}
		rows := allRecords(t, s, actCenter(), c.Code)
		if len(rows) != 2 || rows[0].Line != 1 || rows[1].Line != 3 || rows[0].Values["年龄"] != "42" || rows[0].Values["是否户主"] != "true" ||
			rows[1].Values["姓名"] != "李四" || rows[1].Values["出生日期"] != "2022-03-01" {
			t.Fatalf("rows = %+v", rows)
		}
		if _, ok := rows[0].Values["住址"]; ok {
			t.Fatalf("null stored as a value: %v", rows[0].Values)
		}
	})
	t.Run("OKEscapes", func(t *testing.T) {
		s, _, _ := newMountService(t)
		in := popInput(t)
		in.Items[0].Length = 0
		c := mustPublished(t, s, in)
		name := "a\"b\\c\td\ne\u2028f😀/<>&\u00e9"
		line, _ := json.Marshal(map[string]string{"姓名": name, "公民身份号码": personID(t, 1)})
		mustMount(t, s, c.Code, string(line)+"\n", datashare.MountOptions{Format: datashare.FileJSONLines})
		if got := allRecords(t, s, actCenter(), c.Code)[0].Values["姓名"]; got != name {
			t.Fatalf("name = %q, want %q", got, name)
		}
	})
	t.Run("ErrJSONLines", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		id := personID(t, 1)
		file := strings.Join([]string{
			fmt.Sprintf(`{"姓名": "张三", "公民身份号码": %q}`, id),
			fmt.Sprintf(`{"姓名": "张三", "公民身份号码": %q, "民族": "汉"}`, id),
			fmt.Sprintf(`{"姓名": "张三", "姓名": "李四", "公民身份号码": %q}`, id),
			fmt.Sprintf(`{"姓名": ["张三"], "公民身份号码": %q, "住址": {"区": "柳北"}}`, id),
			`["张三"]`,
			`{"姓名": "张三"`,
			fmt.Sprintf(`{"姓名": "张三", "公民身份号码": %q} {}`, id),
			`{"姓名": 1, "年龄": "x"}`,
		}, "\n")
		res, err := s.Mount(ctx, actCenter(), c.Code, strings.NewReader(file), datashare.MountOptions{Format: datashare.FileJSONLines, Mode: csvimport.KeepGood})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{2: "民族", 3: "姓名", 4: "姓名,住址", 5: "", 6: "", 7: "", 8: "公民身份号码,年龄"}
		if got := problemsByRow(res.Report.Errors); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("problems = %v, want %v\n%v", got, want, res.Report.Errors)
		}
		if res.Batch.Mounted != 1 || res.Batch.BadRows != 7 || res.Batch.Rows != 8 {
			t.Fatalf("batch = %+v", res.Batch)
		}
	})
	t.Run("ErrJSONLineTooLong", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		file := fmt.Sprintf(`{"姓名": "张三", "公民身份号码": %q}`, personID(t, 1)) + "\n" +
			`{"姓名": "` + strings.Repeat("长", datashare.MaxJSONLine/3) + `"}` + "\n"
		res, err := s.Mount(ctx, actCenter(), c.Code, strings.NewReader(file), datashare.MountOptions{Format: datashare.FileJSONLines})
		mustErrCode(t, err, govops.EINVALID)
		if res == nil || res.Batch.Status != datashare.BatchFailed || !strings.Contains(res.Batch.Problem, "longer than") {
			t.Fatalf("result = %+v", res)
		}
		if rows := allRecords(t, s, actCenter(), c.Code); len(rows) != 0 {
			t.Fatalf("%d rows visible", len(rows))
		}
	})
	t.Run("ErrHeader", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		res, err := s.Mount(ctx, actCenter(), c.Code, strings.NewReader("姓名,身份证\n张三,1\n"), datashare.MountOptions{})
		mustErrFields(t, err, map[string]string{"header[1]": `unknown column "身份证"`, "公民身份号码": "required column"})
		if res != nil {
			t.Fatalf("result = %+v", res)
		}
		page, err := s.Batches(ctx, actCenter(), datashare.BatchQuery{})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("batches = %+v, %v", page.Items, err)
		}
	})
	t.Run("ErrOptions", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		_, err := s.Mount(ctx, actCenter(), c.Code, strings.NewReader(""), datashare.MountOptions{Mode: "some", Format: "xlsx",
			Encoding: 7, IDMode: 9, Source: "a\nb"})
		mustErrFields(t, err, map[string]string{"mode": "unknown mode", "format": "use csv or jsonl", "encoding": "unknown encoding",
			"id_mode": "strict or warn", "source": "one line"})
	})
	t.Run("ErrWithdrawn", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		if _, err := s.WithdrawCatalog(ctx, actCenter(), c.Code, 0, "停用"); err != nil {
			t.Fatal(err)
		}
		_, err := s.Mount(ctx, actCenter(), c.Code, strings.NewReader(popCSV(goodPerson(t, 1))), datashare.MountOptions{})
		mustErrFields(t, err, map[string]string{"catalog": "is withdrawn"})
	})
	t.Run("OKDraft", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustCatalog(t, s, popInput(t))
		res, err := s.Mount(ctx, actPolice(), c.Code, strings.NewReader(popCSV(goodPerson(t, 1))), datashare.MountOptions{})
		if err != nil || res.Batch.Mounted != 1 {
			t.Fatalf("mount into a draft = %+v, %v", res, err)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		draft := mustCatalog(t, s, bizInput(t))
		file := popCSV(goodPerson(t, 1))
		_, err := s.Mount(ctx, actMarket(), c.Code, strings.NewReader(file), datashare.MountOptions{})
		mustErrCode(t, err, govops.EFORBIDDEN)
		_, err = s.Mount(ctx, actViewer(), c.Code, strings.NewReader(file), datashare.MountOptions{})
		mustErrCode(t, err, govops.EFORBIDDEN)
		_, err = s.Mount(ctx, actPolice(), draft.Code, strings.NewReader(file), datashare.MountOptions{})
		mustErrCode(t, err, govops.ENOTFOUND)
	})
}

// badPopFile is a population file of 8 rows: good ones (lines 2 and 6),
// one whose resident ID has a wrong check character (line 9) and bad
// ones, each problem known.
func badPopFile(t testing.TB) (file string, problems map[int]string) {
	early := goodPerson(t, 4)
	early.id = wrongCheck(early.id)
	lines := []string{
		popHeader,
		popCSV(goodPerson(t, 1))[len(popHeader)+1:],
		",1234,,,,,,\n",
		"李四," + personID(t, 3) + ",2022-02-29,4.5,abc,2022-13-01 08:00:00,maybe,柳州市柳北区胜利路一号院\n",
		"王五," + personID(t, 5) + "\n",
		popCSV(goodPerson(t, 6))[len(popHeader)+1:],
		"赵\x01六," + personID(t, 7) + ",,,1e99999,,,\n",
		"钱\"七," + personID(t, 8) + ",,,,,,\n",
		popCSV(early)[len(popHeader)+1:],
	}
	return strings.Join(lines[:1], "") + "\n" + strings.Join(lines[1:], ""), map[int]string{
		3: "姓名,公民身份号码",
		4: "出生日期,年龄,身高,登记时间,是否户主,住址",
		5: "",
		7: "姓名,身高",
		8: "",
		9: "公民身份号码",
	}
}

func TestService_Mount_BadRows(t *testing.T) {
	ctx := context.Background()
	file, problems := badPopFile(t)
	t.Run("ErrAllOrNothing", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		res, err := s.Mount(ctx, actPolice(), c.Code, strings.NewReader(file), datashare.MountOptions{})
		mustErrCode(t, err, govops.EINVALID)
		if !strings.Contains(err.Error(), "row[3].姓名") {
			t.Fatalf("err = %v", err)
		}
		if got := problemsByRow(res.Report.Errors); fmt.Sprint(got) != fmt.Sprint(problems) {
			t.Fatalf("problems = %v, want %v\n%v", got, problems, res.Report.Errors)
		}
		for _, e := range res.Report.Errors {
			if e.Problem == "" {
				t.Fatalf("problem without words: %+v", e)
			}
		}
		wantWords := map[string]string{"3 姓名": "is required", "3 公民身份号码": "is not a valid 公民身份号码", "4 出生日期": `"2022-02-29" is not a date`,
			"4 年龄": "is not an integer", "4 身高": "is not a number", "4 登记时间": "is not a date and time", "4 是否户主": "is not a yes or no",
			"4 住址": "is 12 characters: at most 10", "5 ": "has 2 fields but the header has 8", "7 姓名": "control character",
			"8 ": "not valid CSV", "9 公民身份号码": "check character"}
		for _, e := range res.Report.Errors {
			if w := wantWords[fmt.Sprintf("%d %s", e.Row, e.Field)]; !strings.Contains(e.Problem, w) {
				t.Errorf("row %d, %s: %q, want it to say %q", e.Row, e.Field, e.Problem, w)
			}
		}
		b := res.Batch
		if b.Status != datashare.BatchFailed || b.Version != 2 || b.Rows != 8 || b.BadRows != 6 || b.Mounted != 0 || res.Report.Imported != 0 ||
			!strings.Contains(b.Problem, "6 of 8 rows are bad") {
			t.Fatalf("batch = %+v", b)
		}
		if rows := allRecords(t, s, actCenter(), c.Code); len(rows) != 0 {
			t.Fatalf("%d rows visible after a failed all-or-nothing mount", len(rows))
		}
		stored, _ := s.Batch(ctx, actCenter(), b.ID.String())
		if stored.Status != datashare.BatchFailed || stored.Problem != b.Problem {
			t.Fatalf("stored = %+v", stored)
		}
		if got := trailOf(t, s, b.ID.String()); !slices.Equal(got, []string{"mount_started", "mount_failed"}) {
			t.Fatalf("trail = %v", got)
		}
	})
	t.Run("OKKeepGood", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		res, err := s.Mount(ctx, actPolice(), c.Code, strings.NewReader(file), datashare.MountOptions{Mode: csvimport.KeepGood})
		if err != nil {
			t.Fatal(err)
		}
		if got := problemsByRow(res.Report.Errors); fmt.Sprint(got) != fmt.Sprint(problems) {
			t.Fatalf("problems = %v, want %v", got, problems)
		}
		if res.Report.Imported != 2 || res.Report.Skipped() != 6 || res.Batch.Mounted != 2 || res.Batch.BadRows != 6 || res.Batch.Status != datashare.BatchCommitted {
			t.Fatalf("result = %+v", res)
		}
		var lines []int64
		for _, r := range allRecords(t, s, actCenter(), c.Code) {
			lines = append(lines, r.Line)
		}
		if !slices.Equal(lines, []int64{2, 6}) {
			t.Fatalf("lines = %v", lines)
		}
	})
	t.Run("OKWarnMode", func(t *testing.T) {
		s, _, _ := newMountService(t)
		c := mustPublished(t, s, popInput(t))
		res, err := s.Mount(ctx, actPolice(), c.Code, strings.NewReader(file), datashare.MountOptions{Mode: csvimport.KeepGood, IDMode: idcode.Warn})
		if err != nil {
			t.Fatal(err)
		}
		delete(problems, 9)
		if got := problemsByRow(res.Report.Errors); fmt.Sprint(got) != fmt.Sprint(problems) {
			t.Fatalf("problems = %v, want %v", got, problems)
		}
		w := res.Report.Warnings
		if len(w) != 1 || w[0].Row != 9 || w[0].Field != "公民身份号码" || !strings.Contains(w[0].Problem, "check character") ||
			res.Batch.Warnings != 1 || res.Batch.Mounted != 3 {
			t.Fatalf("warnings %+v, batch %+v", w, res.Batch)
		}
		if st := res.Batch.Items[1]; st != (datashare.ItemStats{Item: "公民身份号码", Present: 3, Invalid: 1}) {
			t.Fatalf("stats = %+v", st)
		}
	})
}

func TestService_Mount_Replace(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newMountService(t)
	c := mustPublished(t, s, popInput(t))
	p1, p2, p3 := goodPerson(t, 1), goodPerson(t, 2), goodPerson(t, 3)
	first := mustMount(t, s, c.Code, popCSV(p1, p2, p1), datashare.MountOptions{})
	if first.Batch.KeyRows != 3 || first.Batch.KeyDistinct != 2 {
		t.Fatalf("first = %+v", first.Batch)
	}
	second := mustMount(t, s, c.Code, popCSV(p2, p3), datashare.MountOptions{})
	if second.Batch.KeyRows != 5 || second.Batch.KeyDistinct != 3 {
		t.Fatalf("second = %+v", second.Batch)
	}
	full := mustMount(t, s, c.Code, popCSV(p3), datashare.MountOptions{Replace: true})
	if full.Batch.KeyRows != 1 || full.Batch.KeyDistinct != 1 || !full.Batch.Replace {
		t.Fatalf("full = %+v", full.Batch)
	}
	rows := allRecords(t, s, actCenter(), c.Code)
	if len(rows) != 1 || rows[0].Batch != full.Batch.ID || rows[0].Values["公民身份号码"] != p3.id {
		t.Fatalf("rows = %+v", rows)
	}
	for _, b := range []datashare.Batch{first.Batch, second.Batch} {
		got, err := s.Batch(ctx, actCenter(), b.ID.String())
		if err != nil || got.Status != datashare.BatchReplaced || got.Version != 3 || !got.FinishedAt.Equal(full.Batch.FinishedAt) {
			t.Fatalf("replaced batch = %+v, %v", got, err)
		}
		if tr := trailOf(t, s, b.ID.String()); !slices.Equal(tr, []string{"mount_started", "mount_committed", "mount_replaced"}) {
			t.Fatalf("trail = %v", tr)
		}
		evs, _ := s.BatchTrail(ctx, actCenter(), b.ID.String())
		if !strings.Contains(evs[2].Note, full.Batch.ID.String()) {
			t.Fatalf("replaced event = %+v", evs[2])
		}
	}
}

func TestService_MountColumns(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newMountService(t)
	c := mustPublished(t, s, popInput(t))
	got, err := s.MountColumns(ctx, actMarket(), c.Code)
	if err != nil || strings.Join(got, ",") != popHeader {
		t.Fatalf("MountColumns = %v, %v", got, err)
	}
	draft := mustCatalog(t, s, bizInput(t))
	_, err = s.MountColumns(ctx, actPolice(), draft.Code)
	mustErrCode(t, err, govops.ENOTFOUND)
}
