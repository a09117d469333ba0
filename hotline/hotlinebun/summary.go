package hotlinebun

import (
	"context"
	"slices"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/bunstore"
)

// The summary tables (see the package doc and govops.SummaryKeeper), made
// by the 20261201000003_summaries migration.
func callbackSummary() bunstore.Summary {
	return bunstore.Summary{Table: "hotline_callback_summary",
		Keys: []string{"month", "department", "result"}, Counts: []string{"n"}}
}

func outcomeSummary() bunstore.Summary {
	return bunstore.Summary{Table: "hotline_outcome_summary", Keys: []string{"month", "department"},
		Counts: []string{"n", "dispatched", "accepted_on_time", "resolved_on_time", "returned", "redone", "replied"}}
}

func deductionSummary() bunstore.Summary {
	return bunstore.Summary{Table: "hotline_deduction_summary",
		Keys: []string{"month", "department", "status", "points"}, Counts: []string{"n"}}
}

// callbackScan is the full scan that the callback summary must equal:
// callbacks counted by month, department and result, over every month, or
// over those of r when r is not nil. Its columns are the summary's key
// columns and then its count.
func callbackScan(db bun.IDB, r *hotline.MonthRange) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("hotline_callbacks").
		ColumnExpr("month, department, result, COUNT(*) AS n").
		GroupExpr("month, department, result")
	if r != nil {
		q.Where("month >= ? AND month <= ?", r.First.String(), r.Last.String())
	}
	return q
}

// outcomeScan is the full scan that the outcome summary must equal:
// outcomes counted by month and department with the sum of each flag.
func outcomeScan(db bun.IDB, r *hotline.MonthRange) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("hotline_outcomes").
		ColumnExpr("month, department, COUNT(*) AS n").
		ColumnExpr("SUM(dispatched) AS dispatched, SUM(accepted_on_time) AS accepted_on_time").
		ColumnExpr("SUM(resolved_on_time) AS resolved_on_time, SUM(returned) AS returned").
		ColumnExpr("SUM(redone) AS redone, SUM(replied) AS replied").
		GroupExpr("month, department")
	if r != nil {
		q.Where("month >= ? AND month <= ?", r.First.String(), r.Last.String())
	}
	return q
}

// deductionScan is the full scan that the deduction summary must equal:
// deductions counted by month, department, status and points.
func deductionScan(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("hotline_deductions").
		ColumnExpr("month, department, status, points, COUNT(*) AS n").
		GroupExpr("month, department, status, points")
}

// RepairSummaries implements govops.SummaryKeeper: it recomputes the
// callback, outcome and deduction summaries from the records with the
// full scans and compares them with the stored rows; with repair set, it
// replaces the rows of each summary that differs (bunstore.Summary.Repair).
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var rep govops.SummaryReport
	for _, x := range []struct {
		sum  bunstore.Summary
		scan func(bun.IDB) *bun.SelectQuery
	}{
		{callbackSummary(), func(db bun.IDB) *bun.SelectQuery { return callbackScan(db, nil) }},
		{outcomeSummary(), func(db bun.IDB) *bun.SelectQuery { return outcomeScan(db, nil) }},
		{deductionSummary(), deductionScan},
	} {
		chk, err := x.sum.Repair(ctx, s.db, x.scan, repair)
		if err != nil {
			return govops.SummaryReport{}, errs.Err("check "+x.sum.Table, err)
		}
		rep.Summaries = append(rep.Summaries, chk)
	}
	return rep, nil
}

var _ govops.SummaryKeeper = (*Store)(nil)

// groupKey is the key of a summary group: the values of its key columns,
// all text, in order (unused ones empty).
type groupKey [4]string

// groups merges the deltas of many rows per group before they reach a
// Summary, so that a bulk insert of a million callbacks writes as many
// summary rows as it has groups.
type groups struct {
	sum  bunstore.Summary
	at   map[groupKey]int
	keys []groupKey
	list []bunstore.SummaryDelta
}

func newGroups(sum bunstore.Summary) *groups {
	return &groups{sum: sum, at: map[groupKey]int{}}
}

// add adds counts (one per count column of the summary) to the group k.
func (g *groups) add(k groupKey, counts ...int64) {
	i, ok := g.at[k]
	if !ok {
		i = len(g.list)
		g.at[k] = i
		key := make([]any, len(g.sum.Keys))
		for j := range key {
			key[j] = k[j]
		}
		g.keys = append(g.keys, k)
		g.list = append(g.list, bunstore.SummaryDelta{Key: key, Counts: make([]int64, len(g.sum.Counts))})
	}
	for j, c := range counts {
		g.list[i].Counts[j] += c
	}
}

// write adds the merged deltas to the summary within tx, in the order of
// their keys (the order Summary.Add locks rows in, so that the statements
// of one write lock them in one order too), in statements of at most as
// many groups as one INSERT of InsertChunked carries rows.
func (g *groups) write(ctx context.Context, tx bun.IDB) error {
	order := make([]int, len(g.list))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compareKeys(g.keys[a], g.keys[b]) })
	sorted := make([]bunstore.SummaryDelta, len(order))
	for i, j := range order {
		sorted[i] = g.list[j]
	}
	n := bunstore.ChunkRows(tx.Dialect().Name(), len(g.sum.Keys)+len(g.sum.Counts))
	for start := 0; start < len(sorted); start += n {
		if err := g.sum.Add(ctx, tx, sorted[start:min(start+n, len(sorted))]...); err != nil {
			return err
		}
	}
	return nil
}

func compareKeys(a, b groupKey) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// forUpdate makes q a locking read on the databases that have one, so that
// the row an update is about to replace cannot change before it does. A
// SQLite transaction needs none: dbopen gives SQLite one connection, and
// the write takes the database's lock.
func (s *Store) forUpdate(q *bun.SelectQuery) *bun.SelectQuery {
	if s.dialect != dialect.SQLite {
		q.For("UPDATE")
	}
	return q
}

// callbackGroup is a row of the callback summary, and of callbackScan.
type callbackGroup struct {
	Month      string `bun:"month"`
	Department string `bun:"department"`
	Result     string `bun:"result"`
	N          int64  `bun:"n"`
}

// callbackCounts turns callback groups into the Store's counts.
func callbackCounts(rows []callbackGroup) ([]hotline.CallbackCount, error) {
	out := make([]hotline.CallbackCount, len(rows))
	for i, row := range rows {
		m, err := readMonth(row.Month)
		if err != nil {
			return nil, err
		}
		out[i] = hotline.CallbackCount{Month: m, Department: row.Department, Result: hotline.Result(row.Result), Count: row.N}
	}
	return out, nil
}

// outcomeGroup is a row of the outcome summary, and of outcomeScan.
type outcomeGroup struct {
	Month          string `bun:"month"`
	Department     string `bun:"department"`
	Total          int64  `bun:"n"`
	Dispatched     int64  `bun:"dispatched"`
	AcceptedOnTime int64  `bun:"accepted_on_time"`
	ResolvedOnTime int64  `bun:"resolved_on_time"`
	Returned       int64  `bun:"returned"`
	Redone         int64  `bun:"redone"`
	Replied        int64  `bun:"replied"`
}

// outcomeCounts turns outcome groups into the Store's counts.
func outcomeCounts(rows []outcomeGroup) ([]hotline.OutcomeCount, error) {
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
