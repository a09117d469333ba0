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
	CaseNumber string `mask:"safe"` // a case reference (govops.CheckNumber): letters, digits and -_./
	Department string `mask:"safe"`
	Month      Month  // the month the case is counted in

	Dispatched     bool // 派单: the case was sent to the department
	AcceptedOnTime bool // 及时签收: accepted before its accept-by deadline
	ResolvedOnTime bool // 按时办结: replied before its resolve-by deadline
	Returned       bool // 回退/退单: the department sent it back at least once
	Redone         bool // 重办: reopened for redo after a dissatisfied callback
	Replied        bool // 办理反馈: the department answered (事事有回应)

	Version   int64 // optimistic-locking version: 1 when created, +1 per change
	UpdatedAt time.Time
	UpdatedBy string `mask:"safe"`
}

// OutcomeInput is what RecordOutcome and the outcome imports take: the
// facts of one case.
type OutcomeInput struct {
	CaseNumber string
	Department string
	Month      Month

	Dispatched     bool
	AcceptedOnTime bool
	ResolvedOnTime bool
	Returned       bool
	Redone         bool
	Replied        bool

	// KeepMonth leaves the month of a stored outcome as it is, so that
	// Month counts only when the case has no outcome yet (RecordOutcome
	// only): a case keeps the month of its first dispatch however late
	// it is redone.
	KeepMonth bool

	// IfVersion, when not zero, must equal the version of the case's
	// stored outcome (RecordOutcome only: an import adds outcomes and
	// ignores it).
	IfVersion int64
}

// outcome returns the outcome in records, at version and stamped by who
// at when.
func (in *OutcomeInput) outcome(version int64, at time.Time, by string) Outcome {
	return Outcome{CaseNumber: in.CaseNumber, Department: in.Department, Month: in.Month,
		Dispatched: in.Dispatched, AcceptedOnTime: in.AcceptedOnTime, ResolvedOnTime: in.ResolvedOnTime,
		Returned: in.Returned, Redone: in.Redone, Replied: in.Replied,
		Version: version, UpdatedAt: at, UpdatedBy: by}
}

// sameFacts reports whether o records the facts of in, ignoring the
// version and audit fields; RecordOutcome writes nothing then.
func (o *Outcome) sameFacts(in *OutcomeInput) bool {
	return o.CaseNumber == in.CaseNumber && o.Department == in.Department && o.Month == in.Month &&
		o.Dispatched == in.Dispatched && o.AcceptedOnTime == in.AcceptedOnTime &&
		o.ResolvedOnTime == in.ResolvedOnTime && o.Returned == in.Returned &&
		o.Redone == in.Redone && o.Replied == in.Replied
}

// Validate reports every bad field of in. Only a dispatched case can have
// been accepted, resolved, returned, redone or replied to, so those flags
// require Dispatched.
func (in *OutcomeInput) Validate() error {
	var p govops.Problems
	in.problems(&p)
	return p.Err()
}

func (in *OutcomeInput) problems(p *govops.Problems) {
	govops.CheckNumber(p, "case_number", in.CaseNumber)
	govops.CheckCode(p, "department", in.Department)
	if !in.Month.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	if !in.Dispatched {
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"accepted_on_time", in.AcceptedOnTime},
			{"resolved_on_time", in.ResolvedOnTime},
			{"returned", in.Returned},
			{"redone", in.Redone},
			{"replied", in.Replied},
		} {
			if f.set {
				p.Add(f.name, "requires dispatched: a case that was never dispatched cannot have been "+f.name)
			}
		}
	}
	govops.CheckIfVersion(p, in.IfVersion)
}
