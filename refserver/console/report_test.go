package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
)

func TestReport(t *testing.T) {
	s := sharedSite(t)
	t.Run("OK", func(t *testing.T) {
		b := signedIn(t, s, s.Viewer)
		st, body := b.get("/report?year=2022")
		if st != http.StatusOK {
			t.Fatalf("status %d:\n%s", st, clip(body))
		}
		for i, sp := range annual.Sections() {
			if h := "<h2>" + annual.Heading(i) + sp.Title + "</h2>"; !strings.Contains(body, h) {
				t.Errorf("no section heading %s", h)
			}
		}
		rep := overviewAnnual(t, s, govops.Actor{Name: "督查室", ReadOnly: true}, 2022)
		f, _ := rep.Figure(annual.KeySatisfaction)
		row := `<tr id="figure-` + annual.KeySatisfaction + `">`
		i := strings.Index(body, row)
		if i < 0 || !strings.Contains(body[i:i+200], ">"+f.Shown()+"<") {
			t.Errorf("the satisfaction row does not show %s", f.Shown())
		}
		if !strings.Contains(body, `href="/api/v1/reports/annual?year=2022&amp;format=markdown"`) {
			t.Error("no link to the API's Markdown")
		}
		if strings.Contains(body, "<style") || strings.Count(body, `id="page-title"`) != 1 {
			t.Error("an inline style, or not exactly one page title")
		}
	})
	t.Run("Dept", func(t *testing.T) {
		b := signedIn(t, s, s.Dept)
		st, body := b.get("/report?year=2022")
		rep := overviewAnnual(t, s, govops.Actor{Name: "解放街道联络员", Department: s.DeptCode}, 2022)
		if st != http.StatusOK || !strings.Contains(body, `<h1 id="page-title">`+rep.Title+`</h1>`) {
			t.Fatalf("status %d, want the department's report %q:\n%s", st, rep.Title, clip(body))
		}
	})
	t.Run("ErrYear", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		if st, _ := b.get("/report?year=1999"); st != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", st)
		}
	})
}
