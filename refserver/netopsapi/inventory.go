package netopsapi

import (
	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The JSON shapes of the inventory: sites, unit profiles, links, business
// private networks and migrations, and the reports over them. Enums travel
// as their stable codes with a sibling *_label in Chinese; times are RFC
// 3339 in Asia/Shanghai, left out when not set; prefixes are CIDR strings.

type roomJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Floor     string `json:"floor,omitempty"`
}

type siteJSON struct {
	ID        string     `json:"id"`
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	Zone      string     `json:"zone,omitempty"`
	ZoneLabel string     `json:"zone_label"`
	Address   string     `json:"address,omitempty"`
	Rooms     []roomJSON `json:"rooms"`
	Note      string     `json:"note,omitempty"`
	Version   int64      `json:"version"`
	CreatedAt string     `json:"created_at"`
	UpdatedAt string     `json:"updated_at"`
}

func (a *API) siteOut(s *netops.Site) siteJSON {
	out := siteJSON{ID: s.ID.String(), Code: s.Code, Name: s.Name, Zone: string(s.Zone), ZoneLabel: s.Zone.Label(),
		Address: s.Address, Rooms: make([]roomJSON, len(s.Rooms)), Note: s.Note, Version: s.Version,
		CreatedAt: a.clock.Format(s.CreatedAt), UpdatedAt: a.clock.Format(s.UpdatedAt)}
	for i, r := range s.Rooms {
		out.Rooms[i] = roomJSON{Code: r.Code, Name: r.Name, Kind: string(r.Kind), KindLabel: r.Kind.Label(), Floor: r.Floor}
	}
	return out
}

func (a *API) siteList(ss []netops.Site) any {
	out := itemsJSON{Items: make([]any, len(ss))}
	for i := range ss {
		out.Items[i] = a.siteOut(&ss[i])
	}
	return out
}

// itemsJSON is a whole collection that the Service returns at once (the
// sites, the networks, a period's bookings or shifts): {"items": [...]}.
type itemsJSON struct {
	Items []any `json:"items"`
}

type roomInJSON struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Floor string `json:"floor"`
}

func rooms(in []roomInJSON) []netops.Room {
	if in == nil {
		return nil
	}
	out := make([]netops.Room, len(in))
	for i, r := range in {
		out[i] = netops.Room{Code: r.Code, Name: r.Name, Kind: netops.RoomKind(r.Kind), Floor: r.Floor}
	}
	return out
}

// siteCreateJSON records a site.
type siteCreateJSON struct {
	Code    string       `json:"code"`
	Name    string       `json:"name"`
	Zone    string       `json:"zone"`
	Address string       `json:"address"`
	Rooms   []roomInJSON `json:"rooms"`
	Note    string       `json:"note"`
}

// siteUpdateJSON changes the fields it gives; the code never changes.
type siteUpdateJSON struct {
	Name    *string       `json:"name"`
	Zone    *string       `json:"zone"`
	Address *string       `json:"address"`
	Rooms   *[]roomInJSON `json:"rooms"`
	Note    *string       `json:"note"`
}

type unitJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Parent    string `json:"parent,omitempty"`
	Zone      string `json:"zone,omitempty"`
	ZoneLabel string `json:"zone_label"`
}

func unitOut(u *netops.Unit) unitJSON {
	return unitJSON{Code: u.Code, Name: u.Name, Kind: u.Kind, KindLabel: u.KindLabel, Parent: u.Parent,
		Zone: string(u.Zone), ZoneLabel: u.Zone.Label()}
}

