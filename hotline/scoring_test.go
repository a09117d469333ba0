package hotline_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/hotline"
)

func TestIndicatorRule_Score(t *testing.T) {
	def := hotline.DefaultScheme()
	rule := func(i hotline.Indicator) hotline.IndicatorRule {
		r, ok := def.IndicatorRule(i)
		if !ok {
			t.Fatalf("default scheme lacks %s", i)
		}
		return r
	}
	linear := hotline.IndicatorRule{Indicator: hotline.IndicatorSatisfaction, Weight: dec("1"),
		Bands: []hotline.Band{{From: dec("0"), To: dec("100"), AtFrom: dec("0"), AtTo: dec("100")}}}
	gappy := hotline.IndicatorRule{Indicator: hotline.IndicatorSatisfaction, Weight: dec("10"),
		Bands: []hotline.Band{{From: dec("0"), To: dec("50"), AtFrom: dec("50"), AtTo: dec("50")},
			{From: dec("60"), To: dec("100"), AtFrom: dec("100"), AtTo: dec("100")}}}
	for _, tc := range []struct {
		name string
		rule hotline.IndicatorRule
		rate string
		want string
	}{
		{"SatisfactionBelow80IsZero", rule(hotline.IndicatorSatisfaction), "79.99", "0"},
		{"SatisfactionAt80StartsBand", rule(hotline.IndicatorSatisfaction), "80", "24"},
		{"SatisfactionMidBand", rule(hotline.IndicatorSatisfaction), "87.5", "32"},
		{"SatisfactionJustBelow95", rule(hotline.IndicatorSatisfaction), "94.99", "39.99"},
		{"SatisfactionAt95Full", rule(hotline.IndicatorSatisfaction), "95", "40"},
		{"SatisfactionSeed", rule(hotline.IndicatorSatisfaction), "95.92", "40"},
		{"SatisfactionAt100Included", rule(hotline.IndicatorSatisfaction), "100", "40"},
		{"AcceptRepeatingShare", rule(hotline.IndicatorAcceptOnTime), "90", "13"},
		{"ResolveBand", rule(hotline.IndicatorResolveOnTime), "83", "17"},
		{"ReturnZeroIsFull", rule(hotline.IndicatorReturnRate), "0", "10"},
		{"ReturnJustBelow5Full", rule(hotline.IndicatorReturnRate), "4.99", "10"},
		{"ReturnAt5StartsFalling", rule(hotline.IndicatorReturnRate), "5", "10"},
		{"ReturnMidBand", rule(hotline.IndicatorReturnRate), "12.5", "5"},
		{"ReturnLowerIsBetterTenPercent", rule(hotline.IndicatorReturnRate), "10", "6.67"},
		{"ReturnAlmost20", rule(hotline.IndicatorReturnRate), "19.99", "0.01"},
		{"ReturnAt20IsZero", rule(hotline.IndicatorReturnRate), "20", "0"},
		{"ReturnAt100IsZero", rule(hotline.IndicatorReturnRate), "100", "0"},
		{"RedoMidBand", rule(hotline.IndicatorRedoRate), "9", "5"},
		{"RoundingTie0005", linear, "0.5", "0.01"},
		{"RoundingTie0015", linear, "1.5", "0.02"},
		{"RoundingTie0025NotBankers", linear, "2.5", "0.03"},
		{"GapScoresZero", gappy, "55", "0"},
		{"BandEndExcluded", gappy, "50", "0"},
		{"FlatBand", gappy, "49.99", "5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rule.Score(dec(tc.rate)); !got.Equal(dec(tc.want)) {
				t.Fatalf("Score(%s) = %s, want %s", tc.rate, got, tc.want)
			}
		})
	}
}

