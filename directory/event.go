package directory

import "github.com/govops-kit/govops"

// EventType is what happened to a department.
type EventType string

// Event types.
const (
	EventCreated   EventType = "created"   // 新增: added, alone or by an import
	EventUpdated   EventType = "updated"   // 修改: name, kind, parent or zone changed
	EventDissolved EventType = "dissolved" // 撤销
	EventRestored  EventType = "restored"  // 恢复
)

// EventTypes lists every event type.
func EventTypes() []EventType {
	return []EventType{EventCreated, EventUpdated, EventDissolved, EventRestored}
}

// Label returns the Chinese label of t.
func (t EventType) Label() string {
	switch t {
	case EventCreated:
		return "新增"
	case EventUpdated:
		return "修改"
	case EventDissolved:
		return "撤销"
	case EventRestored:
		return "恢复"
	}
	return string(t)
}

// Valid reports whether t is one of EventTypes.
func (t EventType) Valid() bool {
	for _, v := range EventTypes() {
		if t == v {
			return true
		}
	}
	return false
}

// Event is one entry of a department's trail (留痕), in the shape every
// domain's trail shares: Subject is the department's ID, Seq the Version
// the event produced, From and To its Status before and after ("" before
// it was created), Department its code. The Note of an updated event lists
// the fields that changed ("name: 旧 → 新; zone: urban → suburban"), that
// of a dissolved or restored event the reason given, and that of a created
// event the import row, if it was imported.
type Event = govops.Event[EventType, Status]
