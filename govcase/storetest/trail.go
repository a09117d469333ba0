package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// trail describes how st keeps a case with its events, for the checks that
// every Store of a versioned aggregate shares: each new case is registered,
// each next version urged once more.
func trail(st govcase.Store) storetestkit.Trail[*govcase.Case, govcase.Event] {
	var n int64 // numbers the cases of the year 2030, which no other case uses
	return storetestkit.Trail[*govcase.Case, govcase.Event]{
		Version: func(c *govcase.Case) int64 { return c.Version },
		Seq:     func(e govcase.Event) int64 { return e.Seq },
		EventID: func(e *govcase.Event) *uuid.UUID { return &e.ID },
		New: func(tb testing.TB) (*govcase.Case, govcase.Event) {
			n++
			c := bareCase(tb, govcase.FormatNumber(2030, n))
			return c, event(tb, c, govcase.EventRegistered, "")
		},
		Next: func(tb testing.TB, c *govcase.Case) (*govcase.Case, govcase.Event) {
			next := *c
			next.Version, next.UrgeCount = c.Version+1, c.UrgeCount+1
			next.UpdatedAt = c.UpdatedAt.Add(time.Minute)
			return &next, event(tb, &next, govcase.EventUrged, c.Status)
		},
		Create: st.CreateCase,
		Update: st.UpdateCase,
		Get:    func(ctx context.Context, c *govcase.Case) (*govcase.Case, error) { return st.GetCase(ctx, c.ID) },
		Events: func(ctx context.Context, c *govcase.Case) ([]govcase.Event, error) { return st.ListEvents(ctx, c.ID) },
	}
}

// TestAtomicTrail checks that a case and the events of its update become
// visible together: while one goroutine urges a case again and again, each
// update with one event, readers that get the case and list its events must
// always find the event of every version up to the one they read, and never
// an event of a version newer than the case they read after it.
func (cases) TestAtomicTrail(t *testing.T, mk storeMaker) {
	storetestkit.RequireAtomicTrail(t, trail(mk(t)))
}

// TestDuplicateEventIDs checks that an event ID is never stored twice: a
// CreateCase or UpdateCase with an event whose ID is already stored, for
// this case or another, or that two of its events share, fails with
// ECONFLICT and stores nothing.
func (cases) TestDuplicateEventIDs(t *testing.T, mk storeMaker) {
	storetestkit.RequireUniqueEventIDs(t, trail(mk(t)))
}
