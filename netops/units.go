package netops

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// normalize trims the spaces around the codes of in.
func (in *UnitInput) normalize() {
	in.Site, in.Room = strings.TrimSpace(in.Site), strings.TrimSpace(in.Room)
}

// unitProblems adds every bad field of the profile in of unit to p: the
// unit a code the directory holds, the site one that exists (required),
// the room one of its rooms.
func (l *lookups) unitProblems(ctx context.Context, p *govops.Problems, unit string, in *UnitInput) error {
	if err := l.checkUnit(ctx, p, "unit", unit); err != nil {
		return err
	}
	if err := l.checkPlace(ctx, p, "site", in.Site, "room", in.Room, true); err != nil {
		return err
	}
	govops.CheckText(p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(p, in.IfVersion)
	return nil
}

// SetUnit records the network profile of the unit (a directory code): the
// site and room it sits in. It creates the profile on first use (an
// IfVersion then is stale: there is no version yet) and replaces it
// afterwards. Center only; a unit that the directory does not hold is
// EINVALID naming "unit", and so are a site that does not exist ("site")
// and a room that is not one of its rooms ("room").
func (s *Service) SetUnit(ctx context.Context, by govops.Actor, unit string, in UnitInput) (*UnitNet, error) {
	if err := by.CenterOnly("record unit network profiles"); err != nil {
		return nil, err
	}
	unit = strings.TrimSpace(unit)
	in.normalize()
	var p govops.Problems
	if err := s.lookups().unitProblems(ctx, &p, unit, &in); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *UnitNet
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.Unit(ctx, unit)
		if govops.ErrorCode(err) == govops.ENOTFOUND {
			if in.IfVersion != 0 {
				return nil, govops.Errorf(govops.ECONFLICT, "unit %s has no network profile yet, not version %d: reload it and try again", unit, in.IfVersion)
			}
			u, ev, err := s.newUnitNet(by, unit, in, "")
			if err != nil {
				return nil, err
			}
			return govops.WriteThen(&out, u, func() error { return s.store.CreateUnits(ctx, []UnitNet{*u}, []Event{ev}) }), nil
		}
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("unit "+unit+"'s network profile", cur.Version, in.IfVersion)
		}
		next := *cur
		next.Site, next.Room, next.Note = in.Site, in.Room, in.Note
		var c changes
		c.add(cur.Site != next.Site, "site")
		c.add(cur.Room != next.Room, "room")
		c.add(cur.Note != next.Note, "note")
		if len(c) == 0 {
			out = cur
			return nil, nil
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := invEvent(next.ID, next.Version, EventUnitSet, by, now, "", "", unit, c.note())
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateUnit(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// newUnitNet returns the new profile in of unit, at version 1, with its
// event, whose note is note (in's own note when "").
func (s *Service) newUnitNet(by govops.Actor, unit string, in UnitInput, note string) (*UnitNet, Event, error) {
	id, err := mintID()
	if err != nil {
		return nil, Event{}, err
	}
	now := s.clock()
	u := &UnitNet{ID: id, Unit: unit, Site: in.Site, Room: in.Room, Note: in.Note, Version: 1, CreatedAt: now, UpdatedAt: now}
	if note == "" {
		note = in.Note
	}
	ev, err := invEvent(id, 1, EventUnitSet, by, now, "", "", unit, note)
	return u, ev, err
}

// Unit returns what netops knows of a unit: its directory record, profile
// and links. A department reads its own unit only (ENOTFOUND for
// another); a unit of which netops knows nothing is ENOTFOUND.
func (s *Service) Unit(ctx context.Context, by govops.Actor, unit string) (*UnitView, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	unit = strings.TrimSpace(unit)
	none := govops.Errorf(govops.ENOTFOUND, "no unit %s", govops.Truncate(unit, govops.MaxCodeLen))
	if !by.MaySee(unit) {
		return nil, none
	}
	var p govops.Problems
	if !govops.CheckCode(&p, "unit", unit) {
		return nil, p.Err()
	}
	v := &UnitView{Code: unit}
	var err error
	if v.Directory, err = s.lookups().unit(ctx, unit); err != nil {
		return nil, err
	}
	v.Net, err = s.store.Unit(ctx, unit)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		v.Net, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if v.Links, err = s.store.Links(ctx, LinkFilter{Unit: unit}, uuid.Nil, 0); err != nil {
		return nil, err
	}
	if v.Directory == nil && v.Net == nil && len(v.Links) == 0 {
		return nil, none
	}
	v.Connected = slices.ContainsFunc(v.Links, func(l Link) bool { return l.Type == LinkExtranet && l.Status == LinkActive })
	out := maskFor(by, unit, *v)
	return &out, nil
}

// Units lists the unit profiles, by unit code, of the units at in.Site
// (any site when ""). A department sees its own only. It returns EINVALID
// naming "site", "cursor" or "limit".
func (s *Service) Units(ctx context.Context, by govops.Actor, in UnitListInput) (govops.Page[UnitNet], error) {
	var p govops.Problems
	by.Check(&p)
	site := strings.TrimSpace(in.Site)
	if site != "" {
		govops.CheckCode(&p, "site", site)
	}
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[UnitNet]{}, err
	}
	after, err := govops.DecodeCursor(in.Cursor)
	if err != nil {
		return govops.Page[UnitNet]{}, err
	}
	f := UnitFilter{Site: site}
	if !by.DistrictWide() {
		f.Units = []string{by.Department}
	}
	us, err := s.store.Units(ctx, f, after, limit+1)
	if err != nil {
		return govops.Page[UnitNet]{}, err
	}
	for i := range us {
		us[i] = maskFor(by, us[i].Unit, us[i])
	}
	return govops.NewPage(us, limit, func(u UnitNet) string { return u.Unit }), nil
}

// UnitTrail returns the trail of the unit's profile: ENOTFOUND when it has
// none, or when a department asks for another unit's.
func (s *Service) UnitTrail(ctx context.Context, by govops.Actor, unit string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	unit = strings.TrimSpace(unit)
	u, err := s.store.Unit(ctx, unit)
	if err == nil && !by.MaySee(u.Unit) {
		err = govops.Errorf(govops.ENOTFOUND, "hidden")
	}
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "unit %s has no network profile", govops.Truncate(unit, govops.MaxCodeLen))
	}
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return maskFor(by, u.Unit, evs), nil
}

