package netops

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/govops-kit/govops"
)

// CompareLinkPrefixes is the order FindOverlaps sorts prefixes in: IPv4
// before IPv6, then by address space, first address, length (shorter
// first, so that a prefix comes after every prefix that contains it), and
// then by link ID, unit and status, so that the order is total.
func CompareLinkPrefixes(a, b LinkPrefix) int {
	a4, b4 := a.Prefix.Addr().Is4(), b.Prefix.Addr().Is4()
	if a4 != b4 {
		if a4 {
			return -1
		}
		return 1
	}
	return cmp.Or(
		strings.Compare(a.Space, b.Space),
		a.Prefix.Addr().Compare(b.Prefix.Addr()),
		a.Prefix.Bits()-b.Prefix.Bits(),
		bytes.Compare(a.Link[:], b.Link[:]),
		strings.Compare(a.Unit, b.Unit),
		strings.Compare(string(a.Status), string(b.Status)),
	)
}

// CompareOverlaps is the order of FindOverlaps's result: by B, then by A,
// each in the order of CompareLinkPrefixes.
func CompareOverlaps(x, y Overlap) int {
	return cmp.Or(CompareLinkPrefixes(x.B, y.B), CompareLinkPrefixes(x.A, y.A))
}

// FindOverlaps returns every pair of ps that overlap: two prefixes of
// different links in the same address space, one of which contains the
// other (or equals it). In each Overlap, A contains B and A sorts before
// B (CompareLinkPrefixes); the pairs come in the order of CompareOverlaps.
// IPv4 and IPv6 prefixes never overlap; prefixes are compared masked (in
// canonical form, as the Store keeps them).
//
// It is a sorted sweep, not a loop over every pair: sorted, a prefix
// comes after every prefix that contains it, and CIDR prefixes either nest
// or are disjoint, so a stack of the prefixes that contain the current one
// (at most one per length, beside equal ones) finds each overlap in
// O(n log n + k) for n prefixes and k overlaps. A prefix's pairs are
// emitted when it is reached, against the stack from the bottom (the
// first in sort order) up, which is the order of CompareOverlaps with no
// further sort. ps is not changed.
func FindOverlaps(ps []LinkPrefix) []Overlap {
	sorted := make([]LinkPrefix, len(ps))
	for i, p := range ps {
		p.Prefix = p.Prefix.Masked()
		sorted[i] = p
	}
	slices.SortFunc(sorted, CompareLinkPrefixes)
	var out []Overlap
	var stack []int // indexes into sorted, each containing the next
	for i := range sorted {
		cur := &sorted[i]
		if len(stack) > 0 {
			if first := &sorted[stack[0]]; first.Space != cur.Space || first.Prefix.Addr().Is4() != cur.Prefix.Addr().Is4() {
				stack = stack[:0]
			}
		}
		for len(stack) > 0 && !contains(sorted[stack[len(stack)-1]].Prefix, cur.Prefix) {
			stack = stack[:len(stack)-1]
		}
		for _, j := range stack {
			if a := &sorted[j]; a.Link != cur.Link {
				out = append(out, Overlap{A: *a, B: *cur})
			}
		}
		stack = append(stack, i)
	}
	return out
}

// Overlaps sweeps every live prefix and lists the overlapping pairs within
// each address space (see FindOverlaps): the pairs that were stored before
// the rule that refuses them, or by a Store that let two writes through.
// District-wide actors only (EFORBIDDEN for a department).
func (s *Service) Overlaps(ctx context.Context, by govops.Actor) (*OverlapReport, error) {
	if err := districtOnly(by, "the prefix overlaps"); err != nil {
		return nil, err
	}
	ps, err := s.store.LivePrefixes(ctx)
	if err != nil {
		return nil, err
	}
	return &OverlapReport{Prefixes: len(ps), Overlaps: FindOverlaps(ps)}, nil
}
