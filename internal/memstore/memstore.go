// Package memstore is what every in-memory Store of a domain shares: a
// table of versioned records by ID, copied in and out, and the trail of
// events with its uniqueness rules, under one lock. It holds no domain
// rule: a domain's mem package keeps its own unique keys and filters and
// leaves the rest to the kit.
package memstore

import (
	"bytes"
	"context"
	"iter"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Table holds the records of one type by ID, copied in and out. The
// Store's lock guards it.
type Table[T any] struct {
	what    string
	rows    map[uuid.UUID]*T
	id      func(*T) uuid.UUID
	version func(*T) int64
	copy    func(*T) *T
}

// NewTable returns an empty table of the records called what in messages
// ("hardening record"), read by id and version, and copied by cp (which
// clones the slices and maps inside a record).
func NewTable[T any](what string, id func(*T) uuid.UUID, version func(*T) int64, cp func(*T) *T) *Table[T] {
	return &Table[T]{what: what, rows: map[uuid.UUID]*T{}, id: id, version: version, copy: cp}
}

// Free returns ECONFLICT when the ID of v is taken.
func (t *Table[T]) Free(v *T) error {
	if _, ok := t.rows[t.id(v)]; ok {
		return govops.Errorf(govops.ECONFLICT, "%s %s is stored already", t.what, t.id(v))
	}
	return nil
}

// FreeAll returns ECONFLICT when the ID of a record of vs is taken, by a
// stored record or an earlier one of vs.
func (t *Table[T]) FreeAll(vs []T) error {
	ids := make(map[uuid.UUID]bool, len(vs))
	for i := range vs {
		if err := t.Free(&vs[i]); err != nil {
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

// Put stores a copy of v and returns it, for the caller to set its
// Version.
func (t *Table[T]) Put(v *T) *T {
	n := t.copy(v)
	t.rows[t.id(n)] = n
	return n
}

// Replaceable returns the stored record v replaces: ENOTFOUND if none,
// ECONFLICT if its version is not v's Version-1.
func (t *Table[T]) Replaceable(v *T) (*T, error) {
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

// ReplaceableAll checks every record of vs as Replaceable does, and
// returns ECONFLICT when one is given twice.
func (t *Table[T]) ReplaceableAll(vs []T) error {
	ids := make(map[uuid.UUID]bool, len(vs))
	for i := range vs {
		id := t.id(&vs[i])
		if ids[id] {
			return govops.Errorf(govops.ECONFLICT, "%s %s is given twice", t.what, id)
		}
		ids[id] = true
		if _, err := t.Replaceable(&vs[i]); err != nil {
			return err
		}
	}
	return nil
}

// Get returns a copy of the record id: ENOTFOUND if none.
func (t *Table[T]) Get(id uuid.UUID) (*T, error) {
	v, ok := t.rows[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no %s %s", t.what, id)
	}
	return t.copy(v), nil
}

// Stored returns the stored record id itself (not a copy), for the
// caller to read under the lock; nil if none.
func (t *Table[T]) Stored(id uuid.UUID) *T { return t.rows[id] }

// All yields every stored record itself (not a copy), in no order, for
// the caller to read under the lock: an aggregate's scan.
func (t *Table[T]) All() iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for _, v := range t.rows {
			if !yield(v) {
				return
			}
		}
	}
}

// List returns copies of the records match selects, ordered by ID, after
// after (when not uuid.Nil), at most limit (all when 0).
func (t *Table[T]) List(match func(*T) bool, after uuid.UUID, limit int) []T {
	var out []T
	for _, v := range t.rows {
		if match(v) && (after == uuid.Nil || CompareID(t.id(v), after) > 0) {
			out = append(out, *t.copy(v))
		}
	}
	slices.SortFunc(out, func(a, b T) int { return CompareID(t.id(&a), t.id(&b)) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// CompareID orders IDs as their bytes do: the order of every listing.
func CompareID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// Base is the lock of an in-memory Store and its trail of events; a
// domain's Store embeds it, and its Events method is the Store's.
type Base[T, S ~string] struct {
	name     string
	mu       sync.RWMutex
	events   map[uuid.UUID][]govops.Event[T, S] // by subject, in Seq order
	eventIDs map[uuid.UUID]bool
}

// NewBase returns an empty Base; name prefixes its errors ("portalmem").
func NewBase[T, S ~string](name string) *Base[T, S] {
	return &Base[T, S]{name: name, events: map[uuid.UUID][]govops.Event[T, S]{}, eventIDs: map[uuid.UUID]bool{}}
}

// Alive returns EINTERNAL when ctx is done.
func (b *Base[T, S]) Alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "%s: %w", b.name, err)
	}
	return nil
}

// checkEvents returns ECONFLICT when an event's ID or (Subject, Seq) is
// taken, by a stored event or an earlier one of es. The caller holds the
// lock.
func (b *Base[T, S]) checkEvents(es []govops.Event[T, S]) error {
	type seq struct {
		subject uuid.UUID
		seq     int64
	}
	ids, seqs := map[uuid.UUID]bool{}, map[seq]bool{}
	for _, e := range es {
		if b.eventIDs[e.ID] || ids[e.ID] {
			return govops.Errorf(govops.ECONFLICT, "event %s is stored already", e.ID)
		}
		k := seq{e.Subject, e.Seq}
		if seqs[k] {
			return govops.Errorf(govops.ECONFLICT, "event %d of %s is given twice", e.Seq, e.Subject)
		}
		for _, o := range b.events[e.Subject] {
			if o.Seq == e.Seq {
				return govops.Errorf(govops.ECONFLICT, "event %d of %s is stored already", e.Seq, e.Subject)
			}
		}
		ids[e.ID], seqs[k] = true, true
	}
	return nil
}

// appendEvents appends es; the caller holds the lock and has checked them.
func (b *Base[T, S]) appendEvents(es []govops.Event[T, S]) {
	for _, e := range es {
		e.Attachments = slices.Clone(e.Attachments)
		trail := append(b.events[e.Subject], e)
		slices.SortStableFunc(trail, func(x, y govops.Event[T, S]) int {
			switch {
			case x.Seq < y.Seq:
				return -1
			case x.Seq > y.Seq:
				return 1
			}
			return 0
		})
		b.events[e.Subject] = trail
		b.eventIDs[e.ID] = true
	}
}

// Write runs check and then, if neither it nor the events refuse, apply
// and the events' append, under the write lock: all of it or none.
func (b *Base[T, S]) Write(ctx context.Context, events []govops.Event[T, S], check func() error, apply func()) error {
	if err := b.Alive(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := check(); err != nil {
		return err
	}
	if err := b.checkEvents(events); err != nil {
		return err
	}
	apply()
	b.appendEvents(events)
	return nil
}

// Read runs fn under b's read lock, unless ctx is done.
func Read[R any, T, S ~string](ctx context.Context, b *Base[T, S], fn func() (R, error)) (R, error) {
	if err := b.Alive(ctx); err != nil {
		var zero R
		return zero, err
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	return fn()
}

// Events returns the trail of subject, in Seq order: a Store's Events.
func (b *Base[T, S]) Events(ctx context.Context, subject uuid.UUID) ([]govops.Event[T, S], error) {
	return Read(ctx, b, func() ([]govops.Event[T, S], error) {
		es := b.events[subject]
		out := make([]govops.Event[T, S], len(es))
		for i, e := range es {
			e.Attachments = slices.Clone(e.Attachments)
			out[i] = e
		}
		return out, nil
	})
}
