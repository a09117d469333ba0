package console

import (
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// netopsListData is what a listing of the group shows: its filters as
// asked, the choices of its selects, the page's items and its pager.
type netopsListData[T any] struct {
	Tabs    TabNav
	Filter  map[string]string
	Options map[string][]option
	Items   []T
	Pager   Pager
	// Now is when overdue marks are judged.
	Now time.Time
}

// filterOf returns the query parameters names as the filter form shows
// them.
func filterOf(rq *request, names ...string) map[string]string {
	f := make(map[string]string, len(names))
	for _, n := range names {
		f[n] = rq.Query(n)
	}
	return f
}

// netopsLinks lists the links, by the filters the Service offers.
func (c *Console) netopsLinks(rq *request) error {
	d := netopsListData[netops.Link]{Tabs: netopsTabs("links"),
		Filter:  filterOf(rq, "unit", "site", "type", "status", "network", "self_built"),
		Options: map[string][]option{"type": labeled(netops.LinkTypes()), "status": labeled(netops.LinkStatuses())}}
	in := netops.LinkListInput{Unit: d.Filter["unit"], Site: d.Filter["site"], Type: netops.LinkType(d.Filter["type"]),
		Status: netops.LinkStatus(d.Filter["status"]), Network: d.Filter["network"], SelfBuilt: d.Filter["self_built"] != "",
		Cursor: rq.Query("cursor")}
	page, err := c.svc.Netops.Links(rq.ctx, rq.Actor(), in)
	if err != nil {
		return c.refused(rq, "netops", "netops_links", "外网线路", d, netopsRenameField(err, "department", "unit"))
	}
	d.Items, d.Pager = page.Items, rq.pager(page.Next)
	return c.page(rq, "netops", "netops_links", "外网线路", d)
}

// netopsRenameField moves the problem of field from to field to, as the link
// listing names the unit filter "department" in its refusal.
func netopsRenameField(err error, from, to string) error {
	fs := govops.ErrorFields(err)
	if p, ok := fs[from]; ok {
		delete(fs, from)
		fs[to] = p
	}
	return err
}

// netopsVisit is a visit with its SLA outcome as of the page's clock.
type netopsVisit struct {
	netops.Visit
	Outcome, Badge string
}

// netopsOutcome judges v's promise as of now.
func netopsOutcome(v netops.Visit, now time.Time) netopsVisit {
	out := netopsVisit{Visit: v}
	switch {
	case v.Status == netops.VisitCancelled:
		out.Outcome, out.Badge = "已取消", ""
	case v.OnTime():
		out.Outcome, out.Badge = "按时到场", "ok"
	case !v.ArrivedAt.IsZero():
		out.Outcome, out.Badge = "超时到场", "bad"
	case v.Breached(now):
		out.Outcome, out.Badge = "超时未到场", "bad"
	default:
		out.Outcome, out.Badge = "未到时限", "warn"
	}
	return out
}

// netopsVisits lists the on-site visits with their SLA outcome.
func (c *Console) netopsVisits(rq *request) error {
	d := netopsListData[netopsVisit]{Tabs: netopsTabs("visits"),
		Filter:  filterOf(rq, "unit", "zone", "status", "technician", "from", "to", "breached"),
		Options: map[string][]option{"zone": labeled(netops.Zones()), "status": labeled(netops.VisitStatuses())}}
	var p govops.Problems
	in := netops.VisitListInput{Unit: d.Filter["unit"], Zone: netops.Zone(d.Filter["zone"]), Status: netops.VisitStatus(d.Filter["status"]),
		Technician: d.Filter["technician"], From: c.queryDay(rq, &p, "from", false), To: c.queryDay(rq, &p, "to", true),
		Breached: d.Filter["breached"] != "", Cursor: rq.Query("cursor")}
	if err := p.Err(); err != nil {
		return c.refused(rq, "netops", "netops_visits", "现场服务", d, err)
	}
	page, err := c.svc.Netops.Visits(rq.ctx, rq.Actor(), in)
	if err != nil {
		return c.refused(rq, "netops", "netops_visits", "现场服务", d, err)
	}
	now := c.now()
	for _, v := range page.Items {
		d.Items = append(d.Items, netopsOutcome(v, now))
	}
	d.Pager = rq.pager(page.Next)
	return c.page(rq, "netops", "netops_visits", "现场服务", d)
}

// netopsPlan is an inspection plan with its overdue mark.
type netopsPlan struct {
	netops.Plan
	// DaysOverdue is how many whole days its next inspection is past due;
	// Overdue is set when it is (an active plan whose NextDue passed).
	Overdue     bool
	DaysOverdue int
}

// netopsInspections lists the inspection plans, the overdue ones marked.
func (c *Console) netopsInspections(rq *request) error {
	d := netopsListData[netopsPlan]{Tabs: netopsTabs("inspections"),
		Filter:  filterOf(rq, "status", "site"),
		Options: map[string][]option{"status": labeled([]netops.PlanStatus{netops.PlanActive, netops.PlanPaused})}}
	in := netops.PlanListInput{Status: netops.PlanStatus(d.Filter["status"]), Site: d.Filter["site"], Cursor: rq.Query("cursor")}
	page, err := c.svc.Netops.Plans(rq.ctx, rq.Actor(), in)
	if err != nil {
		return c.refused(rq, "netops", "netops_inspections", "巡检计划", d, err)
	}
	now := c.now()
	for _, pl := range page.Items {
		np := netopsPlan{Plan: pl}
		if pl.Status == netops.PlanActive && !pl.NextDue.IsZero() && pl.NextDue.Before(now) {
			np.Overdue, np.DaysOverdue = true, int(now.Sub(pl.NextDue)/(24*time.Hour))
		}
		d.Items = append(d.Items, np)
	}
	d.Pager = rq.pager(page.Next)
	return c.page(rq, "netops", "netops_inspections", "巡检计划", d)
}
