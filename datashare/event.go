package datashare

import "github.com/govops-kit/govops"

// EventType names what an Event records.
type EventType string

// Event types.
const (
	EventCatalogCreated   EventType = "catalog_created"
	EventCatalogUpdated   EventType = "catalog_updated"
	EventCatalogPublished EventType = "catalog_published"
	EventCatalogWithdrawn EventType = "catalog_withdrawn"
	EventMountStarted     EventType = "mount_started"
	EventMountCommitted   EventType = "mount_committed"
	EventMountFailed      EventType = "mount_failed"
	EventMountReplaced    EventType = "mount_replaced"
	EventRequestFiled     EventType = "request_filed"
	EventRequestApproved  EventType = "request_approved"
	EventRequestDenied    EventType = "request_denied"
	EventRequestWithdrawn EventType = "request_withdrawn"
	EventGrantRevoked     EventType = "grant_revoked"
)

// Label returns the Chinese label of t.
func (t EventType) Label() string {
	switch t {
	case EventCatalogCreated:
		return "编目"
	case EventCatalogUpdated:
		return "修改目录"
	case EventCatalogPublished:
		return "发布目录"
	case EventCatalogWithdrawn:
		return "下架目录"
	case EventMountStarted:
		return "开始挂接"
	case EventMountCommitted:
		return "挂接完成"
	case EventMountFailed:
		return "挂接失败"
	case EventMountReplaced:
		return "数据被全量替换"
	case EventRequestFiled:
		return "提出共享申请"
	case EventRequestApproved:
		return "同意共享"
	case EventRequestDenied:
		return "不同意共享"
	case EventRequestWithdrawn:
		return "撤回申请"
	case EventGrantRevoked:
		return "撤销授权"
	}
	return string(t)
}

// Status is the status an Event moves its subject from and to: a
// CatalogStatus, a BatchStatus or a RequestStatus, as a string.
type Status string

// Event is one entry of the trail of a catalog, a mount batch or a share
// request: see govops.Event.
type Event = govops.Event[EventType, Status]
