package security

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// OpenHardening records a finding from outside a drill, inspection or
// exercise (SourceOther, with in.SourceRef as its Ref), open. The
// department is the asset owner's ("" for the center's own); asset, kind
// and severity are required; FoundOn is today unless set, never in the
// future. Center only.
func (s *Service) OpenHardening(ctx context.Context, by govops.Actor, in HardeningInput) (*Hardening, error) {
	if err := by.CenterOnly("open hardening records"); err != nil {
		return nil, err
	}
	now := s.clock()
	h := Hardening{Status: HardeningOpen, FoundOn: dayOf(now), Source: Source{Kind: SourceOther}}
	var p govops.Problems
	if in.IfVersion != 0 {
		p.Add("if_version", "a new record has no version: leave it out")
	}
	hardeningFill(&p, &h, in, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	h.ID, h.Version, h.CreatedAt, h.UpdatedAt = id, 1, now, now
	ev, err := newEvent(id, 1, EventHardeningOpened, by, now, "", string(HardeningOpen), h.Department, h.Detail)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateHardenings(ctx, []Hardening{h}, []Event{ev}); err != nil {
		return nil, err
	}
	return &h, nil
}

// hardeningFill checks in and writes it into h; a zero FoundOn keeps h's.
func hardeningFill(p *govops.Problems, h *Hardening, in HardeningInput, now time.Time) {
	in.Asset, in.Detail, in.SourceRef = strings.TrimSpace(in.Asset), strings.TrimSpace(in.Detail), strings.TrimSpace(in.SourceRef)
	optCode(p, "department", in.Department)
	text(p, "asset", in.Asset, MaxNameLen, true)
	checkKind(p, "kind", in.Kind, true)
	checkSeverity(p, "severity", in.Severity, true)
	text(p, "detail", in.Detail, MaxNoteLen, false)
	text(p, "source_ref", in.SourceRef, MaxNameLen, false)
	govops.CheckPastTime(p, "found_on", in.FoundOn, false, now)
	h.Department, h.Asset, h.Kind, h.Severity, h.Detail = in.Department, in.Asset, in.Kind, in.Severity, in.Detail
	if h.Source.Kind == SourceOther {
		h.Source.Ref = in.SourceRef
	}
	if !in.FoundOn.IsZero() {
		h.FoundOn = govops.StoredTime(in.FoundOn)
	}
}

// UpdateHardening changes an open record's description (ref is its ID),
// as OpenHardening checks it; a record not open is ECONFLICT. A raised
// record keeps its source, and its Ref is the other sources' only. Center
// only.
func (s *Service) UpdateHardening(ctx context.Context, by govops.Actor, ref string, in HardeningInput) (*Hardening, error) {
	if err := by.CenterOnly("change hardening records"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	var probe Hardening
	hardeningFill(&p, &probe, in, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "hardening record")
	if err != nil {
		return nil, err
	}
	var out *Hardening
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Hardening(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("hardening record", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if cur.Status != HardeningOpen {
			return nil, govops.Errorf(govops.ECONFLICT, "hardening record %s is %s (%s): only an open record changes", cur.ID, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		next := *cur
		var p govops.Problems
		hardeningFill(&p, &next, in, now)
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventHardeningUpdated, by, next.UpdatedAt, string(cur.Status), string(next.Status), next.Department, next.Detail)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateHardening(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// RaiseFindings makes a hardening record of every asset finding of the
// inspection, exercise or drill ref (its ID) not yet raised, in one Store
// call: open, owned by the finding's department, found on the source's
// date (an exercise's start). It returns the new records, none when every
// finding is raised already. Center only.
func (s *Service) RaiseFindings(ctx context.Context, by govops.Actor, kind SourceKind, ref string) ([]Hardening, error) {
	if err := by.CenterOnly("raise findings"); err != nil {
		return nil, err
	}
	if kind == SourceOther || !kind.Valid() {
		return nil, govops.FieldError("kind", `must be "inspection", "exercise" or "drill": the record whose findings are raised`)
	}
	id, err := govops.ParseID("ref", ref, string(kind))
	if err != nil {
		return nil, err
	}
	var (
		obs   []Observation
		found time.Time
	)
	switch kind {
	case SourceInspection:
		x, err := s.store.Inspection(ctx, id)
		if err != nil {
			return nil, err
		}
		obs, found = x.Findings, x.Date
	case SourceExercise:
		x, err := s.store.Exercise(ctx, id)
		if err != nil {
			return nil, err
		}
		obs, found = x.Findings, x.Start
	case SourceDrill:
		d, err := s.store.Drill(ctx, id)
		if err != nil {
			return nil, err
		}
		obs, found = d.Findings, d.Date
	}
	out := []Hardening{}
	err = govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		raised, err := s.store.Hardenings(ctx, HardeningFilter{SourceKind: kind, SourceID: id}, uuid.Nil, 0)
		if err != nil {
			return nil, err
		}
		done := make(map[int]bool, len(raised))
		for _, h := range raised {
			done[h.Source.Seq] = true
		}
		now := s.clock()
		var hs []Hardening
		var evs []Event
		for _, o := range obs {
			if o.Asset == "" || done[o.Seq] {
				continue
			}
			hid, err := govops.NewID()
			if err != nil {
				return nil, err
			}
			h := Hardening{ID: hid, Department: o.Department, Asset: o.Asset, Kind: o.Kind, Severity: o.Severity, Detail: o.Detail,
				Source: Source{Kind: kind, ID: id, Seq: o.Seq}, FoundOn: found, Status: HardeningOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
			ev, err := newEvent(hid, 1, EventHardeningOpened, by, now, "", string(HardeningOpen), h.Department, h.Detail)
			if err != nil {
				return nil, err
			}
			hs, evs = append(hs, h), append(evs, ev)
		}
		if len(hs) == 0 {
			return nil, nil
		}
		return func() error {
			if err := s.store.CreateHardenings(ctx, hs, evs); err != nil {
				return err
			}
			out = hs
			return nil
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hardeningStepTo runs one step of the record ref's lifecycle: load it as
// by may see it, check the version and the move, apply change, write it
// with its event.
func (s *Service) hardeningStepTo(ctx context.Context, by govops.Actor, ref string, ifVersion int64, step hardeningStep,
	change func(cur, next *Hardening) (note string, err error)) (*Hardening, error) {
	id, err := govops.ParseID("ref", ref, "hardening record")
	if err != nil {
		return nil, err
	}
	var out *Hardening
	err = govops.UpdateVersioned(ctx, ifVersion, func() (func() error, error) {
		cur, err := s.store.Hardening(ctx, id)
		if err != nil {
			return nil, err
		}
		if !by.MaySee(cur.Department) {
			return nil, govops.Errorf(govops.ENOTFOUND, "no hardening record %s", id)
		}
		if err := govops.CheckVersion("hardening record", cur.ID, cur.Version, ifVersion); err != nil {
			return nil, err
		}
		rule, err := hardeningMove(cur, step)
		if err != nil {
			return nil, err
		}
		next := *cur
		note, err := change(cur, &next)
		if err != nil {
			return nil, err
		}
		next.Status = rule.to
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, rule.event, by, next.UpdatedAt, string(cur.Status), string(next.Status), next.Department, note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateHardening(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	v := govops.MaskFor(by, out.Department, *out)
	return &v, nil
}

// Remediate records the remediation of an open record (ref is its ID):
// what was done and by whom are required; On is now unless set, never in
// the future nor before the record was found. The center or the unit that
// owns the asset (another unit's record is ENOTFOUND to a department).
func (s *Service) Remediate(ctx context.Context, by govops.Actor, ref string, in Remediation) (*Hardening, error) {
	if err := by.MayWrite("remediate hardening records"); err != nil {
		return nil, err
	}
	in.Remediation, in.RemediatedBy = strings.TrimSpace(in.Remediation), strings.TrimSpace(in.RemediatedBy)
	now := s.clock()
	var p govops.Problems
	text(&p, "remediation", in.Remediation, MaxNoteLen, true)
	text(&p, "remediated_by", in.RemediatedBy, MaxNameLen, true)
	govops.CheckPastTime(&p, "on", in.On, false, now)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	on := now
	if !in.On.IsZero() {
		on = govops.StoredTime(in.On)
	}
	return s.hardeningStepTo(ctx, by, ref, in.IfVersion, stepRemediate, func(cur, next *Hardening) (string, error) {
		if on.Before(dayOf(cur.FoundOn)) {
			return "", govops.FieldError("on", "must not be before the record was found ("+show(cur.FoundOn)+")")
		}
		next.Remediation, next.RemediatedBy, next.RemediatedOn = in.Remediation, in.RemediatedBy, on
		return in.Remediation, nil
	})
}

// Verify verifies a remediated record (ref is its ID): VerifiedBy is
// required and must not be who remediated it; At is now unless set, never
// in the future nor before the remediation. Center only.
func (s *Service) Verify(ctx context.Context, by govops.Actor, ref string, in Verification) (*Hardening, error) {
	if err := by.CenterOnly("verify hardening records"); err != nil {
		return nil, err
	}
	in.VerifiedBy, in.Note = strings.TrimSpace(in.VerifiedBy), strings.TrimSpace(in.Note)
	now := s.clock()
	var p govops.Problems
	text(&p, "verified_by", in.VerifiedBy, MaxNameLen, true)
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
	return s.hardeningStepTo(ctx, by, ref, in.IfVersion, stepVerify, func(cur, next *Hardening) (string, error) {
		if err := verifier(cur, in.VerifiedBy, "verified_by", at, "at"); err != nil {
			return "", err
		}
		next.VerifiedBy, next.VerifiedAt = in.VerifiedBy, at
		return in.Note, nil
	})
}

// verifier checks who verifies a remediated record, and when.
func verifier(cur *Hardening, who, whoField string, at time.Time, atField string) error {
	var p govops.Problems
	if who == cur.RemediatedBy {
		p.Addf(whoField, "%s remediated the record: someone else verifies it", who)
	}
	if at.Before(cur.RemediatedOn) {
		p.Addf(atField, "must not be before the remediation (%s)", show(cur.RemediatedOn))
	}
	return p.Err()
}

// Retest records a re-test of a record (ref is its ID): one that passed
// verifies a remediated record (as Verify, TestedBy the verifier, the
// actor unless set); one that failed reopens a remediated or verified
// record, counts it in Retests and clears its remediation and
// verification, and needs a note. Center only.
func (s *Service) Retest(ctx context.Context, by govops.Actor, ref string, in Retest) (*Hardening, error) {
	if err := by.CenterOnly("re-test hardening records"); err != nil {
		return nil, err
	}
	in.TestedBy, in.Note = strings.TrimSpace(in.TestedBy), strings.TrimSpace(in.Note)
	if in.TestedBy == "" {
		in.TestedBy = by.Name
	}
	now := s.clock()
	var p govops.Problems
	text(&p, "tested_by", in.TestedBy, MaxNameLen, true)
	govops.CheckPastTime(&p, "at", in.At, false, now)
	text(&p, "note", in.Note, MaxNoteLen, !in.Passed)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	at := now
	if !in.At.IsZero() {
		at = govops.StoredTime(in.At)
	}
	if in.Passed {
		return s.hardeningStepTo(ctx, by, ref, in.IfVersion, stepRetestPass, func(cur, next *Hardening) (string, error) {
			if err := verifier(cur, in.TestedBy, "tested_by", at, "at"); err != nil {
				return "", err
			}
			next.VerifiedBy, next.VerifiedAt = in.TestedBy, at
			return strings.TrimSpace("re-test passed " + in.Note), nil
		})
	}
	return s.hardeningStepTo(ctx, by, ref, in.IfVersion, stepRetestFail, func(cur, next *Hardening) (string, error) {
		next.Retests++
		next.Remediation, next.RemediatedBy, next.RemediatedOn = "", "", time.Time{}
		next.VerifiedBy, next.VerifiedAt = "", time.Time{}
		return in.Note, nil
	})
}

// hardening returns the record ref as by may see it: another unit's is
// ENOTFOUND to a department.
func (s *Service) hardening(ctx context.Context, by govops.Actor, ref string) (*Hardening, error) {
	return govops.ReadOne(ctx, by, ref, "hardening record", s.store.Hardening, func(h *Hardening) string { return h.Department })
}

// Hardening returns one record (ref is its ID): a department reads its
// own unit's only.
func (s *Service) Hardening(ctx context.Context, by govops.Actor, ref string) (*Hardening, error) {
	h, err := s.hardening(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, h.Department, *h)
	return &out, nil
}

// Hardenings lists records by ID: those of a unit, a status, a kind, a
// severity, a source kind and a source (its ID). A department lists its
// own unit's only (asking for another is EFORBIDDEN).
func (s *Service) Hardenings(ctx context.Context, by govops.Actor, in HardeningListInput) (govops.Page[Hardening], error) {
	var none govops.Page[Hardening]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	govops.CheckEnum(&p, "status", in.Status, false, HardeningStatus.Valid, []HardeningStatus{HardeningOpen, HardeningRemediated, HardeningVerified}, HardeningStatus.Label, "hardening status")
	checkKind(&p, "kind", in.Kind, false)
	checkSeverity(&p, "severity", in.Severity, false)
	govops.CheckEnum(&p, "source_kind", in.SourceKind, false, SourceKind.Valid, []SourceKind{SourceInspection, SourceExercise, SourceDrill, SourceOther}, SourceKind.Label, "source kind")
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	f := HardeningFilter{Department: dept, Status: in.Status, Kind: in.Kind, Severity: in.Severity, SourceKind: in.SourceKind}
	if in.Source != "" {
		if f.SourceID, err = govops.ParseID("source", in.Source, "source"); err != nil {
			return none, err
		}
	}
	hs, err := s.store.Hardenings(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	kept := hs[:0]
	for _, h := range hs {
		if by.MaySee(h.Department) {
			kept = append(kept, govops.MaskFor(by, h.Department, h))
		}
	}
	return govops.IDPage(kept, limit, func(h Hardening) uuid.UUID { return h.ID }), nil
}

// HardeningTrail returns a record's trail: a department reads its own
// unit's only.
func (s *Service) HardeningTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	h, err := s.hardening(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, h.ID, h.Department)
}
