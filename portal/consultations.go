package portal

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// RecordConsultation records a consultation left on the site in.Site
// (code or ID): its Ref (the site's own number: letters, digits, '-',
// '_', '.' and '/'; unique within the site, ECONFLICT naming "ref"), the
// subject and the time received (a fact: not in the future) are
// required; the asker is optional personal data; the department is a
// unit code (the site's unless set). Center only.
func (s *Service) RecordConsultation(ctx context.Context, by govops.Actor, in ConsultationInput) (*Consultation, error) {
	if err := by.CenterOnly("record consultations"); err != nil {
		return nil, err
	}
	in.Subject, in.Asker = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Asker)
	now := s.clock()
	var p govops.Problems
	if in.Site == "" {
		p.Add("site", "required: the site's code or ID")
	}
	govops.CheckNumber(&p, "ref", in.Ref)
	text(&p, "subject", in.Subject, MaxNoteLen, true)
	govops.CheckPersonName(&p, "asker", in.Asker, MaxNameLen, false)
	optCode(&p, "department", in.Department)
	govops.CheckPastTime(&p, "received", in.Received, true, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	site, err := s.site(ctx, "site", in.Site)
	if err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	c := Consultation{ID: id, SiteID: site.ID, Ref: in.Ref, Subject: in.Subject, Asker: in.Asker, Department: firstOf(in.Department, site.Department),
		Received: govops.StoredTime(in.Received), Version: 1, CreatedAt: now, UpdatedAt: now}
	ev, err := newEvent(id, 1, EventConsultationReceived, by, now, "", "", c.Department, c.Subject)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateConsultation(ctx, &c, []Event{ev}); err != nil {
		if govops.ErrorCode(err) == govops.ECONFLICT {
			return nil, govops.Errorf(govops.ECONFLICT, "site %s has a consultation %s already", site.Code, in.Ref).WithField("ref", "is taken in the site")
		}
		return nil, err
	}
	return &c, nil
}

// AnswerConsultation records the answer of the unanswered consultation
// ref (its ID): the answer is required; At is now unless set, never in
// the future nor before it was received. A consultation is answered once:
// answering an answered one is ECONFLICT. The center or the
// consultation's department (another unit's is ENOTFOUND to a
// department).
func (s *Service) AnswerConsultation(ctx context.Context, by govops.Actor, ref string, in AnswerInput) (*Consultation, error) {
	if err := by.MayWrite("answer consultations"); err != nil {
		return nil, err
	}
	in.Answer = strings.TrimSpace(in.Answer)
	now := s.clock()
	var p govops.Problems
	text(&p, "answer", in.Answer, MaxTextLen, true)
	govops.CheckPastTime(&p, "at", in.At, false, now)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "consultation")
	if err != nil {
		return nil, err
	}
	at := orNow(in.At, now)
	var out *Consultation
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Consultation(ctx, id)
		if err != nil {
			return nil, err
		}
		if !by.MaySee(cur.Department) {
			return nil, govops.Errorf(govops.ENOTFOUND, "no consultation %s", id)
		}
		if err := govops.CheckVersion("consultation", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if !cur.Answered.IsZero() {
			return nil, govops.Errorf(govops.ECONFLICT, "consultation %s was answered on %s", cur.Ref, show(cur.Answered)).WithField("answered", show(cur.Answered))
		}
		if at.Before(cur.Received) {
			return nil, govops.FieldError("at", "must not be before it was received ("+show(cur.Received)+")")
		}
		next := *cur
		next.Answered, next.Answer = at, in.Answer
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventConsultationAnswered, by, next.UpdatedAt, "", "", next.Department, in.Answer)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateConsultation(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	v := govops.MaskFor(by, out.Department, *out)
	return &v, nil
}

// consultation returns the consultation ref as by may see it.
func (s *Service) consultation(ctx context.Context, by govops.Actor, ref string) (*Consultation, error) {
	return govops.ReadOne(ctx, by, ref, "consultation", s.store.Consultation, func(c *Consultation) string { return c.Department })
}

// Consultation returns the consultation ref (its ID): a department reads
// its own only; the asker is masked for a reader who may not see it.
func (s *Service) Consultation(ctx context.Context, by govops.Actor, ref string) (*Consultation, error) {
	c, err := s.consultation(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, c.Department, *c)
	return &out, nil
}

// Consultations lists consultations by ID: those of a site, a department,
// unanswered. A department lists its own only (asking for another is
// EFORBIDDEN).
func (s *Service) Consultations(ctx context.Context, by govops.Actor, in ConsultationListInput) (govops.Page[Consultation], error) {
	var none govops.Page[Consultation]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	f := ConsultationFilter{Department: dept, Unanswered: in.Unanswered}
	if f.SiteID, err = s.siteID(ctx, "site", in.Site); err != nil {
		return none, err
	}
	vs, err := s.store.Consultations(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	kept := vs[:0]
	for _, v := range vs {
		if by.MaySee(v.Department) {
			kept = append(kept, govops.MaskFor(by, v.Department, v))
		}
	}
	return govops.IDPage(kept, limit, func(v Consultation) uuid.UUID { return v.ID }), nil
}

// ConsultationTrail returns the trail of the consultation ref (its ID).
func (s *Service) ConsultationTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	c, err := s.consultation(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	// The trail's notes repeat the subject, which may name the asker.
	return s.trail(ctx, by, c.ID, c.Department, c.Asker)
}
