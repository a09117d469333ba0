package portal_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
)

// A local site with a broken link and a typo is crawled; its findings
// become tasks for the news column's department, which fixes them; the
// center's re-check finds the site changed and verifies them.
func Example_crawlToVerified() {
	ctx := context.Background()
	pages := map[string]string{
		"/":            `<html><body><a href="/news/">要闻</a> <a href="/gone.html">旧文件</a></body></html>`,
		"/news/":       `<html><body><a href="/news/1.html">要闻一</a></body></html>`,
		"/news/1.html": `<html><body><p>全区统一布署防汛工作。</p></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, body)
	}))
	defer srv.Close()

	now := time.Date(2022, 6, 15, 10, 0, 0, 0, govops.ShanghaiLocation())
	// Tests and intranet sites allow private targets; a server crawling on
	// request leaves them refused.
	svc := portal.NewService(portalmem.New(), portal.WithNow(func() time.Time { return now }), portal.WithPrivateTargets(true))
	defer func() { _ = svc.Shutdown(ctx) }()
	centerStaff := govops.Actor{Name: "王芳"}
	unit := govops.Actor{Name: "李强", Department: "QZFJ"}

	site, err := svc.CreateSite(ctx, centerStaff, portal.SiteInput{Code: "LOCAL", Name: "本地门户", Home: srv.URL + "/"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := svc.AddColumn(ctx, centerStaff, portal.ColumnInput{Site: site.Code, Code: "news", Name: "要闻动态", URL: srv.URL + "/news/",
		Department: "QZFJ", Requirement: portal.RequireBiweekly}); err != nil {
		fmt.Println(err)
		return
	}
	c, err := svc.RunCrawl(ctx, centerStaff, portal.CrawlInput{Site: "LOCAL", Options: portal.CrawlOptions{RaiseTasks: true}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("crawl", c.Status.Label(), "broken", c.Findings[portal.KindBrokenLink], "typos", c.Findings[portal.KindTypo])

	// The department sees the tasks of its column.
	mine, _ := svc.Tasks(ctx, unit, portal.TaskListInput{})
	for _, t := range mine.Items {
		fmt.Println(t.Department, t.Kind.Label(), t.Title)
		if _, err := svc.MarkFixed(ctx, unit, t.ID.String(), portal.FixInput{Fix: "已修改"}); err != nil {
			fmt.Println(err)
		}
	}
	pages["/news/1.html"] = `<html><body><p>全区统一部署防汛工作。</p></body></html>`
	for _, t := range mine.Items {
		got, err := svc.Recheck(ctx, centerStaff, t.ID.String(), portal.RecheckInput{})
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println("re-check:", got.Status.Label())
	}
	// Output:
	// crawl 已完成 broken 1 typos 1
	// QZFJ 错别字 修改错别字：「布署」应为「部署」
	// re-check: 已复核
}
