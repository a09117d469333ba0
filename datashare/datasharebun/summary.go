package datasharebun

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/bunstore"
)

// The summaries of the committed batches (see the migration
// 20261230000002_summaries): the records of each entry, the item
// statistics of each entry and item, and the records of each department,
// status and month, those of the entries as they stand. A Commit adds to
// all three, in this order, as the last statements of its transaction; an
// UpdateCatalog that moves an entry changes the third.
var (
	entrySummary = bunstore.Summary{Table: "datashare_mount_summary", Keys: []string{"catalog_id"}, Counts: []string{"records"}}
	itemSummary  = bunstore.Summary{Table: "datashare_item_summary", Keys: []string{"catalog_id", "item"}, Counts: []string{"present", "invalid"}}
	monthSummary = bunstore.Summary{Table: "datashare_month_summary", Keys: []string{"department", "status", "month"}, Counts: []string{"records"}}
)

// place is where an entry's records count in the month summary: its
// department and status.
type place struct{ dept, status string }

// mountDeltas are the changes of a write to the three summaries.
type mountDeltas struct {
	entries, items, months []bunstore.SummaryDelta
}

// batch adds the committed batch b of the entry at p, or takes it away
// when sign is -1.
func (d *mountDeltas) batch(p place, b *datashare.Batch, sign int64) {
	id := b.Catalog.String()
	d.entries = append(d.entries, bunstore.SummaryDelta{Key: []any{id}, Counts: []int64{sign * b.Mounted}})
	for _, st := range b.Items {
		d.items = append(d.items, bunstore.SummaryDelta{Key: []any{id, st.Item}, Counts: []int64{sign * st.Present, sign * st.Invalid}})
	}
	d.month(p, datashare.MountMonth(b.FinishedAt), sign*b.Mounted)
}

// month adds n records to the month of the entries at p.
func (d *mountDeltas) month(p place, month string, n int64) {
	d.months = append(d.months, bunstore.SummaryDelta{Key: []any{p.dept, p.status, month}, Counts: []int64{n}})
}

// add writes the deltas in tx: the entries', the items', then the months'.
func (d *mountDeltas) add(ctx context.Context, tx bun.IDB) error {
	if err := entrySummary.Add(ctx, tx, d.entries...); err != nil {
		return err
	}
	if err := itemSummary.Add(ctx, tx, d.items...); err != nil {
		return err
	}
	return monthSummary.Add(ctx, tx, d.months...)
}

// moveMonths returns the deltas that move the records of the committed
// batches of the entry catalogID from where they count at was to is,
// reading the batches in tx, which holds the entry's row: no Commit of the
// entry can change them until tx ends.
func moveMonths(ctx context.Context, tx bun.IDB, catalogID string, was, is place) (*mountDeltas, error) {
	d := &mountDeltas{}
	if was == is {
		return d, nil
	}
	var rows []batchRow
	err := tx.NewSelect().Model(&rows).Column("finished_at", "mounted").
		Where("catalog_id = ? AND status = ?", catalogID, committed).Scan(ctx)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		month := datashare.MountMonth(bunstore.GoTime(rows[i].FinishedAt))
		d.month(was, month, -rows[i].Mounted)
		d.month(is, month, rows[i].Mounted)
	}
	return d, nil
}

// monthExpr is the SQL of the month (datashare.MountMonth) of the column
// col, a UTC time: Asia/Shanghai's on PostgreSQL, which knows time zones;
// eight hours on, UTC+8 as Shanghai has kept since 1991, on the others.
func (s *Store) monthExpr(col string) string {
	switch s.dialect {
	case dialect.PG:
		return "COALESCE(to_char(" + col + " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), '')"
	case dialect.MySQL:
		return "COALESCE(DATE_FORMAT(" + col + " + INTERVAL 8 HOUR, '%Y-%m'), '')"
	}
	return "COALESCE(strftime('%Y-%m', " + col + ", '+8 hours'), '')"
}

// recountEntries, recountItems and recountMonths are the full scans of the
// committed batches that the summaries are checked against, as the
// migration filled them.
func recountEntries(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("datashare_batches").ColumnExpr("catalog_id, SUM(mounted)").
		Where("status = ?", committed).GroupExpr("catalog_id")
}

