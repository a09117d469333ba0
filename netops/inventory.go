package netops

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// lookups resolves the codes the inventory's records name (sites,
// networks, directory units), each once: an import names the same site on
// many rows. A nil value in a map records that there is none.
type lookups struct {
	s     *Service
	sites map[string]*Site
	nets  map[string]*Network
	units map[string]*Unit
}

func (s *Service) lookups() *lookups {
	return &lookups{s: s, sites: map[string]*Site{}, nets: map[string]*Network{}, units: map[string]*Unit{}}
}

// site returns the site code, nil when there is none.
func (l *lookups) site(ctx context.Context, code string) (*Site, error) {
	if v, ok := l.sites[code]; ok {
		return v, nil
	}
	v, err := l.s.store.Site(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		v, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	l.sites[code] = v
	return v, nil
}

// network returns the network code, nil when there is none.
func (l *lookups) network(ctx context.Context, code string) (*Network, error) {
	if v, ok := l.nets[code]; ok {
		return v, nil
	}
	v, err := l.s.store.Network(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		v, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	l.nets[code] = v
	return v, nil
}

// unit returns the directory's record of the unit code, nil when the
// directory does not hold it or no Directory is wired.
func (l *lookups) unit(ctx context.Context, code string) (*Unit, error) {
	if l.s.dir == nil {
		return nil, nil
	}
	if v, ok := l.units[code]; ok {
		return v, nil
	}
	v, err := l.s.dir.Unit(ctx, code)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		v, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	l.units[code] = v
	return v, nil
}

// checkUnit adds the problem of a unit code to p: a code, and one the
// directory holds when a Directory is wired.
func (l *lookups) checkUnit(ctx context.Context, p *govops.Problems, field, code string) error {
	if !govops.CheckCode(p, field, code) {
		return nil
	}
	if l.s.dir == nil {
		return nil
	}
	u, err := l.unit(ctx, code)
	if err != nil {
		return err
	}
	if u == nil {
		p.Addf(field, "no active unit %s in the directory: use the code of a unit the directory holds", code)
	}
	return nil
}

// checkPlace adds to p the problems of the site and room a record names:
// the site exists (required or not), the room is one of its rooms.
func (l *lookups) checkPlace(ctx context.Context, p *govops.Problems, siteField, site, roomField, room string, required bool) error {
	roomOK := room == "" || govops.CheckCode(p, roomField, room)
	if site == "" {
		switch {
		case required:
			p.Add(siteField, "required: the code of a site")
		case room != "":
			p.Addf(roomField, "needs %s: a room is a room of a site", siteField)
		}
		return nil
	}
	if !govops.CheckCode(p, siteField, site) {
		return nil
	}
	st, err := l.site(ctx, site)
	if err != nil {
		return err
	}
	if st == nil {
		p.Addf(siteField, "no site %s: record the site first", site)
		return nil
	}
	if roomOK && room != "" {
		if _, ok := st.Room(room); !ok {
			p.Addf(roomField, "site %s has no room %s: %s", site, room, roomChoices(st))
		}
	}
	return nil
}

// roomChoices tells which rooms a site has, for an error message.
func roomChoices(st *Site) string {
	if len(st.Rooms) == 0 {
		return "it has no rooms (add the room to the site first, or leave the room out)"
	}
	codes := make([]string, 0, min(len(st.Rooms), 10))
	for i, r := range st.Rooms {
		if i == 10 {
			codes = append(codes, "…")
			break
		}
		codes = append(codes, r.Code)
	}
	return "use one of " + strings.Join(codes, ", ")
}

// checkPast adds a problem to p when t is set and after now: a step is
// recorded when it happened, never ahead of time.
func checkPast(p *govops.Problems, field string, t, now time.Time) bool {
	if !govops.CheckTime(p, field, t, false) {
		return false
	}
	if t.After(now) {
		p.Addf(field, "is in the future (%s): record a step once it is done", t.In(shanghai).Format("2006-01-02 15:04"))
		return false
	}
	return true
}

// mintID returns a new UUIDv7.
func mintID() (uuid.UUID, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.Nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	return id, nil
}

// invEvent returns the event of by's change of the record subject to
// version seq: dept is the unit the record is of ("" for a site or a
// network), note what the trail says of it.
func invEvent(subject uuid.UUID, seq int64, t EventType, by govops.Actor, at time.Time, from, to Status, dept, note string) (Event, error) {
	ev, err := govops.NewEvent(subject, seq, t, by, at, from, to)
	if err != nil {
		return Event{}, err
	}
	ev.Department, ev.Note = dept, note
	return ev, nil
}

// maskFor returns v as by may read a record of unit unit: whole, or with
// its personal data masked (see govops.Mask). A record of no unit (a site,
// a network) is read whole by center staff only.
func maskFor[T any](by govops.Actor, unit string, v T) T {
	if by.SeesPersonalData(unit) {
		return v
	}
	return govops.Mask(v)
}

// districtOnly refuses a department a district-wide report.
func districtOnly(by govops.Actor, what string) error {
	if err := by.Validate(); err != nil {
		return err
	}
	if !by.DistrictWide() {
		return govops.Errorf(govops.EFORBIDDEN, "department %s may not read %s: it is the district's, for the center and its readers", by.Department, what)
	}
	return nil
}

// changes are the names of the fields an update changed, in order, for
// the note of its event.
type changes []string

func (c *changes) add(changed bool, name string) {
	if changed {
		*c = append(*c, name)
	}
}

func (c changes) note() string { return "changed " + strings.Join(c, ", ") }

// choices lists the codes of an enum with their labels, for an error
// message: "extranet (外网接入), internet (互联网专线) or private (业务专网)".
func choices[T interface {
	~string
	Label() string
}](all []T) string {
	if len(all) == 0 {
		return "none"
	}
	var b strings.Builder
	for i, v := range all {
		switch {
		case i > 0 && i == len(all)-1:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString(string(v))
		b.WriteString(" (")
		b.WriteString(v.Label())
		b.WriteString(")")
	}
	return b.String()
}
