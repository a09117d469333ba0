package datasharemem

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

func copyBatch(b *datashare.Batch) *datashare.Batch {
	cp := *b
	cp.Columns = slices.Clone(b.Columns)
	cp.Items = slices.Clone(b.Items)
	return &cp
}

// BeginMount implements datashare.Store: the writer buffers what it is
// given and makes it visible at Commit, under the lock.
func (s *Store) BeginMount(ctx context.Context, b datashare.Batch, events []datashare.Event) (datashare.MountWriter, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.batches[b.ID]; ok {
		return nil, govops.Errorf(govops.ECONFLICT, "batch %s is stored already", b.ID)
	}
	if _, ok := s.catalogs[b.Catalog]; !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no catalog entry %s", b.Catalog)
	}
	if err := s.checkEvents(events); err != nil {
		return nil, err
	}
	n := copyBatch(&b)
	n.Version = 1
	s.batches[b.ID] = n
	s.byCatalog[b.Catalog] = append(s.byCatalog[b.Catalog], b.ID)
	s.appendEvents(events)
	return &writer{s: s, batch: b.ID, catalog: b.Catalog}, nil
}

// end stores b, which must be loading at b.Version-1, and events. The
// caller holds the lock.
func (s *Store) end(b *datashare.Batch, events []datashare.Event) error {
	old, ok := s.batches[b.ID]
	if !ok {
		return govops.Errorf(govops.ENOTFOUND, "no batch %s", b.ID)
	}
	if old.Version != b.Version-1 {
		return govops.Errorf(govops.ECONFLICT, "batch %s is at version %d, not %d", b.ID, old.Version, b.Version-1)
	}
	if old.Status != datashare.BatchLoading {
		return govops.Errorf(govops.ECONFLICT, "batch %s is %s, not loading", b.ID, old.Status)
	}
	return s.checkEvents(events)
}

// AbortMount implements datashare.Store. A loading batch's records are
// held by its writer, never by the Store, so there is none to delete.
func (s *Store) AbortMount(ctx context.Context, b *datashare.Batch, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.end(b, events); err != nil {
		return err
	}
	s.batches[b.ID] = copyBatch(b)
	s.appendEvents(events)
	return nil
}

// Batch implements datashare.Store.
func (s *Store) Batch(ctx context.Context, id uuid.UUID) (*datashare.Batch, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.batches[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no batch %s", id)
	}
	return copyBatch(b), nil
}

