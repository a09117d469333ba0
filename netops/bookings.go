package netops

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// maxBooking bounds the length of one booking.
const maxBooking = 7 * 24 * time.Hour

// BookMeeting books meeting support (会议保障): a meeting room of a site for
// [Start, End), video or on site, with its staff. A department books for
// itself (Department is its own or left out); the center for any unit, or
// for itself with no department. Read-only actors are EFORBIDDEN.
//
// The title, site, room, start, end, mode and staff are required: the
// site exists (ENOTFOUND naming "site"), the room is one of its meeting
// rooms, End is after Start and at most a week later, and the staff are 1
// to MaxStaff people, none blank, none twice ("staff[1]"), stored sorted.
//
// A booking that shares its room, or any person of its staff, with a
// standing booking at the same time is ECONFLICT naming the other booking
// (its ID, times and, when by may read it, its title) under the field
// "room" or "staff[i]". The check and the write hold the bookings' guard
// (ScopeBookings), so that two bookings made at the same time cannot both
// take the room: the loser checks again and is refused.
func (s *Service) BookMeeting(ctx context.Context, by govops.Actor, in BookingInput) (*Booking, error) {
	dept, err := by.ActFor(strings.TrimSpace(in.Department), "book meeting support")
	if err != nil {
		return nil, err
	}
	in.Department = dept
	if in.IfVersion != 0 {
		return nil, govops.FieldError("if_version", "a new booking has no version: leave it out")
	}
	b, staff, err := s.bookingCheck(ctx, in)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if b.ID, err = govops.NewID(); err != nil {
		return nil, err
	}
	b.Status, b.Version, b.CreatedAt, b.UpdatedAt = BookingBooked, 1, now, now
	ev, err := opsEvent(b.ID, 1, EventBookingCreated, by, now, "", Status(BookingBooked), b.Department, b.Note)
	if err != nil {
		return nil, err
	}
	var out *Booking
	err = s.bookingGuarded(ctx, func() (func() error, error) {
		g, err := s.bookingClear(ctx, by, &b, staff)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &b, func() error { return s.store.CreateBooking(ctx, &b, g, []Event{ev}) }), nil
	})
	return out, err
}

