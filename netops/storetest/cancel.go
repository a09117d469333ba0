package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// TestCancellation checks that every method gives up on a cancelled
// context with EINTERNAL, rather than doing the work or hanging, and
// changes nothing: each aggregate's create, update and read, and every
// other method, the writes among them leaving no record, event or
// generation behind.
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	storetestkit.ForEach(t, all, st, aggregate.Cancelled)
	t.Run("Others", func(t *testing.T) { cancelOthers(t, st) })
}

func cancelOthers(t *testing.T, st netops.Store) {
	ctx := t.Context()
	u := newUnit(t, "lbq-cancel", "XZDL")
	storetestkit.Must(t, st.CreateUnits(ctx, []netops.UnitNet{u}, nil), "CreateUnits")
	m := newMigration(t, u.Unit)
	storetestkit.Must(t, st.CreateMigration(ctx, &m, nil), "CreateMigration")
	p := newPlan(t, "XZDL")
	storetestkit.Must(t, st.CreatePlan(ctx, &p, nil), "CreatePlan")
	d := newDevice(t, "ZC-cancel")
	storetestkit.Must(t, st.CreateDevices(ctx, []netops.Device{d}, nil), "CreateDevices")

	cut, moved := m, u
	cut.Version, moved.Version, moved.Site = 2, 2, "SLZH"
	r := newRecord(t, &p, 1)
	nextP := p
	nextP.Version, nextP.LastDone = 2, r.At
	l := newLink(t, "lbq-cancel", "CT-cancel", "10.0.0.0/24")
	b := newBooking(t, 0, 60, "张三")
	window := netops.BookingFilter{From: at(-1000), To: at(1000)}
	storetestkit.RequireInternal(t, map[string]func(ctx context.Context) error{
		"Generation": func(ctx context.Context) error { _, err := st.Generation(ctx, netops.ScopePrefixes); return err },
		"Events":     func(ctx context.Context) error { _, err := st.Events(ctx, u.ID); return err },
		"Sites":      func(ctx context.Context) error { _, err := st.Sites(ctx); return err },
		"Units":      func(ctx context.Context) error { _, err := st.Units(ctx, netops.UnitFilter{}, "", 0); return err },
		"CreateLinksGuarded": func(ctx context.Context) error {
			return st.CreateLinks(ctx, []netops.Link{l}, netops.Guard{Scope: netops.ScopePrefixes}, nil)
		},
		"CreateBookingGuarded": func(ctx context.Context) error {
			return st.CreateBooking(ctx, &b, netops.Guard{Scope: netops.ScopeBookings}, nil)
		},
		"Links": func(ctx context.Context) error { _, err := st.Links(ctx, netops.LinkFilter{}, uuid.Nil, 0); return err },
		"OverlappingPrefixes": func(ctx context.Context) error {
			_, err := st.OverlappingPrefixes(ctx, "", prefixes("10.0.0.0/8"))
			return err
		},
		"LivePrefixes":    func(ctx context.Context) error { _, err := st.LivePrefixes(ctx); return err },
		"ConnectedUnits":  func(ctx context.Context) error { _, err := st.ConnectedUnits(ctx); return err },
		"Networks":        func(ctx context.Context) error { _, err := st.Networks(ctx); return err },
		"UpdateMigration": func(ctx context.Context) error { return st.UpdateMigration(ctx, &cut, &moved, nil) },
		"Migrations": func(ctx context.Context) error {
			_, err := st.Migrations(ctx, netops.MigrationFilter{}, uuid.Nil, 0)
			return err
		},
		"Visits": func(ctx context.Context) error {
			_, err := st.Visits(ctx, netops.VisitFilter{}, uuid.Nil, 0)
			return err
		},
		"VisitGroups": func(ctx context.Context) error {
			_, err := st.VisitGroups(ctx, netops.VisitFilter{AsOf: at(0)})
			return err
		},
		"Plans":     func(ctx context.Context) error { _, err := st.Plans(ctx, netops.PlanFilter{}, uuid.Nil, 0); return err },
		"AddRecord": func(ctx context.Context) error { return st.AddRecord(ctx, &r, &nextP, nil) },
		"Records": func(ctx context.Context) error {
			_, err := st.Records(ctx, netops.RecordFilter{}, uuid.Nil, 0)
			return err
		},
		"Bookings": func(ctx context.Context) error { _, err := st.Bookings(ctx, window); return err },
		"Shifts": func(ctx context.Context) error {
			_, err := st.Shifts(ctx, netops.ShiftFilter{From: window.From, To: window.To})
			return err
		},
		"DeviceByTag": func(ctx context.Context) error { _, err := st.DeviceByTag(ctx, d.AssetTag); return err },
		"Devices": func(ctx context.Context) error {
			_, err := st.Devices(ctx, netops.DeviceFilter{}, uuid.Nil, 0)
			return err
		},
	})
	got, err := st.Migration(ctx, m.ID)
	requireGot(t, m, got, err, "migration after a cancelled UpdateMigration")
	gotU, err := st.Unit(ctx, u.Unit)
	requireGot(t, u, gotU, err, "unit after a cancelled UpdateMigration")
	gotP, err := st.Plan(ctx, p.ID)
	requireGot(t, p, gotP, err, "plan after a cancelled AddRecord")
	rs, err := st.Records(ctx, netops.RecordFilter{}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Records")
	if len(rs) != 0 {
		t.Fatalf("a cancelled AddRecord stored %d records", len(rs))
	}
	_, err = st.Link(ctx, l.ID)
	requireMissing(t, err, "Link after a cancelled CreateLinks")
	_, err = st.Booking(ctx, b.ID)
	requireMissing(t, err, "Booking after a cancelled CreateBooking")
	requireGen(t, st, netops.ScopePrefixes, 0, "after a cancelled CreateLinks")
	requireGen(t, st, netops.ScopeBookings, 0, "after a cancelled CreateBooking")
}
