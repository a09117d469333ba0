package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// orderedCodes are codes whose byte order differs from a
// case-insensitive or a locale's order.
func orderedCodes() []string {
	return []string{"b", "B", "a", "A-2", "A-10", "_x", "Z", "~", "行政", "中心", "a b", "0"}
}

// TestCodeOrder checks that Sites and Networks list every record in the
// byte order of its code, and Units in that of its unit, whatever a
// database's collation would do.
func (cases) TestCodeOrder(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	var sites []netops.Site
	var nets []netops.Network
	var units []netops.UnitNet
	for _, c := range orderedCodes() {
		s, n, u := newSite(t, c), newNetwork(t, c), newUnit(t, c, "XZDL")
		storetestkit.Must(t, st.CreateSite(ctx, &s, nil), "CreateSite "+c)
		storetestkit.Must(t, st.CreateNetwork(ctx, &n, nil), "CreateNetwork "+c)
		sites, nets, units = append(sites, s), append(nets, n), append(units, u)
	}
	storetestkit.Must(t, st.CreateUnits(ctx, units, nil), "CreateUnits")
	all := func(*netops.Site) bool { return true }
	got, err := st.Sites(ctx)
	storetestkit.RequireOrdered(t, "Sites", sites, all, func(a, b *netops.Site) int { return strings.Compare(a.Code, b.Code) }, got, err)
	gotN, err := st.Networks(ctx)
	storetestkit.RequireOrdered(t, "Networks", nets, func(*netops.Network) bool { return true },
		func(a, b *netops.Network) int { return strings.Compare(a.Code, b.Code) }, gotN, err)
	storetestkit.RequireListing(t, "Units", units, func(*netops.UnitNet) bool { return true },
		storetestkit.ByCode(func(u *netops.UnitNet) string { return u.Unit }),
		func(after string, limit int) ([]netops.UnitNet, error) {
			return st.Units(ctx, netops.UnitFilter{}, after, limit)
		})
}

// TestUnitListing checks every filter of Units, ordered and paged by
// unit code.
func (cases) TestUnitListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	var units []netops.UnitNet
	for i := range 30 {
		units = append(units, newUnit(t, fmt.Sprintf("lbq-%02d", (i*7)%30), []string{"XZDL", "SLZH", "xzdl"}[i%3]))
	}
	storetestkit.Must(t, st.CreateUnits(ctx, units, nil), "CreateUnits")
	for name, f := range map[string]netops.UnitFilter{
		"All":          {},
		"Site":         {Site: "XZDL"},
		"Units":        {Units: []string{"lbq-03", "lbq-17", "lbq-29", "lbq-99", "LBQ-04"}},
		"SiteAndUnits": {Site: "SLZH", Units: []string{"lbq-01", "lbq-02", "lbq-03", "lbq-04"}},
		"NoSuchSite":   {Site: "xzd"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Units "+name, units, func(u *netops.UnitNet) bool {
				return (f.Site == "" || u.Site == f.Site) && (len(f.Units) == 0 || slices.Contains(f.Units, u.Unit))
			}, storetestkit.ByCode(func(u *netops.UnitNet) string { return u.Unit }),
				func(after string, limit int) ([]netops.UnitNet, error) { return st.Units(ctx, f, after, limit) })
		})
	}
}

