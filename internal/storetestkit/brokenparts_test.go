package storetestkit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
)

func entryID(e *entry) *uuid.UUID { return &e.ID }

// TestTwoStepEvents checks that the part breaks an atomic store in the way
// RequireAtomicTrail catches.
func TestTwoStepEvents(t *testing.T) {
	for range 3 {
		s := newItemStore("atomic", true)
		split := &storetestkit.TwoStepEvents[entry]{EventID: entryID}
		tr := s.trail()
		update, events := tr.Update, tr.Events
		tr.Update = func(ctx context.Context, it item, es []entry) error {
			return split.Write(es, func() error { return update(ctx, it, es) })
		}
		tr.Events = func(ctx context.Context, it item) ([]entry, error) { return split.Visible(events(ctx, it)) }
		msg, failed := outcome(t, func(tb testing.TB) { storetestkit.RequireAtomicTrail(tb, tr) })
		if !failed || !strings.Contains(msg, "is missing") {
			t.Fatalf("RequireAtomicTrail over a store made two-step: failed %v, %q", failed, msg)
		}
	}
}

func TestAliasedEventIDs(t *testing.T) {
	ids := &storetestkit.AliasedEventIDs[entry]{EventID: entryID}
	given := []entry{{ID: storetestkit.NewID(t), Seq: 1}, {ID: storetestkit.NewID(t), Seq: 2}}
	stored := ids.Alias(given)
	if stored[0].ID == given[0].ID || stored[1].ID == given[1].ID || stored[0].ID == stored[1].ID {
		t.Fatalf("Alias(%v) = %v: want new, distinct IDs", given, stored)
	}
	again := ids.Alias(given[:1])
	if again[0].ID == stored[0].ID {
		t.Fatalf("the same ID was aliased twice to %s", again[0].ID)
	}
	back, err := ids.Restore(append(stored, again...), nil)
	if err != nil {
		t.Fatal(err)
	}
	storetestkit.RequireEqual(t, append(given, given[0]), back, "restored events")
}
