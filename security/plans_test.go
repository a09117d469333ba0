package security_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

func TestDraftPlan_RevisionsAndDefaults(t *testing.T) {
	f := newFix(t)
	in := planInput("network", 2021)
	in.Grades = in.Grades[:2] // a draft may be incomplete
	p1 := must(f.svc.DraftPlan(f.ctx, center(), in))(t)
	if p1.Revision != 1 || p1.Status != security.PlanDraft || p1.Version != 1 {
		t.Fatalf("first draft: %+v", p1)
	}
	if p1.Grades[0].Grade != security.GradeIII || p1.Grades[0].Response != "Ⅲ级响应" || p1.Grades[1].Response != "Ⅳ级响应" {
		t.Fatalf("grades not ordered or defaulted: %+v", p1.Grades)
	}
	p2 := must(f.svc.DraftPlan(f.ctx, center(), planInput("network", 2022)))(t)
	other := must(f.svc.DraftPlan(f.ctx, center(), planInput("power", 2022)))(t)
	if p2.Revision != 2 || other.Revision != 1 {
		t.Fatalf("revisions: network %d, power %d", p2.Revision, other.Revision)
	}
	evs := must(f.svc.PlanTrail(f.ctx, center(), p1.ID.String()))(t)
	if len(evs) != 1 || evs[0].Type != security.EventPlanDrafted || evs[0].Seq != 1 || evs[0].To != security.Status(security.PlanDraft) {
		t.Fatalf("trail: %+v", evs)
	}
}

func TestDraftPlan_ConcurrentRevisions(t *testing.T) {
	f := newFix(t)
	const n = 8
	var wg sync.WaitGroup
	revs := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := f.svc.DraftPlan(f.ctx, center(), planInput("network", 2022))
			if err == nil {
				revs[i] = p.Revision
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		seen[revs[i]] = true
	}
	for r := 1; r <= n; r++ {
		if !seen[r] {
			t.Fatalf("revision %d missing: %v", r, revs)
		}
	}
}

