package govcase

import (
	"context"
	"slices"
	"time"

	"github.com/govops-kit/govops"
)

// ListInput asks for one page of cases.
type ListInput struct {
	// Filter selects the cases. Its After and Limit are the Store's keyset:
	// List sets them from Cursor and Limit, whatever the caller put there.
	// A department's filter is forced to its own department.
	Filter Filter
	// Overdue keeps open cases past their resolve-by deadline now.
	Overdue bool
	// DueWithin keeps open cases not yet overdue whose deadline falls
	// within this much time from now (due soon, 即将超期).
	DueWithin time.Duration
	// Cursor resumes the listing after the last case of a page: the Next
	// of the previous page. Empty starts at the newest case.
	Cursor string
	// Limit is the page size: 0 means govops.DefaultPageSize, and more than
	// govops.MaxPageSize is EINVALID naming "limit".
	Limit int
}

// List returns one page of the cases by may see, newest first, each as Get
// would show it. A department sees only the cases dispatched to it, and
// asking for another department's is EFORBIDDEN naming "department". A
// reader who sees personal data masked searches (Filter.Text) what it sees,
// and may not filter by an exact external number (EFORBIDDEN naming
// "external_no"). Every bad field is EINVALID, all reported at once.
func (s *Service) List(ctx context.Context, by govops.Actor, in ListInput) (govops.Page[*Case], error) {
	var none govops.Page[*Case]
	if err := by.Validate(); err != nil {
		return none, err
	}
	f := in.Filter
	var p govops.Problems
	limit := govops.CheckLimit(&p, in.Limit)
	after, err := govops.CursorID(in.Cursor)
	if err != nil {
		p.Add("cursor", govops.ErrorFields(err)["cursor"])
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
	govops.CheckPeriod(&p, "created_from", f.CreatedFrom, "created_to", f.CreatedTo)
	govops.CheckTime(&p, "due_before", f.ResolveByBefore, false)
	govops.CheckTime(&p, "due_after", f.ResolveByAfter, false)
	if f.Department != "" {
		govops.CheckCode(&p, "department", f.Department)
	}
	govops.CheckText(&p, "q", f.Text, maxTitle, false)
	govops.CheckText(&p, "external_no", f.ExternalNo, maxShort, false)
	if err := p.Err(); err != nil {
		return none, err
	}
	if f.Department, err = by.Scope(f.Department); err != nil {
		return none, err
	}
	if !by.DistrictWide() {
		f.Statuses = departmentStatuses(f.Statuses)
	}
	// A reader who sees the listed cases masked searches what it sees.
	f.MaskedText = !by.SeesPersonalData(f.Department)
	if f.MaskedText && f.ExternalNo != "" {
		// An exact match on a number the reader sees starred would let it
		// guess the hidden digits.
		return none, govops.Errorf(govops.EFORBIDDEN, "%s sees external numbers masked and cannot filter by one", govops.Truncate(by.Name, 64)).
			WithField("external_no", "is for readers who see personal data; search with q for the masked number instead")
	}
	f.CreatedFrom, f.CreatedTo = f.CreatedFrom.UTC(), f.CreatedTo.UTC()
	f.ResolveByBefore, f.ResolveByAfter = f.ResolveByBefore.UTC(), f.ResolveByAfter.UTC()
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
	f.After, f.Limit = after, limit+1
	cases, err := s.store.ListCases(ctx, f)
	if err != nil {
		return none, err
	}
	page := govops.NewPage(cases, limit, func(c *Case) string { return c.ID.String() })
	for i, c := range page.Items {
		page.Items[i] = present(by, c)
	}
	return page, nil
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
		return slices.Clone(b)
	}
	var out []Status
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
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
