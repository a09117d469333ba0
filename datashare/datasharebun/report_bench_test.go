package datasharebun_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/storetest"
	"github.com/govops-kit/govops/internal/dbtest"
)

// reportRowsEnv sizes BenchmarkReports: the records mounted across its 66
// entries (GOVOPS_BENCH_REPORT_ROWS=10000000 for the figure).
const reportRowsEnv = "GOVOPS_BENCH_REPORT_ROWS"

// BenchmarkReports mounts reportRowsEnv records (66,000 unless set)
// across 66 published structured entries, 58 of them shared, one batch
// each, written through the Store's writer outside the clock; then times
// Service.Metrics and Service.Quality over them beside a baseline in the
// same run, count: SELECT COUNT(*) over the records table, the least a
// report that read the records would cost. The metrics and quality read
// the entries and their batches only (each batch carries its counts), so
// their time stays flat as the records grow, while count's does not.
func BenchmarkReports(b *testing.B) {
	n := 66_000
	if v := os.Getenv(reportRowsEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 66 {
			b.Fatalf("%s=%q: want a number of records, at least 66", reportRowsEnv, v)
		}
	}
	for _, d := range benchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := MustOpenStore(b, d)
			ctx := b.Context()
			t0 := time.Now()
			for i := range 66 {
				c := storetest.BenchCatalog(b, fmt.Sprintf("301%02d1/%06d", i%100, i+1))
				if i >= 58 {
					c.ShareType = datashare.ShareNone
				}
				if i%2 == 1 {
					c.Format = datashare.FormatSpreadsheet
				}
				if err := st.CreateCatalogs(ctx, []datashare.Catalog{c}, nil); err != nil {
					b.Fatal(err)
				}
				per := n / 66
				if i == 65 {
					per = n - 65*(n/66)
				}
				batch := storetest.BenchBatch(b, &c, time.Now())
				w, err := st.BeginMount(ctx, batch, nil)
				if err != nil {
					b.Fatal(err)
				}
				for line := 0; line < per; line += 50_000 {
					rs := storetest.BenchRecords(c.ID, batch.ID, min(50_000, per-line))
					for j := range rs {
						rs[j].Line += int64(line)
					}
					for j := 0; j < len(rs); j += storetest.BenchChunk {
						if err := w.Write(ctx, rs[j:min(j+storetest.BenchChunk, len(rs))], batch.TouchedAt); err != nil {
							b.Fatal(err)
						}
					}
				}
				next := batch
				next.Status, next.Version, next.FinishedAt = datashare.BatchCommitted, 2, time.Now().UTC()
				next.Rows, next.Mounted = int64(per), int64(per)
				if err := w.Commit(ctx, &next, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: %d records mounted across 66 entries in %s", d, n, time.Since(t0).Round(time.Second))
			s := datashare.NewService(st)
			b.Run("metrics", func(b *testing.B) {
				for b.Loop() {
					m, err := s.Metrics(ctx, mountCenter, datashare.MetricsQuery{})
					if err != nil || m.Records != int64(n) || m.ShareRatio.String() != "87.88%" {
						b.Fatalf("metrics: %d records, ratio %s, %v; want %d, 87.88%%", m.Records, m.ShareRatio, err, n)
					}
				}
			})
			b.Run("quality", func(b *testing.B) {
				for b.Loop() {
					q, err := s.Quality(ctx, mountCenter, datashare.QualityQuery{})
					if err != nil || q.Catalogs != 66 {
						b.Fatalf("quality: %d entries, %v; want 66", q.Catalogs, err)
					}
				}
			})
			b.Run("count", func(b *testing.B) {
				for b.Loop() {
					var got int
					if err := db.NewRaw("SELECT COUNT(*) FROM datashare_records").Scan(ctx, &got); err != nil || got != n {
						b.Fatalf("count = %d, %v; want %d", got, err, n)
					}
				}
			})
		})
	}
}
