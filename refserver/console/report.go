package console

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/govops-kit/govops/annual"
)

// reportRoutes are the pages of this group.
func (c *Console) reportRoutes() []route {
	return []route{{method: http.MethodGet, path: "/report", h: c.report}}
}

// reportData is the annual report page: the report laid out for print.
type reportData struct {
	Year     int
	Years    []yearLink
	Title    string
	Scope    string
	Sections []reportSection
	// APILinks are the report in the API's formats.
	APILinks []apiLink
}

type reportSection struct {
	Key, Heading, Title string
	Paragraphs          []string
	Figures             []reportFigure
	Notes               []string
}

type reportFigure struct {
	Key, Label, Shown, Basis, Link, API string
}

type apiLink struct{ Label, Href string }

// report shows the year's work summary (年度工作情况总结), section by
// section, as annual.Build computes it for the session's actor.
func (c *Console) report(rq *request) error {
	year, err := c.reportYear(rq)
	if err != nil {
		return err
	}
	by := rq.Actor()
	rep, err := annual.Build(rq.ctx, c.svc.Services, by, year)
	if err != nil {
		return err
	}
	years, err := c.yearsWithCases(rq.ctx, by, year)
	if err != nil {
		return err
	}
	d := reportData{Year: year, Years: yearLinks("/report", year, years), Title: rep.Title, Scope: "全区"}
	if rep.Department != "" {
		d.Scope = "本单位（" + rep.Department + "）"
	}
	for i, s := range rep.Sections {
		rs := reportSection{Key: s.Key, Heading: annual.Heading(i), Title: s.Title, Paragraphs: s.Paragraphs(), Notes: s.Notes}
		for _, f := range s.Figures {
			rs.Figures = append(rs.Figures, reportFigure{Key: f.Key, Label: f.Label, Shown: f.Shown(), Basis: f.Basis(),
				Link: consoleLink(f.Link, year), API: f.Link})
		}
		d.Sections = append(d.Sections, rs)
	}
	y := strconv.Itoa(year)
	for _, f := range []struct{ label, format string }{{"Markdown", "markdown"}, {"HTML", "html"}, {"JSON", "json"}} {
		d.APILinks = append(d.APILinks, apiLink{Label: f.label, Href: "/api/v1/reports/annual?year=" + y + "&format=" + f.format})
	}
	return c.page(rq, "report", "report", fmt.Sprintf("%d年度报告", year), d)
}
