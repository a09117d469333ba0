package netops_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// opsPlanInput is a good monthly plan of the building's machine room,
// started on 2022-03-01 09:00.
func opsPlanInput() netops.PlanInput {
	return netops.PlanInput{
		Name:      "三楼机房月度巡检",
		Target:    netops.Target{Kind: netops.TargetRoom, Site: "XZDL", Room: "3F-JF"},
		Frequency: netops.Monthly,
		Checklist: []string{"温湿度", "UPS 状态", "消防设施"},
		Assignee:  "张工",
		StartOn:   opsAt(2022, 3, 1, 9, 0),
	}
}

func (f *opsFixture) opsPlan(tb testing.TB, in netops.PlanInput) *netops.Plan {
	tb.Helper()
	p, err := f.svc.CreatePlan(f.ctx, opsCenter(), in)
	if err != nil {
		tb.Fatalf("CreatePlan: %v", err)
	}
	return p
}

// opsAllOK answers every item of checklist OK.
func opsAllOK(checklist []string) []netops.CheckResult {
	out := make([]netops.CheckResult, len(checklist))
	for i, it := range checklist {
		out[i] = netops.CheckResult{Item: it, OK: true}
	}
	return out
}

func TestFrequency_Next(t *testing.T) {
	for _, tc := range []struct {
		f        netops.Frequency
		from, to time.Time
	}{
		{netops.Daily, opsAt(2022, 2, 28, 9, 0), opsAt(2022, 3, 1, 9, 0)},
		{netops.Weekly, opsAt(2022, 12, 29, 23, 30), opsAt(2023, 1, 5, 23, 30)},
		{netops.Monthly, opsAt(2022, 1, 31, 9, 0), opsAt(2022, 2, 28, 9, 0)},
		{netops.Monthly, opsAt(2024, 1, 31, 9, 0), opsAt(2024, 2, 29, 9, 0)},
		{netops.Monthly, opsAt(2022, 3, 1, 7, 0), opsAt(2022, 4, 1, 7, 0)}, // still February 28 in UTC
		{netops.Quarterly, opsAt(2022, 11, 30, 9, 0), opsAt(2023, 2, 28, 9, 0)},
		{netops.Yearly, opsAt(2024, 2, 29, 9, 0), opsAt(2025, 2, 28, 9, 0)},
	} {
		if got := tc.f.Next(tc.from); !got.Equal(tc.to) {
			t.Errorf("%s after %v: %v, want %v", tc.f, tc.from, got.In(sh), tc.to)
		}
	}
}

