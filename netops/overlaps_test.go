package netops_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
)

// pairwiseOverlaps is the plain loop FindOverlaps must agree with, and
// the baseline of its benchmark: every pair of prefixes of different
// links in one space that overlap (netip.Prefix.Overlaps: never across
// families), the one that sorts first as A, in the documented order; an
// entry repeated counts once.
func pairwiseOverlaps(in []netops.LinkPrefix) []netops.Overlap {
	var ps []netops.LinkPrefix
	seen := make(map[netops.LinkPrefix]bool, len(in))
	for _, p := range in {
		p.Prefix = p.Prefix.Masked()
		if !seen[p] {
			seen[p] = true
			ps = append(ps, p)
		}
	}
	var out []netops.Overlap
	for i := range ps {
		a := &ps[i]
		for j := i + 1; j < len(ps); j++ {
			b := &ps[j]
			if a.Link == b.Link || a.Space != b.Space || !a.Prefix.Overlaps(b.Prefix) {
				continue
			}
			if netops.CompareLinkPrefixes(*a, *b) <= 0 {
				out = append(out, netops.Overlap{A: *a, B: *b})
			} else {
				out = append(out, netops.Overlap{A: *b, B: *a})
			}
		}
	}
	slices.SortFunc(out, netops.CompareOverlaps)
	return out
}

// invLP is a LinkPrefix of link n (a small ID) in space.
func invLP(n byte, space, prefix string) netops.LinkPrefix {
	var id uuid.UUID
	id[15] = n
	return netops.LinkPrefix{Link: id, Unit: fmt.Sprintf("U%d", n), Space: space, Prefix: netip.MustParsePrefix(prefix), Status: netops.LinkActive}
}

func TestFindOverlaps(t *testing.T) {
	for _, tc := range []struct {
		name string
		ps   []netops.LinkPrefix
		want [][2]int // indexes into ps: A, B
	}{
		{"None", nil, nil},
		{"Disjoint", []netops.LinkPrefix{invLP(1, "", "10.0.0.0/24"), invLP(2, "", "10.0.1.0/24")}, nil},
		{"Nested", []netops.LinkPrefix{invLP(2, "", "10.0.1.0/24"), invLP(1, "", "10.0.0.0/16")}, [][2]int{{1, 0}}},
		{"Equal", []netops.LinkPrefix{invLP(2, "", "10.0.0.0/24"), invLP(1, "", "10.0.0.0/24")}, [][2]int{{1, 0}}},
		{"SameLink", []netops.LinkPrefix{invLP(1, "", "10.0.0.0/16"), invLP(1, "", "10.0.1.0/24")}, nil},
		{"OtherSpace", []netops.LinkPrefix{invLP(1, "", "10.0.0.0/16"), invLP(2, "GAZW", "10.0.1.0/24")}, nil},
		{"FamiliesNever", []netops.LinkPrefix{invLP(1, "", "0.0.0.0/0"), invLP(2, "", "::/0")}, nil},
		{"ChainAndSibling", []netops.LinkPrefix{
			invLP(1, "", "10.0.0.0/8"), invLP(2, "", "10.1.0.0/16"), invLP(3, "", "10.1.2.0/24"), invLP(4, "", "10.2.0.0/16"), invLP(5, "", "11.0.0.0/8"),
		}, [][2]int{{0, 1}, {0, 2}, {1, 2}, {0, 3}}},
		{"PoppedThenNested", []netops.LinkPrefix{
			invLP(1, "", "10.0.0.0/24"), invLP(2, "", "10.0.0.128/25"), invLP(3, "", "10.0.1.0/24"), invLP(4, "", "10.0.0.0/23"),
		}, [][2]int{{3, 0}, {3, 1}, {0, 1}, {3, 2}}},
		{"IPv6", []netops.LinkPrefix{invLP(1, "", "2001:db8::/32"), invLP(2, "", "2001:db8:1::/48"), invLP(3, "", "2001:db9::/32")}, [][2]int{{0, 1}}},
		{"Unmasked", []netops.LinkPrefix{invLP(1, "", "10.0.0.1/16"), invLP(2, "", "10.0.9.0/24")}, [][2]int{{0, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []netops.Overlap
			for _, ab := range tc.want {
				a, b := tc.ps[ab[0]], tc.ps[ab[1]]
				a.Prefix, b.Prefix = a.Prefix.Masked(), b.Prefix.Masked()
				want = append(want, netops.Overlap{A: a, B: b})
			}
			slices.SortFunc(want, netops.CompareOverlaps)
			got := netops.FindOverlaps(tc.ps)
			if !slices.Equal(got, want) {
				t.Fatalf("FindOverlaps:\n got %v\nwant %v", got, want)
			}
			if pw := pairwiseOverlaps(tc.ps); !slices.Equal(pw, want) {
				t.Fatalf("the pairwise loop disagrees with the table:\n got %v\nwant %v", pw, want)
			}
		})
	}
}

// randomPrefixes returns n prefixes of links among links, IPv4 and IPv6
// mixed, in two address spaces, drawn from a few small ranges so that
// they nest and repeat often.
func randomPrefixes(r *rand.Rand, n, links int) []netops.LinkPrefix {
	ps := make([]netops.LinkPrefix, n)
	for i := range ps {
		var id uuid.UUID
		id[15] = byte(r.IntN(links))
		space := ""
		if r.IntN(4) == 0 {
			space = "GAZW"
		}
		var p netip.Prefix
		if r.IntN(2) == 0 {
			a := netip.AddrFrom4([4]byte{10, byte(r.IntN(2)), byte(r.IntN(4)), byte(r.IntN(256))})
			p = netip.PrefixFrom(a, 14+r.IntN(19)).Masked()
		} else {
			var b [16]byte
			b[0], b[1], b[2], b[3], b[4], b[5] = 0x20, 0x01, 0x0d, 0xb8, byte(r.IntN(2)), byte(r.IntN(8))
			p = netip.PrefixFrom(netip.AddrFrom16(b), 36+r.IntN(29)).Masked()
		}
		ps[i] = netops.LinkPrefix{Link: id, Unit: fmt.Sprintf("U%d", id[15]), Space: space, Prefix: p, Status: netops.LinkActive}
	}
	return ps
}

// TestFindOverlaps_Pairwise checks the sweep against the pairwise loop on
// random mixes: the results are identical, pair for pair and in order.
func TestFindOverlaps_Pairwise(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		ps := randomPrefixes(r, 1+r.IntN(120), 1+r.IntN(12))
		before := slices.Clone(ps)
		got, want := netops.FindOverlaps(ps), pairwiseOverlaps(ps)
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d, %d prefixes: sweep found %d overlaps, pairwise %d; %s", seed, len(ps), len(got), len(want), firstDiff(got, want))
		}
		if !slices.Equal(ps, before) {
			t.Fatalf("seed %d: FindOverlaps changed its argument", seed)
		}
		for _, o := range got {
			if o.A.Link == o.B.Link || !o.A.Prefix.Overlaps(o.B.Prefix) || o.A.Prefix.Bits() > o.B.Prefix.Bits() {
				t.Fatalf("seed %d: bad pair %v", seed, o)
			}
		}
	}
}

