package console

import (
	"html/template"
	"net/http"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/netops"
)

// netopsRoutes are the pages of this group: the extranet and its IT
// operations (外网与运维).
func (c *Console) netopsRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/netops", h: c.netopsOverview},
		{method: http.MethodGet, path: "/netops/links", h: c.netopsLinks},
		{method: http.MethodGet, path: "/netops/visits", h: c.netopsVisits},
		{method: http.MethodGet, path: "/netops/inspections", h: c.netopsInspections},
	}
}

// netopsTabs is the group's sub-navigation, with active marked.
func netopsTabs(active string) TabNav {
	return tabNav("外网与运维", []Tab{
		{Key: "overview", Label: "总览", Path: "/netops"},
		{Key: "links", Label: "线路", Path: "/netops/links"},
		{Key: "visits", Label: "现场服务", Path: "/netops/visits"},
		{Key: "inspections", Label: "巡检计划", Path: "/netops/inspections"},
	}, active)
}

// netopsZone is one zone's line of the response compliance.
type netopsZone struct {
	Zone netops.Zone
	Row  netops.ComplianceRow
}

// Due is how many of the zone's visits were due: arrived, or overdue.
func (z netopsZone) Due() int64 { return z.Row.Arrived + z.Row.Overdue }

// netopsOverviewData is what the overview shows.
type netopsOverviewData struct {
	Tabs TabNav
	Year opsYear
	// AsOf is the instant the state figures are read at: the year's end,
	// or now while it runs.
	AsOf       time.Time
	Coverage   *netops.Coverage // nil: not the session's to see
	Compliance *netops.ComplianceReport
	Zones      []netopsZone
	Chart      Chart
	// Roster is nil when not the session's to see, or the year has not
	// begun.
	Roster *netops.RosterReport
	// Gaps are the first uncovered intervals shown, of len(Roster.Uncovered).
	Gaps           []netops.Interval
	UncoveredHours string
	// TotalDue is how many of the year's visits were due.
	TotalDue        int64
	CoverageMeter   template.HTML
	Overdue         []netops.OverdueInspection
	OverdueVisible  bool
	CoverageVisible bool
}

// netopsMaxGaps bounds the uncovered intervals listed on the overview;
// their count and total are always whole.
const netopsMaxGaps = 50

// netopsOverview shows the extranet's coverage, the response compliance
// by zone, the duty roster's gaps and the overdue inspections of a year.
func (c *Console) netopsOverview(rq *request) error {
	by, svc := rq.Actor(), c.svc.Netops
	reports := map[int]*netops.ComplianceReport{}
	compliance := func(year int) (*netops.ComplianceReport, error) {
		if r, ok := reports[year]; ok {
			return r, nil
		}
		from, to := opsYear{Year: year}.span(c.loc)
		r, err := svc.Compliance(rq.ctx, by, netops.ComplianceInput{From: from, To: to})
		if err != nil {
			return nil, err
		}
		reports[year] = r
		return r, nil
	}
	year, err := c.pickOpsYear(rq, func(y int) (bool, error) {
		r, err := compliance(y)
		if err != nil {
			return false, err
		}
		return r.Total.Visits > 0, nil
	})
	if err != nil {
		return err
	}
	d := netopsOverviewData{Tabs: netopsTabs("overview"), Year: year}
	from, to := year.span(c.loc)
	now := c.now()
	d.AsOf = to
	if now.Before(to) {
		d.AsOf = now
	}
	if d.Compliance, err = compliance(year.Year); err != nil {
		return err
	}
	d.TotalDue = d.Compliance.Total.Arrived + d.Compliance.Total.Overdue
	d.Chart = Chart{Title: "各区域现场服务按时到场", Unit: "次"}
	ontime, due := Series{Name: "按时到场"}, Series{Name: "应到场（已到场＋超时未到）"}
	for _, r := range d.Compliance.ByZone {
		z := netopsZone{Zone: r.Zone, Row: r}
		d.Zones = append(d.Zones, z)
		d.Chart.Labels = append(d.Chart.Labels, r.Zone.Label())
		ontime.Values = append(ontime.Values, float64(r.OnTime))
		due.Values = append(due.Values, float64(z.Due()))
	}
	d.Chart.Series = []Series{ontime, due}

	cov, err := svc.CoverageAt(rq.ctx, by, d.AsOf)
	if d.CoverageVisible, err = shown(err); err != nil {
		return err
	}
	if cov != nil {
		d.Coverage = cov
		d.CoverageMeter = Meter("外网覆盖率", float64(cov.Connected), float64(cov.Units))
	}
	if end := d.AsOf.Truncate(time.Minute); end.After(from) {
		r, err := svc.Roster(rq.ctx, by, from, end)
		ok, err := shown(err)
		if err != nil {
			return err
		}
		if ok {
			d.Roster = r
			var minutes int64
			for _, g := range r.Uncovered {
				minutes += g.Minutes()
			}
			d.UncoveredHours = hoursOf(minutes)
			d.Gaps = r.Uncovered[:min(len(r.Uncovered), netopsMaxGaps)]
		}
	}
	overdue, err := svc.OverdueInspections(rq.ctx, by)
	if d.OverdueVisible, err = shown(err); err != nil {
		return err
	}
	d.Overdue = overdue
	return c.page(rq, "netops", "netops_overview", "外网与运维", d)
}

// hoursOf writes minutes as hours, rounded half-up to two decimals.
func hoursOf(minutes int64) string {
	return decimal.NewFromInt(minutes).DivRound(decimal.NewFromInt(60), 2).StringFixed(2)
}
