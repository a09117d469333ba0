package hotline

import (
	"context"
	"fmt"
	"time"

	"github.com/govops-kit/govops"
)

// appealWindow is an appeal window counted on one calendar state.
type appealWindow struct {
	by          time.Time // when it closes: midnight after its last day
	provisional bool      // a day it was counted across is in a provisional year
}

// countAppealWindow counts the appeal window of a deduction recorded at t
// on cal: it closes at the end (midnight, in the calendar's zone) of the
// appealWindow-th working day after t, so that a deduction recorded on a
// Friday with a window of 5 may be appealed until the end of the next
// Friday.
//
// The window is provisional when a day from t's date to its last working
// day falls in a provisional year. The midnight that closes it is not a
// day of the window: one that ends on 31 December is final even when the
// next year is provisional, because no day of that year was counted.
func (s *Service) countAppealWindow(cal *govops.Calendar, t time.Time) (appealWindow, error) {
	last, err := cal.AddWorkdays(t, s.appealWindow)
	if err != nil {
		return appealWindow{}, appealByError(cal, t, s.appealWindow, err)
	}
	return appealWindow{
		by:          time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, cal.Location()),
		provisional: len(cal.ProvisionalYears(t, last)) > 0,
	}, nil
}

// appealByError turns the calendar's refusal to count a window into an
// EINVALID naming the field "appeal_by", which reads
// "invalid: appeal_by: cannot count … : calendar: has no data for 2101 …",
// and keeps the fields the calendar named ("calendar"). Any other failure
// passes through with its own code.
func appealByError(cal *govops.Calendar, t time.Time, window int, cause error) error {
	return govops.AsField("appeal_by", govops.Within(fmt.Sprintf("cannot count the %d working days of the appeal window from %s",
		window, t.In(cal.Location()).Format(time.DateOnly)), cause))
}

// recomputePage is how many deductions RecomputeAppealWindows reads at a
// time.
const recomputePage = 100

// RecomputeAppealWindows counts again, on the Service's calendar as it is
// now and with its current appeal window, the appeal window of every
// deduction still in state recorded (not appealed, not decided) whose
// AppealByProvisional is set. Call it after a notice for a provisional
// year is loaded into the calendar (govops.Calendar SetTables).
//
// A deduction whose new window is final, or closes on another date, is
// stored at the next Version with AppealBy and AppealByProvisional
// updated and one EventAppealWindowRecomputed event whose note gives the
// old and the new AppealBy; it is reported in Changes with Ref its ID and
// Field "appeal_by". One whose window is still provisional and unchanged is
// left alone. StillProvisional counts the deductions whose window, moved
// or not, still waits for a notice. One that concurrent writers change on
// every one of govops.MaxWriteRetries attempts (govops.Retry) is counted in
// Skipped, for the next call to take up. Checked counts every deduction examined. Appealed
// and decided deductions never move, and a second call with no new notice
// in between changes nothing.
//
// Only the center recomputes: a department or read-only actor gets
// EFORBIDDEN, and an invalid actor EINVALID. When a window cannot be
// counted (the calendar no longer has data for a year of it), the pass
// stops and returns, with the report of what it did so far, EINVALID
// naming the deduction, the field "appeal_by" and "calendar". Store
// failures end the pass the same way and are returned as they are.
func (s *Service) RecomputeAppealWindows(ctx context.Context, by govops.Actor) (govops.Recomputation, error) {
	var rep govops.Recomputation
	if err := by.CenterOnly("recompute appeal windows"); err != nil {
		return rep, err
	}
	// One snapshot for the whole pass, so that every deduction is counted
	// on the same tables even while another notice is being loaded.
	snap := s.cal.Snapshot()
	f := DeductionFilter{Statuses: []DeductionStatus{DeductionRecorded}, ProvisionalAppealBy: true, Limit: recomputePage}
	for {
		page, err := s.store.ListDeductions(ctx, f)
		if err != nil {
			return rep, err
		}
		for i := range page {
			rep.Checked++
			if err := s.recomputeAppealWindow(ctx, snap, by, &page[i], &rep); err != nil {
				return rep, err
			}
		}
		if len(page) < f.Limit {
			return rep, nil
		}
		// Keyset paging by ID is stable while the pass updates the rows
		// it has read: an update never changes an ID.
		f.After = page[len(page)-1].ID
	}
}

// recomputeAppealWindow recomputes the window of d, a recorded deduction
// with a provisional window, on cal, and adds the outcome to rep. A write
// that loses a race reloads the deduction and tries again: no user decided
// on the version it read.
func (s *Service) recomputeAppealWindow(ctx context.Context, cal *govops.Calendar, by govops.Actor, d *Deduction, rep *govops.Recomputation) error {
	lost, err := govops.Retry(ctx, govops.MaxWriteRetries, func(attempt int) (bool, error) {
		if attempt > 0 {
			cur, err := s.store.GetDeduction(ctx, d.ID)
			if err != nil {
				return false, err
			}
			if cur.Status != DeductionRecorded || !cur.AppealByProvisional {
				// Appealed meanwhile, whose window must not move, or
				// recomputed by another pass: nothing is left to do.
				return false, nil
			}
			d = cur
		}
		err := s.moveAppealWindow(ctx, cal, by, d, rep)
		return govops.ErrorCode(err) == govops.ECONFLICT, err
	})
	if lost {
		rep.Skipped++
		return nil
	}
	return err
}

// moveAppealWindow counts the window of d again on cal and, unless it is
// still provisional and unchanged, stores it with its event; it adds what
// it did to rep. A lost race is ECONFLICT, with rep unchanged.
func (s *Service) moveAppealWindow(ctx context.Context, cal *govops.Calendar, by govops.Actor, d *Deduction, rep *govops.Recomputation) error {
	w, err := s.countAppealWindow(cal, d.RecordedAt)
	if err != nil {
		return govops.Within("deduction "+d.ID.String(), err)
	}
	if w.provisional && w.by.Equal(d.AppealBy) {
		rep.StillProvisional++
		return nil
	}
	n := d.Clone()
	n.AppealBy, n.AppealByProvisional = govops.StoredTime(w.by), w.provisional
	n.Version++
	ev, err := event(n, EventAppealWindowRecomputed, by, s.clock(), d.Status, appealByNote(cal.Location(), d.AppealBy, w), nil)
	if err != nil {
		return err
	}
	if err := s.store.UpdateDeduction(ctx, n, []DeductionEvent{ev}); err != nil {
		return err
	}
	rep.Changes = append(rep.Changes, govops.DeadlineChange{Ref: d.ID.String(), Field: "appeal_by",
		Old: d.AppealBy, New: n.AppealBy, Provisional: w.provisional})
	if w.provisional {
		rep.StillProvisional++
	}
	return nil
}

// appealByNote is the note of an EventAppealWindowRecomputed event:
// "appeal_by 2028-01-05 00:00 → 2028-01-08 00:00", in loc.
func appealByNote(loc *time.Location, old time.Time, w appealWindow) string {
	const layout = "2006-01-02 15:04"
	note := fmt.Sprintf("appeal_by %s → %s", old.In(loc).Format(layout), w.by.In(loc).Format(layout))
	if w.provisional {
		note += " (provisional)"
	}
	return note
}
