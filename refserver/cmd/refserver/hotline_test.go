package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// monthView is the part of a monthly assessment the tests read.
type monthView struct {
	Month  string `json:"month"`
	Scheme struct {
		Default bool   `json:"default"`
		Name    string `json:"name"`
	} `json:"scheme"`
	District    rowView   `json:"district"`
	Departments []rowView `json:"departments"`
}

type rowView struct {
	Department       string  `json:"department"`
	Volume           int64   `json:"volume"`
	Dispatched       int64   `json:"dispatched"`
	Replied          int64   `json:"replied"`
	ResponseRate     *string `json:"response_rate"`
	SatisfactionRate *string `json:"satisfaction_rate"`
	CallbackTotal    int64   `json:"callback_total"`
	Deductions       int64   `json:"deductions"`
	DeductionPoints  string  `json:"deduction_points"`
	Total            string  `json:"total"`
	Indicators       []struct {
		Indicator      string  `json:"indicator"`
		IndicatorLabel string  `json:"indicator_label"`
		Rate           *string `json:"rate"`
		Score          string  `json:"score"`
	} `json:"indicators"`
}

func (r rowView) rate(indicator string) string {
	for _, i := range r.Indicators {
		if i.Indicator == indicator {
			if i.Rate == nil {
				return "null"
			}
			return *i.Rate
		}
	}
	return "missing"
}

func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

func (m monthView) department(code string) (rowView, bool) {
	for _, d := range m.Departments {
		if d.Department == code {
			return d, true
		}
	}
	return rowView{}, false
}

