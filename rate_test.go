package govops_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

func TestNewRate(t *testing.T) {
	for _, tt := range []struct {
		num, den int64
		want     string // "" for a null rate
	}{
		{19183, 20000, "95.92"}, // 95.915 rounds half-up
		{19185, 20000, "95.93"}, // 95.925: not banker's 95.92
		{1, 3, "33.33"},
		{2, 3, "66.67"},
		{0, 5, "0.00"},
		{5, 5, "100.00"},
		{0, 0, ""},
		{3, 0, ""},
	} {
		r := govops.NewRate(tt.num, tt.den)
		if r.Numerator != tt.num || r.Denominator != tt.den {
			t.Errorf("NewRate(%d, %d) lost its counts: %+v", tt.num, tt.den, r)
		}
		if tt.want == "" {
			if r.Applicable || r.Null().Valid || r.String() != "n/a" {
				t.Errorf("NewRate(%d, %d) = %+v, want null", tt.num, tt.den, r)
			}
			continue
		}
		if !r.Applicable || r.Percent.StringFixed(2) != tt.want || r.String() != tt.want+"%" || !r.Null().Valid {
			t.Errorf("NewRate(%d, %d) = %+v (%s), want %s", tt.num, tt.den, r, r, tt.want)
		}
	}
}

func TestAveragePercent(t *testing.T) {
	rates := []govops.Rate{govops.NewRate(9592, 10000), govops.NewRate(0, 0), govops.NewRate(9593, 10000)}
	avg, n := govops.AveragePercent(rates)
	if n != 2 || avg.StringFixed(2) != "95.93" { // 95.925 half-up
		t.Errorf("AveragePercent = %s over %d, want 95.93 over 2", avg, n)
	}
	if avg, n := govops.AveragePercent(nil); n != 0 || !avg.IsZero() {
		t.Errorf("AveragePercent(nil) = %s, %d", avg, n)
	}
	if got := govops.Round2(decimal.RequireFromString("-0.125")); got.String() != "-0.13" {
		t.Errorf("Round2(-0.125) = %s", got)
	}
}
