package directorybun

import (
	"context"
	"slices"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/bunstore"
)

// lookupChunk bounds the IN list of one Lookup query.
const lookupChunk = 500

// Create implements directory.Store: one department with its events
// through the prepared statements, a batch with multi-row INSERTs, each in
// one transaction. The unique indexes on the codes, in any case, the IDs
// and the event IDs refuse what is taken.
func (s *Store) Create(ctx context.Context, ds []directory.Department, events []directory.Event) error {
	if len(ds) == 0 {
		return nil
	}
	rows := make([]departmentRow, len(ds))
	for i := range ds {
		rows[i] = toRow(&ds[i])
	}
	evs := toEventRows(events)
	taken := bunstore.Conflict("a code (in any letter case) or an id of this batch of departments, or an id of its events, is taken; nothing was stored")
	if len(rows) == 1 {
		return s.departments.Create(ctx, &rows[0], evs, taken)
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
			return err
		}
		return bunstore.InsertChunked(ctx, tx, evs)
	})
	return errs.Err("create departments", err, taken)
}

// Update implements directory.Store: a version-checked UPDATE and the
// events, in one transaction.
func (s *Store) Update(ctx context.Context, d *directory.Department, events []directory.Event) error {
	row := toRow(d)
	return s.departments.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no department with id %s", d.ID),
		bunstore.Stale("department %s is no longer at version %d: it was changed meanwhile", d.Code, d.Version-1),
		bunstore.Conflict("an event of this change of department %s duplicates a stored one; nothing was written", d.Code))
}

// Department implements directory.Store.
func (s *Store) Department(ctx context.Context, code string) (*directory.Department, error) {
	var row departmentRow
	if err := s.db.NewSelect().Model(&row).Where("code = ?", code).Scan(ctx); err != nil {
		return nil, errs.Err("get department", err, bunstore.NotFound("department %s not found", code))
	}
	d, err := fromRow(&row)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// Lookup implements directory.Store through the index on the lower-cased
// codes, a few hundred codes a query.
func (s *Store) Lookup(ctx context.Context, codes []string) ([]directory.Department, error) {
	keys := make([]string, 0, len(codes))
	for _, c := range codes {
		keys = append(keys, directory.CodeKey(c))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var rows []departmentRow
	for part := range slices.Chunk(keys, lookupChunk) {
		var got []departmentRow
		if err := s.db.NewSelect().Model(&got).Where(s.codeKey()+" IN (?)", bun.List(part)).Scan(ctx); err != nil {
			return nil, errs.Err("look up departments", err)
		}
		rows = append(rows, got...)
	}
	return bunstore.FromRows(rows, fromRow)
}

// Departments implements directory.Store.
func (s *Store) Departments(ctx context.Context, f directory.Filter, after string, limit int) ([]directory.Department, error) {
	var rows []departmentRow
	q := s.filter(s.db.NewSelect().Model(&rows), f).OrderExpr("code ASC")
	if after != "" {
		q.Where("code > ?", after)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list departments", err)
	}
	return bunstore.FromRows(rows, fromRow)
}

// Count implements directory.Store.
func (s *Store) Count(ctx context.Context, f directory.Filter) (int64, error) {
	n, err := s.filter(s.db.NewSelect().Model((*departmentRow)(nil)), f).Count(ctx)
	if err != nil {
		return 0, errs.Err("count departments", err)
	}
	return int64(n), nil
}

// filter adds the conditions of f to q. Text is found with instr (strpos
// on PostgreSQL), which has no wildcards, in the lower-cased code and the
// name as stored.
func (s *Store) filter(q *bun.SelectQuery, f directory.Filter) *bun.SelectQuery {
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		q.Where("kind IN (?)", bun.List(kinds))
	}
	if f.Zone != "" {
		q.Where("zone = ?", string(f.Zone))
	}
	if f.Parent != "" {
		q.Where("parent = ?", f.Parent)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if f.Text != "" {
		q.Where(s.contains(s.codeKey())+" OR "+s.contains("name"), directory.CodeKey(f.Text), f.Text)
	}
	return q
}

// codeKey is the SQL of a code's directory.CodeKey: the generated column
// on MySQL, lower(code) where an index on the expression serves it.
func (s *Store) codeKey() string {
	if s.dialect == dialect.MySQL {
		return "code_ci"
	}
	return "lower(code)"
}

// contains is the SQL condition that column contains the argument.
func (s *Store) contains(column string) string {
	if s.dialect == dialect.PG {
		return "strpos(" + column + ", ?) > 0"
	}
	return "instr(" + column + ", ?) > 0"
}

// Events implements directory.Store.
func (s *Store) Events(ctx context.Context, code string) ([]directory.Event, error) {
	var id string
	err := s.db.NewSelect().Model((*departmentRow)(nil)).Column("id").Where("code = ?", code).Scan(ctx, &id)
	if err != nil {
		return nil, errs.Err("list department events", err, bunstore.NotFound("department %s not found", code))
	}
	var rows []eventRow
	if err := s.db.NewSelect().Model(&rows).Where("department_id = ?", id).OrderExpr("seq ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list department events", err)
	}
	return bunstore.FromRows(rows, fromEventRow)
}

// Counts implements directory.Store with one GROUP BY.
func (s *Store) Counts(ctx context.Context) ([]directory.Group, error) {
	var rows []struct {
		Kind   string `bun:"kind"`
		Zone   string `bun:"zone"`
		Status string `bun:"status"`
		N      int64  `bun:"n"`
	}
	err := s.db.NewSelect().TableExpr("directory_departments").
		ColumnExpr("kind, zone, status, COUNT(*) AS n").
		GroupExpr("kind, zone, status").
		Scan(ctx, &rows)
	if err != nil {
		return nil, errs.Err("count departments", err)
	}
	out := make([]directory.Group, len(rows))
	for i, r := range rows {
		out[i] = directory.Group{Kind: directory.Kind(r.Kind), Zone: directory.Zone(r.Zone), Status: directory.Status(r.Status), Count: r.N}
	}
	return out, nil
}
