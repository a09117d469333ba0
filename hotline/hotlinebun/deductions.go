package hotlinebun

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// CreateScheme implements hotline.Store.
func (s *Store) CreateScheme(ctx context.Context, sc *hotline.Scheme) error {
	row, err := toSchemeRow(sc)
	if err != nil {
		return err
	}
	_, err = s.db.NewInsert().Model(&row).Exec(ctx)
	return errs.Err("create scheme", err,
		bunstore.Conflict("a scheme with this id, or effective from %s, already exists", sc.EffectiveFrom))
}

// SchemeFor implements hotline.Store.
func (s *Store) SchemeFor(ctx context.Context, m hotline.Month) (*hotline.Scheme, error) {
	var row schemeRow
	err := s.db.NewSelect().Model(&row).Where("effective_from <= ?", m.String()).
		OrderExpr("effective_from DESC").Limit(1).Scan(ctx)
	if err != nil {
		return nil, errs.Err("scheme for "+m.String(), err, bunstore.NotFound("no scheme is in force in %s", m))
	}
	sc, err := row.toScheme()
	if err != nil {
		return nil, err
	}
	return &sc, nil
}

// ListSchemes implements hotline.Store.
func (s *Store) ListSchemes(ctx context.Context) ([]hotline.Scheme, error) {
	var rows []schemeRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("effective_from ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list schemes", err)
	}
	out := make([]hotline.Scheme, len(rows))
	for i := range rows {
		sc, err := rows[i].toScheme()
		if err != nil {
			return nil, err
		}
		out[i] = sc
	}
	return out, nil
}

// CreateDeduction implements hotline.Store: the deduction, its events,
// then its group of the deduction summary, in one transaction.
func (s *Store) CreateDeduction(ctx context.Context, d *hotline.Deduction, events []hotline.DeductionEvent) error {
	row := toDeductionRow(d)
	err := s.deductions.CreateWith(ctx, &row, toEventRows(events), bunstore.Steps{After: func(ctx context.Context, tx bun.IDB) error {
		return deductionSummary().Add(ctx, tx, row.delta(1))
	}}, bunstore.Conflict("a deduction or event with this id already exists; nothing was stored"))
	return bunstore.Concurrent("create deduction", err)
}

// The refusals of a deduction update, which both the locking read before it
// and the UPDATE itself give.
const (
	noDeduction    = "no deduction with id %s"
	staleDeduction = "the deduction is no longer at version %d: it was changed meanwhile"
)

// UpdateDeduction implements hotline.Store: in one transaction, a locking
// read of the stored deduction, a version-checked UPDATE, the events, and
// last the move of the deduction from its old group of the deduction
// summary to its new one (the same group, and no summary write, unless
// the status, month, department or points changed).
func (s *Store) UpdateDeduction(ctx context.Context, d *hotline.Deduction, events []hotline.DeductionEvent) error {
	row := toDeductionRow(d)
	var old deductionRow
	err := s.deductions.UpdateWith(ctx, &row, toEventRows(events), bunstore.Steps{
		Before: func(ctx context.Context, tx bun.IDB) error {
			err := s.forUpdate(tx.NewSelect().Model(&old).Column("month", "department", "status", "points", "version").
				Where("id = ?", row.ID)).Scan(ctx)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				return govops.Errorf(govops.ENOTFOUND, noDeduction, d.ID)
			case err != nil:
				return err
			case old.Version != row.Version-1:
				return govops.Errorf(govops.ECONFLICT, staleDeduction, d.Version-1)
			}
			return nil
		},
		After: func(ctx context.Context, tx bun.IDB) error {
			return deductionSummary().Add(ctx, tx, old.delta(-1), row.delta(1))
		},
	},
		bunstore.NotFound(noDeduction, d.ID),
		bunstore.Stale(staleDeduction, d.Version-1),
		bunstore.Conflict("an event of this update duplicates a stored one; nothing was written"))
	return bunstore.Concurrent("update deduction", err)
}

