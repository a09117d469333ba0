package storetestkit_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops/internal/storetestkit"
)

// count is a group of an aggregate.
type count struct {
	Month, Department string
	Points            decimal.Decimal
	N                 int64
}

func countKey(c count) [2]string { return [2]string{c.Month, c.Department} }

func TestRequireGroups(t *testing.T) {
	d := decimal.RequireFromString
	want := []count{{"2022-08", "A", d("0.4"), 2}, {"2022-08", "B", d("1"), 1}, {"2022-09", "A", d("0.2"), 1}}
	t.Run("AnyOrder", func(t *testing.T) {
		got := []count{want[2], {"2022-08", "B", d("1.00"), 1}, want[0]}
		storetestkit.RequireGroups(t, want, got, countKey, "counts")
	})
	for _, tc := range []struct {
		name string
		got  []count
		msg  string
	}{
		{"ErrMissing", want[:2], "2022-09"},
		{"ErrExtra", append([]count{{"2021-01", "Z", d("1"), 1}}, want...), "2021-01"},
		{"ErrWrongCount", []count{want[0], want[1], {"2022-09", "A", d("0.2"), 2}}, ".N"},
		{"ErrTwice", append([]count{want[0]}, want...), "twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg, failed := outcome(t, func(tb testing.TB) { storetestkit.RequireGroups(tb, want, tc.got, countKey, "counts") })
			if !failed || !strings.Contains(msg, tc.msg) {
				t.Fatalf("RequireGroups: failed %v, %q; want a failure naming %q", failed, msg, tc.msg)
			}
		})
	}
}
