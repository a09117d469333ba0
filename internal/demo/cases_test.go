package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
)

// casesUnits is a directory for the chapter alone: the units the year
// deducts from, the ones the topics route to, and townships.
func casesUnits() []Dept {
	d := func(code, name string, k directory.Kind) Dept {
		return Dept{Code: code, Name: name, Kind: k, Zone: directory.ZoneUrban}
	}
	dep, town := directory.KindDepartment, directory.KindTownship
	return []Dept{
		d("zwwl", "区政务网络服务中心", dep), d("zhifa", "区执法局", dep), d("zhujian", "区住建局", dep),
		d("zhengbu", "区征补中心", dep), d("renshe", "区人社局", dep), d("shijian", "区市场监管局", dep),
		d("weijian", "区卫健局", dep), d("jiaoyu", "区教育局", dep), d("minzheng", "区民政局", dep),
		d("yuejin", "跃进街道办事处", town), d("jiefang", "解放街道办事处", town), d("queershan", "雀儿山街道办事处", town),
		d("shengli", "胜利街道办事处", town), d("jinxiu", "锦绣街道办事处", town), d("baihu", "白露街道办事处", town),
		d("shatang", "沙塘镇人民政府", town), d("changtang", "长塘镇人民政府", town),
		d("jfxx", "柳北区解放小学", dep),
	}
}

