// Package netopsmem is an in-memory netops.Store: a mutex over maps, with
// every value copied in and out. It suits tests, examples and programs that
// embed the extranet inventory without a database.
//
// It keeps the counts of the visits by unit, month, zone, technician,
// status and arrival as summaries, changed with every write of a visit,
// and the visits not arrived: VisitGroups of whole months (Asia/Shanghai)
// selected by time, unit, zone and technician alone, as the compliance
// report's are, reads them; any other VisitGroups counts the visits.
// RepairSummaries (govops.SummaryKeeper) counts the visits anew to check
// them.
package netopsmem

import (
	"bytes"
	"context"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// Store is an in-memory netops.Store. The zero value is not usable; call
// New.
type Store struct {
	mu sync.RWMutex

	gens map[string]int64

	sites      map[uuid.UUID]*netops.Site
	siteCodes  map[string]uuid.UUID
	units      map[uuid.UUID]*netops.UnitNet
	unitCodes  map[string]uuid.UUID
	links      map[uuid.UUID]*netops.Link
	circuits   map[circuit]uuid.UUID
	networks   map[uuid.UUID]*netops.Network
	netCodes   map[string]uuid.UUID
	migrations map[uuid.UUID]*netops.Migration
	visits     map[uuid.UUID]*netops.Visit
	plans      map[uuid.UUID]*netops.Plan
	records    map[uuid.UUID]*netops.Record
	bookings   map[uuid.UUID]*netops.Booking
	shifts     map[uuid.UUID]*netops.Shift
	devices    map[uuid.UUID]*netops.Device
	tags       map[string]uuid.UUID

	events   map[uuid.UUID][]netops.Event // by subject, in Seq order
	eventIDs map[uuid.UUID]bool

	// sums are the counts of the visits VisitGroups reads, changed with
	// the visits.
	sums *summaries
}

// circuit is the unique key of a link with a circuit ID.
type circuit struct{ carrier, id string }

var (
	_ netops.Store         = (*Store)(nil)
	_ govops.SummaryKeeper = (*Store)(nil)
)

// New returns an empty Store.
func New() *Store {
	return &Store{
		gens:       map[string]int64{},
		sites:      map[uuid.UUID]*netops.Site{},
		siteCodes:  map[string]uuid.UUID{},
		units:      map[uuid.UUID]*netops.UnitNet{},
		unitCodes:  map[string]uuid.UUID{},
		links:      map[uuid.UUID]*netops.Link{},
		circuits:   map[circuit]uuid.UUID{},
		networks:   map[uuid.UUID]*netops.Network{},
		netCodes:   map[string]uuid.UUID{},
		migrations: map[uuid.UUID]*netops.Migration{},
		visits:     map[uuid.UUID]*netops.Visit{},
		plans:      map[uuid.UUID]*netops.Plan{},
		records:    map[uuid.UUID]*netops.Record{},
		bookings:   map[uuid.UUID]*netops.Booking{},
		shifts:     map[uuid.UUID]*netops.Shift{},
		devices:    map[uuid.UUID]*netops.Device{},
		tags:       map[string]uuid.UUID{},
		events:     map[uuid.UUID][]netops.Event{},
		eventIDs:   map[uuid.UUID]bool{},
		sums:       newSummaries(),
	}
}

// alive returns EINTERNAL when ctx is done.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "netopsmem: %w", err)
	}
	return nil
}

// Generation implements netops.Store.
func (s *Store) Generation(ctx context.Context, scope string) (int64, error) {
	if err := alive(ctx); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.gens[scope], nil
}

// checkGuard returns ECONFLICT when g's generation has moved. The caller
// holds the lock.
func (s *Store) checkGuard(g netops.Guard) error {
	if g.Scope == "" {
		return nil
	}
	if at := s.gens[g.Scope]; at != g.Gen {
		return govops.Errorf(govops.ECONFLICT, "%s changed meanwhile (generation %d, not %d): try again", g.Scope, at, g.Gen)
	}
	return nil
}

// holdGuard moves g's generation on; the caller holds the lock and has
// checked it.
func (s *Store) holdGuard(g netops.Guard) {
	if g.Scope != "" {
		s.gens[g.Scope]++
	}
}

// checkEvents returns ECONFLICT when an event's ID or (Subject, Seq) is
// taken, by a stored event or an earlier one of es. The caller holds the
// lock.
func (s *Store) checkEvents(es []netops.Event) error {
	type seq struct {
		subject uuid.UUID
		seq     int64
	}
	ids, seqs := map[uuid.UUID]bool{}, map[seq]bool{}
	for _, e := range es {
		if s.eventIDs[e.ID] || ids[e.ID] {
			return govops.Errorf(govops.ECONFLICT, "event %s is stored already", e.ID)
		}
		k := seq{e.Subject, e.Seq}
		if seqs[k] {
			return govops.Errorf(govops.ECONFLICT, "event %d of %s is given twice", e.Seq, e.Subject)
		}
		for _, o := range s.events[e.Subject] {
			if o.Seq == e.Seq {
				return govops.Errorf(govops.ECONFLICT, "event %d of %s is stored already", e.Seq, e.Subject)
			}
		}
		ids[e.ID], seqs[k] = true, true
	}
	return nil
}

// appendEvents appends es; the caller holds the lock and has checked them.
func (s *Store) appendEvents(es []netops.Event) {
	for _, e := range es {
		e.Attachments = slices.Clone(e.Attachments)
		trail := append(s.events[e.Subject], e)
		slices.SortStableFunc(trail, func(a, b netops.Event) int { return cmpInt(a.Seq, b.Seq) })
		s.events[e.Subject] = trail
		s.eventIDs[e.ID] = true
	}
}

// Events implements netops.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]netops.Event, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	es := s.events[subject]
	out := make([]netops.Event, len(es))
	for i, e := range es {
		e.Attachments = slices.Clone(e.Attachments)
		out[i] = e
	}
	return out, nil
}

// notFound is the ENOTFOUND of an update of a record that is not stored.
func notFound(what string, id uuid.UUID) error {
	return govops.Errorf(govops.ENOTFOUND, "no %s %s", what, id)
}

// checkVersion returns ECONFLICT when the stored version of a record is
// not version-1.
func checkVersion(what string, id uuid.UUID, stored, version int64) error {
	if stored != version-1 {
		return govops.Errorf(govops.ECONFLICT, "%s %s is at version %d, not %d", what, id, stored, version-1)
	}
	return nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// page sorts out by key, keeps those after after (when not zero) and
// returns at most limit (all when 0).
func page[T any](out []T, id func(*T) uuid.UUID, after uuid.UUID, limit int) []T {
	slices.SortFunc(out, func(a, b T) int { return cmpID(id(&a), id(&b)) })
	if after != uuid.Nil {
		i, _ := slices.BinarySearchFunc(out, after, func(v T, k uuid.UUID) int { return cmpID(id(&v), k) })
		for i < len(out) && cmpID(id(&out[i]), after) <= 0 {
			i++
		}
		out = out[i:]
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}
