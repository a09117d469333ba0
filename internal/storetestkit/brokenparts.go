package storetestkit

import (
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
)

// The parts below build broken stores out of correct ones, for the tests that
// prove a suite's cases with RequireCaught. Each breaks one of the rules that
// every Store of an aggregate with events shares, the way a store written by
// hand from the contract might.

// TwoStepEvents breaks atomicity: it makes the events of a write visible one
// round trip after the aggregate, as a SQL store does that appends them in a
// second statement outside the transaction of the first. Wrap the store's
// update in Write and its event listing in Visible. Its zero value, with
// EventID set, is ready.
type TwoStepEvents[E any] struct {
	// EventID gives the place of an event's ID.
	EventID func(e *E) *uuid.UUID

	mu      sync.Mutex
	pending map[uuid.UUID]bool // events of a write not yet made visible
}

// Write runs write, which stores an aggregate with events at once, and keeps
// events hidden from Visible until a round trip after it returns.
func (s *TwoStepEvents[E]) Write(events []E, write func() error) error {
	s.mark(events, true)
	defer s.mark(events, false)
	err := write()
	if err == nil {
		time.Sleep(time.Millisecond) // the round trip before the second statement
	}
	return err
}

func (s *TwoStepEvents[E]) mark(events []E, pending bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		s.pending = map[uuid.UUID]bool{}
	}
	for i := range events {
		s.pending[*s.EventID(&events[i])] = pending
	}
}

// Visible returns the events of a listing that the second step of their
// write has made visible, with the listing's error.
func (s *TwoStepEvents[E]) Visible(events []E, err error) ([]E, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.DeleteFunc(events, func(e E) bool { return s.pending[*s.EventID(&e)] }), err
}

// AliasedEventIDs breaks the uniqueness of event IDs: it stores every event
// under a new ID of its own, so that the store underneath never sees an ID
// twice, and gives the caller's IDs back when events are listed. Pass the
// events of a write through Alias and those of a listing through Restore.
// Its zero value, with EventID set, is ready.
type AliasedEventIDs[E any] struct {
	// EventID gives the place of an event's ID.
	EventID func(e *E) *uuid.UUID

	mu    sync.Mutex
	given map[uuid.UUID]uuid.UUID // stored ID → the caller's ID
}

// Alias returns copies of events, each under a new ID.
func (a *AliasedEventIDs[E]) Alias(events []E) []E {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.given == nil {
		a.given = map[uuid.UUID]uuid.UUID{}
	}
	out := slices.Clone(events)
	for i := range out {
		id := uuid.New()
		a.given[id] = *a.EventID(&out[i])
		*a.EventID(&out[i]) = id
	}
	return out
}

// Restore gives the events of a listing the IDs their writer gave them, and
// passes the listing's error on.
func (a *AliasedEventIDs[E]) Restore(events []E, err error) ([]E, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range events {
		*a.EventID(&events[i]) = a.given[*a.EventID(&events[i])]
	}
	return events, err
}
