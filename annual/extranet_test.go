package annual_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver"
)

// netAt is a time of 2022 in Shanghai.
func netAt(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2022, month, day, hour, minute, 0, 0, govops.ShanghaiLocation())
}

// netStaff is the center's staff member of the netops tests.
var netStaff = govops.Actor{Name: "王芳"}

// mustNet returns v, and panics (failing the test with the call's stack)
// when err is not nil.
func mustNet[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// netServices returns the Services over fresh in-memory stores, on clock,
// with a directory of units: the offices A (building) and B (urban), the
// office D (urban), the township T (suburban) and its community C.
func netServices(t *testing.T, clock *demo.Clock) refserver.Services {
	t.Helper()
	svc := refserver.Wire(demo.MemStores(), refserver.WireConfig{Now: clock.Now})
	ctx := context.Background()
	for _, in := range []directory.CreateInput{
		{Code: "A", Name: "区数据局", Zone: directory.ZoneBuilding},
		{Code: "B", Name: "区教育局", Zone: directory.ZoneUrban},
		{Code: "D", Name: "区民政局", Zone: directory.ZoneUrban},
		{Code: "T", Name: "长塘镇人民政府", Kind: directory.KindTownship, Zone: directory.ZoneSuburban},
		{Code: "C", Name: "长塘村", Kind: directory.KindVillage, Parent: "T", Zone: directory.ZoneSuburban},
	} {
		mustNet(svc.Departments.Create(ctx, netStaff, in))
	}
	mustNet(svc.Netops.CreateSite(ctx, netStaff, netops.SiteInput{Code: "XZDL", Name: "行政大楼", Zone: netops.ZoneBuilding,
		Rooms: []netops.Room{{Code: "JF", Name: "中心机房", Kind: netops.RoomMachine}, {Code: "HYS", Name: "会议室", Kind: netops.RoomMeeting}}}))
	mustNet(svc.Netops.CreateSite(ctx, netStaff, netops.SiteInput{Code: "NEW", Name: "新大楼", Zone: netops.ZoneUrban,
		Rooms: []netops.Room{{Code: "JF", Name: "机房", Kind: netops.RoomMachine}}}))
	return svc
}

// netFigure returns the figure key of r, failing t when it is missing.
func netFigure(t *testing.T, r *annual.Report, key string) annual.Figure {
	t.Helper()
	f, ok := r.Figure(key)
	if !ok {
		t.Fatalf("%s: missing from the report", key)
	}
	if f.Rule == "" || f.Link == "" || f.Label == "" || f.Unit == "" {
		t.Errorf("%s: label %q, unit %q, rule %q, link %q: each is required", key, f.Label, f.Unit, f.Rule, f.Link)
	}
	return f
}

// netWant checks that the figure key of r is want.
func netWant(t *testing.T, r *annual.Report, key, want string) {
	t.Helper()
	if f := netFigure(t, r, key); !f.Value.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s (%s): %s, want %s", key, f.Label, f.Value, want)
	}
}

