package govcasemem

import (
	"context"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// summaryKey is a group of the case summary, as govcasebun keys
// govcase_case_summary: the cases of one year, kind, status and
// department, in total (month 0) or created in one month of the Store's
// zone (govcase.CaseMonth).
type summaryKey struct {
	month      int
	year       int
	kind       govcase.Kind
	status     govcase.Status
	department string
}

// totalMonth is the month of the summary's totals, which count the cases
// of every month, and those without a creation time.
const totalMonth = 0

// summaryCounts are the sums of a group, in the order of summaryCountNames.
type summaryCounts [7]int64

// The names of the summary, its key and its counts, in the order of
// summaryKey and summaryCounts.
const summaryName = "govcase_case_summary"

var (
	summaryKeyNames   = []string{"month", "year", "kind", "status", "department"}
	summaryCountNames = []string{"n", "dispatched", "accepted", "accepted_on_time", "replied", "replied_on_time", "handling_secs"}
)

func (k summaryKey) String() string {
	return govops.SummaryKey(summaryKeyNames, []any{k.month, k.year, k.kind, k.status, k.department})
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// add adds c's contribution to summary, sign times (-1 takes it away):
// to its group's total, and to its month unless it has no creation time. A
// group whose counts fall to zero stays, as a database's row does.
func (s *Store) add(summary map[summaryKey]summaryCounts, c *govcase.Case, sign int64) {
	secs, _ := c.HandlingSeconds()
	add := summaryCounts{1, flag(!c.DispatchedAt.IsZero()), flag(!c.AcceptedAt.IsZero()), flag(c.AcceptedOnTime()),
		flag(!c.RepliedAt.IsZero()), flag(c.RepliedOnTime()), secs}
	k := summaryKey{totalMonth, c.Year, c.Kind, c.Status, c.Department}
	months := []int{totalMonth}
	if m := govcase.CaseMonth(c.CreatedAt, s.loc); m != totalMonth {
		months = append(months, m)
	}
	for _, m := range months {
		k.month = m
		sum := summary[k]
		for i, n := range add {
			sum[i] += sign * n
		}
		summary[k] = sum
	}
}

// count changes the Store's summary by c, sign times. The caller holds the
// lock.
func (s *Store) count(c *govcase.Case, sign int64) { s.add(s.summary, c, sign) }

// recompute returns the summary counted from the cases. The caller holds
// the lock.
func (s *Store) recompute() map[summaryKey]summaryCounts {
	out := map[summaryKey]summaryCounts{}
	for _, c := range s.cases {
		s.add(out, c, 1)
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
