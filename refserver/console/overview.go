package console

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/netops"
)

// overviewRoutes are the pages of this group.
func (c *Console) overviewRoutes() []route {
	return []route{{method: http.MethodGet, path: "/", h: c.overview}}
}

// overviewYears is how many years back the year selector looks for data.
const overviewYears = 5

// overviewKPIs are the report's figures the overview shows as tiles, in
// their order. A figure the report lacks (a department's report leaves
// some out) is left out.
var overviewKPIs = []string{
	annual.KeyCasesTotal, annual.KeyCasesResolveOnTime, annual.KeySatisfaction, annual.KeyDeducted,
	annual.KeyRank, annual.KeyLicenseTypesTemplated, annual.KeyLicenseRecords, annual.KeyDataRecords,
	annual.KeyShareRatio, annual.KeyUnitsConnected, annual.KeyVisits,
}

// overviewSections are the report's sections that hold the overview's
// figures. The others (the portal's counts the crawl records, above all)
// are left to the report page: on SQLite, whose one connection runs every
// query in turn, they would take the page past its time.
var overviewSections = map[string]bool{
	annual.SectionExtranet: true, annual.SectionData: true, annual.SectionCommand: true,
	annual.SectionHotline: true, annual.SectionITOps: true,
}

// overviewData is what the overview page shows.
type overviewData struct {
	Year int
	// Years are the years of the selector, newest first.
	Years []yearLink
	// Complete is whether the site has every domain, and so the report.
	Complete bool
	Title    string
	KPIs     []kpi
	Notes    []string

	Cases     Chart
	CasesLink string
	// HasSatisfaction, HasShare and HasSLA say whether the report holds
	// the chart's data.
	HasSatisfaction  bool
	Satisfaction     Chart
	SatisfactionLink string
	HasShare         bool
	Share            share
	ShareLink        string
	HasSLA           bool
	SLA              Chart
	SLALink          string
}

// yearLink is one year of a year selector.
type yearLink struct {
	Year    int
	Link    string
	Current bool
}

// kpi is one tile of the overview.
type kpi struct {
	Key, Label, Value, Rule, Link string
}

// share is a part of a whole, for a meter.
type share struct {
	Label       string
	Part, Whole float64
}

