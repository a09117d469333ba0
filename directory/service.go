package directory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Service holds every rule of the department directory: validation, IDs,
// versions, the shape of the tree (parents exist, villages and communities
// sit below townships, no cycles), the lifecycle, the imports, and who may
// do what (see govops.Actor). It is safe for concurrent use when its Store
// is.
type Service struct {
	store Store
	now   func() time.Time
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

// NewService returns a Service over store. It panics if store is nil.
func NewService(store Store, opts ...Option) *Service {
	if store == nil {
		panic("directory: NewService needs a Store")
	}
	s := &Service{store: store, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// clock returns the current time as it is stored (govops.StoredTime).
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }

// CreateInput is what Create takes.
type CreateInput struct {
	Code   string
	Name   string // spaces around it are trimmed
	Kind   Kind   // "" means KindDepartment
	Parent string // the code of the unit above; "" for none
	Zone   Zone   // "" while not known
}

// normalize trims the name and sets the default kind.
func (in *CreateInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	if in.Kind == "" {
		in.Kind = KindDepartment
	}
}

// problems adds the problems of in's own fields to p; the parent is only
// checked for its form here (see checkParent).
func (in *CreateInput) problems(p *govops.Problems) {
	checkCode(p, "code", in.Code)
	checkName(p, in.Name)
	if !in.Kind.Valid() {
		p.Addf("kind", "unknown kind %q: use %s", govops.Truncate(string(in.Kind), 40), kindChoices())
	}
	if !in.Zone.Valid() {
		p.Addf("zone", "unknown zone %q: use %s", govops.Truncate(string(in.Zone), 40), zoneChoices())
	}
	checkParentCode(p, in.Code, in.Parent)
}

// checkParentCode adds the problem of parent's form, for the unit code: a
// code, and not the unit's own.
func checkParentCode(p *govops.Problems, code, parent string) {
	if parent == "" {
		return
	}
	if checkCode(p, "parent", parent) && CodeKey(parent) == CodeKey(code) {
		p.Add("parent", "must not be the unit itself")
	}
}

// Create adds a unit to the directory, active, at version 1, with its
// created event. Only center staff may: a department or read-only actor
// gets EFORBIDDEN. It returns EINVALID naming every bad field at once
// ("code", "name", "kind", "parent", "zone"): the parent must exist
// (exact code), be active, and be a township when the unit is a village or
// a community. It returns ECONFLICT when the code is taken in any letter
// case, naming the department that takes it.
func (s *Service) Create(ctx context.Context, by govops.Actor, in CreateInput) (*Department, error) {
	if err := by.CenterOnly("add departments"); err != nil {
		return nil, err
	}
	in.normalize()
	var p govops.Problems
	in.problems(&p)
	if _, err := s.checkParent(ctx, &p, in.Kind, in.Parent, true); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	now := s.clock()
	d := Department{ID: id, Code: in.Code, Name: in.Name, Kind: in.Kind, Parent: in.Parent, Zone: in.Zone,
		Status: StatusActive, Version: 1, CreatedAt: now, UpdatedAt: now}
	ev, err := newEvent(&d, EventCreated, by, now, "", "")
	if err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, []Department{d}, []Event{ev}); err != nil {
		return nil, s.whyTaken(ctx, d.Code, err)
	}
	return &d, nil
}

// whyTaken returns err, the Store's refusal of a new department code, as
// the ECONFLICT that names the department taking the code, when it can
// tell which; any other error as it is.
func (s *Service) whyTaken(ctx context.Context, code string, err error) error {
	if govops.ErrorCode(err) != govops.ECONFLICT {
		return err
	}
	ds, lerr := s.store.Lookup(ctx, []string{code})
	if lerr != nil || len(ds) == 0 {
		return err
	}
	return codeTaken(code, ds[0].Code)
}

// checkParent adds to p what keeps parent from being the parent of a unit
// of kind k that is active (or not): there is no department with that
// exact code, or parentProblem. A parent that is empty or not a code (a
// problem checkParentCode reports) is not looked up. It returns the parent
// found, and the Store's error if the lookup fails.
func (s *Service) checkParent(ctx context.Context, p *govops.Problems, k Kind, parent string, active bool) (*Department, error) {
	if !ValidCode(parent) {
		return nil, nil
	}
	par, err := s.store.Department(ctx, parent)
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		hint := ""
		if ds, err := s.store.Lookup(ctx, []string{parent}); err == nil && len(ds) > 0 {
			hint = ds[0].Code
		}
		p.Add("parent", noParent(parent, "", hint))
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if why := parentProblem(k, par, active); why != "" {
		p.Add("parent", why)
	}
	return par, nil
}

// noParent is the problem of a parent code that names no department where
// it was looked for (", in the directory or on a row of the file", or ""
// for the directory); other, when not empty, is a code found there that
// differs from it in letter case only.
func noParent(parent, where, other string) string {
	msg := fmt.Sprintf("no department has code %q%s; add the parent first", parent, where)
	if other != "" {
		msg += fmt.Sprintf(" (codes are exact: did you mean %s?)", other)
	}
	return msg
}

// parentProblem says what keeps par from being the parent of a unit of kind
// k that is active (or not), "" when nothing does: an active unit has an
// active parent, and a village or community has a township.
func parentProblem(k Kind, par *Department, active bool) string {
	switch {
	case active && !par.Active():
		return fmt.Sprintf("department %s is dissolved (撤销): restore it first, or choose another parent", par.Code)
	case k.belowTownship() && par.Kind != KindTownship:
		return fmt.Sprintf("%s is a %s (%s), but the parent of a %s (%s) must be a township (乡镇街道)",
			par.Code, par.Kind, par.Kind.Label(), k, k.Label())
	}
	return ""
}

// Get returns the department whose code is exactly code. Every valid actor
// may read the directory: departments are not secret. It returns EINVALID
// naming "code" for a malformed code, and ENOTFOUND if there is none.
func (s *Service) Get(ctx context.Context, by govops.Actor, code string) (*Department, error) {
	if err := checkRead(by, code); err != nil {
		return nil, err
	}
	return s.store.Department(ctx, code)
}

// checkRead checks the actor and the code of a read of one department.
func checkRead(by govops.Actor, code string) error {
	var p govops.Problems
	by.Check(&p)
	checkCode(&p, "code", code)
	return p.Err()
}

// ListInput selects one page of departments: those matching Filter, after
// the page whose Next is Cursor ("" for the first page), Limit of them (0
// means govops.DefaultPageSize, at most govops.MaxPageSize).
type ListInput struct {
	Filter
	Cursor string
	Limit  int
}

// List returns one page of the departments matching in.Filter, ordered by
// code. Every valid actor may list the directory. It returns EINVALID
// naming each bad field: "kinds", "zone", "parent", "status", "text",
// "cursor" and "limit".
func (s *Service) List(ctx context.Context, by govops.Actor, in ListInput) (govops.Page[*Department], error) {
	var p govops.Problems
	by.Check(&p)
	for _, k := range in.Kinds {
		if !k.Valid() {
			p.Addf("kinds", "unknown kind %q: use %s", govops.Truncate(string(k), 40), kindChoices())
		}
	}
	if !in.Zone.Valid() {
		p.Addf("zone", "unknown zone %q: use %s", govops.Truncate(string(in.Zone), 40), zoneChoices())
	}
	if in.Parent != "" {
		checkCode(&p, "parent", in.Parent)
	}
	if in.Status != "" && !in.Status.Valid() {
		p.Addf("status", "unknown status %q: use active (在用) or dissolved (撤销)", govops.Truncate(string(in.Status), 40))
	}
	govops.CheckText(&p, "text", in.Text, MaxNameLen, false)
	limit := govops.CheckLimit(&p, in.Limit)
	if err := p.Err(); err != nil {
		return govops.Page[*Department]{}, err
	}
	after, err := govops.DecodeCursor(in.Cursor)
	if err != nil {
		return govops.Page[*Department]{}, err
	}
	if after != "" && !ValidCode(after) {
		return govops.Page[*Department]{}, govops.FieldError("cursor", "is not a cursor this server issued; start again without it")
	}
	ds, err := s.store.Departments(ctx, in.Filter, after, limit+1)
	if err != nil {
		return govops.Page[*Department]{}, err
	}
	out := make([]*Department, len(ds))
	for i := range ds {
		out[i] = &ds[i]
	}
	return govops.NewPage(out, limit, func(d *Department) string { return d.Code }), nil
}

// Events returns the trail of the department whose code is exactly code,
// oldest first. Every valid actor may read it. It returns EINVALID naming
// "code" for a malformed code, and ENOTFOUND if there is no such
// department.
func (s *Service) Events(ctx context.Context, by govops.Actor, code string) ([]Event, error) {
	if err := checkRead(by, code); err != nil {
		return nil, err
	}
	return s.store.Events(ctx, code)
}

// Counts returns what the directory holds: active units in total, by kind
// and by zone, and dissolved units. Every valid actor may read it.
func (s *Service) Counts(ctx context.Context, by govops.Actor) (Counts, error) {
	if err := by.Validate(); err != nil {
		return Counts{}, err
	}
	gs, err := s.store.Counts(ctx)
	if err != nil {
		return Counts{}, err
	}
	return countGroups(gs), nil
}

// Check returns the department check that other domains take
// (govops.DepartmentCheck, as govcase and hotline take it with their
// WithDepartmentCheck option): nil for the code of an active unit, and
// EINVALID naming "department" for a code that names no unit ("no
// department has code …") or a dissolved one, which takes no new work. It
// reads the Store without an actor: it is wiring between domains, run after
// the calling Service has checked its own actor.
func (s *Service) Check() govops.DepartmentCheck {
	return func(ctx context.Context, code string) error {
		if !ValidCode(code) {
			return govops.FieldError("department", fmt.Sprintf("no department has code %q: a code %s", govops.Truncate(code, MaxCodeLen), codeRule))
		}
		d, err := s.store.Department(ctx, code)
		if govops.ErrorCode(err) == govops.ENOTFOUND {
			return govops.FieldError("department", fmt.Sprintf("no department has code %q; add it to the directory first", code))
		}
		if err != nil {
			return err
		}
		if !d.Active() {
			return govops.FieldError("department", fmt.Sprintf("department %s (%s) is dissolved (撤销): it takes no new work", d.Code, d.Name))
		}
		return nil
	}
}

// newEvent returns the event of by's change of d to its current Version and
// Status, from status from, at at, with note.
func newEvent(d *Department, t EventType, by govops.Actor, at time.Time, from Status, note string) (Event, error) {
	e, err := govops.NewEvent(d.ID, d.Version, t, by, at, from, d.Status)
	if err != nil {
		return Event{}, err
	}
	e.Department, e.Note = d.Code, note
	return e, nil
}
