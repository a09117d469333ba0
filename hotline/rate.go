package hotline

import (
	"github.com/shopspring/decimal"
)

// Rate is a count over a count, shown as a percentage rounded half-up to 2
// places. A rate whose denominator is zero is not applicable: it is neither
// 0% nor 100%, Applicable is false and Percent is zero; the scheme's
// NotApplicable setting says how it scores.
type Rate struct {
	Numerator   int64           `json:"numerator"`
	Denominator int64           `json:"denominator"`
	Applicable  bool            `json:"applicable"`
	Percent     decimal.Decimal `json:"percent"`
}

// NewRate returns num/den as a Rate. The percentage is computed exactly and
// rounded once, half-up: 19183/20000 is 95.915% and gives 95.92.
func NewRate(num, den int64) Rate {
	r := Rate{Numerator: num, Denominator: den}
	if den <= 0 {
		r.Percent = decimal.Zero
		return r
	}
	r.Applicable = true
	r.Percent = roundHalfUpDiv(decimal.NewFromInt(num).Mul(hundred()), decimal.NewFromInt(den))
	return r
}

// String returns "95.92%", or "n/a" for a rate that is not applicable.
func (r Rate) String() string {
	if !r.Applicable {
		return "n/a"
	}
	return r.Percent.StringFixed(2) + "%"
}

// Round2 rounds d to 2 decimal places, half-up (四舍五入): a tie at the third
// place goes away from zero, so 95.915 gives 95.92 and 95.925 gives 95.93
// (not 95.92, as banker's rounding would). Rates, scores and averages are
// never negative, so for them this is plain half-up; a total pushed below
// zero by deductions rounds its tie away from zero too (−0.125 → −0.13).
// decimal.Decimal.Round has exactly this rule.
func Round2(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// roundHalfUpDiv returns a/b rounded to 2 places with Round2's rule. The
// quotient is taken exactly (decimal's DivRound divides with a remainder),
// so a tie is never lost to a truncated division.
func roundHalfUpDiv(a, b decimal.Decimal) decimal.Decimal { return a.DivRound(b, 2) }

func hundred() decimal.Decimal { return decimal.NewFromInt(100) }

// AveragePercent returns the mean of rates that are applicable, rounded
// half-up to 2 places, and how many rates it averaged. It averages the
// published (already rounded) percentages, as a reader of the monthly
// bulletins would. With no applicable rate it returns a zero mean and 0.
func AveragePercent(rates []Rate) (decimal.Decimal, int) {
	sum := decimal.Zero
	n := 0
	for _, r := range rates {
		if r.Applicable {
			sum = sum.Add(r.Percent)
			n++
		}
	}
	if n == 0 {
		return decimal.Zero, 0
	}
	return roundHalfUpDiv(sum, decimal.NewFromInt(int64(n))), n
}
