package storetest

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// TestPrefixes checks OverlappingPrefixes and LivePrefixes: the prefixes
// of live links (every status but decommissioned) in one address space
// that contain a prefix asked for, are contained in it or equal it, each
// once; IPv4 and IPv6 never overlap; another space's prefixes and a
// decommissioned link's are left out; and a link's prefixes follow its
// updates at once. A randomized fixture of nested IPv4 and IPv6 prefixes
// is then checked against a brute-force reference.
func (cases) TestPrefixes(t *testing.T, mk storeMaker) {
	t.Run("Cases", func(t *testing.T) { prefixCases(t, mk(t)) })
	t.Run("Random", func(t *testing.T) { prefixRandom(t, mk(t)) })
}

// lp returns the LinkPrefix of p of l.
func lp(l *netops.Link, p string) netops.LinkPrefix {
	return netops.LinkPrefix{Link: l.ID, Unit: l.Unit, Space: l.Space(), Prefix: netip.MustParsePrefix(p), Status: l.Status}
}

// prefixKey keys a LinkPrefix for RequireGroups.
func prefixKey(p netops.LinkPrefix) string { return p.Link.String() + " " + p.Prefix.String() }

// requireOverlaps fails tb unless OverlappingPrefixes(space, ps) is want,
// in any order.
func requireOverlaps(tb testing.TB, st netops.Store, space string, ps []string, want ...netops.LinkPrefix) {
	tb.Helper()
	got, err := st.OverlappingPrefixes(tb.Context(), space, prefixes(ps...))
	what := fmt.Sprintf("OverlappingPrefixes(%q, %s)", space, strings.Join(ps, " "))
	storetestkit.Must(tb, err, what)
	storetestkit.RequireGroups(tb, want, got, prefixKey, what)
}

