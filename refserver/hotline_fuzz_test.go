package refserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/govops-kit/govops/refserver"
)

// serve sends one request straight to the handler, without a network.
func (e *testEnv) serve(method, path, token, contentType, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	return rec
}

// FuzzImportCallbacks sends arbitrary files to the callbacks import: the
// answer is always a report (200) or a problem that names a field (400,
// 422), never a fault, and a 422 carries the report of every bad row.
func FuzzImportCallbacks(f *testing.F) {
	f.Add("case_number,department,result,called_at\n2026-000001,ylj,满意,2026-03-01 10:00\n", true)
	f.Add("案件编号,部门,考核月份,回访结果,回访时间,备注\nA,ylj,2026-13,很好,yesterday,\"unterminated\n", false)
	f.Add("case_number,case_number\n", true)
	f.Add("\ufeffcase_number,department,result,called_at\n,,,\nx,y\n", false)
	e := MustOpenServer(f)
	f.Fuzz(func(t *testing.T, file string, keepGood bool) {
		path := "/api/v1/hotline/callbacks/import"
		if keepGood {
			path += "?mode=keep-good"
		}
		rec := e.serve("POST", path, e.admin, "text/csv", file)
		var p refserver.Problem
		switch rec.Code {
		case http.StatusOK:
			var res refserver.ImportResult
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Imported+res.BadRows != res.Rows {
				t.Fatalf("report %s (%v)", rec.Body, err)
			}
		case http.StatusBadRequest, http.StatusUnprocessableEntity:
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || len(p.Fields) == 0 {
				t.Fatalf("problem %s (%v)", rec.Body, err)
			}
			if rec.Code == http.StatusUnprocessableEntity && (keepGood || p.Report == nil || len(p.Report.Errors) == 0 || p.Report.Imported != 0) {
				t.Fatalf("422 without a report of a refused all-or-nothing import: %s", rec.Body)
			}
		case http.StatusRequestEntityTooLarge, http.StatusConflict:
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// FuzzRecordDeduction sends arbitrary months and decimals to the
// deduction endpoint: a bad one is a 400 naming its field, never a fault.
func FuzzRecordDeduction(f *testing.F) {
	f.Add("2026-03", "0.2")
	f.Add("2026-3", "1e999999")
	f.Add("2026年3月", "-0.5")
	f.Add("0000-00", "999.999")
	f.Add("2026-03", "..5")
	e := MustOpenServer(f)
	f.Fuzz(func(t *testing.T, month, points string) {
		body, _ := json.Marshal(map[string]string{"department": "ylj", "month": month, "rule_code": "overdue", "reason": "超期", "points": points})
		rec := e.serve("POST", "/api/v1/hotline/deductions", e.admin, "application/json", string(body))
		switch rec.Code {
		case http.StatusCreated:
			var d struct {
				Month  string `json:"month"`
				Points string `json:"points"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || d.Month != month || !strings.Contains(d.Points, ".") {
				t.Fatalf("deduction %s for month %q, points %q", rec.Body, month, points)
			}
		case http.StatusBadRequest:
			var p refserver.Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || (p.Fields["month"] == "" && p.Fields["points"] == "" && p.Fields["body"] == "") {
				t.Fatalf("problem %s (%v)", rec.Body, err)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}
