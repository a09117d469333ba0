package security

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// RecordExercise records an attack-defense exercise. Center only.
//
// The name, start, end (not before the start) and role are required; the
// counts are never negative, and Blocked and Early never exceed Detected.
// Findings are checked as every record's (see Observation).
func (s *Service) RecordExercise(ctx context.Context, by govops.Actor, in ExerciseInput) (*Exercise, error) {
	if err := by.CenterOnly("record exercises"); err != nil {
		return nil, err
	}
	var p govops.Problems
	if in.IfVersion != 0 {
		p.Add("if_version", "a new exercise has no version: leave it out")
	}
	var x Exercise
	exerciseFill(&p, &x, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, findingUnits("findings", in.Findings)); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	x.ID, x.Version, x.CreatedAt, x.UpdatedAt = id, 1, now, now
	ev, err := newEvent(id, 1, EventExerciseRecorded, by, now, "", "", "", x.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateExercise(ctx, &x, []Event{ev}); err != nil {
		return nil, err
	}
	return &x, nil
}

// exerciseFill checks in and writes it into x.
func exerciseFill(p *govops.Problems, x *Exercise, in ExerciseInput) {
	in.Name, in.Organizer, in.Note = strings.TrimSpace(in.Name), strings.TrimSpace(in.Organizer), strings.TrimSpace(in.Note)
	text(p, "name", in.Name, MaxNameLen, true)
	text(p, "organizer", in.Organizer, MaxNameLen, false)
	okStart := govops.CheckTime(p, "start", in.Start, true)
	if govops.CheckTime(p, "end", in.End, true) && okStart && in.End.Before(in.Start) {
		p.Add("end", "must not be before start")
	}
	govops.CheckEnum(p, "role", in.Role, true, ExerciseRole.Valid, []ExerciseRole{RoleDefender, RoleTarget}, ExerciseRole.Label, "role")
	for _, c := range []struct {
		field string
		n     int
	}{{"detected", in.Detected}, {"blocked", in.Blocked}, {"early", in.Early}} {
		if c.n < 0 {
			p.Addf(c.field, "must not be negative (got %d)", c.n)
		}
	}
	if in.Blocked > in.Detected && in.Blocked >= 0 {
		p.Addf("blocked", "must not exceed detected (%d): only a detected attack is counted blocked", in.Detected)
	}
	if in.Early > in.Detected && in.Early >= 0 {
		p.Addf("early", "must not exceed detected (%d): only a detected attack is counted early", in.Detected)
	}
	obs := findings(p, in.Findings)
	text(p, "note", in.Note, MaxNoteLen, false)
	x.Name, x.Organizer, x.Start, x.End, x.Role = in.Name, in.Organizer, govops.StoredTime(in.Start), govops.StoredTime(in.End), in.Role
	x.Detected, x.Blocked, x.Early, x.Findings, x.Note = in.Detected, in.Blocked, in.Early, obs, in.Note
}

// UpdateExercise changes an exercise (ref is its ID), as RecordExercise
// checks it. A finding raised as a hardening record may be neither
// removed nor changed (ECONFLICT naming it). Center only.
func (s *Service) UpdateExercise(ctx context.Context, by govops.Actor, ref string, in ExerciseInput) (*Exercise, error) {
	if err := by.CenterOnly("change exercises"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	var probe Exercise
	exerciseFill(&p, &probe, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, findingUnits("findings", in.Findings)); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "exercise")
	if err != nil {
		return nil, err
	}
	var out *Exercise
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Exercise(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("exercise", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		next := *cur
		var p govops.Problems
		exerciseFill(&p, &next, in)
		if err := s.keepRaised(ctx, SourceExercise, cur.ID, cur.Findings, next.Findings); err != nil {
			return nil, err
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := newEvent(next.ID, next.Version, EventExerciseUpdated, by, now, "", "", "", next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateExercise(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// Exercise returns one exercise (ref is its ID). The center and
// district-wide readers only.
func (s *Service) Exercise(ctx context.Context, by govops.Actor, ref string) (*Exercise, error) {
	if err := by.ReadDistrict("exercises"); err != nil {
		return nil, err
	}
	x, err := govops.ReadOne(ctx, by, ref, "exercise", s.store.Exercise, nil)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, "", *x)
	return &out, nil
}

// Exercises lists exercises by ID: those that started in a year. The
// center and district-wide readers only.
func (s *Service) Exercises(ctx context.Context, by govops.Actor, in ExerciseListInput) (govops.Page[Exercise], error) {
	var none govops.Page[Exercise]
	if err := by.ReadDistrict("exercises"); err != nil {
		return none, err
	}
	var p govops.Problems
	checkYear(&p, "year", in.Year, false)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	var f ExerciseFilter
	f.From, f.To = yearSpan(in.Year)
	xs, err := s.store.Exercises(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range xs {
		xs[i] = govops.MaskFor(by, "", xs[i])
	}
	return govops.IDPage(xs, limit, func(x Exercise) uuid.UUID { return x.ID }), nil
}

// ExerciseTrail returns an exercise's trail. The center and district-wide
// readers only.
func (s *Service) ExerciseTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	x, err := s.Exercise(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, x.ID, "")
}

// ExerciseSummary sums up one exercise (ref is its ID): its block and
// early-detection rates, its findings by severity, and the hardening
// records raised from them by status. The center and district-wide
// readers only.
func (s *Service) ExerciseSummary(ctx context.Context, by govops.Actor, ref string) (*ExerciseSummary, error) {
	x, err := s.Exercise(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	sum, err := s.exerciseSummary(ctx, *x, time.Time{})
	if err != nil {
		return nil, err
	}
	return &sum, nil
}

// exerciseSummary sums up x; a non-zero at counts the records as they
// stood then (verified by at, or not).
func (s *Service) exerciseSummary(ctx context.Context, x Exercise, at time.Time) (ExerciseSummary, error) {
	sum := ExerciseSummary{Exercise: x, BlockRate: govops.NewRate(int64(x.Blocked), int64(x.Detected)),
		EarlyRate: govops.NewRate(int64(x.Early), int64(x.Detected)), Findings: len(x.Findings)}
	for _, sev := range Severities() {
		c := SeverityCount{Severity: sev}
		for _, o := range x.Findings {
			if o.Severity == sev {
				c.Count++
			}
		}
		sum.BySeverity = append(sum.BySeverity, c)
	}
	hs, err := s.store.Hardenings(ctx, HardeningFilter{SourceKind: SourceExercise, SourceID: x.ID}, uuid.Nil, 0)
	if err != nil {
		return sum, err
	}
	for _, h := range hs {
		sum.Raised++
		switch {
		case h.Status == HardeningVerified && (at.IsZero() || !h.VerifiedAt.After(at)):
			sum.Verified++
		case h.Status == HardeningRemediated:
			sum.Remediated++
		default:
			sum.Open++
		}
	}
	return sum, nil
}
