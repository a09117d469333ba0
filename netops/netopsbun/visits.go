package netopsbun

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/netops"
)

// visitCounts and visitUnitCounts are the Store's summaries of the visits
// (see the package comment): the count and the response seconds of the
// visits of each month, zone, technician, status and arrival, of every
// unit and of each.
func visitCounts() bunstore.Summary {
	return bunstore.Summary{Table: "netops_visit_counts", Keys: []string{"month", "zone", "technician", "status", "arrival"},
		Counts: []string{"visits", "response_seconds"}}
}

func visitUnitCounts() bunstore.Summary {
	return bunstore.Summary{Table: "netops_visit_unit_counts",
		Keys:   []string{"unit", "month", "zone", "technician", "status", "arrival"},
		Counts: []string{"visits", "response_seconds"}}
}

// visitDeltas collects what a write of visits changes in each summary.
type visitDeltas struct{ counts, unitCounts []bunstore.SummaryDelta }

// add counts r once more (sign 1) or once less (sign -1).
func (d *visitDeltas) add(r *visitRow, sign int64) {
	n := []int64{sign, sign * r.ResponseSeconds}
	d.counts = append(d.counts, bunstore.SummaryDelta{Key: []any{r.Month, r.Zone, r.Technician, r.Status, r.Arrival}, Counts: n})
	d.unitCounts = append(d.unitCounts, bunstore.SummaryDelta{
		Key: []any{r.Unit, r.Month, r.Zone, r.Technician, r.Status, r.Arrival}, Counts: n})
}

// apply adds the deltas within tx, the summaries in the same order in
// every write, so that writers lock their rows in one order.
func (d *visitDeltas) apply(ctx context.Context, tx bun.IDB) error {
	if err := visitCounts().Add(ctx, tx, d.counts...); err != nil {
		return err
	}
	return visitUnitCounts().Add(ctx, tx, d.unitCounts...)
}

// CreateVisits implements netops.Store.
func (s *Store) CreateVisits(ctx context.Context, vs []netops.Visit, events []netops.Event) error {
	rows := make([]visitRow, len(vs))
	var d visitDeltas
	for i := range vs {
		rows[i] = toVisitRow(&vs[i])
		rows[i].Version = 1
		d.add(&rows[i], 1)
	}
	return s.writeThen(ctx, "create visits", netops.Guard{}, events,
		bunstore.Conflict("a visit's ID, or the ID of one of its events, is taken"),
		func(ctx context.Context, tx bun.Tx) error { return bunstore.InsertChunked(ctx, tx, rows) },
		s.summaries(d.apply))
}

// UpdateVisit implements netops.Store. It reads the stored visit first,
// locking it on PostgreSQL and MySQL, to move its counts.
func (s *Store) UpdateVisit(ctx context.Context, v *netops.Visit, events []netops.Event) error {
	row := toVisitRow(v)
	var old visitRow
	return s.writeThen(ctx, "update visit", netops.Guard{}, events,
		bunstore.Conflict("visit %s: the ID or Seq of one of its events is taken", v.ID),
		func(ctx context.Context, tx bun.Tx) error {
			q := tx.NewSelect().Model(&old).Where("id = ?", row.ID)
			if tx.Dialect().Name() != dialect.SQLite {
				q.For("UPDATE")
			}
			if err := q.Scan(ctx); err != nil {
				return errs.Err("update visit", err, bunstore.NotFound("no visit %s; nothing was written", v.ID))
			}
			if old.Version != row.Version-1 {
				return govops.Errorf(govops.ECONFLICT, "visit %s is no longer at version %d: it was changed meanwhile; reload it and retry", v.ID, row.Version-1)
			}
			return bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "visit")
		},
		s.summaries(func(ctx context.Context, tx bun.IDB) error {
			var d visitDeltas
			d.add(&old, -1)
			d.add(&row, 1)
			return d.apply(ctx, tx)
		}))
}

// Visit implements netops.Store.
func (s *Store) Visit(ctx context.Context, id uuid.UUID) (*netops.Visit, error) {
	var row visitRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get visit", err, bunstore.NotFound("no visit %s", id))
	}
	v, err := fromVisitRow(&row)
	return &v, err
}

