package demo_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/demo"
)

// logProgress logs the chapter that fails, and how long it ran.
type logProgress struct{ t *testing.T }

func (logProgress) Plan([]demo.Planned) {}

func (logProgress) Step(string, int64) {}

func (p logProgress) Done(chapter string, took time.Duration, err error) {
	if err != nil {
		p.t.Logf("chapter %s failed after %v: %v", chapter, took.Round(time.Millisecond), err)
	}
}

// maxReportTime is how long the report of the full year may take.
const maxReportTime = time.Second

// TestFullYear generates the whole default year (DefaultParams(2022)) on a
// SQLite file, and on PostgreSQL too when GOVOPS_DEMO_FULL_PG=1, logs how
// long each chapter and the whole run took, builds the annual report and
// checks it against the seed document's figures: every difference
// annual.CompareSeed finds fails the test, and so does a report that took
// a second or more. It runs only with GOVOPS_DEMO_FULL=1: it takes a
// minute or more.
func TestFullYear(t *testing.T) {
	if os.Getenv("GOVOPS_DEMO_FULL") != "1" {
		t.Skip("the full 2022 year takes a minute or more: set GOVOPS_DEMO_FULL=1 to run it (and GOVOPS_DEMO_FULL_PG=1 for PostgreSQL too)")
	}
	dialects := []string{dbopen.SQLite}
	if os.Getenv("GOVOPS_DEMO_FULL_PG") == "1" {
		dialects = append(dialects, dbopen.Postgres)
	}
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			wire, svc := wireFor(t, dialect)
			workers := 1 // SQLite writes through one connection
			if dialect != dbopen.SQLite {
				workers = 8
			}
			res, err := demo.Generate(context.Background(), wire, demo.Options{Params: demo.DefaultParams(2022), Workers: workers,
				Progress: logProgress{t}})
			if err != nil {
				t.Fatal(err)
			}
			names := make([]string, 0, len(res.Took))
			for n := range res.Took {
				names = append(names, n)
			}
			slices.Sort(names)
			for _, n := range names {
				t.Logf("%s: chapter %-10s %v", dialect, n, res.Took[n].Round(time.Millisecond))
			}
			t.Logf("%s: the year generated in %v", dialect, res.Total.Round(time.Millisecond))

			t0 := time.Now()
			r := reportOf(t, svc, center, 2022)
			took := time.Since(t0)
			t.Logf("%s: the report built in %v", dialect, took.Round(time.Millisecond))
			for _, d := range annual.CompareSeed(r, annual.Seed2022) {
				t.Errorf("%s: %s", dialect, d)
			}
			checkFigures(t, res, r)
			if took >= maxReportTime {
				t.Errorf("%s: the report took %v, want under %v", dialect, took, maxReportTime)
			}
			crawl := crawlConsole(t, svc, maxPageTime)
			var slow []string
			for _, p := range crawl.slowest(5) {
				slow = append(slow, fmt.Sprintf("%s %v", p.url, p.took.Round(100*time.Microsecond)))
			}
			t.Logf("%s: the web console: %d kinds of page read; the slowest (median of 3): %s; the overview transfers %d bytes",
				dialect, len(crawl.pages), strings.Join(slow, ", "), crawl.overviewSize())
			if n := crawl.overviewSize(); n >= maxOverviewSize {
				t.Errorf("%s: the overview transfers %d bytes, want under %d", dialect, n, maxOverviewSize)
			}
		})
	}
}