// netSection returns the section key of r.
func netSection(t *testing.T, r *annual.Report, key string) annual.Section {
	t.Helper()
	for _, s := range r.Sections {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no section %s", key)
	return annual.Section{}
}

func TestBuild_Extranet(t *testing.T) {
	ctx := context.Background()
	clock := demo.NewClock(netAt(12, 31, 18, 0))
	svc := netServices(t, clock)
	ops := svc.Netops
	link := func(unit string, typ netops.LinkType, circuit string, at time.Time, network string) *netops.Link {
		t.Helper()
		return mustNet(ops.CreateLink(ctx, netStaff, netops.LinkInput{Unit: unit, Site: "XZDL", Room: "JF", Carrier: "中国电信",
			CircuitID: circuit, Type: typ, Network: network, Status: netops.LinkActive, At: at}))
	}
	revoke := func(l *netops.Link, at time.Time) {
		t.Helper()
		mustNet(ops.MoveLink(ctx, netStaff, l.ID.String(), netops.LinkStep{To: netops.LinkDeprovisioning, At: at.Add(-time.Hour)}))
		mustNet(ops.MoveLink(ctx, netStaff, l.ID.String(), netops.LinkStep{To: netops.LinkDecommissioned, At: at, Note: "撤销"}))
	}
	// A, T and C connected (C in the year); B and D not.
	link("A", netops.LinkExtranet, "WW-A", netAt(1, 10, 9, 0).AddDate(-1, 0, 0), "")
	link("T", netops.LinkExtranet, "WW-T", netAt(3, 10, 9, 0), "")
	link("C", netops.LinkExtranet, "WW-C", netAt(9, 10, 9, 0), "")
	// B's extranet link was decommissioned: B is not connected.
	b := link("B", netops.LinkExtranet, "WW-B", netAt(2, 1, 9, 0), "")
	revoke(b, netAt(6, 1, 9, 0))
	// Self-built lines: one revoked in the year, one revoked the year
	// before, one left.
	for i, at := range []time.Time{netAt(5, 10, 10, 0), netAt(5, 10, 10, 0).AddDate(-1, 0, 0), {}} {
		l := link("D", netops.LinkInternet, "ZJ-D-"+string(rune('1'+i)), netAt(1, 5, 9, 0).AddDate(-2, 0, 0), "")
		if !at.IsZero() {
			revoke(l, at)
		}
	}
	// Networks: one interconnected in June, one not.
	for _, n := range []netops.NetworkInput{
		{Code: "SLDL", Name: "视联动力会议网", Authority: "区委政法委",
			Interconnect: netops.Interconnect{Mode: netops.InterconnectRouted, Site: "XZDL", Room: "JF", Since: netAt(6, 13, 10, 0)}},
		{Code: "GA", Name: "公安视频专网", Authority: "公安分局", Interconnect: netops.Interconnect{Mode: netops.InterconnectNone}},
	} {
		mustNet(ops.CreateNetwork(ctx, netStaff, n))
	}
	// Migrations: A moved and verified in the year, T planned only.
	for _, u := range []string{"A", "T"} {
		mustNet(ops.SetUnit(ctx, netStaff, u, netops.UnitInput{Site: "XZDL", Room: "JF"}))
	}
	m := mustNet(ops.PlanMigration(ctx, netStaff, netops.MigrationInput{Unit: "A", ToSite: "NEW", ToRoom: "JF", PlannedFor: netAt(4, 16, 9, 0)}))
	mustNet(ops.CutoverMigration(ctx, netStaff, m.ID.String(), netops.MigrationStep{At: netAt(4, 16, 10, 0)}))
	mustNet(ops.VerifyMigration(ctx, netStaff, m.ID.String(), netops.MigrationStep{At: netAt(4, 18, 10, 0)}))
	mustNet(ops.PlanMigration(ctx, netStaff, netops.MigrationInput{Unit: "T", ToSite: "NEW", PlannedFor: netAt(12, 31, 20, 0)}))

	r := mustNet(annual.Build(ctx, svc.Annual(), netStaff, 2022))
	netWant(t, r, annual.KeyUnitsConnected, "2")
	netWant(t, r, annual.KeyCommunitiesConnected, "1")
	netWant(t, r, annual.KeyCoverage, "60")
	if f := netFigure(t, r, annual.KeyCoverage); f.Numerator.IntPart() != 3 || f.Denominator.IntPart() != 5 {
		t.Errorf("coverage: %s/%s, want 3/5", f.Numerator, f.Denominator)
	}
	netWant(t, r, annual.KeySelfBuiltRevoked, "1")
	netWant(t, r, annual.KeySelfBuiltRemaining, "1")
	netWant(t, r, annual.KeyNetworksConnected, "1")
	netWant(t, r, annual.KeyMigrationsDone, "1")
	s := netSection(t, r, annual.SectionExtranet)
	for _, want := range []string{"2个单位、1个村社区", "接入率60%", "撤销各部门自建互联网线路1条，尚有1条未撤销", "视联动力会议网并入电子政务外网", "完成1个搬迁单位"} {
		if !contains(s.Text, want) {
			t.Errorf("text %q: no %q", s.Text, want)
		}
	}

	t.Run("TheYearBefore", func(t *testing.T) {
		r := mustNet(annual.Build(ctx, svc.Annual(), netStaff, 2021))
		// Only A was connected at the end of 2021.
		netWant(t, r, annual.KeyUnitsConnected, "1")
		netWant(t, r, annual.KeyCommunitiesConnected, "0")
		netWant(t, r, annual.KeyCoverage, "20")
		netWant(t, r, annual.KeySelfBuiltRevoked, "1")
		netWant(t, r, annual.KeySelfBuiltRemaining, "2")
		netWant(t, r, annual.KeyNetworksConnected, "0")
		netWant(t, r, annual.KeyMigrationsDone, "0")
	})

	t.Run("Department", func(t *testing.T) {
		r := mustNet(annual.Build(ctx, svc.Annual(), govops.Actor{Name: "李强", Department: "A"}, 2022))
		for _, k := range []string{annual.KeyUnitsConnected, annual.KeyCoverage, annual.KeySelfBuiltRevoked} {
			if _, ok := r.Figure(k); ok {
				t.Errorf("%s: a department reads a district-wide figure", k)
			}
		}
		netWant(t, r, annual.KeyMigrationsDone, "1")
		if s := netSection(t, r, annual.SectionExtranet); len(s.Notes) < 2 {
			t.Errorf("notes %q: want one for the coverage and one for the campaign", s.Notes)
		}
		r = mustNet(annual.Build(ctx, svc.Annual(), govops.Actor{Name: "李强", Department: "T"}, 2022))
		netWant(t, r, annual.KeyMigrationsDone, "0")
	})
}

// contains reports whether s holds sub.
func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
