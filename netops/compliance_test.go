package netops_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// opsComplianceSet opens the hand-built visits of the compliance tests
// (now is 2022-03-14 10:00):
//
//	visit  unit  zone      tech  reported          arrives   counts as
//	b1     QZFJ  building  张工  02-28 23:50       +15m      on time (exactly due), resolved
//	b2     QZFJ  building  张工  03-01 08:00       +15m1s    late
//	b3     QZFJ  building  李工  03-14 09:44       —         overdue (due 09:59)
//	b4     QZFJ  building  李工  03-14 09:50       —         not yet due (due 10:05)
//	u1     WJJ   urban     张工  03-02 10:00       +45m      on time
//	u2     QZFJ  urban     张工  03-02 11:00       +45m1s    late
//	u3     QZFJ  urban     张工  03-03 11:00       —         cancelled: not counted
//	s1     QZFJ  suburban  张工  03-04 09:00       +90m      on time
//	s2     QZFJ  suburban  王工  03-04 10:00       +90m1s    late
//	j1     QZFJ  building  张工  01-20 09:00       +5m       before the period
func opsComplianceSet(tb testing.TB, f *opsFixture) {
	tb.Helper()
	open := func(unit string, zone netops.Zone, tech string, rep time.Time, arrive time.Duration) *netops.Visit {
		in := opsVisitInput()
		in.Unit, in.Zone, in.Technician, in.ReportedAt = unit, zone, tech, rep
		if arrive > 0 {
			in.ArrivedAt = rep.Add(arrive)
		}
		return f.opsOpen(tb, in)
	}
	b1 := open("QZFJ", netops.ZoneBuilding, "张工", opsAt(2022, 2, 28, 23, 50), 15*time.Minute)
	if _, err := f.svc.ResolveVisit(f.ctx, opsCenter(), b1.ID.String(), netops.VisitStep{At: b1.ArrivedAt.Add(time.Hour)}); err != nil {
		tb.Fatal(err)
	}
	open("QZFJ", netops.ZoneBuilding, "张工", opsAt(2022, 3, 1, 8, 0), 15*time.Minute+time.Second)
	open("QZFJ", netops.ZoneBuilding, "李工", opsAt(2022, 3, 14, 9, 44), 0)
	open("QZFJ", netops.ZoneBuilding, "李工", opsAt(2022, 3, 14, 9, 50), 0)
	open("WJJ", netops.ZoneUrban, "张工", opsAt(2022, 3, 2, 10, 0), 45*time.Minute)
	open("QZFJ", netops.ZoneUrban, "张工", opsAt(2022, 3, 2, 11, 0), 45*time.Minute+time.Second)
	u3 := open("QZFJ", netops.ZoneUrban, "张工", opsAt(2022, 3, 3, 11, 0), 0)
	if _, err := f.svc.CancelVisit(f.ctx, opsCenter(), u3.ID.String(), netops.VisitStep{Note: "重复", At: opsAt(2022, 3, 3, 11, 5)}); err != nil {
		tb.Fatal(err)
	}
	open("QZFJ", netops.ZoneSuburban, "张工", opsAt(2022, 3, 4, 9, 0), 90*time.Minute)
	open("QZFJ", netops.ZoneSuburban, "王工", opsAt(2022, 3, 4, 10, 0), 90*time.Minute+time.Second)
	open("QZFJ", netops.ZoneBuilding, "张工", opsAt(2022, 1, 20, 9, 0), 5*time.Minute)
}

// opsRow is the expected figures of one line of the report.
type opsRow struct {
	zone                                             netops.Zone
	tech, month                                      string
	sla                                              int
	visits, arrived, onTime, late, overdue, resolved int64
	rate                                             string // "n/a" for a null rate
	avg                                              string // "" for null
}

func opsCheckRow(tb testing.TB, what string, want opsRow, got netops.ComplianceRow) {
	tb.Helper()
	avg := ""
	if got.AvgResponseMinutes.Valid {
		avg = got.AvgResponseMinutes.Decimal.StringFixed(2)
	}
	if got.Zone != want.zone || got.Technician != want.tech || got.Month != want.month || got.SLAMinutes != want.sla ||
		got.Visits != want.visits || got.Arrived != want.arrived || got.OnTime != want.onTime || got.Late != want.late ||
		got.Overdue != want.overdue || got.Resolved != want.resolved || got.Rate.String() != want.rate || avg != want.avg {
		tb.Errorf("%s:\n got  %s/%s/%s sla %d: %d visits, %d arrived, %d on time, %d late, %d overdue, %d resolved, rate %s, avg %q\n want %s/%s/%s sla %d: %d visits, %d arrived, %d on time, %d late, %d overdue, %d resolved, rate %s, avg %q",
			what, got.Month, got.Zone, got.Technician, got.SLAMinutes, got.Visits, got.Arrived, got.OnTime, got.Late, got.Overdue, got.Resolved, got.Rate, avg,
			want.month, want.zone, want.tech, want.sla, want.visits, want.arrived, want.onTime, want.late, want.overdue, want.resolved, want.rate, want.avg)
	}
}