// GetDeduction implements hotline.Store.
func (s *Store) GetDeduction(ctx context.Context, id uuid.UUID) (*hotline.Deduction, error) {
	var row deductionRow
	err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx)
	if err != nil {
		return nil, errs.Err("get deduction", err, bunstore.NotFound("no deduction with id %s", id))
	}
	d, err := row.toDeduction()
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// ListDeductions implements hotline.Store.
func (s *Store) ListDeductions(ctx context.Context, f hotline.DeductionFilter) ([]hotline.Deduction, error) {
	var rows []deductionRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("id DESC")
	if !f.Months.First.IsZero() {
		q.Where("month >= ?", f.Months.First.String())
	}
	if !f.Months.Last.IsZero() {
		q.Where("month <= ?", f.Months.Last.String())
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.CaseNumber != "" {
		q.Where("case_number = ?", f.CaseNumber)
	}
	if len(f.Statuses) > 0 {
		sts := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			sts[i] = string(st)
		}
		q.Where("status IN (?)", bun.List(sts))
	}
	if f.ProvisionalAppealBy {
		q.Where("appeal_by_provisional = ?", true)
	}
	if f.After != uuid.Nil {
		q.Where("id < ?", f.After.String())
	}
	if f.Limit > 0 {
		q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list deductions", err)
	}
	out := make([]hotline.Deduction, len(rows))
	for i := range rows {
		d, err := rows[i].toDeduction()
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// ListDeductionEvents implements hotline.Store.
func (s *Store) ListDeductionEvents(ctx context.Context, id uuid.UUID) ([]hotline.DeductionEvent, error) {
	ok, err := s.db.NewSelect().TableExpr("hotline_deductions").Where("id = ?", id.String()).Exists(ctx)
	if err != nil {
		return nil, errs.Err("list deduction events", err)
	}
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no deduction with id %s", id)
	}
	var rows []eventRow
	if err := s.db.NewSelect().Model(&rows).Where("deduction_id = ?", id.String()).OrderExpr("seq ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list deduction events", err)
	}
	out := make([]hotline.DeductionEvent, len(rows))
	for i := range rows {
		e, err := rows[i].toEvent()
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// DeductionCounts implements hotline.Store from the deduction summary: the
// range's groups of the statuses counting, summed over the statuses by
// month, department and points, in one read whatever the number of
// deductions. Points are stored as the canonical text of their value, so
// that equal points group together; groups are merged by value here all
// the same, so that a row written with other text ("0.20") by hand counts
// with its equals.
func (s *Store) DeductionCounts(ctx context.Context, r hotline.MonthRange, counting []hotline.DeductionStatus) ([]hotline.DeductionGroup, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Err("count deductions", err)
	}
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
	err := s.db.NewSelect().TableExpr("hotline_deduction_summary").
		ColumnExpr("month, department, points, SUM(n) AS n").
		Where("month >= ? AND month <= ?", r.First.String(), r.Last.String()).
		Where("status IN (?)", bun.List(statuses)).
		GroupExpr("month, department, points").
		Having("SUM(n) > 0").
		Scan(ctx, &rows)
	if err != nil {
		return nil, errs.Err("count deductions", err)
	}
	type key struct{ month, department, points string }
	at := make(map[key]int, len(rows))
	out := make([]hotline.DeductionGroup, 0, len(rows))
	for _, row := range rows {
		m, err := readMonth(row.Month)
		if err != nil {
			return nil, err
		}
		p, err := decimal.NewFromString(row.Points)
		if err != nil {
			return nil, errs.Err("read deduction points", err)
		}
		k := key{row.Month, row.Department, p.String()}
		if i, ok := at[k]; ok {
			out[i].Count += row.N
			continue
		}
		at[k] = len(out)
		out = append(out, hotline.DeductionGroup{Month: m, Department: row.Department, Points: p, Count: row.N})
	}
	return out, nil
}

// ReplacePeerResults implements hotline.Store: for every period in rs, its
// stored results are deleted and rs inserted, in one transaction.
func (s *Store) ReplacePeerResults(ctx context.Context, rs []hotline.PeerResult) error {
	if len(rs) == 0 {
		return nil
	}
	rows := make([]peerRow, len(rs))
	periods := map[string]bool{}
	var ps []string
	for i := range rs {
		rows[i] = toPeerRow(&rs[i])
		if !periods[rows[i].Period] {
			periods[rows[i].Period] = true
			ps = append(ps, rows[i].Period)
		}
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().TableExpr("hotline_peer_results").Where("period IN (?)", bun.List(ps)).Exec(ctx); err != nil {
			return err
		}
		return bunstore.InsertChunked(ctx, tx, rows)
	})
	return errs.Err("replace peer results", err,
		bunstore.Conflict("a district appears twice for the same period; nothing was written"))
}

// ListPeerResults implements hotline.Store.
func (s *Store) ListPeerResults(ctx context.Context, p hotline.Period) ([]hotline.PeerResult, error) {
	var rows []peerRow
	if err := s.db.NewSelect().Model(&rows).Where("period = ?", p.String()).Scan(ctx); err != nil {
		return nil, errs.Err("list peer results", err)
	}
	out := make([]hotline.PeerResult, len(rows))
	for i := range rows {
		r, err := rows[i].toPeer()
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	sort.Slice(out, func(i, j int) bool { return out[i].District < out[j].District })
	return out, nil
}
