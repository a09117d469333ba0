package govcase

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Actor is who asks the Service to do something. Name is recorded in the
// event trail. Department is the code of the actor's department; empty means
// center staff (区政务网络服务中心), who may do everything. A ReadOnly actor
// (an auditor or a viewer) may read but change nothing.
type Actor struct {
	Name       string
	Department string
	ReadOnly   bool
}

// Center reports whether a is center staff.
func (a Actor) Center() bool { return a.Department == "" }

func (a Actor) validate() error {
	var p govops.Problems
	if strings.TrimSpace(a.Name) == "" {
		p.Add("actor", "is required: every change records who made it")
	}
	checkLen(&p, "actor", a.Name, maxActor)
	checkLen(&p, "actor.department", a.Department, maxShort)
	return p.Err()
}

// canWrite returns EFORBIDDEN for a read-only actor.
func (a Actor) canWrite() error {
	if err := a.validate(); err != nil {
		return err
	}
	if a.ReadOnly {
		return govops.Errorf(govops.EFORBIDDEN, "%s may read cases but not change them", a.Name)
	}
	return nil
}

// seesPersonalData reports whether a may see the reporter of c unmasked:
// center staff and the department handling the case may.
func (a Actor) seesPersonalData(c *Case) bool {
	return !a.ReadOnly && (a.Center() || a.Department == c.Department)
}

// visible reports whether a may see c at all: a department sees only the
// cases dispatched to it.
func (a Actor) visible(c *Case) bool {
	return a.Center() || (a.Department == c.Department && c.Status != StatusRegistered && c.Status != StatusReturned)
}

// Service holds every rule of the command platform. It is safe for
// concurrent use; all state lives in the Store.
type Service struct {
	store  Store
	now    func() time.Time
	newID  func() uuid.UUID
	cal    *govops.Calendar
	policy DeadlinePolicy
	kinds  map[Kind]KindSpec
	order  []Kind

	observers []Observer
	deptCheck func(ctx context.Context, code string) error
}

// Observer is told of every change after the Store has saved it: the case
// as saved and the event that recorded the change. Observers wire effects in
// other domains (for example, the hotline's case outcomes) without govcase
// knowing them. An observer runs in the caller's goroutine; it must not
// block for long, and it cannot undo the change.
type Observer func(ctx context.Context, c Case, ev Event)

// Option configures a Service.
type Option func(*Service)

// WithNow sets the clock. Tests pass a fixed or stepping clock so that they
// never sleep.
func WithNow(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithCalendar sets the working-day calendar the default deadline policy
// counts on. The default is govops.DefaultCalendar().
func WithCalendar(c *govops.Calendar) Option { return func(s *Service) { s.cal = c } }

// WithDeadlinePolicy replaces the default deadline policy.
func WithDeadlinePolicy(p DeadlinePolicy) Option { return func(s *Service) { s.policy = p } }

// WithKinds registers kinds beyond the five built-in ones, or replaces a
// built-in kind's label and categories.
func WithKinds(specs ...KindSpec) Option {
	return func(s *Service) {
		for _, k := range specs {
			if _, ok := s.kinds[k.Code]; !ok {
				s.order = append(s.order, k.Code)
			}
			s.kinds[k.Code] = k
		}
	}
}

// WithObserver adds an observer of every saved change.
func WithObserver(o Observer) Option {
	return func(s *Service) { s.observers = append(s.observers, o) }
}

// WithDepartmentCheck sets how the Service learns that a department code
// exists: check returns an error (EINVALID naming "department" is best) for
// an unknown code. Dispatch and routing rules call it after their own
// permission checks. Without it any non-empty code is accepted.
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

// notify tells the observers of a saved change.
func (s *Service) notify(ctx context.Context, c *Case, ev Event) {
	for _, o := range s.observers {
		o(ctx, *c, ev)
	}
}

// NewService returns a Service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{
		store: store,
		now:   time.Now,
		newID: func() uuid.UUID { return uuid.Must(uuid.NewV7()) },
		kinds: map[Kind]KindSpec{},
	}
	for _, k := range BuiltinKinds() {
		s.kinds[k.Code] = k
		s.order = append(s.order, k.Code)
	}
	for _, o := range opts {
		o(s)
	}
	if s.cal == nil {
		s.cal = govops.DefaultCalendar()
	}
	if s.policy == nil {
		s.policy = DefaultDeadlinePolicy(s.cal)
	}
	return s
}

