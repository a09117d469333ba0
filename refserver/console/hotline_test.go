package console_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// hotlineCenter is center staff, for asking the Service directly.
var hotlineCenter = govops.Actor{Name: "测试中心"}

func TestHotline_Assessment(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	aug := hotline.NewMonth(2022, time.August)
	t.Run("OK", func(t *testing.T) {
		ma, err := s.Svc.Hotline.MonthlyAssessment(ctx, hotlineCenter, aug)
		if err != nil {
			t.Fatal(err)
		}
		want := ma.District.Satisfaction()
		if !want.Applicable {
			t.Fatal("the demo year has no callbacks in August 2022")
		}
		b := signedIn(t, s, s.Admin)
		st, body := b.get("/hotline?year=2022")
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		cell := hotlineCell(t, body, "sat-2022-08")
		if !strings.Contains(cell, want.Percent.StringFixed(2)+"%") ||
			!strings.Contains(cell, fmt.Sprintf("%d/%d", want.Numerator, want.Denominator)) &&
				!strings.Contains(cell, hotlineNum(want.Numerator)+"/"+hotlineNum(want.Denominator)) {
			t.Errorf("August satisfaction cell %q, want %s (%d/%d)", cell, want.String(), want.Numerator, want.Denominator)
		}
		if hotlineCount(body, `<svg class="chart"`) != 2 || !strings.Contains(body, `<polyline class="line`) {
			t.Error("the page lacks the satisfaction line chart and the volume bar chart")
		}
		if !strings.Contains(body, `id="departments-table"`) || !strings.Contains(body, `id="dept-`+s.Other+`"`) {
			t.Error("the center's page lacks the departments' year")
		}
		if strings.Contains(body, " style=") || strings.Contains(body, "<script") {
			t.Error("the page carries a style attribute or a script")
		}
	})
	t.Run("DefaultsToLatestYearWithData", func(t *testing.T) {
		// The demo year is 2022; the tests may have recorded deductions in
		// this month since.
		want := 0
		for y := time.Now().Year(); y >= 2022 && want == 0; y-- {
			through := hotline.NewMonth(y, time.December)
			if cur := hotline.MonthOf(time.Now()); cur.Year == y {
				through = cur
			}
			ytd, err := s.Svc.Hotline.YearToDate(ctx, hotlineCenter, through)
			if err != nil {
				t.Fatal(err)
			}
			if len(ytd.Months) > 0 {
				want = y
			}
		}
		b := signedIn(t, s, s.Viewer)
		st, body := b.get("/hotline")
		if st != http.StatusOK || !strings.Contains(hotlineCell(t, body, "page-title"), fmt.Sprintf("%d年", want)) ||
			!strings.Contains(body, `id="assess-latest"`) {
			t.Fatalf("status %d, want the assessment of %d:\n%s", st, want, clip(body))
		}
	})
	t.Run("DeptSeesItsOwn", func(t *testing.T) {
		// 2021 holds only what the tests record, so that the demo year
		// stays as generated.
		m := hotline.NewMonth(2021, time.August)
		n := time.Now().UnixNano()
		for i, cb := range []hotline.CallbackInput{
			{CaseNumber: fmt.Sprintf("HLT-%d-own", n), Department: s.DeptCode, Month: m, Result: hotline.ResultSatisfied},
			{CaseNumber: fmt.Sprintf("HLT-%d-other", n), Department: s.Other, Month: m, Result: hotline.ResultDissatisfied},
		} {
			cb.CalledAt = time.Date(2021, time.August, 3+i, 10, 30, 0, 0, govops.ShanghaiLocation())
			if _, err := s.Svc.Hotline.RecordCallback(ctx, hotlineCenter, cb); err != nil {
				t.Fatal(err)
			}
		}
		ma, err := s.Svc.Hotline.MonthlyAssessment(ctx, govops.Actor{Name: "测试部门", Department: s.DeptCode}, m)
		if err != nil {
			t.Fatal(err)
		}
		own, ok := ma.Department(s.DeptCode)
		if !ok || len(ma.Departments) != 1 {
			t.Fatalf("the Service gives the department %d rows", len(ma.Departments))
		}
		b := signedIn(t, s, s.Dept)
		st, body := b.get("/hotline?year=2021")
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		if cell := hotlineCell(t, body, "sat-2021-08"); !strings.Contains(cell, own.Satisfaction().String()) {
			t.Errorf("the department's August cell %q, want %s", cell, own.Satisfaction())
		}
		if own.Satisfaction().String() == ma.District.Satisfaction().String() {
			t.Fatal("the department's rate equals the district's: the test tells nothing")
		}
		if strings.Contains(body, `id="departments-table"`) || strings.Contains(body, `id="dept-`+s.Other) {
			t.Error("a department sees the other departments' year")
		}
		if !strings.Contains(body, ma.District.Satisfaction().String()) {
			t.Error("the department's page lacks the district's rate beside its own")
		}
	})
	t.Run("ErrBadYear", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		if st, _ := b.get("/hotline?year=22x"); st != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", st)
		}
	})
}

