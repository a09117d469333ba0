// Package portalmem is an in-memory portal.Store: a mutex over maps, with
// every value copied in and out. It suits tests, examples and programs
// that keep the portal records without a database.
package portalmem

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// Store is an in-memory portal.Store. The zero value is not usable; call
// New.
type Store struct {
	mu sync.RWMutex

	sites         *table[portal.Site]
	siteCodes     map[string]uuid.UUID
	columns       *table[portal.Column]
	columnCodes   map[columnKey]uuid.UUID
	posts         *table[portal.Post]
	postURLs      map[postKey]uuid.UUID
	probes        *table[portal.Probe]
	crawls        *table[portal.Crawl]
	findings      *table[portal.Finding]
	findingSeqs   map[findingKey]uuid.UUID
	tasks         *table[portal.Task]
	taskFindings  map[uuid.UUID]uuid.UUID // finding → task
	consultations *table[portal.Consultation]
	consultRefs   map[consultKey]uuid.UUID
	accounts      *table[portal.Account]
	accountCodes  map[string]uuid.UUID
	inspections   *table[portal.MediaInspection]
	inspectWeeks  map[weekKey]uuid.UUID

	events   map[uuid.UUID][]portal.Event // by subject, in Seq order
	eventIDs map[uuid.UUID]bool
}

// columnKey is the unique key of a column: its code within its site.
type columnKey struct {
	site uuid.UUID
	code string
}

// postKey is the unique key of a post: its URL within its site.
type postKey struct {
	site uuid.UUID
	url  string
}

// findingKey is the unique key of a finding: its place in its crawl.
type findingKey struct {
	crawl uuid.UUID
	seq   int
}

// consultKey is the unique key of a consultation: its site's number.
type consultKey struct {
	site uuid.UUID
	ref  string
}

// weekKey is the unique key of a media inspection: its account and week,
// as a UnixMicro instant so that locations do not matter.
type weekKey struct {
	account uuid.UUID
	week    int64
}

var _ portal.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		sites: newTable("site", func(v *portal.Site) uuid.UUID { return v.ID },
			func(v *portal.Site) int64 { return v.Version }, copySite),
		siteCodes: map[string]uuid.UUID{},
		columns: newTable("column", func(v *portal.Column) uuid.UUID { return v.ID },
			func(v *portal.Column) int64 { return v.Version }, copyPlain[portal.Column]),
		columnCodes: map[columnKey]uuid.UUID{},
		posts: newTable("post", func(v *portal.Post) uuid.UUID { return v.ID },
			func(*portal.Post) int64 { return 0 }, copyPlain[portal.Post]),
		postURLs: map[postKey]uuid.UUID{},
		probes: newTable("probe", func(v *portal.Probe) uuid.UUID { return v.ID },
			func(*portal.Probe) int64 { return 0 }, copyPlain[portal.Probe]),
		crawls: newTable("crawl", func(v *portal.Crawl) uuid.UUID { return v.ID },
			func(v *portal.Crawl) int64 { return v.Version }, copyCrawl),
		findings: newTable("finding", func(v *portal.Finding) uuid.UUID { return v.ID },
			func(*portal.Finding) int64 { return 0 }, copyPlain[portal.Finding]),
		findingSeqs: map[findingKey]uuid.UUID{},
		tasks: newTable("task", func(v *portal.Task) uuid.UUID { return v.ID },
			func(v *portal.Task) int64 { return v.Version }, copyPlain[portal.Task]),
		taskFindings: map[uuid.UUID]uuid.UUID{},
		consultations: newTable("consultation", func(v *portal.Consultation) uuid.UUID { return v.ID },
			func(v *portal.Consultation) int64 { return v.Version }, copyPlain[portal.Consultation]),
		consultRefs: map[consultKey]uuid.UUID{},
		accounts: newTable("account", func(v *portal.Account) uuid.UUID { return v.ID },
			func(v *portal.Account) int64 { return v.Version }, copyPlain[portal.Account]),
		accountCodes: map[string]uuid.UUID{},
		inspections: newTable("media inspection", func(v *portal.MediaInspection) uuid.UUID { return v.ID },
			func(v *portal.MediaInspection) int64 { return v.Version }, copyPlain[portal.MediaInspection]),
		inspectWeeks: map[weekKey]uuid.UUID{},
		events:       map[uuid.UUID][]portal.Event{},
		eventIDs:     map[uuid.UUID]bool{},
	}
}

// copyPlain copies a record that holds no slice or map.
func copyPlain[T any](v *T) *T {
	cp := *v
	return &cp
}

func copySite(v *portal.Site) *portal.Site {
	cp := *v
	cp.Domains = slices.Clone(v.Domains)
	return &cp
}

func copyCrawl(v *portal.Crawl) *portal.Crawl {
	cp := *v
	cp.Findings = maps.Clone(v.Findings)
	return &cp
}

