package storetest

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

func testRoutingRules(t *testing.T, mk storeMaker) {
	rule := func(t *testing.T, prio int, kw ...string) govcase.RoutingRule {
		return govcase.RoutingRule{
			ID:         newID(t),
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
		must(t, err, "ListRoutingRules")
		if len(got) != len(want) {
			t.Fatalf("ListRoutingRules returned %d rules, want %d", len(got), len(want))
		}
		for i := range want {
			if d := diff(want[i], got[i]); len(d) > 0 {
				t.Fatalf("rule %d (priority %d): %v", i, want[i].Priority, d)
			}
		}
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
			{ID: newID(t), Department: "lbq-xxb", Priority: 0, CreatedAt: baseTime()}, // matches any case
		}
		for _, i := range []int{3, 0, 5, 2, 1, 4} { // not in list order
			must(t, st.SaveRoutingRule(ctx, rules[i]), "SaveRoutingRule")
		}
		want := slices.Clone(rules)
		slices.SortFunc(want, func(a, b govcase.RoutingRule) int {
			if a.Priority != b.Priority {
				return b.Priority - a.Priority
			}
			return bytes.Compare(a.ID[:], b.ID[:])
		})
		requireRules(t, st, want)
	})
	t.Run("Replace", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		r := rule(t, 3, "噪音", "施工", "扰民")
		other := rule(t, 2, "路灯")
		must(t, st.SaveRoutingRule(ctx, r), "SaveRoutingRule")
		must(t, st.SaveRoutingRule(ctx, other), "SaveRoutingRule")
		r2 := govcase.RoutingRule{
			ID: r.ID, Kind: govcase.KindPortal, Category: govcase.CategorySuggestion,
			Keywords: []string{"网站"}, Department: "lbq-xxb", Priority: 1, CreatedAt: r.CreatedAt,
		}
		must(t, st.SaveRoutingRule(ctx, r2), "SaveRoutingRule (replace)")
		requireRules(t, st, []govcase.RoutingRule{other, r2})
		r3 := r2
		r3.Keywords = nil
		must(t, st.SaveRoutingRule(ctx, r3), "SaveRoutingRule (drop keywords)")
		requireRules(t, st, []govcase.RoutingRule{other, r3})
	})
	t.Run("Delete", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		a, b := rule(t, 1, "甲"), rule(t, 2, "乙")
		must(t, st.SaveRoutingRule(ctx, a), "SaveRoutingRule")
		must(t, st.SaveRoutingRule(ctx, b), "SaveRoutingRule")
		must(t, st.DeleteRoutingRule(ctx, a.ID), "DeleteRoutingRule")
		requireRules(t, st, []govcase.RoutingRule{b})
		wantCode(t, st.DeleteRoutingRule(ctx, a.ID), govops.ENOTFOUND, "DeleteRoutingRule (already deleted)")
		wantCode(t, st.DeleteRoutingRule(ctx, uuid.Must(uuid.NewV7())), govops.ENOTFOUND, "DeleteRoutingRule (unknown)")
		requireRules(t, st, []govcase.RoutingRule{b})
		// A deleted rule may be saved again.
		must(t, st.SaveRoutingRule(ctx, a), "SaveRoutingRule (after delete)")
		requireRules(t, st, []govcase.RoutingRule{b, a})
	})
	t.Run("KeywordsIsolated", func(t *testing.T) {
		ctx, st := t.Context(), mk(t)
		r := rule(t, 1, "噪音", "施工")
		want := r
		want.Keywords = slices.Clone(r.Keywords)
		must(t, st.SaveRoutingRule(ctx, r), "SaveRoutingRule")
		r.Keywords[0] = "changed"
		got, err := st.ListRoutingRules(ctx)
		must(t, err, "ListRoutingRules")
		got[0].Keywords[1] = "changed too"
		requireRules(t, st, []govcase.RoutingRule{want})
	})
}
