// Package securitymem is an in-memory security.Store: a mutex over maps,
// with every value copied in and out. It suits tests, examples and
// programs that keep the security records without a database.
package securitymem

import (
	"bytes"
	"context"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

// Store is an in-memory security.Store. The zero value is not usable; call
// New.
type Store struct {
	mu sync.RWMutex

	plans       *table[security.Plan]
	planKeys    map[planKey]uuid.UUID
	drills      *table[security.Drill]
	inspections *table[security.Inspection]
	items       *table[security.ChecklistItem]
	itemCodes   map[string]uuid.UUID
	hardenings  *table[security.Hardening]
	sources     map[sourceKey]uuid.UUID
	exercises   *table[security.Exercise]
	incidents   *table[security.Incident]

	events   map[uuid.UUID][]security.Event // by subject, in Seq order
	eventIDs map[uuid.UUID]bool
}

// planKey is the unique key of a plan revision.
type planKey struct {
	code     string
	revision int
}

// sourceKey is the unique key of a hardening record raised from a
// finding of a stored record.
type sourceKey struct {
	kind security.SourceKind
	id   uuid.UUID
	seq  int
}

var _ security.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		plans: newTable("plan", func(v *security.Plan) uuid.UUID { return v.ID },
			func(v *security.Plan) int64 { return v.Version }, copyPlan),
		planKeys: map[planKey]uuid.UUID{},
		drills: newTable("drill", func(v *security.Drill) uuid.UUID { return v.ID },
			func(v *security.Drill) int64 { return v.Version }, copyDrill),
		inspections: newTable("inspection", func(v *security.Inspection) uuid.UUID { return v.ID },
			func(v *security.Inspection) int64 { return v.Version }, copyInspection),
		items: newTable("checklist item", func(v *security.ChecklistItem) uuid.UUID { return v.ID },
			func(v *security.ChecklistItem) int64 { return v.Version }, copyItem),
		itemCodes: map[string]uuid.UUID{},
		hardenings: newTable("hardening record", func(v *security.Hardening) uuid.UUID { return v.ID },
			func(v *security.Hardening) int64 { return v.Version }, copyHardening),
		sources: map[sourceKey]uuid.UUID{},
		exercises: newTable("exercise", func(v *security.Exercise) uuid.UUID { return v.ID },
			func(v *security.Exercise) int64 { return v.Version }, copyExercise),
		incidents: newTable("incident", func(v *security.Incident) uuid.UUID { return v.ID },
			func(v *security.Incident) int64 { return v.Version }, copyIncident),
		events:   map[uuid.UUID][]security.Event{},
		eventIDs: map[uuid.UUID]bool{},
	}
}

func copyPlan(v *security.Plan) *security.Plan {
	cp := *v
	cp.Grades = slices.Clone(v.Grades)
	return &cp
}

func copyDrill(v *security.Drill) *security.Drill {
	cp := *v
	cp.Participants = slices.Clone(v.Participants)
	cp.Findings = slices.Clone(v.Findings)
	cp.Actions = slices.Clone(v.Actions)
	return &cp
}

func copyInspection(v *security.Inspection) *security.Inspection {
	cp := *v
	cp.Items = slices.Clone(v.Items)
	cp.Findings = slices.Clone(v.Findings)
	return &cp
}

func copyItem(v *security.ChecklistItem) *security.ChecklistItem {
	cp := *v
	return &cp
}

func copyHardening(v *security.Hardening) *security.Hardening {
	cp := *v
	return &cp
}

func copyExercise(v *security.Exercise) *security.Exercise {
	cp := *v
	cp.Findings = slices.Clone(v.Findings)
	return &cp
}

func copyIncident(v *security.Incident) *security.Incident {
	cp := *v
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
		return govops.Errorf(govops.EINTERNAL, "securitymem: %w", err)
	}
	return nil
}

// checkEvents returns ECONFLICT when an event's ID or (Subject, Seq) is
// taken, by a stored event or an earlier one of es. The caller holds the
// lock.
func (s *Store) checkEvents(es []security.Event) error {
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
func (s *Store) appendEvents(es []security.Event) {
	for _, e := range es {
		e.Attachments = slices.Clone(e.Attachments)
		trail := append(s.events[e.Subject], e)
		slices.SortStableFunc(trail, func(a, b security.Event) int {
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
func (s *Store) write(ctx context.Context, events []security.Event, check func() error, apply func()) error {
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

// Events implements security.Store.
func (s *Store) Events(ctx context.Context, subject uuid.UUID) ([]security.Event, error) {
	return read(ctx, s, func() ([]security.Event, error) {
		es := s.events[subject]
		out := make([]security.Event, len(es))
		for i, e := range es {
			e.Attachments = slices.Clone(e.Attachments)
			out[i] = e
		}
		return out, nil
	})
}
