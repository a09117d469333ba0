package netops

import (
	"time"

	"github.com/google/uuid"
)

// DefaultDeviceLife is how long a device serves when its record gives no
// end-of-life date: six years from purchase, the usual depreciation term
// of network equipment.
const DefaultDeviceLife = 6

// DeviceKind says what a device is.
type DeviceKind string

// Device kinds.
const (
	DeviceRouter   DeviceKind = "router"   // 路由器
	DeviceSwitch   DeviceKind = "switch"   // 交换机
	DeviceFirewall DeviceKind = "firewall" // 防火墙
	DeviceServer   DeviceKind = "server"   // 服务器
	DeviceStorage  DeviceKind = "storage"  // 存储
	DeviceUPS      DeviceKind = "ups"      // UPS 电源
	DeviceOther    DeviceKind = "other"    // 其他
)

// DeviceKinds lists every device kind.
func DeviceKinds() []DeviceKind {
	return []DeviceKind{DeviceRouter, DeviceSwitch, DeviceFirewall, DeviceServer, DeviceStorage, DeviceUPS, DeviceOther}
}

// Label returns the Chinese label of k.
func (k DeviceKind) Label() string {
	switch k {
	case DeviceRouter:
		return "路由器"
	case DeviceSwitch:
		return "交换机"
	case DeviceFirewall:
		return "防火墙"
	case DeviceServer:
		return "服务器"
	case DeviceStorage:
		return "存储"
	case DeviceUPS:
		return "UPS 电源"
	case DeviceOther:
		return "其他"
	}
	return string(k)
}

// Valid reports whether k is one of DeviceKinds.
func (k DeviceKind) Valid() bool {
	for _, v := range DeviceKinds() {
		if k == v {
			return true
		}
	}
	return false
}

// DeviceStatus is whether a device serves.
type DeviceStatus string

// Device statuses.
const (
	DeviceInService DeviceStatus = "in_service" // 在用
	DeviceRetired   DeviceStatus = "retired"    // 已报废
)

// Label returns the Chinese label of s.
func (s DeviceStatus) Label() string {
	switch s {
	case DeviceInService:
		return "在用"
	case DeviceRetired:
		return "已报废"
	}
	return string(s)
}

// Valid reports whether s is a device status.
func (s DeviceStatus) Valid() bool { return s == DeviceInService || s == DeviceRetired }

// Replacement is the planned replacement of an old device.
type Replacement struct {
	// PlannedOn is when it is to be replaced; zero when no replacement is
	// planned.
	PlannedOn time.Time
	// Model is the replacement's model, and Note the plan.
	Model string `mask:"safe"`
	Note  string
}

// Device is an entry of the equipment register (设备台账). A device is
// referred to by its ID or its AssetTag.
type Device struct {
	ID uuid.UUID
	// AssetTag is the asset number (资产编号); unique.
	AssetTag string     `mask:"safe"`
	Name     string     `mask:"safe"`
	Kind     DeviceKind `mask:"safe"`
	Site     string     `mask:"safe"`
	Room     string     `mask:"safe"`
	Vendor   string     `mask:"safe"`
	Model    string     `mask:"safe"`
	Serial   string     `mask:"safe"`
	// PurchasedOn is the purchase date and EndOfLife when the device is to
	// leave service (PurchasedOn + DefaultDeviceLife years unless given).
	PurchasedOn time.Time
	EndOfLife   time.Time
	Replacement Replacement
	Status      DeviceStatus `mask:"safe"`
	Note        string
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// DeviceInput is what AddDevice and UpdateDevice take; UpdateDevice
// replaces every field but the asset tag, the replacement and the status.
type DeviceInput struct {
	AssetTag    string
	Name        string
	Kind        DeviceKind
	Site        string
	Room        string
	Vendor      string
	Model       string
	Serial      string
	PurchasedOn time.Time
	EndOfLife   time.Time
	Note        string
	IfVersion   int64
}

// ReplacementInput is what PlanReplacement takes; a zero PlannedOn clears
// the plan.
type ReplacementInput struct {
	PlannedOn time.Time
	Model     string
	Note      string
	IfVersion int64
}

// DeviceListInput selects devices for Devices.
type DeviceListInput struct {
	Site   string
	Kind   DeviceKind
	Status DeviceStatus
	Cursor string
	Limit  int
}

// AgingReport is what Aging returns: the devices in service that are past
// their end of life as of AsOf, those that reach it within the next year,
// and those with a replacement planned.
type AgingReport struct {
	AsOf                time.Time
	PastLife            []Device
	DueWithinYear       []Device
	ReplacementsPlanned []Device
}

// DeviceRetire is what RetireDevice takes.
type DeviceRetire struct {
	Note      string
	IfVersion int64
}
