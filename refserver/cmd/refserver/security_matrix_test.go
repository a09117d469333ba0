package main_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

// secSeq numbers the plans and checklist items the security tests add, so
// that each cell of the matrix gets records of its own.
var secSeq atomic.Int64

const secPath = "/api/v1/security"

// secPlanBody drafts a plan of a code of its own.
func secPlanBody() map[string]any {
	return map[string]any{"code": fmt.Sprintf("plan-%05d", secSeq.Add(1)), "year": 2026, "title": "网络安全事件应急预案",
		"scope": "区电子政务外网", "grades": []map[string]string{{"grade": "I"}, {"grade": "II"}, {"grade": "III"}, {"grade": "IV"}}}
}

// secPlan drafts a plan (as admin), approved when approved is set, and
// returns its path.
func (w *world) secPlan(t testing.TB, approved bool) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", secPath+"/plans", w.admin, secPlanBody()), http.StatusCreated)
	path := secPath + "/plans/" + r.str(t, "id")
	if approved {
		mustStatus(t, w.do(t, "POST", path+"/approve", w.admin, map[string]string{"approved_by": "区网信委", "on": "2026-01-10"}), http.StatusOK)
	}
	return path
}

// secFinding is an asset finding of ylj's.
func secFinding(asset string) map[string]string {
	return map[string]string{"asset": asset, "department": "ylj", "kind": "weak_password", "severity": "high", "detail": "管理口令为弱口令"}
}

var secDrillBody = map[string]any{"date": "2026-02-15", "type": "tabletop", "scenario": "勒索软件攻击外网核心交换机",
	"participants": []string{"区大数据发展局", "跃进街道"}, "findings": []any{secFinding("FW-01")},
	"actions": []map[string]string{{"title": "修改防火墙管理口令", "owner": "覃工", "department": "ylj", "due": "2026-04-15"}}}

// secDrill records a drill of a new approved plan (as admin) and returns
// its path.
func (w *world) secDrill(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", w.secPlan(t, true)+"/drills", w.admin, secDrillBody), http.StatusCreated)
	return secPath + "/drills/" + r.str(t, "id")
}

var secDrillUpdate = map[string]any{"date": "2026-02-16", "type": "live", "scenario": "勒索软件攻击（实战）", "findings": []any{secFinding("FW-01")}}

func secChecklistBody() map[string]string {
	return map[string]string{"code": fmt.Sprintf("own-%05d", secSeq.Add(1)), "control": "8.1.4.2 f)", "category": "访问控制",
		"text": "访问控制的粒度应达到主体为用户级或进程级"}
}

// secChecklistItem adds a checklist item (as admin) and returns its path.
func (w *world) secChecklistItem(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", secPath+"/checklist", w.admin, secChecklistBody()), http.StatusCreated)
	return secPath + "/checklist/" + r.str(t, "code")
}

// secInspectionBody is a self-inspection of ylj with one asset finding.
var secInspectionBody = map[string]any{"department": "ylj", "date": "2026-02-20", "scope": "外网核心设备", "inspector": "覃工",
	"items":    []map[string]string{{"item": "ia-a", "result": "partial", "note": "部分设备口令未定期更换"}, {"item": "ac-b", "result": "fail", "note": "仍使用默认账户"}},
	"findings": []any{secFinding("SW-CORE-01")}}

// secInspection records an inspection of ylj (as admin) and returns its
// path.
func (w *world) secInspection(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", secPath+"/inspections", w.admin, secInspectionBody), http.StatusCreated)
	return secPath + "/inspections/" + r.str(t, "id")
}

var secHardeningBody = map[string]string{"department": "ylj", "asset": "OA-WEB", "kind": "default_credential", "severity": "critical",
	"detail": "交换机使用出厂默认口令", "source_ref": "柳网信通〔2026〕12号", "found_on": "2026-02-21"}

var secRemediation = map[string]string{"remediation": "已修改为强口令并启用登录失败锁定", "remediated_by": "韦工"}

