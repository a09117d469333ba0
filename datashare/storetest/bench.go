package storetest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// BenchRowsEnv names the environment variable that sizes the mount
// benchmarks: the number of records one mount writes
// (GOVOPS_BENCH_ROWS=699735 for the seed's figure).
const BenchRowsEnv = "GOVOPS_BENCH_ROWS"

// BenchChunk is how many records one Write of the mount benchmarks
// carries: the Service's chunk.
const BenchChunk = 5000

// BenchRows returns the number of records a mount benchmark writes:
// $GOVOPS_BENCH_ROWS, or 20,000 (2,000 with -short), so that a plain
// benchmark run stays short.
func BenchRows(tb testing.TB) int {
	tb.Helper()
	if v := os.Getenv(BenchRowsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			tb.Fatalf("%s=%q: want a number of records", BenchRowsEnv, v)
		}
		return n
	}
	return storetestkit.Scale(2_000, 20_000)
}

// BenchCatalog returns the entry the mount benchmarks write into: eight
// items, keyed by the first.
func BenchCatalog(tb testing.TB, code string) datashare.Catalog {
	tb.Helper()
	c := newCatalog(tb, code, "市场主体登记信息（基准）")
	c.Items = append(c.Items,
		datashare.Item{Name: "住所", Type: datashare.TypeString},
		datashare.Item{Name: "登记机关", Type: datashare.TypeString},
		datashare.Item{Name: "状态", Type: datashare.TypeString})
	return c
}

// BenchBatch returns a loading batch of c, started at start.
func BenchBatch(tb testing.TB, c *datashare.Catalog, start time.Time) datashare.Batch {
	tb.Helper()
	b := newBatch(tb, c)
	b.StartedAt, b.TouchedAt = storetestkit.Micro(start), storetestkit.Micro(start)
	return b
}

// BenchRecords returns n records of batch b of entry catalog, lines 1 to
// n: eight items in 230 to 250 bytes of JSON, Chinese text included, as
// the Service encodes them, each with a key (a tenth of them shared).
func BenchRecords(catalog, batch uuid.UUID, n int) []datashare.Record {
	rs := make([]datashare.Record, n)
	for i := range rs {
		line := int64(i + 1)
		key := line
		if i%10 == 9 {
			key = line - 1
		}
		rs[i] = datashare.Record{Catalog: catalog, Batch: batch, Line: line, Key: fmt.Sprintf("%032x", key),
			Data: fmt.Sprintf(`{"统一社会信用代码":"91450200MA5K%06d","企业名称":"柳州第%d号商贸公司","法定代表人":"张%d","注册资本":"%d","成立日期":"2021-06-%02d","住所":"跃进路%d号","登记机关":"区市监局","状态":"存续"}`,
				i%1_000_000, i, i%97, 100+i%900, 1+i%28, i%500)}
	}
	return rs
}

// RunBenchmarks measures a store made by newHarness:
//
//   - MountWrite: a mount of BenchRows records (BenchRecords) written in
//     chunks of BenchChunk and committed, in rows/s;
//   - Records: a page of 50 records, after a key in the middle of a mount of
//     BenchRows records, in pages/s.
func RunBenchmarks(b *testing.B, newHarness HarnessMaker) {
	ctx := b.Context()
	_, mk := storetestkit.OpenHarness(b, newHarness)
	n := BenchRows(b)

	b.Run("MountWrite", func(b *testing.B) {
		st := mk(b)
		c := BenchCatalog(b, "108001/000001")
		if err := st.CreateCatalogs(ctx, []datashare.Catalog{c}, nil); err != nil {
			b.Fatal(err)
		}
		var took time.Duration
		rows := 0
		for b.Loop() {
			b.StopTimer()
			batch := BenchBatch(b, &c, baseTime())
			rs := BenchRecords(c.ID, batch.ID, n)
			b.StartTimer()
			t0 := time.Now()
			if err := MountAll(ctx, st, batch, rs, BenchChunk); err != nil {
				b.Fatal(err)
			}
			took += time.Since(t0)
			rows += n
		}
		b.ReportMetric(float64(rows)/took.Seconds(), "rows/s")
	})
	b.Run("Records", func(b *testing.B) {
		st := mk(b)
		c := BenchCatalog(b, "108001/000002")
		if err := st.CreateCatalogs(ctx, []datashare.Catalog{c}, nil); err != nil {
			b.Fatal(err)
		}
		batch := BenchBatch(b, &c, baseTime())
		if err := MountAll(ctx, st, batch, BenchRecords(c.ID, batch.ID, n), BenchChunk); err != nil {
			b.Fatal(err)
		}
		after := datashare.RecordKey{Batch: batch.ID, Line: int64(n / 2)}
		for b.Loop() {
			if _, err := st.Records(ctx, c.ID, after, 50); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	})
}

// MountAll mounts rs as batch b of st: BeginMount, a Write of each chunk of
// chunk records, and Commit, as the Service's mount does without its
// parsing and checks. It aborts the mount on any error.
func MountAll(ctx context.Context, st datashare.Store, b datashare.Batch, rs []datashare.Record, chunk int) error {
	w, err := st.BeginMount(ctx, b, nil)
	if err != nil {
		return err
	}
	for i := 0; i < len(rs); i += chunk {
		if err := w.Write(ctx, rs[i:min(i+chunk, len(rs))], b.TouchedAt); err != nil {
			w.Abort(ctx, failedBatch(&b), nil)
			return err
		}
	}
	next := b
	next.Status, next.Version, next.FinishedAt = datashare.BatchCommitted, b.Version+1, b.TouchedAt
	next.Rows, next.Mounted = int64(len(rs)), int64(len(rs))
	if err := w.Commit(ctx, &next, nil, func(old *datashare.Batch) (datashare.Event, error) {
		return datashare.Event{ID: uuid.Must(uuid.NewV7()), Subject: old.ID, Seq: old.Version, Type: datashare.EventMountReplaced}, nil
	}); err != nil {
		w.Abort(ctx, failedBatch(&b), nil)
		return err
	}
	return nil
}

// failedBatch returns b as an Abort stores it.
func failedBatch(b *datashare.Batch) *datashare.Batch {
	f := *b
	f.Status, f.Version, f.FinishedAt, f.Problem = datashare.BatchFailed, b.Version+1, b.TouchedAt, "benchmark failed"
	return &f
}
