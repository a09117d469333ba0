package console

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver/apikit"
)

// portalSiteData is what a site's page shows: the site, the evaluator's
// verdict on it, its latest crawls (to the center) and the crawl form (to
// the admin).
type portalSiteData struct {
	Site    *portal.Site
	Verdict *portal.SiteVerdict
	// Crawls are its latest crawls; CrawlsShown is false when the session
	// may not read crawls (a department).
	Crawls      []portal.Crawl
	CrawlsShown bool
	// MayCrawl shows the crawl form.
	MayCrawl bool
}

// portalRecentCrawls is how many of a site's crawls its page lists.
const portalRecentCrawls = 10

// portalSiteView reads the site ref as rq's session sees it.
func (c *Console) portalSiteView(rq *request, ref string) (*portalSiteData, error) {
	by, svc := rq.Actor(), c.svc.Portal
	site, err := svc.Site(rq.ctx, by, ref)
	if err != nil {
		return nil, err
	}
	d := &portalSiteData{Site: site, MayCrawl: rq.s.Admin() && site.Status == portal.SiteActive}
	// The evaluator judges a department's own sites only.
	if site.Status == portal.SiteActive && by.MaySee(site.Department) {
		ev, err := svc.Evaluate(rq.ctx, by, portal.EvaluateInput{Site: site.ID.String()})
		if err != nil {
			return nil, err
		}
		for i := range ev.Sites {
			if ev.Sites[i].SiteID == site.ID {
				d.Verdict = &ev.Sites[i]
			}
		}
	}
	page, err := svc.Crawls(rq.ctx, by, portal.CrawlListInput{Site: site.ID.String(), Limit: govops.MaxPageSize})
	if d.CrawlsShown, err = shown(err); err != nil {
		return nil, err
	}
	// The listing runs oldest first: the page shows the latest.
	items := page.Items
	for page.Next != "" {
		if page, err = svc.Crawls(rq.ctx, by, portal.CrawlListInput{Site: site.ID.String(), After: page.Next, Limit: govops.MaxPageSize}); err != nil {
			return nil, err
		}
		items = page.Items
	}
	for i := len(items) - 1; i >= 0 && len(d.Crawls) < portalRecentCrawls; i-- {
		d.Crawls = append(d.Crawls, items[i])
	}
	return d, nil
}

// portalSite shows one site.
func (c *Console) portalSite(rq *request) error {
	d, err := c.portalSiteView(rq, rq.Param("id"))
	if err != nil {
		return err
	}
	return c.page(rq, "portal", "portal_site", d.Site.Name, d)
}

// portalFormInt reads the whole-number field name of a form; "" is 0. A
// value that is no whole number is a problem of name.
func portalFormInt(rq *request, p *govops.Problems, name string) int {
	s := rq.Form(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(name, "请填写整数")
	}
	return n
}

// portalStartCrawl starts a crawl of the site in the background and
// shows its progress.
func (c *Console) portalStartCrawl(rq *request) error {
	ref := rq.Param("id")
	var p govops.Problems
	opts := portal.CrawlOptions{
		MaxPages:    portalFormInt(rq, &p, "options.max_pages"),
		Concurrency: portalFormInt(rq, &p, "options.concurrency"),
		Timeout:     time.Duration(portalFormInt(rq, &p, "options.timeout")) * time.Second,
		SkipContent: rq.Form("options.skip_content") != "",
		RaiseTasks:  rq.Form("options.raise_tasks") != "",
	}
	err := p.Err()
	var cr *portal.Crawl
	if err == nil {
		cr, err = c.svc.Portal.StartCrawl(rq.ctx, rq.Actor(), portal.CrawlInput{Site: ref, Options: opts})
	}
	if err != nil {
		d, rerr := c.portalSiteView(rq, ref)
		if rerr != nil {
			return rerr
		}
		return c.refused(rq, "portal", "portal_site", d.Site.Name, d, portalTimeoutField(err))
	}
	apikit.SetSubject(rq.ctx, cr.ID.String())
	return c.done(rq, "/portal/crawls/"+cr.ID.String(), "已开始巡检")
}

// portalTimeoutField keeps the Service's problem of the timeout, which it
// states as a duration, beside the form's field in seconds.
func portalTimeoutField(err error) error {
	if fs := govops.ErrorFields(err); fs != nil {
		if msg, ok := fs["options.timeout"]; ok {
			fs["options.timeout"] = strings.Replace(msg, "5m0s", "300 秒", 1)
		}
	}
	return err
}

// portalCrawlData is what a crawl's page shows.
type portalCrawlData struct {
	Crawl *portal.Crawl
	Site  *portal.Site
	// Running makes the page refresh itself.
	Running bool
	Meter   template.HTML
	// Kinds counts the findings by kind, in the crawl's kinds' order.
	Kinds    []portalKindCount
	Findings []portal.Finding
	Pager    Pager
}

// portalKindCount is a crawl's count of one kind of finding.
type portalKindCount struct {
	Kind  portal.FindingKind
	Count int
}

// portalCrawl shows a crawl's progress, refreshing itself while it runs,
// and the findings it raised.
func (c *Console) portalCrawl(rq *request) error {
	ref := rq.Param("id")
	if _, err := govops.ParseID("id", ref, "crawl"); err != nil {
		return govops.Errorf(govops.ENOTFOUND, "没有这次巡检：%s", govops.Truncate(ref, 40))
	}
	by, svc := rq.Actor(), c.svc.Portal
	cr, err := svc.Crawl(rq.ctx, by, ref)
	if err != nil {
		return err
	}
	d := portalCrawlData{Crawl: cr, Running: cr.Status == portal.CrawlRunning}
	if d.Site, err = svc.Site(rq.ctx, by, cr.SiteID.String()); err != nil {
		return err
	}
	d.Meter = Meter("已抓取页面", float64(cr.Pages), float64(cr.Pages+cr.Queued))
	for _, k := range portal.CrawlKinds() {
		d.Kinds = append(d.Kinds, portalKindCount{Kind: k, Count: cr.Findings[k]})
	}
	page, err := svc.Findings(rq.ctx, by, portal.FindingListInput{Crawl: cr.ID.String(), After: rq.Query("cursor")})
	if err != nil {
		return err
	}
	d.Findings, d.Pager = page.Items, rq.pager(page.Next)
	return c.page(rq, "portal", "portal_crawl", "网站巡检 · "+d.Site.Name, d)
}
