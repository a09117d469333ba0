package netops

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"time"
)

// FindGaps returns every interval of [from, to) that no shift covers, in
// order: the holes of a 7×24 roster. Cancelled shifts cover nothing (a
// shift with no status counts, so that a caller may pass bare intervals);
// shifts may overlap, touch, or reach outside [from, to). Adjacent
// shifts (one ends when the next starts) leave no gap. It sorts the
// shifts' starts and sweeps them once: O(n log n) for n shifts. It
// returns nil when [from, to) is covered, or empty.
func FindGaps(shifts []Shift, from, to time.Time) []Interval {
	if !to.After(from) {
		return nil
	}
	spans := make([]Interval, 0, len(shifts))
	for i := range shifts {
		sh := &shifts[i]
		if sh.Status == ShiftCancelled || !sh.End.After(from) || !sh.Start.Before(to) || !sh.End.After(sh.Start) {
			continue
		}
		spans = append(spans, Interval{Start: gapsLater(sh.Start, from), End: gapsEarlier(sh.End, to)})
	}
	slices.SortFunc(spans, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	var gaps []Interval
	covered := from // everything before covered is covered
	for _, sp := range spans {
		if sp.Start.After(covered) {
			gaps = append(gaps, Interval{Start: covered, End: sp.Start})
		}
		if sp.End.After(covered) {
			covered = sp.End
		}
	}
	if covered.Before(to) {
		gaps = append(gaps, Interval{Start: covered, End: to})
	}
	return gaps
}

// FindDoubleBookings returns every pair of scheduled shifts of the same
// person that overlap (share more than an instant), with the time they
// share: A is the one that starts first (the lower ID when both start
// together). Cancelled shifts are left out. The pairs come ordered by the
// overlap's start, then person, then the overlap's end, then A and B. It sorts the shifts by
// person and start and sweeps each person's once, keeping the shifts
// still running: O(n log n + k) for n shifts and k pairs.
func FindDoubleBookings(shifts []Shift) []DoubleBooking {
	idx := make([]int, 0, len(shifts))
	for i := range shifts {
		if shifts[i].Status != ShiftCancelled && shifts[i].End.After(shifts[i].Start) {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		x, y := &shifts[a], &shifts[b]
		return cmp.Or(strings.Compare(x.Person, y.Person), x.Start.Compare(y.Start), bytes.Compare(x.ID[:], y.ID[:]))
	})
	var out []DoubleBooking
	var running []int // shifts of the current person that may still overlap the next
	for k, i := range idx {
		sh := &shifts[i]
		if k == 0 || shifts[idx[k-1]].Person != sh.Person {
			running = running[:0]
		}
		// Keep the shifts still running at sh's start; they started no
		// later than sh, so each overlaps it.
		kept := running[:0]
		for _, j := range running {
			if shifts[j].End.After(sh.Start) {
				kept = append(kept, j)
			}
		}
		running = kept
		for _, j := range running {
			a := &shifts[j]
			out = append(out, DoubleBooking{Person: sh.Person, A: a.ID, B: sh.ID,
				Overlap: Interval{Start: sh.Start, End: gapsEarlier(a.End, sh.End)}})
		}
		running = append(running, i)
	}
	slices.SortStableFunc(out, func(a, b DoubleBooking) int {
		return cmp.Or(a.Overlap.Start.Compare(b.Overlap.Start), strings.Compare(a.Person, b.Person), a.Overlap.End.Compare(b.Overlap.End),
			bytes.Compare(a.A[:], b.A[:]), bytes.Compare(a.B[:], b.B[:]))
	})
	return out
}

func gapsLater(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func gapsEarlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
