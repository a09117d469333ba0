package security

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Report returns the security work of year (2000–2100) at its end (1
// January of the next year, Asia/Shanghai), or now while the year runs.
//
// The center's report counts the plan revisions approved in the year, the
// drill compliance at At, the drills held in the year by type and their
// actions (open, done, and open past their due date at At), the
// self-inspections, the exercises that started in the year with their
// summaries, and the hardening records and incidents of every unit. A
// department's report holds its own unit's hardening records and
// incidents only: no compliance, drills, inspections or exercises.
//
// Findings: Found counts the records found in the year (by kind), Verified
// those of them verified by At, HardenedByKind the records (found in any
// year) verified in the year and still verified at At, and Open every
// record found before At and
// not verified at At, by severity and by the days since it was found
// (≤30, 31–90, 91–180, more). Incidents: those detected in the year, with
// the share reported within the limit of their grade, by grade.
//
// The findings and the count of self-inspections come from the Store's
// counts (HardeningCounts, HardeningDays, CountInspections), whose cost is
// that of their groups, not of the records: the records found or verified
// after At in the year (none while the clock only moves on) are the only
// ones read, to take back what the counts hold of them.
func (s *Service) Report(ctx context.Context, by govops.Actor, year int) (*Report, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	var p govops.Problems
	checkYear(&p, "year", year, true)
	if err := p.Err(); err != nil {
		return nil, err
	}
	from, end := yearSpan(year)
	at := end
	if now := s.clock(); now.Before(end) {
		at = now
	}
	r := &Report{Year: year, Department: by.Department, At: at}
	if by.Department == "" {
		if err := s.reportCenter(ctx, by, r, from, end); err != nil {
			return nil, err
		}
	} else {
		for _, t := range DrillTypes() {
			r.Drills = append(r.Drills, DrillTypeCount{Type: t})
		}
		r.Exercises = []ExerciseSummary{}
	}
	var err error
	if r.Findings, err = s.reportFindings(ctx, by.Department, year, at); err != nil {
		return nil, err
	}
	is, err := s.store.Incidents(ctx, IncidentFilter{Department: by.Department, From: from, To: end}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	r.Incidents = s.reportIncidents(is, at, by.Department)
	return r, nil
}

// reportCenter fills in the parts of the center's report.
func (s *Service) reportCenter(ctx context.Context, by govops.Actor, r *Report, from, end time.Time) error {
	ps, err := s.store.Plans(ctx, PlanFilter{}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	for _, pl := range ps {
		if pl.Status != PlanDraft && !pl.ApprovedOn.Before(from) && pl.ApprovedOn.Before(end) {
			r.PlansApproved++
		}
	}
	if r.Compliance, err = s.compliance(ctx, by, r.At); err != nil {
		return err
	}
	ds, err := s.store.Drills(ctx, DrillFilter{From: from, To: end}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	for _, t := range DrillTypes() {
		c := DrillTypeCount{Type: t}
		for _, d := range ds {
			if d.Type == t {
				c.Count++
			}
		}
		r.Drills = append(r.Drills, c)
	}
	for _, d := range ds {
		for _, a := range d.Actions {
			switch a.Status {
			case ActionOpen:
				r.ActionsOpen++
			case ActionDone:
				r.ActionsDone++
			}
		}
	}
	r.ActionsOverdue = len(overdue(by, ds, r.At))
	inspections, err := s.store.CountInspections(ctx, InspectionFilter{From: from, To: end})
	if err != nil {
		return err
	}
	r.Inspections = int(inspections)
	es, err := s.store.Exercises(ctx, ExerciseFilter{From: from, To: end}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	r.Exercises = []ExerciseSummary{}
	for _, x := range es {
		sum, err := s.exerciseSummary(ctx, govops.MaskFor(by, "", x), r.At)
		if err != nil {
			return err
		}
		r.Exercises = append(r.Exercises, sum)
	}
	return nil
}

// reportIncidents sums up the incidents is (detected in the year) at at.
func (s *Service) reportIncidents(is []Incident, at time.Time, dept string) IncidentsReport {
	var r IncidentsReport
	grades := map[Grade]*GradeIncidents{}
	for _, g := range Grades() {
		grades[g] = &GradeIncidents{Grade: g, ReportLimit: s.reportLimits[g]}
	}
	for _, i := range is {
		if dept != "" && i.Department != dept {
			continue
		}
		// the incident as it stood at at
		if !i.ReportedAt.IsZero() && i.ReportedAt.After(at) {
			i.ReportedAt = time.Time{}
		}
		t := s.times(i, at)
		r.Total++
		g, ok := grades[i.Grade]
		if !ok {
			continue
		}
		g.Count++
		if !i.ReportedAt.IsZero() {
			g.Reported++
		}
		if t.ReportedOnTime {
			g.OnTime++
			r.OnTime++
		}
		if i.Status == IncidentResolved && !i.ResolvedAt.After(at) {
			g.Resolved++
		}
	}
	r.ReportRate = govops.NewRate(int64(r.OnTime), int64(r.Total))
	for _, gr := range Grades() {
		g := grades[gr]
		g.ReportRate = govops.NewRate(int64(g.OnTime), int64(g.Count))
		r.ByGrade = append(r.ByGrade, *g)
	}
	return r
}