// TestMain_HotlineLifecycle runs the real wiring: a hotline case goes
// through its lifecycle over HTTP, the bridge records its outcome, and
// callbacks, a deduction, its appeal and the decision show in the monthly
// and year-to-date assessment.
func TestMain_HotlineLifecycle(t *testing.T) {
	w := MustOpenWorld(t)
	n := w.newCase(t)
	mustStatus(t, w.do(t, "GET", "/api/v1/hotline/outcomes/"+n, w.admin, nil), http.StatusNotFound)
	for _, step := range []struct{ token, action, body string }{
		{w.admin, "dispatch", `{"department":"ylj"}`},
		{w.own, "accept", ``},
		{w.own, "reply", `{"reply":"已更换灯泡"}`},
		{w.admin, "close", ``},
	} {
		mustStatus(t, w.do(t, "POST", "/api/v1/cases/"+n+"/"+step.action, step.token, step.body), http.StatusOK)
	}
	r := mustStatus(t, w.do(t, "GET", "/api/v1/hotline/outcomes/"+n, w.own, nil), http.StatusOK)
	o := r.json(t)
	for k, v := range map[string]any{"month": "2026-03", "department": "ylj", "dispatched": true, "accepted_on_time": true,
		"resolved_on_time": true, "returned": false, "redone": false, "replied": true, "updated_by": "govcase"} {
		if o[k] != v {
			t.Fatalf("outcome %s = %v, want %v: %s", k, o[k], v, r.body)
		}
	}

	w.callback(t, "ylj", "satisfied")
	w.callback(t, "ylj", "dissatisfied")
	w.callback(t, "ylj", "unreachable")
	var m monthView
	decode(t, w.do(t, "GET", "/api/v1/hotline/assessments/2026-03", w.admin, nil), &m)
	ylj, ok := m.department("ylj")
	if !ok || m.Month != "2026-03" || !m.Scheme.Default {
		t.Fatalf("assessment: %+v", m)
	}
	// One case, on time, replied; callbacks 1 satisfied of 2 valid.
	if ylj.Volume != 1 || ylj.Dispatched != 1 || ylj.Replied != 1 || str(ylj.ResponseRate) != "100.00" ||
		ylj.rate("accept_on_time") != "100.00" || str(ylj.SatisfactionRate) != "50.00" || ylj.CallbackTotal != 3 ||
		ylj.DeductionPoints != "0.00" {
		t.Fatalf("ylj before the deduction: %+v", ylj)
	}
	before := ylj.Total

	id := w.deduction(t, "ylj")
	decode(t, w.do(t, "GET", "/api/v1/hotline/assessments/2026-03", w.admin, nil), &m)
	ylj, _ = m.department("ylj")
	if ylj.Deductions != 1 || ylj.DeductionPoints != "0.20" || ylj.Total == before {
		t.Fatalf("ylj after the deduction: %+v (total before %s)", ylj, before)
	}

	d := "/api/v1/hotline/deductions/" + id
	appeal := map[string]any{"materials": "供电部门停电，非本街道原因", "attachments": []string{"停电通知.pdf"}}
	r = mustStatus(t, w.do(t, "POST", d+"/appeal", w.own, appeal, "If-Match", `"1"`), http.StatusOK)
	if r.header.Get("ETag") != `"2"` || r.str(t, "status") != "appealed" || r.str(t, "status_label") != "复核中" {
		t.Fatalf("appeal: ETag %s, %s", r.header.Get("ETag"), r.body)
	}
	assertProblem(t, w.do(t, "POST", d+"/decision", w.admin, map[string]string{"decision": "overturn", "note": "属实"}, "If-Match", `"1"`),
		http.StatusConflict, "conflict", "", d+"/decision")
	r = mustStatus(t, w.do(t, "POST", d+"/decision", w.admin, map[string]string{"decision": "overturn", "note": "停电属实，撤销扣分"}, "If-Match", `"2"`), http.StatusOK)
	if r.header.Get("ETag") != `"3"` || r.str(t, "status") != "overturned" || r.json(t)["counts"] != false {
		t.Fatalf("decision: %s", r.body)
	}
	r = mustStatus(t, w.do(t, "GET", d, w.own, nil), http.StatusOK)
	var hist struct {
		RuleLabel string `json:"rule_label"`
		Points    string `json:"points"`
		History   []struct {
			Seq         int      `json:"seq"`
			Type        string   `json:"type"`
			TypeLabel   string   `json:"type_label"`
			Actor       string   `json:"actor"`
			At          string   `json:"at"`
			Department  string   `json:"department"`
			Attachments []string `json:"attachments"`
		} `json:"history"`
	}
	decode(t, r, &hist)
	if r.header.Get("ETag") != `"3"` || hist.RuleLabel != "超期办理" || hist.Points != "0.20" || len(hist.History) != 3 ||
		hist.History[1].Type != "appealed" || hist.History[1].Actor != "跃进街道值班" || hist.History[2].TypeLabel != "复核撤销" ||
		!strings.HasSuffix(hist.History[2].At, "+08:00") || len(hist.History[1].Attachments) != 1 {
		t.Fatalf("deduction with history: %s", r.body)
	}
	for _, e := range hist.History {
		if e.Department != "ylj" {
			t.Fatalf("event %d names department %q, want the deduction's, ylj: %s", e.Seq, e.Department, r.body)
		}
	}

	decode(t, w.do(t, "GET", "/api/v1/hotline/assessments/2026-03", w.admin, nil), &m)
	ylj, _ = m.department("ylj")
	if ylj.Deductions != 0 || ylj.DeductionPoints != "0.00" || ylj.Total != before {
		t.Fatalf("an overturned deduction still counts: %+v", ylj)
	}
	var ytd struct {
		Through  string   `json:"through"`
		Months   []string `json:"months"`
		District struct {
			AverageSatisfaction *string `json:"average_satisfaction"`
			Volume              int64   `json:"volume"`
			ResponseRate        *string `json:"response_rate"`
		} `json:"district"`
		Monthly []monthView `json:"monthly"`
	}
	decode(t, w.do(t, "GET", "/api/v1/hotline/assessments/ytd?through=2026-03", w.admin, nil), &ytd)
	if ytd.Through != "2026-03" || len(ytd.Months) != 1 || str(ytd.District.AverageSatisfaction) != "50.00" ||
		ytd.District.Volume != 1 || str(ytd.District.ResponseRate) != "100.00" || len(ytd.Monthly) != 1 {
		t.Fatalf("year to date: %+v", ytd)
	}
}