type unitNetJSON struct {
	ID        string `json:"id"`
	Unit      string `json:"unit"`
	Site      string `json:"site,omitempty"`
	Room      string `json:"room,omitempty"`
	Note      string `json:"note,omitempty"`
	Version   int64  `json:"version"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func (a *API) unitNetOut(u *netops.UnitNet) unitNetJSON {
	return unitNetJSON{ID: u.ID.String(), Unit: u.Unit, Site: u.Site, Room: u.Room, Note: u.Note, Version: u.Version,
		CreatedAt: a.clock.Format(u.CreatedAt), UpdatedAt: a.clock.Format(u.UpdatedAt)}
}

type unitViewJSON struct {
	Code      string       `json:"code"`
	Directory *unitJSON    `json:"directory,omitempty"`
	Net       *unitNetJSON `json:"net,omitempty"`
	Links     []linkJSON   `json:"links"`
	Connected bool         `json:"connected"`
}

func (a *API) unitViewOut(v *netops.UnitView) unitViewJSON {
	out := unitViewJSON{Code: v.Code, Links: make([]linkJSON, len(v.Links)), Connected: v.Connected}
	if v.Directory != nil {
		d := unitOut(v.Directory)
		out.Directory = &d
	}
	if v.Net != nil {
		n := a.unitNetOut(v.Net)
		out.Net = &n
	}
	for i := range v.Links {
		out.Links[i] = a.linkOut(&v.Links[i])
	}
	return out
}

// unitPutJSON sets a unit's network profile.
type unitPutJSON struct {
	Site string `json:"site"`
	Room string `json:"room"`
	Note string `json:"note"`
}

type stepsJSON struct {
	Planned        string `json:"planned,omitempty"`
	Provisioning   string `json:"provisioning,omitempty"`
	Active         string `json:"active,omitempty"`
	Deprovisioning string `json:"deprovisioning,omitempty"`
	Decommissioned string `json:"decommissioned,omitempty"`
}

type linkJSON struct {
	ID            string    `json:"id"`
	Unit          string    `json:"unit"`
	Site          string    `json:"site,omitempty"`
	Room          string    `json:"room,omitempty"`
	Carrier       string    `json:"carrier,omitempty"`
	CircuitID     string    `json:"circuit_id,omitempty"`
	Type          string    `json:"type"`
	TypeLabel     string    `json:"type_label"`
	ViaExtranet   bool      `json:"via_extranet"`
	SelfBuilt     bool      `json:"self_built"`
	Network       string    `json:"network,omitempty"`
	BandwidthMbps int64     `json:"bandwidth_mbps"`
	VLAN          int       `json:"vlan"`
	Prefixes      []string  `json:"prefixes"`
	Status        string    `json:"status"`
	StatusLabel   string    `json:"status_label"`
	Steps         stepsJSON `json:"steps"`
	Since         string    `json:"since,omitempty"`
	Note          string    `json:"note,omitempty"`
	Version       int64     `json:"version"`
	CreatedAt     string    `json:"created_at"`
	UpdatedAt     string    `json:"updated_at"`
}

func (a *API) linkOut(l *netops.Link) linkJSON {
	c := a.clock
	out := linkJSON{ID: l.ID.String(), Unit: l.Unit, Site: l.Site, Room: l.Room, Carrier: l.Carrier, CircuitID: l.CircuitID,
		Type: string(l.Type), TypeLabel: l.Type.Label(), ViaExtranet: l.ViaExtranet, SelfBuilt: l.SelfBuilt(),
		Network: l.Network, BandwidthMbps: l.BandwidthMbps, VLAN: l.VLAN, Prefixes: make([]string, len(l.Prefixes)),
		Status: string(l.Status), StatusLabel: l.Status.Label(),
		Steps: stepsJSON{Planned: c.Format(l.Steps.Planned), Provisioning: c.Format(l.Steps.Provisioning),
			Active: c.Format(l.Steps.Active), Deprovisioning: c.Format(l.Steps.Deprovisioning),
			Decommissioned: c.Format(l.Steps.Decommissioned)},
		Since: c.Format(l.Since()), Note: l.Note, Version: l.Version,
		CreatedAt: c.Format(l.CreatedAt), UpdatedAt: c.Format(l.UpdatedAt)}
	for i, p := range l.Prefixes {
		out.Prefixes[i] = p.String()
	}
	return out
}

// linkCreateJSON records a link.
type linkCreateJSON struct {
	Unit          string   `json:"unit"`
	Site          string   `json:"site"`
	Room          string   `json:"room"`
	Carrier       string   `json:"carrier"`
	CircuitID     string   `json:"circuit_id"`
	Type          string   `json:"type"`
	ViaExtranet   bool     `json:"via_extranet"`
	Network       string   `json:"network"`
	BandwidthMbps int64    `json:"bandwidth_mbps"`
	VLAN          int      `json:"vlan"`
	Prefixes      []string `json:"prefixes"`
	Status        string   `json:"status"`
	At            string   `json:"at"`
	Note          string   `json:"note"`
}

// linkUpdateJSON changes the fields it gives; the status and its dates
// change only by a move.
type linkUpdateJSON struct {
	Unit          *string   `json:"unit"`
	Site          *string   `json:"site"`
	Room          *string   `json:"room"`
	Carrier       *string   `json:"carrier"`
	CircuitID     *string   `json:"circuit_id"`
	Type          *string   `json:"type"`
	ViaExtranet   *bool     `json:"via_extranet"`
	Network       *string   `json:"network"`
	BandwidthMbps *int64    `json:"bandwidth_mbps"`
	VLAN          *int      `json:"vlan"`
	Prefixes      *[]string `json:"prefixes"`
	Note          *string   `json:"note"`
}

// linkMoveJSON moves a link along its lifecycle.
type linkMoveJSON struct {
	To   string `json:"to"`
	At   string `json:"at"`
	Note string `json:"note"`
}

type interconnectJSON struct {
	Mode      string `json:"mode"`
	ModeLabel string `json:"mode_label"`
	Site      string `json:"site,omitempty"`
	Room      string `json:"room,omitempty"`
	Since     string `json:"since,omitempty"`
	Note      string `json:"note,omitempty"`
}

type networkJSON struct {
	ID           string           `json:"id"`
	Code         string           `json:"code"`
	Name         string           `json:"name"`
	Authority    string           `json:"authority,omitempty"`
	Interconnect interconnectJSON `json:"interconnect"`
	Status       string           `json:"status"`
	StatusLabel  string           `json:"status_label"`
	Note         string           `json:"note,omitempty"`
	Version      int64            `json:"version"`
	CreatedAt    string           `json:"created_at"`
	UpdatedAt    string           `json:"updated_at"`
}

func (a *API) networkOut(n *netops.Network) networkJSON {
	ic := n.Interconnect
	return networkJSON{ID: n.ID.String(), Code: n.Code, Name: n.Name, Authority: n.Authority,
		Interconnect: interconnectJSON{Mode: string(ic.Mode), ModeLabel: ic.Mode.Label(), Site: ic.Site, Room: ic.Room,
			Since: a.clock.Format(ic.Since), Note: ic.Note},
		Status: string(n.Status), StatusLabel: n.Status.Label(), Note: n.Note, Version: n.Version,
		CreatedAt: a.clock.Format(n.CreatedAt), UpdatedAt: a.clock.Format(n.UpdatedAt)}
}

func (a *API) networkList(ns []netops.Network) any {
	out := itemsJSON{Items: make([]any, len(ns))}
	for i := range ns {
		out.Items[i] = a.networkOut(&ns[i])
	}
	return out
}

// networkViewJSON is a network with its links and the units they serve.
type networkViewJSON struct {
	networkJSON
	Links []linkJSON `json:"links"`
	Units []string   `json:"units"`
}

func (a *API) networkViewOut(v *netops.NetworkView) networkViewJSON {
	out := networkViewJSON{networkJSON: a.networkOut(&v.Network), Links: make([]linkJSON, len(v.Links)), Units: nonNil(v.Units)}
	for i := range v.Links {
		out.Links[i] = a.linkOut(&v.Links[i])
	}
	return out
}

type interconnectInJSON struct {
	Mode  string `json:"mode"`
	Site  string `json:"site"`
	Room  string `json:"room"`
	Since string `json:"since"`
	Note  string `json:"note"`
}

func (a *API) interconnect(p *govops.Problems, in interconnectInJSON) netops.Interconnect {
	return netops.Interconnect{Mode: netops.InterconnectMode(in.Mode), Site: in.Site, Room: in.Room,
		Since: a.day(p, "interconnect.since", in.Since), Note: in.Note}
}

// networkCreateJSON records a business private network.
type networkCreateJSON struct {
	Code         string             `json:"code"`
	Name         string             `json:"name"`
	Authority    string             `json:"authority"`
	Interconnect interconnectInJSON `json:"interconnect"`
	Status       string             `json:"status"`
	Note         string             `json:"note"`
}

// networkUpdateJSON changes the fields it gives; the code never changes.
// An interconnection given replaces the whole interconnection.
type networkUpdateJSON struct {
	Name         *string             `json:"name"`
	Authority    *string             `json:"authority"`
	Interconnect *interconnectInJSON `json:"interconnect"`
	Status       *string             `json:"status"`
	Note         *string             `json:"note"`
}

type migrationJSON struct {
	ID          string `json:"id"`
	Unit        string `json:"unit"`
	FromSite    string `json:"from_site,omitempty"`
	FromRoom    string `json:"from_room,omitempty"`
	ToSite      string `json:"to_site"`
	ToRoom      string `json:"to_room,omitempty"`
	PlannedFor  string `json:"planned_for"`
	Plan        string `json:"plan,omitempty"`
	CutoverAt   string `json:"cutover_at,omitempty"`
	VerifiedAt  string `json:"verified_at,omitempty"`
	VerifiedBy  string `json:"verified_by,omitempty"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Note        string `json:"note,omitempty"`
	Version     int64  `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func (a *API) migrationOut(m *netops.Migration) migrationJSON {
	c := a.clock
	return migrationJSON{ID: m.ID.String(), Unit: m.Unit, FromSite: m.FromSite, FromRoom: m.FromRoom, ToSite: m.ToSite,
		ToRoom: m.ToRoom, PlannedFor: c.Format(m.PlannedFor), Plan: m.Plan, CutoverAt: c.Format(m.CutoverAt),
		VerifiedAt: c.Format(m.VerifiedAt), VerifiedBy: m.VerifiedBy, Status: string(m.Status), StatusLabel: m.Status.Label(),
		Note: m.Note, Version: m.Version, CreatedAt: c.Format(m.CreatedAt), UpdatedAt: c.Format(m.UpdatedAt)}
}

// migrationCreateJSON plans a migration.
type migrationCreateJSON struct {
	Unit       string `json:"unit"`
	ToSite     string `json:"to_site"`
	ToRoom     string `json:"to_room"`
	PlannedFor string `json:"planned_for"`
	Plan       string `json:"plan"`
	Note       string `json:"note"`
}

// stepJSON is a step of a migration: when, and a note (required to
// cancel).
type stepJSON struct {
	At   string `json:"at"`
	Note string `json:"note"`
}

type rateJSON struct {
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Percent     *string `json:"percent"`
}

func rateOut(r govops.Rate) rateJSON {
	return rateJSON{Numerator: r.Numerator, Denominator: r.Denominator, Percent: apikit.Rate(r)}
}

type kindCoverageJSON struct {
	Kind      string   `json:"kind"`
	KindLabel string   `json:"kind_label"`
	Units     int      `json:"units"`
	Connected int      `json:"connected"`
	Rate      rateJSON `json:"rate"`
}

type coverageJSON struct {
	Units       int                `json:"units"`
	Connected   int                `json:"connected"`
	Rate        rateJSON           `json:"rate"`
	ByKind      []kindCoverageJSON `json:"by_kind"`
	Unconnected []unitJSON         `json:"unconnected"`
	Unknown     []string           `json:"unknown"`
}

func (a *API) coverageOut(c *netops.Coverage) any {
	out := coverageJSON{Units: c.Units, Connected: c.Connected, Rate: rateOut(c.Rate),
		ByKind: make([]kindCoverageJSON, len(c.ByKind)), Unconnected: make([]unitJSON, len(c.Unconnected)), Unknown: nonNil(c.Unknown)}
	for i, k := range c.ByKind {
		out.ByKind[i] = kindCoverageJSON{Kind: k.Kind, KindLabel: k.Label, Units: k.Units, Connected: k.Connected, Rate: rateOut(k.Rate)}
	}
	for i := range c.Unconnected {
		out.Unconnected[i] = unitOut(&c.Unconnected[i])
	}
	return out
}

type linkPrefixJSON struct {
	Link        string `json:"link"`
	Unit        string `json:"unit"`
	Space       string `json:"space,omitempty"`
	Prefix      string `json:"prefix"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
}