// filterVisits adds the conditions of f to q.
func filterVisits(q *bun.SelectQuery, f *netops.VisitFilter) *bun.SelectQuery {
	if f.Unit != "" {
		q.Where("unit = ?", f.Unit)
	}
	if f.Zone != "" {
		q.Where("zone = ?", string(f.Zone))
	}
	if f.Technician != "" {
		q.Where("technician = ?", f.Technician)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if f.Ticket != "" {
		q.Where("ticket_ref = ?", f.Ticket)
	}
	if !f.From.IsZero() {
		q.Where("reported_at >= ?", dbt(f.From))
	}
	if !f.To.IsZero() {
		q.Where("reported_at < ?", dbt(f.To))
	}
	if !f.BreachedAsOf.IsZero() {
		q.Where("status <> ?", string(netops.VisitCancelled)).
			Where("(arrival = ? OR (arrival = ? AND (due_at < ? OR due_at IS NULL)))", late, notArrived, dbt(f.BreachedAsOf))
	}
	return q
}

// Visits implements netops.Store.
func (s *Store) Visits(ctx context.Context, f netops.VisitFilter, after uuid.UUID, limit int) ([]netops.Visit, error) {
	var rows []visitRow
	if err := page(filterVisits(s.db.NewSelect().Model(&rows), &f), after, limit).Scan(ctx); err != nil {
		return nil, errs.Err("list visits", err)
	}
	return bunstore.FromRows(rows, fromVisitRow)
}

// groupRow is a row of the GROUP BY of VisitGroups.
type groupRow struct {
	Unit            string `bun:"unit"`
	Month           string `bun:"month"`
	Zone            string `bun:"zone"`
	Technician      string `bun:"technician"`
	Status          string `bun:"status"`
	Arrival         int    `bun:"arrival"`
	Visits          int64  `bun:"visits"`
	Overdue         int64  `bun:"overdue"`
	ResponseSeconds int64  `bun:"response_seconds"`
}

// monthSpan splits [from, to) (a zero bound open) into the whole months
// (Asia/Shanghai) [first, last) it holds ("" for an open bound), which the
// summaries count, and the parts of months before and after them, which
// are read from the visits. ok is false when it holds no whole month: the
// visits of the whole span are read then.
func monthSpan(from, to time.Time) (first, last string, edges [][2]time.Time, ok bool) {
	sh := govops.ShanghaiLocation()
	start := func(t time.Time) time.Time {
		y, m, _ := t.In(sh).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, sh)
	}
	var lo, hi time.Time
	if !from.IsZero() {
		if lo = start(from); lo.Before(from) {
			lo = lo.AddDate(0, 1, 0)
			edges = append(edges, [2]time.Time{from, lo})
		}
		first = lo.Format("2006-01")
	}
	if !to.IsZero() {
		if hi = start(to); hi.Before(to) {
			edges = append(edges, [2]time.Time{hi, to})
		}
		last = hi.Format("2006-01")
	}
	if first != "" && last != "" && first >= last {
		return "", "", nil, false
	}
	return first, last, edges, true
}

// VisitGroups implements netops.Store. Without a filter by status, ticket
// or breach, it reads the whole months of f from the summaries (of every
// unit, or of f.Unit), counting the overdue visits as the summaries'
// visits not arrived less those not yet due at f.AsOf (found through the
// index of the visits not arrived by due time), and the parts of months
// at either end from the visits; otherwise it is one GROUP BY over the
// visits f selects.
func (s *Store) VisitGroups(ctx context.Context, f netops.VisitFilter) ([]netops.VisitGroup, error) {
	first, last, edges, ok := monthSpan(f.From, f.To)
	if f.Status != "" || f.Ticket != "" || !f.BreachedAsOf.IsZero() || !ok {
		rows, err := s.scanGroups(ctx, f)
		if err != nil {
			return nil, err
		}
		return sumGroups(rows), nil
	}
	rows, err := s.countedGroups(ctx, f, first, last)
	if err != nil {
		return nil, err
	}
	for _, e := range edges {
		part := f
		part.From, part.To = e[0], e[1]
		more, err := s.scanGroups(ctx, part)
		if err != nil {
			return nil, err
		}
		rows = append(rows, more...)
	}
	return sumGroups(rows), nil
}

