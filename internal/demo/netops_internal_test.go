package demo

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
)

// TestNetopsChapters runs the directory, netops and itops chapters alone
// and checks the report's extranet and itops sections count what they
// made. GOVOPS_DEMO_NETOPS_DIALECT picks the database (mem by default) and
// GOVOPS_DEMO_NETOPS_SCALE the share of the year (0.02 by default).
func TestNetopsChapters(t *testing.T) {
	dialect := os.Getenv("GOVOPS_DEMO_NETOPS_DIALECT")
	st := MemStores()
	if dialect != "" && dialect != "mem" {
		var err error
		st, err = BunStores(context.Background(), dbtest.Open(t, dialect))
		if err != nil {
			t.Fatal(err)
		}
	}
	scale := 0.02
	if f, err := strconv.ParseFloat(os.Getenv("GOVOPS_DEMO_NETOPS_SCALE"), 64); err == nil && f > 0 && f <= 1 {
		scale = f
	}
	cfg := refserver.WireConfig{HomeDistrict: "柳北区"}
	wire := WireOver(st, cfg)
	p := DefaultParams(2022).Scaled(scale)
	g := &Gen{P: p, wire: wire, o: Options{Workers: workersFromEnv()}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	g.cal = wire(time.Now).Calendar
	ctx := context.Background()
	for _, c := range []struct {
		name string
		run  func(context.Context, *Gen) error
	}{{"directory", runDirectory}, {"netops", runNetops}, {"itops", runITOps}} {
		t0 := time.Now()
		if err := c.run(ctx, g); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%s: %v", c.name, time.Since(t0))
	}
	t0 := time.Now()
	r, err := annual.Build(ctx, refserver.Wire(st, cfg).Annual(), netCenter, 2022)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("report: %v", time.Since(t0))
	for _, s := range r.Sections {
		if s.Key == annual.SectionExtranet || s.Key == annual.SectionITOps {
			t.Logf("%s: %s %v", s.Title, s.Text, s.Notes)
		}
	}
	figs := g.Figures()
	for k := range figs {
		if strings.HasPrefix(k, "cases.") {
			delete(figs, k) // the command section's
		}
	}
	for _, d := range annual.CompareFigures(r, figs) {
		t.Error(d)
	}
	if scale == 1 {
		for k, v := range g.Figures() {
			if s, ok := annual.Seed2022[k]; ok && s != "" && !strings.HasPrefix(k, "cases.") && !decimal.RequireFromString(s).Equal(v) {
				t.Errorf("%s: %s, the seed says %s", k, v, s)
			}
		}
	}
}

func workersFromEnv() int {
	if n, err := strconv.Atoi(os.Getenv("GOVOPS_DEMO_NETOPS_WORKERS")); err == nil && n > 0 {
		return n
	}
	return 4
}

// TestNetopsChaptersAppend runs the directory, netops and itops chapters
// twice over one database, the second time adding to what the first made.
func TestNetopsChaptersAppend(t *testing.T) {
	st := MemStores()
	wire := WireOver(st, refserver.WireConfig{HomeDistrict: "柳北区"})
	p := DefaultParams(2022).Scaled(0.005)
	for run, add := range []bool{false, true} {
		g := &Gen{P: p, wire: wire, o: Options{Workers: 2, Append: add}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
		g.cal = wire(time.Now).Calendar
		for _, c := range []struct {
			name string
			run  func(context.Context, *Gen) error
		}{{"directory", runDirectory}, {"netops", runNetops}, {"itops", runITOps}} {
			if err := c.run(context.Background(), g); err != nil {
				t.Fatalf("run %d: %s: %v", run+1, c.name, err)
			}
		}
		if len(g.Departments()) != p.Departments+p.Communities {
			t.Errorf("run %d: %d departments, want %d", run+1, len(g.Departments()), p.Departments+p.Communities)
		}
	}
}
