package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	s, err := run(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log(text)
	r := s.Report

	// The audit finds exactly the devices the generator made weak and
	// empty: CheckPassword agrees with the generator.
	if s.Weak != weakDevices || s.Empty != emptyDevices {
		t.Errorf("audit found %d weak and %d empty; the generator made %d and %d", s.Weak, s.Empty, weakDevices, emptyDevices)
	}
	// The 2022 revision superseded the 2021 one.
	if s.Superseded.Status != security.PlanSuperseded || s.Superseded.SupersededBy == [16]byte{} || r.PlansApproved != 1 {
		t.Errorf("2021 revision %s, approved in 2022: %d", s.Superseded.Status, r.PlansApproved)
	}
	// The power plan, last drilled 2021-10-12, is flagged; the network
	// plan, drilled live on 2022-04-20, is not.
	c := r.Compliance
	if c == nil || len(c.Plans) != 2 || c.Flagged != 1 {
		t.Fatalf("compliance: %+v", c)
	}
	for _, p := range c.Plans {
		if p.Flagged != (p.Plan.Code == "power") || (p.Flagged && p.Reason != "超过 12 个月未演练") {
			t.Errorf("plan %s: flagged %v (%s)", p.Plan.Code, p.Flagged, p.Reason)
		}
	}
	for _, d := range r.Drills {
		if want := map[security.DrillType]int{security.DrillLive: 1}[d.Type]; d.Count != want {
			t.Errorf("%s drills: %d, want %d", d.Type, d.Count, want)
		}
	}
	if r.ActionsDone != 1 || r.ActionsOpen != 2 || r.ActionsOverdue != 1 || r.Inspections != 1 {
		t.Errorf("actions done %d, open %d, overdue %d; inspections %d", r.ActionsDone, r.ActionsOpen, r.ActionsOverdue, r.Inspections)
	}
	// Findings: the audit's, the drill's two and the exercise's three; all
	// verified but the one the generator left open.
	found := weakDevices + emptyDevices + 2 + 3
	if f := r.Findings; f.Found != found || f.Verified != found-s.Open || f.Open != s.Open {
		t.Errorf("findings: found %d, verified %d, open %d; want %d, %d, %d", f.Found, f.Verified, f.Open, found, found-s.Open, s.Open)
	}
	wantKind := map[security.FindingKind]int{security.FindingWeakPassword: weakDevices, security.FindingNoPassword: emptyDevices,
		security.FindingDefaultCredential: 1, security.FindingExposedService: 2, security.FindingUnpatched: 2}
	for _, k := range r.Findings.ByKind {
		if k.Count != wantKind[k.Kind] {
			t.Errorf("%s: %d, want %d", k.Kind, k.Count, wantKind[k.Kind])
		}
	}
	for _, a := range r.Findings.OpenByAge {
		want := security.FindingAge{Severity: a.Severity}
		if a.Severity == security.SeverityMedium { // the OA server, found 2022-08-08: 146 days
			want.Total, want.Days180 = 1, 1
		}
		if a != want {
			t.Errorf("open by age: %+v, want %+v", a, want)
		}
	}
	// The exercise's rates, as counted.
	x := s.Exercise
	if x.BlockRate.String() != govops.NewRate(311, 326).String() || x.EarlyRate.String() != govops.NewRate(58, 326).String() ||
		x.Raised != 3 || x.Verified != 2 || x.Open != 1 {
		t.Errorf("exercise: %+v", x)
	}
	// Incidents: reported in 90 and 40 minutes (on time), 5 and 2 hours
	// (late for grades IV and III).
	in := r.Incidents
	if in.Total != 4 || in.OnTime != 2 || in.ReportRate.String() != "50.00%" {
		t.Errorf("incidents: %+v", in)
	}
	for _, g := range in.ByGrade {
		want := [3]int{}
		if g.Grade == security.GradeIII || g.Grade == security.GradeIV {
			want = [3]int{2, 1, 2}
		}
		if got := [3]int{g.Count, g.OnTime, g.Resolved}; got != want {
			t.Errorf("grade %s: %v, want %v", g.Grade, got, want)
		}
	}
	for _, want := range []string{
		"第 1 版已废止",
		"自查：60 台设备，弱口令 12 台，空口令 5 台，登记加固问题 17 条",
		"逾期：超过 12 个月未演练",
		"实战演练 1 次",
		"已复核 21 个，未闭环 1 个",
		"阻断率 95.40%，提早发现率 17.79%",
		"IV级（一般，4 小时内报告）：2 起，按时报告 1 起",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
	// No password the audit saw reached the output.
	for _, pw := range weakPasswords {
		if strings.Contains(text, "："+pw) || strings.Contains(text, "="+pw) {
			t.Errorf("the output writes out %q", pw)
		}
	}
}