// table holds the records of one type by ID, copied in and out. The Store's
// lock guards it.
type table[T any] struct {
	what    string
	rows    map[uuid.UUID]*T
	id      func(*T) uuid.UUID
	version func(*T) int64
	copy    func(*T) *T
}

func newTable[T any](what string, id func(*T) uuid.UUID, version func(*T) int64, cp func(*T) *T) *table[T] {
	return &table[T]{what: what, rows: map[uuid.UUID]*T{}, id: id, version: version, copy: cp}
}

// free returns ECONFLICT when the ID of v is taken.
func (t *table[T]) free(v *T) error {
	if _, ok := t.rows[t.id(v)]; ok {
		return govops.Errorf(govops.ECONFLICT, "%s %s is stored already", t.what, t.id(v))
	}
	return nil
}

// freeAll returns ECONFLICT when the ID of a record of vs is taken, by a
// stored record or an earlier one of vs.
func (t *table[T]) freeAll(vs []T) error {
	ids := make(map[uuid.UUID]bool, len(vs))
	for i := range vs {
		if err := t.free(&vs[i]); err != nil {
			return err
		}
		id := t.id(&vs[i])
		if ids[id] {
			return govops.Errorf(govops.ECONFLICT, "%s %s is given twice", t.what, id)
		}
		ids[id] = true
	}
	return nil
}

// put stores a copy of v and returns it, for the caller to set its
// Version.
func (t *table[T]) put(v *T) *T {
	n := t.copy(v)
	t.rows[t.id(n)] = n
	return n
}

// replaceable returns the stored record v replaces: ENOTFOUND if none,
// ECONFLICT if its version is not v's Version-1.
func (t *table[T]) replaceable(v *T) (*T, error) {
	old, ok := t.rows[t.id(v)]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no %s %s; nothing was written", t.what, t.id(v))
	}
	if stored := t.version(old); stored != t.version(v)-1 {
		return nil, govops.Errorf(govops.ECONFLICT, "%s %s is at version %d, not %d: reload it and retry",
			t.what, t.id(v), stored, t.version(v)-1)
	}
	return old, nil
}

// replaceableAll checks every record of vs as replaceable does, and
// returns ECONFLICT when one is given twice.
func (t *table[T]) replaceableAll(vs []T) error {
	ids := make(map[uuid.UUID]bool, len(vs))
	for i := range vs {
		id := t.id(&vs[i])
		if ids[id] {
			return govops.Errorf(govops.ECONFLICT, "%s %s is given twice", t.what, id)
		}
		ids[id] = true
		if _, err := t.replaceable(&vs[i]); err != nil {
			return err
		}
	}
	return nil
}

// get returns a copy of the record id: ENOTFOUND if none.
func (t *table[T]) get(id uuid.UUID) (*T, error) {
	v, ok := t.rows[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no %s %s", t.what, id)
	}
	return t.copy(v), nil
}

// list returns copies of the records match selects, ordered by ID, after
// after (when not uuid.Nil), at most limit (all when 0).
func (t *table[T]) list(match func(*T) bool, after uuid.UUID, limit int) []T {
	var out []T
	for _, v := range t.rows {
		if match(v) && (after == uuid.Nil || cmpID(t.id(v), after) > 0) {
			out = append(out, *t.copy(v))
		}
	}
	slices.SortFunc(out, func(a, b T) int { return cmpID(t.id(&a), t.id(&b)) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func cmpID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// alive returns EINTERNAL when ctx is done.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "portalmem: %w", err)
	}
	return nil
}

// checkEvents returns ECONFLICT when an event's ID or (Subject, Seq) is
// taken, by a stored event or an earlier one of es. The caller holds the
// lock.
func (s *Store) checkEvents(es []portal.Event) error {
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
func (s *Store) appendEvents(es []portal.Event) {
	for _, e := range es {
		e.Attachments = slices.Clone(e.Attachments)
		trail := append(s.events[e.Subject], e)
		slices.SortStableFunc(trail, func(a, b portal.Event) int {
			switch {
			case a.Seq < b.Seq:
				return -1
			case a.Seq > b.Seq:
				return 1
			}
			return 0
		})
		s.events[e.Subject] = trail
		s.eventIDs[e.ID] = true
	}
}

// write runs check and then, if neither it nor the events refuse, apply
// and the events' append, under the write lock: all of it or none.
func (s *Store) write(ctx context.Context, events []portal.Event, check func() error, apply func()) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := check(); err != nil {
		return err
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	apply()
	s.appendEvents(events)
	return nil
}

// read runs fn under the read lock, unless ctx is done.
func read[T any](ctx context.Context, s *Store, fn func() (T, error)) (T, error) {
	if err := alive(ctx); err != nil {
		var zero T
		return zero, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn()
}

// Events implements portal.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]portal.Event, error) {
	return read(ctx, s, func() ([]portal.Event, error) {
		es := s.events[subject]
		out := make([]portal.Event, len(es))
		for i, e := range es {
			e.Attachments = slices.Clone(e.Attachments)
			out[i] = e
		}
		return out, nil
	})
}
