package netopsbun

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/netops"
)

// prefixRow is a row of netops_link_prefixes: one prefix of a live link,
// as the range [Lo, Hi] of its addresses.
type prefixRow struct {
	bun.BaseModel `bun:"table:netops_link_prefixes"`

	LinkID string `bun:"link_id,pk"`
	Ord    int    `bun:"ord,pk"`
	Space  string `bun:"space"`
	Family int    `bun:"family"`
	Lo     []byte `bun:"lo"`
	Hi     []byte `bun:"hi"`
	Bits   int    `bun:"bits"`
	Unit   string `bun:"unit"`
	Status string `bun:"status"`
}

// family returns 4 or 6, the family of p's address.
func family(p netip.Prefix) int {
	if p.Addr().Is4() {
		return 4
	}
	return 6
}

// bounds returns the first and the last address of p, as bytes: 4 for an
// IPv4 prefix, 16 for an IPv6 one.
func bounds(p netip.Prefix) (lo, hi []byte) {
	p = p.Masked()
	lo = p.Addr().AsSlice()
	hi = slices.Clone(lo)
	for i := p.Bits(); i < len(hi)*8; i++ {
		hi[i/8] |= 0x80 >> (i % 8)
	}
	return lo, hi
}

// toPrefixRows returns the rows of l's prefixes: none unless l is live.
func toPrefixRows(l *netops.Link) []prefixRow {
	if !l.Status.Live() {
		return nil
	}
	rows := make([]prefixRow, len(l.Prefixes))
	for i, p := range l.Prefixes {
		lo, hi := bounds(p)
		rows[i] = prefixRow{LinkID: l.ID.String(), Ord: i, Space: l.Space(), Family: family(p), Lo: lo, Hi: hi,
			Bits: p.Bits(), Unit: l.Unit, Status: string(l.Status)}
	}
	return rows
}

// fromPrefixRow returns the LinkPrefix of r.
func fromPrefixRow(r *prefixRow) (netops.LinkPrefix, error) {
	id, err := parseID("the link of a prefix", r.LinkID)
	if err != nil {
		return netops.LinkPrefix{}, err
	}
	addr, ok := netip.AddrFromSlice(r.Lo)
	if !ok || (r.Family == 4) != addr.Is4() {
		return netops.LinkPrefix{}, errs.Err("read a prefix of link "+r.LinkID, errors.New("the stored range is no address of its family"))
	}
	p, err := addr.Prefix(r.Bits)
	if err != nil {
		return netops.LinkPrefix{}, errs.Err("read a prefix of link "+r.LinkID, err)
	}
	return netops.LinkPrefix{Link: id, Unit: r.Unit, Space: r.Space, Prefix: p, Status: netops.LinkStatus(r.Status)}, nil
}

// ancestors returns the first addresses of p's shorter prefixes, each
// once: those of the prefixes that contain p.
func ancestors(p netip.Prefix) [][]byte {
	var out [][]byte
	for b := range p.Bits() {
		a, _ := p.Addr().Prefix(b)
		lo := a.Addr().AsSlice()
		if len(out) == 0 || !slices.Equal(out[len(out)-1], lo) {
			out = append(out, lo)
		}
	}
	return out
}

// prefixColumns are the columns of netops_link_prefixes a query returns.
const prefixColumns = "link_id, ord, space, family, lo, hi, bits, unit, status"

// OverlappingPrefixes implements netops.Store. For each prefix p it asks
// the index on (space, family, lo, bits) for the rows whose lo lies in p
// and those whose lo is the first address of one of p's ancestors, in one
// UNION ALL, then keeps each row once, and only the ancestors that contain
// p (another prefix may share an ancestor's first address).
func (s *Store) OverlappingPrefixes(ctx context.Context, space string, ps []netip.Prefix) ([]netops.LinkPrefix, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Err("find overlapping prefixes", err)
	}
	if len(ps) == 0 {
		return nil, nil
	}
	query, args := overlapQuery(space, ps)
	var rows []prefixRow
	if err := s.db.NewRaw(query, args...).Scan(ctx, &rows); err != nil {
		return nil, errs.Err("find overlapping prefixes", err)
	}
	type key struct {
		link string
		ord  int
	}
	seen := map[key]bool{}
	var out []netops.LinkPrefix
	for i := range rows {
		k := key{rows[i].LinkID, rows[i].Ord}
		if seen[k] {
			continue
		}
		seen[k] = true
		lp, err := fromPrefixRow(&rows[i])
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(ps, lp.Prefix.Overlaps) {
			out = append(out, lp)
		}
	}
	return out, nil
}

// overlapQuery returns the query of OverlappingPrefixes and its
// arguments: for each prefix, the rows whose lo lies in it and those whose
// lo is the first address of one of its ancestors.
func overlapQuery(space string, ps []netip.Prefix) (string, []any) {
	var (
		parts []string
		args  []any
	)
	for _, p := range ps {
		p = p.Masked()
		lo, hi := bounds(p)
		parts = append(parts, "SELECT "+prefixColumns+" FROM netops_link_prefixes WHERE space = ? AND family = ? AND lo BETWEEN ? AND ?")
		args = append(args, space, family(p), lo, hi)
		if up := ancestors(p); len(up) > 0 {
			parts = append(parts, "SELECT "+prefixColumns+" FROM netops_link_prefixes WHERE space = ? AND family = ? AND lo IN (?) AND bits < ?")
			args = append(args, space, family(p), bun.List(up), p.Bits())
		}
	}
	return strings.Join(parts, " UNION ALL "), args
}

// LivePrefixes implements netops.Store.
func (s *Store) LivePrefixes(ctx context.Context) ([]netops.LinkPrefix, error) {
	var rows []prefixRow
	if err := s.db.NewSelect().Model(&rows).Scan(ctx); err != nil {
		return nil, errs.Err("list live prefixes", err)
	}
	return bunstore.FromRows(rows, fromPrefixRow)
}
