package console_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// opsCenter is the actor the group's tests ask the Services as.
var opsCenter = govops.Actor{Name: "测试"}

// opsYearSpan is 2022, the shared site's year, in Asia/Shanghai.
func opsYearSpan() (time.Time, time.Time) {
	from := time.Date(2022, 1, 1, 0, 0, 0, 0, govops.ShanghaiLocation())
	return from, from.AddDate(1, 0, 0)
}

// opsNum writes n as the console does: 1,234.
func opsNum(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// opsMust fails the test unless the page is status want and holds every
// one of parts.
func opsMust(t *testing.T, st int, body string, want int, parts ...string) {
	t.Helper()
	if st != want {
		t.Fatalf("status %d, want %d:\n%s", st, want, clip(body))
	}
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Fatalf("page without %q:\n%s", p, clip(body))
		}
	}
}

// opsRows counts the rows of the table whose id is table.
func opsRows(body, table, prefix string) int {
	i := strings.Index(body, `<table id="`+table+`"`)
	if i < 0 {
		return -1
	}
	j := strings.Index(body[i:], "</table>")
	return strings.Count(body[i:i+j], `<tr id="`+prefix)
}

func TestConsole_NetopsOverview(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	from, to := opsYearSpan()
	comp, err := s.Svc.Netops.Compliance(ctx, opsCenter, netops.ComplianceInput{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if comp.Total.Visits == 0 {
		t.Fatal("the demo year has no visits")
	}
	cov, err := s.Svc.Netops.CoverageAt(ctx, opsCenter, to)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		st, body := b.get("/netops?year=2022")
		opsMust(t, st, body, http.StatusOK, `id="page-title"`, "2022 年",
			`id="kpi-visits"><div class="v">`+opsNum(comp.Total.Visits)+`</div>`,
			fmt.Sprintf(`<div class="v">%s / %s</div>`, opsNum(int64(cov.Connected)), opsNum(int64(cov.Units))),
			`<svg class="chart"`, `<svg class="meter"`, `id="roster"`, `id="overdue"`)
		for _, z := range comp.ByZone {
			row := regexp.MustCompile(`(?s)<tr id="zone-` + string(z.Zone) + `">.*?</tr>`).FindString(body)
			want := fmt.Sprintf(`<td class="n">%s</td><td class="n">%s</td>`, opsNum(z.OnTime), opsNum(z.Arrived+z.Overdue))
			if !strings.Contains(row, want) || !strings.Contains(row, z.Rate.String()) {
				t.Fatalf("zone %s: row %q, want %q and %s", z.Zone, row, want, z.Rate)
			}
		}
	})
	t.Run("LatestYearByDefault", func(t *testing.T) {
		b := signedIn(t, s, s.Viewer)
		st, body := b.get("/netops")
		opsMust(t, st, body, http.StatusOK, "外网与运维 · 2022 年", `<option value="2022" selected>`)
	})
	t.Run("DeptSeesOwnOnly", func(t *testing.T) {
		own, err := s.Svc.Netops.Compliance(ctx, govops.Actor{Name: "t", Department: s.DeptCode}, netops.ComplianceInput{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		b := signedIn(t, s, s.Dept)
		st, body := b.get("/netops?year=2022")
		opsMust(t, st, body, http.StatusOK, `id="kpi-visits"><div class="v">`+opsNum(own.Total.Visits)+`</div>`)
		for _, hidden := range []string{`id="coverage"`, `id="roster"`, `id="overdue"`} {
			if strings.Contains(body, hidden) {
				t.Fatalf("a department sees the center's %s", hidden)
			}
		}
	})
	t.Run("ErrBadYear", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		st, _ := b.get("/netops?year=abc")
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", st)
		}
	})
}

