package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/security"
)

// The security chapter follows §七 of the summary: the year's emergency
// plan drafted and approved early in the year (superseding last year's),
// a tabletop and a live drill with their follow-up actions, the
// self-inspections that find weak and empty passwords, the hardening
// records raised from them and worked by the units and verified by the
// center, the attack-defense exercise, and two incidents.

// secInspections is how many self-inspections the year holds: the spring
// campaign over the center's own systems and six units, and the year-end
// check of the center's.
const secInspections = 8

// securitySteps is the chapter's expected steps: the plans, the two
// drills, each inspection, the exercise, the hardening work and the
// incidents.
func securitySteps(Params) int64 { return 1 + 2 + secInspections + 1 + 1 + 1 }

// secUnit is a unit whose devices the chapter inspects: "" is the center's
// own.
type secUnit struct {
	code, name string
	staff      string
}

// secRecord is a hardening record the chapter works, with how.
type secRecord struct {
	h security.Hardening
	// base is when its source was recorded: nothing of it happens before.
	base time.Time
	// keepOpen leaves it open at the end of the year; keepRemediated
	// leaves it awaiting verification; retest has it fail a re-test once
	// after its verification, before it is fixed for good.
	keepOpen, keepRemediated, retest bool
}

// secChapter is the state of one run of the chapter.
type secChapter struct {
	g     *Gen
	clock *Clock
	sec   *security.Service
	year  int
	units []secUnit // the units inspected, the center's own first
	recs  []secRecord
	tally map[string]int64
}

// runSecurity fills the chapter.
func runSecurity(ctx context.Context, g *Gen) error {
	c := &secChapter{g: g, clock: NewClock(time.Date(g.P.Year, 1, 1, 0, 0, 0, 0, Shanghai)), year: g.P.Year, tally: map[string]int64{}}
	c.sec = g.Services(c.clock).Security
	if g.Append() {
		done, err := c.reuse(ctx)
		if err != nil || done {
			return err
		}
	}
	c.units = c.pickUnits()
	plan, err := c.plans(ctx)
	if err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	g.Step("security", 1)
	if err := c.drills(ctx, plan); err != nil {
		return fmt.Errorf("drills: %w", err)
	}
	g.Step("security", 2)
	for i := range secInspections {
		if err := c.inspection(ctx, i); err != nil {
			return fmt.Errorf("inspection %d: %w", i+1, err)
		}
		g.Step("security", 1)
	}
	if err := c.exercise(ctx); err != nil {
		return fmt.Errorf("exercise: %w", err)
	}
	g.Step("security", 1)
	if err := c.harden(ctx); err != nil {
		return fmt.Errorf("hardening: %w", err)
	}
	g.Step("security", 1)
	if err := c.incidents(ctx); err != nil {
		return fmt.Errorf("incidents: %w", err)
	}
	g.Step("security", 1)
	for _, k := range []string{annual.KeyPlans, annual.KeyDrills, annual.KeyHardened, annual.KeyExercises} {
		g.Add(k, c.tally[k])
	}
	return nil
}

// reuse reads the year's security work when the database holds it already
// (the plan of the year under the chapter's code, approved): the figures
// are then those of what is stored, and nothing is added.
func (c *secChapter) reuse(ctx context.Context) (bool, error) {
	by := govops.Actor{Name: secLead}
	page, err := c.sec.Plans(ctx, by, security.PlanListInput{Code: secPlanCode, Year: c.year, Limit: 10})
	if err != nil {
		return false, err
	}
	if !slices.ContainsFunc(page.Items, func(p security.Plan) bool { return p.Status != security.PlanDraft }) {
		return false, nil
	}
	c.clock.Set(time.Date(c.year, 12, 31, 18, 0, 0, 0, Shanghai))
	r, err := c.sec.Report(ctx, by, c.year)
	if err != nil {
		return false, err
	}
	var live, hardened int64
	for _, d := range r.Drills {
		if d.Type != security.DrillTabletop {
			live += int64(d.Count)
		}
	}
	for _, k := range r.Findings.HardenedByKind {
		if k.Kind == security.FindingWeakPassword || k.Kind == security.FindingNoPassword || k.Kind == security.FindingDefaultCredential {
			hardened += int64(k.Count)
		}
	}
	c.g.Add(annual.KeyPlans, int64(r.PlansApproved))
	c.g.Add(annual.KeyDrills, live)
	c.g.Add(annual.KeyHardened, hardened)
	c.g.Add(annual.KeyExercises, int64(len(r.Exercises)))
	c.g.Step("security", securitySteps(c.g.P))
	return true, nil
}

