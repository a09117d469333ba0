package demo

import (
	"slices"
	"testing"
)

func TestApportion(t *testing.T) {
	for _, tc := range []struct {
		n    int
		ws   []float64
		want []int
	}{
		{10, []float64{1, 1, 1}, []int{4, 3, 3}},    // ties go to the lower index
		{7, []float64{0.5, 0, 2.5}, []int{1, 0, 6}}, // 1.1667 and 5.8333: the larger remainder wins
		{5, []float64{0, 0}, []int{0, 0}},           // nothing to weigh
		{0, []float64{1, 2}, []int{0, 0}},           // nothing to share
		{3, []float64{1, 1, 1, 1, 1}, []int{1, 1, 1, 0, 0}},
	} {
		if got := apportion(tc.n, tc.ws); !slices.Equal(got, tc.want) {
			t.Errorf("apportion(%d, %v) = %v, want %v", tc.n, tc.ws, got, tc.want)
		}
	}
	ws := []int{3, 1, 4, 1, 5, 9, 2, 6}
	for n := range 200 {
		got := apportionInts(n, ws)
		sum := 0
		for _, v := range got {
			sum += v
		}
		if sum != n {
			t.Fatalf("apportionInts(%d) = %v sums to %d", n, got, sum)
		}
	}
}
