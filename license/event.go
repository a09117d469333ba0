package license

import (
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// EventType names what an Event records.
type EventType string

// Event types.
const (
	EventTypeAdded        EventType = "type_added"
	EventTypeUpdated      EventType = "type_updated"
	EventClaimFiled       EventType = "claim_filed"
	EventClaimUpdated     EventType = "claim_updated"
	EventClaimWithdrawn   EventType = "claim_withdrawn"
	EventTemplateUploaded EventType = "template_uploaded"
	EventTemplateApproved EventType = "template_approved"
	EventTemplateReplaced EventType = "template_superseded"
	EventSchemaSet        EventType = "schema_set"
	EventRecordCreated    EventType = "record_created"
	EventRecordSuspended  EventType = "record_suspended"
	EventRecordReinstated EventType = "record_reinstated"
	EventRecordAnnulled   EventType = "record_annulled"
	EventRecordCancelled  EventType = "record_cancelled"
	EventRecordExpired    EventType = "record_expired"
	EventRecordRevoked    EventType = "record_revoked"
	EventRecordReissued   EventType = "record_reissued"
)

// Label returns the Chinese label of t.
func (t EventType) Label() string {
	switch t {
	case EventTypeAdded:
		return "新增证照类型"
	case EventTypeUpdated:
		return "修改证照类型"
	case EventClaimFiled:
		return "认领/情况说明"
	case EventClaimUpdated:
		return "修改认领"
	case EventClaimWithdrawn:
		return "撤回认领"
	case EventTemplateUploaded:
		return "上传版式文件"
	case EventTemplateApproved:
		return "审定版式文件"
	case EventTemplateReplaced:
		return "版式文件被替换"
	case EventSchemaSet:
		return "设置照面信息"
	case EventRecordCreated:
		return "证照入库"
	case EventRecordSuspended:
		return "暂扣"
	case EventRecordReinstated:
		return "发还"
	case EventRecordAnnulled:
		return "撤销"
	case EventRecordCancelled:
		return "注销"
	case EventRecordExpired:
		return "失效"
	case EventRecordRevoked:
		return "吊销"
	case EventRecordReissued:
		return "换发"
	}
	return string(t)
}

// Status is the status an Event moved its subject from or to: a
// ClaimStatus, a TemplateStatus or a record State, by its code; "" for a
// subject without one (a type, a schema).
type Status string

// Label returns the Chinese label of s, whichever status it is.
func (s Status) Label() string {
	if l := ClaimStatus(s).Label(); l != string(s) {
		return l
	}
	if l := TemplateStatus(s).Label(); l != string(s) {
		return l
	}
	return State(s).Label()
}

// Event is one entry of the trail (留痕) of a type, a claim, a template, a
// schema or a record: the shared govops.Event, whose From and To are the
// statuses (or record states) before and after the change, and whose
// Subject is the changed thing's ID.
type Event = govops.Event[EventType, Status]

// newEvent returns the event of by's change of subject to version seq.
func newEvent(subject uuid.UUID, seq int64, t EventType, by govops.Actor, at time.Time, from, to, dept, note string) (Event, error) {
	e, err := govops.NewEvent(subject, seq, t, by, at, Status(from), Status(to))
	if err != nil {
		return Event{}, err
	}
	e.Department, e.Note = dept, note
	return e, nil
}
