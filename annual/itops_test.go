package annual_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver"
)

func TestBuild_ITOps(t *testing.T) {
	ctx := context.Background()
	clock := demo.NewClock(netAt(12, 31, 18, 0))
	svc := netServices(t, clock)
	ops := svc.Netops

	// Visits: A's (building) on time; B's (urban) one on time, one late;
	// one of the year before, and one cancelled.
	visit := func(unit string, reported time.Time, response time.Duration) *netops.Visit {
		t.Helper()
		return mustNet(ops.OpenVisit(ctx, netStaff, netops.VisitInput{Ticket: netops.Ticket{Kind: netops.TicketExternal, Ref: "电话"},
			Unit: unit, Technician: "李明", ReportedAt: reported, ArrivedAt: reported.Add(response), ResolvedAt: reported.Add(response + time.Hour)}))
	}
	visit("A", netAt(3, 1, 9, 0), 10*time.Minute)
	visit("B", netAt(3, 2, 9, 0), 30*time.Minute)
	visit("B", netAt(3, 3, 9, 0), 50*time.Minute)
	visit("B", netAt(3, 3, 9, 0).AddDate(-1, 0, 0), 50*time.Minute)
	v := mustNet(ops.OpenVisit(ctx, netStaff, netops.VisitInput{Ticket: netops.Ticket{Kind: netops.TicketExternal, Ref: "电话"},
		Unit: "A", Technician: "李明", ReportedAt: netAt(12, 31, 17, 0)}))
	mustNet(ops.CancelVisit(ctx, netStaff, v.ID.String(), netops.VisitStep{Note: "误报"}))

	// Meetings: two for A and one of the center's in the year, one
	// cancelled, one the year before.
	book := func(dept string, start time.Time, staff string) *netops.Booking {
		t.Helper()
		return mustNet(ops.BookMeeting(ctx, netStaff, netops.BookingInput{Title: "视频会议", Department: dept, Site: "XZDL", Room: "HYS",
			Start: start, End: start.Add(2 * time.Hour), Mode: netops.MeetingVideo, Staff: []string{staff}}))
	}
	book("A", netAt(4, 1, 9, 0), "张伟")
	book("A", netAt(4, 2, 9, 0), "张伟")
	book("", netAt(4, 3, 9, 0), "张伟")
	b := book("B", netAt(4, 4, 9, 0), "张伟")
	mustNet(ops.CancelBooking(ctx, netStaff, b.ID.String(), netops.BookingCancel{Note: "会议取消"}))
	book("A", netAt(4, 1, 9, 0).AddDate(-1, 0, 0), "张伟")

	// Inspections: three in the year, one the year before.
	plan := mustNet(ops.CreatePlan(ctx, netStaff, netops.PlanInput{Name: "机房巡检", Target: netops.Target{Kind: netops.TargetRoom, Site: "XZDL", Room: "JF"},
		Frequency: netops.Monthly, Checklist: []string{"温湿度"}, StartOn: netAt(1, 1, 0, 0).AddDate(-1, 0, 0)}))
	for _, at := range []time.Time{netAt(1, 5, 10, 0).AddDate(-1, 0, 0), netAt(1, 5, 10, 0), netAt(2, 5, 10, 0), netAt(3, 5, 10, 0)} {
		mustNet(ops.RecordInspection(ctx, netStaff, plan.ID.String(), netops.RecordInput{At: at, Results: []netops.CheckResult{{Item: "温湿度", OK: true}}}))
	}

	// The roster: the year covered by three-day shifts but for 90 minutes.
	var shifts []netops.ShiftInput
	from := netAt(1, 1, 0, 0)
	for s := from; s.Before(from.AddDate(1, 0, 0)); s = s.Add(72 * time.Hour) {
		in := netops.ShiftInput{Person: "刘洋", Start: s, End: s.Add(72 * time.Hour)}
		if s.Equal(from.Add(30 * 72 * time.Hour)) {
			in.Start = s.Add(90 * time.Minute)
		}
		shifts = append(shifts, in)
	}
	mustNet(ops.AddShifts(ctx, netStaff, shifts))

	// Devices: one replaced in the year, one retired without a
	// replacement, one in service.
	for _, tag := range []string{"D1", "D2", "D3"} {
		mustNet(ops.AddDevice(ctx, netStaff, netops.DeviceInput{AssetTag: tag, Name: "交换机", Kind: netops.DeviceSwitch, Site: "XZDL",
			PurchasedOn: netAt(3, 1, 0, 0).AddDate(-9, 0, 0)}))
	}
	clock.Set(netAt(6, 1, 10, 0))
	mustNet(ops.PlanReplacement(ctx, netStaff, "D1", netops.ReplacementInput{PlannedOn: netAt(6, 20, 0, 0), Model: "S5735"}))
	clock.Set(netAt(6, 20, 15, 0))
	mustNet(ops.RetireDevice(ctx, netStaff, "D1", netops.DeviceRetire{Note: "已更换"}))
	mustNet(ops.RetireDevice(ctx, netStaff, "D2", netops.DeviceRetire{Note: "损坏报废"}))
	clock.Set(netAt(12, 31, 18, 0))

	r := mustNet(annual.Build(ctx, svc.Annual(), netStaff, 2022))
	netWant(t, r, annual.KeySLABuilding, "15")
	netWant(t, r, annual.KeySLAUrban, "45")
	netWant(t, r, annual.KeySLASuburban, "90")
	netWant(t, r, annual.KeyComplianceBuilding, "100")
	netWant(t, r, annual.KeyComplianceUrban, "50")
	netWant(t, r, annual.KeyComplianceSuburban, "0")
	if f := netFigure(t, r, annual.KeyComplianceUrban); f.Numerator.IntPart() != 1 || f.Denominator.IntPart() != 2 {
		t.Errorf("urban compliance: %s/%s, want 1/2", f.Numerator, f.Denominator)
	}
	netWant(t, r, annual.KeyVisits, "3")
	netWant(t, r, annual.KeyMeetings, "3")
	netWant(t, r, annual.KeyInspections, "3")
	netWant(t, r, annual.KeyRosterUncoveredHours, "1.5")
	netWant(t, r, annual.KeyDevicesReplaced, "1")
	s := netSection(t, r, annual.SectionITOps)
	for _, want := range []string{"上门运维服务3次", "行政大楼内15分钟、市区45分钟、郊区90分钟", "市区50%", "会务支持和视频会议支持3场",
		"例行巡检和清理检查3次", "共1.5小时", "更换老旧设备1台"} {
		if !contains(s.Text, want) {
			t.Errorf("text %q: no %q", s.Text, want)
		}
	}

	t.Run("Department", func(t *testing.T) {
		r := mustNet(annual.Build(ctx, svc.Annual(), govops.Actor{Name: "李强", Department: "B"}, 2022))
		netWant(t, r, annual.KeyVisits, "2")
		netWant(t, r, annual.KeyComplianceUrban, "50")
		netWant(t, r, annual.KeyComplianceBuilding, "0")
		netWant(t, r, annual.KeyMeetings, "0")
		for _, k := range []string{annual.KeyInspections, annual.KeyRosterUncoveredHours, annual.KeyDevicesReplaced} {
			if _, ok := r.Figure(k); ok {
				t.Errorf("%s: a department reads a district-wide figure", k)
			}
		}
		if s := netSection(t, r, annual.SectionITOps); len(s.Notes) != 3 {
			t.Errorf("notes %q: want one for each district-wide figure", s.Notes)
		}
		r = mustNet(annual.Build(ctx, svc.Annual(), govops.Actor{Name: "赵敏", Department: "A"}, 2022))
		netWant(t, r, annual.KeyMeetings, "2")
		netWant(t, r, annual.KeyVisits, "1")
	})
}

// TestBuild_NetopsLinks checks that every figure of the extranet and
// IT-operations sections links to a query the reference server answers.
func TestBuild_NetopsLinks(t *testing.T) {
	ctx := context.Background()
	clock := demo.NewClock(netAt(12, 31, 18, 0))
	svc := netServices(t, clock)
	srv := mustNet(refserver.New(refserver.Config{Logger: slog.New(slog.DiscardHandler)}, svc))
	_, token, err := srv.Registry().IssueToken(ctx, refserver.TokenInput{Name: "值班员", Role: refserver.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	r := mustNet(annual.Build(ctx, svc.Annual(), netStaff, 2022))
	for _, key := range []string{annual.SectionExtranet, annual.SectionITOps} {
		for _, f := range netSection(t, r, key).Figures {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+f.Link, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: GET %s: %d %s", f.Key, f.Link, resp.StatusCode, body)
			}
		}
	}
}