func TestDraftPlan_BadInput(t *testing.T) {
	f := newFix(t)
	cases := []struct {
		name  string
		edit  func(*security.PlanInput)
		field string
	}{
		{"no code", func(in *security.PlanInput) { in.Code = "" }, "code"},
		{"code with control", func(in *security.PlanInput) { in.Code = "a\tb" }, "code"},
		{"no year", func(in *security.PlanInput) { in.Year = 0 }, "year"},
		{"year too early", func(in *security.PlanInput) { in.Year = 1999 }, "year"},
		{"year too late", func(in *security.PlanInput) { in.Year = 2101 }, "year"},
		{"no title", func(in *security.PlanInput) { in.Title = " " }, "title"},
		{"long scope", func(in *security.PlanInput) { in.Scope = string(make([]rune, security.MaxNoteLen+1)) }, "scope"},
		{"bad grade", func(in *security.PlanInput) { in.Grades[2].Grade = "V" }, "grades[2].grade"},
		{"no grade", func(in *security.PlanInput) { in.Grades[1].Grade = "" }, "grades[1].grade"},
		{"grade twice", func(in *security.PlanInput) { in.Grades[3].Grade = security.GradeIV }, "grades[3].grade"},
		{"five grades", func(in *security.PlanInput) { in.Grades = append(in.Grades, in.Grades[0]) }, "grades"},
		{"control in measures", func(in *security.PlanInput) { in.Grades[0].Measures = "a\x00b" }, "grades[0].measures"},
		{"version on a new plan", func(in *security.PlanInput) { in.IfVersion = 3 }, "if_version"},
		{"credential in note", func(in *security.PlanInput) { in.Note = "默认口令：Admin@123" }, "note"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := planInput("network", 2022)
			c.edit(&in)
			_, err := f.svc.DraftPlan(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	// every field at once
	_, err := f.svc.DraftPlan(f.ctx, center(), security.PlanInput{Year: 1, Grades: []security.GradeResponse{{Grade: "X"}}})
	wantErr(t, err, govops.EINVALID, "code", "year", "title", "grades[0].grade")
}

func TestPlan_Permissions(t *testing.T) {
	f := newFix(t)
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err := f.svc.DraftPlan(f.ctx, by, planInput("network", 2022))
		wantErr(t, err, govops.EFORBIDDEN)
	}
	_, err := f.svc.DraftPlan(f.ctx, govops.Actor{}, planInput("network", 2022))
	wantErr(t, err, govops.EINVALID, "actor")
	pl := f.approvedPlan(t, "network", 2022, date(2022, 3, 1))
	draft := must(f.svc.DraftPlan(f.ctx, center(), planInput("network", 2023)))(t)
	for _, by := range []govops.Actor{dept(), viewer()} {
		_, err := f.svc.ApprovePlan(f.ctx, by, draft.ID.String(), security.PlanApproval{ApprovedBy: "区网信办"})
		wantErr(t, err, govops.EFORBIDDEN)
		_, err = f.svc.UpdatePlan(f.ctx, by, draft.ID.String(), planInput("network", 2023))
		wantErr(t, err, govops.EFORBIDDEN)
	}
	// everyone reads plans; a department and a reader get the names masked
	for _, by := range []govops.Actor{center(), dept(), otherDept(), viewer()} {
		got := must(f.svc.Plan(f.ctx, by, pl.ID.String()))(t)
		masked := got.ApprovedBy != "区网信办"
		if masked != !by.IsCenter() {
			t.Errorf("%s reads approved_by %q", by.Name, got.ApprovedBy)
		}
		page := must(f.svc.Plans(f.ctx, by, security.PlanListInput{Code: "network"}))(t)
		if len(page.Items) != 2 {
			t.Errorf("%s lists %d plans", by.Name, len(page.Items))
		}
		must(f.svc.PlanTrail(f.ctx, by, pl.ID.String()))(t)
	}
	_, err = f.svc.Plan(f.ctx, center(), "2022-001")
	wantErr(t, err, govops.ENOTFOUND)
	_, err = f.svc.Plan(f.ctx, center(), "not a ref!")
	wantErr(t, err, govops.EINVALID, "ref")
}

func TestApprovePlan_Supersedes(t *testing.T) {
	f := newFix(t)
	in := planInput("network", 2021)
	in.Grades = in.Grades[:3]
	r1 := must(f.svc.DraftPlan(f.ctx, center(), in))(t)
	_, err := f.svc.ApprovePlan(f.ctx, center(), r1.ID.String(), security.PlanApproval{ApprovedBy: "区网信办"})
	wantErr(t, err, govops.EINVALID, "grades")
	in.Grades = fullGrades()
	in.IfVersion = 1
	r1 = must(f.svc.UpdatePlan(f.ctx, center(), r1.ID.String(), in))(t)
	r1 = must(f.svc.ApprovePlan(f.ctx, center(), r1.ID.String(), security.PlanApproval{ApprovedBy: "区网信办", On: date(2021, 3, 1), IfVersion: 2}))(t)
	if r1.Status != security.PlanApproved || !r1.ApprovedOn.Equal(date(2021, 3, 1)) || r1.Version != 3 {
		t.Fatalf("approved: %+v", r1)
	}
	_, err = f.svc.ApprovePlan(f.ctx, center(), r1.ID.String(), security.PlanApproval{ApprovedBy: "区网信办"})
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.UpdatePlan(f.ctx, center(), r1.ID.String(), planInput("network", 2021))
	wantErr(t, err, govops.ECONFLICT, "status")

	r2 := must(f.svc.DraftPlan(f.ctx, center(), planInput("network", 2022)))(t)
	r2 = must(f.svc.ApprovePlan(f.ctx, center(), r2.ID.String(), security.PlanApproval{ApprovedBy: "区网信办"}))(t)
	if !r2.ApprovedOn.Equal(date(2022, 6, 15)) {
		t.Fatalf("approved on %v, want today", r2.ApprovedOn)
	}
	old := must(f.svc.Plan(f.ctx, center(), r1.ID.String()))(t)
	if old.Status != security.PlanSuperseded || old.SupersededBy != r2.ID || old.Version != 4 {
		t.Fatalf("old revision: %+v", old)
	}
	evs := must(f.svc.PlanTrail(f.ctx, center(), r1.ID.String()))(t)
	last := evs[len(evs)-1]
	if last.Type != security.EventPlanSuperseded || last.Seq != 4 || last.From != "approved" || last.To != "superseded" {
		t.Fatalf("superseded event: %+v", last)
	}

	// an older draft does not replace the approved revision
	r3 := must(f.svc.DraftPlan(f.ctx, center(), planInput("network", 2023)))(t)
	r4 := must(f.svc.DraftPlan(f.ctx, center(), planInput("network", 2023)))(t)
	must(f.svc.ApprovePlan(f.ctx, center(), r4.ID.String(), security.PlanApproval{ApprovedBy: "区网信办"}))(t)
	_, err = f.svc.ApprovePlan(f.ctx, center(), r3.ID.String(), security.PlanApproval{ApprovedBy: "区网信办"})
	wantErr(t, err, govops.ECONFLICT)
	approved := must(f.svc.Plans(f.ctx, center(), security.PlanListInput{Code: "network", Status: security.PlanApproved}))(t)
	if len(approved.Items) != 1 || approved.Items[0].ID != r4.ID {
		t.Fatalf("approved revisions: %+v", approved.Items)
	}
}

func TestApprovePlan_BadInput(t *testing.T) {
	f := newFix(t)
	d := must(f.svc.DraftPlan(f.ctx, center(), planInput("network", 2022)))(t)
	_, err := f.svc.ApprovePlan(f.ctx, center(), d.ID.String(), security.PlanApproval{On: date(2022, 6, 16), IfVersion: -1, Note: "口令为admin"})
	wantErr(t, err, govops.EINVALID, "approved_by", "on", "if_version", "note")
	_, err = f.svc.ApprovePlan(f.ctx, center(), d.ID.String(), security.PlanApproval{ApprovedBy: "区网信办", IfVersion: 7})
	wantErr(t, err, govops.ECONFLICT)
	_, err = f.svc.UpdatePlan(f.ctx, center(), d.ID.String(), security.PlanInput{Code: "power", Year: 2022, Title: "x"})
	wantErr(t, err, govops.EINVALID, "code")
}

func TestPlans_Paging(t *testing.T) {
	f := newFix(t)
	for i := range 5 {
		must(f.svc.DraftPlan(f.ctx, center(), planInput(fmt.Sprintf("p%d", i), 2022)))(t)
	}
	var all []security.Plan
	after := ""
	for {
		page := must(f.svc.Plans(f.ctx, center(), security.PlanListInput{After: after, Limit: 2}))(t)
		all = append(all, page.Items...)
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	if len(all) != 5 {
		t.Fatalf("paged %d plans", len(all))
	}
	_, err := f.svc.Plans(f.ctx, center(), security.PlanListInput{Limit: 501, Status: "x", Year: 3})
	wantErr(t, err, govops.EINVALID, "limit", "status", "year")
	_, err = f.svc.Plans(f.ctx, center(), security.PlanListInput{After: "zz"})
	wantErr(t, err, govops.EINVALID, "cursor")
}