// casesGenOver returns a generator over st whose directory holds
// casesUnits, made through the directory Service.
func casesGenOver(t testing.TB, st refserver.Stores, p Params) (*Gen, refserver.Services) {
	t.Helper()
	wire := WireOver(st, refserver.WireConfig{HomeDistrict: "柳北区"})
	g := &Gen{P: p, wire: wire, o: Options{Params: p, Workers: 1}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	svc := wire(func() time.Time { return time.Date(p.Year, 1, 1, 7, 0, 0, 0, Shanghai) })
	g.cal = svc.Calendar
	units := casesUnits()
	for _, u := range units {
		if _, err := svc.Departments.Create(context.Background(), govops.Actor{Name: "王芳"},
			directory.CreateInput{Code: u.Code, Name: u.Name, Kind: u.Kind, Zone: u.Zone}); err != nil {
			t.Fatal(err)
		}
	}
	g.SetDepartments(units)
	return g, refserver.Wire(st, refserver.WireConfig{HomeDistrict: "柳北区"})
}

// stepCounter counts the steps reported.
type stepCounter struct{ n atomic.Int64 }

func (*stepCounter) Plan([]Planned)                    {}
func (c *stepCounter) Step(_ string, n int64)          { c.n.Add(n) }
func (*stepCounter) Done(string, time.Duration, error) {}

// casesKeys are the figures the chapter makes.
var casesKeys = []string{annual.KeyCasesTotal, annual.KeyCasesHotline, annual.KeyCasesPlatformOps, annual.KeyCasesSupervision,
	annual.KeySatisfaction, annual.KeyDeducted, annual.KeyDeductedUnits, annual.KeyRank, annual.KeyResponseRate}

// checkCases fails t for every figure of the chapter the report does not
// count as generated.
func checkCases(t *testing.T, g *Gen, svc refserver.Services) *annual.Report {
	t.Helper()
	r, err := annual.Build(context.Background(), svc.Annual(), govops.Actor{Name: "王芳"}, g.P.Year)
	if err != nil {
		t.Fatal(err)
	}
	figs, mine := g.Figures(), map[string]decimal.Decimal{}
	for _, k := range casesKeys {
		want, ok := figs[k]
		if !ok {
			t.Errorf("%s: not generated", k)
			continue
		}
		mine[k] = want
	}
	for _, d := range annual.CompareFigures(r, mine) {
		t.Error(d)
	}
	return r
}

// TestCasesChapter runs the chapter over a small year in memory and checks
// that the report counts what it made.
func TestCasesChapter(t *testing.T) {
	p := DefaultParams(2022).Scaled(0.02)
	g, svc := casesGenOver(t, MemStores(), p)
	steps := &stepCounter{}
	g.o.Progress = steps
	if err := runCases(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	if got, want := steps.n.Load(), casesSteps(p); got != want {
		t.Errorf("the chapter reported %d steps, planned %d", got, want)
	}
	r := checkCases(t, g, svc)
	st, err := svc.Cases.Stats(context.Background(), govops.Actor{Name: "王芳"}, govcase.StatsFilter{Year: 2022, Department: "jfxx"})
	if err != nil || st.Total != 0 {
		t.Errorf("a school got %d cases (%v), want none", st.Total, err)
	}
	if got := g.Figures()[annual.KeyCasesHotline]; !got.Equal(decimal.NewFromInt(int64(p.HotlineCases))) {
		t.Errorf("hotline cases %s, want %d", got, p.HotlineCases)
	}
	for _, k := range []string{annual.KeyDeducted, annual.KeyDeductedUnits, annual.KeyRank, annual.KeyResponseRate} {
		f, _ := r.Figure(k)
		if !f.Value.Equal(decimal.RequireFromString(annual.Seed2022[k])) {
			t.Errorf("%s = %s, want the seed's %s", k, f.Value, annual.Seed2022[k])
		}
	}
}

// TestCasesChapterFullYear runs the chapter over the default year on a
// SQLite file, checks the seed's figures and reports the time it took.
// It takes about two minutes on SQLite: set GOVOPS_DEMO_CASES=1 to run it.
func TestCasesChapterFullYear(t *testing.T) {
	if os.Getenv("GOVOPS_DEMO_CASES") == "" {
		t.Skip("set GOVOPS_DEMO_CASES=1 to generate the chapter's full year")
	}
	dialect := os.Getenv("GOVOPS_DEMO_DIALECT")
	var st refserver.Stores
	var err error
	if dialect == "" || dialect == "sqlite" {
		db, err := dbopen.Open(filepath.Join(t.TempDir(), "govops.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		st, err = BunStores(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
	} else {
		st, err = BunStores(context.Background(), dbtest.Open(t, dialect))
		if err != nil {
			t.Fatal(err)
		}
	}
	p := DefaultParams(2022)
	if f := os.Getenv("GOVOPS_DEMO_SCALE"); f != "" {
		var x float64
		fmt.Sscan(f, &x)
		p = p.Scaled(x)
	}
	g, svc := casesGenOver(t, st, p)
	if w := os.Getenv("GOVOPS_DEMO_WORKERS"); w != "" {
		fmt.Sscan(w, &g.o.Workers)
	}
	t0 := time.Now()
	if err := runCases(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	t1 := time.Now()
	r := checkCases(t, g, svc)
	t.Logf("cases chapter: %s; report: %s", took.Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
	if os.Getenv("GOVOPS_DEMO_SCALE") == "" {
		seed := map[string]string{}
		for _, k := range casesKeys {
			if k != annual.KeyCasesTotal { // the other chapters' cases are not made here
				seed[k] = annual.Seed2022[k]
			}
		}
		for _, line := range annual.CompareSeed(r, seed) {
			t.Error(line)
		}
	}
	for _, s := range r.Sections {
		if s.Key == annual.SectionCommand || s.Key == annual.SectionHotline {
			t.Logf("%s: %s %v", s.Title, s.Text, s.Notes)
		}
	}
}

// TestCasesChapterWorkers runs the chapter on several workers: the figures
// are those of one worker, and the report still counts them.
func TestCasesChapterWorkers(t *testing.T) {
	p := DefaultParams(2022).Scaled(0.01)
	one, _ := casesGenOver(t, MemStores(), p)
	if err := runCases(context.Background(), one); err != nil {
		t.Fatal(err)
	}
	many, svc := casesGenOver(t, MemStores(), p)
	many.o.Workers = 3
	if err := runCases(context.Background(), many); err != nil {
		t.Fatal(err)
	}
	checkCases(t, many, svc)
	a, b := one.Figures(), many.Figures()
	for _, k := range casesKeys {
		if !a[k].Equal(b[k]) {
			t.Errorf("%s: one worker %s, three %s", k, a[k], b[k])
		}
	}
}

// TestCasesChapterAppend runs the chapter twice over one database: the
// second run, told to add, reuses the routing rules and does not fail.
func TestCasesChapterAppend(t *testing.T) {
	st := MemStores()
	p := DefaultParams(2022).Scaled(0.005)
	g, svc := casesGenOver(t, st, p)
	if err := runCases(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	again := &Gen{P: p, wire: g.wire, o: Options{Params: p, Workers: 1, Append: true}, cal: g.cal,
		figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	again.SetDepartments(g.Departments())
	if err := runCases(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	rules, err := svc.Cases.RoutingRules(context.Background(), govops.Actor{Name: "王芳"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != countRouted(t, g) {
		t.Errorf("%d routing rules after two runs, want each once", len(rules))
	}
}

// countRouted returns how many routed topics have a handler that is not a
// township in the test directory.
func countRouted(t *testing.T, g *Gen) int {
	t.Helper()
	cg, err := newCasesGen(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tp := range hotlineTopics() {
		if tp.routed && cg.handler(tp, "").Kind != directory.KindTownship {
			n++
		}
	}
	return n
}
