package netopsmem

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

func copyVisit(v *netops.Visit) *netops.Visit {
	cp := *v
	return &cp
}

func copyPlan(v *netops.Plan) *netops.Plan {
	cp := *v
	cp.Checklist = slices.Clone(v.Checklist)
	return &cp
}

func copyRecord(v *netops.Record) *netops.Record {
	cp := *v
	cp.Results = slices.Clone(v.Results)
	return &cp
}

func copyBooking(v *netops.Booking) *netops.Booking {
	cp := *v
	cp.Staff = slices.Clone(v.Staff)
	return &cp
}

func copyShift(v *netops.Shift) *netops.Shift {
	cp := *v
	return &cp
}

func copyDevice(v *netops.Device) *netops.Device {
	cp := *v
	return &cp
}

// CreateVisits implements netops.Store.
func (s *Store) CreateVisits(ctx context.Context, vs []netops.Visit, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := map[uuid.UUID]bool{}
	for i := range vs {
		if _, ok := s.visits[vs[i].ID]; ok || ids[vs[i].ID] {
			return govops.Errorf(govops.ECONFLICT, "visit %s is stored already", vs[i].ID)
		}
		ids[vs[i].ID] = true
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	for i := range vs {
		n := copyVisit(&vs[i])
		n.Version = 1
		s.visits[n.ID] = n
		s.sums.add(n, 1)
	}
	s.appendEvents(events)
	return nil
}

// UpdateVisit implements netops.Store.
func (s *Store) UpdateVisit(ctx context.Context, v *netops.Visit, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.visits[v.ID]
	if !ok {
		return notFound("visit", v.ID)
	}
	if err := checkVersion("visit", v.ID, old.Version, v.Version); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	n := copyVisit(v)
	s.visits[v.ID] = n
	s.sums.add(old, -1)
	s.sums.add(n, 1)
	s.appendEvents(events)
	return nil
}

// Visit implements netops.Store.
func (s *Store) Visit(ctx context.Context, id uuid.UUID) (*netops.Visit, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.visits[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no visit %s", id)
	}
	return copyVisit(v), nil
}

// visitMatches reports whether v is one f selects.
func visitMatches(v *netops.Visit, f *netops.VisitFilter) bool {
	return (f.Unit == "" || v.Unit == f.Unit) &&
		(f.Zone == "" || v.Zone == f.Zone) &&
		(f.Technician == "" || v.Technician == f.Technician) &&
		(f.Status == "" || v.Status == f.Status) &&
		(f.Ticket == "" || v.Ticket.Ref == f.Ticket) &&
		(f.From.IsZero() || !v.ReportedAt.Before(f.From)) &&
		(f.To.IsZero() || v.ReportedAt.Before(f.To)) &&
		(f.BreachedAsOf.IsZero() || v.Breached(f.BreachedAsOf))
}

// Visits implements netops.Store.
func (s *Store) Visits(ctx context.Context, f netops.VisitFilter, after uuid.UUID, limit int) ([]netops.Visit, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Visit
	for _, v := range s.visits {
		if visitMatches(v, &f) {
			out = append(out, *copyVisit(v))
		}
	}
	return page(out, func(v *netops.Visit) uuid.UUID { return v.ID }, after, limit), nil
}

// VisitGroups implements netops.Store: from the counts it keeps when f
// selects whole months by time, unit, zone and technician alone, as the
// compliance report does, otherwise over the visits.
func (s *Store) VisitGroups(ctx context.Context, f netops.VisitFilter) ([]netops.VisitGroup, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if gs, ok := s.sums.groups(&f); ok {
		return gs, nil
	}
	type key struct {
		month      string
		zone       netops.Zone
		technician string
	}
	groups := map[key]*netops.VisitGroup{}
	var order []key
	for _, v := range s.visits {
		if v.Status == netops.VisitCancelled || !visitMatches(v, &f) {
			continue
		}
		k := key{v.Month, v.Zone, v.Technician}
		g := groups[k]
		if g == nil {
			g = &netops.VisitGroup{Month: v.Month, Zone: v.Zone, Technician: v.Technician}
			groups[k] = g
			order = append(order, k)
		}
		g.Visits++
		switch {
		case !v.ArrivedAt.IsZero():
			g.Arrived++
			if v.ArrivedAt.After(v.DueAt) {
				g.Late++
			} else {
				g.OnTime++
			}
			g.ResponseSeconds += int64(v.ArrivedAt.Sub(v.ReportedAt) / time.Second)
		case v.DueAt.Before(f.AsOf):
			g.Overdue++
		}
		if v.Status == netops.VisitResolved {
			g.Resolved++
		}
	}
	out := make([]netops.VisitGroup, 0, len(order))
	for _, k := range order {
		out = append(out, *groups[k])
	}
	return out, nil
}

// CreatePlan implements netops.Store.
func (s *Store) CreatePlan(ctx context.Context, p *netops.Plan, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.plans[p.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "plan %s is stored already", p.ID)
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	n := copyPlan(p)
	n.Version = 1
	s.plans[n.ID] = n
	s.appendEvents(events)
	return nil
}

// checkPlan checks that p may replace its stored plan. The caller holds
// the lock.
func (s *Store) checkPlan(p *netops.Plan) error {
	old, ok := s.plans[p.ID]
	if !ok {
		return notFound("plan", p.ID)
	}
	return checkVersion("plan", p.ID, old.Version, p.Version)
}

// UpdatePlan implements netops.Store.
func (s *Store) UpdatePlan(ctx context.Context, p *netops.Plan, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkPlan(p); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	s.plans[p.ID] = copyPlan(p)
	s.appendEvents(events)
	return nil
}

// Plan implements netops.Store.
func (s *Store) Plan(ctx context.Context, id uuid.UUID) (*netops.Plan, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.plans[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no plan %s", id)
	}
	return copyPlan(p), nil
}

// Plans implements netops.Store.
func (s *Store) Plans(ctx context.Context, f netops.PlanFilter, after uuid.UUID, limit int) ([]netops.Plan, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Plan
	for _, p := range s.plans {
		if (f.Status != "" && p.Status != f.Status) ||
			(f.Site != "" && p.Target.Site != f.Site) ||
			(!f.DueBefore.IsZero() && (p.NextDue.IsZero() || !p.NextDue.Before(f.DueBefore))) {
			continue
		}
		out = append(out, *copyPlan(p))
	}
	return page(out, func(p *netops.Plan) uuid.UUID { return p.ID }, after, limit), nil
}

// AddRecord implements netops.Store.
func (s *Store) AddRecord(ctx context.Context, r *netops.Record, p *netops.Plan, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.records[r.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "inspection record %s is stored already", r.ID)
	}
	if err := s.checkPlan(p); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	s.records[r.ID] = copyRecord(r)
	s.plans[p.ID] = copyPlan(p)
	s.appendEvents(events)
	return nil
}