func prefixCases(t *testing.T, st netops.Store) {
	ctx := t.Context()
	l1 := newLink(t, "lbq-a", "CT-1", "10.1.0.0/16", "2001:db8:1::/48")
	l2 := newLink(t, "lbq-b", "CT-2", "10.2.3.0/24", "10.2.4.7/32")
	l2.Status = netops.LinkPlanned
	l3 := newLink(t, "lbq-c", "CT-3", "10.1.2.0/24", "10.9.0.0/16")
	l3.Status = netops.LinkDecommissioned
	l4 := newLink(t, "lbq-d", "CT-4", "10.1.0.0/16", "10.1.2.0/24")
	l4.Type, l4.Network = netops.LinkPrivate, "GA"
	l5 := newLink(t, "lbq-e", "CT-5", "192.168.0.0/30", "10.1.5.128/25")
	l5.Status = netops.LinkDeprovisioning
	l6 := newLink(t, "lbq-f", "CT-6", "2001:db8::/32", "2001:db8:1:2::1/128")
	l6.Status = netops.LinkProvisioning
	l7 := newLink(t, "lbq-g", "CT-7", "10.1.0.0/16")
	l7.Type, l7.ViaExtranet = netops.LinkInternet, true
	links := []netops.Link{l1, l2, l3, l4, l5, l6, l7}
	storetestkit.Must(t, st.CreateLinks(ctx, links, netops.Guard{}, nil), "CreateLinks")

	requireOverlaps(t, st, "", []string{"10.1.5.0/24"}, lp(&l1, "10.1.0.0/16"), lp(&l5, "10.1.5.128/25"), lp(&l7, "10.1.0.0/16"))
	requireOverlaps(t, st, "", []string{"10.2.3.0/24"}, lp(&l2, "10.2.3.0/24"))
	requireOverlaps(t, st, "", []string{"10.2.3.128/25"}, lp(&l2, "10.2.3.0/24"))
	requireOverlaps(t, st, "", []string{"10.2.4.7/32"}, lp(&l2, "10.2.4.7/32"))
	requireOverlaps(t, st, "", []string{"10.2.4.6/32"})
	requireOverlaps(t, st, "", []string{"10.2.4.0/29"}, lp(&l2, "10.2.4.7/32"))
	requireOverlaps(t, st, "", []string{"10.0.0.0/8"},
		lp(&l1, "10.1.0.0/16"), lp(&l2, "10.2.3.0/24"), lp(&l2, "10.2.4.7/32"), lp(&l5, "10.1.5.128/25"), lp(&l7, "10.1.0.0/16"))
	requireOverlaps(t, st, "", []string{"0.0.0.0/0"},
		lp(&l1, "10.1.0.0/16"), lp(&l2, "10.2.3.0/24"), lp(&l2, "10.2.4.7/32"), lp(&l5, "10.1.5.128/25"), lp(&l5, "192.168.0.0/30"), lp(&l7, "10.1.0.0/16"))
	requireOverlaps(t, st, "", []string{"172.16.0.0/12", "11.0.0.0/8", "10.9.1.0/24", "9.255.255.255/32"})
	requireOverlaps(t, st, "", []string{"10.9.0.0/16"}) // decommissioned only
	requireOverlaps(t, st, "", []string{"2001:db8:1::/64"}, lp(&l1, "2001:db8:1::/48"), lp(&l6, "2001:db8::/32"))
	requireOverlaps(t, st, "", []string{"2001:db8:1:2::/64"}, lp(&l1, "2001:db8:1::/48"), lp(&l6, "2001:db8::/32"), lp(&l6, "2001:db8:1:2::1/128"))
	requireOverlaps(t, st, "", []string{"::/0"}, lp(&l1, "2001:db8:1::/48"), lp(&l6, "2001:db8::/32"), lp(&l6, "2001:db8:1:2::1/128"))
	requireOverlaps(t, st, "", []string{"2001:db9::/32", "a01::/16", "::a01:0/112"}) // IPv6 with the bits of 10.1/16
	requireOverlaps(t, st, "GA", []string{"10.1.2.0/24"}, lp(&l4, "10.1.0.0/16"), lp(&l4, "10.1.2.0/24"))
	requireOverlaps(t, st, "RS", []string{"0.0.0.0/0", "::/0"})
	// Each once, whatever the number of prefixes asked for that it
	// overlaps.
	requireOverlaps(t, st, "", []string{"10.1.0.0/16", "10.1.5.0/24", "10.1.5.200/32", "10.2.3.0/24"},
		lp(&l1, "10.1.0.0/16"), lp(&l5, "10.1.5.128/25"), lp(&l7, "10.1.0.0/16"), lp(&l2, "10.2.3.0/24"))
	requireOverlaps(t, st, "", nil)

	requireLive(t, st, links)

	// Updates move the prefixes at once: new ones in, old ones out, and a
	// decommissioned link's out, then back when it lives again.
	next := l2
	next.Version, next.Prefixes = 2, prefixes("10.3.0.0/24")
	storetestkit.Must(t, st.UpdateLink(ctx, &next, netops.Guard{}, nil), "UpdateLink")
	requireOverlaps(t, st, "", []string{"10.2.0.0/16"})
	requireOverlaps(t, st, "", []string{"10.3.0.0/16"}, lp(&next, "10.3.0.0/24"))
	gone := l1
	gone.Version, gone.Status = 2, netops.LinkDecommissioned
	storetestkit.Must(t, st.UpdateLink(ctx, &gone, netops.Guard{}, nil), "UpdateLink decommissioning")
	requireOverlaps(t, st, "", []string{"10.1.5.0/24", "2001:db8:1::/48"},
		lp(&l5, "10.1.5.128/25"), lp(&l7, "10.1.0.0/16"), lp(&l6, "2001:db8::/32"), lp(&l6, "2001:db8:1:2::1/128"))
	moved := l4
	moved.Version, moved.Network = 2, "RS"
	storetestkit.Must(t, st.UpdateLink(ctx, &moved, netops.Guard{}, nil), "UpdateLink to another network")
	requireOverlaps(t, st, "GA", []string{"10.1.2.0/24"})
	requireOverlaps(t, st, "RS", []string{"10.1.2.0/24"}, lp(&moved, "10.1.0.0/16"), lp(&moved, "10.1.2.0/24"))
	back := l3
	back.Version, back.Status = 2, netops.LinkActive
	storetestkit.Must(t, st.UpdateLink(ctx, &back, netops.Guard{}, nil), "UpdateLink reviving")
	requireOverlaps(t, st, "", []string{"10.9.0.0/16"}, lp(&back, "10.9.0.0/16"))
	requireLive(t, st, []netops.Link{gone, next, back, moved, l5, l6, l7})
}

// requireLive fails tb unless LivePrefixes returns every prefix of the
// live links of links.
func requireLive(tb testing.TB, st netops.Store, links []netops.Link) {
	tb.Helper()
	var want []netops.LinkPrefix
	for i := range links {
		if links[i].Status.Live() {
			for _, p := range links[i].Prefixes {
				want = append(want, lp(&links[i], p.String()))
			}
		}
	}
	got, err := st.LivePrefixes(tb.Context())
	storetestkit.Must(tb, err, "LivePrefixes")
	storetestkit.RequireGroups(tb, want, got, prefixKey, "LivePrefixes")
}

// randomPrefix returns a prefix near 10.0.0.0/8 or 2001:db8::/32, so that
// random ones nest and overlap often.
func randomPrefix(r *rand.Rand) netip.Prefix {
	if r.IntN(2) == 0 {
		a := [4]byte{10, byte(r.IntN(3)), byte(r.IntN(4)), byte(r.IntN(256))}
		return netip.PrefixFrom(netip.AddrFrom4(a), 8+r.IntN(25)).Masked()
	}
	var a [16]byte
	a[0], a[1], a[2], a[3] = 0x20, 0x01, 0x0d, 0xb8
	a[4], a[5], a[15] = byte(r.IntN(3)), byte(r.IntN(4)), byte(r.IntN(256))
	return netip.PrefixFrom(netip.AddrFrom16(a), 32+r.IntN(97)).Masked()
}

