package hotlinemem

import (
	"context"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// summaries are the Store's summary maps, by month, then by group. A group
// whose counts fall to zero keeps its entry, as a summary row would: the
// counts leave it out.
type summaries struct {
	callbacks  map[hotline.Month]map[callbackGroup]int64
	outcomes   map[hotline.Month]map[string]*outcomeTally // by department
	deductions map[hotline.Month]map[deductionGroup]int64
}

type callbackGroup struct {
	department string
	result     hotline.Result
}

// outcomeTally is the count of a group's outcomes and then of each flag,
// in the order of outcomeCounts.
type outcomeTally [7]int64

// deductionGroup keys deductions by status and by the canonical text of
// their points' value, so that 0.2 and 0.20 are one group.
type deductionGroup struct {
	department string
	status     hotline.DeductionStatus
	points     string
}

// The names of the summaries and of their columns, in the report of
// RepairSummaries; the same as hotlinebun's tables.
// outcomeCounts names the counts of an outcomeTally.
func outcomeCounts() []string {
	return []string{"n", "dispatched", "accepted_on_time", "resolved_on_time", "returned", "redone", "replied"}
}

const (
	callbackSummary  = "hotline_callback_summary"
	outcomeSummary   = "hotline_outcome_summary"
	deductionSummary = "hotline_deduction_summary"
)

func newSummaries() summaries {
	return summaries{callbacks: map[hotline.Month]map[callbackGroup]int64{},
		outcomes:   map[hotline.Month]map[string]*outcomeTally{},
		deductions: map[hotline.Month]map[deductionGroup]int64{}}
}

// addCallback adds sign times c to its group. The caller holds the write
// lock.
func (x summaries) addCallback(c *hotline.Callback, sign int64) {
	groups := x.callbacks[c.Month]
	if groups == nil {
		groups = map[callbackGroup]int64{}
		x.callbacks[c.Month] = groups
	}
	groups[callbackGroup{c.Department, c.Result}] += sign
}

// addOutcome adds sign times o, and each of its flags, to its group.
func (x summaries) addOutcome(o *hotline.Outcome, sign int64) {
	groups := x.outcomes[o.Month]
	if groups == nil {
		groups = map[string]*outcomeTally{}
		x.outcomes[o.Month] = groups
	}
	t := groups[o.Department]
	if t == nil {
		t = new(outcomeTally)
		groups[o.Department] = t
	}
	for i, set := range []bool{true, o.Dispatched, o.AcceptedOnTime, o.ResolvedOnTime, o.Returned, o.Redone, o.Replied} {
		if set {
			t[i] += sign
		}
	}
}

// addDeduction adds sign times d to its group.
func (x summaries) addDeduction(d *hotline.Deduction, sign int64) {
	groups := x.deductions[d.Month]
	if groups == nil {
		groups = map[deductionGroup]int64{}
		x.deductions[d.Month] = groups
	}
	groups[deductionGroup{d.Department, d.Status, d.Points.String()}] += sign
}

// recompute returns the summaries of the stored records, counted afresh.
// The caller holds the lock.
func (s *Store) recompute() summaries {
	x := newSummaries()
	for _, c := range s.callbacks {
		x.addCallback(c, 1)
	}
	for _, o := range s.outcomes {
		x.addOutcome(o, 1)
	}
	for _, d := range s.deductions {
		x.addDeduction(d, 1)
	}
	return x
}

// RepairSummaries implements govops.SummaryKeeper: it recomputes the three
// summaries from the records and compares them with the kept ones; with
// repair set, it replaces each one that differs. It holds the write lock
// throughout, so no write lands between the count and the replacement.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	if err := alive(ctx); err != nil {
		return govops.SummaryReport{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fresh := s.recompute()
	checks := []govops.SummaryCheck{
		govops.CompareSummary(callbackSummary, []string{"n"}, s.sums.callbackRows(), fresh.callbackRows()),
		govops.CompareSummary(outcomeSummary, outcomeCounts(), s.sums.outcomeRows(), fresh.outcomeRows()),
		govops.CompareSummary(deductionSummary, []string{"n"}, s.sums.deductionRows(), fresh.deductionRows()),
	}
	if repair {
		if len(checks[0].Diffs) > 0 {
			s.sums.callbacks, checks[0].Repaired = fresh.callbacks, true
		}
		if len(checks[1].Diffs) > 0 {
			s.sums.outcomes, checks[1].Repaired = fresh.outcomes, true
		}
		if len(checks[2].Diffs) > 0 {
			s.sums.deductions, checks[2].Repaired = fresh.deductions, true
		}
	}
	return govops.SummaryReport{Summaries: checks}, nil
}

// callbackRows, outcomeRows and deductionRows render the summaries as the
// rows govops.CompareSummary compares, keyed by govops.SummaryKey.
func (x summaries) callbackRows() map[string][]int64 {
	out := map[string][]int64{}
	names := []string{"month", "department", "result"}
	for m, groups := range x.callbacks {
		for g, n := range groups {
			out[govops.SummaryKey(names, []any{m, g.department, g.result})] = []int64{n}
		}
	}
	return out
}

func (x summaries) outcomeRows() map[string][]int64 {
	out := map[string][]int64{}
	names := []string{"month", "department"}
	for m, groups := range x.outcomes {
		for d, t := range groups {
			out[govops.SummaryKey(names, []any{m, d})] = t[:]
		}
	}
	return out
}

func (x summaries) deductionRows() map[string][]int64 {
	out := map[string][]int64{}
	names := []string{"month", "department", "status", "points"}
	for m, groups := range x.deductions {
		for g, n := range groups {
			out[govops.SummaryKey(names, []any{m, g.department, g.status, g.points})] = []int64{n}
		}
	}
	return out
}
