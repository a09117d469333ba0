package storetest_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/directory/storetest"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of directory.Store, as a store written from the contract by hand
// might, and requires that the suite fails in the case written for that
// rule, and in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	eventID := func(e *directory.Event) *uuid.UUID { return &e.ID }
	storetestkit.RequireCaught(t, storetest.RunConformanceTests, []storetestkit.Broken[directory.Store]{
		{Name: "TwoStepUpdate", CaughtBy: "AtomicTrail", Make: func() directory.Store {
			return brokenTrail{Store: directorymem.New(), split: &storetestkit.TwoStepEvents[directory.Event]{EventID: eventID}}
		}},
		{Name: "DuplicateEventIDs", CaughtBy: "DuplicateEventIDs", Make: func() directory.Store {
			return brokenTrail{Store: directorymem.New(), ids: &storetestkit.AliasedEventIDs[directory.Event]{EventID: eventID}}
		}},
		{Name: "UpdateIgnoresCancellation", CaughtBy: "Cancellation", Make: func() directory.Store {
			return updateIgnoresCancellation{directorymem.New()}
		}},
		{Name: "TextCaseSensitive", CaughtBy: "Filters", Make: func() directory.Store { return textCaseSensitive{directorymem.New()} }},
		{Name: "AfterIncluded", CaughtBy: "Pagination", Make: func() directory.Store { return afterIncluded{directorymem.New()} }},
		{Name: "CountsLeaveOutDissolved", CaughtBy: "Counts", Make: func() directory.Store { return countsActiveOnly{directorymem.New()} }},
	})
}

// brokenTrail breaks a rule of departments and their events: with split
// set, the events of an update show one round trip after the department;
// with ids set, a taken event ID is accepted.
type brokenTrail struct {
	*directorymem.Store
	split *storetestkit.TwoStepEvents[directory.Event]
	ids   *storetestkit.AliasedEventIDs[directory.Event]
}

func (s brokenTrail) Create(ctx context.Context, ds []directory.Department, events []directory.Event) error {
	if s.ids != nil {
		events = s.ids.Alias(events)
	}
	return s.Store.Create(ctx, ds, events)
}

func (s brokenTrail) Update(ctx context.Context, d *directory.Department, events []directory.Event) error {
	if s.ids != nil {
		events = s.ids.Alias(events)
	}
	if s.split == nil {
		return s.Store.Update(ctx, d, events)
	}
	return s.split.Write(events, func() error { return s.Store.Update(ctx, d, events) })
}

func (s brokenTrail) Events(ctx context.Context, code string) ([]directory.Event, error) {
	evs, err := s.Store.Events(ctx, code)
	switch {
	case s.ids != nil:
		return s.ids.Restore(evs, err)
	case s.split != nil:
		return s.split.Visible(evs, err)
	}
	return evs, err
}

// updateIgnoresCancellation writes a change after its caller has given up.
type updateIgnoresCancellation struct{ *directorymem.Store }

func (s updateIgnoresCancellation) Update(ctx context.Context, d *directory.Department, events []directory.Event) error {
	return s.Store.Update(context.WithoutCancel(ctx), d, events)
}

// textCaseSensitive finds a filter's text in codes in its own letter case
// only, as SQL's instr does on a code that is not lower-cased.
type textCaseSensitive struct{ *directorymem.Store }

func (s textCaseSensitive) Departments(ctx context.Context, f directory.Filter, after string, limit int) ([]directory.Department, error) {
	text := f.Text
	f.Text = ""
	ds, err := s.Store.Departments(ctx, f, after, 0)
	ds = slices.DeleteFunc(ds, func(d directory.Department) bool {
		return !strings.Contains(d.Code, text) && !strings.Contains(d.Name, text)
	})
	if limit > 0 && len(ds) > limit {
		ds = ds[:limit]
	}
	return ds, err
}

func (s textCaseSensitive) Count(ctx context.Context, f directory.Filter) (int64, error) {
	ds, err := s.Departments(ctx, f, "", 0)
	return int64(len(ds)), err
}

// afterIncluded starts a page at its key rather than after it, as a query
// written with >= does.
type afterIncluded struct{ *directorymem.Store }

func (s afterIncluded) Departments(ctx context.Context, f directory.Filter, after string, limit int) ([]directory.Department, error) {
	ds, err := s.Store.Departments(ctx, f, "", 0)
	ds = slices.DeleteFunc(ds, func(d directory.Department) bool { return d.Code < after })
	if limit > 0 && len(ds) > limit {
		ds = ds[:limit]
	}
	return ds, err
}

// countsActiveOnly counts the active departments alone, deciding itself
// what the Service wants to know.
type countsActiveOnly struct{ *directorymem.Store }

func (s countsActiveOnly) Counts(ctx context.Context) ([]directory.Group, error) {
	gs, err := s.Store.Counts(ctx)
	return slices.DeleteFunc(gs, func(g directory.Group) bool { return g.Status != directory.StatusActive }), err
}