func prefixRandom(t *testing.T, st netops.Store) {
	ctx := t.Context()
	r := rand.New(rand.NewPCG(7, 11))
	statuses := netops.LinkStatuses()
	var links []netops.Link
	for i := range 80 {
		l := newLink(t, fmt.Sprintf("lbq-%02d", i%17), fmt.Sprintf("CT-%03d", i))
		l.Status = statuses[r.IntN(len(statuses))]
		if r.IntN(4) == 0 {
			l.Type, l.Network = netops.LinkPrivate, "GA"
		}
		seen := map[netip.Prefix]bool{}
		for range 1 + r.IntN(4) {
			if p := randomPrefix(r); !seen[p] {
				seen[p] = true
				l.Prefixes = append(l.Prefixes, p)
			}
		}
		slices.SortFunc(l.Prefixes, func(a, b netip.Prefix) int { return a.Addr().Compare(b.Addr())*2 + cmpBits(a, b) })
		links = append(links, l)
	}
	storetestkit.Must(t, st.CreateLinks(ctx, links, netops.Guard{}, nil), "CreateLinks")
	for q := range 150 {
		space := ""
		if q%4 == 0 {
			space = "GA"
		}
		var ps []netip.Prefix
		for range 1 + r.IntN(3) {
			ps = append(ps, randomPrefix(r))
		}
		var want []netops.LinkPrefix
		for i := range links {
			l := &links[i]
			if !l.Status.Live() || l.Space() != space {
				continue
			}
			for _, have := range l.Prefixes {
				if slices.ContainsFunc(ps, have.Overlaps) {
					want = append(want, lp(l, have.String()))
				}
			}
		}
		got, err := st.OverlappingPrefixes(ctx, space, ps)
		what := fmt.Sprintf("OverlappingPrefixes(%q, %v)", space, ps)
		storetestkit.Must(t, err, what)
		storetestkit.RequireGroups(t, want, got, prefixKey, what)
	}
	requireLive(t, st, links)
}

func cmpBits(a, b netip.Prefix) int {
	switch {
	case a.Bits() < b.Bits():
		return -1
	case a.Bits() > b.Bits():
		return 1
	}
	return 0
}

// TestConnectedUnits checks ConnectedUnits: the units with an active
// extranet link, each once, sorted, whatever their other links.
func (cases) TestConnectedUnits(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	got, err := st.ConnectedUnits(ctx)
	storetestkit.Must(t, err, "ConnectedUnits of an empty store")
	if len(got) != 0 {
		t.Fatalf("ConnectedUnits of an empty store: %v", got)
	}
	mkLink := func(unit string, typ netops.LinkType, status netops.LinkStatus) netops.Link {
		l := newLink(t, unit, "", "10.0.0.0/24")
		l.Type, l.Status = typ, status
		if typ == netops.LinkPrivate {
			l.Network = "GA"
		}
		return l
	}
	links := []netops.Link{
		mkLink("lbq-b", netops.LinkExtranet, netops.LinkActive),
		mkLink("lbq-b", netops.LinkExtranet, netops.LinkActive),
		mkLink("lbq-a", netops.LinkExtranet, netops.LinkActive),
		mkLink("LBQ-A", netops.LinkExtranet, netops.LinkActive),
		mkLink("lbq-c", netops.LinkExtranet, netops.LinkPlanned),
		mkLink("lbq-c", netops.LinkExtranet, netops.LinkProvisioning),
		mkLink("lbq-d", netops.LinkInternet, netops.LinkActive),
		mkLink("lbq-e", netops.LinkPrivate, netops.LinkActive),
		mkLink("lbq-f", netops.LinkExtranet, netops.LinkDeprovisioning),
		mkLink("lbq-g", netops.LinkExtranet, netops.LinkDecommissioned),
		mkLink("lbq-h", netops.LinkExtranet, netops.LinkActive),
		mkLink("村-01", netops.LinkExtranet, netops.LinkActive),
	}
	storetestkit.Must(t, st.CreateLinks(ctx, links, netops.Guard{}, nil), "CreateLinks")
	requireConnected(t, st, "LBQ-A", "lbq-a", "lbq-b", "lbq-h", "村-01")
	h := links[10]
	h.Version, h.Status = 2, netops.LinkDeprovisioning
	storetestkit.Must(t, st.UpdateLink(ctx, &h, netops.Guard{}, nil), "UpdateLink")
	c := links[5]
	c.Version, c.Status = 2, netops.LinkActive
	storetestkit.Must(t, st.UpdateLink(ctx, &c, netops.Guard{}, nil), "UpdateLink")
	b := links[0]
	b.Version, b.Status = 2, netops.LinkDecommissioned
	storetestkit.Must(t, st.UpdateLink(ctx, &b, netops.Guard{}, nil), "UpdateLink")
	requireConnected(t, st, "LBQ-A", "lbq-a", "lbq-b", "lbq-c", "村-01")
}

func requireConnected(tb testing.TB, st netops.Store, want ...string) {
	tb.Helper()
	got, err := st.ConnectedUnits(tb.Context())
	storetestkit.Must(tb, err, "ConnectedUnits")
	if !slices.Equal(got, want) {
		tb.Fatalf("ConnectedUnits: %q, want %q (each once, in byte order)", got, want)
	}
}