// Records implements netops.Store.
func (s *Store) Records(ctx context.Context, f netops.RecordFilter, after uuid.UUID, limit int) ([]netops.Record, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Record
	for _, r := range s.records {
		if (f.Plan != uuid.Nil && r.Plan != f.Plan) ||
			(!f.From.IsZero() && r.At.Before(f.From)) ||
			(!f.To.IsZero() && !r.At.Before(f.To)) {
			continue
		}
		out = append(out, *copyRecord(r))
	}
	return page(out, func(r *netops.Record) uuid.UUID { return r.ID }, after, limit), nil
}

// CreateBooking implements netops.Store.
func (s *Store) CreateBooking(ctx context.Context, b *netops.Booking, g netops.Guard, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.bookings[b.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "booking %s is stored already", b.ID)
	}
	if err := s.checkGuard(g); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	n := copyBooking(b)
	n.Version = 1
	s.bookings[n.ID] = n
	s.holdGuard(g)
	s.appendEvents(events)
	return nil
}

// UpdateBooking implements netops.Store.
func (s *Store) UpdateBooking(ctx context.Context, b *netops.Booking, g netops.Guard, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.bookings[b.ID]
	if !ok {
		return notFound("booking", b.ID)
	}
	if err := checkVersion("booking", b.ID, old.Version, b.Version); err != nil {
		return err
	}
	if err := s.checkGuard(g); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	s.bookings[b.ID] = copyBooking(b)
	s.holdGuard(g)
	s.appendEvents(events)
	return nil
}

// Booking implements netops.Store.
func (s *Store) Booking(ctx context.Context, id uuid.UUID) (*netops.Booking, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.bookings[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no booking %s", id)
	}
	return copyBooking(b), nil
}

// byStart orders by (start, ID).
func byStart(as, bs time.Time, a, b uuid.UUID) int {
	if c := as.Compare(bs); c != 0 {
		return c
	}
	return cmpID(a, b)
}

// Bookings implements netops.Store.
func (s *Store) Bookings(ctx context.Context, f netops.BookingFilter) ([]netops.Booking, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Booking
	for _, b := range s.bookings {
		if !b.Start.Before(f.To) || !b.End.After(f.From) ||
			(f.Site != "" && b.Site != f.Site) ||
			(f.Room != "" && b.Room != f.Room) ||
			(f.Department != "" && b.Department != f.Department) ||
			(f.Person != "" && !slices.Contains(b.Staff, f.Person)) ||
			(f.Status != "" && b.Status != f.Status) {
			continue
		}
		out = append(out, *copyBooking(b))
	}
	slices.SortFunc(out, func(a, b netops.Booking) int { return byStart(a.Start, b.Start, a.ID, b.ID) })
	return out, nil
}

