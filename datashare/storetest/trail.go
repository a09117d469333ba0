package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// catalogTrail describes how st keeps an entry with its events: each new
// entry created alone, each next version renamed.
func catalogTrail(st datashare.Store) storetestkit.Trail[*datashare.Catalog, datashare.Event] {
	n := 0
	return storetestkit.Trail[*datashare.Catalog, datashare.Event]{
		Version: func(c *datashare.Catalog) int64 { return c.Version },
		Seq:     func(e datashare.Event) int64 { return e.Seq },
		EventID: func(e *datashare.Event) *uuid.UUID { return &e.ID },
		New: func(tb testing.TB) (*datashare.Catalog, datashare.Event) {
			n++
			c := newCatalog(tb, fmt.Sprintf("106001/%06d", n), "不动产登记信息")
			return &c, catalogCreated(tb, &c)
		},
		Next: func(tb testing.TB, c *datashare.Catalog) (*datashare.Catalog, datashare.Event) {
			return renamedCatalog(tb, c, fmt.Sprintf("不动产登记信息（第%d版）", c.Version+1))
		},
		Create: func(ctx context.Context, c *datashare.Catalog, events []datashare.Event) error {
			return st.CreateCatalogs(ctx, []datashare.Catalog{*c}, events)
		},
		Update: st.UpdateCatalog,
		Get: func(ctx context.Context, c *datashare.Catalog) (*datashare.Catalog, error) {
			return st.Catalog(ctx, c.ID)
		},
		Events: func(ctx context.Context, c *datashare.Catalog) ([]datashare.Event, error) {
			return st.Events(ctx, c.ID)
		},
	}
}

// requestTrail describes how st keeps a request with its events: each next
// version another purpose.
func requestTrail(st datashare.Store, c *datashare.Catalog) storetestkit.Trail[*datashare.Request, datashare.Event] {
	return storetestkit.Trail[*datashare.Request, datashare.Event]{
		Version: func(r *datashare.Request) int64 { return r.Version },
		Seq:     func(e datashare.Event) int64 { return e.Seq },
		EventID: func(e *datashare.Event) *uuid.UUID { return &e.ID },
		New: func(tb testing.TB) (*datashare.Request, datashare.Event) {
			r := newRequest(tb, c, "lbq-rsj")
			return &r, requestFiled(tb, &r)
		},
		Next: func(tb testing.TB, r *datashare.Request) (*datashare.Request, datashare.Event) {
			next := *r
			next.Purpose, next.Version = fmt.Sprintf("第%d次修改用途", r.Version), r.Version+1
			return &next, event(tb, r.ID, next.Version, datashare.EventRequestApproved, "pending", "pending")
		},
		Create: func(ctx context.Context, r *datashare.Request, events []datashare.Event) error {
			return st.CreateRequest(ctx, *r, events)
		},
		Update: st.UpdateRequest,
		Get: func(ctx context.Context, r *datashare.Request) (*datashare.Request, error) {
			return st.Request(ctx, r.ID)
		},
		Events: func(ctx context.Context, r *datashare.Request) ([]datashare.Event, error) {
			return st.Events(ctx, r.ID)
		},
	}
}

// TestTrail checks the events of every write: each write that takes events
// appends them, in the same atomic step, Events returns a subject's events
// in Seq order and none for an unknown subject, an entry or a request and
// the events of its version are never seen apart, and an event ID is
// stored once across every subject: a write with a taken event ID, mounts
// included, fails with ECONFLICT and writes nothing. (AbortMount with a
// taken event ID: TestOpenMounts.)
func (cases) TestTrail(t *testing.T, mk storeMaker) {
	t.Run("AtomicCatalog", func(t *testing.T) { storetestkit.RequireAtomicTrail(t, catalogTrail(mk(t))) })
	t.Run("AtomicRequest", func(t *testing.T) {
		st := mk(t)
		c := newCatalog(t, "106002/000001", "目录")
		mustCreateCatalogs(t, st, c)
		storetestkit.RequireAtomicTrail(t, requestTrail(st, &c))
	})
	t.Run("UniqueCatalogEventIDs", func(t *testing.T) { storetestkit.RequireUniqueEventIDs(t, catalogTrail(mk(t))) })
	t.Run("UniqueRequestEventIDs", func(t *testing.T) {
		st := mk(t)
		c := newCatalog(t, "106002/000001", "目录")
		mustCreateCatalogs(t, st, c)
		storetestkit.RequireUniqueEventIDs(t, requestTrail(st, &c))
	})
	t.Run("SeqOrder", func(t *testing.T) { trailSeqOrder(t, mk(t)) })
	t.Run("TakenAcrossSubjects", func(t *testing.T) { takenAcrossSubjects(t, mk(t)) })
}

