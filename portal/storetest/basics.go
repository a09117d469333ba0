package storetest

import (
	"testing"

	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestRoundTrip checks that every field of every aggregate round-trips:
// created with every field set, created with every optional field zero
// (zero times, empty lists and maps, empty text), updated with every field
// changed, filled and emptied; and that a store keeps no list or map it
// was given and returns ones of the caller's own.
func (cases) TestRoundTrip(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	storetestkit.RunRoundTrips(t, st, all)
}

// TestVersions checks optimistic locking on every versioned write: an
// update of a record never stored is ENOTFOUND, a stale one ECONFLICT,
// neither writing the record or its events, and of 8 concurrent writers
// of one version exactly one wins.
func (cases) TestVersions(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	storetestkit.RunVersions(t, st, all)
}

// TestTrail checks the events of every write: each creation and update
// appends its events, listed in Seq order; an aggregate and the events of
// its version are never seen apart; an event ID and an event's (Subject,
// Seq) are stored once, a write that would store one twice failing with
// ECONFLICT and writing nothing; and a write refused for its record's sake
// stores none of its events. (The atomic trail is checked on a column,
// written through UpdateColumns, and on a task.)
func (cases) TestTrail(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	storetestkit.RunTrails(t, st, all, "column", "task")
}