// TestMain_HotlineScoping checks what each role sees of the hotline: a
// department only its own records and rows (plus the district totals), a
// viewer everything but the callback notes.
func TestMain_HotlineScoping(t *testing.T) {
	w := MustOpenWorld(t)
	own := w.callback(t, "ylj", "satisfied")
	w.callback(t, "jfj", "dissatisfied")
	w.deduction(t, "ylj")
	foreign := w.deduction(t, "jfj")

	type list struct {
		Items []map[string]any `json:"items"`
	}
	for _, tc := range []struct {
		name, token, path string
		want              int
		dept              string
	}{
		{"AdminCallbacks", w.admin, "/api/v1/hotline/callbacks", 2, ""},
		{"OwnCallbacks", w.own, "/api/v1/hotline/callbacks", 1, "ylj"},
		{"ForeignCallbacks", w.foreign, "/api/v1/hotline/callbacks", 1, "jfj"},
		{"OwnCallbacksNamingItself", w.own, "/api/v1/hotline/callbacks?department=ylj", 1, "ylj"},
		{"OwnDeductions", w.own, "/api/v1/hotline/deductions", 1, "ylj"},
		{"ViewerDeductions", w.viewer, "/api/v1/hotline/deductions", 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l list
			decode(t, w.do(t, "GET", tc.path, tc.token, nil), &l)
			if len(l.Items) != tc.want {
				t.Fatalf("%d items, want %d: %v", len(l.Items), tc.want, l.Items)
			}
			for _, it := range l.Items {
				if tc.dept != "" && it["department"] != tc.dept {
					t.Fatalf("item of department %v: %v", it["department"], it)
				}
			}
		})
	}
	t.Run("OwnAsksForeignDepartment", func(t *testing.T) {
		for _, p := range []string{"/api/v1/hotline/callbacks", "/api/v1/hotline/outcomes", "/api/v1/hotline/deductions"} {
			assertProblem(t, w.do(t, "GET", p+"?department=jfj", w.own, nil), http.StatusForbidden, "forbidden", "department", p)
		}
	})
	t.Run("ForeignDeductionIsNotFound", func(t *testing.T) {
		p := "/api/v1/hotline/deductions/" + foreign
		assertProblem(t, w.do(t, "GET", p, w.own, nil), http.StatusNotFound, "not_found", "", p)
		assertProblem(t, w.do(t, "POST", p+"/appeal", w.own, map[string]string{"materials": "m"}), http.StatusNotFound, "not_found", "", p+"/appeal")
	})
	t.Run("ViewerSeesNoNote", func(t *testing.T) {
		for token, wantNote := range map[string]bool{w.admin: true, w.own: true, w.viewer: false} {
			r := mustStatus(t, w.do(t, "GET", "/api/v1/hotline/callbacks/"+own, token, nil), http.StatusOK)
			if _, has := r.json(t)["note"]; has != wantNote || strings.Contains(string(r.body), "张先生") != wantNote {
				t.Fatalf("note shown = %v, want %v: %s", has, wantNote, r.body)
			}
		}
		r := mustStatus(t, w.do(t, "GET", "/api/v1/hotline/callbacks", w.viewer, nil), http.StatusOK)
		if strings.Contains(string(r.body), "张先生") {
			t.Fatalf("viewer list shows notes: %s", r.body)
		}
	})
	t.Run("AssessmentRows", func(t *testing.T) {
		for _, tc := range []struct {
			token string
			depts []string
		}{{w.admin, []string{"jfj", "ylj"}}, {w.viewer, []string{"jfj", "ylj"}}, {w.own, []string{"ylj"}}, {w.foreign, []string{"jfj"}}} {
			var m monthView
			decode(t, w.do(t, "GET", "/api/v1/hotline/assessments/2026-03", tc.token, nil), &m)
			var got []string
			for _, d := range m.Departments {
				got = append(got, d.Department)
			}
			if strings.Join(got, ",") != strings.Join(tc.depts, ",") || m.District.CallbackTotal != 2 || m.District.Deductions != 2 {
				t.Fatalf("rows %v (want %v), district %+v", got, tc.depts, m.District)
			}
			var ytd struct {
				Departments []struct {
					Department string `json:"department"`
				} `json:"departments"`
				DeductionsByDepartment []struct {
					Department string `json:"department"`
				} `json:"deductions_by_department"`
				Monthly []monthView `json:"monthly"`
			}
			decode(t, w.do(t, "GET", "/api/v1/hotline/assessments/ytd?through=2026-12", tc.token, nil), &ytd)
			if len(ytd.Departments) != len(tc.depts) || len(ytd.DeductionsByDepartment) != len(tc.depts) || len(ytd.Monthly[0].Departments) != len(tc.depts) {
				t.Fatalf("year to date rows for %v: %+v", tc.depts, ytd)
			}
		}
	})
}

