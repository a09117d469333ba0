package govcase

import (
	"time"

	"github.com/govops-kit/govops"
)

// DeadlinePolicy sets the accept-by and resolve-by deadlines of a case when
// it is dispatched (or reopened) at the given time. The Service stores what
// it returns, so a later change of policy or calendar never moves a deadline
// already set, except a provisional one (see Service.RecomputeDeadlines).
//
// An EINVALID error should name the deadline it could not compute, as the
// field "accept_by" or "resolve_by"; the Service names "resolve_by" for an
// EINVALID error that names neither. Other errors reach the caller as they
// are.
type DeadlinePolicy interface {
	Deadlines(c *Case, at time.Time) (acceptBy, resolveBy time.Time, err error)
}

// deadlineError returns err as the EINVALID error of the deadline field
// (govops.AsField), unless it already names "accept_by" or "resolve_by".
// An error that is not EINVALID is returned unchanged: an internal failure
// is not the caller's to fix.
func deadlineError(field string, err error) error {
	fields := govops.ErrorFields(err)
	if _, ok := fields["accept_by"]; ok {
		return err
	}
	if _, ok := fields["resolve_by"]; ok {
		return err
	}
	return govops.AsField(field, err)
}

// CalendarPolicy is the default DeadlinePolicy: it counts on a working-day
// calendar. A case must be accepted within AcceptWithin working hours and
// resolved within a number of working days chosen by kind and category.
type CalendarPolicy struct {
	Calendar     *govops.Calendar
	AcceptWithin time.Duration // working time; default 2h

	// ResolveDays maps a category to its working-day limit. ByKind
	// overrides it for one kind. DefaultDays serves categories in neither.
	ResolveDays map[Category]int
	ByKind      map[Kind]map[Category]int
	DefaultDays int

	// Priority caps: an urgent case is resolved within UrgentDays at most,
	// a critical one within CriticalDays, and accepted within
	// CriticalAccept working time.
	UrgentDays     int
	CriticalDays   int
	CriticalAccept time.Duration
}

// DefaultDeadlinePolicy returns the policy the platform uses unless told
// otherwise, counted from the dispatch or, after hours, from the next
// working moment: accept within 2 working hours; resolve 咨询 in 3 working days,
// 求助 in 5, 建议 in 10, 投诉 and 举报 in 13, anything else in 5; 紧急 cases
// within 3 days and 特急 ones within 1 day, accepted within 30 working
// minutes.
func DefaultDeadlinePolicy(cal *govops.Calendar) *CalendarPolicy {
	return &CalendarPolicy{
		Calendar:     cal,
		AcceptWithin: 2 * time.Hour,
		ResolveDays: map[Category]int{
			CategoryConsult:    3,
			CategoryHelp:       5,
			CategorySuggestion: 10,
			CategoryComplaint:  13,
			CategoryReport:     13,
		},
		DefaultDays:    5,
		UrgentDays:     3,
		CriticalDays:   1,
		CriticalAccept: 30 * time.Minute,
	}
}

// Deadlines implements DeadlinePolicy. When the calendar has no data for a
// day it must count, it returns EINVALID naming the deadline ("accept_by"
// or "resolve_by") and, as the calendar does, the field "calendar".
func (p *CalendarPolicy) Deadlines(c *Case, at time.Time) (time.Time, time.Time, error) {
	if p.Calendar == nil {
		return time.Time{}, time.Time{}, govops.Errorf(govops.EINTERNAL, "deadline policy has no calendar")
	}
	accept := p.AcceptWithin
	if accept <= 0 {
		accept = 2 * time.Hour
	}
	days := p.DefaultDays
	if d, ok := p.ResolveDays[c.Category]; ok {
		days = d
	}
	if d, ok := p.ByKind[c.Kind][c.Category]; ok {
		days = d
	}
	switch c.Priority {
	case PriorityUrgent:
		if p.UrgentDays > 0 && days > p.UrgentDays {
			days = p.UrgentDays
		}
	case PriorityCritical:
		if p.CriticalDays > 0 && days > p.CriticalDays {
			days = p.CriticalDays
		}
		if p.CriticalAccept > 0 && accept > p.CriticalAccept {
			accept = p.CriticalAccept
		}
	}
	if days < 1 {
		days = 1
	}
	acceptBy, err := p.Calendar.AddWorkHours(at, accept)
	if err != nil {
		return time.Time{}, time.Time{}, deadlineError("accept_by", err)
	}
	// A case dispatched after hours starts counting at the next working
	// moment, so that its deadline falls at a working time too.
	start, err := p.Calendar.AddWorkHours(at, 0)
	if err != nil {
		return time.Time{}, time.Time{}, deadlineError("resolve_by", err)
	}
	resolveBy, err := p.Calendar.AddWorkdays(start, days)
	if err != nil {
		return time.Time{}, time.Time{}, deadlineError("resolve_by", err)
	}
	return acceptBy.UTC(), resolveBy.UTC(), nil
}
