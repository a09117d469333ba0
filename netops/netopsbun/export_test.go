package netopsbun

import "net/netip"

// OverlapQueryForTest is overlapQuery, for the test of its plan.
func OverlapQueryForTest(space string, ps []netip.Prefix) (string, []any) {
	return overlapQuery(space, ps)
}
