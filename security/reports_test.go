package security_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

// reportYear records the security work of 2022 (and some of 2021), and
// returns the fixture with its clock at 2023-02-01.
func reportYear(t *testing.T) *fixture {
	f := newFix(t)
	f.clock.Set(date(2022, 12, 20))
	r1 := f.approvedPlan(t, "network", 2021, date(2021, 3, 1))
	f.drill(t, r1, date(2021, 5, 10), nil)
	r2 := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	power := f.approvedPlan(t, "power", 2022, date(2022, 2, 1))
	f.approvedPlan(t, "data", 2021, date(2021, 6, 1)) // never drilled
	d := f.drill(t, r2, date(2022, 3, 1), nil,
		security.ActionInput{Title: "A", Due: date(2022, 4, 1)},
		security.ActionInput{Title: "B", Due: date(2022, 12, 1)},
		security.ActionInput{Title: "C", Due: date(2023, 2, 1)})
	must(f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionDone, On: date(2022, 3, 30)}))(t)
	must(f.svc.RecordDrill(f.ctx, center(), security.DrillInput{Plan: power.ID.String(), Date: date(2022, 9, 1), Type: security.DrillTabletop, Scenario: "停电"}))(t)

	x := f.inspection(t, "QZFJ", date(2022, 6, 1),
		assetFinding("SW-01", "QZFJ", security.FindingWeakPassword, security.SeverityHigh),
		assetFinding("AP-01", "WJJ", security.FindingNoPassword, security.SeverityCritical))
	old := f.inspection(t, "QZFJ", date(2021, 11, 1), assetFinding("SRV-9", "QZFJ", security.FindingUnpatched, security.SeverityMedium))
	hs := must(f.svc.RaiseFindings(f.ctx, center(), security.SourceInspection, x.ID.String()))(t)
	must(f.svc.RaiseFindings(f.ctx, center(), security.SourceInspection, old.ID.String()))(t)
	must(f.svc.Remediate(f.ctx, dept(), hs[0].ID.String(), security.Remediation{Remediation: "已改为强口令", RemediatedBy: "张伟", On: date(2022, 6, 20)}))(t)
	must(f.svc.Verify(f.ctx, center(), hs[0].ID.String(), security.Verification{VerifiedBy: "王芳", At: date(2022, 7, 1)}))(t)

	ex := exerciseInput()
	ex.Findings = ex.Findings[1:2] // VPN-01, high, the center's
	xr := must(f.svc.RecordExercise(f.ctx, center(), ex))(t)
	vpn := must(f.svc.RaiseFindings(f.ctx, center(), security.SourceExercise, xr.ID.String()))(t)
	must(f.svc.Remediate(f.ctx, center(), vpn[0].ID.String(), security.Remediation{Remediation: "已关闭端口", RemediatedBy: "张伟"}))(t)

	for _, h := range []security.HardeningInput{
		{Department: "QZFJ", Asset: "PC-1", Kind: security.FindingWeakPassword, Severity: security.SeverityLow, FoundOn: date(2022, 12, 10)},
		{Department: "QZFJ", Asset: "SRV-2", Kind: security.FindingUnpatched, Severity: security.SeverityHigh, FoundOn: date(2022, 11, 1)},
		{Department: "WJJ", Asset: "CAM-3", Kind: security.FindingDefaultCredential, Severity: security.SeverityMedium, FoundOn: date(2022, 8, 1)},
	} {
		must(f.svc.OpenHardening(f.ctx, center(), h))(t)
	}

	inc := func(dept string, g security.Grade, detected, reported time.Time) *security.Incident {
		return must(f.svc.ReportIncident(f.ctx, center(), security.IncidentInput{Department: dept, Title: "事件", Type: security.IncidentAttack, Grade: g,
			DetectedAt: detected, ReportedAt: reported}))(t)
	}
	iv := inc("QZFJ", security.GradeIV, at(2022, 3, 1, 8, 0), at(2022, 3, 1, 9, 0))
	must(f.svc.MoveIncident(f.ctx, center(), iv.ID.String(), security.IncidentStep{To: security.IncidentResolved, At: at(2022, 3, 2, 9, 0)}))(t)
	inc("WJJ", security.GradeII, at(2022, 8, 1, 10, 0), at(2022, 8, 1, 11, 0))
	inc("", security.GradeIII, at(2022, 10, 1, 10, 0), time.Time{})
	inc("QZFJ", security.GradeIV, at(2021, 10, 1, 10, 0), time.Time{})
	f.clock.Set(date(2023, 2, 1))
	return f
}

