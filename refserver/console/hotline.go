package console

import (
	"net/http"
	"sort"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/hotline"
)

// The 12345 hotline pages (政府热线考核): the monthly assessment of a year,
// the deductions with their appeals, the city's ranking of the districts,
// and the CSV imports. Every figure is the hotline Service's own; the
// pages only lay it out.

// hotlineRoutes are the pages of this group. The writes the API keeps for
// the admin role (deductions, decisions, imports) are admin routes here
// too; the appeal is open to every role, the Service deciding.
func (c *Console) hotlineRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/hotline", h: c.hotlineAssessment},
		{method: http.MethodGet, path: "/hotline/deductions", h: c.hotlineDeductions},
		{method: http.MethodPost, path: "/hotline/deductions", admin: true, h: c.hotlineDeduct},
		{method: http.MethodGet, path: "/hotline/deductions/:id", h: c.hotlineDeduction},
		{method: http.MethodPost, path: "/hotline/deductions/:id/appeal", h: c.hotlineAppeal},
		{method: http.MethodPost, path: "/hotline/deductions/:id/decision", admin: true, h: c.hotlineDecide},
		{method: http.MethodGet, path: "/hotline/ranking", h: c.hotlineRanking},
		{method: http.MethodGet, path: "/hotline/import", admin: true, h: c.hotlineImportPage},
		{method: http.MethodPost, path: "/hotline/import/:kind", admin: true, h: c.hotlineImport},
	}
}

// hotlineTabs is the sub-navigation a session sees, with active marked.
func hotlineTabs(s Session, active string) TabNav {
	tabs := []Tab{
		{Key: "assessment", Label: "月度考核", Path: "/hotline"},
		{Key: "deductions", Label: "扣分与复核", Path: "/hotline/deductions"},
		{Key: "ranking", Label: "城区排名", Path: "/hotline/ranking"},
	}
	if s.Admin() {
		tabs = append(tabs, Tab{Key: "import", Label: "数据导入", Path: "/hotline/import"})
	}
	return tabNav("热线考核", tabs, active)
}

// hotlineOption is one choice of a select.
type hotlineOption struct {
	Value, Label string
}

// hotlineRate shows a Rate: "95.92%" with its fraction, "—" when nothing
// was counted.
type hotlineRate struct{ govops.Rate }

// Text is the percentage, or "—" for a rate with nothing to count.
func (r hotlineRate) Text() string {
	if !r.Applicable {
		return "—"
	}
	return r.Percent.StringFixed(2) + "%"
}

// Value is the percentage as a number, for a chart.
func (r hotlineRate) Value() float64 {
	f, _ := r.Percent.Float64()
	return f
}

// hotlineDeptNames maps each of codes to its department's name, as the
// directory has it; a code the directory does not know is left out.
func (c *Console) hotlineDeptNames(rq *request, codes []string) map[string]string {
	n := c.deptNames(rq)
	names := map[string]string{}
	for _, code := range codes {
		if v := n.known(code); v != "" {
			names[code] = v
		}
	}
	return names
}

// hotlineDeptOptions lists the active departments, by code, for a select.
func (c *Console) hotlineDeptOptions(rq *request) ([]hotlineOption, error) {
	page, err := c.svc.Departments.List(rq.ctx, rq.Actor(), directory.ListInput{
		Filter: directory.Filter{Status: directory.StatusActive}, Limit: govops.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := make([]hotlineOption, len(page.Items))
	for i, d := range page.Items {
		out[i] = hotlineOption{Value: d.Code, Label: d.Name + "（" + d.Code + "）"}
	}
	return out, nil
}

// hotlineRecentYears is how many years back from this one a page
// without a year looks for data, one read each, before it asks the
// newest records which year they count in.
const hotlineRecentYears = 5

// hotlineLatestYear returns the latest year for which has reports data,
// and whether there is one: this year and the years before it
// (hotlineRecentYears in all), then the years of the newest records the
// actor may see (a callback's, a deduction's), for data older than that.
func (c *Console) hotlineLatestYear(rq *request, has func(year int) (bool, error)) (int, bool, error) {
	this := c.now().In(c.loc).Year()
	for y := this; y > this-hotlineRecentYears; y-- {
		ok, err := has(y)
		if err != nil || ok {
			return y, ok, err
		}
	}
	cbs, err := c.svc.Hotline.ListCallbacks(rq.ctx, rq.Actor(), hotline.CallbackFilter{Limit: 1})
	if err != nil {
		return 0, false, err
	}
	ds, err := c.svc.Hotline.ListDeductions(rq.ctx, rq.Actor(), hotline.DeductionFilter{Limit: 1})
	if err != nil {
		return 0, false, err
	}
	var hints []int
	for _, cb := range cbs.Items {
		hints = append(hints, cb.Month.Year)
	}
	for _, d := range ds.Items {
		hints = append(hints, d.Month.Year)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(hints)))
	for i, y := range hints {
		if y > this-hotlineRecentYears || i > 0 && y == hints[i-1] {
			continue
		}
		ok, err := has(y)
		if err != nil || ok {
			return y, ok, err
		}
	}
	return this, false, nil
}

// hotlineYearChoices are the years the year filters offer: the last five,
// and year if it is older.
func (c *Console) hotlineYearChoices(year int) []int {
	this := c.now().In(c.loc).Year()
	var out []int
	for y := this; y > this-5; y-- {
		out = append(out, y)
	}
	if year != 0 && (year > this || year <= this-5) {
		out = append(out, year)
		sort.Sort(sort.Reverse(sort.IntSlice(out)))
	}
	return out
}
