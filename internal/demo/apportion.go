package demo

import (
	"cmp"
	"math"
	"slices"
)

// apportion splits n over weights in proportion, by the largest remainder,
// so that the parts add up to n exactly; equal remainders go to the lower
// index first. Every weight 0 (or n ≤ 0) gives every part 0.
func apportion(n int, weights []float64) []int {
	out := make([]int, len(weights))
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	if sum == 0 || n <= 0 {
		return out
	}
	type rem struct {
		i int
		r float64
	}
	rs := make([]rem, len(weights))
	left := n
	for i, w := range weights {
		x := float64(n) * w / sum
		out[i] = int(math.Floor(x))
		left -= out[i]
		rs[i] = rem{i, x - math.Floor(x)}
	}
	slices.SortStableFunc(rs, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for k := 0; k < left; k++ {
		out[rs[k%len(rs)].i]++
	}
	return out
}

// apportionInts is apportion over whole-number weights.
func apportionInts(n int, weights []int) []int {
	ws := make([]float64, len(weights))
	for i, w := range weights {
		ws[i] = float64(w)
	}
	return apportion(n, ws)
}
