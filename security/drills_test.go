package security_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func drillInput(pl *security.Plan) security.DrillInput {
	return security.DrillInput{Plan: pl.ID.String(), Date: date(2022, 5, 20), Type: security.DrillTabletop, Scenario: "勒索病毒感染办公终端",
		Participants: []string{"网络中心"},
		Findings: []security.Observation{
			assetFinding("SW-CORE-01", "QZFJ", security.FindingWeakPassword, security.SeverityHigh),
			{Detail: "通知到位用时 40 分钟，超过预案要求"},
		},
		Actions: []security.ActionInput{{Title: "修改交换机口令策略", Owner: "陈明", Due: date(2022, 6, 1)}}}
}

func TestRecordDrill(t *testing.T) {
	f := newFix(t)
	pl := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	d := must(f.svc.RecordDrill(f.ctx, center(), drillInput(pl)))(t)
	if d.Plan != pl.ID || d.Version != 1 || len(d.Findings) != 2 || d.Findings[1].Seq != 2 || d.Actions[0].Seq != 1 || d.Actions[0].Status != security.ActionOpen {
		t.Fatalf("drill: %+v", d)
	}
	got := must(f.svc.Drill(f.ctx, center(), d.ID.String()))(t)
	if got.Scenario != d.Scenario || !got.Date.Equal(date(2022, 5, 20)) {
		t.Fatalf("read back: %+v", got)
	}
	// a superseded plan is still drilled; a draft is not
	r2 := f.approvedPlan(t, "network", 2022, date(2022, 2, 1))
	_ = r2
	must(f.svc.RecordDrill(f.ctx, center(), drillInput(pl)))(t)
	draft := must(f.svc.DraftPlan(f.ctx, center(), planInput("network", 2023)))(t)
	_, err := f.svc.RecordDrill(f.ctx, center(), drillInput(draft))
	wantErr(t, err, govops.EINVALID, "plan")
	in := drillInput(pl)
	in.Plan = "0190a0b4-7f3e-7000-8000-000000000001"
	_, err = f.svc.RecordDrill(f.ctx, center(), in)
	wantErr(t, err, govops.ENOTFOUND, "plan")
	in.Plan = "2022-01"
	_, err = f.svc.RecordDrill(f.ctx, center(), in)
	wantErr(t, err, govops.ENOTFOUND)
}

