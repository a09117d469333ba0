package netopsbun

import (
	"cmp"
	"context"
	"maps"
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

// countKey is the key of a row of netops_visit_counts.
type countKey struct {
	month, zone, technician, status string
	arrival                         int
}

func (a countKey) compare(b countKey) int {
	return cmp.Or(strings.Compare(a.month, b.month), strings.Compare(a.zone, b.zone),
		strings.Compare(a.technician, b.technician), strings.Compare(a.status, b.status), cmp.Compare(a.arrival, b.arrival))
}

// countDelta is what a write adds to one row of netops_visit_counts.
type countDelta struct{ visits, seconds int64 }

// counts collects the changes of a write to netops_visit_counts.
type counts map[countKey]countDelta

// add counts r once more (sign 1) or once less (sign -1).
func (c counts) add(r *visitRow, sign int64) {
	k := countKey{r.Month, r.Zone, r.Technician, r.Status, r.Arrival}
	d := c[k]
	d.visits += sign
	d.seconds += sign * r.ResponseSeconds
	c[k] = d
}

// apply writes c inside tx, in key order, so that writers that change the
// same counts lock them in the same order; each change is an upsert that
// adds to the stored count.
func (c counts) apply(ctx context.Context, tx bun.Tx) error {
	keys := slices.SortedFunc(maps.Keys(c), countKey.compare)
	keys = slices.DeleteFunc(keys, func(k countKey) bool { return c[k] == countDelta{} })
	upsert := " ON CONFLICT (month, zone, technician, status, arrival) DO UPDATE SET " +
		"visits = netops_visit_counts.visits + excluded.visits, " +
		"response_seconds = netops_visit_counts.response_seconds + excluded.response_seconds"
	if tx.Dialect().Name() == dialect.MySQL {
		upsert = " ON DUPLICATE KEY UPDATE visits = visits + VALUES(visits), response_seconds = response_seconds + VALUES(response_seconds)"
	}
	for chunk := range slices.Chunk(keys, bunstore.ChunkRows(tx.Dialect().Name(), 7)) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO netops_visit_counts (month, zone, technician, status, arrival, visits, response_seconds) VALUES ")
		args := make([]any, 0, len(chunk)*7)
		for i, k := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			d := c[k]
			args = append(args, k.month, k.zone, k.technician, k.status, k.arrival, d.visits, d.seconds)
		}
		sb.WriteString(upsert)
		if _, err := tx.NewRaw(sb.String(), args...).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// CreateVisits implements netops.Store.
func (s *Store) CreateVisits(ctx context.Context, vs []netops.Visit, events []netops.Event) error {
	rows := make([]visitRow, len(vs))
	c := counts{}
	for i := range vs {
		rows[i] = toVisitRow(&vs[i])
		rows[i].Version = 1
		c.add(&rows[i], 1)
	}
	return s.write(ctx, "create visits", netops.Guard{}, events,
		bunstore.Conflict("a visit's ID, or the ID of one of its events, is taken"),
		func(ctx context.Context, tx bun.Tx) error {
			if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
				return err
			}
			return c.apply(ctx, tx)
		})
}

// UpdateVisit implements netops.Store. It reads the stored visit first,
// locking it on PostgreSQL and MySQL, to move its counts.
func (s *Store) UpdateVisit(ctx context.Context, v *netops.Visit, events []netops.Event) error {
	row := toVisitRow(v)
	return s.write(ctx, "update visit", netops.Guard{}, events,
		bunstore.Conflict("visit %s: the ID or Seq of one of its events is taken", v.ID),
		func(ctx context.Context, tx bun.Tx) error {
			var old visitRow
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
			if err := bunstore.UpdateIn(ctx, tx, &row, row.ID, row.Version, "visit"); err != nil {
				return err
			}
			c := counts{}
			c.add(&old, -1)
			c.add(&row, 1)
			return c.apply(ctx, tx)
		})
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
			Where("(arrival = ? OR (arrival = ? AND due_at < ?))", late, notArrived, dbt(f.BreachedAsOf))
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
	Month           string `bun:"month"`
	Zone            string `bun:"zone"`
	Technician      string `bun:"technician"`
	Status          string `bun:"status"`
	Arrival         int    `bun:"arrival"`
	Visits          int64  `bun:"visits"`
	Overdue         int64  `bun:"overdue"`
	ResponseSeconds int64  `bun:"response_seconds"`
}

// monthStart reports whether t is the first instant of a month in Asia/
// Shanghai, and returns that month.
func monthStart(t time.Time) (string, bool) {
	l := t.In(govops.ShanghaiLocation())
	return l.Format("2006-01"), l.Day() == 1 && l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0
}

// wholeMonths returns the months [from, to) that f selects when it
// selects whole months of visits by time alone, ok false otherwise; a
// zero bound is "".
func wholeMonths(f *netops.VisitFilter) (from, to string, ok bool) {
	if f.Unit != "" || f.Status != "" || f.Ticket != "" || !f.BreachedAsOf.IsZero() {
		return "", "", false
	}
	if !f.From.IsZero() {
		if from, ok = monthStart(f.From); !ok {
			return "", "", false
		}
	}
	if !f.To.IsZero() {
		if to, ok = monthStart(f.To); !ok {
			return "", "", false
		}
	}
	return from, to, true
}

// VisitGroups implements netops.Store: of whole months, from
// netops_visit_counts and the index of the visits not arrived; otherwise
// one GROUP BY over the visits f selects.
func (s *Store) VisitGroups(ctx context.Context, f netops.VisitFilter) ([]netops.VisitGroup, error) {
	var rows []groupRow
	if from, to, ok := wholeMonths(&f); ok {
		counted := s.db.NewSelect().TableExpr("netops_visit_counts").
			ColumnExpr("month, zone, technician, status, arrival, visits, response_seconds").
			Where("status <> ?", string(netops.VisitCancelled)).Where("visits > 0")
		overdue := s.db.NewSelect().TableExpr("netops_visits").
			ColumnExpr("month, zone, technician, COUNT(*) AS overdue").
			Where("arrival = ?", notArrived).Where("due_at < ?", dbt(f.AsOf)).
			Where("status <> ?", string(netops.VisitCancelled)).GroupExpr("month, zone, technician")
		for _, q := range []*bun.SelectQuery{counted, overdue} {
			if from != "" {
				q.Where("month >= ?", from)
			}
			if to != "" {
				q.Where("month < ?", to)
			}
			if f.Zone != "" {
				q.Where("zone = ?", string(f.Zone))
			}
			if f.Technician != "" {
				q.Where("technician = ?", f.Technician)
			}
		}
		var open []groupRow
		if err := counted.Scan(ctx, &rows); err != nil {
			return nil, errs.Err("count visits", err)
		}
		if err := overdue.Scan(ctx, &open); err != nil {
			return nil, errs.Err("count overdue visits", err)
		}
		rows = append(rows, open...)
	} else {
		q := s.db.NewSelect().TableExpr("netops_visits").
			ColumnExpr("month, zone, technician, status, arrival").
			ColumnExpr("COUNT(*) AS visits").
			ColumnExpr("SUM(CASE WHEN arrival = ? AND due_at < ? THEN 1 ELSE 0 END) AS overdue", notArrived, dbt(f.AsOf)).
			ColumnExpr("SUM(response_seconds) AS response_seconds").
			Where("status <> ?", string(netops.VisitCancelled)).
			GroupExpr("month, zone, technician, status, arrival")
		if err := filterVisits(q, &f).Scan(ctx, &rows); err != nil {
			return nil, errs.Err("count visits", err)
		}
	}
	return sumGroups(rows), nil
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
