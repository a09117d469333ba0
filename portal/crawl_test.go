package portal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// crawlFix is a local site with a known set of problems:
//
//   - /missing.html (404) linked from the home page: a broken link;
//   - /news/1.html#nope: a missing fragment;
//   - a typo (截止目前) on /news/1.html, in the news column (QZFJ);
//   - a sensitive word (意识) on /notice/2.html, in the notice column
//     (WJJ), and the exception 四个意识 on the same page, not a finding;
//   - links to a parked domain, to a domain off the allow-list, and one
//     whose text names another registered site.
type crawlFix struct {
	*fixture
	web  *webSite
	site *portal.Site
	news *portal.Column
}

func newCrawlFix(t *testing.T, opts ...portal.Option) *crawlFix {
	t.Helper()
	opts = append([]portal.Option{portal.WithParkedDomains([]string{"parked.example"})}, opts...)
	f := newFix(t, opts...)
	w := newWebSite(t)
	w.set("/", page("首页", link("/news/", "要闻")+link("/notice/", "通知公告")+link("/missing.html", "失效链接")+
		link("/empty/", "空栏目")+
		link("http://www.parked.example/x", "旧网站")+link("http://evil.example.com/", "外部网站")+
		link("http://www.gov.cn/", "北京市人民政府")+link("http://www.gov.cn/a", "www.gov.cn")))
	w.set("/news/", page("要闻", link("/news/1.html", "要闻一")+link("/news/1.html#nope", "锚点")))
	w.set("/news/1.html", page("要闻一", `<p id="top">截止目前，全区共完成……</p>`))
	w.set("/notice/", page("通知公告", link("/notice/2.html", "通知二")))
	w.set("/notice/2.html", page("通知二", "<p>牢固树立四个意识。加强意识建设。</p>"))
	w.set("/empty/", page("空栏目", ""))
	site := must(f.svc.CreateSite(f.ctx, center(), portal.SiteInput{Code: "LOCAL", Name: "本地门户", Home: w.url("/"), Domains: []string{"gov.cn"}}))(t)
	must(f.svc.CreateSite(f.ctx, center(), portal.SiteInput{Code: "BJ", Name: "北京市人民政府", Home: "http://www.beijing.gov.cn/", Status: portal.SiteClosed}))(t)
	news := f.column(t, site, "news", w.url("/news/"), "QZFJ", portal.RequireBiweekly, false)
	f.column(t, site, "notice", w.url("/notice/"), "WJJ", portal.RequireHalfYearly, false)
	f.column(t, site, "empty", w.url("/empty/"), "", portal.RequireNone, false)
	return &crawlFix{fixture: f, web: w, site: site, news: news}
}

func (f *crawlFix) findings(t *testing.T, c *portal.Crawl) []portal.Finding {
	t.Helper()
	return must(f.svc.Findings(f.ctx, center(), portal.FindingListInput{Crawl: c.ID.String(), Limit: 500}))(t).Items
}

func TestRunCrawlFindings(t *testing.T) {
	f := newCrawlFix(t)
	c := must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"}))(t)
	if c.Status != portal.CrawlDone || c.Pages < 6 || c.Ended.IsZero() {
		t.Fatalf("crawl %+v", c)
	}
	fs := f.findings(t, c)
	cases := []struct {
		kind   portal.FindingKind
		reason string
		page   string
		dept   string
	}{
		{portal.KindBrokenLink, "目标返回 404", "/", ""},
		{portal.KindBrokenLink, "页内锚点不存在：#nope", "/news/", "QZFJ"},
		{portal.KindWrongLink, "域名已过期或被停放：www.parked.example", "/", ""},
		{portal.KindWrongLink, "域名不在白名单：evil.example.com", "/", ""},
		{portal.KindWrongLink, "链接文字指向「北京市人民政府」，实际指向 www.gov.cn", "/", ""},
		{portal.KindTypo, "错别字「截止目前」，应为「截至目前」", "/news/1.html", "QZFJ"},
		{portal.KindSensitive, "错敏词「意识」", "/notice/2.html", "WJJ"},
	}
	for _, w := range cases {
		got := hasReason(fs, w.kind, w.reason)
		if got == nil {
			t.Errorf("no %s finding %q in %+v", w.kind, w.reason, fs)
			continue
		}
		if got.Page != f.web.url(w.page) || got.Department != w.dept {
			t.Errorf("%s: page %s dept %q, want %s %q", w.reason, got.Page, got.Department, w.page, w.dept)
		}
	}
	if len(fs) != len(cases) {
		t.Errorf("got %d findings, want %d: %+v", len(fs), len(cases), fs)
	}
	typo := hasReason(fs, portal.KindTypo, "截止目前")
	if typo != nil && (typo.Suggestion != "截至目前" || !strings.Contains(typo.Context, "截止目前") || typo.ColumnID != f.news.ID) {
		t.Errorf("typo %+v", typo)
	}
	if c.Findings[portal.KindWrongLink] != 3 || c.Findings[portal.KindBrokenLink] != 2 {
		t.Errorf("counts %v", c.Findings)
	}
	// The empty column is marked; a department reads its own findings only.
	if e := must(f.svc.Column(f.ctx, center(), "LOCAL/empty"))(t); !e.Empty {
		t.Error("the empty column is not marked")
	}
	mine := must(f.svc.Findings(f.ctx, dept(), portal.FindingListInput{Crawl: c.ID.String()}))(t).Items
	if len(mine) != 2 {
		t.Errorf("QZFJ reads %d findings", len(mine))
	}
	_, err := f.svc.Finding(f.ctx, dept(), hasReason(fs, portal.KindSensitive, "意识").ID.String())
	wantErr(t, err, govops.ENOTFOUND)
	// SkipContent leaves the words out.
	c2 := must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL", Options: portal.CrawlOptions{SkipContent: true}}))(t)
	if n := c2.Findings[portal.KindTypo] + c2.Findings[portal.KindSensitive]; n != 0 {
		t.Errorf("SkipContent found %d words", n)
	}
	_, err = f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL", Options: portal.CrawlOptions{MaxPages: -1, Concurrency: 1000}})
	wantErr(t, err, govops.EINVALID, "options.max_pages", "options.concurrency")
}

