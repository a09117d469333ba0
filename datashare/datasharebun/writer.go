package datasharebun

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/bunstore"
)

// writer is the MountWriter of datasharebun: it holds no transaction and no
// connection between its calls, so that a writer dropped by a process that
// dies leaves nothing open, and the rows it wrote stay invisible behind
// their loading batch.
type writer struct {
	s                  *Store
	batch, catalog     uuid.UUID
	batchID, catalogID string
	ended              bool
	rows               []recordRow // of the last Write, reused
	buf                []byte      // COPY data or INSERT text, reused
}

// Write implements datashare.MountWriter: one transaction that touches the
// batch, which must still be loading, and inserts rs.
func (w *writer) Write(ctx context.Context, rs []datashare.Record, at time.Time) error {
	if w.ended {
		return govops.Errorf(govops.EINTERNAL, "datasharebun: write to a mount that has ended")
	}
	if err := alive(ctx); err != nil {
		return err
	}
	rows := w.rows[:0]
	for i := range rs {
		r := &rs[i]
		if r.Batch != w.batch || r.Catalog != w.catalog {
			return govops.Errorf(govops.EINTERNAL, "datasharebun: a record of batch %s of entry %s written to batch %s of entry %s",
				r.Batch, r.Catalog, w.batch, w.catalog)
		}
		rows = append(rows, recordRow{CatalogID: w.catalogID, BatchID: w.batchID, Line: r.Line, Key: r.Key, Data: r.Data})
	}
	w.rows = rows
	var err error
	switch w.s.dialect {
	case dialect.PG:
		err = w.writePG(ctx, rows, at)
	case dialect.MySQL:
		err = w.s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if err := touch(ctx, tx, w.batchID, at); err != nil {
				return err
			}
			return w.insertMySQL(ctx, tx, rows)
		})
	default:
		err = w.s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if err := touch(ctx, tx, w.batchID, at); err != nil {
				return err
			}
			return insertSQLite(ctx, tx, rows)
		})
	}
	return errs.Err("write records", err, bunstore.Conflict("a line of these records is written already in batch %s; none of them was", w.batch))
}

// touch sets the batch's touched_at, if it is still loading, in tx, whose
// row lock then keeps AbortMount from ending the batch until the chunk is
// stored. A batch that is no longer loading is ECONFLICT: another process
// took the mount for dead and aborted it.
func touch(ctx context.Context, tx bun.Tx, batchID string, at time.Time) error {
	res, err := tx.NewUpdate().TableExpr("datashare_batches").Set("touched_at = ?", bunstore.DBTime(at)).
		Where("id = ? AND status = ?", batchID, loading).Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	// MySQL counts a row whose value did not change as unaffected.
	var status []string
	if err := tx.NewSelect().TableExpr("datashare_batches").Column("status").Where("id = ?", batchID).Scan(ctx, &status); err != nil {
		return err
	}
	switch {
	case len(status) == 0:
		return govops.Errorf(govops.ENOTFOUND, "no batch with id %s", batchID)
	case status[0] == loading:
		return nil
	}
	return govops.Errorf(govops.ECONFLICT, "batch %s is %s, no longer loading: another process ended the mount, and nothing more was written", batchID, status[0])
}

