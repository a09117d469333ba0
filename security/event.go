package security

import (
	"time"

	"github.com/google/uuid"
	"github.com/govops-kit/govops"
)

// EventType names what an Event records.
type EventType string

// Event types.
const (
	EventPlanDrafted        EventType = "plan_drafted"
	EventPlanUpdated        EventType = "plan_updated"
	EventPlanApproved       EventType = "plan_approved"
	EventPlanSuperseded     EventType = "plan_superseded"
	EventDrillRecorded      EventType = "drill_recorded"
	EventDrillUpdated       EventType = "drill_updated"
	EventActionAdded        EventType = "action_added"
	EventActionUpdated      EventType = "action_updated"
	EventInspectionRecorded EventType = "inspection_recorded"
	EventInspectionUpdated  EventType = "inspection_updated"
	EventChecklistAdded     EventType = "checklist_added"
	EventChecklistUpdated   EventType = "checklist_updated"
	EventHardeningOpened    EventType = "hardening_opened"
	EventHardeningUpdated   EventType = "hardening_updated"
	EventHardeningRemedied  EventType = "hardening_remediated"
	EventHardeningVerified  EventType = "hardening_verified"
	EventHardeningReopened  EventType = "hardening_reopened"
	EventExerciseRecorded   EventType = "exercise_recorded"
	EventExerciseUpdated    EventType = "exercise_updated"
	EventIncidentReported   EventType = "incident_reported"
	EventIncidentUpdated    EventType = "incident_updated"
	EventIncidentMoved      EventType = "incident_moved"
)

// Label returns the Chinese label of t.
func (t EventType) Label() string {
	switch t {
	case EventPlanDrafted:
		return "起草预案"
	case EventPlanUpdated:
		return "修改预案"
	case EventPlanApproved:
		return "批准预案"
	case EventPlanSuperseded:
		return "预案废止（被新版替代）"
	case EventDrillRecorded:
		return "登记演练"
	case EventDrillUpdated:
		return "修改演练"
	case EventActionAdded:
		return "增加整改措施"
	case EventActionUpdated:
		return "更新整改措施"
	case EventInspectionRecorded:
		return "登记自查"
	case EventInspectionUpdated:
		return "修改自查"
	case EventChecklistAdded:
		return "增加检查项"
	case EventChecklistUpdated:
		return "修改检查项"
	case EventHardeningOpened:
		return "登记加固问题"
	case EventHardeningUpdated:
		return "修改加固问题"
	case EventHardeningRemedied:
		return "整改完成"
	case EventHardeningVerified:
		return "复核通过"
	case EventHardeningReopened:
		return "复测未通过，重新打开"
	case EventExerciseRecorded:
		return "登记攻防演练"
	case EventExerciseUpdated:
		return "修改攻防演练"
	case EventIncidentReported:
		return "登记安全事件"
	case EventIncidentUpdated:
		return "修改安全事件"
	case EventIncidentMoved:
		return "安全事件进展"
	}
	return string(t)
}

// Status is the status an Event moves its subject from and to: a
// PlanStatus, HardeningStatus or IncidentStatus, or an ActionStatus for
// an action's change, as a string ("" for the records without one:
// drills, inspections, checklist items and exercises).
type Status string

// Event is one entry of the trail (留痕) of any security record, by its
// ID: see govops.Event.
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