// TestCrawlBlockedWithoutPrivateTargets: a Service that may not reach
// private addresses finds its home page refused, and nothing else.
func TestCrawlBlockedWithoutPrivateTargets(t *testing.T) {
	f := newCrawlFix(t, portal.WithPrivateTargets(false))
	c, err := f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"})
	if err != nil {
		t.Fatal(err)
	}
	fs := f.findings(t, c)
	if len(fs) != 1 || fs[0].Reason != "地址不允许访问" || fs[0].Page != f.web.url("/") {
		t.Fatalf("findings of a loopback site %+v", fs)
	}
	p := must(f.svc.ProbeSite(f.ctx, center(), "LOCAL"))(t)
	if p.OK {
		t.Fatal("probe of a loopback site passed")
	}
}

func TestRaiseTasksAndDispatch(t *testing.T) {
	d := &fakeDispatcher{}
	f := newCrawlFix(t, portal.WithDispatcher(d))
	c := must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"}))(t)
	fs := f.findings(t, c)
	d.setFail(true)
	first := must(f.svc.RaiseTasks(f.ctx, center(), portal.RaiseInput{Crawl: c.ID.String(), Findings: []string{fs[0].ID.String()}}))(t)
	if len(first) != 1 || first[0].CaseNumber != "" || first[0].Status != portal.TaskOpen {
		t.Fatalf("first %+v", first)
	}
	d.setFail(false)
	again := must(f.svc.Dispatch(f.ctx, center(), first[0].ID.String()))(t)
	if again.CaseNumber != "2022-000001" {
		t.Fatalf("dispatched as %q", again.CaseNumber)
	}
	_, err := f.svc.Dispatch(f.ctx, center(), first[0].ID.String())
	wantErr(t, err, govops.ECONFLICT, "case_number")
	rest := must(f.svc.RaiseTasks(f.ctx, center(), portal.RaiseInput{Crawl: c.ID.String()}))(t)
	if len(rest) != len(fs)-1 {
		t.Fatalf("raised %d of %d", len(rest), len(fs)-1)
	}
	for _, tk := range rest {
		if tk.CaseNumber == "" || tk.Department == "" && tk.Page != f.web.url("/") {
			t.Fatalf("task %+v", tk)
		}
	}
	if len(d.tasks) != len(fs) {
		t.Fatalf("dispatcher got %d tasks", len(d.tasks))
	}
	// Nothing new the second time, nor from a new crawl while they live.
	if again := must(f.svc.RaiseTasks(f.ctx, center(), portal.RaiseInput{Crawl: c.ID.String()}))(t); len(again) != 0 {
		t.Fatalf("raised %d again", len(again))
	}
	c2 := must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL", Options: portal.CrawlOptions{RaiseTasks: true}}))(t)
	if n := len(must(f.svc.Tasks(f.ctx, center(), portal.TaskListInput{Limit: 500}))(t).Items); n != len(fs) {
		t.Fatalf("%d tasks after a second crawl (%v), want %d", n, c2.Findings, len(fs))
	}
	// CaseClosed marks the task fixed, once.
	tk := rest[0]
	fixed := must(f.svc.CaseClosed(f.ctx, govops.Actor{Name: "govcase"}, tk.CaseNumber, time.Time{}))(t)
	if fixed.Status != portal.TaskFixed || fixed.FixedBy != "govcase" {
		t.Fatalf("closed %+v", fixed)
	}
	again2 := must(f.svc.CaseClosed(f.ctx, govops.Actor{Name: "govcase"}, tk.CaseNumber, time.Time{}))(t)
	if again2.Version != fixed.Version {
		t.Fatal("a second close changed the task")
	}
	_, err = f.svc.CaseClosed(f.ctx, govops.Actor{Name: "govcase"}, "2099-000001", time.Time{})
	wantErr(t, err, govops.ENOTFOUND, "case_number")
	_, err = f.svc.CaseClosed(f.ctx, dept(), tk.CaseNumber, time.Time{})
	wantErr(t, err, govops.EFORBIDDEN)
	// A running crawl raises nothing; an unknown finding is named.
	_, err = f.svc.RaiseTasks(f.ctx, center(), portal.RaiseInput{Crawl: c.ID.String(), Findings: []string{c2.ID.String()}})
	wantErr(t, err, govops.EINVALID, "findings[0]")
}

