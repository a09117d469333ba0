package main_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestMain_LicenseBadInput sends the license endpoints what a careless or
// hostile client would, and checks each answer names what is wrong.
func TestMain_LicenseBadInput(t *testing.T) {
	w := MustOpenWorld(t)
	code := w.licenseType(t, true)
	const p = "/api/v1/licenses"
	rec := mustStatus(t, w.do(t, "POST", p+"/records", w.admin, licenseRecordBody(t, code, 1)), http.StatusCreated)
	recPath := p + "/records/" + rec.str(t, "id")
	authority := licenseUSCC(t, "11450200MB1234567")
	brokenCheck := authority[:17] + "0"
	if brokenCheck == authority {
		brokenCheck = authority[:17] + "1"
	}
	record := func(change func(m map[string]any)) map[string]any {
		m := licenseRecordBody(t, code, int(licenseSeq.Add(1))+100)
		change(m)
		return m
	}
	pdf := []string{"Content-Type", "application/pdf"}
	type row struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		code, field               string
	}
	for _, tc := range []row{
		{"TypeCodeShort", w.admin, "POST", p + "/types", map[string]any{"code": "123", "name": "x", "authority": "a", "level": "city", "holder_category": "legal"}, nil, 400, "invalid", "code"},
		{"TypeCodeCheck", w.admin, "POST", p + "/types", map[string]any{"code": brokenCheck + "009", "name": "x", "authority": "a", "level": "city", "holder_category": "legal"}, nil, 400, "invalid", "code"},
		{"TypeBadLevel", w.admin, "POST", p + "/types", map[string]any{"code": authority + "998", "name": "x", "authority": "a", "level": "galaxy", "holder_category": "legal"}, nil, 400, "invalid", "level"},
		{"TypeBadValidity", w.admin, "POST", p + "/types", map[string]any{"code": authority + "998", "name": "x", "authority": "a", "level": "city", "holder_category": "legal", "validity": map[string]int{"min_months": 24, "max_months": 12}}, nil, 400, "invalid", "validity"},
		{"TypeValidityWrongType", w.admin, "POST", p + "/types", `{"code":"` + authority + `998","name":"x","authority":"a","level":"city","holder_category":"legal","validity":"5年"}`, nil, 400, "invalid", "validity"},
		{"TypeUnknownField", w.admin, "POST", p + "/types", `{"code":"` + authority + `998","colour":"red"}`, nil, 400, "invalid", "colour"},
		{"TypeDuplicate", w.admin, "POST", p + "/types", map[string]any{"code": code, "name": "x", "authority": "a", "level": "city", "holder_category": "legal"}, nil, 409, "conflict", ""},
		{"TypeUnknown", w.admin, "GET", p + "/types/" + authority + "999", nil, nil, 404, "not_found", ""},
		{"TypesBadLevel", w.admin, "GET", p + "/types?level=x", nil, nil, 400, "invalid", "level"},
		{"TypesLimit501", w.admin, "GET", p + "/types?limit=501", nil, nil, 400, "invalid", "limit"},
		{"TypesBadCursor", w.admin, "GET", p + "/types?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"TypesUnknownParameter", w.admin, "GET", p + "/types?colour=red", nil, nil, 400, "invalid", "colour"},
		{"TypeImportBadIDMode", w.admin, "POST", p + "/types/import?id_mode=lenient", "code\n", csvHeader, 400, "invalid", "id_mode"},
		{"TypeImportBadRow", w.admin, "POST", p + "/types/import", "证照类型代码,证照名称,定义机构,定义机构级别,持证主体类别\n" + brokenCheck + "001,x,a,地市,法人\n", csvHeader, 422, "invalid", "row[2].code"},
		{"TypeImportNotCSV", w.admin, "POST", p + "/types/import", `{"code":"x"}`, nil, 415, "invalid", "Content-Type"},
		{"TemplateNotPDF", w.admin, "POST", p + "/types/" + code + "/templates", "GIF89a", pdf, 400, "invalid", "content"},
		{"TemplateEmpty", w.admin, "POST", p + "/types/" + code + "/templates", "", pdf, 400, "invalid", "content"},
		{"TemplateWrongMediaType", w.admin, "POST", p + "/types/" + code + "/templates", samplePDF, []string{"Content-Type", "image/gif"}, 415, "invalid", "Content-Type"},
		{"TemplateTooLarge", w.admin, "POST", p + "/types/" + code + "/templates", samplePDF + strings.Repeat(" ", 10<<20), pdf, 400, "invalid", "content"},
		{"TemplateBadID", w.admin, "GET", p + "/templates/42", nil, nil, 400, "invalid", "id"},
		{"SchemaBadPattern", w.admin, "PUT", p + "/types/" + code + "/schema", map[string]any{"fields": []map[string]any{{"name": "a", "type": "string", "pattern": "([a-"}}}, nil, 400, "invalid", "fields[0].pattern"},
		{"SchemaBadType", w.admin, "PUT", p + "/types/" + code + "/schema", map[string]any{"fields": []map[string]any{{"name": "a", "type": "float"}}}, nil, 400, "invalid", "fields[0].type"},
		{"ClaimExplanationWithoutReason", w.foreign, "POST", p + "/claims", map[string]any{"type": code, "kind": "explanation"}, nil, 400, "invalid", "explanation"},
		{"ClaimNegativeExpected", w.foreign, "POST", p + "/claims", map[string]any{"type": code, "expected": -1}, nil, 400, "invalid", "expected"},
		{"ClaimTwice", w.own, "POST", p + "/claims", map[string]any{"type": code}, nil, 409, "conflict", ""},
		{"ClaimForeign", w.foreign, "GET", p + "/claims?department=ylj", nil, nil, 403, "forbidden", "department"},
		{"RecordBadDate", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["issue_date"] = "2026/03/01" }), nil, 400, "invalid", "issue_date"},
		{"RecordFutureDate", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["issue_date"] = "2027-01-01" }), nil, 400, "invalid", "issue_date"},
		{"RecordHolderCheck", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["holder_code"] = brokenCheck }), nil, 400, "invalid", "holder_code"},
		{"RecordHolderCodeType", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["holder_code_type"] = "007" }), nil, 400, "invalid", "holder_code_type"},
		{"RecordFaceUnknownField", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["face"] = map[string]string{"经营者名称": "x", "颜色": "红"} }), nil, 400, "invalid", "face.颜色"},
		{"RecordFaceNotText", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["face"] = map[string]any{"经营者名称": 5} }), nil, 400, "invalid", "face"},
		{"RecordValidityOutOfRange", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["valid_to"] = "2040-01-01" }), nil, 400, "invalid", "valid_to"},
		{"RecordUnknownType", w.admin, "POST", p + "/records", record(func(m map[string]any) { m["type"] = authority + "997" }), nil, 400, "invalid", "type"},
		{"RecordDuplicateNumber", w.admin, "POST", p + "/records", licenseRecordBody(t, code, 1), nil, 409, "conflict", ""},
		{"RecordForeignRead", w.foreign, "GET", recPath, nil, nil, 404, "not_found", ""},
		{"RecordsViewerSearchesHolder", w.viewer, "GET", p + "/records?holder_code=" + licenseUSCC(t, "92450205MA0000001"), nil, nil, 403, "forbidden", "holder_code"},
		{"RecordsBadState", w.admin, "GET", p + "/records?state=lost", nil, nil, 400, "invalid", "state"},
		{"RecordsBadBatch", w.admin, "GET", p + "/records?batch=42", nil, nil, 400, "invalid", "batch"},
		{"TransitionBadAction", w.admin, "POST", recPath + "/transition", map[string]string{"action": "burn", "reason": "x"}, nil, 400, "invalid", "action"},
		{"TransitionWithoutReason", w.admin, "POST", recPath + "/transition", map[string]string{"action": "revoke"}, nil, 400, "invalid", "reason"},
		{"TransitionStale", w.admin, "POST", recPath + "/transition", map[string]string{"action": "suspend", "reason": "x"}, []string{"If-Match", `"7"`}, 409, "conflict", ""},
		{"ReinstateValid", w.admin, "POST", recPath + "/transition", map[string]string{"action": "reinstate", "reason": "x"}, nil, 409, "conflict", ""},
		{"ImportNotCSV", w.admin, "POST", p + "/records/import", "x", []string{"Content-Type", "application/xml"}, 415, "invalid", "Content-Type"},
		{"ImportBadHeader", w.admin, "POST", p + "/records/import", "colour\nred\n", csvHeader, 400, "invalid", "header[0]"},
		{"ImportBadRows", w.admin, "POST", p + "/records/import?department=ylj", fmt.Sprintf("证照编号,证照类型代码,颁证日期,颁证单位,颁证单位代码,持证主体,持证主体代码类型,持证主体代码\nJY9,%s,2026-13-01,x,%s,y,001,%s\n", code, licenseUSCC(t, "11450205MB7654321"), brokenCheck), csvHeader, 422, "invalid", "row[2].issue_date"},
		{"ImportForeignDepartment", w.foreign, "POST", p + "/records/import?department=ylj", string(licenseCSV(t, code)), csvHeader, 403, "forbidden", "department"},
		{"BatchUnknown", w.admin, "GET", p + "/batches/01a22d39-0000-7000-8000-000000000000", nil, nil, 404, "not_found", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, tc.method, tc.path, tc.token, tc.body, tc.hdr...)
			assertProblem(t, r, tc.status, tc.code, tc.field, tc.path)
		})
	}
}
