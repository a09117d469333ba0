package licensemem

import (
	"cmp"
	"context"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

// summaryName names the summary of the records by type and department in
// a SummaryReport, as licensebun's table does.
const summaryName = "license_record_summary"

var _ govops.SummaryKeeper = (*Store)(nil)

// count adds n to the group of r. The caller holds the write lock.
func (s *Store) count(r *license.Record, n int64) {
	s.counts[typeDept{r.Type, r.Department}] += n
}

// compareGroup orders groups by type, then department.
func compareGroup(a, b typeDept) int {
	return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.dept, b.dept))
}

// RepairSummaries implements govops.SummaryKeeper: it counts the records
// by type and department and compares the counts with the summary, which a
// repair replaces, under the lock.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	if err := alive(ctx); err != nil {
		return govops.SummaryReport{}, err
	}
	if repair {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	records := map[typeDept]int64{}
	for _, r := range s.records {
		records[typeDept{r.Type, r.Department}]++
	}
	names := []string{"type", "department"}
	render := func(m map[typeDept]int64) map[string][]int64 {
		out := make(map[string][]int64, len(m))
		for k, n := range m {
			out[govops.SummaryKey(names, []any{k.typ, k.dept})] = []int64{n}
		}
		return out
	}
	chk := govops.CompareSummary(summaryName, []string{"records"}, render(s.counts), render(records))
	if repair && len(chk.Diffs) > 0 {
		s.counts = records
		chk.Repaired = true
	}
	return govops.SummaryReport{Summaries: []govops.SummaryCheck{chk}}, nil
}