func (s *Store) recountItems(db bun.IDB) *bun.SelectQuery {
	q := db.NewSelect()
	switch s.dialect {
	case dialect.PG:
		q.TableExpr("datashare_batches AS b CROSS JOIN LATERAL json_array_elements(b.item_stats::json) AS j").
			ColumnExpr("b.catalog_id, j->>'item', SUM((j->>'present')::bigint), SUM((j->>'invalid')::bigint)").
			GroupExpr("b.catalog_id, j->>'item'")
	case dialect.MySQL:
		// No JSON_TABLE in MySQL 5.7 or TiDB: the statistics are read by
		// their index, 0 to 255, up to the longest list of any batch,
		// measured once, so that a batch's list is parsed for the indexes
		// it may hold only, not for all 256.
		var digits strings.Builder
		digits.WriteString("(SELECT 0 AS d")
		for d := 1; d < 16; d++ {
			fmt.Fprintf(&digits, " UNION ALL SELECT %d", d)
		}
		digits.WriteString(")")
		at := func(field string) string {
			return fmt.Sprintf("JSON_EXTRACT(b.item_stats, CONCAT('$[', n.i, '].%s'))", field)
		}
		q.TableExpr("datashare_batches AS b").
			Join("JOIN (SELECT h.d * 16 + l.d AS i FROM "+digits.String()+" AS h CROSS JOIN "+digits.String()+" AS l) AS n"+
				" ON n.i < (SELECT MAX(JSON_LENGTH(m.item_stats)) FROM datashare_batches AS m WHERE m.status = ?) AND n.i < JSON_LENGTH(b.item_stats)", committed).
			ColumnExpr("b.catalog_id, CAST(JSON_UNQUOTE(" + at("item") + ") AS BINARY) AS item").
			ColumnExpr("SUM(CAST(" + at("present") + " AS SIGNED)), SUM(CAST(" + at("invalid") + " AS SIGNED))").
			GroupExpr("b.catalog_id, item")
	default:
		q.TableExpr("datashare_batches AS b, json_each(b.item_stats) AS j").
			ColumnExpr("b.catalog_id, json_extract(j.value, '$.item'), SUM(json_extract(j.value, '$.present')), SUM(json_extract(j.value, '$.invalid'))").
			GroupExpr("b.catalog_id, json_extract(j.value, '$.item')")
	}
	return q.Where("b.status = ?", committed)
}

func (s *Store) recountMonths(db bun.IDB) *bun.SelectQuery {
	month := s.monthExpr("b.finished_at")
	return db.NewSelect().TableExpr("datashare_batches AS b").Join("JOIN datashare_catalogs AS c ON c.id = b.catalog_id").
		ColumnExpr("c.department, c.status, "+month+", SUM(b.mounted)").
		Where("b.status = ?", committed).GroupExpr("c.department, c.status, " + month)
}

var _ govops.SummaryKeeper = (*Store)(nil)

// RepairSummaries implements govops.SummaryKeeper: it recounts each of the
// three summaries from the committed batches (and their entries' current
// department and status) and compares, or with repair replaces, them, one
// transaction each, while it holds off the writers of that summary.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var rep govops.SummaryReport
	for _, sm := range []struct {
		summary   bunstore.Summary
		recompute func(bun.IDB) *bun.SelectQuery
	}{{entrySummary, recountEntries}, {itemSummary, s.recountItems}, {monthSummary, s.recountMonths}} {
		chk, err := sm.summary.Repair(ctx, s.db, sm.recompute, repair)
		if err != nil {
			return govops.SummaryReport{}, errs.Err("check "+sm.summary.Table, err)
		}
		rep.Summaries = append(rep.Summaries, chk)
	}
	return rep, nil
}

// entryFilter narrows q, which reads datashare_catalogs AS c, to the
// entries f selects.
func entryFilter(q *bun.SelectQuery, f datashare.MountFilter) *bun.SelectQuery {
	if f.Department != "" {
		q.Where("c.department = ?", f.Department)
	}
	if f.Status != "" {
		q.Where("c.status = ?", string(f.Status))
	}
	return q
}

