package netops

import (
	"context"
	"net/netip"
	"time"

	"github.com/google/uuid"
)

// Guard scopes: the writes whose check reads more than the record they
// write, and which therefore hold a generation (see Guard).
const (
	// ScopePrefixes guards the prefixes of live links: every write that
	// adds a live prefix (a new live link, or a changed prefix list or
	// address space of a live link) holds it.
	ScopePrefixes = "prefixes"
	// ScopeBookings guards the meeting bookings: every write that makes a
	// booking stand or moves it holds it.
	ScopeBookings = "bookings"
)

// Guard asks a write to hold a scope's generation: the write succeeds only
// if the scope's generation is still Gen (the value Generation returned
// before the Service read what it checked), and it increments the
// generation in the same atomic step. Two writers that checked the same
// state cannot both land, so a check over many records (no prefix overlaps
// another, no booking clashes with another) holds under concurrency on
// every database. The zero Guard (Scope "") holds nothing.
type Guard struct {
	Scope string
	Gen   int64
}

// Store persists the extranet inventory and the operations records, with
// the trails of all of them. It holds no business rule: the Service
// validates, assigns IDs and versions, checks permissions, prefixes and
// clashes, and decides what a change records before it calls the Store.
//
// Every method returns *govops.Error values with the codes its comment
// names; any other failure, a cancelled context included, is EINTERNAL,
// and a method called with a cancelled context stores nothing. Values
// passed in are not retained and values returned are the caller's own.
// Times come in UTC, cut to the microsecond, and must come back as the
// same instants (in any location); a zero time comes back zero. Codes are
// compared exactly, byte for byte. Slices come back in the order they were
// stored; an empty slice may come back nil.
//
// A method that takes events appends them in the same atomic step as the
// change they record: all of it or, on any error, none. Event IDs are
// unique across the Store (ECONFLICT), and so is an event's (Subject,
// Seq). A method that takes a Guard fails with ECONFLICT, writing nothing,
// when the guard's generation has moved (see Guard).
//
// A write of a versioned record (Update…) replaces the stored record
// whose ID is the record's and whose Version is still Version-1. Returns
// ENOTFOUND if there is no such record and ECONFLICT if its stored version
// differs; nothing is written then. The Service never changes an ID, a
// Code, a Unit of a UnitNet or an AssetTag.
//
// Listings that take after and limit return at most limit records (all
// when limit is 0), ordered by the key they name, starting after the key
// after when it is not zero.
type Store interface {
	// Generation returns the current generation of scope: 0 for a scope
	// never written.
	Generation(ctx context.Context, scope string) (int64, error)

	// Events returns the trail of the record whose ID is subject, in Seq
	// order: none for an unknown subject.
	Events(ctx context.Context, subject uuid.UUID) ([]Event, error)

	// CreateSite stores s at Version 1, with events. Returns ECONFLICT if
	// its ID or Code is taken.
	CreateSite(ctx context.Context, s *Site, events []Event) error
	// UpdateSite replaces the site s.ID (see Store).
	UpdateSite(ctx context.Context, s *Site, events []Event) error
	// Site returns the site whose code is code: ENOTFOUND if none.
	Site(ctx context.Context, code string) (*Site, error)
	// Sites returns every site, ordered by Code.
	Sites(ctx context.Context) ([]Site, error)

	// CreateUnits stores every profile of us at Version 1, with events, in
	// one atomic step. Returns ECONFLICT if an ID or a Unit is taken, by a
	// stored profile or another one of us.
	CreateUnits(ctx context.Context, us []UnitNet, events []Event) error
	// UpdateUnit replaces the profile u.ID (see Store).
	UpdateUnit(ctx context.Context, u *UnitNet, events []Event) error
	// Unit returns the profile of the unit whose code is unit: ENOTFOUND
	// if none.
	Unit(ctx context.Context, unit string) (*UnitNet, error)
	// Units returns the profiles matching f, ordered by Unit (key: the
	// unit code).
	Units(ctx context.Context, f UnitFilter, after string, limit int) ([]UnitNet, error)

	// CreateLinks stores every link of ls at Version 1, with events, in
	// one atomic step, holding g. Returns ECONFLICT if an ID is taken, or
	// if a link's (Carrier, CircuitID), CircuitID not empty, is another
	// stored link's or another one of ls's.
	CreateLinks(ctx context.Context, ls []Link, g Guard, events []Event) error
	// UpdateLink replaces the link l.ID (see Store), holding g. Returns
	// ECONFLICT as CreateLinks does for a taken (Carrier, CircuitID).
	UpdateLink(ctx context.Context, l *Link, g Guard, events []Event) error
	// Link returns the link id: ENOTFOUND if none.
	Link(ctx context.Context, id uuid.UUID) (*Link, error)
	// Links returns the links matching f, ordered by ID (key: the ID).
	Links(ctx context.Context, f LinkFilter, after uuid.UUID, limit int) ([]Link, error)
	// OverlappingPrefixes returns every prefix of a live link (any status
	// but decommissioned) in address space space that overlaps one of ps
	// (contains it, or is contained in it), each once, in any order.
	// IPv4 and IPv6 prefixes never overlap each other; an IPv4-mapped IPv6
	// prefix is never stored (the Service unmaps it). A store that keeps
	// prefixes as ranges answers this with two index lookups a prefix: the
	// prefixes whose first address lies in p, and p's at most 128
	// ancestors.
	OverlappingPrefixes(ctx context.Context, space string, ps []netip.Prefix) ([]LinkPrefix, error)
	// LivePrefixes returns every prefix of every live link, each with its
	// link's ID, unit, space and status, in any order.
	LivePrefixes(ctx context.Context) ([]LinkPrefix, error)
	// ConnectedUnits returns the codes of the units with at least one
	// active extranet link (Type extranet, Status active), each once,
	// sorted.
	ConnectedUnits(ctx context.Context) ([]string, error)

	// CreateNetwork stores n at Version 1, with events. Returns ECONFLICT
	// if its ID or Code is taken.
	CreateNetwork(ctx context.Context, n *Network, events []Event) error
	// UpdateNetwork replaces the network n.ID (see Store).
	UpdateNetwork(ctx context.Context, n *Network, events []Event) error
	// Network returns the network whose code is code: ENOTFOUND if none.
	Network(ctx context.Context, code string) (*Network, error)
	// Networks returns every network, ordered by Code.
	Networks(ctx context.Context) ([]Network, error)

	// CreateMigration stores m at Version 1, with events. Returns
	// ECONFLICT if its ID is taken.
	CreateMigration(ctx context.Context, m *Migration, events []Event) error
	// UpdateMigration replaces the migration m.ID (see Store) and, when u
	// is not nil, the unit profile u.ID the same way, in one atomic step:
	// a cutover moves the unit. Either being missing or stale writes
	// neither.
	UpdateMigration(ctx context.Context, m *Migration, u *UnitNet, events []Event) error
	// Migration returns the migration id: ENOTFOUND if none.
	Migration(ctx context.Context, id uuid.UUID) (*Migration, error)
	// Migrations returns the migrations matching f, ordered by ID.
	Migrations(ctx context.Context, f MigrationFilter, after uuid.UUID, limit int) ([]Migration, error)

	// CreateVisits stores every visit of vs at Version 1, with events, in
	// one atomic step. Returns ECONFLICT if an ID is taken.
	CreateVisits(ctx context.Context, vs []Visit, events []Event) error
	// UpdateVisit replaces the visit v.ID (see Store).
	UpdateVisit(ctx context.Context, v *Visit, events []Event) error
	// Visit returns the visit id: ENOTFOUND if none.
	Visit(ctx context.Context, id uuid.UUID) (*Visit, error)
	// Visits returns the visits matching f, ordered by ID.
	Visits(ctx context.Context, f VisitFilter, after uuid.UUID, limit int) ([]Visit, error)
	// VisitGroups counts the visits matching f that are not cancelled, by
	// (Month, Zone, Technician), one group each, in any order; groups with
	// no visit are left out. It runs in the database (GROUP BY), not over
	// a listing: its cost must not be that of reading every visit.
	VisitGroups(ctx context.Context, f VisitFilter) ([]VisitGroup, error)

	// CreatePlan stores p at Version 1, with events. Returns ECONFLICT if
	// its ID is taken.
	CreatePlan(ctx context.Context, p *Plan, events []Event) error
	// UpdatePlan replaces the plan p.ID (see Store).
	UpdatePlan(ctx context.Context, p *Plan, events []Event) error
	// Plan returns the plan id: ENOTFOUND if none.
	Plan(ctx context.Context, id uuid.UUID) (*Plan, error)
	// Plans returns the plans matching f, ordered by ID.
	Plans(ctx context.Context, f PlanFilter, after uuid.UUID, limit int) ([]Plan, error)
	// AddRecord stores r and replaces the plan p.ID (see Store: its
	// LastDone and NextDue move) with events, in one atomic step. Returns
	// ECONFLICT if r's ID is taken, ENOTFOUND if there is no plan p.ID.
	AddRecord(ctx context.Context, r *Record, p *Plan, events []Event) error
	// Records returns the records matching f, ordered by ID.
	Records(ctx context.Context, f RecordFilter, after uuid.UUID, limit int) ([]Record, error)

	// CreateBooking stores b at Version 1, with events, holding g.
	// Returns ECONFLICT if its ID is taken.
	CreateBooking(ctx context.Context, b *Booking, g Guard, events []Event) error
	// UpdateBooking replaces the booking b.ID (see Store), holding g.
	UpdateBooking(ctx context.Context, b *Booking, g Guard, events []Event) error
	// Booking returns the booking id: ENOTFOUND if none.
	Booking(ctx context.Context, id uuid.UUID) (*Booking, error)
	// Bookings returns the bookings matching f, ordered by (Start, ID).
	Bookings(ctx context.Context, f BookingFilter) ([]Booking, error)

	// CreateShifts stores every shift of ss at Version 1, with events, in
	// one atomic step. Returns ECONFLICT if an ID is taken.
	CreateShifts(ctx context.Context, ss []Shift, events []Event) error
	// UpdateShift replaces the shift s.ID (see Store).
	UpdateShift(ctx context.Context, s *Shift, events []Event) error
	// Shift returns the shift id: ENOTFOUND if none.
	Shift(ctx context.Context, id uuid.UUID) (*Shift, error)
	// Shifts returns the shifts matching f, ordered by (Start, ID).
	Shifts(ctx context.Context, f ShiftFilter) ([]Shift, error)

	// CreateDevices stores every device of ds at Version 1, with events,
	// in one atomic step. Returns ECONFLICT if an ID or an AssetTag is
	// taken, by a stored device or another one of ds.
	CreateDevices(ctx context.Context, ds []Device, events []Event) error
	// UpdateDevice replaces the device d.ID (see Store).
	UpdateDevice(ctx context.Context, d *Device, events []Event) error
	// Device returns the device id: ENOTFOUND if none.
	Device(ctx context.Context, id uuid.UUID) (*Device, error)
	// DeviceByTag returns the device whose asset tag is tag: ENOTFOUND if
	// none.
	DeviceByTag(ctx context.Context, tag string) (*Device, error)
	// Devices returns the devices matching f, ordered by ID.
	Devices(ctx context.Context, f DeviceFilter, after uuid.UUID, limit int) ([]Device, error)
}

