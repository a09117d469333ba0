package apikit

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// Fixed2 writes a decimal with two places ("95.92"), as every score,
// point and rate travels.
func Fixed2(d decimal.Decimal) string { return d.StringFixed(2) }

// Rate returns the percentage of r with two places, or nil (JSON null)
// when r is not applicable: its denominator is zero.
func Rate(r govops.Rate) *string {
	if !r.Applicable {
		return nil
	}
	v := Fixed2(r.Percent)
	return &v
}

// ParseDecimal reads a decimal sent as a JSON string ("95.92"): digits
// with at most one point and an optional leading minus, at most 32
// characters, no exponent (so that "1e999999" cannot cost memory). An
// empty string is zero when optional and a problem otherwise. Problems are
// filed in p under field.
func ParseDecimal(p *govops.Problems, field, s string, optional bool) decimal.Decimal {
	if s == "" {
		if !optional {
			p.Add(field, `is required: a decimal number as a string, e.g. "0.2"`)
		}
		return decimal.Zero
	}
	ok := len(s) <= 32
	points, digits := 0, 0
	for i := 0; i < len(s) && ok; i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		case c == '-' && i == 0:
		default:
			ok = false
		}
	}
	if !ok || points > 1 || digits == 0 {
		p.Addf(field, `%q is not a decimal number: write it as a string such as "95.92"`, govops.Truncate(s, 40))
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		p.Addf(field, `%q is not a decimal number: write it as a string such as "95.92"`, govops.Truncate(s, 40))
		return decimal.Zero
	}
	return d
}

// ParseTime reads an RFC 3339 time in the years 1900 to 9999
// (govops.TimeInRange): a store could not read back one outside them.
// Problems are filed in p under field.
func ParseTime(p *govops.Problems, field, s string, required bool) time.Time {
	if s == "" {
		if required {
			p.Add(field, `is required: an RFC 3339 time such as "2026-03-02T10:30:00+08:00"`)
		}
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	switch {
	case err != nil:
		p.Add(field, `must be an RFC 3339 time such as "2026-03-02T10:30:00+08:00"`)
	case !govops.TimeInRange(t):
		p.Add(field, TimeRangeRule)
	default:
		return t
	}
	return time.Time{}
}
