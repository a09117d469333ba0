package netops

import (
	"net/netip"
	"time"

	"github.com/google/uuid"
)

// MaxPrefixes bounds the prefixes of one link.
const MaxPrefixes = 64

// LinkType says what a link is.
type LinkType string

// Types of link.
const (
	// LinkExtranet is an extranet access link (外网接入): the unit is
	// connected to the e-government extranet through it.
	LinkExtranet LinkType = "extranet"
	// LinkInternet is a dedicated internet line (互联网专线). One that is
	// not provided through the extranet (ViaExtranet false) is a
	// self-built line (自建互联网专线), which the revocation campaign
	// removes.
	LinkInternet LinkType = "internet"
	// LinkPrivate is a link of a business private network (业务专网),
	// named by Network.
	LinkPrivate LinkType = "private"
)

// LinkTypes lists every link type.
func LinkTypes() []LinkType { return []LinkType{LinkExtranet, LinkInternet, LinkPrivate} }

// Label returns the Chinese label of t.
func (t LinkType) Label() string {
	switch t {
	case LinkExtranet:
		return "外网接入"
	case LinkInternet:
		return "互联网专线"
	case LinkPrivate:
		return "业务专网"
	}
	return string(t)
}

// Valid reports whether t is one of LinkTypes.
func (t LinkType) Valid() bool {
	for _, v := range LinkTypes() {
		if t == v {
			return true
		}
	}
	return false
}

// LinkStatus is where a link is in its life, as a NetBox circuit's.
type LinkStatus string

// Link statuses, in their order.
const (
	LinkPlanned        LinkStatus = "planned"        // 规划
	LinkProvisioning   LinkStatus = "provisioning"   // 开通中
	LinkActive         LinkStatus = "active"         // 在用
	LinkDeprovisioning LinkStatus = "deprovisioning" // 拆除中
	LinkDecommissioned LinkStatus = "decommissioned" // 已拆除
)

// LinkStatuses lists every link status in lifecycle order.
func LinkStatuses() []LinkStatus {
	return []LinkStatus{LinkPlanned, LinkProvisioning, LinkActive, LinkDeprovisioning, LinkDecommissioned}
}

// Label returns the Chinese label of s.
func (s LinkStatus) Label() string {
	switch s {
	case LinkPlanned:
		return "规划"
	case LinkProvisioning:
		return "开通中"
	case LinkActive:
		return "在用"
	case LinkDeprovisioning:
		return "拆除中"
	case LinkDecommissioned:
		return "已拆除"
	}
	return string(s)
}

