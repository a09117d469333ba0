package demo_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
	"github.com/shopspring/decimal"
)

// center is the actor the report is read as in the tests.
var center = govops.Actor{Name: "王芳"}

// testScale is the share of the 2022 year the scaled tests generate.
const testScale = 0.02

// wireFor returns a Wire over a fresh database of dialect ("mem" for the
// in-memory stores) and the Services of a reader on the real clock.
func wireFor(t *testing.T, dialect string) (demo.Wire, refserver.Services) {
	t.Helper()
	var st refserver.Stores
	if dialect == "mem" {
		st = demo.MemStores()
	} else {
		db := dbtest.Open(t, dialect)
		var err error
		st, err = demo.BunStores(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
	}
	w := demo.WireOver(st, refserver.WireConfig{HomeDistrict: "柳北区"})
	return w, refserver.Wire(st, refserver.WireConfig{HomeDistrict: "柳北区"})
}

// reportOf builds the annual report of year over svc as by.
func reportOf(t *testing.T, svc refserver.Services, by govops.Actor, year int) *annual.Report {
	t.Helper()
	r, err := annual.Build(context.Background(), svc.Annual(), by, year)
	if err != nil {
		t.Fatalf("annual.Build: %v", err)
	}
	return r
}

// checkFigures fails t for every figure the generator made that the
// report does not count exactly.
func checkFigures(t *testing.T, res *demo.Result, r *annual.Report) {
	t.Helper()
	for _, d := range annual.CompareFigures(r, res.Figures) {
		t.Error(d)
	}
}

// TestScaledYear generates a small year on SQLite and checks that the
// annual report counts exactly what was generated.
func TestScaledYear(t *testing.T) {
	wire, svc := wireFor(t, "sqlite")
	p := demo.DefaultParams(2022).Scaled(testScale)
	res, err := demo.Generate(context.Background(), wire, demo.Options{Params: p})
	if err != nil {
		t.Fatal(err)
	}
	checkFigures(t, res, reportOf(t, svc, center, 2022))
	// Every kind of console page answers over the year on SQLite; its
	// speed is checked over the full year (TestFullYear).
	crawlConsole(t, svc, 0)
}

// TestRefusesADatabaseWithData runs the generator twice on one database:
// the second run is refused unless told to add.
func TestRefusesADatabaseWithData(t *testing.T) {
	wire, _ := wireFor(t, "mem")
	p := demo.DefaultParams(2022).Scaled(0.005)
	if _, err := demo.Generate(context.Background(), wire, demo.Options{Params: p}); err != nil {
		t.Fatal(err)
	}
	_, err := demo.Generate(context.Background(), wire, demo.Options{Params: p})
	if !demo.IsNotEmpty(err) {
		t.Fatalf("second run: %v, want the refusal of a database that holds data", err)
	}
}

// caseFingerprint lists every case of svc as one line of what the
// generator chose for it (kind, category, title, department, status and
// times), sorted. Not the number: the chapters that run side by side
// take the year's numbers in the order their cases reach the store.
func caseFingerprint(t *testing.T, svc refserver.Services) []string {
	t.Helper()
	var out []string
	in := govcase.ListInput{Limit: govops.MaxPageSize}
	for {
		pg, err := svc.Cases.List(context.Background(), center, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range pg.Items {
			out = append(out, fmt.Sprintf("%s %s %s %s %s %s %s", c.Kind, c.Category, c.Title, c.Department, c.Status,
				c.CreatedAt.UTC().Format(time.RFC3339Nano), c.UpdatedAt.UTC().Format(time.RFC3339Nano)))
		}
		if pg.Next == "" {
			slices.Sort(out)
			return out
		}
		in.Cursor = pg.Next
	}
}

// TestSameSeedSameYear generates a small year twice with one worker: the
// cases come out the same, and the figures too; another seed gives another
// year.
func TestSameSeedSameYear(t *testing.T) {
	p := demo.DefaultParams(2022).Scaled(0.005)
	run := func(seed int64) ([]string, *demo.Result) {
		wire, svc := wireFor(t, "mem")
		p.Seed = seed
		res, err := demo.Generate(context.Background(), wire, demo.Options{Params: p})
		if err != nil {
			t.Fatal(err)
		}
		return caseFingerprint(t, svc), res
	}
	a, ra := run(7)
	b, rb := run(7)
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("two runs of seed 7 differ: %d and %d cases", len(a), len(b))
	}
	if !maps.EqualFunc(ra.Figures, rb.Figures, func(x, y decimal.Decimal) bool { return x.Equal(y) }) {
		t.Fatalf("two runs of seed 7 made other figures: %v and %v", ra.Figures, rb.Figures)
	}
	if c, _ := run(8); slices.Equal(a, c) {
		t.Fatal("seeds 7 and 8 made the same cases")
	}
}
