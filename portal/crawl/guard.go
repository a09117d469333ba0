package crawl

import (
	"fmt"
	"net/netip"
	"syscall"
)

// blockedPrefixes are the ranges that are not the public internet beyond
// what netip's own predicates cover: carrier-grade NAT (RFC 6598), "this
// network" (RFC 1122) and the IPv4 broadcast address.
var blockedPrefixes = [...]netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("255.255.255.255/32"),
}

// blockedAddr reports whether a is loopback, private (RFC 1918, fc00::/7),
// link-local, unspecified, multicast, CGNAT or in 0.0.0.0/8; an IPv4
// address mapped into IPv6 is judged as the IPv4 address it is.
func blockedAddr(a netip.Addr) bool {
	a = a.Unmap()
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return true
	}
	for _, p := range blockedPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// guardControl is the net.Dialer Control of the default transport: it sees
// the address actually dialled, after name resolution, so that neither a
// name resolving to a private address (DNS rebinding included) nor a
// redirect to one gets through.
func guardControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s is not an IP address and port", ErrBlocked, address)
	}
	if blockedAddr(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrBlocked, ap.Addr())
	}
	return nil
}
