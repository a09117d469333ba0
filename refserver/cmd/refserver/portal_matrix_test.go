package main_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// portalSeq numbers the sites, accounts and consultations the portal
// tests add, so that each cell of the matrix gets records of its own.
var portalSeq atomic.Int64

const portalPath = "/api/v1/portal"

// portalLocal is the local site every portal test crawls and probes: under
// /fast/ a home page linking to the news column, whose list page holds a
// typo and a link to a missing page; under /slow/ a home page whose links
// answer only when the request is cancelled (a crawl that runs until it is
// cancelled). It serves the whole test binary.
var portalLocal = sync.OnceValue(func() *httptest.Server {
	mux := http.NewServeMux()
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><body>%s</body></html>", body)
	}
	mux.HandleFunc("/fast/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<a href="/fast/xwdt/">新闻动态</a>`)
	})
	mux.HandleFunc("/fast/xwdt/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<p>为老旧小区按装电梯。</p><a href="/fast/xwdt/missing.html">旧通知</a>`)
	})
	mux.HandleFunc("/slow/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<a href="/slow/1.html">一</a><a href="/slow/2.html">二</a>`)
	})
	mux.HandleFunc("/slow/", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	return httptest.NewServer(mux)
})

// portalSite registers a site (as admin) on the local site's fast or slow
// part, with a news column of ylj's, and returns its code.
func (w *world) portalSite(t testing.TB, slow bool) string {
	t.Helper()
	part := "/fast/"
	if slow {
		part = "/slow/"
	}
	home := portalLocal().URL + part
	code := fmt.Sprintf("SITE-%05d", portalSeq.Add(1))
	mustStatus(t, w.do(t, "POST", portalPath+"/sites", w.admin, map[string]any{"code": code, "name": "测试网站", "home": home}), http.StatusCreated)
	mustStatus(t, w.do(t, "POST", portalPath+"/columns", w.admin, map[string]any{"site": code, "code": "xwdt", "name": "新闻动态",
		"url": home + "xwdt/", "department": "ylj", "requirement": "biweekly"}), http.StatusCreated)
	return code
}

// portalColumn adds a column of ylj's to a new site (as admin) and returns
// its path.
func (w *world) portalColumn(t testing.TB) string {
	t.Helper()
	code := w.portalSite(t, false)
	r := mustStatus(t, w.do(t, "GET", portalPath+"/columns?site="+code, w.admin, nil), http.StatusOK)
	var page struct{ Items []struct{ ID string } }
	decode(t, r, &page)
	return portalPath + "/columns/" + page.Items[0].ID
}

