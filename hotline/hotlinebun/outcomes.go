package hotlinebun

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// CreateOutcome implements hotline.Store.
func (s *Store) CreateOutcome(ctx context.Context, o *hotline.Outcome) error {
	row := toOutcomeRow(o)
	return s.outcomes.Insert(ctx, &row, bunstore.Conflict("case %s already has an outcome", o.CaseNumber))
}

// UpdateOutcome implements hotline.Store with a version-checked UPDATE.
func (s *Store) UpdateOutcome(ctx context.Context, o *hotline.Outcome) error {
	row := toOutcomeRow(o)
	return s.outcomes.Update(ctx, &row,
		bunstore.NotFound("case %s has no outcome", o.CaseNumber),
		bunstore.Stale("the outcome of case %s is no longer at version %d: it was changed meanwhile", o.CaseNumber, o.Version-1))
}

// GetOutcome implements hotline.Store.
func (s *Store) GetOutcome(ctx context.Context, caseNumber string) (*hotline.Outcome, error) {
	var row outcomeRow
	if err := s.outcomes.Get(ctx, &row, "case_number", caseNumber, bunstore.NotFound("case %s has no outcome", caseNumber)); err != nil {
		return nil, err
	}
	o, err := row.toOutcome()
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// ListOutcomes implements hotline.Store.
func (s *Store) ListOutcomes(ctx context.Context, f hotline.OutcomeFilter) ([]hotline.Outcome, error) {
	var rows []outcomeRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("case_number ASC")
	if !f.Month.IsZero() {
		q.Where("month = ?", f.Month.String())
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.After != "" {
		q.Where("case_number > ?", f.After)
	}
	if f.Limit > 0 {
		q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list outcomes", err)
	}
	out := make([]hotline.Outcome, len(rows))
	for i := range rows {
		o, err := rows[i].toOutcome()
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

// BulkInsertOutcomes implements hotline.Store with chunked multi-row
// INSERTs in one transaction (bunstore.InsertChunked).
func (s *Store) BulkInsertOutcomes(ctx context.Context, os []hotline.Outcome) error {
	if len(os) == 0 {
		return nil
	}
	rows := make([]outcomeRow, len(os))
	for i := range os {
		rows[i] = toOutcomeRow(&os[i])
	}
	return errs.Err("bulk insert outcomes", bunstore.InsertChunked(ctx, s.db, rows),
		bunstore.Conflict("an outcome of the batch is for a case that already has one, or is repeated in the batch; nothing was stored"))
}

// ExistingOutcomes implements hotline.Store.
func (s *Store) ExistingOutcomes(ctx context.Context, caseNumbers []string) ([]string, error) {
	seen := map[string]bool{}
	var uniq []string
	for _, n := range caseNumbers {
		if !seen[n] {
			seen[n] = true
			uniq = append(uniq, n)
		}
	}
	var out []string
	err := chunks(uniq, lookupChunk, func(part []string) error {
		var found []string
		if err := s.db.NewSelect().TableExpr("hotline_outcomes").Column("case_number").
			Where("case_number IN (?)", bun.List(part)).Scan(ctx, &found); err != nil {
			return errs.Err("look up outcomes", err)
		}
		out = append(out, found...)
		return nil
	})
	return out, err
}

// OutcomeCounts implements hotline.Store with one GROUP BY that the index
// (month, department, flags…) covers.
func (s *Store) OutcomeCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.OutcomeCount, error) {
	var rows []struct {
		Month          string `bun:"month"`
		Department     string `bun:"department"`
		Total          int64  `bun:"total"`
		Dispatched     int64  `bun:"dispatched"`
		AcceptedOnTime int64  `bun:"accepted_on_time"`
		ResolvedOnTime int64  `bun:"resolved_on_time"`
		Returned       int64  `bun:"returned"`
		Redone         int64  `bun:"redone"`
		Replied        int64  `bun:"replied"`
	}
	err := s.db.NewSelect().TableExpr("hotline_outcomes").
		ColumnExpr("month, department, COUNT(*) AS total").
		ColumnExpr("SUM(dispatched) AS dispatched, SUM(accepted_on_time) AS accepted_on_time").
		ColumnExpr("SUM(resolved_on_time) AS resolved_on_time, SUM(returned) AS returned").
		ColumnExpr("SUM(redone) AS redone, SUM(replied) AS replied").
		Where("month >= ? AND month <= ?", r.First.String(), r.Last.String()).
		GroupExpr("month, department").
		Scan(ctx, &rows)
	if err != nil {
		return nil, errs.Err("count outcomes", err)
	}
	out := make([]hotline.OutcomeCount, len(rows))
	for i, row := range rows {
		m, err := readMonth(row.Month)
		if err != nil {
			return nil, err
		}
		out[i] = hotline.OutcomeCount{Month: m, Department: row.Department, Total: row.Total,
			Dispatched: row.Dispatched, AcceptedOnTime: row.AcceptedOnTime, ResolvedOnTime: row.ResolvedOnTime,
			Returned: row.Returned, Redone: row.Redone, Replied: row.Replied}
	}
	return out, nil
}
