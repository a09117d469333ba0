package main_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
)

// credMarker is the value of every credential-shaped field and text the
// bad-input test sends: no answer may hold it.
const credMarker = "Zx9#badinput"

// TestMain_SecurityBadInput sends the security endpoints what a careless
// or hostile client would, and checks each answer names what is wrong: the
// fields of every body, the query parameters of the listings and reports,
// the states an action does not apply to, and every body that holds a
// field named like a credential (at any depth, in any case, in Chinese) or
// free text that writes one out, refused naming the field and never
// echoing its value.
func TestMain_SecurityBadInput(t *testing.T) {
	w := MustOpenWorld(t)
	const p = secPath
	draft := w.secPlan(t, false)
	approved := w.secPlan(t, true)
	drill := w.secDrill(t)
	inspection := w.secInspection(t)
	open := w.secHardening(t, false)
	remediated := w.secHardening(t, true)
	exercise := w.secExercise(t)
	incident := w.secIncident(t)
	mustStatus(t, w.do(t, "POST", incident+"/move", w.admin, map[string]string{"to": "contained"}), 200)

	with := func(body map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for key, val := range body {
			out[key] = val
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	anyOf := func(m map[string]string) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	plan := func(k string, v any) map[string]any { return with(secPlanBody(), k, v) }
	drillBody := func(k string, v any) map[string]any { return with(secDrillBody, k, v) }
	inspectionBody := func(k string, v any) map[string]any { return with(secInspectionBody, k, v) }
	hardening := func(k string, v any) map[string]any { return with(anyOf(secHardeningBody), k, v) }
	exerciseBody := func(k string, v any) map[string]any { return with(secExerciseBody, k, v) }
	incidentBody := func(k string, v any) map[string]any { return with(anyOf(secIncidentBody), k, v) }
	finding := func(k, v string) []any {
		f := anyOf(secFinding("FW-09"))
		f[k] = v
		return []any{f}
	}
	type row struct {
		name, token, method, path string
		body                      any
		hdr                       []string
		status                    int
		code, field               string
	}
	for _, tc := range []row{
		// Plans.
		{"PlanCodeMissing", w.admin, "POST", p + "/plans", plan("code", nil), nil, 400, "invalid", "code"},
		{"PlanTitleMissing", w.admin, "POST", p + "/plans", plan("title", nil), nil, 400, "invalid", "title"},
		{"PlanYearAsText", w.admin, "POST", p + "/plans", plan("year", "2026"), nil, 400, "invalid", "year"},
		{"PlanGradeUnknown", w.admin, "POST", p + "/plans", plan("grades", []map[string]string{{"grade": "V"}}), nil, 400, "invalid", "grades[0].grade"},
		{"PlanUnknownField", w.admin, "POST", p + "/plans", plan("colour", "red"), nil, 400, "invalid", "colour"},
		{"PlanNotAnObject", w.admin, "POST", p + "/plans", `["network"]`, nil, 400, "invalid", "body"},
		{"PlanNotJSON", w.admin, "POST", p + "/plans", "code=network", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "invalid", "Content-Type"},
		{"PlanUpdateApproved", w.admin, "PUT", approved, plan("code", nil), nil, 409, "conflict", ""},
		{"PlanUpdateStale", w.admin, "PUT", draft, plan("title", "改"), []string{"If-Match", `"9"`}, 409, "conflict", ""},
		{"PlanUpdateBadIfMatch", w.admin, "PUT", draft, plan("title", "改"), []string{"If-Match", "1"}, 400, "invalid", "If-Match"},
		{"PlanApproveWithoutApprover", w.admin, "POST", draft + "/approve", map[string]string{"approved_by": ""}, nil, 400, "invalid", "approved_by"},
		{"PlanApproveBadDate", w.admin, "POST", draft + "/approve", map[string]string{"approved_by": "区网信委", "on": "soon"}, nil, 400, "invalid", "on"},
		{"PlanNotAnID", w.admin, "GET", p + "/plans/network", nil, nil, 400, "invalid", "id"},
		{"PlanUnknown", w.admin, "GET", p + "/plans/01a22f94-0000-7000-8000-000000000000", nil, nil, 404, "not_found", ""},
		{"PlansBadStatus", w.admin, "GET", p + "/plans?status=retired", nil, nil, 400, "invalid", "status"},
		{"PlansBadYear", w.admin, "GET", p + "/plans?year=twenty", nil, nil, 400, "invalid", "year"},
		{"PlansBadCursor", w.admin, "GET", p + "/plans?cursor=!!", nil, nil, 400, "invalid", "cursor"},
		{"PlansBadLimit", w.admin, "GET", p + "/plans?limit=100000", nil, nil, 400, "invalid", "limit"},

		// Drills and their actions.
		{"DrillOfDraft", w.admin, "POST", draft + "/drills", secDrillBody, nil, 400, "invalid", "id"},
		{"DrillDateBad", w.admin, "POST", approved + "/drills", drillBody("date", "June"), nil, 400, "invalid", "date"},
		{"DrillTypeUnknown", w.admin, "POST", approved + "/drills", drillBody("type", "drill"), nil, 400, "invalid", "type"},
		{"DrillFindingKindUnknown", w.admin, "POST", approved + "/drills", drillBody("findings", finding("kind", "rust")), nil, 400, "invalid", "findings[0].kind"},
		{"DrillActionDueBad", w.admin, "POST", approved + "/drills", drillBody("actions", []map[string]string{{"title": "整改", "due": "later"}}), nil, 400, "invalid", "actions[0].due"},
		{"DrillActionTitleMissing", w.admin, "POST", approved + "/drills", drillBody("actions", []map[string]string{{"due": "2026-04-01"}}), nil, 400, "invalid", "actions[0].title"},
		{"DrillUpdateActions", w.admin, "PUT", drill, with(secDrillUpdate, "actions", []any{}), nil, 400, "invalid", "actions"},
		{"ActionDueMissing", w.admin, "POST", drill + "/actions", map[string]string{"title": "补充通讯录"}, nil, 400, "invalid", "due"},
		{"ActionSeqNotANumber", w.admin, "PATCH", drill + "/actions/first", map[string]string{"status": "done"}, nil, 400, "invalid", "seq"},
		{"ActionStatusUnknown", w.admin, "PATCH", drill + "/actions/1", map[string]string{"status": "finished"}, nil, 400, "invalid", "status"},
		{"ActionUnknown", w.admin, "PATCH", drill + "/actions/9", map[string]string{"status": "done"}, nil, 404, "not_found", ""},
		{"DrillRaiseNotAnID", w.admin, "POST", p + "/drills/first/raise", nil, nil, 400, "invalid", "id"},
		{"DrillRaiseUnknown", w.admin, "POST", p + "/drills/01a22f94-0000-7000-8000-000000000000/raise", nil, nil, 404, "not_found", ""},
		{"DrillsBadPlan", w.admin, "GET", p + "/drills?plan=network", nil, nil, 400, "invalid", "plan"},
		{"ComplianceBadAt", w.admin, "GET", p + "/compliance?at=tomorrow", nil, nil, 400, "invalid", "at"},
		{"DrillForDepartment", w.own, "GET", drill, nil, nil, 403, "forbidden", ""},

		// The checklist and inspections.
		{"ChecklistBuiltinCode", w.admin, "POST", p + "/checklist", map[string]string{"code": "ia-a", "control": "8.1.4.1 a)", "category": "身份鉴别", "text": "重复"}, nil, 409, "conflict", ""},
		{"ChecklistTextMissing", w.admin, "POST", p + "/checklist", with(anyOf(secChecklistBody()), "text", nil), nil, 400, "invalid", "text"},
		{"ChecklistUnknown", w.admin, "PUT", p + "/checklist/nope", with(anyOf(secChecklistBody()), "code", nil), nil, 404, "not_found", ""},
		{"ChecklistCodeChanged", w.admin, "PUT", w.secChecklistItem(t), secChecklistBody(), nil, 400, "invalid", "code"},
		{"InspectionItemUnknown", w.admin, "POST", p + "/inspections", inspectionBody("items", []map[string]string{{"item": "zz-9", "result": "pass"}}), nil, 400, "invalid", "items[0].item"},
		{"InspectionResultUnknown", w.admin, "POST", p + "/inspections", inspectionBody("items", []map[string]string{{"item": "ia-a", "result": "ok"}}), nil, 400, "invalid", "items[0].result"},
		{"InspectionDepartmentUnknown", w.admin, "POST", p + "/inspections", inspectionBody("department", "nowhere"), nil, 400, "invalid", "department"},
		{"InspectionFindingDepartmentUnknown", w.admin, "POST", p + "/inspections", inspectionBody("findings", finding("department", "nowhere")), nil, 400, "invalid", "findings[0].department"},
		{"HardeningDepartmentUnknown", w.admin, "POST", p + "/hardening", hardening("department", "nowhere"), nil, 400, "invalid", "department"},
		{"IncidentDepartmentUnknown", w.admin, "POST", p + "/incidents", incidentBody("department", "nowhere"), nil, 400, "invalid", "department"},
		{"InspectionDateMissing", w.admin, "POST", p + "/inspections", inspectionBody("date", nil), nil, 400, "invalid", "date"},
		{"InspectionFindingSeverity", w.admin, "PUT", inspection, inspectionBody("findings", finding("severity", "grave")), nil, 400, "invalid", "findings[0].severity"},
		{"InspectionForeign", w.foreign, "GET", inspection, nil, nil, 404, "not_found", ""},
		{"InspectionRaiseNotAnID", w.admin, "POST", p + "/inspections/x/raise", nil, nil, 400, "invalid", "id"},
		{"InspectionsBadYear", w.admin, "GET", p + "/inspections?year=-1", nil, nil, 400, "invalid", "year"},

		// Hardening records.
		{"HardeningKindUnknown", w.admin, "POST", p + "/hardening", hardening("kind", "weak"), nil, 400, "invalid", "kind"},
		{"HardeningSeverityMissing", w.admin, "POST", p + "/hardening", hardening("severity", nil), nil, 400, "invalid", "severity"},
		{"HardeningAssetMissing", w.admin, "POST", p + "/hardening", hardening("asset", nil), nil, 400, "invalid", "asset"},
		{"HardeningFoundOnBad", w.admin, "POST", p + "/hardening", hardening("found_on", "昨天"), nil, 400, "invalid", "found_on"},
		{"HardeningUpdateSeverity", w.admin, "PUT", open, hardening("severity", "urgent"), nil, 400, "invalid", "severity"},
		{"HardeningUpdateStale", w.admin, "PUT", open, hardening("detail", "改"), []string{"If-Match", `"9"`}, 409, "conflict", ""},
		{"RemediationMissing", w.admin, "POST", open + "/remediate", map[string]string{"remediated_by": "韦工"}, nil, 400, "invalid", "remediation"},
		{"RemediationOnBad", w.own, "POST", open + "/remediate", with(anyOf(secRemediation), "on", "today"), nil, 400, "invalid", "on"},
		{"RemediateForeign", w.foreign, "POST", open + "/remediate", secRemediation, nil, 404, "not_found", ""},
		{"VerifyOpen", w.admin, "POST", open + "/verify", map[string]string{"verified_by": "覃工"}, nil, 409, "conflict", ""},
		{"RetestFailedWithoutNote", w.admin, "POST", remediated + "/retest", map[string]any{"passed": false, "tested_by": "覃工"}, nil, 400, "invalid", "note"},
		{"RetestPassedAsText", w.admin, "POST", remediated + "/retest", map[string]any{"passed": "no"}, nil, 400, "invalid", "passed"},
		{"HardeningBadSource", w.admin, "GET", p + "/hardening?source=FW-01", nil, nil, 400, "invalid", "source"},
		{"HardeningBadStatus", w.admin, "GET", p + "/hardening?status=fixed", nil, nil, 400, "invalid", "status"},
		{"HardeningUnknownParameter", w.admin, "GET", p + "/hardening?asset=FW-01", nil, nil, 400, "invalid", "asset"},

		// Exercises.
		{"ExerciseBlockedOverDetected", w.admin, "POST", p + "/exercises", exerciseBody("blocked", 121), nil, 400, "invalid", "blocked"},
		{"ExerciseEndBeforeStart", w.admin, "POST", p + "/exercises", exerciseBody("end", "2025-08-01"), nil, 400, "invalid", "end"},
		{"ExerciseRoleUnknown", w.admin, "POST", p + "/exercises", exerciseBody("role", "attacker"), nil, 400, "invalid", "role"},
		{"ExerciseNameMissing", w.admin, "PUT", exercise, exerciseBody("name", nil), nil, 400, "invalid", "name"},
		{"ExerciseRaiseNotAnID", w.admin, "POST", p + "/exercises/2025/raise", nil, nil, 400, "invalid", "id"},
		{"ExerciseDetectedAsText", w.admin, "POST", p + "/exercises", exerciseBody("detected", "120"), nil, 400, "invalid", "detected"},

		// Incidents and the report.
		{"IncidentGradeUnknown", w.admin, "POST", p + "/incidents", incidentBody("grade", "V"), nil, 400, "invalid", "grade"},
		{"IncidentTypeUnknown", w.admin, "POST", p + "/incidents", incidentBody("type", "virus"), nil, 400, "invalid", "type"},
		{"IncidentDetectedMissing", w.admin, "POST", p + "/incidents", incidentBody("detected_at", nil), nil, 400, "invalid", "detected_at"},
		{"IncidentDetectedBad", w.admin, "POST", p + "/incidents", incidentBody("detected_at", "2026-02-10"), nil, 400, "invalid", "detected_at"},
		{"IncidentForAnotherUnit", w.foreign, "POST", p + "/incidents", secIncidentBody, nil, 403, "forbidden", ""},
		{"IncidentUpdateGrade", w.admin, "PUT", incident, incidentBody("grade", "0"), nil, 400, "invalid", "grade"},
		{"IncidentUpdateColour", w.admin, "PUT", incident, incidentBody("colour", "purple"), nil, 400, "invalid", "colour"},
		{"IncidentMoveUnknown", w.admin, "POST", incident + "/move", map[string]string{"to": "closed"}, nil, 400, "invalid", "to"},
		{"IncidentMoveBack", w.admin, "POST", incident + "/move", map[string]string{"to": "reported"}, nil, 409, "conflict", ""},
		{"IncidentsBadGrade", w.admin, "GET", p + "/incidents?grade=5", nil, nil, 400, "invalid", "grade"},
		{"ReportBadYear", w.admin, "GET", p + "/report?year=1800", nil, nil, 400, "invalid", "year"},

		// Credential-named fields, refused before decoding whatever the
		// route, the token or the field's place.
		{"CredPassword", w.admin, "POST", p + "/plans", map[string]string{"password": credMarker}, nil, 400, "invalid", "password"},
		{"CredNestedPwd", w.admin, "POST", p + "/inspections", inspectionBody("findings", []map[string]string{{"asset": "a", "admin_pwd": credMarker}}), nil, 400, "invalid", "findings[0].admin_pwd"},
		{"CredChineseKey", w.admin, "POST", p + "/incidents", map[string]string{"口令": credMarker}, nil, 400, "invalid", "口令"},
		{"CredChineseNested", w.admin, "POST", p + "/plans", plan("grades", []map[string]any{{"grade": "I", "lead": map[string]string{"设备密码": credMarker}}}), nil, 400, "invalid", "grades[0].lead.设备密码"},
		{"CredSecretAnyCase", w.admin, "PUT", open, hardening("SNMP_Secret", credMarker), nil, 400, "invalid", "SNMP_Secret"},
		{"CredPasswdOnRaise", w.admin, "POST", drill + "/raise", map[string]string{"passwd": credMarker}, nil, 400, "invalid", "passwd"},
		{"CredOnPatch", w.admin, "PATCH", drill + "/actions/1", map[string]string{"status": "done", "PWD": credMarker}, nil, 400, "invalid", "PWD"},
		{"CredFromDepartment", w.own, "POST", open + "/remediate", with(anyOf(secRemediation), "rootPassword", credMarker), nil, 400, "invalid", "rootPassword"},
		{"CredOnReport", w.own, "POST", p + "/incidents", incidentBody("detail", map[string]string{"new_password": credMarker}), nil, 400, "invalid", "detail.new_password"},

		// Free text that writes a credential out, refused naming the field.
		{"CredTextDetail", w.admin, "POST", p + "/hardening", hardening("detail", "口令："+credMarker), nil, 400, "invalid", "detail"},
		{"CredTextFinding", w.admin, "POST", p + "/inspections", inspectionBody("findings", finding("detail", "password="+credMarker)), nil, 400, "invalid", "findings[0].detail"},
		{"CredTextNote", w.admin, "POST", p + "/incidents", incidentBody("note", "管理员密码为"+credMarker), nil, 400, "invalid", "note"},
		{"CredTextRemediation", w.own, "POST", open + "/remediate", with(anyOf(secRemediation), "remediation", "已改为 pwd: "+credMarker), nil, 400, "invalid", "remediation"},
		{"CredTextScenario", w.admin, "PUT", drill, with(secDrillUpdate, "scenario", "默认口令="+credMarker), nil, 400, "invalid", "scenario"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, tc.method, tc.path, tc.token, tc.body, tc.hdr...)
			path, _, _ := strings.Cut(tc.path, "?")
			if p, err := url.PathUnescape(path); err == nil {
				path = p
			}
			assertProblem(t, r, tc.status, tc.code, tc.field, path)
			if bytes.Contains(r.body, []byte(credMarker)) {
				t.Fatalf("the answer echoes the credential: %s", r.body)
			}
		})
	}
	if strings.Contains(w.Stderr.String(), credMarker) {
		t.Fatal("the server's log holds a credential sent to it")
	}
}
