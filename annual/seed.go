package annual

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// CompareSeed checks r against seed (key → value as Seed2022 holds them)
// and returns one line per difference, sorted by key: a figure missing
// from the report, a value that differs, or a figure the seed names
// without a number that is not above 0. Nil means every figure matches.
func CompareSeed(r *Report, seed map[string]string) []string {
	keys := make([]string, 0, len(seed))
	for k := range seed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		f, ok := r.Figure(k)
		want := seed[k]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s: missing from the report", k))
		case want == "":
			if !f.Value.IsPositive() {
				out = append(out, fmt.Sprintf("%s (%s): %s, want above 0", k, f.Label, f.Value))
			}
		case !f.Value.Equal(decimal.RequireFromString(want)):
			out = append(out, fmt.Sprintf("%s (%s): %s, want %s", k, f.Label, f.Value, want))
		}
	}
	return out
}

// CompareFigures checks r against figures (key → value, such as the
// figures the demo generator made) and returns one line per figure the
// report misses or counts otherwise, sorted by key. Nil means the report
// counts every one exactly.
func CompareFigures(r *Report, figures map[string]decimal.Decimal) []string {
	keys := make([]string, 0, len(figures))
	for k := range figures {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		f, ok := r.Figure(k)
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s: generated %s, missing from the report", k, figures[k]))
		case !f.Value.Equal(figures[k]):
			out = append(out, fmt.Sprintf("%s (%s): report %s, generated %s", k, f.Label, f.Value, figures[k]))
		}
	}
	return out
}
