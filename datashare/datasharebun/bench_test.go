package datasharebun_test

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/datashare/storetest"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

// benchDialects lists the dialects the benchmarks run on: SQLite always,
// PostgreSQL and MySQL when their DSN is set.
func benchDialects() []string {
	ds := dbtest.BenchDialects()
	if os.Getenv(dbtest.EnvMySQL) != "" {
		ds = append(ds, dbopen.MySQL)
	}
	return ds
}

// benchMount is one mount of the benchmark: a fresh store with its entry,
// a loading batch and the records to write, made before the clock runs.
type benchMount struct {
	st    *datasharebun.Store
	db    *bun.DB
	batch datashare.Batch
	rs    []datashare.Record
}

// newBenchMount makes a fresh store on dialect d with the benchmark entry,
// and n records of a batch of it.
func newBenchMount(b *testing.B, d string, n int) benchMount {
	b.Helper()
	st, db := MustOpenStore(b, d)
	c := storetest.BenchCatalog(b, "109001/000001")
	if err := st.CreateCatalogs(b.Context(), []datashare.Catalog{c}, nil); err != nil {
		b.Fatal(err)
	}
	batch := storetest.BenchBatch(b, &c, time.Now())
	return benchMount{st: st, db: db, batch: batch, rs: storetest.BenchRecords(c.ID, batch.ID, n)}
}

// BenchmarkMountWrite writes storetest.BenchRows records of eight items
// (GOVOPS_BENCH_ROWS=699735 for the seed's figure) through the writer, as
// the Service's mount does: BeginMount, a Write of each chunk of 5,000 and
// Commit, into a fresh database (writer); and the same rows into the same
// table with no adapter logic (raw): on SQLite bare bun multi-row INSERTs,
// one transaction a chunk; on PostgreSQL one bare COPY; on MySQL one bare
// multi-row INSERT a chunk, one transaction each. The writer must stay at
// or above 0.9 of the baseline.
//
// raw and writer each report rows/s, writer also its ratio to raw. These
// machines are noisy, so interleaved does both again at once, into two
// fresh databases, ten chunks of one and then ten of the other (raw COPYs
// the ten chunks at once), and reports both rates and their ratio from the
// same moments.
func BenchmarkMountWrite(b *testing.B) {
	n := storetest.BenchRows(b)
	for _, d := range benchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			var rawRate float64
			b.Run("raw", func(b *testing.B) {
				var took time.Duration
				for range b.N {
					b.StopTimer()
					m := newBenchMount(b, d, n)
					rows := datasharebun.RecordRowsForTest(m.rs)
					runtime.GC()
					b.StartTimer()
					t0 := time.Now()
					if err := rawInsert(b.Context(), m.db, rows, len(rows)); err != nil {
						b.Fatalf("raw insert: %v", err)
					}
					took += time.Since(t0)
				}
				rawRate = float64(n*b.N) / took.Seconds()
				b.ReportMetric(rawRate, "rows/s")
			})
			b.Run("writer", func(b *testing.B) {
				var took time.Duration
				for range b.N {
					b.StopTimer()
					m := newBenchMount(b, d, n)
					runtime.GC()
					b.StartTimer()
					t0 := time.Now()
					if err := storetest.MountAll(b.Context(), m.st, m.batch, m.rs, storetest.BenchChunk); err != nil {
						b.Fatalf("mount: %v", err)
					}
					took += time.Since(t0)
				}
				rate := float64(n*b.N) / took.Seconds()
				b.ReportMetric(rate, "rows/s")
				if rawRate > 0 {
					b.ReportMetric(rate/rawRate, "ratio")
				}
			})
			b.Run("interleaved", func(b *testing.B) {
				var rawTook, writerTook time.Duration
				for range b.N {
					b.StopTimer()
					raw := newBenchMount(b, d, n)
					m := newBenchMount(b, d, n)
					rows := datasharebun.RecordRowsForTest(raw.rs)
					runtime.GC()
					b.StartTimer()
					r, w := interleave(b, raw.db, rows, m)
					rawTook += r
					writerTook += w
				}
				rawRate := float64(n*b.N) / rawTook.Seconds()
				writerRate := float64(n*b.N) / writerTook.Seconds()
				b.ReportMetric(rawRate, "raw-rows/s")
				b.ReportMetric(writerRate, "writer-rows/s")
				b.ReportMetric(writerRate/rawRate, "ratio")
			})
		})
	}
}

// interleave writes rows bare into rawDB and m's records through a mount,
// ten chunks of one and then ten of the other, and returns the time each
// took.
func interleave(b *testing.B, rawDB *bun.DB, rows []datasharebun.RecordRowForTest, m benchMount) (rawTook, writerTook time.Duration) {
	ctx := b.Context()
	t0 := time.Now()
	w, err := m.st.BeginMount(ctx, m.batch, nil)
	if err != nil {
		b.Fatal(err)
	}
	writerTook += time.Since(t0)
	const segment = 10 * storetest.BenchChunk
	for seg := 0; seg < len(rows); seg += segment {
		end := min(seg+segment, len(rows))
		t0 := time.Now()
		if err := rawInsert(ctx, rawDB, rows[seg:end], segment); err != nil {
			b.Fatalf("raw insert: %v", err)
		}
		t1 := time.Now()
		for i := seg; i < end; i += storetest.BenchChunk {
			if err := w.Write(ctx, m.rs[i:min(i+storetest.BenchChunk, end)], m.batch.TouchedAt); err != nil {
				b.Fatalf("Write: %v", err)
			}
		}
		rawTook += t1.Sub(t0)
		writerTook += time.Since(t1)
	}
	t0 = time.Now()
	next := m.batch
	next.Status, next.Version = datashare.BatchCommitted, 2
	if err := w.Commit(ctx, &next, nil, nil); err != nil {
		b.Fatal(err)
	}
	return rawTook, writerTook + time.Since(t0)
}

// rawInsert writes rows bare: on PostgreSQL one COPY of up to copyRows
// rows at a time; elsewhere, for each chunk of the writer's size, one
// transaction of bun multi-row INSERTs (on SQLite of bunstore.ChunkRows
// rows each, on MySQL of the whole chunk).
func rawInsert(ctx context.Context, db *bun.DB, rows []datasharebun.RecordRowForTest, copyRows int) error {
	switch db.Dialect().Name().String() {
	case dbopen.Postgres:
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		for i := 0; i < len(rows); i += copyRows {
			if err := datasharebun.CopyForTest(ctx, conn, rows[i:min(i+copyRows, len(rows))]); err != nil {
				return err
			}
		}
		return nil
	case dbopen.MySQL:
		for i := 0; i < len(rows); i += storetest.BenchChunk {
			chunk := rows[i:min(i+storetest.BenchChunk, len(rows))]
			err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				_, err := tx.NewInsert().Model(&chunk).Exec(ctx)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	per := bunstore.ChunkRows(db.Dialect().Name(), 5)
	for i := 0; i < len(rows); i += storetest.BenchChunk {
		chunk := rows[i:min(i+storetest.BenchChunk, len(rows))]
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for j := 0; j < len(chunk); j += per {
				part := chunk[j:min(j+per, len(chunk))]
				if _, err := tx.NewInsert().Model(&part).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkStore runs the storetest benchmarks on every available dialect.
func BenchmarkStore(b *testing.B) {
	for _, d := range benchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			storetest.RunBenchmarks(b, maker(d))
		})
	}
}
