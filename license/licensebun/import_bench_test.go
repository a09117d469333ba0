package licensebun_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/license"
)

// The catalog of the import benchmarks: importTypes types, each claimed
// by one of importDepts departments, each with a schema of three fields
// (one required, one with a pattern, one with a code list).
const (
	importTypes = 50
	importDepts = 10
)

// importAuthority and importIssuer are the USCCs of the benchmark's
// defining authority and issuing bureau.
func importAuthority(tb testing.TB) string { return benchUSCC(tb, "11450200MB7777777") }
func importIssuer(tb testing.TB) string    { return benchUSCC(tb, "11450205MB8888888") }

func benchUSCC(tb testing.TB, body string) string {
	c, err := idcode.USCCCheck(body)
	if err != nil {
		tb.Fatal(err)
	}
	return body + string(c)
}

// importCatalog adds the benchmark catalog through s.
func importCatalog(tb testing.TB, s *license.Service) {
	tb.Helper()
	ctx := context.Background()
	center := govops.Actor{Name: "bench"}
	for i := range importTypes {
		code := fmt.Sprintf("%s%03d", importAuthority(tb), i)
		if _, err := s.AddType(ctx, center, license.TypeInput{Code: code, Name: fmt.Sprintf("证照%d", i), Authority: "柳州市",
			Level: license.LevelCity, HolderCategory: license.HolderLegal, Validity: license.Validity{MaxMonths: 60}, SingleValid: i%3 == 0}); err != nil {
			tb.Fatal(err)
		}
		if _, err := s.FileClaim(ctx, center, license.ClaimInput{Type: code, Department: fmt.Sprintf("d%02d", i%importDepts)}); err != nil {
			tb.Fatal(err)
		}
		if _, err := s.SetSchema(ctx, center, license.SchemaInput{Type: code, Fields: []license.Field{
			{Name: "企业名称", Type: license.TypeString, Required: true},
			{Name: "许可证编号", Type: license.TypeString, Pattern: `JY[0-9]{10}`},
			{Name: "主体业态", Type: license.TypeString, Codes: []string{"食品销售经营者", "餐饮服务经营者", "单位食堂"}},
		}}); err != nil {
			tb.Fatal(err)
		}
	}
}

