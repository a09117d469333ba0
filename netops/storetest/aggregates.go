package storetest

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// agg describes how a netops.Store keeps one versioned aggregate of type
// A, for the checks every versioned aggregate shares (see
// storetestkit.Aggregate).
type agg[A any] = storetestkit.Aggregate[netops.Store, A, netops.EventType, netops.Status]

// aggregate is an agg of any type, for the cases that run a check over
// every aggregate.
type aggregate = storetestkit.Checks[netops.Store]

// aggregates returns every versioned aggregate of netops.Store.
func aggregates() []aggregate {
	return []aggregate{siteAgg(), unitAgg(), linkAgg(), networkAgg(), migrationAgg(), visitAgg(), planAgg(),
		bookingAgg(), shiftAgg(), deviceAgg()}
}

func siteAgg() agg[netops.Site] {
	return agg[netops.Site]{
		Name:  "site",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) netops.Site { return newSite(tb, fmt.Sprintf("S%03d", i)) },
		Sparse: func(a *netops.Site) {
			a.Zone, a.Address, a.Rooms, a.Note = "", "", nil, ""
		},
		Change: func(a *netops.Site) {
			a.Name, a.Zone, a.Address, a.Note = "胜利综合楼", netops.ZoneUrban, "胜利路 9 号", note(20)
			a.Rooms = []netops.Room{{Code: "2F-JF", Name: "二楼机房", Kind: netops.RoomMachine, Floor: "2F"}}
		},
		Scribble: func(a *netops.Site) { a.Rooms[0].Code = "scribbled" },
		Clone:    func(a *netops.Site) netops.Site { c := *a; c.Rooms = slices.Clone(a.Rooms); return c },
		ID:       func(a *netops.Site) *uuid.UUID { return &a.ID },
		Version:  func(a *netops.Site) *int64 { return &a.Version },
		Stamp:    func(a *netops.Site) *time.Time { return &a.UpdatedAt },
		Status:   func(*netops.Site) string { return "" },
		Created:  netops.EventSiteCreated, Updated: netops.EventSiteUpdated,
		Create: func(ctx context.Context, st netops.Store, a *netops.Site, evs []netops.Event) error {
			return st.CreateSite(ctx, a, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Site, evs []netops.Event) error {
			return st.UpdateSite(ctx, a, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Site) (*netops.Site, error) {
			return st.Site(ctx, a.Code)
		},
	}
}

func unitAgg() agg[netops.UnitNet] {
	return agg[netops.UnitNet]{
		Name:   "unit profile",
		Made:   new(atomic.Int64),
		Fresh:  func(tb testing.TB, i int) netops.UnitNet { return newUnit(tb, fmt.Sprintf("lbq-u%03d", i), "XZDL") },
		Sparse: func(a *netops.UnitNet) { a.Room, a.Note = "", "" },
		Change: func(a *netops.UnitNet) {
			a.Site, a.Room, a.Note = "SLZH", "2F-JF", note(21)
		},
		ID:      func(a *netops.UnitNet) *uuid.UUID { return &a.ID },
		Version: func(a *netops.UnitNet) *int64 { return &a.Version },
		Stamp:   func(a *netops.UnitNet) *time.Time { return &a.UpdatedAt },
		Status:  func(*netops.UnitNet) string { return "" },
		Created: netops.EventUnitSet, Updated: netops.EventUnitMoved,
		Create: func(ctx context.Context, st netops.Store, a *netops.UnitNet, evs []netops.Event) error {
			return st.CreateUnits(ctx, []netops.UnitNet{*a}, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.UnitNet, evs []netops.Event) error {
			return st.UpdateUnit(ctx, a, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.UnitNet) (*netops.UnitNet, error) {
			return st.Unit(ctx, a.Unit)
		},
	}
}

func linkAgg() agg[netops.Link] {
	return agg[netops.Link]{
		Name: "link",
		Made: new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) netops.Link {
			return newLink(tb, fmt.Sprintf("lbq-u%03d", i), fmt.Sprintf("CT-%04d", i),
				fmt.Sprintf("10.%d.%d.0/24", i/200, i%200), fmt.Sprintf("2001:db8:%x::/48", i))
		},
		Sparse: func(a *netops.Link) {
			a.Room, a.CircuitID, a.BandwidthMbps, a.VLAN, a.Prefixes, a.Note = "", "", 0, 0, nil, ""
			a.Status, a.Steps = netops.LinkPlanned, netops.LinkSteps{Planned: a.Steps.Planned}
		},
		Change: func(a *netops.Link) {
			a.Site, a.Room, a.Carrier, a.CircuitID = "SLZH", "2F-JF", "中国联通", a.CircuitID+"-B"
			a.Type, a.ViaExtranet, a.Network = netops.LinkInternet, true, ""
			a.BandwidthMbps, a.VLAN, a.Note = 1000, 4094, note(22)
			a.Prefixes = prefixes("172.16.8.0/22", "2001:db8:ffff::/64")
			a.Status = netops.LinkDeprovisioning
			a.Steps.Deprovisioning = at(900)
		},
		Scribble: func(a *netops.Link) { a.Prefixes[0] = netip.MustParsePrefix("192.0.2.0/24") },
		Clone:    func(a *netops.Link) netops.Link { c := *a; c.Prefixes = slices.Clone(a.Prefixes); return c },
		ID:       func(a *netops.Link) *uuid.UUID { return &a.ID },
		Version:  func(a *netops.Link) *int64 { return &a.Version },
		Stamp:    func(a *netops.Link) *time.Time { return &a.UpdatedAt },
		Status:   func(a *netops.Link) string { return string(a.Status) },
		Created:  netops.EventLinkCreated, Updated: netops.EventLinkUpdated,
		Create: func(ctx context.Context, st netops.Store, a *netops.Link, evs []netops.Event) error {
			return st.CreateLinks(ctx, []netops.Link{*a}, netops.Guard{}, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Link, evs []netops.Event) error {
			return st.UpdateLink(ctx, a, netops.Guard{}, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Link) (*netops.Link, error) {
			return st.Link(ctx, a.ID)
		},
	}
}

func networkAgg() agg[netops.Network] {
	return agg[netops.Network]{
		Name:  "network",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) netops.Network { return newNetwork(tb, fmt.Sprintf("GA%03d", i)) },
		Sparse: func(a *netops.Network) {
			a.Authority, a.Note, a.Interconnect = "", "", netops.Interconnect{Mode: netops.InterconnectNone}
		},
		Change: func(a *netops.Network) {
			a.Name, a.Authority, a.Status, a.Note = "人社专网", "柳州市人社局", netops.NetworkRetired, note(23)
			a.Interconnect = netops.Interconnect{Mode: netops.InterconnectFirewall, Site: "SLZH", Room: "2F-JF", Since: day(40), Note: note(24)}
		},
		ID:      func(a *netops.Network) *uuid.UUID { return &a.ID },
		Version: func(a *netops.Network) *int64 { return &a.Version },
		Stamp:   func(a *netops.Network) *time.Time { return &a.UpdatedAt },
		Status:  func(a *netops.Network) string { return string(a.Status) },
		Created: netops.EventNetworkCreated, Updated: netops.EventNetworkUpdated,
		Create: func(ctx context.Context, st netops.Store, a *netops.Network, evs []netops.Event) error {
			return st.CreateNetwork(ctx, a, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Network, evs []netops.Event) error {
			return st.UpdateNetwork(ctx, a, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Network) (*netops.Network, error) {
			return st.Network(ctx, a.Code)
		},
	}
}

func migrationAgg() agg[netops.Migration] {
	return agg[netops.Migration]{
		Name:   "migration",
		Made:   new(atomic.Int64),
		Fresh:  func(tb testing.TB, i int) netops.Migration { return newMigration(tb, fmt.Sprintf("lbq-u%03d", i)) },
		Sparse: func(a *netops.Migration) { a.FromRoom, a.ToRoom, a.Plan, a.Note = "", "", "", "" },
		Change: func(a *netops.Migration) {
			a.ToSite, a.ToRoom, a.PlannedFor, a.Plan = "GYL", "1F", at(660), note(25)
			a.CutoverAt, a.VerifiedAt, a.VerifiedBy = at(700), at(800), "赵工"
			a.Status, a.Note = netops.MigrationVerified, note(26)
		},
		ID:      func(a *netops.Migration) *uuid.UUID { return &a.ID },
		Version: func(a *netops.Migration) *int64 { return &a.Version },
		Stamp:   func(a *netops.Migration) *time.Time { return &a.UpdatedAt },
		Status:  func(a *netops.Migration) string { return string(a.Status) },
		Created: netops.EventMigrationPlanned, Updated: netops.EventMigrationVerified,
		Create: func(ctx context.Context, st netops.Store, a *netops.Migration, evs []netops.Event) error {
			return st.CreateMigration(ctx, a, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Migration, evs []netops.Event) error {
			return st.UpdateMigration(ctx, a, nil, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Migration) (*netops.Migration, error) {
			return st.Migration(ctx, a.ID)
		},
	}
}

func visitAgg() agg[netops.Visit] {
	return agg[netops.Visit]{
		Name:  "visit",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) netops.Visit { return newVisit(tb, fmt.Sprintf("lbq-u%03d", i), i) },
		Sparse: func(a *netops.Visit) {
			a.Ticket, a.Zone, a.Technician, a.Contact, a.ContactPhone, a.Note = netops.Ticket{}, "", "", "", "", ""
		},
		Change: func(a *netops.Visit) {
			a.Technician, a.Contact, a.ContactPhone = "陈工", "李四", "0772-2800000"
			a.ArrivedAt = storetestkit.Micro(a.ReportedAt.Add(50*time.Minute + 700*time.Millisecond))
			a.ResolvedAt = a.ArrivedAt.Add(2 * time.Hour)
			a.Status, a.Note = netops.VisitResolved, note(27)
		},
		ID:      func(a *netops.Visit) *uuid.UUID { return &a.ID },
		Version: func(a *netops.Visit) *int64 { return &a.Version },
		Stamp:   func(a *netops.Visit) *time.Time { return &a.UpdatedAt },
		Status:  func(a *netops.Visit) string { return string(a.Status) },
		Created: netops.EventVisitReported, Updated: netops.EventVisitResolved,
		Create: func(ctx context.Context, st netops.Store, a *netops.Visit, evs []netops.Event) error {
			return st.CreateVisits(ctx, []netops.Visit{*a}, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Visit, evs []netops.Event) error {
			return st.UpdateVisit(ctx, a, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Visit) (*netops.Visit, error) {
			return st.Visit(ctx, a.ID)
		},
	}
}

func planAgg() agg[netops.Plan] {
	return agg[netops.Plan]{
		Name:   "plan",
		Made:   new(atomic.Int64),
		Fresh:  func(tb testing.TB, i int) netops.Plan { return newPlan(tb, fmt.Sprintf("S%03d", i)) },
		Sparse: func(a *netops.Plan) { a.Checklist, a.Assignee, a.Note = nil, "", "" },
		Change: func(a *netops.Plan) {
			a.Name, a.Frequency, a.Assignee = "核心设备季度巡检", netops.Quarterly, "刘工"
			a.Target = netops.Target{Kind: netops.TargetDevice, Site: "SLZH", Device: "ZC-2019-0001"}
			a.Checklist = []string{"风扇", "日志"}
			a.StartOn, a.LastDone, a.NextDue = day(1), day(5), day(95)
			a.Status, a.Note = netops.PlanPaused, note(28)
		},
		Scribble: func(a *netops.Plan) { a.Checklist[0] = "scribbled" },
		Clone:    func(a *netops.Plan) netops.Plan { c := *a; c.Checklist = slices.Clone(a.Checklist); return c },
		ID:       func(a *netops.Plan) *uuid.UUID { return &a.ID },
		Version:  func(a *netops.Plan) *int64 { return &a.Version },
		Stamp:    func(a *netops.Plan) *time.Time { return &a.UpdatedAt },
		Status:   func(a *netops.Plan) string { return string(a.Status) },
		Created:  netops.EventPlanCreated, Updated: netops.EventPlanUpdated,
		Create: func(ctx context.Context, st netops.Store, a *netops.Plan, evs []netops.Event) error {
			return st.CreatePlan(ctx, a, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Plan, evs []netops.Event) error {
			return st.UpdatePlan(ctx, a, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Plan) (*netops.Plan, error) {
			return st.Plan(ctx, a.ID)
		},
	}
}

func bookingAgg() agg[netops.Booking] {
	return agg[netops.Booking]{
		Name:   "booking",
		Made:   new(atomic.Int64),
		Fresh:  func(tb testing.TB, i int) netops.Booking { return newBooking(tb, i*100, i*100+90, "张三", "李四") },
		Sparse: func(a *netops.Booking) { a.Department, a.Staff, a.Note = "", nil, "" },
		Change: func(a *netops.Booking) {
			a.Title, a.Department, a.Room, a.Mode = "现场协调会", "lbq-gaj", "6F-HYS", netops.MeetingOnsite
			a.Start, a.End = a.Start.Add(time.Hour), a.End.Add(2*time.Hour)
			a.Staff = []string{"王五"}
			a.Status, a.Note = netops.BookingCancelled, note(29)
		},
		Scribble: func(a *netops.Booking) { a.Staff[0] = "scribbled" },
		Clone:    func(a *netops.Booking) netops.Booking { c := *a; c.Staff = slices.Clone(a.Staff); return c },
		ID:       func(a *netops.Booking) *uuid.UUID { return &a.ID },
		Version:  func(a *netops.Booking) *int64 { return &a.Version },
		Stamp:    func(a *netops.Booking) *time.Time { return &a.UpdatedAt },
		Status:   func(a *netops.Booking) string { return string(a.Status) },
		Created:  netops.EventBookingCreated, Updated: netops.EventBookingUpdated,
		Create: func(ctx context.Context, st netops.Store, a *netops.Booking, evs []netops.Event) error {
			return st.CreateBooking(ctx, a, netops.Guard{}, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Booking, evs []netops.Event) error {
			return st.UpdateBooking(ctx, a, netops.Guard{}, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Booking) (*netops.Booking, error) {
			return st.Booking(ctx, a.ID)
		},
	}
}

func shiftAgg() agg[netops.Shift] {
	return agg[netops.Shift]{
		Name: "shift",
		Made: new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) netops.Shift {
			return newShift(tb, fmt.Sprintf("值班员%d", i), i*60, i*60+480)
		},
		Sparse: func(a *netops.Shift) { a.Role, a.Note = "", "" },
		Change: func(a *netops.Shift) {
			a.Person, a.Role = "替班员", "带班"
			a.Start, a.End = a.Start.Add(30*time.Minute), a.End.Add(time.Hour)
			a.Status, a.Note = netops.ShiftCancelled, note(30)
		},
		ID:      func(a *netops.Shift) *uuid.UUID { return &a.ID },
		Version: func(a *netops.Shift) *int64 { return &a.Version },
		Stamp:   func(a *netops.Shift) *time.Time { return &a.UpdatedAt },
		Status:  func(a *netops.Shift) string { return string(a.Status) },
		Created: netops.EventShiftAdded, Updated: netops.EventShiftUpdated,
		Create: func(ctx context.Context, st netops.Store, a *netops.Shift, evs []netops.Event) error {
			return st.CreateShifts(ctx, []netops.Shift{*a}, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Shift, evs []netops.Event) error {
			return st.UpdateShift(ctx, a, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Shift) (*netops.Shift, error) {
			return st.Shift(ctx, a.ID)
		},
	}
}

func deviceAgg() agg[netops.Device] {
	return agg[netops.Device]{
		Name:  "device",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) netops.Device { return newDevice(tb, fmt.Sprintf("ZC-2019-%04d", i)) },
		Sparse: func(a *netops.Device) {
			a.Room, a.Vendor, a.Model, a.Serial, a.Note = "", "", "", "", ""
			a.PurchasedOn, a.EndOfLife, a.Replacement = time.Time{}, time.Time{}, netops.Replacement{}
		},
		Change: func(a *netops.Device) {
			a.Name, a.Kind, a.Site, a.Room = "出口防火墙", netops.DeviceFirewall, "SLZH", "2F-JF"
			a.Vendor, a.Model, a.Serial = "深信服", "AF-1000", "SN-0001"
			a.PurchasedOn, a.EndOfLife = day(-100), day(2000)
			a.Replacement = netops.Replacement{PlannedOn: day(1900), Model: "AF-2000", Note: note(31)}
			a.Status, a.Note = netops.DeviceRetired, note(32)
		},
		ID:      func(a *netops.Device) *uuid.UUID { return &a.ID },
		Version: func(a *netops.Device) *int64 { return &a.Version },
		Stamp:   func(a *netops.Device) *time.Time { return &a.UpdatedAt },
		Status:  func(a *netops.Device) string { return string(a.Status) },
		Created: netops.EventDeviceAdded, Updated: netops.EventDeviceUpdated,
		Create: func(ctx context.Context, st netops.Store, a *netops.Device, evs []netops.Event) error {
			return st.CreateDevices(ctx, []netops.Device{*a}, evs)
		},
		Update: func(ctx context.Context, st netops.Store, a *netops.Device, evs []netops.Event) error {
			return st.UpdateDevice(ctx, a, evs)
		},
		Get: func(ctx context.Context, st netops.Store, a *netops.Device) (*netops.Device, error) {
			return st.Device(ctx, a.ID)
		},
		ByKey: func(ctx context.Context, st netops.Store, a *netops.Device) (*netops.Device, error) {
			return st.DeviceByTag(ctx, a.AssetTag)
		},
	}
}