// Batches implements datashare.Store.
func (s *Store) Batches(ctx context.Context, f datashare.BatchFilter, after uuid.UUID, limit int) ([]datashare.Batch, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []datashare.Batch
	for _, b := range s.batches {
		if after != uuid.Nil && bytes.Compare(b.ID[:], after[:]) <= 0 {
			continue
		}
		if (f.Catalog != uuid.Nil && b.Catalog != f.Catalog) ||
			(f.Department != "" && b.Department != f.Department) ||
			(f.Status != "" && b.Status != f.Status) ||
			(!f.TouchedBefore.IsZero() && !b.TouchedAt.Before(f.TouchedBefore)) {
			continue
		}
		out = append(out, *copyBatch(b))
	}
	slices.SortFunc(out, func(a, b datashare.Batch) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// recordOrder orders records by Batch, then Line.
func recordOrder(a, b datashare.Record) int {
	if c := bytes.Compare(a.Batch[:], b.Batch[:]); c != 0 {
		return c
	}
	return cmp.Compare(a.Line, b.Line)
}

// Records implements datashare.Store.
func (s *Store) Records(ctx context.Context, catalog uuid.UUID, after datashare.RecordKey, limit int) ([]datashare.Record, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rs := s.records[catalog]
	i := 0
	if after.Batch != uuid.Nil {
		i, _ = slices.BinarySearchFunc(rs, datashare.Record{Batch: after.Batch, Line: after.Line + 1}, recordOrder)
	}
	rs = rs[i:]
	if limit > 0 && len(rs) > limit {
		rs = rs[:limit]
	}
	return slices.Clone(rs), nil
}

// writer is the MountWriter of datasharemem.
type writer struct {
	s       *Store
	batch   uuid.UUID
	catalog uuid.UUID
	pending []datashare.Record
	ended   bool
}

// Write implements datashare.MountWriter.
func (w *writer) Write(ctx context.Context, rs []datashare.Record, at time.Time) error {
	if err := alive(ctx); err != nil {
		return err
	}
	if w.ended {
		return govops.Errorf(govops.EINTERNAL, "datasharemem: write to an ended mount")
	}
	for _, r := range rs {
		if r.Batch != w.batch || r.Catalog != w.catalog {
			return govops.Errorf(govops.EINTERNAL, "datasharemem: record of batch %s written to batch %s", r.Batch, w.batch)
		}
	}
	w.pending = append(w.pending, rs...)
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	if b, ok := w.s.batches[w.batch]; ok && b.Status == datashare.BatchLoading {
		b.TouchedAt = at
	}
	return nil
}

// Commit implements datashare.MountWriter.
func (w *writer) Commit(ctx context.Context, b *datashare.Batch, events []datashare.Event, replaced func(old *datashare.Batch) (datashare.Event, error)) error {
	if err := alive(ctx); err != nil {
		return err
	}
	if w.ended {
		return govops.Errorf(govops.EINTERNAL, "datasharemem: commit of an ended mount")
	}
	s := w.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.end(b, events); err != nil {
		return err
	}
	visible := s.records[w.catalog]
	var olds []*datashare.Batch
	var oldEvents []datashare.Event
	if b.Replace {
		gone := map[uuid.UUID]bool{}
		for _, o := range s.batches {
			if o.Catalog != w.catalog || o.ID == b.ID || o.Status != datashare.BatchCommitted {
				continue
			}
			n := copyBatch(o)
			n.Status, n.FinishedAt, n.Version = datashare.BatchReplaced, b.FinishedAt, o.Version+1
			e, err := replaced(copyBatch(n))
			if err != nil {
				return err
			}
			olds, oldEvents = append(olds, n), append(oldEvents, e)
			gone[o.ID] = true
		}
		if err := s.checkEvents(append(slices.Clone(events), oldEvents...)); err != nil {
			return err
		}
		visible = slices.DeleteFunc(slices.Clone(visible), func(r datashare.Record) bool { return gone[r.Batch] })
	}
	pending := slices.Clone(w.pending)
	slices.SortFunc(pending, recordOrder)
	visible = append(slices.Clone(visible), pending...)
	slices.SortStableFunc(visible, recordOrder)
	keys := map[string]bool{}
	var keyRows int64
	for _, r := range visible {
		if r.Key != "" {
			keyRows++
			keys[r.Key] = true
		}
	}
	b.KeyRows, b.KeyDistinct = keyRows, int64(len(keys))
	s.records[w.catalog] = visible
	c := s.catalogs[w.catalog]
	s.sums.add(c, b, 1)
	for _, o := range olds {
		s.sums.add(c, s.batches[o.ID], -1) // as it was, with its own FinishedAt
	}
	s.batches[b.ID] = copyBatch(b)
	for _, o := range olds {
		s.batches[o.ID] = o
	}
	s.appendEvents(events)
	s.appendEvents(oldEvents)
	w.ended, w.pending = true, nil
	return nil
}

// Abort implements datashare.MountWriter.
func (w *writer) Abort(ctx context.Context, b *datashare.Batch, events []datashare.Event) error {
	if w.ended {
		return nil
	}
	// A refused Abort (a taken event ID, a cancelled context) leaves the
	// batch loading: the mount has not ended, and the caller may abort
	// again.
	if err := w.s.AbortMount(ctx, b, events); err != nil {
		return err
	}
	w.ended, w.pending = true, nil
	return nil
}
