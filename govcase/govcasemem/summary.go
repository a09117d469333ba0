package govcasemem

import (
	"context"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// summaryKey is a group of the case summary: the cases of one year, kind,
// status, department and month of creation in the Store's zone
// (govcase.CaseMonth), as govcasebun keys govcase_case_summary.
type summaryKey struct {
	year       int
	kind       govcase.Kind
	status     govcase.Status
	department string
	month      int
}

// summaryCounts are the sums of a group, in the order of summaryCountNames.
type summaryCounts [7]int64

// The names of the summary, its key and its counts, in the order of
// summaryKey and summaryCounts.
const summaryName = "govcase_case_summary"

var (
	summaryKeyNames   = []string{"year", "kind", "status", "department", "month"}
	summaryCountNames = []string{"n", "dispatched", "accepted", "accepted_on_time", "replied", "replied_on_time", "handling_secs"}
)

func (k summaryKey) String() string {
	return govops.SummaryKey(summaryKeyNames, []any{k.year, k.kind, k.status, k.department, k.month})
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// contribution returns the group of c and what c adds to it.
func (s *Store) contribution(c *govcase.Case) (summaryKey, summaryCounts) {
	secs, _ := c.HandlingSeconds()
	return summaryKey{c.Year, c.Kind, c.Status, c.Department, govcase.CaseMonth(c.CreatedAt, s.loc)},
		summaryCounts{1, flag(!c.DispatchedAt.IsZero()), flag(!c.AcceptedAt.IsZero()), flag(c.AcceptedOnTime()),
			flag(!c.RepliedAt.IsZero()), flag(c.RepliedOnTime()), secs}
}

// count adds c's contribution to its group of the summary, sign times (-1
// takes it away). A group whose counts fall to zero stays, as a
// database's row does. The caller holds the lock.
func (s *Store) count(c *govcase.Case, sign int64) {
	k, add := s.contribution(c)
	sum := s.summary[k]
	for i, n := range add {
		sum[i] += sign * n
	}
	s.summary[k] = sum
}

// recompute returns the summary counted from the cases. The caller holds
// the lock.
func (s *Store) recompute() map[summaryKey]summaryCounts {
	out := map[summaryKey]summaryCounts{}
	for _, c := range s.cases {
		k, add := s.contribution(c)
		sum := out[k]
		for i, n := range add {
			sum[i] += n
		}
		out[k] = sum
	}
	return out
}

// RepairSummaries counts the summary again from the cases and compares it
// with the one the Store keeps; with repair set, it replaces the kept one
// when they differ. It holds the Store's lock throughout, so no write
// lands between the count and the comparison. Returns EINTERNAL only when
// ctx is done.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	if err := alive(ctx); err != nil {
		return govops.SummaryReport{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	records := s.recompute()
	render := func(m map[summaryKey]summaryCounts) map[string][]int64 {
		out := make(map[string][]int64, len(m))
		for k, v := range m {
			out[k.String()] = v[:]
		}
		return out
	}
	chk := govops.CompareSummary(summaryName, summaryCountNames, render(s.summary), render(records))
	if repair && len(chk.Diffs) > 0 {
		s.summary = records
		chk.Repaired = true
	}
	return govops.SummaryReport{Summaries: []govops.SummaryCheck{chk}}, nil
}
