package storetest_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
	"github.com/govops-kit/govops/hotline/storetest"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of hotline.Store, as a store written from the contract by hand might,
// and requires that the suite fails in the case written for that rule, and
// in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	eventID := func(e *hotline.DeductionEvent) *uuid.UUID { return &e.ID }
	storetestkit.RequireCaught(t, storetest.RunConformanceTests, []storetestkit.Broken[hotline.Store]{
		{Name: "UpdateIgnoresCancellation", CaughtBy: "Cancellation", Make: func() hotline.Store {
			return updateIgnoresCancellation{hotlinemem.New()}
		}},
		{Name: "TwoStepUpdate", CaughtBy: "AtomicTrail", Make: func() hotline.Store {
			return brokenTrail{Store: hotlinemem.New(), split: &storetestkit.TwoStepEvents[hotline.DeductionEvent]{EventID: eventID}}
		}},
		{Name: "CountsIgnoreStatuses", CaughtBy: "Aggregates", Make: func() hotline.Store { return countsIgnoreStatuses{hotlinemem.New()} }},
		{Name: "DuplicateEventIDs", CaughtBy: "DuplicateEventIDs", Make: func() hotline.Store {
			return brokenTrail{Store: hotlinemem.New(), ids: &storetestkit.AliasedEventIDs[hotline.DeductionEvent]{EventID: eventID}}
		}},
	})
}

// brokenTrail breaks a rule of deductions and their events: with split
// set, the events of an update show one round trip after the deduction;
// with ids set, a taken event ID is accepted.
type brokenTrail struct {
	*hotlinemem.Store
	split *storetestkit.TwoStepEvents[hotline.DeductionEvent]
	ids   *storetestkit.AliasedEventIDs[hotline.DeductionEvent]
}

func (s brokenTrail) CreateDeduction(ctx context.Context, d *hotline.Deduction, events []hotline.DeductionEvent) error {
	if s.ids != nil {
		events = s.ids.Alias(events)
	}
	return s.Store.CreateDeduction(ctx, d, events)
}

func (s brokenTrail) UpdateDeduction(ctx context.Context, d *hotline.Deduction, events []hotline.DeductionEvent) error {
	if s.ids != nil {
		events = s.ids.Alias(events)
	}
	if s.split == nil {
		return s.Store.UpdateDeduction(ctx, d, events)
	}
	return s.split.Write(events, func() error { return s.Store.UpdateDeduction(ctx, d, events) })
}

func (s brokenTrail) ListDeductionEvents(ctx context.Context, id uuid.UUID) ([]hotline.DeductionEvent, error) {
	evs, err := s.Store.ListDeductionEvents(ctx, id)
	switch {
	case s.ids != nil:
		return s.ids.Restore(evs, err)
	case s.split != nil:
		return s.split.Visible(evs, err)
	}
	return evs, err
}

// updateIgnoresCancellation writes a deduction after its caller has given
// up, as hotlinemem once did.
type updateIgnoresCancellation struct{ *hotlinemem.Store }

func (s updateIgnoresCancellation) UpdateDeduction(ctx context.Context, d *hotline.Deduction, events []hotline.DeductionEvent) error {
	return s.Store.UpdateDeduction(context.WithoutCancel(ctx), d, events)
}

// countsIgnoreStatuses decides itself which deductions count, as stores
// did before the Service passed the statuses: every one but overturned.
type countsIgnoreStatuses struct{ *hotlinemem.Store }

func (s countsIgnoreStatuses) DeductionCounts(ctx context.Context, r hotline.MonthRange, _ []hotline.DeductionStatus) ([]hotline.DeductionGroup, error) {
	return s.Store.DeductionCounts(ctx, r, []hotline.DeductionStatus{hotline.DeductionRecorded, hotline.DeductionAppealed, hotline.DeductionUpheld})
}
