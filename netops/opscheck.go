package netops

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// The helpers of the operations records (visits, inspections, bookings,
// the roster and the register): reading references, who may read the
// district-wide reports, the checks of times and periods.

// maxOpsPeriod bounds the period of a listing or a report of the
// operations records.
const maxOpsPeriod = 366 * 24 * time.Hour

// opsEvent returns the event of by's change of subject to version seq,
// stamped now, with its department and note.
func opsEvent(subject uuid.UUID, seq int64, typ EventType, by govops.Actor, now time.Time, from, to Status, dept, note string) (Event, error) {
	ev, err := govops.NewEvent(subject, seq, typ, by, now, from, to)
	if err != nil {
		return Event{}, err
	}
	ev.Department, ev.Note = dept, note
	return ev, nil
}

// opsShow formats t for a message, in Asia/Shanghai to the minute (or the
// second when it has seconds).
func opsShow(t time.Time) string {
	l := t.In(shanghai)
	if l.Second() != 0 || l.Nanosecond() != 0 {
		return l.Format("2006-01-02 15:04:05")
	}
	return l.Format("2006-01-02 15:04")
}

// opsDay returns the start of t's day in Asia/Shanghai, in UTC: a date.
func opsDay(t time.Time) time.Time {
	y, m, d := t.In(shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shanghai).UTC()
}

// opsShowDay formats a date for a message.
func opsShowDay(t time.Time) string { return t.In(shanghai).Format("2006-01-02") }

// opsWindow checks the period [from, to) of a listing or a report: both
// required, to after from, at most max apart.
func opsWindow(p *govops.Problems, from, to time.Time, max time.Duration) {
	okFrom := govops.CheckTime(p, "from", from, true)
	okTo := govops.CheckTime(p, "to", to, true)
	switch {
	case !okFrom || !okTo:
	case !to.After(from):
		p.Add("to", "must be after from")
	case to.Sub(from) > max:
		p.Addf("to", "must be at most %d days after from", int(max/(24*time.Hour)))
	}
}

// opsCode checks an optional code of a filter or an input: when set, a
// code (govops.CheckCode).
func opsCode(p *govops.Problems, field, v string) {
	if v != "" {
		govops.CheckCode(p, field, v)
	}
}

// opsSite returns the site code, or the problem of field naming it: an
// unknown site is ENOTFOUND naming field.
func (s *Service) opsSite(ctx context.Context, field, code string) (*Site, error) {
	site, err := s.store.Site(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no site %s", govops.Truncate(code, MaxCodeLen)).
			WithField(field, "no such site: give the code of a site")
	}
	return site, err
}

// opsRoom returns the problem of a room code that is not a room of site
// (of kind kind, when kind is set), naming field; "" when it is one.
func opsRoom(site *Site, room string, kind RoomKind) string {
	r, ok := site.Room(room)
	if !ok {
		codes := make([]string, 0, len(site.Rooms))
		for _, r := range site.Rooms {
			if kind == "" || r.Kind == kind {
				codes = append(codes, r.Code)
			}
		}
		if len(codes) == 0 {
			if kind != "" {
				return fmt.Sprintf("site %s has no %s (%s)", site.Code, kind, kind.Label())
			}
			return fmt.Sprintf("site %s has no rooms", site.Code)
		}
		return fmt.Sprintf("site %s has no room %s: its rooms are %s", site.Code, govops.Truncate(room, MaxCodeLen), govops.Truncate(strings.Join(codes, ", "), 300))
	}
	if kind != "" && r.Kind != kind {
		return fmt.Sprintf("room %s of site %s is a %s (%s), not a %s (%s)", r.Code, site.Code, r.Kind, r.Kind.Label(), kind, kind.Label())
	}
	return ""
}

// opsObserve tells the observer, when there is one, of each event of a
// saved change of v. It never fails the change: a panicking observer is
// recovered.
func (s *Service) opsObserve(ctx context.Context, v Visit, events []Event) {
	if s.observer == nil {
		return
	}
	for _, ev := range events {
		func() {
			defer func() { _ = recover() }()
			s.observer(ctx, v, ev)
		}()
	}
}
