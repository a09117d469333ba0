package securitybun

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/internal/summarykey"
)

// The summaries of the Store (see the package comment), each with the
// full scan of the records it is recomputed from: the key columns, then
// the count.
func hardeningCounts() bunstore.Summary {
	return bunstore.Summary{Table: "security_hardening_counts",
		Keys: []string{"kind", "severity", "found_year", "verified_year"}, Counts: []string{"hardenings"}}
}

func hardeningDeptCounts() bunstore.Summary {
	return bunstore.Summary{Table: "security_hardening_dept_counts",
		Keys: []string{"department", "kind", "severity", "found_year", "verified_year"}, Counts: []string{"hardenings"}}
}

func hardeningDays() bunstore.Summary {
	return bunstore.Summary{Table: "security_hardening_day_counts",
		Keys: []string{"found_day", "severity", "verified_year"}, Counts: []string{"hardenings"}}
}

func hardeningDeptDays() bunstore.Summary {
	return bunstore.Summary{Table: "security_hardening_dept_day_counts",
		Keys: []string{"department", "found_day", "severity", "verified_year"}, Counts: []string{"hardenings"}}
}

func inspectionCounts() bunstore.Summary {
	return bunstore.Summary{Table: "security_inspection_counts", Keys: []string{"month"}, Counts: []string{"inspections"}}
}

// recount returns the full scan of the records that sum counts, grouped
// by its keys, of the rows where selects (if not "") with args.
func recount(sum bunstore.Summary, table, where string, args ...any) func(db bun.IDB) *bun.SelectQuery {
	return func(db bun.IDB) *bun.SelectQuery {
		q := db.NewSelect().TableExpr(table)
		for _, k := range sum.Keys {
			q.ColumnExpr(k)
		}
		q.ColumnExpr("COUNT(*) AS n")
		if where != "" {
			q.Where(where, args...)
		}
		for _, k := range sum.Keys {
			q.GroupExpr(k)
		}
		return q
	}
}

// hardeningDeltas collects what writes of hardening records change in
// each summary.
type hardeningDeltas struct {
	counts, deptCounts, days, deptDays []bunstore.SummaryDelta
}

// add counts r once more (sign 1) or once less (sign -1).
func (d *hardeningDeltas) add(r *hardeningRow, sign int64) {
	n := []int64{sign}
	d.counts = append(d.counts, bunstore.SummaryDelta{Key: []any{r.Kind, r.Severity, r.FoundYear, r.VerifiedYear}, Counts: n})
	d.deptCounts = append(d.deptCounts, bunstore.SummaryDelta{
		Key: []any{r.Department, r.Kind, r.Severity, r.FoundYear, r.VerifiedYear}, Counts: n})
	if r.FoundDay != 0 {
		d.days = append(d.days, bunstore.SummaryDelta{Key: []any{r.FoundDay, r.Severity, r.VerifiedYear}, Counts: n})
		d.deptDays = append(d.deptDays, bunstore.SummaryDelta{Key: []any{r.Department, r.FoundDay, r.Severity, r.VerifiedYear}, Counts: n})
	}
}

// apply adds the deltas within tx, one summary after the other in the
// same order in every write, so that writers lock their rows in one order.
func (d *hardeningDeltas) apply(ctx context.Context, tx bun.IDB) error {
	for _, step := range []struct {
		sum    bunstore.Summary
		deltas []bunstore.SummaryDelta
	}{{hardeningCounts(), d.counts}, {hardeningDeptCounts(), d.deptCounts}, {hardeningDays(), d.days}, {hardeningDeptDays(), d.deptDays}} {
		if err := step.sum.Add(ctx, tx, step.deltas...); err != nil {
			return err
		}
	}
	return nil
}

