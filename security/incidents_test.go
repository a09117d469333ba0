package security_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func incidentInput() security.IncidentInput {
	return security.IncidentInput{Department: "QZFJ", Title: "办公终端感染勒索病毒", Type: security.IncidentMalware, Grade: security.GradeIV,
		DetectedAt: at(2022, 6, 15, 8, 0)}
}

func TestReportIncident(t *testing.T) {
	f := newFix(t)
	i := must(f.svc.ReportIncident(f.ctx, center(), incidentInput()))(t)
	if i.Colour != security.ColourBlue || i.Status != security.IncidentDetected || i.Department != "QZFJ" {
		t.Fatalf("reported: %+v", i)
	}
	in := incidentInput()
	in.Department, in.ReportedAt, in.Colour = "", at(2022, 6, 15, 8, 20), security.ColourYellow
	i = must(f.svc.ReportIncident(f.ctx, dept(), in))(t)
	if i.Department != "QZFJ" || i.Status != security.IncidentReported || i.Colour != security.ColourYellow {
		t.Fatalf("a unit's own: %+v", i)
	}
	in.Department = "WJJ"
	_, err := f.svc.ReportIncident(f.ctx, dept(), in)
	wantErr(t, err, govops.EFORBIDDEN, "department")
	_, err = f.svc.ReportIncident(f.ctx, viewer(), incidentInput())
	wantErr(t, err, govops.EFORBIDDEN)
	cases := []struct {
		name  string
		edit  func(*security.IncidentInput)
		field string
	}{
		{"no title", func(in *security.IncidentInput) { in.Title = "" }, "title"},
		{"no type", func(in *security.IncidentInput) { in.Type = "" }, "type"},
		{"bad type", func(in *security.IncidentInput) { in.Type = "virus" }, "type"},
		{"no grade", func(in *security.IncidentInput) { in.Grade = "" }, "grade"},
		{"bad grade", func(in *security.IncidentInput) { in.Grade = "V" }, "grade"},
		{"bad colour", func(in *security.IncidentInput) { in.Colour = "green" }, "colour"},
		{"no detected_at", func(in *security.IncidentInput) { in.DetectedAt = time.Time{} }, "detected_at"},
		{"future detected_at", func(in *security.IncidentInput) { in.DetectedAt = at(2022, 6, 15, 11, 0) }, "detected_at"},
		{"reported before detected", func(in *security.IncidentInput) { in.ReportedAt = at(2022, 6, 15, 7, 0) }, "reported_at"},
		{"future reported_at", func(in *security.IncidentInput) { in.ReportedAt = at(2022, 6, 15, 11, 0) }, "reported_at"},
		{"credential in the note", func(in *security.IncidentInput) { in.Note = "密码：Huawei@123" }, "note"},
		{"version on a new incident", func(in *security.IncidentInput) { in.IfVersion = 1 }, "if_version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := incidentInput()
			c.edit(&in)
			_, err := f.svc.ReportIncident(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
}

func TestMoveIncident(t *testing.T) {
	f := newFix(t)
	i := must(f.svc.ReportIncident(f.ctx, center(), incidentInput()))(t)
	ref := i.ID.String()
	_, err := f.svc.MoveIncident(f.ctx, center(), ref, security.IncidentStep{To: security.IncidentDetected})
	wantErr(t, err, govops.ECONFLICT, "to")
	_, err = f.svc.MoveIncident(f.ctx, center(), ref, security.IncidentStep{To: security.IncidentReported, At: at(2022, 6, 15, 7, 59)})
	wantErr(t, err, govops.EINVALID, "at")
	_, err = f.svc.MoveIncident(f.ctx, center(), ref, security.IncidentStep{To: "closed", At: at(2022, 6, 15, 11, 0)})
	wantErr(t, err, govops.EINVALID, "to", "at")
	i = must(f.svc.MoveIncident(f.ctx, dept(), ref, security.IncidentStep{To: security.IncidentContained, At: at(2022, 6, 15, 9, 0), IfVersion: 1}))(t)
	if i.Status != security.IncidentContained || !i.ReportedAt.IsZero() || !i.ContainedAt.Equal(at(2022, 6, 15, 9, 0)) {
		t.Fatalf("contained unreported: %+v", i)
	}
	_, err = f.svc.MoveIncident(f.ctx, center(), ref, security.IncidentStep{To: security.IncidentReported})
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.MoveIncident(f.ctx, center(), ref, security.IncidentStep{To: security.IncidentResolved, At: at(2022, 6, 15, 8, 30)})
	wantErr(t, err, govops.EINVALID, "at")
	_, err = f.svc.MoveIncident(f.ctx, center(), ref, security.IncidentStep{To: security.IncidentResolved, IfVersion: 1})
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.MoveIncident(f.ctx, otherDept(), ref, security.IncidentStep{To: security.IncidentResolved})
	wantErr(t, err, govops.ENOTFOUND)
	_, err = f.svc.MoveIncident(f.ctx, viewer(), ref, security.IncidentStep{To: security.IncidentResolved})
	wantErr(t, err, govops.EFORBIDDEN)
	i = must(f.svc.MoveIncident(f.ctx, center(), ref, security.IncidentStep{To: security.IncidentResolved, Note: "已清除"}))(t)
	if i.Status != security.IncidentResolved || !i.ResolvedAt.Equal(testNow()) || i.Version != 3 {
		t.Fatalf("resolved: %+v", i)
	}
	evs := must(f.svc.IncidentTrail(f.ctx, dept(), ref))(t)
	if len(evs) != 3 || evs[2].From != "contained" || evs[2].To != "resolved" || evs[2].Note != "已清除" || evs[2].Department != "QZFJ" {
		t.Fatalf("trail: %+v", evs)
	}
}

func TestUpdateIncident(t *testing.T) {
	f := newFix(t)
	i := must(f.svc.ReportIncident(f.ctx, center(), incidentInput()))(t)
	in := incidentInput()
	in.Grade, in.IfVersion = security.GradeIII, 1
	i = must(f.svc.UpdateIncident(f.ctx, dept(), i.ID.String(), in))(t)
	if i.Grade != security.GradeIII || i.Colour != security.ColourYellow || i.Version != 2 {
		t.Fatalf("updated: %+v", i)
	}
	_, err := f.svc.UpdateIncident(f.ctx, center(), i.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT)
	in.IfVersion = 0
	_, err = f.svc.UpdateIncident(f.ctx, otherDept(), i.ID.String(), in)
	wantErr(t, err, govops.ENOTFOUND)
	in.Department = "WJJ"
	_, err = f.svc.UpdateIncident(f.ctx, center(), i.ID.String(), in)
	wantErr(t, err, govops.EINVALID, "department")
	in.Department, in.DetectedAt = "", at(2022, 6, 15, 7, 0)
	_, err = f.svc.UpdateIncident(f.ctx, center(), i.ID.String(), in)
	wantErr(t, err, govops.EINVALID, "detected_at")
}

func TestIncidentTimes(t *testing.T) {
	f := newFix(t, security.WithReportLimits(map[security.Grade]time.Duration{security.GradeIV: 2 * time.Hour, "V": time.Hour, security.GradeI: -1}))
	if l := f.svc.ReportLimits(); l[security.GradeIV] != 2*time.Hour || l[security.GradeI] != 30*time.Minute {
		t.Fatalf("limits: %v", l)
	}
	mk := func(detected, reported time.Time, g security.Grade) string {
		in := incidentInput()
		in.DetectedAt, in.ReportedAt, in.Grade = detected, reported, g
		return must(f.svc.ReportIncident(f.ctx, center(), in))(t).ID.String()
	}
	onTime := mk(at(2022, 6, 15, 8, 0), at(2022, 6, 15, 9, 30), security.GradeIV)
	late := mk(at(2022, 6, 15, 6, 0), at(2022, 6, 15, 8, 30), security.GradeIV)
	waiting := mk(at(2022, 6, 15, 9, 0), time.Time{}, security.GradeIV)
	overdue := mk(at(2022, 6, 15, 9, 0), time.Time{}, security.GradeII)
	cases := []struct {
		ref            string
		reportIn       time.Duration
		onTime, isLate bool
		limit          time.Duration
	}{
		{onTime, 90 * time.Minute, true, false, 2 * time.Hour},
		{late, 150 * time.Minute, false, true, 2 * time.Hour},
		{waiting, 0, false, false, 2 * time.Hour},
		{overdue, 0, false, true, 30 * time.Minute},
	}
	for i, c := range cases {
		got := must(f.svc.Incident(f.ctx, center(), c.ref))(t)
		if got.ReportIn != c.reportIn || got.ReportedOnTime != c.onTime || got.Late != c.isLate || got.ReportLimit != c.limit {
			t.Errorf("case %d: %+v", i, got)
		}
	}
	must(f.svc.MoveIncident(f.ctx, center(), onTime, security.IncidentStep{To: security.IncidentResolved}))(t)
	got := must(f.svc.Incident(f.ctx, center(), onTime))(t)
	if got.ResolveIn != 2*time.Hour || got.ContainIn != 0 {
		t.Fatalf("resolved in %v, contained in %v", got.ResolveIn, got.ContainIn)
	}
	page := must(f.svc.Incidents(f.ctx, center(), security.IncidentListInput{Grade: security.GradeIV, Year: 2022}))(t)
	if len(page.Items) != 3 {
		t.Fatalf("grade IV lists %d", len(page.Items))
	}
	page = must(f.svc.Incidents(f.ctx, center(), security.IncidentListInput{Status: security.IncidentResolved}))(t)
	if len(page.Items) != 1 {
		t.Fatalf("resolved lists %d", len(page.Items))
	}
}

func TestIncident_Permissions(t *testing.T) {
	f := newFix(t)
	own := must(f.svc.ReportIncident(f.ctx, dept(), incidentInput()))(t)
	in := incidentInput()
	in.Department = "WJJ"
	other := must(f.svc.ReportIncident(f.ctx, center(), in))(t)
	must(f.svc.Incident(f.ctx, dept(), own.ID.String()))(t)
	_, err := f.svc.Incident(f.ctx, dept(), other.ID.String())
	wantErr(t, err, govops.ENOTFOUND)
	_, err = f.svc.IncidentTrail(f.ctx, dept(), other.ID.String())
	wantErr(t, err, govops.ENOTFOUND)
	page := must(f.svc.Incidents(f.ctx, dept(), security.IncidentListInput{}))(t)
	if len(page.Items) != 1 || page.Items[0].Incident.ID != own.ID {
		t.Fatalf("a department lists %+v", page.Items)
	}
	_, err = f.svc.Incidents(f.ctx, dept(), security.IncidentListInput{Department: "WJJ"})
	wantErr(t, err, govops.EFORBIDDEN, "department")
	page = must(f.svc.Incidents(f.ctx, viewer(), security.IncidentListInput{}))(t)
	if len(page.Items) != 2 {
		t.Fatalf("a reader lists %d", len(page.Items))
	}
	_, err = f.svc.Incidents(f.ctx, center(), security.IncidentListInput{Grade: "V", Status: "x", Year: 1999})
	wantErr(t, err, govops.EINVALID, "grade", "status", "year")
}
