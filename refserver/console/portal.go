package console

import (
	"net/http"

	"github.com/govops-kit/govops/portal"
)

// portalRoutes are the pages of this group: the government websites and
// new media (网站与新媒体).
func (c *Console) portalRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/portal", h: c.portalOverview},
		{method: http.MethodGet, path: "/portal/findings", h: c.portalFindings},
		{method: http.MethodGet, path: "/portal/sites", h: c.portalSites},
		{method: http.MethodGet, path: "/portal/sites/:id", h: c.portalSite},
		{method: http.MethodPost, path: "/portal/sites/:id/crawl", h: c.portalStartCrawl},
		{method: http.MethodGet, path: "/portal/crawls/:id", h: c.portalCrawl},
	}
}

// portalTabs is the group's sub-navigation, with active marked.
func portalTabs(active string) TabNav {
	return tabNav("网站与新媒体", []Tab{
		{Key: "overview", Label: "整改任务", Path: "/portal"},
		{Key: "findings", Label: "巡检发现", Path: "/portal/findings"},
		{Key: "sites", Label: "网站", Path: "/portal/sites"},
	}, active)
}

// portalOverviewData is what the overview shows: the year's task counts,
// the evaluator's verdict on each site, and the tasks.
type portalOverviewData struct {
	Tabs       TabNav
	Year       opsYear
	Counts     *portal.TaskCounts
	Chart      Chart
	Evaluation *portal.Evaluation
	Filter     map[string]string
	Options    map[string][]option
	Tasks      []portal.Task
	Pager      Pager
}

// portalOverview shows the rectification tasks of a year by kind, the
// single-veto verdict of every site and the tasks, paged and filtered.
func (c *Console) portalOverview(rq *request) error {
	by, svc := rq.Actor(), c.svc.Portal
	counts := map[int]*portal.TaskCounts{}
	year, err := c.pickOpsYear(rq, func(y int) (bool, error) {
		tc, err := svc.TaskCounts(rq.ctx, by, portal.TaskCountInput{Year: y})
		if err != nil {
			return false, err
		}
		counts[y] = tc
		for _, k := range tc.Kinds {
			if k.Opened > 0 || k.Fixed > 0 {
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	d := portalOverviewData{Tabs: portalTabs("overview"), Year: year, Filter: filterOf(rq, "kind", "status", "site"),
		Options: map[string][]option{"kind": labeled(portal.FindingKinds()), "status": labeled(portal.TaskStatuses())}}
	if d.Counts = counts[year.Year]; d.Counts == nil {
		if d.Counts, err = svc.TaskCounts(rq.ctx, by, portal.TaskCountInput{Year: year.Year}); err != nil {
			return err
		}
	}
	d.Chart = Chart{Title: "本年度整改任务（按类型）", Unit: "项"}
	opened, fixed := Series{Name: "新开"}, Series{Name: "已整改"}
	for _, k := range d.Counts.Kinds {
		d.Chart.Labels = append(d.Chart.Labels, k.Kind.Label())
		opened.Values = append(opened.Values, float64(k.Opened))
		fixed.Values = append(fixed.Values, float64(k.Fixed))
	}
	d.Chart.Series = []Series{opened, fixed}
	if d.Evaluation, err = svc.Evaluate(rq.ctx, by, portal.EvaluateInput{}); err != nil {
		return err
	}
	page, err := svc.Tasks(rq.ctx, by, portal.TaskListInput{Site: d.Filter["site"], Kind: portal.FindingKind(d.Filter["kind"]),
		Status: portal.TaskStatus(d.Filter["status"]), After: rq.Query("cursor")})
	if err != nil {
		return c.refused(rq, "portal", "portal_overview", "网站与新媒体", d, err)
	}
	d.Tasks, d.Pager = page.Items, rq.pager(page.Next)
	return c.page(rq, "portal", "portal_overview", "网站与新媒体", d)
}

// portalListData is what a listing of the group shows.
type portalListData[T any] struct {
	Tabs    TabNav
	Filter  map[string]string
	Options map[string][]option
	Items   []T
	Pager   Pager
}

// portalFindings lists the crawls' findings, by kind and site.
func (c *Console) portalFindings(rq *request) error {
	d := portalListData[portal.Finding]{Tabs: portalTabs("findings"), Filter: filterOf(rq, "kind", "site"),
		Options: map[string][]option{"kind": labeled(portal.CrawlKinds())}}
	page, err := c.svc.Portal.Findings(rq.ctx, rq.Actor(), portal.FindingListInput{Site: d.Filter["site"],
		Kind: portal.FindingKind(d.Filter["kind"]), After: rq.Query("cursor")})
	if err != nil {
		return c.refused(rq, "portal", "portal_findings", "巡检发现", d, err)
	}
	d.Items, d.Pager = page.Items, rq.pager(page.Next)
	return c.page(rq, "portal", "portal_findings", "巡检发现", d)
}

// portalSiteRow is a site with the evaluator's verdict on it (nil for a
// site it skips: a closed one).
type portalSiteRow struct {
	portal.Site
	Verdict *portal.SiteVerdict
}

// portalSites lists the sites with their verdicts.
func (c *Console) portalSites(rq *request) error {
	d := portalListData[portalSiteRow]{Tabs: portalTabs("sites"), Filter: filterOf(rq, "status"),
		Options: map[string][]option{"status": labeled([]portal.SiteStatus{portal.SiteActive, portal.SiteClosed})}}
	by := rq.Actor()
	page, err := c.svc.Portal.Sites(rq.ctx, by, portal.SiteListInput{Status: portal.SiteStatus(d.Filter["status"]), After: rq.Query("cursor")})
	if err != nil {
		return c.refused(rq, "portal", "portal_sites", "网站", d, err)
	}
	ev, err := c.svc.Portal.Evaluate(rq.ctx, by, portal.EvaluateInput{})
	if err != nil {
		return err
	}
	verdicts := map[string]*portal.SiteVerdict{}
	for i := range ev.Sites {
		verdicts[ev.Sites[i].SiteID.String()] = &ev.Sites[i]
	}
	for _, s := range page.Items {
		d.Items = append(d.Items, portalSiteRow{Site: s, Verdict: verdicts[s.ID.String()]})
	}
	d.Pager = rq.pager(page.Next)
	return c.page(rq, "portal", "portal_sites", "网站", d)
}
