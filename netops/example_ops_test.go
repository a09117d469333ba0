package netops_test

import (
	"context"
	"fmt"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
)

// The duty roster (7×24 值班) of one day: the report finds the hour nobody
// is on duty, and the person put on two shifts at once.
func ExampleService_Roster() {
	ctx := context.Background()
	sh := govops.ShanghaiLocation()
	at := func(d, h int) time.Time { return time.Date(2022, 3, d, h, 0, 0, 0, sh) }
	svc := netops.NewService(netopsmem.New(), netops.WithNow(func() time.Time { return at(14, 9) }))
	center := govops.Actor{Name: "中心-王芳"}

	_, err := svc.AddShifts(ctx, center, []netops.ShiftInput{
		{Person: "张工", Role: "值班", Start: at(15, 0), End: at(15, 8)},
		{Person: "李工", Role: "值班", Start: at(15, 8), End: at(15, 16)},
		{Person: "李工", Role: "视频保障", Start: at(15, 13), End: at(15, 15)},
		{Person: "王工", Role: "值班", Start: at(15, 17), End: at(16, 0)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := svc.Roster(ctx, center, at(15, 0), at(16, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("covered %d of %d minutes\n", rep.CoveredMinutes, 24*60)
	for _, g := range rep.Uncovered {
		fmt.Printf("uncovered %s–%s (%d minutes)\n", g.Start.In(sh).Format("15:04"), g.End.In(sh).Format("15:04"), g.Minutes())
	}
	for _, d := range rep.DoubleBooked {
		fmt.Printf("%s is on two shifts %s–%s\n", d.Person, d.Overlap.Start.In(sh).Format("15:04"), d.Overlap.End.In(sh).Format("15:04"))
	}
	// Output:
	// covered 1380 of 1440 minutes
	// uncovered 16:00–17:00 (60 minutes)
	// 李工 is on two shifts 13:00–15:00
}

// The on-site response compliance (现场服务响应) of a month: arriving
// exactly when due is on time, a second later is late, and a visit not
// arrived whose due time has passed is overdue.
func ExampleService_Compliance() {
	ctx := context.Background()
	sh := govops.ShanghaiLocation()
	now := time.Date(2022, 3, 31, 18, 0, 0, 0, sh)
	svc := netops.NewService(netopsmem.New(), netops.WithNow(func() time.Time { return now }))
	center := govops.Actor{Name: "中心-王芳"}

	visit := func(zone netops.Zone, tech string, reported time.Time, arrivedAfter time.Duration) {
		in := netops.VisitInput{
			Ticket: netops.Ticket{Kind: netops.TicketCase, Ref: "2022-000123"}, Unit: "QZFJ", Zone: zone,
			Technician: tech, Summary: "外网中断", ReportedAt: reported,
		}
		if arrivedAfter > 0 {
			in.ArrivedAt = reported.Add(arrivedAfter)
		}
		if _, err := svc.OpenVisit(ctx, center, in); err != nil {
			fmt.Println(err)
		}
	}
	day := time.Date(2022, 3, 10, 9, 0, 0, 0, sh)
	visit(netops.ZoneBuilding, "张工", day, 15*time.Minute)                            // on time: exactly due
	visit(netops.ZoneBuilding, "张工", day.Add(time.Hour), 15*time.Minute+time.Second) // late
	visit(netops.ZoneUrban, "李工", day.Add(2*time.Hour), 30*time.Minute)              // on time
	visit(netops.ZoneSuburban, "李工", now.Add(-2*time.Hour), 0)                       // overdue

	rep, err := svc.Compliance(ctx, center, netops.ComplianceInput{
		From: time.Date(2022, 3, 1, 0, 0, 0, 0, sh), To: time.Date(2022, 4, 1, 0, 0, 0, 0, sh)})
	if err != nil {
		fmt.Println(err)
		return
	}
	show := func(name string, r netops.ComplianceRow) {
		avg := "—"
		if r.AvgResponseMinutes.Valid {
			avg = r.AvgResponseMinutes.Decimal.StringFixed(2) + " min"
		}
		fmt.Printf("%-11s %d visits, %d on time, %d late, %d overdue: %s (mean response %s)\n", name, r.Visits, r.OnTime, r.Late, r.Overdue, r.Rate, avg)
	}
	show("total", rep.Total)
	for _, r := range rep.ByZone {
		show(fmt.Sprintf("%s/%d", r.Zone, r.SLAMinutes), r)
	}
	for _, r := range rep.ByTechnician {
		show(r.Technician, r)
	}
	// Output:
	// total       4 visits, 2 on time, 1 late, 1 overdue: 50.00% (mean response 20.01 min)
	// building/15 2 visits, 1 on time, 1 late, 0 overdue: 50.00% (mean response 15.01 min)
	// urban/45    1 visits, 1 on time, 0 late, 0 overdue: 100.00% (mean response 30.00 min)
	// suburban/90 1 visits, 0 on time, 0 late, 1 overdue: 0.00% (mean response —)
	// 张工          2 visits, 1 on time, 1 late, 0 overdue: 50.00% (mean response 15.01 min)
	// 李工          2 visits, 1 on time, 0 late, 1 overdue: 50.00% (mean response 30.00 min)
}
