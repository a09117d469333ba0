package netops

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// writeLinks runs a write of links that may hold the prefix guard: guard
// reads the generation and checks the overlaps (returning the Guard to
// hold), write stores. A write refused because another one moved the
// guard's generation is checked and tried again: that is a race with
// another writer, not the caller's mistake. Any other ECONFLICT goes
// through why, which explains it.
func (s *Service) writeLinks(ctx context.Context, write func(Guard) error, guard func(context.Context) (Guard, error), why func(context.Context, error) error) error {
	_, err := govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		g, err := guard(ctx)
		if err != nil {
			return false, err
		}
		err = write(g)
		if govops.ErrorCode(err) != govops.ECONFLICT {
			return false, err
		}
		moved, gerr := s.guardMoved(ctx, g)
		switch {
		case gerr != nil:
			return false, gerr
		case moved:
			return true, err
		}
		return false, why(ctx, err)
	})
	return err
}

// guardMoved reports whether the generation g holds has moved.
func (s *Service) guardMoved(ctx context.Context, g Guard) (bool, error) {
	if g.Scope == "" {
		return false, nil
	}
	gen, err := s.store.Generation(ctx, g.Scope)
	return err == nil && gen != g.Gen, err
}

// prefixGuard returns the Guard a write of l must hold, old being the
// link it replaces (nil for a new one): the zero Guard when the write adds
// no live prefix, and otherwise the prefix scope's generation, read before
// l's prefixes (ips) are checked against every live link's in its address
// space. An overlap is the ECONFLICT of overlapError.
func (s *Service) prefixGuard(ctx context.Context, l *Link, ips []inputPrefix, old *Link) (Guard, error) {
	if !addsLivePrefixes(l, old) {
		return Guard{}, nil
	}
	gen, err := s.store.Generation(ctx, ScopePrefixes)
	if err != nil {
		return Guard{}, err
	}
	cs, err := s.clashes(ctx, l.Space(), l.ID, ips)
	if err != nil {
		return Guard{}, err
	}
	if len(cs) > 0 {
		return Guard{}, overlapError(cs, func(idx int) string { return fmt.Sprintf("prefixes[%d]", idx) })
	}
	return Guard{Scope: ScopePrefixes, Gen: gen}, nil
}

// addsLivePrefixes reports whether writing l over old (nil for a new
// link) adds a live prefix: l is live with a prefix that old did not hold
// live in the same address space.
func addsLivePrefixes(l, old *Link) bool {
	if !l.Status.Live() || len(l.Prefixes) == 0 {
		return false
	}
	if old == nil || !old.Status.Live() || old.Space() != l.Space() {
		return true
	}
	for _, p := range l.Prefixes {
		if !slices.Contains(old.Prefixes, p) {
			return true
		}
	}
	return false
}

// circuitTaken explains the Store's ECONFLICT on a write of l: when
// another link has l's carrier and circuit ID, an ECONFLICT naming it and
// the field "circuit_id"; otherwise err as it is.
func (s *Service) circuitTaken(ctx context.Context, l *Link, err error) error {
	if l.CircuitID == "" {
		return err
	}
	all, lerr := s.store.Links(ctx, LinkFilter{}, uuid.Nil, 0)
	if lerr != nil {
		return err
	}
	for _, o := range all {
		if o.ID != l.ID && o.Carrier == l.Carrier && o.CircuitID == l.CircuitID {
			return govops.Errorf(govops.ECONFLICT, "%s circuit %s is link %s's (unit %s): a circuit is recorded once", l.Carrier, l.CircuitID, o.ID, o.Unit).
				WithField("circuit_id", "is another link's with this carrier")
		}
	}
	return err
}

// clash is a prefix of a link being written that overlaps a live link's.
type clash struct {
	idx   int // the prefix's index in the input
	mine  LinkPrefix
	other LinkPrefix
	link  *Link // the other link; nil if it could not be read
}

// clashes returns every overlap of ips, the prefixes of the link self in
// address space space, with the live prefixes of other links there, in
// the order of ips and then of the other prefixes.
func (s *Service) clashes(ctx context.Context, space string, self uuid.UUID, ips []inputPrefix) ([]clash, error) {
	if len(ips) == 0 {
		return nil, nil
	}
	found, err := s.store.OverlappingPrefixes(ctx, space, prefixesOf(ips))
	if err != nil {
		return nil, err
	}
	found = slices.DeleteFunc(found, func(o LinkPrefix) bool { return o.Link == self })
	if len(found) == 0 {
		return nil, nil
	}
	slices.SortFunc(found, CompareLinkPrefixes)
	links := map[uuid.UUID]*Link{}
	var out []clash
	for _, ip := range ips {
		for _, o := range found {
			if !contains(ip.p, o.Prefix) && !contains(o.Prefix, ip.p) {
				continue
			}
			l, ok := links[o.Link]
			if !ok {
				if l, err = s.store.Link(ctx, o.Link); govops.ErrorCode(err) == govops.ENOTFOUND {
					l, err = nil, nil
				}
				if err != nil {
					return nil, err
				}
				links[o.Link] = l
			}
			out = append(out, clash{idx: ip.idx, mine: LinkPrefix{Link: self, Space: space, Prefix: ip.p}, other: o, link: l})
		}
	}
	return out, nil
}

// problem says what is wrong with c's prefix, naming the other link, its
// unit, its circuit and both prefixes.
func (c clash) problem() string {
	circuit := "no circuit ID"
	if c.link != nil && c.link.CircuitID != "" {
		circuit = c.link.Carrier + " circuit " + c.link.CircuitID
	} else if c.link != nil {
		circuit = c.link.Carrier + ", no circuit ID"
	}
	return fmt.Sprintf("%s overlaps %s of link %s (unit %s, %s) in %s", c.mine.Prefix, c.other.Prefix, c.other.Link, c.other.Unit, circuit, spaceName(c.other.Space))
}

// spaceName names an address space for a message.
func spaceName(space string) string {
	if space == "" {
		return "the extranet's address space"
	}
	return "the address space of network " + space
}

// overlapError is the ECONFLICT of the clashes cs (at least one), each
// prefix's problem under field(idx).
func overlapError(cs []clash, field func(idx int) string) error {
	e := govops.Errorf(govops.ECONFLICT, "prefix %s: prefixes of links in service must not overlap; change the prefix, or decommission the other link first", cs[0].problem())
	for _, c := range cs {
		if _, ok := e.Fields[field(c.idx)]; !ok {
			e.WithField(field(c.idx), c.problem())
		}
	}
	return e
}
