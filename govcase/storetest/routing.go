package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestRoutingRules checks that routing rules round-trip, are replaced and
// deleted by ID, and are listed by priority.
func (cases) TestRoutingRules(t *testing.T, mk storeMaker) {
	rule := func(t *testing.T, prio int, kw ...string) govcase.RoutingRule {
		return govcase.RoutingRule{
			ID:         storetestkit.NewID(t),
			Kind:       govcase.KindHotline,
			Category:   govcase.CategoryComplaint,
			Keywords:   kw,
			Department: "lbq-zjj",
			Priority:   prio,
			CreatedAt:  baseTime().Add(time.Duration(prio) * time.Microsecond),
		}
	}
	requireRules := func(t *testing.T, st govcase.Store, want []govcase.RoutingRule) {
		t.Helper()
		got, err := st.ListRoutingRules(t.Context())
		storetestkit.Must(t, err, "ListRoutingRules")
		storetestkit.RequireEqual(t, want, got, "ListRoutingRules")
	}

	t.Run("Empty", func(t *testing.T) {
		requireRules(t, mk(t), nil)
	})
	t.Run("RoundTripAndOrder", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		rules := []govcase.RoutingRule{
			rule(t, 5, "噪音", "施工", "扰民"),
			rule(t, 10, "路灯"),
			rule(t, 5, "井盖"),
			rule(t, -1),
			rule(t, 5, `含"引号"`, "含,逗号", "含 空格"),
			{ID: storetestkit.NewID(t), Department: "lbq-xxb", Priority: 0, CreatedAt: baseTime()}, // matches any case
		}
		for _, i := range []int{3, 0, 5, 2, 1, 4} { // not in list order
			storetestkit.Must(t, st.SaveRoutingRule(ctx, rules[i]), "SaveRoutingRule")
		}
		want := slices.Clone(rules)
		slices.SortFunc(want, func(a, b govcase.RoutingRule) int {
			if a.Priority != b.Priority {
				return b.Priority - a.Priority
			}
			return storetestkit.CompareID(a.ID, b.ID)
		})
		requireRules(t, st, want)
	})
	t.Run("Replace", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		r := rule(t, 3, "噪音", "施工", "扰民")
		other := rule(t, 2, "路灯")
		storetestkit.Must(t, st.SaveRoutingRule(ctx, r), "SaveRoutingRule")
		storetestkit.Must(t, st.SaveRoutingRule(ctx, other), "SaveRoutingRule")
		r2 := govcase.RoutingRule{
			ID: r.ID, Kind: govcase.KindPortal, Category: govcase.CategorySuggestion,
			Keywords: []string{"网站"}, Department: "lbq-xxb", Priority: 1, CreatedAt: r.CreatedAt,
		}
		storetestkit.Must(t, st.SaveRoutingRule(ctx, r2), "SaveRoutingRule (replace)")
		requireRules(t, st, []govcase.RoutingRule{other, r2})
		r3 := r2
		r3.Keywords = nil
		storetestkit.Must(t, st.SaveRoutingRule(ctx, r3), "SaveRoutingRule (drop keywords)")
		requireRules(t, st, []govcase.RoutingRule{other, r3})
	})
	t.Run("Delete", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		a, b := rule(t, 1, "甲"), rule(t, 2, "乙")
		storetestkit.Must(t, st.SaveRoutingRule(ctx, a), "SaveRoutingRule")
		storetestkit.Must(t, st.SaveRoutingRule(ctx, b), "SaveRoutingRule")
		storetestkit.Must(t, st.DeleteRoutingRule(ctx, a.ID), "DeleteRoutingRule")
		requireRules(t, st, []govcase.RoutingRule{b})
		storetestkit.MustCode(t, st.DeleteRoutingRule(ctx, a.ID), govops.ENOTFOUND, "DeleteRoutingRule (already deleted)")
		storetestkit.MustCode(t, st.DeleteRoutingRule(ctx, uuid.Must(uuid.NewV7())), govops.ENOTFOUND, "DeleteRoutingRule (unknown)")
		requireRules(t, st, []govcase.RoutingRule{b})
		// A deleted rule may be saved again.
		storetestkit.Must(t, st.SaveRoutingRule(ctx, a), "SaveRoutingRule (after delete)")
		requireRules(t, st, []govcase.RoutingRule{b, a})
	})
	t.Run("KeywordsIsolated", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		r := rule(t, 1, "噪音", "施工")
		want := r
		want.Keywords = slices.Clone(r.Keywords)
		storetestkit.Must(t, st.SaveRoutingRule(ctx, r), "SaveRoutingRule")
		r.Keywords[0] = "changed"
		got, err := st.ListRoutingRules(ctx)
		storetestkit.Must(t, err, "ListRoutingRules")
		got[0].Keywords[1] = "changed too"
		requireRules(t, st, []govcase.RoutingRule{want})
	})
}