// TestLinkListing checks every filter of Links, alone and together,
// ordered and paged by ID.
func (cases) TestLinkListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(1, 2))
	statuses := netops.LinkStatuses()
	var links []netops.Link
	for i := range 60 {
		l := newLink(t, fmt.Sprintf("lbq-%d", r.IntN(4)), fmt.Sprintf("CT-%d", i), fmt.Sprintf("10.%d.0.0/16", i))
		l.Site = []string{"XZDL", "SLZH"}[r.IntN(2)]
		l.Status = statuses[r.IntN(len(statuses))]
		switch r.IntN(4) {
		case 0:
			l.Type, l.Network = netops.LinkPrivate, []string{"GA", "RS"}[r.IntN(2)]
		case 1:
			l.Type, l.ViaExtranet = netops.LinkInternet, r.IntN(2) == 0
		case 2:
			l.Type = netops.LinkInternet
		}
		links = append(links, l)
	}
	storetestkit.Must(t, st.CreateLinks(ctx, links, netops.Guard{}, nil), "CreateLinks")
	for name, f := range map[string]netops.LinkFilter{
		"All":        {},
		"Unit":       {Unit: "lbq-1"},
		"Site":       {Site: "SLZH"},
		"Type":       {Type: netops.LinkInternet},
		"Status":     {Statuses: []netops.LinkStatus{netops.LinkActive}},
		"Statuses":   {Statuses: []netops.LinkStatus{netops.LinkPlanned, netops.LinkDecommissioned, netops.LinkDeprovisioning}},
		"Network":    {Network: "GA"},
		"SelfBuilt":  {SelfBuilt: true},
		"Together":   {Unit: "lbq-2", Site: "XZDL", Statuses: []netops.LinkStatus{netops.LinkActive, netops.LinkPlanned}},
		"SelfActive": {SelfBuilt: true, Statuses: []netops.LinkStatus{netops.LinkActive}},
		"None":       {Unit: "LBQ-1"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Links "+name, links, func(l *netops.Link) bool {
				return (f.Unit == "" || l.Unit == f.Unit) && (f.Site == "" || l.Site == f.Site) &&
					(f.Type == "" || l.Type == f.Type) && (len(f.Statuses) == 0 || slices.Contains(f.Statuses, l.Status)) &&
					(f.Network == "" || l.Network == f.Network) && (!f.SelfBuilt || l.SelfBuilt())
			}, storetestkit.ByID(func(l *netops.Link) uuid.UUID { return l.ID }),
				func(after uuid.UUID, limit int) ([]netops.Link, error) { return st.Links(ctx, f, after, limit) })
		})
	}
}

// TestMigrationListing checks every filter of Migrations, ordered and
// paged by ID.
func (cases) TestMigrationListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	statuses := netops.MigrationStatuses()
	var ms []netops.Migration
	for i := range 25 {
		m := newMigration(t, fmt.Sprintf("lbq-%d", i%3))
		m.Status = statuses[i%len(statuses)]
		storetestkit.Must(t, st.CreateMigration(ctx, &m, nil), "CreateMigration")
		ms = append(ms, m)
	}
	for name, f := range map[string]netops.MigrationFilter{
		"All":      {},
		"Unit":     {Unit: "lbq-1"},
		"Status":   {Status: netops.MigrationCutover},
		"Together": {Unit: "lbq-2", Status: netops.MigrationPlanned},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Migrations "+name, ms, func(m *netops.Migration) bool {
				return (f.Unit == "" || m.Unit == f.Unit) && (f.Status == "" || m.Status == f.Status)
			}, storetestkit.ByID(func(m *netops.Migration) uuid.UUID { return m.ID }),
				func(after uuid.UUID, limit int) ([]netops.Migration, error) {
					return st.Migrations(ctx, f, after, limit)
				})
		})
	}
}

// TestPlanListing checks every filter of Plans (DueBefore excluding a
// plan due at it exactly), ordered and paged by ID.
func (cases) TestPlanListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	var ps []netops.Plan
	for i := range 24 {
		p := newPlan(t, []string{"XZDL", "SLZH", "GYL"}[i%3])
		p.NextDue = day(i % 8)
		if i%4 == 0 {
			p.Status = netops.PlanPaused
		}
		if i%5 == 0 {
			p.Target = netops.Target{Kind: netops.TargetDevice, Site: "XZDL", Device: fmt.Sprintf("ZC-%d", i)}
		}
		storetestkit.Must(t, st.CreatePlan(ctx, &p, nil), "CreatePlan")
		ps = append(ps, p)
	}
	for name, f := range map[string]netops.PlanFilter{
		"All":       {},
		"Status":    {Status: netops.PlanActive},
		"Site":      {Site: "XZDL"},
		"DueBefore": {DueBefore: day(3)},
		"Together":  {Status: netops.PlanActive, Site: "SLZH", DueBefore: day(6)},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Plans "+name, ps, func(p *netops.Plan) bool {
				return (f.Status == "" || p.Status == f.Status) && (f.Site == "" || p.Target.Site == f.Site) &&
					(f.DueBefore.IsZero() || p.NextDue.Before(f.DueBefore))
			}, storetestkit.ByID(func(p *netops.Plan) uuid.UUID { return p.ID }),
				func(after uuid.UUID, limit int) ([]netops.Plan, error) { return st.Plans(ctx, f, after, limit) })
		})
	}
}

