package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/govops-kit/govops"
)

// ErrSummariesDiffer is what repair-stats -check returns when a summary
// differs from its records.
var ErrSummariesDiffer = errors.New("summaries differ from the records: run repair-stats without -check to repair them")

// keepers returns the stores that keep summary rows, in the order of
// open's migrations.
func (st stores) keepers() []govops.SummaryKeeper {
	var out []govops.SummaryKeeper
	for _, s := range []any{st.cases, st.hotline, st.dirStore, st.license, st.data, st.netops, st.sec, st.portal, st.dir} {
		if k, ok := s.(govops.SummaryKeeper); ok {
			out = append(out, k)
		}
	}
	return out
}

// repairStats recomputes every store's summaries from its records,
// prints what it found and, unless -check, repairs what differed.
func (m *Main) repairStats(ctx context.Context) error {
	_, st, err := m.openWithCalendar(ctx, m.logger())
	if err != nil {
		return err
	}
	var all govops.SummaryReport
	for _, k := range st.keepers() {
		r, err := k.RepairSummaries(ctx, !m.checkOnly)
		if err != nil {
			return err
		}
		all.Merge(r)
	}
	fmt.Fprint(m.Stdout, all.String())
	diffs := 0
	for _, s := range all.Summaries {
		diffs += len(s.Diffs)
	}
	switch {
	case diffs == 0:
		fmt.Fprintf(m.Stdout, "%d summaries equal their records\n", len(all.Summaries))
	case m.checkOnly:
		return fmt.Errorf("%d groups: %w", diffs, ErrSummariesDiffer)
	default:
		fmt.Fprintf(m.Stdout, "repaired %d groups\n", diffs)
	}
	return nil
}
