package hotlinebun

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// CreateOutcome implements hotline.Store: the outcome, then its group of
// the outcome summary, in one transaction.
func (s *Store) CreateOutcome(ctx context.Context, o *hotline.Outcome) error {
	row := toOutcomeRow(o)
	err := s.outcomes.InsertWith(ctx, &row, bunstore.Steps{After: func(ctx context.Context, tx bun.IDB) error {
		return outcomeSummary().Add(ctx, tx, row.delta(1))
	}}, bunstore.Conflict("case %s already has an outcome", o.CaseNumber))
	return bunstore.Concurrent("create outcome", err)
}

// The refusals of an outcome update, which both the locking read before it
// and the UPDATE itself give.
const (
	noOutcome    = "case %s has no outcome"
	staleOutcome = "the outcome of case %s is no longer at version %d: it was changed meanwhile"
)

// UpdateOutcome implements hotline.Store with a version-checked UPDATE in
// a transaction that first reads the stored outcome, locking it, and last
// moves its counts from the old group of the outcome summary to the new
// one (the two are one when neither the month, the department nor a flag
// changed, and nothing is written to the summary then).
func (s *Store) UpdateOutcome(ctx context.Context, o *hotline.Outcome) error {
	row := toOutcomeRow(o)
	var old outcomeRow
	err := s.outcomes.UpdateWith(ctx, &row, bunstore.Steps{
		Before: func(ctx context.Context, tx bun.IDB) error {
			err := s.forUpdate(tx.NewSelect().Model(&old).
				Column("month", "department", "dispatched", "accepted_on_time", "resolved_on_time", "returned", "redone", "replied", "version").
				Where("case_number = ?", row.CaseNumber)).Scan(ctx)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				return govops.Errorf(govops.ENOTFOUND, noOutcome, o.CaseNumber)
			case err != nil:
				return err
			case old.Version != row.Version-1:
				return govops.Errorf(govops.ECONFLICT, staleOutcome, o.CaseNumber, o.Version-1)
			}
			return nil
		},
		After: func(ctx context.Context, tx bun.IDB) error {
			return outcomeSummary().Add(ctx, tx, old.delta(-1), row.delta(1))
		},
	}, bunstore.NotFound(noOutcome, o.CaseNumber), bunstore.Stale(staleOutcome, o.CaseNumber, o.Version-1))
	return bunstore.Concurrent("update outcome", err)
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
// INSERTs (bunstore.InsertChunked) and then the batch's counts, merged per
// group, added to the outcome summary, all in one transaction.
func (s *Store) BulkInsertOutcomes(ctx context.Context, os []hotline.Outcome) error {
	if len(os) == 0 {
		return nil
	}
	rows := make([]outcomeRow, len(os))
	g := newGroups(outcomeSummary())
	for i := range os {
		rows[i] = toOutcomeRow(&os[i])
		c := rows[i].counts(1)
		g.add(groupKey{rows[i].Month, rows[i].Department}, c[:]...)
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
			return err
		}
		return g.write(ctx, tx)
	})
	return bunstore.Concurrent("bulk insert outcomes", errs.Err("bulk insert outcomes", err,
		bunstore.Conflict("an outcome of the batch is for a case that already has one, or is repeated in the batch; nothing was stored")))
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

// OutcomeCounts implements hotline.Store from the outcome summary: one
// read of the range's groups by primary key, whatever the number of
// outcomes.
func (s *Store) OutcomeCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.OutcomeCount, error) {
	var rows []outcomeGroup
	err := s.db.NewSelect().TableExpr("hotline_outcome_summary").
		Column("month", "department", "n", "dispatched", "accepted_on_time", "resolved_on_time", "returned", "redone", "replied").
		Where("month >= ? AND month <= ?", r.First.String(), r.Last.String()).
		Where("n > 0").
		Scan(ctx, &rows)
	if err != nil {
		return nil, errs.Err("count outcomes", err)
	}
	return outcomeCounts(rows)
}
