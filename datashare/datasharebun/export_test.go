package datasharebun

import (
	"bytes"
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/govops-kit/govops/datashare"
)

// RecordRowForTest is a row of datashare_records, for the benchmark's
// baseline, which inserts rows with bare bun.
type RecordRowForTest = recordRow

// RecordRowsForTest returns the rows of rs as the writer stores them.
func RecordRowsForTest(rs []datashare.Record) []RecordRowForTest {
	rows := make([]recordRow, len(rs))
	for i := range rs {
		r := &rs[i]
		rows[i] = recordRow{CatalogID: r.Catalog.String(), BatchID: r.Batch.String(), Line: r.Line, Key: r.Key, Data: r.Data}
	}
	return rows
}

// CopyForTest writes rows with one bare COPY on conn: the PostgreSQL
// baseline of the mount benchmark.
func CopyForTest(ctx context.Context, conn bun.Conn, rows []RecordRowForTest) error {
	var b []byte
	for i := range rows {
		b = appendCopy(b, &rows[i])
	}
	_, err := pgdriver.CopyFrom(ctx, conn, bytes.NewReader(b), "COPY datashare_records ("+recordColumns+") FROM STDIN")
	return err
}

// RecordColumnsForTest returns the columns COPY and MySQL's INSERTs write.
func RecordColumnsForTest() string { return recordColumns }

// SetStatementLimitForTest makes the MySQL writer's INSERTs at most n bytes
// long, with backslash escapes or without, as if the server said so.
func SetStatementLimitForTest(s *Store, n int, noBackslash bool) {
	s.packet.mu.Lock()
	defer s.packet.mu.Unlock()
	s.packet.limit, s.packet.noBackslash = n, noBackslash
}

// SetDeleteChunkForTest makes the deletion of dead records take n rows a
// statement.
func SetDeleteChunkForTest(s *Store, n int) { s.deleteChunk = n }
