package storetest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// visitFixture returns n visits of 5 units in 3 zones (and none), by 4
// technicians (and none), reported from late January to early April 2022
// (Asia/Shanghai), some on the first hour of a month in Shanghai that is
// still the month before in UTC, in every status: not arrived, arrived on
// time (at DueAt exactly, too), late, resolved and cancelled (after
// arriving, too), with arrival times to the microsecond.
func visitFixture(tb testing.TB, n int) []netops.Visit {
	tb.Helper()
	r := rand.New(rand.NewPCG(3, 5))
	sh := govops.ShanghaiLocation()
	zones := []netops.Zone{netops.ZoneBuilding, netops.ZoneUrban, netops.ZoneSuburban, ""}
	techs := []string{"李工", "陈工", "王工", "赵工", ""}
	start := time.Date(2022, 1, 25, 0, 0, 0, 0, sh)
	out := make([]netops.Visit, n)
	for i := range out {
		rep := start.Add(time.Duration(r.Int64N(int64(70*24*time.Hour))) + time.Duration(r.IntN(1e6))*time.Microsecond)
		if i%10 == 0 { // the first hour of a month in Shanghai
			rep = time.Date(2022, time.Month(2+i%3), 1, 0, r.IntN(60), 0, 0, sh)
		}
		rep = storetestkit.Micro(rep)
		sla := []int{15, 45, 90}[r.IntN(3)]
		v := netops.Visit{ID: storetestkit.NewID(tb), Ticket: netops.Ticket{Kind: netops.TicketCase, Ref: fmt.Sprintf("2022-%06d", r.IntN(6))},
			Unit: fmt.Sprintf("lbq-%c", 'a'+r.IntN(5)), Zone: zones[r.IntN(len(zones))], Technician: techs[r.IntN(len(techs))],
			Summary: "网络中断", Contact: "张三", ContactPhone: "13800138000",
			ReportedAt: rep, SLAMinutes: sla, DueAt: rep.Add(time.Duration(sla) * time.Minute), Month: rep.In(sh).Format("2006-01"),
			Status: netops.VisitReported, Version: 1, CreatedAt: rep, UpdatedAt: rep}
		arrive := func() {
			switch r.IntN(3) {
			case 0:
				v.ArrivedAt = v.DueAt
			case 1:
				v.ArrivedAt = storetestkit.Micro(rep.Add(time.Duration(r.Int64N(int64(v.DueAt.Sub(rep))))))
			default:
				v.ArrivedAt = storetestkit.Micro(v.DueAt.Add(time.Duration(1 + r.Int64N(int64(3*time.Hour)))))
			}
		}
		switch r.IntN(6) {
		case 0, 1:
		case 2:
			arrive()
			v.Status = netops.VisitArrived
		case 3, 4:
			arrive()
			v.ResolvedAt = v.ArrivedAt.Add(time.Hour)
			v.Status = netops.VisitResolved
		default:
			if r.IntN(2) == 0 {
				arrive()
			}
			v.Status = netops.VisitCancelled
		}
		out[i] = v
	}
	return out
}

// visitSelected reports whether f selects v, as Visits filters.
func visitSelected(v *netops.Visit, f netops.VisitFilter) bool {
	return (f.Unit == "" || v.Unit == f.Unit) && (f.Zone == "" || v.Zone == f.Zone) &&
		(f.Technician == "" || v.Technician == f.Technician) && (f.Status == "" || v.Status == f.Status) &&
		(f.Ticket == "" || v.Ticket.Ref == f.Ticket) &&
		(f.From.IsZero() || !v.ReportedAt.Before(f.From)) && (f.To.IsZero() || v.ReportedAt.Before(f.To)) &&
		(f.BreachedAsOf.IsZero() || v.Breached(f.BreachedAsOf))
}

// visitFilters returns filters of every field, alone and together, about
// asOf.
func visitFilters(asOf time.Time) map[string]netops.VisitFilter {
	sh := govops.ShanghaiLocation()
	march := time.Date(2022, 3, 1, 0, 0, 0, 0, sh)
	april := time.Date(2022, 4, 1, 0, 0, 0, 0, sh)
	return map[string]netops.VisitFilter{
		"All":           {AsOf: asOf},
		"Unit":          {Unit: "lbq-b", AsOf: asOf},
		"Zone":          {Zone: netops.ZoneSuburban, AsOf: asOf},
		"Technician":    {Technician: "陈工", AsOf: asOf},
		"Status":        {Status: netops.VisitArrived, AsOf: asOf},
		"Cancelled":     {Status: netops.VisitCancelled, AsOf: asOf},
		"Ticket":        {Ticket: "2022-000003", AsOf: asOf},
		"From":          {From: march, AsOf: asOf},
		"To":            {To: march, AsOf: asOf},
		"March":         {From: march, To: april, AsOf: asOf},
		"Breached":      {BreachedAsOf: asOf, AsOf: asOf},
		"Together":      {Unit: "lbq-c", Zone: netops.ZoneUrban, From: march.AddDate(0, -1, 0), To: april, AsOf: asOf},
		"TechAndTicket": {Technician: "李工", Ticket: "2022-000001", AsOf: asOf},
		"None":          {Unit: "lbq-zz", AsOf: asOf},
		"Unaligned":     {From: march.Add(time.Hour), To: april.Add(-time.Microsecond), AsOf: asOf},
		"MonthsZone":    {From: march.AddDate(0, -1, 0), To: april, Zone: netops.ZoneUrban, AsOf: asOf},
	}
}

