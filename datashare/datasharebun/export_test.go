package datasharebun

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/bunstore"
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

// SetUnsummarizedForTest makes Commit and UpdateCatalog write as they did
// before the summaries, leaving them alone: the baseline of the write
// benchmark.
func SetUnsummarizedForTest(s *Store, on bool) { s.unsummarized = on }

// SeedBatchesForTest writes bs as they are, in chunked multi-row INSERTs
// and no event: the batches of the report benchmark's fixture, whose
// summaries RepairSummaries then fills.
func SeedBatchesForTest(ctx context.Context, db bun.IDB, bs []datashare.Batch) error {
	rows := make([]batchRow, len(bs))
	for i := range bs {
		rows[i] = toBatchRow(&bs[i])
	}
	return bunstore.InsertChunked(ctx, db, rows)
}

// FillSummariesForTest adds the committed batches of bs, entries of cs, to
// the summaries, as their Commits would have, in statements of at most
// 1,000 groups: the summaries of the report benchmark's fixture, whose
// batches SeedBatchesForTest wrote bare.
func FillSummariesForTest(ctx context.Context, db bun.IDB, cs []datashare.Catalog, bs []datashare.Batch) error {
	at := make(map[uuid.UUID]place, len(cs))
	for _, c := range cs {
		at[c.ID] = place{c.Department, string(c.Status)}
	}
	d := &mountDeltas{}
	for i := range bs {
		if bs[i].Status == datashare.BatchCommitted {
			d.batch(at[bs[i].Catalog], &bs[i], 1)
		}
	}
	for _, s := range []struct {
		summary bunstore.Summary
		deltas  []bunstore.SummaryDelta
	}{{entrySummary, d.entries}, {itemSummary, d.items}, {monthSummary, d.months}} {
		merged := map[string]bunstore.SummaryDelta{}
		for _, x := range s.deltas {
			k := fmt.Sprint(x.Key...)
			if m, ok := merged[k]; ok {
				for j := range m.Counts {
					m.Counts[j] += x.Counts[j]
				}
				continue
			}
			merged[k] = bunstore.SummaryDelta{Key: x.Key, Counts: slices.Clone(x.Counts)}
		}
		all := slices.Collect(maps.Values(merged))
		for part := range slices.Chunk(all, 1000) {
			if err := s.summary.Add(ctx, db, part...); err != nil {
				return err
			}
		}
	}
	return nil
}
