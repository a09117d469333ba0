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

// agg describes how a Store keeps one versioned aggregate of type A, for
// the checks every one of them shares (see checks.go).
type agg[A any] struct {
	name string
	// made counts the aggregates make made, so that each has keys of its
	// own in a store shared by a case's checks.
	made *atomic.Int64
	// fresh returns a new aggregate at version 1 with every field set,
	// its unique keys made from i.
	fresh func(tb testing.TB, i int) A
	// sparse blanks every field that may be zero or empty: optional
	// times, lists, free text.
	sparse func(a *A)
	// change sets every field an update may change to another value,
	// replacing lists rather than editing them.
	change func(a *A)
	// scribble edits the lists of a in place, for the checks that a store
	// keeps no value it was given and returns the caller's own; nil for an
	// aggregate without lists.
	scribble func(a *A)
	// clone returns a copy of a that shares no list with it; nil with
	// scribble.
	clone   func(a *A) A
	id      func(a *A) *uuid.UUID
	version func(a *A) *int64
	stamp   func(a *A) *time.Time // UpdatedAt
	status  func(a *A) string
	// created and updated are the types of the events of a creation and
	// of an update.
	created, updated netops.EventType
	create           func(ctx context.Context, st netops.Store, a *A, events []netops.Event) error
	update           func(ctx context.Context, st netops.Store, a *A, events []netops.Event) error
	// get reads the stored aggregate of a's key; byKey, when not nil, by
	// its other key.
	get   func(ctx context.Context, st netops.Store, a *A) (*A, error)
	byKey func(ctx context.Context, st netops.Store, a *A) (*A, error)
}

// make returns a new aggregate at version 1 with every field set, whose
// keys no other of g's has.
func (g agg[A]) make(tb testing.TB) A {
	tb.Helper()
	return g.fresh(tb, int(g.made.Add(1)))
}

// firstEvent returns the event of a's creation.
func (g agg[A]) firstEvent(tb testing.TB, a *A) netops.Event {
	tb.Helper()
	return event(tb, *g.id(a), 1, g.created, "", g.status(a))
}

// next returns the next version of a with every field changed, and the
// event of that version.
func (g agg[A]) next(tb testing.TB, a *A) (*A, netops.Event) {
	tb.Helper()
	n := *a
	g.change(&n)
	*g.version(&n) = *g.version(a) + 1
	*g.stamp(&n) = storetestkit.Micro(g.stamp(a).Add(time.Minute))
	return &n, event(tb, *g.id(a), *g.version(&n), g.updated, g.status(a), g.status(&n))
}

// mustCreate stores a with the event of its creation, and returns it.
func (g agg[A]) mustCreate(tb testing.TB, st netops.Store, a *A) netops.Event {
	tb.Helper()
	ev := g.firstEvent(tb, a)
	storetestkit.Must(tb, g.create(tb.Context(), st, a, []netops.Event{ev}), "create "+g.name)
	return ev
}

// require fails tb unless the stored aggregate of a's key is a, read by
// each of its keys.
func (g agg[A]) require(tb testing.TB, st netops.Store, a *A, when string) {
	tb.Helper()
	got, err := g.get(tb.Context(), st, a)
	requireGot(tb, *a, got, err, fmt.Sprintf("%s %s", g.name, when))
	if g.byKey != nil {
		got, err = g.byKey(tb.Context(), st, a)
		requireGot(tb, *a, got, err, fmt.Sprintf("%s by its other key %s", g.name, when))
	}
}

// requireMissing fails tb unless nothing is stored under a's key.
func (g agg[A]) requireMissing(tb testing.TB, st netops.Store, a *A, when string) {
	tb.Helper()
	_, err := g.get(tb.Context(), st, a)
	requireMissing(tb, err, fmt.Sprintf("%s %s", g.name, when))
	if g.byKey != nil {
		_, err = g.byKey(tb.Context(), st, a)
		requireMissing(tb, err, fmt.Sprintf("%s by its other key %s", g.name, when))
	}
}

// trail returns the description of the aggregate's trail in st that the
// kit's checks take.
func (g agg[A]) trail(st netops.Store) storetestkit.Trail[*A, netops.Event] {
	return storetestkit.Trail[*A, netops.Event]{
		New: func(tb testing.TB) (*A, netops.Event) {
			a := g.make(tb)
			return &a, g.firstEvent(tb, &a)
		},
		Next:    g.next,
		Create:  func(ctx context.Context, a *A, evs []netops.Event) error { return g.create(ctx, st, a, evs) },
		Update:  func(ctx context.Context, a *A, evs []netops.Event) error { return g.update(ctx, st, a, evs) },
		Get:     func(ctx context.Context, a *A) (*A, error) { return g.get(ctx, st, a) },
		Events:  func(ctx context.Context, a *A) ([]netops.Event, error) { return st.Events(ctx, *g.id(a)) },
		Version: func(a *A) int64 { return *g.version(a) },
		Seq:     func(e netops.Event) int64 { return e.Seq },
		EventID: func(e *netops.Event) *uuid.UUID { return &e.ID },
	}
}

