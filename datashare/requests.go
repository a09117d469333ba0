package datashare

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// RequestInput is what FileRequest takes: the entry asked for (its code or
// ID), the consumer department (a department may leave it out: it asks for
// itself), why it needs the data, and the names of the items it needs.
type RequestInput struct {
	Catalog  string
	Consumer string
	Purpose  string
	Items    []string
}

// RequestView is a share request as a reader gets it, with what is counted
// when it is read rather than stored: Due is the answer deadline (LimitDays
// working days after Filed on the Service's calendar, so that a calendar
// loaded after filing counts it right; zero when the calendar has no data
// for the years it crosses); Overdue says a pending request is past Due;
// Expired says an approved grant has reached Expires; Provisional says Due
// was counted across a year only the provisional calendar covers, and may
// move once the year's notice is loaded.
type RequestView struct {
	Request
	Due         time.Time
	Overdue     bool
	Expired     bool
	Provisional bool
}

// FileRequest files a share request (共享申请) for a published entry shared
// on condition (有条件共享), pending until its provider answers. A department
// files for itself; the center files for any consumer. The provider has the
// Service's answer days (WithAnswerDays) to answer, counted on the calendar.
//
// It returns EINVALID naming each bad field: "catalog" for an entry that is
// not published, shared unconditionally (no request is needed) or not
// shared (quoting its legal basis); "consumer" for the entry's own provider
// or an unknown department; "purpose" when blank; "items" when none is
// named, and "items[i]" for a name that is blank, repeated or not one of the
// entry's items. It returns ENOTFOUND for an entry by may not read, and
// EFORBIDDEN for a department filing for another.
func (s *Service) FileRequest(ctx context.Context, by govops.Actor, in RequestInput) (*RequestView, error) {
	if err := by.MayWrite("file share requests"); err != nil {
		return nil, err
	}
	in.Catalog = strings.TrimSpace(in.Catalog)
	in.Consumer = strings.TrimSpace(in.Consumer)
	in.Purpose = strings.TrimSpace(in.Purpose)
	if by.Department != "" {
		if in.Consumer == "" {
			in.Consumer = by.Department
		} else if in.Consumer != by.Department {
			return nil, govops.Errorf(govops.EFORBIDDEN, "department %s may file share requests only for itself, not for %s", by.Department, govops.Truncate(in.Consumer, govops.MaxCodeLen)).
				WithField("consumer", "must be "+by.Department+" or left out")
		}
	}
	var p govops.Problems
	if in.Catalog == "" {
		p.Add("catalog", "is required: the code or ID of the entry whose data is asked for")
	}
	if in.Consumer == "" {
		p.Add("consumer", "is required: the department that asks for the data")
	} else {
		govops.CheckCode(&p, "consumer", in.Consumer)
	}
	govops.CheckText(&p, "purpose", in.Purpose, maxRequestText, true)
	items := checkRequestItems(&p, in.Items)
	if err := p.Err(); err != nil {
		return nil, err
	}
	c, err := s.requestedCatalog(ctx, by, in.Catalog)
	if err != nil {
		return nil, err
	}
	for i, name := range items {
		if !slices.ContainsFunc(c.Items, func(it Item) bool { return it.Name == name }) {
			p.Addf(fmt.Sprintf("items[%d]", i), "%q is not an item of entry %s: use %s", govops.Truncate(name, 40), c.Code, requestItemNames(c.Items))
		}
	}
	if in.Consumer == c.Department {
		p.Addf("consumer", "is the entry's provider: department %s reads its own data without a request", c.Department)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.checkDepartment(ctx, "consumer", in.Consumer); err != nil {
		return nil, err
	}
	now := s.clock()
	// A deadline the calendar cannot count is refused now rather than
	// shown as no deadline for the life of the request.
	if _, err := s.cal.AddWorkdays(now, s.answerDays); err != nil {
		return nil, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	r := Request{ID: id, Catalog: c.ID, CatalogCode: c.Code, Consumer: in.Consumer, Provider: c.Department,
		Purpose: in.Purpose, Items: items, Applicant: by.Name, Status: RequestPending, Filed: now,
		LimitDays: s.answerDays, Version: 1}
	ev, err := govops.NewEvent(r.ID, 1, EventRequestFiled, by, now, "", Status(RequestPending))
	if err != nil {
		return nil, err
	}
	ev.Department, ev.Note = r.Provider, r.Purpose
	if err := s.store.CreateRequest(ctx, r, []Event{ev}); err != nil {
		return nil, err
	}
	return s.requestView(by, &r, now), nil
}

// requestedCatalog returns the entry ref names for a share request: a
// published one shared on condition. An entry by may not read is
// ENOTFOUND, so that a department does not learn of another's drafts.
func (s *Service) requestedCatalog(ctx context.Context, by govops.Actor, ref string) (*Catalog, error) {
	c, err := s.resolveCatalog(ctx, "catalog", ref)
	if err != nil {
		return nil, err
	}
	if c.Status != CatalogPublished {
		if !by.MaySee(c.Department) {
			return nil, govops.Errorf(govops.ENOTFOUND, "no catalog entry %s", govops.Truncate(ref, 60))
		}
		return nil, govops.FieldError("catalog", fmt.Sprintf("entry %s is %s (%s): only a published entry is asked for", c.Code, c.Status, c.Status.Label()))
	}
	switch c.ShareType {
	case ShareUnconditional:
		return nil, govops.FieldError("catalog", fmt.Sprintf("entry %s is shared unconditionally (无条件共享): every department reads its data, no request is needed", c.Code))
	case ShareNone:
		return nil, govops.FieldError("catalog", fmt.Sprintf("entry %s is not shared (不予共享) under %s: it cannot be asked for", c.Code, govops.Truncate(c.LegalBasis, 200)))
	}
	return c, nil
}

// checkRequestItems adds the problems of the item names of a request to p
// and returns them trimmed.
func checkRequestItems(p *govops.Problems, names []string) []string {
	if len(names) == 0 {
		p.Add("items", "name at least one item of the entry that the data is needed for")
		return nil
	}
	out := make([]string, len(names))
	for i, n := range names {
		field := fmt.Sprintf("items[%d]", i)
		n = strings.TrimSpace(n)
		out[i] = n
		switch {
		case n == "":
			p.Add(field, "is blank: name an item of the entry")
		case slices.Contains(out[:i], n):
			p.Addf(field, "names %q a second time", govops.Truncate(n, 40))
		default:
			govops.CheckText(p, field, n, maxRequestText, true)
		}
	}
	return out
}

func requestItemNames(items []Item) string {
	names := make([]string, 0, len(items))
	for _, it := range items {
		names = append(names, it.Name)
	}
	return govops.Truncate(strings.Join(names, ", "), 300)
}

// ApproveInput is what Approve takes. Expires is when the grant ends: zero
// gives the Service's grant term (WithGrantTerm) from now. Note goes to the
// trail. IfVersion, when not zero, must equal the request's version.
type ApproveInput struct {
	IfVersion int64
	Expires   time.Time
	Note      string
}

// DecisionInput is what Deny, Withdraw and Revoke take: the reason (required
// to deny and to revoke) and, when not zero, the version the caller last
// saw.
type DecisionInput struct {
	IfVersion int64
	Reason    string
}

// Approve grants a pending request (同意共享): the consumer reads the items
// of the entry until Expires. The provider or the center approves. It
// returns EINVALID naming "expires" when it is not after now, EFORBIDDEN
// for any other department, ENOTFOUND for a request by may not read, and
// ECONFLICT when the request is not pending (naming both statuses) or
// IfVersion is stale.
func (s *Service) Approve(ctx context.Context, by govops.Actor, id string, in ApproveInput) (*RequestView, error) {
	if err := by.MayWrite("approve share requests"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckTime(&p, "expires", in.Expires, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.moveRequest(ctx, by, id, ActionApprove, in.IfVersion, strings.TrimSpace(in.Note), func(r *Request, now time.Time) error {
		exp := now.Add(s.grantTerm)
		if !in.Expires.IsZero() {
			exp = govops.StoredTime(in.Expires)
		}
		if !exp.After(now) {
			return govops.FieldError("expires", "must be after now ("+now.In(s.cal.Location()).Format("2006-01-02 15:04")+"): a grant that has ended grants nothing")
		}
		r.Decided, r.Decider, r.Expires = now, by.Name, exp
		return nil
	})
}

// Deny refuses a pending request (不同意共享), with the reason the consumer
// is told. The provider or the center denies. It returns what Approve
// returns, and EINVALID naming "reason" when it is blank.
func (s *Service) Deny(ctx context.Context, by govops.Actor, id string, in DecisionInput) (*RequestView, error) {
	reason := strings.TrimSpace(in.Reason)
	return s.moveRequest(ctx, by, id, ActionDeny, in.IfVersion, reason, func(r *Request, now time.Time) error {
		r.Decided, r.Decider, r.Reason = now, by.Name, reason
		return nil
	})
}

// Withdraw takes back a pending request (撤回申请), with a reason or none.
// The consumer or the center withdraws. It returns what Approve returns.
func (s *Service) Withdraw(ctx context.Context, by govops.Actor, id string, in DecisionInput) (*RequestView, error) {
	reason := strings.TrimSpace(in.Reason)
	return s.moveRequest(ctx, by, id, ActionWithdraw, in.IfVersion, reason, func(r *Request, _ time.Time) error {
		r.Reason = reason
		return nil
	})
}

// Revoke ends a live grant before it expires (撤销授权), with the reason the
// consumer is told. The provider or the center revokes. A grant that has
// expired already is ECONFLICT: it grants nothing to revoke. It returns
// what Approve returns, and EINVALID naming "reason" when it is blank.
func (s *Service) Revoke(ctx context.Context, by govops.Actor, id string, in DecisionInput) (*RequestView, error) {
	reason := strings.TrimSpace(in.Reason)
	return s.moveRequest(ctx, by, id, ActionRevoke, in.IfVersion, reason, func(r *Request, now time.Time) error {
		if !now.Before(r.Expires) {
			return govops.Errorf(govops.ECONFLICT, "the grant of share request %s expired at %s: there is nothing to revoke", r.ID, r.Expires.In(s.cal.Location()).Format("2006-01-02 15:04"))
		}
		r.Revoked, r.Reason = now, reason
		return nil
	})
}

// Request returns the share request id. A department reads only the
// requests it made or must answer: any other is ENOTFOUND, so that a
// request's existence does not leak. Its purpose and reasons are personal
// free text, left out for a reader who may not see personal data.
func (s *Service) Request(ctx context.Context, by govops.Actor, id string) (*RequestView, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	r, err := s.readRequest(ctx, by, id)
	if err != nil {
		return nil, err
	}
	return s.requestView(by, r, s.clock()), nil
}

// readRequest returns the request id when by may read it: a party to it,
// or a district-wide actor.
func (s *Service) readRequest(ctx context.Context, by govops.Actor, id string) (*Request, error) {
	r, err := s.resolveRequest(ctx, "id", id)
	if err != nil {
		return nil, err
	}
	if !by.MaySee(r.Consumer) && !by.MaySee(r.Provider) {
		return nil, govops.Errorf(govops.ENOTFOUND, "no share request %s", govops.Truncate(id, 60))
	}
	return r, nil
}

// requestView is r as by reads it at now.
func (s *Service) requestView(by govops.Actor, r *Request, now time.Time) *RequestView {
	v := RequestView{Request: *r}
	v.Items = slices.Clone(r.Items)
	if due, err := s.cal.AddWorkdays(r.Filed, r.LimitDays); err == nil {
		v.Due = due.UTC()
		v.Provisional = len(s.cal.ProvisionalYears(r.Filed, due)) > 0
	}
	v.Overdue = r.Status == RequestPending && !v.Due.IsZero() && now.After(v.Due)
	v.Expired = r.Status == RequestApproved && !now.Before(r.Expires)
	if !seesRequestText(by, r) {
		v = govops.Mask(v)
	}
	return &v
}

// seesRequestText reports whether by reads r's purpose and reasons: the
// center and the two parties, unless read-only.
func seesRequestText(by govops.Actor, r *Request) bool {
	return by.SeesPersonalData(r.Consumer) || by.SeesPersonalData(r.Provider)
}

// RequestQuery selects one page of share requests: each field that is set
// narrows the selection. Catalog is an entry's code or ID; Party keeps the
// requests a department made or must answer; Overdue keeps the pending
// requests past their deadline. After is the Next of the page before, and
// Limit the page size (0 for govops.DefaultPageSize, at most
// govops.MaxPageSize).
type RequestQuery struct {
	Catalog  string
	Status   RequestStatus
	Party    string
	Consumer string
	Provider string
	Overdue  bool
	After    string
	Limit    int
}

// Requests returns one page of the share requests matching q, oldest
// first. A department sees only those it made or must answer: Party is its
// own code, and asking for another's is EFORBIDDEN naming "party". Bad
// fields are EINVALID, each named; an entry by may not read is ENOTFOUND.
func (s *Service) Requests(ctx context.Context, by govops.Actor, q RequestQuery) (govops.Page[RequestView], error) {
	var none govops.Page[RequestView]
	var p govops.Problems
	by.Check(&p)
	if q.Status != "" && !q.Status.Valid() {
		p.Addf("status", "unknown status %q: use %s", govops.Truncate(string(q.Status), 40), requestStatusList(RequestStatuses()))
	}
	if q.Overdue && q.Status != "" && q.Status != RequestPending {
		p.Add("overdue", "only a pending request is overdue: leave status out or ask for pending")
	}
	for _, f := range []struct{ field, v string }{{"party", q.Party}, {"consumer", q.Consumer}, {"provider", q.Provider}} {
		if f.v != "" {
			govops.CheckCode(&p, f.field, f.v)
		}
	}
	limit := govops.CheckLimit(&p, q.Limit)
	if err := p.Err(); err != nil {
		return none, err
	}
	if by.Department != "" {
		if q.Party != "" && q.Party != by.Department {
			return none, govops.Errorf(govops.EFORBIDDEN, "department %s sees only the share requests it made or must answer, not those of %s", by.Department, q.Party).
				WithField("party", "must be "+by.Department+" or left out")
		}
		q.Party = by.Department
	}
	after, err := govops.CursorID(q.After)
	if err != nil {
		return none, err
	}
	f := RequestFilter{Party: q.Party, Consumer: q.Consumer, Provider: q.Provider, Status: q.Status}
	if q.Overdue {
		f.Status = RequestPending
	}
	if q.Catalog != "" {
		c, err := s.resolveCatalog(ctx, "catalog", q.Catalog)
		if err == nil && c.Status != CatalogPublished && !by.MaySee(c.Department) {
			err = govops.Errorf(govops.ENOTFOUND, "no catalog entry %s", govops.Truncate(q.Catalog, 60))
		}
		if err != nil {
			return none, err
		}
		f.Catalog = c.ID
	}
	now := s.clock()
	// Overdue is counted on the calendar, not stored, so the Store cannot
	// filter on it: read on until the page is full or the requests run out.
	out := make([]RequestView, 0, limit+1)
	for len(out) <= limit {
		rs, err := s.store.Requests(ctx, f, after, limit+1)
		if err != nil {
			return none, err
		}
		for i := range rs {
			v := s.requestView(by, &rs[i], now)
			if q.Overdue && !v.Overdue {
				continue
			}
			if out = append(out, *v); len(out) > limit {
				break
			}
		}
		if len(rs) <= limit {
			break
		}
		after = rs[len(rs)-1].ID
	}
	return govops.NewPage(out, limit, func(v RequestView) string { return v.ID.String() }), nil
}

// RequestTrail returns the trail of the share request id, oldest first:
// its filing and every answer. Who may read the request reads its trail;
// its notes are left out as the request's text is.
func (s *Service) RequestTrail(ctx context.Context, by govops.Actor, id string) ([]Event, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	r, err := s.readRequest(ctx, by, id)
	if err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if !seesRequestText(by, r) {
		for i := range evs {
			// A note is the purpose or a reason, which such a reader
			// does not get.
			evs[i].Note = ""
			evs[i] = govops.Mask(evs[i])
		}
	}
	return evs, nil
}