// portalFeed returns an RSS feed of one new post of the local site's news
// column.
func portalFeed() string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>新闻动态</title>`+
		`<item><title>柳北区召开政务公开推进会</title><link>%s/fast/xwdt/feed%d.html</link><pubDate>Sun, 01 Mar 2026 10:00:00 +0800</pubDate></item>`+
		`</channel></rss>`, portalLocal().URL, portalSeq.Add(1))
}

// portalCrawl starts a crawl (as admin) of a new site and returns its
// path: one that runs until it is cancelled when slow is set, else one
// polled until it ended.
func (w *world) portalCrawl(t testing.TB, slow bool) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", portalPath+"/crawls", w.admin, map[string]any{"site": w.portalSite(t, slow),
		"options": map[string]any{"timeout_ms": 60000}}), http.StatusAccepted)
	path := r.header.Get("Location")
	for deadline := time.Now().Add(30 * time.Second); !slow; {
		c := mustStatus(t, w.do(t, "GET", path, w.admin, nil), http.StatusOK)
		if c.str(t, "status") != "running" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the crawl %s still runs after 30s", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return path
}

// portalFinding returns the path of a finding on ylj's column of a new
// crawl.
func (w *world) portalFinding(t testing.TB) string {
	t.Helper()
	crawl := w.portalCrawl(t, false)
	r := mustStatus(t, w.do(t, "GET", portalPath+"/findings?department=ylj&crawl="+crawl[strings.LastIndex(crawl, "/")+1:], w.admin, nil), http.StatusOK)
	var page struct{ Items []struct{ ID string } }
	decode(t, r, &page)
	if len(page.Items) == 0 {
		t.Fatalf("the crawl %s found nothing on ylj's column", crawl)
	}
	return portalPath + "/findings/" + page.Items[0].ID
}

// portalTaskBody is a task of ylj's on a new site, of a title of its own
// (a live task of the same kind, page and title is refused).
func (w *world) portalTaskBody(t testing.TB) map[string]any {
	return map[string]any{"site": w.portalSite(t, false), "kind": "other", "department": "ylj",
		"title": fmt.Sprintf("首页领导信息未更新（%d）", portalSeq.Add(1)), "detail": "领导之窗仍为上届班子"}
}

// portalTask opens a task of ylj's by hand (as admin), dispatched as a
// case, and brings it to state: open, fixed or reopened (a failed re-check
// after a fix). It returns its path.
func (w *world) portalTask(t testing.TB, state string) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", portalPath+"/tasks", w.admin, w.portalTaskBody(t)), http.StatusCreated)
	path := r.header.Get("Location")
	if state == "fixed" || state == "reopened" {
		mustStatus(t, w.do(t, "POST", path+"/fix", w.admin, map[string]string{"fix": "已更新"}), http.StatusOK)
	}
	if state == "reopened" {
		mustStatus(t, w.do(t, "POST", path+"/recheck", w.admin, map[string]any{"passed": false, "note": "仍未更新"}), http.StatusOK)
	}
	return path
}

func portalConsultationBody(site string) map[string]string {
	return map[string]string{"site": site, "ref": fmt.Sprintf("ZX-%05d", portalSeq.Add(1)), "subject": "咨询社保卡补办地点",
		"asker": "张三", "department": "ylj", "received": "2026-02-01"}
}

// portalConsultation records a consultation of ylj's (as admin) and
// returns its path.
func (w *world) portalConsultation(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", portalPath+"/consultations", w.admin, portalConsultationBody(w.portalSite(t, false))), http.StatusCreated)
	return r.header.Get("Location")
}

func portalAccountBody() map[string]string {
	return map[string]string{"code": fmt.Sprintf("WX-%05d", portalSeq.Add(1)), "name": "柳北发布", "platform": "wechat", "department": "ylj"}
}

// portalAccount registers an account of ylj's (as admin) and returns its
// path.
func (w *world) portalAccount(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", portalPath+"/accounts", w.admin, portalAccountBody()), http.StatusCreated)
	return r.header.Get("Location")
}

func portalInspectionBody(account string) map[string]any {
	return map[string]any{"account": account[strings.LastIndex(account, "/")+1:], "inspected": "2026-03-02T08:00:00+08:00", "inspector": "覃工",
		"last_post": "2026-02-27", "review_in_place": true, "interactive": true}
}

// portalInspection records an inspection of a new account of ylj's (as
// admin) and returns its path.
func (w *world) portalInspection(t testing.TB) string {
	t.Helper()
	r := mustStatus(t, w.do(t, "POST", portalPath+"/inspections", w.admin, portalInspectionBody(w.portalAccount(t))), http.StatusCreated)
	return r.header.Get("Location")
}

func portalMatrix() []endpoint {
	const (
		ok, created, accepted = http.StatusOK, http.StatusCreated, http.StatusAccepted
		bad, unauth, nf       = http.StatusForbidden, http.StatusUnauthorized, http.StatusNotFound
		p                     = portalPath
	)
	reads := [6]int{ok, ok, ok, ok, unauth, unauth}
	own := [6]int{ok, ok, nf, ok, unauth, unauth}      // ylj's record: jfj does not see it
	center := [6]int{ok, bad, bad, ok, unauth, unauth} // crawls: admin and viewer
	admin := [6]int{ok, bad, bad, bad, unauth, unauth} // the center's writes
	create := [6]int{created, bad, bad, bad, unauth, unauth}
	ownWrite := [6]int{ok, ok, nf, bad, unauth, unauth} // ylj's own write: jfj does not see the record
	at := func(path func(*world, testing.TB) string, suffix string, body any) func(*testing.T, *world) (string, any) {
		return func(t *testing.T, w *world) (string, any) { return path(w, t) + suffix, body }
	}
	site := func(w *world, t testing.TB) string { return p + "/sites/" + w.portalSite(t, false) }
	column := func(w *world, t testing.TB) string { return w.portalColumn(t) }
	done := func(w *world, t testing.TB) string { return w.portalCrawl(t, false) }
	running := func(w *world, t testing.TB) string { return w.portalCrawl(t, true) }
	finding := func(w *world, t testing.TB) string { return w.portalFinding(t) }
	task := func(state string) func(*world, testing.TB) string {
		return func(w *world, t testing.TB) string { return w.portalTask(t, state) }
	}
	consultation := func(w *world, t testing.TB) string { return w.portalConsultation(t) }
	account := func(w *world, t testing.TB) string { return w.portalAccount(t) }
	inspection := func(w *world, t testing.TB) string { return w.portalInspection(t) }
	posts := func(dept string) func(*testing.T, *world) (string, any) {
		return func(t *testing.T, w *world) (string, any) {
			code := w.portalSite(t, false)
			return p + "/sites/" + code + "/posts", map[string]any{"posts": []map[string]string{{"column": "xwdt", "title": "柳北区召开推进会",
				"url": portalLocal().URL + fmt.Sprintf("/fast/xwdt/t%d.html", portalSeq.Add(1)), "published": "2026-03-01T10:00:00+08:00",
				"department": dept}}}
		}
	}
	return []endpoint{
		{"GET", p + "/sites", fixed(p+"/sites", nil), reads},
		{"POST", p + "/sites", func(*testing.T, *world) (string, any) {
			return p + "/sites", map[string]any{"code": fmt.Sprintf("SITE-%05d", portalSeq.Add(1)), "name": "柳北区政府网", "home": portalLocal().URL + "/fast/"}
		}, create},
		{"GET", p + "/sites/{code}", at(site, "", nil), reads},
		{"PUT", p + "/sites/{code}", func(t *testing.T, w *world) (string, any) {
			code := w.portalSite(t, false)
			return p + "/sites/" + code, map[string]any{"code": code, "name": "改名的网站", "home": portalLocal().URL + "/fast/"}
		}, admin},
		{"GET", p + "/sites/{code}/events", at(site, "/events", nil), reads},
		// A department records its own posts; a viewer writes nothing.
		{"POST", p + "/sites/{code}/posts", posts("ylj"), [6]int{created, created, bad, bad, unauth, unauth}},
		{"POST", p + "/sites/{code}/posts/import", func(t *testing.T, w *world) (string, any) {
			return p + "/sites/" + w.portalSite(t, false) + "/posts/import", csvBody(fmt.Sprintf("栏目,标题,网址,发布时间,部门\nxwdt,推进会,%s/fast/xwdt/i%d.html,2026-03-01 10:00,ylj\n",
				portalLocal().URL, portalSeq.Add(1)))
		}, [6]int{ok, ok, http.StatusUnprocessableEntity, bad, unauth, unauth}}, // jfj's row of ylj's post is refused
		{"POST", p + "/sites/{code}/probe", at(site, "/probe", nil), [6]int{created, bad, bad, bad, unauth, unauth}},
		{"GET", p + "/sites/{code}/availability", at(site, "/availability", nil), reads},
		// A new site's column was never updated: stale, and urged.
		{"POST", p + "/sites/{code}/urge-updates", at(site, "/urge-updates", nil), create},
		{"POST", p + "/sites/{code}/urge-consultations", at(site, "/urge-consultations", nil), admin},

		{"GET", p + "/columns", fixed(p+"/columns", nil), reads},
		{"POST", p + "/columns", func(t *testing.T, w *world) (string, any) {
			return p + "/columns", map[string]any{"site": w.portalSite(t, false), "code": "tzgg", "name": "通知公告",
				"url": portalLocal().URL + "/fast/tzgg/", "requirement": "half_yearly"}
		}, create},
		{"GET", p + "/columns/{id}", at(column, "", nil), reads},
		{"PUT", p + "/columns/{id}", func(t *testing.T, w *world) (string, any) {
			return w.portalColumn(t), map[string]any{"code": "xwdt", "name": "要闻动态", "url": portalLocal().URL + "/fast/xwdt/", "department": "ylj",
				"requirement": "biweekly"}
		}, admin},
		{"POST", p + "/columns/{id}/updates", at(column, "/updates", map[string]string{"at": "2026-03-01"}), admin},
		// ylj's column: its department records a feed; another writes none.
		{"POST", p + "/columns/{id}/feed", func(t *testing.T, w *world) (string, any) {
			return w.portalColumn(t) + "/feed", typedBody{contentType: "application/rss+xml", data: portalFeed()}
		}, [6]int{ok, ok, bad, bad, unauth, unauth}},
		{"GET", p + "/columns/{id}/events", at(column, "/events", nil), reads},

		{"GET", p + "/posts", fixed(p+"/posts", nil), reads},
		{"GET", p + "/post-counts", fixed(p+"/post-counts?year=2026", nil), reads},

		{"GET", p + "/probes", fixed(p+"/probes", nil), reads},
		{"POST", p + "/probes", fixed(p+"/probes", nil), create},

		{"GET", p + "/crawls", fixed(p+"/crawls", nil), center},
		{"POST", p + "/crawls", func(t *testing.T, w *world) (string, any) {
			return p + "/crawls", map[string]any{"site": w.portalSite(t, false)}
		}, [6]int{accepted, bad, bad, bad, unauth, unauth}},
		{"POST", p + "/crawls/reap", fixed(p+"/crawls/reap", nil), admin},
		{"GET", p + "/crawls/{id}", at(done, "", nil), center},
		{"POST", p + "/crawls/{id}/cancel", at(running, "/cancel", nil), admin},
		{"POST", p + "/crawls/{id}/raise", at(done, "/raise", nil), create},

		{"GET", p + "/findings", fixed(p+"/findings", nil), reads},
		{"GET", p + "/findings/{id}", at(finding, "", nil), own},

		{"GET", p + "/tasks", fixed(p+"/tasks", nil), reads},
		{"POST", p + "/tasks", func(t *testing.T, w *world) (string, any) { return p + "/tasks", w.portalTaskBody(t) }, create},
		{"GET", p + "/tasks/{id}", at(task("open"), "", nil), own},
		{"POST", p + "/tasks/{id}/dispatch", at(task("reopened"), "/dispatch", nil), admin},
		{"POST", p + "/tasks/{id}/fix", at(task("open"), "/fix", map[string]string{"fix": "已更新领导之窗"}), ownWrite},
		{"POST", p + "/tasks/{id}/recheck", at(task("fixed"), "/recheck", map[string]any{"passed": true}), admin},
		{"POST", p + "/tasks/{id}/dismiss", at(task("open"), "/dismiss", map[string]string{"note": "误报"}), admin},
		{"GET", p + "/tasks/{id}/events", at(task("open"), "/events", nil), own},
		{"GET", p + "/task-counts", fixed(p+"/task-counts?year=2026", nil), reads},

		{"GET", p + "/consultations", fixed(p+"/consultations", nil), reads},
		{"POST", p + "/consultations", func(t *testing.T, w *world) (string, any) {
			return p + "/consultations", portalConsultationBody(w.portalSite(t, false))
		}, create},
		{"GET", p + "/consultations/{id}", at(consultation, "", nil), own},
		{"POST", p + "/consultations/{id}/answer", at(consultation, "/answer", map[string]string{"answer": "可到街道便民服务中心办理。"}), ownWrite},
		{"GET", p + "/consultations/{id}/events", at(consultation, "/events", nil), own},

		{"GET", p + "/accounts", fixed(p+"/accounts", nil), reads},
		{"POST", p + "/accounts", func(*testing.T, *world) (string, any) { return p + "/accounts", portalAccountBody() }, create},
		{"GET", p + "/accounts/{code}", at(account, "", nil), own},
		{"PUT", p + "/accounts/{code}", func(t *testing.T, w *world) (string, any) {
			path := w.portalAccount(t)
			body := portalAccountBody()
			body["code"], body["name"] = path[strings.LastIndex(path, "/")+1:], "柳北区发布"
			return path, body
		}, admin},
		{"GET", p + "/accounts/{code}/events", at(account, "/events", nil), own},

		{"GET", p + "/inspections", fixed(p+"/inspections", nil), reads},
		{"POST", p + "/inspections", func(t *testing.T, w *world) (string, any) {
			return p + "/inspections", portalInspectionBody(w.portalAccount(t))
		}, create},
		{"GET", p + "/inspections/{id}", at(inspection, "", nil), own},
		{"PUT", p + "/inspections/{id}", func(t *testing.T, w *world) (string, any) {
			path := w.portalInspection(t)
			r := mustStatus(t, w.do(t, "GET", path, w.admin, nil), http.StatusOK)
			acc := mustStatus(t, w.do(t, "GET", portalPath+"/accounts/"+r.str(t, "account_id"), w.admin, nil), http.StatusOK)
			body := portalInspectionBody(acc.str(t, "code"))
			body["interactive"], body["issues"] = false, "留言未回复"
			return path, body
		}, admin},
		{"GET", p + "/uninspected", fixed(p+"/uninspected", nil), reads},

		{"GET", p + "/evaluation", fixed(p+"/evaluation", nil), reads},
	}
}