// Commit implements datashare.MountWriter, in one transaction: the entry's
// row locked, so that the Commits of one entry take turns and each counts
// the keys of those before it, and read (its department and status, where
// its records count); the batch's versioned status change; the
// replacement of the entry's other committed batches when b.Replace is
// set; the count of the entry's visible keys; the events; last, the
// summaries, the batch added and those it replaced taken away. The
// replaced batches' records are then deleted (see purge).
func (w *writer) Commit(ctx context.Context, b *datashare.Batch, events []datashare.Event, replacedFn func(old *datashare.Batch) (datashare.Event, error)) error {
	if w.ended {
		return govops.Errorf(govops.EINTERNAL, "datasharebun: commit of a mount that has ended")
	}
	if err := alive(ctx); err != nil {
		return err
	}
	row := toBatchRow(b)
	row.KeyRows, row.KeyDistinct = 0, 0
	evs := toEventRows(events)
	var keyRows, keyDistinct int64
	var replacedAny bool
	err := w.s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		at, err := w.s.lockEntry(ctx, tx, w.catalogID)
		if err != nil {
			return err
		}
		if err := endLoading(ctx, tx, &row); err != nil {
			return err
		}
		deltas := &mountDeltas{}
		deltas.batch(at, b, 1)
		all := evs
		if b.Replace {
			more, olds, err := replaceOthers(ctx, tx, &row, b.FinishedAt, replacedFn)
			if err != nil {
				return err
			}
			all, replacedAny = append(append([]eventRow(nil), evs...), more...), len(more) > 0
			for i := range olds {
				deltas.batch(at, &olds[i], -1)
			}
		}
		err = tx.NewSelect().TableExpr("datashare_records AS r").
			ColumnExpr("COUNT(r.record_key), COUNT(DISTINCT r.record_key)").
			Where("r.catalog_id = ? AND r.record_key <> ''", w.catalogID).
			Where("r.batch_id IN (SELECT b.id FROM datashare_batches AS b WHERE b.catalog_id = ? AND b.status = ?)", w.catalogID, committed).
			Scan(ctx, &keyRows, &keyDistinct)
		if err != nil {
			return err
		}
		_, err = tx.NewUpdate().TableExpr("datashare_batches").Set("key_rows = ?, key_distinct = ?", keyRows, keyDistinct).
			Where("id = ?", w.batchID).Exec(ctx)
		if err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, all); err != nil {
			return err
		}
		if w.s.unsummarized {
			return nil
		}
		return deltas.add(ctx, tx)
	})
	if err != nil {
		return bunstore.Concurrent("commit mount", errs.Err("commit mount", err))
	}
	w.ended = true
	b.KeyRows, b.KeyDistinct = keyRows, keyDistinct
	if replacedAny {
		w.s.purge(ctx, w.catalogID)
	}
	return nil
}

// lockEntry locks the row of the entry catalogID until tx ends, and
// returns where its records count: its department and status as they
// stand. SQLite, which writes one transaction at a time, needs no lock.
// Being a locking read, it also reads the latest row on MySQL, whose
// plain reads would see the snapshot of the transaction's first one.
func (s *Store) lockEntry(ctx context.Context, tx bun.IDB, catalogID string) (place, error) {
	if s.unsummarized && s.dialect == dialect.SQLite {
		return place{}, nil // as before the summaries, which need the row
	}
	var rows []catalogRow
	q := tx.NewSelect().Model(&rows).Column("department", "status").Where("id = ?", catalogID)
	if s.dialect != dialect.SQLite {
		q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return place{}, err
	}
	if len(rows) == 0 {
		return place{}, govops.Errorf(govops.ENOTFOUND, "no catalog entry with id %s", catalogID)
	}
	return place{rows[0].Department, rows[0].Status}, nil
}

// replaceOthers marks every other committed batch of row's entry replaced,
// each at its next version with finishedAt, and returns the events fn gives
// for them and the batches as they were.
func replaceOthers(ctx context.Context, tx bun.Tx, row *batchRow, finishedAt time.Time,
	fn func(old *datashare.Batch) (datashare.Event, error)) ([]eventRow, []datashare.Batch, error) {
	var olds []batchRow
	err := tx.NewSelect().Model(&olds).Where("catalog_id = ? AND status = ? AND id <> ?", row.CatalogID, committed, row.ID).
		OrderExpr("id ASC").Scan(ctx)
	if err != nil {
		return nil, nil, err
	}
	var evs []datashare.Event
	was := make([]datashare.Batch, len(olds))
	for i := range olds {
		o, err := fromBatchRow(&olds[i])
		if err != nil {
			return nil, nil, err
		}
		was[i] = o
		o.Status, o.FinishedAt, o.Version = datashare.BatchReplaced, bunstore.DBTime(finishedAt), o.Version+1
		ev, err := fn(&o)
		if err != nil {
			return nil, nil, err
		}
		var finished any
		if !o.FinishedAt.IsZero() {
			finished = o.FinishedAt
		}
		res, err := tx.NewUpdate().TableExpr("datashare_batches").
			Set("status = ?, finished_at = ?, version = version + 1", replaced, finished).
			Where("id = ? AND version = ? AND status = ?", olds[i].ID, olds[i].Version, committed).Exec(ctx)
		if err != nil {
			return nil, nil, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return nil, nil, govops.Errorf(govops.ECONFLICT, "batch %s changed while it was being replaced; commit again (%v)", olds[i].ID, err)
		}
		evs = append(evs, ev)
	}
	return toEventRows(evs), was, nil
}

// Abort implements datashare.MountWriter as Store.AbortMount; after Commit
// it does nothing.
func (w *writer) Abort(ctx context.Context, b *datashare.Batch, events []datashare.Event) error {
	if w.ended {
		return nil
	}
	err := w.s.AbortMount(ctx, b, events)
	if err == nil {
		w.ended = true
	}
	return err
}
