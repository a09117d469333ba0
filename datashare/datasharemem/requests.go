package datasharemem

import (
	"bytes"
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

func copyRequest(r *datashare.Request) *datashare.Request {
	cp := *r
	cp.Items = slices.Clone(r.Items)
	return &cp
}

// CreateRequest implements datashare.Store.
func (s *Store) CreateRequest(ctx context.Context, r datashare.Request, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.requests[r.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "share request %s is stored already", r.ID)
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	n := copyRequest(&r)
	n.Version = 1
	s.requests[r.ID] = n
	s.appendEvents(events)
	return nil
}

// UpdateRequest implements datashare.Store.
func (s *Store) UpdateRequest(ctx context.Context, r *datashare.Request, events []datashare.Event) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.requests[r.ID]
	if !ok {
		return govops.Errorf(govops.ENOTFOUND, "no share request %s", r.ID)
	}
	if old.Version != r.Version-1 {
		return govops.Errorf(govops.ECONFLICT, "share request %s is at version %d, not %d", r.ID, old.Version, r.Version-1)
	}
	if err := s.checkEvents(events); err != nil {
		return err
	}
	s.requests[r.ID] = copyRequest(r)
	s.appendEvents(events)
	return nil
}

// Request implements datashare.Store.
func (s *Store) Request(ctx context.Context, id uuid.UUID) (*datashare.Request, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.requests[id]
	if !ok {
		return nil, govops.Errorf(govops.ENOTFOUND, "no share request %s", id)
	}
	return copyRequest(r), nil
}

// Requests implements datashare.Store.
func (s *Store) Requests(ctx context.Context, f datashare.RequestFilter, after uuid.UUID, limit int) ([]datashare.Request, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []datashare.Request
	for _, r := range s.requests {
		if after != uuid.Nil && bytes.Compare(r.ID[:], after[:]) <= 0 {
			continue
		}
		if (f.Catalog != uuid.Nil && r.Catalog != f.Catalog) ||
			(f.Party != "" && r.Consumer != f.Party && r.Provider != f.Party) ||
			(f.Consumer != "" && r.Consumer != f.Consumer) ||
			(f.Provider != "" && r.Provider != f.Provider) ||
			(f.Status != "" && r.Status != f.Status) {
			continue
		}
		out = append(out, *copyRequest(r))
	}
	slices.SortFunc(out, func(a, b datashare.Request) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
