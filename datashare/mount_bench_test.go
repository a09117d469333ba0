package datashare_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/idcode"
)

// benchRows is the size of the file the mount benchmark mounts.
const benchRows = 100_000

// benchEntry is an entry of 8 items: a USCC (the key), a name, a legal
// representative and their resident ID, a date, an integer and two
// strings.
func benchEntry(tb testing.TB) datashare.CatalogInput {
	in := bizInput(tb)
	in.Code, in.Related = "30100211450205MB0000002/000001", nil
	in.Items = []datashare.Item{
		{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true, ID: idcode.KindUSCC},
		{Name: "名称", Type: datashare.TypeString, Required: true, Length: 100},
		{Name: "法定代表人", Type: datashare.TypeString, Personal: true},
		{Name: "法定代表人身份证号", Type: datashare.TypeString, ID: idcode.KindResidentID},
		{Name: "成立日期", Type: datashare.TypeDate},
		{Name: "从业人数", Type: datashare.TypeInteger},
		{Name: "住所", Type: datashare.TypeString},
		{Name: "经营范围", Type: datashare.TypeString},
	}
	in.Key = []string{"统一社会信用代码"}
	return in
}

// benchFile returns a CSV file of n rows for benchEntry.
func benchFile(tb testing.TB, n int) []byte {
	var b bytes.Buffer
	b.WriteString("统一社会信用代码,名称,法定代表人,法定代表人身份证号,成立日期,从业人数,住所,经营范围\n")
	for i := range n {
		born := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%15000)
		fmt.Fprintf(&b, "%s,柳州市柳北区某某餐饮店%d,张%d,%s,%s,%d,柳州市柳北区胜利路%d号,\"餐饮服务；食品销售（仅销售预包装食品）\"\n",
			entityCode(tb, i), i, i, checkedResidentID(tb, fmt.Sprintf("450205%s%03d", born.Format("20060102"), i%1000)),
			born.AddDate(30, 0, 0).Format("2006/1/2"), i%500, i)
	}
	return b.Bytes()
}

// discardStore is a Store whose mount writers drop the records they are
// given: a mount over it measures the reading side alone.
type discardStore struct{ datashare.Store }

func (s discardStore) BeginMount(ctx context.Context, b datashare.Batch, events []datashare.Event) (datashare.MountWriter, error) {
	w, err := s.Store.BeginMount(ctx, b, events)
	return discardWriter{w}, err
}

type discardWriter struct{ datashare.MountWriter }

func (w discardWriter) Write(ctx context.Context, _ []datashare.Record, at time.Time) error {
	return w.MountWriter.Write(ctx, nil, at)
}

// BenchmarkService_Mount mounts a CSV file of 100,000 rows of 8 items
// into a fresh in-memory store, all or nothing, and reports rows/s and
// allocations per row. Read is the same mount over a writer that drops
// the records: how fast the reading goroutine reads, checks and encodes,
// the most a Store can be handed. ReadOnly is the baseline of the same
// run: csvimport reading the file and getting every value, with no check,
// encoding or write.
func BenchmarkService_Mount(b *testing.B) {
	file := benchFile(b, benchRows)
	b.Run("Mount", func(b *testing.B) { benchMount(b, file, false) })
	b.Run("Read", func(b *testing.B) { benchMount(b, file, true) })
	b.Run("ReadOnly", func(b *testing.B) {
		b.ReportAllocs()
		var cols csvimport.Columns
		for _, it := range benchEntry(b).Items {
			cols = append(cols, csvimport.Column{Name: it.Name})
		}
		n := 0
		for b.Loop() {
			rd, err := csvimport.NewReader(bytes.NewReader(file), cols)
			if err != nil {
				b.Fatal(err)
			}
			for row, err := range rd.Rows() {
				if err != nil || row.Errors() != nil {
					b.Fatal(err, row.Errors())
				}
				for _, c := range cols {
					_ = row.Get(c.Name)
				}
				n++
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
	})
}

// benchMount mounts file into a fresh store b.N times, over a writer that
// drops the records when discard is set.
func benchMount(b *testing.B, file []byte, discard bool) {
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	var elapsed time.Duration
	var mallocs uint64
	for b.Loop() {
		b.StopTimer()
		_, st, clock := newMountService(b)
		var store datashare.Store = st
		if discard {
			store = discardStore{st}
		}
		s := datashare.NewService(store, datashare.WithNow(clock.Now))
		c := mustPublished(b, s, benchEntry(b))
		runtime.ReadMemStats(&ms0)
		start := time.Now()
		b.StartTimer()
		res, err := s.Mount(context.Background(), actCenter(), c.Code, bytes.NewReader(file), datashare.MountOptions{})
		b.StopTimer()
		elapsed += time.Since(start)
		runtime.ReadMemStats(&ms1)
		mallocs += ms1.Mallocs - ms0.Mallocs
		if err != nil || res.Batch.Mounted != benchRows {
			b.Fatalf("mounted %+v: %v", res, err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(benchRows*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(mallocs)/float64(benchRows*b.N), "allocs/row")
}
