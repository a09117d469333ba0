package netops

import (
	"time"

	"github.com/google/uuid"
)

// MaxChecklist bounds the items of a checklist.
const MaxChecklist = 100

// TargetKind says what an inspection looks at.
type TargetKind string

// Target kinds.
const (
	TargetRoom   TargetKind = "room"   // a room of a site, a machine room as a rule
	TargetDevice TargetKind = "device" // a device of the equipment register
)

// Label returns the Chinese label of k.
func (k TargetKind) Label() string {
	switch k {
	case TargetRoom:
		return "机房"
	case TargetDevice:
		return "设备"
	}
	return string(k)
}

// Valid reports whether k is a target kind.
func (k TargetKind) Valid() bool { return k == TargetRoom || k == TargetDevice }

// Target is what an inspection plan inspects: a room of a site (Site and
// Room), or a device of the register (Device, its asset tag).
type Target struct {
	Kind   TargetKind `mask:"safe"`
	Site   string     `mask:"safe"`
	Room   string     `mask:"safe"`
	Device string     `mask:"safe"`
}

// Frequency is how often a plan's target is inspected.
type Frequency string

// Frequencies.
const (
	Daily     Frequency = "daily"     // 每日
	Weekly    Frequency = "weekly"    // 每周
	Monthly   Frequency = "monthly"   // 每月
	Quarterly Frequency = "quarterly" // 每季度
	Yearly    Frequency = "yearly"    // 每年
)

// Frequencies lists every frequency, most frequent first.
func Frequencies() []Frequency { return []Frequency{Daily, Weekly, Monthly, Quarterly, Yearly} }

// Label returns the Chinese label of f.
func (f Frequency) Label() string {
	switch f {
	case Daily:
		return "每日"
	case Weekly:
		return "每周"
	case Monthly:
		return "每月"
	case Quarterly:
		return "每季度"
	case Yearly:
		return "每年"
	}
	return string(f)
}

// Valid reports whether f is one of Frequencies.
func (f Frequency) Valid() bool {
	for _, v := range Frequencies() {
		if f == v {
			return true
		}
	}
	return false
}

// Next returns when an inspection done at t is next due: one period later,
// counted on the calendar in Asia/Shanghai (a month after 31 January is the
// last day of February).
func (f Frequency) Next(t time.Time) time.Time { return nextDue(f, t) }

// PlanStatus is whether a plan is followed.
type PlanStatus string

// Plan statuses.
const (
	PlanActive PlanStatus = "active" // 执行中
	PlanPaused PlanStatus = "paused" // 已暂停
)

// Label returns the Chinese label of s.
func (s PlanStatus) Label() string {
	switch s {
	case PlanActive:
		return "执行中"
	case PlanPaused:
		return "已暂停"
	}
	return string(s)
}

// Valid reports whether s is a plan status.
func (s PlanStatus) Valid() bool { return s == PlanActive || s == PlanPaused }

// Plan is an inspection plan (巡检计划): a target, how often, and the
// checklist each inspection goes through. NextDue is when the next
// inspection is due: StartOn until the first one is recorded, then one
// period after the last.
type Plan struct {
	ID        uuid.UUID
	Name      string `mask:"safe"`
	Target    Target
	Frequency Frequency `mask:"safe"`
	Checklist []string  `mask:"safe"`
	// Assignee is who inspects, as a rule.
	Assignee string `mask:"safe"`
	StartOn  time.Time
	LastDone time.Time
	NextDue  time.Time
	Status   PlanStatus `mask:"safe"`
	Note     string
	Version  int64
	// CreatedAt and UpdatedAt are when the record was written.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PlanInput is what CreatePlan and UpdatePlan take. Status is active
// unless set; StartOn is now unless set.
type PlanInput struct {
	Name      string
	Target    Target
	Frequency Frequency
	Checklist []string
	Assignee  string
	StartOn   time.Time
	Status    PlanStatus
	Note      string
	IfVersion int64
}

// CheckResult is the result of one checklist item.
type CheckResult struct {
	Item string `mask:"safe"`
	OK   bool
	Note string
}

// Record is one inspection done (巡检记录).
type Record struct {
	ID        uuid.UUID
	Plan      uuid.UUID
	Target    Target
	At        time.Time
	Inspector string `mask:"safe"`
	// Results has one result for each item of the plan's checklist, in its
	// order.
	Results []CheckResult
	// Findings says what was found and done.
	Findings string
	// Passed is true when every item is OK.
	Passed    bool
	CreatedAt time.Time
}

// RecordInput is what RecordInspection takes. At is now unless set; never
// in the future. Results must answer every item of the checklist, once.
type RecordInput struct {
	At        time.Time
	Inspector string
	Results   []CheckResult
	Findings  string
	IfVersion int64
}

// PlanListInput selects plans for Plans.
type PlanListInput struct {
	Status PlanStatus
	Site   string
	Cursor string
	Limit  int
}

// RecordListInput selects records for Records.
type RecordListInput struct {
	Plan     string
	From, To time.Time
	Cursor   string
	Limit    int
}

// OverdueInspection is an active plan whose next inspection is past due.
type OverdueInspection struct {
	Plan Plan
	// DaysOverdue is how many whole days NextDue has passed.
	DaysOverdue int
}
