package licensemem

import (
	"context"
	"maps"
	"slices"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

// exclusiveKey returns the key under which r counts toward its type's rule
// of one valid license per holder, and false when r does not count.
func exclusiveKey(r *license.Record) (string, bool) {
	if !r.Exclusive || r.State != license.StateValid {
		return "", false
	}
	return r.Type + "\x1f" + r.HolderCode, true
}

func cloneRecord(r *license.Record) *license.Record {
	out := *r
	out.Face = maps.Clone(r.Face)
	out.Warnings = slices.Clone(r.Warnings)
	return &out
}

// conflict returns the ECONFLICT error of r against the stored records,
// ignoring the record self (uuid.Nil for a new record), or nil. The caller
// holds the lock.
func (s *Store) conflict(r *license.Record, self uuid.UUID) error {
	if id, ok := s.byIdentifier[r.Identifier]; ok && id != self {
		return govops.Errorf(govops.ECONFLICT, "license identifier %s is taken", r.Identifier)
	}
	if id, ok := s.byNumber[typeNumber{r.Type, r.Number}]; ok && id != self {
		return govops.Errorf(govops.ECONFLICT, "license number %s of type %s is taken by %s", r.Number, r.Type, s.records[id].Identifier)
	}
	if k, ok := exclusiveKey(r); ok {
		if id, ok := s.byExclusive[k]; ok && id != self {
			return govops.Errorf(govops.ECONFLICT, "holder %s has a valid license of type %s already (%s), and the type allows one",
				r.HolderCode, r.Type, s.records[id].Identifier)
		}
	}
	return nil
}

// index adds r under its keys. The caller holds the write lock.
func (s *Store) index(r *license.Record) {
	s.byIdentifier[r.Identifier] = r.ID
	s.byNumber[typeNumber{r.Type, r.Number}] = r.ID
	if k, ok := exclusiveKey(r); ok {
		s.byExclusive[k] = r.ID
	}
}

// unindex removes r from its keys. The caller holds the write lock.
func (s *Store) unindex(r *license.Record) {
	delete(s.byIdentifier, r.Identifier)
	delete(s.byNumber, typeNumber{r.Type, r.Number})
	if k, ok := exclusiveKey(r); ok {
		delete(s.byExclusive, k)
	}
}

// checkCreate returns the error of storing r as a new record, or nil. The
// caller holds the lock.
func (s *Store) checkCreate(r *license.Record) error {
	if _, ok := s.records[r.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "a record with id %s is stored already", r.ID)
	}
	return s.conflict(r, uuid.Nil)
}

// CreateRecord implements license.Store.
func (s *Store) CreateRecord(ctx context.Context, r license.Record) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkCreate(&r); err != nil {
		return err
	}
	s.put(&r)
	return nil
}

// put stores a copy of r and counts it in the summary. The caller holds
// the write lock.
func (s *Store) put(r *license.Record) {
	c := cloneRecord(r)
	s.records[c.ID] = c
	s.index(c)
	s.count(c, 1)
}

// checkUpdate returns the error of replacing the stored record r.ID with
// r, or nil. The caller holds the lock.
func (s *Store) checkUpdate(r *license.Record) error {
	cur, ok := s.records[r.ID]
	switch {
	case !ok:
		return govops.Errorf(govops.ENOTFOUND, "no record with id %s", r.ID)
	case cur.Version != r.Version-1:
		return stale("license "+cur.Identifier, cur.Version, r.Version)
	}
	return s.conflict(r, r.ID)
}

// replace replaces the stored record r.ID with a copy of r. The caller
// holds the write lock.
func (s *Store) replace(r *license.Record) {
	old := s.records[r.ID]
	s.unindex(old)
	s.count(old, -1)
	s.put(r)
}

// UpdateRecord implements license.Store.
func (s *Store) UpdateRecord(ctx context.Context, r *license.Record, events []license.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkUpdate(r); err != nil {
		return err
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	s.replace(r)
	s.appendEvents(events)
	return nil
}

// Reissue implements license.Store: next is checked against the store as
// prev's replacement leaves it, and nothing is written unless both pass.
func (s *Store) Reissue(ctx context.Context, prev *license.Record, events []license.Event, next license.Record) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkUpdate(prev); err != nil {
		return err
	}
	if err := s.checkEventIDs(events); err != nil {
		return err
	}
	old := s.records[prev.ID]
	s.replace(prev)
	if err := s.checkCreate(&next); err != nil {
		s.replace(old) // undo: the lock hides both steps
		return err
	}
	s.put(&next)
	s.appendEvents(events)
	return nil
}

// Record implements license.Store.
func (s *Store) Record(ctx context.Context, id uuid.UUID) (*license.Record, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.records[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "record %s not found", id)
	}
	return cloneRecord(r), nil
}

// RecordByIdentifier implements license.Store.
func (s *Store) RecordByIdentifier(ctx context.Context, identifier string) (*license.Record, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.byIdentifier[identifier]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no license has the identifier %s", identifier)
	}
	return cloneRecord(s.records[id]), nil
}

// Records implements license.Store.
func (s *Store) Records(ctx context.Context, f license.RecordFilter, after uuid.UUID, limit int) ([]license.Record, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []license.Record
	for _, r := range s.records {
		if compareID(r.ID, after) > 0 && (f.Type == "" || r.Type == f.Type) && (f.Department == "" || r.Department == f.Department) &&
			(f.State == "" || r.State == f.State) && (f.HolderCode == "" || r.HolderCode == f.HolderCode) &&
			(f.Batch == uuid.Nil || r.Batch == f.Batch) {
			out = append(out, *cloneRecord(r))
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b license.Record) int { return compareID(a.ID, b.ID) })
	return page(out, limit), nil
}