// HardeningCounts implements security.Store: it reads
// security_hardening_counts, or security_hardening_dept_counts for one
// department.
func (s *Store) HardeningCounts(ctx context.Context, department string) ([]security.HardeningCount, error) {
	var rows []struct {
		Kind         string `bun:"kind"`
		Severity     string `bun:"severity"`
		FoundYear    int    `bun:"found_year"`
		VerifiedYear int    `bun:"verified_year"`
		Hardenings   int64  `bun:"hardenings"`
	}
	q := s.db.NewSelect().ColumnExpr("kind, severity, found_year, verified_year, hardenings").Where("hardenings <> 0")
	if department == "" {
		q.TableExpr(hardeningCounts().Table)
	} else {
		q.TableExpr(hardeningDeptCounts().Table).Where("department = ?", department)
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count hardening records", err)
	}
	out := make([]security.HardeningCount, len(rows))
	for i, r := range rows {
		out[i] = security.HardeningCount{Kind: security.FindingKind(r.Kind), Severity: security.Severity(r.Severity),
			FoundYear: r.FoundYear, VerifiedYear: r.VerifiedYear, Count: r.Hardenings}
	}
	return out, nil
}

// HardeningDays implements security.Store: it reads a range of
// security_hardening_day_counts, or of security_hardening_dept_day_counts
// for one department.
func (s *Store) HardeningDays(ctx context.Context, department string, from, to time.Time) ([]security.HardeningDay, error) {
	var rows []struct {
		FoundDay     int    `bun:"found_day"`
		Severity     string `bun:"severity"`
		VerifiedYear int    `bun:"verified_year"`
		Hardenings   int64  `bun:"hardenings"`
	}
	q := s.db.NewSelect().ColumnExpr("found_day, severity, verified_year, hardenings").Where("hardenings <> 0")
	if department == "" {
		q.TableExpr(hardeningDays().Table)
	} else {
		q.TableExpr(hardeningDeptDays().Table).Where("department = ?", department)
	}
	if !from.IsZero() {
		q.Where("found_day >= ?", summarykey.FirstDay(from))
	}
	if !to.IsZero() {
		q.Where("found_day < ?", summarykey.FirstDay(to))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count hardening records by day", err)
	}
	out := make([]security.HardeningDay, len(rows))
	for i, r := range rows {
		out[i] = security.HardeningDay{Severity: security.Severity(r.Severity), FoundDay: summarykey.DayOfNumber(r.FoundDay),
			VerifiedYear: r.VerifiedYear, Count: r.Hardenings}
	}
	return out, nil
}

// CountInspections implements security.Store: from
// security_inspection_counts when f selects whole months of every unit,
// otherwise one COUNT over the inspections f selects.
func (s *Store) CountInspections(ctx context.Context, f security.InspectionFilter) (int64, error) {
	var n int64
	from, okFrom := summarykey.WholeMonth(f.From)
	to, okTo := summarykey.WholeMonth(f.To)
	var q *bun.SelectQuery
	if f.Department == "" && okFrom && okTo {
		q = s.db.NewSelect().TableExpr(inspectionCounts().Table).ColumnExpr("COALESCE(SUM(inspections), 0)")
		if from != "" {
			q.Where("month >= ?", from)
		}
		if to != "" {
			q.Where("month < ?", to)
		}
	} else {
		q = inspectionsOf(s.db.NewSelect().TableExpr("security_inspections").ColumnExpr("COUNT(*)"), &f)
	}
	if err := q.Scan(ctx, &n); err != nil {
		return 0, errs.Err("count inspections", err)
	}
	return n, nil
}

// RepairSummaries implements govops.SummaryKeeper: it recomputes each
// summary from the records and compares, and with repair replaces the
// summaries that differ (see bunstore.Summary.Repair).
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var rep govops.SummaryReport
	for _, c := range []struct {
		sum          bunstore.Summary
		table, where string
	}{
		{hardeningCounts(), "security_hardenings", ""},
		{hardeningDeptCounts(), "security_hardenings", ""},
		{hardeningDays(), "security_hardenings", "found_day <> 0"},
		{hardeningDeptDays(), "security_hardenings", "found_day <> 0"},
		{inspectionCounts(), "security_inspections", ""},
	} {
		chk, err := c.sum.Repair(ctx, s.db, recount(c.sum, c.table, c.where), repair)
		if err != nil {
			return rep, errs.Err("repair "+c.sum.Table, err)
		}
		rep.Summaries = append(rep.Summaries, chk)
	}
	return rep, nil
}
