package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/security"
)

// secGen returns a generator of the 2022 year over dialect's stores ("mem"
// for memory) whose directory holds the units the security chapter
// prefers and a few more, and the Services of a reader.
func secGen(t *testing.T, dialect string, withUnits bool) (*Gen, refserver.Services) {
	t.Helper()
	st := MemStores()
	if dialect != "mem" {
		var err error
		if st, err = BunStores(context.Background(), dbtest.Open(t, dialect)); err != nil {
			t.Fatal(err)
		}
	}
	return secGenOver(t, st, withUnits, false)
}

// secGenOver is secGen over st, adding the year when add is set (the
// units are then in the directory already).
func secGenOver(t *testing.T, st refserver.Stores, withUnits, add bool) (*Gen, refserver.Services) {
	t.Helper()
	cfg := refserver.WireConfig{HomeDistrict: "柳北区"}
	w := WireOver(st, cfg)
	g := &Gen{P: DefaultParams(2022), wire: w, o: Options{Workers: 1, Append: add}, figures: map[string]decimal.Decimal{}, byName: map[string]Dept{}}
	g.cal = w(time.Now).Calendar
	if withUnits && !add {
		svc := refserver.Wire(st, cfg)
		var ds []Dept
		names := append([]string{"区政务网络服务中心"}, secUnitNames[:4]...)
		names = append(names, "区发展和改革局", "区司法局", "雀儿山街道办事处")
		for i, n := range names {
			kind := directory.KindDepartment
			if strings.HasSuffix(n, "街道办事处") {
				kind = directory.KindTownship
			}
			d, err := svc.Departments.Create(context.Background(), govops.Actor{Name: "王芳"}, directory.CreateInput{Code: "D" + string(rune('A'+i)), Name: n, Kind: kind})
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, Dept{Code: d.Code, Name: d.Name, Kind: d.Kind})
		}
		g.SetDepartments(ds)
	}
	return g, refserver.Wire(st, cfg)
}

// TestSecurityChapter runs the chapter alone and checks that the report
// counts what it made, that its figures fit the seed, and the shape of
// the year: the plan superseding last year's, one action overdue, one
// re-test failed, unfinished records at the year's end.
func TestSecurityChapter(t *testing.T) {
	for _, c := range []struct {
		name    string
		dialect string
		units   bool
	}{{"Units", "mem", true}, {"NoDirectory", "mem", false}, {"SQLite", dbopen.SQLite, true}, {"PostgreSQL", dbopen.Postgres, true}, {"MySQL", dbopen.MySQL, true}} {
		t.Run(c.name, func(t *testing.T) {
			g, svc := secGen(t, c.dialect, c.units)
			t0 := time.Now()
			if err := runSecurity(context.Background(), g); err != nil {
				t.Fatal(err)
			}
			t.Logf("security chapter on %s: %v", c.dialect, time.Since(t0))
			by := govops.Actor{Name: "王芳"}
			t1 := time.Now()
			var sec annual.Section
			for _, sp := range annual.Sections() {
				if sp.Key == annual.SectionSecurity {
					s, err := sp.Build(context.Background(), svc.Annual(), by, 2022)
					if err != nil {
						t.Fatal(err)
					}
					sec = s
				}
			}
			t.Logf("security section: %v", time.Since(t1))
			r := &annual.Report{Sections: []annual.Section{sec}}
			for k, want := range g.Figures() {
				f, ok := r.Figure(k)
				if !ok || !f.Value.Equal(want) {
					t.Errorf("%s: report %v, generated %s", k, f.Value, want)
				}
			}
			seed := map[string]string{}
			for _, k := range []string{annual.KeyPlans, annual.KeyDrills, annual.KeyHardened, annual.KeyExercises} {
				seed[k] = annual.Seed2022[k]
				if _, ok := g.Figures()[k]; !ok {
					t.Errorf("%s: not generated", k)
				}
			}
			for _, d := range annual.CompareSeed(r, seed) {
				t.Error(d)
			}
			sr, err := svc.Security.Report(context.Background(), by, 2022)
			if err != nil {
				t.Fatal(err)
			}
			if sr.ActionsOpen != 1 || sr.ActionsOverdue != 1 || sr.ActionsDone != 5 || sr.Findings.Open != 2 || sr.Inspections != secInspections ||
				sr.Incidents.Total != 2 || sr.Incidents.OnTime != 2 || len(sr.Exercises) != 1 || sr.Exercises[0].Verified != 4 {
				t.Errorf("report: actions open %d, overdue %d, done %d; open findings %d; inspections %d; incidents %d (%d on time); exercises %+v",
					sr.ActionsOpen, sr.ActionsOverdue, sr.ActionsDone, sr.Findings.Open, sr.Inspections, sr.Incidents.Total, sr.Incidents.OnTime, sr.Exercises)
			}
			retests := 0
			page, err := svc.Security.Hardenings(context.Background(), by, security.HardeningListInput{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range page.Items {
				retests += h.Retests
				for _, at := range []time.Time{h.FoundOn, h.RemediatedOn, h.VerifiedAt, h.UpdatedAt} {
					if at.After(time.Date(2023, 1, 1, 0, 0, 0, 0, Shanghai)) {
						t.Errorf("record %s at %v, after the year", h.Asset, at)
					}
				}
			}
			if retests != 1 {
				t.Errorf("re-tests failed: %d, want 1", retests)
			}
			plans, err := svc.Security.Plans(context.Background(), by, security.PlanListInput{Code: secPlanCode})
			if err != nil {
				t.Fatal(err)
			}
			if len(plans.Items) != 2 || plans.Items[0].Status != security.PlanSuperseded || plans.Items[1].Status != security.PlanApproved ||
				!strings.Contains(sec.Text, "《2022年网络安全应急预案》") {
				t.Errorf("plans %+v; text %s", plans.Items, sec.Text)
			}
			t.Log(sec.Text)
		})
	}
}

// TestSecurityChapter_Append runs the chapter again over its own year:
// it adds nothing, and its figures are those stored.
func TestSecurityChapter_Append(t *testing.T) {
	st := MemStores()
	g1, svc := secGenOver(t, st, false, false)
	if err := runSecurity(context.Background(), g1); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		page, err := svc.Security.Hardenings(context.Background(), govops.Actor{Name: "王芳"}, security.HardeningListInput{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Items)
	}
	before := count()
	g2, _ := secGenOver(t, st, false, true)
	if err := runSecurity(context.Background(), g2); err != nil {
		t.Fatal(err)
	}
	if after := count(); after != before {
		t.Errorf("hardening records: %d after adding, %d before", after, before)
	}
	f1, f2 := g1.Figures(), g2.Figures()
	if len(f2) != 4 {
		t.Errorf("figures when adding: %v", f2)
	}
	for k, v := range f1 {
		if !f2[k].Equal(v) {
			t.Errorf("%s: %s when adding, %s the first time", k, f2[k], v)
		}
	}
}
