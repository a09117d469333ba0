package hotline

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// Indicator is one rate the assessment scores (考核指标).
type Indicator string

// The five indicators of the 12345 assessment.
const (
	IndicatorAcceptOnTime  Indicator = "accept_on_time"  // 及时签收率: accepted on time / dispatched
	IndicatorResolveOnTime Indicator = "resolve_on_time" // 按时办结率: resolved on time / dispatched
	IndicatorSatisfaction  Indicator = "satisfaction"    // 满意率: satisfied callbacks / counted callbacks
	IndicatorReturnRate    Indicator = "return_rate"     // 回退率: returned / dispatched (lower is better)
	IndicatorRedoRate      Indicator = "redo_rate"       // 重办率: redone / dispatched (lower is better)
)

// AllIndicators lists the indicators in the order reports show them.
func AllIndicators() []Indicator {
	return []Indicator{IndicatorAcceptOnTime, IndicatorResolveOnTime, IndicatorSatisfaction,
		IndicatorReturnRate, IndicatorRedoRate}
}

// Label returns the Chinese label of i.
func (i Indicator) Label() string {
	switch i {
	case IndicatorAcceptOnTime:
		return "及时签收率"
	case IndicatorResolveOnTime:
		return "按时办结率"
	case IndicatorSatisfaction:
		return "满意率"
	case IndicatorReturnRate:
		return "回退率"
	case IndicatorRedoRate:
		return "重办率"
	}
	return string(i)
}

// Valid reports whether i is a known indicator.
func (i Indicator) Valid() bool {
	for _, v := range AllIndicators() {
		if i == v {
			return true
		}
	}
	return false
}

// LowerIsBetter reports whether a lower rate of i is the better one: true
// for the return and redo rates. A scheme's bands must score such an
// indicator non-increasingly.
func (i Indicator) LowerIsBetter() bool {
	return i == IndicatorReturnRate || i == IndicatorRedoRate
}

// Band is one piece of an indicator's piecewise scoring (分档计分). A rate r
// (in percent, rounded as published) lies in the band when From <= r < To,
// or r == To == 100. Inside the band the indicator earns AtFrom percent of
// its weight at From, moving linearly to AtTo percent as r approaches To; a
// flat band has AtFrom == AtTo. A rate that lies in no band earns nothing.
type Band struct {
	From   decimal.Decimal
	To     decimal.Decimal
	AtFrom decimal.Decimal
	AtTo   decimal.Decimal
}

func (b Band) contains(r decimal.Decimal) bool {
	if r.LessThan(b.From) {
		return false
	}
	return r.LessThan(b.To) || (r.Equal(b.To) && b.To.Equal(decimal.NewFromInt(100)))
}

// IndicatorRule weighs and bands one indicator.
type IndicatorRule struct {
	Indicator Indicator
	Weight    decimal.Decimal // the points a full-marks rate earns
	Bands     []Band          // ascending by From, not overlapping
}

// Score returns the points a rate (percent) earns under r, rounded half-up
// to 2 places. The arithmetic is exact: one division, rounded once.
func (r IndicatorRule) Score(rate decimal.Decimal) decimal.Decimal {
	for _, b := range r.Bands {
		if !b.contains(rate) {
			continue
		}
		span := b.To.Sub(b.From)
		// share×span = AtFrom×span + (rate−From)×(AtTo−AtFrom), in percent×span
		shareSpan := b.AtFrom.Mul(span).Add(rate.Sub(b.From).Mul(b.AtTo.Sub(b.AtFrom)))
		return r.Weight.Mul(shareSpan).DivRound(decimal.NewFromInt(100).Mul(span), 2)
	}
	return decimal.Zero
}

// SatisfactionRule says how the satisfaction rate (满意率) is counted.
type SatisfactionRule struct {
	// Levels are the results counted as satisfied. The default is
	// 非常满意, 满意 and 基本满意.
	Levels []Result
	// CountUnreachable puts unreachable callbacks (未接通) into the
	// denominator. By default the denominator is the valid callbacks: every
	// callback except the unreachable ones.
	CountUnreachable bool
}

// Satisfied reports whether r counts as satisfied under s.
func (s SatisfactionRule) Satisfied(r Result) bool {
	for _, l := range s.Levels {
		if l == r {
			return true
		}
	}
	return false
}

