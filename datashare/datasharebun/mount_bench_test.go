package datasharebun_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/datashare/storetest"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/internal/dbtest"
)

// mountCenter is who mounts in the benchmark and the crash test.
var mountCenter = govops.Actor{Name: "中心-数据组"}

// mountEntry is the entry the benchmark and the crash test mount into: a
// market entity register of 8 items, keyed by USCC, with a resident ID.
func mountEntry(tb testing.TB) datashare.CatalogInput {
	tb.Helper()
	provider := checked(tb, idcode.USCCCheck, "11450205MB0000002")
	return datashare.CatalogInput{
		Code: "301001/000001", Name: "市场主体登记信息", Department: "scjgj", Provider: "柳北区市场监督管理局",
		ProviderCode: provider, Summary: "辖区市场主体的登记信息", Format: datashare.FormatDatabase, SubFormat: "mysql",
		Items: []datashare.Item{
			{Name: "统一社会信用代码", Type: datashare.TypeString, Required: true, ID: idcode.KindUSCC},
			{Name: "名称", Type: datashare.TypeString, Required: true, Length: 100},
			{Name: "法定代表人", Type: datashare.TypeString, Personal: true},
			{Name: "法定代表人身份证号", Type: datashare.TypeString, ID: idcode.KindResidentID},
			{Name: "成立日期", Type: datashare.TypeDate},
			{Name: "从业人数", Type: datashare.TypeInteger},
			{Name: "住所", Type: datashare.TypeString},
			{Name: "经营范围", Type: datashare.TypeString},
		},
		Key:       []string{"统一社会信用代码"},
		ShareType: datashare.ShareUnconditional, ShareMethod: datashare.MethodDatabase,
		Open: datashare.OpenNone, Cycle: datashare.CycleDaily,
	}
}

// checked completes body with the check character check computes.
func checked(tb testing.TB, check func(string) (byte, error), body string) string {
	c, err := check(body)
	if err != nil {
		tb.Fatal(err)
	}
	return body + string(c)
}

// mountHeader is the header of a file for mountEntry.
const mountHeader = "统一社会信用代码,名称,法定代表人,法定代表人身份证号,成立日期,从业人数,住所,经营范围\n"

// mountRow appends row i of a file for mountEntry to b: every row is
// good, and its USCC and resident ID are its own.
func mountRow(tb testing.TB, b *bytes.Buffer, i int) {
	born := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%25000)
	fmt.Fprintf(b, "%s,柳州市柳北区某某餐饮店%d,张%d,%s,%s,%d,柳州市柳北区胜利路%d号,餐饮服务；食品销售\n",
		checked(tb, idcode.USCCCheck, fmt.Sprintf("92450205MA%07d", i%10_000_000)), i, i,
		checked(tb, idcode.ResidentIDCheck, fmt.Sprintf("450205%s%03d", born.Format("20060102"), (i/25000)%1000)),
		born.AddDate(25, 0, 0).Format("2006/1/2"), i%500, i%3000+1)
}

// mountFile is a file of n rows for mountEntry.
func mountFile(tb testing.TB, n int) []byte {
	var b bytes.Buffer
	b.WriteString(mountHeader)
	for i := range n {
		mountRow(tb, &b, i)
	}
	return b.Bytes()
}

// newMountService returns a Service over st with mountEntry published.
func newMountService(tb testing.TB, st datashare.Store) (*datashare.Service, *datashare.Catalog) {
	tb.Helper()
	s := datashare.NewService(st)
	c, err := s.CreateCatalog(tb.Context(), mountCenter, mountEntry(tb))
	if err != nil {
		tb.Fatal(err)
	}
	if c, err = s.PublishCatalog(tb.Context(), mountCenter, c.Code, c.Version); err != nil {
		tb.Fatal(err)
	}
	return s, c
}

// BenchmarkMount mounts a CSV file of storetest.BenchRows rows of 8
// items (GOVOPS_BENCH_ROWS=699735 for the seed's year) through the
// Service, validation and identifier checks included, into a fresh
// database of each dialect (service); and, in the same iteration, writes
// the very records that mount produces into the same table of another
// fresh database with no Service and no adapter (raw: on SQLite bare bun
// multi-row INSERTs, one transaction a chunk; on PostgreSQL one bare
// COPY; on MySQL bare multi-row INSERTs). Each reports rows/s, and
// service its ratio to raw: the goal is at least 0.8.
func BenchmarkMount(b *testing.B) {
	n := storetest.BenchRows(b)
	file := mountFile(b, n)
	// The records the mount writes, as the Service encodes them: mounted
	// once into memory, outside the clock.
	mem := datasharemem.New()
	ms, mc := newMountService(b, mem)
	res, err := ms.Mount(b.Context(), mountCenter, mc.Code, bytes.NewReader(file), datashare.MountOptions{})
	if err != nil || res.Report.Imported != n {
		b.Fatalf("mount into memory: %v (%d of %d rows)", err, res.Report.Imported, n)
	}
	recs, err := mem.Records(b.Context(), mc.ID, datashare.RecordKey{}, 0)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range benchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			var serviceTook, rawTook time.Duration
			for range b.N {
				b.StopTimer()
				st, _ := MustOpenStore(b, d)
				s, c := newMountService(b, st)
				rawSt, rawDB := MustOpenStore(b, d)
				_, rc := newMountService(b, rawSt)
				batch := uuid.Must(uuid.NewV7())
				if _, err := rawSt.BeginMount(b.Context(), datashare.Batch{ID: batch, Catalog: rc.ID, CatalogCode: rc.Code,
					Status: datashare.BatchLoading, StartedAt: time.Now().UTC(), TouchedAt: time.Now().UTC(), Version: 1}, nil); err != nil {
					b.Fatal(err)
				}
				rs := make([]datashare.Record, len(recs))
				for i, r := range recs {
					r.Catalog, r.Batch = rc.ID, batch
					rs[i] = r
				}
				rows := datasharebun.RecordRowsForTest(rs)
				runtime.GC()
				b.StartTimer()

				t0 := time.Now()
				if err := rawInsert(context.Background(), rawDB, rows, len(rows)); err != nil {
					b.Fatalf("raw: %v", err)
				}
				t1 := time.Now()
				res, err := s.Mount(b.Context(), mountCenter, c.Code, bytes.NewReader(file), datashare.MountOptions{})
				if err != nil || res.Report.Imported != n {
					b.Fatalf("mount: %v (%d of %d rows)", err, res.Report.Imported, n)
				}
				t2 := time.Now()
				rawTook += t1.Sub(t0)
				serviceTook += t2.Sub(t1)
			}
			rows := float64(n * b.N)
			b.ReportMetric(rows/serviceTook.Seconds(), "service-rows/s")
			b.ReportMetric(rows/rawTook.Seconds(), "raw-rows/s")
			b.ReportMetric(rawTook.Seconds()/serviceTook.Seconds(), "service/raw")
			b.ReportMetric(serviceTook.Seconds()/float64(b.N), "service-s/mount")
		})
	}
}