// TestMain_HotlinePaging pages through each hotline listing over HTTP: 50
// items to a page without a limit, at most 500, and next_cursor, an opaque
// token, to the page after; the last page has none.
func TestMain_HotlinePaging(t *testing.T) {
	w := MustOpenWorld(t)
	const total = 55
	var cbs, ocs strings.Builder
	cbs.WriteString("case_number,department,result,called_at\n")
	ocs.WriteString("case_number,department,month,dispatched,accepted_on_time,resolved_on_time,returned,redone,replied\n")
	for i := range total {
		fmt.Fprintf(&cbs, "2026-6%05d,ylj,满意,2026-03-01 10:00\n", i)
		fmt.Fprintf(&ocs, "PG-%05d,ylj,2026-03,1,1,1,0,0,1\n", i)
	}
	mustStatus(t, w.do(t, "POST", "/api/v1/hotline/callbacks/import", w.admin, cbs.String(), csvHeader...), http.StatusOK)
	mustStatus(t, w.do(t, "POST", "/api/v1/hotline/outcomes/import", w.admin, ocs.String(), csvHeader...), http.StatusOK)
	for range total {
		w.deduction(t, "ylj")
	}
	type page struct {
		Items []map[string]any `json:"items"`
		Next  string           `json:"next_cursor"`
	}
	for _, path := range []string{"/api/v1/hotline/callbacks", "/api/v1/hotline/outcomes", "/api/v1/hotline/deductions"} {
		t.Run(path, func(t *testing.T) {
			var first, rest page
			decode(t, w.do(t, "GET", path+"?department=ylj", w.own, nil), &first)
			if len(first.Items) != 50 || first.Next == "" {
				t.Fatalf("first page: %d items, next %q; want 50 and a next page", len(first.Items), first.Next)
			}
			decode(t, w.do(t, "GET", path+"?department=ylj&cursor="+first.Next, w.own, nil), &rest)
			if len(rest.Items) != total-50 || rest.Next != "" {
				t.Fatalf("second page: %d items, next %q; want %d and none", len(rest.Items), rest.Next, total-50)
			}
			seen := map[string]bool{}
			for _, it := range append(first.Items, rest.Items...) {
				key := fmt.Sprint(it["id"], it["case_number"])
				if seen[key] {
					t.Fatalf("%s listed twice", key)
				}
				seen[key] = true
			}
			var all page
			decode(t, w.do(t, "GET", path+"?department=ylj&limit=500", w.own, nil), &all)
			if len(all.Items) != total || all.Next != "" {
				t.Fatalf("limit 500: %d items, next %q", len(all.Items), all.Next)
			}
			assertProblem(t, w.do(t, "GET", path+"?limit=501", w.own, nil), http.StatusBadRequest, "invalid", "limit", path)
			assertProblem(t, w.do(t, "GET", path+"?limit=ten", w.own, nil), http.StatusBadRequest, "invalid", "limit", path)
			assertProblem(t, w.do(t, "GET", path+"?cursor=2026-600001", w.own, nil), http.StatusBadRequest, "invalid", "cursor", path)
		})
	}
}

