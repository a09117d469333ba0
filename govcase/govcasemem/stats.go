package govcasemem

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/govops-kit/govops/govcase"
)

// statsKey is one group of CaseStats.
type statsKey struct {
	kind       govcase.Kind
	status     govcase.Status
	department string
}

// CaseStats counts the cases matching f as govcase.Stats describes. Where the
// SQL stores compare against a NULL deadline or subtract from a NULL dispatch
// time, this store skips the case in the same way: an acceptance without an
// AcceptBy is never on time, a reply without a ResolveBy is never on time, and
// a reply without a DispatchedAt adds no handling time. Handling time is
// truncated to whole seconds per case before it is summed.
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
			if !c.AcceptBy.IsZero() && !c.AcceptedAt.After(c.AcceptBy) {
				st.AcceptedOnTime++
			}
		}
		if !c.RepliedAt.IsZero() {
			st.Replied++
			if !c.ResolveBy.IsZero() && !c.RepliedAt.After(c.ResolveBy) {
				st.RepliedOnTime++
			}
			if !c.DispatchedAt.IsZero() {
				st.HandlingSeconds += int64(c.RepliedAt.Sub(c.DispatchedAt) / time.Second)
			}
		}
	}
	s.mu.Unlock()
	for k, n := range groups {
		st.Groups = append(st.Groups, govcase.StatsGroup{Kind: k.kind, Status: k.status, Department: k.department, Count: n})
	}
	slices.SortFunc(st.Groups, func(a, b govcase.StatsGroup) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Status, b.Status), cmp.Compare(a.Department, b.Department))
	})
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