// UnitFilter selects unit profiles; the zero UnitFilter selects all.
type UnitFilter struct {
	// Site keeps the profiles of units at this site.
	Site string
	// Units keeps the profiles of these units (none: all).
	Units []string
}

// LinkFilter selects links; each field that is not zero narrows the
// selection.
type LinkFilter struct {
	Unit string
	Site string
	Type LinkType
	// Statuses keeps the links in any of these statuses.
	Statuses []LinkStatus
	Network  string
	// SelfBuilt keeps the self-built internet lines (Type internet,
	// ViaExtranet false).
	SelfBuilt bool
}

// MigrationFilter selects migrations; each field that is not zero narrows
// the selection.
type MigrationFilter struct {
	Unit   string
	Status MigrationStatus
}

// VisitFilter selects visits; each field that is not zero narrows the
// selection.
type VisitFilter struct {
	Unit       string
	Zone       Zone
	Technician string
	Status     VisitStatus
	// Ticket keeps the visits whose Ticket.Ref is exactly this.
	Ticket string
	// From and To keep the visits reported in [From, To).
	From, To time.Time
	// BreachedAsOf, when not zero, keeps the visits that broke their
	// promise as of then (Visit.Breached).
	BreachedAsOf time.Time
	// AsOf, for VisitGroups, is the time a visit not arrived must be due
	// before to count as overdue; required there.
	AsOf time.Time
}

