package govcasemem

import (
	"context"
	"time"

	"github.com/govops-kit/govops/govcase"
)

// statsKey is one group of CaseStats.
type statsKey struct {
	kind       govcase.Kind
	status     govcase.Status
	department string
}

// CaseStats counts the cases matching f as govcase.Stats describes, with
// the Case's own rules for what is on time (AcceptedOnTime, RepliedOnTime)
// and how long it took (HandlingSeconds). When f's creation bounds are
// unset or month starts in the Store's zone (WithLocation), it adds up the
// groups of the summary; otherwise it goes through every case. The groups
// come in map order: the Service sorts them.
func (s *Store) CaseStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	if err := alive(ctx); err != nil {
		return govcase.Stats{}, err
	}
	if from, to, ok := govcase.MonthRange(f, s.loc); ok {
		return s.summaryStats(f, from, to), nil
	}
	var st govcase.Stats
	groups := map[statsKey]int64{}
	s.mu.Lock()
	for _, c := range s.cases {
		if !statsMatch(c, f) {
			continue
		}
		groups[statsKey{c.Kind, c.Status, c.Department}]++
		st.Total++
		if !c.DispatchedAt.IsZero() {
			st.Dispatched++
		}
		if !c.AcceptedAt.IsZero() {
			st.Accepted++
		}
		if c.AcceptedOnTime() {
			st.AcceptedOnTime++
		}
		if !c.RepliedAt.IsZero() {
			st.Replied++
		}
		if c.RepliedOnTime() {
			st.RepliedOnTime++
		}
		if secs, ok := c.HandlingSeconds(); ok {
			st.HandlingSeconds += secs
		}
	}
	s.mu.Unlock()
	for k, n := range groups {
		st.Groups = append(st.Groups, govcase.StatsGroup{Kind: k.kind, Status: k.status, Department: k.department, Count: n})
	}
	return st, nil
}

// summaryStats is CaseStats from the summary: the totals, or the months
// [from, to) (see summaryMatch).
func (s *Store) summaryStats(f govcase.StatsFilter, from, to int) govcase.Stats {
	var st govcase.Stats
	groups := map[statsKey]int64{}
	s.mu.Lock()
	for k, sum := range s.summary {
		if !summaryMatch(k, f, from, to) || sum[0] == 0 {
			continue
		}
		groups[statsKey{k.kind, k.status, k.department}] += sum[0]
		st.Total += sum[0]
		st.Dispatched += sum[1]
		st.Accepted += sum[2]
		st.AcceptedOnTime += sum[3]
		st.Replied += sum[4]
		st.RepliedOnTime += sum[5]
		st.HandlingSeconds += sum[6]
	}
	s.mu.Unlock()
	for k, n := range groups {
		if n != 0 {
			st.Groups = append(st.Groups, govcase.StatsGroup{Kind: k.kind, Status: k.status, Department: k.department, Count: n})
		}
	}
	return st
}

// summaryMatch reports whether summary group k counts cases f selects: a
// total without creation bounds, else a month of [from, to) (0 for no
// bound; from is at least 1 with either bound, see govcase.MonthRange,
// which leaves the totals out).
func summaryMatch(k summaryKey, f govcase.StatsFilter, from, to int) bool {
	switch {
	case from == 0 && to == 0 && k.month != totalMonth,
		f.Year != 0 && k.year != f.Year,
		f.Kind != "" && k.kind != f.Kind,
		f.Department != "" && k.department != f.Department,
		from != 0 && k.month < from,
		to != 0 && k.month >= to:
		return false
	}
	return true
}

func statsMatch(c *govcase.Case, f govcase.StatsFilter) bool {
	switch {
	case f.Year != 0 && c.Year != f.Year,
		!f.CreatedFrom.IsZero() && c.CreatedAt.Before(f.CreatedFrom),
		!f.CreatedTo.IsZero() && !c.CreatedAt.Before(f.CreatedTo),
		f.Kind != "" && c.Kind != f.Kind,
		f.Department != "" && c.Department != f.Department:
		return false
	}
	return true
}

// CaseCounts counts the cases matching f by kind and by the period of
// their creation, as govcase.Store describes. When every bound, and each
// creation bound of f, is a month start in the Store's zone, it adds up
// the months of the summary; otherwise it goes through every case.
func (s *Store) CaseCounts(ctx context.Context, f govcase.StatsFilter, bounds []time.Time) ([]govcase.PeriodCount, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	counts := map[periodKey]int64{}
	months, ok := govcase.MonthPeriods(bounds, s.loc)
	from, to, fok := govcase.MonthRange(f, s.loc)
	s.mu.Lock()
	if ok && fok {
		// The months outside the bounds count in no period.
		from = max(from, months[0])
		if last := months[len(months)-1]; to == 0 || to > last {
			to = last
		}
		for k, sum := range s.summary {
			if !summaryMatch(k, f, from, to) {
				continue
			}
			if p := govcase.PeriodOfMonth(k.month, months); p >= 0 {
				counts[periodKey{p, k.kind}] += sum[0]
			}
		}
		s.mu.Unlock()
		return periodCounts(counts), nil
	}
	for _, c := range s.cases {
		if !statsMatch(c, f) {
			continue
		}
		if p := govcase.PeriodOf(c.CreatedAt, bounds); p >= 0 {
			counts[periodKey{p, c.Kind}]++
		}
	}
	s.mu.Unlock()
	return periodCounts(counts), nil
}

// periodKey is one period and kind of CaseCounts.
type periodKey struct {
	period int
	kind   govcase.Kind
}

// periodCounts lists the counts that are not zero.
func periodCounts(counts map[periodKey]int64) []govcase.PeriodCount {
	out := make([]govcase.PeriodCount, 0, len(counts))
	for k, n := range counts {
		if n != 0 {
			out = append(out, govcase.PeriodCount{Period: k.period, Kind: k.kind, Count: n})
		}
	}
	return out
}