// secHardening records a hardening record of ylj (as admin), remediated
// when remediated is set, and returns its path.
func (w *world) secHardening(t testing.TB, remediated bool) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", secPath+"/hardening", w.admin, secHardeningBody), http.StatusCreated)
	path := secPath + "/hardening/" + r.str(t, "id")
	if remediated {
		mustStatus(t, w.do(t, "POST", path+"/remediate", w.admin, secRemediation), http.StatusOK)
	}
	return path
}

var secExerciseBody = map[string]any{"name": "2025 年柳州市网络安全攻防演练", "organizer": "柳州市委网信办", "start": "2025-09-01",
	"end": "2025-09-07", "role": "defender", "detected": 120, "blocked": 112, "early": 30, "findings": []any{secFinding("OA-WEB")}}

// secExercise records an exercise (as admin) and returns its path.
func (w *world) secExercise(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", secPath+"/exercises", w.admin, secExerciseBody), http.StatusCreated)
	return secPath + "/exercises/" + r.str(t, "id")
}

var secIncidentBody = map[string]string{"department": "ylj", "title": "门户网站首页被篡改", "type": "attack", "grade": "IV",
	"detected_at": "2026-02-10T09:30:00+08:00"}

// secIncident records an incident of ylj (as admin) and returns its path.
func (w *world) secIncident(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", secPath+"/incidents", w.admin, secIncidentBody), http.StatusCreated)
	return secPath + "/incidents/" + r.str(t, "id")
}