// Counted reports whether a callback with result r is in the denominator.
func (s SatisfactionRule) Counted(r Result) bool {
	return r != ResultUnreachable || s.CountUnreachable
}

// NotApplicableScoring says what an indicator whose rate is not applicable
// (a zero denominator: no dispatched case, no counted callback) earns.
type NotApplicableScoring string

// The two choices. Full marks is the default: a department that had no case
// in a month did nothing late, returned nothing and displeased no one.
const (
	NotApplicableFullMarks NotApplicableScoring = "full_marks" // 无数据计满分
	NotApplicableZero      NotApplicableScoring = "zero"       // 无数据计零分
)

// DeductionRule is a reason for which the center deducts points (扣分规则).
type DeductionRule struct {
	Code   string          // stable code, e.g. "overdue"
	Label  string          // Chinese label, e.g. "超期办理"
	Points decimal.Decimal // points per deduction, > 0, at most 2 decimals
}

// Scheme is a scoring scheme (考核办法) as data. Schemes are versioned by
// EffectiveFrom: a month is scored by the scheme with the latest
// EffectiveFrom not after it, and by DefaultScheme when no stored scheme is
// in force yet.
//
// A department's monthly total is Base plus the score of every indicator,
// minus the points of its deductions that count (not overturned).
type Scheme struct {
	ID             uuid.UUID
	Name           string
	EffectiveFrom  Month
	Base           decimal.Decimal
	Indicators     []IndicatorRule
	Satisfaction   SatisfactionRule
	NotApplicable  NotApplicableScoring
	DeductionRules []DeductionRule
	CreatedAt      time.Time
	CreatedBy      string
}