// trailSeqOrder writes events whose IDs run against their Seqs, and
// requires them back in Seq order.
func trailSeqOrder(t *testing.T, st datashare.Store) {
	ctx := t.Context()
	evs, err := st.Events(ctx, storetestkit.NewID(t))
	storetestkit.Must(t, err, "Events of an unknown subject")
	if len(evs) != 0 {
		t.Fatalf("Events of an unknown subject returned %d events, want none", len(evs))
	}
	// IDs in the reverse order of the Seqs they go with: a store that
	// orders by ID, or by time of writing, gives the wrong order.
	ids := reversedIDs(t, 6)
	c := newCatalog(t, "106003/000001", "目录")
	created := catalogCreated(t, &c)
	created.ID = ids[0]
	storetestkit.Must(t, st.CreateCatalogs(ctx, []datashare.Catalog{c}, []datashare.Event{created}), "CreateCatalogs")
	want := []datashare.Event{created}
	cur := &c
	for i := 1; i < 4; i++ {
		next, ev := renamedCatalog(t, cur, fmt.Sprintf("v%d", i))
		ev.ID = ids[i]
		storetestkit.Must(t, st.UpdateCatalog(ctx, next, []datashare.Event{ev}), "UpdateCatalog")
		want = append(want, ev)
		cur = next
	}
	requireEvents(t, st, c.ID, want, "after updates")

	// A batch's events: Commit's event has the lower ID.
	b := newBatch(t, &c)
	started := mountStarted(t, &b)
	started.ID = ids[5]
	w, err := st.BeginMount(ctx, b, []datashare.Event{started})
	storetestkit.Must(t, err, "BeginMount")
	next, ev := committed(t, &b, 0)
	ev.ID = ids[4]
	storetestkit.Must(t, w.Commit(ctx, next, []datashare.Event{ev}, noReplace(t)), "Commit")
	requireEvents(t, st, b.ID, []datashare.Event{started, ev}, "after Commit")
}

