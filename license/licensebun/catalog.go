package licensebun

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/license"
)

// lookupChunk bounds the IN list of one lookup query.
const lookupChunk = 500

// CreateTypes implements license.Store: one type with its events through
// the prepared statements, a batch with multi-row INSERTs, each in one
// transaction.
func (s *Store) CreateTypes(ctx context.Context, ts []license.Type, events []license.Event) error {
	if len(ts) == 0 && len(events) == 0 {
		return errs.Err("create license types", ctx.Err())
	}
	rows := make([]typeRow, len(ts))
	for i := range ts {
		rows[i] = toTypeRow(&ts[i])
	}
	evs := toEventRows(events)
	var err error
	if len(rows) == 1 {
		err = s.types.Create(ctx, &rows[0], evs, keyTaken())
	} else {
		err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
				return err
			}
			return bunstore.InsertChunked(ctx, tx, evs)
		})
		err = errs.Err("create license types", err, keyTaken())
	}
	return explain(ctx, err, s.typesTaken(rows), s.eventsTaken(evs))
}

// typesTaken finds a code or an ID of rows that another of rows or a stored
// type has.
func (s *Store) typesTaken(rows []typeRow) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		codes, ids := map[string]bool{}, map[string]bool{}
		for _, r := range rows {
			if codes[r.Code] {
				return fmt.Sprintf("license type code %s is given twice", r.Code)
			}
			if ids[r.ID] {
				return fmt.Sprintf("license type id %s is given twice", r.ID)
			}
			codes[r.Code], ids[r.ID] = true, true
		}
		for part := range slices.Chunk(rows, lookupChunk) {
			cs, is := make([]string, len(part)), make([]string, len(part))
			for i, r := range part {
				cs[i], is[i] = r.Code, r.ID
			}
			var taken []typeRow
			err := s.db.NewSelect().Model(&taken).Column("id", "code").
				Where("code IN (?) OR id IN (?)", bun.List(cs), bun.List(is)).Limit(1).Scan(ctx)
			if err == nil && len(taken) > 0 {
				if codes[taken[0].Code] {
					return fmt.Sprintf("license type code %s is taken", taken[0].Code)
				}
				return fmt.Sprintf("a license type with id %s is stored already", taken[0].ID)
			}
		}
		return ""
	}
}

// UpdateType implements license.Store: a version-checked UPDATE and the
// events, in one transaction.
func (s *Store) UpdateType(ctx context.Context, t *license.Type, events []license.Event) error {
	row := toTypeRow(t)
	evs := toEventRows(events)
	err := s.types.Update(ctx, &row, evs,
		bunstore.NotFound("no license type with id %s", t.ID),
		bunstore.Stale("license type %s is no longer at version %d: it was changed meanwhile; reload it and retry", t.Code, t.Version-1),
		keyTaken())
	return explain(ctx, err, s.eventsTaken(evs))
}

// Type implements license.Store.
func (s *Store) Type(ctx context.Context, code string) (*license.Type, error) {
	var row typeRow
	if err := s.db.NewSelect().Model(&row).Where("code = ?", code).Scan(ctx); err != nil {
		return nil, errs.Err("get license type", err, bunstore.NotFound("license type %s not found", code))
	}
	t, err := fromTypeRow(&row)
	return &t, err
}

// LookupTypes implements license.Store, a few hundred codes a query.
func (s *Store) LookupTypes(ctx context.Context, codes []string) ([]license.Type, error) {
	codes = slices.Compact(slices.Sorted(slices.Values(codes)))
	var rows []typeRow
	if len(codes) == 0 {
		return nil, errs.Err("look up license types", ctx.Err())
	}
	for part := range slices.Chunk(codes, lookupChunk) {
		var got []typeRow
		if err := s.db.NewSelect().Model(&got).Where("code IN (?)", bun.List(part)).Scan(ctx); err != nil {
			return nil, errs.Err("look up license types", err)
		}
		rows = append(rows, got...)
	}
	return bunstore.FromRows(rows, fromTypeRow)
}

// Types implements license.Store.
func (s *Store) Types(ctx context.Context, f license.TypeFilter, after string, limit int) ([]license.Type, error) {
	var rows []typeRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("code ASC")
	if f.Level != "" {
		q.Where("level = ?", string(f.Level))
	}
	if f.Authority != "" {
		q.Where("authority_code = ?", f.Authority)
	}
	if f.Text != "" {
		q.Where(s.contains("code")+" OR "+s.contains("name"), f.Text, f.Text)
	}
	if after != "" {
		q.Where("code > ?", after)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list license types", err)
	}
	return bunstore.FromRows(rows, fromTypeRow)
}

// contains is the SQL condition that column contains the argument exactly,
// with no wildcard in it.
func (s *Store) contains(column string) string {
	if s.dialect == dialect.PG {
		return "strpos(" + column + ", ?) > 0"
	}
	return "instr(" + column + ", ?) > 0"
}

// CreateClaim implements license.Store.
func (s *Store) CreateClaim(ctx context.Context, c license.Claim, events []license.Event) error {
	row := toClaimRow(&c)
	evs := toEventRows(events)
	err := s.claims.Create(ctx, &row, evs, keyTaken())
	return explain(ctx, err, s.claimTaken(&row), s.eventsTaken(evs))
}

// claimTaken finds whether a stored claim other than c has c's type and
// department, or c's ID.
func (s *Store) claimTaken(c *claimRow) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		var id string
		err := s.db.NewSelect().Model((*claimRow)(nil)).Column("id").
			Where("type = ? AND department = ? AND id <> ?", c.Type, c.Department, c.ID).Limit(1).Scan(ctx, &id)
		if err == nil {
			return fmt.Sprintf("department %s has a claim of license type %s already", c.Department, c.Type)
		}
		return ""
	}
}

// UpdateClaim implements license.Store.
func (s *Store) UpdateClaim(ctx context.Context, c *license.Claim, events []license.Event) error {
	row := toClaimRow(c)
	evs := toEventRows(events)
	err := s.claims.Update(ctx, &row, evs,
		bunstore.NotFound("no claim with id %s", c.ID),
		bunstore.Stale("the claim of license type %s by %s is no longer at version %d: it was changed meanwhile; reload it and retry",
			c.Type, c.Department, c.Version-1),
		keyTaken())
	return explain(ctx, err, s.claimTaken(&row), s.eventsTaken(evs))
}

// Claim implements license.Store.
func (s *Store) Claim(ctx context.Context, typ, dept string) (*license.Claim, error) {
	var row claimRow
	if err := s.db.NewSelect().Model(&row).Where("type = ? AND department = ?", typ, dept).Scan(ctx); err != nil {
		return nil, errs.Err("get claim", err, bunstore.NotFound("department %s has no claim of license type %s", dept, typ))
	}
	c, err := fromClaimRow(&row)
	return &c, err
}

// Claims implements license.Store.
func (s *Store) Claims(ctx context.Context, f license.ClaimFilter, after uuid.UUID, limit int) ([]license.Claim, error) {
	var rows []claimRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("id ASC")
	if f.Type != "" {
		q.Where("type = ?", f.Type)
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.Kind != "" {
		q.Where("kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if after != uuid.Nil {
		q.Where("id > ?", after.String())
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list claims", err)
	}
	return bunstore.FromRows(rows, fromClaimRow)
}
