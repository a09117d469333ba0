package security

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// incidentOrder is the order an incident's statuses come in.
var incidentOrder = []IncidentStatus{IncidentDetected, IncidentReported, IncidentContained, IncidentResolved}

// ReportIncident records an incident of a unit (in.Department, "" for the
// center's): the center reports for any unit, a department for itself.
//
// Title, type, grade and DetectedAt (not in the future) are required; the
// colour is the grade's unless set. ReportedAt, when given, is not before
// DetectedAt nor in the future, and the incident is then reported.
func (s *Service) ReportIncident(ctx context.Context, by govops.Actor, in IncidentInput) (*Incident, error) {
	dept, err := by.ActFor(in.Department, "report incidents")
	if err != nil {
		return nil, err
	}
	in.Department = dept
	now := s.clock()
	var p govops.Problems
	if in.IfVersion != 0 {
		p.Add("if_version", "a new incident has no version: leave it out")
	}
	i := Incident{Status: IncidentDetected}
	incidentFill(&p, &i, in)
	okDet := govops.CheckPastTime(&p, "detected_at", in.DetectedAt, true, now)
	if govops.CheckPastTime(&p, "reported_at", in.ReportedAt, false, now) && okDet && !in.ReportedAt.IsZero() && in.ReportedAt.Before(in.DetectedAt) {
		p.Add("reported_at", "must not be before detected_at")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	i.Department, i.DetectedAt = dept, govops.StoredTime(in.DetectedAt)
	if !in.ReportedAt.IsZero() {
		i.ReportedAt, i.Status = govops.StoredTime(in.ReportedAt), IncidentReported
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	i.ID, i.Version, i.CreatedAt, i.UpdatedAt = id, 1, now, now
	ev, err := newEvent(id, 1, EventIncidentReported, by, now, "", string(i.Status), i.Department, i.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateIncident(ctx, &i, []Event{ev}); err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, i.Department, i)
	return &out, nil
}

// incidentFill checks the description, type, grade and colour of in and
// writes them into i.
func incidentFill(p *govops.Problems, i *Incident, in IncidentInput) {
	in.Title, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note)
	text(p, "title", in.Title, MaxNameLen, true)
	govops.CheckEnum(p, "type", in.Type, true, IncidentType.Valid, IncidentTypes(), IncidentType.Label, "incident type")
	govops.CheckEnum(p, "grade", in.Grade, true, Grade.Valid, Grades(), Grade.Label, "grade")
	govops.CheckEnum(p, "colour", in.Colour, false, Colour.Valid, Colours(), Colour.Label, "warning colour")
	text(p, "note", in.Note, MaxNoteLen, false)
	if in.Colour == "" {
		in.Colour = in.Grade.Colour()
	}
	i.Title, i.Type, i.Grade, i.Colour, i.Note = in.Title, in.Type, in.Grade, in.Colour, in.Note
}

// incident returns the incident id as by may see it: another unit's is
// ENOTFOUND to a department.
func (s *Service) incident(ctx context.Context, by govops.Actor, id uuid.UUID) (*Incident, error) {
	return govops.ReadOne(ctx, by, id.String(), "incident", s.store.Incident, incidentUnit)
}

// incidentUnit returns the unit an incident belongs to.
func incidentUnit(i *Incident) string { return i.Department }

// UpdateIncident changes an incident's description, type, grade and
// colour (ref is its ID); its unit and times stay (in.Department,
// in.DetectedAt and in.ReportedAt, when set, must be the incident's: the
// times move with MoveIncident). The center, or the unit itself.
func (s *Service) UpdateIncident(ctx context.Context, by govops.Actor, ref string, in IncidentInput) (*Incident, error) {
	if err := by.MayWrite("change incidents"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	optCode(&p, "department", in.Department)
	govops.CheckTime(&p, "detected_at", in.DetectedAt, false)
	govops.CheckTime(&p, "reported_at", in.ReportedAt, false)
	var probe Incident
	incidentFill(&p, &probe, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "incident")
	if err != nil {
		return nil, err
	}
	var out *Incident
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.incident(ctx, by, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("incident", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		var p govops.Problems
		if in.Department != "" && in.Department != cur.Department {
			p.Add("department", "an incident keeps its unit: leave it out")
		}
		if !in.DetectedAt.IsZero() && !govops.StoredTime(in.DetectedAt).Equal(cur.DetectedAt) {
			p.Add("detected_at", "the times move with the incident's steps: leave it out")
		}
		if !in.ReportedAt.IsZero() && !govops.StoredTime(in.ReportedAt).Equal(cur.ReportedAt) {
			p.Add("reported_at", "the times move with the incident's steps: leave it out")
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
		next := *cur
		incidentFill(&p, &next, in)
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventIncidentUpdated, by, now, string(cur.Status), string(next.Status), next.Department, next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateIncident(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	v := govops.MaskFor(by, out.Department, *out)
	return &v, nil
}

// MoveIncident records the step an incident reached (ref is its ID): a
// status later than its own in the order detected, reported, contained,
// resolved (steps may be skipped, and an incident contained or resolved
// unreported keeps ReportedAt zero), at in.At (now unless set), never in
// the future nor before any time recorded. The center, or the unit itself.
func (s *Service) MoveIncident(ctx context.Context, by govops.Actor, ref string, in IncidentStep) (*Incident, error) {
	if err := by.MayWrite("move incidents"); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	now := s.clock()
	var p govops.Problems
	govops.CheckEnum(&p, "to", in.To, true, IncidentStatus.Valid, incidentOrder, IncidentStatus.Label, "incident status")
	govops.CheckPastTime(&p, "at", in.At, false, now)
	text(&p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	at := now
	if !in.At.IsZero() {
		at = govops.StoredTime(in.At)
	}
	id, err := govops.ParseID("ref", ref, "incident")
	if err != nil {
		return nil, err
	}
	var out *Incident
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.incident(ctx, by, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("incident", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if slices.Index(incidentOrder, in.To) <= slices.Index(incidentOrder, cur.Status) {
			return nil, govops.Errorf(govops.ECONFLICT, "incident %s is %s (%s): it cannot move to %s (%s), only to a later step",
				cur.ID, cur.Status, cur.Status.Label(), in.To, in.To.Label()).WithField("to", "must come after "+string(cur.Status))
		}
		for _, t := range []struct {
			name string
			at   time.Time
		}{{"detected", cur.DetectedAt}, {"reported", cur.ReportedAt}, {"contained", cur.ContainedAt}} {
			if !t.at.IsZero() && at.Before(t.at) {
				return nil, govops.FieldError("at", "must not be before the incident was "+t.name+" ("+show(t.at)+")")
			}
		}
		next := *cur
		switch in.To {
		case IncidentReported:
			next.ReportedAt = at
		case IncidentContained:
			next.ContainedAt = at
		case IncidentResolved:
			next.ResolvedAt = at
		}
		next.Status = in.To
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventIncidentMoved, by, next.UpdatedAt, string(cur.Status), string(next.Status), next.Department, in.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateIncident(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	v := govops.MaskFor(by, out.Department, *out)
	return &v, nil
}

// times returns how long i took at each step, at now.
func (s *Service) times(i Incident, now time.Time) IncidentTimes {
	t := IncidentTimes{Incident: i, ReportLimit: s.reportLimits[i.Grade]}
	since := func(at time.Time) time.Duration {
		if at.IsZero() {
			return 0
		}
		return at.Sub(i.DetectedAt)
	}
	t.ReportIn, t.ContainIn, t.ResolveIn = since(i.ReportedAt), since(i.ContainedAt), since(i.ResolvedAt)
	reported := !i.ReportedAt.IsZero()
	t.ReportedOnTime = reported && t.ReportIn <= t.ReportLimit
	t.Late = (reported && t.ReportIn > t.ReportLimit) || (!reported && now.Sub(i.DetectedAt) > t.ReportLimit)
	return t
}

// Incident returns one incident with its times (ref is its ID): a
// department reads its own unit's only.
func (s *Service) Incident(ctx context.Context, by govops.Actor, ref string) (*IncidentTimes, error) {
	i, err := govops.ReadOne(ctx, by, ref, "incident", s.store.Incident, incidentUnit)
	if err != nil {
		return nil, err
	}
	t := s.times(govops.MaskFor(by, i.Department, *i), s.clock())
	return &t, nil
}

// Incidents lists incidents with their times by ID: those of a unit, a
// grade, a status, detected in a year. A department lists its own unit's
// only (asking for another is EFORBIDDEN).
func (s *Service) Incidents(ctx context.Context, by govops.Actor, in IncidentListInput) (govops.Page[IncidentTimes], error) {
	var none govops.Page[IncidentTimes]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	govops.CheckEnum(&p, "grade", in.Grade, false, Grade.Valid, Grades(), Grade.Label, "grade")
	govops.CheckEnum(&p, "status", in.Status, false, IncidentStatus.Valid, incidentOrder, IncidentStatus.Label, "incident status")
	checkYear(&p, "year", in.Year, false)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	f := IncidentFilter{Department: dept, Grade: in.Grade, Status: in.Status}
	f.From, f.To = yearSpan(in.Year)
	is, err := s.store.Incidents(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	now := s.clock()
	out := make([]IncidentTimes, 0, len(is))
	for _, i := range is {
		if by.MaySee(i.Department) {
			out = append(out, s.times(govops.MaskFor(by, i.Department, i), now))
		}
	}
	return govops.IDPage(out, limit, func(t IncidentTimes) uuid.UUID { return t.Incident.ID }), nil
}

// IncidentTrail returns an incident's trail: a department reads its own
// unit's only.
func (s *Service) IncidentTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	i, err := govops.ReadOne(ctx, by, ref, "incident", s.store.Incident, incidentUnit)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, i.ID, i.Department)
}
