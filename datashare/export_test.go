package datashare_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

// repExportCatalog seeds entries of every kind an export must tell apart:
// 1 (RSJ) open, 2 (GAJ) open on condition, 3 (RSJ) published but not
// open, 4 (RSJ) an open draft, 5 (GAJ) open and withdrawn.
func repExportCatalog(tb testing.TB, st datashare.Store) []datashare.Catalog {
	tb.Helper()
	cs := []datashare.Catalog{
		repCatalog("RSJ", 1, func(c *datashare.Catalog) { c.Open = datashare.OpenUnconditional }),
		repCatalog("GAJ", 2, func(c *datashare.Catalog) {
			c.Name, c.Open, c.OpenCondition = "企业登记信息", datashare.OpenConditional, "经实名注册后开放"
			c.Format, c.SubFormat, c.Cycle, c.Related = datashare.FormatDatabase, "", datashare.CycleRealtime, nil
			c.ShareType, c.Condition, c.LegalBasis = datashare.ShareUnconditional, "", ""
		}),
		repCatalog("RSJ", 3, func(c *datashare.Catalog) {
			c.ShareType, c.Condition = datashare.ShareNone, ""
		}),
		repCatalog("RSJ", 4, func(c *datashare.Catalog) {
			c.Open, c.Status, c.Published = datashare.OpenUnconditional, datashare.CatalogDraft, time.Time{}
		}),
		repCatalog("GAJ", 5, func(c *datashare.Catalog) {
			c.Open, c.Status = datashare.OpenUnconditional, datashare.CatalogWithdrawn
		}),
	}
	repSeed(tb, st, cs...)
	return cs
}

// repPrefixes adds to out the prefixes of every compact IRI v uses, as a
// key or as the value of @type.
func repPrefixes(v any, out map[string]bool) {
	note := func(s string) {
		if p, _, ok := strings.Cut(s, ":"); ok && !strings.HasPrefix(s, "http") {
			out[p] = true
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if !strings.HasPrefix(k, "@") {
				note(k)
			}
			if s, ok := x.(string); ok && k == "@type" {
				note(s)
			}
			if k != "@context" {
				repPrefixes(x, out)
			}
		}
	case []any:
		for _, x := range v {
			repPrefixes(x, out)
		}
	}
}

