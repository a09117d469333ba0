package hotline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Result is what a citizen answered when called back (回访结果): one of five
// satisfaction levels, or unreachable when nobody answered.
type Result string

// Callback results.
const (
	ResultVerySatisfied      Result = "very_satisfied"      // 非常满意
	ResultSatisfied          Result = "satisfied"           // 满意
	ResultBasicallySatisfied Result = "basically_satisfied" // 基本满意
	ResultDissatisfied       Result = "dissatisfied"        // 不满意
	ResultVeryDissatisfied   Result = "very_dissatisfied"   // 非常不满意
	ResultUnreachable        Result = "unreachable"         // 未接通
)

// AllResults lists every result, best first, unreachable last.
func AllResults() []Result {
	return []Result{ResultVerySatisfied, ResultSatisfied, ResultBasicallySatisfied,
		ResultDissatisfied, ResultVeryDissatisfied, ResultUnreachable}
}

// Label returns the Chinese label of r.
func (r Result) Label() string {
	switch r {
	case ResultVerySatisfied:
		return "非常满意"
	case ResultSatisfied:
		return "满意"
	case ResultBasicallySatisfied:
		return "基本满意"
	case ResultDissatisfied:
		return "不满意"
	case ResultVeryDissatisfied:
		return "非常不满意"
	case ResultUnreachable:
		return "未接通"
	}
	return string(r)
}

// Valid reports whether r is a known result.
func (r Result) Valid() bool {
	for _, v := range AllResults() {
		if r == v {
			return true
		}
	}
	return false
}

// ParseResult reads a result from its English code or its Chinese label
// ("满意" or "satisfied"). It returns EINVALID naming the field "result"
// otherwise.
func ParseResult(s string) (Result, error) {
	t := strings.TrimSpace(s)
	for _, r := range AllResults() {
		if t == string(r) || t == r.Label() {
			return r, nil
		}
	}
	return "", govops.FieldError("result", fmt.Sprintf("%q is not a callback result: use one of %s", govops.Truncate(s, 40), resultChoices()))
}

func resultChoices() string {
	var parts []string
	for _, r := range AllResults() {
		parts = append(parts, string(r)+"/"+r.Label())
	}
	return strings.Join(parts, ", ")
}

// Callback is one callback record (回访记录): the center, or the city, called
// the citizen behind a case and noted how satisfied they were. There is at
// most one callback per case number and month.
type Callback struct {
	ID         uuid.UUID // UUIDv7, assigned by the Service
	CaseNumber string    `mask:"safe"` // the case reference, e.g. "2022-000123" or the city's ticket number
	Department string    `mask:"safe"` // code of the department that handled the case
	Month      Month     // the month the callback counts in
	Result     Result    `mask:"safe"`
	CalledAt   time.Time
	Note       string `mask:"omit"` // may quote the citizen: left out for a reader who may not see it
	CreatedAt  time.Time
	CreatedBy  string `mask:"safe"` // who recorded or imported it
}

// CallbackKey is what makes a callback unique: a case number in a month.
type CallbackKey struct {
	CaseNumber string
	Month      Month
}

// Key returns the uniqueness key of c.
func (c *Callback) Key() CallbackKey { return CallbackKey{CaseNumber: c.CaseNumber, Month: c.Month} }

// Limits on the length of free text, in characters, so that one bad import
// cannot fill a database with megabytes per row. Codes and case numbers
// are bounded by govops.MaxCodeLen.
const (
	MaxNoteLen = 2000 // notes, reasons and appeal materials
	MaxNameLen = 128  // district names and labels
)

// CallbackInput is what RecordCallback and the imports take.
type CallbackInput struct {
	CaseNumber string
	Department string
	// Month is the month the callback counts in; zero means the month of
	// CalledAt in Asia/Shanghai.
	Month    Month
	Result   Result
	CalledAt time.Time
	Note     string
}

// Validate reports every bad field of in, and fills a zero Month from
// CalledAt. It checks in alone: RecordCallback and the imports also refuse
// a call in the future and a department other than the one the case's
// outcome records, which take the Service's clock and Store.
func (in *CallbackInput) Validate() error {
	var p govops.Problems
	in.problems(&p)
	return p.Err()
}