// takenAcrossSubjects tries every write that takes events with the ID of
// an event of another subject, and checks that each fails with ECONFLICT
// and writes nothing.
func takenAcrossSubjects(t *testing.T, st datashare.Store) {
	ctx := t.Context()
	c := newCatalog(t, "106004/000001", "目录")
	cEvs := mustCreateCatalogs(t, st, c)
	taken := cEvs[0]
	r := newRequest(t, &c, "lbq-rsj")
	rEv := requestFiled(t, &r)
	storetestkit.Must(t, st.CreateRequest(ctx, r, []datashare.Event{rEv}), "CreateRequest")
	old := newBatch(t, &c)
	oldRs := records(&old, lineKey, 1, 2)
	m := mustMount(t, st, old, oldRs, 10, oldRs, nil)
	// with returns a fresh event of subject and one that takes taken's ID.
	with := func(subject uuid.UUID, seq int64) []datashare.Event {
		ev := event(t, subject, seq, datashare.EventCatalogUpdated, "", "")
		ev.ID = taken.ID
		return []datashare.Event{event(t, subject, seq+100, datashare.EventCatalogUpdated, "", ""), ev}
	}
	unchanged := func(t *testing.T, when string) {
		t.Helper()
		requireCatalog(t, st, c, when)
		requireEvents(t, st, c.ID, cEvs, when)
		requireRequest(t, st, r, when)
		requireEvents(t, st, r.ID, []datashare.Event{rEv}, when)
		requireBatch(t, st, m.batch, when)
		requireEvents(t, st, m.batch.ID, m.events, when)
		requireRecords(t, st, c.ID, oldRs, when)
	}

	t.Run("CreateCatalogs", func(t *testing.T) {
		x := newCatalog(t, "106004/000002", "新目录")
		storetestkit.MustCode(t, st.CreateCatalogs(ctx, []datashare.Catalog{x}, with(x.ID, 1)), govops.ECONFLICT, "CreateCatalogs with a taken event ID")
		requireNoCatalog(t, st, x, "after CreateCatalogs with a taken event ID")
		requireEvents(t, st, x.ID, nil, "after CreateCatalogs with a taken event ID")
		unchanged(t, "after CreateCatalogs with a taken event ID")
	})
	t.Run("UpdateCatalog", func(t *testing.T) {
		next, _ := renamedCatalog(t, &c, "改名")
		storetestkit.MustCode(t, st.UpdateCatalog(ctx, next, with(c.ID, 2)), govops.ECONFLICT, "UpdateCatalog with a taken event ID")
		unchanged(t, "after UpdateCatalog with a taken event ID")
	})
	t.Run("CreateRequest", func(t *testing.T) {
		x := newRequest(t, &c, "lbq-gaj")
		storetestkit.MustCode(t, st.CreateRequest(ctx, x, with(x.ID, 1)), govops.ECONFLICT, "CreateRequest with a taken event ID")
		_, err := st.Request(ctx, x.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Request after CreateRequest with a taken event ID")
		requireEvents(t, st, x.ID, nil, "after CreateRequest with a taken event ID")
		unchanged(t, "after CreateRequest with a taken event ID")
	})
	t.Run("UpdateRequest", func(t *testing.T) {
		next, _ := approved(t, &r)
		storetestkit.MustCode(t, st.UpdateRequest(ctx, next, with(r.ID, 2)), govops.ECONFLICT, "UpdateRequest with a taken event ID")
		unchanged(t, "after UpdateRequest with a taken event ID")
	})
	t.Run("BeginMount", func(t *testing.T) {
		b := newBatch(t, &c)
		_, err := st.BeginMount(ctx, b, with(b.ID, 1))
		storetestkit.MustCode(t, err, govops.ECONFLICT, "BeginMount with a taken event ID")
		_, err = st.Batch(ctx, b.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Batch after BeginMount with a taken event ID")
		requireEvents(t, st, b.ID, nil, "after BeginMount with a taken event ID")
		unchanged(t, "after BeginMount with a taken event ID")
	})
	t.Run("Commit", func(t *testing.T) {
		b := newBatch(t, &c)
		w, started := begin(t, st, b)
		storetestkit.Must(t, w.Write(ctx, records(&b, lineKey, 3, 4), b.TouchedAt), "Write")
		next, _ := committed(t, &b, 2)
		storetestkit.MustCode(t, w.Commit(ctx, next, with(b.ID, 2), noReplace(t)), govops.ECONFLICT, "Commit with a taken event ID")
		requireBatch(t, st, b, "after Commit with a taken event ID")
		requireEvents(t, st, b.ID, []datashare.Event{started}, "after Commit with a taken event ID")
		unchanged(t, "after Commit with a taken event ID")

		// A Commit that replaces, whose callback gives a taken event ID.
		next, ev := committed(t, &b, 2)
		next.Replace = true
		err := w.Commit(ctx, next, []datashare.Event{ev}, func(old *datashare.Batch) (datashare.Event, error) {
			e := event(t, old.ID, old.Version, datashare.EventMountReplaced, "committed", "replaced")
			e.ID = taken.ID
			return e, nil
		})
		storetestkit.MustCode(t, err, govops.ECONFLICT, "Commit whose replaced callback gives a taken event ID")
		requireBatch(t, st, b, "after Commit with a taken event ID")
		requireEvents(t, st, b.ID, []datashare.Event{started}, "after Commit with a taken event ID")
		unchanged(t, "after a replacing Commit with a taken event ID")

		// The writer's Abort, with a taken event ID, then without: the
		// refused Abort did not end the mount.
		f, fev := failed(t, &b, "taken")
		storetestkit.MustCode(t, w.Abort(ctx, f, with(b.ID, 2)), govops.ECONFLICT, "Abort with a taken event ID")
		requireBatch(t, st, b, "after Abort with a taken event ID")
		unchanged(t, "after Abort with a taken event ID")
		storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{fev}), "Abort after a refused Abort")
		requireBatch(t, st, *f, "after Abort")
		requireEvents(t, st, b.ID, []datashare.Event{started, fev}, "after Abort")
	})
}
