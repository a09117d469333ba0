// Package directorymem is an in-memory directory.Store: a mutex over maps,
// with every value copied in and out. It suits tests, examples and programs
// that embed the directory without a database; a district's few hundred
// units make a listing's pass over every unit cheap.
package directorymem

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
)

// Store is an in-memory directory.Store. The zero value is not usable; call
// New.
type Store struct {
	mu       sync.RWMutex
	byID     map[uuid.UUID]*directory.Department
	byCode   map[string]uuid.UUID // the exact code
	byKey    map[string]uuid.UUID // directory.CodeKey of the code
	events   map[uuid.UUID][]directory.Event
	eventIDs map[uuid.UUID]bool // the ID of every stored event
}

var _ directory.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		byID:     map[uuid.UUID]*directory.Department{},
		byCode:   map[string]uuid.UUID{},
		byKey:    map[string]uuid.UUID{},
		events:   map[uuid.UUID][]directory.Event{},
		eventIDs: map[uuid.UUID]bool{},
	}
}

// alive returns an EINTERNAL error wrapping the context's error once ctx is
// done, so that a cancelled caller is told so rather than served.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "directorymem: %w", err)
	}
	return nil
}

// checkEventIDs returns ECONFLICT if an event of events has the ID of a
// stored event or of another one of events, as a primary key on the event
// ID would. The caller holds the lock.
func (s *Store) checkEventIDs(events []directory.Event) error {
	seen := make(map[uuid.UUID]bool, len(events))
	for _, e := range events {
		if s.eventIDs[e.ID] || seen[e.ID] {
			return govops.Errorf(govops.ECONFLICT, "a department event with id %s already exists", e.ID)
		}
		seen[e.ID] = true
	}
	return nil
}

// appendEvents appends copies of events to the trails of their subjects.
// The caller holds the write lock.
func (s *Store) appendEvents(events []directory.Event) {
	for _, e := range events {
		e.Attachments = slices.Clone(e.Attachments)
		s.eventIDs[e.ID] = true
		s.events[e.Subject] = append(s.events[e.Subject], e)
	}
}

// Create implements directory.Store. The one lock makes the batch and its
// events visible together, and every check runs before anything is stored.
func (s *Store) Create(ctx context.Context, ds []directory.Department, events []directory.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make(map[uuid.UUID]bool, len(ds))
	keys := make(map[string]string, len(ds))
	for _, d := range ds {
		k := directory.CodeKey(d.Code)
		if id, ok := s.byKey[k]; ok {
			return taken(d.Code, s.byID[id].Code)
		}
		if other, ok := keys[k]; ok {
			return taken(d.Code, other)
		}
		if _, ok := s.byID[d.ID]; ok || ids[d.ID] {
			return govops.Errorf(govops.ECONFLICT, "a department with id %s already exists", d.ID)
		}
		ids[d.ID], keys[k] = true, d.Code
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	for _, d := range ds {
		s.byID[d.ID] = &d
		s.byCode[d.Code] = d.ID
		s.byKey[directory.CodeKey(d.Code)] = d.ID
	}
	s.appendEvents(events)
	return nil
}

// taken is the ECONFLICT of a code whose key other takes.
func taken(code, other string) error {
	return govops.Errorf(govops.ECONFLICT, "department code %s is taken by department %s", code, other)
}

// Update implements directory.Store. The one lock makes the department and
// its events visible together.
func (s *Store) Update(ctx context.Context, d *directory.Department, events []directory.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.byID[d.ID]
	switch {
	case !ok:
		return govops.Errorf(govops.ENOTFOUND, "no department with id %s", d.ID)
	case cur.Version != d.Version-1:
		return govops.Errorf(govops.ECONFLICT, "department %s is at version %d, not %d: it was changed meanwhile", cur.Code, cur.Version, d.Version-1)
	case cur.Code != d.Code:
		return govops.Errorf(govops.EINTERNAL, "directorymem: the code of department %s cannot change to %s", cur.Code, d.Code)
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	next := *d
	s.byID[d.ID] = &next
	s.appendEvents(events)
	return nil
}

// Department implements directory.Store.
func (s *Store) Department(ctx context.Context, code string) (*directory.Department, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, err := s.idOf(code)
	if err != nil {
		return nil, err
	}
	d := *s.byID[id]
	return &d, nil
}

// idOf returns the ID of the department whose code is exactly code, and
// ENOTFOUND if there is none. The caller holds the lock.
func (s *Store) idOf(code string) (uuid.UUID, error) {
	id, ok := s.byCode[code]
	if !ok {
		return uuid.Nil, govops.Errorf(govops.ENOTFOUND, "department %s not found", code)
	}
	return id, nil
}

// Lookup implements directory.Store.
func (s *Store) Lookup(ctx context.Context, codes []string) ([]directory.Department, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[uuid.UUID]bool{}
	var out []directory.Department
	for _, c := range codes {
		id, ok := s.byKey[directory.CodeKey(c)]
		if ok && !seen[id] {
			seen[id] = true
			out = append(out, *s.byID[id])
		}
	}
	return out, nil
}

// Departments implements directory.Store.
func (s *Store) Departments(ctx context.Context, f directory.Filter, after string, limit int) ([]directory.Department, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []directory.Department
	for _, d := range s.byID {
		if d.Code > after && matches(&f, d) {
			out = append(out, *d)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b directory.Department) int { return strings.Compare(a.Code, b.Code) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Count implements directory.Store.
func (s *Store) Count(ctx context.Context, f directory.Filter) (int64, error) {
	if err := alive(ctx); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var n int64
	for _, d := range s.byID {
		if matches(&f, d) {
			n++
		}
	}
	return n, nil
}

// matches reports whether d is one of the departments f selects.
func matches(f *directory.Filter, d *directory.Department) bool {
	return (len(f.Kinds) == 0 || slices.Contains(f.Kinds, d.Kind)) &&
		(f.Zone == "" || d.Zone == f.Zone) &&
		(f.Parent == "" || d.Parent == f.Parent) &&
		(f.Status == "" || d.Status == f.Status) &&
		(f.Text == "" || strings.Contains(directory.CodeKey(d.Code), directory.CodeKey(f.Text)) || strings.Contains(d.Name, f.Text))
}

// Events implements directory.Store.
func (s *Store) Events(ctx context.Context, code string) ([]directory.Event, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, err := s.idOf(code)
	if err != nil {
		return nil, err
	}
	evs := s.events[id]
	out := make([]directory.Event, len(evs))
	for i, e := range evs {
		e.Attachments = slices.Clone(e.Attachments)
		out[i] = e
	}
	slices.SortFunc(out, func(a, b directory.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Counts implements directory.Store.
func (s *Store) Counts(ctx context.Context) ([]directory.Group, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	type key struct {
		kind   directory.Kind
		zone   directory.Zone
		status directory.Status
	}
	s.mu.RLock()
	n := map[key]int64{}
	for _, d := range s.byID {
		n[key{d.Kind, d.Zone, d.Status}]++
	}
	s.mu.RUnlock()
	out := make([]directory.Group, 0, len(n))
	for k, c := range n {
		out = append(out, directory.Group{Kind: k.kind, Zone: k.zone, Status: k.status, Count: c})
	}
	return out, nil
}
