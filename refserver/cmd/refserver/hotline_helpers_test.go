package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

// csvBody is a request body sent as text/csv.
type csvBody string

// csvHeader is the Content-Type of a CSV import.
var csvHeader = []string{"Content-Type", "text/csv; charset=utf-8"}

// uniq numbers the fixtures of a test run, so that callbacks, outcomes and
// schemes never collide.
var uniq atomic.Int64

func next() int64 { return uniq.Add(1) }

// callback records a callback (as admin) for a case of dept and returns
// its ID.
func (w *world) callback(tb testing.TB, dept, result string) string {
	tb.Helper()
	r := mustStatus(tb, w.do(tb, "POST", "/api/v1/hotline/callbacks", w.admin, map[string]string{
		"case_number": fmt.Sprintf("2026-9%05d", next()), "department": dept, "result": result,
		"called_at": "2026-03-01T10:00:00+08:00", "note": "市民张先生表示满意",
	}), http.StatusCreated)
	return r.str(tb, "id")
}

// deduction records a 0.2-point overdue deduction (as admin) against dept
// in March 2026 and returns its ID.
func (w *world) deduction(tb testing.TB, dept string) string {
	tb.Helper()
	r := mustStatus(tb, w.do(tb, "POST", "/api/v1/hotline/deductions", w.admin, map[string]string{
		"department": dept, "month": "2026-03", "rule_code": "overdue", "reason": "超期办结",
	}), http.StatusCreated)
	return r.str(tb, "id")
}

// appealed returns a deduction against ylj that ylj has appealed.
func (w *world) appealed(tb testing.TB) string {
	tb.Helper()
	id := w.deduction(tb, "ylj")
	mustStatus(tb, w.do(tb, "POST", "/api/v1/hotline/deductions/"+id+"/appeal", w.own, map[string]any{
		"materials": "系统故障导致超期", "attachments": []string{"故障说明.pdf"},
	}), http.StatusOK)
	return id
}

// schemeBody is a valid new scheme version in force from month.
func schemeBody(month string) map[string]any {
	return map[string]any{
		"name": "考核办法 " + month, "effective_from": month, "base": "0",
		"indicators": []map[string]any{{
			"indicator": "satisfaction", "weight": "100",
			"bands": []map[string]string{{"from": "0", "to": "100", "at_from": "0", "at_to": "100"}},
		}},
		"satisfaction":    map[string]any{"levels": []string{"very_satisfied", "satisfied"}},
		"not_applicable":  "full_marks",
		"deduction_rules": []map[string]string{{"code": "overdue", "label": "超期办理", "points": "0.5"}},
	}
}

func callbacksCSV() csvBody {
	return csvBody(fmt.Sprintf("case_number,department,result,called_at\n2026-8%05d,ylj,满意,2026-03-01 10:00\n", next()))
}

func outcomesCSV() csvBody {
	return csvBody(fmt.Sprintf("case_number,department,month,dispatched,accepted_on_time,resolved_on_time,returned,redone,replied\nLZ-%05d,jfj,2026-03,1,1,1,0,0,1\n", next()))
}

func peersCSV() csvBody {
	return csvBody("district,period,score,satisfaction\n柳北区,2026,98.50,95.92\n城中区,2026,97.20,95.10\n")
}

