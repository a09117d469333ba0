package hotline

import (
	"time"

	"github.com/govops-kit/govops"
)

// Outcome is how one hotline case went (办理情况), as the assessment counts
// it: the department it went to, the month it counts in, and six flags. There
// is one Outcome per case number; RecordOutcome replaces it as the case moves
// on.
type Outcome struct {
	CaseNumber string `mask:"safe"` // a case reference (checkCaseNumber): letters, digits and -_./
	Department string `mask:"safe"`
	Month      Month  // the month the case is counted in

	Dispatched     bool // 派单: the case was sent to the department
	AcceptedOnTime bool // 及时签收: accepted before its accept-by deadline
	ResolvedOnTime bool // 按时办结: replied before its resolve-by deadline
	Returned       bool // 回退/退单: the department sent it back at least once
	Redone         bool // 重办: reopened for redo after a dissatisfied callback
	Replied        bool // 办理反馈: the department answered (事事有回应)

	Version   int // optimistic-locking version: 1 when created, +1 per change
	UpdatedAt time.Time
	UpdatedBy string `mask:"safe"`
}

// sameFacts reports whether o and n record the same case facts, ignoring
// the version and audit fields; RecordOutcome writes nothing then.
func (o *Outcome) sameFacts(n *Outcome) bool {
	return o.CaseNumber == n.CaseNumber && o.Department == n.Department && o.Month == n.Month &&
		o.Dispatched == n.Dispatched && o.AcceptedOnTime == n.AcceptedOnTime &&
		o.ResolvedOnTime == n.ResolvedOnTime && o.Returned == n.Returned &&
		o.Redone == n.Redone && o.Replied == n.Replied
}

// Validate reports every bad field of o. Only a dispatched case can have
// been accepted, resolved, returned, redone or replied to, so those flags
// require Dispatched.
func (o *Outcome) Validate() error {
	var p govops.Problems
	o.problems(&p)
	return p.Err()
}

func (o *Outcome) problems(p *govops.Problems) {
	checkCaseNumber(p, "case_number", o.CaseNumber)
	checkCode(p, "department", o.Department)
	if !o.Month.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	if !o.Dispatched {
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"accepted_on_time", o.AcceptedOnTime},
			{"resolved_on_time", o.ResolvedOnTime},
			{"returned", o.Returned},
			{"redone", o.Redone},
			{"replied", o.Replied},
		} {
			if f.set {
				p.Add(f.name, "requires dispatched: a case that was never dispatched cannot have been "+f.name)
			}
		}
	}
	if o.Version < 0 {
		p.Add("version", "must not be negative")
	}
}
