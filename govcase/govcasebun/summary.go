package govcasebun

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunstore"
)

// caseSummary is govcase_case_summary: the CaseStats sums of the cases of
// each year, kind, status and department, in total (month 0) and per month
// of creation in the Store's zone (month yyyymm). The month comes first in
// the key, since every query bounds it: a year's totals are one range of
// the key, ordered by kind, status and department as CaseStats groups
// them.
var caseSummary = bunstore.Summary{
	Table:  "govcase_case_summary",
	Keys:   []string{"month", "year", "kind", "status", "department"},
	Counts: []string{"n", "dispatched", "accepted", "accepted_on_time", "replied", "replied_on_time", "handling_secs"},
}

// WithLocation sets the zone whose calendar months the Store's summary
// counts cases by (the month of CreatedAt there). CaseStats and CaseCounts
// read the summary when their creation bounds are unset or month starts
// in this zone, as Service.MonthlyCounts asks when the Service's calendar
// is in the same zone; other bounds scan the cases. nil keeps the default,
// govops.ShanghaiLocation(). Every Store sharing a database must use the
// same zone: the summary's months are those of the zone of the Stores that
// wrote it, and RepairSummaries rebuilds them for its own.
func WithLocation(loc *time.Location) Option {
	return func(s *Store) {
		if loc != nil {
			s.loc = loc
		}
	}
}

// totalMonth is the month of the summary's total rows, which count the
// cases of every month.
const totalMonth = 0

// contribution returns what one case row adds (sign 1) or takes away
// (sign -1) in the summary: its group's total row, and its month's row
// unless it has no creation time.
func (s *Store) contribution(r *caseRow, sign int64) []bunstore.SummaryDelta {
	var handling int64
	if r.HandlingSecs != nil {
		handling = *r.HandlingSecs
	}
	counts := []int64{sign, sign * int64(r.IsDispatched), sign * int64(r.IsAccepted), sign * int64(r.AcceptedOnTime),
		sign * int64(r.IsReplied), sign * int64(r.RepliedOnTime), sign * handling}
	out := []bunstore.SummaryDelta{{Key: []any{totalMonth, r.Year, r.Kind, r.Status, r.Department}, Counts: counts}}
	if m := govcase.CaseMonth(r.CreatedAt, s.loc); m != totalMonth {
		out = append(out, bunstore.SummaryDelta{Key: []any{m, r.Year, r.Kind, r.Status, r.Department}, Counts: slices.Clone(counts)})
	}
	return out
}

// summaryColumns are the columns of govcase_cases that a case's
// contribution to the summary depends on, and its version, which the
// write that replaces the row checks.
const summaryColumns = "year, kind, status, department, created_at, is_dispatched, is_accepted, accepted_on_time, " +
	"is_replied, replied_on_time, handling_secs, version"

// oldRow reads, inside tx, the summary columns of the stored case id with
// st, the statement of oldRowStmt. found is false when there is no such
// case.
func oldRow(ctx context.Context, tx bun.IDB, st *sql.Stmt, id string) (row caseRow, found bool, err error) {
	switch t := tx.(type) {
	case bun.Tx:
		st = t.Tx.StmtContext(ctx, st)
	case *bun.Tx:
		st = t.Tx.StmtContext(ctx, st)
	}
	var created bun.NullTime
	var handling sql.NullInt64
	err = st.QueryRowContext(ctx, id).Scan(&row.Year, &row.Kind, &row.Status, &row.Department, &created,
		&row.IsDispatched, &row.IsAccepted, &row.AcceptedOnTime, &row.IsReplied, &row.RepliedOnTime, &handling, &row.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return row, false, nil
	}
	if err != nil {
		return row, false, err
	}
	row.CreatedAt = bunstore.GoTime(created.Time)
	if handling.Valid {
		row.HandlingSecs = &handling.Int64
	}
	return row, true, nil
}

// oldRowStmt returns the prepared read of oldRow, preparing it on first
// use. It must be called outside any transaction: preparing takes a
// connection of the pool, and a SQLite pool has only the one a
// transaction holds.
func (s *Store) oldRowStmt(ctx context.Context) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.oldStmt != nil {
		return s.oldStmt, nil
	}
	ph := "?"
	if s.dialect == dialect.PG {
		ph = "$1"
	}
	query := "SELECT " + summaryColumns + " FROM govcase_cases WHERE id = " + ph
	st, err := s.db.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, errs.Err("prepare "+query, err)
	}
	s.oldStmt = st
	return st, nil
}

