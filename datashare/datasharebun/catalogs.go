package datasharebun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/bunstore"
)

// entryTaken is the message of a CreateCatalogs that a unique index
// refused.
var entryTaken = taken("an entry's code or ID, or an event ID,")

// CreateCatalogs implements datashare.Store: one entry with its events
// through the prepared statements, several with multi-row INSERTs, each in
// one transaction; the unique indexes on ID and code refuse a taken one,
// stored or given twice.
func (s *Store) CreateCatalogs(ctx context.Context, cs []datashare.Catalog, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	rows := make([]catalogRow, len(cs))
	for i := range cs {
		rows[i] = toCatalogRow(&cs[i])
		rows[i].Version = 1
	}
	evs := toEventRows(events)
	if len(rows) == 1 {
		return s.catalogs.Create(ctx, &rows[0], evs, entryTaken)
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := bunstore.InsertChunked(ctx, tx, rows); err != nil {
			return err
		}
		return bunstore.InsertChunked(ctx, tx, evs)
	})
	return errs.Err("create catalog entries", err, entryTaken)
}

// UpdateCatalog implements datashare.Store: a version-checked UPDATE and
// the events, in one transaction, which first locks and reads the entry's
// row (lockEntry), and last, when the entry moves to another department
// or status, moves the records of its committed batches in the month
// summary: the lock keeps every Commit of the entry out until then.
func (s *Store) UpdateCatalog(ctx context.Context, c *datashare.Catalog, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	row := toCatalogRow(c)
	refusals := []bunstore.Refusal{
		bunstore.NotFound("no catalog entry with id %s", c.ID),
		bunstore.Stale("catalog entry %s is no longer at version %d: it was changed meanwhile; reload it and retry", c.Code, c.Version-1),
		taken("an event ID"),
	}
	if s.unsummarized {
		return s.catalogs.Update(ctx, &row, toEventRows(events), refusals...)
	}
	var was place
	var found bool
	err := s.catalogs.UpdateWith(ctx, &row, toEventRows(events), bunstore.Steps{
		Before: func(ctx context.Context, tx bun.IDB) error {
			var err error
			was, err = s.lockEntry(ctx, tx, row.ID)
			found = err == nil
			if govops.ErrorCode(err) == govops.ENOTFOUND {
				return nil // the UPDATE finds no row either, and says so
			}
			return err
		},
		After: func(ctx context.Context, tx bun.IDB) error {
			if !found {
				return nil
			}
			d, err := moveMonths(ctx, tx, row.ID, was, place{row.Department, row.Status})
			if err != nil {
				return err
			}
			return d.add(ctx, tx)
		},
	}, refusals...)
	return bunstore.Concurrent("update catalog entry", err)
}

// Catalog implements datashare.Store.
func (s *Store) Catalog(ctx context.Context, id uuid.UUID) (*datashare.Catalog, error) {
	return s.catalog(ctx, "id", id.String(), bunstore.NotFound("catalog entry %s not found", id))
}

// CatalogByCode implements datashare.Store.
func (s *Store) CatalogByCode(ctx context.Context, code string) (*datashare.Catalog, error) {
	return s.catalog(ctx, "code", code, bunstore.NotFound("no catalog entry has the code %q", code))
}

// catalog returns the entry whose column is value.
func (s *Store) catalog(ctx context.Context, column, value string, notFound bunstore.Refusal) (*datashare.Catalog, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var row catalogRow
	if err := s.db.NewSelect().Model(&row).Where("? = ?", bun.Ident(column), value).Scan(ctx); err != nil {
		return nil, errs.Err("get catalog entry", err, notFound)
	}
	c, err := fromCatalogRow(&row)
	return &c, err
}

// Catalogs implements datashare.Store.
func (s *Store) Catalogs(ctx context.Context, f datashare.CatalogFilter, after string, limit int) ([]datashare.Catalog, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var rows []catalogRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("code ASC")
	for _, eq := range []struct{ column, value string }{
		{"department", f.Department}, {"classification", string(f.Class)}, {"format_class", string(f.Format)},
		{"share_type", string(f.ShareType)}, {"open_type", string(f.Open)}, {"status", string(f.Status)},
	} {
		if eq.value != "" {
			q.Where("? = ?", bun.Ident(eq.column), eq.value)
		}
	}
	if f.Text != "" {
		q.Where("("+s.contains("code")+" OR "+s.contains("name")+")", f.Text, f.Text)
	}
	if after != "" {
		q.Where("code > ?", after)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list catalog entries", err)
	}
	return bunstore.FromRows(rows, fromCatalogRow)
}

// Events implements datashare.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]datashare.Event, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var rows []eventRow
	if err := s.db.NewSelect().Model(&rows).Where("subject_id = ?", subject.String()).OrderExpr("seq ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list events", err)
	}
	return bunstore.FromRows(rows, fromEventRow)
}