func hotlineMatrix() []endpoint {
	const (
		ok, created           = http.StatusOK, http.StatusCreated
		bad, unauth, nf       = http.StatusForbidden, http.StatusUnauthorized, http.StatusNotFound
		h                     = "/api/v1/hotline"
		everyone, adminOnly   = 0, 1
		visibleToOwnDeptAlone = 2
	)
	rows := [...][6]int{
		everyone:              {ok, ok, ok, ok, unauth, unauth},
		adminOnly:             {ok, bad, bad, bad, unauth, unauth},
		visibleToOwnDeptAlone: {ok, ok, nf, ok, unauth, unauth},
	}
	createdByAdmin := [6]int{created, bad, bad, bad, unauth, unauth}
	return []endpoint{
		{"POST", h + "/callbacks", func(*testing.T, *world) (string, any) {
			return h + "/callbacks", map[string]string{"case_number": fmt.Sprintf("2026-7%05d", next()), "department": "ylj",
				"result": "satisfied", "called_at": "2026-03-01T09:30:00+08:00"}
		}, createdByAdmin},
		{"GET", h + "/callbacks", fixed(h+"/callbacks?month=2026-03", nil), rows[everyone]},
		{"POST", h + "/callbacks/import", func(*testing.T, *world) (string, any) {
			return h + "/callbacks/import?mode=all-or-nothing", callbacksCSV()
		}, rows[adminOnly]},
		{"GET", h + "/callbacks/{id}", func(t *testing.T, w *world) (string, any) {
			return h + "/callbacks/" + w.callback(t, "ylj", "satisfied"), nil
		}, rows[visibleToOwnDeptAlone]},

		{"GET", h + "/outcomes", fixed(h+"/outcomes", nil), rows[everyone]},
		{"POST", h + "/outcomes/import", func(*testing.T, *world) (string, any) {
			return h + "/outcomes/import", outcomesCSV()
		}, rows[adminOnly]},
		{"GET", h + "/outcomes/{number}", func(t *testing.T, w *world) (string, any) {
			return h + "/outcomes/" + w.caseIn(t, "dispatched"), nil
		}, rows[visibleToOwnDeptAlone]},

		{"GET", h + "/schemes", fixed(h+"/schemes", nil), rows[everyone]},
		{"POST", h + "/schemes", func(*testing.T, *world) (string, any) {
			n := next()
			return h + "/schemes", schemeBody(fmt.Sprintf("%d-%02d", 2030+n/12, n%12+1))
		}, createdByAdmin},
		{"GET", h + "/schemes/in-force", fixed(h+"/schemes/in-force?month=2026-03", nil), rows[everyone]},

		{"POST", h + "/deductions", fixed(h+"/deductions", map[string]string{
			"department": "ylj", "month": "2026-03", "rule_code": "dissatisfied_verified", "reason": "核实不满意", "case_number": "2026-000001",
		}), createdByAdmin},
		{"GET", h + "/deductions", fixed(h+"/deductions?status=recorded,appealed", nil), rows[everyone]},
		{"GET", h + "/deductions/{id}", func(t *testing.T, w *world) (string, any) {
			return h + "/deductions/" + w.deduction(t, "ylj"), nil
		}, rows[visibleToOwnDeptAlone]},
		// Only the department the deduction is against may appeal: center
		// tokens are refused, another department cannot see it.
		{"POST", h + "/deductions/{id}/appeal", func(t *testing.T, w *world) (string, any) {
			return h + "/deductions/" + w.deduction(t, "ylj") + "/appeal", map[string]string{"materials": "已按时办结，附系统截图"}
		}, [6]int{bad, ok, nf, bad, unauth, unauth}},
		{"POST", h + "/deductions/{id}/decision", func(t *testing.T, w *world) (string, any) {
			return h + "/deductions/" + w.appealed(t) + "/decision", map[string]string{"decision": "overturn", "note": "系统故障属实"}
		}, rows[adminOnly]},

		{"GET", h + "/assessments/ytd", fixed(h+"/assessments/ytd?through=2026-03", nil), rows[everyone]},
		{"GET", h + "/assessments/{month}", fixed(h+"/assessments/2026-03", nil), rows[everyone]},

		{"POST", h + "/peers/import", func(*testing.T, *world) (string, any) {
			return h + "/peers/import?mode=keep-good", peersCSV()
		}, rows[adminOnly]},
		{"GET", h + "/peers/ranking", fixed(h+"/peers/ranking?period=2026", nil), rows[everyone]},
	}
}

// decode unmarshals the JSON body of a 200 answer into v.
func decode(tb testing.TB, r response, v any) {
	tb.Helper()
	mustStatus(tb, r, http.StatusOK)
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("%v: %s", err, r.body)
	}
}
