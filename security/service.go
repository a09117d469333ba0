package security

import (
	"time"

	"github.com/govops-kit/govops"
)

// DefaultDrillPeriod is how many months an approved plan may go without a
// drill before the compliance check flags it: GB/T 22239-2019 asks for
// drills held periodically, and a year is the usual period.
const DefaultDrillPeriod = 12

// DefaultReportLimits returns how soon an incident of each grade must be
// reported after it is detected: 30 minutes for grades I and II, 1 hour
// for III and 4 hours for IV. WithReportLimits sets a district's own.
func DefaultReportLimits() map[Grade]time.Duration {
	return map[Grade]time.Duration{
		GradeI:   30 * time.Minute,
		GradeII:  30 * time.Minute,
		GradeIII: time.Hour,
		GradeIV:  4 * time.Hour,
	}
}

// Service holds every rule of the security records, and who may do what
// (see govops.Actor):
//
//   - the center writes everything: plans, drills and their actions, the
//     checklist, inspections, hardening records, exercises and incidents;
//   - a department reads the plans and the checklist, and reads only its
//     own unit's hardening records, inspections and incidents (another
//     unit's are ENOTFOUND to it, as if they did not exist); it records
//     the remediation of its own hardening records and reports incidents
//     of its own unit; drills, exercises and the compliance check are the
//     center's and its read-only readers' (EFORBIDDEN to a department);
//   - the yearly Report of a department holds its own records only;
//   - a reader who may not see a record's personal data (names of owners,
//     inspectors and verifiers, and free text) gets it masked.
//
// No record holds a credential: free text that writes one out is refused
// naming its field (see CheckNoCredential).
//
// It is safe for concurrent use when its Store is.
type Service struct {
	store        Store
	now          func() time.Time
	drillPeriod  int
	reportLimits map[Grade]time.Duration
	deptCheck    govops.DepartmentCheck
}

// Option configures a Service.
type Option func(*Service)

// NewService returns a Service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, drillPeriod: DefaultDrillPeriod, reportLimits: DefaultReportLimits()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// WithNow sets the clock. Tests pass a fixed time so that they never sleep.
func WithNow(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithDrillPeriod sets how many months an approved plan may go undrilled
// (DefaultDrillPeriod unless set; months ≤ 0 keeps the default).
func WithDrillPeriod(months int) Option {
	return func(s *Service) {
		if months > 0 {
			s.drillPeriod = months
		}
	}
}

// WithReportLimits sets the reporting limit of the grades it names (the
// others keep theirs: DefaultReportLimits); a duration ≤ 0 or an unknown
// grade is ignored.
func WithReportLimits(limits map[Grade]time.Duration) Option {
	return func(s *Service) {
		for g, d := range limits {
			if g.Valid() && d > 0 {
				s.reportLimits[g] = d
			}
		}
	}
}

// WithDepartmentCheck sets how the Service learns that a unit code exists
// (see govops.DepartmentCheck): the department of an inspection, a
// hardening record or an incident, of a finding and of a drill's action.
// refserver wires the directory's. Without it any well-formed code is
// accepted.
func WithDepartmentCheck(check govops.DepartmentCheck) Option {
	return func(s *Service) { s.deptCheck = check }
}

// DrillPeriod returns the drill period in months.
func (s *Service) DrillPeriod() int { return s.drillPeriod }

// ReportLimits returns the reporting limit of each grade.
func (s *Service) ReportLimits() map[Grade]time.Duration {
	out := make(map[Grade]time.Duration, len(s.reportLimits))
	for g, d := range s.reportLimits {
		out[g] = d
	}
	return out
}

// clock returns now as a Store keeps times.
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }
