package datasharebun

import (
	"context"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/bunstore"
)

// CreateRequest implements datashare.Store through the prepared INSERTs,
// in one transaction.
func (s *Store) CreateRequest(ctx context.Context, r datashare.Request, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	row := toRequestRow(&r)
	row.Version = 1
	return s.requests.Create(ctx, &row, toEventRows(events), taken("the request's ID or an event ID"))
}

// UpdateRequest implements datashare.Store: a version-checked UPDATE and
// the events, in one transaction.
func (s *Store) UpdateRequest(ctx context.Context, r *datashare.Request, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	row := toRequestRow(r)
	return s.requests.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no share request with id %s", r.ID),
		bunstore.Stale("share request %s is no longer at version %d: it was changed meanwhile; reload it and retry", r.ID, r.Version-1),
		taken("an event ID"))
}

// Request implements datashare.Store.
func (s *Store) Request(ctx context.Context, id uuid.UUID) (*datashare.Request, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var row requestRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get share request", err, bunstore.NotFound("share request %s not found", id))
	}
	r, err := fromRequestRow(&row)
	return &r, err
}

// Requests implements datashare.Store.
func (s *Store) Requests(ctx context.Context, f datashare.RequestFilter, after uuid.UUID, limit int) ([]datashare.Request, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var rows []requestRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("id ASC")
	if f.Catalog != uuid.Nil {
		q.Where("catalog_id = ?", f.Catalog.String())
	}
	if f.Party != "" {
		q.Where("(consumer = ? OR provider = ?)", f.Party, f.Party)
	}
	if f.Consumer != "" {
		q.Where("consumer = ?", f.Consumer)
	}
	if f.Provider != "" {
		q.Where("provider = ?", f.Provider)
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
		return nil, errs.Err("list share requests", err)
	}
	return bunstore.FromRows(rows, fromRequestRow)
}