func TestRecordDrill_BadInput(t *testing.T) {
	f := newFix(t)
	pl := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	cases := []struct {
		name  string
		edit  func(*security.DrillInput)
		field string
	}{
		{"no plan", func(in *security.DrillInput) { in.Plan = "" }, "plan"},
		{"no date", func(in *security.DrillInput) { in.Date = time.Time{} }, "date"},
		{"future date", func(in *security.DrillInput) { in.Date = date(2022, 6, 16) }, "date"},
		{"date out of range", func(in *security.DrillInput) { in.Date = date(1800, 1, 1) }, "date"},
		{"no type", func(in *security.DrillInput) { in.Type = "" }, "type"},
		{"bad type", func(in *security.DrillInput) { in.Type = "drill" }, "type"},
		{"no scenario", func(in *security.DrillInput) { in.Scenario = "" }, "scenario"},
		{"blank participant", func(in *security.DrillInput) { in.Participants = []string{"a", " "} }, "participants[1]"},
		{"asset without kind", func(in *security.DrillInput) { in.Findings[0].Kind = "" }, "findings[0].kind"},
		{"asset with bad kind", func(in *security.DrillInput) { in.Findings[0].Kind = "weak" }, "findings[0].kind"},
		{"asset without severity", func(in *security.DrillInput) { in.Findings[0].Severity = "" }, "findings[0].severity"},
		{"bad department", func(in *security.DrillInput) { in.Findings[0].Department = " QZFJ" }, "findings[0].department"},
		{"lesson without detail", func(in *security.DrillInput) { in.Findings[1].Detail = "" }, "findings[1].detail"},
		{"lesson with kind", func(in *security.DrillInput) { in.Findings[1].Kind = security.FindingUnpatched }, "findings[1].kind"},
		{"action without title", func(in *security.DrillInput) { in.Actions[0].Title = "" }, "actions[0].title"},
		{"action without due", func(in *security.DrillInput) { in.Actions[0].Due = time.Time{} }, "actions[0].due"},
		{"action bad department", func(in *security.DrillInput) { in.Actions[0].Department = "a\nb" }, "actions[0].department"},
		{"version on a new drill", func(in *security.DrillInput) { in.IfVersion = 2 }, "if_version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := drillInput(pl)
			c.edit(&in)
			_, err := f.svc.RecordDrill(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	_, err := f.svc.RecordDrill(f.ctx, center(), security.DrillInput{Findings: []security.Observation{{Asset: "x"}}, Actions: []security.ActionInput{{}}})
	wantErr(t, err, govops.EINVALID, "plan", "date", "type", "scenario", "findings[0].kind", "findings[0].severity", "actions[0].title", "actions[0].due")
}

func TestDrill_Permissions(t *testing.T) {
	f := newFix(t)
	pl := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	d := f.drill(t, pl, date(2022, 5, 20), nil, security.ActionInput{Title: "整改", Owner: "陈明", Due: date(2022, 7, 1)})
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err := f.svc.RecordDrill(f.ctx, by, drillInput(pl))
		wantErr(t, err, govops.EFORBIDDEN)
		_, err = f.svc.UpdateDrill(f.ctx, by, d.ID.String(), security.DrillInput{})
		wantErr(t, err, govops.EFORBIDDEN)
		_, err = f.svc.AddAction(f.ctx, by, d.ID.String(), security.ActionInput{})
		wantErr(t, err, govops.EFORBIDDEN)
		_, err = f.svc.UpdateAction(f.ctx, by, d.ID.String(), 1, security.ActionUpdate{})
		wantErr(t, err, govops.EFORBIDDEN)
	}
	for _, call := range []func(govops.Actor) error{
		func(by govops.Actor) error { _, err := f.svc.Drill(f.ctx, by, d.ID.String()); return err },
		func(by govops.Actor) error { _, err := f.svc.Drills(f.ctx, by, security.DrillListInput{}); return err },
		func(by govops.Actor) error { _, err := f.svc.DrillTrail(f.ctx, by, d.ID.String()); return err },
		func(by govops.Actor) error { _, err := f.svc.OverdueActions(f.ctx, by); return err },
		func(by govops.Actor) error { _, err := f.svc.Compliance(f.ctx, by, time.Time{}); return err },
	} {
		wantErr(t, call(dept()), govops.EFORBIDDEN)
		if err := call(viewer()); err != nil {
			t.Fatalf("a read-only reader: %v", err)
		}
	}
	got := must(f.svc.Drill(f.ctx, viewer(), d.ID.String()))(t)
	if got.Actions[0].Owner == "陈明" {
		t.Fatal("a read-only reader sees the owner's name")
	}
	page := must(f.svc.Drills(f.ctx, viewer(), security.DrillListInput{Plan: pl.ID.String(), Year: 2022}))(t)
	if len(page.Items) != 1 {
		t.Fatalf("listed %d drills", len(page.Items))
	}
	page = must(f.svc.Drills(f.ctx, center(), security.DrillListInput{Year: 2021}))(t)
	if len(page.Items) != 0 {
		t.Fatalf("2021 lists %d drills", len(page.Items))
	}
}

func TestDrill_Actions(t *testing.T) {
	f := newFix(t)
	pl := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	d := f.drill(t, pl, date(2022, 5, 20), nil, security.ActionInput{Title: "整改一", Due: date(2022, 6, 1)})
	d = must(f.svc.AddAction(f.ctx, center(), d.ID.String(), security.ActionInput{Title: "整改二", Department: "QZFJ", Due: date(2022, 7, 1), IfVersion: 1}))(t)
	if len(d.Actions) != 2 || d.Actions[1].Seq != 2 || d.Version != 2 {
		t.Fatalf("added: %+v", d.Actions)
	}
	_, err := f.svc.AddAction(f.ctx, center(), d.ID.String(), security.ActionInput{Title: "x", Due: date(2022, 7, 1), IfVersion: 1})
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.AddAction(f.ctx, center(), d.ID.String(), security.ActionInput{})
	wantErr(t, err, govops.EINVALID, "title", "due")

	d = must(f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionDone}))(t)
	if a := d.Actions[0]; a.Status != security.ActionDone || !a.DoneOn.Equal(date(2022, 6, 15)) {
		t.Fatalf("done: %+v", a)
	}
	_, err = f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionCancelled})
	wantErr(t, err, govops.ECONFLICT, "status")
	_, err = f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionDone})
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionOpen})
	wantErr(t, err, govops.EINVALID, "note")
	d = must(f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: security.ActionOpen, Note: "复查未完成"}))(t)
	if a := d.Actions[0]; a.Status != security.ActionOpen || !a.DoneOn.IsZero() {
		t.Fatalf("reopened: %+v", a)
	}
	_, err = f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 2, security.ActionUpdate{Status: security.ActionOpen})
	wantErr(t, err, govops.ECONFLICT)
	d = must(f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 2, security.ActionUpdate{Status: security.ActionOpen, Due: date(2022, 8, 1)}))(t)
	if !d.Actions[1].Due.Equal(date(2022, 8, 1)) {
		t.Fatalf("rescheduled: %+v", d.Actions[1])
	}
	d = must(f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 2, security.ActionUpdate{Status: security.ActionCancelled, On: date(2022, 6, 10)}))(t)
	if !d.Actions[1].DoneOn.Equal(date(2022, 6, 10)) {
		t.Fatalf("cancelled on: %+v", d.Actions[1])
	}
	_, err = f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 9, security.ActionUpdate{Status: security.ActionDone})
	wantErr(t, err, govops.ENOTFOUND)
	_, err = f.svc.UpdateAction(f.ctx, center(), d.ID.String(), 1, security.ActionUpdate{Status: "finished", On: date(2022, 7, 1)})
	wantErr(t, err, govops.EINVALID, "status", "on")
	evs := must(f.svc.DrillTrail(f.ctx, center(), d.ID.String()))(t)
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
	}
	if last := evs[len(evs)-1]; last.Type != security.EventActionUpdated || last.From != "open" || last.To != "cancelled" || last.Seq != d.Version {
		t.Fatalf("last event: %+v", last)
	}
}