func TestHotline_Ranking(t *testing.T) {
	s := sharedSite(t)
	rk, err := s.Svc.Hotline.PeerRanking(context.Background(), hotlineCenter, hotline.YearPeriod(2022))
	if err != nil {
		t.Fatal(err)
	}
	if rk.HomeRank == 0 {
		t.Fatal("the demo year ranks no home district")
	}
	for _, path := range []string{"/hotline/ranking?period=2022", "/hotline/ranking"} {
		t.Run(path, func(t *testing.T) {
			b := signedIn(t, s, s.Dept)
			st, body := b.get(path)
			if st != http.StatusOK {
				t.Fatalf("status %d:\n%s", st, clip(body))
			}
			if !strings.Contains(hotlineCell(t, body, "ranking-home"), "柳北区") {
				t.Error("the home district is not marked")
			}
			if got := hotlineCell(t, body, "kpi-home-rank"); got != fmt.Sprintf("第 %d 名", rk.HomeRank) {
				t.Errorf("home rank %q, want %d", got, rk.HomeRank)
			}
			if hotlineCount(body, "<tr") != len(rk.Districts)+1 || !strings.Contains(body, `<svg class="chart"`) {
				t.Errorf("want %d districts and a chart", len(rk.Districts))
			}
		})
	}
	t.Run("ErrBadPeriod", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		if st, _ := b.get("/hotline/ranking?period=soon"); st != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", st)
		}
	})
}

var hotlineIDPattern = regexp.MustCompile(`id="deduction-id">([0-9a-f-]{36})<`)

// hotlineDeduct records a deduction through the console as admin and
// returns its ID.
func hotlineDeduct(t *testing.T, s *site, dept, reason string) string {
	t.Helper()
	b := signedIn(t, s, s.Admin)
	b.get("/hotline/deductions")
	st, body := b.post("/hotline/deductions", url.Values{"department": {dept}, "month": {hotline.MonthOf(time.Now()).String()},
		"rule_code": {hotline.RuleOverdue}, "reason": {reason}})
	m := hotlineIDPattern.FindStringSubmatch(body)
	if st != http.StatusOK || m == nil || !strings.Contains(body, `id="flash"`) {
		t.Fatalf("deduct: status %d, want the new deduction's page:\n%s", st, clip(body))
	}
	return m[1]
}

