package security

import (
	"time"

	"github.com/google/uuid"
)

// DrillType says how a drill was held.
type DrillType string

// Drill types.
const (
	DrillTabletop DrillType = "tabletop" // 桌面推演
	DrillLive     DrillType = "live"     // 实战演练
	DrillJoint    DrillType = "joint"    // 联合演练
)

// DrillTypes lists every drill type.
func DrillTypes() []DrillType { return []DrillType{DrillTabletop, DrillLive, DrillJoint} }

// Label returns the Chinese label of t.
func (t DrillType) Label() string {
	switch t {
	case DrillTabletop:
		return "桌面推演"
	case DrillLive:
		return "实战演练"
	case DrillJoint:
		return "联合演练"
	}
	return string(t)
}

// Valid reports whether t is one of DrillTypes.
func (t DrillType) Valid() bool { return t == DrillTabletop || t == DrillLive || t == DrillJoint }

// Observation is one finding of a drill, a self-inspection or an
// exercise. A finding about an asset (Asset and Kind set) becomes a
// hardening record through RaiseFindings; one without (a lesson of a
// drill, such as a slow call-out) stays text.
type Observation struct {
	// Seq numbers the findings of their record from 1; the Service sets it.
	Seq int
	// Asset is the asset's tag or name, and Department the code of the
	// unit that owns it ("" for the center's own).
	Asset      string      `mask:"safe"`
	Department string      `mask:"safe"`
	Kind       FindingKind `mask:"safe"`
	Severity   Severity    `mask:"safe"`
	Detail     string
}

// ActionStatus is where a drill's follow-up action stands.
type ActionStatus string

// Action statuses.
const (
	ActionOpen      ActionStatus = "open"      // 待完成
	ActionDone      ActionStatus = "done"      // 已完成
	ActionCancelled ActionStatus = "cancelled" // 已取消
)

// Label returns the Chinese label of s.
func (s ActionStatus) Label() string {
	switch s {
	case ActionOpen:
		return "待完成"
	case ActionDone:
		return "已完成"
	case ActionCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is an action status.
func (s ActionStatus) Valid() bool { return s == ActionOpen || s == ActionDone || s == ActionCancelled }

// Action is a follow-up action (整改措施) of a drill.
type Action struct {
	// Seq numbers the actions of their drill from 1; the Service sets it.
	Seq   int
	Title string
	// Owner is the person responsible, Department the unit's code ("" for
	// the center).
	Owner      string `mask:"name"`
	Department string `mask:"safe"`
	Due        time.Time
	Status     ActionStatus `mask:"safe"`
	// DoneOn is when it was done or cancelled.
	DoneOn time.Time
	Note   string
}

// Drill is a drill (应急演练) of an emergency plan.
type Drill struct {
	ID uuid.UUID
	// Plan is the ID of the plan revision drilled.
	Plan     uuid.UUID
	Date     time.Time
	Type     DrillType `mask:"safe"`
	Scenario string
	// Participants are the units and teams that took part.
	Participants []string
	Findings     []Observation
	Actions      []Action
	Note         string
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ActionInput is one action of a DrillInput or of AddAction.
type ActionInput struct {
	Title      string
	Owner      string
	Department string
	Due        time.Time
	Note       string
	// IfVersion, on AddAction, is the drill's version the caller read (0:
	// do not check); it is ignored inside a DrillInput.
	IfVersion int64
}

// DrillInput is what RecordDrill and UpdateDrill take. UpdateDrill
// replaces every field but the plan and the actions.
type DrillInput struct {
	// Plan is a reference to the plan (its ID); it must be approved or
	// superseded, never a draft.
	Plan         string
	Date         time.Time
	Type         DrillType
	Scenario     string
	Participants []string
	Findings     []Observation
	Actions      []ActionInput
	Note         string
	IfVersion    int64
}

// ActionUpdate is what UpdateAction takes: the new status (done or
// cancelled closes it, open reopens it), and optionally a new due date.
type ActionUpdate struct {
	Status ActionStatus
	// On is when it was done or cancelled; zero means today.
	On        time.Time
	Due       time.Time
	Note      string
	IfVersion int64
}

// DrillListInput selects drills for Drills.
type DrillListInput struct {
	Plan  string
	Year  int
	After string
	Limit int
}

// DrillFilter selects drills in a Store; zero fields select all. From and
// To bound Date, half-open.
type DrillFilter struct {
	Plan     uuid.UUID
	From, To time.Time
}

// OverdueAction is an open action past its due date.
type OverdueAction struct {
	Drill       uuid.UUID
	Plan        uuid.UUID
	Action      Action
	DaysOverdue int
}

// PlanCompliance is whether one approved plan was drilled in time.
type PlanCompliance struct {
	Plan Plan
	// LastDrill is the date of its latest drill (of this revision or an
	// earlier one of the same Code); zero when never drilled.
	LastDrill time.Time
	// DueBy is when the next drill is due: LastDrill (or the approval, if
	// never drilled) plus the period.
	DueBy time.Time
	// Flagged is set when DueBy has passed.
	Flagged bool
	Reason  string `mask:"safe"`
}

// DrillCompliance is the compliance check of every approved plan.
type DrillCompliance struct {
	At time.Time
	// PeriodMonths is the period a plan must be drilled within.
	PeriodMonths int
	Plans        []PlanCompliance
	// Flagged counts the plans flagged.
	Flagged int
}
