package netops

import (
	"time"

	"github.com/google/uuid"
)

// InterconnectMode is how a business private network is joined to the
// extranet.
type InterconnectMode string

// Interconnection modes.
const (
	InterconnectNone       InterconnectMode = "none"       // 未互联
	InterconnectFirewall   InterconnectMode = "firewall"   // 防火墙
	InterconnectGatekeeper InterconnectMode = "gatekeeper" // 网闸 (安全隔离与信息交换)
	InterconnectRouted     InterconnectMode = "routed"     // 路由互通
)

// InterconnectModes lists every mode.
func InterconnectModes() []InterconnectMode {
	return []InterconnectMode{InterconnectNone, InterconnectFirewall, InterconnectGatekeeper, InterconnectRouted}
}

// Label returns the Chinese label of m.
func (m InterconnectMode) Label() string {
	switch m {
	case InterconnectNone:
		return "未互联"
	case InterconnectFirewall:
		return "防火墙"
	case InterconnectGatekeeper:
		return "网闸"
	case InterconnectRouted:
		return "路由互通"
	}
	return string(m)
}

// Valid reports whether m is one of InterconnectModes.
func (m InterconnectMode) Valid() bool {
	for _, v := range InterconnectModes() {
		if m == v {
			return true
		}
	}
	return false
}

// NetworkStatus is whether a business private network is in use.
type NetworkStatus string

// Network statuses.
const (
	NetworkActive  NetworkStatus = "active"  // 在用
	NetworkRetired NetworkStatus = "retired" // 已撤并 (merged into the extranet or closed)
)

// Label returns the Chinese label of s.
func (s NetworkStatus) Label() string {
	switch s {
	case NetworkActive:
		return "在用"
	case NetworkRetired:
		return "已撤并"
	}
	return string(s)
}

// Valid reports whether s is a network status.
func (s NetworkStatus) Valid() bool { return s == NetworkActive || s == NetworkRetired }

// Interconnect is where and how a business private network meets the
// extranet.
type Interconnect struct {
	Mode InterconnectMode `mask:"safe"`
	// Site and Room are where the interconnection stands ("" with mode
	// none).
	Site string `mask:"safe"`
	Room string `mask:"safe"`
	// Since is when it was put in service (zero with mode none).
	Since time.Time
	Note  string
}

// Network is a business private network (非涉密业务专网): a vertical
// network run by a higher authority (公安, 人社, 医保, …) that reaches units
// of the district, and its interconnection with the extranet. Classified
// networks (涉密网) are never recorded here. A network is referred to by
// its Code.
type Network struct {
	ID   uuid.UUID
	Code string `mask:"safe"`
	Name string `mask:"safe"`
	// Authority is the authority that runs it (主管部门).
	Authority    string `mask:"safe"`
	Interconnect Interconnect
	Status       NetworkStatus `mask:"safe"`
	Note         string
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// NetworkInput is what CreateNetwork and UpdateNetwork take; UpdateNetwork
// replaces every field but the code. Status is active unless set.
type NetworkInput struct {
	Code         string
	Name         string
	Authority    string
	Interconnect Interconnect
	Status       NetworkStatus
	Note         string
	IfVersion    int64
}

// NetworkView is a network as Network returns it, with its links and the
// units they serve.
type NetworkView struct {
	Network Network
	Links   []Link
	// Units are the codes of the units with a live link in the network,
	// sorted.
	Units []string `mask:"safe"`
}
