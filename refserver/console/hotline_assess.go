package console

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// hotlineAssessView is the data of the assessment page: one year, month
// by month, for the district or (a department's session) the department.
type hotlineAssessView struct {
	Tabs  TabNav
	Year  int
	Years []int
	// Asked is whether the year came from the query; otherwise it is the
	// latest year found with data.
	Asked bool
	// Scope names whose rows the table holds: 全区 or the department.
	Scope string
	Dept  bool
	// Rows are the months with data, in order.
	Rows []hotlineMonthRow
	// Summary is the year so far of Scope; District the district's, shown
	// beside a department's own.
	Summary  hotline.YTDAssessment
	District hotline.YTDAssessment
	SatChart template.HTML
	VolChart template.HTML
	// Departments sum up each department over the year (district-wide
	// sessions).
	Departments []hotlineDeptYear
	Schemes     []string
}

// hotlineMonthRow is one month of the table.
type hotlineMonthRow struct {
	Month hotline.Month
	A     hotline.Assessment
	// DistrictSatisfaction is the district's rate that month, beside a
	// department's own.
	DistrictSatisfaction hotlineRate
}

// Rate returns the rate of indicator name ("satisfaction", …) of the row.
func (r hotlineMonthRow) Rate(name string) hotlineRate {
	return hotlineRate{r.A.Indicator(hotline.Indicator(name)).Rate}
}

// Response is the share of dispatched cases answered (事事有回应).
func (r hotlineMonthRow) Response() hotlineRate { return hotlineRate{r.A.Response} }

// Label is the month as 2022年8月.
func (r hotlineMonthRow) Label() string { return r.Month.Label() }

// hotlineDeptYear is one department's year so far.
type hotlineDeptYear struct {
	Name string
	Y    hotline.YTDAssessment
}

// Response is the department's share of dispatched cases answered.
func (d hotlineDeptYear) Response() hotlineRate { return hotlineRate{d.Y.Response} }

// hotlineAssessment shows the monthly assessment of ?year=, or of the
// latest year with data.
func (c *Console) hotlineAssessment(rq *request) error {
	v := hotlineAssessView{Tabs: hotlineTabs(rq.s, "assessment"), Dept: !rq.Actor().DistrictWide()}
	var ytd *hotline.YearToDate
	if q := rq.Query("year"); q != "" {
		y, err := strconv.Atoi(q)
		if err != nil || y < 1900 || y > 9999 {
			return govops.FieldError("year", "年份应为四位数字，例如 2022")
		}
		if ytd, err = c.hotlineYear(rq, y); err != nil {
			return err
		}
		v.Asked = true
	} else {
		years := map[int]*hotline.YearToDate{}
		y, _, err := c.hotlineLatestYear(rq, func(y int) (bool, error) {
			ytd, err := c.hotlineYear(rq, y)
			years[y] = ytd
			return err == nil && len(ytd.Months) > 0, err
		})
		if err != nil {
			return err
		}
		if ytd = years[y]; ytd == nil {
			if ytd, err = c.hotlineYear(rq, y); err != nil {
				return err
			}
		}
	}
	v.Year, v.Years = ytd.Year, c.hotlineYearChoices(ytd.Year)
	v.District, v.Summary, v.Scope = ytd.District, ytd.District, "全区"
	if v.Dept {
		code := rq.Actor().Department
		v.Scope = rq.s.DepartmentName
		if v.Scope == "" {
			v.Scope = code
		}
		v.Summary, _ = ytd.Department(code)
	}
	seen := map[string]bool{}
	for i := range ytd.Monthly {
		ma := &ytd.Monthly[i]
		if !seen[ma.Scheme.Name] {
			seen[ma.Scheme.Name] = true
			v.Schemes = append(v.Schemes, ma.Scheme.Name)
		}
		row := hotlineMonthRow{Month: ma.Month, A: ma.District, DistrictSatisfaction: hotlineRate{ma.District.Satisfaction()}}
		if v.Dept {
			a, ok := ma.Department(rq.Actor().Department)
			if !ok {
				continue
			}
			row.A = a
		}
		v.Rows = append(v.Rows, row)
	}
	v.SatChart, v.VolChart = hotlineCharts(v)
	if !v.Dept {
		codes := make([]string, len(ytd.Departments))
		for i, d := range ytd.Departments {
			codes[i] = d.Department
		}
		names := c.hotlineDeptNames(rq, codes)
		for _, d := range ytd.Departments {
			name := names[d.Department]
			if name == "" {
				name = d.Department
			}
			v.Departments = append(v.Departments, hotlineDeptYear{Name: name, Y: d})
		}
	}
	return c.page(rq, "hotline", "hotline_assess", fmt.Sprintf("12345热线月度考核 %d年", v.Year), v)
}

