package netops

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

// CreatePlan records an inspection plan. Center only.
//
// The target is a room of a site (target.site and target.room: the site
// exists, ENOTFOUND naming "target.site" when not, and the room is one of
// its rooms) or a device of the register (target.device, its asset tag:
// ENOTFOUND naming "target.device" when there is none, EINVALID when it is
// retired); a device target takes its site and room from the device. The
// name and frequency are required; the checklist holds 1 to MaxChecklist
// items, none blank, none twice ("checklist[2]"). StartOn is now unless
// set, Status active unless set.
//
// NextDue is StartOn until the first inspection is recorded, then one
// period after the latest one recorded (Frequency.Next), and never before
// StartOn.
func (s *Service) CreatePlan(ctx context.Context, by govops.Actor, in PlanInput) (*Plan, error) {
	if err := by.CenterOnly("create inspection plans"); err != nil {
		return nil, err
	}
	if in.IfVersion != 0 {
		return nil, govops.FieldError("if_version", "a new plan has no version: leave it out")
	}
	now := s.clock()
	pl := Plan{StartOn: now, Status: PlanActive}
	if err := s.planFill(ctx, &pl, in); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	pl.ID, pl.Version, pl.CreatedAt, pl.UpdatedAt = id, 1, now, now
	pl.NextDue = planNextDue(&pl)
	ev, err := opsEvent(pl.ID, 1, EventPlanCreated, by, now, "", Status(pl.Status), "", pl.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreatePlan(ctx, &pl, []Event{ev}); err != nil {
		return nil, err
	}
	return &pl, nil
}

// UpdatePlan replaces the fields of the plan ref (its ID), as CreatePlan
// checks them; a zero StartOn or Status keeps the plan's, and a paused
// plan is resumed by setting Status active. NextDue is counted again from
// the new StartOn and frequency. Center only.
func (s *Service) UpdatePlan(ctx context.Context, by govops.Actor, ref string, in PlanInput) (*Plan, error) {
	if err := by.CenterOnly("change inspection plans"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "inspection plan")
	if err != nil {
		return nil, err
	}
	var out *Plan
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Plan(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("inspection plan "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		next := *cur
		if err := s.planFill(ctx, &next, in); err != nil {
			return nil, err
		}
		now := s.clock()
		next.NextDue = planNextDue(&next)
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := opsEvent(next.ID, next.Version, EventPlanUpdated, by, now, Status(cur.Status), Status(next.Status), "", next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdatePlan(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// planNextDue is when the next inspection of pl is due: StartOn until one
// is recorded, then one period after the latest, never before StartOn.
func planNextDue(pl *Plan) time.Time {
	if pl.LastDone.IsZero() {
		return pl.StartOn
	}
	next := pl.Frequency.Next(pl.LastDone)
	if next.Before(pl.StartOn) {
		return pl.StartOn
	}
	return next
}

// planFill checks in and writes its fields into pl; a zero StartOn or
// Status keeps pl's.
func (s *Service) planFill(ctx context.Context, pl *Plan, in PlanInput) error {
	in.Name, in.Assignee, in.Note = strings.TrimSpace(in.Name), strings.TrimSpace(in.Assignee), strings.TrimSpace(in.Note)
	in.Target.Site, in.Target.Room, in.Target.Device = strings.TrimSpace(in.Target.Site), strings.TrimSpace(in.Target.Room), strings.TrimSpace(in.Target.Device)
	var p govops.Problems
	govops.CheckText(&p, "name", in.Name, MaxNameLen, true)
	planTargetProblems(&p, in.Target)
	switch {
	case in.Frequency == "":
		p.Add("frequency", "required: "+planFrequencyList())
	case !in.Frequency.Valid():
		p.Addf("frequency", "%q is not a frequency: use %s", govops.Truncate(string(in.Frequency), 40), planFrequencyList())
	}
	checklist := planChecklist(&p, in.Checklist)
	govops.CheckText(&p, "assignee", in.Assignee, MaxNameLen, false)
	govops.CheckTime(&p, "start_on", in.StartOn, false)
	if in.Status != "" && !in.Status.Valid() {
		p.Addf("status", "%q is not a plan status: use active or paused", govops.Truncate(string(in.Status), 40))
	}
	govops.CheckText(&p, "note", in.Note, MaxNoteLen, false)
	if err := p.Err(); err != nil {
		return err
	}
	target, err := s.planTarget(ctx, in.Target)
	if err != nil {
		return err
	}
	pl.Name, pl.Target, pl.Frequency, pl.Checklist, pl.Assignee, pl.Note = in.Name, target, in.Frequency, checklist, in.Assignee, in.Note
	if !in.StartOn.IsZero() {
		pl.StartOn = govops.StoredTime(in.StartOn)
	}
	if in.Status != "" {
		pl.Status = in.Status
	}
	return nil
}

// planTargetProblems adds the problems of a target's fields to p.
func planTargetProblems(p *govops.Problems, t Target) {
	switch t.Kind {
	case TargetRoom:
		govops.CheckCode(p, "target.site", t.Site)
		govops.CheckCode(p, "target.room", t.Room)
		if t.Device != "" {
			p.Add("target.device", "a room target names no device: leave it out")
		}
	case TargetDevice:
		if t.Device == "" {
			p.Add("target.device", "required: the asset tag of the device")
		} else {
			govops.CheckNumber(p, "target.device", t.Device)
		}
		opsCode(p, "target.site", t.Site)
		opsCode(p, "target.room", t.Room)
	case "":
		p.Add("target.kind", `required: "room" (a room of a site) or "device" (a device of the register)`)
	default:
		p.Addf("target.kind", `%q is not a target kind: use "room" or "device"`, govops.Truncate(string(t.Kind), 40))
	}
}

// planTarget checks the target against the sites and the register: a
// device target takes its site and room from the device.
func (s *Service) planTarget(ctx context.Context, t Target) (Target, error) {
	if t.Kind == TargetRoom {
		site, err := s.opsSite(ctx, "target.site", t.Site)
		if err != nil {
			return Target{}, err
		}
		if why := opsRoom(site, t.Room, ""); why != "" {
			return Target{}, govops.FieldError("target.room", why)
		}
		return t, nil
	}
	d, err := s.store.DeviceByTag(ctx, t.Device)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return Target{}, govops.Errorf(govops.ENOTFOUND, "no device %s in the register", t.Device).
			WithField("target.device", "no such device: give the asset tag of a device of the register")
	}
	if err != nil {
		return Target{}, err
	}
	var p govops.Problems
	if d.Status == DeviceRetired {
		p.Addf("target.device", "device %s is retired (%s): there is nothing to inspect", d.AssetTag, d.Status.Label())
	}
	if t.Site != "" && t.Site != d.Site {
		p.Addf("target.site", "device %s stands at site %s, not %s: leave it out", d.AssetTag, d.Site, t.Site)
	}
	if t.Room != "" && t.Room != d.Room {
		p.Addf("target.room", "device %s stands in room %q, not %s: leave it out", d.AssetTag, d.Room, t.Room)
	}
	if err := p.Err(); err != nil {
		return Target{}, err
	}
	return Target{Kind: TargetDevice, Site: d.Site, Room: d.Room, Device: d.AssetTag}, nil
}

// planChecklist adds the problems of a checklist to p and returns it
// trimmed.
func planChecklist(p *govops.Problems, items []string) []string {
	switch {
	case len(items) == 0:
		p.Add("checklist", "required: at least one item to check")
		return nil
	case len(items) > MaxChecklist:
		p.Addf("checklist", "has %d items: at most %d", len(items), MaxChecklist)
		return nil
	}
	out := make([]string, len(items))
	for i, it := range items {
		field := fmt.Sprintf("checklist[%d]", i)
		out[i] = strings.TrimSpace(it)
		switch {
		case out[i] == "":
			p.Add(field, "is blank: name what to check")
		case slices.Contains(out[:i], out[i]):
			p.Addf(field, "%q is on the checklist already (checklist[%d])", govops.Truncate(out[i], 40), slices.Index(out, out[i]))
		default:
			govops.CheckText(p, field, out[i], MaxNameLen, true)
		}
	}
	return out
}

func planFrequencyList() string {
	parts := make([]string, 0, len(Frequencies()))
	for _, f := range Frequencies() {
		parts = append(parts, fmt.Sprintf("%s (%s)", f, f.Label()))
	}
	return strings.Join(parts, ", ")
}

// Plan returns the plan ref (its ID). District-wide actors only.
func (s *Service) Plan(ctx context.Context, by govops.Actor, ref string) (*Plan, error) {
	if err := by.ReadDistrict("inspection plans"); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "inspection plan")
	if err != nil {
		return nil, err
	}
	pl, err := s.store.Plan(ctx, id)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, "", *pl)
	return &out, nil
}

// Plans lists plans, by ID: those of a status, and those whose target is
// at a site. District-wide actors only.
func (s *Service) Plans(ctx context.Context, by govops.Actor, in PlanListInput) (govops.Page[Plan], error) {
	var none govops.Page[Plan]
	if err := by.ReadDistrict("inspection plans"); err != nil {
		return none, err
	}
	var p govops.Problems
	if in.Status != "" && !in.Status.Valid() {
		p.Addf("status", "%q is not a plan status: use active or paused", govops.Truncate(string(in.Status), 40))
	}
	opsCode(&p, "site", in.Site)
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return none, err
	}
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return none, err
	}
	ps, err := s.store.Plans(ctx, PlanFilter{Status: in.Status, Site: in.Site}, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range ps {
		ps[i] = govops.MaskFor(by, "", ps[i])
	}
	return govops.NewPage(ps, limit, func(pl Plan) string { return pl.ID.String() }), nil
}

// PlanTrail returns the trail of the plan ref: its changes and every
// inspection recorded. District-wide actors only.
func (s *Service) PlanTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	pl, err := s.Plan(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return opsTrail(ctx, s.store, pl.ID, by.SeesPersonalData(""))
}

// RecordInspection records an inspection done under the plan ref (its
// ID) and moves its next due date, in one Store call. Center only.
//
// At is now unless set, never in the future; the inspector is the actor
// unless set. Results answer every item of the checklist exactly once: an
// item not on it, or answered twice, is EINVALID naming
// "results[i].item", and items left unanswered are named under "results".
// The record passes when every item is OK; findings are required when it
// does not. A paused plan is ECONFLICT. The plan's LastDone becomes the
// latest inspection recorded (one recorded late for an earlier day does
// not move it back) and NextDue one period after it (see CreatePlan).
func (s *Service) RecordInspection(ctx context.Context, by govops.Actor, ref string, in RecordInput) (*Record, error) {
	if err := by.CenterOnly("record inspections"); err != nil {
		return nil, err
	}
	in.Inspector, in.Findings = strings.TrimSpace(in.Inspector), strings.TrimSpace(in.Findings)
	if in.Inspector == "" {
		in.Inspector = by.Name
	}
	var p govops.Problems
	govops.CheckTime(&p, "at", in.At, false)
	govops.CheckText(&p, "inspector", in.Inspector, MaxNameLen, true)
	govops.CheckText(&p, "findings", in.Findings, MaxNoteLen, false)
	govops.CheckIfVersion(&p, in.IfVersion)
	if len(in.Results) > MaxChecklist {
		p.Addf("results", "has %d results: at most %d", len(in.Results), MaxChecklist)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "inspection plan")
	if err != nil {
		return nil, err
	}
	rid, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	var out *Record
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Plan(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("inspection plan "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if cur.Status != PlanActive {
			return nil, govops.Errorf(govops.ECONFLICT, "inspection plan %s is %s (%s): resume it before recording an inspection", cur.ID, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		now := s.clock()
		at := now
		if !in.At.IsZero() {
			at = govops.StoredTime(in.At)
		}
		var p govops.Problems
		govops.CheckPast(&p, "at", at, now)
		results := recordResults(&p, cur.Checklist, in.Results)
		passed := !slices.ContainsFunc(results, func(r CheckResult) bool { return !r.OK })
		if !passed && in.Findings == "" {
			p.Add("findings", "required when an item is not OK: say what was found and done")
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
		r := Record{ID: rid, Plan: cur.ID, Target: cur.Target, At: at, Inspector: in.Inspector, Results: results,
			Findings: in.Findings, Passed: passed, CreatedAt: now}
		next := *cur
		if at.After(next.LastDone) {
			next.LastDone = at
		}
		next.NextDue = planNextDue(&next)
		next.Version, next.UpdatedAt = cur.Version+1, now
		note := "passed"
		if !passed {
			note = "not passed: " + in.Findings
		}
		ev, err := opsEvent(next.ID, next.Version, EventInspectionRecorded, by, now, Status(cur.Status), Status(next.Status), "", note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &r, func() error { return s.store.AddRecord(ctx, &r, &next, []Event{ev}) }), nil
	})
	return out, err
}

// recordResults checks the results against the checklist and returns them
// in its order, notes trimmed.
func recordResults(p *govops.Problems, checklist []string, results []CheckResult) []CheckResult {
	at := make(map[string]int, len(results))
	for i, r := range results {
		field := fmt.Sprintf("results[%d]", i)
		item := strings.TrimSpace(r.Item)
		switch j, dup := at[item]; {
		case item == "":
			p.Add(field+".item", "required: the checklist item this result answers")
		case !slices.Contains(checklist, item):
			p.Addf(field+".item", "%q is not on the plan's checklist: %s", govops.Truncate(item, 40), govops.Truncate(strings.Join(checklist, ", "), 300))
		case dup:
			p.Addf(field+".item", "%q is answered already (results[%d]): answer each item once", govops.Truncate(item, 40), j)
		default:
			at[item] = i
		}
		govops.CheckText(p, field+".note", r.Note, MaxNoteLen, false)
	}
	var missing []string
	out := make([]CheckResult, 0, len(checklist))
	for _, item := range checklist {
		i, ok := at[item]
		if !ok {
			missing = append(missing, item)
			continue
		}
		out = append(out, CheckResult{Item: item, OK: results[i].OK, Note: strings.TrimSpace(results[i].Note)})
	}
	if len(missing) > 0 {
		p.Addf("results", "%d checklist items have no result: %s", len(missing), govops.Truncate(strings.Join(missing, ", "), 300))
	}
	return out
}

// Records lists inspection records, by ID: those of a plan (its ID), and
// those done in [From, To). District-wide actors only.
func (s *Service) Records(ctx context.Context, by govops.Actor, in RecordListInput) (govops.Page[Record], error) {
	var none govops.Page[Record]
	if err := by.ReadDistrict("inspection records"); err != nil {
		return none, err
	}
	var p govops.Problems
	govops.CheckPeriod(&p, "from", in.From, "to", in.To)
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return none, err
	}
	f := RecordFilter{From: govops.StoredTime(in.From), To: govops.StoredTime(in.To)}
	if in.Plan != "" {
		id, err := govops.ParseID("plan", in.Plan, "inspection plan")
		if err != nil {
			return none, err
		}
		f.Plan = id
	}
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return none, err
	}
	rs, err := s.store.Records(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range rs {
		rs[i] = govops.MaskFor(by, "", rs[i])
	}
	return govops.NewPage(rs, limit, func(r Record) string { return r.ID.String() }), nil
}

// OverdueInspections lists the active plans whose next inspection is past
// due (NextDue before now), most overdue first, each with the whole days
// it is overdue. District-wide actors only.
func (s *Service) OverdueInspections(ctx context.Context, by govops.Actor) ([]OverdueInspection, error) {
	if err := by.ReadDistrict("overdue inspections"); err != nil {
		return nil, err
	}
	now := s.clock()
	ps, err := s.store.Plans(ctx, PlanFilter{Status: PlanActive, DueBefore: now}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	out := make([]OverdueInspection, 0, len(ps))
	for _, pl := range ps {
		if pl.Status != PlanActive || !pl.NextDue.Before(now) {
			continue
		}
		out = append(out, OverdueInspection{Plan: govops.MaskFor(by, "", pl), DaysOverdue: int(now.Sub(pl.NextDue) / (24 * time.Hour))})
	}
	slices.SortFunc(out, func(a, b OverdueInspection) int {
		return cmp.Or(a.Plan.NextDue.Compare(b.Plan.NextDue), bytes.Compare(a.Plan.ID[:], b.Plan.ID[:]))
	})
	return out, nil
}