// TestMain_HotlineImports checks the CSV imports: every bad row reported
// with its line and field, nothing written in all-or-nothing (422), the
// good rows written in keep-good (200).
func TestMain_HotlineImports(t *testing.T) {
	w := MustOpenWorld(t)
	const path = "/api/v1/hotline/callbacks/import"
	file := "case_number,department,result,called_at,month\n" +
		"2026-100001,ylj,满意,2026-03-01 10:00,2026-03\n" + // line 2: good
		"2026-100002,ylj,很好,2026-03-01 10:00,2026-03\n" + // line 3: bad result
		"2026-100003,,满意,yesterday,2026-13\n" + // line 4: three bad fields
		"2026-100001,ylj,满意,2026-03-01 11:00,2026-03\n" + // line 5: repeats line 2
		"2026-100005,jfj,不满意,2026-03-01 12:00,\n" // line 6: good, month from called_at
	wantErrors := []string{"3 result", "4 department", "4 month", "4 called_at", "5 case_number"}
	type report struct {
		Mode     string `json:"mode"`
		Rows     int    `json:"rows"`
		Imported int    `json:"imported"`
		BadRows  int    `json:"bad_rows"`
		Errors   []struct {
			Row     int    `json:"row"`
			Field   string `json:"field"`
			Problem string `json:"problem"`
		} `json:"errors"`
	}
	check := func(t *testing.T, rep report, mode string, imported int) {
		t.Helper()
		var got []string
		for _, e := range rep.Errors {
			if e.Problem == "" {
				t.Fatalf("error without a problem: %+v", e)
			}
			got = append(got, fmt.Sprintf("%d %s", e.Row, e.Field))
		}
		if rep.Mode != mode || rep.Rows != 5 || rep.BadRows != 3 || rep.Imported != imported ||
			strings.Join(got, ",") != strings.Join(wantErrors, ",") {
			t.Fatalf("report = %+v; errors %v, want %v", rep, got, wantErrors)
		}
	}
	count := func(t *testing.T) int {
		var l struct {
			Items []any `json:"items"`
		}
		decode(t, w.do(t, "GET", "/api/v1/hotline/callbacks", w.admin, nil), &l)
		return len(l.Items)
	}

	t.Run("AllOrNothing", func(t *testing.T) {
		r := w.do(t, "POST", path, w.admin, file, csvHeader...)
		fields := assertProblem(t, r, http.StatusUnprocessableEntity, "invalid", "row[4].called_at", path)
		for _, f := range []string{"row[3].result", "row[4].department", "row[4].month", "row[5].case_number"} {
			if fields[f] == "" {
				t.Fatalf("fields lack %s: %v", f, fields)
			}
		}
		var p struct {
			Report report `json:"report"`
		}
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatal(err)
		}
		check(t, p.Report, "all-or-nothing", 0)
		if n := count(t); n != 0 {
			t.Fatalf("%d callbacks written by a refused import", n)
		}
	})
	t.Run("KeepGood", func(t *testing.T) {
		var rep report
		decode(t, w.do(t, "POST", path+"?mode=keep-good", w.admin, file, csvHeader...), &rep)
		check(t, rep, "keep-good", 2)
		if n := count(t); n != 2 {
			t.Fatalf("%d callbacks, want the 2 good rows", n)
		}
		var l struct {
			Items []struct {
				Month  string `json:"month"`
				Result string `json:"result"`
			} `json:"items"`
		}
		decode(t, w.do(t, "GET", "/api/v1/hotline/callbacks?department=jfj", w.admin, nil), &l)
		if len(l.Items) != 1 || l.Items[0].Month != "2026-03" || l.Items[0].Result != "dissatisfied" {
			t.Fatalf("imported jfj callback: %+v", l.Items)
		}
	})
	t.Run("AgainReportsExisting", func(t *testing.T) {
		good := "case_number,department,result,called_at\n2026-100001,ylj,满意,2026-03-01 10:00\n"
		r := w.do(t, "POST", path, w.admin, good, csvHeader...)
		assertProblem(t, r, http.StatusUnprocessableEntity, "invalid", "row[2].case_number", path)
	})
	t.Run("Outcomes", func(t *testing.T) {
		p := "/api/v1/hotline/outcomes/import"
		f := "case_number,department,month,dispatched,accepted_on_time,resolved_on_time,returned,redone,replied\n" +
			"LZ-1,ylj,2026-03,是,是,否,否,否,是\n" +
			"LZ-2,ylj,2026-03,maybe,1,1,0,0,1\n" +
			"LZ-3,ylj,2026/03,0,1,0,0,0,0\n"
		r := w.do(t, "POST", p, w.admin, f, csvHeader...)
		fields := assertProblem(t, r, http.StatusUnprocessableEntity, "invalid", "row[3].dispatched", p)
		if fields["row[4].month"] == "" || fields["row[4].accepted_on_time"] == "" {
			t.Fatalf("fields: %v", fields)
		}
		var rep report
		decode(t, w.do(t, "POST", p+"?mode=keep-good", w.admin, f, csvHeader...), &rep)
		if rep.Imported != 1 || rep.BadRows != 2 {
			t.Fatalf("keep-good: %+v", rep)
		}
		r = mustStatus(t, w.do(t, "GET", "/api/v1/hotline/outcomes/LZ-1", w.own, nil), http.StatusOK)
		if r.json(t)["resolved_on_time"] != false || r.json(t)["replied"] != true {
			t.Fatalf("imported outcome: %s", r.body)
		}
	})
	t.Run("PeersAndRanking", func(t *testing.T) {
		p := "/api/v1/hotline/peers/import"
		// 2026 is all good; 2025 has two bad rows and a good one.
		f := "城区,期间,得分,满意率\n柳北区,2026,98.50,95.92%\n城中区,2026,97.20,95.10\n鱼峰区,2026,97.20,94.80\n" +
			"柳南区,2025,9x.5,94.00\n柳江区,2025,96.123,101\n柳城县,2025,96.00,94.00\n"
		r := w.do(t, "POST", p, w.admin, f, csvHeader...)
		fields := assertProblem(t, r, http.StatusUnprocessableEntity, "invalid", "row[5].score", p)
		if fields["row[6].score"] == "" || fields["row[6].satisfaction"] == "" || len(fields) != 3 {
			t.Fatalf("fields: %v", fields)
		}
		// Keep-good writes 2026 and holds back the whole of 2025: writing
		// its good row alone would rank 柳城县 first and drop the others.
		var rep report
		decode(t, w.do(t, "POST", p+"?mode=keep-good", w.admin, f, csvHeader...), &rep)
		if rep.Imported != 3 || rep.BadRows != 3 || len(rep.Errors) != 4 || rep.Errors[3].Row != 7 || rep.Errors[3].Field != "period" {
			t.Fatalf("keep-good: %+v", rep)
		}
		var held struct {
			Districts []any `json:"districts"`
		}
		decode(t, w.do(t, "GET", "/api/v1/hotline/peers/ranking?period=2025", w.admin, nil), &held)
		if len(held.Districts) != 0 {
			t.Fatalf("2025 was written in part: %v", held.Districts)
		}
		var rk struct {
			Period    string `json:"period"`
			Districts []struct {
				Rank     int    `json:"rank"`
				District string `json:"district"`
				Score    string `json:"score"`
			} `json:"districts"`
		}
		decode(t, w.do(t, "GET", "/api/v1/hotline/peers/ranking?period=2026", w.own, nil), &rk)
		var got []string
		for _, d := range rk.Districts {
			got = append(got, fmt.Sprintf("%d %s %s", d.Rank, d.District, d.Score))
		}
		if rk.Period != "2026" || strings.Join(got, ", ") != "1 柳北区 98.50, 2 城中区 97.20, 2 鱼峰区 97.20" {
			t.Fatalf("ranking: %v", got)
		}
	})
}
