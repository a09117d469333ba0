package security

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// recentDays is the age of the oldest open records the brackets of
// FindingAge tell apart (Days30, Days90, Days180); older ones are Older.
const recentDays = 180

// bracket returns the bracket of FindingAge (0 Days30, 1 Days90, 2
// Days180) of a record open for days, and false when it is older.
func bracket(days int) (int, bool) {
	switch {
	case days <= 30:
		return 0, true
	case days <= 90:
		return 1, true
	case days <= recentDays:
		return 2, true
	}
	return 0, false
}

// findingsTally adds up the report's findings. Its brackets count the open
// records of each severity found at most 180 days before the report's day;
// Older is the rest of Open, worked out at the end.
type findingsTally struct {
	year       int
	from, at   time.Time
	found      int64
	verified   int64
	byKind     map[FindingKind]int64
	hardened   map[FindingKind]int64
	open       int64
	total      map[Severity]int64
	brackets   map[Severity]*[3]int64
	recentFrom time.Time // the first day of the 180-day bracket
}

func newFindingsTally(year int, at time.Time) *findingsTally {
	from, _ := yearSpan(year)
	y, m, d := at.In(shanghai).Date()
	t := &findingsTally{year: year, from: from, at: at, byKind: map[FindingKind]int64{}, hardened: map[FindingKind]int64{},
		total: map[Severity]int64{}, brackets: map[Severity]*[3]int64{},
		recentFrom: time.Date(y, m, d-recentDays, 0, 0, 0, 0, shanghai).UTC()}
	for _, sev := range Severities() {
		t.brackets[sev] = new([3]int64)
	}
	return t
}

// openByYear reports whether a record verified in vy (0: not verified)
// is open at the end of the report's year.
func (t *findingsTally) openByYear(vy int) bool { return vy == 0 || vy > t.year }

// addCount adds n records of a Store's count (HardeningCounts) as they
// stand at the end of the year: found in it or before, verified by then
// if verified in it or before.
func (t *findingsTally) addCount(kind FindingKind, sev Severity, fy, vy int, n int64) {
	if fy > t.year {
		return
	}
	if fy == t.year {
		t.found += n
		t.byKind[kind] += n
		if !t.openByYear(vy) {
			t.verified += n
		}
	}
	if vy == t.year {
		t.hardened[kind] += n
	}
	if t.openByYear(vy) {
		t.open += n
		if _, ok := t.brackets[sev]; ok {
			t.total[sev] += n
		}
	}
}

// addDay adds n records of a Store's count by day (HardeningDays) to the
// brackets, as they stand at the end of the year.
func (t *findingsTally) addDay(sev Severity, day time.Time, vy int, n int64) {
	if day.IsZero() || day.Before(t.recentFrom) || day.In(shanghai).Year() > t.year || !t.openByYear(vy) {
		return
	}
	t.addBracket(sev, day, n)
}

// addBracket adds n to the bracket of sev that a record found on found
// falls in at the report's instant; none when it is older.
func (t *findingsTally) addBracket(sev Severity, found time.Time, n int64) {
	b, ok := t.brackets[sev]
	if !ok {
		return
	}
	if i, ok := bracket(daysBetween(found, t.at)); ok {
		b[i] += n
	}
}

// addKeyed adds h (sign 1) or takes it back (sign -1) as the Store's
// counts hold it.
func (t *findingsTally) addKeyed(h *Hardening, sign int64) {
	t.addCount(h.Kind, h.Severity, h.FoundYear(), h.VerifiedYear(), sign)
	t.addDay(h.Severity, h.FoundDay(), h.VerifiedYear(), sign)
}