func TestService_MonthlyAssessment(t *testing.T) {
	ctx := context.Background()
	aug := hotline.NewMonth(2022, 8)
	all := func(n int) outcomeSpec { return outcomeSpec{n, n, n, 0, 0, n} }
	for _, tc := range []struct {
		name      string
		outcomes  *outcomeSpec
		callbacks map[hotline.Result]int
		want      map[hotline.Indicator]string // score per indicator
		rates     map[hotline.Indicator]string // "" = not applicable
		total     string
		response  string
	}{
		{
			name: "EverythingOnTime", outcomes: &outcomeSpec{100, 100, 100, 0, 0, 100},
			callbacks: map[hotline.Result]int{hotline.ResultSatisfied: 96, hotline.ResultDissatisfied: 4, hotline.ResultUnreachable: 10},
			want:      map[hotline.Indicator]string{"accept_on_time": "15", "resolve_on_time": "25", "satisfaction": "40", "return_rate": "10", "redo_rate": "10"},
			rates:     map[hotline.Indicator]string{"satisfaction": "96", "accept_on_time": "100", "return_rate": "0"},
			total:     "100", response: "100",
		},
		{
			name: "BandEdges", outcomes: &outcomeSpec{100, 80, 95, 5, 3, 99},
			callbacks: map[hotline.Result]int{hotline.ResultSatisfied: 79, hotline.ResultVeryDissatisfied: 21},
			want:      map[hotline.Indicator]string{"accept_on_time": "9", "resolve_on_time": "25", "satisfaction": "0", "return_rate": "10", "redo_rate": "10"},
			rates:     map[hotline.Indicator]string{"accept_on_time": "80", "satisfaction": "79"},
			total:     "54", response: "99",
		},
		{
			name: "LowerIsBetter", outcomes: &outcomeSpec{100, 100, 100, 10, 9, 100},
			callbacks: map[hotline.Result]int{hotline.ResultVerySatisfied: 1},
			want:      map[hotline.Indicator]string{"return_rate": "6.67", "redo_rate": "5"},
			rates:     map[hotline.Indicator]string{"return_rate": "10", "redo_rate": "9"},
			total:     "91.67", response: "100",
		},
		{
			name: "NoOutcomesIsNotApplicableFullMarks", outcomes: nil,
			callbacks: map[hotline.Result]int{hotline.ResultSatisfied: 17, hotline.ResultDissatisfied: 3},
			want:      map[hotline.Indicator]string{"accept_on_time": "15", "satisfaction": "29.33", "redo_rate": "10"},
			rates:     map[hotline.Indicator]string{"accept_on_time": "", "resolve_on_time": "", "return_rate": "", "satisfaction": "85"},
			total:     "89.33", response: "",
		},
		{
			name: "OnlyUnreachableCallbacks", outcomes: func() *outcomeSpec { s := all(3); return &s }(),
			callbacks: map[hotline.Result]int{hotline.ResultUnreachable: 5},
			want:      map[hotline.Indicator]string{"satisfaction": "40"},
			rates:     map[hotline.Indicator]string{"satisfaction": ""},
			total:     "100", response: "100",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := MustOpenService(t)
			if tc.outcomes != nil {
				addOutcomes(t, svc, "D1", aug, *tc.outcomes)
			}
			addCallbacks(t, svc, "D1", aug, tc.callbacks)
			ma, err := svc.MonthlyAssessment(ctx, center(), aug)
			if err != nil {
				t.Fatal(err)
			}
			a, ok := ma.Department("D1")
			if !ok {
				t.Fatalf("no assessment for D1: %+v", ma)
			}
			for ind, want := range tc.want {
				if got := a.Indicator(ind).Score; !got.Equal(dec(want)) {
					t.Errorf("%s score = %s, want %s", ind, got, want)
				}
			}
			for ind, want := range tc.rates {
				r := a.Indicator(ind).Rate
				if want == "" {
					if r.Applicable {
						t.Errorf("%s rate = %s, want not applicable", ind, r)
					}
				} else if !r.Applicable || !r.Percent.Equal(dec(want)) {
					t.Errorf("%s rate = %s, want %s", ind, r, want)
				}
			}
			if !a.Total.Equal(dec(tc.total)) {
				t.Errorf("total = %s, want %s", a.Total, tc.total)
			}
			if tc.response == "" {
				if a.Response.Applicable {
					t.Errorf("response = %s, want not applicable", a.Response)
				}
			} else if !a.Response.Percent.Equal(dec(tc.response)) {
				t.Errorf("response = %s, want %s", a.Response, tc.response)
			}
			// A single department's district is the department itself.
			if !ma.District.Total.Equal(a.Total) || ma.District.Volume != a.Volume {
				t.Errorf("district = %s/%d, want %s/%d", ma.District.Total, ma.District.Volume, a.Total, a.Volume)
			}
		})
	}

	t.Run("RoundingHalfUpThroughTheService", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		// 19183 of 20000 satisfied is 95.915%; 3837 of 4000 is 95.925%.
		addCallbacks(t, svc, "A", aug, map[hotline.Result]int{hotline.ResultSatisfied: 19183, hotline.ResultDissatisfied: 817})
		addCallbacks(t, svc, "B", aug, map[hotline.Result]int{hotline.ResultSatisfied: 3837, hotline.ResultDissatisfied: 163})
		ma, err := svc.MonthlyAssessment(ctx, center(), aug)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := ma.Department("A")
		b, _ := ma.Department("B")
		if got := a.Satisfaction().Percent; !got.Equal(dec("95.92")) {
			t.Errorf("A satisfaction = %s, want 95.92", got)
		}
		if got := b.Satisfaction().Percent; !got.Equal(dec("95.93")) {
			t.Errorf("B satisfaction = %s, want 95.93", got)
		}
		// The district pools the counts: 23020 of 24000 = 95.9166…%.
		if got := ma.District.Satisfaction().Percent; !got.Equal(dec("95.92")) {
			t.Errorf("district satisfaction = %s, want 95.92", got)
		}
		if a.Callbacks[hotline.ResultSatisfied] != 19183 || a.CallbackTotal != 20000 {
			t.Errorf("A callbacks = %v total %d", a.Callbacks, a.CallbackTotal)
		}
	})

	t.Run("NotApplicableZeroScheme", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		sc := hotline.DefaultScheme()
		sc.EffectiveFrom = hotline.NewMonth(2022, 1)
		sc.NotApplicable = hotline.NotApplicableZero
		if _, err := svc.SaveScheme(ctx, staff("admin"), sc); err != nil {
			t.Fatal(err)
		}
		addCallbacks(t, svc, "D1", aug, map[hotline.Result]int{hotline.ResultSatisfied: 1})
		ma, err := svc.MonthlyAssessment(ctx, center(), aug)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := ma.Department("D1")
		if !a.Total.Equal(dec("40")) || !a.Indicator(hotline.IndicatorAcceptOnTime).Score.IsZero() {
			t.Fatalf("total = %s, accept = %s; want 40 and 0", a.Total, a.Indicator(hotline.IndicatorAcceptOnTime).Score)
		}
	})

	t.Run("EmptyMonth", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		ma, err := svc.MonthlyAssessment(ctx, center(), aug)
		if err != nil {
			t.Fatal(err)
		}
		if len(ma.Departments) != 0 || ma.District.Satisfaction().Applicable || !ma.District.Total.Equal(dec("100")) {
			t.Fatalf("empty month = %+v", ma.District)
		}
	})

	t.Run("ErrBadMonth", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		_, err := svc.MonthlyAssessment(ctx, center(), hotline.Month{Year: 2022, Month: 13})
		mustField(t, err, "month")
	})
}