// TestDeviceListing checks every filter of Devices (EOLBefore excluding a
// device at its end of life exactly, and one without an end of life),
// ordered and paged by ID.
func (cases) TestDeviceListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	kinds := netops.DeviceKinds()
	var ds []netops.Device
	for i := range 30 {
		d := newDevice(t, fmt.Sprintf("ZC-%04d", i))
		d.Site, d.Kind = []string{"XZDL", "SLZH"}[i%2], kinds[i%len(kinds)]
		d.EndOfLife = day(i % 6)
		if i%7 == 0 {
			d.EndOfLife = time.Time{}
		}
		if i%3 == 0 {
			d.Replacement = netops.Replacement{}
		}
		if i%4 == 0 {
			d.Status = netops.DeviceRetired
		}
		ds = append(ds, d)
	}
	storetestkit.Must(t, st.CreateDevices(ctx, ds, nil), "CreateDevices")
	for name, f := range map[string]netops.DeviceFilter{
		"All":                {},
		"Site":               {Site: "SLZH"},
		"Kind":               {Kind: netops.DeviceFirewall},
		"Status":             {Status: netops.DeviceInService},
		"EOLBefore":          {EOLBefore: day(3)},
		"ReplacementPlanned": {ReplacementPlanned: true},
		"Together":           {Site: "XZDL", Status: netops.DeviceInService, EOLBefore: day(5), ReplacementPlanned: true},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Devices "+name, ds, func(d *netops.Device) bool {
				return (f.Site == "" || d.Site == f.Site) && (f.Kind == "" || d.Kind == f.Kind) &&
					(f.Status == "" || d.Status == f.Status) &&
					(f.EOLBefore.IsZero() || !d.EndOfLife.IsZero() && d.EndOfLife.Before(f.EOLBefore)) &&
					(!f.ReplacementPlanned || !d.Replacement.PlannedOn.IsZero())
			}, storetestkit.ByID(func(d *netops.Device) uuid.UUID { return d.ID }),
				func(after uuid.UUID, limit int) ([]netops.Device, error) { return st.Devices(ctx, f, after, limit) })
		})
	}
}

// byStartThenID orders bookings and shifts as their listings do.
func byStartThenID(as, bs time.Time, a, b uuid.UUID) int {
	if c := as.Compare(bs); c != 0 {
		return c
	}
	return storetestkit.CompareID(a, b)
}

