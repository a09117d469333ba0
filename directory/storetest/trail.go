package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// trail describes how st keeps a department with its events, for the
// checks that every Store of a versioned aggregate shares: each new
// department is created, each next version renamed.
func trail(st directory.Store) storetestkit.Trail[*directory.Department, directory.Event] {
	n := 0
	return storetestkit.Trail[*directory.Department, directory.Event]{
		Version: func(d *directory.Department) int64 { return d.Version },
		Seq:     func(e directory.Event) int64 { return e.Seq },
		EventID: func(e *directory.Event) *uuid.UUID { return &e.ID },
		New: func(tb testing.TB) (*directory.Department, directory.Event) {
			n++
			d := dept(tb, fmt.Sprintf("trail-%d", n), "区大数据局")
			return &d, created(tb, &d)
		},
		Next: func(tb testing.TB, d *directory.Department) (*directory.Department, directory.Event) {
			return renamed(tb, d, fmt.Sprintf("区大数据发展局（第%d版）", d.Version+1))
		},
		Create: func(ctx context.Context, d *directory.Department, events []directory.Event) error {
			return st.Create(ctx, []directory.Department{*d}, events)
		},
		Update: st.Update,
		Get: func(ctx context.Context, d *directory.Department) (*directory.Department, error) {
			return st.Department(ctx, d.Code)
		},
		Events: func(ctx context.Context, d *directory.Department) ([]directory.Event, error) {
			return st.Events(ctx, d.Code)
		},
	}
}

// TestAtomicTrail checks that a department and the events of its update
// become visible together: while one goroutine renames a department again
// and again, each update with one event, readers that get the department
// and list its events must always find the event of every version up to the
// one they read, and never an event of a version newer than the department
// they read after it.
func (cases) TestAtomicTrail(t *testing.T, mk storeMaker) {
	storetestkit.RequireAtomicTrail(t, trail(mk(t)))
}

// TestDuplicateEventIDs checks that an event ID is never stored twice: a
// Create or Update with an event whose ID is already stored, for this
// department or another, or that two of its events share, fails with
// ECONFLICT and stores nothing.
// A batch one of whose events is refused so stores none of its
// departments.
func (cases) TestDuplicateEventIDs(t *testing.T, mk storeMaker) {
	st := mk(t)
	storetestkit.RequireUniqueEventIDs(t, trail(st))
	t.Run("BatchWithStoredID", func(t *testing.T) {
		stored := dept(t, "stored", "区档案馆")
		evs := mustCreate(t, st, stored)
		a, b := dept(t, "batch-a", "a"), dept(t, "batch-b", "b")
		evA, evB := created(t, &a), created(t, &b)
		evB.ID = evs[0].ID
		err := st.Create(t.Context(), []directory.Department{a, b}, []directory.Event{evA, evB})
		storetestkit.MustCode(t, err, govops.ECONFLICT, "Create of a batch with a taken event id")
		requireAbsent(t, st, a.Code, "of a batch with a taken event id")
		requireAbsent(t, st, b.Code, "of a batch with a taken event id")
		requireStored(t, st, stored, evs, "after a batch with its event id")
	})
}