// pickUnits returns the center's own devices and the units the chapter
// inspects: those of secUnitNames the directory holds, then other
// departments and townships in a shuffled order; the center's own alone
// when the directory holds none.
func (c *secChapter) pickUnits() []secUnit {
	out := []secUnit{{code: "", name: "区政务网络服务中心", staff: secEngineer}}
	seen := map[string]bool{}
	add := func(d Dept) {
		if seen[d.Code] || d.Name == "区政务网络服务中心" {
			return
		}
		seen[d.Code] = true
		out = append(out, secUnit{code: d.Code, name: d.Name, staff: secUnitStaff[(len(out)-1)%len(secUnitStaff)]})
	}
	for _, n := range secUnitNames {
		if d, ok := c.g.Department(n); ok {
			add(d)
		}
	}
	var rest []Dept
	for _, d := range c.g.Departments() {
		if d.Kind == directory.KindDepartment || d.Kind == directory.KindTownship {
			rest = append(rest, d)
		}
	}
	r := c.g.Rand("security.units", 0)
	r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	for _, d := range rest {
		add(d)
	}
	return out
}

// unit returns the i-th unit other than the center (the center's own when
// there is none).
func (c *secChapter) unit(i int) secUnit {
	if len(c.units) == 1 {
		return c.units[0]
	}
	return c.units[1+i%(len(c.units)-1)]
}

// at returns a time of the chapter's year in Asia/Shanghai.
func (c *secChapter) at(m time.Month, d, hh, mm int) time.Time {
	return time.Date(c.year, m, d, hh, mm, 0, 0, Shanghai)
}

// workday returns the n-th working day after t (t itself, or the next
// working day, for n 0), at t's clock time; by weekdays alone when the
// calendar does not know the year.
func (c *secChapter) workday(t time.Time, n int) time.Time {
	if cal := c.g.Calendar(); cal != nil {
		if w, err := cal.AddWorkdays(t, n); err == nil {
			return w.In(Shanghai)
		}
	}
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			n--
		}
	}
	return t
}

// endOfYear is the last moment the chapter writes at.
func (c *secChapter) endOfYear() time.Time { return c.at(12, 31, 17, 30) }

// capYear keeps t within the year.
func (c *secChapter) capYear(t time.Time) time.Time {
	if end := c.endOfYear(); t.After(end) {
		return end
	}
	return t
}

// plans drafts and approves last year's plan and the year's, which
// supersedes it, and returns the year's.
func (c *secChapter) plans(ctx context.Context) (*security.Plan, error) {
	by := govops.Actor{Name: secLead}
	prev := c.year - 1
	scope := "区电子政务外网及接入单位、区政务网络服务中心机房和所承载的业务系统"
	input := func(year int, revised bool, note string) security.PlanInput {
		return security.PlanInput{Code: secPlanCode, Year: year, Title: fmt.Sprintf("%d年网络安全应急预案", year), Scope: scope,
			Grades: secGrades(revised), Note: note}
	}
	c.clock.Set(time.Date(prev, 1, 11, 10, 0, 0, 0, Shanghai))
	old, err := c.sec.DraftPlan(ctx, by, input(prev, false, ""))
	if err != nil {
		return nil, err
	}
	c.clock.Set(c.workday(time.Date(prev, 2, 24, 15, 30, 0, 0, Shanghai), 0))
	if _, err := c.sec.ApprovePlan(ctx, by, old.ID.String(), security.PlanApproval{ApprovedBy: secApprover, IfVersion: old.Version}); err != nil {
		return nil, err
	}
	c.clock.Set(c.workday(c.at(1, 12, 9, 40), 0))
	cur, err := c.sec.DraftPlan(ctx, by, input(c.year, false, "吸取往年经验，结合外网接入单位增加的情况修订"))
	if err != nil {
		return nil, err
	}
	c.clock.Set(c.workday(c.at(1, 26, 16, 10), 0))
	if cur, err = c.sec.UpdatePlan(ctx, by, cur.ID.String(), security.PlanInput{Year: c.year, Title: cur.Title, Scope: scope,
		Grades: secGrades(true), Note: "根据区委网信办审核意见，缩短一般事件的报送时限", IfVersion: cur.Version}); err != nil {
		return nil, err
	}
	// approved in mid-February, once the Spring Festival is over
	c.clock.Set(c.workday(c.at(2, 8, 15, 0), 5))
	cur, err = c.sec.ApprovePlan(ctx, by, cur.ID.String(), security.PlanApproval{ApprovedBy: secApprover, Note: "经中心主任办公会审议通过，印发执行", IfVersion: cur.Version})
	if err != nil {
		return nil, err
	}
	if cur.ApprovedOn.In(Shanghai).Year() == c.year {
		c.tally[annual.KeyPlans]++
	}
	return cur, nil
}