// TestBookingListing checks Bookings: the bookings that overlap [From,
// To) (one that ends at From or starts at To does not), every filter,
// Person among the staff exactly, in (Start, ID) order.
func (cases) TestBookingListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	staff := [][]string{{"张三"}, {"张三丰", "李四"}, nil, {"李四", "王五"}, {"王五"}}
	var bs []netops.Booking
	for i := range 40 {
		start := (i * 37) % 600
		b := newBooking(t, start, start+30+(i%4)*60, staff[i%len(staff)]...)
		if i%6 == 0 {
			b.Start = at(120) // ties on Start, ordered by ID
			b.End = at(180)
		}
		b.Room = []string{"5F-HYS", "6F-HYS"}[i%2]
		b.Site = []string{"XZDL", "SLZH", "XZDL"}[i%3]
		b.Department = []string{"lbq-scjg", "", "lbq-gaj"}[i%3]
		if i%5 == 0 {
			b.Status = netops.BookingCancelled
		}
		storetestkit.Must(t, st.CreateBooking(ctx, &b, netops.Guard{}, nil), "CreateBooking")
		bs = append(bs, b)
	}
	window := func(from, to int) netops.BookingFilter { return netops.BookingFilter{From: at(from), To: at(to)} }
	with := func(f netops.BookingFilter, edit func(*netops.BookingFilter)) netops.BookingFilter {
		edit(&f)
		return f
	}
	for name, f := range map[string]netops.BookingFilter{
		"Everything": window(-10000, 10000),
		"Window":     window(120, 180),
		"Instant":    window(150, 151),
		"Edges":      window(180, 181),
		"Empty":      window(5000, 6000),
		"Site":       with(window(0, 400), func(f *netops.BookingFilter) { f.Site = "SLZH" }),
		"Room":       with(window(0, 400), func(f *netops.BookingFilter) { f.Room = "6F-HYS" }),
		"Department": with(window(0, 400), func(f *netops.BookingFilter) { f.Department = "lbq-gaj" }),
		"Person":     with(window(-10000, 10000), func(f *netops.BookingFilter) { f.Person = "张三" }),
		"Person2":    with(window(0, 300), func(f *netops.BookingFilter) { f.Person = "李四" }),
		"Status":     with(window(0, 400), func(f *netops.BookingFilter) { f.Status = netops.BookingBooked }),
		"Together": with(window(100, 500), func(f *netops.BookingFilter) {
			f.Site, f.Person, f.Status = "XZDL", "王五", netops.BookingBooked
		}),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := st.Bookings(ctx, f)
			storetestkit.RequireOrdered(t, "Bookings "+name, bs, func(b *netops.Booking) bool {
				return b.Start.Before(f.To) && b.End.After(f.From) && (f.Site == "" || b.Site == f.Site) &&
					(f.Room == "" || b.Room == f.Room) && (f.Department == "" || b.Department == f.Department) &&
					(f.Person == "" || slices.Contains(b.Staff, f.Person)) && (f.Status == "" || b.Status == f.Status)
			}, func(a, b *netops.Booking) int { return byStartThenID(a.Start, b.Start, a.ID, b.ID) }, got, err)
		})
	}
}

// TestShiftListing checks Shifts: the shifts that overlap [From, To) (one
// that ends at From or starts at To does not), Person and Status, in
// (Start, ID) order, over a month of a roster of 8 people.
func (cases) TestShiftListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	var ss []netops.Shift
	for i := range 90 {
		s := newShift(t, fmt.Sprintf("值班员%d", i%8), (i/3)*480, (i/3)*480+480+(i%3)*60)
		if i%7 == 0 {
			s.Status = netops.ShiftCancelled
		}
		ss = append(ss, s)
	}
	storetestkit.Must(t, st.CreateShifts(ctx, ss, nil), "CreateShifts")
	window := func(from, to int) netops.ShiftFilter { return netops.ShiftFilter{From: at(from), To: at(to)} }
	for name, f := range map[string]netops.ShiftFilter{
		"Everything": window(-100000, 100000),
		"Day":        window(1440, 2880),
		"Edge":       window(960, 961),
		"Before":     window(-100, 0),
		"Person":     {From: at(0), To: at(10000), Person: "值班员3"},
		"Status":     {From: at(0), To: at(5000), Status: netops.ShiftScheduled},
		"Together":   {From: at(2000), To: at(9000), Person: "值班员5", Status: netops.ShiftScheduled},
		"NoPerson":   {From: at(0), To: at(10000), Person: "值班员"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := st.Shifts(ctx, f)
			storetestkit.RequireOrdered(t, "Shifts "+name, ss, func(s *netops.Shift) bool {
				return s.Start.Before(f.To) && s.End.After(f.From) && (f.Person == "" || s.Person == f.Person) &&
					(f.Status == "" || s.Status == f.Status)
			}, func(a, b *netops.Shift) int { return byStartThenID(a.Start, b.Start, a.ID, b.ID) }, got, err)
		})
	}
}
