package netops

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// AddShifts schedules shifts on the 7×24 duty roster, all or none, in one
// Store call. Every bad field of every shift is reported at once, named
// "shifts[3].end": the person is required, Start and End are required and
// whole minutes (a time with seconds is refused rather than cut, since a
// roster is written to the minute and 08:00:30 is a typo), End is after
// Start and at most MaxShift later. A person on two shifts at once is not
// refused: Roster reports it. Center only.
func (s *Service) AddShifts(ctx context.Context, by govops.Actor, in []ShiftInput) ([]Shift, error) {
	if err := by.CenterOnly("schedule shifts"); err != nil {
		return nil, err
	}
	var p govops.Problems
	switch {
	case len(in) == 0:
		return nil, govops.FieldError("shifts", "required: at least one shift")
	case len(in) > MaxShiftsPerCall:
		return nil, govops.FieldError("shifts", fmt.Sprintf("has %d shifts: at most %d at once", len(in), MaxShiftsPerCall))
	}
	shifts := make([]Shift, len(in))
	for i, si := range in {
		prefix := fmt.Sprintf("shifts[%d].", i)
		shifts[i] = shiftCheck(&p, prefix, si)
		if si.IfVersion != 0 {
			p.Add(prefix+"if_version", "a new shift has no version: leave it out")
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	now := s.clock()
	events := make([]Event, len(shifts))
	for i := range shifts {
		sh := &shifts[i]
		id, err := govops.NewID()
		if err != nil {
			return nil, err
		}
		sh.ID, sh.Status, sh.Version, sh.CreatedAt, sh.UpdatedAt = id, ShiftScheduled, 1, now, now
		if events[i], err = opsEvent(sh.ID, 1, EventShiftAdded, by, now, "", Status(ShiftScheduled), "", sh.Note); err != nil {
			return nil, err
		}
	}
	if err := s.store.CreateShifts(ctx, shifts, events); err != nil {
		return nil, err
	}
	return shifts, nil
}

// shiftCheck adds the problems of a shift's fields to p, each named prefix
// and the field, and returns the shift they make.
func shiftCheck(p *govops.Problems, prefix string, in ShiftInput) Shift {
	sh := Shift{Person: strings.TrimSpace(in.Person), Role: strings.TrimSpace(in.Role), Note: strings.TrimSpace(in.Note),
		Start: govops.StoredTime(in.Start), End: govops.StoredTime(in.End)}
	if sh.Person == "" {
		p.Add(prefix+"person", "required: who is on duty")
	} else {
		govops.CheckText(p, prefix+"person", sh.Person, MaxNameLen, true)
	}
	govops.CheckText(p, prefix+"role", sh.Role, MaxNameLen, false)
	okStart := shiftMinute(p, prefix+"start", in.Start)
	okEnd := shiftMinute(p, prefix+"end", in.End)
	switch {
	case !okStart || !okEnd:
	case !sh.End.After(sh.Start):
		p.Add(prefix+"end", "must be after start")
	case sh.End.Sub(sh.Start) > MaxShift:
		p.Addf(prefix+"end", "must be at most %d hours after start", int(MaxShift/time.Hour))
	}
	govops.CheckText(p, prefix+"note", sh.Note, MaxNoteLen, false)
	return sh
}

// shiftMinute checks a required time of the roster: a whole minute.
func shiftMinute(p *govops.Problems, field string, t time.Time) bool {
	if !govops.CheckTime(p, field, t, true) {
		return false
	}
	if t.Second() != 0 || t.Nanosecond() != 0 {
		p.Addf(field, "must be a whole minute, without seconds (got %s)", opsShow(t))
		return false
	}
	return true
}

// UpdateShift replaces the fields of the scheduled shift ref (its ID), as
// AddShifts checks them: a swap of person, or a change of times. A
// cancelled shift is ECONFLICT. Center only.
func (s *Service) UpdateShift(ctx context.Context, by govops.Actor, ref string, in ShiftInput) (*Shift, error) {
	if err := by.CenterOnly("change shifts"); err != nil {
		return nil, err
	}
	var p govops.Problems
	want := shiftCheck(&p, "", in)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "shift")
	if err != nil {
		return nil, err
	}
	var out *Shift
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Shift(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("shift "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if cur.Status != ShiftScheduled {
			return nil, govops.Errorf(govops.ECONFLICT, "shift %s is %s (%s): only a scheduled shift is changed", cur.ID, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		now := s.clock()
		next := want
		next.ID, next.Status, next.CreatedAt = cur.ID, cur.Status, cur.CreatedAt
		next.Version, next.UpdatedAt = cur.Version+1, now
		note := next.Note
		if cur.Person != next.Person {
			note = strings.TrimSpace(fmt.Sprintf("%s → %s %s", cur.Person, next.Person, next.Note))
		}
		ev, err := opsEvent(next.ID, next.Version, EventShiftUpdated, by, now, Status(cur.Status), Status(next.Status), "", note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateShift(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// CancelShift cancels the scheduled shift ref (its ID); the note is
// required. Center only.
func (s *Service) CancelShift(ctx context.Context, by govops.Actor, ref string, in ShiftCancel) (*Shift, error) {
	if err := by.CenterOnly("cancel shifts"); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	var p govops.Problems
	if in.Note == "" {
		p.Add("note", "required: say why the shift is cancelled")
	} else {
		govops.CheckText(&p, "note", in.Note, MaxNoteLen, true)
	}
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "shift")
	if err != nil {
		return nil, err
	}
	var out *Shift
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Shift(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("shift "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if cur.Status != ShiftScheduled {
			return nil, govops.Errorf(govops.ECONFLICT, "shift %s is %s (%s) already", cur.ID, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		now := s.clock()
		next := *cur
		next.Status, next.Note, next.Version, next.UpdatedAt = ShiftCancelled, in.Note, cur.Version+1, now
		ev, err := opsEvent(next.ID, next.Version, EventShiftCancelled, by, now, Status(cur.Status), Status(next.Status), "", in.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateShift(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// shiftRead returns the shift ref (its ID) as by reads it. District-wide
// actors only.
func (s *Service) shiftRead(ctx context.Context, by govops.Actor, ref string) (*Shift, error) {
	if err := by.ReadDistrict("the duty roster"); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "shift")
	if err != nil {
		return nil, err
	}
	sh, err := s.store.Shift(ctx, id)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, "", *sh)
	return &out, nil
}

// Shifts lists the shifts that overlap [From, To) (both required, at most
// 366 days apart), by start: the scheduled ones, and the cancelled ones
// too with Cancelled. District-wide actors only.
func (s *Service) Shifts(ctx context.Context, by govops.Actor, in ShiftListInput) ([]Shift, error) {
	if err := by.ReadDistrict("the duty roster"); err != nil {
		return nil, err
	}
	var p govops.Problems
	opsWindow(&p, in.From, in.To, maxOpsPeriod)
	govops.CheckText(&p, "person", in.Person, MaxNameLen, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	f := ShiftFilter{From: govops.StoredTime(in.From), To: govops.StoredTime(in.To), Person: strings.TrimSpace(in.Person), Status: ShiftScheduled}
	if in.Cancelled {
		f.Status = ""
	}
	ss, err := s.store.Shifts(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range ss {
		ss[i] = govops.MaskFor(by, "", ss[i])
	}
	return ss, nil
}

// ShiftTrail returns the trail of the shift ref, oldest first.
// District-wide actors only.
func (s *Service) ShiftTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	sh, err := s.shiftRead(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return opsTrail(ctx, s.store, sh.ID, by.SeesPersonalData(""))
}

// Roster reports the coverage of [from, to) by scheduled shifts: every
// uncovered interval to the minute (FindGaps), every person double-booked
// (FindDoubleBookings) and the minutes covered. from and to are required
// whole minutes, to after from and at most MaxRosterPeriod later.
// District-wide actors only.
func (s *Service) Roster(ctx context.Context, by govops.Actor, from, to time.Time) (*RosterReport, error) {
	if err := by.ReadDistrict("the duty roster"); err != nil {
		return nil, err
	}
	var p govops.Problems
	okFrom := shiftMinute(&p, "from", from)
	okTo := shiftMinute(&p, "to", to)
	switch {
	case !okFrom || !okTo:
	case !to.After(from):
		p.Add("to", "must be after from")
	case to.Sub(from) > MaxRosterPeriod:
		p.Addf("to", "must be at most %d days after from", int(MaxRosterPeriod/(24*time.Hour)))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	from, to = from.UTC(), to.UTC()
	ss, err := s.store.Shifts(ctx, ShiftFilter{From: from, To: to, Status: ShiftScheduled})
	if err != nil {
		return nil, err
	}
	gaps := FindGaps(ss, from, to)
	uncovered := int64(0)
	for _, g := range gaps {
		uncovered += g.Minutes()
	}
	return &RosterReport{From: from, To: to, Shifts: len(ss), CoveredMinutes: int64(to.Sub(from)/time.Minute) - uncovered,
		Uncovered: slices.Clip(gaps), DoubleBooked: FindDoubleBookings(ss)}, nil
}
