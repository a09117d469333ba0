// Package storetest is the conformance suite for netops.Store
// implementations.
//
// Every store that ships with netops runs it, and so should yours:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
//			return &myHarness{}, nil // its MakeStore returns a fresh, empty store
//		})
//	}
//
// The suite builds sites, unit profiles, links, networks, migrations,
// visits, plans, records, bookings, shifts, devices and events itself,
// without the Service, because a Store holds no business rule: it only has
// to keep what it is given, refuse what its keys and guards forbid, and
// find and count exactly. It checks:
//
//   - every field of every aggregate round-trips, times at microsecond
//     precision compared by instant, zero times, lists (a nil list may come
//     back empty), IPv4 and IPv6 prefixes;
//   - ENOTFOUND for what is not stored, ECONFLICT for every taken key: any
//     ID, a site's and a network's code, a unit's profile, a link's
//     (Carrier, CircuitID), a device's asset tag, stored or twice in one
//     batch, with nothing stored; codes are compared byte for byte;
//   - optimistic locking: a stale version is ECONFLICT and a missing record
//     ENOTFOUND on every versioned write, nothing written, and of many
//     writers of one version exactly one wins;
//   - guards: a write holding a stale generation is ECONFLICT and writes
//     nothing, a write that lands moves the generation by one, and of many
//     writers holding one generation exactly one lands, on a scope's first
//     use too;
//   - the trail: each write appends its events in the same atomic step, a
//     refused write leaves none, Events returns them in Seq order, and an
//     event ID and an event's (Subject, Seq) are stored once;
//   - OverlappingPrefixes (contains, contained, equal, disjoint, IPv4 beside
//     IPv6, another address space, decommissioned links ignored) against a
//     brute-force reference, LivePrefixes and ConnectedUnits;
//   - VisitGroups against a count over the Visits listing, cancelled
//     visits left out;
//   - every filter, the ordering and the keyset pagination of every
//     listing against a brute-force reference, the time-overlap windows of
//     Bookings and Shifts included;
//   - UpdateMigration (the migration and the unit's profile, both or
//     neither) and AddRecord (the record and its plan, both or neither);
//   - every method failing with EINTERNAL on a cancelled context, without
//     writing.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to. The suite's own test runs it over stores that each break
// one rule and requires that the case meant for that rule, and only it,
// fails.
package storetest

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (netops.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file netops-<dialect> in the folder
// named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that the suite
// ran on each database rather than being skipped. This suite has no
// optional capability: every case applies to every store.
type Harness = storetestkit.Harness[netops.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[netops.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "netops", newHarness, cases{})
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[netops.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2022, 8, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

// at returns the instant n minutes after baseTime, as a Service stamps it.
func at(n int) time.Time { return storetestkit.Micro(baseTime().Add(time.Duration(n) * time.Minute)) }

// day returns midnight UTC n days after 2022-03-01.
func day(n int) time.Time { return time.Date(2022, 3, 1+n, 0, 0, 0, 0, time.UTC) }

// note is free text with the characters a store must keep: quotes,
// backslashes, newlines and Chinese.
func note(n int) string {
	return fmt.Sprintf("第%d条: \"备注\" \\ 旧 → 新\n第二行\t制表", n)
}

// event returns the event of subject's change to version seq.
func event(tb testing.TB, subject uuid.UUID, seq int64, typ netops.EventType, from, to string) netops.Event {
	tb.Helper()
	return netops.Event{ID: storetestkit.NewID(tb), Subject: subject, Seq: seq, Type: typ, Actor: "中心-王",
		ActorDept: "lbq-wlzx", At: at(int(seq) * 60), From: netops.Status(from), To: netops.Status(to),
		Department: "lbq-scjg", Note: note(int(seq)), Attachments: []string{"割接方案.pdf", "附件 2.docx"}}
}

// newSite returns a site at version 1 with every field set.
func newSite(tb testing.TB, code string) netops.Site {
	tb.Helper()
	return netops.Site{ID: storetestkit.NewID(tb), Code: code, Name: "行政大楼", Zone: netops.ZoneBuilding,
		Address: "柳州市柳北区胜利路 1 号",
		Rooms: []netops.Room{
			{Code: "3F-JF", Name: "三楼机房", Kind: netops.RoomMachine, Floor: "3F"},
			{Code: "5F-HYS", Name: "五楼会议室", Kind: netops.RoomMeeting, Floor: "5F"},
			{Code: "B1", Name: "", Kind: netops.RoomOther, Floor: ""},
		},
		Note: note(1), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newUnit returns the profile of unit at version 1, at site.
func newUnit(tb testing.TB, unit, site string) netops.UnitNet {
	tb.Helper()
	return netops.UnitNet{ID: storetestkit.NewID(tb), Unit: unit, Site: site, Room: "3F-JF", Note: note(2),
		Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// prefixes parses ps.
func prefixes(ps ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ps))
	for i, p := range ps {
		out[i] = netip.MustParsePrefix(p)
	}
	return out
}

// newLink returns an active extranet link of unit at version 1 with every
// field set, carrying ps.
func newLink(tb testing.TB, unit, circuit string, ps ...string) netops.Link {
	tb.Helper()
	return netops.Link{ID: storetestkit.NewID(tb), Unit: unit, Site: "XZDL", Room: "3F-JF", Carrier: "中国电信",
		CircuitID: circuit, Type: netops.LinkExtranet, BandwidthMbps: 100, VLAN: 120, Prefixes: prefixes(ps...),
		Status: netops.LinkActive, Steps: netops.LinkSteps{Planned: at(0), Provisioning: at(10), Active: at(20)},
		Note: note(3), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newNetwork returns a network at version 1 with every field set.
func newNetwork(tb testing.TB, code string) netops.Network {
	tb.Helper()
	return netops.Network{ID: storetestkit.NewID(tb), Code: code, Name: "公安视频专网", Authority: "柳州市公安局",
		Interconnect: netops.Interconnect{Mode: netops.InterconnectGatekeeper, Site: "XZDL", Room: "3F-JF", Since: day(3), Note: note(4)},
		Status:       netops.NetworkActive, Note: note(5), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newMigration returns a planned migration of unit at version 1.
func newMigration(tb testing.TB, unit string) netops.Migration {
	tb.Helper()
	return netops.Migration{ID: storetestkit.NewID(tb), Unit: unit, FromSite: "XZDL", FromRoom: "3F-JF", ToSite: "SLZH",
		ToRoom: "2F-JF", PlannedFor: at(600), Plan: note(6), Status: netops.MigrationPlanned, Note: note(7),
		Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newVisit returns a visit of unit reported at at(n), promised in 45
// minutes, at version 1.
func newVisit(tb testing.TB, unit string, n int) netops.Visit {
	tb.Helper()
	rep := at(n)
	return netops.Visit{ID: storetestkit.NewID(tb), Ticket: netops.Ticket{Kind: netops.TicketCase, Ref: "2022-000123"},
		Unit: unit, Zone: netops.ZoneUrban, Technician: "李工", Summary: note(8), Contact: "张三", ContactPhone: "13800138000",
		ReportedAt: rep, SLAMinutes: 45, DueAt: rep.Add(45 * time.Minute), Month: rep.In(govops.ShanghaiLocation()).Format("2006-01"),
		Status: netops.VisitReported, Note: note(9), Version: 1, CreatedAt: rep, UpdatedAt: rep}
}

// newPlan returns an active monthly plan of a room of site at version 1.
func newPlan(tb testing.TB, site string) netops.Plan {
	tb.Helper()
	return netops.Plan{ID: storetestkit.NewID(tb), Name: "机房月度巡检",
		Target:    netops.Target{Kind: netops.TargetRoom, Site: site, Room: "3F-JF"},
		Frequency: netops.Monthly, Checklist: []string{"温湿度", "UPS 电池", "消防"}, Assignee: "王工",
		StartOn: day(0), NextDue: day(0), Status: netops.PlanActive, Note: note(10), Version: 1,
		CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newRecord returns an inspection of p done at day(n).
func newRecord(tb testing.TB, p *netops.Plan, n int) netops.Record {
	tb.Helper()
	return netops.Record{ID: storetestkit.NewID(tb), Plan: p.ID, Target: p.Target, At: day(n).Add(90 * time.Minute),
		Inspector: "王工", Results: []netops.CheckResult{{Item: "温湿度", OK: true}, {Item: "UPS 电池", OK: false, Note: note(11)}, {Item: "消防", OK: true}},
		Findings: note(12), Passed: false, CreatedAt: baseTime()}
}

// newBooking returns a booking of room 5F-HYS of XZDL for [at(start),
// at(end)), with staff, at version 1.
func newBooking(tb testing.TB, start, end int, staff ...string) netops.Booking {
	tb.Helper()
	return netops.Booking{ID: storetestkit.NewID(tb), Title: "视频调度会", Department: "lbq-scjg", Site: "XZDL", Room: "5F-HYS",
		Start: at(start), End: at(end), Mode: netops.MeetingVideo, Staff: staff, Status: netops.BookingBooked,
		Note: note(13), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newShift returns a scheduled shift of person for [at(start), at(end))
// at version 1.
func newShift(tb testing.TB, person string, start, end int) netops.Shift {
	tb.Helper()
	return netops.Shift{ID: storetestkit.NewID(tb), Person: person, Role: "值班", Start: at(start), End: at(end),
		Status: netops.ShiftScheduled, Note: note(14), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// newDevice returns a device in service at version 1 with every field set.
func newDevice(tb testing.TB, tag string) netops.Device {
	tb.Helper()
	return netops.Device{ID: storetestkit.NewID(tb), AssetTag: tag, Name: "核心交换机", Kind: netops.DeviceSwitch,
		Site: "XZDL", Room: "3F-JF", Vendor: "华为", Model: "S12708", Serial: "2102351931P0J4000123",
		PurchasedOn: day(-2000), EndOfLife: day(190),
		Replacement: netops.Replacement{PlannedOn: day(150), Model: "CE16804", Note: note(15)},
		Status:      netops.DeviceInService, Note: note(16), Version: 1, CreatedAt: baseTime(), UpdatedAt: baseTime()}
}

// requireEvents fails tb unless the events of subject are evs.
func requireEvents(tb testing.TB, st netops.Store, subject uuid.UUID, evs []netops.Event, when string) {
	tb.Helper()
	got, err := st.Events(tb.Context(), subject)
	storetestkit.Must(tb, err, "Events "+when)
	storetestkit.RequireEqual(tb, evs, got, fmt.Sprintf("events of %s %s", subject, when))
}

// requireGot fails tb unless get returns want.
func requireGot[T any](tb testing.TB, want T, got *T, err error, what string) {
	tb.Helper()
	storetestkit.Must(tb, err, what)
	storetestkit.RequireEqual(tb, want, *got, what)
}

// requireMissing fails tb unless err is ENOTFOUND.
func requireMissing(tb testing.TB, err error, what string) {
	tb.Helper()
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, what)
}

// created returns the created event of subject.
func created(tb testing.TB, subject uuid.UUID, typ netops.EventType, to string) []netops.Event {
	tb.Helper()
	return []netops.Event{event(tb, subject, 1, typ, "", to)}
}
