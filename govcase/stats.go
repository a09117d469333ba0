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