// overview is the landing page: the year so far in figures and charts.
func (c *Console) overview(rq *request) error {
	year, err := c.reportYear(rq)
	if err != nil {
		return err
	}
	by := rq.Actor()
	d := overviewData{Year: year, Complete: c.svc.complete(),
		CasesLink: "/cases" + query("year", strconv.Itoa(year))}

	var (
		rep     *annual.Report
		monthly govcase.MonthlyCounts
		total   govcase.StatsReport
		years   []int
	)
	g, gctx := errgroup.WithContext(rq.ctx)
	if d.Complete {
		g.Go(func() (err error) {
			rep, err = c.overviewReport(gctx, rq.s, year)
			return err
		})
	} else {
		g.Go(func() (err error) {
			total, err = c.svc.Cases.Stats(gctx, by, govcase.StatsFilter{Year: year})
			return err
		})
	}
	g.Go(func() (err error) {
		// One query: the Service counts the year by month and kind.
		monthly, err = c.svc.Cases.MonthlyCounts(gctx, by, year, govcase.StatsFilter{})
		return err
	})
	g.Go(func() (err error) {
		years, err = c.yearsWithCases(gctx, by, year)
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}

	d.Years = yearLinks("/", year, years)
	d.Cases = c.casesChart(year, monthly)
	if rep == nil {
		d.Title = fmt.Sprintf("%d年综合指挥平台案件", year)
		d.KPIs = []kpi{
			{Key: annual.KeyCasesTotal, Label: "流转案件", Value: num(total.Total) + "条", Link: d.CasesLink,
				Rule: fmt.Sprintf("%d年登记的案件，不论当前状态", year)},
			{Key: "cases.dispatched", Label: "已派单", Value: num(total.Dispatched) + "条", Link: d.CasesLink},
		}
		if r := total.ResolveOnTimeRate; r.Applicable {
			d.KPIs = append(d.KPIs, kpi{Key: annual.KeyCasesResolveOnTime, Label: "按时办结率", Value: r.Percent.StringFixed(2) + "%",
				Rule: fmt.Sprintf("%d ÷ %d", r.Numerator, r.Denominator), Link: d.CasesLink})
		}
		return c.page(rq, "overview", "overview", "概览", d)
	}

	d.Title = rep.Title
	for _, s := range rep.Sections {
		d.Notes = append(d.Notes, s.Notes...)
	}
	for _, key := range overviewKPIs {
		if f, ok := rep.Figure(key); ok {
			d.KPIs = append(d.KPIs, kpi{Key: key, Label: f.Label, Value: f.Shown(), Rule: f.Basis(), Link: consoleLink(f.Link, year)})
		}
	}
	d.Satisfaction, d.HasSatisfaction = satisfactionChart(rep)
	d.SatisfactionLink = "/hotline" + query("year", strconv.Itoa(year))
	if f, ok := rep.Figure(annual.KeyShareRatio); ok && f.Numerator != nil && f.Denominator != nil {
		d.HasShare = true
		d.Share = share{Label: f.Label, Part: f.Numerator.InexactFloat64(), Whole: f.Denominator.InexactFloat64()}
		d.ShareLink = consoleLink(f.Link, year)
	}
	d.SLA, d.HasSLA = slaChart(rep)
	d.SLALink = "/netops" + query("year", strconv.Itoa(year))
	return c.page(rq, "overview", "overview", "概览", d)
}

// overviewReport builds the sections of the year's report that the
// overview shows, concurrently, as annual.Build builds them all.
func (c *Console) overviewReport(ctx context.Context, s Session, year int) (*annual.Report, error) {
	var specs []annual.SectionSpec
	for _, sp := range annual.Sections() {
		if overviewSections[sp.Key] {
			specs = append(specs, sp)
		}
	}
	out := make([]annual.Section, len(specs))
	g, gctx := errgroup.WithContext(ctx)
	for i, sp := range specs {
		g.Go(func() error {
			sec, err := sp.Build(gctx, c.svc.Services, s.Actor, year)
			if err != nil {
				return fmt.Errorf("console: report section %s: %w", sp.Key, err)
			}
			sec.Key, sec.Title = sp.Key, sp.Title
			out[i] = sec
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("%d年政务网络服务中心工作情况总结", year)
	if d := s.Actor.Department; d != "" {
		title = fmt.Sprintf("%d年%s政务网络工作情况", year, cmp.Or(s.DepartmentName, d))
	}
	return &annual.Report{Year: year, Department: s.Actor.Department, Title: title, Sections: out}, nil
}

// reportYear is the year the overview and the report show: ?year=, or
// by default this year, or if no case is registered in it the latest year
// that has one.
func (c *Console) reportYear(rq *request) (int, error) {
	if q := rq.Query("year"); q != "" {
		y, err := strconv.Atoi(q)
		if err != nil || y < annual.MinYear || y > annual.MaxYear {
			return 0, govops.Errorf(govops.EINVALID, "年份 %q 无效", q).
				WithField("year", fmt.Sprintf("请填写%d至%d之间的年份", annual.MinYear, annual.MaxYear))
		}
		return y, nil
	}
	this := c.now().In(c.loc).Year()
	by := rq.Actor()
	st, err := c.svc.Cases.Stats(rq.ctx, by, govcase.StatsFilter{Year: this})
	if err != nil {
		return 0, err
	}
	newest := 0
	if st.Total == 0 {
		p, err := c.svc.Cases.List(rq.ctx, by, govcase.ListInput{Limit: 1})
		if err != nil {
			return 0, err
		}
		if len(p.Items) > 0 {
			newest = p.Items[0].Year
		}
	}
	return defaultYear(this, st.Total, newest), nil
}

// defaultYear is the year a page shows when none is asked for: this year
// if it has cases (thisYearCases), else the year of the newest case
// (newest, 0 if there is none), else this year.
func defaultYear(this int, thisYearCases int64, newest int) int {
	if thisYearCases > 0 || newest == 0 || newest > this {
		return this
	}
	return newest
}

// yearsWithCases returns the years, of the overviewYears up to this year
// or the year shown, that have a case the actor sees, newest first: one
// List of one case per year, concurrently.
func (c *Console) yearsWithCases(ctx context.Context, by govops.Actor, shown int) ([]int, error) {
	last := max(c.now().In(c.loc).Year(), shown)
	has := make([]bool, overviewYears)
	g, gctx := errgroup.WithContext(ctx)
	for i := range has {
		g.Go(func() error {
			p, err := c.svc.Cases.List(gctx, by, govcase.ListInput{Filter: govcase.Filter{Year: last - i}, Limit: 1})
			has[i] = len(p.Items) > 0
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []int
	for i, ok := range has {
		if ok {
			out = append(out, last-i)
		}
	}
	return out, nil
}

// yearLinks makes the selector of the years that have data, the year shown
// always among them.
func yearLinks(path string, shown int, years []int) []yearLink {
	seen := false
	var out []yearLink
	for _, y := range years {
		if y < shown && !seen {
			out = append(out, yearLink{Year: shown, Link: path + "?year=" + strconv.Itoa(shown), Current: true})
			seen = true
		}
		if y == shown {
			seen = true
		}
		out = append(out, yearLink{Year: y, Link: path + "?year=" + strconv.Itoa(y), Current: y == shown})
	}
	if !seen {
		out = append(out, yearLink{Year: shown, Link: path + "?year=" + strconv.Itoa(shown), Current: true})
	}
	return out
}

// monthsShown is how many months of year the overview charts: up to this
// month in this year, none in a year to come.
func (c *Console) monthsShown(year int) int {
	now := c.now().In(c.loc)
	switch {
	case year == now.Year():
		return int(now.Month())
	case year > now.Year():
		return 0
	}
	return 12
}

// casesChart stacks the cases of each month by kind.
func (c *Console) casesChart(year int, monthly govcase.MonthlyCounts) Chart {
	ch := Chart{Title: fmt.Sprintf("%d年各月登记案件（按类别）", year), Unit: "件", Stacked: true}
	n := c.monthsShown(year)
	for i := range n {
		ch.Labels = append(ch.Labels, fmt.Sprintf("%d月", i+1))
	}
	for _, k := range c.svc.Cases.Kinds() {
		s := Series{Name: k.Label, Values: make([]float64, n)}
		seen := false
		for i := range n {
			if v, ok := monthly.Months[i][k.Code]; ok {
				s.Values[i] = float64(v)
				seen = true
			}
		}
		if seen {
			ch.Series = append(ch.Series, s)
		}
	}
	return ch
}

// satisfactionChart is the monthly satisfaction rate of the district, or
// of the actor's department, from the series the report's hotline section
// counted; false when no month has a rate.
func satisfactionChart(rep *annual.Report) (Chart, bool) {
	ch := Chart{Title: fmt.Sprintf("%d年每月满意率", rep.Year), Unit: "%", Max: 100}
	var sr annual.Series
	found := false
	for _, sec := range rep.Sections {
		if sr, found = sec.SeriesOf(annual.KeySatisfaction); found {
			break
		}
	}
	if !found || len(sr.Points) == 0 {
		return ch, false
	}
	s := Series{Name: "满意率"}
	lo := 100.0
	for _, p := range sr.Points {
		v := p.Value.InexactFloat64()
		lo = min(lo, v)
		ch.Labels = append(ch.Labels, fmt.Sprintf("%d月", p.Month))
		s.Values = append(s.Values, v)
	}
	// The rates sit in the nineties: an axis from a round ten below the
	// lowest shows their changes.
	ch.Min = float64(int(lo/10) * 10)
	ch.Series = []Series{s}
	return ch, true
}

// slaChart is the on-time response rate of each zone, from the report's
// figures; false when the report has none.
func slaChart(rep *annual.Report) (Chart, bool) {
	ch := Chart{Title: "各区域现场服务按时响应率", Unit: "%", Max: 100}
	s := Series{Name: "按时响应率"}
	for _, z := range []struct {
		key  string
		zone netops.Zone
	}{
		{annual.KeyComplianceBuilding, netops.ZoneBuilding},
		{annual.KeyComplianceUrban, netops.ZoneUrban},
		{annual.KeyComplianceSuburban, netops.ZoneSuburban},
	} {
		f, ok := rep.Figure(z.key)
		if !ok {
			continue
		}
		ch.Labels = append(ch.Labels, z.zone.Label())
		s.Values = append(s.Values, f.Value.InexactFloat64())
	}
	ch.Series = []Series{s}
	return ch, len(s.Values) > 0
}

// consoleLinks map the API's paths (without /api/v1) to the console page
// that lists the same records, longest prefix first; keep says whether
// the API's query carries over (the case list takes the API's filters).
var consoleLinks = []struct {
	api, page string
	keep      bool
	year      bool
}{
	{"/stats/cases", "/cases", true, false},
	{"/cases", "/cases", true, false},
	{"/hotline/peers/ranking", "/hotline/ranking", false, false},
	{"/hotline/deductions", "/hotline/deductions", false, false},
	{"/hotline", "/hotline", false, true},
	{"/licenses/claims", "/licenses/types", false, false},
	{"/licenses", "/licenses", false, false},
	{"/data/catalogs", "/data/catalogs", false, false},
	{"/data/requests", "/data/requests", false, false},
	{"/data", "/data", false, false},
	{"/netops/links", "/netops/links", false, false},
	{"/netops/visits", "/netops/visits", false, false},
	{"/netops/records", "/netops/inspections", false, false},
	{"/netops", "/netops", false, true},
	{"/security", "/security", false, false},
	{"/portal", "/portal", false, false},
}

// consoleLink maps a report figure's API link to the console page that
// lists its records, or to the section's page; the overview when none
// fits.
func consoleLink(api string, year int) string {
	p, q, _ := strings.Cut(strings.TrimPrefix(api, "/api/v1"), "?")
	for _, l := range consoleLinks {
		if p != l.api && !strings.HasPrefix(p, l.api+"/") && !strings.HasPrefix(p, l.api+"-") {
			continue
		}
		switch {
		case l.keep && q != "":
			if v, err := url.ParseQuery(q); err == nil {
				return l.page + "?" + v.Encode()
			}
			return l.page
		case l.year:
			return l.page + "?year=" + strconv.Itoa(year)
		}
		return l.page
	}
	return "/"
}
