package hotlinebun

import (
	"context"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// The reads and writes as they were before the summaries, for the
// benchmarks' baselines, measured in the same run.

// ScanCallbackCounts is CallbackCounts as one GROUP BY over the callbacks
// of r (the full scan that the summary replaced).
func (s *Store) ScanCallbackCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.CallbackCount, error) {
	var rows []callbackGroup
	if err := callbackScan(s.db, &r).Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count callbacks", err)
	}
	return callbackCounts(rows)
}

// ScanOutcomeCounts is OutcomeCounts as one GROUP BY over the outcomes of
// r.
func (s *Store) ScanOutcomeCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.OutcomeCount, error) {
	var rows []outcomeGroup
	if err := outcomeScan(s.db, &r).Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count outcomes", err)
	}
	return outcomeCounts(rows)
}

// ScanDeductionCounts is DeductionCounts as one GROUP BY over the
// deductions of r whose status is one of counting.
func (s *Store) ScanDeductionCounts(ctx context.Context, r hotline.MonthRange, counting []hotline.DeductionStatus) ([]hotline.DeductionGroup, error) {
	if len(counting) == 0 {
		return nil, nil
	}
	statuses := make([]string, len(counting))
	for i, st := range counting {
		statuses[i] = string(st)
	}
	var rows []struct {
		Month      string `bun:"month"`
		Department string `bun:"department"`
		Points     string `bun:"points"`
		N          int64  `bun:"n"`
	}
	err := s.db.NewSelect().TableExpr("hotline_deductions").
		ColumnExpr("month, department, points, COUNT(*) AS n").
		Where("month >= ? AND month <= ?", r.First.String(), r.Last.String()).
		Where("status IN (?)", bun.List(statuses)).
		GroupExpr("month, department, points").
		Scan(ctx, &rows)
	if err != nil {
		return nil, errs.Err("count deductions", err)
	}
	out := make([]hotline.DeductionGroup, len(rows))
	for i, row := range rows {
		m, err := readMonth(row.Month)
		if err != nil {
			return nil, err
		}
		p, err := decimal.NewFromString(row.Points)
		if err != nil {
			return nil, errs.Err("read deduction points", err)
		}
		out[i] = hotline.DeductionGroup{Month: m, Department: row.Department, Points: p, Count: row.N}
	}
	return out, nil
}

// CreateCallbackUnsummarized is CreateCallback without the summary: the
// one INSERT it was. It leaves the summary short of the callback.
func (s *Store) CreateCallbackUnsummarized(ctx context.Context, c *hotline.Callback) error {
	row := toCallbackRow(c)
	_, err := s.db.NewInsert().Model(&row).Exec(ctx)
	return errs.Err("create callback", err)
}

// BulkInsertCallbacksUnsummarized is BulkInsertCallbacks without the
// summary: the chunked INSERTs alone.
func (s *Store) BulkInsertCallbacksUnsummarized(ctx context.Context, cs []hotline.Callback) error {
	rows := make([]callbackRow, len(cs))
	for i := range cs {
		rows[i] = toCallbackRow(&cs[i])
	}
	return errs.Err("bulk insert callbacks", bunstore.InsertChunked(ctx, s.db, rows))
}

// UpdateOutcomeUnsummarized is UpdateOutcome without the summary: the
// prepared versioned UPDATE alone, outside a transaction.
func (s *Store) UpdateOutcomeUnsummarized(ctx context.Context, o *hotline.Outcome) error {
	row := toOutcomeRow(o)
	return s.outcomes.Update(ctx, &row)
}
