package security

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// RecordDrill records a drill of an approved (or superseded) plan: in.Plan
// is its ID, and a draft is EINVALID naming "plan". Center only.
//
// The date is required and not in the future, the type and the scenario
// required; findings are checked as every record's (see Observation), and
// each action needs a title and a due date. Findings and actions are
// numbered from 1, and every action starts open.
func (s *Service) RecordDrill(ctx context.Context, by govops.Actor, in DrillInput) (*Drill, error) {
	if err := by.CenterOnly("record drills"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	if in.IfVersion != 0 {
		p.Add("if_version", "a new drill has no version: leave it out")
	}
	if strings.TrimSpace(in.Plan) == "" {
		p.Add("plan", "required: the ID of the plan revision drilled")
	}
	var d Drill
	drillFill(&p, &d, in, now)
	d.Actions = drillActions(&p, in.Actions, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, append(findingUnits("findings", in.Findings), actionUnits(in.Actions)...)); err != nil {
		return nil, err
	}
	pid, err := govops.ParseID("plan", strings.TrimSpace(in.Plan), "plan")
	if err != nil {
		return nil, err
	}
	pl, err := s.store.Plan(ctx, pid)
	if err != nil {
		return nil, notFoundAt(err, "plan", "plan")
	}
	if pl.Status == PlanDraft {
		return nil, govops.FieldError("plan", fmt.Sprintf("plan %s revision %d is a draft (草案): only an approved plan is drilled", pl.Code, pl.Revision))
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	d.ID, d.Plan, d.Version, d.CreatedAt, d.UpdatedAt = id, pl.ID, 1, now, now
	ev, err := newEvent(id, 1, EventDrillRecorded, by, now, "", "", "", d.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateDrill(ctx, &d, []Event{ev}); err != nil {
		return nil, err
	}
	return &d, nil
}

// drillFill checks the fields of in but the plan and the actions, and
// writes them into d.
func drillFill(p *govops.Problems, d *Drill, in DrillInput, now time.Time) {
	in.Scenario, in.Note = strings.TrimSpace(in.Scenario), strings.TrimSpace(in.Note)
	govops.CheckPastTime(p, "date", in.Date, true, now)
	govops.CheckEnum(p, "type", in.Type, true, DrillType.Valid, DrillTypes(), DrillType.Label, "drill type")
	text(p, "scenario", in.Scenario, MaxNoteLen, true)
	var parts []string
	if len(in.Participants) > MaxListItems {
		p.Addf("participants", "has %d participants: at most %d", len(in.Participants), MaxListItems)
	} else {
		for i, v := range in.Participants {
			v = strings.TrimSpace(v)
			text(p, fmt.Sprintf("participants[%d]", i), v, MaxNameLen, true)
			parts = append(parts, v)
		}
	}
	obs := findings(p, in.Findings)
	text(p, "note", in.Note, MaxNoteLen, false)
	d.Date, d.Type, d.Scenario, d.Participants, d.Findings, d.Note = govops.StoredTime(in.Date), in.Type, in.Scenario, parts, obs, in.Note
}

// drillActions checks the actions of a new drill and returns them open,
// numbered from 1.
func drillActions(p *govops.Problems, in []ActionInput, now time.Time) []Action {
	if len(in) > MaxActions {
		p.Addf("actions", "has %d actions: at most %d", len(in), MaxActions)
		return nil
	}
	out := make([]Action, 0, len(in))
	for i, a := range in {
		out = append(out, actionOf(p, fmt.Sprintf("actions[%d].", i), a, i+1))
	}
	return out
}

// actionOf checks one action (its fields named with prefix) and returns it
// open, numbered seq.
func actionOf(p *govops.Problems, prefix string, a ActionInput, seq int) Action {
	a.Title, a.Owner, a.Note = strings.TrimSpace(a.Title), strings.TrimSpace(a.Owner), strings.TrimSpace(a.Note)
	text(p, prefix+"title", a.Title, MaxNameLen, true)
	text(p, prefix+"owner", a.Owner, MaxNameLen, false)
	optCode(p, prefix+"department", a.Department)
	govops.CheckTime(p, prefix+"due", a.Due, true)
	text(p, prefix+"note", a.Note, MaxNoteLen, false)
	return Action{Seq: seq, Title: a.Title, Owner: a.Owner, Department: a.Department, Due: govops.StoredTime(a.Due), Status: ActionOpen, Note: a.Note}
}

// UpdateDrill changes a drill (ref is its ID): every field but its plan
// and actions, as RecordDrill checks them (in.Plan, when set, must be the
// drill's; in.Actions must be empty: actions change with AddAction and
// UpdateAction). A finding raised as a hardening record may be neither
// removed nor changed (ECONFLICT). Center only.
func (s *Service) UpdateDrill(ctx context.Context, by govops.Actor, ref string, in DrillInput) (*Drill, error) {
	if err := by.CenterOnly("change drills"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	var probe Drill
	drillFill(&p, &probe, in, now)
	if len(in.Actions) > 0 {
		p.Add("actions", "a drill's actions change one by one (add an action, update an action): leave them out")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, findingUnits("findings", in.Findings)); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "drill")
	if err != nil {
		return nil, err
	}
	var pid uuid.UUID
	if strings.TrimSpace(in.Plan) != "" {
		if pid, err = govops.ParseID("plan", strings.TrimSpace(in.Plan), "plan"); err != nil {
			return nil, err
		}
	}
	var out *Drill
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Drill(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("drill", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if pid != uuid.Nil && pid != cur.Plan {
			return nil, govops.FieldError("plan", "a drill keeps its plan "+cur.Plan.String()+": leave it out")
		}
		next := *cur
		var p govops.Problems
		drillFill(&p, &next, in, now)
		if err := s.keepRaised(ctx, SourceDrill, cur.ID, cur.Findings, next.Findings); err != nil {
			return nil, err
		}
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventDrillUpdated, by, next.UpdatedAt, "", "", "", next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateDrill(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// AddAction adds a follow-up action to a drill (ref is its ID): open,
// numbered one past the last. Center only.
func (s *Service) AddAction(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Drill, error) {
	if err := by.CenterOnly("add drill actions"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	a := actionOf(&p, "", in, 0)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "drill")
	if err != nil {
		return nil, err
	}
	var out *Drill
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Drill(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("drill", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if len(cur.Actions) >= MaxActions {
			return nil, govops.Errorf(govops.EINVALID, "drill %s has %d actions: at most %d", cur.ID, len(cur.Actions), MaxActions)
		}
		next := *cur
		a := a
		a.Seq = 1
		for _, x := range cur.Actions {
			a.Seq = max(a.Seq, x.Seq+1)
		}
		next.Actions = append(slices.Clone(cur.Actions), a)
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventActionAdded, by, now, "", string(ActionOpen), "",
			fmt.Sprintf("action %d: %s", a.Seq, a.Title))
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateDrill(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// UpdateAction moves the action seq of a drill (ref is its ID): an open
// action is done or cancelled (DoneOn is in.On, today unless set, never in
// the future), or stays open with a new due date; a done or cancelled one
// is reopened with a note saying why. Any other move is ECONFLICT naming
// both statuses; an unknown seq is ENOTFOUND. Center only.
func (s *Service) UpdateAction(ctx context.Context, by govops.Actor, ref string, seq int, in ActionUpdate) (*Drill, error) {
	if err := by.CenterOnly("update drill actions"); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	now := s.clock()
	var p govops.Problems
	govops.CheckEnum(&p, "status", in.Status, true, ActionStatus.Valid, []ActionStatus{ActionOpen, ActionDone, ActionCancelled}, ActionStatus.Label, "action status")
	govops.CheckPastTime(&p, "on", in.On, false, now)
	govops.CheckTime(&p, "due", in.Due, false)
	text(&p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "drill")
	if err != nil {
		return nil, err
	}
	var out *Drill
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Drill(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("drill", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		i := slices.IndexFunc(cur.Actions, func(a Action) bool { return a.Seq == seq })
		if i < 0 {
			return nil, govops.Errorf(govops.ENOTFOUND, "drill %s has no action %d", cur.ID, seq)
		}
		next := *cur
		next.Actions = slices.Clone(cur.Actions)
		a := &next.Actions[i]
		from := a.Status
		switch {
		case from == ActionOpen && (in.Status == ActionDone || in.Status == ActionCancelled):
			a.DoneOn = dayOf(now)
			if !in.On.IsZero() {
				a.DoneOn = govops.StoredTime(in.On)
			}
		case from != ActionOpen && in.Status == ActionOpen:
			if in.Note == "" {
				return nil, govops.FieldError("note", "required to reopen an action: say why")
			}
			a.DoneOn = time.Time{}
		case from == ActionOpen && in.Status == ActionOpen && !in.Due.IsZero():
		default:
			return nil, govops.Errorf(govops.ECONFLICT, "action %d of drill %s is %s (%s): it cannot move to %s (%s)", seq, cur.ID, from, from.Label(), in.Status, in.Status.Label()).
				WithField("status", string(from))
		}
		a.Status = in.Status
		if !in.Due.IsZero() {
			a.Due = govops.StoredTime(in.Due)
		}
		if in.Note != "" {
			a.Note = in.Note
		}
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventActionUpdated, by, next.UpdatedAt, string(from), string(a.Status), "",
			strings.TrimSpace(fmt.Sprintf("action %d: %s", seq, in.Note)))
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateDrill(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// Drill returns one drill (ref is its ID). The center and district-wide
// readers only.
func (s *Service) Drill(ctx context.Context, by govops.Actor, ref string) (*Drill, error) {
	if err := by.ReadDistrict("drills"); err != nil {
		return nil, err
	}
	d, err := govops.ReadOne(ctx, by, ref, "drill", s.store.Drill, nil)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, "", *d)
	return &out, nil
}

// Drills lists drills by ID: those of a plan revision (its ID) and those
// held in a year. The center and district-wide readers only.
func (s *Service) Drills(ctx context.Context, by govops.Actor, in DrillListInput) (govops.Page[Drill], error) {
	var none govops.Page[Drill]
	if err := by.ReadDistrict("drills"); err != nil {
		return none, err
	}
	var p govops.Problems
	checkYear(&p, "year", in.Year, false)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	f := DrillFilter{}
	f.From, f.To = yearSpan(in.Year)
	if in.Plan != "" {
		if f.Plan, err = govops.ParseID("plan", in.Plan, "plan"); err != nil {
			return none, err
		}
	}
	ds, err := s.store.Drills(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range ds {
		ds[i] = govops.MaskFor(by, "", ds[i])
	}
	return govops.IDPage(ds, limit, func(d Drill) uuid.UUID { return d.ID }), nil
}

// DrillTrail returns a drill's trail. The center and district-wide
// readers only.
func (s *Service) DrillTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	d, err := s.Drill(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, d.ID, "")
}

// OverdueActions lists the open actions of every drill whose due date is
// before today (in Asia/Shanghai), most overdue first, each with the days
// it is overdue. The center and district-wide readers only.
func (s *Service) OverdueActions(ctx context.Context, by govops.Actor) ([]OverdueAction, error) {
	if err := by.ReadDistrict("drill actions"); err != nil {
		return nil, err
	}
	ds, err := s.store.Drills(ctx, DrillFilter{}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	return overdue(by, ds, s.clock()), nil
}

// overdue lists the open actions of ds due before the day of at.
func overdue(by govops.Actor, ds []Drill, at time.Time) []OverdueAction {
	today := dayOf(at)
	out := []OverdueAction{}
	for _, d := range ds {
		for _, a := range d.Actions {
			if a.Status == ActionOpen && dayOf(a.Due).Before(today) {
				out = append(out, OverdueAction{Drill: d.ID, Plan: d.Plan, Action: govops.MaskFor(by, "", a), DaysOverdue: daysBetween(a.Due, today)})
			}
		}
	}
	slices.SortFunc(out, func(a, b OverdueAction) int {
		return cmp.Or(a.Action.Due.Compare(b.Action.Due), bytes.Compare(a.Drill[:], b.Drill[:]), a.Action.Seq-b.Action.Seq)
	})
	return out
}

// Compliance checks every approved plan at at (zero: now): the latest
// drill of any revision of its code dated by then, and when the next is
// due (the drill, or the approval when never drilled, plus the drill
// period). A plan whose due date has passed is flagged, with the reason.
// Plans come by code. The center and district-wide readers only.
func (s *Service) Compliance(ctx context.Context, by govops.Actor, at time.Time) (*DrillCompliance, error) {
	if err := by.ReadDistrict("the drill compliance"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckTime(&p, "at", at, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if at.IsZero() {
		at = s.clock()
	}
	return s.compliance(ctx, by, govops.StoredTime(at))
}

func (s *Service) compliance(ctx context.Context, by govops.Actor, at time.Time) (*DrillCompliance, error) {
	approved, err := s.store.Plans(ctx, PlanFilter{Status: PlanApproved}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	out := &DrillCompliance{At: at, PeriodMonths: s.drillPeriod, Plans: []PlanCompliance{}}
	for _, pl := range approved {
		if pl.Status != PlanApproved {
			continue
		}
		revs, err := s.store.Plans(ctx, PlanFilter{Code: pl.Code}, uuid.Nil, 0)
		if err != nil {
			return nil, err
		}
		var last time.Time
		for _, r := range revs {
			ds, err := s.store.Drills(ctx, DrillFilter{Plan: r.ID}, uuid.Nil, 0)
			if err != nil {
				return nil, err
			}
			for _, d := range ds {
				if !d.Date.After(at) && d.Date.After(last) {
					last = d.Date
				}
			}
		}
		c := PlanCompliance{Plan: govops.MaskFor(by, "", pl), LastDrill: last}
		base := last
		if base.IsZero() {
			base = pl.ApprovedOn
		}
		c.DueBy = base.In(shanghai).AddDate(0, s.drillPeriod, 0).UTC()
		if c.DueBy.Before(at) {
			c.Flagged = true
			out.Flagged++
			if last.IsZero() {
				c.Reason = "从未演练"
			} else {
				c.Reason = fmt.Sprintf("超过 %d 个月未演练", s.drillPeriod)
			}
		}
		out.Plans = append(out.Plans, c)
	}
	slices.SortFunc(out.Plans, func(a, b PlanCompliance) int { return strings.Compare(a.Plan.Code, b.Plan.Code) })
	return out, nil
}
