// Package licensemem is an in-memory license.Store: a mutex over maps, with
// every value copied in and out. It suits tests, examples and programs that
// embed the license catalog without a database. Listings and Facts are a
// pass over the maps, which a district's catalog (tens of types, thousands
// of records) makes cheap; Facts counts the records from a summary by type
// and department that every write keeps, and RepairSummaries checks it
// against the records (govops.SummaryKeeper).
//
// A RecordWriter buffers the records of one import privately and applies
// them at Commit under the lock, checking every unique key again then: an
// import that a concurrent one beat to a key fails at Commit with
// ECONFLICT, having applied nothing.
package licensemem

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

// typeNumber is a record's Number within its Type.
type typeNumber struct{ typ, number string }

// typeDept is a claim's key: a type and a department.
type typeDept struct{ typ, dept string }

// typeRevision is a template's key: a type and a revision.
type typeRevision struct {
	typ string
	rev int
}

// Store is an in-memory license.Store. The zero value is not usable; call
// New.
type Store struct {
	mu sync.RWMutex

	types      map[uuid.UUID]*license.Type
	typeByCode map[string]uuid.UUID

	claims      map[uuid.UUID]*license.Claim
	claimByKey  map[typeDept]uuid.UUID
	templates   map[uuid.UUID]*license.Template
	templateKey map[typeRevision]uuid.UUID
	contents    map[uuid.UUID][]byte
	schemas     map[uuid.UUID]*license.Schema
	schemaType  map[string]uuid.UUID

	records map[uuid.UUID]*license.Record
	// counts is the summary of the records by type and department, kept
	// with every write of a record, which Facts reads.
	counts       map[typeDept]int64
	byIdentifier map[string]uuid.UUID
	byNumber     map[typeNumber]uuid.UUID
	byExclusive  map[string]uuid.UUID // exclusiveKey of each exclusive valid record

	batches  map[uuid.UUID]*license.Batch
	events   map[uuid.UUID][]license.Event // by subject
	eventIDs map[uuid.UUID]bool
}

var _ license.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		types:        map[uuid.UUID]*license.Type{},
		typeByCode:   map[string]uuid.UUID{},
		claims:       map[uuid.UUID]*license.Claim{},
		claimByKey:   map[typeDept]uuid.UUID{},
		templates:    map[uuid.UUID]*license.Template{},
		templateKey:  map[typeRevision]uuid.UUID{},
		contents:     map[uuid.UUID][]byte{},
		schemas:      map[uuid.UUID]*license.Schema{},
		schemaType:   map[string]uuid.UUID{},
		records:      map[uuid.UUID]*license.Record{},
		counts:       map[typeDept]int64{},
		byIdentifier: map[string]uuid.UUID{},
		byNumber:     map[typeNumber]uuid.UUID{},
		byExclusive:  map[string]uuid.UUID{},
		batches:      map[uuid.UUID]*license.Batch{},
		events:       map[uuid.UUID][]license.Event{},
		eventIDs:     map[uuid.UUID]bool{},
	}
}

// alive returns an EINTERNAL error wrapping the context's error once ctx is
// done, so that a cancelled caller is told so rather than served.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "licensemem: %w", err)
	}
	return nil
}

// checkEventIDs returns ECONFLICT if an event of events has the ID of a
// stored event or of another one of events, as a primary key on the event
// ID would. The caller holds the lock.
func (s *Store) checkEventIDs(events []license.Event) error {
	seen := make(map[uuid.UUID]bool, len(events))
	for _, e := range events {
		if s.eventIDs[e.ID] || seen[e.ID] {
			return govops.Errorf(govops.ECONFLICT, "an event with id %s is stored already; nothing was written", e.ID)
		}
		seen[e.ID] = true
	}
	return nil
}

// appendEvents appends copies of events to the trails of their subjects.
// The caller holds the write lock.
func (s *Store) appendEvents(events []license.Event) {
	for _, e := range events {
		e.Attachments = slices.Clone(e.Attachments)
		s.eventIDs[e.ID] = true
		s.events[e.Subject] = append(s.events[e.Subject], e)
	}
}

// Events implements license.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]license.Event, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	evs := s.events[subject]
	out := make([]license.Event, len(evs))
	for i, e := range evs {
		e.Attachments = slices.Clone(e.Attachments)
		out[i] = e
	}
	s.mu.RUnlock()
	slices.SortStableFunc(out, func(a, b license.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Batch implements license.Store.
func (s *Store) Batch(ctx context.Context, id uuid.UUID) (*license.Batch, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.batches[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "import batch %s not found", id)
	}
	out := *b
	return &out, nil
}

// Facts implements license.Store with one pass over the types, templates
// and claims, and the summary of the records rather than the records.
func (s *Store) Facts(ctx context.Context) (*license.Facts, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	approved := map[string]bool{}
	for _, t := range s.templates {
		if t.Status == license.TemplateApproved {
			approved[t.Type] = true
		}
	}
	f := &license.Facts{Types: make([]license.TypeFacts, 0, len(s.types)), Claims: make([]license.Claim, 0, len(s.claims))}
	for _, t := range s.types {
		_, schema := s.schemaType[t.Code]
		f.Types = append(f.Types, license.TypeFacts{Code: t.Code, Name: t.Name, ApprovedTemplate: approved[t.Code], Schema: schema})
	}
	for _, c := range s.claims {
		f.Claims = append(f.Claims, *c)
	}
	f.Records = make([]license.RecordCount, 0, len(s.counts))
	for _, k := range slices.SortedFunc(maps.Keys(s.counts), compareGroup) {
		if n := s.counts[k]; n != 0 {
			f.Records = append(f.Records, license.RecordCount{Type: k.typ, Department: k.dept, Records: n})
		}
	}
	return f, nil
}

// page returns at most limit of xs (all when limit is 0).
func page[T any](xs []T, limit int) []T {
	if limit > 0 && len(xs) > limit {
		return xs[:limit]
	}
	return xs
}

// compareID orders IDs by their bytes, the order of their text form.
func compareID(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) }
