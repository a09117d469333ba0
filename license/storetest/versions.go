package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestVersions checks optimistic locking: every versioned write built on a
// version that is no longer stored fails with ECONFLICT and writes
// nothing, and of 50 writers of the same version of a type, and of a
// record, exactly one wins.
func (cases) TestVersions(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	ty := newType(t, typeCode(1), "营业执照")
	mustCreateTypes(t, st, ty)
	c := newClaim(t, ty.Code, "lbq-scjg")
	storetestkit.Must(t, st.CreateClaim(ctx, c, nil), "CreateClaim")
	tpl, content := newTemplate(t, ty.Code, 1)
	storetestkit.Must(t, st.CreateTemplate(ctx, tpl, content, nil), "CreateTemplate")
	sc := newSchema(t, ty.Code)
	storetestkit.Must(t, st.PutSchema(ctx, &sc, nil), "PutSchema")
	r := newRecord(t, ty.Code, 1)
	mustCreateRecords(t, st, r)

	// Each write is built on version 0 of a thing stored at version 1:
	// a writer that read it before it was created, or a version skipped.
	t.Run("ErrStale", func(t *testing.T) {
		staleType := ty
		staleType.Name, staleType.Version = "stale", 3
		storetestkit.MustCode(t, st.UpdateType(ctx, &staleType, nil), govops.ECONFLICT, "UpdateType of a stale version")
		requireType(t, st, ty, "after a stale UpdateType")

		staleClaim := c
		staleClaim.Status, staleClaim.Version = license.ClaimWithdrawn, 3
		storetestkit.MustCode(t, st.UpdateClaim(ctx, &staleClaim, nil), govops.ECONFLICT, "UpdateClaim of a stale version")
		requireClaim(t, st, c, "after a stale UpdateClaim")

		staleTpl := tpl
		staleTpl.Status, staleTpl.Version = license.TemplateApproved, 3
		storetestkit.MustCode(t, st.UpdateTemplates(ctx, []*license.Template{&staleTpl}, nil), govops.ECONFLICT, "UpdateTemplates of a stale version")
		requireTemplates(t, st, ty.Code, []license.Template{tpl}, "after a stale UpdateTemplates")

		staleSchema := sc
		staleSchema.Fields, staleSchema.Version = nil, 3
		storetestkit.MustCode(t, st.PutSchema(ctx, &staleSchema, nil), govops.ECONFLICT, "PutSchema of a stale version")
		requireSchema(t, st, sc, "after a stale PutSchema")

		staleRecord := r
		staleRecord.State, staleRecord.Version = license.StateRevoked, 3
		storetestkit.MustCode(t, st.UpdateRecord(ctx, &staleRecord, nil), govops.ECONFLICT, "UpdateRecord of a stale version")
		next := newRecord(t, ty.Code, 2)
		storetestkit.MustCode(t, st.Reissue(ctx, &staleRecord, nil, next), govops.ECONFLICT, "Reissue of a stale version")
		requireRecord(t, st, r, "after a stale UpdateRecord and Reissue")
		requireNoRecord(t, st, next, "after a stale Reissue")
	})
	t.Run("StaleOneOfSeveralTemplates", func(t *testing.T) {
		b, content := newTemplate(t, ty.Code, 2)
		storetestkit.Must(t, st.CreateTemplate(ctx, b, content, nil), "CreateTemplate")
		fresh, staleTpl := b, tpl
		fresh.Status, fresh.Version = license.TemplateApproved, 2
		staleTpl.Status, staleTpl.Version = license.TemplateSuperseded, 3
		err := st.UpdateTemplates(ctx, []*license.Template{&fresh, &staleTpl}, nil)
		storetestkit.MustCode(t, err, govops.ECONFLICT, "UpdateTemplates with one stale version")
		requireTemplates(t, st, ty.Code, []license.Template{tpl, b}, "after a refused UpdateTemplates")
	})
	t.Run("RaceType", func(t *testing.T) {
		const writers = 50
		nexts := make([]*license.Type, writers)
		won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
			cur, err := st.Type(ctx, ty.Code)
			if err != nil {
				return nil, err
			}
			var ev license.Event
			nexts[i], ev = renamedType(t, cur, fmt.Sprintf("writer %d", i))
			return func() error { return st.UpdateType(ctx, nexts[i], []license.Event{ev}) }, nil
		})
		requireType(t, st, *nexts[won], "after the race")
	})
	t.Run("RaceRecord", func(t *testing.T) {
		const writers = 50
		nexts := make([]*license.Record, writers)
		states := license.States()
		won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
			cur, err := st.Record(ctx, r.ID)
			if err != nil {
				return nil, err
			}
			var ev license.Event
			nexts[i], ev = changed(t, cur, states[1+i%(len(states)-1)])
			nexts[i].UpdatedAt = nexts[i].UpdatedAt.Add(time.Duration(i) * time.Microsecond)
			return func() error { return st.UpdateRecord(ctx, nexts[i], []license.Event{ev}) }, nil
		})
		requireRecord(t, st, *nexts[won], "after the race")
	})
}