// TestVisitListing checks Visits: every filter, alone and together,
// ordered by ID and paged by it.
func (cases) TestVisitListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	vs := visitFixture(t, 120)
	storetestkit.Must(t, st.CreateVisits(t.Context(), vs, nil), "CreateVisits")
	asOf := storetestkit.Micro(time.Date(2022, 3, 20, 12, 0, 0, 0, time.UTC))
	// a visit due exactly at asOf has not breached yet.
	edge := newVisit(t, "lbq-a", 0)
	edge.ReportedAt, edge.DueAt = asOf.Add(-45*time.Minute), asOf
	edge.Month = edge.ReportedAt.In(govops.ShanghaiLocation()).Format("2006-01")
	storetestkit.Must(t, st.CreateVisits(t.Context(), []netops.Visit{edge}, nil), "CreateVisits")
	vs = append(vs, edge)
	for name, f := range visitFilters(asOf) {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Visits "+name, vs, func(v *netops.Visit) bool { return visitSelected(v, f) },
				storetestkit.ByID(func(v *netops.Visit) uuid.UUID { return v.ID }),
				func(after uuid.UUID, limit int) ([]netops.Visit, error) {
					return st.Visits(t.Context(), f, after, limit)
				})
		})
	}
}

// groupsOf counts vs as VisitGroups does, as of asOf.
func groupsOf(vs []netops.Visit, f netops.VisitFilter) []netops.VisitGroup {
	type key struct {
		month, tech string
		zone        netops.Zone
	}
	by := map[key]*netops.VisitGroup{}
	var out []*netops.VisitGroup
	for i := range vs {
		v := &vs[i]
		if v.Status == netops.VisitCancelled || !visitSelected(v, f) {
			continue
		}
		k := key{v.Month, v.Technician, v.Zone}
		g := by[k]
		if g == nil {
			g = &netops.VisitGroup{Month: v.Month, Zone: v.Zone, Technician: v.Technician}
			by[k] = g
			out = append(out, g)
		}
		g.Visits++
		if !v.ArrivedAt.IsZero() {
			g.Arrived++
			if v.OnTime() {
				g.OnTime++
			} else {
				g.Late++
			}
			g.ResponseSeconds += int64(v.ArrivedAt.Sub(v.ReportedAt) / time.Second)
		} else if v.DueAt.Before(f.AsOf) {
			g.Overdue++
		}
		if v.Status == netops.VisitResolved {
			g.Resolved++
		}
	}
	res := make([]netops.VisitGroup, len(out))
	for i, g := range out {
		res[i] = *g
	}
	return res
}

func groupKey(g netops.VisitGroup) string { return g.Month + "|" + string(g.Zone) + "|" + g.Technician }

// TestVisitGroups checks VisitGroups against a count of the fixture's
// visits that each filter selects (whole months in Asia/Shanghai and
// other periods, every other filter): one group by (Month, Zone,
// Technician), cancelled visits left out, arrivals on time (at DueAt
// exactly, too) and late, visits overdue as of AsOf (not at it), resolved
// ones and the response seconds summed in whole seconds a visit; and
// after updates, which move visits between the counts and between groups.
// Its subtest Sequences does the same after each of several random
// sequences of writes, concurrent ones included (see visitSequences), and
// requires a store that keeps summaries (govops.SummaryKeeper) to find
// them equal to its visits.
func (cases) TestVisitGroups(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	vs := visitFixture(t, 200)
	storetestkit.Must(t, st.CreateVisits(ctx, vs, nil), "CreateVisits")
	asOf := storetestkit.Micro(time.Date(2022, 3, 20, 12, 0, 0, 0, time.UTC))
	check := func(t *testing.T, when string) {
		for name, f := range visitFilters(asOf) {
			got, err := st.VisitGroups(ctx, f)
			storetestkit.Must(t, err, "VisitGroups "+name)
			storetestkit.RequireGroups(t, groupsOf(vs, f), got, groupKey, "VisitGroups "+name+" "+when)
		}
	}
	check(t, "as created")

	// Arrive, cancel and resolve some, and report one more due exactly at
	// asOf.
	for i := range vs {
		v := &vs[i]
		switch {
		case i%7 == 0 && v.ArrivedAt.IsZero() && v.Status != netops.VisitCancelled:
			v.ArrivedAt = storetestkit.Micro(v.DueAt.Add(-time.Minute + 999999*time.Microsecond))
			v.Status = netops.VisitArrived
		case i%11 == 0 && v.Status != netops.VisitCancelled:
			v.Status = netops.VisitCancelled
		case i%13 == 0 && v.Status == netops.VisitArrived:
			v.ResolvedAt, v.Status = v.ArrivedAt.Add(time.Minute), netops.VisitResolved
		case i%17 == 0:
			v.Technician, v.Zone = "钱工", netops.ZoneBuilding
		default:
			continue
		}
		v.Version++
		storetestkit.Must(t, st.UpdateVisit(ctx, v, nil), "UpdateVisit")
	}
	edge := newVisit(t, "lbq-a", 0)
	edge.ReportedAt, edge.DueAt = asOf.Add(-45*time.Minute), asOf
	edge.Month = edge.ReportedAt.In(govops.ShanghaiLocation()).Format("2006-01")
	storetestkit.Must(t, st.CreateVisits(ctx, []netops.Visit{edge}, nil), "CreateVisits")
	vs = append(vs, edge)
	check(t, "after updates")
	t.Run("Sequences", func(t *testing.T) { visitSequences(t, mk(t)) })
}