// entryRecords reads the records of the entries f selects from their
// summary.
func (s *Store) entryRecords(ctx context.Context, f datashare.MountFilter) (map[uuid.UUID]int64, error) {
	var rows []struct {
		Catalog string `bun:"catalog_id"`
		Records int64  `bun:"records"`
	}
	q := s.db.NewSelect().TableExpr(entrySummary.Table + " AS s").Join("JOIN datashare_catalogs AS c ON c.id = s.catalog_id").
		ColumnExpr("s.catalog_id, s.records").Where("s.records <> 0")
	if err := entryFilter(q, f).Scan(ctx, &rows); err != nil {
		return nil, errs.Err("read the records of entries", err)
	}
	out := make(map[uuid.UUID]int64, len(rows))
	for _, r := range rows {
		id, err := uuid.Parse(r.Catalog)
		if err != nil {
			return nil, errs.Err("read the records of entries", err)
		}
		out[id] = r.Records
	}
	return out, nil
}

// MountTotals implements datashare.Store: the rows of the entry summary of
// the entries f selects, and the month summary's rows of f's department
// and status summed by month.
func (s *Store) MountTotals(ctx context.Context, f datashare.MountFilter) (*datashare.MountTotals, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	records, err := s.entryRecords(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &datashare.MountTotals{Entries: make([]datashare.EntryRecords, 0, len(records))}
	for id, n := range records {
		out.Entries = append(out.Entries, datashare.EntryRecords{Catalog: id, Records: n})
	}
	q := s.db.NewSelect().TableExpr(monthSummary.Table).ColumnExpr("month, SUM(records) AS records").
		GroupExpr("month").Having("SUM(records) <> 0")
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if err := q.Scan(ctx, &out.Months); err != nil {
		return nil, errs.Err("read the records by month", err)
	}
	return out, nil
}

// MountStats implements datashare.Store: the latest committed batch of
// each entry f selects, found through the index on (catalog_id, status,
// finished_at, id); the records and item sums of those entries from their
// summaries.
func (s *Store) MountStats(ctx context.Context, f datashare.MountFilter) ([]datashare.EntryMounts, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	order := "b2.finished_at DESC, b2.id DESC" // NULL is the least on SQLite and MySQL
	if s.dialect == dialect.PG {
		order = "b2.finished_at DESC NULLS LAST, b2.id DESC"
	}
	var latest []batchRow
	q := s.db.NewSelect().Model(&latest).ModelTableExpr("datashare_catalogs AS c").ColumnExpr("b.*").
		Join("JOIN datashare_batches AS b ON b.id = (SELECT b2.id FROM datashare_batches AS b2 WHERE b2.catalog_id = c.id AND b2.status = ? ORDER BY "+order+" LIMIT 1)", committed)
	if err := entryFilter(q, f).Scan(ctx); err != nil {
		return nil, errs.Err("read the latest batches", err)
	}
	out := make([]datashare.EntryMounts, len(latest))
	index := make(map[string]int, len(latest))
	for i := range latest {
		b, err := fromBatchRow(&latest[i])
		if err != nil {
			return nil, err
		}
		out[i] = datashare.EntryMounts{Catalog: b.Catalog, Latest: b}
		index[latest[i].CatalogID] = i
	}
	records, err := s.entryRecords(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Records = records[out[i].Catalog]
	}
	var items []struct {
		Catalog string `bun:"catalog_id"`
		Item    string `bun:"item"`
		Present int64  `bun:"present"`
		Invalid int64  `bun:"invalid"`
	}
	iq := s.db.NewSelect().TableExpr(itemSummary.Table + " AS s").Join("JOIN datashare_catalogs AS c ON c.id = s.catalog_id").
		ColumnExpr("s.catalog_id, s.item, s.present, s.invalid").Where("(s.present <> 0 OR s.invalid <> 0)")
	if err := entryFilter(iq, f).Scan(ctx, &items); err != nil {
		return nil, errs.Err("read the item statistics of entries", err)
	}
	for _, it := range items {
		if i, ok := index[it.Catalog]; ok {
			out[i].Items = append(out[i].Items, datashare.ItemStats{Item: it.Item, Present: it.Present, Invalid: it.Invalid})
		}
	}
	return out, nil
}
