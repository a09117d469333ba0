package datasharebun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/bunstore"
)

// Batch statuses as stored.
const (
	loading   = string(datashare.BatchLoading)
	committed = string(datashare.BatchCommitted)
	failed    = string(datashare.BatchFailed)
	replaced  = string(datashare.BatchReplaced)
)

// BeginMount implements datashare.Store: the batch and its events in one
// transaction, after a check that the entry exists.
func (s *Store) BeginMount(ctx context.Context, b datashare.Batch, events []datashare.Event) (datashare.MountWriter, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	row := toBatchRow(&b)
	row.Version = 1
	evs := toEventRows(events)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		found, err := tx.NewSelect().Model((*catalogRow)(nil)).Where("id = ?", row.CatalogID).Exists(ctx)
		if err != nil {
			return err
		}
		if !found {
			return govops.Errorf(govops.ENOTFOUND, "no catalog entry with id %s to mount into", b.Catalog)
		}
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return errs.Err("store the batch", err, bunstore.Conflict("a batch with id %s is stored already; nothing was stored", b.ID))
		}
		return insertEvents(ctx, tx, evs)
	})
	if err != nil {
		return nil, errs.Err("begin mount", err)
	}
	return &writer{s: s, batch: b.ID, catalog: b.Catalog, batchID: row.ID, catalogID: row.CatalogID}, nil
}

// insertEvents appends evs in tx; a taken event ID is ECONFLICT.
func insertEvents(ctx context.Context, tx bun.Tx, evs []eventRow) error {
	return errs.Err("append events", bunstore.InsertChunked(ctx, tx, evs), taken("an event ID"))
}

// endLoading writes row over the stored batch of its ID if that batch is
// still loading at row.Version-1, and tells ENOTFOUND (no such batch) from
// ECONFLICT (another version, or no longer loading) when it is not.
func endLoading(ctx context.Context, tx bun.Tx, row *batchRow) error {
	res, err := tx.NewUpdate().Model(row).ExcludeColumn("id").
		Where("id = ? AND version = ? AND status = ?", row.ID, row.Version-1, loading).Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var cur batchRow
	if err := tx.NewSelect().Model(&cur).Column("status", "version").Where("id = ?", row.ID).Scan(ctx); err != nil {
		return errs.Err("read the batch", err, bunstore.NotFound("no batch with id %s", row.ID))
	}
	return govops.Errorf(govops.ECONFLICT, "batch %s is %s at version %d, not loading at version %d: another process ended it",
		row.ID, cur.Status, cur.Version, row.Version-1)
}

// AbortMount implements datashare.Store: the batch's versioned status
// change and the events in one transaction, then its records deleted in
// chunks (see purge).
func (s *Store) AbortMount(ctx context.Context, b *datashare.Batch, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	row := toBatchRow(b)
	evs := toEventRows(events)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := endLoading(ctx, tx, &row); err != nil {
			return err
		}
		return insertEvents(ctx, tx, evs)
	})
	if err != nil {
		return errs.Err("abort mount", err)
	}
	s.purge(ctx, row.CatalogID)
	return nil
}

// purge deletes the records of the failed and replaced batches of the
// entry catalogID, DeleteChunk a statement, so that none holds the
// database for long. Those records are invisible already, the batches
// being no longer committed: purge runs after the change that hid them has
// committed, and on to the end even if the caller gives up, so that the
// space is freed. Should it fail (or the process die), what it leaves is
// deleted by the next purge of the entry; so its error is not the caller's.
func (s *Store) purge(ctx context.Context, catalogID string) {
	ctx = context.WithoutCancel(ctx)
	var ids []string
	err := s.db.NewSelect().TableExpr("datashare_batches AS b").Column("b.id").
		Where("b.catalog_id = ? AND b.status IN (?, ?)", catalogID, failed, replaced).
		Where("EXISTS (SELECT 1 FROM datashare_records AS r WHERE r.catalog_id = b.catalog_id AND r.batch_id = b.id)").
		Scan(ctx, &ids)
	if err != nil {
		return
	}
	for _, id := range ids {
		if s.deleteRecords(ctx, catalogID, id) != nil {
			return
		}
	}
}

// deleteRecords deletes the records of one batch, DeleteChunk a statement:
// up to the line of the DeleteChunk-th of them, found through the primary key, so
// that the same statement runs on every dialect.
func (s *Store) deleteRecords(ctx context.Context, catalogID, batchID string) error {
	for {
		var bound []int64
		err := s.db.NewSelect().TableExpr("datashare_records").Column("line_no").
			Where("catalog_id = ? AND batch_id = ?", catalogID, batchID).
			OrderExpr("line_no ASC").Offset(int64(s.deleteChunk-1)).Limit(1).Scan(ctx, &bound)
		if err != nil {
			return err
		}
		q := s.db.NewDelete().TableExpr("datashare_records").Where("catalog_id = ? AND batch_id = ?", catalogID, batchID)
		if len(bound) > 0 {
			q.Where("line_no <= ?", bound[0])
		}
		if _, err := q.Exec(ctx); err != nil || len(bound) == 0 {
			return err
		}
	}
}

// Batch implements datashare.Store.
func (s *Store) Batch(ctx context.Context, id uuid.UUID) (*datashare.Batch, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var row batchRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id.String()).Scan(ctx); err != nil {
		return nil, errs.Err("get batch", err, bunstore.NotFound("batch %s not found", id))
	}
	b, err := fromBatchRow(&row)
	return &b, err
}

// Batches implements datashare.Store.
func (s *Store) Batches(ctx context.Context, f datashare.BatchFilter, after uuid.UUID, limit int) ([]datashare.Batch, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var rows []batchRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("id ASC")
	if f.Catalog != uuid.Nil {
		q.Where("catalog_id = ?", f.Catalog.String())
	}
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if !f.TouchedBefore.IsZero() {
		q.Where("touched_at < ?", bunstore.DBTime(f.TouchedBefore))
	}
	if after != uuid.Nil {
		q.Where("id > ?", after.String())
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list batches", err)
	}
	return bunstore.FromRows(rows, fromBatchRow)
}

// Records implements datashare.Store: the records of the entry joined to
// their batch, of which only the committed ones count, in the order of the
// primary key.
func (s *Store) Records(ctx context.Context, catalog uuid.UUID, after datashare.RecordKey, limit int) ([]datashare.Record, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	var rows []recordRow
	q := s.db.NewSelect().TableExpr("datashare_records AS r").
		ColumnExpr("r.catalog_id, r.batch_id, r.line_no, r.record_key, r.data").
		Join("JOIN datashare_batches AS b ON b.id = r.batch_id").
		Where("r.catalog_id = ? AND b.status = ?", catalog.String(), committed).
		OrderExpr("r.batch_id ASC, r.line_no ASC")
	if after.Batch != uuid.Nil {
		q.Where("(r.batch_id > ? OR (r.batch_id = ? AND r.line_no > ?))", after.Batch.String(), after.Batch.String(), after.Line)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, errs.Err("list records", err)
	}
	return bunstore.FromRows(rows, fromRecordRow)
}
