package storetest

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// TestUniqueKeys checks every unique key but the IDs (see TestTrail): a
// plan's (Code, Revision), a checklist item's Code, and a hardening
// record's Source (Kind, ID, Seq) when its ID is not uuid.Nil; taken by a
// stored record or by another one of the same CreateHardenings, a write
// fails with ECONFLICT and writes nothing, its events included. Codes are
// compared byte for byte: letter case and trailing spaces make another
// code. Of 8 writers raising one finding at once, exactly one lands.
func (cases) TestUniqueKeys(t *testing.T, mk storeMaker) {
	st := mk(t)
	t.Run("PlanRevision", func(t *testing.T) { planRevisions(t, st) })
	t.Run("ChecklistCode", func(t *testing.T) { checklistCodes(t, st) })
	t.Run("Source", func(t *testing.T) { sources(t, st) })
	t.Run("SourceRace", func(t *testing.T) { sourceRace(t, st) })
}

// codeVariants returns codes a store must tell apart from "network".
func codeVariants() []string {
	return []string{"Network", "network ", " network", "network\t", "ｎｅｔｗｏｒｋ", "NETWORK"}
}

func planRevisions(t *testing.T, st security.Store) {
	ctx := t.Context()
	a := newPlan(t, "network", 1)
	evA := created(t, a.ID, security.EventPlanDrafted, "approved")
	storetestkit.Must(t, st.CreatePlan(ctx, &a, evA), "CreatePlan")
	b := newPlan(t, "network", 1)
	storetestkit.MustCode(t, st.CreatePlan(ctx, &b, created(t, b.ID, security.EventPlanDrafted, "draft")), govops.ECONFLICT,
		"CreatePlan with a taken (Code, Revision)")
	_, err := st.Plan(ctx, b.ID)
	requireMissing(t, err, "Plan refused for its (Code, Revision)")
	requireEvents(t, st, b.ID, nil, "of a plan refused for its (Code, Revision)")
	next := newPlan(t, "network", 2)
	storetestkit.Must(t, st.CreatePlan(ctx, &next, nil), "CreatePlan of the next revision")
	for _, code := range codeVariants() {
		v := newPlan(t, code, 1)
		storetestkit.Must(t, st.CreatePlan(ctx, &v, nil), fmt.Sprintf("CreatePlan %q beside network", code))
		got, err := st.Plan(ctx, v.ID)
		requireGot(t, v, got, err, "plan "+code)
	}
	got, err := st.Plan(ctx, a.ID)
	requireGot(t, a, got, err, "plan network 1 after a create with its key")
	requireEvents(t, st, a.ID, evA, "of plan network 1 after a create with its key")
	// An update keeps its own key.
	upd := a
	upd.Version, upd.Status, upd.SupersededBy = 2, security.PlanSuperseded, next.ID
	storetestkit.Must(t, st.UpdatePlans(ctx, []security.Plan{upd}, nil), "UpdatePlans keeping its key")
	plans, err := st.Plans(ctx, security.PlanFilter{Code: "network"}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Plans")
	want := []security.Plan{upd, next}
	if storetestkit.CompareID(want[0].ID, want[1].ID) > 0 {
		want[0], want[1] = want[1], want[0]
	}
	storetestkit.RequireEqual(t, want, plans, "plans of code network")
}

func checklistCodes(t *testing.T, st security.Store) {
	ctx := t.Context()
	a := newItem(t, "network")
	evA := created(t, a.ID, security.EventChecklistAdded, "")
	storetestkit.Must(t, st.CreateChecklistItem(ctx, &a, evA), "CreateChecklistItem")
	b := newItem(t, "network")
	storetestkit.MustCode(t, st.CreateChecklistItem(ctx, &b, created(t, b.ID, security.EventChecklistAdded, "")), govops.ECONFLICT,
		"CreateChecklistItem with a taken code")
	_, err := itemByID(ctx, st, b.ID)
	requireMissing(t, err, "checklist item refused for its code")
	requireEvents(t, st, b.ID, nil, "of a checklist item refused for its code")
	for _, code := range codeVariants() {
		v := newItem(t, code)
		storetestkit.Must(t, st.CreateChecklistItem(ctx, &v, nil), fmt.Sprintf("CreateChecklistItem %q beside network", code))
		got, err := itemByID(ctx, st, v.ID)
		requireGot(t, v, got, err, "checklist item "+code)
	}
	got, err := itemByID(ctx, st, a.ID)
	requireGot(t, a, got, err, "checklist item network beside its variants")
	requireEvents(t, st, a.ID, evA, "of checklist item network after a create with its code")
	upd := a
	upd.Version, upd.Retired = 2, true
	storetestkit.Must(t, st.UpdateChecklistItem(ctx, &upd, nil), "UpdateChecklistItem keeping its code")
	got, err = itemByID(ctx, st, a.ID)
	requireGot(t, upd, got, err, "checklist item network after an update")
}

// raised returns a record of the finding seq of the record id of kind.
func raised(tb testing.TB, kind security.SourceKind, id uuid.UUID, seq int) security.Hardening {
	tb.Helper()
	h := newHardening(tb, seq)
	h.Source.Kind, h.Source.ID = kind, id
	return h
}

func sources(t *testing.T, st security.Store) {
	ctx := t.Context()
	insp := storetestkit.NewID(t)
	a := raised(t, security.SourceInspection, insp, 1)
	evA := created(t, a.ID, security.EventHardeningOpened, "open")
	storetestkit.Must(t, st.CreateHardenings(ctx, []security.Hardening{a}, evA), "CreateHardenings")
	fresh := raised(t, security.SourceInspection, insp, 2)
	sameID := raised(t, security.SourceInspection, insp, 3)
	sameID.ID = fresh.ID
	storedID := raised(t, security.SourceInspection, insp, 3)
	storedID.ID = a.ID
	for name, batch := range map[string][]security.Hardening{
		"a stored finding":     {fresh, raised(t, security.SourceInspection, insp, 1)},
		"a finding twice":      {fresh, raised(t, security.SourceInspection, insp, 2)},
		"an ID twice":          {fresh, sameID},
		"a stored record's ID": {fresh, storedID},
	} {
		evs := []security.Event{event(t, fresh.ID, 1, security.EventHardeningOpened, "", "open")}
		if batch[1].ID != fresh.ID {
			evs = append(evs, event(t, batch[1].ID, 1, security.EventHardeningOpened, "", "open"))
		}
		if batch[1].ID == a.ID {
			evs = evs[:1]
		}
		storetestkit.MustCode(t, st.CreateHardenings(ctx, batch, evs), govops.ECONFLICT, "CreateHardenings with "+name)
		_, err := st.Hardening(ctx, fresh.ID)
		requireMissing(t, err, "Hardening of a record of a batch with "+name)
		requireEvents(t, st, fresh.ID, nil, "of a record of a batch with "+name)
		all, err := st.Hardenings(ctx, security.HardeningFilter{SourceID: insp}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Hardenings")
		storetestkit.RequireEqual(t, []security.Hardening{a}, all, "records of the inspection after a batch with "+name)
	}
	got, err := st.Hardening(ctx, a.ID)
	requireGot(t, a, got, err, "record after refused batches")
	requireEvents(t, st, a.ID, evA, "of the record after refused batches")

	// Another finding of the record, the same finding number of another
	// record or of another kind of source, and records without a source
	// record (ID uuid.Nil), whatever their kind and number, are distinct.
	other := raised(t, security.SourceInspection, storetestkit.NewID(t), 1)
	kind := raised(t, security.SourceExercise, insp, 1)
	none1, none2 := raised(t, security.SourceOther, uuid.Nil, 0), raised(t, security.SourceOther, uuid.Nil, 0)
	none1.Source.Ref, none2.Source.Ref = "通报 2023-7", "通报 2023-7"
	none3 := raised(t, security.SourceInspection, uuid.Nil, 1)
	batch := []security.Hardening{fresh, other, kind, none1, none2, none3}
	storetestkit.Must(t, st.CreateHardenings(ctx, batch, nil), "CreateHardenings of distinct findings")
	for _, h := range batch {
		got, err := st.Hardening(ctx, h.ID)
		requireGot(t, h, got, err, "record of a batch of distinct findings")
	}
	none4 := raised(t, security.SourceOther, uuid.Nil, 0)
	storetestkit.Must(t, st.CreateHardenings(ctx, []security.Hardening{none4}, nil), "CreateHardenings of another record without a source record")

	// An update keeps its own finding.
	upd := a
	upd.Version, upd.Status = 2, security.HardeningVerified
	storetestkit.Must(t, st.UpdateHardening(ctx, &upd, nil), "UpdateHardening keeping its source")
	got, err = st.Hardening(ctx, a.ID)
	requireGot(t, upd, got, err, "record after an update")
	again := raised(t, security.SourceInspection, insp, 1)
	storetestkit.MustCode(t, st.CreateHardenings(ctx, []security.Hardening{again}, nil), govops.ECONFLICT,
		"CreateHardenings of a finding raised and updated")
}

// sourceRace checks that of 8 writers raising one finding at once, as
// the Service does when two people raise the findings of one inspection,
// exactly one lands: the store, not a read before the write, refuses the
// others.
func sourceRace(t *testing.T, st security.Store) {
	ctx := t.Context()
	insp := storetestkit.NewID(t)
	const writers = 8
	hs := make([]security.Hardening, writers)
	evs := make([][]security.Event, writers)
	for i := range hs {
		hs[i] = raised(t, security.SourceInspection, insp, 4)
		evs[i] = created(t, hs[i].ID, security.EventHardeningOpened, "open")
	}
	won := storetestkit.RequireOneWinner(t, writers, func(i int) (func() error, error) {
		return func() error { return st.CreateHardenings(ctx, hs[i:i+1], evs[i]) }, nil
	})
	all, err := st.Hardenings(ctx, security.HardeningFilter{SourceID: insp}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Hardenings")
	storetestkit.RequireEqual(t, hs[won:won+1], all, "records of the finding raised by 8 writers")
	for i := range hs {
		want := evs[i]
		if i != won {
			want = nil
		}
		requireEvents(t, st, hs[i].ID, want, fmt.Sprintf("of writer %d of a finding raised by 8 writers", i))
	}
}