func FuzzFindOverlaps(f *testing.F) {
	f.Add(uint64(1), uint8(40), uint8(5))
	f.Add(uint64(99), uint8(200), uint8(2))
	f.Fuzz(func(t *testing.T, seed uint64, n, links uint8) {
		r := rand.New(rand.NewPCG(seed, 11))
		ps := randomPrefixes(r, int(n), 1+int(links))
		if got, want := netops.FindOverlaps(ps), pairwiseOverlaps(ps); !slices.Equal(got, want) {
			t.Fatalf("sweep found %d overlaps, pairwise %d; %s", len(got), len(want), firstDiff(got, want))
		}
	})
}

func TestService_Overlaps(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newInv(t)
	invSeed(t, s)
	a, err := s.CreateLink(ctx, invCenter(), invLink("QZFJ", "", "10.0.0.0/16", "2001:db8::/48"))
	if err != nil {
		t.Fatal(err)
	}
	// A pair stored before the rule (or by a Store that let two writes
	// through): written to the Store directly.
	b := *a
	b.ID, b.Unit, b.Prefixes = invV7(t), "RSJ", []netip.Prefix{netip.MustParsePrefix("10.0.3.0/24")}
	ev, _ := govops.NewEvent(b.ID, 1, netops.EventLinkCreated, invCenter(), a.CreatedAt, "", netops.Status(b.Status))
	if err := st.CreateLinks(ctx, []netops.Link{b}, netops.Guard{}, []netops.Event{ev}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Overlaps(ctx, invViewer())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Prefixes != 3 || len(rep.Overlaps) != 1 || rep.Overlaps[0].A.Link != a.ID || rep.Overlaps[0].B.Link != b.ID ||
		rep.Overlaps[0].B.Prefix.String() != "10.0.3.0/24" {
		t.Fatalf("report %+v", rep)
	}
	invMustCode(t, invErr(s.Overlaps(ctx, invQZFJ())), govops.EFORBIDDEN)
}

// invV7 returns a new UUIDv7.
func invV7(tb testing.TB) uuid.UUID {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// firstDiff describes where two lists of overlaps first differ.
func firstDiff(got, want []netops.Overlap) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("first difference at %d: sweep %v, pairwise %v", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("one is a prefix of the other (%d, %d)", len(got), len(want))
}
