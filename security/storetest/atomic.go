package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// TestUpdatePlans checks that UpdatePlans is one step: approving a
// revision and superseding the one before replaces both plans with the
// events of both; either missing or stale, or an event refused, writes
// neither plan nor any event.
func (cases) TestUpdatePlans(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	old := newPlan(t, "network", 1)
	oldEvs := created(t, old.ID, security.EventPlanDrafted, "approved")
	storetestkit.Must(t, st.CreatePlan(ctx, &old, oldEvs), "CreatePlan")
	draft := newPlan(t, "network", 2)
	draft.Status, draft.ApprovedBy, draft.ApprovedOn, draft.SupersededBy = security.PlanDraft, "", time.Time{}, uuid.Nil
	draftEvs := created(t, draft.ID, security.EventPlanDrafted, "draft")
	storetestkit.Must(t, st.CreatePlan(ctx, &draft, draftEvs), "CreatePlan")

	approved := draft
	approved.Version, approved.Status, approved.ApprovedBy, approved.ApprovedOn = 2, security.PlanApproved, "市大数据局", day(30)
	approved.UpdatedAt = at(100)
	superseded := old
	superseded.Version, superseded.Status, superseded.SupersededBy, superseded.UpdatedAt = 2, security.PlanSuperseded, draft.ID, at(100)
	apEv := event(t, draft.ID, 2, security.EventPlanApproved, "draft", "approved")
	supEv := event(t, old.ID, 2, security.EventPlanSuperseded, "approved", "superseded")

	refused := func(name string, ps []security.Plan, evs []security.Event, code string) {
		t.Helper()
		storetestkit.MustCode(t, st.UpdatePlans(ctx, ps, evs), code, "UpdatePlans with "+name)
		got, err := st.Plan(ctx, old.ID)
		requireGot(t, old, got, err, "approved plan after UpdatePlans with "+name)
		got, err = st.Plan(ctx, draft.ID)
		requireGot(t, draft, got, err, "draft after UpdatePlans with "+name)
		requireEvents(t, st, old.ID, oldEvs, "of the approved plan after UpdatePlans with "+name)
		requireEvents(t, st, draft.ID, draftEvs, "of the draft after UpdatePlans with "+name)
	}
	evs := []security.Event{apEv, supEv}
	stale := superseded
	stale.Version = 3
	refused("the second plan stale", []security.Plan{approved, stale}, evs, govops.ECONFLICT)
	staleFirst := approved
	staleFirst.Version = 1
	refused("the first plan stale", []security.Plan{staleFirst, superseded}, evs, govops.ECONFLICT)
	missing := superseded
	missing.ID = storetestkit.NewID(t)
	refused("the second plan not stored", []security.Plan{approved, missing}, evs, govops.ENOTFOUND)
	taken := supEv
	taken.Seq = 1
	refused("an event of a taken Seq", []security.Plan{approved, superseded}, []security.Event{apEv, taken}, govops.ECONFLICT)
	refused("one plan twice", []security.Plan{approved, superseded, approved}, evs, govops.ECONFLICT)

	storetestkit.Must(t, st.UpdatePlans(ctx, []security.Plan{approved, superseded}, evs), "UpdatePlans")
	got, err := st.Plan(ctx, old.ID)
	requireGot(t, superseded, got, err, "superseded plan")
	got, err = st.Plan(ctx, draft.ID)
	requireGot(t, approved, got, err, "approved plan")
	requireEvents(t, st, old.ID, append(oldEvs, supEv), "of the superseded plan")
	requireEvents(t, st, draft.ID, append(draftEvs, apEv), "of the approved plan")
	storetestkit.Must(t, st.UpdatePlans(ctx, nil, nil), "UpdatePlans of no plan")
}

// TestBatches checks that CreateHardenings is one step: one record
// refused (its ID taken) refuses the batch, which writes none of its
// records and none of its events; a batch that lands stores every record
// and every event.
func (cases) TestBatches(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	write := func(ids []uuid.UUID, evs []security.Event) error {
		hs := make([]security.Hardening, len(ids))
		for i, id := range ids {
			hs[i] = newHardening(t, i+1)
			hs[i].ID = id
		}
		return st.CreateHardenings(ctx, hs, evs)
	}
	first := storetestkit.NewID(t)
	storetestkit.Must(t, write([]uuid.UUID{first}, nil), "CreateHardenings")
	ids := make([]uuid.UUID, 5)
	var evs []security.Event
	for i := range ids {
		ids[i] = storetestkit.NewID(t)
		evs = append(evs, event(t, ids[i], 1, security.EventHardeningOpened, "", "open"))
	}
	bad := append(append([]uuid.UUID{}, ids[:4]...), first)
	storetestkit.MustCode(t, write(bad, evs[:4]), govops.ECONFLICT, "CreateHardenings with a taken ID last")
	for _, id := range ids[:4] {
		_, err := st.Hardening(ctx, id)
		requireMissing(t, err, "Hardening of a refused batch")
		requireEvents(t, st, id, nil, "of a refused batch")
	}
	storetestkit.Must(t, write(ids, evs), "CreateHardenings")
	for i, id := range ids {
		_, err := st.Hardening(ctx, id)
		storetestkit.Must(t, err, "reading a record of a batch")
		requireEvents(t, st, id, evs[i:i+1], "of a record of a batch")
	}
	storetestkit.Must(t, st.CreateHardenings(ctx, nil, nil), "CreateHardenings of no record")
}
