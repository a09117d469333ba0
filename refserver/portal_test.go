package refserver_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver"
)

// portalSite is a local site to crawl: a home page linking to a site
// outside the allow-list (a wrong link, on the site's own page) and to
// the news column's list page, which links to a page with a typo and to a
// page that is missing (404, until fixed is set).
type portalSite struct {
	ts    *httptest.Server
	fixed atomic.Bool
}

func newPortalSite(t *testing.T) *portalSite {
	t.Helper()
	s := &portalSite{}
	mux := http.NewServeMux()
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><head><title>柳北区</title></head><body>%s</body></html>", body)
	}
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<a href="/xwdt/">新闻动态</a> <a href="https://www.example.com/">友情链接</a>`)
	})
	mux.HandleFunc("/xwdt/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<a href="/xwdt/a.html">政务公开工作推进会</a> <a href="/xwdt/missing.html">旧通知</a>`)
	})
	mux.HandleFunc("/xwdt/a.html", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<p>街道为辖区老旧小区按装电梯，方便居民出行。</p><a href="/">首页</a>`)
	})
	mux.HandleFunc("/xwdt/missing.html", func(w http.ResponseWriter, r *http.Request) {
		if !s.fixed.Load() {
			http.NotFound(w, r)
			return
		}
		page(w, `<p>通知已恢复。</p>`)
	})
	s.ts = httptest.NewServer(mux)
	t.Cleanup(s.ts.Close)
	return s
}

// portalSiteOf registers the local site (as admin) with a news column of
// ylj's, and returns the site's code.
func (e *testEnv) portalSiteOf(t *testing.T, home, code string) string {
	t.Helper()
	mustStatus(t, e.do(t, "POST", "/api/v1/portal/sites", e.admin, map[string]any{"code": code, "name": "柳北区测试网站", "home": home}),
		http.StatusCreated)
	mustStatus(t, e.do(t, "POST", "/api/v1/portal/columns", e.admin, map[string]any{"site": code, "code": "xwdt", "name": "新闻动态",
		"url": strings.TrimSuffix(home, "/") + "/xwdt/", "department": "ylj", "requirement": "biweekly"}), http.StatusCreated)
	return code
}

// crawlUntilEnded polls the crawl at path until it is no longer running
// (the crawl runs on the server's goroutines against a real local site,
// so there is no clock to step) and returns its last state.
func (e *testEnv) crawlUntilEnded(t *testing.T, path string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := e.do(t, "GET", path, e.admin, nil)
		mustStatus(t, r, http.StatusOK)
		c := r.json(t)
		if c["status"] != string(portal.CrawlRunning) {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("the crawl still runs after 30s: %s", r.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPortal_CrawlToVerifiedTask runs the whole flow through the API
// against a local site: a crawl started as a background job (202 and its
// Location) whose progress is read until it ends, its findings (the
// broken link, the wrong link and the typo the site holds, no more), a
// department seeing only what is assigned to it, tasks raised and
// dispatched as command-platform cases, a case closed marking its task
// fixed, a re-check of a link still broken reopening it, and one of a
// repaired link verifying it.
func TestPortal_CrawlToVerifiedTask(t *testing.T) {
	e := MustOpenServer(t)
	site := newPortalSite(t)
	code := e.portalSiteOf(t, site.ts.URL+"/", "LOCAL-CRAWL")

	r := e.do(t, "POST", "/api/v1/portal/crawls", e.admin, map[string]any{"site": code, "options": map[string]any{"skip_external": true, "concurrency": 2}})
	mustStatus(t, r, http.StatusAccepted)
	loc := r.header.Get("Location")
	started := r.json(t)
	if !strings.HasPrefix(loc, "/api/v1/portal/crawls/") || started["id"] != strings.TrimPrefix(loc, "/api/v1/portal/crawls/") ||
		started["status"] != "running" || started["status_label"] != "进行中" {
		t.Fatalf("start: Location %q, %s", loc, r.body)
	}
	c := e.crawlUntilEnded(t, loc)
	if c["status"] != "done" || c["pages"].(float64) < 4 || c["ended"] == nil {
		t.Fatalf("the crawl: %v", c)
	}
	counts := map[string]float64{}
	for _, k := range c["findings"].([]any) {
		k := k.(map[string]any)
		counts[k["kind"].(string)] = k["count"].(float64)
	}
	if want := map[string]float64{"broken_link": 1, "typo": 1, "sensitive": 0, "wrong_link": 1}; fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Fatalf("counts %v, want %v", counts, want)
	}
	id := started["id"].(string)
	found := items(t, mustOK(t, e.do(t, "GET", "/api/v1/portal/findings?crawl="+id, e.admin, nil)))
	byKind := map[string]map[string]any{}
	for _, f := range found {
		byKind[f["kind"].(string)] = f
	}
	if len(found) != 3 || byKind["broken_link"]["target"] != site.ts.URL+"/xwdt/missing.html" || byKind["broken_link"]["status"] != float64(404) ||
		byKind["typo"]["word"] != "按装" || byKind["typo"]["suggestion"] != "安装" || byKind["wrong_link"]["target"] != "https://www.example.com/" {
		t.Fatalf("findings: %v", found)
	}
	// The pages under the column are ylj's: ylj sees the findings on them
	// (not the wrong link on the home page, the site's own), jfj none, and
	// a department reads no crawl.
	if n := len(items(t, mustOK(t, e.do(t, "GET", "/api/v1/portal/findings?crawl="+id, e.own, nil)))); n != 2 {
		t.Errorf("ylj sees %d findings, want the 2 on its column's pages", n)
	}
	if n := len(items(t, mustOK(t, e.do(t, "GET", "/api/v1/portal/findings?crawl="+id, e.other, nil)))); n != 0 {
		t.Errorf("jfj sees %d findings", n)
	}
	mustStatus(t, e.do(t, "GET", "/api/v1/portal/findings/"+byKind["typo"]["id"].(string), e.other, nil), http.StatusNotFound)
	mustStatus(t, e.do(t, "GET", loc, e.own, nil), http.StatusForbidden)

	r = e.do(t, "POST", loc+"/raise", e.admin, map[string]any{"due": "2026-03-16"})
	mustStatus(t, r, http.StatusCreated)
	tasks := items(t, r.json(t))
	if len(tasks) != 3 {
		t.Fatalf("raised %d tasks: %s", len(tasks), r.body)
	}
	// Nothing is left to raise.
	mustStatus(t, e.do(t, "POST", loc+"/raise", e.admin, nil), http.StatusOK)
	var broken, wrong map[string]any
	for _, tk := range tasks {
		switch tk["kind"] {
		case "broken_link":
			broken = tk
		case "wrong_link":
			wrong = tk
		}
	}
	// The wrong link is on the site's own page: its case stays with the
	// center, registered.
	if wn, _ := wrong["case_number"].(string); wn == "" || wrong["department"] != nil {
		t.Fatalf("the wrong link's task: %v", wrong)
	} else if c := mustOK(t, e.do(t, "GET", "/api/v1/cases/"+wn, e.admin, nil)); c["status"] != "registered" || c["kind"] != "portal" {
		t.Fatalf("the wrong link's case: %v", c)
	}
	n, _ := broken["case_number"].(string)
	if broken["department"] != "ylj" || n == "" || broken["status"] != "open" {
		t.Fatalf("the broken link's task: %v", broken)
	}
	taskPath := "/api/v1/portal/tasks/" + broken["id"].(string)
	mustOK(t, e.do(t, "GET", taskPath, e.own, nil))
	mustStatus(t, e.do(t, "GET", taskPath, e.other, nil), http.StatusNotFound)
	if ts := items(t, mustOK(t, e.do(t, "GET", "/api/v1/portal/tasks?case="+n, e.own, nil))); len(ts) != 1 || ts[0]["id"] != broken["id"] {
		t.Fatalf("ylj's tasks of case %s: %v", n, ts)
	}

	// The case is ylj's, of kind portal, and closing it marks the task
	// fixed.
	cs := mustOK(t, e.do(t, "GET", "/api/v1/cases/"+n, e.own, nil))
	if cs["kind"] != "portal" || cs["department"] != "ylj" || cs["status"] != "dispatched" || !strings.Contains(cs["description"].(string), "missing.html") {
		t.Fatalf("the task's case: %v", cs)
	}
	mustOK(t, e.do(t, "POST", "/api/v1/cases/"+n+"/accept", e.own, nil))
	mustOK(t, e.do(t, "POST", "/api/v1/cases/"+n+"/reply", e.own, map[string]string{"reply": "已删除失效链接"}))
	mustOK(t, e.do(t, "POST", "/api/v1/cases/"+n+"/close", e.admin, nil))
	tk := mustOK(t, e.do(t, "GET", taskPath, e.admin, nil))
	if tk["status"] != "fixed" || tk["fixed"] == nil {
		t.Fatalf("after the case closed: %v", tk)
	}
	// The link is still broken: the re-check reopens the task.
	tk = mustOK(t, e.do(t, "POST", taskPath+"/recheck", e.admin, nil))
	if tk["status"] != "open" || tk["rechecks"] != float64(1) {
		t.Fatalf("a re-check of a link still broken: %v", tk)
	}
	// ylj repairs it and says so; the re-check verifies it.
	site.fixed.Store(true)
	mustOK(t, e.do(t, "POST", taskPath+"/fix", e.own, map[string]string{"fix": "已恢复通知页面"}))
	tk = mustOK(t, e.do(t, "POST", taskPath+"/recheck", e.admin, nil))
	if tk["status"] != "verified" || tk["status_label"] != "已复核" {
		t.Fatalf("a re-check of a repaired link: %v", tk)
	}
	var kinds []string
	for _, ev := range items(t, mustOK(t, e.do(t, "GET", taskPath+"/events", e.own, nil))) {
		kinds = append(kinds, ev["type"].(string))
	}
	if want := "task_opened task_dispatched task_fixed task_reopened task_fixed task_verified"; strings.Join(kinds, " ") != want {
		t.Errorf("the trail: %v, want %s", kinds, want)
	}
	tc := mustOK(t, e.do(t, "GET", "/api/v1/portal/task-counts?year=2026", e.admin, nil))
	for _, k := range tc["kinds"].([]any) {
		k := k.(map[string]any)
		if k["kind"] == "broken_link" && (k["opened"] != float64(1) || k["fixed"] != float64(1)) {
			t.Errorf("broken links counted: %v", k)
		}
	}
}

// TestPortal_CancelSlowCrawl cancels a crawl of a site whose pages never
// answer: the cancel is recorded at once, and the crawl ends cancelled
// promptly, keeping what it had, instead of waiting out its timeouts.
func TestPortal_CancelSlowCrawl(t *testing.T) {
	e := MustOpenServer(t)
	release := make(chan struct{})
	var asked atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			var b strings.Builder
			for i := range 20 {
				fmt.Fprintf(&b, `<a href="/slow/%d.html">第%d条</a>`, i, i)
			}
			fmt.Fprint(w, "<html><body>"+b.String()+"</body></html>")
			return
		}
		asked.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); ts.Close() })
	code := e.portalSiteOf(t, ts.URL+"/", "LOCAL-SLOW")
	r := e.do(t, "POST", "/api/v1/portal/crawls", e.admin, map[string]any{"site": code, "options": map[string]any{"timeout_ms": 60000, "concurrency": 2}})
	mustStatus(t, r, http.StatusAccepted)
	loc := r.header.Get("Location")
	for deadline := time.Now().Add(10 * time.Second); asked.Load() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the crawl never reached the slow pages")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A department may not cancel; the admin may.
	mustStatus(t, e.do(t, "POST", loc+"/cancel", e.own, nil), http.StatusForbidden)
	begin := time.Now()
	c := mustOK(t, e.do(t, "POST", loc+"/cancel", e.admin, nil))
	if c["cancel_requested"] != true {
		t.Fatalf("the cancel: %v", c)
	}
	c = e.crawlUntilEnded(t, loc)
	if took := time.Since(begin); c["status"] != "cancelled" || c["status_label"] != "已取消" || took > 10*time.Second {
		t.Fatalf("after %v: %v", took, c)
	}
	if c["pages"].(float64) < 1 {
		t.Errorf("the home page was fetched, yet: %v", c)
	}
	// An ended crawl cannot be cancelled again.
	mustStatus(t, e.do(t, "POST", loc+"/cancel", e.admin, nil), http.StatusConflict)
}

// TestPortal_PrivateTargetsRefused shows that a server left with its
// default (no private targets) cannot be used to scan its own network:
// a crawl of a site on 127.0.0.1 reaches nothing (the site's handler is
// never called) and reports its home page broken as refused, and a probe
// of it fails as refused.
func TestPortal_PrivateTargetsRefused(t *testing.T) {
	e := MustOpenServer(t, func(s *envSetup) { s.portal = append(s.portal, portal.WithPrivateTargets(false)) })
	var hits atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `<html><body><a href="/admin/">后台</a></body></html>`)
	}))
	t.Cleanup(ts.Close)
	code := e.portalSiteOf(t, ts.URL+"/", "LOCAL-PRIVATE")
	r := e.do(t, "POST", "/api/v1/portal/crawls", e.admin, map[string]any{"site": code})
	if r.status == http.StatusAccepted {
		c := e.crawlUntilEnded(t, r.header.Get("Location"))
		fs := items(t, mustOK(t, e.do(t, "GET", "/api/v1/portal/findings?crawl="+c["id"].(string), e.admin, nil)))
		if c["links"] != float64(0) || c["bytes"] != float64(0) || len(fs) != 1 || fs[0]["kind"] != "broken_link" ||
			fs[0]["target"] != ts.URL+"/" || !strings.Contains(fs[0]["reason"].(string), "不允许") {
			t.Fatalf("the crawl of a private site: %v, findings %v", c, fs)
		}
		t.Logf("crawl: %v; finding: %v", c, fs[0]["reason"])
	} else if r.status != http.StatusBadRequest {
		t.Fatalf("the start of a crawl of a private site: %d %s", r.status, r.body)
	}
	pr := e.do(t, "POST", "/api/v1/portal/sites/"+code+"/probe", e.admin, nil)
	mustStatus(t, pr, http.StatusCreated)
	if p := pr.json(t); p["ok"] != false || p["status"] != float64(0) || !strings.Contains(p["error"].(string), "blocked") {
		t.Errorf("the probe of a private site: %v", p)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the private site was reached %d times", n)
	}
}

// TestPortalLink_CaseHook reacts to the close of a portal case only, leaves
// alone a portal case no task was dispatched as (one registered by hand),
// does nothing before the link is set, and returns any other failure of
// portal's for the case observer to log.
func TestPortalLink_CaseHook(t *testing.T) {
	e := MustOpenServer(t)
	closed := govcase.Event{Type: govcase.EventClosed, At: testStart}
	// portal refuses a close time after now, whatever the case: a hook that
	// asks portal when it should not fails with it.
	refused := govcase.Event{Type: govcase.EventClosed, At: testStart.AddDate(1, 0, 0)}
	byHand := govcase.Case{Kind: govcase.KindPortal, Number: "2026-009999"}
	var unset refserver.PortalLink
	link := new(refserver.PortalLink)
	link.Set(e.services.Portal)
	for _, tc := range []struct {
		name    string
		link    *refserver.PortalLink
		c       govcase.Case
		ev      govcase.Event
		wantErr bool
	}{
		{"ByHand", link, byHand, closed, false},
		{"PortalRefuses", link, byHand, refused, true},
		{"NotClosed", link, byHand, govcase.Event{Type: govcase.EventReplied, At: refused.At}, false},
		{"OtherKind", link, govcase.Case{Kind: govcase.KindHotline, Number: "2026-009999"}, refused, false},
		{"Unset", &unset, byHand, refused, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.link.CaseHook().Run(context.Background(), tc.c, tc.ev)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want an error: %v", err, tc.wantErr)
			}
		})
	}
	// Through the server: a portal case registered by hand and closed
	// leaves no hook failure in the log.
	r := e.do(t, "POST", "/api/v1/cases", e.admin, map[string]any{"kind": "portal", "category": "consult", "source": "web", "title": "网站栏目咨询"})
	mustStatus(t, r, http.StatusCreated)
	n := r.json(t)["number"].(string)
	mustOK(t, e.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, map[string]string{"department": "ylj"}))
	mustOK(t, e.do(t, "POST", "/api/v1/cases/"+n+"/accept", e.own, nil))
	mustOK(t, e.do(t, "POST", "/api/v1/cases/"+n+"/reply", e.own, map[string]string{"reply": "已答复"}))
	mustOK(t, e.do(t, "POST", "/api/v1/cases/"+n+"/close", e.admin, nil))
	if strings.Contains(e.logs.String(), "portal-tasks") {
		t.Fatalf("the hook logged a failure:\n%s", e.logs.String())
	}
}
