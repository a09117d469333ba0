package storetest

import (
	"testing"

	"github.com/govops-kit/govops/security"
)

// forEach runs check as a subtest for each of as, over one store: each
// aggregate of as makes aggregates of keys of their own.
func forEach(t *testing.T, as []aggregate, st security.Store, check func(a aggregate, t *testing.T, st security.Store)) {
	for _, a := range as {
		t.Run(a.kind(), func(t *testing.T) { check(a, t, st) })
	}
}

// TestRoundTrip checks that every field of every aggregate round-trips:
// created with every field set, created with every optional field zero
// (zero times, empty lists, empty text), updated with every field
// changed, filled and emptied; and that a store keeps no list it was given
// and returns lists of the caller's own.
func (cases) TestRoundTrip(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	forEach(t, all, st, aggregate.roundTrip)
	t.Run("Copies", func(t *testing.T) { forEach(t, all, st, aggregate.copies) })
}

// TestVersions checks optimistic locking on every versioned write: an
// update of a record never stored is ENOTFOUND, a stale one ECONFLICT,
// neither writing the record or its events, and of 8 concurrent writers
// of one version exactly one wins.
func (cases) TestVersions(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	forEach(t, all, st, aggregate.versions)
	t.Run("OneWinner", func(t *testing.T) { forEach(t, all, st, aggregate.oneWinner) })
}

// TestTrail checks the events of every write: each creation and update
// appends its events, listed in Seq order; an aggregate and the events of
// its version are never seen apart; an event ID and an event's (Subject,
// Seq) are stored once, a write that would store one twice failing with
// ECONFLICT and writing nothing; and a write refused for its record's sake
// stores none of its events. (The atomic trail is checked on a plan and
// on a hardening record.)
func (cases) TestTrail(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	t.Run("EveryWrite", func(t *testing.T) { forEach(t, all, st, aggregate.everyWrite) })
	t.Run("UniqueEventIDs", func(t *testing.T) { forEach(t, all, st, aggregate.uniqueEventIDs) })
	t.Run("SeqTaken", func(t *testing.T) { forEach(t, all, st, aggregate.seqTaken) })
	t.Run("Refused", func(t *testing.T) { forEach(t, all, st, aggregate.refused) })
	t.Run("Atomic", func(t *testing.T) {
		for _, a := range all {
			switch a.kind() {
			case "plan", "hardening record": // written in a transaction of the store's own, and by a prepared statement
				t.Run(a.kind(), func(t *testing.T) { a.atomicTrail(t, st) })
			}
		}
	})
}
