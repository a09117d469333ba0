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
	w := &writer{s: s, counts: groupCounts{}}
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
	// A chunk's lookups take a few milliseconds in the unique indexes. The
	// planner has no statistics of the rows the import writes, which
	// autovacuum cannot see before it commits: left alone, it would scan
	// the growing table for them, or start parallel workers, which takes
	// ten times that.
	if _, err := tx.ExecContext(ctx, "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL enable_seqscan = off"); err != nil {
		w.Rollback()
		return nil, errs.Err("begin import", err)
	}
	// Prepared once, the lookups of each chunk are bound and run, not
	// parsed and planned again.
	if w.lookup, err = tx.Tx.PrepareContext(ctx, storedPG); err != nil {
		w.Rollback()
		return nil, errs.Err("begin import", err)
	}
	return w, nil
}

// writer is the RecordWriter of licensebun. It is used by one goroutine
// at a time, as an import is.
type writer struct {
	s      *Store
	conn   *bun.Conn // PostgreSQL only: the connection of tx, for COPY
	lookup *sql.Stmt // PostgreSQL only: storedPG, prepared in tx
	tx     bun.Tx
	ended  bool
	buf    []byte // the COPY data of a chunk, reused
	// counts are the records written so far by type and department,
	// which Commit adds to the summary.
	counts groupCounts
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

// Write implements license.RecordWriter: one query per kind of key (on
// PostgreSQL, one statement for the three) finds which keys of rs stored
// records take, inside the import's transaction so that it sees the
// earlier chunks; a map per kind adds the keys of the records of rs kept
// so far. The records whose keys are free are inserted with one multi-row
// INSERT per bunstore.ChunkRows records, or on PostgreSQL one COPY. An
// error rolls the import back.
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
	w.counts.add(keep)
	return refused, nil
}

// stored returns the keys of rows that stored records take.
func (w *writer) stored(ctx context.Context, rows []recordRow) (*taken, error) {
	t := &taken{identifiers: make(map[string]bool, len(rows)), numbers: make(map[typeNumber]string, len(rows)),
		exclusive: make(map[string]string)}
	for part := range slices.Chunk(rows, bunstore.MaxChunkRows) {
		identifiers, numbers := make([]string, len(part)), make([]string, len(part))
		var exclusive []string
		for i := range part {
			r := &part[i]
			identifiers[i], numbers[i] = r.Identifier, r.NumberKey
			if r.ExclusiveKey != "" {
				exclusive = append(exclusive, r.ExclusiveKey)
			}
		}
		var found []keyRow
		var err error
		if w.lookup != nil {
			found, err = w.storedPG(ctx, identifiers, numbers, exclusive)
		} else {
			found, err = w.storedSQL(ctx, identifiers, numbers, exclusive)
		}
		if err != nil {
			return nil, err
		}
		for _, k := range found {
			switch k.Kind {
			case keyIdentifier:
				t.identifiers[k.A] = true
			case keyNumber:
				t.numbers[typeNumber{k.A, k.B}] = k.By
			case keyExclusive:
				t.exclusive[k.A] = k.By
			}
		}
	}
	return t, nil
}

// keyRow is a key that a stored record takes: of a Kind, its value (A, or
// A and B), and the identifier of the record.
type keyRow struct {
	Kind int    `bun:"kind"`
	A    string `bun:"a"`
	B    string `bun:"b"`
	By   string `bun:"taker"`
}

// Kinds of keyRow.
const (
	keyIdentifier = 1
	keyNumber     = 2
	keyExclusive  = 3
)

// storedPG finds the keys of a chunk on PostgreSQL in one statement,
// prepared once per import, whose arguments are arrays: the identifiers,
// the number keys (see numberKey) and the exclusive keys, each looked up in
// its own single-column unique index. One round trip and no parsing of
// thousands of literals, which cost the server more than the lookups.
const storedPG = `SELECT 1 AS kind, r.identifier AS a, '' AS b, r.identifier AS taker
  FROM license_records AS r WHERE r.identifier = ANY($1::text[])
UNION ALL
SELECT 2, r.type, r.number, r.identifier
  FROM license_records AS r WHERE r.number_key = ANY($2::text[])
UNION ALL
SELECT 3, r.exclusive_key, '', r.identifier
  FROM license_records AS r WHERE r.exclusive_key = ANY($3::text[])`

// storedPG runs the prepared storedPG.
func (w *writer) storedPG(ctx context.Context, identifiers, numbers, exclusive []string) ([]keyRow, error) {
	rows, err := w.lookup.QueryContext(ctx, textArray(identifiers), textArray(numbers), textArray(exclusive))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []keyRow
	for rows.Next() {
		var k keyRow
		if err := rows.Scan(&k.Kind, &k.A, &k.B, &k.By); err != nil {
			return nil, err
		}
		found = append(found, k)
	}
	return found, rows.Err()
}

// textArray returns xs as the text of a PostgreSQL array: {"a","b"}, each
// element quoted, with its quotes and backslashes escaped.
func textArray(xs []string) string {
	n := 2
	for _, x := range xs {
		n += len(x) + 3
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for j := 0; j < len(x); j++ {
			if x[j] == '"' || x[j] == '\\' {
				b = append(b, '\\')
			}
			b = append(b, x[j])
		}
		b = append(b, '"')
	}
	return string(append(b, '}'))
}

// storedSQL finds the keys of a chunk on SQLite and MySQL, a query per
// kind.
func (w *writer) storedSQL(ctx context.Context, identifiers, numbers, exclusive []string) ([]keyRow, error) {
	var found []keyRow
	var ids []string
	err := w.tx.NewSelect().TableExpr("license_records").Column("identifier").
		Where("identifier IN (?)", bun.List(identifiers)).Scan(ctx, &ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		found = append(found, keyRow{Kind: keyIdentifier, A: id})
	}
	var nums []keyRow
	err = w.tx.NewSelect().TableExpr("license_records").ColumnExpr("2 AS kind, type AS a, number AS b, identifier AS taker").
		Where("number_key IN (?)", bun.List(numbers)).Scan(ctx, &nums)
	if err != nil {
		return nil, err
	}
	found = append(found, nums...)
	if len(exclusive) == 0 {
		return found, nil
	}
	var excl []keyRow
	err = w.tx.NewSelect().TableExpr("license_records").ColumnExpr("3 AS kind, exclusive_key AS a, identifier AS taker").
		Where("exclusive_key IN (?)", bun.List(exclusive)).Scan(ctx, &excl)
	return append(found, excl...), err
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
// import's transaction, then the records it wrote are added to their
// groups of the summary, in one statement and last, so that the import
// holds the summary's rows only for the moment of its commit; then the
// transaction commits. A failure rolls it back.
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
	if err := recordSummary.Add(ctx, w.tx, w.counts.deltas()...); err != nil {
		return w.fail("count the records in the summary", err)
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
