package hotline_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/hotline"
)

func TestService_SatisfactionRule(t *testing.T) {
	ctx := context.Background()
	aug := hotline.NewMonth(2022, 8)
	// 50 非常满意, 30 满意, 10 基本满意, 6 不满意, 4 非常不满意, 20 未接通.
	counts := map[hotline.Result]int{
		hotline.ResultVerySatisfied: 50, hotline.ResultSatisfied: 30, hotline.ResultBasicallySatisfied: 10,
		hotline.ResultDissatisfied: 6, hotline.ResultVeryDissatisfied: 4, hotline.ResultUnreachable: 20,
	}
	for _, tc := range []struct {
		name     string
		rule     hotline.SatisfactionRule
		num, den int64
		percent  string
	}{
		{"DefaultThreeLevelsOverValid", hotline.DefaultSatisfactionRule(), 90, 100, "90"},
		{"TwoLevels", hotline.SatisfactionRule{Levels: []hotline.Result{hotline.ResultVerySatisfied, hotline.ResultSatisfied}}, 80, 100, "80"},
		{"UnreachableInDenominator", hotline.SatisfactionRule{Levels: hotline.DefaultSatisfactionRule().Levels, CountUnreachable: true}, 90, 120, "75"},
		{"OneLevelWithUnreachable", hotline.SatisfactionRule{Levels: []hotline.Result{hotline.ResultVerySatisfied}, CountUnreachable: true}, 50, 120, "41.67"},
		{"EveryAnsweredLevel", hotline.SatisfactionRule{Levels: []hotline.Result{hotline.ResultVerySatisfied, hotline.ResultSatisfied,
			hotline.ResultBasicallySatisfied, hotline.ResultDissatisfied, hotline.ResultVeryDissatisfied}}, 100, 100, "100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := MustOpenService(t)
			sc := hotline.DefaultScheme()
			sc.EffectiveFrom = hotline.NewMonth(2022, 1)
			sc.Satisfaction = tc.rule
			if _, err := svc.SaveScheme(ctx, staff("admin"), sc); err != nil {
				t.Fatal(err)
			}
			addCallbacks(t, svc, "D1", aug, counts)
			ma, err := svc.MonthlyAssessment(ctx, center(), aug)
			if err != nil {
				t.Fatal(err)
			}
			r := ma.District.Satisfaction()
			if r.Numerator != tc.num || r.Denominator != tc.den || !r.Percent.Equal(dec(tc.percent)) {
				t.Fatalf("satisfaction = %d/%d = %s, want %d/%d = %s", r.Numerator, r.Denominator, r.Percent, tc.num, tc.den, tc.percent)
			}
			// Per-level counts do not depend on the rule.
			for res, n := range counts {
				if got := ma.District.Callbacks[res]; got != int64(n) {
					t.Errorf("%s count = %d, want %d", res, got, n)
				}
			}
		})
	}
}
