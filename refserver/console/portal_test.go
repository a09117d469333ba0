package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/portal"
)

func TestConsole_PortalOverview(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	tc, err := s.Svc.Portal.TaskCounts(ctx, opsCenter, portal.TaskCountInput{Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Svc.Portal.Evaluate(ctx, opsCenter, portal.EvaluateInput{})
	if err != nil {
		t.Fatal(err)
	}
	b := signedIn(t, s, s.Viewer)
	st, body := b.get("/portal?year=2022")
	opsMust(t, st, body, http.StatusOK, "网站与新媒体 · 2022 年", `<svg class="chart"`)
	for _, k := range tc.Kinds {
		want := fmt.Sprintf(`<td class="n">%s</td><td class="n">%s</td><td class="n">%s</td>`, opsNum(int64(k.Opened)), opsNum(int64(k.Fixed)), opsNum(int64(k.Open)))
		i := strings.Index(body, `<tr id="count-`+string(k.Kind)+`">`)
		if i < 0 || !strings.Contains(body[i:i+600], want) {
			t.Fatalf("kind %s: want %s", k.Kind, want)
		}
	}
	for _, v := range ev.Sites {
		verdict := "合格"
		if !v.Pass {
			verdict = "不合格"
		}
		i := strings.Index(body, `<tr id="verdict-`+v.Site+`">`)
		if i < 0 || !strings.Contains(body[i:i+800], `">`+verdict+`</span>`) {
			t.Fatalf("site %s: no verdict %s", v.Site, verdict)
		}
	}
	t.Run("LatestYearByDefault", func(t *testing.T) {
		st, body := b.get("/portal")
		opsMust(t, st, body, http.StatusOK, "网站与新媒体 · 2022 年")
	})
	t.Run("TasksFiltered", func(t *testing.T) {
		want, err := s.Svc.Portal.Tasks(ctx, opsCenter, portal.TaskListInput{Kind: portal.KindTypo, Status: portal.TaskVerified})
		if err != nil {
			t.Fatal(err)
		}
		st, body := b.get("/portal?kind=typo&status=verified")
		opsMust(t, st, body, http.StatusOK)
		if n := opsRows(body, "task-list", "task-"); n != len(want.Items) {
			t.Fatalf("%d tasks, want %d", n, len(want.Items))
		}
		st, body = b.get("/portal?status=bogus")
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-status"`)
	})
	t.Run("Findings", func(t *testing.T) {
		want, err := s.Svc.Portal.Findings(ctx, opsCenter, portal.FindingListInput{})
		if err != nil {
			t.Fatal(err)
		}
		st, body := b.get("/portal/findings")
		opsMust(t, st, body, http.StatusOK)
		if n := opsRows(body, "findings", "finding-"); n != len(want.Items) {
			t.Fatalf("%d findings, want %d", n, len(want.Items))
		}
	})
	t.Run("Sites", func(t *testing.T) {
		want, err := s.Svc.Portal.Sites(ctx, opsCenter, portal.SiteListInput{})
		if err != nil {
			t.Fatal(err)
		}
		st, body := b.get("/portal/sites")
		opsMust(t, st, body, http.StatusOK, `id="site-`+want.Items[0].Code+`"`)
		st, body = b.get("/portal/sites/" + want.Items[0].Code)
		opsMust(t, st, body, http.StatusOK, want.Items[0].Home)
		if strings.Contains(body, `id="form-crawl"`) {
			t.Fatal("a viewer is offered the crawl form")
		}
	})
}

// portalTestSite serves a site whose home page links to a missing page,
// and answers the home page only once release is closed.
func portalTestSite(t *testing.T, release <-chan struct{}) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>测试网站</title></head><body><p>测试网站首页</p><a href="/missing">缺失的页面</a></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestConsole_PortalCrawl(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	release := make(chan struct{})
	ts := portalTestSite(t, release)
	code := fmt.Sprintf("TEST-%d", time.Now().UnixNano()%1_000_000_000)
	site, err := s.Svc.Portal.CreateSite(ctx, opsCenter, portal.SiteInput{Code: code, Name: "测试网站", Home: ts.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	b := signedIn(t, s, s.Admin)
	st, body := b.get("/portal/sites/" + site.Code)
	opsMust(t, st, body, http.StatusOK, `id="form-crawl"`)

	t.Run("ErrBadOptions", func(t *testing.T) {
		st, body := b.post("/portal/sites/"+site.Code+"/crawl", url.Values{"options.max_pages": {"-1"}})
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-options.max_pages"`, `id="form-crawl"`, `value="-1"`)
		st, body = b.post("/portal/sites/"+site.Code+"/crawl", url.Values{"options.concurrency": {"many"}})
		opsMust(t, st, body, http.StatusUnprocessableEntity, `id="err-options.concurrency"`)
	})
	t.Run("OK", func(t *testing.T) {
		b.get("/portal/sites/" + site.Code)
		st, body := b.post("/portal/sites/"+site.Code+"/crawl", url.Values{"options.timeout": {"10"}})
		opsMust(t, st, body, http.StatusOK, `id="flash"`, `<meta http-equiv="refresh" content="2">`, `id="crawl-status">进行中`)
		page, err := s.Svc.Portal.Crawls(ctx, opsCenter, portal.CrawlListInput{Site: site.Code})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("crawls of the site: %v, %v", page.Items, err)
		}
		path := "/portal/crawls/" + page.Items[0].ID.String()
		close(release)
		deadline := time.Now().Add(20 * time.Second)
		for {
			st, body = b.get(path)
			if !strings.Contains(body, `id="crawl-status">进行中`) || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		cr, err := s.Svc.Portal.Crawl(ctx, opsCenter, page.Items[0].ID.String())
		if err != nil {
			t.Fatal(err)
		}
		opsMust(t, st, body, http.StatusOK, `id="crawl-status">已完成`, `id="crawl-findings"`,
			fmt.Sprintf(`id="count-broken_link">%d</strong>`, cr.Findings[portal.KindBrokenLink]), "/missing")
		if cr.Findings[portal.KindBrokenLink] == 0 {
			t.Fatal("the crawl found no broken link")
		}
		if strings.Contains(body, `http-equiv="refresh"`) {
			t.Fatal("a finished crawl's page still refreshes itself")
		}
	})
	t.Run("DeptRefused", func(t *testing.T) {
		d := signedIn(t, s, s.Dept)
		st, body := d.get("/portal/sites/" + site.Code)
		opsMust(t, st, body, http.StatusOK)
		if strings.Contains(body, `id="form-crawl"`) || strings.Contains(body, `id="crawls"`) {
			t.Fatal("a department is offered the crawls")
		}
		st, _ = d.post("/portal/sites/"+site.Code+"/crawl", url.Values{})
		if st != http.StatusForbidden {
			t.Fatalf("a department's crawl: status %d, want 403", st)
		}
	})
	t.Run("ErrClosedSite", func(t *testing.T) {
		closed, err := s.Svc.Portal.CreateSite(ctx, opsCenter, portal.SiteInput{Code: code + "-X", Name: "关停网站", Home: ts.URL + "/x", Status: portal.SiteClosed})
		if err != nil {
			t.Fatal(err)
		}
		st, _ := b.post("/portal/sites/"+closed.Code+"/crawl", url.Values{})
		if st != http.StatusConflict {
			t.Fatalf("a closed site's crawl: status %d, want 409", st)
		}
	})
}
