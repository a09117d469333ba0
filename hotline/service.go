package hotline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// DefaultAppealWindow is the number of working days a department has to
// appeal a deduction, counted from the day after it was recorded.
const DefaultAppealWindow = 5

// Service holds every rule of the hotline assessment: validation, IDs,
// scoring, the appeal window and the appeal state machine, and who may do
// what (see Actor). Every method that reads or writes records takes the
// Actor asking. It is safe for concurrent use when its Store is.
type Service struct {
	store        Store
	now          func() time.Time
	cal          *govops.Calendar
	appealWindow int
	home         string
	deptCheck    func(ctx context.Context, code string) error
	personal     func(ctx context.Context, caseNumber string) ([]string, error)
}

// Option configures a Service.
type Option func(*Service)

// WithNow sets the clock. Tests pass a fixed time so that they never sleep.
func WithNow(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithCalendar sets the working-day calendar the appeal window is counted
// on. The default is govops.DefaultCalendar().
func WithCalendar(c *govops.Calendar) Option {
	return func(s *Service) {
		if c != nil {
			s.cal = c
		}
	}
}

// WithAppealWindow sets how many working days a department has to appeal a
// deduction (default 5). It panics when workdays is less than 1, because no
// department could ever appeal.
func WithAppealWindow(workdays int) Option {
	if workdays < 1 {
		panic(fmt.Sprintf("hotline: WithAppealWindow(%d): the window must be at least 1 working day", workdays))
	}
	return func(s *Service) { s.appealWindow = workdays }
}

// WithHomeDistrict names the district the Service assesses (e.g. "柳北区"),
// which rankings mark.
func WithHomeDistrict(name string) Option {
	return func(s *Service) { s.home = strings.TrimSpace(name) }
}

// WithDepartmentCheck sets how the Service learns that a department code
// exists: check returns an error (EINVALID naming "department" is best) for
// an unknown code. RecordCallback and RecordDeduction call it after their
// own permission and input checks. Without it any well-formed code is
// accepted.
func WithDepartmentCheck(check func(ctx context.Context, code string) error) Option {
	return func(s *Service) { s.deptCheck = check }
}

// checkDepartment runs the department check, if any.
func (s *Service) checkDepartment(ctx context.Context, code string) error {
	if s.deptCheck == nil {
		return nil
	}
	return s.deptCheck(ctx, code)
}

// WithPersonalData tells the Service where to find the personal data of a
// case its records name by number: the reporter's name and phone, which
// Mask then hides wherever a callback's, an outcome's or a deduction's free
// text quotes them for a reader who may not see them ("李四反映…" in a
// deduction's reason becomes "李*反映…"). refserver wires it to govcase. An
// error from it fails the read rather than show what it should have hidden.
// Without it only the phone and ID numbers in free text are masked.
func WithPersonalData(fn func(ctx context.Context, caseNumber string) ([]string, error)) Option {
	return func(s *Service) { s.personal = fn }
}

// NewService returns a Service over store. It panics if store is nil.
func NewService(store Store, opts ...Option) *Service {
	if store == nil {
		panic("hotline: NewService needs a Store")
	}
	s := &Service{store: store, now: time.Now, cal: govops.DefaultCalendar(), appealWindow: DefaultAppealWindow}
	for _, o := range opts {
		o(s)
	}
	return s
}

// HomeDistrict returns the district set with WithHomeDistrict.
func (s *Service) HomeDistrict() string { return s.home }

// AppealWindow returns the appeal window in working days.
func (s *Service) AppealWindow() int { return s.appealWindow }

func newID() (uuid.UUID, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.Nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	return id, nil
}

func checkID(p *govops.Problems, id uuid.UUID) {
	if id == uuid.Nil {
		p.Add("id", "required")
	}
}

func checkLimit(p *govops.Problems, limit int) {
	if limit < 0 {
		p.Add("limit", "must not be negative (0 means no limit)")
	}
}

// RecordCallback records one callback (回访). Only the center records
// callbacks: a department or read-only actor gets EFORBIDDEN. A zero
// in.Month is taken from CalledAt. It returns EINVALID naming every bad
// field, and ECONFLICT when the case already has a callback in that month.
//
// A callback must be possible: CalledAt may not lie in the future, beyond
// MaxCallbackClockSkew after the Service's clock (EINVALID naming
// "called_at"), and when the case already has an outcome, in.Department
// must be the department that outcome records (EINVALID naming
// "department" and the recorded department).
func (s *Service) RecordCallback(ctx context.Context, by Actor, in CallbackInput) (*Callback, error) {
	var p govops.Problems
	if err := by.centerOnly(&p, "record callbacks"); err != nil {
		return nil, err
	}
	in.problems(&p)
	now := s.clock()
	outcomeDept, err := s.outcomeDepartment(ctx, in.CaseNumber)
	if err != nil {
		return nil, err
	}
	checkCallbackFacts(&p, &in, now, outcomeDept)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.checkDepartment(ctx, in.Department); err != nil {
		return nil, err
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	c := &Callback{ID: id, CaseNumber: in.CaseNumber, Department: in.Department, Month: in.Month,
		Result: in.Result, CalledAt: in.CalledAt, Note: in.Note, CreatedAt: now, CreatedBy: by.Name}
	if err := s.store.CreateCallback(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// GetCallback returns one callback as by may see it (a read-only actor gets
// it without its note). It returns ENOTFOUND if there is none, or if it is
// another department's.
func (s *Service) GetCallback(ctx context.Context, by Actor, id uuid.UUID) (*Callback, error) {
	var p govops.Problems
	by.problems(&p)
	checkID(&p, id)
	if err := p.Err(); err != nil {
		return nil, err
	}
	c, err := s.store.GetCallback(ctx, id)
	if err != nil {
		return nil, err
	}
	if !by.sees(c.Department) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no callback with id %s", id)
	}
	if !by.masks() {
		return c, nil
	}
	// A callback holds no free text once its note is left out: nothing to
	// look up for it, unlike a deduction (see mask.go).
	masked := govops.Mask(*c)
	return &masked, nil
}

// ListCallbacks returns the callbacks matching f that by may see, newest
// first: a department's listing is limited to its own department (a filter
// naming another one is EFORBIDDEN), and a read-only actor gets them without
// their notes.
func (s *Service) ListCallbacks(ctx context.Context, by Actor, f CallbackFilter) ([]Callback, error) {
	var p govops.Problems
	by.problems(&p)
	if !f.Month.IsZero() && !f.Month.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	if f.Result != "" && !f.Result.Valid() {
		p.Add("result", "must be one of "+resultChoices())
	}
	checkLimit(&p, f.Limit)
	if err := p.Err(); err != nil {
		return nil, err
	}
	dept, err := by.scope(f.Department)
	if err != nil {
		return nil, err
	}
	f.Department = dept
	cs, err := s.store.ListCallbacks(ctx, f)
	if err != nil {
		return nil, err
	}
	if !by.masks() {
		return cs, nil
	}
	return govops.Mask(cs), nil
}

// recordOutcomeAttempts bounds the retries of a blind RecordOutcome that
// loses races to concurrent writers of the same case.
const recordOutcomeAttempts = 5

// RecordOutcome creates or replaces the outcome of o.CaseNumber. It is the
// entry point for hooks that derive the flags from case events, and is
// idempotent: recording the same facts again writes nothing and returns the
// stored outcome with its version unchanged.
//
// Only the center records outcomes: a department or read-only actor gets
// EFORBIDDEN. A hook that feeds outcomes from case events writes as center
// staff under its own name (see Actor).
//
// With o.Version zero the write is unconditional: a concurrent change is
// reloaded and the write retried. With o.Version set it must equal the
// stored version (ECONFLICT otherwise, naming both versions), and ENOTFOUND
// is returned if the case has no outcome yet. EINVALID names every bad field.
func (s *Service) RecordOutcome(ctx context.Context, by Actor, o Outcome) (*Outcome, error) {
	var p govops.Problems
	if err := by.centerOnly(&p, "record outcomes"); err != nil {
		return nil, err
	}
	o.problems(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < recordOutcomeAttempts; attempt++ {
		cur, err := s.store.GetOutcome(ctx, o.CaseNumber)
		switch {
		case govops.ErrorCode(err) == govops.ENOTFOUND:
			if o.Version != 0 {
				return nil, govops.Errorf(govops.ENOTFOUND, "case %s has no outcome yet: record it with version 0", o.CaseNumber)
			}
			n := o
			n.Version, n.UpdatedAt, n.UpdatedBy = 1, s.clock(), by.Name
			err = s.store.CreateOutcome(ctx, &n)
			if err == nil {
				return &n, nil
			}
		case err != nil:
			return nil, err
		default:
			if o.Version != 0 && o.Version != cur.Version {
				return nil, govops.Errorf(govops.ECONFLICT, "the outcome of case %s is at version %d, not %d: reload it and try again", o.CaseNumber, cur.Version, o.Version)
			}
			if cur.sameFacts(&o) {
				return cur, nil
			}
			n := o
			n.Version, n.UpdatedAt, n.UpdatedBy = cur.Version+1, s.clock(), by.Name
			err = s.store.UpdateOutcome(ctx, &n)
			if err == nil {
				return &n, nil
			}
		}
		if govops.ErrorCode(err) != govops.ECONFLICT || o.Version != 0 {
			return nil, err
		}
		lastErr = err
	}
	return nil, lastErr
}

// GetOutcome returns the outcome of a case. It returns ENOTFOUND if there is
// none, or if it is another department's.
func (s *Service) GetOutcome(ctx context.Context, by Actor, caseNumber string) (*Outcome, error) {
	var p govops.Problems
	by.problems(&p)
	checkCaseNumber(&p, "case_number", caseNumber)
	if err := p.Err(); err != nil {
		return nil, err
	}
	o, err := s.store.GetOutcome(ctx, caseNumber)
	if err != nil {
		return nil, err
	}
	if !by.sees(o.Department) {
		return nil, govops.Errorf(govops.ENOTFOUND, "case %s has no outcome", caseNumber)
	}
	if !by.masks() {
		return o, nil
	}
	masked := govops.Mask(*o) // flags and codes: no free text to look up names for
	return &masked, nil
}

// ListOutcomes returns the outcomes matching f that by may see, in
// case-number order: a department's listing is limited to its own
// department (a filter naming another one is EFORBIDDEN).
func (s *Service) ListOutcomes(ctx context.Context, by Actor, f OutcomeFilter) ([]Outcome, error) {
	var p govops.Problems
	by.problems(&p)
	if !f.Month.IsZero() && !f.Month.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	checkLimit(&p, f.Limit)
	if err := p.Err(); err != nil {
		return nil, err
	}
	dept, err := by.scope(f.Department)
	if err != nil {
		return nil, err
	}
	f.Department = dept
	os, err := s.store.ListOutcomes(ctx, f)
	if err != nil || !by.masks() {
		return os, err
	}
	return govops.Mask(os), nil
}

// SaveScheme stores a new scheme version, in force from s.EffectiveFrom
// until the next version. Only the center saves schemes: a department or
// read-only actor gets EFORBIDDEN. It returns EINVALID naming every bad
// field (effective_from is required), and ECONFLICT if a version with the
// same EffectiveFrom exists.
func (s *Service) SaveScheme(ctx context.Context, by Actor, sc Scheme) (*Scheme, error) {
	var p govops.Problems
	if err := by.centerOnly(&p, "save scoring schemes"); err != nil {
		return nil, err
	}
	if sc.EffectiveFrom.IsZero() {
		p.Add("effective_from", "required: the first month the scheme is in force, e.g. 2023-01")
	}
	sc.problems(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	n := sc.Clone()
	n.ID, n.CreatedAt, n.CreatedBy = id, s.clock(), by.Name
	if err := s.store.CreateScheme(ctx, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// SchemeFor returns the scheme in force in month m: the stored version with
// the latest EffectiveFrom not after m, or DefaultScheme when there is none.
// Schemes are published: every valid actor may read them.
func (s *Service) SchemeFor(ctx context.Context, by Actor, m Month) (*Scheme, error) {
	var p govops.Problems
	by.problems(&p)
	if !m.Valid() {
		p.Add("month", "must be a month such as 2022-08")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.schemeFor(ctx, m)
}

// schemeFor is SchemeFor for a valid month, without an actor: the Service
// itself reads the scheme of the months it assesses.
func (s *Service) schemeFor(ctx context.Context, m Month) (*Scheme, error) {
	sc, err := s.store.SchemeFor(ctx, m)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		d := DefaultScheme()
		return &d, nil
	}
	return sc, err
}

// ListSchemes returns the stored scheme versions by EffectiveFrom. Every
// valid actor may read them.
func (s *Service) ListSchemes(ctx context.Context, by Actor) ([]Scheme, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	return s.store.ListSchemes(ctx)
}

// clock returns the current time to the microsecond, the precision every
// supported database keeps, so that a value the Service returns equals the
// one read back later.
func (s *Service) clock() time.Time { return s.now().Truncate(time.Microsecond) }