func TestHotline_Deductions(t *testing.T) {
	s := sharedSite(t)
	t.Run("Flow", func(t *testing.T) {
		id := hotlineDeduct(t, s, s.DeptCode, "热线工单超期办理（测试）")
		path := "/hotline/deductions/" + id

		dept := signedIn(t, s, s.Dept)
		_, body := dept.get(path)
		if !strings.Contains(body, `id="form-appeal"`) || strings.Contains(body, `id="form-decide"`) {
			t.Fatal("the department's page lacks the appeal form, or shows the decision form")
		}
		st, body := dept.post(path+"/appeal", url.Values{"materials": {""}, "if_version": {"1"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-materials"`) {
			t.Fatalf("empty materials: status %d, want 422 with err-materials:\n%s", st, clip(body))
		}
		st, body = dept.post(path+"/appeal", url.Values{"materials": {"已按时办结，见附件"}, "attachments": {"说明.pdf\n照片.jpg"}, "if_version": {"1"}})
		if st != http.StatusOK || !strings.Contains(hotlineCell(t, body, "deduction-status"), hotline.DeductionAppealed.Label()) ||
			!strings.Contains(body, "照片.jpg") {
			t.Fatalf("appeal: status %d, want the deduction under appeal:\n%s", st, clip(body))
		}
		if st, _ := dept.post(path+"/decision", url.Values{"decision": {"overturn"}, "note": {"自己撤销"}}); st != http.StatusForbidden {
			t.Errorf("a department decides: status %d, want 403", st)
		}

		admin := signedIn(t, s, s.Admin)
		_, body = admin.get(path)
		if !strings.Contains(body, `id="form-decide"`) || strings.Contains(body, `id="form-appeal"`) {
			t.Fatal("the center's page lacks the decision form, or shows the appeal form")
		}
		st, body = admin.post(path+"/decision", url.Values{"decision": {"overturn"}, "note": {""}, "if_version": {"2"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-note"`) {
			t.Fatalf("empty note: status %d, want 422 with err-note:\n%s", st, clip(body))
		}
		st, body = admin.post(path+"/decision", url.Values{"decision": {"overturn"}, "note": {"经复核撤销"}, "if_version": {"2"}})
		if st != http.StatusOK || !strings.Contains(hotlineCell(t, body, "deduction-status"), hotline.DeductionOverturned.Label()) {
			t.Fatalf("decision: status %d, want the deduction overturned:\n%s", st, clip(body))
		}
		for _, ev := range []string{"扣分", "申请复核", "复核撤销"} {
			if !strings.Contains(hotlineSection(body, "deduction-trail"), "<strong>"+ev+"</strong>") {
				t.Errorf("the trail lacks %s", ev)
			}
		}
		d, err := s.Svc.Hotline.GetDeduction(context.Background(), hotlineCenter, id)
		if err != nil || d.Status != hotline.DeductionOverturned {
			t.Errorf("the Service has %v, %v; want overturned", d, err)
		}
		if st, body := admin.post(path+"/decision", url.Values{"decision": {"uphold"}, "note": {"再决定"}}); st != http.StatusConflict || !strings.Contains(body, `id="form-message"`) {
			t.Errorf("a second decision: status %d, want 409 with the Service's message", st)
		}
	})
	t.Run("ErrDeductField", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		b.get("/hotline/deductions")
		st, body := b.post("/hotline/deductions", url.Values{"department": {s.DeptCode}, "month": {"2022-08"},
			"rule_code": {hotline.RuleOverdue}, "reason": {""}, "points": {"abc"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-points"`) {
			t.Fatalf("bad points: status %d, want 422 with err-points:\n%s", st, clip(body))
		}
		st, body = b.post("/hotline/deductions", url.Values{"department": {s.DeptCode}, "month": {"2022-08"},
			"rule_code": {hotline.RuleOverdue}, "reason": {""}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-reason"`) {
			t.Fatalf("no reason: status %d, want 422 with err-reason:\n%s", st, clip(body))
		}
		if !strings.Contains(body, `id="form-deduct"`) || !strings.Contains(body, `id="deductions-table"`) {
			t.Error("the refused form is not shown again on the list")
		}
		st, body = b.post("/hotline/deductions", url.Values{"department": {s.DeptCode}, "month": {"2022-08"},
			"rule_code": {"no_such_rule"}, "reason": {"未知扣分项"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-rule_code"`) {
			t.Fatalf("unknown rule: status %d, want 422 with err-rule_code:\n%s", st, clip(body))
		}
	})
	t.Run("ErrDeptDeducts", func(t *testing.T) {
		b := signedIn(t, s, s.Dept)
		_, body := b.get("/hotline/deductions")
		if strings.Contains(body, `id="form-deduct"`) {
			t.Error("a department sees the deduction form")
		}
		st, _ := b.post("/hotline/deductions", url.Values{"department": {s.DeptCode}, "month": {"2022-08"},
			"rule_code": {hotline.RuleOverdue}, "reason": {"自己扣自己"}})
		if st != http.StatusForbidden {
			t.Fatalf("status %d, want 403", st)
		}
	})
	t.Run("DeptSeesOnlyItsOwn", func(t *testing.T) {
		other := hotlineDeduct(t, s, s.Other, "跃进街道超期办理（测试）")
		own := hotlineDeduct(t, s, s.DeptCode, "解放街道超期办理（测试）")
		b := signedIn(t, s, s.Dept)
		st, body := b.get("/hotline/deductions")
		if st != http.StatusOK || !strings.Contains(body, own) || strings.Contains(body, other) {
			t.Fatalf("status %d: the department's list shows its own %t, the other's %t", st, strings.Contains(body, own), strings.Contains(body, other))
		}
		if strings.Contains(body, `id="q-department"`) {
			t.Error("a department is offered the department filter")
		}
		if st, _ := b.get("/hotline/deductions/" + other); st != http.StatusNotFound {
			t.Errorf("the other department's deduction: status %d, want 404", st)
		}
		if st, _ := b.post("/hotline/deductions/"+other+"/appeal", url.Values{"materials": {"不是我们的"}}); st != http.StatusNotFound {
			t.Errorf("appeal of the other department's deduction: status %d, want 404", st)
		}
		if st, _ := b.get("/hotline/deductions?department=" + s.Other); st != http.StatusForbidden {
			t.Errorf("filter by the other department: status %d, want 403", st)
		}
		admin := signedIn(t, s, s.Admin)
		_, body = admin.get("/hotline/deductions?department=" + s.Other + "&status=recorded")
		if !strings.Contains(body, other) || strings.Contains(body, own) {
			t.Error("the center's department filter does not select the department's deductions")
		}
	})
	t.Run("Paged", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		_, body := b.get("/hotline/deductions?year=2022")
		if !strings.Contains(body, `id="deductions-table"`) {
			t.Fatalf("no deductions in 2022:\n%s", clip(body))
		}
		page, err := s.Svc.Hotline.ListDeductions(context.Background(), hotlineCenter, hotline.DeductionFilter{
			Months: hotline.MonthRange{First: hotline.NewMonth(2022, 1), Last: hotline.NewMonth(2022, 12)}})
		if err != nil {
			t.Fatal(err)
		}
		if got := hotlineCount(body, `<tr id="deduction-`); got != len(page.Items) {
			t.Errorf("%d rows, want the Service's %d", got, len(page.Items))
		}
		if (page.Next != "") != strings.Contains(body, `id="page-next"`) {
			t.Errorf("next page link shown %t, the Service's next cursor %q", !strings.Contains(body, `id="page-next"`), page.Next)
		}
	})
}

func TestHotline_Viewer(t *testing.T) {
	s := sharedSite(t)
	id := hotlineDeduct(t, s, s.DeptCode, "只读测试扣分")
	b := signedIn(t, s, s.Viewer)
	for _, path := range []string{"/hotline", "/hotline/deductions", "/hotline/deductions/" + id, "/hotline/ranking"} {
		st, body := b.get(path)
		if st != http.StatusOK {
			t.Fatalf("%s: status %d", path, st)
		}
		if n := hotlineCount(body, `method="post"`); n != 1 {
			t.Errorf("%s: %d posting forms, want only the sign-out", path, n)
		}
		if strings.Contains(body, `id="tab-import"`) {
			t.Errorf("%s: a viewer is offered the imports", path)
		}
	}
	if st, _ := b.get("/hotline/import"); st != http.StatusForbidden {
		t.Errorf("import page: status %d, want 403", st)
	}
	if st, _ := b.post("/hotline/deductions/"+id+"/appeal", url.Values{"materials": {"只读"}}); st != http.StatusForbidden {
		t.Errorf("a viewer appeals: status %d, want 403", st)
	}
}

func TestHotline_Import(t *testing.T) {
	s := sharedSite(t)
	number := fmt.Sprintf("HLT-%d", time.Now().UnixNano())
	csv := "case_number,department,month,result,called_at,note\n" +
		number + "," + s.DeptCode + ",2021-09,满意,2021-09-03 10:30,\n" +
		number + "-b," + s.DeptCode + ",2021-09,很好,2021-09-03 10:30,\n" +
		number + "-c," + s.DeptCode + ",2021-09,满意,昨天,\n"
	b := signedIn(t, s, s.Admin)
	if st, body := b.get("/hotline/import"); st != http.StatusOK || !strings.Contains(body, `id="form-import"`) ||
		!strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("import page: status %d", st)
	}
	t.Run("AllOrNothing", func(t *testing.T) {
		st, body := hotlineUpload(t, b, "/hotline/import/callbacks", "all_or_nothing", csv)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="report-nothing"`) {
			t.Fatalf("status %d, want 422 with nothing imported:\n%s", st, clip(body))
		}
		if hotlineCell(t, body, "report-imported") != "0" {
			t.Error("an all-or-nothing import with bad rows reports rows imported")
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		st, body := hotlineUpload(t, b, "/hotline/import/callbacks", "keep_good", csv)
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		if hotlineCell(t, body, "report-imported") != "1" || hotlineCell(t, body, "report-bad") != "2" {
			t.Errorf("imported %s, bad %s; want 1 and 2", hotlineCell(t, body, "report-imported"), hotlineCell(t, body, "report-bad"))
		}
		for _, want := range []string{`data-row="3"><td class="n">3</td><td><code>result</code>`, `data-row="4"><td class="n">4</td><td><code>called_at</code>`} {
			if !strings.Contains(body, want) {
				t.Errorf("the report lacks %s", want)
			}
		}
		if strings.Contains(body, `data-row="2"`) {
			t.Error("the good row is reported bad")
		}
		page, err := s.Svc.Hotline.ListCallbacks(context.Background(), hotlineCenter, hotline.CallbackFilter{CaseNumber: number})
		if err != nil || len(page.Items) != 1 {
			t.Errorf("the Service holds %d callbacks of %s (%v), want 1", len(page.Items), number, err)
		}
	})
	t.Run("ErrNoFile", func(t *testing.T) {
		b.get("/hotline/import?kind=peers")
		st, body := hotlineUpload(t, b, "/hotline/import/peers", "keep_good", "")
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-file"`) {
			t.Fatalf("status %d, want 422 with err-file:\n%s", st, clip(body))
		}
	})
	t.Run("ErrBadHeader", func(t *testing.T) {
		st, body := hotlineUpload(t, b, "/hotline/import/outcomes", "keep_good", "foo,bar\n1,2\n")
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="err-file"`) {
			t.Fatalf("status %d, want 422 with err-file:\n%s", st, clip(body))
		}
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		if st, _ := hotlineUpload(t, b, "/hotline/import/nothing", "keep_good", csv); st != http.StatusNotFound {
			t.Fatalf("status %d, want 404", st)
		}
	})
	t.Run("ErrDept", func(t *testing.T) {
		d := signedIn(t, s, s.Dept)
		d.get("/hotline")
		if st, _ := hotlineUpload(t, d, "/hotline/import/callbacks", "keep_good", csv); st != http.StatusForbidden {
			t.Fatalf("status %d, want 403", st)
		}
	})
}

// hotlineUpload posts file as the form's CSV file (none when empty) with
// the import mode, and the CSRF token of the last page read.
func hotlineUpload(t *testing.T, b *browser, path, mode, file string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"csrf": b.csrf, "mode": mode} {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != "" {
		fw, err := w.CreateFormFile("file", "import.csv")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(file))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	resp, err := b.c.Post(b.site.URL+path, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return b.read(resp)
}

// hotlineCell returns the text of the element with id, tags removed, up
// to its first closing tag of the same kind.
func hotlineCell(t *testing.T, body, id string) string {
	t.Helper()
	re := regexp.MustCompile(`<(\w+)[^>]* id="` + regexp.QuoteMeta(id) + `"[^>]*>`)
	loc := re.FindStringSubmatchIndex(body)
	if loc == nil {
		t.Fatalf("no element with id %s:\n%s", id, clip(body))
	}
	tag := body[loc[2]:loc[3]]
	rest := body[loc[1]:]
	if end := strings.Index(rest, "</"+tag+">"); end >= 0 {
		rest = rest[:end]
	}
	return strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(rest, " "))
}

// hotlineSection returns the markup of the element with id up to the
// next section.
func hotlineSection(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if end := strings.Index(rest, "</section>"); end >= 0 {
		return rest[:end]
	}
	return rest
}

func hotlineCount(body, s string) int { return strings.Count(body, s) }

// hotlineNum writes n with thousands separators, as the pages do.
func hotlineNum(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