func prefixOut(p netops.LinkPrefix) linkPrefixJSON {
	return linkPrefixJSON{Link: p.Link.String(), Unit: p.Unit, Space: p.Space, Prefix: p.Prefix.String(),
		Status: string(p.Status), StatusLabel: p.Status.Label()}
}

type overlapJSON struct {
	A linkPrefixJSON `json:"a"`
	B linkPrefixJSON `json:"b"`
}

type overlapsJSON struct {
	Prefixes int           `json:"prefixes"`
	Overlaps []overlapJSON `json:"overlaps"`
}

func (a *API) overlapsOut(r *netops.OverlapReport) any {
	out := overlapsJSON{Prefixes: r.Prefixes, Overlaps: make([]overlapJSON, len(r.Overlaps))}
	for i, o := range r.Overlaps {
		out.Overlaps[i] = overlapJSON{A: prefixOut(o.A), B: prefixOut(o.B)}
	}
	return out
}

type campaignLineJSON struct {
	Link     linkJSON `json:"link"`
	UnitName string   `json:"unit_name,omitempty"`
	AgeDays  int      `json:"age_days"`
}

type campaignJSON struct {
	Total     int                `json:"total"`
	Active    int                `json:"active"`
	Remaining int                `json:"remaining"`
	Revoked   int                `json:"revoked"`
	Done      bool               `json:"done"`
	Lines     []campaignLineJSON `json:"lines"`
}

func (a *API) campaignOut(c *netops.Campaign) any {
	out := campaignJSON{Total: c.Total, Active: c.Active, Remaining: c.Remaining, Revoked: c.Revoked, Done: c.Done,
		Lines: make([]campaignLineJSON, len(c.Lines))}
	for i := range c.Lines {
		l := &c.Lines[i]
		out.Lines[i] = campaignLineJSON{Link: a.linkOut(&l.Link), UnitName: l.UnitName, AgeDays: l.AgeDays}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
