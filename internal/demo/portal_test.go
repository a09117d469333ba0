package demo

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver"
)

// portalTestDeptList is a small directory for the portal chapter alone.
func portalTestDeptList() []Dept {
	names := []string{"区人民政府办公室", "区教育局", "区卫生健康局", "区司法局", "区市场监督管理局", "区应急管理局", "区人力资源和社会保障局",
		"区文化广电体育和旅游局", "区行政审批局", "区执法局", "区财政局", "区民政局", "区住房和城乡建设局", "区农业农村局", "区商务局",
		"区统计局", "区自然资源局", "区生态环境局", "区水利局", "区医疗保障局", "区退役军人事务局", "区交通运输局",
		"区发展和改革局", "区科技和工业信息化局", "区审计局", "区林业局", "区信访局", "区档案局", "区机关事务管理局", "区粮食局",
		"区投资促进局", "区城市管理局", "区公共资源交易中心", "区征补中心", "区政务服务中心", "区残联", "区妇联", "区团委",
		"区总工会", "区科协", "区工商联", "区红十字会", "区气象局", "区消防救援大队", "区税务局"}
	var ds []Dept
	for i, n := range names {
		ds = append(ds, Dept{Code: fmt.Sprintf("D%03d", i+1), Name: n, Kind: directory.KindDepartment, Zone: directory.ZoneBuilding})
	}
	for i, n := range []string{"跃进街道办事处", "雅儒街道办事处", "解放街道办事处", "胜利街道办事处", "石碑坪镇", "沙塘镇", "长塘镇", "白露街道办事处", "钢城街道办事处"} {
		ds = append(ds, Dept{Code: fmt.Sprintf("T%03d", i+1), Name: n, Kind: directory.KindTownship, Zone: directory.ZoneUrban})
	}
	return ds
}

// portalTestDepts makes the small directory through the directory Service.
func portalTestDepts(t *testing.T, g *Gen) {
	t.Helper()
	svc := g.Services(NewClock(time.Date(g.P.Year-1, 12, 1, 9, 0, 0, 0, Shanghai)))
	ds := portalTestDeptList()
	for _, d := range ds {
		if _, err := svc.Departments.Create(context.Background(), govops.Actor{Name: "王芳"}, directory.CreateInput{Code: d.Code, Name: d.Name, Kind: d.Kind, Zone: d.Zone}); err != nil {
			t.Fatal(err)
		}
	}
	g.SetDepartments(ds)
}

// runPortalAlone runs the portal chapter alone over dialect, the cases on
// workers, and checks the report's figures against the generator's.
func runPortalAlone(t *testing.T, dialect string, p Params, workers int) {
	var st refserver.Stores
	if dialect == "mem" {
		st = MemStores()
	} else {
		db := dbtest.Open(t, dialect)
		var err error
		if st, err = BunStores(context.Background(), db); err != nil {
			t.Fatal(err)
		}
	}
	cfg := refserver.WireConfig{HomeDistrict: "柳北区"}
	g := &Gen{P: p, wire: WireOver(st, cfg), o: Options{Workers: workers}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	g.cal = g.wire(time.Now).Cases.Calendar()
	portalTestDepts(t, g)
	portalTrace = func(took map[string]time.Duration, rescued int, urged int64) {
		t.Logf("took %v; %d stale columns found updated, %d urged", took, rescued, urged)
	}
	defer func() { portalTrace = nil }()
	t0 := time.Now()
	if err := runPortal(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	t.Logf("portal chapter on %s: %s", dialect, time.Since(t0))
	svc := refserver.Wire(st, cfg)
	t1 := time.Now()
	r, err := annual.Build(context.Background(), svc.Annual(), govops.Actor{Name: "王芳"}, p.Year)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the report on %s: %s", dialect, time.Since(t1))
	figs := g.Figures()
	delete(figs, annual.KeyCasesTotal) // the command section's
	delete(figs, annual.KeyCasesPortal)
	for _, d := range annual.CompareFigures(r, figs) {
		t.Error(d)
	}
	// A few columns are stale at the year's end.
	stale := 0
	for _, site := range []string{portalSite, eduSite, healthSite} {
		pg, err := svc.Portal.Columns(context.Background(), govops.Actor{Name: "王芳"}, portal.ColumnListInput{Site: site, Stale: true,
			At: time.Date(p.Year, 12, 31, 23, 0, 0, 0, Shanghai), Limit: govops.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		stale += len(pg.Items)
	}
	t.Logf("%d columns stale at the year's end", stale)
	// The portal's cases, every one closed.
	var cases, closed int64
	in := govcase.ListInput{Filter: govcase.Filter{Kinds: []govcase.Kind{govcase.KindPortal}}, Limit: govops.MaxPageSize}
	for {
		pg, err := svc.Cases.List(context.Background(), govops.Actor{Name: "王芳"}, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range pg.Items {
			cases++
			if c.Status == govcase.StatusClosed {
				closed++
			}
		}
		if pg.Next == "" {
			break
		}
		in.Cursor = pg.Next
	}
	if want := g.Figures()[annual.KeyCasesPortal]; !want.Equal(decimal.NewFromInt(cases)) || closed != cases {
		t.Errorf("portal cases: %d (%d closed), generated %s", cases, closed, want)
	}
	for _, s := range r.Sections {
		if s.Key == annual.SectionPortal {
			t.Log(s.Text)
		}
	}
}

func TestPortalChapterScaled(t *testing.T) {
	runPortalAlone(t, "sqlite", DefaultParams(2022).Scaled(0.02), 3)
}

// TestPortalChapterFull runs the full portal year alone on the database
// GOVOPS_DEMO_FULL names (sqlite, pg or mysql).
func TestPortalChapterFull(t *testing.T) {
	dialect := os.Getenv("GOVOPS_DEMO_FULL")
	if dialect == "" {
		t.Skip("set GOVOPS_DEMO_FULL=sqlite (or pg, mysql) to run the full portal year")
	}
	runPortalAlone(t, dialect, DefaultParams(2022), 4)
}

// TestPortalChapterAppends runs the chapter twice over one database, the
// second time adding to what the first made.
func TestPortalChapterAppends(t *testing.T) {
	st := MemStores()
	cfg := refserver.WireConfig{HomeDistrict: "柳北区"}
	p := DefaultParams(2022).Scaled(0.01)
	for run, add := range []bool{false, true} {
		g := &Gen{P: p, wire: WireOver(st, cfg), o: Options{Workers: 1, Append: add}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
		g.cal = g.wire(time.Now).Cases.Calendar()
		if run == 0 {
			portalTestDepts(t, g)
		} else {
			g.SetDepartments(portalTestDeptList())
		}
		if err := runPortal(context.Background(), g); err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
	}
}