// PlanFilter selects plans; each field that is not zero narrows the
// selection.
type PlanFilter struct {
	Status PlanStatus
	// Site keeps the plans whose target is at this site.
	Site string
	// DueBefore keeps the plans whose NextDue is before it.
	DueBefore time.Time
}

// RecordFilter selects inspection records; each field that is not zero
// narrows the selection.
type RecordFilter struct {
	Plan uuid.UUID
	// From and To keep the records done in [From, To).
	From, To time.Time
}

// BookingFilter selects bookings; each field that is not zero narrows the
// selection.
type BookingFilter struct {
	// From and To keep the bookings that overlap [From, To): Start < To
	// and End > From. Both are required.
	From, To   time.Time
	Site       string
	Room       string
	Department string
	// Person keeps the bookings that Person is on the staff of.
	Person string
	// Status keeps the bookings of this status.
	Status BookingStatus
}

// ShiftFilter selects shifts; each field that is not zero narrows the
// selection.
type ShiftFilter struct {
	// From and To keep the shifts that overlap [From, To): Start < To and
	// End > From. Both are required.
	From, To time.Time
	Person   string
	Status   ShiftStatus
}

// DeviceFilter selects devices; each field that is not zero narrows the
// selection.
type DeviceFilter struct {
	Site   string
	Kind   DeviceKind
	Status DeviceStatus
	// EOLBefore keeps the devices whose EndOfLife is before it.
	EOLBefore time.Time
	// ReplacementPlanned keeps the devices with a replacement planned.
	ReplacementPlanned bool
}
