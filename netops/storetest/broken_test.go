package storetest_test

import (
	"bytes"
	"context"
	"net/netip"
	"slices"
	"strings"
	"time"

	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
	"github.com/govops-kit/govops/netops/storetest"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of netops.Store, as a store written from the contract by hand
// might, and requires that the suite fails in the case written for that
// rule, and in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	storetestkit.RequireCaught(t, storetest.RunConformanceTests, []storetestkit.Broken[netops.Store]{
		{Name: "IgnoresGuard", CaughtBy: "Guard", Make: func() netops.Store { return ignoresGuard{netopsmem.New()} }},
		{Name: "EventsApart", CaughtBy: "Trail", Make: func() netops.Store {
			return &eventsApart{Store: netopsmem.New(), two: &storetestkit.TwoStepEvents[netops.Event]{
				EventID: func(e *netops.Event) *uuid.UUID { return &e.ID }}}
		}},
		{Name: "IgnoresVersion", CaughtBy: "Versions", Make: func() netops.Store { return ignoresVersion{netopsmem.New()} }},
		{Name: "DecommissionedPrefixes", CaughtBy: "Prefixes", Make: func() netops.Store {
			return decommissionedPrefixes{netopsmem.New()}
		}},
		{Name: "CountsCancelledVisits", CaughtBy: "VisitGroups", Make: func() netops.Store {
			return countsCancelled{netopsmem.New()}
		}},
		{Name: "BookingsTouching", CaughtBy: "BookingListing", Make: func() netops.Store { return bookingsTouching{netopsmem.New()} }},
		{Name: "MigrationWithoutUnit", CaughtBy: "Migrations", Make: func() netops.Store { return migrationApart{netopsmem.New()} }},
		{Name: "LinksAfterIncluded", CaughtBy: "LinkListing", Make: func() netops.Store { return linksAfterIncluded{netopsmem.New()} }},
		{Name: "UpdateSiteIgnoresCancellation", CaughtBy: "Cancellation", Make: func() netops.Store {
			return updateSiteIgnoresCancellation{netopsmem.New()}
		}},
		{Name: "SiteCodesPadSpaces", CaughtBy: "UniqueKeys", Make: func() netops.Store { return padsSpaces{netopsmem.New()} }},
		{Name: "VisitCountsNotMoved", CaughtBy: "VisitGroups", Make: func() netops.Store {
			return visitCountsNotMoved{Store: netopsmem.New(), created: netopsmem.New()}
		}},
	})
}

// visitCountsNotMoved counts the visits as they were created, and never
// moves them when a visit changes, as a store does whose update of a
// visit forgets its summary rows.
type visitCountsNotMoved struct {
	*netopsmem.Store
	created *netopsmem.Store // the visits as created
}

func (s visitCountsNotMoved) CreateVisits(ctx context.Context, vs []netops.Visit, events []netops.Event) error {
	if err := s.Store.CreateVisits(ctx, vs, events); err != nil {
		return err
	}
	return s.created.CreateVisits(ctx, vs, nil)
}

func (s visitCountsNotMoved) VisitGroups(ctx context.Context, f netops.VisitFilter) ([]netops.VisitGroup, error) {
	return s.created.VisitGroups(ctx, f)
}

// ignoresGuard writes whatever the generation, and never moves it, as a
// store does that takes the Guard for advice.
type ignoresGuard struct{ *netopsmem.Store }

func (s ignoresGuard) CreateLinks(ctx context.Context, ls []netops.Link, _ netops.Guard, events []netops.Event) error {
	return s.Store.CreateLinks(ctx, ls, netops.Guard{}, events)
}

func (s ignoresGuard) UpdateLink(ctx context.Context, l *netops.Link, _ netops.Guard, events []netops.Event) error {
	return s.Store.UpdateLink(ctx, l, netops.Guard{}, events)
}

func (s ignoresGuard) CreateBooking(ctx context.Context, b *netops.Booking, _ netops.Guard, events []netops.Event) error {
	return s.Store.CreateBooking(ctx, b, netops.Guard{}, events)
}

func (s ignoresGuard) UpdateBooking(ctx context.Context, b *netops.Booking, _ netops.Guard, events []netops.Event) error {
	return s.Store.UpdateBooking(ctx, b, netops.Guard{}, events)
}

// eventsApart appends the events of a visit's update one round trip after
// the visit, as a store does that writes them outside its transaction.
type eventsApart struct {
	*netopsmem.Store
	two *storetestkit.TwoStepEvents[netops.Event]
}

func (s *eventsApart) UpdateVisit(ctx context.Context, v *netops.Visit, events []netops.Event) error {
	return s.two.Write(events, func() error { return s.Store.UpdateVisit(ctx, v, events) })
}

func (s *eventsApart) Events(ctx context.Context, subject uuid.UUID) ([]netops.Event, error) {
	return s.two.Visible(s.Store.Events(ctx, subject))
}

// ignoresVersion writes a visit or a device over whatever version is
// stored: last writer wins, as an UPDATE without "AND version = ?" does.
type ignoresVersion struct{ *netopsmem.Store }

