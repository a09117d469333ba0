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
// canonical form, as the Store keeps them), and an entry that ps repeats
// counts once.
//
// It is a sorted sweep, not a loop over every pair: sorted, a prefix
// comes after every prefix that contains it, and CIDR prefixes either nest
// or are disjoint, so a stack of the prefixes that contain the current one
// (at most one per length, beside equal ones) finds each overlap in
// O(n log n + k) for n prefixes and k overlaps. A prefix's pairs are
// emitted when it is reached, against the stack from the bottom (the
// first in sort order) up, which is the order of CompareOverlaps with no
// further sort. The sort and the stack work on keys of a few machine
// words, not on the prefixes themselves. ps is not changed.
func FindOverlaps(ps []LinkPrefix) []Overlap {
	m := make([]LinkPrefix, len(ps))
	for i, p := range ps {
		p.Prefix = p.Prefix.Masked()
		m[i] = p
	}
	keys := sweepKeys(m)
	slices.SortFunc(keys, func(a, b sweepKey) int {
		if c := a.compare(&b); c != 0 {
			return c
		}
		return CompareLinkPrefixes(m[a.i], m[b.i])
	})
	keys = slices.CompactFunc(keys, func(a, b sweepKey) bool { return m[a.i] == m[b.i] })
	var out []Overlap
	var stack []sweepKey // each containing the next
	for _, cur := range keys {
		if len(stack) > 0 && (stack[0].v6 != cur.v6 || stack[0].space != cur.space) {
			stack = stack[:0]
		}
		for len(stack) > 0 && !stack[len(stack)-1].contains(&cur) {
			stack = stack[:len(stack)-1]
		}
		b := &m[cur.i]
		for _, k := range stack {
			if a := &m[k.i]; a.Link != b.Link {
				out = append(out, Overlap{A: *a, B: *b})
			}
		}
		stack = append(stack, cur)
	}
	return out
}

// sweepKey is what the sweep sorts and compares a prefix by, in machine
// words: its family, its space's rank, its first address as a 128-bit
// number (an IPv4 address in the top 32 bits), its length, and its index
// in the prefixes swept.
type sweepKey struct {
	hi, lo uint64
	space  int32
	i      int32
	bits   uint8
	v6     bool
}

// sweepKeys returns the key of each of ps, whose prefixes are masked.
func sweepKeys(ps []LinkPrefix) []sweepKey {
	var spaces []string
	for _, p := range ps {
		spaces = append(spaces, p.Space)
	}
	slices.Sort(spaces)
	spaces = slices.Compact(spaces)
	rank := make(map[string]int32, len(spaces))
	for i, sp := range spaces {
		rank[sp] = int32(i)
	}
	keys := make([]sweepKey, len(ps))
	for i, p := range ps {
		k := sweepKey{space: rank[p.Space], i: int32(i), bits: uint8(max(p.Prefix.Bits(), 0))}
		a := p.Prefix.Addr()
		if a.Is4() {
			b := a.As4()
			k.hi = uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32
		} else {
			b := a.As16()
			k.v6 = true
			for j := range 8 {
				k.hi = k.hi<<8 | uint64(b[j])
				k.lo = k.lo<<8 | uint64(b[8+j])
			}
		}
		keys[i] = k
	}
	return keys
}

// compare orders keys as CompareLinkPrefixes orders their prefixes, up to
// the prefix: family, space, first address, length.
func (k *sweepKey) compare(o *sweepKey) int {
	if k.v6 != o.v6 {
		if o.v6 {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(k.space, o.space), cmp.Compare(k.hi, o.hi), cmp.Compare(k.lo, o.lo), cmp.Compare(k.bits, o.bits))
}

// contains reports whether k's prefix contains o's (of the same family
// and space): it is no longer, and their addresses agree on its bits. A
// shift by 64 or more gives 0 in Go, which makes a /0 contain everything.
func (k *sweepKey) contains(o *sweepKey) bool {
	switch {
	case k.bits > o.bits:
		return false
	case k.bits <= 64:
		return (k.hi^o.hi)>>(64-k.bits) == 0
	}
	return k.hi == o.hi && (k.lo^o.lo)>>(128-k.bits) == 0
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