func TestService_CreatePlan(t *testing.T) {
	f := newOps(t)
	t.Run("OK", func(t *testing.T) {
		p := f.opsPlan(t, opsPlanInput())
		if p.Status != netops.PlanActive || p.Version != 1 || !p.NextDue.Equal(opsAt(2022, 3, 1, 9, 0)) || !p.LastDone.IsZero() {
			t.Fatalf("%+v", p)
		}
		got, err := f.svc.Plan(f.ctx, opsViewer(), p.ID.String())
		if err != nil || got.Name != p.Name || len(got.Checklist) != 3 {
			t.Fatalf("%+v %v", got, err)
		}
		trail, err := f.svc.PlanTrail(f.ctx, opsCenter(), p.ID.String())
		if err != nil || len(trail) != 1 || trail[0].Type != netops.EventPlanCreated {
			t.Fatalf("%+v %v", trail, err)
		}
	})
	t.Run("StartOnNowUnlessSet", func(t *testing.T) {
		in := opsPlanInput()
		in.StartOn, in.Status = time.Time{}, netops.PlanPaused
		p := f.opsPlan(t, in)
		if !p.StartOn.Equal(opsNow()) || !p.NextDue.Equal(opsNow()) || p.Status != netops.PlanPaused {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("DeviceTarget", func(t *testing.T) {
		d := f.opsDevice(t, opsDeviceInput("ZC-2019-001"))
		in := opsPlanInput()
		in.Target = netops.Target{Kind: netops.TargetDevice, Device: d.AssetTag}
		p := f.opsPlan(t, in)
		if p.Target != (netops.Target{Kind: netops.TargetDevice, Site: "XZDL", Room: "3F-JF", Device: "ZC-2019-001"}) {
			t.Fatalf("target %+v", p.Target)
		}
		in.Target.Site = "XHL"
		_, err := f.svc.CreatePlan(f.ctx, opsCenter(), in)
		opsField(t, err, govops.EINVALID, "target.site", "stands at site XZDL")
		in.Target = netops.Target{Kind: netops.TargetDevice, Device: "ZC-NONE"}
		_, err = f.svc.CreatePlan(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.ENOTFOUND)
		opsFields(t, err, "target.device")
		if _, err := f.svc.RetireDevice(f.ctx, opsCenter(), d.AssetTag, netops.DeviceRetire{Note: "报废"}); err != nil {
			t.Fatal(err)
		}
		in.Target = netops.Target{Kind: netops.TargetDevice, Device: d.AssetTag}
		_, err = f.svc.CreatePlan(f.ctx, opsCenter(), in)
		opsField(t, err, govops.EINVALID, "target.device", "retired")
	})
	t.Run("UnknownSite", func(t *testing.T) {
		in := opsPlanInput()
		in.Target.Site = "NOPE"
		_, err := f.svc.CreatePlan(f.ctx, opsCenter(), in)
		opsCode(t, err, govops.ENOTFOUND)
		opsFields(t, err, "target.site")
	})
	t.Run("RoomNotOfSite", func(t *testing.T) {
		in := opsPlanInput()
		in.Target.Site = "XHL"
		_, err := f.svc.CreatePlan(f.ctx, opsCenter(), in)
		opsField(t, err, govops.EINVALID, "target.room", "site XHL has no room 3F-JF")
	})
	for _, tc := range []struct {
		name   string
		change func(in *netops.PlanInput)
		fields []string
	}{
		{"NameRequired", func(in *netops.PlanInput) { in.Name = " " }, []string{"name"}},
		{"TargetKindRequired", func(in *netops.PlanInput) { in.Target.Kind = "" }, []string{"target.kind"}},
		{"TargetKindUnknown", func(in *netops.PlanInput) { in.Target.Kind = "rack" }, []string{"target.kind"}},
		{"RoomTargetNeedsSiteAndRoom", func(in *netops.PlanInput) { in.Target.Site, in.Target.Room = "", "" }, []string{"target.site", "target.room"}},
		{"RoomTargetNamesNoDevice", func(in *netops.PlanInput) { in.Target.Device = "ZC-1" }, []string{"target.device"}},
		{"DeviceTargetNeedsDevice", func(in *netops.PlanInput) { in.Target = netops.Target{Kind: netops.TargetDevice} }, []string{"target.device"}},
		{"FrequencyRequired", func(in *netops.PlanInput) { in.Frequency = "" }, []string{"frequency"}},
		{"FrequencyUnknown", func(in *netops.PlanInput) { in.Frequency = "hourly" }, []string{"frequency"}},
		{"ChecklistRequired", func(in *netops.PlanInput) { in.Checklist = nil }, []string{"checklist"}},
		{"ChecklistTooLong", func(in *netops.PlanInput) {
			in.Checklist = nil
			for i := range netops.MaxChecklist + 1 {
				in.Checklist = append(in.Checklist, fmt.Sprint("项", i))
			}
		}, []string{"checklist"}},
		{"ChecklistBlankItem", func(in *netops.PlanInput) { in.Checklist[1] = " " }, []string{"checklist[1]"}},
		{"ChecklistDuplicate", func(in *netops.PlanInput) { in.Checklist[2] = " 温湿度" }, []string{"checklist[2]"}},
		{"ChecklistItemTooLong", func(in *netops.PlanInput) { in.Checklist[0] = strings.Repeat("温", netops.MaxNameLen+1) }, []string{"checklist[0]"}},
		{"AssigneeTooLong", func(in *netops.PlanInput) { in.Assignee = strings.Repeat("张", netops.MaxNameLen+1) }, []string{"assignee"}},
		{"StartOnOutOfRange", func(in *netops.PlanInput) { in.StartOn = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"start_on"}},
		{"StatusUnknown", func(in *netops.PlanInput) { in.Status = "done" }, []string{"status"}},
		{"NoteTooLong", func(in *netops.PlanInput) { in.Note = strings.Repeat("x", netops.MaxNoteLen+1) }, []string{"note"}},
		{"IfVersionOnCreate", func(in *netops.PlanInput) { in.IfVersion = 1 }, []string{"if_version"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := opsPlanInput()
			tc.change(&in)
			_, err := f.svc.CreatePlan(f.ctx, opsCenter(), in)
			opsCode(t, err, govops.EINVALID)
			opsFields(t, err, tc.fields...)
		})
	}
}

func TestService_RecordInspection(t *testing.T) {
	f := newOps(t)
	p := f.opsPlan(t, opsPlanInput())
	ref := p.ID.String()
	t.Run("Passed", func(t *testing.T) {
		at := opsAt(2022, 3, 2, 9, 30)
		// Given out of order, stored in the checklist's order.
		res := []netops.CheckResult{{Item: "消防设施", OK: true}, {Item: "温湿度", OK: true, Note: "23℃ 45%"}, {Item: "UPS 状态", OK: true}}
		r, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{At: at, Results: res, IfVersion: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Passed || r.Inspector != opsCenter().Name || !r.At.Equal(at) || r.Results[0].Item != "温湿度" || r.Results[0].Note != "23℃ 45%" || r.Target != p.Target {
			t.Fatalf("%+v", r)
		}
		got, _ := f.svc.Plan(f.ctx, opsCenter(), ref)
		if !got.LastDone.Equal(at) || !got.NextDue.Equal(opsAt(2022, 4, 2, 9, 30)) || got.Version != 2 {
			t.Fatalf("last %v next %v version %d", got.LastDone, got.NextDue, got.Version)
		}
		trail, _ := f.svc.PlanTrail(f.ctx, opsCenter(), ref)
		if len(trail) != 2 || trail[1].Type != netops.EventInspectionRecorded || trail[1].Seq != 2 {
			t.Fatalf("trail %+v", trail)
		}
	})
	t.Run("NotPassedNeedsFindings", func(t *testing.T) {
		res := opsAllOK(p.Checklist)
		res[1].OK = false
		_, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{Results: res, Inspector: "李工"})
		opsFields(t, err, "findings")
		r, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{Results: res, Inspector: "李工", Findings: "UPS 电池告警，已报修"})
		if err != nil || r.Passed || r.Inspector != "李工" {
			t.Fatalf("%+v %v", r, err)
		}
		got, _ := f.svc.Plan(f.ctx, opsCenter(), ref)
		if !got.LastDone.Equal(opsNow()) || !got.NextDue.Equal(opsAt(2022, 4, 14, 10, 0)) {
			t.Fatalf("last %v next %v", got.LastDone, got.NextDue)
		}
	})
	t.Run("RecordedLateDoesNotMoveBack", func(t *testing.T) {
		if _, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{At: opsAt(2022, 3, 5, 9, 0), Results: opsAllOK(p.Checklist)}); err != nil {
			t.Fatal(err)
		}
		got, _ := f.svc.Plan(f.ctx, opsCenter(), ref)
		if !got.LastDone.Equal(opsNow()) || !got.NextDue.Equal(opsAt(2022, 4, 14, 10, 0)) {
			t.Fatalf("last %v next %v", got.LastDone, got.NextDue)
		}
		page, err := f.svc.Records(f.ctx, opsViewer(), netops.RecordListInput{Plan: ref})
		if err != nil || len(page.Items) != 3 {
			t.Fatalf("%d records, %v", len(page.Items), err)
		}
		page, _ = f.svc.Records(f.ctx, opsViewer(), netops.RecordListInput{From: opsAt(2022, 3, 3, 0, 0), To: opsAt(2022, 3, 6, 0, 0)})
		if len(page.Items) != 1 {
			t.Fatalf("%d records from 3 to 6 March", len(page.Items))
		}
	})
	t.Run("Results", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			results []netops.CheckResult
			fields  []string
		}{
			{"Missing", []netops.CheckResult{{Item: "温湿度", OK: true}}, []string{"results"}},
			{"Unknown", append(opsAllOK(p.Checklist), netops.CheckResult{Item: "门禁", OK: true}), []string{"results[3].item"}},
			{"Duplicate", append(opsAllOK(p.Checklist), netops.CheckResult{Item: "UPS 状态", OK: false}), []string{"results[3].item"}},
			{"Blank", append(opsAllOK(p.Checklist), netops.CheckResult{}), []string{"results[3].item"}},
			{"UnknownAndMissing", []netops.CheckResult{{Item: "温湿度"}, {Item: "门禁"}}, []string{"results[1].item", "results", "findings"}},
			{"None", nil, []string{"results"}},
			{"NoteTooLong", []netops.CheckResult{{Item: "温湿度", OK: true, Note: strings.Repeat("x", netops.MaxNoteLen+1)}, {Item: "UPS 状态", OK: true}, {Item: "消防设施", OK: true}}, []string{"results[0].note"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{Results: tc.results})
				opsCode(t, err, govops.EINVALID)
				opsFields(t, err, tc.fields...)
			})
		}
	})
	t.Run("AtInFuture", func(t *testing.T) {
		_, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{At: opsNow().Add(time.Minute), Results: opsAllOK(p.Checklist)})
		opsField(t, err, govops.EINVALID, "at", "future")
	})
	t.Run("StaleVersion", func(t *testing.T) {
		_, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{IfVersion: 1, Results: opsAllOK(p.Checklist)})
		opsCode(t, err, govops.ECONFLICT)
	})
	t.Run("PausedPlan", func(t *testing.T) {
		in := opsPlanInput()
		in.Status = netops.PlanPaused
		paused, err := f.svc.UpdatePlan(f.ctx, opsCenter(), ref, in)
		if err != nil || paused.Status != netops.PlanPaused {
			t.Fatalf("%+v %v", paused, err)
		}
		_, err = f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{Results: opsAllOK(p.Checklist)})
		opsField(t, err, govops.ECONFLICT, "status", "paused")
		in.Status = netops.PlanActive
		if _, err := f.svc.UpdatePlan(f.ctx, opsCenter(), ref, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordInspection(f.ctx, opsCenter(), ref, netops.RecordInput{Results: opsAllOK(p.Checklist)}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("NeverBeforeStartOn", func(t *testing.T) {
		in := opsPlanInput()
		in.Frequency, in.StartOn = netops.Weekly, opsAt(2022, 4, 1, 9, 0)
		q := f.opsPlan(t, in)
		if _, err := f.svc.RecordInspection(f.ctx, opsCenter(), q.ID.String(), netops.RecordInput{Results: opsAllOK(q.Checklist)}); err != nil {
			t.Fatal(err)
		}
		got, _ := f.svc.Plan(f.ctx, opsCenter(), q.ID.String())
		if !got.NextDue.Equal(in.StartOn) {
			t.Fatalf("next due %v, want the start %v", got.NextDue, in.StartOn)
		}
	})
}

func TestService_UpdatePlan(t *testing.T) {
	f := newOps(t)
	p := f.opsPlan(t, opsPlanInput())
	at := opsAt(2022, 3, 10, 9, 0)
	if _, err := f.svc.RecordInspection(f.ctx, opsCenter(), p.ID.String(), netops.RecordInput{At: at, Results: opsAllOK(p.Checklist)}); err != nil {
		t.Fatal(err)
	}
	in := opsPlanInput()
	in.Frequency, in.StartOn, in.IfVersion = netops.Weekly, time.Time{}, 2
	got, err := f.svc.UpdatePlan(f.ctx, opsCenter(), p.ID.String(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !got.NextDue.Equal(opsAt(2022, 3, 17, 9, 0)) || !got.StartOn.Equal(p.StartOn) || got.Version != 3 || !got.LastDone.Equal(at) {
		t.Fatalf("%+v", got)
	}
	_, err = f.svc.UpdatePlan(f.ctx, opsCenter(), p.ID.String(), in)
	opsCode(t, err, govops.ECONFLICT)
	_, err = f.svc.UpdatePlan(f.ctx, opsCenter(), p.ID.String(), netops.PlanInput{IfVersion: -1})
	opsFields(t, err, "if_version")
	in.IfVersion, in.Checklist = 0, nil
	_, err = f.svc.UpdatePlan(f.ctx, opsCenter(), p.ID.String(), in)
	opsFields(t, err, "checklist")
	_, err = f.svc.UpdatePlan(f.ctx, opsCenter(), opsV7(t).String(), opsPlanInput())
	opsCode(t, err, govops.ENOTFOUND)
}

func TestService_OverdueInspections(t *testing.T) {
	f := newOps(t)
	mk := func(name string, start time.Time, status netops.PlanStatus) *netops.Plan {
		in := opsPlanInput()
		in.Name, in.StartOn, in.Status = name, start, status
		return f.opsPlan(t, in)
	}
	a := mk("十天前", opsNow().Add(-10*24*time.Hour-time.Hour), netops.PlanActive)
	b := mk("一天前", opsNow().Add(-25*time.Hour), netops.PlanActive)
	c := mk("一小时前", opsNow().Add(-time.Hour), netops.PlanActive)
	mk("暂停", opsNow().Add(-30*24*time.Hour), netops.PlanPaused)
	mk("未到期", opsNow().Add(time.Hour), netops.PlanActive)
	d := mk("已巡检", opsNow().Add(-40*24*time.Hour), netops.PlanActive)
	if _, err := f.svc.RecordInspection(f.ctx, opsCenter(), d.ID.String(), netops.RecordInput{Results: opsAllOK(d.Checklist)}); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.OverdueInspections(f.ctx, opsViewer())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		days int
	}{{a.Name, 10}, {b.Name, 1}, {c.Name, 0}}
	if len(got) != len(want) {
		t.Fatalf("%d overdue, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Plan.Name != w.name || got[i].DaysOverdue != w.days {
			t.Errorf("%d: %s %d days, want %s %d", i, got[i].Plan.Name, got[i].DaysOverdue, w.name, w.days)
		}
	}
}

func TestService_Inspections_Permissions(t *testing.T) {
	f := newOps(t)
	p := f.opsPlan(t, opsPlanInput())
	ref := p.ID.String()
	for _, by := range []govops.Actor{opsDept(), opsViewer(), opsDeptViewer()} {
		t.Run(opsActorName(by), func(t *testing.T) {
			_, err := f.svc.CreatePlan(f.ctx, by, opsPlanInput())
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.UpdatePlan(f.ctx, by, ref, opsPlanInput())
			opsCode(t, err, govops.EFORBIDDEN)
			_, err = f.svc.RecordInspection(f.ctx, by, ref, netops.RecordInput{Results: opsAllOK(p.Checklist)})
			opsCode(t, err, govops.EFORBIDDEN)
			want := ""
			if by.Department != "" {
				want = govops.EFORBIDDEN
			}
			_, err = f.svc.Plan(f.ctx, by, ref)
			opsCode(t, err, want)
			_, err = f.svc.Plans(f.ctx, by, netops.PlanListInput{})
			opsCode(t, err, want)
			_, err = f.svc.PlanTrail(f.ctx, by, ref)
			opsCode(t, err, want)
			_, err = f.svc.Records(f.ctx, by, netops.RecordListInput{})
			opsCode(t, err, want)
			_, err = f.svc.OverdueInspections(f.ctx, by)
			opsCode(t, err, want)
		})
	}
	_, err := f.svc.Plans(f.ctx, opsBadActor(), netops.PlanListInput{})
	opsFields(t, err, "actor")
}

func TestService_Plans(t *testing.T) {
	f := newOps(t)
	f.opsPlan(t, opsPlanInput())
	in := opsPlanInput()
	in.Target = netops.Target{Kind: netops.TargetRoom, Site: "XHL", Room: "JF"}
	in.Status = netops.PlanPaused
	f.opsPlan(t, in)
	d := f.opsDevice(t, opsDeviceInput("ZC-2019-009"))
	in = opsPlanInput()
	in.Target = netops.Target{Kind: netops.TargetDevice, Device: d.AssetTag}
	f.opsPlan(t, in)
	for _, tc := range []struct {
		in   netops.PlanListInput
		want int
	}{
		{netops.PlanListInput{}, 3},
		{netops.PlanListInput{Site: "XZDL"}, 2},
		{netops.PlanListInput{Status: netops.PlanPaused}, 1},
		{netops.PlanListInput{Site: "XHL", Status: netops.PlanActive}, 0},
	} {
		page, err := f.svc.Plans(f.ctx, opsCenter(), tc.in)
		if err != nil || len(page.Items) != tc.want {
			t.Errorf("%+v: %d plans, want %d (%v)", tc.in, len(page.Items), tc.want, err)
		}
	}
	page, err := f.svc.Plans(f.ctx, opsCenter(), netops.PlanListInput{Limit: 2})
	if err != nil || len(page.Items) != 2 || page.Next == "" {
		t.Fatalf("first page: %d, next %q, %v", len(page.Items), page.Next, err)
	}
	page, err = f.svc.Plans(f.ctx, opsCenter(), netops.PlanListInput{Limit: 2, Cursor: page.Next})
	if err != nil || len(page.Items) != 1 || page.Next != "" {
		t.Fatalf("second page: %d, next %q, %v", len(page.Items), page.Next, err)
	}
	_, err = f.svc.Plans(f.ctx, opsCenter(), netops.PlanListInput{Status: "x", Limit: -1})
	opsFields(t, err, "status", "limit")
}
