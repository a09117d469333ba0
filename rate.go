package govops

import (
	"github.com/shopspring/decimal"
)

// Rate is a count over a count, shown as a percentage rounded half-up to 2
// places: the one rate type of every domain (on-time rates, satisfaction,
// the share ratio, SLA compliance). It carries its numerator and
// denominator, so a reader can always see what was counted. A rate whose
// denominator is 0 is null: Applicable is false and Percent is zero; it is
// neither 0% nor 100%.
type Rate struct {
	Numerator   int64           `json:"numerator"`
	Denominator int64           `json:"denominator"`
	Applicable  bool            `json:"applicable"`
	Percent     decimal.Decimal `json:"percent"`
}

// NewRate returns num/den as a Rate. The percentage is one exact division
// rounded once, half-up: 19183/20000 is 95.915% and gives 95.92 (rounding to
// more places first would turn 95.004999… into 95.01).
func NewRate(num, den int64) Rate {
	r := Rate{Numerator: num, Denominator: den, Percent: decimal.Zero}
	if den <= 0 {
		return r
	}
	r.Applicable = true
	r.Percent = decimal.NewFromInt(num).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(den), 2)
	return r
}

// String returns "95.92%", or "n/a" for a null rate.
func (r Rate) String() string {
	if !r.Applicable {
		return "n/a"
	}
	return r.Percent.StringFixed(2) + "%"
}

// Null returns the percentage as a NullDecimal, invalid for a null rate.
func (r Rate) Null() decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: r.Percent, Valid: r.Applicable}
}

// Round2 rounds d to 2 decimal places, half-up (四舍五入): a tie at the third
// place goes away from zero, so 95.915 gives 95.92 and 95.925 gives 95.93
// (not 95.92, as banker's rounding would); a total pushed below zero rounds
// its tie away from zero too (−0.125 → −0.13).
func Round2(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// AveragePercent returns the mean of the applicable rates' percentages,
// rounded half-up to 2 places, and how many it averaged. It averages the
// published (already rounded) percentages, as a reader of monthly bulletins
// would. With no applicable rate it returns zero and 0.
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
	return sum.DivRound(decimal.NewFromInt(int64(n)), 2), n
}
