package portal_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// TestColumnStale: the boundaries of the update requirements.
func TestColumnStale(t *testing.T) {
	now := at(2022, 8, 31, 12, 0)
	cases := []struct {
		name    string
		c       portal.Column
		stale   bool
		long12  bool
		atOther time.Time
	}{
		{"biweekly exactly 14 days", portal.Column{Requirement: portal.RequireBiweekly, Updated: now.Add(-14 * 24 * time.Hour)}, false, false, time.Time{}},
		{"biweekly 14 days and a second", portal.Column{Requirement: portal.RequireBiweekly, Updated: now.Add(-14*24*time.Hour - time.Second)}, true, false, time.Time{}},
		{"biweekly never", portal.Column{Requirement: portal.RequireBiweekly}, true, true, time.Time{}},
		// 31 August less 6 months is 28 February (clamped).
		{"half-yearly exactly 6 months", portal.Column{Requirement: portal.RequireHalfYearly, Updated: at(2022, 2, 28, 12, 0)}, false, false, time.Time{}},
		{"half-yearly a minute more", portal.Column{Requirement: portal.RequireHalfYearly, Updated: at(2022, 2, 28, 11, 59)}, true, false, time.Time{}},
		{"half-yearly never", portal.Column{Requirement: portal.RequireHalfYearly}, true, true, time.Time{}},
		{"none never stale", portal.Column{Requirement: portal.RequireNone}, false, false, time.Time{}},
		{"retired never stale", portal.Column{Requirement: portal.RequireBiweekly, Retired: true}, false, false, time.Time{}},
		{"long stale exactly 12 months", portal.Column{Requirement: portal.RequireHalfYearly, Updated: at(2021, 8, 31, 12, 0)}, true, false, time.Time{}},
		{"long stale 12 months and a minute", portal.Column{Requirement: portal.RequireBiweekly, Updated: at(2021, 8, 31, 11, 59)}, true, true, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.c.Stale(now); got != c.stale {
				t.Errorf("Stale = %v, want %v", got, c.stale)
			}
			if got := c.c.LongStale(now, 12); got != c.long12 {
				t.Errorf("LongStale = %v, want %v", got, c.long12)
			}
		})
	}
}

func TestAddColumnValidation(t *testing.T) {
	f := newFix(t)
	f.site(t, "S1", "https://www.lbq.gov.cn/")
	ok := portal.ColumnInput{Site: "S1", Code: "news", Name: "要闻", URL: "https://www.lbq.gov.cn/news/", Requirement: portal.RequireBiweekly}
	cases := []struct {
		name  string
		edit  func(*portal.ColumnInput)
		code  string
		field string
	}{
		{"no site", func(in *portal.ColumnInput) { in.Site = "" }, govops.EINVALID, "site"},
		{"unknown site", func(in *portal.ColumnInput) { in.Site = "NOPE" }, govops.ENOTFOUND, "site"},
		{"no code", func(in *portal.ColumnInput) { in.Code = "" }, govops.EINVALID, "code"},
		{"no name", func(in *portal.ColumnInput) { in.Name = "" }, govops.EINVALID, "name"},
		{"no url", func(in *portal.ColumnInput) { in.URL = "" }, govops.EINVALID, "url"},
		{"url off the site", func(in *portal.ColumnInput) { in.URL = "https://other.gov.cn/news/" }, govops.EINVALID, "url"},
		{"no requirement", func(in *portal.ColumnInput) { in.Requirement = "" }, govops.EINVALID, "requirement"},
		{"bad requirement", func(in *portal.ColumnInput) { in.Requirement = "monthly" }, govops.EINVALID, "requirement"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ok
			c.edit(&in)
			_, err := f.svc.AddColumn(f.ctx, center(), in)
			wantErr(t, err, c.code, c.field)
		})
	}
	col := must(f.svc.AddColumn(f.ctx, center(), ok))(t)
	_, err := f.svc.AddColumn(f.ctx, center(), ok)
	wantErr(t, err, govops.ECONFLICT, "code")
	home := ok
	home.Code, home.URL, home.Home = "home", "https://www.lbq.gov.cn/", true
	must(f.svc.AddColumn(f.ctx, center(), home))(t)
	home.Code = "home2"
	_, err = f.svc.AddColumn(f.ctx, center(), home)
	wantErr(t, err, govops.ECONFLICT, "home")
	for _, ref := range []string{col.ID.String(), "S1/news"} {
		if got := must(f.svc.Column(f.ctx, otherDept(), ref))(t); got.ID != col.ID {
			t.Fatalf("%s: got %v", ref, got.ID)
		}
	}
	_, err = f.svc.Column(f.ctx, center(), "news")
	wantErr(t, err, govops.EINVALID, "ref")
	_, err = f.svc.Column(f.ctx, center(), "S1/nope")
	wantErr(t, err, govops.ENOTFOUND)
}

