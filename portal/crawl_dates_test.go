package portal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/portal"
)

// TestCrawlColumnDates: the crawl reads the dates each column's list page
// shows, and the home page's, and moves the columns' last updates (and the
// site's HomeUpdated) to the newest of them when newer, a date after its
// clock ignored, with the Empty flag in the same write and one event per
// column; a second crawl of the same pages writes nothing.
func TestCrawlColumnDates(t *testing.T) {
	f := newCrawlFix(t)
	home := f.column(t, f.site, "home", f.web.url("/"), "", portal.RequireBiweekly, true)
	notice := must(f.svc.Column(f.ctx, center(), "LOCAL/notice"))(t)
	notice = f.updated(t, notice, at(2022, 6, 1, 9, 0))
	// The home page links to the columns and shows a date of its own, two
	// after the clock (events to come), and today's in its header.
	f.web.set("/", page("首页", link("/news/", "要闻")+link("/notice/", "通知公告")+link("/empty/", "空栏目")+
		"<header>今天是：2022年6月15日 星期三</header><p>区政府召开常务会议 2022年6月10日</p><p>活动预告 2022-06-20</p>"+
		"<p>直播 10:00 2022/06/15</p>"))
	f.web.set("/news/", page("要闻", "<ul><li>"+link("/news/1.html", "要闻一")+"<span>2022-06-14 09:30</span></li>"+
		"<li>"+link("/news/2.html", "要闻二")+"<span>[2022/06/01]</span></li></ul>"))
	f.web.set("/news/2.html", page("要闻二", "<p>正文</p>"))
	f.web.set("/notice/", page("通知公告", link("/notice/2.html", "通知二")+"<span>2022.05.30</span>"))
	f.clock.Set(at(2022, 6, 15, 9, 59))

	c := must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"}))(t)
	if c.Status != portal.CrawlDone {
		t.Fatalf("crawl %+v", c)
	}
	cases := []struct {
		name    string
		col     *portal.Column
		updated time.Time
		by      portal.UpdateSource
		version int64
		note    string
	}{
		// 10:00 on the 15th is after the clock (09:59), and the header's
		// today no update: the 10th is the home page's newest date.
		{"home", home, at(2022, 6, 10, 0, 0), portal.UpdatedByCrawl, 2, "巡检：最后更新 2022-06-10"},
		{"news", f.news, at(2022, 6, 14, 9, 30), portal.UpdatedByCrawl, 2, "巡检：最后更新 2022-06-14 09:30"},
		// The notice page's date is older than the recorded update.
		{"notice", notice, at(2022, 6, 1, 9, 0), portal.UpdatedByManual, notice.Version, ""},
	}
	for _, w := range cases {
		got := must(f.svc.Column(f.ctx, center(), w.col.ID.String()))(t)
		if !got.Updated.Equal(w.updated) || got.UpdatedBy != w.by || got.Version != w.version || got.Empty {
			t.Errorf("%s: updated %s by %s at version %d (empty %v), want %s by %s at %d", w.name, got.Updated.In(sh), got.UpdatedBy,
				got.Version, got.Empty, w.updated, w.by, w.version)
		}
		trail := must(f.svc.ColumnTrail(f.ctx, center(), w.col.ID.String()))(t)
		last := trail[len(trail)-1]
		if int64(len(trail)) != got.Version || w.note != "" && (last.Type != portal.EventColumnRefreshed || last.Note != w.note) {
			t.Errorf("%s: trail %+v", w.name, trail)
		}
	}
	site := must(f.svc.Site(f.ctx, center(), "LOCAL"))(t)
	if !site.HomeUpdated.Equal(at(2022, 6, 10, 0, 0)) || site.Version != 2 {
		t.Errorf("site's home updated %s at version %d", site.HomeUpdated.In(sh), site.Version)
	}
	empty := must(f.svc.Column(f.ctx, center(), "LOCAL/empty"))(t)
	if !empty.Empty || !empty.Updated.IsZero() || empty.Version != 2 {
		t.Errorf("empty column %+v", empty)
	}
	if trail := must(f.svc.ColumnTrail(f.ctx, center(), empty.ID.String()))(t); trail[1].Note != "巡检：空白栏目" {
		t.Errorf("empty column's trail %+v", trail)
	}

	// Again over the same pages: nothing changes. Then the news page
	// empties and a newer post shows on the home page.
	must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"}))(t)
	for _, w := range cases {
		if got := must(f.svc.Column(f.ctx, center(), w.col.ID.String()))(t); got.Version != w.version {
			t.Errorf("%s moved to version %d by a crawl of the same pages", w.name, got.Version)
		}
	}
	f.web.set("/news/", page("要闻", ""))
	f.web.set("/", page("首页", link("/news/", "要闻")+"<p>区政府召开常务会议 2022-06-15 08:00</p>"))
	must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"}))(t)
	news := must(f.svc.Column(f.ctx, center(), f.news.ID.String()))(t)
	if !news.Empty || !news.Updated.Equal(at(2022, 6, 14, 9, 30)) || news.Version != 3 {
		t.Errorf("emptied news column %+v", news)
	}
	h := must(f.svc.Column(f.ctx, center(), home.ID.String()))(t)
	site = must(f.svc.Site(f.ctx, center(), "LOCAL"))(t)
	if !h.Updated.Equal(at(2022, 6, 15, 8, 0)) || !site.HomeUpdated.Equal(h.Updated) || h.Version != 3 || site.Version != 3 {
		t.Errorf("home column %+v, site %+v", h, site)
	}
	siteTrail := must(f.svc.SiteTrail(f.ctx, center(), "LOCAL"))(t)
	if len(siteTrail) != 3 || !strings.Contains(siteTrail[2].Note, "2022-06-15 08:00") {
		t.Errorf("site trail %+v", siteTrail)
	}
}

// TestCrawlHomeDateWithoutHomeColumn: a site with no home column still
// gets its HomeUpdated from the home page's dates.
func TestCrawlHomeDateWithoutHomeColumn(t *testing.T) {
	f := newCrawlFix(t)
	f.web.set("/", page("首页", link("/news/", "要闻")+"<p>2022年6月12日 17:45</p>"))
	must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"}))(t)
	site := must(f.svc.Site(f.ctx, center(), "LOCAL"))(t)
	if !site.HomeUpdated.Equal(at(2022, 6, 12, 17, 45)) || site.Version != 2 {
		t.Fatalf("site %+v", site)
	}
}