func TestService_SchemeVersions(t *testing.T) {
	ctx := context.Background()
	svc, _ := MustOpenService(t)
	jun, jul := hotline.NewMonth(2022, 6), hotline.NewMonth(2022, 7)

	// From July: satisfaction weighs 60 and accept 0 (dropped), with a
	// rule that only exists from July.
	sc := hotline.DefaultScheme()
	sc.Name = "2022年7月起考核办法"
	sc.EffectiveFrom = jul
	sc.Indicators = []hotline.IndicatorRule{
		{Indicator: hotline.IndicatorSatisfaction, Weight: dec("60"), Bands: []hotline.Band{
			{From: dec("0"), To: dec("100"), AtFrom: dec("0"), AtTo: dec("100")}}},
	}
	sc.DeductionRules = append(sc.DeductionRules, hotline.DeductionRule{Code: "false_reply", Label: "虚假回复", Points: dec("0.5")})
	saved, err := svc.SaveScheme(ctx, staff("admin"), sc)
	if err != nil {
		t.Fatal(err)
	}

	for _, m := range []hotline.Month{jun, jul} {
		addOutcomes(t, svc, "D1", m, outcomeSpec{10, 10, 10, 0, 0, 10})
		addCallbacks(t, svc, "D1", m, map[hotline.Result]int{hotline.ResultSatisfied: 9, hotline.ResultDissatisfied: 1})
	}
	for _, tc := range []struct {
		month  hotline.Month
		scheme string
		total  string
	}{
		// June: 15 + 25 + 34.67 (90% earns 60+10/15·40 = 86.67% of 40) + 10 + 10.
		{jun, hotline.DefaultScheme().Name, "94.67"},
		// July: satisfaction alone, linear: 90% of 60.
		{jul, sc.Name, "54"},
	} {
		t.Run(tc.month.String(), func(t *testing.T) {
			ma, err := svc.MonthlyAssessment(ctx, center(), tc.month)
			if err != nil {
				t.Fatal(err)
			}
			if ma.Scheme.Name != tc.scheme {
				t.Fatalf("scored by %q, want %q", ma.Scheme.Name, tc.scheme)
			}
			if !ma.District.Total.Equal(dec(tc.total)) {
				t.Fatalf("total = %s, want %s", ma.District.Total, tc.total)
			}
		})
	}
	if got, err := svc.SchemeFor(ctx, center(), hotline.NewMonth(2023, 3)); err != nil || got.ID != saved.ID {
		t.Fatalf("SchemeFor(2023-03) = %v, %v; want the July scheme", got, err)
	}

	t.Run("RuleOnlyInLaterScheme", func(t *testing.T) {
		_, err := svc.RecordDeduction(ctx, staff("admin"), hotline.DeductionInput{Department: "D1", Month: jun, RuleCode: "false_reply", Reason: "x"})
		mustField(t, err, "rule_code")
		d, err := svc.RecordDeduction(ctx, staff("admin"), hotline.DeductionInput{Department: "D1", Month: jul, RuleCode: "false_reply", Reason: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if !d.Points.Equal(dec("0.5")) {
			t.Fatalf("points = %s, want the rule's 0.5", d.Points)
		}
	})

	t.Run("ErrSameEffectiveMonth", func(t *testing.T) {
		_, err := svc.SaveScheme(ctx, staff("admin"), sc)
		mustCode(t, err, "conflict")
	})
}

func TestDefaultScheme(t *testing.T) {
	sc := hotline.DefaultScheme()
	if err := sc.Validate(); err != nil {
		t.Fatalf("default scheme invalid: %v", err)
	}
	if !sc.MaxScore().Equal(decimal.NewFromInt(100)) {
		t.Errorf("max score = %s, want 100", sc.MaxScore())
	}
	for _, code := range []string{hotline.RuleDissatisfiedVerified, hotline.RuleOverdue} {
		r, ok := sc.Rule(code)
		if !ok || !r.Points.Equal(dec("0.2")) {
			t.Errorf("rule %s = %+v, want 0.2 points", code, r)
		}
	}
}
