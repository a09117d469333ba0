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
// and how long it took (HandlingSeconds). The groups come in map order:
// the Service sorts them.
func (s *Store) CaseStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	if err := alive(ctx); err != nil {
		return govcase.Stats{}, err
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
// their creation, as govcase.Store describes.
func (s *Store) CaseCounts(ctx context.Context, f govcase.StatsFilter, bounds []time.Time) ([]govcase.PeriodCount, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	type key struct {
		period int
		kind   govcase.Kind
	}
	counts := map[key]int64{}
	s.mu.Lock()
	for _, c := range s.cases {
		if !statsMatch(c, f) {
			continue
		}
		if p := govcase.PeriodOf(c.CreatedAt, bounds); p >= 0 {
			counts[key{p, c.Kind}]++
		}
	}
	s.mu.Unlock()
	out := make([]govcase.PeriodCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, govcase.PeriodCount{Period: k.period, Kind: k.kind, Count: n})
	}
	return out, nil
}
