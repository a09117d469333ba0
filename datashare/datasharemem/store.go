// Package datasharemem is an in-memory datashare.Store: a mutex over maps,
// with every value copied in and out. It suits tests, examples and programs
// that embed the catalog without a database.
//
// A MountWriter buffers the records of its batch privately and makes them
// visible at Commit, under the lock, so that no reader ever sees a loading
// batch's records.
//
// MountTotals and MountStats read summaries of the committed batches (by
// entry, by entry and item, and by department, status and month) that
// Commit and UpdateCatalog keep under the lock; RepairSummaries checks them
// against the batches (govops.SummaryKeeper).
package datasharemem

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

// Store is an in-memory datashare.Store. The zero value is not usable; call
// New.
type Store struct {
	mu sync.RWMutex

	catalogs map[uuid.UUID]*datashare.Catalog
	byCode   map[string]uuid.UUID

	batches map[uuid.UUID]*datashare.Batch
	// byCatalog holds the IDs of each entry's batches, in the order they
	// began.
	byCatalog map[uuid.UUID][]uuid.UUID
	// sums are the summaries of the committed batches that MountTotals
	// and MountStats read, kept by Commit and UpdateCatalog.
	sums summaries
	// records holds the visible records of each entry, in Batch then Line
	// order.
	records map[uuid.UUID][]datashare.Record

	requests map[uuid.UUID]*datashare.Request

	events   map[uuid.UUID][]datashare.Event // by subject
	eventIDs map[uuid.UUID]bool
}

var _ datashare.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		catalogs:  map[uuid.UUID]*datashare.Catalog{},
		byCode:    map[string]uuid.UUID{},
		batches:   map[uuid.UUID]*datashare.Batch{},
		byCatalog: map[uuid.UUID][]uuid.UUID{},
		sums:      newSummaries(),
		records:   map[uuid.UUID][]datashare.Record{},
		requests:  map[uuid.UUID]*datashare.Request{},
		events:    map[uuid.UUID][]datashare.Event{},
		eventIDs:  map[uuid.UUID]bool{},
	}
}

// alive returns EINTERNAL when ctx is done.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "datasharemem: %w", err)
	}
	return nil
}

// checkEvents returns ECONFLICT when an event's ID is taken, by a stored
// event or an earlier one of es. The caller holds the lock.
func (s *Store) checkEvents(es []datashare.Event) error {
	seen := map[uuid.UUID]bool{}
	for _, e := range es {
		if s.eventIDs[e.ID] || seen[e.ID] {
			return govops.Errorf(govops.ECONFLICT, "event %s is stored already", e.ID)
		}
		seen[e.ID] = true
	}
	return nil
}

// appendEvents appends es; the caller holds the lock and has checked them.
func (s *Store) appendEvents(es []datashare.Event) {
	for _, e := range es {
		e.Attachments = slices.Clone(e.Attachments)
		s.events[e.Subject] = append(s.events[e.Subject], e)
		s.eventIDs[e.ID] = true
	}
}

// Events implements datashare.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]datashare.Event, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	es := s.events[subject]
	out := make([]datashare.Event, len(es))
	for i, e := range es {
		e.Attachments = slices.Clone(e.Attachments)
		out[i] = e
	}
	slices.SortFunc(out, func(a, b datashare.Event) int { return int(a.Seq - b.Seq) })
	return out, nil
}

// copyCatalog returns a deep copy of c.
func copyCatalog(c *datashare.Catalog) *datashare.Catalog {
	cp := *c
	cp.Items = slices.Clone(c.Items)
	cp.Key = slices.Clone(c.Key)
	cp.Related = slices.Clone(c.Related)
	return &cp
}

// CreateCatalogs implements datashare.Store.
func (s *Store) CreateCatalogs(ctx context.Context, cs []datashare.Catalog, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, codes := map[uuid.UUID]bool{}, map[string]bool{}
	for i := range cs {
		c := &cs[i]
		if _, ok := s.catalogs[c.ID]; ok || ids[c.ID] {
			return govops.Errorf(govops.ECONFLICT, "catalog entry %s is stored already", c.ID)
		}
		if _, ok := s.byCode[c.Code]; ok || codes[c.Code] {
			return govops.Errorf(govops.ECONFLICT, "a catalog entry has code %s already", c.Code)
		}
		ids[c.ID], codes[c.Code] = true, true
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	for i := range cs {
		c := copyCatalog(&cs[i])
		c.Version = 1
		s.catalogs[c.ID] = c
		s.byCode[c.Code] = c.ID
	}
	s.appendEvents(events)
	return nil
}

// UpdateCatalog implements datashare.Store.
func (s *Store) UpdateCatalog(ctx context.Context, c *datashare.Catalog, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.catalogs[c.ID]
	if !ok {
		return govops.Errorf(govops.ENOTFOUND, "no catalog entry %s", c.ID)
	}
	if old.Version != c.Version-1 {
		return govops.Errorf(govops.ECONFLICT, "catalog entry %s is at version %d, not %d", c.ID, old.Version, c.Version-1)
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	n := copyCatalog(c)
	if n.Department != old.Department || n.Status != old.Status {
		s.moveMonths(old, n)
	}
	if n.Code != old.Code {
		delete(s.byCode, old.Code)
		s.byCode[n.Code] = n.ID
	}
	s.catalogs[c.ID] = n
	s.appendEvents(events)
	return nil
}

// Catalog implements datashare.Store.
func (s *Store) Catalog(ctx context.Context, id uuid.UUID) (*datashare.Catalog, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.catalogs[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no catalog entry %s", id)
	}
	return copyCatalog(c), nil
}

// CatalogByCode implements datashare.Store.
func (s *Store) CatalogByCode(ctx context.Context, code string) (*datashare.Catalog, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.byCode[code]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no catalog entry has code %s", govops.Truncate(code, 60))
	}
	return copyCatalog(s.catalogs[id]), nil
}

// Catalogs implements datashare.Store.
func (s *Store) Catalogs(ctx context.Context, f datashare.CatalogFilter, after string, limit int) ([]datashare.Catalog, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []datashare.Catalog
	for _, c := range s.catalogs {
		if after != "" && c.Code <= after || !catalogMatches(c, f) {
			continue
		}
		out = append(out, *copyCatalog(c))
	}
	slices.SortFunc(out, func(a, b datashare.Catalog) int { return strings.Compare(a.Code, b.Code) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func catalogMatches(c *datashare.Catalog, f datashare.CatalogFilter) bool {
	return (f.Department == "" || c.Department == f.Department) &&
		(f.Class == "" || c.Class == f.Class) &&
		(f.Format == "" || c.Format == f.Format) &&
		(f.ShareType == "" || c.ShareType == f.ShareType) &&
		(f.Open == "" || c.Open == f.Open) &&
		(f.Status == "" || c.Status == f.Status) &&
		(f.Text == "" || strings.Contains(c.Code, f.Text) || strings.Contains(c.Name, f.Text))
}