// summaryMonths is the CASE expression that computes the summary month of
// a non-NULL created_at in SQL, from month bounds in the Store's zone: the
// months from first to last (as govcase.CaseMonth counts them), each a
// range of created_at. A time outside them is NULL, which the NOT NULL
// month column refuses: a repair never stores a month it could not
// compute.
func (s *Store) summaryMonths(first, last int) (string, []any) {
	if first == totalMonth {
		return "NULL", nil // no case: no month, and a CASE needs a WHEN
	}
	var expr strings.Builder
	var args []any
	expr.WriteString("CASE")
	{
		start := time.Date(first/100, time.Month(first%100), 1, 0, 0, 0, 0, s.loc)
		expr.WriteString(" WHEN created_at < ? THEN NULL")
		args = append(args, bunstore.DBTime(start))
		for m := start; govcase.CaseMonth(m, s.loc) <= last; m = m.AddDate(0, 1, 0) {
			fmt.Fprintf(&expr, " WHEN created_at < ? THEN %d", govcase.CaseMonth(m, s.loc))
			args = append(args, bunstore.DBTime(m.AddDate(0, 1, 0)))
		}
	}
	expr.WriteString(" ELSE NULL END")
	return expr.String(), args
}

// monthSpan returns the summary months of the earliest and latest
// creation times of the cases, 0 and 0 when there is none.
func (s *Store) monthSpan(ctx context.Context, db bun.IDB) (first, last int, err error) {
	var lo, hi bun.NullTime
	err = db.NewSelect().TableExpr("govcase_cases").ColumnExpr("MIN(created_at), MAX(created_at)").Scan(ctx, &lo, &hi)
	if err != nil {
		return 0, 0, err
	}
	return govcase.CaseMonth(lo.Time, s.loc), govcase.CaseMonth(hi.Time, s.loc), nil
}

// RepairSummaries recomputes govcase_case_summary from govcase_cases (the
// totals, a GROUP BY, and the months, a GROUP BY whose month is a CASE
// over the month bounds, in the Store's zone, from the earliest case to
// the latest, so that no dialect's date functions are needed) and compares
// it with the stored rows; with repair set, it replaces them when they
// differ (see govops.SummaryKeeper). It returns EINTERNAL when the
// database fails.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var spanErr error
	recompute := func(db bun.IDB) *bun.SelectQuery {
		// The span is read again with each query, on the connection that
		// runs it: under a repair's lock, it covers every case the
		// replacement scan sees. Should it fail, the months are NULL,
		// which the INSERT of a repair refuses.
		first, last, err := s.monthSpan(ctx, db)
		if err != nil && spanErr == nil {
			spanErr = err
		}
		month, args := s.summaryMonths(first, last)
		sums := func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.ColumnExpr("?, kind, status, department", bun.Ident("year")).
				ColumnExpr("COUNT(*), SUM(is_dispatched), SUM(is_accepted), SUM(accepted_on_time)").
				ColumnExpr("SUM(is_replied), SUM(replied_on_time), COALESCE(SUM(handling_secs), 0)")
		}
		months := db.NewSelect().TableExpr("govcase_cases").
			ColumnExpr(month+" AS ?", append(args, bun.Ident("month"))...).
			Apply(sums).
			Where("created_at IS NOT NULL").
			GroupExpr("?, ?, kind, status, department", bun.Ident("month"), bun.Ident("year"))
		totals := db.NewSelect().TableExpr("govcase_cases").
			ColumnExpr("?", totalMonth).
			Apply(sums).
			GroupExpr("?, kind, status, department", bun.Ident("year"))
		return months.UnionAll(totals)
	}
	chk, err := caseSummary.Repair(ctx, s.db, recompute, repair)
	if err == nil {
		err = spanErr
	}
	if err != nil {
		return govops.SummaryReport{}, errs.Err("repair "+caseSummary.Table, err)
	}
	return govops.SummaryReport{Summaries: []govops.SummaryCheck{chk}}, nil
}

// fillSummary fills govcase_case_summary from the cases when it is empty
// while cases exist: the state that the migration creating it leaves on a
// database holding cases (the months depend on the Store's zone, which the
// migration's SQL does not know). A summary that has rows has been filled
// or written by a Store: every case adds a row, and rows are never
// deleted. Several processes may fill at once; the repair's lock makes
// them take turns, and the later ones find nothing to change.
func (s *Store) fillSummary(ctx context.Context) error {
	filled, err := s.db.NewSelect().TableExpr(caseSummary.Table).Exists(ctx)
	if err != nil {
		return errs.Err("read "+caseSummary.Table, err)
	}
	if filled {
		return nil
	}
	cases, err := s.db.NewSelect().TableExpr("govcase_cases").Exists(ctx)
	if err != nil {
		return errs.Err("read govcase_cases", err)
	}
	if !cases {
		return nil
	}
	_, err = s.RepairSummaries(ctx, true)
	return err
}
