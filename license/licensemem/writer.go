package licensemem

import (
	"context"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
)

// BeginImport implements license.Store: the writer buffers what it is
// given and applies it at Commit, under the lock.
func (s *Store) BeginImport(ctx context.Context) (license.RecordWriter, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	return &writer{s: s, ids: map[uuid.UUID]bool{}, identifiers: map[string]string{},
		numbers: map[typeNumber]string{}, exclusive: map[string]string{}}, nil
}

// writer is the RecordWriter of licensemem. Its maps hold the keys of the
// records it has taken, each to the identifier of the record that took it.
type writer struct {
	s           *Store
	pending     []license.Record
	ids         map[uuid.UUID]bool
	identifiers map[string]string
	numbers     map[typeNumber]string
	exclusive   map[string]string
	ended       bool
}

// refusal returns the refusal of r against the store and the writer's
// records, or nil. The caller holds the store's lock.
func (w *writer) refusal(r *license.Record) *license.Refusal {
	s := w.s
	if _, ok := s.byIdentifier[r.Identifier]; ok {
		return &license.Refusal{Field: "identifier", By: r.Identifier}
	}
	if _, ok := w.identifiers[r.Identifier]; ok {
		return &license.Refusal{Field: "identifier", By: r.Identifier}
	}
	key := typeNumber{r.Type, r.Number}
	if id, ok := s.byNumber[key]; ok {
		return &license.Refusal{Field: "number", By: s.records[id].Identifier}
	}
	if by, ok := w.numbers[key]; ok {
		return &license.Refusal{Field: "number", By: by}
	}
	if k, ok := exclusiveKey(r); ok {
		if id, ok := s.byExclusive[k]; ok {
			return &license.Refusal{Field: "holder_code", By: s.records[id].Identifier}
		}
		if by, ok := w.exclusive[k]; ok {
			return &license.Refusal{Field: "holder_code", By: by}
		}
	}
	return nil
}

// Write implements license.RecordWriter. A record whose ID is taken is an
// error, not a refusal: IDs are the Service's to make unique. An error
// ends the import, as a database's failed transaction does.
func (w *writer) Write(ctx context.Context, rs []license.Record) ([]license.Refusal, error) {
	if err := w.open(ctx); err != nil {
		return nil, err
	}
	w.s.mu.RLock()
	defer w.s.mu.RUnlock()
	var refused []license.Refusal
	for i := range rs {
		r := &rs[i]
		if _, ok := w.s.records[r.ID]; ok || w.ids[r.ID] {
			w.Rollback()
			return nil, govops.Errorf(govops.ECONFLICT, "a record with id %s is stored already; the import was rolled back", r.ID)
		}
		if ref := w.refusal(r); ref != nil {
			ref.Index = i
			refused = append(refused, *ref)
			continue
		}
		w.ids[r.ID] = true
		w.identifiers[r.Identifier] = r.Identifier
		w.numbers[typeNumber{r.Type, r.Number}] = r.Identifier
		if k, ok := exclusiveKey(r); ok {
			w.exclusive[k] = r.Identifier
		}
		w.pending = append(w.pending, *cloneRecord(r))
	}
	return refused, nil
}

// open returns an error once the import has ended or ctx is done, which
// ends it.
func (w *writer) open(ctx context.Context) error {
	if w.ended {
		return govops.Errorf(govops.EINTERNAL, "licensemem: the import has ended: begin another")
	}
	if err := alive(ctx); err != nil {
		w.Rollback()
		return err
	}
	return nil
}

// Commit implements license.RecordWriter: every key is checked again under
// the lock, since a concurrent import may have committed it meanwhile. A
// failure ends the import, having applied nothing.
func (w *writer) Commit(ctx context.Context, b license.Batch) error {
	if err := w.open(ctx); err != nil {
		return err
	}
	defer w.Rollback() // a no-op once committed
	s := w.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.batches[b.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "an import batch with id %s is stored already; nothing was committed", b.ID)
	}
	for i := range w.pending {
		if err := s.checkCreate(&w.pending[i]); err != nil {
			return govops.Errorf(govops.ECONFLICT, "another import committed first: %s; nothing was committed", govops.ErrorMessage(err))
		}
	}
	for i := range w.pending {
		s.put(&w.pending[i])
	}
	s.batches[b.ID] = &b
	w.pending, w.ended = nil, true
	return nil
}

// Rollback implements license.RecordWriter.
func (w *writer) Rollback() error {
	w.pending, w.ended = nil, true
	return nil
}
