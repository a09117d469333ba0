package netops

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/govops-kit/govops"
)

// maxPrefixText bounds a prefix as written, in bytes: the longest IPv6
// prefix ("ffff:…:ffff/128", or an IPv4-mapped one) is well below it.
const maxPrefixText = 64

// inputPrefix is a prefix of an input, in canonical form, with the index
// it was given at.
type inputPrefix struct {
	p   netip.Prefix
	idx int
}

// parsePrefix reads one prefix in CIDR notation and returns it in
// canonical form, or the problem with it: an IPv4-mapped IPv6 prefix
// (::ffff:10.0.0.0/120) is the IPv4 prefix it maps (10.0.0.0/24), and a
// prefix with host bits set is refused, naming the form to write.
func parsePrefix(s string) (netip.Prefix, string) {
	if s == "" {
		return netip.Prefix{}, "is empty: write a prefix in CIDR notation (10.20.1.0/24, 2001:db8::/48)"
	}
	if len(s) > maxPrefixText {
		return netip.Prefix{}, fmt.Sprintf("%q is not an IP prefix: it is far too long", govops.Truncate(s, 40))
	}
	pr, err := netip.ParsePrefix(s)
	if err != nil {
		if a, aerr := netip.ParseAddr(s); aerr == nil && a.Zone() == "" {
			return netip.Prefix{}, fmt.Sprintf("%s is an address, not a prefix: write %s/%d for this address alone", s, a.Unmap(), a.Unmap().BitLen())
		}
		return netip.Prefix{}, fmt.Sprintf("%q is not an IP prefix in CIDR notation (10.20.1.0/24, 2001:db8::/48)", s)
	}
	if a := pr.Addr(); a.Is4In6() {
		if pr.Bits() < 96 {
			return netip.Prefix{}, fmt.Sprintf("%s is an IPv6 prefix wider than the IPv4-mapped range ::ffff:0:0/96: write an IPv4 prefix, or an IPv6 one outside that range", s)
		}
		pr = netip.PrefixFrom(a.Unmap(), pr.Bits()-96)
	}
	if m := pr.Masked(); m != pr {
		return netip.Prefix{}, fmt.Sprintf("%s has host bits set: write %s", s, m)
	}
	return pr, ""
}

// parsePrefixes reads the prefixes of a link input, naming each bad one
// field[i] in p, and returns them in canonical form, sorted (IPv4 first,
// then by first address and length), without duplicates, each with the
// index it was first given at. Two of them that overlap are EINVALID too:
// a link states each of its ranges once.
func parsePrefixes(p *govops.Problems, field string, in []string) []inputPrefix {
	if len(in) > MaxPrefixes {
		p.Addf(field, "has %d prefixes: at most %d a link", len(in), MaxPrefixes)
		return nil
	}
	out := make([]inputPrefix, 0, len(in))
	bad := false
	for i, s := range in {
		s = strings.TrimSpace(s)
		pr, problem := parsePrefix(s)
		if problem != "" {
			p.Add(fmt.Sprintf("%s[%d]", field, i), problem)
			bad = true
			continue
		}
		out = append(out, inputPrefix{p: pr, idx: i})
	}
	if bad {
		return nil
	}
	slices.SortFunc(out, func(a, b inputPrefix) int {
		return cmp.Or(comparePrefix(a.p, b.p), a.idx-b.idx)
	})
	out = slices.CompactFunc(out, func(a, b inputPrefix) bool { return a.p == b.p })
	// Sorted, a prefix follows every prefix that contains it: the stack
	// holds the chain of prefixes containing the current one.
	var stack []inputPrefix
	for _, ip := range out {
		for len(stack) > 0 && !contains(stack[len(stack)-1].p, ip.p) {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			p.Addf(fmt.Sprintf("%s[%d]", field, ip.idx), "%s lies within %s[%d] (%s): a link holds each range once; keep the wider prefix", ip.p, field, top.idx, top.p)
			bad = true
		}
		stack = append(stack, ip)
	}
	if bad {
		return nil
	}
	return out
}

// prefixesOf returns the prefixes of ips.
func prefixesOf(ips []inputPrefix) []netip.Prefix {
	out := make([]netip.Prefix, len(ips))
	for i, ip := range ips {
		out[i] = ip.p
	}
	return out
}

// comparePrefix orders prefixes: IPv4 before IPv6, then by first address,
// then shorter (wider) first, so that a prefix comes after every prefix
// that contains it.
func comparePrefix(a, b netip.Prefix) int {
	if a.Addr().Is4() != b.Addr().Is4() {
		if a.Addr().Is4() {
			return -1
		}
		return 1
	}
	return cmp.Or(a.Addr().Compare(b.Addr()), a.Bits()-b.Bits())
}

// contains reports whether prefix a contains prefix b (or equals it); both
// are masked. Prefixes of different families never contain each other.
func contains(a, b netip.Prefix) bool {
	return a.Bits() <= b.Bits() && a.Contains(b.Addr())
}
