package netops

import "github.com/govops-kit/govops"

// EventType names what an Event records.
type EventType string

// Event types.
const (
	EventSiteCreated        EventType = "site_created"
	EventSiteUpdated        EventType = "site_updated"
	EventUnitSet            EventType = "unit_set"
	EventUnitMoved          EventType = "unit_moved"
	EventLinkCreated        EventType = "link_created"
	EventLinkUpdated        EventType = "link_updated"
	EventLinkMoved          EventType = "link_moved"
	EventNetworkCreated     EventType = "network_created"
	EventNetworkUpdated     EventType = "network_updated"
	EventMigrationPlanned   EventType = "migration_planned"
	EventMigrationCutover   EventType = "migration_cutover"
	EventMigrationVerified  EventType = "migration_verified"
	EventMigrationCancelled EventType = "migration_cancelled"
	EventVisitReported      EventType = "visit_reported"
	EventVisitArrived       EventType = "visit_arrived"
	EventVisitResolved      EventType = "visit_resolved"
	EventVisitCancelled     EventType = "visit_cancelled"
	EventPlanCreated        EventType = "plan_created"
	EventPlanUpdated        EventType = "plan_updated"
	EventInspectionRecorded EventType = "inspection_recorded"
	EventBookingCreated     EventType = "booking_created"
	EventBookingUpdated     EventType = "booking_updated"
	EventBookingCancelled   EventType = "booking_cancelled"
	EventShiftAdded         EventType = "shift_added"
	EventShiftUpdated       EventType = "shift_updated"
	EventShiftCancelled     EventType = "shift_cancelled"
	EventDeviceAdded        EventType = "device_added"
	EventDeviceUpdated      EventType = "device_updated"
	EventReplacementPlanned EventType = "replacement_planned"
	EventDeviceRetired      EventType = "device_retired"
)

// Label returns the Chinese label of t.
func (t EventType) Label() string {
	switch t {
	case EventSiteCreated:
		return "新建站点"
	case EventSiteUpdated:
		return "修改站点"
	case EventUnitSet:
		return "登记单位网络信息"
	case EventUnitMoved:
		return "单位迁址"
	case EventLinkCreated:
		return "登记线路"
	case EventLinkUpdated:
		return "修改线路"
	case EventLinkMoved:
		return "线路状态变更"
	case EventNetworkCreated:
		return "登记业务专网"
	case EventNetworkUpdated:
		return "修改业务专网"
	case EventMigrationPlanned:
		return "计划迁移"
	case EventMigrationCutover:
		return "割接"
	case EventMigrationVerified:
		return "验证"
	case EventMigrationCancelled:
		return "取消迁移"
	case EventVisitReported:
		return "报修"
	case EventVisitArrived:
		return "到场"
	case EventVisitResolved:
		return "解决"
	case EventVisitCancelled:
		return "取消报修"
	case EventPlanCreated:
		return "制定巡检计划"
	case EventPlanUpdated:
		return "修改巡检计划"
	case EventInspectionRecorded:
		return "巡检"
	case EventBookingCreated:
		return "预约会议保障"
	case EventBookingUpdated:
		return "修改会议预约"
	case EventBookingCancelled:
		return "取消会议预约"
	case EventShiftAdded:
		return "排班"
	case EventShiftUpdated:
		return "调班"
	case EventShiftCancelled:
		return "取消班次"
	case EventDeviceAdded:
		return "设备入账"
	case EventDeviceUpdated:
		return "修改设备"
	case EventReplacementPlanned:
		return "计划更换"
	case EventDeviceRetired:
		return "设备报废"
	}
	return string(t)
}

// Status is the status an Event moves its subject from and to: a
// LinkStatus, MigrationStatus, VisitStatus, PlanStatus, BookingStatus,
// ShiftStatus, DeviceStatus or NetworkStatus, as a string ("" for an
// aggregate without one: sites and unit profiles).
type Status string

// Event is one entry of the trail of any netops aggregate, by its ID: see
// govops.Event.
type Event = govops.Event[EventType, Status]
