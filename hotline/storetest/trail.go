package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// trail describes how st keeps a deduction with its events, for the checks
// that every Store of a versioned aggregate shares: each new deduction is
// recorded, each next version appealed again.
func trail(st hotline.Store) storetestkit.Trail[*hotline.Deduction, hotline.DeductionEvent] {
	return storetestkit.Trail[*hotline.Deduction, hotline.DeductionEvent]{
		Version: func(d *hotline.Deduction) int64 { return d.Version },
		Seq:     func(e hotline.DeductionEvent) int64 { return e.Seq },
		EventID: func(e *hotline.DeductionEvent) *uuid.UUID { return &e.ID },
		New: func(tb testing.TB) (*hotline.Deduction, hotline.DeductionEvent) {
			d := deduction(tb, "区城管局", aug(), "0.2")
			return d, dedEvent(tb, d, hotline.EventRecorded, "", "")
		},
		Next: func(tb testing.TB, d *hotline.Deduction) (*hotline.Deduction, hotline.DeductionEvent) {
			next := appealed(d)
			return next, dedEvent(tb, next, hotline.EventAppealed, d.Status, "区城管局")
		},
		Create: st.CreateDeduction,
		Update: st.UpdateDeduction,
		Get: func(ctx context.Context, d *hotline.Deduction) (*hotline.Deduction, error) {
			return st.GetDeduction(ctx, d.ID)
		},
		Events: func(ctx context.Context, d *hotline.Deduction) ([]hotline.DeductionEvent, error) {
			return st.ListDeductionEvents(ctx, d.ID)
		},
	}
}

// TestAtomicTrail checks that a deduction and the events of its update
// become visible together: while one goroutine appeals a deduction again and
// again, each update with one event, readers that get the deduction and list
// its events must always find the event of every version up to the one they
// read, and never an event of a version newer than the deduction they read
// after it.
func (cases) TestAtomicTrail(t *testing.T, mk storeMaker) {
	storetestkit.RequireAtomicTrail(t, trail(mk(t)))
}

// TestDuplicateEventIDs checks that a deduction event ID is never stored
// twice: a CreateDeduction or UpdateDeduction with an event whose ID is
// already stored, for this deduction or another, or that two of its events
// share, fails with ECONFLICT and stores nothing.
func (cases) TestDuplicateEventIDs(t *testing.T, mk storeMaker) {
	storetestkit.RequireUniqueEventIDs(t, trail(mk(t)))
}
