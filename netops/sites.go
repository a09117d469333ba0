package netops

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/govops-kit/govops"
)

// maxFloorLen bounds a room's floor, in characters.
const maxFloorLen = 32

// normalize trims the spaces around the codes and names of in.
func (in *SiteInput) normalize() {
	in.Code = strings.TrimSpace(in.Code)
	in.Name = strings.TrimSpace(in.Name)
	in.Address = strings.TrimSpace(in.Address)
	in.Rooms = slices.Clone(in.Rooms)
	for i := range in.Rooms {
		r := &in.Rooms[i]
		r.Code, r.Name, r.Floor = strings.TrimSpace(r.Code), strings.TrimSpace(r.Name), strings.TrimSpace(r.Floor)
		r.Kind = RoomKind(strings.TrimSpace(string(r.Kind)))
	}
}

// problems adds every bad field of in to p.
func (in *SiteInput) problems(p *govops.Problems) {
	govops.CheckCode(p, "code", in.Code)
	govops.CheckText(p, "name", in.Name, MaxNameLen, true)
	if in.Zone != "" && !in.Zone.Valid() {
		p.Addf("zone", "unknown zone %q: use %s, or leave it out while not known", govops.Truncate(string(in.Zone), 40), choices(Zones()))
	}
	govops.CheckText(p, "address", in.Address, MaxNameLen, false)
	govops.CheckText(p, "note", in.Note, MaxNoteLen, false)
	govops.CheckIfVersion(p, in.IfVersion)
	if len(in.Rooms) > MaxRooms {
		p.Addf("rooms", "has %d rooms: at most %d", len(in.Rooms), MaxRooms)
		return
	}
	seen := make(map[string]int, len(in.Rooms))
	for i, r := range in.Rooms {
		f := fmt.Sprintf("rooms[%d].", i)
		if govops.CheckCode(p, f+"code", r.Code) {
			if j, dup := seen[r.Code]; dup {
				p.Addf(f+"code", "repeats the code of rooms[%d] (%s): room codes are unique within a site", j, r.Code)
			} else {
				seen[r.Code] = i
			}
		}
		govops.CheckText(p, f+"name", r.Name, MaxNameLen, true)
		switch {
		case r.Kind == "":
			p.Addf(f+"kind", "required: %s", choices(RoomKinds()))
		case !r.Kind.Valid():
			p.Addf(f+"kind", "unknown kind %q: use %s", govops.Truncate(string(r.Kind), 40), choices(RoomKinds()))
		}
		govops.CheckText(p, f+"floor", r.Floor, maxFloorLen, false)
	}
}

// CreateSite records a site with its rooms. Center only. It returns
// EINVALID naming every bad field ("code", "name", "zone", "address",
// "rooms[2].code", "rooms[2].name", "rooms[2].kind", "rooms[2].floor",
// "note"), a room code two rooms share included, and ECONFLICT when the
// code is taken.
func (s *Service) CreateSite(ctx context.Context, by govops.Actor, in SiteInput) (*Site, error) {
	if err := by.CenterOnly("record sites"); err != nil {
		return nil, err
	}
	in.normalize()
	var p govops.Problems
	in.problems(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := mintID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	st := &Site{ID: id, Code: in.Code, Name: in.Name, Zone: in.Zone, Address: in.Address, Rooms: in.Rooms,
		Note: in.Note, Version: 1, CreatedAt: now, UpdatedAt: now}
	ev, err := invEvent(id, 1, EventSiteCreated, by, now, "", "", "", in.Note)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateSite(ctx, st, []Event{ev}); err != nil {
		if govops.ErrorCode(err) == govops.ECONFLICT {
			if o, gerr := s.store.Site(ctx, st.Code); gerr == nil {
				return nil, govops.Errorf(govops.ECONFLICT, "site code %s is taken by %s", st.Code, govops.Truncate(o.Name, 40)).
					WithField("code", "is taken by another site")
			}
		}
		return nil, err
	}
	return st, nil
}

// UpdateSite replaces the site code's fields (see SiteInput). A room that a
// unit, link, device, plan or booking names may still be removed: the
// records keep its code. Center only. It returns EINVALID as CreateSite
// does (and naming "code" for another code), ENOTFOUND for an unknown
// site, and ECONFLICT when IfVersion is stale.
func (s *Service) UpdateSite(ctx context.Context, by govops.Actor, code string, in SiteInput) (*Site, error) {
	if err := by.CenterOnly("change sites"); err != nil {
		return nil, err
	}
	in.normalize()
	if in.Code == "" {
		in.Code = code
	} else if in.Code != code {
		return nil, govops.FieldError("code", fmt.Sprintf("cannot change: the site's code is %s for good", govops.Truncate(code, govops.MaxCodeLen)))
	}
	var p govops.Problems
	in.problems(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Site
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.readSite(ctx, code)
		if err != nil {
			return nil, err
		}
		if in.IfVersion != 0 && cur.Version != in.IfVersion {
			return nil, govops.StaleVersion("site "+cur.Code, cur.Version, in.IfVersion)
		}
		next := *cur
		next.Name, next.Zone, next.Address, next.Rooms, next.Note = in.Name, in.Zone, in.Address, in.Rooms, in.Note
		var c changes
		c.add(cur.Name != next.Name, "name")
		c.add(cur.Zone != next.Zone, "zone")
		c.add(cur.Address != next.Address, "address")
		c.add(!slices.Equal(cur.Rooms, next.Rooms), "rooms")
		c.add(cur.Note != next.Note, "note")
		if len(c) == 0 {
			out = cur
			return nil, nil
		}
		now := s.clock()
		next.Version, next.UpdatedAt = cur.Version+1, now
		ev, err := invEvent(next.ID, next.Version, EventSiteUpdated, by, now, "", "", "", c.note())
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateSite(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readSite returns the site code: ENOTFOUND naming it when there is none.
func (s *Service) readSite(ctx context.Context, code string) (*Site, error) {
	st, err := s.store.Site(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return nil, govops.Errorf(govops.ENOTFOUND, "no site %s", govops.Truncate(code, govops.MaxCodeLen))
	}
	return st, err
}

// Site returns the site code. Every actor may read sites; the note is
// masked for all but center staff.
func (s *Service) Site(ctx context.Context, by govops.Actor, code string) (*Site, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	st, err := s.readSite(ctx, code)
	if err != nil {
		return nil, err
	}
	v := maskFor(by, "", *st)
	return &v, nil
}

// Sites returns every site, by code.
func (s *Service) Sites(ctx context.Context, by govops.Actor) ([]Site, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	ss, err := s.store.Sites(ctx)
	if err != nil {
		return nil, err
	}
	return maskFor(by, "", ss), nil
}

// SiteTrail returns the trail of the site code.
func (s *Service) SiteTrail(ctx context.Context, by govops.Actor, code string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	st, err := s.readSite(ctx, code)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	return maskFor(by, "", evs), nil
}
