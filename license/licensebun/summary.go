package licensebun

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

// recordSummary counts the records of each type and department, whatever
// their state: the groups of Facts, which it reads instead of counting the
// records. Every write of records adds its deltas as its transaction's last
// statement.
var recordSummary = bunstore.Summary{Table: "license_record_summary", Keys: []string{"type", "department"}, Counts: []string{"records"}}

// recordDelta adds n records to the group of typ and dept.
func recordDelta(typ, dept string, n int64) bunstore.SummaryDelta {
	return bunstore.SummaryDelta{Key: []any{typ, dept}, Counts: []int64{n}}
}

// recountRecords is the full scan that recordSummary is checked against,
// over the index on (type, department).
func recountRecords(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("license_records").ColumnExpr("type, department, COUNT(*)").GroupExpr("type, department")
}

var _ govops.SummaryKeeper = (*Store)(nil)

// RepairSummaries implements govops.SummaryKeeper: it counts the records
// by type and department and compares the counts with
// license_record_summary, which a repair replaces while it holds off the
// writers of records.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	chk, err := recordSummary.Repair(ctx, s.db, recountRecords, repair)
	if err != nil {
		return govops.SummaryReport{}, errs.Err("check the record summary", err)
	}
	return govops.SummaryReport{Summaries: []govops.SummaryCheck{chk}}, nil
}

// recordGroup is the group a stored record counts in, as an update reads
// it in its transaction before it writes the record.
type recordGroup struct {
	typ, dept string
	version   int64
	found     bool
}

// readGroup reads the group and version of the stored record id in tx.
func readGroup(ctx context.Context, tx bun.IDB, id string) (recordGroup, error) {
	var g recordGroup
	err := tx.NewSelect().TableExpr("license_records").Column("type", "department", "version").
		Where("id = ?", id).Scan(ctx, &g.typ, &g.dept, &g.version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return g, nil // the update finds no row either, and says so
	case err != nil:
		return g, err
	}
	g.found = true
	return g, nil
}

// moved returns the deltas of writing row over the record g was read
// from: none unless it moves the record to another type or department.
// The update has succeeded, so the stored version was row.Version-1, the
// one g read (a write in between would have moved it on).
func (g recordGroup) moved(row *recordRow) []bunstore.SummaryDelta {
	if !g.found || g.version != row.Version-1 || (g.typ == row.Type && g.dept == row.Department) {
		return nil
	}
	return []bunstore.SummaryDelta{recordDelta(g.typ, g.dept, -1), recordDelta(row.Type, row.Department, 1)}
}

// groupCounts gathers the records an import writes by type and department,
// for the one summary change of its Commit.
type groupCounts map[[2]string]int64

// add counts rows.
func (c groupCounts) add(rows []recordRow) {
	for i := range rows {
		c[[2]string{rows[i].Type, rows[i].Department}]++
	}
}

// deltas returns the counts as summary deltas.
func (c groupCounts) deltas() []bunstore.SummaryDelta {
	out := make([]bunstore.SummaryDelta, 0, len(c))
	for k, n := range c {
		out = append(out, recordDelta(k[0], k[1], n))
	}
	return out
}
