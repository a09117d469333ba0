package govcasebun

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/bunstore"
)

// statsRow is one group of the CaseStats query.
type statsRow struct {
	Kind           string `bun:"kind"`
	Status         string `bun:"status"`
	Department     string `bun:"department"`
	Count          int64  `bun:"n"`
	Dispatched     int64  `bun:"dispatched"`
	Accepted       int64  `bun:"accepted"`
	AcceptedOnTime int64  `bun:"accepted_on_time"`
	Replied        int64  `bun:"replied"`
	RepliedOnTime  int64  `bun:"replied_on_time"`
	HandlingSecs   int64  `bun:"handling_secs"`
}

// CaseStats counts the cases matching f. It reads rows of the case summary,
// govcase_case_summary, whose number does not grow with the cases: the
// totals when f has no creation bounds, the months between them when they
// are month starts in the Store's zone (WithLocation). Bounds inside a
// month it answers by scanning the cases (scanStats). Either way the
// groups come in the database's order: the Service sorts them.
func (s *Store) CaseStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	from, to, ok := govcase.MonthRange(f, s.loc)
	if !ok {
		return s.scanStats(ctx, f)
	}
	q := s.db.NewSelect().
		TableExpr(caseSummary.Table).
		ColumnExpr("kind, status, department")
	if from == 0 && to == 0 && f.Year != 0 {
		// A year's totals hold one row per group: read as they are, with
		// no sums to compute (PostgreSQL sums BIGINT as NUMERIC). Rows
		// stay at zero when their last case moves away.
		q.ColumnExpr("n, dispatched, accepted, accepted_on_time, replied, replied_on_time, handling_secs").
			Where("n > 0")
	} else {
		q.ColumnExpr("SUM(n) AS n").
			ColumnExpr("SUM(dispatched) AS dispatched").
			ColumnExpr("SUM(accepted) AS accepted").
			ColumnExpr("SUM(accepted_on_time) AS accepted_on_time").
			ColumnExpr("SUM(replied) AS replied").
			ColumnExpr("SUM(replied_on_time) AS replied_on_time").
			ColumnExpr("SUM(handling_secs) AS handling_secs").
			GroupExpr("kind, status, department").
			Having("SUM(n) > 0")
	}
	summaryWhere(q, f, from, to)
	return s.stats(ctx, q)
}

// scanStats counts the cases matching f in one GROUP BY query over the
// derived columns of govcase_cases: the full scan that the summary spares,
// and the answer for creation bounds inside a month. Each group carries
// its own partial sums of the timing figures, so the whole answer takes a
// single pass, which the covering index govcase_cases_stats_ix serves
// without reading the table; the totals are then the sums of at most a few
// thousand group rows.
func (s *Store) scanStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	q := s.db.NewSelect().
		TableExpr("govcase_cases").
		ColumnExpr("kind, status, department").
		ColumnExpr("COUNT(*) AS n").
		ColumnExpr("SUM(is_dispatched) AS dispatched").
		ColumnExpr("SUM(is_accepted) AS accepted").
		ColumnExpr("SUM(accepted_on_time) AS accepted_on_time").
		ColumnExpr("SUM(is_replied) AS replied").
		ColumnExpr("SUM(replied_on_time) AS replied_on_time").
		ColumnExpr("COALESCE(SUM(handling_secs), 0) AS handling_secs").
		GroupExpr("kind, status, department")
	statsWhere(q, f)
	return s.stats(ctx, q)
}

// stats runs q, whose rows are statsRows, and adds up its groups.
func (s *Store) stats(ctx context.Context, q *bun.SelectQuery) (govcase.Stats, error) {
	var rows []statsRow
	if err := q.Scan(ctx, &rows); err != nil {
		return govcase.Stats{}, errs.Err("case stats", err)
	}
	var st govcase.Stats
	if len(rows) > 0 {
		st.Groups = make([]govcase.StatsGroup, len(rows))
	}
	for i, r := range rows {
		st.Groups[i] = govcase.StatsGroup{Kind: govcase.Kind(r.Kind), Status: govcase.Status(r.Status), Department: r.Department, Count: r.Count}
		st.Total += r.Count
		st.Dispatched += r.Dispatched
		st.Accepted += r.Accepted
		st.AcceptedOnTime += r.AcceptedOnTime
		st.Replied += r.Replied
		st.RepliedOnTime += r.RepliedOnTime
		st.HandlingSeconds += r.HandlingSecs
	}
	return st, nil
}

