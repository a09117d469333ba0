package hotline

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// DeductionStatus is where a deduction stands in its review (复核).
//
//	recorded 已扣分 → appealed 复核中 → upheld 维持 | overturned 撤销
//
// A decision is final. Only an overturned deduction stops counting.
type DeductionStatus string

// Deduction statuses.
const (
	DeductionRecorded   DeductionStatus = "recorded"   // 已扣分
	DeductionAppealed   DeductionStatus = "appealed"   // 复核中
	DeductionUpheld     DeductionStatus = "upheld"     // 维持扣分
	DeductionOverturned DeductionStatus = "overturned" // 撤销扣分
)

// AllDeductionStatuses lists every status in lifecycle order.
func AllDeductionStatuses() []DeductionStatus {
	return []DeductionStatus{DeductionRecorded, DeductionAppealed, DeductionUpheld, DeductionOverturned}
}

// Label returns the Chinese label of s.
func (s DeductionStatus) Label() string {
	switch s {
	case DeductionRecorded:
		return "已扣分"
	case DeductionAppealed:
		return "复核中"
	case DeductionUpheld:
		return "维持扣分"
	case DeductionOverturned:
		return "撤销扣分"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s DeductionStatus) Valid() bool {
	for _, v := range AllDeductionStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// Counts reports whether a deduction in status s takes points off: every
// status but overturned.
func (s DeductionStatus) Counts() bool { return s != DeductionOverturned }

// Deduction is points taken off a department for a month (扣分).
type Deduction struct {
	ID         uuid.UUID // UUIDv7
	Department string    `mask:"safe"`
	Month      Month
	RuleCode   string          `mask:"safe"` // a deduction rule of the scheme in force in Month
	Points     decimal.Decimal // the rule's points unless overridden when recorded
	Reason     string
	CaseNumber string `mask:"safe"` // the case it is for (a reference: letters, digits and -_./); may be empty
	RecordedAt time.Time
	RecordedBy string `mask:"safe"`
	// AppealBy is when the appeal window closes: the end of the n-th
	// working day after RecordedAt. It is stored when the deduction is
	// recorded, so that a later calendar change does not move it by
	// itself; only RecomputeAppealWindows moves it, and only while
	// AppealByProvisional is set and no appeal has been filed.
	AppealBy time.Time
	// AppealByProvisional reports that the window was counted across a
	// day of a provisional calendar year (see govops.SourceProvisional):
	// the State Council's notice for that year was not out yet, so
	// AppealBy may move by a holiday's length once it is loaded.
	AppealByProvisional bool
	Status              DeductionStatus `mask:"safe"`

	// The appeal (申请复核), set once filed.
	AppealedAt  time.Time
	AppealedBy  string   `mask:"safe"`
	Materials   string   // the department's explanation
	Attachments []string // names or URLs of supporting files

	// The decision, set once the center decided.
	DecidedAt    time.Time
	DecidedBy    string `mask:"safe"`
	DecisionNote string

	Version int64 // optimistic-locking version: 1 when recorded, +1 per change
}

// Clone returns a deep copy of d.
func (d *Deduction) Clone() *Deduction {
	c := *d
	c.Attachments = append([]string(nil), d.Attachments...)
	return &c
}

// DeductionEventType is what happened to a deduction.
type DeductionEventType string

// Deduction event types.
const (
	EventRecorded   DeductionEventType = "recorded"   // 扣分
	EventAppealed   DeductionEventType = "appealed"   // 申请复核
	EventUpheld     DeductionEventType = "upheld"     // 维持
	EventOverturned DeductionEventType = "overturned" // 撤销
	// EventAppealWindowRecomputed (复核期限重算) records that
	// RecomputeAppealWindows moved AppealBy, or confirmed it, once the
	// calendar covered a year the window had been counted on
	// provisionally. It leaves the status as it was; its Note gives the
	// old and the new AppealBy.
	EventAppealWindowRecomputed DeductionEventType = "appeal_window_recomputed"
)

// AllDeductionEventTypes lists every event type: the lifecycle's in order,
// then the recomputation of the appeal window.
func AllDeductionEventTypes() []DeductionEventType {
	return []DeductionEventType{EventRecorded, EventAppealed, EventUpheld, EventOverturned, EventAppealWindowRecomputed}
}

// Label returns the Chinese label of t.
func (t DeductionEventType) Label() string {
	switch t {
	case EventRecorded:
		return "扣分"
	case EventAppealed:
		return "申请复核"
	case EventUpheld:
		return "复核维持"
	case EventOverturned:
		return "复核撤销"
	case EventAppealWindowRecomputed:
		return "复核期限重算"
	}
	return string(t)
}

// Valid reports whether t is a known event type.
func (t DeductionEventType) Valid() bool {
	for _, v := range AllDeductionEventTypes() {
		if t == v {
			return true
		}
	}
	return false
}

// DeductionEvent is one entry of a deduction's audit trail (留痕), in the
// shape every domain's trail shares: Subject is the deduction's ID, Seq
// the Version the event produced, From and To the statuses before and
// after, Department the deduction's department, and Note the reason,
// materials, decision note, or the old and new AppealBy; an appeal's
// event carries its Attachments. Events are appended with the change they
// record and never edited.
type DeductionEvent = govops.Event[DeductionEventType, DeductionStatus]

// DeductionInput is what RecordDeduction takes.
type DeductionInput struct {
	Department string
	Month      Month
	RuleCode   string
	// Points overrides the rule's points when positive; zero takes them
	// from the rule.
	Points     decimal.Decimal
	Reason     string
	CaseNumber string // optional
}

func (in *DeductionInput) problems(p *govops.Problems) {
	govops.CheckCode(p, "department", in.Department)
	if !in.Month.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	if !isRuleCode(in.RuleCode) {
		p.Add("rule_code", "required: the code of a deduction rule of the scheme, e.g. overdue")
	}
	checkPoints(p, "points", in.Points, false)
	govops.CheckText(p, "reason", in.Reason, MaxNoteLen, true)
	if in.CaseNumber != "" {
		govops.CheckNumber(p, "case_number", in.CaseNumber)
	}
}

// MaxAttachments bounds the attachments of one appeal.
const MaxAttachments = 50

// AppealInput is what FileAppeal takes: the department's materials (复核材料).
type AppealInput struct {
	Materials   string   // required: why the deduction is wrong
	Attachments []string // names or URLs of supporting files
	// IfVersion, when not zero, must equal the deduction's current
	// version: a client that showed the deduction to its user can make
	// sure nobody changed it meanwhile (ECONFLICT otherwise).
	IfVersion int64
}

func (in *AppealInput) problems(p *govops.Problems) {
	govops.CheckText(p, "materials", in.Materials, MaxNoteLen, true)
	if len(in.Attachments) > MaxAttachments {
		p.Addf("attachments", "at most %d attachments", MaxAttachments)
	}
	for i, a := range in.Attachments {
		f := fmt.Sprintf("attachments[%d]", i)
		govops.CheckText(p, f, a, 1000, true)
	}
	govops.CheckIfVersion(p, in.IfVersion)
}

// Decision is the center's ruling on an appeal.
type Decision string

// Decisions.
const (
	DecisionUphold   Decision = "uphold"   // 维持: the deduction stands
	DecisionOverturn Decision = "overturn" // 撤销: the deduction stops counting
)

// DecisionInput is what DecideAppeal takes.
type DecisionInput struct {
	Decision  Decision
	Note      string // required for both decisions: the reasoning
	IfVersion int64  // as in AppealInput
}

func (in *DecisionInput) problems(p *govops.Problems) {
	if in.Decision != DecisionUphold && in.Decision != DecisionOverturn {
		p.Add("decision", `must be "uphold" or "overturn"`)
	}
	govops.CheckText(p, "note", in.Note, MaxNoteLen, true)
	govops.CheckIfVersion(p, in.IfVersion)
}