func (s ignoresVersion) UpdateVisit(ctx context.Context, v *netops.Visit, events []netops.Event) error {
	if cur, err := s.Store.Visit(ctx, v.ID); err == nil {
		next := *v
		next.Version = cur.Version + 1
		v = &next
	}
	return s.Store.UpdateVisit(ctx, v, events)
}

func (s ignoresVersion) UpdateDevice(ctx context.Context, d *netops.Device, events []netops.Event) error {
	if cur, err := s.Store.Device(ctx, d.ID); err == nil {
		next := *d
		next.Version = cur.Version + 1
		d = &next
	}
	return s.Store.UpdateDevice(ctx, d, events)
}

// decommissionedPrefixes finds overlaps among every link's prefixes, as a
// store does that forgets to drop a decommissioned link's rows.
type decommissionedPrefixes struct{ *netopsmem.Store }

func (s decommissionedPrefixes) OverlappingPrefixes(ctx context.Context, space string, ps []netip.Prefix) ([]netops.LinkPrefix, error) {
	links, err := s.Store.Links(ctx, netops.LinkFilter{}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	var out []netops.LinkPrefix
	for _, l := range links {
		if l.Space() != space {
			continue
		}
		for _, q := range l.Prefixes {
			if slices.ContainsFunc(ps, q.Overlaps) {
				out = append(out, netops.LinkPrefix{Link: l.ID, Unit: l.Unit, Space: space, Prefix: q, Status: l.Status})
			}
		}
	}
	return out, nil
}

// countsCancelled counts cancelled visits too.
type countsCancelled struct{ *netopsmem.Store }

func (s countsCancelled) VisitGroups(ctx context.Context, f netops.VisitFilter) ([]netops.VisitGroup, error) {
	vs, err := s.Store.Visits(ctx, f, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	type key struct {
		month, tech string
		zone        netops.Zone
	}
	by := map[key]*netops.VisitGroup{}
	for _, v := range vs {
		k := key{v.Month, v.Technician, v.Zone}
		if by[k] == nil {
			by[k] = &netops.VisitGroup{Month: v.Month, Zone: v.Zone, Technician: v.Technician}
		}
		g := by[k]
		g.Visits++
		switch {
		case !v.ArrivedAt.IsZero():
			g.Arrived++
			if v.OnTime() {
				g.OnTime++
			} else {
				g.Late++
			}
			g.ResponseSeconds += int64(v.ArrivedAt.Sub(v.ReportedAt) / time.Second)
		case v.DueAt.Before(f.AsOf):
			g.Overdue++
		}
		if v.Status == netops.VisitResolved {
			g.Resolved++
		}
	}
	var out []netops.VisitGroup
	for _, g := range by {
		out = append(out, *g)
	}
	return out, nil
}

// bookingsTouching lists the bookings that end at From too, as a store
// does that writes end >= from.
type bookingsTouching struct{ *netopsmem.Store }

func (s bookingsTouching) Bookings(ctx context.Context, f netops.BookingFilter) ([]netops.Booking, error) {
	f.From = f.From.Add(-time.Microsecond)
	return s.Store.Bookings(ctx, f)
}

// migrationApart writes a cutover's migration and unit in two steps, so
// that a stale unit leaves the migration moved.
type migrationApart struct{ *netopsmem.Store }

func (s migrationApart) UpdateMigration(ctx context.Context, m *netops.Migration, u *netops.UnitNet, events []netops.Event) error {
	if u == nil {
		return s.Store.UpdateMigration(ctx, m, nil, events)
	}
	var mine, its []netops.Event
	for _, e := range events {
		if e.Subject == u.ID {
			its = append(its, e)
		} else {
			mine = append(mine, e)
		}
	}
	if err := s.Store.UpdateMigration(ctx, m, nil, mine); err != nil {
		return err
	}
	return s.Store.UpdateUnit(ctx, u, its)
}

// linksAfterIncluded lists the link whose ID is after too, as a store does
// that writes id >= after.
type linksAfterIncluded struct{ *netopsmem.Store }

func (s linksAfterIncluded) Links(ctx context.Context, f netops.LinkFilter, after uuid.UUID, limit int) ([]netops.Link, error) {
	all, err := s.Store.Links(ctx, f, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(l netops.Link) bool { return after != uuid.Nil && bytes.Compare(l.ID[:], after[:]) < 0 })
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// updateSiteIgnoresCancellation updates a site whatever its caller's
// context says.
type updateSiteIgnoresCancellation struct{ *netopsmem.Store }

func (s updateSiteIgnoresCancellation) UpdateSite(ctx context.Context, v *netops.Site, events []netops.Event) error {
	return s.Store.UpdateSite(context.WithoutCancel(ctx), v, events)
}

// padsSpaces compares site codes without their trailing spaces, as a
// MySQL column of a PAD SPACE collation does.
type padsSpaces struct{ *netopsmem.Store }

func (s padsSpaces) CreateSite(ctx context.Context, v *netops.Site, events []netops.Event) error {
	sites, err := s.Store.Sites(ctx)
	if err != nil {
		return err
	}
	for _, o := range sites {
		if strings.TrimRight(o.Code, " ") == strings.TrimRight(v.Code, " ") {
			return govops.Errorf(govops.ECONFLICT, "a site has code %s already", o.Code)
		}
	}
	return s.Store.CreateSite(ctx, v, events)
}