// UpdateBooking replaces the fields of the standing booking ref (its ID),
// as BookMeeting checks them, with the same clash check (the booking does
// not clash with itself). Department left out keeps the booking's; a
// department changes only its own bookings (another's is ENOTFOUND). A
// cancelled booking is ECONFLICT.
func (s *Service) UpdateBooking(ctx context.Context, by govops.Actor, ref string, in BookingInput) (*Booking, error) {
	if err := by.MayWrite("change bookings"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "booking")
	if err != nil {
		return nil, err
	}
	in.Department = strings.TrimSpace(in.Department)
	if in.Department != "" {
		if _, err := by.ActFor(in.Department, "change bookings"); err != nil {
			return nil, err
		}
	}
	want, staff, err := s.bookingCheck(ctx, in)
	if err != nil {
		return nil, err
	}
	var out *Booking
	err = s.bookingGuarded(ctx, func() (func() error, error) {
		cur, err := s.bookingRead(ctx, by, id.String())
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("booking "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if cur.Status != BookingBooked {
			return nil, govops.Errorf(govops.ECONFLICT, "booking %s is %s (%s): only a standing booking is changed", cur.ID, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		next := want
		next.ID, next.Status, next.CreatedAt = cur.ID, cur.Status, cur.CreatedAt
		if in.Department == "" {
			next.Department = cur.Department
		}
		g, err := s.bookingClear(ctx, by, &next, staff)
		if err != nil {
			return nil, err
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := opsEvent(next.ID, next.Version, EventBookingUpdated, by, now, Status(cur.Status), Status(next.Status), next.Department, next.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateBooking(ctx, &next, g, []Event{ev}) }), nil
	})
	return out, err
}

// bookingGuarded runs a guarded booking write: step reads the generation
// and the bookings, checks and returns the write. A write that lost (the
// generation moved, or the booking changed) is read, checked and tried
// again; step itself refuses a stale IfVersion.
func (s *Service) bookingGuarded(ctx context.Context, step func() (func() error, error)) error {
	_, err := govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		write, err := step()
		if err != nil {
			return false, err
		}
		err = write()
		return govops.ErrorCode(err) == govops.ECONFLICT, err
	})
	return err
}

// bookingClear returns the guard of a write of b, having checked that no
// standing booking but b itself shares its room or a person of its staff
// at the same time. staff are the staff as given, for the fields' indexes.
// The generation is read before the bookings, so that a booking written
// between the two moves it and the write fails.
func (s *Service) bookingClear(ctx context.Context, by govops.Actor, b *Booking, staff []string) (Guard, error) {
	gen, err := s.store.Generation(ctx, ScopeBookings)
	if err != nil {
		return Guard{}, err
	}
	others, err := s.store.Bookings(ctx, BookingFilter{From: b.Start, To: b.End, Status: BookingBooked})
	if err != nil {
		return Guard{}, err
	}
	var clashes []string
	e := govops.Errorf(govops.ECONFLICT, "")
	for i := range others {
		o := &others[i]
		if o.ID == b.ID || o.Status != BookingBooked || !o.Start.Before(b.End) || !o.End.After(b.Start) {
			continue
		}
		if o.Site == b.Site && o.Room == b.Room {
			why := fmt.Sprintf("room %s of site %s is booked %s", b.Room, b.Site, bookingName(by, o))
			clashes = append(clashes, why)
			e.WithField("room", why)
		}
		for j, person := range staff {
			field := fmt.Sprintf("staff[%d]", j)
			if _, taken := e.Fields[field]; taken || !slices.Contains(o.Staff, person) {
				continue
			}
			why := fmt.Sprintf("%s is on the staff of %s", govops.Truncate(person, 40), bookingName(by, o))
			clashes = append(clashes, why)
			e.WithField(field, why)
		}
	}
	if len(clashes) > 0 {
		e.Message = "the booking clashes with standing bookings: " + strings.Join(clashes, "; ")
		return Guard{}, e
	}
	return Guard{Scope: ScopeBookings, Gen: gen}, nil
}

// bookingName names the booking o in a clash as by may read it: its ID and
// times, and its title when by may read o.
func bookingName(by govops.Actor, o *Booking) string {
	when := fmt.Sprintf("from %s to %s", opsShow(o.Start), opsShow(o.End))
	if !by.MaySee(o.Department) {
		return fmt.Sprintf("by booking %s of another unit %s", o.ID, when)
	}
	return fmt.Sprintf("by booking %s 「%s」 %s", o.ID, govops.Truncate(o.Title, 60), when)
}

// bookingCheck checks the fields of a booking's input and returns the
// booking they make (without ID, status or version) and the staff as
// given, trimmed.
func (s *Service) bookingCheck(ctx context.Context, in BookingInput) (Booking, []string, error) {
	in.Title, in.Site, in.Room, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Site), strings.TrimSpace(in.Room), strings.TrimSpace(in.Note)
	var p govops.Problems
	govops.CheckText(&p, "title", in.Title, MaxNameLen, true)
	opsCode(&p, "department", in.Department)
	govops.CheckCode(&p, "site", in.Site)
	govops.CheckCode(&p, "room", in.Room)
	okStart := govops.CheckTime(&p, "start", in.Start, true)
	okEnd := govops.CheckTime(&p, "end", in.End, true)
	start, end := govops.StoredTime(in.Start), govops.StoredTime(in.End)
	switch {
	case !okStart || !okEnd:
	case !end.After(start):
		p.Add("end", "must be after start")
	case end.Sub(start) > maxBooking:
		p.Add("end", "must be at most 7 days after start: book a longer meeting as several")
	}
	switch {
	case in.Mode == "":
		p.Add("mode", `required: "video" (视频会议) or "onsite" (现场会议)`)
	case !in.Mode.Valid():
		p.Addf("mode", `%q is not a meeting mode: use "video" or "onsite"`, govops.Truncate(string(in.Mode), 40))
	}
	staff := bookingStaff(&p, in.Staff)
	govops.CheckText(&p, "note", in.Note, MaxNoteLen, false)
	if err := p.Err(); err != nil {
		return Booking{}, nil, err
	}
	if in.Department != "" && s.dir != nil {
		_, err := s.dir.Unit(ctx, in.Department)
		if govops.ErrorCode(err) == govops.ENOTFOUND {
			return Booking{}, nil, govops.Errorf(govops.ENOTFOUND, "no unit %s in the directory", in.Department).
				WithField("department", "no such active unit")
		}
		if err != nil {
			return Booking{}, nil, err
		}
	}
	site, err := s.opsSite(ctx, "site", in.Site)
	if err != nil {
		return Booking{}, nil, err
	}
	if why := opsRoom(site, in.Room, RoomMeeting); why != "" {
		return Booking{}, nil, govops.FieldError("room", why)
	}
	sorted := slices.Clone(staff)
	slices.Sort(sorted)
	return Booking{Title: in.Title, Department: in.Department, Site: in.Site, Room: in.Room, Start: start, End: end,
		Mode: in.Mode, Staff: sorted, Note: in.Note}, staff, nil
}