// TestRecheckAgainstChangedSite: fix some problems on the site between
// the crawl and the re-check, leave the others.
func TestRecheckAgainstChangedSite(t *testing.T) {
	f := newCrawlFix(t)
	c := must(f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL", Options: portal.CrawlOptions{RaiseTasks: true}}))(t)
	ts := must(f.svc.Tasks(f.ctx, center(), portal.TaskListInput{Limit: 500}))(t).Items
	if len(ts) != 7 {
		t.Fatalf("%d tasks of %v", len(ts), c.Findings)
	}
	for _, tk := range ts {
		must(f.svc.MarkFixed(f.ctx, center(), tk.ID.String(), portal.FixInput{Fix: "已整改"}))(t)
	}
	// Fixed: the 404 page exists, the typo is corrected, the parked link
	// is gone. Left: the fragment, the sensitive word, two wrong links.
	f.web.set("/missing.html", page("补上", "内容"))
	f.web.set("/news/1.html", page("要闻一", `<p id="top">截至目前，全区共完成……</p>`))
	f.web.set("/", page("首页", link("/news/", "要闻")+link("/notice/", "通知公告")+link("/missing.html", "失效链接")+
		link("http://evil.example.com/", "外部网站")+link("http://www.gov.cn/", "北京市人民政府")))
	want := map[string]portal.TaskStatus{
		"/missing.html":               portal.TaskVerified,
		"/news/1.html#nope":           portal.TaskOpen,
		"http://www.parked.example/x": portal.TaskVerified,
		"http://evil.example.com/":    portal.TaskOpen,
		"http://www.gov.cn/":          portal.TaskOpen,
		"word:截止目前":                   portal.TaskVerified,
		"word:意识":                     portal.TaskOpen,
	}
	for _, tk := range ts {
		key := strings.TrimPrefix(tk.Target, f.web.srv.URL)
		if tk.Word != "" {
			key = "word:" + tk.Word
		}
		got := must(f.svc.Recheck(f.ctx, center(), tk.ID.String(), portal.RecheckInput{}))(t)
		if got.Status != want[key] {
			t.Errorf("%s: %s, want %s", key, got.Status, want[key])
		}
		if got.Status == portal.TaskOpen && (got.Rechecks != 1 || !got.Fixed.IsZero()) {
			t.Errorf("%s reopened as %+v", key, got)
		}
	}
	counts := must(f.svc.TaskCounts(f.ctx, center(), portal.TaskCountInput{Year: 2022}))(t)
	for _, k := range counts.Kinds {
		switch k.Kind {
		case portal.KindBrokenLink:
			if k.Opened != 2 || k.Fixed != 1 || k.Open != 1 || k.OpenedMonth[5] != 2 || k.FixedMonth[5] != 1 {
				t.Errorf("broken links %+v", k)
			}
		case portal.KindWrongLink:
			if k.Opened != 3 || k.Fixed != 1 || k.Open != 2 {
				t.Errorf("wrong links %+v", k)
			}
		}
	}
}

// TestCancelCrawl: a running crawl cancelled here stops at once; one
// cancelled by another Service over the same Store stops at its next
// progress write.
func TestCancelCrawl(t *testing.T) {
	for _, remote := range []bool{false, true} {
		name := "local"
		if remote {
			name = "remote"
		}
		t.Run(name, func(t *testing.T) {
			f := newCrawlFix(t, portal.WithProgressEvery(5*time.Millisecond))
			release := make(chan struct{})
			defer close(release)
			f.web.holdPage("/news/1.html", release)
			c := must(f.svc.StartCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL", Options: portal.CrawlOptions{Concurrency: 1}}))(t)
			if c.Status != portal.CrawlRunning {
				t.Fatalf("started %+v", c)
			}
			<-f.web.hit
			// Progress is written while it runs.
			waitFor(t, func() bool {
				got, err := f.st.Crawl(f.ctx, c.ID)
				return err == nil && got.Pages > 0 && got.Version > 1
			})
			other := f.svc
			if remote {
				other = portal.NewService(f.st, portal.WithNow(f.clock.Now), portal.WithDictionary(testDict()))
			}
			asked := must(other.CancelCrawl(f.ctx, center(), c.ID.String()))(t)
			if !asked.CancelRequested {
				t.Fatal("no cancel request recorded")
			}
			// Shutdown waits for the run to record its end.
			if remote {
				waitEnded(t, f.st, c)
			}
			if err := f.svc.Shutdown(f.ctx); err != nil {
				t.Fatal(err)
			}
			got := must(f.svc.Crawl(f.ctx, viewer(), c.ID.String()))(t)
			if got.Status != portal.CrawlCancelled || got.Ended.IsZero() {
				t.Fatalf("crawl %+v", got)
			}
			if got.By == center().Name {
				t.Fatal("viewer reads who started it")
			}
			_, err := f.svc.CancelCrawl(f.ctx, center(), c.ID.String())
			wantErr(t, err, govops.ECONFLICT, "status")
			_, err = f.svc.StartCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL"})
			wantErr(t, err, govops.ECONFLICT)
		})
	}
}

// waitEnded waits for the crawl to record its end.
func waitEnded(t *testing.T, st portal.Store, c *portal.Crawl) {
	t.Helper()
	waitFor(t, func() bool {
		got, err := st.Crawl(context.Background(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status != portal.CrawlRunning
	})
}

// waitFor waits until cond holds, polling, for at most 20 s: what it
// waits for is another goroutine's work, which no clock can advance.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatal("gave up waiting")
		case <-tick.C:
		}
	}
}

func TestProbes(t *testing.T) {
	f := newCrawlFix(t)
	down := f.fixture.site(t, "DOWN", f.web.url("/down/"))
	p := must(f.svc.ProbeSite(f.ctx, center(), "LOCAL"))(t)
	if !p.OK || p.Status != 200 || p.Error != "" || !p.At.Equal(testNow()) {
		t.Fatalf("probe %+v", p)
	}
	ps := must(f.svc.ProbeSites(f.ctx, center()))(t)
	if len(ps) != 2 { // LOCAL and DOWN; BJ is closed
		t.Fatalf("probed %d sites", len(ps))
	}
	for _, p := range ps {
		if p.SiteID == down.ID && (p.OK || p.Status != 404 || p.Error != "status 404") {
			t.Fatalf("probe of a 404 home %+v", p)
		}
	}
	av := must(f.svc.Availability(f.ctx, viewer(), "DOWN", testNow().Add(-time.Hour), testNow().Add(time.Second)))(t)
	if av.Failures.Numerator != 1 || av.Failures.Denominator != 1 || av.Failures.Percent.String() != "100" {
		t.Fatalf("availability %+v", av)
	}
	_, err := f.svc.Availability(f.ctx, viewer(), "DOWN", time.Time{}, testNow())
	wantErr(t, err, govops.EINVALID, "from")
	failed := must(f.svc.Probes(f.ctx, dept(), portal.ProbeListInput{Site: "DOWN", Failed: true}))(t)
	if len(failed.Items) != 1 {
		t.Fatalf("failed probes %+v", failed.Items)
	}
	// RunProbes needs an interval and stops with its context.
	err = f.svc.RunProbes(f.ctx, center(), 0)
	wantErr(t, err, govops.EINVALID, "every")
	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	if err := f.svc.RunProbes(ctx, center(), time.Hour); err != context.Canceled {
		t.Fatalf("RunProbes returned %v", err)
	}
	must(f.svc.UpdateSite(f.ctx, center(), "DOWN", portal.SiteInput{Name: "关停", Home: down.Home, Status: portal.SiteClosed}))(t)
	_, err = f.svc.ProbeSite(f.ctx, center(), "DOWN")
	wantErr(t, err, govops.ECONFLICT, "status")
}