// countedGroups reads the groups of the months [first, last) ("" open)
// that f selects from the summaries, and the visits among them not yet
// due at f.AsOf, with Overdue holding the visits not arrived less those:
// its cost is that of the groups and of the visits not yet due.
func (s *Store) countedGroups(ctx context.Context, f netops.VisitFilter, first, last string) ([]groupRow, error) {
	table := visitCounts().Table
	if f.Unit != "" {
		table = visitUnitCounts().Table
	}
	counted := s.db.NewSelect().TableExpr(table).
		ColumnExpr("month, zone, technician, status, arrival, visits, response_seconds").
		Where("status <> ?", string(netops.VisitCancelled)).Where("visits <> 0")
	// The visits not yet due, of every unit: a few (those reported within
	// the last response time, when AsOf is now), which the index finds
	// by due time alone; a planner given the unit would rather read every
	// visit of the unit.
	notDue := s.db.NewSelect().TableExpr("netops_visits").
		ColumnExpr("unit, month, zone, technician, -COUNT(*) AS overdue").
		Where("arrival = ?", notArrived).Where("due_at >= ?", dbt(f.AsOf)).
		Where("status <> ?", string(netops.VisitCancelled)).GroupExpr("unit, month, zone, technician")
	if f.Unit != "" {
		counted.Where("unit = ?", f.Unit)
	}
	for _, q := range []*bun.SelectQuery{counted, notDue} {
		if first != "" {
			q.Where("month >= ?", first)
		}
		if last != "" {
			q.Where("month < ?", last)
		}
		if f.Zone != "" {
			q.Where("zone = ?", string(f.Zone))
		}
		if f.Technician != "" {
			q.Where("technician = ?", f.Technician)
		}
	}
	var rows, due []groupRow
	if err := counted.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count visits", err)
	}
	if err := notDue.Scan(ctx, &due); err != nil {
		return nil, errs.Err("count the visits not yet due", err)
	}
	for i := range rows {
		if rows[i].Arrival == notArrived {
			rows[i].Overdue = rows[i].Visits
		}
	}
	for _, r := range due {
		if f.Unit == "" || r.Unit == f.Unit {
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// scanGroups is one GROUP BY over the visits f selects: the full scan,
// which the summaries stand for.
func (s *Store) scanGroups(ctx context.Context, f netops.VisitFilter) ([]groupRow, error) {
	var rows []groupRow
	q := s.db.NewSelect().TableExpr("netops_visits").
		ColumnExpr("month, zone, technician, status, arrival").
		ColumnExpr("COUNT(*) AS visits").
		ColumnExpr("SUM(CASE WHEN arrival = ? AND (due_at < ? OR due_at IS NULL) THEN 1 ELSE 0 END) AS overdue", notArrived, dbt(f.AsOf)).
		ColumnExpr("SUM(response_seconds) AS response_seconds").
		Where("status <> ?", string(netops.VisitCancelled)).
		GroupExpr("month, zone, technician, status, arrival")
	if err := filterVisits(q, &f).Scan(ctx, &rows); err != nil {
		return nil, errs.Err("count visits", err)
	}
	return rows, nil
}

// sumGroups adds up rows by (Month, Zone, Technician).
func sumGroups(rows []groupRow) []netops.VisitGroup {
	type key struct{ month, zone, technician string }
	at := map[key]int{}
	var out []netops.VisitGroup
	for _, r := range rows {
		k := key{r.Month, r.Zone, r.Technician}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, netops.VisitGroup{Month: r.Month, Zone: netops.Zone(r.Zone), Technician: r.Technician})
		}
		g := &out[i]
		g.Visits += r.Visits
		g.Overdue += r.Overdue
		g.ResponseSeconds += r.ResponseSeconds
		switch r.Arrival {
		case onTime:
			g.Arrived += r.Visits
			g.OnTime += r.Visits
		case late:
			g.Arrived += r.Visits
			g.Late += r.Visits
		}
		if r.Status == string(netops.VisitResolved) {
			g.Resolved += r.Visits
		}
	}
	return slices.DeleteFunc(out, func(g netops.VisitGroup) bool { return g.Visits == 0 })
}

// RepairSummaries implements govops.SummaryKeeper: it recomputes
// netops_visit_counts and netops_visit_unit_counts from the visits and
// compares, and with repair replaces those that differ (see
// bunstore.Summary.Repair).
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var rep govops.SummaryReport
	for _, sum := range []bunstore.Summary{visitCounts(), visitUnitCounts()} {
		chk, err := sum.Repair(ctx, s.db, recountVisits(sum), repair)
		if err != nil {
			return rep, errs.Err("repair "+sum.Table, err)
		}
		rep.Summaries = append(rep.Summaries, chk)
	}
	return rep, nil
}

// recountVisits returns the full scan of the visits that sum counts:
// its key columns, then the count and the response seconds.
func recountVisits(sum bunstore.Summary) func(db bun.IDB) *bun.SelectQuery {
	keys := strings.Join(sum.Keys, ", ")
	return func(db bun.IDB) *bun.SelectQuery {
		return db.NewSelect().TableExpr("netops_visits").ColumnExpr(keys).
			ColumnExpr("COUNT(*) AS visits, SUM(response_seconds) AS response_seconds").GroupExpr(keys)
	}
}