// bookingStaff adds the problems of a booking's staff to p and returns
// them trimmed, in the order given.
func bookingStaff(p *govops.Problems, staff []string) []string {
	switch {
	case len(staff) == 0:
		p.Add("staff", "required: at least one person assigned to the meeting")
		return nil
	case len(staff) > MaxStaff:
		p.Addf("staff", "has %d people: at most %d", len(staff), MaxStaff)
		return nil
	}
	out := make([]string, len(staff))
	for i, n := range staff {
		field := fmt.Sprintf("staff[%d]", i)
		out[i] = strings.TrimSpace(n)
		switch {
		case out[i] == "":
			p.Add(field, "is blank: name the person")
		case slices.Contains(out[:i], out[i]):
			p.Addf(field, "%s is on the staff already (staff[%d])", govops.Truncate(out[i], 40), slices.Index(out, out[i]))
		default:
			govops.CheckText(p, field, out[i], MaxNameLen, true)
		}
	}
	return out
}

// CancelBooking cancels the standing booking ref (its ID); the note is
// required. A department cancels only its own bookings. Cancelling frees
// the room and the staff, so it holds no guard.
func (s *Service) CancelBooking(ctx context.Context, by govops.Actor, ref string, in BookingCancel) (*Booking, error) {
	if err := by.MayWrite("cancel bookings"); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	var p govops.Problems
	if in.Note == "" {
		p.Add("note", "required: say why the meeting support is cancelled")
	} else {
		govops.CheckText(&p, "note", in.Note, MaxNoteLen, true)
	}
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Booking
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.bookingRead(ctx, by, ref)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("booking "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if cur.Status != BookingBooked {
			return nil, govops.Errorf(govops.ECONFLICT, "booking %s is %s (%s) already", cur.ID, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		now := s.clock()
		next := *cur
		next.Staff = slices.Clone(cur.Staff)
		next.Status, next.Note, next.Version, next.UpdatedAt = BookingCancelled, in.Note, cur.Version+1, now
		ev, err := opsEvent(next.ID, next.Version, EventBookingCancelled, by, now, Status(cur.Status), Status(next.Status), next.Department, in.Note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateBooking(ctx, &next, Guard{}, []Event{ev}) }), nil
	})
	return out, err
}

// Booking returns the booking ref (its ID). A department reads its own
// (another's, or the center's own, is ENOTFOUND); a reader who may not see
// its personal data gets its text masked.
func (s *Service) Booking(ctx context.Context, by govops.Actor, ref string) (*Booking, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	b, err := s.bookingRead(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, b.Department, *b)
	return &out, nil
}

// bookingRead returns the booking ref when by may read it.
func (s *Service) bookingRead(ctx context.Context, by govops.Actor, ref string) (*Booking, error) {
	id, err := govops.ParseID("ref", ref, "booking")
	if err != nil {
		return nil, err
	}
	b, err := s.store.Booking(ctx, id)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(b.Department) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no booking %s", id)
	}
	return b, nil
}

// Bookings lists the bookings that overlap [From, To) (both required, at
// most 366 days apart), by start: standing ones, and cancelled ones too
// with Cancelled. A department sees its own: Department is its own, and
// asking for another's is EFORBIDDEN naming "department".
func (s *Service) Bookings(ctx context.Context, by govops.Actor, in BookingListInput) ([]Booking, error) {
	var p govops.Problems
	by.Check(&p)
	opsWindow(&p, in.From, in.To, maxOpsPeriod)
	opsCode(&p, "site", in.Site)
	opsCode(&p, "room", in.Room)
	opsCode(&p, "department", in.Department)
	govops.CheckText(&p, "person", in.Person, MaxNameLen, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return nil, err
	}
	f := BookingFilter{From: govops.StoredTime(in.From), To: govops.StoredTime(in.To), Site: in.Site, Room: in.Room,
		Department: dept, Person: strings.TrimSpace(in.Person), Status: BookingBooked}
	if in.Cancelled {
		f.Status = ""
	}
	bs, err := s.store.Bookings(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range bs {
		bs[i] = govops.MaskFor(by, bs[i].Department, bs[i])
	}
	return bs, nil
}

// BookingTrail returns the trail of the booking ref, oldest first. Who may
// read the booking reads its trail.
func (s *Service) BookingTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	b, err := s.bookingRead(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return opsTrail(ctx, s.store, b.ID, by.SeesPersonalData(b.Department))
}