func TestService_ExportDCAT(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, st, _ := repService(t)
		cs := repExportCatalog(t, st)
		var buf bytes.Buffer
		if err := s.ExportDCAT(ctx, repMZJ(), &buf); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, buf.String())
		}
		ctxMap, _ := doc["@context"].(map[string]any)
		used := map[string]bool{}
		repPrefixes(doc, used)
		for _, p := range []string{"dcat", "dct", "foaf", "xsd", "gds"} {
			if !used[p] {
				t.Errorf("prefix %s is not used", p)
			}
		}
		for p := range used {
			if iri, ok := ctxMap[p].(string); !ok || !strings.HasPrefix(iri, "http") {
				t.Errorf("prefix %s is used but the context defines %v", p, ctxMap[p])
			}
		}
		if ctxMap["gds"] != "https://govops-kit.github.io/ns/datashare#" || doc["@type"] != "dcat:Catalog" {
			t.Fatalf("context %v, type %v", ctxMap, doc["@type"])
		}
		ds, _ := doc["dcat:dataset"].([]any)
		if len(ds) != 2 {
			t.Fatalf("%d datasets, want the 2 open published entries:\n%s", len(ds), buf.String())
		}
		d0, d1 := ds[0].(map[string]any), ds[1].(map[string]any)
		if d0["dct:identifier"] != cs[0].Code || d1["dct:identifier"] != cs[1].Code {
			t.Fatalf("identifiers %v, %v", d0["dct:identifier"], d1["dct:identifier"])
		}
		want := map[string]string{
			"@type":                        "dcat:Dataset",
			"dct:title":                    cs[0].Name,
			"dct:description":              cs[0].Summary,
			"dct:publisher.@type":          "foaf:Agent",
			"dct:publisher.foaf:name":      "柳州市柳北区RSJ",
			"dct:publisher.dct:identifier": cs[0].ProviderCode,
			"dct:issued.@value":            "2022-03-01",
			"dct:issued.@type":             "xsd:date",
			"dct:accrualPeriodicity.@id":   "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
			"dct:relation":                 "[101002/000001]",
			"dcat:theme":                   "基础",
			"dcat:distribution":            "[map[@type:dcat:Distribution dct:format:电子表格/xls]]",
			"gds:shareType":                "有条件共享",
			"gds:shareCondition":           "仅用于办理政务服务事项",
			"gds:legalBasis":               "《政务信息资源共享管理暂行办法》第九条",
			"gds:shareMethod":              "接口",
			"gds:updateCycle":              "每月",
			"gds:openType":                 "无条件开放",
			"gds:items":                    "[map[gds:name:姓名 gds:required:true gds:type:字符型] map[gds:name:公民身份号码 gds:required:true gds:type:字符型] map[gds:name:出生日期 gds:required:false gds:type:日期型] map[gds:name:住址 gds:required:false gds:type:字符型]]",
		}
		for path, w := range want {
			var v any = d0
			for _, k := range strings.Split(path, ".") {
				v = v.(map[string]any)[k]
			}
			got := ""
			if v != nil {
				got = fmt.Sprint(v)
			}
			if got != w {
				t.Errorf("%s = %q, want %q", path, got, w)
			}
		}
		if d1["dct:accrualPeriodicity"].(map[string]any)["@id"] != "http://publications.europa.eu/resource/authority/frequency/CONT" ||
			d1["gds:openCondition"] != "经实名注册后开放" || d1["gds:shareCondition"] != nil || d1["dct:relation"] != nil ||
			fmt.Sprint(d1["dcat:distribution"]) != "[map[@type:dcat:Distribution dct:format:数据库]]" {
			t.Fatalf("dataset 2 = %v", d1)
		}
	})
	t.Run("OKEmpty", func(t *testing.T) {
		s, _, _ := repService(t)
		var buf bytes.Buffer
		if err := s.ExportDCAT(ctx, repViewer(), &buf); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Datasets []any `json:"dcat:dataset"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc.Datasets == nil || len(doc.Datasets) != 0 {
			t.Fatalf("empty export = %s, %v", buf.String(), err)
		}
	})
	t.Run("OKPaged", func(t *testing.T) {
		s, st, _ := repService(t)
		repSeed(t, st, repOpenEntries(1201)...)
		st.catalogPages.Store(0)
		var buf bytes.Buffer
		if err := s.ExportDCAT(ctx, repCenter(), &buf); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Datasets []struct {
				ID string `json:"dct:identifier"`
			} `json:"dcat:dataset"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc.Datasets) != 1201 || doc.Datasets[1200].ID != "101001/001201" {
			t.Fatalf("%d datasets, %v", len(doc.Datasets), err)
		}
		if st.catalogPages.Load() != 3 || st.maxLimit.Load() != 500 || st.unbounded.Load() {
			t.Fatalf("pages %d, largest %d", st.catalogPages.Load(), st.maxLimit.Load())
		}
	})
	t.Run("ErrWriter", func(t *testing.T) {
		s, st, _ := repService(t)
		repSeed(t, st, repOpenEntries(1201)...)
		st.catalogPages.Store(0)
		w := &repFailingWriter{n: 1000}
		err := s.ExportDCAT(ctx, repCenter(), w)
		repCode(t, err, govops.EINTERNAL)
		if !errors.Is(err, errRepWrite) {
			t.Fatalf("err = %v does not wrap the writer's", err)
		}
		// The export stopped at the failure: it read no page after the
		// first and wrote nothing more.
		if w.afterFails != 0 || st.catalogPages.Load() != 1 {
			t.Fatalf("writes after the failure %d, pages read %d", w.afterFails, st.catalogPages.Load())
		}
	})
	t.Run("ErrActor", func(t *testing.T) {
		s, _, _ := repService(t)
		repCode(t, s.ExportDCAT(ctx, govops.Actor{}, &bytes.Buffer{}), govops.EINVALID)
	})
}

// repOpenEntries returns n open published entries of RSJ.
func repOpenEntries(n int) []datashare.Catalog {
	cs := make([]datashare.Catalog, n)
	for i := range cs {
		cs[i] = repCatalog("RSJ", i+1, func(c *datashare.Catalog) { c.Open = datashare.OpenUnconditional })
	}
	return cs
}

