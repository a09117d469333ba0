package licensebun

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/license"
)

// BeginImport implements license.Store: the writer holds one transaction
// until Commit or Rollback, on PostgreSQL on a connection of its own, on
// which COPY runs.
func (s *Store) BeginImport(ctx context.Context) (license.RecordWriter, error) {
	w := &writer{s: s}
	if s.dialect != dialect.PG {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return nil, errs.Err("begin import", err)
		}
		w.tx = tx
		return w, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, errs.Err("begin import", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, errs.Err("begin import", err)
	}
	w.conn, w.tx = &conn, tx
	return w, nil
}

// writer is the RecordWriter of licensebun. It is used by one goroutine
// at a time, as an import is.
type writer struct {
	s     *Store
	conn  *bun.Conn // PostgreSQL only: the connection of tx, for COPY
	tx    bun.Tx
	ended bool
	buf   []byte // the COPY data of a chunk, reused
}

// typeNumber is a record's Number within its Type.
type typeNumber struct{ typ, number string }

// taken holds the keys of a chunk that stored records (those of earlier
// chunks included) and the chunk's records kept so far take, each with the
// identifier of the record that takes it.
type taken struct {
	identifiers map[string]bool
	numbers     map[typeNumber]string
	exclusive   map[string]string
}

// refuse returns the Refusal of r when one of its keys is taken.
func (t *taken) refuse(r *recordRow) (license.Refusal, bool) {
	if t.identifiers[r.Identifier] {
		return license.Refusal{Field: "identifier", By: r.Identifier}, true
	}
	if by, ok := t.numbers[typeNumber{r.Type, r.Number}]; ok {
		return license.Refusal{Field: "number", By: by}, true
	}
	if r.ExclusiveKey != "" {
		if by, ok := t.exclusive[r.ExclusiveKey]; ok {
			return license.Refusal{Field: "holder_code", By: by}, true
		}
	}
	return license.Refusal{}, false
}

// take records r's keys as taken by r.
func (t *taken) take(r *recordRow) {
	t.identifiers[r.Identifier] = true
	t.numbers[typeNumber{r.Type, r.Number}] = r.Identifier
	if r.ExclusiveKey != "" {
		t.exclusive[r.ExclusiveKey] = r.Identifier
	}
}

// Write implements license.RecordWriter: one query per kind of key finds
// which keys of rs stored records take, inside the import's transaction so
// that it sees the earlier chunks; the records whose keys are free are
// inserted with one multi-row INSERT per bunstore.ChunkRows records, or on
// PostgreSQL one COPY. An error rolls the import back.
func (w *writer) Write(ctx context.Context, rs []license.Record) ([]license.Refusal, error) {
	if err := w.usable(ctx); err != nil {
		return nil, err
	}
	rows := make([]recordRow, len(rs))
	for i := range rs {
		rows[i] = toRecordRow(&rs[i])
	}
	t, err := w.stored(ctx, rows)
	if err != nil {
		return nil, w.fail("find the keys stored records take", err)
	}
	var refused []license.Refusal
	keep := rows[:0]
	for i := range rows {
		if ref, ok := t.refuse(&rows[i]); ok {
			ref.Index = i
			refused = append(refused, ref)
			continue
		}
		t.take(&rows[i])
		keep = append(keep, rows[i])
	}
	if err := w.insert(ctx, keep); err != nil {
		return nil, w.fail("write records", err)
	}
	return refused, nil
}

