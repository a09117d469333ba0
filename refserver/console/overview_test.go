package console_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/govcase"
)

// overviewAnnual builds the annual report of year as actor sees it, for
// comparing the pages with.
func overviewAnnual(t *testing.T, s *site, by govops.Actor, year int) *annual.Report {
	t.Helper()
	v := s.Svc
	r, err := annual.Build(context.Background(), annual.Services{Departments: v.Departments, Cases: v.Cases,
		Hotline: v.Hotline, Licenses: v.Licenses, Data: v.Data, Netops: v.Netops, Security: v.Security, Portal: v.Portal}, by, year)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestOverview(t *testing.T) {
	s := sharedSite(t)
	t.Run("OK", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		st, body := b.get("/?year=2022")
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		rep := overviewAnnual(t, s, govops.Actor{Name: "中心值班员"}, 2022)
		f, ok := rep.Figure(annual.KeyCasesTotal)
		if !ok || !f.Value.IsPositive() {
			t.Fatalf("the report has no case count: %+v", f)
		}
		tile := `id="kpi-cases.total"`
		i := strings.Index(body, tile)
		if i < 0 {
			t.Fatalf("no case tile:\n%s", clip(body))
		}
		if tileText := body[i : i+300]; !strings.Contains(tileText, ">"+f.Shown()+"<") || !strings.Contains(tileText, `href="/cases?`) {
			t.Errorf("case tile %q lacks %s or its link to the case list", tileText, f.Shown())
		}
		st2, err := s.Svc.Cases.Stats(context.Background(), govops.Actor{Name: "t"}, govcase.StatsFilter{Year: 2022})
		if err != nil {
			t.Fatal(err)
		}
		if f.Value.IntPart() != st2.Total {
			t.Errorf("report counts %s cases, the Service %d", f.Value, st2.Total)
		}
		for _, id := range []string{"chart-cases", "chart-satisfaction", "chart-share", "chart-sla"} {
			if !strings.Contains(body, `id="`+id+`"`) {
				t.Errorf("no %s", id)
			}
		}
		if n := strings.Count(body, `<svg class="chart"`) + strings.Count(body, `<svg class="meter"`); n != 4 {
			t.Errorf("%d charts, want 4", n)
		}
		if strings.Count(body, `id="page-title"`) != 1 {
			t.Error("not exactly one page title")
		}
		if !strings.Contains(body, `id="year-2022" class="active"`) {
			t.Error("the year selector does not mark 2022")
		}
		if len(body) > 300<<10 {
			t.Errorf("page is %d bytes", len(body))
		}
		if strings.Contains(body, "style=") || strings.Contains(body, "<script") {
			t.Error("inline style or script")
		}
	})
	t.Run("Dept", func(t *testing.T) {
		b := signedIn(t, s, s.Dept)
		st, body := b.get("/?year=2022")
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		rep := overviewAnnual(t, s, govops.Actor{Name: "解放街道联络员", Department: s.DeptCode}, 2022)
		if !strings.Contains(body, rep.Title) {
			t.Errorf("the page does not show the department's report %q", rep.Title)
		}
		if f, ok := rep.Figure(annual.KeyCasesTotal); ok && !strings.Contains(body, ">"+f.Shown()+"<") {
			t.Errorf("the department's case count %s is not shown", f.Shown())
		}
	})
	t.Run("Default", func(t *testing.T) {
		b := signedIn(t, s, s.Viewer)
		st, body := b.get("/")
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		this := time.Now().In(govops.ShanghaiLocation()).Year()
		p, err := s.Svc.Cases.List(context.Background(), govops.Actor{Name: "t"}, govcase.ListInput{Filter: govcase.Filter{Year: this}, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		want := "2022"
		if len(p.Items) > 0 {
			want = p.Items[0].Number[:4]
		}
		if !strings.Contains(body, `id="page-title">概览 · `+want+`年`) {
			t.Errorf("the default year is not %s:\n%s", want, clip(body))
		}
	})
	t.Run("ErrYear", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		if st, _ := b.get("/?year=abc"); st != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", st)
		}
	})
}
