package security

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// DraftPlan stores a new draft revision of the plan in.Code: revision 1,
// or one past the highest revision of that code. Center only.
//
// The code (a code), year (2000–2100) and title are required; each grade
// I–IV is answered at most once (a draft may leave some out, approval
// needs all four), its response defaulting to Grade.Response(). Two
// drafts of the same code at once get consecutive revisions.
func (s *Service) DraftPlan(ctx context.Context, by govops.Actor, in PlanInput) (*Plan, error) {
	if err := by.CenterOnly("draft emergency plans"); err != nil {
		return nil, err
	}
	in.Code = strings.TrimSpace(in.Code)
	var p govops.Problems
	if in.IfVersion != 0 {
		p.Add("if_version", "a new plan has no version: leave it out")
	}
	govops.CheckCode(&p, "code", in.Code)
	pl := Plan{Code: in.Code, Status: PlanDraft}
	planFill(&p, &pl, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Plan
	err := govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		revs, err := s.store.Plans(ctx, PlanFilter{Code: in.Code}, uuid.Nil, 0)
		if err != nil {
			return nil, err
		}
		next := pl
		next.Revision = 1
		for _, r := range revs {
			if r.Code == in.Code && r.Revision >= next.Revision {
				next.Revision = r.Revision + 1
			}
		}
		id, err := govops.NewID()
		if err != nil {
			return nil, err
		}
		now := s.clock()
		next.ID, next.Version, next.CreatedAt, next.UpdatedAt = id, 1, now, now
		ev, err := newEvent(id, 1, EventPlanDrafted, by, now, "", string(PlanDraft), "", next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.CreatePlan(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// planFill checks the fields of in but the code and writes them into pl.
func planFill(p *govops.Problems, pl *Plan, in PlanInput) {
	in.Title, in.Scope, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Scope), strings.TrimSpace(in.Note)
	switch {
	case in.Year == 0:
		p.Add("year", "required: the year the revision is made for")
	case in.Year < 2000 || in.Year > 2100:
		p.Addf("year", "must be between 2000 and 2100 (got %d)", in.Year)
	}
	text(p, "title", in.Title, MaxNameLen, true)
	text(p, "scope", in.Scope, MaxNoteLen, false)
	grades := planGrades(p, in.Grades)
	text(p, "note", in.Note, MaxNoteLen, false)
	pl.Year, pl.Title, pl.Scope, pl.Grades, pl.Note = in.Year, in.Title, in.Scope, grades, in.Note
}

// planGrades checks the grades of a plan and returns them in grade order,
// each response defaulting to the grade's.
func planGrades(p *govops.Problems, gs []GradeResponse) []GradeResponse {
	if len(gs) > len(Grades()) {
		p.Addf("grades", "has %d grades: there are only %d (I–IV)", len(gs), len(Grades()))
		return nil
	}
	seen := map[Grade]int{}
	out := make([]GradeResponse, 0, len(gs))
	for i, g := range gs {
		f := fmt.Sprintf("grades[%d]", i)
		g.Response, g.Lead, g.Measures = strings.TrimSpace(g.Response), strings.TrimSpace(g.Lead), strings.TrimSpace(g.Measures)
		if govops.CheckEnum(p, f+".grade", g.Grade, true, Grade.Valid, Grades(), Grade.Label, "grade") {
			if j, dup := seen[g.Grade]; dup {
				p.Addf(f+".grade", "grade %s is answered already (grades[%d]): answer each grade once", g.Grade, j)
			}
			seen[g.Grade] = i
		}
		if g.Response == "" {
			g.Response = g.Grade.Response()
		}
		text(p, f+".response", g.Response, MaxNameLen, false)
		text(p, f+".lead", g.Lead, MaxNameLen, false)
		text(p, f+".measures", g.Measures, MaxTextLen, false)
		out = append(out, g)
	}
	order := func(g Grade) int { return slices.Index(Grades(), g) }
	slices.SortStableFunc(out, func(a, b GradeResponse) int { return order(a.Grade) - order(b.Grade) })
	return out
}

// UpdatePlan changes a draft (ref is its ID): every field but the code,
// as DraftPlan checks them. A plan approved or superseded is ECONFLICT
// naming its status. Center only.
func (s *Service) UpdatePlan(ctx context.Context, by govops.Actor, ref string, in PlanInput) (*Plan, error) {
	if err := by.CenterOnly("change emergency plans"); err != nil {
		return nil, err
	}
	in.Code = strings.TrimSpace(in.Code)
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	optCode(&p, "code", in.Code)
	var probe Plan
	planFill(&p, &probe, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "plan")
	if err != nil {
		return nil, err
	}
	var out *Plan
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Plan(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("plan", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if cur.Status != PlanDraft {
			return nil, govops.Errorf(govops.ECONFLICT, "plan %s revision %d is %s (%s): only a draft changes; draft a new revision", cur.Code, cur.Revision, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		if in.Code != "" && in.Code != cur.Code {
			return nil, govops.FieldError("code", "a revision keeps its plan's code "+cur.Code+": leave it out or draft a plan of the new code")
		}
		next := *cur
		var p govops.Problems
		planFill(&p, &next, in)
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventPlanUpdated, by, now, string(cur.Status), string(next.Status), "", next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdatePlans(ctx, []Plan{next}, []Event{ev}) }), nil
	})
	return out, err
}

// ApprovePlan approves a draft (ref is its ID), and supersedes the
// approved revision of the same code in the same step. Center only.
//
// ApprovedBy is required; On is the approval date, today unless set, and
// never in the future. The draft must answer all four grades. A plan not
// a draft, or a draft older than the approved revision of its code, is
// ECONFLICT.
func (s *Service) ApprovePlan(ctx context.Context, by govops.Actor, ref string, in PlanApproval) (*Plan, error) {
	if err := by.CenterOnly("approve emergency plans"); err != nil {
		return nil, err
	}
	in.ApprovedBy, in.Note = strings.TrimSpace(in.ApprovedBy), strings.TrimSpace(in.Note)
	now := s.clock()
	var p govops.Problems
	text(&p, "approved_by", in.ApprovedBy, MaxNameLen, true)
	govops.CheckPastTime(&p, "on", in.On, false, now)
	text(&p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	on := dayOf(now)
	if !in.On.IsZero() {
		on = govops.StoredTime(in.On)
	}
	id, err := govops.ParseID("ref", ref, "plan")
	if err != nil {
		return nil, err
	}
	var out *Plan
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Plan(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("plan", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if cur.Status != PlanDraft {
			return nil, govops.Errorf(govops.ECONFLICT, "plan %s revision %d is %s (%s): only a draft is approved", cur.Code, cur.Revision, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		if missing := planMissingGrades(cur); len(missing) > 0 {
			return nil, govops.FieldError("grades", "a plan is approved with its response to every grade: add grades "+strings.Join(missing, ", "))
		}
		approved, err := s.store.Plans(ctx, PlanFilter{Code: cur.Code, Status: PlanApproved}, uuid.Nil, 0)
		if err != nil {
			return nil, err
		}
		now := s.clock()
		next := *cur
		next.Status, next.ApprovedBy, next.ApprovedOn = PlanApproved, in.ApprovedBy, on
		if in.Note != "" {
			next.Note = in.Note
		}
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventPlanApproved, by, now, string(PlanDraft), string(PlanApproved), "", in.Note)
		if err != nil {
			return nil, err
		}
		ps, evs := []Plan{next}, []Event{ev}
		for _, old := range approved {
			if old.Code != cur.Code || old.Status != PlanApproved {
				continue
			}
			if old.Revision > cur.Revision {
				return nil, govops.Errorf(govops.ECONFLICT, "plan %s revision %d is approved: revision %d is older and cannot replace it", cur.Code, old.Revision, cur.Revision)
			}
			old.Status, old.SupersededBy = PlanSuperseded, next.ID
			old.Version, old.UpdatedAt = old.Version+1, now
			oev, err := newEvent(old.ID, old.Version, EventPlanSuperseded, by, now, string(PlanApproved), string(PlanSuperseded), "",
				fmt.Sprintf("superseded by revision %d", next.Revision))
			if err != nil {
				return nil, err
			}
			ps, evs = append(ps, old), append(evs, oev)
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdatePlans(ctx, ps, evs) }), nil
	})
	return out, err
}

// planMissingGrades lists the grades pl does not answer.
func planMissingGrades(pl *Plan) []string {
	var missing []string
	for _, g := range Grades() {
		if !slices.ContainsFunc(pl.Grades, func(r GradeResponse) bool { return r.Grade == g }) {
			missing = append(missing, string(g))
		}
	}
	return missing
}

// Plan returns one plan revision (ref is its ID). Everyone reads plans.
func (s *Service) Plan(ctx context.Context, by govops.Actor, ref string) (*Plan, error) {
	pl, err := govops.ReadOne(ctx, by, ref, "plan", s.store.Plan, nil)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, "", *pl)
	return &out, nil
}

// Plans lists plan revisions by ID: those of a code, a status, a year.
// Everyone reads plans.
func (s *Service) Plans(ctx context.Context, by govops.Actor, in PlanListInput) (govops.Page[Plan], error) {
	var none govops.Page[Plan]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "code", in.Code)
	govops.CheckEnum(&p, "status", in.Status, false, PlanStatus.Valid, []PlanStatus{PlanDraft, PlanApproved, PlanSuperseded}, PlanStatus.Label, "plan status")
	checkYear(&p, "year", in.Year, false)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	ps, err := s.store.Plans(ctx, PlanFilter{Code: in.Code, Status: in.Status, Year: in.Year}, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range ps {
		ps[i] = govops.MaskFor(by, "", ps[i])
	}
	return govops.IDPage(ps, limit, func(pl Plan) uuid.UUID { return pl.ID }), nil
}

// PlanTrail returns a plan's trail. Everyone reads plans.
func (s *Service) PlanTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	pl, err := s.Plan(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, pl.ID, "")
}