// directoryKinds are the directory's kinds, in its order: coverage lists
// them first, whether or not the directory holds a unit of each, and any
// other kind after them, sorted.
func directoryKinds() []struct{ code, label string } {
	return []struct{ code, label string }{
		{"department", "部门"}, {"township", "乡镇街道"}, {"village", "村"}, {"community", "社区"},
	}
}

// Coverage computes the extranet's coverage of the directory, by kind: the
// units with an active extranet link over all active units. Without a
// Directory it counts over the units that have a network profile, with no
// kinds. District-wide actors only (EFORBIDDEN for a department).
func (s *Service) Coverage(ctx context.Context, by govops.Actor) (*Coverage, error) {
	if err := districtOnly(by, "the extranet's coverage"); err != nil {
		return nil, err
	}
	connected, err := s.store.ConnectedUnits(ctx)
	if err != nil {
		return nil, err
	}
	return s.coverage(ctx, connected)
}

// CoverageAt is Coverage as it stood at at: the units with an extranet
// link active then (Link.ActiveAt, by its step dates) over the units the
// directory holds now, since the directory keeps no history; the annual
// report reads a past year's coverage at its end this way. An at not
// before now is Coverage. It reads the extranet links (a district holds a
// few hundred), not every link. District-wide actors only (EFORBIDDEN for a
// department).
func (s *Service) CoverageAt(ctx context.Context, by govops.Actor, at time.Time) (*Coverage, error) {
	if err := districtOnly(by, "the extranet's coverage"); err != nil {
		return nil, err
	}
	if at.IsZero() || !at.Before(s.clock()) {
		return s.Coverage(ctx, by)
	}
	links, err := s.store.Links(ctx, LinkFilter{Type: LinkExtranet}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	var connected []string
	for i := range links {
		if links[i].ActiveAt(at) {
			connected = append(connected, links[i].Unit)
		}
	}
	slices.Sort(connected)
	return s.coverage(ctx, slices.Compact(connected))
}

// coverage counts the coverage of the directory by the connected units,
// each once, sorted.
func (s *Service) coverage(ctx context.Context, connected []string) (*Coverage, error) {
	units, byDir, err := s.coverageUnits(ctx)
	if err != nil {
		return nil, err
	}
	on := make(map[string]bool, len(connected))
	for _, c := range connected {
		on[c] = true
	}
	known := make(map[string]bool, len(units))
	c := &Coverage{Units: len(units)}
	kinds := map[string]*KindCoverage{}
	if byDir {
		for _, k := range directoryKinds() {
			kinds[k.code] = &KindCoverage{Kind: k.code, Label: k.label}
		}
	}
	slices.SortFunc(units, func(a, b Unit) int { return strings.Compare(a.Code, b.Code) })
	for _, u := range units {
		known[u.Code] = true
		var kc *KindCoverage
		if byDir {
			if kc = kinds[u.Kind]; kc == nil {
				kc = &KindCoverage{Kind: u.Kind, Label: cmp.Or(u.KindLabel, u.Kind)}
				kinds[u.Kind] = kc
			}
			kc.Units++
		}
		if on[u.Code] {
			c.Connected++
			if kc != nil {
				kc.Connected++
			}
		} else {
			c.Unconnected = append(c.Unconnected, u)
		}
	}
	for _, code := range connected {
		if !known[code] {
			c.Unknown = append(c.Unknown, code)
		}
	}
	slices.Sort(c.Unknown)
	c.Rate = govops.NewRate(int64(c.Connected), int64(c.Units))
	for _, k := range directoryKinds() {
		if kc := kinds[k.code]; kc != nil {
			c.ByKind = append(c.ByKind, *kc)
			delete(kinds, k.code)
		}
	}
	rest := make([]KindCoverage, 0, len(kinds))
	for _, kc := range kinds {
		rest = append(rest, *kc)
	}
	slices.SortFunc(rest, func(a, b KindCoverage) int { return strings.Compare(a.Kind, b.Kind) })
	c.ByKind = append(c.ByKind, rest...)
	for i := range c.ByKind {
		k := &c.ByKind[i]
		k.Rate = govops.NewRate(int64(k.Connected), int64(k.Units))
	}
	return c, nil
}

// coverageUnits returns the units coverage counts over: the directory's
// (byDir true), or, without a Directory, those with a network profile.
func (s *Service) coverageUnits(ctx context.Context) (units []Unit, byDir bool, err error) {
	if s.dir != nil {
		us, err := s.dir.Units(ctx)
		if err != nil {
			return nil, false, err
		}
		seen := make(map[string]bool, len(us))
		out := make([]Unit, 0, len(us))
		for _, u := range us {
			if !seen[u.Code] {
				seen[u.Code] = true
				out = append(out, u)
			}
		}
		return out, true, nil
	}
	ps, err := s.store.Units(ctx, UnitFilter{}, "", 0)
	if err != nil {
		return nil, false, err
	}
	out := make([]Unit, len(ps))
	for i, p := range ps {
		out[i] = Unit{Code: p.Unit}
	}
	return out, false, nil
}
