package netops

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// OpenVisit records a visit reported, with its due time from the zone's
// response time. Center only.
//
// The ticket is required: its kind (case or external) and its reference
// (a case number, or any reference of another system). A case ticket is
// checked with the Tickets checker when one is wired: an unknown case is
// ENOTFOUND naming "ticket.ref", and the case's unit is the visit's (Unit
// may be left out; given, it must be the case's). The unit is checked in
// the Directory when one is wired (ENOTFOUND naming "unit"), and the zone
// is the unit's there unless given; a unit whose zone is not known needs
// the zone given. The technician is required; the contact phone, when
// given, is a phone number (digits, a leading +, dashes and spaces).
//
// ReportedAt is now unless set, never in the future; SLAMinutes is the
// zone's response time (WithSLA) and DueAt = ReportedAt + SLAMinutes, on a
// 24×7 clock. ArrivedAt and ResolvedAt record a visit after the fact: the
// visit opens in the status they reach, with one event for each step, and
// a ResolvedAt without ArrivedAt is a remote fix (see the rule table in
// visitlifecycle.go). Since a Store creates a visit at version 1, each
// step after the report is its own Store write, as ArriveVisit and
// ResolveVisit would make it; should one fail, the visit stays in the
// status reached and the error says which step to record again. The
// Observer is told of each event, after its write.
func (s *Service) OpenVisit(ctx context.Context, by govops.Actor, in VisitInput) (*Visit, error) {
	if err := by.CenterOnly("open visits"); err != nil {
		return nil, err
	}
	visitNormalize(&in)
	var p govops.Problems
	visitProblems(&p, &in, in.Ticket.Kind == TicketCase && s.tickets != nil)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.visitTicket(ctx, &in); err != nil {
		return nil, err
	}
	if err := s.visitUnit(ctx, &in); err != nil {
		return nil, err
	}
	now := s.clock()
	reported := now
	if !in.ReportedAt.IsZero() {
		reported = govops.StoredTime(in.ReportedAt)
	}
	arrived, resolved := govops.StoredTime(in.ArrivedAt), govops.StoredTime(in.ResolvedAt)
	visitTimes(&p, reported, arrived, resolved, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	sla := s.visitSLA(in.Zone)
	v := Visit{ID: id, Ticket: in.Ticket, Unit: in.Unit, Zone: in.Zone, Technician: in.Technician, Summary: in.Summary,
		Contact: in.Contact, ContactPhone: in.ContactPhone, ReportedAt: reported, SLAMinutes: sla,
		DueAt: reported.Add(time.Duration(sla) * time.Minute), Month: monthOf(reported), Status: VisitReported,
		Note: in.Note, Version: 1, CreatedAt: now, UpdatedAt: now}
	ev, err := opsEvent(v.ID, 1, EventVisitReported, by, now, "", Status(VisitReported), v.Unit, in.Summary)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateVisits(ctx, []Visit{v}, []Event{ev}); err != nil {
		return nil, err
	}
	s.opsObserve(ctx, v, []Event{ev})
	// The steps recorded after the fact follow, one Store call each with
	// its event, as the steps themselves would write them: the Store
	// creates a visit at version 1. A caller that goes away meanwhile does
	// not leave them undone.
	wctx := context.WithoutCancel(ctx)
	for _, st := range visitLateSteps(arrived, resolved) {
		next := v
		next.Status, next.Version = st.to, v.Version+1
		switch st.to {
		case VisitArrived:
			next.ArrivedAt = arrived
		case VisitResolved:
			next.ResolvedAt = resolved
			if next.ArrivedAt.IsZero() {
				next.ArrivedAt = resolved // a remote fix: see visitLifecycle
			}
		}
		ev, err := opsEvent(next.ID, next.Version, st.event, by, now, Status(v.Status), Status(next.Status), v.Unit, "")
		if err == nil {
			err = s.store.UpdateVisit(wctx, &next, []Event{ev})
		}
		if err != nil {
			return nil, govops.Errorf(govops.ErrorCode(err), "visit %s is recorded %s, but not %s (record that step again): %w", v.ID, v.Status, st.to, err)
		}
		v = next
		s.opsObserve(ctx, v, []Event{ev})
	}
	return &v, nil
}

// visitLateStep is a step of a visit recorded after the fact.
type visitLateStep struct {
	to    VisitStatus
	event EventType
}

// visitLateSteps returns the steps of a visit recorded after the fact that
// follow its report, as visitLifecycle allows them: the arrival when
// arrived is set, then the resolution when resolved is set (directly
// from reported for a remote fix).
func visitLateSteps(arrived, resolved time.Time) []visitLateStep {
	var steps []visitLateStep
	if !arrived.IsZero() {
		steps = append(steps, visitLateStep{VisitArrived, EventVisitArrived})
	}
	if !resolved.IsZero() {
		steps = append(steps, visitLateStep{VisitResolved, EventVisitResolved})
	}
	return steps
}

// visitSLA returns the response time of zone, in whole minutes (a
// promise that is not a whole number of minutes is rounded up).
func (s *Service) visitSLA(z Zone) int {
	d := s.sla[z]
	return int((d + time.Minute - 1) / time.Minute)
}

// visitNormalize trims the text of a visit's input.
func visitNormalize(in *VisitInput) {
	in.Ticket.Ref = strings.TrimSpace(in.Ticket.Ref)
	in.Unit = strings.TrimSpace(in.Unit)
	in.Technician = strings.TrimSpace(in.Technician)
	in.Summary = strings.TrimSpace(in.Summary)
	in.Contact = strings.TrimSpace(in.Contact)
	in.ContactPhone = strings.TrimSpace(in.ContactPhone)
	in.Note = strings.TrimSpace(in.Note)
}

// visitProblems adds the problems of a visit's fields, those that need no
// lookup, to p. The unit may be left out when the ticket gives it
// (fromTicket).
func visitProblems(p *govops.Problems, in *VisitInput, fromTicket bool) {
	switch {
	case in.Ticket.Kind == "":
		p.Add("ticket.kind", `required: "case" for a case of the command platform, "external" for another reference`)
	case !in.Ticket.Kind.Valid():
		p.Addf("ticket.kind", `%q is not a ticket kind: use "case" or "external"`, govops.Truncate(string(in.Ticket.Kind), 40))
	}
	switch {
	case in.Ticket.Ref == "":
		p.Add("ticket.ref", "required: the case number or the reference of the request the visit answers")
	case in.Ticket.Kind == TicketCase:
		govops.CheckNumber(p, "ticket.ref", in.Ticket.Ref)
	default:
		govops.CheckCode(p, "ticket.ref", in.Ticket.Ref)
	}
	if in.Unit == "" && !fromTicket {
		p.Add("unit", "required: the code of the unit served")
	}
	opsCode(p, "unit", in.Unit)
	if in.Zone != "" && !in.Zone.Valid() {
		p.Addf("zone", "%q is not a zone: use building, urban or suburban", govops.Truncate(string(in.Zone), 40))
	}
	if in.Technician == "" {
		p.Add("technician", "required: who goes on site")
	} else {
		govops.CheckText(p, "technician", in.Technician, MaxNameLen, true)
	}
	govops.CheckText(p, "summary", in.Summary, MaxNoteLen, false)
	govops.CheckText(p, "contact", in.Contact, MaxNameLen, false)
	if in.ContactPhone != "" && !visitPhone(in.ContactPhone) {
		p.Add("contact_phone", "is not a phone number: write digits, with a leading + and dashes or spaces if need be, like 0772-2801234")
	}
	govops.CheckTime(p, "reported_at", in.ReportedAt, false)
	govops.CheckTime(p, "arrived_at", in.ArrivedAt, false)
	govops.CheckTime(p, "resolved_at", in.ResolvedAt, false)
	govops.CheckText(p, "note", in.Note, MaxNoteLen, false)
}

// visitPhone reports whether s looks like a phone number: 3 to 20 digits,
// with a leading + and dashes or spaces between them, at most 32
// characters in all.
func visitPhone(s string) bool {
	if len(s) > 32 {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case (r == '-' || r == ' ') && i > 0:
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 20
}

// visitTicket checks a case ticket with the Tickets checker, when one is
// wired, and takes the visit's unit from the case when it is left out.
func (s *Service) visitTicket(ctx context.Context, in *VisitInput) error {
	if in.Ticket.Kind != TicketCase || s.tickets == nil {
		return nil
	}
	unit, err := s.tickets.Ticket(ctx, in.Ticket.Ref)
	switch govops.ErrorCode(err) {
	case "":
	case govops.ENOTFOUND:
		return govops.Errorf(govops.ENOTFOUND, "no case %s on the command platform", in.Ticket.Ref).
			WithField("ticket.ref", "no such case: give the number of an IT-operations case")
	default:
		return err
	}
	switch {
	case in.Unit == "":
		in.Unit = unit
	case unit != "" && unit != in.Unit:
		return govops.FieldError("unit", "case "+in.Ticket.Ref+" is for unit "+unit+", not "+govops.Truncate(in.Unit, MaxCodeLen)+": leave unit out or give "+unit)
	}
	if in.Unit == "" {
		return govops.FieldError("unit", "required: case "+in.Ticket.Ref+" names no unit")
	}
	return nil
}

// visitUnit checks the visit's unit in the Directory, when one is wired,
// and takes its zone from there unless given. The zone is required in the
// end.
func (s *Service) visitUnit(ctx context.Context, in *VisitInput) error {
	var p govops.Problems
	if !govops.CheckCode(&p, "unit", in.Unit) {
		return p.Err()
	}
	if s.dir != nil {
		u, err := s.dir.Unit(ctx, in.Unit)
		switch govops.ErrorCode(err) {
		case "":
			if in.Zone == "" {
				in.Zone = u.Zone
			}
		case govops.ENOTFOUND:
			return govops.Errorf(govops.ENOTFOUND, "no unit %s in the directory", govops.Truncate(in.Unit, MaxCodeLen)).
				WithField("unit", "no such active unit: give the code of a unit of the directory")
		default:
			return err
		}
	}
	if in.Zone == "" {
		return govops.FieldError("zone", "required: the zone of unit "+govops.Truncate(in.Unit, MaxCodeLen)+" is not known, so give it (building, urban or suburban)")
	}
	if !in.Zone.Valid() {
		return govops.FieldError("zone", "unit "+in.Unit+" is in zone "+govops.Truncate(string(in.Zone), 40)+", which has no response time: give the zone")
	}
	return nil
}

// ArriveVisit records the technician's arrival (reported → arrived). At is
// now unless set, never in the future nor before the report; Technician,
// when set, is who arrived (another than the one sent). Center only.
func (s *Service) ArriveVisit(ctx context.Context, by govops.Actor, ref string, in VisitStep) (*Visit, error) {
	return s.visitStep(ctx, by, ref, visitArrive, in)
}

// ResolveVisit records that the fault is resolved: after the arrival, or
// directly from reported for a remote fix, whose ArrivedAt is then set to
// the resolution's time. At is now unless set, never in the future nor
// before the step before. Center only.
func (s *Service) ResolveVisit(ctx context.Context, by govops.Actor, ref string, in VisitStep) (*Visit, error) {
	return s.visitStep(ctx, by, ref, visitResolve, in)
}

// CancelVisit cancels a visit not yet arrived; the note is required. Center
// only.
func (s *Service) CancelVisit(ctx context.Context, by govops.Actor, ref string, in VisitStep) (*Visit, error) {
	return s.visitStep(ctx, by, ref, visitCancel, in)
}

// Visit returns the visit ref (its ID). A department reads its own unit's
// visits (another's is ENOTFOUND); a reader who may not see the unit's
// personal data gets the contact masked.
func (s *Service) Visit(ctx context.Context, by govops.Actor, ref string) (*Visit, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	v, err := s.visitRead(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	out := visitView(by, *v)
	return &out, nil
}

// visitRead returns the visit ref when by may read it.
func (s *Service) visitRead(ctx context.Context, by govops.Actor, ref string) (*Visit, error) {
	id, err := govops.ParseID("ref", ref, "visit")
	if err != nil {
		return nil, err
	}
	v, err := s.store.Visit(ctx, id)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(v.Unit) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no visit %s", id)
	}
	return v, nil
}

// visitView is v as by reads it: masked for a reader who may not see its
// unit's personal data.
func visitView(by govops.Actor, v Visit) Visit { return govops.MaskFor(by, v.Unit, v) }

// Visits lists visits, by ID. A department sees its own unit's only: Unit
// is its own, and asking for another's is EFORBIDDEN naming "unit".
// Breached keeps the visits that broke their promise as of now.
func (s *Service) Visits(ctx context.Context, by govops.Actor, in VisitListInput) (govops.Page[Visit], error) {
	var none govops.Page[Visit]
	var p govops.Problems
	by.Check(&p)
	opsCode(&p, "unit", in.Unit)
	if in.Zone != "" && !in.Zone.Valid() {
		p.Addf("zone", "%q is not a zone: use building, urban or suburban", govops.Truncate(string(in.Zone), 40))
	}
	if in.Status != "" && !in.Status.Valid() {
		p.Addf("status", "%q is not a visit status: use %s", govops.Truncate(string(in.Status), 40), visitStatusList(VisitStatuses()))
	}
	govops.CheckText(&p, "technician", in.Technician, MaxNameLen, false)
	opsCode(&p, "ticket", in.Ticket)
	govops.CheckPeriod(&p, "from", in.From, "to", in.To)
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return none, err
	}
	unit, err := visitScope(by, in.Unit)
	if err != nil {
		return none, err
	}
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return none, err
	}
	f := VisitFilter{Unit: unit, Zone: in.Zone, Technician: in.Technician, Status: in.Status, Ticket: in.Ticket,
		From: govops.StoredTime(in.From), To: govops.StoredTime(in.To)}
	if in.Breached {
		f.BreachedAsOf = s.clock()
	}
	vs, err := s.store.Visits(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range vs {
		vs[i] = visitView(by, vs[i])
	}
	return govops.NewPage(vs, limit, func(v Visit) string { return v.ID.String() }), nil
}

// visitScope returns the unit a listing or report by runs with: a
// department is limited to its own unit, and asking for another is
// EFORBIDDEN naming "unit".
func visitScope(by govops.Actor, unit string) (string, error) {
	if by.Department == "" {
		return unit, nil
	}
	if unit != "" && unit != by.Department {
		return "", govops.Errorf(govops.EFORBIDDEN, "department %s sees only its own unit's visits, not those of %s", by.Department, govops.Truncate(unit, MaxCodeLen)).
			WithField("unit", "must be "+by.Department+" or left out")
	}
	return by.Department, nil
}

// VisitTrail returns the trail of the visit ref, oldest first. Who may
// read the visit reads its trail; a reader who may not see its unit's
// personal data gets the notes masked.
func (s *Service) VisitTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	v, err := s.visitRead(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, v.ID)
	if err != nil || by.SeesPersonalData(v.Unit) {
		return evs, err
	}
	// The contact's name and phone are masked by what they are, wherever
	// the notes quote them: a name as a name, a phone as a phone.
	type masked struct {
		Events  []Event
		Contact string `mask:"name"`
		Phone   string `mask:"phone"`
	}
	return govops.Mask(masked{Events: evs, Contact: v.Contact, Phone: v.ContactPhone}).Events, nil
}

// opsTrail returns the trail of subject, masked (its notes' numbers and
// the known personal values) unless sees.
func opsTrail(ctx context.Context, st Store, subject uuid.UUID, sees bool, known ...string) ([]Event, error) {
	evs, err := st.Events(ctx, subject)
	if err != nil || sees {
		return evs, err
	}
	for i := range evs {
		evs[i] = govops.Mask(evs[i], known...)
	}
	return evs, nil
}
