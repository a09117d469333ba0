package govcase

import (
	"context"
	"encoding/base64"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Limits of one page of cases.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// ListInput asks for one page of cases.
type ListInput struct {
	By     Actor
	Filter Filter // After is set from Cursor; a department's filter is forced to its own department
	// Overdue keeps open cases past their resolve-by deadline now.
	Overdue bool
	// DueWithin keeps open cases not yet overdue whose deadline falls
	// within this much time from now (due soon, 即将超期).
	DueWithin time.Duration
	Cursor    string // from the previous Page's Next
}

// Page is one page of cases. Next is empty on the last page.
type Page struct {
	Cases []*Case
	Next  string
}

// EncodeCursor returns the opaque cursor that resumes a listing after id.
func EncodeCursor(id uuid.UUID) string { return base64.RawURLEncoding.EncodeToString(id[:]) }

// DecodeCursor parses a cursor made by EncodeCursor. It returns EINVALID
// naming the field "cursor" for anything else.
func DecodeCursor(s string) (uuid.UUID, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != 16 {
		return uuid.Nil, govops.FieldError("cursor", "is not a cursor this server issued; start again without it")
	}
	var id uuid.UUID
	copy(id[:], b)
	return id, nil
}

// List returns one page of the cases by may see, newest first.
func (s *Service) List(ctx context.Context, in ListInput) (Page, error) {
	if err := in.By.validate(); err != nil {
		return Page{}, err
	}
	f := in.Filter
	var p govops.Problems
	if f.Limit < 0 || f.Limit > MaxPageSize {
		p.Addf("limit", "must be between 1 and %d", MaxPageSize)
	}
	for _, k := range f.Kinds {
		if _, ok := s.kinds[k]; !ok {
			p.Addf("kind", "unknown kind %q (known: %s)", k, s.kindList())
		}
	}
	for _, st := range f.Statuses {
		if !st.Valid() {
			p.Addf("status", "unknown status %q", st)
		}
	}
	if f.Priority != "" && !f.Priority.Valid() {
		p.Addf("priority", "unknown priority %q", f.Priority)
	}
	if f.Source != "" && !f.Source.Valid() {
		p.Addf("source", "unknown source %q", f.Source)
	}
	if in.DueWithin < 0 {
		p.Add("due_within", "must not be negative")
	}
	if !f.CreatedFrom.IsZero() && !f.CreatedTo.IsZero() && !f.CreatedTo.After(f.CreatedFrom) {
		p.Add("created_to", "must be after created_from")
	}
	checkTimes(&p, map[string]time.Time{"created_from": f.CreatedFrom, "created_to": f.CreatedTo,
		"due_before": f.ResolveByBefore, "due_after": f.ResolveByAfter})
	checkLen(&p, "department", f.Department, maxShort)
	checkLen(&p, "q", f.Text, maxTitle)
	checkLen(&p, "external_no", f.ExternalNo, maxShort)
	if in.Cursor != "" {
		id, err := DecodeCursor(in.Cursor)
		if err != nil {
			p.Add("cursor", "is not a cursor this server issued; start again without it")
		}
		f.After = id
	}
	if err := p.Err(); err != nil {
		return Page{}, err
	}
	if err := foreignDepartment(in.By, f.Department); err != nil {
		return Page{}, err
	}
	if f.Limit == 0 {
		f.Limit = DefaultPageSize
	}
	if !in.By.Center() {
		f.Department = in.By.Department
		f.Statuses = departmentStatuses(f.Statuses)
	}
	// A reader who sees the listed cases masked searches what it sees.
	f.MaskedText = !in.By.seesPersonalData(&Case{Department: f.Department})
	if f.MaskedText && f.ExternalNo != "" {
		// An exact match on a number the reader sees starred would let it
		// guess the hidden digits.
		return Page{}, govops.Errorf(govops.EFORBIDDEN, "%s sees external numbers masked and cannot filter by one", in.By.Name).
			WithField("external_no", "is for readers who see personal data; search with q for the masked number instead")
	}
	now := s.clock()
	if in.Overdue || in.DueWithin > 0 {
		f.Statuses = intersectStatuses(f.Statuses, OpenStatuses())
	}
	if in.Overdue {
		f.ResolveByBefore = earliest(f.ResolveByBefore, now)
	}
	if in.DueWithin > 0 {
		f.ResolveByAfter = latest(f.ResolveByAfter, now)
		f.ResolveByBefore = earliest(f.ResolveByBefore, now.Add(in.DueWithin))
	}
	want := f.Limit
	f.Limit = want + 1
	cases, err := s.store.ListCases(ctx, f)
	if err != nil {
		return Page{}, err
	}
	page := Page{}
	if len(cases) > want {
		cases = cases[:want]
		page.Next = EncodeCursor(cases[want-1].ID)
	}
	page.Cases = make([]*Case, len(cases))
	for i, c := range cases {
		page.Cases[i] = s.present(in.By, c)
	}
	return page, nil
}

// checkTimes refuses filter times no store can compare with (outside years
// 1900–9999).
func checkTimes(p *govops.Problems, times map[string]time.Time) {
	for field, t := range times {
		if !t.IsZero() && !govops.TimeInRange(t) {
			p.Add(field, "must be a time between the years 1900 and 9999")
		}
	}
}

// foreignDepartment refuses (EFORBIDDEN, naming the field) a department's
// request for another department's cases, rather than silently answering
// with its own.
func foreignDepartment(by Actor, dept string) error {
	if by.Center() || dept == "" || dept == by.Department {
		return nil
	}
	return govops.Errorf(govops.EFORBIDDEN, "department %s sees only its own cases, not those of %s", by.Department, dept).
		WithField("department", "must be your own department or empty")
}

// departmentStatuses limits a department's listing to the statuses in which
// a case is with it, keeping the caller's own narrowing.
func departmentStatuses(asked []Status) []Status {
	mine := []Status{StatusDispatched, StatusAccepted, StatusReplied, StatusClosed, StatusCancelled}
	if len(asked) == 0 {
		return mine
	}
	return intersectStatuses(asked, mine)
}

func intersectStatuses(a, b []Status) []Status {
	if len(a) == 0 {
		return append([]Status(nil), b...)
	}
	var out []Status
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	if out == nil {
		// Nothing can match; a status no case has keeps the store honest.
		out = []Status{"none"}
	}
	return out
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if a.IsZero() || b.After(a) {
		return b
	}
	return a
}
