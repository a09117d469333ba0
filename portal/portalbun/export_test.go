package portalbun

import (
	"context"

	"github.com/govops-kit/govops/portal"
)

// The full scans the aggregates fall back on when their summaries do not
// answer a filter: the reference the tests compare the summaries with, and
// the baseline of the benchmarks.

func (s *Store) TaskGroupsScan(ctx context.Context, f portal.TaskGroupFilter) ([]portal.TaskGroup, error) {
	return s.taskGroupsScan(ctx, f)
}

func (s *Store) PostGroupsScan(ctx context.Context, f portal.PostFilter) ([]portal.PostGroup, error) {
	return s.postGroupsScan(ctx, f)
}

func (s *Store) ProbeTallyScan(ctx context.Context, f portal.ProbeFilter) (portal.ProbeTally, error) {
	return s.probeTallyScan(ctx, f)
}

func (s *Store) CountConsultationsScan(ctx context.Context, f portal.ConsultationFilter) (int, error) {
	return s.countConsultationsScan(ctx, f)
}

// SkipSummaries makes s's writes add no summary delta: the writes as the
// store made them before it kept summaries, for the benchmarks to time.
func (s *Store) SkipSummaries() { s.skipSummaries = true }
