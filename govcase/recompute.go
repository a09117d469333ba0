package govcase

import (
	"context"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// deadlines are a case's two deadlines as the policy counts them from one
// instant, and whether each crosses a provisional calendar year.
type deadlines struct {
	acceptBy, resolveBy                       time.Time
	acceptByProvisional, resolveByProvisional bool
}

// countDeadlines asks the policy for c's deadlines counted from at. The
// calendar is frozen before the policy counts on the live one, so a notice
// loaded in between can only flag a deadline that is already final, which
// the next RecomputeDeadlines clears; it can never leave a provisional
// deadline unflagged.
func (s *Service) countDeadlines(c *Case, at time.Time) (deadlines, error) {
	snap := s.cal.Snapshot()
	acceptBy, resolveBy, err := s.policy.Deadlines(c, at)
	if err != nil {
		return deadlines{}, deadlineError("resolve_by", err)
	}
	d := deadlines{
		acceptBy:  govops.StoredTime(acceptBy),
		resolveBy: govops.StoredTime(resolveBy),
	}
	d.acceptByProvisional = len(snap.ProvisionalYears(at, d.acceptBy)) > 0
	d.resolveByProvisional = len(snap.ProvisionalYears(at, d.resolveBy)) > 0
	return d, nil
}

// RecomputeDeadlines counts again, on the calendar as it is now, the
// provisional deadlines of open (dispatched or accepted) cases: run it
// after a year's State Council notice is loaded into the Service's
// calendar (Calendar.SetTables). Each deadline is counted from the case's
// DispatchedAt by the DeadlinePolicy, and only a deadline whose
// AcceptByProvisional or ResolveByProvisional flag is set may move; a final
// deadline, and those of replied, closed, returned and cancelled cases,
// never do.
//
// A case is stored (one version up, with an EventDeadlineRecomputed event
// by by that shows each deadline's old and new time) when one of its
// provisional deadlines moved or is now final. The result lists such a
// deadline as a DeadlineChange whose Ref is the case number. Checked counts
// the cases examined, StillProvisional the cases left with a provisional
// deadline (untouched unless another deadline of theirs changed), and
// Skipped the cases that concurrent writers changed on every one of
// govops.MaxWriteRetries attempts (govops.Retry); the next call takes them
// up. A second call with no new notice
// in between changes nothing.
//
// Only center staff may call it: it returns EFORBIDDEN for a department or
// read-only actor, and EINVALID for an actor without a name. When a deadline
// cannot be counted (the calendar has no data for its year), it stops and
// returns, with what it did so far, EINVALID naming the case, the field
// "accept_by" or "resolve_by", and "calendar". Store failures are returned
// as they are.
func (s *Service) RecomputeDeadlines(ctx context.Context, by govops.Actor) (govops.Recomputation, error) {
	var r govops.Recomputation
	if err := by.CenterOnly("recompute deadlines"); err != nil {
		return r, err
	}
	f := Filter{Statuses: OpenStatuses(), ProvisionalDeadlines: true, Limit: govops.MaxPageSize}
	for {
		cases, err := s.store.ListCases(ctx, f)
		if err != nil {
			return r, err
		}
		for _, c := range cases {
			r.Checked++
			if err := s.recomputeCase(ctx, by, c, &r); err != nil {
				return r, err
			}
		}
		// Keyset paging on ID is not disturbed by the updates above,
		// which change no ID and only ever drop a case from the filter.
		if len(cases) < f.Limit {
			return r, nil
		}
		f.After = cases[len(cases)-1].ID
	}
}

// recomputeCase recomputes the provisional deadlines of c and stores what
// changed, reloading c when a concurrent writer got there first.
func (s *Service) recomputeCase(ctx context.Context, by govops.Actor, c *Case, r *govops.Recomputation) error {
	lost, err := govops.Retry(ctx, govops.MaxWriteRetries, func(attempt int) (bool, error) {
		if attempt > 0 {
			var err error
			if c, err = s.store.GetCase(ctx, c.ID); err != nil {
				return false, err
			}
		}
		if !c.Open() || !(c.AcceptByProvisional || c.ResolveByProvisional) {
			return false, nil // a concurrent writer closed it or set its deadlines anew
		}
		changes, err := s.recountProvisional(c)
		if err != nil {
			return false, err
		}
		still := c.AcceptByProvisional || c.ResolveByProvisional
		if len(changes) > 0 {
			now := s.clock()
			ev, err := govops.NewEvent(c.ID, c.Version+1, EventDeadlineRecomputed, by, now, c.Status, c.Status)
			if err != nil {
				return false, err
			}
			ev.Department, ev.Note = c.Department, s.recomputedNote(changes)
			c.UpdatedAt = now
			c.Version++
			if err := s.store.UpdateCase(ctx, c, []Event{ev}); err != nil {
				return govops.ErrorCode(err) == govops.ECONFLICT, err
			}
			s.notify(ctx, c, ev)
			r.Changes = append(r.Changes, changes...)
		}
		if still {
			r.StillProvisional++
		}
		return false, nil
	})
	if lost {
		r.Skipped++
		return nil
	}
	return err
}

// recountProvisional counts c's deadlines again from its dispatch and
// applies, to each deadline whose flag is set, the new time and flag. It
// returns the deadlines that moved or became final; a deadline still
// provisional on the same time is left as it was and not returned.
func (s *Service) recountProvisional(c *Case) ([]govops.DeadlineChange, error) {
	d, err := s.countDeadlines(c, c.DispatchedAt)
	if err != nil {
		return nil, govops.Within("case "+c.Number, err)
	}
	var changes []govops.DeadlineChange
	apply := func(field string, stored *time.Time, flag *bool, counted time.Time, provisional bool) {
		if !*flag || (provisional && counted.Equal(*stored)) {
			return
		}
		changes = append(changes, govops.DeadlineChange{Ref: c.Number, Field: field, Old: *stored, New: counted, Provisional: provisional})
		*stored, *flag = counted, provisional
	}
	apply("accept_by", &c.AcceptBy, &c.AcceptByProvisional, d.acceptBy, d.acceptByProvisional)
	apply("resolve_by", &c.ResolveBy, &c.ResolveByProvisional, d.resolveBy, d.resolveByProvisional)
	return changes, nil
}

// recomputedNote is the Note of an EventDeadlineRecomputed event: each
// deadline's old and new time on the calendar's wall clock, as in
// "resolve_by 2028-01-24 17:30 → 2028-01-25 17:30", joined by "; ". A
// deadline that still crosses a provisional year says so.
func (s *Service) recomputedNote(changes []govops.DeadlineChange) string {
	const layout = "2006-01-02 15:04"
	loc := s.cal.Location()
	parts := make([]string, len(changes))
	for i, ch := range changes {
		parts[i] = ch.Field + " " + ch.Old.In(loc).Format(layout) + " → " + ch.New.In(loc).Format(layout)
		if ch.Provisional {
			parts[i] += " (provisional)"
		}
	}
	return strings.Join(parts, "; ")
}
