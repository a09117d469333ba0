package govcase

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// visible reports whether by may see c at all: a district-wide reader sees
// every case, a department only the cases dispatched to it (not those
// registered or returned to the center).
func visible(by govops.Actor, c *Case) bool {
	return by.DistrictWide() || (by.MaySee(c.Department) && c.Status != StatusRegistered && c.Status != StatusReturned)
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
	deptCheck govops.DepartmentCheck
	turns     govops.Turns // comments and urges on one case, in turn
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
// exists (govops.DepartmentCheck). Dispatch and CreateRoutingRule run it
// after their own permission and input checks. Without it any well-formed
// code is accepted.
func WithDepartmentCheck(check govops.DepartmentCheck) Option {
	return func(s *Service) { s.deptCheck = check }
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
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }

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
)

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
	govops.CheckText(&p, "title", in.Title, maxTitle, true)
	govops.CheckText(&p, "description", in.Description, maxDescription, false)
	govops.CheckText(&p, "external_no", in.ExternalNo, maxShort, false)
	govops.CheckPersonName(&p, "reporter.name", in.Reporter.Name, maxShort, false)
	govops.CheckText(&p, "location", in.Location, maxLocation, false)
	if ph := in.Reporter.Phone; ph != "" {
		if len(ph) > 20 {
			p.Add("reporter.phone", "must be at most 20 characters")
		} else if strings.ContainsFunc(ph, func(r rune) bool { return (r < '0' || r > '9') && r != '-' && r != '+' && r != ' ' }) {
			p.Add("reporter.phone", "may hold only digits, spaces, '+' and '-'")
		}
	}
	return p.Err()
}

// Register validates in and records a new case in status registered, with a
// human number for the current year and a first event. Only center staff
// register cases: a department or a read-only actor gets EFORBIDDEN.
func (s *Service) Register(ctx context.Context, by govops.Actor, in RegisterInput) (*Case, error) {
	if err := by.CenterOnly("register cases"); err != nil {
		return nil, err
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
	ev, err := govops.NewEvent(c.ID, 1, EventRegistered, by, now, "", StatusRegistered)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateCase(ctx, c, []Event{ev}); err != nil {
		return nil, err
	}
	s.notify(ctx, c, ev)
	return c, nil
}

// refField names a case reference in errors: the {number} of the API's
// case paths.
const refField = "number"

// load finds a case by its number ("2022-000123") or ID and checks that by
// may see it. A department asking for another department's case gets
// ENOTFOUND, so that the case's existence does not leak.
func (s *Service) load(ctx context.Context, by govops.Actor, ref string) (*Case, error) {
	c, err := govops.Resolve(ctx, refField, ref, "case", s.store.GetCase,
		func(ctx context.Context, number string) (*Case, error) {
			if _, _, err := ParseNumber(number); err != nil {
				return nil, err
			}
			return s.store.GetCaseByNumber(ctx, number)
		})
	if err != nil {
		return nil, err
	}
	if !visible(by, c) {
		return nil, govops.Errorf(govops.ENOTFOUND, "case %s not found", ref)
	}
	return c, nil
}

// Get returns the case with number or ID ref as by may see it: the reporter
// is masked unless by is center staff or the handling department. A
// malformed ref is EINVALID naming "number"; a case by may not see is
// ENOTFOUND.
func (s *Service) Get(ctx context.Context, by govops.Actor, ref string) (*Case, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	c, err := s.load(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return present(by, c), nil
}

// present returns c as by may see it: whole for center staff and the
// handling department, masked for everyone else.
func present(by govops.Actor, c *Case) *Case {
	if by.SeesPersonalData(c.Department) {
		return c
	}
	m := c.Masked()
	return &m
}

// Events returns the audit trail of a case, oldest first, masked as Get
// masks the case.
func (s *Service) Events(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	c, err := s.load(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.ListEvents(ctx, c.ID)
	if err != nil || by.SeesPersonalData(c.Department) {
		return evs, err
	}
	return govops.Mask(evs, c.Reporter.Name, c.Reporter.Phone), nil
}
