package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
)

// BenchmarkOverview_FullYear serves the overview and the annual report
// page over the whole default demo year (DefaultParams(2022): 18,870 cases,
// ~700k data records) on SQLite, as an admin, beside annual.Build alone. The year is generated once
// and cached under os.TempDir(); it takes a minute or more, so the
// benchmark runs only with GOVOPS_CONSOLE_FULL=1.
func BenchmarkOverview_FullYear(b *testing.B) {
	if os.Getenv("GOVOPS_CONSOLE_FULL") != "1" {
		b.Skip("the full 2022 year takes a minute or more to build: set GOVOPS_CONSOLE_FULL=1")
	}
	ctx := context.Background()
	cfg := refserver.WireConfig{HomeDistrict: "柳北区"}
	db := dbtest.CachedSQLite(b, "govops-console-full-2022-v1.db", func(db *bun.DB) {
		st, err := demo.BunStores(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := demo.Generate(ctx, demo.WireOver(st, cfg), demo.Options{Params: demo.DefaultParams(2022), Workers: 1}); err != nil {
			b.Fatal(err)
		}
	})
	st, err := demo.BunStores(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	cal, err := govops.NewCalendar(govops.CalendarConfig{})
	if err != nil {
		b.Fatal(err)
	}
	cfg.Calendar = cal
	svc := demo.WireOver(st, cfg)(time.Now)
	srv, err := refserver.New(refserver.Config{Logger: quietLog()}, svc)
	if err != nil {
		b.Fatal(err)
	}
	_, admin, err := srv.Registry().IssueToken(ctx, refserver.TokenInput{Name: "基准测试", Role: refserver.RoleAdmin})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	br := signedIn(b, &site{URL: hs.URL}, admin)
	// The baseline, in the same run (these machines are noisy): the whole
	// report alone, which the overview must not take much longer than.
	b.Run("annual.Build", func(b *testing.B) {
		for b.Loop() {
			if _, err := annual.Build(ctx, svc.Annual(), govops.Actor{Name: "基准测试"}, 2022); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, p := range []string{"/", "/?year=2022", "/report?year=2022"} {
		b.Run(p, func(b *testing.B) {
			size := 0
			for b.Loop() {
				st, body := br.get(p)
				if st != http.StatusOK {
					b.Fatalf("status %d:\n%s", st, clip(body))
				}
				size = len(body)
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}