func (in *CallbackInput) problems(p *govops.Problems) {
	govops.CheckNumber(p, "case_number", in.CaseNumber)
	govops.CheckCode(p, "department", in.Department)
	if !in.Result.Valid() {
		p.Add("result", "must be one of "+resultChoices())
	}
	govops.CheckTime(p, "called_at", in.CalledAt, true)
	if in.Month.IsZero() && !in.CalledAt.IsZero() {
		in.Month = MonthOf(in.CalledAt)
	}
	if !in.Month.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	govops.CheckText(p, "note", in.Note, MaxNoteLen, false)
}

// callback returns the callback in records, under a new ID, as recorded
// by by at now; CalledAt is stored in UTC.
func (in *CallbackInput) callback(now time.Time, by govops.Actor) (Callback, error) {
	id, err := newID()
	if err != nil {
		return Callback{}, err
	}
	return Callback{ID: id, CaseNumber: in.CaseNumber, Department: in.Department, Month: in.Month,
		Result: in.Result, CalledAt: govops.StoredTime(in.CalledAt), Note: in.Note, CreatedAt: now, CreatedBy: by.Name}, nil
}

// MaxCallbackClockSkew is how far after the Service's clock a callback's
// CalledAt may lie and still be accepted. A citizen cannot have been called
// in the future, but the call system that stamps CalledAt and the server
// keep separate clocks: five minutes absorbs the drift and rounding of
// clocks kept by NTP, while a wrong day, month or year, or a local time
// read as UTC (eight hours ahead), is still refused.
const MaxCallbackClockSkew = 5 * time.Minute

// checkCallbackFacts reports what in claims that cannot be true: a call
// made after now (by more than MaxCallbackClockSkew), or, for a case whose
// outcome is known, a department other than outcomeDept, the one that
// outcome records ("" when the case has no outcome). in has passed, or is
// being checked with, in.problems: a field that already has a problem in p
// keeps it, since Problems keeps the first.
func checkCallbackFacts(p *govops.Problems, in *CallbackInput, now time.Time, outcomeDept string) {
	if !in.CalledAt.IsZero() && in.CalledAt.After(now.Add(MaxCallbackClockSkew)) {
		loc := govops.ShanghaiLocation()
		p.Addf("called_at", "must not be in the future: %s is after the current time %s; check the date and the time zone",
			in.CalledAt.In(loc).Format(time.RFC3339), now.In(loc).Format(time.RFC3339))
	}
	if outcomeDept != "" && in.Department != outcomeDept {
		p.Addf("department", "must be %s: the outcome of case %s records that department, and a callback counts for the department that handled the case",
			outcomeDept, in.CaseNumber)
	}
}

// outcomeDepartment returns the department the stored outcome of a case
// records, or "" when the case has no outcome (or an invalid number, which
// the caller reports).
func (s *Service) outcomeDepartment(ctx context.Context, caseNumber string) (string, error) {
	var p govops.Problems
	govops.CheckNumber(&p, "case_number", caseNumber)
	if !p.Empty() {
		return "", nil
	}
	o, err := s.store.GetOutcome(ctx, caseNumber)
	switch {
	case govops.ErrorCode(err) == govops.ENOTFOUND:
		return "", nil
	case err != nil:
		return "", err
	}
	return o.Department, nil
}

// outcomeDepartments maps each of caseNumbers that has a stored outcome to
// the department that outcome records. The Store finds which cases have
// one in bulk; only those are read, one by one.
func (s *Service) outcomeDepartments(ctx context.Context, caseNumbers []string) (map[string]string, error) {
	have, err := s.store.ExistingOutcomes(ctx, caseNumbers)
	if err != nil {
		return nil, err
	}
	depts := make(map[string]string, len(have))
	for _, n := range have {
		if _, done := depts[n]; done {
			continue
		}
		d, err := s.outcomeDepartment(ctx, n)
		if err != nil {
			return nil, err
		}
		if d != "" {
			depts[n] = d
		}
	}
	return depts, nil
}