func securityMatrix() []endpoint {
	const (
		ok, created     = http.StatusOK, http.StatusCreated
		bad, unauth, nf = http.StatusForbidden, http.StatusUnauthorized, http.StatusNotFound
		p               = secPath
	)
	reads := [6]int{ok, ok, ok, ok, unauth, unauth}
	own := [6]int{ok, ok, nf, ok, unauth, unauth}      // ylj's record: jfj does not see it
	center := [6]int{ok, bad, bad, ok, unauth, unauth} // drills, exercises, compliance: admin and viewer
	admin := [6]int{ok, bad, bad, bad, unauth, unauth} // the center's writes
	create := [6]int{created, bad, bad, bad, unauth, unauth}
	at := func(path func(*world, testing.TB) string, suffix string, body any) func(*testing.T, *world) (string, any) {
		return func(t *testing.T, w *world) (string, any) { return path(w, t) + suffix, body }
	}
	draft := func(w *world, t testing.TB) string { return w.secPlan(t, false) }
	approved := func(w *world, t testing.TB) string { return w.secPlan(t, true) }
	drill := func(w *world, t testing.TB) string { return w.secDrill(t) }
	item := func(w *world, t testing.TB) string { return w.secChecklistItem(t) }
	inspection := func(w *world, t testing.TB) string { return w.secInspection(t) }
	open := func(w *world, t testing.TB) string { return w.secHardening(t, false) }
	remediated := func(w *world, t testing.TB) string { return w.secHardening(t, true) }
	exercise := func(w *world, t testing.TB) string { return w.secExercise(t) }
	incident := func(w *world, t testing.TB) string { return w.secIncident(t) }
	return []endpoint{
		{"GET", p + "/plans", fixed(p+"/plans", nil), reads},
		{"POST", p + "/plans", func(*testing.T, *world) (string, any) { return p + "/plans", secPlanBody() }, create},
		{"GET", p + "/plans/{id}", at(draft, "", nil), reads},
		{"PUT", p + "/plans/{id}", func(t *testing.T, w *world) (string, any) {
			path := w.secPlan(t, false)
			var cur map[string]any
			decode(t, w.do(t, "GET", path, w.admin, nil), &cur)
			body := secPlanBody()
			body["code"] = cur["code"]
			return path, body
		}, admin},
		{"POST", p + "/plans/{id}/approve", at(draft, "/approve", map[string]string{"approved_by": "区网信委"}), admin},
		{"POST", p + "/plans/{id}/drills", at(approved, "/drills", secDrillBody), create},
		{"GET", p + "/plans/{id}/events", at(draft, "/events", nil), reads},

		{"GET", p + "/drills", fixed(p+"/drills", nil), center},
		{"GET", p + "/drills/{id}", at(drill, "", nil), center},
		{"PUT", p + "/drills/{id}", at(drill, "", secDrillUpdate), admin},
		{"POST", p + "/drills/{id}/actions", at(drill, "/actions", map[string]string{"title": "补充应急通讯录", "owner": "韦工", "due": "2026-05-01"}), admin},
		{"PATCH", p + "/drills/{id}/actions/{seq}", at(drill, "/actions/1", map[string]string{"status": "done"}), admin},
		{"POST", p + "/drills/{id}/raise", at(drill, "/raise", nil), create},
		{"GET", p + "/drills/{id}/events", at(drill, "/events", nil), center},
		{"GET", p + "/overdue-actions", fixed(p+"/overdue-actions", nil), center},
		{"GET", p + "/compliance", fixed(p+"/compliance", nil), center},

		{"GET", p + "/checklist", fixed(p+"/checklist", nil), reads},
		{"POST", p + "/checklist", func(*testing.T, *world) (string, any) { return p + "/checklist", secChecklistBody() }, create},
		{"PUT", p + "/checklist/{code}", func(t *testing.T, w *world) (string, any) {
			path := item(w, t)
			return path, map[string]any{"code": path[len(p+"/checklist/"):], "control": "8.1.4.2 f)", "category": "访问控制",
				"text": "改写的检查项", "retired": true}
		}, admin},

		{"GET", p + "/inspections", fixed(p+"/inspections", nil), reads},
		{"POST", p + "/inspections", fixed(p+"/inspections", secInspectionBody), create},
		{"GET", p + "/inspections/{id}", at(inspection, "", nil), own},
		{"PUT", p + "/inspections/{id}", at(inspection, "", secInspectionBody), admin},
		{"POST", p + "/inspections/{id}/raise", at(inspection, "/raise", nil), create},
		{"GET", p + "/inspections/{id}/events", at(inspection, "/events", nil), own},

		{"GET", p + "/hardening", fixed(p+"/hardening", nil), reads},
		{"POST", p + "/hardening", fixed(p+"/hardening", secHardeningBody), create},
		{"GET", p + "/hardening/{id}", at(open, "", nil), own},
		{"PUT", p + "/hardening/{id}", at(open, "", secHardeningBody), admin},
		// A department remediates its own unit's records; a viewer writes
		// nothing.
		{"POST", p + "/hardening/{id}/remediate", at(open, "/remediate", secRemediation), [6]int{ok, ok, nf, bad, unauth, unauth}},
		{"POST", p + "/hardening/{id}/verify", at(remediated, "/verify", map[string]string{"verified_by": "覃工"}), admin},
		{"POST", p + "/hardening/{id}/retest", at(remediated, "/retest", map[string]any{"passed": false, "tested_by": "覃工", "note": "复测仍可登录"}), admin},
		{"GET", p + "/hardening/{id}/events", at(open, "/events", nil), own},

		{"GET", p + "/exercises", fixed(p+"/exercises", nil), center},
		{"POST", p + "/exercises", fixed(p+"/exercises", secExerciseBody), create},
		{"GET", p + "/exercises/{id}", at(exercise, "", nil), center},
		{"PUT", p + "/exercises/{id}", at(exercise, "", secExerciseBody), admin},
		{"GET", p + "/exercises/{id}/summary", at(exercise, "/summary", nil), center},
		{"POST", p + "/exercises/{id}/raise", at(exercise, "/raise", nil), create},
		{"GET", p + "/exercises/{id}/events", at(exercise, "/events", nil), center},

		{"GET", p + "/incidents", fixed(p+"/incidents", nil), reads},
		// A department reports its own unit's incidents: jfj may not report
		// ylj's.
		{"POST", p + "/incidents", fixed(p+"/incidents", secIncidentBody), [6]int{created, created, bad, bad, unauth, unauth}},
		{"GET", p + "/incidents/{id}", at(incident, "", nil), own},
		{"PUT", p + "/incidents/{id}", at(incident, "", secIncidentBody), admin},
		{"POST", p + "/incidents/{id}/move", at(incident, "/move", map[string]string{"to": "reported"}), admin},
		{"GET", p + "/incidents/{id}/events", at(incident, "/events", nil), own},

		{"GET", p + "/report", fixed(p+"/report?year=2026", nil), reads},
	}
}