func TestConsole_NetopsLinks(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	first, err := s.Svc.Netops.Links(ctx, opsCenter, netops.LinkListInput{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Next == "" {
		t.Fatal("the demo year holds one page of links only")
	}
	b := signedIn(t, s, s.Admin)
	st, body := b.get("/netops/links")
	opsMust(t, st, body, http.StatusOK, `id="link-`+first.Items[0].ID.String()+`"`, `id="page-next"`)
	if n := opsRows(body, "links", "link-"); n != len(first.Items) {
		t.Fatalf("%d rows, want %d", n, len(first.Items))
	}
	t.Run("NextPage", func(t *testing.T) {
		second, err := s.Svc.Netops.Links(ctx, opsCenter, netops.LinkListInput{Cursor: first.Next})
		if err != nil {
			t.Fatal(err)
		}
		st, body := b.get("/netops/links?cursor=" + first.Next)
		opsMust(t, st, body, http.StatusOK, `id="link-`+second.Items[0].ID.String()+`"`, `id="page-first"`)
		if strings.Contains(body, `id="link-`+first.Items[0].ID.String()+`"`) {
			t.Fatal("the second page shows the first page's link")
		}
	})
	t.Run("Filter", func(t *testing.T) {
		want, err := s.Svc.Netops.Links(ctx, opsCenter, netops.LinkListInput{Type: netops.LinkExtranet, Status: netops.LinkActive})
		if err != nil {
			t.Fatal(err)
		}
		st, body := b.get("/netops/links?type=extranet&status=active")
		opsMust(t, st, body, http.StatusOK)
		if n := opsRows(body, "links", "link-"); n != len(want.Items) {
			t.Fatalf("%d rows, want %d", n, len(want.Items))
		}
	})
	t.Run("ErrBadFilter", func(t *testing.T) {
		st, body := b.get("/netops/links?type=bogus")
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-type"`)
	})
	t.Run("DeptOwnOnly", func(t *testing.T) {
		d := signedIn(t, s, s.Dept)
		st, body := d.get("/netops/links?unit=" + s.Other)
		opsMust(t, st, body, http.StatusForbidden, `id="err-unit"`)
	})
}

func TestConsole_NetopsVisits(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	from, to := opsYearSpan()
	want, err := s.Svc.Netops.Visits(ctx, opsCenter, netops.VisitListInput{From: from, To: to, Breached: true})
	if err != nil {
		t.Fatal(err)
	}
	b := signedIn(t, s, s.Admin)
	st, body := b.get("/netops/visits?from=2022-01-01&to=2022-12-31&breached=1")
	opsMust(t, st, body, http.StatusOK, `id="page-title"`)
	if n := opsRows(body, "visits", "visit-"); n != len(want.Items) {
		t.Fatalf("%d rows, want %d", n, len(want.Items))
	}
	if len(want.Items) > 0 && strings.Contains(body, "按时到场</span>") {
		t.Fatal("a breached visit is shown on time")
	}
	t.Run("ErrBadDate", func(t *testing.T) {
		st, body := b.get("/netops/visits?from=2022-13-01")
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-from"`)
	})
}

func TestConsole_NetopsInspections(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	page, err := s.Svc.Netops.Plans(ctx, opsCenter, netops.PlanListInput{})
	if err != nil {
		t.Fatal(err)
	}
	overdue, err := s.Svc.Netops.OverdueInspections(ctx, opsCenter)
	if err != nil {
		t.Fatal(err)
	}
	b := signedIn(t, s, s.Viewer)
	st, body := b.get("/netops/inspections")
	opsMust(t, st, body, http.StatusOK)
	if n := opsRows(body, "plans", "plan-"); n != len(page.Items) {
		t.Fatalf("%d rows, want %d", n, len(page.Items))
	}
	for _, o := range overdue {
		row := regexp.MustCompile(`(?s)<tr id="plan-` + o.Plan.ID.String() + `"[^>]*>.*?</tr>`).FindString(body)
		if row != "" && !strings.Contains(row, fmt.Sprintf("逾期 %d 天", o.DaysOverdue)) {
			t.Fatalf("overdue plan not marked: %s", row)
		}
	}
	t.Run("DeptRefused", func(t *testing.T) {
		d := signedIn(t, s, s.Dept)
		if st, _ := d.get("/netops/inspections"); st != http.StatusForbidden {
			t.Fatalf("status %d, want 403", st)
		}
	})
}
