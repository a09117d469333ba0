// Package hotlinemem is an in-memory hotline.Store: a mutex over maps, with
// every value copied in and out. It suits tests, examples and programs that
// embed the assessment without a database.
//
// It keeps the summaries that hotlinebun keeps in tables (see
// govops.SummaryKeeper), in maps changed under the same lock as the
// records: callbacks counted by month, department and result; outcomes by
// month and department, with each flag; deductions by month, department,
// status and points value. CallbackCounts, OutcomeCounts and
// DeductionCounts read them, at the cost of the groups of the months asked
// for, not of the records. RepairSummaries recomputes them from the
// records, the reference, and reports (and with repair replaces) what
// differs.
package hotlinemem

import (
	"bytes"
	"context"
	"sort"
	"sync"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// Store is an in-memory hotline.Store. The zero value is not usable; call
// New. CallbackCounts, OutcomeCounts and DeductionCounts always answer
// from its summaries; RepairSummaries alone counts the records.
type Store struct {
	mu sync.RWMutex

	callbacks    map[uuid.UUID]*hotline.Callback
	callbackKeys map[hotline.CallbackKey]uuid.UUID
	outcomes     map[string]*hotline.Outcome

	schemes []hotline.Scheme // ordered by EffectiveFrom

	deductions map[uuid.UUID]*hotline.Deduction
	events     map[uuid.UUID][]hotline.DeductionEvent
	eventIDs   map[uuid.UUID]bool // the ID of every stored event

	peers map[hotline.Period]map[string]hotline.PeerResult

	sums summaries
}

var (
	_ hotline.Store        = (*Store)(nil)
	_ govops.SummaryKeeper = (*Store)(nil)
)

// New returns an empty Store.
func New() *Store {
	return &Store{
		callbacks:    map[uuid.UUID]*hotline.Callback{},
		callbackKeys: map[hotline.CallbackKey]uuid.UUID{},
		outcomes:     map[string]*hotline.Outcome{},
		deductions:   map[uuid.UUID]*hotline.Deduction{},
		events:       map[uuid.UUID][]hotline.DeductionEvent{},
		eventIDs:     map[uuid.UUID]bool{},
		peers:        map[hotline.Period]map[string]hotline.PeerResult{},
		sums:         newSummaries(),
	}
}

// alive returns an EINTERNAL error wrapping the context's error once ctx is
// done, so that a cancelled caller is told so rather than served.
func alive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "hotlinemem: %w", err)
	}
	return nil
}

func conflict(format string, args ...any) error {
	return govops.Errorf(govops.ECONFLICT, format, args...)
}

func notFound(format string, args ...any) error {
	return govops.Errorf(govops.ENOTFOUND, format, args...)
}

// CreateCallback implements hotline.Store.
func (s *Store) CreateCallback(ctx context.Context, c *hotline.Callback) error {
	return s.BulkInsertCallbacks(ctx, []hotline.Callback{*c})
}

// BulkInsertCallbacks implements hotline.Store.
func (s *Store) BulkInsertCallbacks(ctx context.Context, cs []hotline.Callback) error {
	if err := alive(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make(map[uuid.UUID]bool, len(cs))
	keys := make(map[hotline.CallbackKey]bool, len(cs))
	for i := range cs {
		c := &cs[i]
		k := c.Key()
		if _, ok := s.callbacks[c.ID]; ok || ids[c.ID] {
			return conflict("a callback with id %s already exists", c.ID)
		}
		if _, ok := s.callbackKeys[k]; ok || keys[k] {
			return conflict("case %s already has a callback in %s", c.CaseNumber, c.Month)
		}
		ids[c.ID], keys[k] = true, true
	}
	stored := make([]hotline.Callback, len(cs)) // one allocation for the batch
	copy(stored, cs)
	for i := range stored {
		c := &stored[i]
		s.callbacks[c.ID] = c
		s.callbackKeys[c.Key()] = c.ID
		s.sums.addCallback(c, 1)
	}
	return nil
}

// GetCallback implements hotline.Store.
func (s *Store) GetCallback(ctx context.Context, id uuid.UUID) (*hotline.Callback, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.callbacks[id]
	if !ok {
		return nil, notFound("no callback with id %s", id)
	}
	cp := *c
	return &cp, nil
}

// ListCallbacks implements hotline.Store.
func (s *Store) ListCallbacks(ctx context.Context, f hotline.CallbackFilter) ([]hotline.Callback, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []hotline.Callback
	for _, c := range s.callbacks {
		if (!f.Month.IsZero() && c.Month != f.Month) || (f.Department != "" && c.Department != f.Department) ||
			(f.CaseNumber != "" && c.CaseNumber != f.CaseNumber) || (f.Result != "" && c.Result != f.Result) ||
			(f.After != uuid.Nil && bytes.Compare(c.ID[:], f.After[:]) >= 0) {
			continue
		}
		out = append(out, *c)
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].ID[:], out[j].ID[:]) > 0 })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// ExistingCallbacks implements hotline.Store.
func (s *Store) ExistingCallbacks(ctx context.Context, keys []hotline.CallbackKey) ([]hotline.CallbackKey, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[hotline.CallbackKey]bool{}
	var out []hotline.CallbackKey
	for _, k := range keys {
		if _, ok := s.callbackKeys[k]; ok && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out, nil
}

// CallbackCounts implements hotline.Store from the callback summary.
func (s *Store) CallbackCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.CallbackCount, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []hotline.CallbackCount
	for m, groups := range s.sums.callbacks {
		if !r.Contains(m) {
			continue
		}
		for g, n := range groups {
			if n > 0 {
				out = append(out, hotline.CallbackCount{Month: m, Department: g.department, Result: g.result, Count: n})
			}
		}
	}
	return out, nil
}