// stored returns the keys of rows that stored records take.
func (w *writer) stored(ctx context.Context, rows []recordRow) (*taken, error) {
	t := &taken{identifiers: make(map[string]bool), numbers: make(map[typeNumber]string), exclusive: make(map[string]string)}
	for part := range slices.Chunk(rows, bunstore.MaxChunkRows) {
		identifiers := make([]string, len(part))
		byType := map[string][]string{}
		var exclusive []string
		for i := range part {
			r := &part[i]
			identifiers[i] = r.Identifier
			byType[r.Type] = append(byType[r.Type], r.Number)
			if r.ExclusiveKey != "" {
				exclusive = append(exclusive, r.ExclusiveKey)
			}
		}
		var ids []string
		err := w.tx.NewSelect().TableExpr("license_records").Column("identifier").
			Where("identifier IN (?)", bun.List(identifiers)).Scan(ctx, &ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			t.identifiers[id] = true
		}
		var numbers []struct {
			Type       string `bun:"type"`
			Number     string `bun:"number"`
			Identifier string `bun:"identifier"`
		}
		err = w.tx.NewSelect().TableExpr("license_records").Column("type", "number", "identifier").
			WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				for typ, nums := range byType {
					q.WhereOr("type = ? AND number IN (?)", typ, bun.List(nums))
				}
				return q
			}).Scan(ctx, &numbers)
		if err != nil {
			return nil, err
		}
		for _, n := range numbers {
			t.numbers[typeNumber{n.Type, n.Number}] = n.Identifier
		}
		if len(exclusive) == 0 {
			continue
		}
		var holders []struct {
			Key        string `bun:"exclusive_key"`
			Identifier string `bun:"identifier"`
		}
		err = w.tx.NewSelect().TableExpr("license_records").Column("exclusive_key", "identifier").
			Where("exclusive_key IN (?)", bun.List(exclusive)).Scan(ctx, &holders)
		if err != nil {
			return nil, err
		}
		for _, h := range holders {
			t.exclusive[h.Key] = h.Identifier
		}
	}
	return t, nil
}

// insert writes rows in the import's transaction.
func (w *writer) insert(ctx context.Context, rows []recordRow) error {
	if len(rows) == 0 {
		return nil
	}
	if w.conn == nil {
		return bunstore.InsertChunked(ctx, w.tx, rows)
	}
	w.buf = w.buf[:0]
	for i := range rows {
		w.buf = appendCopy(w.buf, &rows[i])
	}
	_, err := pgdriver.CopyFrom(ctx, *w.conn, bytes.NewReader(w.buf), "COPY license_records ("+copyColumns+") FROM STDIN")
	return err
}

// usable returns an error, having rolled the import back, once it has ended
// or ctx is done.
func (w *writer) usable(ctx context.Context) error {
	if w.ended {
		return govops.Errorf(govops.EINTERNAL, "licensebun: the import has ended: begin another")
	}
	if err := ctx.Err(); err != nil {
		return w.fail("import", err)
	}
	return nil
}

// fail rolls the import back and returns err, the failure of op: ECONFLICT
// when a concurrent writer took a key first (a unique index refused a row
// that the import's own queries found free, or the database broke a
// deadlock), EINTERNAL otherwise.
func (w *writer) fail(op string, err error) error {
	w.Rollback()
	if bunstore.IsTransient(err) {
		return govops.Errorf(govops.ECONFLICT,
			"a concurrent import or write took a key of these records first, and the import was rolled back; run it again (%v)", err)
	}
	return errs.Err(op, err)
}

// Commit implements license.RecordWriter: the batch is stored in the
// import's transaction, which then commits. A failure rolls it back.
func (w *writer) Commit(ctx context.Context, b license.Batch) error {
	if err := w.usable(ctx); err != nil {
		return err
	}
	row := toBatchRow(&b)
	if _, err := w.tx.NewInsert().Model(&row).Exec(ctx); err != nil {
		if bunstore.IsUniqueViolation(err) {
			w.Rollback()
			return govops.Errorf(govops.ECONFLICT, "an import batch with id %s is stored already; nothing was committed", b.ID)
		}
		return w.fail("store the import batch", err)
	}
	err := w.tx.Commit()
	w.end()
	if err != nil {
		return w.fail("commit the import", err)
	}
	return nil
}

// Rollback implements license.RecordWriter.
func (w *writer) Rollback() error {
	if w.ended {
		return nil
	}
	err := w.tx.Rollback()
	w.end()
	if errors.Is(err, sql.ErrTxDone) { // rolled back when its context ended
		return nil
	}
	return errs.Err("roll back the import", err)
}

// end marks the import ended and returns its connection to the pool.
func (w *writer) end() {
	w.ended = true
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}
