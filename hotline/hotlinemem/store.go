// Package hotlinemem is an in-memory hotline.Store: a mutex over maps, with
// every value copied in and out. It suits tests, examples and programs that
// embed the assessment without a database. Callbacks and outcomes are also
// indexed per month in compact columns (an interned department number and
// the result or flags in a byte), so that a monthly count is one pass over
// a dense array rather than over scattered records.
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
// New.
type Store struct {
	mu sync.RWMutex

	callbacks        map[uuid.UUID]*hotline.Callback
	callbackKeys     map[hotline.CallbackKey]uuid.UUID
	callbacksByMonth map[hotline.Month]*callbackIndex

	outcomes        map[string]*hotline.Outcome
	outcomePos      map[string]int // index of the outcome in its month's index
	outcomesByMonth map[hotline.Month]*outcomeIndex

	// Department codes are interned: the month indexes hold their numbers.
	deptNum   map[string]int32
	deptNames []string

	schemes []hotline.Scheme // ordered by EffectiveFrom

	deductions map[uuid.UUID]*hotline.Deduction
	events     map[uuid.UUID][]hotline.DeductionEvent
	eventIDs   map[uuid.UUID]bool // the ID of every stored event

	peers map[hotline.Period]map[string]hotline.PeerResult
}

var _ hotline.Store = (*Store)(nil)

// callbackIndex holds one month's callbacks as (department, result slot)
// pairs. Callbacks are never changed or removed, so it only grows.
type callbackIndex struct {
	dept []int32
	slot []uint8
}

// outcomeIndex holds one month's outcomes as (department, flags) pairs, with
// the case number of each position so that an outcome moving to another
// month can be swapped out.
type outcomeIndex struct {
	dept  []int32
	flags []uint8
	cases []string
}

// The bits of outcomeIndex.flags.
const (
	fDispatched uint8 = 1 << iota
	fAccepted
	fResolved
	fReturned
	fRedone
	fReplied
)

func outcomeFlags(o *hotline.Outcome) uint8 {
	var f uint8
	for _, x := range []struct {
		set bool
		bit uint8
	}{{o.Dispatched, fDispatched}, {o.AcceptedOnTime, fAccepted}, {o.ResolvedOnTime, fResolved},
		{o.Returned, fReturned}, {o.Redone, fRedone}, {o.Replied, fReplied}} {
		if x.set {
			f |= x.bit
		}
	}
	return f
}

// intern returns the number of department code d. The caller holds the
// write lock.
func (s *Store) intern(d string) int32 {
	n, ok := s.deptNum[d]
	if !ok {
		n = int32(len(s.deptNames))
		s.deptNum[d] = n
		s.deptNames = append(s.deptNames, d)
	}
	return n
}

// New returns an empty Store.
func New() *Store {
	return &Store{
		callbacks:        map[uuid.UUID]*hotline.Callback{},
		callbackKeys:     map[hotline.CallbackKey]uuid.UUID{},
		callbacksByMonth: map[hotline.Month]*callbackIndex{},
		outcomes:         map[string]*hotline.Outcome{},
		outcomePos:       map[string]int{},
		outcomesByMonth:  map[hotline.Month]*outcomeIndex{},
		deptNum:          map[string]int32{},
		deductions:       map[uuid.UUID]*hotline.Deduction{},
		events:           map[uuid.UUID][]hotline.DeductionEvent{},
		eventIDs:         map[uuid.UUID]bool{},
		peers:            map[hotline.Period]map[string]hotline.PeerResult{},
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
		idx := s.callbacksByMonth[c.Month]
		if idx == nil {
			idx = &callbackIndex{}
			s.callbacksByMonth[c.Month] = idx
		}
		idx.dept = append(idx.dept, s.intern(c.Department))
		idx.slot = append(idx.slot, uint8(resultSlot(c.Result)))
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

// resultSlot numbers the results so that a department's callback counts are
// an array, not a map.
func resultSlot(r hotline.Result) int {
	switch r {
	case hotline.ResultVerySatisfied:
		return 0
	case hotline.ResultSatisfied:
		return 1
	case hotline.ResultBasicallySatisfied:
		return 2
	case hotline.ResultDissatisfied:
		return 3
	case hotline.ResultVeryDissatisfied:
		return 4
	}
	return 5
}

// CallbackCounts implements hotline.Store with one pass over each month's
// index.
func (s *Store) CallbackCounts(ctx context.Context, r hotline.MonthRange) ([]hotline.CallbackCount, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	results := hotline.AllResults()
	var out []hotline.CallbackCount
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, m := range hotline.MonthsBetween(r.First, r.Last) {
		idx := s.callbacksByMonth[m]
		if idx == nil {
			continue
		}
		counts := make([][6]int64, len(s.deptNames))
		slots := idx.slot[:len(idx.dept)]
		for i, d := range idx.dept {
			counts[d][slots[i]]++
		}
		for d, n := range counts {
			for slot, v := range n {
				if v > 0 {
					out = append(out, hotline.CallbackCount{Month: m, Department: s.deptNames[d], Result: results[slot], Count: v})
				}
			}
		}
	}
	return out, nil
}
