package main_test

import (
	"strings"
	"testing"
)

// TestMain_HotlineBadInput sends bad input to every kind of hotline
// endpoint; each answer must name the offending field.
func TestMain_HotlineBadInput(t *testing.T) {
	w := MustOpenWorld(t)
	ded := w.deduction(t, "ylj")
	appealed := w.appealed(t)
	const h = "/api/v1/hotline"
	cb := `"case_number":"2026-000777","department":"ylj","result":"satisfied","called_at":"2026-03-01T10:00:00+08:00"`
	scheme := func(replace, with string) string {
		return strings.Replace(`{"name":"办法","effective_from":"2031-01","base":"0","indicators":[{"indicator":"satisfaction","weight":"100","bands":[{"from":"0","to":"100","at_from":"0","at_to":"100"}]}],"satisfaction":{"levels":["satisfied"]},"not_applicable":"full_marks","deduction_rules":[{"code":"overdue","label":"超期","points":"0.2"}]}`, replace, with, 1)
	}
	type row struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		code, field               string
	}
	for _, tc := range []row{
		{"CallbackUnknownField", w.admin, "POST", h + "/callbacks", `{` + cb + `,"phone":"13812341234"}`, nil, 400, "invalid", "phone"},
		{"CallbackBadResult", w.admin, "POST", h + "/callbacks", strings.Replace(`{`+cb+`}`, "satisfied", "happy", 1), nil, 400, "invalid", "result"},
		{"CallbackBadTime", w.admin, "POST", h + "/callbacks", strings.Replace(`{`+cb+`}`, "2026-03-01T10:00:00+08:00", "2026-03-01 10:00", 1), nil, 400, "invalid", "called_at"},
		{"CallbackBadMonth", w.admin, "POST", h + "/callbacks", `{` + cb + `,"month":"2026-3"}`, nil, 400, "invalid", "month"},
		{"CallbackUnknownDepartment", w.admin, "POST", h + "/callbacks", strings.Replace(`{`+cb+`}`, `"ylj"`, `"nowhere"`, 1), nil, 400, "invalid", "department"},
		{"CallbackMissingCase", w.admin, "POST", h + "/callbacks", `{"department":"ylj","result":"satisfied","called_at":"2026-03-01T10:00:00+08:00"}`, nil, 400, "invalid", "case_number"},
		{"CallbackListBadMonth", w.admin, "GET", h + "/callbacks?month=202603", nil, nil, 400, "invalid", "month"},
		{"CallbackListBadResult", w.admin, "GET", h + "/callbacks?result=happy", nil, nil, 400, "invalid", "result"},
		{"CallbackListBadCursor", w.admin, "GET", h + "/callbacks?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"CallbackListLimit501", w.admin, "GET", h + "/callbacks?limit=501", nil, nil, 400, "invalid", "limit"},
		{"CallbackListUnknownParameter", w.admin, "GET", h + "/callbacks?dept=ylj", nil, nil, 400, "invalid", "dept"},
		{"CallbackBadID", w.admin, "GET", h + "/callbacks/42", nil, nil, 400, "invalid", "id"},
		{"ImportNotCSV", w.admin, "POST", h + "/callbacks/import", `{"rows":[]}`, nil, 415, "invalid", "Content-Type"},
		{"ImportBadMode", w.admin, "POST", h + "/callbacks/import?mode=some", "case_number\n", csvHeader, 400, "invalid", "mode"},
		{"ImportEmpty", w.admin, "POST", h + "/callbacks/import", "  \n", csvHeader, 400, "invalid", "body"},
		{"ImportBadHeader", w.admin, "POST", h + "/callbacks/import", "case_number,department,colour,result,called_at\n", csvHeader, 400, "invalid", "header[2]"},
		{"ImportMissingColumn", w.admin, "POST", h + "/outcomes/import", "case_number,department,month\n", csvHeader, 400, "invalid", "dispatched"},
		{"OutcomeListBadMonth", w.admin, "GET", h + "/outcomes?month=2026-13", nil, nil, 400, "invalid", "month"},
		{"OutcomeNone", w.admin, "GET", h + "/outcomes/2026-999999", nil, nil, 404, "not_found", ""},
		{"SchemeInForceWithoutMonth", w.admin, "GET", h + "/schemes/in-force", nil, nil, 400, "invalid", "month"},
		{"SchemeBadDecimal", w.admin, "POST", h + "/schemes", scheme(`"from":"0"`, `"from":"zero"`), nil, 400, "invalid", "indicators[0].bands[0].from"},
		{"SchemeDecimalAsNumber", w.admin, "POST", h + "/schemes", scheme(`"weight":"100"`, `"weight":100`), nil, 400, "invalid", "indicators.weight"},
		{"SchemeExponent", w.admin, "POST", h + "/schemes", scheme(`"points":"0.2"`, `"points":"2e-1"`), nil, 400, "invalid", "deduction_rules[0].points"},
		{"SchemeBadBands", w.admin, "POST", h + "/schemes", scheme(`"to":"100"`, `"to":"0"`), nil, 400, "invalid", "indicators[0].bands[0].to"},
		{"SchemeUnknownField", w.admin, "POST", h + "/schemes", scheme(`"base":"0"`, `"base":"0","id":"x"`), nil, 400, "invalid", "id"},
		{"SchemeBadEffectiveFrom", w.admin, "POST", h + "/schemes", scheme(`"2031-01"`, `"2031年1月"`), nil, 400, "invalid", "effective_from"},
		{"SchemeDuplicateMonth", w.admin, "POST", h + "/schemes", scheme("", ""), nil, 201, "", ""},
		{"SchemeDuplicateMonthAgain", w.admin, "POST", h + "/schemes", scheme("", ""), nil, 409, "conflict", ""},
		{"DeductionBadDecimal", w.admin, "POST", h + "/deductions", `{"department":"ylj","month":"2026-03","rule_code":"overdue","reason":"r","points":"0,2"}`, nil, 400, "invalid", "points"},
		{"DeductionNegativePoints", w.admin, "POST", h + "/deductions", `{"department":"ylj","month":"2026-03","rule_code":"overdue","reason":"r","points":"-1"}`, nil, 400, "invalid", "points"},
		{"DeductionMissingMonth", w.admin, "POST", h + "/deductions", `{"department":"ylj","rule_code":"overdue","reason":"r"}`, nil, 400, "invalid", "month"},
		{"DeductionUnknownRule", w.admin, "POST", h + "/deductions", `{"department":"ylj","month":"2026-03","rule_code":"late_reply","reason":"r"}`, nil, 400, "invalid", "rule_code"},
		{"DeductionUnknownDepartment", w.admin, "POST", h + "/deductions", `{"department":"nowhere","month":"2026-03","rule_code":"overdue","reason":"r"}`, nil, 400, "invalid", "department"},
		{"DeductionUnknownField", w.admin, "POST", h + "/deductions", `{"department":"ylj","month":"2026-03","rule_code":"overdue","reason":"r","score":"1"}`, nil, 400, "invalid", "score"},
		{"DeductionListMonthAndRange", w.admin, "GET", h + "/deductions?month=2026-03&from=2026-01", nil, nil, 400, "invalid", "month"},
		{"DeductionListBadStatus", w.admin, "GET", h + "/deductions?status=pending", nil, nil, 400, "invalid", "status"},
		{"DeductionListRangeBackwards", w.admin, "GET", h + "/deductions?from=2026-05&to=2026-01", nil, nil, 400, "invalid", "to"},
		{"DeductionNone", w.admin, "GET", h + "/deductions/01890a5d-ac96-774b-bcce-b302099a8057", nil, nil, 404, "not_found", ""},
		{"AppealWithoutMaterials", w.own, "POST", h + "/deductions/" + ded + "/appeal", `{"materials":" "}`, nil, 400, "invalid", "materials"},
		{"AppealBadIfMatch", w.own, "POST", h + "/deductions/" + ded + "/appeal", `{"materials":"m"}`, []string{"If-Match", "1"}, 400, "invalid", "If-Match"},
		{"AppealStaleIfMatch", w.own, "POST", h + "/deductions/" + ded + "/appeal", `{"materials":"m"}`, []string{"If-Match", `"7"`}, 409, "conflict", ""},
		{"AppealTwice", w.own, "POST", h + "/deductions/" + appealed + "/appeal", `{"materials":"m"}`, nil, 409, "conflict", ""},
		{"DecisionBadValue", w.admin, "POST", h + "/deductions/" + appealed + "/decision", `{"decision":"maybe","note":"n"}`, nil, 400, "invalid", "decision"},
		{"DecisionWithoutAppeal", w.admin, "POST", h + "/deductions/" + ded + "/decision", `{"decision":"uphold","note":"n"}`, nil, 409, "conflict", ""},
		{"AssessmentBadMonth", w.admin, "GET", h + "/assessments/2026-13", nil, nil, 400, "invalid", "month"},
		{"AssessmentMonthWord", w.admin, "GET", h + "/assessments/march", nil, nil, 400, "invalid", "month"},
		{"AssessmentUnknownParameter", w.admin, "GET", h + "/assessments/2026-03?department=ylj", nil, nil, 400, "invalid", "department"},
		{"YTDWithoutThrough", w.admin, "GET", h + "/assessments/ytd", nil, nil, 400, "invalid", "through"},
		{"YTDBadThrough", w.admin, "GET", h + "/assessments/ytd?through=2026", nil, nil, 400, "invalid", "through"},
		{"RankingWithoutPeriod", w.admin, "GET", h + "/peers/ranking", nil, nil, 400, "invalid", "period"},
		{"RankingBadPeriod", w.admin, "GET", h + "/peers/ranking?period=2026年", nil, nil, 400, "invalid", "period"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, tc.method, tc.path, tc.token, tc.body, tc.hdr...)
			if tc.status < 300 {
				mustStatus(t, r, tc.status)
				return
			}
			assertProblem(t, r, tc.status, tc.code, tc.field, tc.path)
		})
	}
}
