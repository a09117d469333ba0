package netops

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// MaxVLAN is the highest VLAN ID (IEEE 802.1Q).
const MaxVLAN = 4094

// normalize trims the spaces around the codes and names of in.
func (in *LinkInput) normalize() {
	for _, f := range []*string{&in.Unit, &in.Site, &in.Room, &in.Carrier, &in.CircuitID, &in.Network} {
		*f = strings.TrimSpace(*f)
	}
	in.Type = LinkType(strings.TrimSpace(string(in.Type)))
	in.Status = LinkStatus(strings.TrimSpace(string(in.Status)))
}

// checkLink adds every bad field of in to p and returns the link it
// describes, with its prefixes as given (ID, status, steps and versions
// are the caller's). cur is the link an update replaces (nil for a new
// one): a unit, room or network it names already is not checked again,
// since the directory, the site and the network may have changed since
// and the record keeps what it was. live says whether the link will hold
// its prefixes: a network that is retired takes no live link.
func (l *lookups) checkLink(ctx context.Context, p *govops.Problems, in *LinkInput, cur *Link, live bool) (Link, []inputPrefix, error) {
	if cur == nil || in.Unit != cur.Unit {
		if err := l.checkUnit(ctx, p, "unit", in.Unit); err != nil {
			return Link{}, nil, err
		}
	}
	room := in.Room
	if cur != nil && in.Site == cur.Site && in.Room == cur.Room {
		room = ""
	}
	if err := l.checkPlace(ctx, p, "site", in.Site, "room", room, true); err != nil {
		return Link{}, nil, err
	}
	govops.CheckText(p, "carrier", in.Carrier, MaxNameLen, true)
	if in.CircuitID != "" {
		govops.CheckCode(p, "circuit_id", in.CircuitID)
	}
	switch {
	case in.Type == "":
		p.Addf("type", "required: %s", choices(LinkTypes()))
	case !in.Type.Valid():
		p.Addf("type", "unknown type %q: use %s", govops.Truncate(string(in.Type), 40), choices(LinkTypes()))
	}
	if in.ViaExtranet && in.Type.Valid() && in.Type != LinkInternet {
		p.Addf("via_extranet", "only an internet line (互联网专线) is provided via the extranet's exit: leave it false for a link of type %s (%s)", in.Type, in.Type.Label())
	}
	if err := l.checkLinkNetwork(ctx, p, in, cur, live); err != nil {
		return Link{}, nil, err
	}
	if in.BandwidthMbps < 0 {
		p.Add("bandwidth_mbps", "must not be negative (0 when not known)")
	}
	if in.VLAN < 0 || in.VLAN > MaxVLAN {
		p.Addf("vlan", "must be a VLAN ID between 1 and %d, or 0 for none (got %d)", MaxVLAN, in.VLAN)
	}
	ips := parsePrefixes(p, "prefixes", in.Prefixes)
	govops.CheckText(p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(p, in.IfVersion)
	out := Link{Unit: in.Unit, Site: in.Site, Room: in.Room, Carrier: in.Carrier, CircuitID: in.CircuitID, Type: in.Type,
		ViaExtranet: in.ViaExtranet && in.Type == LinkInternet, BandwidthMbps: in.BandwidthMbps, VLAN: in.VLAN,
		Prefixes: prefixesOf(ips), Note: in.Note}
	if in.Type == LinkPrivate {
		out.Network = in.Network
	}
	return out, ips, nil
}

// checkLinkNetwork adds the problem of in's network to p: a private link
// names a network that exists, and is active when the link is live; no
// other link names one.
func (l *lookups) checkLinkNetwork(ctx context.Context, p *govops.Problems, in *LinkInput, cur *Link, live bool) error {
	if in.Type != LinkPrivate {
		if in.Network != "" && in.Type.Valid() {
			p.Addf("network", "only a private link (业务专网) belongs to a network: leave it out for a link of type %s (%s)", in.Type, in.Type.Label())
		}
		return nil
	}
	if in.Network == "" {
		p.Add("network", "required for a private link (业务专网): the code of its business private network")
		return nil
	}
	if !govops.CheckCode(p, "network", in.Network) {
		return nil
	}
	n, err := l.network(ctx, in.Network)
	if err != nil {
		return err
	}
	switch {
	case n == nil:
		p.Addf("network", "no business private network %s: record the network first", in.Network)
	case n.Status != NetworkActive && live && (cur == nil || cur.Network != in.Network):
		p.Addf("network", "network %s is %s (%s): a link in service cannot join it", n.Code, n.Status, n.Status.Label())
	}
	return nil
}

// CreateLink records a link, in Status (planned unless set) with the date
// of every step up to it set to At (now unless set; never in the future).
// Center only. It returns EINVALID naming every bad field ("unit", "site",
// "room", "carrier", "circuit_id", "type", "via_extranet", "network",
// "bandwidth_mbps", "vlan", "prefixes", "prefixes[2]", "status", "at",
// "note"), two of its own prefixes that overlap included; ECONFLICT when
// a prefix overlaps a live link's in the same address space (naming that
// link, its unit, its circuit and both prefixes, and the field
// "prefixes[i]"), or when the carrier's circuit ID is another link's
// ("circuit_id").
func (s *Service) CreateLink(ctx context.Context, by govops.Actor, in LinkInput) (*Link, error) {
	if err := by.CenterOnly("record links"); err != nil {
		return nil, err
	}
	in.normalize()
	now := s.clock()
	var p govops.Problems
	l, ips, err := s.lookups().checkNewLink(ctx, &p, &in, now)
	if err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if l.ID, err = mintID(); err != nil {
		return nil, err
	}
	l.Version, l.CreatedAt, l.UpdatedAt = 1, now, now
	ev, err := invEvent(l.ID, 1, EventLinkCreated, by, now, "", Status(l.Status), l.Unit, in.Note)
	if err != nil {
		return nil, err
	}
	err = s.writeLinks(ctx, func(g Guard) error { return s.store.CreateLinks(ctx, []Link{l}, g, []Event{ev}) },
		func(ctx context.Context) (Guard, error) { return s.prefixGuard(ctx, &l, ips, nil) },
		func(ctx context.Context, err error) error { return s.circuitTaken(ctx, &l, err) })
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// checkNewLink checks in as the input of a new link, as checkLink does,
// and its status (planned unless set), the date of its steps (At: now
// unless set, never in the future) and the note a decommissioned one
// needs. It returns the link with its status and steps set.
func (l *lookups) checkNewLink(ctx context.Context, p *govops.Problems, in *LinkInput, now time.Time) (Link, []inputPrefix, error) {
	status := in.Status
	switch {
	case status == "":
		status = LinkPlanned
	case !status.Valid():
		p.Addf("status", "unknown status %q: use %s", govops.Truncate(string(status), 40), choices(LinkStatuses()))
	}
	out, ips, err := l.checkLink(ctx, p, in, nil, status.Live())
	if err != nil {
		return Link{}, nil, err
	}
	at := in.At
	if checkPast(p, "at", at, now) && at.IsZero() {
		at = now
	}
	if status == LinkDecommissioned && strings.TrimSpace(in.Note) == "" {
		p.Add("note", "is required to record a decommissioned link: say why it went")
	}
	out.Status = status
	out.Steps.upTo(status, govops.StoredTime(at))
	return out, ips, nil
}

// UpdateLink replaces the fields of the link ref (its ID) but its status and
// steps, which only MoveLink changes (in.Status and in.At are ignored).
// Center only. It returns EINVALID and ECONFLICT as CreateLink does (a
// prefix that overlaps is checked only when the update adds it to a live
// link), ENOTFOUND for an unknown link, and ECONFLICT when IfVersion is
// stale.
func (s *Service) UpdateLink(ctx context.Context, by govops.Actor, ref string, in LinkInput) (*Link, error) {
	if err := by.CenterOnly("change links"); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("link", ref, "link")
	if err != nil {
		return nil, err
	}
	in.normalize()
	var out *Link
	_, err = govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		var lost bool
		out, lost, err = s.updateLinkOnce(ctx, by, id, &in)
		return lost, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// updateLinkOnce is one attempt of UpdateLink. lost reports a write that
// another writer's moved under it: the guard's generation, or the link's
// version when the caller named none; the next attempt checks again.
func (s *Service) updateLinkOnce(ctx context.Context, by govops.Actor, id uuid.UUID, in *LinkInput) (_ *Link, lost bool, _ error) {
	cur, err := s.readLink(ctx, id)
	if err != nil {
		return nil, false, err
	}
	var p govops.Problems
	next, ips, err := s.lookups().checkLink(ctx, &p, in, cur, cur.Status.Live())
	if err != nil {
		return nil, false, err
	}
	if err := p.Err(); err != nil {
		return nil, false, err
	}
	if in.IfVersion != 0 && cur.Version != in.IfVersion {
		return nil, false, govops.StaleVersion("link "+cur.ID.String(), cur.Version, in.IfVersion)
	}
	next.ID, next.Status, next.Steps, next.CreatedAt = cur.ID, cur.Status, cur.Steps, cur.CreatedAt
	c := linkChanges(cur, &next)
	if len(c) == 0 {
		return cur, false, nil
	}
	g, err := s.prefixGuard(ctx, &next, ips, cur)
	if err != nil {
		return nil, false, err
	}
	now := s.clock()
	next.Version, next.UpdatedAt = cur.Version+1, now
	ev, err := invEvent(next.ID, next.Version, EventLinkUpdated, by, now, Status(cur.Status), Status(next.Status), next.Unit, c.note())
	if err != nil {
		return nil, false, err
	}
	err = s.store.UpdateLink(ctx, &next, g, []Event{ev})
	if govops.ErrorCode(err) != govops.ECONFLICT {
		if err != nil {
			return nil, false, err
		}
		return &next, false, nil
	}
	moved, gerr := s.guardMoved(ctx, g)
	if gerr != nil {
		return nil, false, gerr
	}
	if moved {
		return nil, true, err
	}
	now2, rerr := s.store.Link(ctx, id)
	if rerr == nil && now2.Version != cur.Version {
		// The caller's IfVersion, if any, is checked on the next attempt.
		return nil, true, err
	}
	return nil, false, s.circuitTaken(ctx, &next, err)
}

// linkChanges names the fields of a link that differ between a and b.
func linkChanges(a, b *Link) changes {
	var c changes
	c.add(a.Unit != b.Unit, "unit")
	c.add(a.Site != b.Site, "site")
	c.add(a.Room != b.Room, "room")
	c.add(a.Carrier != b.Carrier, "carrier")
	c.add(a.CircuitID != b.CircuitID, "circuit_id")
	c.add(a.Type != b.Type, "type")
	c.add(a.ViaExtranet != b.ViaExtranet, "via_extranet")
	c.add(a.Network != b.Network, "network")
	c.add(a.BandwidthMbps != b.BandwidthMbps, "bandwidth_mbps")
	c.add(a.VLAN != b.VLAN, "vlan")
	c.add(!slices.Equal(a.Prefixes, b.Prefixes), "prefixes")
	c.add(a.Note != b.Note, "note")
	return c
}

// MoveLink moves the link ref along its lifecycle (planned → provisioning →
// active → deprovisioning → decommissioned; see LinkMoveAllowed for the
// moves back and the cancelled plan), recording the step's date: At, now
// unless set, never in the future and never before the link's last step.
// Center only. It returns EINVALID naming "to", "at", "note" (required to
// decommission) or "if_version", ECONFLICT naming both statuses when the
// move is not allowed from the link's status, or when IfVersion is
// stale, and ENOTFOUND for an unknown link.
func (s *Service) MoveLink(ctx context.Context, by govops.Actor, ref string, in LinkStep) (*Link, error) {
	if err := by.CenterOnly("move links along their lifecycle"); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("link", ref, "link")
	if err != nil {
		return nil, err
	}
	now := s.clock()
	in.To = LinkStatus(strings.TrimSpace(string(in.To)))
	var p govops.Problems
	rule, ok := linkLifecycle(in.To)
	switch {
	case in.To == "":
		p.Addf("to", "required: the status to move to, %s", choices(LinkStatuses()))
	case !ok:
		p.Addf("to", "unknown status %q: use %s", govops.Truncate(string(in.To), 40), choices(LinkStatuses()))
	}
	if govops.CheckText(&p, "note", in.Note, MaxNoteLen, false) && rule.needsNote && strings.TrimSpace(in.Note) == "" {
		p.Add("note", "is required to decommission a link: say why it went")
	}
	at := in.At
	if checkPast(&p, "at", at, now) && at.IsZero() {
		at = now
	}
	at = govops.StoredTime(at)
	govops.CheckIfVersion(&p, in.IfVersion)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Link
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.readLink(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("link "+cur.ID.String(), cur.Version, in.IfVersion)
		}
		if !slices.Contains(rule.from, cur.Status) {
			return nil, govops.Errorf(govops.ECONFLICT, "cannot move link %s from %s (%s) to %s (%s): a link that is %s moves to %s",
				cur.ID, cur.Status, cur.Status.Label(), in.To, in.To.Label(), cur.Status, choices(linkMovesFrom(cur.Status))).
				WithField("to", fmt.Sprintf("not allowed from %s", cur.Status))
		}
		if last := cur.Steps.latest(); at.Before(last) {
			return nil, govops.FieldError("at", fmt.Sprintf("is before the link's last step (%s): a step cannot precede the one before it",
				last.In(shanghai).Format("2006-01-02 15:04")))
		}
		next := *cur
		next.Prefixes = slices.Clone(cur.Prefixes)
		if linkBack(cur.Status, in.To) {
			*next.Steps.step(cur.Status) = time.Time{}
		} else {
			*next.Steps.step(in.To) = at
		}
		next.Status, next.Version, next.UpdatedAt = in.To, cur.Version+1, now
		ev, err := invEvent(next.ID, next.Version, EventLinkMoved, by, now, Status(cur.Status), Status(next.Status), next.Unit, in.Note)
		if err != nil {
			return nil, err
		}
		// No move makes a link live (nothing leaves decommissioned), so
		// none adds a live prefix: the write holds no guard.
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateLink(ctx, &next, Guard{}, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readLink returns the link id: ENOTFOUND naming it when there is none.
func (s *Service) readLink(ctx context.Context, id uuid.UUID) (*Link, error) {
	l, err := s.store.Link(ctx, id)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no link %s", id)
	}
	return l, err
}

// visibleLink returns the link ref when by may read it: a department its
// own unit's only, ENOTFOUND for another's.
func (s *Service) visibleLink(ctx context.Context, by govops.Actor, ref string) (*Link, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("link", ref, "link")
	if err != nil {
		return nil, err
	}
	l, err := s.readLink(ctx, id)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(l.Unit) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no link %s", id)
	}
	return l, nil
}

// Link returns the link ref. A department reads its own unit's links;
// another's is ENOTFOUND.
func (s *Service) Link(ctx context.Context, by govops.Actor, ref string) (*Link, error) {
	l, err := s.visibleLink(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	v := maskFor(by, l.Unit, *l)
	return &v, nil
}

// Links lists links, by ID. A department sees its own unit's only (and
// asking for another unit's is EFORBIDDEN naming "department"). It
// returns EINVALID naming each bad filter ("unit", "site", "type",
// "status", "network"), "cursor" or "limit".
func (s *Service) Links(ctx context.Context, by govops.Actor, in LinkListInput) (govops.Page[Link], error) {
	var p govops.Problems
	by.Check(&p)
	f := LinkFilter{Unit: strings.TrimSpace(in.Unit), Site: strings.TrimSpace(in.Site), Type: in.Type,
		Network: strings.TrimSpace(in.Network), SelfBuilt: in.SelfBuilt}
	for _, c := range []struct{ field, v string }{{"unit", f.Unit}, {"site", f.Site}, {"network", f.Network}} {
		if c.v != "" {
			govops.CheckCode(&p, c.field, c.v)
		}
	}
	if in.Type != "" && !in.Type.Valid() {
		p.Addf("type", "unknown type %q: use %s", govops.Truncate(string(in.Type), 40), choices(LinkTypes()))
	}
	if in.Status != "" {
		if in.Status.Valid() {
			f.Statuses = []LinkStatus{in.Status}
		} else {
			p.Addf("status", "unknown status %q: use %s", govops.Truncate(string(in.Status), 40), choices(LinkStatuses()))
		}
	}
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Link]{}, err
	}
	var err error
	if f.Unit, err = by.Scope(f.Unit); err != nil {
		return govops.Page[Link]{}, err
	}
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		return govops.Page[Link]{}, err
	}
	ls, err := s.store.Links(ctx, f, after, limit+1)
	if err != nil {
		return govops.Page[Link]{}, err
	}
	for i := range ls {
		ls[i] = maskFor(by, ls[i].Unit, ls[i])
	}
	return govops.NewPage(ls, limit, func(l Link) string { return l.ID.String() }), nil
}

// LinkTrail returns the trail of the link ref, to whoever may read the
// link.
func (s *Service) LinkTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	l, err := s.visibleLink(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	return maskFor(by, l.Unit, evs), nil
}