func TestOverdueActions(t *testing.T) {
	f := newFix(t)
	pl := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	d1 := f.drill(t, pl, date(2022, 3, 1), nil,
		security.ActionInput{Title: "a", Due: date(2022, 6, 1)},
		security.ActionInput{Title: "b", Due: date(2022, 6, 15)}, // due today: not overdue
		security.ActionInput{Title: "c", Due: date(2022, 4, 1)})
	d2 := f.drill(t, pl, date(2022, 5, 1), nil,
		security.ActionInput{Title: "d", Due: date(2022, 6, 14)},
		security.ActionInput{Title: "e", Due: date(2022, 1, 1)})
	must(f.svc.UpdateAction(f.ctx, center(), d2.ID.String(), 2, security.ActionUpdate{Status: security.ActionDone}))(t)
	got := must(f.svc.OverdueActions(f.ctx, center()))(t)
	want := []struct {
		title string
		days  int
		drill string
	}{{"c", 75, d1.ID.String()}, {"a", 14, d1.ID.String()}, {"d", 1, d2.ID.String()}}
	if len(got) != len(want) {
		t.Fatalf("got %d overdue: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i].Action.Title != w.title || got[i].DaysOverdue != w.days || got[i].Drill.String() != w.drill || got[i].Plan != pl.ID {
			t.Errorf("overdue[%d] = %s %d days, want %s %d", i, got[i].Action.Title, got[i].DaysOverdue, w.title, w.days)
		}
	}
	// late in the evening in Shanghai is still the same day
	f.clock.Set(at(2022, 6, 15, 23, 59))
	if n := len(must(f.svc.OverdueActions(f.ctx, center()))(t)); n != 3 {
		t.Fatalf("at 23:59: %d overdue", n)
	}
}

func TestUpdateDrill(t *testing.T) {
	f := newFix(t)
	pl := f.approvedPlan(t, "network", 2022, date(2022, 1, 10))
	d := must(f.svc.RecordDrill(f.ctx, center(), drillInput(pl)))(t)
	in := drillInput(pl)
	in.Actions, in.Scenario, in.IfVersion = nil, "核心路由中断", 1
	d = must(f.svc.UpdateDrill(f.ctx, center(), d.ID.String(), in))(t)
	if d.Scenario != "核心路由中断" || len(d.Actions) != 1 || d.Version != 2 {
		t.Fatalf("updated: %+v", d)
	}
	_, err := f.svc.UpdateDrill(f.ctx, center(), d.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT)
	in.IfVersion = 0
	in.Actions = []security.ActionInput{{Title: "x", Due: date(2022, 7, 1)}}
	_, err = f.svc.UpdateDrill(f.ctx, center(), d.ID.String(), in)
	wantErr(t, err, govops.EINVALID, "actions")
	in.Actions = nil
	other := f.approvedPlan(t, "power", 2022, date(2022, 1, 10))
	in.Plan = other.ID.String()
	_, err = f.svc.UpdateDrill(f.ctx, center(), d.ID.String(), in)
	wantErr(t, err, govops.EINVALID, "plan")
	in.Plan = ""

	// a raised finding stays
	raised := must(f.svc.RaiseFindings(f.ctx, center(), security.SourceDrill, d.ID.String()))(t)
	if len(raised) != 1 || !raised[0].FoundOn.Equal(date(2022, 5, 20)) || raised[0].Source.Seq != 1 {
		t.Fatalf("raised: %+v", raised)
	}
	in.Findings = in.Findings[1:]
	_, err = f.svc.UpdateDrill(f.ctx, center(), d.ID.String(), in)
	wantErr(t, err, govops.ECONFLICT, "findings[0]")
	in = drillInput(pl)
	in.Actions = nil
	in.Findings[1].Detail = "改写的教训"
	must(f.svc.UpdateDrill(f.ctx, center(), d.ID.String(), in))(t)
}