func TestReport_Center(t *testing.T) {
	f := reportYear(t)
	r := must(f.svc.Report(f.ctx, center(), 2022))(t)
	if !r.At.Equal(date(2023, 1, 1)) || r.Department != "" || r.PlansApproved != 2 || r.Inspections != 1 {
		t.Fatalf("report: at %v, plans %d, inspections %d", r.At, r.PlansApproved, r.Inspections)
	}
	if c := r.Compliance; c == nil || len(c.Plans) != 3 || c.Flagged != 1 || c.Plans[0].Plan.Code != "data" || c.Plans[0].Reason != "从未演练" {
		t.Fatalf("compliance: %+v", r.Compliance)
	}
	wantDrills := map[security.DrillType]int{security.DrillTabletop: 1, security.DrillLive: 1, security.DrillJoint: 0}
	for _, c := range r.Drills {
		if c.Count != wantDrills[c.Type] {
			t.Errorf("drills %s: %d", c.Type, c.Count)
		}
	}
	if len(r.Drills) != 3 || r.ActionsOpen != 2 || r.ActionsDone != 1 || r.ActionsOverdue != 1 {
		t.Fatalf("actions: open %d, done %d, overdue %d", r.ActionsOpen, r.ActionsDone, r.ActionsOverdue)
	}
	if len(r.Exercises) != 1 || r.Exercises[0].Raised != 1 || r.Exercises[0].Remediated != 1 {
		t.Fatalf("exercises: %+v", r.Exercises)
	}
	fr := r.Findings
	if fr.Found != 6 || fr.Verified != 1 || fr.Open != 6 {
		t.Fatalf("findings: found %d, verified %d, open %d", fr.Found, fr.Verified, fr.Open)
	}
	wantKind := map[security.FindingKind]int{security.FindingWeakPassword: 2, security.FindingNoPassword: 1, security.FindingDefaultCredential: 1,
		security.FindingExposedService: 1, security.FindingUnpatched: 1}
	for _, k := range fr.ByKind {
		if k.Count != wantKind[k.Kind] {
			t.Errorf("kind %s: %d", k.Kind, k.Count)
		}
	}
	wantAge := []security.FindingAge{
		{Severity: security.SeverityCritical, Total: 1, Older: 1},
		{Severity: security.SeverityHigh, Total: 2, Days90: 1, Older: 1},
		{Severity: security.SeverityMedium, Total: 2, Days180: 1, Older: 1},
		{Severity: security.SeverityLow, Total: 1, Days30: 1},
	}
	for i, w := range wantAge {
		if fr.OpenByAge[i] != w {
			t.Errorf("age %d: %+v, want %+v", i, fr.OpenByAge[i], w)
		}
	}
	ir := r.Incidents
	if ir.Total != 3 || ir.OnTime != 1 || ir.ReportRate.String() != "33.33%" {
		t.Fatalf("incidents: %+v", ir)
	}
	wantGrade := []security.GradeIncidents{
		{Grade: security.GradeI, ReportLimit: 30 * time.Minute},
		{Grade: security.GradeII, Count: 1, Reported: 1, ReportLimit: 30 * time.Minute},
		{Grade: security.GradeIII, Count: 1, ReportLimit: time.Hour},
		{Grade: security.GradeIV, Count: 1, Reported: 1, OnTime: 1, Resolved: 1, ReportLimit: 4 * time.Hour},
	}
	for i, w := range wantGrade {
		g := ir.ByGrade[i]
		if g.Grade != w.Grade || g.Count != w.Count || g.Reported != w.Reported || g.OnTime != w.OnTime || g.Resolved != w.Resolved || g.ReportLimit != w.ReportLimit {
			t.Errorf("grade %s: %+v", w.Grade, g)
		}
	}
	if ir.ByGrade[3].ReportRate.String() != "100.00%" || ir.ByGrade[0].ReportRate.Applicable {
		t.Fatalf("grade rates: %+v", ir.ByGrade)
	}
}

func TestReport_Department(t *testing.T) {
	f := reportYear(t)
	r := must(f.svc.Report(f.ctx, dept(), 2022))(t)
	if r.Department != "QZFJ" || r.Compliance != nil || r.PlansApproved != 0 || r.Inspections != 0 || len(r.Exercises) != 0 || r.ActionsOpen != 0 {
		t.Fatalf("a department's report: %+v", r)
	}
	for _, c := range r.Drills {
		if c.Count != 0 {
			t.Fatalf("drills: %+v", r.Drills)
		}
	}
	fr := r.Findings
	if fr.Found != 3 || fr.Verified != 1 || fr.Open != 3 {
		t.Fatalf("findings: found %d, verified %d, open %d", fr.Found, fr.Verified, fr.Open)
	}
	if r.Incidents.Total != 1 || r.Incidents.OnTime != 1 {
		t.Fatalf("incidents: %+v", r.Incidents)
	}
}