// isRuleCode reports whether s is a valid deduction rule code: a lower-case
// letter, then up to 63 lower-case letters, digits and underscores.
func isRuleCode(s string) bool {
	if s == "" || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// DefaultScheme returns the scheme that reproduces the seed's assessment: a
// 100-point scale with no base, the five indicators weighted
//
//	及时签收率 accept_on_time   15   below 80% 0; 80–95% 60%→100% of the weight, linear; 95% and up full
//	按时办结率 resolve_on_time  25   the same bands
//	满意率     satisfaction     40   the same bands
//	回退率     return_rate      10   below 5% full; 5–20% 100%→0%, linear; 20% and up 0
//	重办率     redo_rate        10   below 3% full; 3–15% 100%→0%, linear; 15% and up 0
//
// satisfaction counted as (非常满意+满意+基本满意) / valid callbacks
// (unreachable ones left out), a not-applicable rate scored full marks, and
// two deduction rules of 0.2 points each: a verified dissatisfied case
// (dissatisfied_verified, 核实不满意) and an overdue case (overdue, 超期办理).
// A district with the seed's 95.92% satisfaction and every case on time
// scores 100 before deductions, and 99.4 after the seed's three deductions.
// The returned scheme has no ID and a zero EffectiveFrom: it is in force
// until the first stored scheme.
func DefaultScheme() Scheme {
	d := decimal.NewFromInt
	higher := []Band{
		{From: d(0), To: d(80), AtFrom: d(0), AtTo: d(0)},
		{From: d(80), To: d(95), AtFrom: d(60), AtTo: d(100)},
		{From: d(95), To: d(100), AtFrom: d(100), AtTo: d(100)},
	}
	lower := func(full, zero int64) []Band {
		return []Band{
			{From: d(0), To: d(full), AtFrom: d(100), AtTo: d(100)},
			{From: d(full), To: d(zero), AtFrom: d(100), AtTo: d(0)},
			{From: d(zero), To: d(100), AtFrom: d(0), AtTo: d(0)},
		}
	}
	return Scheme{
		Name: "12345政府热线考核办法(默认)",
		Base: decimal.Zero,
		Indicators: []IndicatorRule{
			{Indicator: IndicatorAcceptOnTime, Weight: d(15), Bands: higher},
			{Indicator: IndicatorResolveOnTime, Weight: d(25), Bands: cloneBands(higher)},
			{Indicator: IndicatorSatisfaction, Weight: d(40), Bands: cloneBands(higher)},
			{Indicator: IndicatorReturnRate, Weight: d(10), Bands: lower(5, 20)},
			{Indicator: IndicatorRedoRate, Weight: d(10), Bands: lower(3, 15)},
		},
		Satisfaction:  DefaultSatisfactionRule(),
		NotApplicable: NotApplicableFullMarks,
		DeductionRules: []DeductionRule{
			{Code: RuleDissatisfiedVerified, Label: "核实不满意", Points: decimal.RequireFromString("0.2")},
			{Code: RuleOverdue, Label: "超期办理", Points: decimal.RequireFromString("0.2")},
		},
	}
}

// Codes of the default scheme's deduction rules.
const (
	RuleDissatisfiedVerified = "dissatisfied_verified" // 核实不满意
	RuleOverdue              = "overdue"               // 超期办理
)

// DefaultSatisfactionRule counts 非常满意, 满意 and 基本满意 as satisfied over
// the valid callbacks.
func DefaultSatisfactionRule() SatisfactionRule {
	return SatisfactionRule{Levels: []Result{ResultVerySatisfied, ResultSatisfied, ResultBasicallySatisfied}}
}

func cloneBands(b []Band) []Band { return append([]Band(nil), b...) }

// Clone returns a deep copy of s.
func (s Scheme) Clone() Scheme {
	c := s
	c.Indicators = make([]IndicatorRule, len(s.Indicators))
	for i, r := range s.Indicators {
		r.Bands = cloneBands(r.Bands)
		c.Indicators[i] = r
	}
	c.Satisfaction.Levels = append([]Result(nil), s.Satisfaction.Levels...)
	c.DeductionRules = append([]DeductionRule(nil), s.DeductionRules...)
	return c
}

// Rule returns the deduction rule with code.
func (s *Scheme) Rule(code string) (DeductionRule, bool) {
	for _, r := range s.DeductionRules {
		if r.Code == code {
			return r, true
		}
	}
	return DeductionRule{}, false
}

// IndicatorRule returns the rule of indicator i; a scheme that leaves i out
// does not score it.
func (s *Scheme) IndicatorRule(i Indicator) (IndicatorRule, bool) {
	for _, r := range s.Indicators {
		if r.Indicator == i {
			return r, true
		}
	}
	return IndicatorRule{}, false
}

// MaxScore returns the best total a department can reach: Base plus every
// weight.
func (s *Scheme) MaxScore() decimal.Decimal {
	t := s.Base
	for _, r := range s.Indicators {
		t = t.Add(r.Weight)
	}
	return t
}

// Validate reports every bad field of s, each named by its path
// ("indicators[2].bands[1].from"). EffectiveFrom is checked by the Service
// when the scheme is saved, because DefaultScheme has none.
func (s *Scheme) Validate() error {
	var p govops.Problems
	s.problems(&p)
	return p.Err()
}

func (s *Scheme) problems(p *govops.Problems) {
	govops.CheckText(p, "name", s.Name, MaxNameLen, true)
	if !s.EffectiveFrom.IsZero() && !s.EffectiveFrom.Valid() {
		p.Add("effective_from", "must be a month such as 2022-01")
	}
	if s.Base.IsNegative() {
		p.Add("base", "must not be negative")
	}
	seen := map[Indicator]int{}
	for i, r := range s.Indicators {
		f := fmt.Sprintf("indicators[%d]", i)
		if !r.Indicator.Valid() {
			p.Addf(f+".indicator", "%q is not an indicator: use one of accept_on_time, resolve_on_time, satisfaction, return_rate, redo_rate", govops.Truncate(string(r.Indicator), 40))
		} else if j, dup := seen[r.Indicator]; dup {
			p.Addf(f+".indicator", "%s is already weighed by indicators[%d]", r.Indicator, j)
		} else {
			seen[r.Indicator] = i
		}
		if r.Weight.IsNegative() {
			p.Add(f+".weight", "must not be negative")
		}
		if r.Weight.IsPositive() && len(r.Bands) == 0 {
			p.Add(f+".bands", "an indicator with a weight needs at least one band")
		}
		bandProblems(p, f, r)
	}
	if len(s.Satisfaction.Levels) == 0 {
		p.Add("satisfaction.levels", "name at least one result counted as satisfied")
	}
	levels := map[Result]bool{}
	for i, l := range s.Satisfaction.Levels {
		f := fmt.Sprintf("satisfaction.levels[%d]", i)
		switch {
		case l == ResultUnreachable:
			p.Add(f, "unreachable cannot count as satisfied")
		case !l.Valid():
			p.Addf(f, "%q is not a satisfaction level", govops.Truncate(string(l), 40))
		case levels[l]:
			p.Addf(f, "%s is listed twice", l)
		}
		levels[l] = true
	}
	switch s.NotApplicable {
	case NotApplicableFullMarks, NotApplicableZero:
	default:
		p.Add("not_applicable", `must be "full_marks" or "zero"`)
	}
	codes := map[string]int{}
	for i, r := range s.DeductionRules {
		f := fmt.Sprintf("deduction_rules[%d]", i)
		if !isRuleCode(r.Code) {
			p.Add(f+".code", "must be lower-case letters, digits and underscores, starting with a letter")
		} else if j, dup := codes[r.Code]; dup {
			p.Addf(f+".code", "%s is already used by deduction_rules[%d]", r.Code, j)
		} else {
			codes[r.Code] = i
		}
		govops.CheckText(p, f+".label", r.Label, MaxNameLen, true)
		checkPoints(p, f+".points", r.Points, true)
	}
}

// bandProblems checks that the bands of r lie in 0..100, are ascending and
// do not overlap, earn 0..100% of the weight, and score monotonically in
// the indicator's direction.
func bandProblems(p *govops.Problems, f string, r IndicatorRule) {
	var prev *Band
	for j := range r.Bands {
		b := r.Bands[j]
		bf := fmt.Sprintf("%s.bands[%d]", f, j)
		if b.From.IsNegative() || b.From.GreaterThan(decimal.NewFromInt(100)) {
			p.Add(bf+".from", "must be between 0 and 100")
		}
		if b.To.IsNegative() || b.To.GreaterThan(decimal.NewFromInt(100)) {
			p.Add(bf+".to", "must be between 0 and 100")
		} else if !b.To.GreaterThan(b.From) {
			p.Addf(bf+".to", "must be greater than from (%s)", b.From)
		}
		for _, x := range []struct {
			name string
			v    decimal.Decimal
		}{{"at_from", b.AtFrom}, {"at_to", b.AtTo}} {
			if x.v.IsNegative() || x.v.GreaterThan(decimal.NewFromInt(100)) {
				p.Add(bf+"."+x.name, "must be a share of the weight between 0 and 100 (percent)")
			}
		}
		down := r.Indicator.LowerIsBetter()
		if (!down && b.AtTo.LessThan(b.AtFrom)) || (down && b.AtTo.GreaterThan(b.AtFrom)) {
			p.Add(bf+".at_to", monotonic(r.Indicator))
		}
		if prev != nil {
			if b.From.LessThan(prev.To) {
				p.Addf(bf+".from", "bands must be ascending and must not overlap: from must be at least the previous band's to (%s)", prev.To)
			} else if (!down && b.AtFrom.LessThan(prev.AtTo)) || (down && b.AtFrom.GreaterThan(prev.AtTo)) {
				p.Add(bf+".at_from", monotonic(r.Indicator))
			}
		}
		prev = &r.Bands[j]
	}
}

func monotonic(i Indicator) string {
	if i.LowerIsBetter() {
		return "a lower " + string(i) + " is better, so the share earned must not rise with the rate"
	}
	return "a higher " + string(i) + " is better, so the share earned must not fall as the rate rises"
}

// checkPoints checks a number of points: positive (when required), at most
// 2 decimal places, and below 1000.
func checkPoints(p *govops.Problems, field string, v decimal.Decimal, required bool) {
	switch {
	case required && !v.IsPositive():
		p.Add(field, "must be greater than 0")
	case v.IsNegative():
		p.Add(field, "must not be negative")
	case v.Exponent() < -2 && !v.Equal(v.Round(2)):
		p.Add(field, "must have at most 2 decimal places")
	case v.GreaterThanOrEqual(decimal.NewFromInt(1000)):
		p.Add(field, "must be less than 1000")
	}
}
