package hotlinebun

import (
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/hotline"
)

// schemeBody is the stored JSON of a scheme's rules (hotline_schemes.body),
// read whole and never queried. Its structs and tags belong to this
// package, not to hotline: the JSON of the API may rename a field, and
// every stored scheme must still read the same. The keys are those written
// since the table was created. Decimals encode as strings, so they keep
// every digit.
type schemeBody struct {
	Base           decimal.Decimal     `json:"base"`
	Indicators     []indicatorBody     `json:"indicators"`
	Satisfaction   satisfactionBody    `json:"satisfaction"`
	NotApplicable  string              `json:"not_applicable"`
	DeductionRules []deductionRuleBody `json:"deduction_rules"`
}

// indicatorBody is a stored hotline.IndicatorRule.
type indicatorBody struct {
	Indicator string          `json:"indicator"`
	Weight    decimal.Decimal `json:"weight"`
	Bands     []bandBody      `json:"bands"`
}

// bandBody is a stored hotline.Band.
type bandBody struct {
	From   decimal.Decimal `json:"from"`
	To     decimal.Decimal `json:"to"`
	AtFrom decimal.Decimal `json:"at_from"`
	AtTo   decimal.Decimal `json:"at_to"`
}

// satisfactionBody is a stored hotline.SatisfactionRule.
type satisfactionBody struct {
	Levels           []string `json:"levels"`
	CountUnreachable bool     `json:"count_unreachable"`
}

// deductionRuleBody is a stored hotline.DeductionRule.
type deductionRuleBody struct {
	Code   string          `json:"code"`
	Label  string          `json:"label"`
	Points decimal.Decimal `json:"points"`
}

// convert maps xs through f, keeping nil nil and empty empty, so that a
// scheme reads back exactly as it was stored.
func convert[T, U any](xs []T, f func(T) U) []U {
	if xs == nil {
		return nil
	}
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func toSchemeBody(s *hotline.Scheme) schemeBody {
	return schemeBody{
		Base: s.Base,
		Indicators: convert(s.Indicators, func(r hotline.IndicatorRule) indicatorBody {
			return indicatorBody{Indicator: string(r.Indicator), Weight: r.Weight, Bands: convert(r.Bands, func(b hotline.Band) bandBody {
				return bandBody{From: b.From, To: b.To, AtFrom: b.AtFrom, AtTo: b.AtTo}
			})}
		}),
		Satisfaction: satisfactionBody{
			Levels:           convert(s.Satisfaction.Levels, func(r hotline.Result) string { return string(r) }),
			CountUnreachable: s.Satisfaction.CountUnreachable,
		},
		NotApplicable: string(s.NotApplicable),
		DeductionRules: convert(s.DeductionRules, func(r hotline.DeductionRule) deductionRuleBody {
			return deductionRuleBody{Code: r.Code, Label: r.Label, Points: r.Points}
		}),
	}
}

// toScheme returns the rules of b; the caller sets the row's own fields.
func (b schemeBody) toScheme() hotline.Scheme {
	return hotline.Scheme{
		Base: b.Base,
		Indicators: convert(b.Indicators, func(r indicatorBody) hotline.IndicatorRule {
			return hotline.IndicatorRule{Indicator: hotline.Indicator(r.Indicator), Weight: r.Weight, Bands: convert(r.Bands, func(b bandBody) hotline.Band {
				return hotline.Band{From: b.From, To: b.To, AtFrom: b.AtFrom, AtTo: b.AtTo}
			})}
		}),
		Satisfaction: hotline.SatisfactionRule{
			Levels:           convert(b.Satisfaction.Levels, func(s string) hotline.Result { return hotline.Result(s) }),
			CountUnreachable: b.Satisfaction.CountUnreachable,
		},
		NotApplicable: hotline.NotApplicableScoring(b.NotApplicable),
		DeductionRules: convert(b.DeductionRules, func(r deductionRuleBody) hotline.DeductionRule {
			return hotline.DeductionRule{Code: r.Code, Label: r.Label, Points: r.Points}
		}),
	}
}