// Valid reports whether s is one of LinkStatuses.
func (s LinkStatus) Valid() bool {
	for _, v := range LinkStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Live reports whether a link of status s holds its prefixes: every
// status but decommissioned.
func (s LinkStatus) Live() bool { return s.Valid() && s != LinkDecommissioned }

// LinkSteps are the dates a link reached each status: zero for a status it
// has not reached. Each is a time in UTC.
type LinkSteps struct {
	Planned        time.Time
	Provisioning   time.Time
	Active         time.Time
	Deprovisioning time.Time
	Decommissioned time.Time
}

// Link is an access link of a unit, modelled like a NetBox circuit: who
// provides it (carrier and circuit ID), what it is, where it lands and the
// IP prefixes it carries.
type Link struct {
	ID uuid.UUID
	// Unit is the directory code of the unit the link serves, which
	// scopes it: a department sees its own unit's links.
	Unit string `mask:"safe"`
	// Site is the code of the site where the link lands.
	Site string `mask:"safe"`
	Room string `mask:"safe"`
	// Carrier is the provider (中国电信, 中国联通, 中国移动, 广电, …) and
	// CircuitID its circuit number: the pair is unique when CircuitID is
	// set.
	Carrier   string   `mask:"safe"`
	CircuitID string   `mask:"safe"`
	Type      LinkType `mask:"safe"`
	// ViaExtranet says that an internet line is provided through the
	// extranet's unified exit (统一出口) rather than bought by the unit on
	// its own: false on an internet line makes it self-built. It is false
	// for the other types.
	ViaExtranet bool
	// Network is the code of the business private network a private link
	// belongs to; "" for the other types.
	Network string `mask:"safe"`
	// BandwidthMbps is the committed rate in Mbit/s; 0 when not known.
	BandwidthMbps int64
	// VLAN is the VLAN ID (1–4094), 0 for none.
	VLAN int
	// Prefixes are the IP prefixes the link carries, in canonical form
	// (masked), sorted, without duplicates.
	Prefixes []netip.Prefix
	Status   LinkStatus `mask:"safe"`
	Steps    LinkSteps
	Note     string
	Version  int64
	// CreatedAt and UpdatedAt are when the record was written.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SelfBuilt reports whether l is a self-built internet line (自建互联网专线).
func (l *Link) SelfBuilt() bool { return l.Type == LinkInternet && !l.ViaExtranet }

// Space returns the address space l's prefixes live in: the business
// private network's code for a private link, "" (the extranet's) for the
// others. Prefixes overlap only within one space.
func (l *Link) Space() string {
	if l.Type == LinkPrivate {
		return l.Network
	}
	return ""
}

// Since returns when l came into service: the date it became active, or
// when it was planned if it never was.
func (l *Link) Since() time.Time {
	if !l.Steps.Active.IsZero() {
		return l.Steps.Active
	}
	return l.Steps.Planned
}

// LinkInput is what CreateLink and UpdateLink take. A new link starts in
// Status (planned unless set: an inventory of existing lines records them
// active), with the step dates up to it set to At (now unless set).
// UpdateLink replaces every field but the status and its steps, which only
// MoveLink changes; Status and At are ignored then.
type LinkInput struct {
	Unit          string
	Site          string
	Room          string
	Carrier       string
	CircuitID     string
	Type          LinkType
	ViaExtranet   bool
	Network       string
	BandwidthMbps int64
	VLAN          int
	// Prefixes in CIDR notation ("10.20.1.0/24", "2001:db8::/48").
	Prefixes  []string
	Status    LinkStatus
	At        time.Time
	Note      string
	IfVersion int64
}

// LinkStep is what MoveLink takes: the status to move to, the date of the
// step (now unless set; never in the future, never before the step
// before) and a note (required to decommission).
type LinkStep struct {
	To        LinkStatus
	At        time.Time
	Note      string
	IfVersion int64
}

// LinkListInput selects links for Links; each field that is not zero
// narrows the list.
type LinkListInput struct {
	Unit      string
	Site      string
	Type      LinkType
	Status    LinkStatus
	Network   string
	SelfBuilt bool
	Cursor    string
	Limit     int
}

// LinkPrefix is one prefix of one link, as the overlap checks see it.
type LinkPrefix struct {
	Link   uuid.UUID
	Unit   string `mask:"safe"`
	Space  string `mask:"safe"`
	Prefix netip.Prefix
	Status LinkStatus `mask:"safe"`
}

// Overlap is a pair of prefixes that overlap: A contains B (or equals
// it). A.Link and B.Link differ; A sorts before B (see FindOverlaps).
type Overlap struct {
	A, B LinkPrefix
}

// OverlapReport is what Overlaps returns: every overlapping pair among
// the live links, within each address space.
type OverlapReport struct {
	// Prefixes is how many live prefixes were swept.
	Prefixes int
	Overlaps []Overlap
}

// CampaignLine is a self-built internet line as the revocation campaign
// lists it.
type CampaignLine struct {
	Link Link
	// UnitName is the unit's name in the directory ("" when unknown).
	UnitName string `mask:"safe"`
	// AgeDays is how long the line has been in service, in whole days up
	// to its decommissioning or to now.
	AgeDays int
}

// Campaign is the state of the campaign that revokes every self-built
// internet line (清理自建互联网专线).
type Campaign struct {
	// Lines lists every self-built line ever recorded, the ones still to
	// revoke first (oldest first), then the decommissioned ones.
	Lines []CampaignLine
	// Total counts the lines; Active those in service; Remaining those not
	// yet decommissioned; Revoked those decommissioned.
	Total, Active, Remaining, Revoked int
	// Done is true when no self-built line is active.
	Done bool
}
