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
// what (see govops.Actor). Every method that reads or writes records takes
// the Actor asking. It is safe for concurrent use when its Store is.
type Service struct {
	store        Store
	now          func() time.Time
	cal          *govops.Calendar
	appealWindow int
	home         string
	deptCheck    govops.DepartmentCheck
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
// exists (see govops.DepartmentCheck). RecordCallback and RecordDeduction
// call it after their own permission and input checks. Without it any
// well-formed code is accepted.
func WithDepartmentCheck(check govops.DepartmentCheck) Option {
	return func(s *Service) { s.deptCheck = check }
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
func (s *Service) RecordCallback(ctx context.Context, by govops.Actor, in CallbackInput) (*Callback, error) {
	if err := by.CenterOnly("record callbacks"); err != nil {
		return nil, err
	}
	var p govops.Problems
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
	if err := s.deptCheck.Check(ctx, in.Department); err != nil {
		return nil, err
	}
	c, err := in.callback(now, by)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateCallback(ctx, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// GetCallback returns the callback that ref, its ID, names, as by may see
// it (a read-only actor gets it without its note). It returns EINVALID
// naming "id" for a malformed reference, and ENOTFOUND if there is none, if
// ref is not an ID, or if the callback is another department's.
func (s *Service) GetCallback(ctx context.Context, by govops.Actor, ref string) (*Callback, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	c, err := govops.Resolve(ctx, "id", ref, "callback", s.store.GetCallback, nil)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(c.Department) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no callback with id %s", c.ID)
	}
	if by.SeesPersonalData(c.Department) {
		return c, nil
	}
	// A callback holds no free text once its note is left out: nothing to
	// look up for it, unlike a deduction (see mask.go).
	masked := govops.Mask(*c)
	return &masked, nil
}

// ListCallbacks returns one page of the callbacks matching f that by may
// see, newest first: a department's listing is limited to its own
// department (a filter naming another one is EFORBIDDEN), and a read-only
// actor gets them without their notes. f.Cursor and f.Limit page it (see
// CallbackFilter); a bad cursor or limit is EINVALID naming "cursor" or
// "limit".
func (s *Service) ListCallbacks(ctx context.Context, by govops.Actor, f CallbackFilter) (govops.Page[Callback], error) {
	var p govops.Problems
	by.Check(&p)
	checkMonth(&p, "month", f.Month)
	if f.Result != "" && !f.Result.Valid() {
		p.Add("result", "must be one of "+resultChoices())
	}
	limit := govops.CheckLimit(&p, f.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Callback]{}, err
	}
	after, err := govops.CursorID(f.Cursor)
	if err != nil {
		return govops.Page[Callback]{}, err
	}
	if f.Department, err = by.Scope(f.Department); err != nil {
		return govops.Page[Callback]{}, err
	}
	f.After, f.Limit = after, limit+1
	cs, err := s.store.ListCallbacks(ctx, f)
	if err != nil {
		return govops.Page[Callback]{}, err
	}
	page := govops.NewPage(cs, limit, func(c Callback) string { return c.ID.String() })
	for i, c := range page.Items {
		if !by.SeesPersonalData(c.Department) {
			page.Items[i] = govops.Mask(c)
		}
	}
	return page, nil
}

// checkMonth adds a problem naming field when m is set but not a month.
func checkMonth(p *govops.Problems, field string, m Month) {
	if !m.IsZero() && !m.Valid() {
		p.Add(field, "must be a month such as 2022-08")
	}
}

// RecordOutcome creates or replaces the outcome of in.CaseNumber. It is the
// entry point for hooks that derive the flags from case events, and is
// idempotent: recording the same facts again writes nothing and returns the
// stored outcome with its version unchanged.
//
// Only the center records outcomes: a department or read-only actor gets
// EFORBIDDEN. A hook that feeds outcomes from case events writes as center
// staff under its own name (see govops.Actor).
//
// With in.IfVersion zero the write is unconditional: a concurrent change is
// reloaded and the write tried again (govops.Retry), up to
// govops.MaxWriteRetries times. With in.IfVersion set it must equal the
// stored version (ECONFLICT otherwise, naming both versions), and ENOTFOUND
// is returned if the case has no outcome yet. EINVALID names every bad
// field.
func (s *Service) RecordOutcome(ctx context.Context, by govops.Actor, in OutcomeInput) (*Outcome, error) {
	if err := by.CenterOnly("record outcomes"); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *Outcome
	_, err := govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		var err error
		out, err = s.recordOutcome(ctx, by, &in)
		// Only a blind write may try again: one that names a version must
		// not land on top of a change its caller has not seen.
		return govops.ErrorCode(err) == govops.ECONFLICT && in.IfVersion == 0, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// recordOutcome is one attempt of RecordOutcome, over the outcome stored
// now.
func (s *Service) recordOutcome(ctx context.Context, by govops.Actor, in *OutcomeInput) (*Outcome, error) {
	cur, err := s.store.GetOutcome(ctx, in.CaseNumber)
	switch {
	case govops.ErrorCode(err) == govops.ENOTFOUND:
		if in.IfVersion != 0 {
			return nil, govops.Errorf(govops.ENOTFOUND, "case %s has no outcome yet: record it without if_version", in.CaseNumber)
		}
		o := in.outcome(1, s.clock(), by.Name)
		if err := s.store.CreateOutcome(ctx, &o); err != nil {
			return nil, err
		}
		return &o, nil
	case err != nil:
		return nil, err
	}
	if in.IfVersion != 0 && in.IfVersion != cur.Version {
		return nil, govops.Errorf(govops.ECONFLICT, "the outcome of case %s is at version %d, not %d: reload it and try again", in.CaseNumber, cur.Version, in.IfVersion)
	}
	if in.KeepMonth {
		in.Month = cur.Month
	}
	if cur.sameFacts(in) {
		return cur, nil
	}
	o := in.outcome(cur.Version+1, s.clock(), by.Name)
	if err := s.store.UpdateOutcome(ctx, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// GetOutcome returns the outcome of a case. It returns ENOTFOUND if there is
// none, or if it is another department's.
func (s *Service) GetOutcome(ctx context.Context, by govops.Actor, caseNumber string) (*Outcome, error) {
	var p govops.Problems
	by.Check(&p)
	govops.CheckNumber(&p, "case_number", caseNumber)
	if err := p.Err(); err != nil {
		return nil, err
	}
	o, err := s.store.GetOutcome(ctx, caseNumber)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(o.Department) {
		return nil, govops.Errorf(govops.ENOTFOUND, "case %s has no outcome", caseNumber)
	}
	if by.SeesPersonalData(o.Department) {
		return o, nil
	}
	masked := govops.Mask(*o) // flags and codes: no free text to look up names for
	return &masked, nil
}

// ListOutcomes returns one page of the outcomes matching f that by may
// see, in case-number order: a department's listing is limited to its own
// department (a filter naming another one is EFORBIDDEN). f.Cursor and
// f.Limit page it as in ListCallbacks.
func (s *Service) ListOutcomes(ctx context.Context, by govops.Actor, f OutcomeFilter) (govops.Page[Outcome], error) {
	var p govops.Problems
	by.Check(&p)
	checkMonth(&p, "month", f.Month)
	limit := govops.CheckLimit(&p, f.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[Outcome]{}, err
	}
	after, err := govops.DecodeCursor(f.Cursor)
	if err != nil {
		return govops.Page[Outcome]{}, err
	}
	if f.Department, err = by.Scope(f.Department); err != nil {
		return govops.Page[Outcome]{}, err
	}
	f.After, f.Limit = after, limit+1
	os, err := s.store.ListOutcomes(ctx, f)
	if err != nil {
		return govops.Page[Outcome]{}, err
	}
	// A case number is not personal data (it is tagged safe), so the
	// cursor made from it shows a masked reader nothing new.
	page := govops.NewPage(os, limit, func(o Outcome) string { return o.CaseNumber })
	for i, o := range page.Items {
		if !by.SeesPersonalData(o.Department) {
			page.Items[i] = govops.Mask(o)
		}
	}
	return page, nil
}

// SaveScheme stores a new scheme version, in force from s.EffectiveFrom
// until the next version. Only the center saves schemes: a department or
// read-only actor gets EFORBIDDEN. It returns EINVALID naming every bad
// field (effective_from is required), and ECONFLICT if a version with the
// same EffectiveFrom exists.
func (s *Service) SaveScheme(ctx context.Context, by govops.Actor, sc Scheme) (*Scheme, error) {
	if err := by.CenterOnly("save scoring schemes"); err != nil {
		return nil, err
	}
	var p govops.Problems
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
func (s *Service) SchemeFor(ctx context.Context, by govops.Actor, m Month) (*Scheme, error) {
	var p govops.Problems
	by.Check(&p)
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
func (s *Service) ListSchemes(ctx context.Context, by govops.Actor) ([]Scheme, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	return s.store.ListSchemes(ctx)
}

// clock returns the current time as it is stored (govops.StoredTime).
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }
