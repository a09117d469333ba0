package demo

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/sync/errgroup"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
)

// dataTestDepartments are the departments the license and data chapters
// look up, as the directory chapter names them, and two more.
var dataTestDepartments = []string{"区政务网络服务中心", "区执法局", "区征补中心", "区卫健局", "区委政法委", "区住建局",
	"区教育局", "区民政局", "区市场监管局", "区行政审批局", "区数据局", "区人社局", "区财政局"}

// newDataGen returns a generator of p over a fresh database of dialect
// ("mem" for the in-memory stores) whose directory holds
// dataTestDepartments and 跃进街道办事处, and the Services of a reader.
func newDataGen(t *testing.T, dialect string, p Params) (*Gen, refserver.Services) {
	t.Helper()
	ctx := context.Background()
	var st refserver.Stores
	if dialect == "mem" {
		st = MemStores()
	} else {
		var err error
		if st, err = BunStores(ctx, dbtest.Open(t, dialect)); err != nil {
			t.Fatal(err)
		}
	}
	wire := WireOver(st, refserver.WireConfig{HomeDistrict: "柳北区"})
	g := &Gen{P: p, wire: wire, o: Options{Params: p, Workers: 2}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	svc := refserver.Wire(st, refserver.WireConfig{HomeDistrict: "柳北区"})
	g.cal = svc.Calendar
	var ds []Dept
	in := []directory.CreateInput{{Code: "LB-YJJD", Name: "跃进街道办事处", Kind: directory.KindTownship, Zone: directory.ZoneUrban}}
	for i, n := range dataTestDepartments {
		in = append(in, directory.CreateInput{Code: fmt.Sprintf("LB-%02d", i+1), Name: n, Zone: directory.ZoneBuilding})
	}
	for _, c := range in {
		d, err := svc.Departments.Create(ctx, govops.Actor{Name: "王芳"}, c)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, Dept{Code: d.Code, Name: d.Name, Kind: d.Kind, Zone: d.Zone})
	}
	g.SetDepartments(ds)
	return g, svc
}

// runDataChapters runs the license and data chapters side by side, as
// phase 2 runs them, and returns how long each took.
func runDataChapters(t *testing.T, g *Gen) (lic, data time.Duration) {
	t.Helper()
	var eg errgroup.Group
	only := os.Getenv("GOVOPS_DEMO_ONLY")
	eg.Go(func() error {
		if only == "data" {
			return nil
		}
		t0 := time.Now()
		err := runLicense(context.Background(), g)
		lic = time.Since(t0)
		return err
	})
	eg.Go(func() error {
		if only == "license" {
			return nil
		}
		t0 := time.Now()
		err := runData(context.Background(), g)
		data = time.Since(t0)
		return err
	})
	if err := eg.Wait(); err != nil {
		t.Fatal(err)
	}
	return lic, data
}

// dataReport builds the report of year with the licenses and data section
// alone, as center staff: the other chapters have not run.
func dataReport(t *testing.T, svc refserver.Services, year int) *annual.Report {
	t.Helper()
	for _, sp := range annual.Sections() {
		if sp.Key != annual.SectionData {
			continue
		}
		s, err := sp.Build(context.Background(), svc.Annual(), govops.Actor{Name: "王芳"}, year)
		if err != nil {
			t.Fatal(err)
		}
		s.Key = sp.Key
		return &annual.Report{Year: year, Sections: []annual.Section{s}}
	}
	t.Fatal("no section " + annual.SectionData)
	return nil
}

// dataKeys are the figures of the chapters.
var dataKeys = []string{annual.KeyLicenseTypesTemplated, annual.KeyLicenseRecords, annual.KeyDataRecords,
	annual.KeyStructuredShared, annual.KeyStructuredTotal, annual.KeyShareRatio}

// checkDataFigures fails t for every figure of the chapters the report
// does not count as generated, or that want does not give.
func checkDataFigures(t *testing.T, g *Gen, svc refserver.Services, want map[string]string) {
	t.Helper()
	r := dataReport(t, svc, g.P.Year)
	figs := g.Figures()
	for _, k := range dataKeys {
		f, ok := r.Figure(k)
		if !ok {
			t.Errorf("%s: missing from the report", k)
			continue
		}
		if !f.Value.Equal(figs[k]) {
			t.Errorf("%s: report %s, generated %s", k, f.Value, figs[k])
		}
		if w, ok := want[k]; ok && !f.Value.Equal(decimal.RequireFromString(w)) {
			t.Errorf("%s: %s, want %s", k, f.Value, w)
		}
	}
	for _, s := range r.Sections {
		if s.Key == annual.SectionData {
			t.Logf("%s\n%v", s.Text, s.Notes)
		}
	}
}

// TestDataChapters_Scaled generates the license and data chapters of a
// scaled year and checks that the report counts what they made.
func TestDataChapters_Scaled(t *testing.T) {
	for _, dialect := range []string{"mem", "sqlite"} {
		t.Run(dialect, func(t *testing.T) {
			p := DefaultParams(2022).Scaled(0.02)
			g, svc := newDataGen(t, dialect, p)
			runDataChapters(t, g)
			checkDataFigures(t, g, svc, map[string]string{
				annual.KeyLicenseTypesTemplated: "46", annual.KeyLicenseRecords: strconv.Itoa(p.LicenseRecords),
				annual.KeyDataRecords: strconv.Itoa(p.DataRecords), annual.KeyStructuredShared: "58",
				annual.KeyStructuredTotal: "66", annual.KeyShareRatio: "87.88"})
		})
	}
}

// TestDataChapters_FullYear generates the chapters of the default year on
// SQLite and logs how long each took. It runs when GOVOPS_DEMO_FULL is
// set.
func TestDataChapters_FullYear(t *testing.T) {
	if os.Getenv("GOVOPS_DEMO_FULL") == "" {
		t.Skip("set GOVOPS_DEMO_FULL=1 to generate the full year")
	}
	dialect := os.Getenv("GOVOPS_DEMO_DIALECT")
	if dialect == "" {
		dialect = "sqlite"
	}
	g, svc := newDataGen(t, dialect, DefaultParams(2022))
	lic, data := runDataChapters(t, g)
	t.Logf("license %v, data %v", lic, data)
	t0 := time.Now()
	checkDataFigures(t, g, svc, map[string]string{
		annual.KeyLicenseTypesTemplated: "46", annual.KeyLicenseRecords: "850", annual.KeyDataRecords: "699735",
		annual.KeyStructuredShared: "58", annual.KeyStructuredTotal: "66", annual.KeyShareRatio: "87.88"})
	t.Logf("report %v", time.Since(t0))
}

// TestDataChapters_Append runs the chapters twice over one database, the
// second time adding to it: what exists under the chapters' codes is
// reused, and the records are added.
func TestDataChapters_Append(t *testing.T) {
	p := DefaultParams(2022).Scaled(0.005)
	g, svc := newDataGen(t, "mem", p)
	runDataChapters(t, g)
	first := g.Figures()
	g.o.Append = true
	runDataChapters(t, g)
	r := dataReport(t, svc, 2022)
	for k, want := range map[string]decimal.Decimal{
		annual.KeyLicenseTypesTemplated: first[annual.KeyLicenseTypesTemplated],
		annual.KeyStructuredTotal:       first[annual.KeyStructuredTotal],
		annual.KeyDataRecords:           first[annual.KeyDataRecords].Mul(decimal.NewFromInt(2)),
	} {
		if f, _ := r.Figure(k); !f.Value.Equal(want) {
			t.Errorf("%s after the second run: %s, want %s", k, f.Value, want)
		}
	}
}
