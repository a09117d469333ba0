package storetest

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// TestCancellation checks that every method gives up on a cancelled
// context with EINTERNAL, rather than doing the work or hanging, and
// changes nothing: each record's create, update and read, and every other
// method, the writes among them leaving no record or event behind.
func (cases) TestCancellation(t *testing.T, mk storeMaker) {
	st, all := mk(t), aggregates()
	storetestkit.ForEach(t, all, st, aggregate.Cancelled)
	t.Run("Others", func(t *testing.T) { cancelOthers(t, st) })
}

func cancelOthers(t *testing.T, st security.Store) {
	ctx := t.Context()
	a, b := newPlan(t, "cancel", 1), newPlan(t, "cancel", 2)
	storetestkit.Must(t, st.CreatePlan(ctx, &a, nil), "CreatePlan")
	storetestkit.Must(t, st.CreatePlan(ctx, &b, nil), "CreatePlan")
	nextA, nextB := a, b
	nextA.Version, nextA.Status, nextB.Version = 2, security.PlanSuperseded, 2
	hs := []security.Hardening{newHardening(t, 1), newHardening(t, 2)}
	evs := []security.Event{event(t, hs[0].ID, 1, security.EventHardeningOpened, "", "open"),
		event(t, hs[1].ID, 1, security.EventHardeningOpened, "", "open")}
	storetestkit.RequireInternal(t, map[string]func(ctx context.Context) error{
		"Events": func(ctx context.Context) error { _, err := st.Events(ctx, a.ID); return err },
		"UpdatePlans": func(ctx context.Context) error {
			return st.UpdatePlans(ctx, []security.Plan{nextA, nextB}, nil)
		},
		"CreateHardenings": func(ctx context.Context) error { return st.CreateHardenings(ctx, hs, evs) },
		"Plans": func(ctx context.Context) error {
			_, err := st.Plans(ctx, security.PlanFilter{}, uuid.Nil, 0)
			return err
		},
		"Drills": func(ctx context.Context) error {
			_, err := st.Drills(ctx, security.DrillFilter{}, uuid.Nil, 0)
			return err
		},
		"Inspections": func(ctx context.Context) error {
			_, err := st.Inspections(ctx, security.InspectionFilter{}, uuid.Nil, 0)
			return err
		},
		"ChecklistItems": func(ctx context.Context) error { _, err := st.ChecklistItems(ctx); return err },
		"Hardenings": func(ctx context.Context) error {
			_, err := st.Hardenings(ctx, security.HardeningFilter{}, uuid.Nil, 0)
			return err
		},
		"Exercises": func(ctx context.Context) error {
			_, err := st.Exercises(ctx, security.ExerciseFilter{}, uuid.Nil, 0)
			return err
		},
		"Incidents": func(ctx context.Context) error {
			_, err := st.Incidents(ctx, security.IncidentFilter{}, uuid.Nil, 0)
			return err
		},
		"CountInspections": func(ctx context.Context) error {
			_, err := st.CountInspections(ctx, security.InspectionFilter{})
			return err
		},
		"HardeningCounts": func(ctx context.Context) error { _, err := st.HardeningCounts(ctx, ""); return err },
		"HardeningDays": func(ctx context.Context) error {
			_, err := st.HardeningDays(ctx, "lbq-scjg", day(0), day(30))
			return err
		},
	})
	got, err := st.Plan(ctx, a.ID)
	requireGot(t, a, got, err, "plan after a cancelled UpdatePlans")
	got, err = st.Plan(ctx, b.ID)
	requireGot(t, b, got, err, "plan after a cancelled UpdatePlans")
	for _, h := range hs {
		_, err := st.Hardening(ctx, h.ID)
		requireMissing(t, err, "Hardening after a cancelled CreateHardenings")
		requireEvents(t, st, h.ID, nil, "after a cancelled CreateHardenings")
	}
}
