package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestCancellation checks that every method gives up on a cancelled
// context with EINTERNAL, rather than doing the work or hanging, and
// changes nothing: a writer's Write and Commit included, after which the
// batch is still loading, none of its records visible, and Abort ends it.
// (AbortMount: TestOpenMounts.)
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	c := newCatalog(t, "107001/000001", "目录")
	cEvs := mustCreateCatalogs(t, st, c)
	r := newRequest(t, &c, "lbq-rsj")
	storetestkit.Must(t, st.CreateRequest(ctx, r, nil), "CreateRequest")
	old := newBatch(t, &c)
	oldRs := records(&old, lineKey, 1, 2)
	m := mustMount(t, st, old, oldRs, 10, oldRs, nil)

	fresh := newCatalog(t, "107001/000002", "新目录")
	nextCatalog, nextCatalogEv := renamedCatalog(t, &c, "改名")
	freshRequest := newRequest(t, &c, "lbq-gaj")
	nextRequest, nextRequestEv := approved(t, &r)
	freshBatch := newBatch(t, &c)
	calls := map[string]func(ctx context.Context) error{
		"CreateCatalogs": func(ctx context.Context) error {
			return st.CreateCatalogs(ctx, []datashare.Catalog{fresh}, []datashare.Event{catalogCreated(t, &fresh)})
		},
		"UpdateCatalog": func(ctx context.Context) error {
			return st.UpdateCatalog(ctx, nextCatalog, []datashare.Event{nextCatalogEv})
		},
		"Catalog":       func(ctx context.Context) error { _, err := st.Catalog(ctx, c.ID); return err },
		"CatalogByCode": func(ctx context.Context) error { _, err := st.CatalogByCode(ctx, c.Code); return err },
		"Catalogs": func(ctx context.Context) error {
			_, err := st.Catalogs(ctx, datashare.CatalogFilter{}, "", 0)
			return err
		},
		"BeginMount": func(ctx context.Context) error {
			w, err := st.BeginMount(ctx, freshBatch, []datashare.Event{mountStarted(t, &freshBatch)})
			if err == nil {
				f, _ := failed(t, &freshBatch, "cancelled")
				w.Abort(context.WithoutCancel(ctx), f, nil)
			}
			return err
		},
		"Batch": func(ctx context.Context) error { _, err := st.Batch(ctx, old.ID); return err },
		"Batches": func(ctx context.Context) error {
			_, err := st.Batches(ctx, datashare.BatchFilter{}, uuid.Nil, 0)
			return err
		},
		"Records": func(ctx context.Context) error {
			_, err := st.Records(ctx, c.ID, datashare.RecordKey{}, 0)
			return err
		},
		"CreateRequest": func(ctx context.Context) error {
			return st.CreateRequest(ctx, freshRequest, []datashare.Event{requestFiled(t, &freshRequest)})
		},
		"UpdateRequest": func(ctx context.Context) error {
			return st.UpdateRequest(ctx, nextRequest, []datashare.Event{nextRequestEv})
		},
		"Request": func(ctx context.Context) error { _, err := st.Request(ctx, r.ID); return err },
		"Requests": func(ctx context.Context) error {
			_, err := st.Requests(ctx, datashare.RequestFilter{}, uuid.Nil, 0)
			return err
		},
		"Events": func(ctx context.Context) error { _, err := st.Events(ctx, c.ID); return err },
	}
	storetestkit.RequireCancelled(t, calls)
	cancelled := storetestkit.Cancelled(t)
	for name, call := range calls {
		storetestkit.MustCode(t, call(cancelled), govops.EINTERNAL, name+" with a cancelled context")
	}

	requireCatalog(t, st, c, "after calls with a cancelled context")
	requireEvents(t, st, c.ID, cEvs, "after calls with a cancelled context")
	requireNoCatalog(t, st, fresh, "after a cancelled CreateCatalogs")
	requireRequest(t, st, r, "after calls with a cancelled context")
	_, err := st.Request(ctx, freshRequest.ID)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "Request after a cancelled CreateRequest")
	_, err = st.Batch(ctx, freshBatch.ID)
	storetestkit.MustCode(t, err, govops.ENOTFOUND, "Batch after a cancelled BeginMount")
	for _, subject := range []uuid.UUID{fresh.ID, r.ID, freshRequest.ID, freshBatch.ID} {
		requireEvents(t, st, subject, nil, "after calls with a cancelled context")
	}
	requireBatch(t, st, m.batch, "after calls with a cancelled context")
	requireRecords(t, st, c.ID, oldRs, "after calls with a cancelled context")

	t.Run("Write", func(t *testing.T) {
		b := newBatch(t, &c)
		w, started := begin(t, st, b)
		storetestkit.MustCode(t, w.Write(cancelled, records(&b, lineKey, 1, 2), at(9)), govops.EINTERNAL, "Write with a cancelled context")
		requireBatch(t, st, b, "after a cancelled Write")
		f, ev := failed(t, &b, "cancelled")
		storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{ev}), "Abort after a cancelled Write")
		requireBatch(t, st, *f, "after Abort")
		requireEvents(t, st, b.ID, []datashare.Event{started, ev}, "after Abort")
		requireRecords(t, st, c.ID, oldRs, "after a cancelled Write")
	})
	t.Run("Commit", func(t *testing.T) {
		b := newBatch(t, &c)
		w, started := begin(t, st, b)
		storetestkit.Must(t, w.Write(ctx, records(&b, lineKey, 1, 2), b.TouchedAt), "Write")
		next, ev := committed(t, &b, 2)
		storetestkit.MustCode(t, w.Commit(cancelled, next, []datashare.Event{ev}, noReplace(t)), govops.EINTERNAL, "Commit with a cancelled context")
		requireBatch(t, st, b, "after a cancelled Commit")
		requireEvents(t, st, b.ID, []datashare.Event{started}, "after a cancelled Commit")
		requireRecords(t, st, c.ID, oldRs, "after a cancelled Commit")
		f, fev := failed(t, &b, "cancelled")
		storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{fev}), "Abort after a cancelled Commit")
		requireBatch(t, st, *f, "after Abort")
		requireRecords(t, st, c.ID, oldRs, "after Abort")
	})
}
