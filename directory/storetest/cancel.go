package storetest

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestCancellation checks that every method gives up on a cancelled context
// with an error, rather than doing the work or hanging, and changes nothing.
// Create is given something to store: with nothing, it may return nil.
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	st := mk(t)
	d := dept(t, "QZFJ", "区政府办")
	evs := mustCreate(t, st, d)

	fresh := dept(t, "fresh", "新单位")
	freshEv := created(t, &fresh)
	next, nextEv := renamed(t, &d, "区人民政府办公室")
	storetestkit.RequireCancelled(t, map[string]func(context.Context) error{
		"Create": func(ctx context.Context) error {
			return st.Create(ctx, []directory.Department{fresh}, []directory.Event{freshEv})
		},
		"Update":      func(ctx context.Context) error { return st.Update(ctx, next, []directory.Event{nextEv}) },
		"Department":  func(ctx context.Context) error { _, err := st.Department(ctx, d.Code); return err },
		"Lookup":      func(ctx context.Context) error { _, err := st.Lookup(ctx, []string{d.Code}); return err },
		"Departments": func(ctx context.Context) error { _, err := st.Departments(ctx, directory.Filter{}, "", 0); return err },
		"Count":       func(ctx context.Context) error { _, err := st.Count(ctx, directory.Filter{}); return err },
		"Events":      func(ctx context.Context) error { _, err := st.Events(ctx, d.Code); return err },
		"Counts":      func(ctx context.Context) error { _, err := st.Counts(ctx); return err },
	})

	requireStored(t, st, d, evs, "after calls with a cancelled context")
	requireAbsent(t, st, fresh.Code, "after a Create with a cancelled context")
}
