package datashare

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Batch returns the mount batch id. The center and district-wide readers
// see every batch, a department those of its own entries (ENOTFOUND for
// another's).
func (s *Service) Batch(ctx context.Context, by govops.Actor, id string) (*Batch, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	b, err := govops.Resolve(ctx, "batch", id, "mount batch", s.store.Batch, nil)
	if err == nil && !by.MaySee(b.Department) {
		err = govops.Errorf(govops.ENOTFOUND, "hidden")
	}
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no mount batch %s", govops.Truncate(id, 60))
	}
	return b, err
}

// BatchQuery selects one page of mount batches: those of the entry Catalog
// names (its ID or code) when set, of Department and in Status when set,
// after the page whose Next is After, Limit of them (0 for the default
// page).
type BatchQuery struct {
	Catalog    string
	Department string
	Status     BatchStatus
	After      string
	Limit      int
}

// Batches returns one page of the batches matching q, in the order they
// started. A department sees those of its own entries only, and asking
// for another department's is EFORBIDDEN naming "department". It returns
// EINVALID naming each bad field ("catalog", "department", "status",
// "cursor", "limit").
func (s *Service) Batches(ctx context.Context, by govops.Actor, q BatchQuery) (govops.Page[Batch], error) {
	var p govops.Problems
	by.Check(&p)
	if q.Department != "" {
		govops.CheckCode(&p, "department", q.Department)
	}
	checkFilterEnum(&p, "status", q.Status, BatchStatuses())
	limit := govops.CheckLimit(&p, q.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Batch]{}, err
	}
	dept, err := by.Scope(q.Department)
	if err != nil {
		return govops.Page[Batch]{}, err
	}
	after, err := govops.CursorID(q.After)
	if err != nil {
		return govops.Page[Batch]{}, err
	}
	f := BatchFilter{Department: dept, Status: q.Status}
	if q.Catalog != "" {
		c, err := s.visibleCatalog(ctx, by, "catalog", q.Catalog)
		if err != nil {
			return govops.Page[Batch]{}, err
		}
		f.Catalog = c.ID
	}
	bs, err := s.store.Batches(ctx, f, after, limit+1)
	if err != nil {
		return govops.Page[Batch]{}, err
	}
	return govops.NewPage(bs, limit, func(b Batch) string { return b.ID.String() }), nil
}

// BatchTrail returns the trail of the batch id, oldest first: its start,
// and its commit or failure, or its replacement by a later full refresh.
// Whoever may read the batch may read its trail.
func (s *Service) BatchTrail(ctx context.Context, by govops.Actor, id string) ([]Event, error) {
	b, err := s.Batch(ctx, by, id)
	if err != nil {
		return nil, err
	}
	return s.store.Events(ctx, b.ID)
}

// RecoverMounts ends, as failed, every loading batch that has not written
// for longer than the stale limit (WithStaleMount): its process died, or
// lost its database, before it could commit or abort. Its records are
// deleted by the Store and none ever becomes visible. Only the center may
// run it; a server runs it at start and from time to time. It returns the
// batches it ended; one that moved on meanwhile (it committed after all)
// is left as it is.
func (s *Service) RecoverMounts(ctx context.Context, by govops.Actor) ([]Batch, error) {
	if err := by.CenterOnly("recover abandoned mounts"); err != nil {
		return nil, err
	}
	now := s.clock()
	stale, err := s.store.Batches(ctx, BatchFilter{Status: BatchLoading, TouchedBefore: now.Add(-s.stale)}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	var out []Batch
	for _, b := range stale {
		next := b
		next.Status, next.FinishedAt, next.Version = BatchFailed, now, b.Version+1
		next.Problem = "abandoned: no write since " + b.TouchedAt.In(govops.ShanghaiLocation()).Format(time.RFC3339)
		ev, err := batchEvent(&next, EventMountFailed, by, now, BatchLoading, next.Problem)
		if err != nil {
			return out, err
		}
		if err := s.store.AbortMount(ctx, &next, []Event{ev}); err != nil {
			if govops.ErrorCode(err) == govops.ECONFLICT {
				continue
			}
			return out, err
		}
		out = append(out, next)
	}
	return out, nil
}