// summaryWhere narrows q, over the summary, to the rows of the cases f
// selects: the totals without creation bounds, else the months [from, to)
// (0 for no bound; from is at least 1 with either bound, see
// govcase.MonthRange, which leaves the totals out).
func summaryWhere(q *bun.SelectQuery, f govcase.StatsFilter, from, to int) {
	if from == 0 && to == 0 {
		q.Where("? = ?", bun.Ident("month"), totalMonth)
	}
	if f.Year != 0 {
		q.Where("? = ?", bun.Ident("year"), f.Year)
	}
	if f.Kind != "" {
		q.Where("kind = ?", string(f.Kind))
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if from != 0 {
		q.Where("? >= ?", bun.Ident("month"), from)
	}
	if to != 0 {
		q.Where("? < ?", bun.Ident("month"), to)
	}
}

// statsWhere narrows q to the cases f selects.
func statsWhere(q *bun.SelectQuery, f govcase.StatsFilter) {
	if f.Year != 0 {
		q.Where("? = ?", bun.Ident("year"), f.Year)
	}
	if f.Kind != "" {
		q.Where("kind = ?", string(f.Kind))
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if !f.CreatedFrom.IsZero() {
		q.Where("created_at >= ?", bunstore.DBTime(f.CreatedFrom))
	}
	if !f.CreatedTo.IsZero() {
		q.Where("created_at < ?", bunstore.DBTime(f.CreatedTo))
	}
}

// periodRow is one group of the CaseCounts query.
type periodRow struct {
	Period int    `bun:"period"`
	Kind   string `bun:"kind"`
	Count  int64  `bun:"n"`
}

// CaseCounts counts the cases matching f by kind and by the period of their
// creation. When every bound, and each creation bound of f, is a month
// start in the Store's zone (as Service.MonthlyCounts asks when its
// calendar is in that zone), it sums the months of the case summary and
// puts each month in its period here; otherwise it scans the cases
// (scanCounts).
func (s *Store) CaseCounts(ctx context.Context, f govcase.StatsFilter, bounds []time.Time) ([]govcase.PeriodCount, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	months, ok := govcase.MonthPeriods(bounds, s.loc)
	from, to, fok := govcase.MonthRange(f, s.loc)
	if !ok || !fok {
		return s.scanCounts(ctx, f, bounds)
	}
	// The months outside the bounds count in no period.
	from = max(from, months[0])
	if last := months[len(months)-1]; to == 0 || to > last {
		to = last
	}
	var rows []monthRow
	q := s.db.NewSelect().
		TableExpr(caseSummary.Table).
		ColumnExpr("?, kind, SUM(n) AS n", bun.Ident("month")).
		GroupExpr("?, kind", bun.Ident("month"))
	summaryWhere(q, f, from, to)
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("case counts", err)
	}
	type key struct {
		period int
		kind   string
	}
	counts := map[key]int64{}
	for _, r := range rows {
		if p := govcase.PeriodOfMonth(r.Month, months); p >= 0 && r.Count != 0 {
			counts[key{p, r.Kind}] += r.Count
		}
	}
	out := make([]govcase.PeriodCount, 0, len(counts))
	for k, n := range counts {
		if n != 0 {
			out = append(out, govcase.PeriodCount{Period: k.period, Kind: govcase.Kind(k.kind), Count: n})
		}
	}
	return out, nil
}

// monthRow is one group of the CaseCounts query over the summary.
type monthRow struct {
	Month int    `bun:"month"`
	Kind  string `bun:"kind"`
	Count int64  `bun:"n"`
}

// scanCounts counts the cases matching f by kind and by the period of
// their creation in one GROUP BY query over the cases: the period is a
// CASE over the bounds (-1 outside them, a group dropped here), so no
// dialect's date functions (or time zone tables) are needed. The bounds
// are not a WHERE range: with f.Year set, the year's prefix of the
// covering index govcase_cases_stats_ix serves the whole query, where a
// range on created_at would lead SQLite to its plain index and a table
// read per case.
func (s *Store) scanCounts(ctx context.Context, f govcase.StatsFilter, bounds []time.Time) ([]govcase.PeriodCount, error) {
	var expr strings.Builder
	args := make([]any, 0, len(bounds))
	expr.WriteString("CASE WHEN created_at < ? THEN -1")
	args = append(args, bunstore.DBTime(bounds[0]))
	for i, b := range bounds[1:] {
		fmt.Fprintf(&expr, " WHEN created_at < ? THEN %d", i)
		args = append(args, bunstore.DBTime(b))
	}
	expr.WriteString(" ELSE -1 END AS period")
	var rows []periodRow
	q := s.db.NewSelect().
		TableExpr("govcase_cases").
		ColumnExpr(expr.String(), args...).
		ColumnExpr("kind").
		ColumnExpr("COUNT(*) AS n").
		GroupExpr("period, kind")
	statsWhere(q, f)
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("case counts", err)
	}
	out := make([]govcase.PeriodCount, 0, len(rows))
	for _, r := range rows {
		if r.Period >= 0 {
			out = append(out, govcase.PeriodCount{Period: r.Period, Kind: govcase.Kind(r.Kind), Count: r.Count})
		}
	}
	return out, nil
}
