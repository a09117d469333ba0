package netops_test

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/netops"
)

// benchPrefixes returns n live prefixes as a district's inventory holds
// them, IPv4 and IPv6 mixed, with the nesting a real one has: each link
// holds a /24 of the extranet's 10.0.0.0/8 with a /30 point-to-point
// subnet inside it, and a /48 of 2001:db8::/32 with a /64 inside it; one
// link in five is a private link whose network reuses the extranet's
// addresses in its own space; and one link in a hundred also holds an
// aggregate /20 (or /44) that swallows the prefixes of its neighbours,
// which is what the sweep must find.
func benchPrefixes(n int) []netops.LinkPrefix {
	ps := make([]netops.LinkPrefix, 0, n)
	spaces := []string{"", "", "", "", "GAZW", "RSZW", "YBZW", "SWZW", "JYZW"}
	for i := 0; len(ps) < n; i++ {
		var id uuid.UUID
		id[12], id[13], id[14], id[15] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
		space := ""
		if i%5 == 4 {
			space = spaces[4+i/5%5]
		}
		unit := fmt.Sprintf("U%05d", i)
		add := func(p netip.Prefix) {
			if len(ps) < n {
				ps = append(ps, netops.LinkPrefix{Link: id, Unit: unit, Space: space, Prefix: p, Status: netops.LinkActive})
			}
		}
		a := i // the link's addresses; a private network reuses the extranet's
		if space != "" {
			a = i / 5
		}
		v4 := netip.AddrFrom4([4]byte{10, byte(a >> 8), byte(a), 0})
		add(netip.PrefixFrom(v4, 24))
		add(netip.PrefixFrom(v4.Next().Next().Next().Next(), 30))
		var b [16]byte
		b[0], b[1], b[2], b[3], b[4], b[5] = 0x20, 0x01, 0x0d, 0xb8, byte(a>>8), byte(a)
		v6 := netip.AddrFrom16(b)
		add(netip.PrefixFrom(v6, 48))
		b[7] = 1
		add(netip.PrefixFrom(netip.AddrFrom16(b), 64))
		if i%100 == 99 {
			add(netip.PrefixFrom(v4, 20).Masked())
			add(netip.PrefixFrom(v6, 44).Masked())
		}
	}
	return ps
}

// TestOverlapBench_Identical checks the benchmark's two contenders on a
// smaller inventory of the same shape: the sweep and the pairwise loop
// find the same pairs in the same order, and there are some to find.
func TestOverlapBench_Identical(t *testing.T) {
	ps := benchPrefixes(2500)
	got, want := netops.FindOverlaps(ps), pairwiseOverlaps(ps)
	if len(want) == 0 {
		t.Fatal("the benchmark's inventory has no overlaps to find")
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sweep found %d overlaps, pairwise %d; %s", len(got), len(want), firstDiff(got, want))
	}
}

// BenchmarkOverlaps sweeps 100,000 prefixes (FindOverlaps) and runs the
// pairwise loop over the same ones in the same run, reporting prefixes
// swept a second. The pairwise loop takes tens of seconds an iteration:
// run it with -benchtime=1x.
func BenchmarkOverlaps(b *testing.B) {
	ps := benchPrefixes(100_000)
	for _, bc := range []struct {
		name string
		find func([]netops.LinkPrefix) []netops.Overlap
	}{{"sweep", netops.FindOverlaps}, {"pairwise", pairwiseOverlaps}} {
		b.Run(bc.name, func(b *testing.B) {
			n, found := 0, 0
			start := time.Now()
			for b.Loop() {
				found = len(bc.find(ps))
				n++
			}
			b.ReportMetric(float64(len(ps)*n)/time.Since(start).Seconds(), "prefixes/s")
			b.ReportMetric(float64(found), "overlaps")
		})
	}
}
