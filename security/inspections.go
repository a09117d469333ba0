package security

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// RecordInspection records a self-inspection of a unit (in.Department, ""
// for the center's own systems). Center only.
//
// The date is required and not in the future, the scope required, the
// inspector the actor unless set. Items answer checklist items (built-in
// or stored, not retired), each at most once, with a result; a fail or
// partial result needs a note. Control is copied from the checklist.
// Findings are checked as every record's (see Observation).
func (s *Service) RecordInspection(ctx context.Context, by govops.Actor, in InspectionInput) (*Inspection, error) {
	if err := by.CenterOnly("record self-inspections"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Inspector) == "" {
		in.Inspector = by.Name
	}
	list, err := s.checklist(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	if in.IfVersion != 0 {
		p.Add("if_version", "a new inspection has no version: leave it out")
	}
	var in2 Inspection
	if err := inspectionFill(&p, &in2, in, list, nil, now); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, append([][2]string{{"department", in.Department}}, findingUnits("findings", in.Findings)...)); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	in2.ID, in2.Version, in2.CreatedAt, in2.UpdatedAt = id, 1, now, now
	ev, err := newEvent(id, 1, EventInspectionRecorded, by, now, "", "", in2.Department, in2.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateInspection(ctx, &in2, []Event{ev}); err != nil {
		return nil, err
	}
	return &in2, nil
}

// inspectionFill checks in against the checklist list and writes it into
// x. Items of old (the inspection as stored) stay valid when their
// checklist item was retired since.
func inspectionFill(p *govops.Problems, x *Inspection, in InspectionInput, list []ChecklistItem, old []ItemResult, now time.Time) error {
	in.Scope, in.Inspector, in.Note = strings.TrimSpace(in.Scope), strings.TrimSpace(in.Inspector), strings.TrimSpace(in.Note)
	optCode(p, "department", in.Department)
	govops.CheckPastTime(p, "date", in.Date, true, now)
	text(p, "scope", in.Scope, MaxNoteLen, true)
	text(p, "inspector", in.Inspector, MaxNameLen, true)
	items := inspectionItems(p, in.Items, list, old)
	obs := findings(p, in.Findings)
	text(p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(p, in.IfVersion)
	if err := p.Err(); err != nil {
		return err
	}
	x.Department, x.Date, x.Scope, x.Inspector, x.Items, x.Findings, x.Note = in.Department, govops.StoredTime(in.Date), in.Scope, in.Inspector, items, obs, in.Note
	return nil
}

// inspectionItems checks the items of an inspection against the checklist.
func inspectionItems(p *govops.Problems, items []ItemResult, list []ChecklistItem, old []ItemResult) []ItemResult {
	if len(items) > MaxItems {
		p.Addf("items", "has %d items: at most %d", len(items), MaxItems)
		return nil
	}
	known := make(map[string]ChecklistItem, len(list))
	for _, c := range list {
		known[c.Code] = c
	}
	wasOn := make(map[string]bool, len(old))
	for _, r := range old {
		wasOn[r.Item] = true
	}
	seen := map[string]int{}
	out := make([]ItemResult, 0, len(items))
	for i, r := range items {
		f := fmt.Sprintf("items[%d]", i)
		r.Item, r.Note = strings.TrimSpace(r.Item), strings.TrimSpace(r.Note)
		c, ok := known[r.Item]
		switch j, dup := seen[r.Item]; {
		case r.Item == "":
			p.Add(f+".item", "required: the code of a checklist item")
		case !ok:
			p.Addf(f+".item", "%q is not a checklist item: see the checklist for the codes", govops.Truncate(r.Item, 40))
		case c.Retired && !wasOn[r.Item]:
			p.Addf(f+".item", "checklist item %s is retired: it is no longer asked", r.Item)
		case dup:
			p.Addf(f+".item", "%s is answered already (items[%d]): answer each item once", r.Item, j)
		default:
			seen[r.Item] = i
		}
		if govops.CheckEnum(p, f+".result", r.Result, true, Result.Valid, []Result{ResultPass, ResultPartial, ResultFail, ResultNA}, Result.Label, "result") &&
			(r.Result == ResultFail || r.Result == ResultPartial) && r.Note == "" {
			p.Addf(f+".note", "required when the result is %s (%s): say what falls short", r.Result, r.Result.Label())
		}
		text(p, f+".note", r.Note, MaxNoteLen, false)
		r.Control = c.Control
		out = append(out, r)
	}
	return out
}

// UpdateInspection changes an inspection (ref is its ID), as
// RecordInspection checks it. A finding raised as a hardening record may
// be neither removed nor changed (ECONFLICT). Center only.
func (s *Service) UpdateInspection(ctx context.Context, by govops.Actor, ref string, in InspectionInput) (*Inspection, error) {
	if err := by.CenterOnly("change self-inspections"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Inspector) == "" {
		in.Inspector = by.Name
	}
	list, err := s.checklist(ctx)
	if err != nil {
		return nil, err
	}
	var probe Inspection
	if err := inspectionFill(&govops.Problems{}, &probe, in, list, nil, s.clock()); err != nil && !onlyRetired(err) {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, append([][2]string{{"department", in.Department}}, findingUnits("findings", in.Findings)...)); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "inspection")
	if err != nil {
		return nil, err
	}
	var out *Inspection
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Inspection(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("inspection", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		next := *cur
		now := s.clock()
		if err := inspectionFill(&govops.Problems{}, &next, in, list, cur.Items, now); err != nil {
			return nil, err
		}
		if err := s.keepRaised(ctx, SourceInspection, cur.ID, cur.Findings, next.Findings); err != nil {
			return nil, err
		}
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventInspectionUpdated, by, now, "", "", next.Department, next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateInspection(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// onlyRetired reports whether every problem of err is a retired item, which
// an update may keep.
func onlyRetired(err error) bool {
	fs := govops.ErrorFields(err)
	if len(fs) == 0 {
		return false
	}
	for _, why := range fs {
		if !strings.Contains(why, "is retired") {
			return false
		}
	}
	return true
}

// inspection returns the inspection id as by may see it: another unit's
// is ENOTFOUND to a department.
func (s *Service) inspection(ctx context.Context, by govops.Actor, ref string) (*Inspection, error) {
	return govops.ReadOne(ctx, by, ref, "inspection", s.store.Inspection, func(x *Inspection) string { return x.Department })
}

// Inspection returns one inspection (ref is its ID): a department reads
// its own unit's only.
func (s *Service) Inspection(ctx context.Context, by govops.Actor, ref string) (*Inspection, error) {
	x, err := s.inspection(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, x.Department, *x)
	return &out, nil
}

// Inspections lists inspections by ID: those of a unit and a year. A
// department lists its own unit's only (asking for another is
// EFORBIDDEN).
func (s *Service) Inspections(ctx context.Context, by govops.Actor, in InspectionListInput) (govops.Page[Inspection], error) {
	var none govops.Page[Inspection]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	checkYear(&p, "year", in.Year, false)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	f := InspectionFilter{Department: dept}
	f.From, f.To = yearSpan(in.Year)
	xs, err := s.store.Inspections(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	kept := xs[:0]
	for _, x := range xs {
		if by.MaySee(x.Department) {
			kept = append(kept, govops.MaskFor(by, x.Department, x))
		}
	}
	return govops.IDPage(kept, limit, func(x Inspection) uuid.UUID { return x.ID }), nil
}

// InspectionTrail returns an inspection's trail: a department reads its
// own unit's only.
func (s *Service) InspectionTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	x, err := s.inspection(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, x.ID, x.Department)
}