func TestRecordUpdate(t *testing.T) {
	f := newFix(t)
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	home := f.column(t, s, "home", "https://www.lbq.gov.cn/", "", portal.RequireBiweekly, true)
	cases := []struct {
		name  string
		in    portal.ColumnUpdate
		field string
	}{
		{"no time", portal.ColumnUpdate{}, "at"},
		{"future", portal.ColumnUpdate{At: testNow().Add(time.Hour)}, "at"},
		{"empty with a time", portal.ColumnUpdate{At: testNow(), Empty: true}, "at"},
		{"source post", portal.ColumnUpdate{At: testNow(), Source: portal.UpdatedByPost}, "source"},
		{"bad source", portal.ColumnUpdate{At: testNow(), Source: "rss"}, "source"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.svc.RecordUpdate(f.ctx, center(), home.ID.String(), c.in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	got := f.updated(t, home, at(2022, 6, 10, 9, 0))
	if !got.Updated.Equal(at(2022, 6, 10, 9, 0)) || got.UpdatedBy != portal.UpdatedByManual {
		t.Fatalf("got %+v", got)
	}
	sv := must(f.svc.Site(f.ctx, center(), "S1"))(t)
	if !sv.HomeUpdated.Equal(at(2022, 6, 10, 9, 0)) {
		t.Fatalf("home updated %v", sv.HomeUpdated)
	}
	// An older entry does not move it back.
	got = f.updated(t, home, at(2022, 6, 1, 9, 0))
	if !got.Updated.Equal(at(2022, 6, 10, 9, 0)) {
		t.Fatalf("moved back to %v", got.Updated)
	}
	got = must(f.svc.RecordUpdate(f.ctx, center(), "S1/home", portal.ColumnUpdate{Empty: true}))(t)
	if !got.Empty {
		t.Fatal("not empty")
	}
	evs := must(f.svc.ColumnTrail(f.ctx, center(), home.ID.String()))(t)
	if len(evs) != 4 || evs[3].Type != portal.EventColumnRefreshed {
		t.Fatalf("trail %+v", evs)
	}
}

func TestColumnsStaleListing(t *testing.T) {
	f := newFix(t)
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	for i := 0; i < 7; i++ {
		c := f.column(t, s, fmt.Sprintf("c%d", i), fmt.Sprintf("https://www.lbq.gov.cn/c%d/", i), "", portal.RequireBiweekly, false)
		if i%2 == 0 {
			f.updated(t, c, testNow().Add(-time.Hour))
		}
	}
	var all []portal.Column
	next := ""
	for {
		pg := must(f.svc.Columns(f.ctx, center(), portal.ColumnListInput{Site: "S1", Stale: true, Limit: 2, After: next}))(t)
		all = append(all, pg.Items...)
		if next = pg.Next; next == "" {
			break
		}
	}
	if len(all) != 3 {
		t.Fatalf("got %d stale columns, want 3", len(all))
	}
	_, err := f.svc.Columns(f.ctx, center(), portal.ColumnListInput{Limit: 501})
	wantErr(t, err, govops.EINVALID, "limit")
}