// addExact adds h (sign 1) or takes it back (sign -1) as it stood at the
// report's instant: found before it, and verified by it.
func (t *findingsTally) addExact(h *Hardening, sign int64) {
	if !h.FoundOn.Before(t.at) {
		return
	}
	verified := h.Status == HardeningVerified && !h.VerifiedAt.After(t.at)
	if verified && !h.VerifiedAt.Before(t.from) {
		t.hardened[h.Kind] += sign
	}
	if !h.FoundOn.Before(t.from) {
		t.found += sign
		t.byKind[h.Kind] += sign
		if verified {
			t.verified += sign
		}
	}
	if verified {
		return
	}
	t.open += sign
	if _, ok := t.brackets[h.Severity]; ok {
		t.total[h.Severity] += sign
		t.addBracket(h.Severity, h.FoundOn, sign)
	}
}

// report returns the tally as the report shows it.
func (t *findingsTally) report() FindingsReport {
	f := FindingsReport{Found: int(t.found), Verified: int(t.verified), Open: int(t.open)}
	for _, k := range FindingKinds() {
		f.ByKind = append(f.ByKind, KindCount{Kind: k, Count: int(t.byKind[k])})
		f.HardenedByKind = append(f.HardenedByKind, KindCount{Kind: k, Count: int(t.hardened[k])})
	}
	for _, sev := range Severities() {
		b := t.brackets[sev]
		a := FindingAge{Severity: sev, Total: int(t.total[sev]), Days30: int(b[0]), Days90: int(b[1]), Days180: int(b[2])}
		a.Older = a.Total - a.Days30 - a.Days90 - a.Days180
		f.OpenByAge = append(f.OpenByAge, a)
	}
	return f
}

// reportFindings sums up the hardening records of dept ("" every unit's)
// for the report of year at at (see Report).
//
// The Store's counts give the records as they stand at the end of the
// year, by the year each was found and verified in and, for the last 180
// days, the day it was found. They are the report's answer for every
// record found and verified (or not) before at: the records found in
// [at, end of year), or verified in [at, end of year], are the only ones
// whose counts say otherwise, and are read to be counted as they stood at
// at instead. While the year runs and the clock only moves on, there are
// none.
func (s *Service) reportFindings(ctx context.Context, dept string, year int, at time.Time) (FindingsReport, error) {
	_, end := yearSpan(year)
	t := newFindingsTally(year, at)
	counts, err := s.store.HardeningCounts(ctx, dept)
	if err != nil {
		return FindingsReport{}, err
	}
	for _, c := range counts {
		t.addCount(c.Kind, c.Severity, c.FoundYear, c.VerifiedYear, c.Count)
	}
	days, err := s.store.HardeningDays(ctx, dept, t.recentFrom, end)
	if err != nil {
		return FindingsReport{}, err
	}
	for _, d := range days {
		t.addDay(d.Severity, d.FoundDay, d.VerifiedYear, d.Count)
	}
	late, err := s.lateHardenings(ctx, dept, at, end)
	if err != nil {
		return FindingsReport{}, err
	}
	for i := range late {
		t.addKeyed(&late[i], -1)
		t.addExact(&late[i], 1)
	}
	return t.report(), nil
}

// lateHardenings returns the records of dept found in [at, end), or
// verified in [at, end], each once.
func (s *Service) lateHardenings(ctx context.Context, dept string, at, end time.Time) ([]Hardening, error) {
	var out []Hardening
	if at.Before(end) {
		found, err := s.store.Hardenings(ctx, HardeningFilter{Department: dept, FoundFrom: at, FoundBefore: end}, uuid.Nil, 0)
		if err != nil {
			return nil, err
		}
		out = found
	}
	verified, err := s.store.Hardenings(ctx, HardeningFilter{Department: dept, Status: HardeningVerified,
		VerifiedFrom: at, VerifiedBefore: end.Add(time.Microsecond)}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	seen := make(map[uuid.UUID]bool, len(out))
	for _, h := range out {
		seen[h.ID] = true
	}
	for _, h := range verified {
		if !seen[h.ID] {
			out = append(out, h)
		}
	}
	return out, nil
}