// importRow is row i of the benchmark file, as the import reads it: a
// record with its identifier, a holder USCC and face data, all valid.
func importRow(tb testing.TB, i int) license.Record {
	typ := i % importTypes
	code := fmt.Sprintf("%s%03d", importAuthority(tb), typ)
	issued := time.Date(2022, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
	serial := fmt.Sprintf("%012d", i)
	id, err := idcode.NewLicenseID(code, importIssuer(tb), serial, "1")
	if err != nil {
		tb.Fatal(err)
	}
	return license.Record{Identifier: id, Number: fmt.Sprintf("JY%010d", i), Type: code, IssueDate: issued, ValidFrom: issued,
		ValidTo: issued.AddDate(5, 0, -1), Issuer: "柳北区市场监督管理局", IssuerCode: importIssuer(tb),
		Department: fmt.Sprintf("d%02d", typ%importDepts), Holder: fmt.Sprintf("柳州市第%d号商贸有限公司", i),
		HolderCodeType: license.CodeUSCC, HolderCode: benchUSCC(tb, fmt.Sprintf("91450200MA%07d", i%10_000_000)),
		Face:  map[string]string{"企业名称": fmt.Sprintf("柳州市第%d号商贸有限公司", i), "许可证编号": fmt.Sprintf("JY%010d", i), "主体业态": "餐饮服务经营者"},
		State: license.StateValid, Exclusive: typ%3 == 0}
}

// importFile writes n rows to a CSV file in the cache (made once per size)
// and returns its path.
func importFile(tb testing.TB, n int) string {
	tb.Helper()
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "govops-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("license-import-v1-%d.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "证照标识,证照编号,证照类型代码,颁证日期,有效期截止,颁证单位,颁证单位代码,部门编码,持证主体,持证主体代码类型,持证主体代码,照面信息")
	for i := range n {
		r := importRow(tb, i)
		face, _ := json.Marshal(r.Face)
		fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r.Identifier, r.Number, r.Type, r.IssueDate.Format(time.DateOnly),
			r.ValidTo.Format(time.DateOnly), r.Issuer, r.IssuerCode, r.Department, r.Holder, r.HolderCodeType, r.HolderCode, csvQuote(string(face)))
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// csvQuote quotes s as one CSV field.
func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// heapSampler samples the bytes of live and not yet swept heap objects
// (what runtime.MemStats.HeapAlloc reports) every 2 ms, and keeps the
// largest sample.
type heapSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Stop ends the sampling and returns the peak, in MiB.
func (h *heapSampler) Stop() float64 {
	close(h.stop)
	<-h.done
	return float64(h.peak.Load()) / (1 << 20)
}

// BenchmarkImportRecords imports benchRows records from a CSV file through
// license.Service.ImportRecords, every row checked against its type's
// schema, its holder code and its identifier by their check characters,
// into a fresh database (service); and inserts the same rows with bare
// chunked bun INSERTs, or on PostgreSQL bare COPY, in one transaction
// (raw): the baseline. Each reports rows/s; service also its ratio to raw
// and the peak heap of the import (the file is read as a stream; the
// baseline holds its rows in memory, and is not measured).
//
//	GOVOPS_BENCH_ROWS=1000000 go test -run '^$' -bench ImportRecords -benchtime 1x -timeout 60m ./license/licensebun/
func BenchmarkImportRecords(b *testing.B) {
	n := benchRows(b)
	path := importFile(b, n)
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			var rawRate float64
			b.Run("raw", func(b *testing.B) {
				rawRate = benchRaw(b, d, func() []license.Record {
					rs := make([]license.Record, n)
					at := time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC)
					for i := range rs {
						rs[i] = importRow(b, i)
						rs[i].ID, rs[i].Version, rs[i].CreatedBy, rs[i].CreatedAt, rs[i].UpdatedAt = uuid.Must(uuid.NewV7()), 1, "bench", at, at
					}
					return rs
				})
			})
			b.Run("service", func(b *testing.B) {
				var took time.Duration
				var peak float64
				for range b.N {
					b.StopTimer()
					st, _ := MustOpenStore(b, d)
					s := license.NewService(st, license.WithNow(func() time.Time { return time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC) }))
					importCatalog(b, s)
					f, err := os.Open(path)
					if err != nil {
						b.Fatal(err)
					}
					runtime.GC()
					b.StartTimer()
					h := sampleHeap()
					t0 := time.Now()
					rep, _, err := s.ImportRecords(b.Context(), govops.Actor{Name: "bench"}, f, license.ImportOptions{Mode: csvimport.AllOrNothing})
					took += time.Since(t0)
					peak = max(peak, h.Stop())
					f.Close()
					if err != nil || rep.Imported != n {
						b.Fatalf("imported %d of %d: %v (%v)", rep.Imported, n, err, rep.Errors[:min(3, len(rep.Errors))])
					}
				}
				rate := float64(n*b.N) / took.Seconds()
				b.ReportMetric(rate, "rows/s")
				b.ReportMetric(peak, "peak-heap-MiB")
				if rawRate > 0 {
					b.ReportMetric(rate/rawRate, "ratio")
				}
			})
		})
	}
}

// BenchmarkCoverage computes the coverage report through license.Service
// over 10,000 types and benchRows records (the Facts fixture), beside the
// Store's Facts alone, the read it is computed from: the difference is
// what the Service adds (the report's sums and its risk list). The target
// is under 0.5 s at 1,000,000 records.
//
//	GOVOPS_BENCH_ROWS=1000000 go test -run '^$' -bench Coverage -timeout 60m ./license/licensebun/
func BenchmarkCoverage(b *testing.B) {
	n := benchRows(b)
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st := openFacts(b, d, n)
			s := license.NewService(st)
			ctx := context.Background()
			center := govops.Actor{Name: "bench"}
			// One untimed call warms the caches, as a running server's are.
			if _, err := s.Coverage(ctx, center); err != nil {
				b.Fatal(err)
			}
			b.Run("facts", func(b *testing.B) {
				for b.Loop() {
					if _, err := st.Facts(ctx); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
			b.Run("coverage", func(b *testing.B) {
				var cv *license.Coverage
				for b.Loop() {
					var err error
					if cv, err = s.Coverage(ctx, center); err != nil {
						b.Fatal(err)
					}
				}
				if cv.Types != benchTypes || cv.Records != int64(n) {
					b.Fatalf("coverage of %d types and %d records, want %d and %d", cv.Types, cv.Records, benchTypes, n)
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
		})
	}
}
