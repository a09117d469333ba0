package govcase

import (
	"github.com/govops-kit/govops"
)

// EventType is what happened to a case.
type EventType string

// Event types, one per lifecycle action, and one for deadlines the
// calendar changed.
const (
	EventRegistered         EventType = "registered"          // 登记
	EventDispatched         EventType = "dispatched"          // 派单
	EventAccepted           EventType = "accepted"            // 签收
	EventReturned           EventType = "returned"            // 退单
	EventExtensionRequested EventType = "extension_requested" // 延期申请
	EventExtensionApproved  EventType = "extension_approved"  // 延期批准
	EventExtensionDenied    EventType = "extension_denied"    // 延期驳回
	EventUrged              EventType = "urged"               // 督办/催办
	EventReplied            EventType = "replied"             // 办理反馈
	EventClosed             EventType = "closed"              // 办结
	EventReopened           EventType = "reopened"            // 重办
	EventCancelled          EventType = "cancelled"           // 作废
	EventCommented          EventType = "commented"           // 备注
	// EventDeadlineRecomputed records provisional deadlines counted again
	// once the calendar has the notice of their year (期限重算); its Note
	// gives the old and new time of each deadline.
	EventDeadlineRecomputed EventType = "deadline_recomputed"
)

// Label returns the Chinese label of t.
func (t EventType) Label() string {
	switch t {
	case EventRegistered:
		return "登记"
	case EventDispatched:
		return "派单"
	case EventAccepted:
		return "签收"
	case EventReturned:
		return "退单"
	case EventExtensionRequested:
		return "延期申请"
	case EventExtensionApproved:
		return "延期批准"
	case EventExtensionDenied:
		return "延期驳回"
	case EventUrged:
		return "督办"
	case EventReplied:
		return "办理反馈"
	case EventClosed:
		return "办结"
	case EventReopened:
		return "重办"
	case EventCancelled:
		return "作废"
	case EventCommented:
		return "备注"
	case EventDeadlineRecomputed:
		return "期限重算"
	}
	return string(t)
}

// Event is one entry of a case's audit trail (办理记录): govops.Event, the
// one trail event of every domain, with Subject the case's ID, Seq the case
// Version the event produced, From and To the case's status before and
// after, and Department the case's department after the event. Events are
// appended with the change they record and never edited; their times are
// UTC.
type Event = govops.Event[EventType, Status]