func TestReport_DuringTheYear(t *testing.T) {
	f := reportYear(t)
	f.clock.Set(date(2022, 6, 25))
	r := must(f.svc.Report(f.ctx, center(), 2022))(t)
	if !r.At.Equal(date(2022, 6, 25)) {
		t.Fatalf("at %v", r.At)
	}
	// SW-01 was verified on 2022-07-01: still open on 2022-06-25
	if r.Findings.Verified != 0 || r.Findings.Found != 3 {
		t.Fatalf("findings on 2022-06-25: %+v", r.Findings)
	}
	_, err := f.svc.Report(f.ctx, center(), 1999)
	wantErr(t, err, govops.EINVALID, "year")
	_, err = f.svc.Report(f.ctx, govops.Actor{}, 2022)
	wantErr(t, err, govops.EINVALID, "actor")
}

// TestReport_HardenedByKind counts the records verified in the year,
// whenever they were found, and only while they stay verified.
func TestReport_HardenedByKind(t *testing.T) {
	f := newFix(t)
	f.clock.Set(date(2023, 2, 1))
	open := func(dept, asset string, k security.FindingKind, found time.Time) string {
		h := must(f.svc.OpenHardening(f.ctx, center(), security.HardeningInput{Department: dept, Asset: asset, Kind: k,
			Severity: security.SeverityHigh, FoundOn: found}))(t)
		return h.ID.String()
	}
	fix := func(ref string, remediated, verified time.Time) {
		must(f.svc.Remediate(f.ctx, center(), ref, security.Remediation{Remediation: "已加固", RemediatedBy: "张伟", On: remediated}))(t)
		must(f.svc.Verify(f.ctx, center(), ref, security.Verification{VerifiedBy: "王芳", At: verified}))(t)
	}
	// found in 2021, verified in 2022: hardened in 2022
	old := open("QZFJ", "SW-01", security.FindingWeakPassword, date(2021, 12, 1))
	fix(old, date(2021, 12, 20), date(2022, 1, 5))
	// verified in 2021: not 2022's
	prev := open("QZFJ", "SW-02", security.FindingWeakPassword, date(2021, 6, 1))
	fix(prev, date(2021, 6, 5), date(2021, 6, 10))
	// verified in 2022, reopened by a failed re-test, verified again
	again := open("WJJ", "AP-01", security.FindingNoPassword, date(2022, 3, 1))
	fix(again, date(2022, 3, 5), date(2022, 3, 10))
	must(f.svc.Retest(f.ctx, center(), again, security.Retest{TestedBy: "王芳", At: date(2022, 5, 1), Note: "复测仍为空口令"}))(t)
	fix(again, date(2022, 5, 3), date(2022, 5, 6))
	// verified in 2022 and reopened since: no longer hardened
	reopened := open("WJJ", "CAM-01", security.FindingDefaultCredential, date(2022, 4, 1))
	fix(reopened, date(2022, 4, 5), date(2022, 4, 8))
	must(f.svc.Retest(f.ctx, center(), reopened, security.Retest{TestedBy: "王芳", At: date(2022, 9, 1), Note: "复测未通过"}))(t)
	// remediated, not verified; verified only in 2023
	rem := open("QZFJ", "SRV-01", security.FindingUnpatched, date(2022, 10, 1))
	must(f.svc.Remediate(f.ctx, center(), rem, security.Remediation{Remediation: "已打补丁", RemediatedBy: "张伟", On: date(2022, 10, 3)}))(t)
	late := open("QZFJ", "SRV-02", security.FindingUnpatched, date(2022, 12, 1))
	fix(late, date(2022, 12, 20), date(2023, 1, 10))

	hardened := func(r *security.Report) map[security.FindingKind]int {
		out := map[security.FindingKind]int{}
		if len(r.Findings.HardenedByKind) != len(security.FindingKinds()) {
			t.Fatalf("hardened by kind: %+v, want every kind", r.Findings.HardenedByKind)
		}
		for _, k := range r.Findings.HardenedByKind {
			if k.Count != 0 {
				out[k.Kind] = k.Count
			}
		}
		return out
	}
	r := must(f.svc.Report(f.ctx, center(), 2022))(t)
	want := map[security.FindingKind]int{security.FindingWeakPassword: 1, security.FindingNoPassword: 1}
	if got := hardened(r); len(got) != len(want) || got[security.FindingWeakPassword] != 1 || got[security.FindingNoPassword] != 1 {
		t.Fatalf("center 2022: %v, want %v", got, want)
	}
	if got := hardened(must(f.svc.Report(f.ctx, dept(), 2022))(t)); len(got) != 1 || got[security.FindingWeakPassword] != 1 {
		t.Fatalf("QZFJ 2022: %v, want its weak password only", got)
	}
	if got := hardened(must(f.svc.Report(f.ctx, center(), 2023))(t)); len(got) != 1 || got[security.FindingUnpatched] != 1 {
		t.Fatalf("center 2023: %v, want the record verified in January", got)
	}
	if got := hardened(must(f.svc.Report(f.ctx, center(), 2021))(t)); len(got) != 1 || got[security.FindingWeakPassword] != 1 {
		t.Fatalf("center 2021: %v, want SW-02", got)
	}
}
