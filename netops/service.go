package netops

import (
	"time"

	"github.com/govops-kit/govops"
)

// Service holds every rule of the extranet inventory and of the operations
// records, and who may do what (see govops.Actor):
//
//   - the center writes the inventory (sites, unit profiles, links,
//     networks, migrations, devices), the operations records (visits,
//     inspections, the roster) and bookings for any unit;
//   - a department reads the sites and networks, its own unit's profile,
//     links, migrations, visits and their compliance, and books (and
//     reads) meetings for itself; the district-wide reports (coverage, the
//     campaign, overlaps, compliance of the whole district, the roster,
//     inspections and the register) are the center's and its read-only
//     readers';
//   - a reader who may not see a visit's personal data (its contact's name
//     and phone) gets it masked.
//
// It is safe for concurrent use when its Store is.
type Service struct {
	store      Store
	now        func() time.Time
	dir        Directory
	tickets    Tickets
	observer   Observer
	sla        map[Zone]time.Duration
	deviceLife int
}

// Option configures a Service.
type Option func(*Service)

// NewService returns a Service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, sla: DefaultSLA(), deviceLife: DefaultDeviceLife}
	for _, o := range opts {
		o(s)
	}
	return s
}

// WithNow sets the clock. Tests pass a fixed time so that they never sleep.
func WithNow(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithDirectory sets the directory units come from (see Directory).
func WithDirectory(d Directory) Option { return func(s *Service) { s.dir = d } }

// WithTickets sets the checker of the command platform's tickets that
// visits start from (see Tickets). Without one, a case ticket is taken as
// written.
func WithTickets(t Tickets) Option { return func(s *Service) { s.tickets = t } }

// WithObserver sets the observer told of every saved change of a visit.
func WithObserver(o Observer) Option { return func(s *Service) { s.observer = o } }

// WithSLA sets the response time of the zones it names (the others keep
// theirs: DefaultSLA); a duration ≤ 0 or an unknown zone is ignored. A
// visit keeps the promise it was reported under.
func WithSLA(sla map[Zone]time.Duration) Option {
	return func(s *Service) {
		for z, d := range sla {
			if z.Valid() && d > 0 {
				s.sla[z] = d
			}
		}
	}
}

// WithDeviceLife sets how many years a device serves when its record
// gives no end-of-life date (DefaultDeviceLife unless set; n ≤ 0 keeps the
// default).
func WithDeviceLife(years int) Option {
	return func(s *Service) {
		if years > 0 {
			s.deviceLife = years
		}
	}
}

// SLA returns the response time of each zone.
func (s *Service) SLA() map[Zone]time.Duration {
	out := make(map[Zone]time.Duration, len(s.sla))
	for z, d := range s.sla {
		out[z] = d
	}
	return out
}

// clock returns now as a Store keeps times.
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }
