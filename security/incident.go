package security

import (
	"time"

	"github.com/google/uuid"
)

// IncidentType is a category of network security incident of the national
// plan (国家网络安全事件应急预案).
type IncidentType string

// Incident types.
const (
	IncidentMalware    IncidentType = "malware"     // 有害程序事件
	IncidentAttack     IncidentType = "attack"      // 网络攻击事件
	IncidentInfoDamage IncidentType = "info_damage" // 信息破坏事件
	IncidentContent    IncidentType = "content"     // 信息内容安全事件
	IncidentFacility   IncidentType = "facility"    // 设备设施故障
	IncidentDisaster   IncidentType = "disaster"    // 灾害性事件
	IncidentOther      IncidentType = "other"       // 其他事件
)

// IncidentTypes lists every incident type.
func IncidentTypes() []IncidentType {
	return []IncidentType{IncidentMalware, IncidentAttack, IncidentInfoDamage, IncidentContent, IncidentFacility, IncidentDisaster, IncidentOther}
}

// Label returns the Chinese label of t.
func (t IncidentType) Label() string {
	switch t {
	case IncidentMalware:
		return "有害程序事件"
	case IncidentAttack:
		return "网络攻击事件"
	case IncidentInfoDamage:
		return "信息破坏事件"
	case IncidentContent:
		return "信息内容安全事件"
	case IncidentFacility:
		return "设备设施故障"
	case IncidentDisaster:
		return "灾害性事件"
	case IncidentOther:
		return "其他事件"
	}
	return string(t)
}

// Valid reports whether t is one of IncidentTypes.
func (t IncidentType) Valid() bool {
	for _, v := range IncidentTypes() {
		if t == v {
			return true
		}
	}
	return false
}

// IncidentStatus is how far an incident's handling has come.
type IncidentStatus string

// Incident statuses: detected → reported → contained → resolved; a step
// may be skipped (a contained incident reported later), but the times
// never run backwards.
const (
	IncidentDetected  IncidentStatus = "detected"  // 已发现
	IncidentReported  IncidentStatus = "reported"  // 已报告
	IncidentContained IncidentStatus = "contained" // 已控制
	IncidentResolved  IncidentStatus = "resolved"  // 已处置完毕
)

// Label returns the Chinese label of s.
func (s IncidentStatus) Label() string {
	switch s {
	case IncidentDetected:
		return "已发现"
	case IncidentReported:
		return "已报告"
	case IncidentContained:
		return "已控制"
	case IncidentResolved:
		return "已处置完毕"
	}
	return string(s)
}

// Valid reports whether s is an incident status.
func (s IncidentStatus) Valid() bool {
	return s == IncidentDetected || s == IncidentReported || s == IncidentContained || s == IncidentResolved
}

// Incident is a network security incident (网络安全事件).
type Incident struct {
	ID uuid.UUID
	// Department is the code of the unit affected ("" for the center).
	Department string `mask:"safe"`
	Title      string
	Type       IncidentType   `mask:"safe"`
	Grade      Grade          `mask:"safe"`
	Colour     Colour         `mask:"safe"`
	Status     IncidentStatus `mask:"safe"`
	// DetectedAt is when it was found; ReportedAt, ContainedAt and
	// ResolvedAt are zero until the incident gets there.
	DetectedAt  time.Time
	ReportedAt  time.Time
	ContainedAt time.Time
	ResolvedAt  time.Time
	Note        string
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// IncidentInput is what ReportIncident and UpdateIncident take.
// UpdateIncident changes the description, type, grade and colour; the
// times move with MoveIncident. A zero Colour means the grade's.
type IncidentInput struct {
	Department string
	Title      string
	Type       IncidentType
	Grade      Grade
	Colour     Colour
	DetectedAt time.Time
	// ReportedAt may be given when it was reported at once.
	ReportedAt time.Time
	Note       string
	IfVersion  int64
}

// IncidentStep is what MoveIncident takes: the status reached and when
// (zero means now).
type IncidentStep struct {
	To        IncidentStatus
	At        time.Time
	Note      string
	IfVersion int64
}

// IncidentListInput selects incidents for Incidents.
type IncidentListInput struct {
	Department string
	Grade      Grade
	Status     IncidentStatus
	Year       int
	After      string
	Limit      int
}

// IncidentFilter selects incidents in a Store; zero fields select all.
// From and To bound DetectedAt, half-open.
type IncidentFilter struct {
	Department string
	Grade      Grade
	Status     IncidentStatus
	From, To   time.Time
}

// IncidentTimes is how long an incident took at each step, and whether it
// was reported within the limit of its grade. A duration is 0 for a step
// not reached.
type IncidentTimes struct {
	Incident  Incident
	ReportIn  time.Duration
	ContainIn time.Duration
	ResolveIn time.Duration
	// ReportLimit is the limit of its grade; ReportedOnTime says whether
	// it was met (false while unreported past the limit, and while
	// unreported within it).
	ReportLimit    time.Duration
	ReportedOnTime bool
	// Late is set once the limit has passed without a report, or the
	// report came after it.
	Late bool
}
