package storetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/govcase/storetest"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of govcase.Store, as a store written from the contract by hand might,
// and requires that the suite fails in the case written for that rule, and
// in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	storetestkit.RequireCaught(t, storetest.RunConformanceTests, []storetestkit.Broken[govcase.Store]{
		{Name: "TwoStepUpdate", CaughtBy: "AtomicTrail", Make: func() govcase.Store {
			return &twoStepUpdate{Store: govcasemem.New(), split: storetestkit.TwoStepEvents[govcase.Event]{EventID: eventID}}
		}},
		{Name: "HandlingSummedThenTruncated", CaughtBy: "Stats/HandlingTimePerCase", Make: func() govcase.Store {
			return handlingSummed{govcasemem.New()}
		}},
		{Name: "YearOfCreationInUTC", CaughtBy: "YearBoundary", Make: func() govcase.Store { return utcYear{govcasemem.New()} }},
		{Name: "DuplicateEventIDs", CaughtBy: "DuplicateEventIDs", Make: func() govcase.Store {
			return &duplicateEventIDs{Store: govcasemem.New(), ids: storetestkit.AliasedEventIDs[govcase.Event]{EventID: eventID}}
		}},
		{Name: "StatsIgnoreCancellation", CaughtBy: "Cancellation", Make: func() govcase.Store {
			return statsIgnoreCancellation{govcasemem.New()}
		}},
		{Name: "SummaryNotMovedOnUpdate", CaughtBy: "Summaries", Make: func() govcase.Store {
			return summaryAsCreated{Store: govcasemem.New(), created: govcasemem.New()}
		}},
	})
}

func eventID(e *govcase.Event) *uuid.UUID { return &e.ID }

// twoStepUpdate writes a case, then its events one round trip later.
type twoStepUpdate struct {
	*govcasemem.Store
	split storetestkit.TwoStepEvents[govcase.Event]
}

func (s *twoStepUpdate) UpdateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	return s.split.Write(events, func() error { return s.Store.UpdateCase(ctx, c, events) })
}

func (s *twoStepUpdate) ListEvents(ctx context.Context, id uuid.UUID) ([]govcase.Event, error) {
	return s.split.Visible(s.Store.ListEvents(ctx, id))
}

// handlingSummed sums the exact handling times of the cases and truncates
// the total, instead of truncating each case's.
type handlingSummed struct{ *govcasemem.Store }

func (s handlingSummed) CaseStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	st, err := s.Store.CaseStats(ctx, f)
	if err != nil {
		return st, err
	}
	lf := govcase.Filter{Year: f.Year, CreatedFrom: f.CreatedFrom, CreatedTo: f.CreatedTo, Department: f.Department}
	if f.Kind != "" {
		lf.Kinds = []govcase.Kind{f.Kind}
	}
	cs, err := s.ListCases(ctx, lf)
	var sum time.Duration
	for _, c := range cs {
		if !c.RepliedAt.IsZero() && !c.DispatchedAt.IsZero() {
			sum += c.RepliedAt.Sub(c.DispatchedAt)
		}
	}
	st.HandlingSeconds = int64(sum / time.Second)
	return st, err
}

// utcYear selects a year's statistics by the year of CreatedAt in UTC.
type utcYear struct{ *govcasemem.Store }

func (s utcYear) CaseStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	if f.Year != 0 {
		from, to := time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(f.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
		if f.CreatedFrom.Before(from) {
			f.CreatedFrom = from
		}
		if f.CreatedTo.IsZero() || f.CreatedTo.After(to) {
			f.CreatedTo = to
		}
		f.Year = 0
	}
	return s.Store.CaseStats(ctx, f)
}

// duplicateEventIDs accepts an event whose ID is taken.
type duplicateEventIDs struct {
	*govcasemem.Store
	ids storetestkit.AliasedEventIDs[govcase.Event]
}

func (s *duplicateEventIDs) CreateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	return s.Store.CreateCase(ctx, c, s.ids.Alias(events))
}

func (s *duplicateEventIDs) UpdateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	return s.Store.UpdateCase(ctx, c, s.ids.Alias(events))
}

func (s *duplicateEventIDs) ListEvents(ctx context.Context, id uuid.UUID) ([]govcase.Event, error) {
	return s.ids.Restore(s.Store.ListEvents(ctx, id))
}

// statsIgnoreCancellation counts on after its caller has given up.
type statsIgnoreCancellation struct{ *govcasemem.Store }

func (s statsIgnoreCancellation) CaseStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	return s.Store.CaseStats(context.WithoutCancel(ctx), f)
}

// summaryAsCreated answers the statistics a summary by month can answer
// from the cases as they were created: a summary that a store adds each new
// case to, but forgets to move when an update changes the case's group.
type summaryAsCreated struct {
	*govcasemem.Store
	created *govcasemem.Store // every case as created, never updated
}

func (s summaryAsCreated) CreateCase(ctx context.Context, c *govcase.Case, events []govcase.Event) error {
	if err := s.Store.CreateCase(ctx, c, events); err != nil {
		return err
	}
	return s.created.CreateCase(ctx, c, events)
}

func (s summaryAsCreated) CaseStats(ctx context.Context, f govcase.StatsFilter) (govcase.Stats, error) {
	if _, _, ok := govcase.MonthRange(f, govops.ShanghaiLocation()); ok {
		return s.created.CaseStats(ctx, f)
	}
	return s.Store.CaseStats(ctx, f)
}