// CreateShifts implements netops.Store.
func (s *Store) CreateShifts(ctx context.Context, ss []netops.Shift, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := map[uuid.UUID]bool{}
	for i := range ss {
		if _, ok := s.shifts[ss[i].ID]; ok || ids[ss[i].ID] {
			return govops.Errorf(govops.ECONFLICT, "shift %s is stored already", ss[i].ID)
		}
		ids[ss[i].ID] = true
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	for i := range ss {
		n := copyShift(&ss[i])
		n.Version = 1
		s.shifts[n.ID] = n
	}
	s.appendEvents(events)
	return nil
}

// UpdateShift implements netops.Store.
func (s *Store) UpdateShift(ctx context.Context, v *netops.Shift, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.shifts[v.ID]
	if !ok {
		return notFound("shift", v.ID)
	}
	if err := checkVersion("shift", v.ID, old.Version, v.Version); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	s.shifts[v.ID] = copyShift(v)
	s.appendEvents(events)
	return nil
}

// Shift implements netops.Store.
func (s *Store) Shift(ctx context.Context, id uuid.UUID) (*netops.Shift, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.shifts[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no shift %s", id)
	}
	return copyShift(v), nil
}

// Shifts implements netops.Store.
func (s *Store) Shifts(ctx context.Context, f netops.ShiftFilter) ([]netops.Shift, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Shift
	for _, v := range s.shifts {
		if !v.Start.Before(f.To) || !v.End.After(f.From) ||
			(f.Person != "" && v.Person != f.Person) ||
			(f.Status != "" && v.Status != f.Status) {
			continue
		}
		out = append(out, *copyShift(v))
	}
	slices.SortFunc(out, func(a, b netops.Shift) int { return byStart(a.Start, b.Start, a.ID, b.ID) })
	return out, nil
}

// CreateDevices implements netops.Store.
func (s *Store) CreateDevices(ctx context.Context, ds []netops.Device, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, tags := map[uuid.UUID]bool{}, map[string]bool{}
	for i := range ds {
		d := &ds[i]
		if _, ok := s.devices[d.ID]; ok || ids[d.ID] {
			return govops.Errorf(govops.ECONFLICT, "device %s is stored already", d.ID)
		}
		if _, ok := s.tags[d.AssetTag]; ok || tags[d.AssetTag] {
			return govops.Errorf(govops.ECONFLICT, "a device has asset tag %s already", govops.Truncate(d.AssetTag, 60))
		}
		ids[d.ID], tags[d.AssetTag] = true, true
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	for i := range ds {
		n := copyDevice(&ds[i])
		n.Version = 1
		s.devices[n.ID] = n
		s.tags[n.AssetTag] = n.ID
	}
	s.appendEvents(events)
	return nil
}

// UpdateDevice implements netops.Store.
func (s *Store) UpdateDevice(ctx context.Context, d *netops.Device, events []netops.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.devices[d.ID]
	if !ok {
		return notFound("device", d.ID)
	}
	if err := checkVersion("device", d.ID, old.Version, d.Version); err != nil {
		return err
	}
	if id, ok := s.tags[d.AssetTag]; ok && id != d.ID {
		return govops.Errorf(govops.ECONFLICT, "a device has asset tag %s already", govops.Truncate(d.AssetTag, 60))
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	delete(s.tags, old.AssetTag)
	s.tags[d.AssetTag] = d.ID
	s.devices[d.ID] = copyDevice(d)
	s.appendEvents(events)
	return nil
}

// Device implements netops.Store.
func (s *Store) Device(ctx context.Context, id uuid.UUID) (*netops.Device, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.devices[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no device %s", id)
	}
	return copyDevice(d), nil
}

// DeviceByTag implements netops.Store.
func (s *Store) DeviceByTag(ctx context.Context, tag string) (*netops.Device, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.tags[tag]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no device has asset tag %s", govops.Truncate(tag, 60))
	}
	return copyDevice(s.devices[id]), nil
}

// Devices implements netops.Store.
func (s *Store) Devices(ctx context.Context, f netops.DeviceFilter, after uuid.UUID, limit int) ([]netops.Device, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []netops.Device
	for _, d := range s.devices {
		if (f.Site != "" && d.Site != f.Site) ||
			(f.Kind != "" && d.Kind != f.Kind) ||
			(f.Status != "" && d.Status != f.Status) ||
			(!f.EOLBefore.IsZero() && (d.EndOfLife.IsZero() || !d.EndOfLife.Before(f.EOLBefore))) ||
			(f.ReplacementPlanned && d.Replacement.PlannedOn.IsZero()) {
			continue
		}
		out = append(out, *copyDevice(d))
	}
	return page(out, func(d *netops.Device) uuid.UUID { return d.ID }, after, limit), nil
}