// Kinds returns the kinds the Service knows, built-in first.
func (s *Service) Kinds() []KindSpec {
	out := make([]KindSpec, 0, len(s.order))
	for _, k := range s.order {
		spec := s.kinds[k]
		if spec.Categories == nil {
			spec.Categories = CommonCategories()
		}
		out = append(out, spec)
	}
	return out
}

// Calendar returns the calendar the Service counts deadlines on.
func (s *Service) Calendar() *govops.Calendar { return s.cal }

// clock returns the current time in UTC, truncated to the microsecond that
// every supported database keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) kindList() string {
	names := make([]string, len(s.order))
	for i, k := range s.order {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func (s *Service) categoryAllowed(k Kind, c Category) bool {
	cats := s.kinds[k].Categories
	if cats == nil {
		cats = CommonCategories()
	}
	for _, x := range cats {
		if x == c {
			return true
		}
	}
	return false
}

func (s *Service) anyKindTakes(c Category) bool {
	for _, k := range s.order {
		if s.categoryAllowed(k, c) {
			return true
		}
	}
	return false
}

// RegisterInput is what a user gives to register (登记) a case.
type RegisterInput struct {
	By          Actor
	Kind        Kind
	Category    Category
	Priority    Priority // default normal
	Source      Source
	ExternalNo  string
	Title       string
	Description string
	Reporter    Contact
	Location    string
}

// Field length limits, in characters.
const (
	maxTitle       = 200
	maxDescription = 10000
	maxShort       = 64
	maxNote        = 4000
	maxLocation    = 500
	maxActor       = 255
)

func checkLen(p *govops.Problems, field, v string, max int) {
	if !utf8.ValidString(v) {
		p.Add(field, "must be valid UTF-8 text")
	} else if govops.HasControl(v) {
		p.Add(field, "must not contain control characters (only tab and line breaks)")
	} else if n := utf8.RuneCountInString(v); n > max {
		p.Addf(field, "must be at most %d characters (got %d)", max, n)
	}
}

func (s *Service) validateRegister(in *RegisterInput) error {
	var p govops.Problems
	if in.Priority == "" {
		in.Priority = PriorityNormal
	}
	if _, ok := s.kinds[in.Kind]; !ok {
		if in.Kind == "" {
			p.Addf("kind", "is required (one of: %s)", s.kindList())
		} else {
			p.Addf("kind", "unknown kind %q (known: %s)", in.Kind, s.kindList())
		}
	} else if in.Category == "" {
		p.Add("category", "is required")
	} else if !s.categoryAllowed(in.Kind, in.Category) {
		p.Addf("category", "kind %s does not take category %q", in.Kind, in.Category)
	}
	if !in.Priority.Valid() {
		p.Addf("priority", "unknown priority %q (normal, urgent, critical)", in.Priority)
	}
	if !in.Source.Valid() {
		if in.Source == "" {
			p.Add("source", "is required (phone, web, app, wechat, open311, internal)")
		} else {
			p.Addf("source", "unknown source %q (phone, web, app, wechat, open311, internal)", in.Source)
		}
	}
	if strings.TrimSpace(in.Title) == "" {
		p.Add("title", "is required")
	}
	checkLen(&p, "title", in.Title, maxTitle)
	checkLen(&p, "description", in.Description, maxDescription)
	checkLen(&p, "external_no", in.ExternalNo, maxShort)
	checkLen(&p, "reporter.name", in.Reporter.Name, maxShort)
	if strings.ContainsAny(in.Reporter.Name, "0123456789０１２３４５６７８９") {
		p.Add("reporter.name", "is a person's name and may not hold digits: put a phone number in reporter.phone")
	}
	checkLen(&p, "location", in.Location, maxLocation)
	if ph := in.Reporter.Phone; ph != "" {
		if len(ph) > 20 {
			p.Add("reporter.phone", "must be at most 20 characters")
		} else {
			for _, r := range ph {
				if (r < '0' || r > '9') && r != '-' && r != '+' && r != ' ' {
					p.Add("reporter.phone", "may hold only digits, spaces, '+' and '-'")
					break
				}
			}
		}
	}
	return p.Err()
}

// Register validates in and records a new case in status registered, with a
// human number for the current year and a first event.
func (s *Service) Register(ctx context.Context, in RegisterInput) (*Case, error) {
	if err := in.By.canWrite(); err != nil {
		return nil, err
	}
	if !in.By.Center() {
		return nil, govops.Errorf(govops.EFORBIDDEN, "only the center registers cases")
	}
	if err := s.validateRegister(&in); err != nil {
		return nil, err
	}
	now := s.clock()
	year := now.In(s.cal.Location()).Year()
	seq, err := s.store.NextSeq(ctx, year)
	if err != nil {
		return nil, err
	}
	c := &Case{
		ID: s.newID(), Number: FormatNumber(year, seq), Year: year,
		Kind: in.Kind, Category: in.Category, Priority: in.Priority, Source: in.Source,
		ExternalNo: in.ExternalNo, Title: in.Title, Description: in.Description,
		Reporter: in.Reporter, Location: in.Location, Status: StatusRegistered,
		CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	ev := Event{
		ID: s.newID(), CaseID: c.ID, Seq: 1, Type: EventRegistered,
		Actor: in.By.Name, ActorDept: in.By.Department, At: now,
		ToStatus: StatusRegistered,
	}
	if err := s.store.CreateCase(ctx, c, []Event{ev}); err != nil {
		return nil, err
	}
	s.notify(ctx, c, ev)
	return c, nil
}

// load finds a case by its number ("2022-000123") or ID and checks that by
// may see it. A department asking for another department's case gets
// ENOTFOUND, so that the case's existence does not leak.
func (s *Service) load(ctx context.Context, by Actor, ref string) (*Case, error) {
	var c *Case
	var err error
	if id, perr := uuid.Parse(ref); perr == nil {
		c, err = s.store.GetCase(ctx, id)
	} else {
		if _, _, perr := ParseNumber(ref); perr != nil {
			return nil, govops.FieldError("case", fmt.Sprintf("%q is neither a case number like 2022-000123 nor a case ID", ref))
		}
		c, err = s.store.GetCaseByNumber(ctx, ref)
	}
	if err != nil {
		return nil, err
	}
	if !by.visible(c) {
		return nil, govops.Errorf(govops.ENOTFOUND, "case %s not found", ref)
	}
	return c, nil
}

// Get returns the case with number or ID ref as by may see it: the reporter
// is masked unless by is center staff or the handling department.
func (s *Service) Get(ctx context.Context, by Actor, ref string) (*Case, error) {
	if err := by.validate(); err != nil {
		return nil, err
	}
	c, err := s.load(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.present(by, c), nil
}

func (s *Service) present(by Actor, c *Case) *Case {
	if by.seesPersonalData(c) {
		return c
	}
	m := c.Masked()
	return &m
}

// Events returns the audit trail of a case, oldest first.
func (s *Service) Events(ctx context.Context, by Actor, ref string) ([]Event, error) {
	if err := by.validate(); err != nil {
		return nil, err
	}
	c, err := s.load(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.ListEvents(ctx, c.ID)
	if err != nil || by.seesPersonalData(c) {
		return evs, err
	}
	return govops.Mask(evs, c.Reporter.Name, c.Reporter.Phone), nil
}
