package hotline_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

func TestScheme_Validate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(s *hotline.Scheme)
		fields []string // every field the error must name
	}{
		{"NegativeWeight", func(s *hotline.Scheme) { s.Indicators[0].Weight = dec("-1") }, []string{"indicators[0].weight"}},
		{"UnknownIndicator", func(s *hotline.Scheme) { s.Indicators[1].Indicator = "speed" }, []string{"indicators[1].indicator"}},
		{"IndicatorTwice", func(s *hotline.Scheme) { s.Indicators[1].Indicator = hotline.IndicatorAcceptOnTime }, []string{"indicators[1].indicator"}},
		{"WeightWithoutBands", func(s *hotline.Scheme) { s.Indicators[2].Bands = nil }, []string{"indicators[2].bands"}},
		{"BandsOverlap", func(s *hotline.Scheme) { s.Indicators[0].Bands[1].From = dec("79") }, []string{"indicators[0].bands[1].from"}},
		{"BandsOutOfOrder", func(s *hotline.Scheme) {
			b := s.Indicators[0].Bands
			b[0], b[2] = b[2], b[0]
		}, []string{"indicators[0].bands[1].from"}},
		{"BandEmpty", func(s *hotline.Scheme) { s.Indicators[0].Bands[2].To = dec("95") }, []string{"indicators[0].bands[2].to"}},
		{"BandAbove100", func(s *hotline.Scheme) { s.Indicators[0].Bands[2].To = dec("101") }, []string{"indicators[0].bands[2].to"}},
		{"ShareAbove100", func(s *hotline.Scheme) { s.Indicators[0].Bands[2].AtTo = dec("120") }, []string{"indicators[0].bands[2].at_to"}},
		{"HigherBetterFalling", func(s *hotline.Scheme) {
			s.Indicators[2].Bands[1].AtFrom, s.Indicators[2].Bands[1].AtTo = dec("100"), dec("60")
		}, []string{"indicators[2].bands[1].at_to"}},
		{"LowerBetterRising", func(s *hotline.Scheme) {
			s.Indicators[3].Bands[1].AtFrom, s.Indicators[3].Bands[1].AtTo = dec("0"), dec("100")
		}, []string{"indicators[3].bands[1].at_to"}},
		{"NegativeBase", func(s *hotline.Scheme) { s.Base = dec("-5") }, []string{"base"}},
		{"NoName", func(s *hotline.Scheme) { s.Name = " " }, []string{"name"}},
		{"NoLevels", func(s *hotline.Scheme) { s.Satisfaction.Levels = nil }, []string{"satisfaction.levels"}},
		{"UnreachableSatisfied", func(s *hotline.Scheme) {
			s.Satisfaction.Levels = append(s.Satisfaction.Levels, hotline.ResultUnreachable)
		}, []string{"satisfaction.levels[3]"}},
		{"LevelTwice", func(s *hotline.Scheme) {
			s.Satisfaction.Levels = append(s.Satisfaction.Levels, hotline.ResultSatisfied)
		}, []string{"satisfaction.levels[3]"}},
		{"BadNotApplicable", func(s *hotline.Scheme) { s.NotApplicable = "half" }, []string{"not_applicable"}},
		{"ZeroPoints", func(s *hotline.Scheme) { s.DeductionRules[0].Points = dec("0") }, []string{"deduction_rules[0].points"}},
		{"ThreeDecimals", func(s *hotline.Scheme) { s.DeductionRules[1].Points = dec("0.125") }, []string{"deduction_rules[1].points"}},
		{"RuleCodeTwice", func(s *hotline.Scheme) { s.DeductionRules[1].Code = s.DeductionRules[0].Code }, []string{"deduction_rules[1].code"}},
		{"RuleCodeBad", func(s *hotline.Scheme) { s.DeductionRules[0].Code = "Over Due" }, []string{"deduction_rules[0].code"}},
		{"RuleNoLabel", func(s *hotline.Scheme) { s.DeductionRules[0].Label = "" }, []string{"deduction_rules[0].label"}},
		{"EveryBadFieldAtOnce", func(s *hotline.Scheme) {
			s.Indicators[0].Weight = dec("-1")
			s.Indicators[4].Bands[0].From = dec("-3")
			s.DeductionRules[0].Points = dec("-0.2")
			s.NotApplicable = ""
		}, []string{"indicators[0].weight", "indicators[4].bands[0].from", "deduction_rules[0].points", "not_applicable"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := hotline.DefaultScheme()
			tc.change(&s)
			err := s.Validate()
			mustCode(t, err, govops.EINVALID)
			fields := govops.ErrorFields(err)
			for _, f := range tc.fields {
				if _, ok := fields[f]; !ok {
					t.Errorf("error does not name %s: %v", f, err)
				}
			}
		})
	}
}

func TestService_SaveScheme(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		svc, c := MustOpenService(t)
		sc := hotline.DefaultScheme()
		sc.EffectiveFrom = hotline.NewMonth(2023, 1)
		got, err := svc.SaveScheme(ctx, staff("admin"), sc)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID.Version() != 7 || got.CreatedBy != "admin" || !got.CreatedAt.Equal(c.Now()) {
			t.Fatalf("saved = %+v", got)
		}
		list, err := svc.ListSchemes(ctx, center())
		if err != nil || len(list) != 1 || list[0].ID != got.ID {
			t.Fatalf("ListSchemes = %v, %v", list, err)
		}
	})
	t.Run("ErrNoEffectiveFrom", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		_, err := svc.SaveScheme(ctx, staff("admin"), hotline.DefaultScheme())
		mustField(t, err, "effective_from")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		sc := hotline.DefaultScheme()
		sc.EffectiveFrom = hotline.NewMonth(2023, 1)
		sc.Base = dec("-1")
		_, err := svc.SaveScheme(ctx, staff("admin"), sc)
		mustField(t, err, "base")
		_, err = svc.SaveScheme(ctx, staff(""), sc)
		mustField(t, err, "actor")
	})
	t.Run("DefaultBeforeAnyStored", func(t *testing.T) {
		svc, _ := MustOpenService(t)
		sc, err := svc.SchemeFor(ctx, center(), hotline.NewMonth(2022, 8))
		if err != nil || sc.Name != hotline.DefaultScheme().Name {
			t.Fatalf("SchemeFor = %+v, %v; want the default", sc, err)
		}
	})
}