func opsCheckRows(tb testing.TB, what string, want []opsRow, got []netops.ComplianceRow) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("%s: %d rows, want %d: %+v", what, len(got), len(want), got)
	}
	for i := range want {
		opsCheckRow(tb, what, want[i], got[i])
	}
}

func TestService_Compliance(t *testing.T) {
	f := newOps(t)
	opsComplianceSet(t, f)
	in := netops.ComplianceInput{From: opsAt(2022, 2, 1, 0, 0), To: opsAt(2022, 4, 1, 0, 0)}
	rep, err := f.svc.Compliance(f.ctx, opsCenter(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.AsOf.Equal(opsNow()) || !rep.From.Equal(in.From) || !rep.To.Equal(in.To) {
		t.Fatalf("as of %v, [%v, %v)", rep.AsOf, rep.From, rep.To)
	}
	// Response seconds: 900, 901, 2700, 2701, 5400, 5401 = 18003 over 6
	// arrivals: 50.0083 minutes.
	opsCheckRow(t, "total", opsRow{visits: 8, arrived: 6, onTime: 3, late: 3, overdue: 1, resolved: 1, rate: "42.86%", avg: "50.01"}, rep.Total)
	opsCheckRows(t, "by zone", []opsRow{
		{zone: "building", sla: 15, visits: 4, arrived: 2, onTime: 1, late: 1, overdue: 1, resolved: 1, rate: "33.33%", avg: "15.01"},
		{zone: "urban", sla: 45, visits: 2, arrived: 2, onTime: 1, late: 1, rate: "50.00%", avg: "45.01"},
		{zone: "suburban", sla: 90, visits: 2, arrived: 2, onTime: 1, late: 1, rate: "50.00%", avg: "90.01"},
	}, rep.ByZone)
	opsCheckRows(t, "by technician", []opsRow{
		{tech: "张工", visits: 5, arrived: 5, onTime: 3, late: 2, resolved: 1, rate: "60.00%", avg: "42.01"},
		{tech: "李工", visits: 2, overdue: 1, rate: "0.00%"},
		{tech: "王工", visits: 1, arrived: 1, late: 1, rate: "0.00%", avg: "90.02"},
	}, rep.ByTechnician)
	opsCheckRows(t, "by month", []opsRow{
		{month: "2022-02", visits: 1, arrived: 1, onTime: 1, resolved: 1, rate: "100.00%", avg: "15.00"},
		{month: "2022-03", visits: 7, arrived: 5, onTime: 2, late: 3, overdue: 1, rate: "33.33%", avg: "57.01"},
	}, rep.ByMonth)
	opsCheckRows(t, "by month and zone", []opsRow{
		{month: "2022-02", zone: "building", sla: 15, visits: 1, arrived: 1, onTime: 1, resolved: 1, rate: "100.00%", avg: "15.00"},
		{month: "2022-03", zone: "building", sla: 15, visits: 3, arrived: 1, late: 1, overdue: 1, rate: "0.00%", avg: "15.02"},
		{month: "2022-03", zone: "urban", sla: 45, visits: 2, arrived: 2, onTime: 1, late: 1, rate: "50.00%", avg: "45.01"},
		{month: "2022-03", zone: "suburban", sla: 90, visits: 2, arrived: 2, onTime: 1, late: 1, rate: "50.00%", avg: "90.01"},
	}, rep.ByMonthZone)
	opsCheckRows(t, "rows", []opsRow{
		{month: "2022-02", zone: "building", tech: "张工", sla: 15, visits: 1, arrived: 1, onTime: 1, resolved: 1, rate: "100.00%", avg: "15.00"},
		{month: "2022-03", zone: "building", tech: "张工", sla: 15, visits: 1, arrived: 1, late: 1, rate: "0.00%", avg: "15.02"},
		{month: "2022-03", zone: "building", tech: "李工", sla: 15, visits: 2, overdue: 1, rate: "0.00%"},
		{month: "2022-03", zone: "urban", tech: "张工", sla: 45, visits: 2, arrived: 2, onTime: 1, late: 1, rate: "50.00%", avg: "45.01"},
		{month: "2022-03", zone: "suburban", tech: "张工", sla: 90, visits: 1, arrived: 1, onTime: 1, rate: "100.00%", avg: "90.00"},
		{month: "2022-03", zone: "suburban", tech: "王工", sla: 90, visits: 1, arrived: 1, late: 1, rate: "0.00%", avg: "90.02"},
	}, rep.Rows)

	t.Run("OverdueAsOfNow", func(t *testing.T) {
		// At 10:06 visit b4 (due 10:05) is overdue too.
		f.clock.Advance(6 * time.Minute)
		defer f.clock.Set(opsNow())
		rep, err := f.svc.Compliance(f.ctx, opsCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total.Overdue != 2 || rep.Total.Rate.String() != "37.50%" {
			t.Fatalf("overdue %d, rate %s: want 2, 37.50%%", rep.Total.Overdue, rep.Total.Rate)
		}
	})
	t.Run("BreachesListed", func(t *testing.T) {
		page, err := f.svc.Visits(f.ctx, opsCenter(), netops.VisitListInput{Breached: true, From: in.From, To: in.To})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 4 { // b2, u2, s2 late; b3 overdue
			t.Fatalf("%d breaches, want 4", len(page.Items))
		}
	})
	t.Run("EmptyPeriodListsEveryZone", func(t *testing.T) {
		rep, err := f.svc.Compliance(f.ctx, opsViewer(), netops.ComplianceInput{From: opsAt(2021, 1, 1, 0, 0), To: opsAt(2021, 2, 1, 0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		opsCheckRow(t, "empty total", opsRow{rate: "n/a"}, rep.Total)
		opsCheckRows(t, "empty by zone", []opsRow{
			{zone: "building", sla: 15, rate: "n/a"}, {zone: "urban", sla: 45, rate: "n/a"}, {zone: "suburban", sla: 90, rate: "n/a"},
		}, rep.ByZone)
		if len(rep.ByTechnician)+len(rep.ByMonth)+len(rep.ByMonthZone)+len(rep.Rows) != 0 {
			t.Fatalf("empty period has rows: %+v", rep)
		}
	})
	t.Run("Department", func(t *testing.T) {
		for _, by := range []govops.Actor{opsDept(), opsDeptViewer()} {
			rep, err := f.svc.Compliance(f.ctx, by, in)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Total.Visits != 7 || rep.ByZone[1].Visits != 1 {
				t.Fatalf("%s sees %d visits (%d urban), want its own 7 (1)", opsActorName(by), rep.Total.Visits, rep.ByZone[1].Visits)
			}
			_, err = f.svc.Compliance(f.ctx, by, netops.ComplianceInput{From: in.From, To: in.To, Unit: "WJJ"})
			opsCode(t, err, govops.EFORBIDDEN)
			opsFields(t, err, "unit")
		}
		rep, err := f.svc.Compliance(f.ctx, opsCenter(), netops.ComplianceInput{From: in.From, To: in.To, Unit: "WJJ"})
		if err != nil || rep.Total.Visits != 1 {
			t.Fatalf("center for WJJ: %v, %v", rep, err)
		}
	})
	t.Run("SLAOnRowsIsTheCurrentPromise", func(t *testing.T) {
		g := netops.NewService(f.st, netops.WithNow(f.clock.Now), netops.WithSLA(map[netops.Zone]time.Duration{netops.ZoneBuilding: 20 * time.Minute}))
		rep, err := g.Compliance(f.ctx, opsCenter(), in)
		if err != nil {
			t.Fatal(err)
		}
		// The promise on the row is today's; the visits keep theirs.
		if rep.ByZone[0].SLAMinutes != 20 || rep.ByZone[0].OnTime != 1 {
			t.Fatalf("building: SLA %d, on time %d", rep.ByZone[0].SLAMinutes, rep.ByZone[0].OnTime)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			in     netops.ComplianceInput
			fields []string
		}{
			{"FromToRequired", netops.ComplianceInput{}, []string{"from", "to"}},
			{"ToAfterFrom", netops.ComplianceInput{From: in.To, To: in.From}, []string{"to"}},
			{"AtMost366Days", netops.ComplianceInput{From: in.From, To: in.From.AddDate(0, 0, 367)}, []string{"to"}},
			{"UnitNotACode", netops.ComplianceInput{From: in.From, To: in.To, Unit: " QZFJ"}, []string{"unit"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.svc.Compliance(f.ctx, opsCenter(), tc.in)
				opsCode(t, err, govops.EINVALID)
				opsFields(t, err, tc.fields...)
			})
		}
		if _, err := f.svc.Compliance(f.ctx, opsCenter(), netops.ComplianceInput{From: in.From, To: in.From.AddDate(0, 0, 366)}); err != nil {
			t.Fatalf("366 days: %v", err)
		}
		_, err := f.svc.Compliance(f.ctx, opsBadActor(), in)
		opsFields(t, err, "actor")
	})
}