// repTemplate exports the template as by and returns its rows, header
// first, after checking the byte order mark and the line ends.
func repTemplate(tb testing.TB, s *datashare.Service, by govops.Actor) [][]string {
	tb.Helper()
	var buf bytes.Buffer
	if err := s.ExportTemplate(context.Background(), by, &buf); err != nil {
		tb.Fatal(err)
	}
	body, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
	if !ok || !bytes.HasSuffix(body, []byte("\r\n")) {
		tb.Fatalf("no byte order mark or CRLF:\n%q", buf.String())
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(datashare.TemplateColumns(), ",") {
		tb.Fatalf("header = %v", rows[0])
	}
	return rows
}

func TestService_ExportTemplate(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, st, _ := repService(t)
		cs := repExportCatalog(t, st)
		rows := repTemplate(t, s, repCenter())
		// Every published entry, open or not, in code order.
		if len(rows) != 4 || rows[1][2] != cs[0].Code || rows[2][2] != cs[1].Code || rows[3][2] != cs[2].Code {
			t.Fatalf("rows = %v", rows)
		}
		want := []string{"基础", cs[0].Name, cs[0].Code, "柳州市柳北区RSJ", cs[0].ProviderCode, "辖区户籍人口的基本信息", "电子表格/xls",
			"姓名(字符型);公民身份号码(字符型);出生日期(日期型);住址(字符型)", "有条件共享",
			"仅用于办理政务服务事项；依据：《政务信息资源共享管理暂行办法》第九条", "接口", "无条件开放", "", "每月", "2022-03-01", "101002/000001"}
		if strings.Join(rows[1], "|") != strings.Join(want, "|") {
			t.Fatalf("row 1 =\n%v\nwant\n%v", rows[1], want)
		}
		if rows[2][6] != "数据库" || rows[2][8] != "无条件共享" || rows[2][9] != "" || rows[2][12] != "经实名注册后开放" || rows[2][13] != "实时" || rows[2][15] != "" {
			t.Fatalf("row 2 = %v", rows[2])
		}
		if rows[3][8] != "不予共享" || rows[3][9] != "依据：《政务信息资源共享管理暂行办法》第九条" || rows[3][11] != "不予开放" {
			t.Fatalf("row 3 = %v", rows[3])
		}
		if len(datashare.TemplateColumns()) != 16 || datashare.TemplateColumns()[15] != "关联资源代码" {
			t.Fatalf("columns = %v", datashare.TemplateColumns())
		}
	})
	t.Run("OKDepartment", func(t *testing.T) {
		s, st, _ := repService(t)
		cs := repExportCatalog(t, st)
		if rows := repTemplate(t, s, repRSJ()); len(rows) != 3 || rows[1][2] != cs[0].Code || rows[2][2] != cs[2].Code {
			t.Fatalf("RSJ rows = %v", rows)
		}
		if rows := repTemplate(t, s, govops.Actor{Name: "公安审计", Department: "GAJ", ReadOnly: true}); len(rows) != 2 || rows[1][2] != cs[1].Code {
			t.Fatalf("GAJ rows = %v", rows)
		}
		if rows := repTemplate(t, s, repViewer()); len(rows) != 4 {
			t.Fatalf("viewer rows = %v", rows)
		}
	})
	t.Run("OKFormulaText", func(t *testing.T) {
		s, st, _ := repService(t)
		repSeed(t, st, repCatalog("RSJ", 1, func(c *datashare.Catalog) {
			c.Name, c.Summary, c.OpenCondition = `=HYPERLINK("http://x","点击")`, "-1+2", "@SUM(A1)"
		}))
		rows := repTemplate(t, s, repCenter())
		if rows[1][1] != `'=HYPERLINK("http://x","点击")` || rows[1][5] != "'-1+2" || rows[1][12] != "'@SUM(A1)" || rows[1][0] != "基础" {
			t.Fatalf("row = %v", rows[1])
		}
	})
	t.Run("ErrWriter", func(t *testing.T) {
		s, st, _ := repService(t)
		repSeed(t, st, repOpenEntries(1201)...)
		st.catalogPages.Store(0)
		w := &repFailingWriter{n: 1000}
		err := s.ExportTemplate(ctx, repCenter(), w)
		repCode(t, err, govops.EINTERNAL)
		if !errors.Is(err, errRepWrite) || w.afterFails != 0 || st.catalogPages.Load() != 1 {
			t.Fatalf("err %v, writes after the failure %d, pages read %d", err, w.afterFails, st.catalogPages.Load())
		}
		// A writer that fails at once fails the byte order mark.
		err = s.ExportTemplate(ctx, repCenter(), &repFailingWriter{})
		if !errors.Is(err, errRepWrite) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrActor", func(t *testing.T) {
		s, _, _ := repService(t)
		repCode(t, s.ExportTemplate(ctx, govops.Actor{}, &bytes.Buffer{}), govops.EINVALID)
	})
}
