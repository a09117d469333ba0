package govcase

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/govops-kit/govops"
)

// StatsReport is Stats with the rates people read: percentages rounded
// half-up to two places, each carrying what it counted; a rate with
// nothing to count is null (govops.Rate).
type StatsReport struct {
	Stats
	// The rates count every dispatched case, so that cases a department
	// sits on (not yet accepted, or not replied) pull its rates down, as
	// the 12345 assessment counts them.
	AcceptOnTimeRate  govops.Rate   // 及时签收率: AcceptedOnTime / Dispatched
	ResolveOnTimeRate govops.Rate   // 按时办结率: RepliedOnTime / Dispatched
	ResponseRate      govops.Rate   // 回应率: Replied / Dispatched
	MeanHandling      time.Duration // mean of replied − dispatched
}

// Stats counts cases by kind, status and department and reports on-time
// rates. Groups come ordered by Kind, then Status, then Department, each
// compared in byte order. A department sees only its own figures: asking
// for another department's is EFORBIDDEN naming "department". Every bad
// field is EINVALID, all reported at once.
func (s *Service) Stats(ctx context.Context, by govops.Actor, f StatsFilter) (StatsReport, error) {
	if err := by.Validate(); err != nil {
		return StatsReport{}, err
	}
	var p govops.Problems
	if f.Kind != "" {
		if _, ok := s.kinds[f.Kind]; !ok {
			p.Addf("kind", "unknown kind %q (known: %s)", f.Kind, s.kindList())
		}
	}
	if f.Year != 0 && (f.Year < 1900 || f.Year > 9999) {
		p.Add("year", "must be a four-digit year")
	}
	govops.CheckPeriod(&p, "created_from", f.CreatedFrom, "created_to", f.CreatedTo)
	if f.Department != "" {
		govops.CheckCode(&p, "department", f.Department)
	}
	if err := p.Err(); err != nil {
		return StatsReport{}, err
	}
	var err error
	if f.Department, err = by.Scope(f.Department); err != nil {
		return StatsReport{}, err
	}
	f.CreatedFrom, f.CreatedTo = f.CreatedFrom.UTC(), f.CreatedTo.UTC()
	st, err := s.store.CaseStats(ctx, f)
	if err != nil {
		return StatsReport{}, err
	}
	// The Store returns the groups in any order: a database orders text by
	// its collation, and codes compare byte-wise everywhere in govops.
	slices.SortFunc(st.Groups, func(a, b StatsGroup) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Status, b.Status), cmp.Compare(a.Department, b.Department))
	})
	r := StatsReport{
		Stats:             st,
		AcceptOnTimeRate:  govops.NewRate(st.AcceptedOnTime, st.Dispatched),
		ResolveOnTimeRate: govops.NewRate(st.RepliedOnTime, st.Dispatched),
		ResponseRate:      govops.NewRate(st.Replied, st.Dispatched),
	}
	if st.Replied > 0 {
		r.MeanHandling = time.Duration(st.HandlingSeconds/st.Replied) * time.Second
	}
	return r, nil
}

// MonthlyCounts is the number of cases registered in each month of a year,
// by kind.
type MonthlyCounts struct {
	Year int
	// Months[m-1] counts the cases registered in month m, by kind; a kind
	// without a case that month is absent.
	Months [12]map[Kind]int64
}

// Total returns the number of cases of month m (1 to 12), every kind.
func (m MonthlyCounts) Total(month int) int64 {
	var n int64
	for _, c := range m.Months[month-1] {
		n += c
	}
	return n
}

// MonthlyCounts counts the cases of year (as their numbers count it) by
// the month of their registration in the calendar's zone, and by kind, in
// one Store query. f.Year is set to year and f.CreatedFrom and
// f.CreatedTo are ignored (the months bound the count); f.Kind and
// f.Department narrow it as in Stats. A department sees
// only its own cases: asking for another department's is EFORBIDDEN naming
// "department".
func (s *Service) MonthlyCounts(ctx context.Context, by govops.Actor, year int, f StatsFilter) (MonthlyCounts, error) {
	if err := by.Validate(); err != nil {
		return MonthlyCounts{}, err
	}
	var p govops.Problems
	if year < 1900 || year > 9999 {
		p.Add("year", "must be a four-digit year")
	}
	if f.Kind != "" {
		if _, ok := s.kinds[f.Kind]; !ok {
			p.Addf("kind", "unknown kind %q (known: %s)", f.Kind, s.kindList())
		}
	}
	if f.Department != "" {
		govops.CheckCode(&p, "department", f.Department)
	}
	if err := p.Err(); err != nil {
		return MonthlyCounts{}, err
	}
	var err error
	if f.Department, err = by.Scope(f.Department); err != nil {
		return MonthlyCounts{}, err
	}
	loc := s.cal.Location()
	bounds := make([]time.Time, 13)
	for i := range bounds {
		bounds[i] = time.Date(year, time.Month(i+1), 1, 0, 0, 0, 0, loc).UTC()
	}
	// A case's Year is that of its registration in the calendar's zone,
	// so the year's cases are those of its months.
	f.Year, f.CreatedFrom, f.CreatedTo = year, time.Time{}, time.Time{}
	rows, err := s.store.CaseCounts(ctx, f, bounds)
	if err != nil {
		return MonthlyCounts{}, err
	}
	out := MonthlyCounts{Year: year}
	for _, r := range rows {
		if r.Period < 0 || r.Period >= 12 {
			return MonthlyCounts{}, govops.Errorf(govops.EINTERNAL, "govcase: the store counted period %d of 12", r.Period)
		}
		if out.Months[r.Period] == nil {
			out.Months[r.Period] = map[Kind]int64{}
		}
		out.Months[r.Period][r.Kind] += r.Count
	}
	return out, nil
}