// hotlineYear reads the year so far of year y: through this month for the
// current year, through December for a past one.
func (c *Console) hotlineYear(rq *request, y int) (*hotline.YearToDate, error) {
	through := hotline.NewMonth(y, time.December)
	if cur := hotline.MonthOf(c.now()); cur.Year == y {
		through = cur
	}
	return c.svc.Hotline.YearToDate(rq.ctx, rq.Actor(), through)
}

// hotlineCharts draws the monthly satisfaction (with the district's
// beside a department's own) and the monthly volume.
func hotlineCharts(v hotlineAssessView) (sat, vol template.HTML) {
	if len(v.Rows) == 0 {
		return "", ""
	}
	labels := make([]string, len(v.Rows))
	own := Series{Name: v.Scope + "满意率"}
	district := Series{Name: "全区满意率"}
	volume := Series{Name: "办件量"}
	lo := 100.0
	for i, r := range v.Rows {
		labels[i] = fmt.Sprintf("%d月", int(r.Month.Month))
		s := r.Rate("satisfaction").Value()
		own.Values = append(own.Values, s)
		district.Values = append(district.Values, r.DistrictSatisfaction.Value())
		volume.Values = append(volume.Values, float64(r.A.Volume))
		lo = math.Min(lo, s)
		if v.Dept {
			lo = math.Min(lo, r.DistrictSatisfaction.Value())
		}
	}
	series := []Series{own}
	if v.Dept {
		series = append(series, district)
	}
	// The rates lie close to 100: the axis starts at the next ten below
	// the lowest, so that a month's dip shows.
	floor := math.Max(0, math.Floor(lo/10)*10-10)
	sat = LineChart(Chart{Title: "月度满意率", Unit: "%", Labels: labels, Series: series, Min: floor, Max: 100})
	vol = BarChart(Chart{Title: "月度办件量", Unit: "件", Labels: labels, Series: []Series{volume}})
	return sat, vol
}

// hotlineRankingView is the data of the ranking page.
type hotlineRankingView struct {
	Tabs    TabNav
	Period  string
	Ranking *hotline.Ranking
	Chart   template.HTML
	Count   int
	// Label is the period as 2022年 or 2022年8月.
	Label string
}

// hotlineRanking shows the city's ranking of the districts for ?period=
// (a year or a month), or for the latest year that has one.
func (c *Console) hotlineRanking(rq *request) error {
	v := hotlineRankingView{Tabs: hotlineTabs(rq.s, "ranking"), Period: rq.Query("period")}
	if v.Period != "" {
		p, err := hotline.ParsePeriod(v.Period)
		if err != nil {
			return err
		}
		if v.Ranking, err = c.svc.Hotline.PeerRanking(rq.ctx, rq.Actor(), p); err != nil {
			return err
		}
	} else {
		rankings := map[int]*hotline.Ranking{}
		y, _, err := c.hotlineLatestYear(rq, func(y int) (bool, error) {
			rk, err := c.svc.Hotline.PeerRanking(rq.ctx, rq.Actor(), hotline.YearPeriod(y))
			rankings[y] = rk
			return err == nil && len(rk.Districts) > 0, err
		})
		if err != nil {
			return err
		}
		if v.Ranking = rankings[y]; v.Ranking == nil {
			if v.Ranking, err = c.svc.Hotline.PeerRanking(rq.ctx, rq.Actor(), hotline.YearPeriod(y)); err != nil {
				return err
			}
		}
		v.Period = v.Ranking.Period.String()
	}
	v.Count, v.Label = len(v.Ranking.Districts), hotlinePeriodLabel(v.Ranking.Period)
	if v.Count > 0 {
		labels := make([]string, v.Count)
		score := Series{Name: "得分"}
		for i, d := range v.Ranking.Districts {
			labels[i] = d.District
			f, _ := d.Score.Float64()
			score.Values = append(score.Values, f)
		}
		v.Chart = BarChart(Chart{Title: "城区得分", Unit: "分", Labels: labels, Series: []Series{score}})
	}
	return c.page(rq, "hotline", "hotline_ranking", "12345热线城区排名", v)
}

// hotlinePeriodLabel writes a period as 2022年 or 2022年8月.
func hotlinePeriodLabel(p hotline.Period) string {
	if p.IsYear() {
		return fmt.Sprintf("%d年", p.Year)
	}
	return hotline.NewMonth(p.Year, p.Month).Label()
}
