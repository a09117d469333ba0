package netops

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// normalize trims the spaces around the codes and names of in.
func (in *NetworkInput) normalize() {
	in.Code, in.Name, in.Authority = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name), strings.TrimSpace(in.Authority)
	ic := &in.Interconnect
	ic.Mode = InterconnectMode(strings.TrimSpace(string(ic.Mode)))
	ic.Site, ic.Room = strings.TrimSpace(ic.Site), strings.TrimSpace(ic.Room)
	in.Status = NetworkStatus(strings.TrimSpace(string(in.Status)))
	if in.Status == "" {
		in.Status = NetworkActive
	}
	if !ic.Since.IsZero() {
		ic.Since = govops.StoredTime(ic.Since)
	}
}

// networkProblems adds every bad field of in to p. cur is the network an
// update replaces (nil for a new one): the room of an interconnection
// that did not move is not checked again, since a site's rooms may change.
func (l *lookups) networkProblems(ctx context.Context, p *govops.Problems, in *NetworkInput, cur *Network) error {
	govops.CheckCode(p, "code", in.Code)
	govops.CheckText(p, "name", in.Name, MaxNameLen, true)
	govops.CheckText(p, "authority", in.Authority, MaxNameLen, false)
	if !in.Status.Valid() {
		p.Addf("status", "unknown status %q: use active (在用) or retired (已撤并)", govops.Truncate(string(in.Status), 40))
	}
	govops.CheckText(p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(p, in.IfVersion)
	ic := &in.Interconnect
	govops.CheckText(p, "interconnect.note", ic.Note, MaxNoteLen, false)
	switch {
	case ic.Mode == "":
		p.Addf("interconnect.mode", "required: %s", choices(InterconnectModes()))
		return nil
	case !ic.Mode.Valid():
		p.Addf("interconnect.mode", "unknown mode %q: use %s", govops.Truncate(string(ic.Mode), 40), choices(InterconnectModes()))
		return nil
	case ic.Mode == InterconnectNone:
		none := "must be left out: a network not joined to the extranet (未互联) has no interconnection"
		if ic.Site != "" {
			p.Add("interconnect.site", none)
		}
		if ic.Room != "" {
			p.Add("interconnect.room", none)
		}
		if !ic.Since.IsZero() {
			p.Add("interconnect.since", none)
		}
		return nil
	}
	if !ic.Since.IsZero() {
		checkPast(p, "interconnect.since", ic.Since, l.s.clock())
	}
	room := ic.Room
	if cur != nil && cur.Interconnect.Site == ic.Site && cur.Interconnect.Room == ic.Room {
		room = ""
	}
	return l.checkPlace(ctx, p, "interconnect.site", ic.Site, "interconnect.room", room, true)
}

// CreateNetwork records a business private network (active unless Status
// says otherwise). Center only. It returns EINVALID naming every bad field
// ("code", "name", "authority", "interconnect.mode", "interconnect.site",
// "interconnect.room", "interconnect.since", "interconnect.note",
// "status", "note"): an interconnection needs its site (and a room of it,
// when given), and one of mode none needs none. ECONFLICT when the code
// is taken.
func (s *Service) CreateNetwork(ctx context.Context, by govops.Actor, in NetworkInput) (*Network, error) {
	if err := by.CenterOnly("record business private networks"); err != nil {
		return nil, err
	}
	in.normalize()
	var p govops.Problems
	if err := s.lookups().networkProblems(ctx, &p, &in, nil); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := mintID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	n := &Network{ID: id, Code: in.Code, Name: in.Name, Authority: in.Authority, Interconnect: in.Interconnect,
		Status: in.Status, Note: in.Note, Version: 1, CreatedAt: now, UpdatedAt: now}
	ev, err := invEvent(id, 1, EventNetworkCreated, by, now, "", Status(n.Status), "", in.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateNetwork(ctx, n, []Event{ev}); err != nil {
		if govops.ErrorCode(err) == govops.ECONFLICT {
			if o, gerr := s.store.Network(ctx, n.Code); gerr == nil {
				return nil, govops.Errorf(govops.ECONFLICT, "network code %s is taken by %s", n.Code, govops.Truncate(o.Name, 40)).
					WithField("code", "is taken by another network")
			}
		}
		return nil, err
	}
	return n, nil
}

// UpdateNetwork replaces the fields of the network code. A network that
// still has links in service (any status but decommissioned) cannot be
// retired: ECONFLICT naming how many, and the field "status". Center
// only. It returns EINVALID as CreateNetwork does, ENOTFOUND for an
// unknown network, and ECONFLICT when IfVersion is stale.
func (s *Service) UpdateNetwork(ctx context.Context, by govops.Actor, code string, in NetworkInput) (*Network, error) {
	if err := by.CenterOnly("change business private networks"); err != nil {
		return nil, err
	}
	in.normalize()
	if in.Code == "" {
		in.Code = code
	} else if in.Code != code {
		return nil, govops.FieldError("code", fmt.Sprintf("cannot change: the network's code is %s for good", govops.Truncate(code, govops.MaxCodeLen)))
	}
	var out *Network
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.readNetwork(ctx, code)
		if err != nil {
			return nil, err
		}
		var p govops.Problems
		if err := s.lookups().networkProblems(ctx, &p, &in, cur); err != nil {
			return nil, err
		}
		if err := p.Err(); err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("network "+cur.Code, cur.Version, in.IfVersion)
		}
		if in.Status == NetworkRetired && cur.Status != NetworkRetired {
			live, err := s.store.Links(ctx, LinkFilter{Network: cur.Code, Statuses: liveStatuses()}, uuid.Nil, 0)
			if err != nil {
				return nil, err
			}
			if n := len(live); n > 0 {
				return nil, govops.Errorf(govops.ECONFLICT, "network %s still has %d %s in service: decommission %s or move %s to another network first",
					cur.Code, n, plural(n, "link", "links"), plural(n, "it", "them"), plural(n, "it", "them")).
					WithField("status", fmt.Sprintf("cannot be retired while %d %s in service", n, plural(n, "link is", "links are")))
			}
		}
		next := *cur
		next.Name, next.Authority, next.Interconnect, next.Status, next.Note = in.Name, in.Authority, in.Interconnect, in.Status, in.Note
		var c changes
		c.add(cur.Name != next.Name, "name")
		c.add(cur.Authority != next.Authority, "authority")
		c.add(cur.Interconnect != next.Interconnect, "interconnect")
		c.add(cur.Status != next.Status, "status")
		c.add(cur.Note != next.Note, "note")
		if len(c) == 0 {
			out = cur
			return nil, nil
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := invEvent(next.ID, next.Version, EventNetworkUpdated, by, now, Status(cur.Status), Status(next.Status), "", c.note())
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateNetwork(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// liveStatuses lists the statuses of a link that holds its prefixes.
func liveStatuses() []LinkStatus {
	return slices.DeleteFunc(LinkStatuses(), func(s LinkStatus) bool { return !s.Live() })
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// readNetwork returns the network code: ENOTFOUND naming it when there is
// none.
func (s *Service) readNetwork(ctx context.Context, code string) (*Network, error) {
	n, err := s.store.Network(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no business private network %s", govops.Truncate(code, govops.MaxCodeLen))
	}
	return n, err
}

// Network returns the network code with its links (a department sees its
// own unit's) and the units with a live link in it. Every actor may read
// networks.
func (s *Service) Network(ctx context.Context, by govops.Actor, code string) (*NetworkView, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	n, err := s.readNetwork(ctx, code)
	if err != nil {
		return nil, err
	}
	ls, err := s.store.Links(ctx, LinkFilter{Network: n.Code}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	v := &NetworkView{Network: maskFor(by, "", *n)}
	seen := map[string]bool{}
	for _, l := range ls {
		if l.Status.Live() && !seen[l.Unit] {
			seen[l.Unit] = true
			v.Units = append(v.Units, l.Unit)
		}
		if by.MaySee(l.Unit) {
			v.Links = append(v.Links, maskFor(by, l.Unit, l))
		}
	}
	slices.Sort(v.Units)
	return v, nil
}

// Networks returns every network, by code.
func (s *Service) Networks(ctx context.Context, by govops.Actor) ([]Network, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	ns, err := s.store.Networks(ctx)
	if err != nil {
		return nil, err
	}
	return maskFor(by, "", ns), nil
}

// NetworkTrail returns the trail of the network code.
func (s *Service) NetworkTrail(ctx context.Context, by govops.Actor, code string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	n, err := s.readNetwork(ctx, code)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, n.ID)
	if err != nil {
		return nil, err
	}
	return maskFor(by, "", evs), nil
}
