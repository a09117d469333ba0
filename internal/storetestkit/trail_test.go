package storetestkit_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// item and entry are a toy aggregate and its event.
type item struct {
	ID      uuid.UUID
	Version int64
}

type entry struct {
	ID  uuid.UUID
	Seq int64
}

// itemStore keeps items with their entries. Its updates take the lock once
// (order "atomic") or twice, one round trip apart, in the order that order
// names; uniqueIDs makes it refuse a taken entry ID.
type itemStore struct {
	mu        sync.Mutex
	items     map[uuid.UUID]item
	entries   map[uuid.UUID][]entry
	order     string // "atomic", "aggregate first" or "events first"
	uniqueIDs bool
}

func newItemStore(order string, uniqueIDs bool) *itemStore {
	return &itemStore{items: map[uuid.UUID]item{}, entries: map[uuid.UUID][]entry{}, order: order, uniqueIDs: uniqueIDs}
}

// taken reports whether an entry of es has the ID of a stored entry or of
// another of es. The caller holds the lock.
func (s *itemStore) taken(es []entry) bool {
	if !s.uniqueIDs {
		return false
	}
	for i, e := range es {
		for _, stored := range s.entries {
			if slices.ContainsFunc(stored, func(o entry) bool { return o.ID == e.ID }) {
				return true
			}
		}
		if slices.ContainsFunc(es[:i], func(o entry) bool { return o.ID == e.ID }) {
			return true
		}
	}
	return false
}

func (s *itemStore) create(_ context.Context, it item, es []entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.taken(es) {
		return govops.Errorf(govops.ECONFLICT, "taken")
	}
	s.items[it.ID], s.entries[it.ID] = it, slices.Clone(es)
	return nil
}

func (s *itemStore) update(_ context.Context, it item, es []entry) error {
	s.mu.Lock()
	if s.items[it.ID].Version != it.Version-1 || s.taken(es) {
		s.mu.Unlock()
		return govops.Errorf(govops.ECONFLICT, "stale or taken")
	}
	setItem := func() { s.items[it.ID] = it }
	addEntries := func() { s.entries[it.ID] = append(s.entries[it.ID], es...) }
	switch s.order {
	case "atomic":
		setItem()
		addEntries()
		s.mu.Unlock()
		return nil
	case "aggregate first":
		setItem()
	case "events first":
		addEntries()
	}
	s.mu.Unlock()
	time.Sleep(200 * time.Microsecond) // the round trip before the second step
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.order == "aggregate first" {
		addEntries()
	} else {
		setItem()
	}
	return nil
}

func (s *itemStore) trail() storetestkit.Trail[item, entry] {
	return storetestkit.Trail[item, entry]{
		New: func(tb testing.TB) (item, entry) {
			return item{ID: storetestkit.NewID(tb), Version: 1}, entry{ID: storetestkit.NewID(tb), Seq: 1}
		},
		Next: func(tb testing.TB, it item) (item, entry) {
			it.Version++
			return it, entry{ID: storetestkit.NewID(tb), Seq: it.Version}
		},
		Create: s.create,
		Update: s.update,
		Get: func(_ context.Context, it item) (item, error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			got, ok := s.items[it.ID]
			if !ok {
				return item{}, govops.Errorf(govops.ENOTFOUND, "no item")
			}
			return got, nil
		},
		Events: func(_ context.Context, it item) ([]entry, error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			return slices.Clone(s.entries[it.ID]), nil
		},
		Version: func(it item) int64 { return it.Version },
		Seq:     func(e entry) int64 { return e.Seq },
		EventID: func(e *entry) *uuid.UUID { return &e.ID },
	}
}

func TestRequireAtomicTrail(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		storetestkit.RequireAtomicTrail(t, newItemStore("atomic", true).trail())
	})
	for order, want := range map[string]string{
		"aggregate first": "is missing",
		"events first":    "an event came before its version",
	} {
		t.Run("Err"+strings.ReplaceAll(order, " ", ""), func(t *testing.T) {
			// Run several times: the check must catch a two-step store
			// every time, not now and then.
			for range 5 {
				s := newItemStore(order, true)
				msg, failed := outcome(t, func(tb testing.TB) { storetestkit.RequireAtomicTrail(tb, s.trail()) })
				if !failed || !strings.Contains(msg, want) {
					t.Fatalf("RequireAtomicTrail over a store writing %s: failed %v, %q", order, failed, msg)
				}
			}
		})
	}
}

func TestRequireUniqueEventIDs(t *testing.T) {
	storetestkit.RequireUniqueEventIDs(t, newItemStore("atomic", true).trail())
}

// TestRequireUniqueEventIDs_ErrAccepted runs the check over a store that
// takes any event ID, in a new process: it must fail.
func TestRequireUniqueEventIDs_ErrAccepted(t *testing.T) {
	suite := func(t *testing.T, newHarness storetestkit.HarnessMaker[*itemStore]) {
		_, mk := storetestkit.OpenHarness(t, newHarness)
		storetestkit.RequireUniqueEventIDs(t, mk(t).trail())
	}
	storetestkit.RequireCaught(t, suite, []storetestkit.Broken[*itemStore]{
		{Name: "AcceptsTakenIDs", Make: func() *itemStore { return newItemStore("atomic", false) }},
	})
}