// aggregate is an agg of any type, for the cases that run a check over
// every aggregate.
type aggregate interface {
	kind() string
	roundTrip(t *testing.T, st netops.Store)
	copies(t *testing.T, st netops.Store)
	versions(t *testing.T, st netops.Store)
	oneWinner(t *testing.T, st netops.Store)
	uniqueEventIDs(t *testing.T, st netops.Store)
	atomicTrail(t *testing.T, st netops.Store)
	everyWrite(t *testing.T, st netops.Store)
	seqTaken(t *testing.T, st netops.Store)
	refused(t *testing.T, st netops.Store)
	cancelled(t *testing.T, st netops.Store)
}

func (g agg[A]) kind() string { return g.name }

// aggregates returns every versioned aggregate of netops.Store.
func aggregates() []aggregate {
	return []aggregate{siteAgg(), unitAgg(), linkAgg(), networkAgg(), migrationAgg(), visitAgg(), planAgg(),
		bookingAgg(), shiftAgg(), deviceAgg()}
}

func siteAgg() agg[netops.Site] {
	return agg[netops.Site]{
		name:  "site",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) netops.Site { return newSite(tb, fmt.Sprintf("S%03d", i)) },
		sparse: func(a *netops.Site) {
			a.Zone, a.Address, a.Rooms, a.Note = "", "", nil, ""
		},
		change: func(a *netops.Site) {
			a.Name, a.Zone, a.Address, a.Note = "胜利综合楼", netops.ZoneUrban, "胜利路 9 号", note(20)
			a.Rooms = []netops.Room{{Code: "2F-JF", Name: "二楼机房", Kind: netops.RoomMachine, Floor: "2F"}}
		},
		scribble: func(a *netops.Site) { a.Rooms[0].Code = "scribbled" },
		clone:    func(a *netops.Site) netops.Site { c := *a; c.Rooms = slices.Clone(a.Rooms); return c },
		id:       func(a *netops.Site) *uuid.UUID { return &a.ID },
		version:  func(a *netops.Site) *int64 { return &a.Version },
		stamp:    func(a *netops.Site) *time.Time { return &a.UpdatedAt },
		status:   func(*netops.Site) string { return "" },
		created:  netops.EventSiteCreated, updated: netops.EventSiteUpdated,
		create: func(ctx context.Context, st netops.Store, a *netops.Site, evs []netops.Event) error {
			return st.CreateSite(ctx, a, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Site, evs []netops.Event) error {
			return st.UpdateSite(ctx, a, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Site) (*netops.Site, error) {
			return st.Site(ctx, a.Code)
		},
	}
}

func unitAgg() agg[netops.UnitNet] {
	return agg[netops.UnitNet]{
		name:   "unit profile",
		made:   new(atomic.Int64),
		fresh:  func(tb testing.TB, i int) netops.UnitNet { return newUnit(tb, fmt.Sprintf("lbq-u%03d", i), "XZDL") },
		sparse: func(a *netops.UnitNet) { a.Room, a.Note = "", "" },
		change: func(a *netops.UnitNet) {
			a.Site, a.Room, a.Note = "SLZH", "2F-JF", note(21)
		},
		id:      func(a *netops.UnitNet) *uuid.UUID { return &a.ID },
		version: func(a *netops.UnitNet) *int64 { return &a.Version },
		stamp:   func(a *netops.UnitNet) *time.Time { return &a.UpdatedAt },
		status:  func(*netops.UnitNet) string { return "" },
		created: netops.EventUnitSet, updated: netops.EventUnitMoved,
		create: func(ctx context.Context, st netops.Store, a *netops.UnitNet, evs []netops.Event) error {
			return st.CreateUnits(ctx, []netops.UnitNet{*a}, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.UnitNet, evs []netops.Event) error {
			return st.UpdateUnit(ctx, a, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.UnitNet) (*netops.UnitNet, error) {
			return st.Unit(ctx, a.Unit)
		},
	}
}

func linkAgg() agg[netops.Link] {
	return agg[netops.Link]{
		name: "link",
		made: new(atomic.Int64),
		fresh: func(tb testing.TB, i int) netops.Link {
			return newLink(tb, fmt.Sprintf("lbq-u%03d", i), fmt.Sprintf("CT-%04d", i),
				fmt.Sprintf("10.%d.%d.0/24", i/200, i%200), fmt.Sprintf("2001:db8:%x::/48", i))
		},
		sparse: func(a *netops.Link) {
			a.Room, a.CircuitID, a.BandwidthMbps, a.VLAN, a.Prefixes, a.Note = "", "", 0, 0, nil, ""
			a.Status, a.Steps = netops.LinkPlanned, netops.LinkSteps{Planned: a.Steps.Planned}
		},
		change: func(a *netops.Link) {
			a.Site, a.Room, a.Carrier, a.CircuitID = "SLZH", "2F-JF", "中国联通", a.CircuitID+"-B"
			a.Type, a.ViaExtranet, a.Network = netops.LinkInternet, true, ""
			a.BandwidthMbps, a.VLAN, a.Note = 1000, 4094, note(22)
			a.Prefixes = prefixes("172.16.8.0/22", "2001:db8:ffff::/64")
			a.Status = netops.LinkDeprovisioning
			a.Steps.Deprovisioning = at(900)
		},
		scribble: func(a *netops.Link) { a.Prefixes[0] = netip.MustParsePrefix("192.0.2.0/24") },
		clone:    func(a *netops.Link) netops.Link { c := *a; c.Prefixes = slices.Clone(a.Prefixes); return c },
		id:       func(a *netops.Link) *uuid.UUID { return &a.ID },
		version:  func(a *netops.Link) *int64 { return &a.Version },
		stamp:    func(a *netops.Link) *time.Time { return &a.UpdatedAt },
		status:   func(a *netops.Link) string { return string(a.Status) },
		created:  netops.EventLinkCreated, updated: netops.EventLinkUpdated,
		create: func(ctx context.Context, st netops.Store, a *netops.Link, evs []netops.Event) error {
			return st.CreateLinks(ctx, []netops.Link{*a}, netops.Guard{}, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Link, evs []netops.Event) error {
			return st.UpdateLink(ctx, a, netops.Guard{}, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Link) (*netops.Link, error) {
			return st.Link(ctx, a.ID)
		},
	}
}

func networkAgg() agg[netops.Network] {
	return agg[netops.Network]{
		name:  "network",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) netops.Network { return newNetwork(tb, fmt.Sprintf("GA%03d", i)) },
		sparse: func(a *netops.Network) {
			a.Authority, a.Note, a.Interconnect = "", "", netops.Interconnect{Mode: netops.InterconnectNone}
		},
		change: func(a *netops.Network) {
			a.Name, a.Authority, a.Status, a.Note = "人社专网", "柳州市人社局", netops.NetworkRetired, note(23)
			a.Interconnect = netops.Interconnect{Mode: netops.InterconnectFirewall, Site: "SLZH", Room: "2F-JF", Since: day(40), Note: note(24)}
		},
		id:      func(a *netops.Network) *uuid.UUID { return &a.ID },
		version: func(a *netops.Network) *int64 { return &a.Version },
		stamp:   func(a *netops.Network) *time.Time { return &a.UpdatedAt },
		status:  func(a *netops.Network) string { return string(a.Status) },
		created: netops.EventNetworkCreated, updated: netops.EventNetworkUpdated,
		create: func(ctx context.Context, st netops.Store, a *netops.Network, evs []netops.Event) error {
			return st.CreateNetwork(ctx, a, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Network, evs []netops.Event) error {
			return st.UpdateNetwork(ctx, a, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Network) (*netops.Network, error) {
			return st.Network(ctx, a.Code)
		},
	}
}

func migrationAgg() agg[netops.Migration] {
	return agg[netops.Migration]{
		name:   "migration",
		made:   new(atomic.Int64),
		fresh:  func(tb testing.TB, i int) netops.Migration { return newMigration(tb, fmt.Sprintf("lbq-u%03d", i)) },
		sparse: func(a *netops.Migration) { a.FromRoom, a.ToRoom, a.Plan, a.Note = "", "", "", "" },
		change: func(a *netops.Migration) {
			a.ToSite, a.ToRoom, a.PlannedFor, a.Plan = "GYL", "1F", at(660), note(25)
			a.CutoverAt, a.VerifiedAt, a.VerifiedBy = at(700), at(800), "赵工"
			a.Status, a.Note = netops.MigrationVerified, note(26)
		},
		id:      func(a *netops.Migration) *uuid.UUID { return &a.ID },
		version: func(a *netops.Migration) *int64 { return &a.Version },
		stamp:   func(a *netops.Migration) *time.Time { return &a.UpdatedAt },
		status:  func(a *netops.Migration) string { return string(a.Status) },
		created: netops.EventMigrationPlanned, updated: netops.EventMigrationVerified,
		create: func(ctx context.Context, st netops.Store, a *netops.Migration, evs []netops.Event) error {
			return st.CreateMigration(ctx, a, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Migration, evs []netops.Event) error {
			return st.UpdateMigration(ctx, a, nil, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Migration) (*netops.Migration, error) {
			return st.Migration(ctx, a.ID)
		},
	}
}

func visitAgg() agg[netops.Visit] {
	return agg[netops.Visit]{
		name:  "visit",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) netops.Visit { return newVisit(tb, fmt.Sprintf("lbq-u%03d", i), i) },
		sparse: func(a *netops.Visit) {
			a.Ticket, a.Zone, a.Technician, a.Contact, a.ContactPhone, a.Note = netops.Ticket{}, "", "", "", "", ""
		},
		change: func(a *netops.Visit) {
			a.Technician, a.Contact, a.ContactPhone = "陈工", "李四", "0772-2800000"
			a.ArrivedAt = storetestkit.Micro(a.ReportedAt.Add(50*time.Minute + 700*time.Millisecond))
			a.ResolvedAt = a.ArrivedAt.Add(2 * time.Hour)
			a.Status, a.Note = netops.VisitResolved, note(27)
		},
		id:      func(a *netops.Visit) *uuid.UUID { return &a.ID },
		version: func(a *netops.Visit) *int64 { return &a.Version },
		stamp:   func(a *netops.Visit) *time.Time { return &a.UpdatedAt },
		status:  func(a *netops.Visit) string { return string(a.Status) },
		created: netops.EventVisitReported, updated: netops.EventVisitResolved,
		create: func(ctx context.Context, st netops.Store, a *netops.Visit, evs []netops.Event) error {
			return st.CreateVisits(ctx, []netops.Visit{*a}, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Visit, evs []netops.Event) error {
			return st.UpdateVisit(ctx, a, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Visit) (*netops.Visit, error) {
			return st.Visit(ctx, a.ID)
		},
	}
}

func planAgg() agg[netops.Plan] {
	return agg[netops.Plan]{
		name:   "plan",
		made:   new(atomic.Int64),
		fresh:  func(tb testing.TB, i int) netops.Plan { return newPlan(tb, fmt.Sprintf("S%03d", i)) },
		sparse: func(a *netops.Plan) { a.Checklist, a.Assignee, a.Note = nil, "", "" },
		change: func(a *netops.Plan) {
			a.Name, a.Frequency, a.Assignee = "核心设备季度巡检", netops.Quarterly, "刘工"
			a.Target = netops.Target{Kind: netops.TargetDevice, Site: "SLZH", Device: "ZC-2019-0001"}
			a.Checklist = []string{"风扇", "日志"}
			a.StartOn, a.LastDone, a.NextDue = day(1), day(5), day(95)
			a.Status, a.Note = netops.PlanPaused, note(28)
		},
		scribble: func(a *netops.Plan) { a.Checklist[0] = "scribbled" },
		clone:    func(a *netops.Plan) netops.Plan { c := *a; c.Checklist = slices.Clone(a.Checklist); return c },
		id:       func(a *netops.Plan) *uuid.UUID { return &a.ID },
		version:  func(a *netops.Plan) *int64 { return &a.Version },
		stamp:    func(a *netops.Plan) *time.Time { return &a.UpdatedAt },
		status:   func(a *netops.Plan) string { return string(a.Status) },
		created:  netops.EventPlanCreated, updated: netops.EventPlanUpdated,
		create: func(ctx context.Context, st netops.Store, a *netops.Plan, evs []netops.Event) error {
			return st.CreatePlan(ctx, a, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Plan, evs []netops.Event) error {
			return st.UpdatePlan(ctx, a, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Plan) (*netops.Plan, error) {
			return st.Plan(ctx, a.ID)
		},
	}
}

func bookingAgg() agg[netops.Booking] {
	return agg[netops.Booking]{
		name:   "booking",
		made:   new(atomic.Int64),
		fresh:  func(tb testing.TB, i int) netops.Booking { return newBooking(tb, i*100, i*100+90, "张三", "李四") },
		sparse: func(a *netops.Booking) { a.Department, a.Staff, a.Note = "", nil, "" },
		change: func(a *netops.Booking) {
			a.Title, a.Department, a.Room, a.Mode = "现场协调会", "lbq-gaj", "6F-HYS", netops.MeetingOnsite
			a.Start, a.End = a.Start.Add(time.Hour), a.End.Add(2*time.Hour)
			a.Staff = []string{"王五"}
			a.Status, a.Note = netops.BookingCancelled, note(29)
		},
		scribble: func(a *netops.Booking) { a.Staff[0] = "scribbled" },
		clone:    func(a *netops.Booking) netops.Booking { c := *a; c.Staff = slices.Clone(a.Staff); return c },
		id:       func(a *netops.Booking) *uuid.UUID { return &a.ID },
		version:  func(a *netops.Booking) *int64 { return &a.Version },
		stamp:    func(a *netops.Booking) *time.Time { return &a.UpdatedAt },
		status:   func(a *netops.Booking) string { return string(a.Status) },
		created:  netops.EventBookingCreated, updated: netops.EventBookingUpdated,
		create: func(ctx context.Context, st netops.Store, a *netops.Booking, evs []netops.Event) error {
			return st.CreateBooking(ctx, a, netops.Guard{}, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Booking, evs []netops.Event) error {
			return st.UpdateBooking(ctx, a, netops.Guard{}, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Booking) (*netops.Booking, error) {
			return st.Booking(ctx, a.ID)
		},
	}
}

func shiftAgg() agg[netops.Shift] {
	return agg[netops.Shift]{
		name: "shift",
		made: new(atomic.Int64),
		fresh: func(tb testing.TB, i int) netops.Shift {
			return newShift(tb, fmt.Sprintf("值班员%d", i), i*60, i*60+480)
		},
		sparse: func(a *netops.Shift) { a.Role, a.Note = "", "" },
		change: func(a *netops.Shift) {
			a.Person, a.Role = "替班员", "带班"
			a.Start, a.End = a.Start.Add(30*time.Minute), a.End.Add(time.Hour)
			a.Status, a.Note = netops.ShiftCancelled, note(30)
		},
		id:      func(a *netops.Shift) *uuid.UUID { return &a.ID },
		version: func(a *netops.Shift) *int64 { return &a.Version },
		stamp:   func(a *netops.Shift) *time.Time { return &a.UpdatedAt },
		status:  func(a *netops.Shift) string { return string(a.Status) },
		created: netops.EventShiftAdded, updated: netops.EventShiftUpdated,
		create: func(ctx context.Context, st netops.Store, a *netops.Shift, evs []netops.Event) error {
			return st.CreateShifts(ctx, []netops.Shift{*a}, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Shift, evs []netops.Event) error {
			return st.UpdateShift(ctx, a, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Shift) (*netops.Shift, error) {
			return st.Shift(ctx, a.ID)
		},
	}
}

func deviceAgg() agg[netops.Device] {
	return agg[netops.Device]{
		name:  "device",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) netops.Device { return newDevice(tb, fmt.Sprintf("ZC-2019-%04d", i)) },
		sparse: func(a *netops.Device) {
			a.Room, a.Vendor, a.Model, a.Serial, a.Note = "", "", "", "", ""
			a.PurchasedOn, a.EndOfLife, a.Replacement = time.Time{}, time.Time{}, netops.Replacement{}
		},
		change: func(a *netops.Device) {
			a.Name, a.Kind, a.Site, a.Room = "出口防火墙", netops.DeviceFirewall, "SLZH", "2F-JF"
			a.Vendor, a.Model, a.Serial = "深信服", "AF-1000", "SN-0001"
			a.PurchasedOn, a.EndOfLife = day(-100), day(2000)
			a.Replacement = netops.Replacement{PlannedOn: day(1900), Model: "AF-2000", Note: note(31)}
			a.Status, a.Note = netops.DeviceRetired, note(32)
		},
		id:      func(a *netops.Device) *uuid.UUID { return &a.ID },
		version: func(a *netops.Device) *int64 { return &a.Version },
		stamp:   func(a *netops.Device) *time.Time { return &a.UpdatedAt },
		status:  func(a *netops.Device) string { return string(a.Status) },
		created: netops.EventDeviceAdded, updated: netops.EventDeviceUpdated,
		create: func(ctx context.Context, st netops.Store, a *netops.Device, evs []netops.Event) error {
			return st.CreateDevices(ctx, []netops.Device{*a}, evs)
		},
		update: func(ctx context.Context, st netops.Store, a *netops.Device, evs []netops.Event) error {
			return st.UpdateDevice(ctx, a, evs)
		},
		get: func(ctx context.Context, st netops.Store, a *netops.Device) (*netops.Device, error) {
			return st.Device(ctx, a.ID)
		},
		byKey: func(ctx context.Context, st netops.Store, a *netops.Device) (*netops.Device, error) {
			return st.DeviceByTag(ctx, a.AssetTag)
		},
	}
}
