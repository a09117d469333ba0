package portal_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/crawl"
)

// BenchmarkRunCrawl crawls a generated local site of 2,000 pages (10
// links each, one broken link and one typo every 100 pages) through the
// Service: the crawler, the checks of every page, and storing the
// findings, beside the crawler alone. It reports pages per second.
func BenchmarkRunCrawl(b *testing.B) {
	const pages = 2000
	f := newFix(b)
	w := newWebSite(b)
	for i := 0; i < pages; i++ {
		var body strings.Builder
		for j := 1; j <= 10; j++ {
			body.WriteString(link(fmt.Sprintf("/p/%d.html", (i*10+j)%pages), fmt.Sprintf("第%d页", j)))
		}
		if i%100 == 0 {
			body.WriteString(link(fmt.Sprintf("/gone/%d.html", i), "失效"))
			body.WriteString("<p>截止目前，全区共完成……</p>")
		}
		body.WriteString("<p>区政府召开常务会议，研究部署防汛工作。</p>")
		path := fmt.Sprintf("/p/%d.html", i)
		if i == 0 {
			path = "/"
			body.WriteString(link("/p/0.html", "首页"))
		}
		w.set(path, page(fmt.Sprintf("页面%d", i), body.String()))
	}
	s := f.site(b, "BENCH", w.url("/"))
	f.column(b, s, "p", w.url("/p/"), "QZFJ", portal.RequireBiweekly, false)
	b.Run("service", func(b *testing.B) {
		total := 0
		for b.Loop() {
			c, err := f.svc.RunCrawl(f.ctx, center(), portal.CrawlInput{Site: "BENCH", Options: portal.CrawlOptions{MaxPages: pages + 10, Concurrency: 8}})
			if err != nil {
				b.Fatal(err)
			}
			if c.Findings[portal.KindBrokenLink] != pages/100 || c.Findings[portal.KindTypo] != pages/100 {
				b.Fatalf("findings %v", c.Findings)
			}
			total += c.Pages
		}
		b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "pages/s")
	})
	// The crawler alone over the same site, in the same run: what the
	// Service's checks and Store writes cost beside it.
	b.Run("crawler", func(b *testing.B) {
		total := 0
		for b.Loop() {
			res, err := crawl.Run(f.ctx, crawl.Config{Start: []string{w.url("/")}, MaxPages: pages + 10, Concurrency: 8, HostRate: -1,
				AllowPrivate: true, SkipExternal: true})
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Broken) != pages/100 {
				b.Fatalf("%d broken", len(res.Broken))
			}
			total += res.Pages
		}
		b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "pages/s")
	})
}
