package portal

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// CreateAccount registers a new-media account, active unless in.Status
// says otherwise: the code (unique, ECONFLICT naming "code"), the name,
// the platform and the department (a unit code: an account is a unit's)
// are required; the handle is optional. Center only.
func (s *Service) CreateAccount(ctx context.Context, by govops.Actor, in AccountInput) (*Account, error) {
	if err := by.CenterOnly("register accounts"); err != nil {
		return nil, err
	}
	var p govops.Problems
	refCode(&p, "code", in.Code)
	if in.IfVersion != 0 {
		p.Add("if_version", "a new account has no version: leave it out")
	}
	a := Account{Code: in.Code, Status: AccountActive}
	accountFill(&p, &a, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	a.ID, a.Version, a.CreatedAt, a.UpdatedAt = id, 1, now, now
	ev, err := newEvent(id, 1, EventAccountCreated, by, now, "", string(a.Status), a.Department, a.Name)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateAccount(ctx, &a, []Event{ev}); err != nil {
		if govops.ErrorCode(err) == govops.ECONFLICT {
			return nil, govops.Errorf(govops.ECONFLICT, "account code %s is taken", in.Code).WithField("code", "is taken: choose another")
		}
		return nil, err
	}
	return &a, nil
}

var accountStatuses = []AccountStatus{AccountActive, AccountSuspended, AccountClosed}

// accountFill checks in and writes it into a (the code aside).
func accountFill(p *govops.Problems, a *Account, in AccountInput) {
	in.Name, in.Handle = strings.TrimSpace(in.Name), strings.TrimSpace(in.Handle)
	text(p, "name", in.Name, MaxNameLen, true)
	govops.CheckEnum(p, "platform", in.Platform, true, Platform.Valid, Platforms(), Platform.Label, "platform")
	text(p, "handle", in.Handle, MaxNameLen, false)
	govops.CheckCode(p, "department", in.Department)
	govops.CheckEnum(p, "status", in.Status, false, AccountStatus.Valid, accountStatuses, AccountStatus.Label, "account status")
	a.Name, a.Platform, a.Handle, a.Department = in.Name, in.Platform, in.Handle, in.Department
	if in.Status != "" {
		a.Status = in.Status
	}
}

// UpdateAccount changes the account ref (code or ID): everything but its
// code, as CreateAccount checks it; a zero Status keeps the account's.
// Center only.
func (s *Service) UpdateAccount(ctx context.Context, by govops.Actor, ref string, in AccountInput) (*Account, error) {
	if err := by.CenterOnly("change accounts"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	var probe Account
	accountFill(&p, &probe, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	var out *Account
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.account(ctx, by, "ref", ref)
		if err != nil {
			return nil, err
		}
		if in.Code != "" && in.Code != cur.Code {
			return nil, govops.FieldError("code", "an account keeps its code ("+cur.Code+")")
		}
		if err := govops.CheckVersion("account", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		next := *cur
		var p govops.Problems
		accountFill(&p, &next, in)
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventAccountUpdated, by, next.UpdatedAt, string(cur.Status), string(next.Status), next.Department, next.Name)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateAccount(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// account returns the account ref (code or ID) names, given in field, as
// by may see it: another unit's is ENOTFOUND to a department.
func (s *Service) account(ctx context.Context, by govops.Actor, field, ref string) (*Account, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	a, err := govops.Resolve(ctx, field, ref, "account", s.store.Account, s.store.AccountByCode)
	if err == nil && !by.MaySee(a.Department) {
		err = govops.Errorf(govops.ENOTFOUND, "no account %s", ref)
	}
	if err != nil {
		return nil, notFoundAt(err, field, "account")
	}
	return a, nil
}

// Account returns the account ref (code or ID): a department reads its
// own only.
func (s *Service) Account(ctx context.Context, by govops.Actor, ref string) (*Account, error) {
	a, err := s.account(ctx, by, "ref", ref)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, a.Department, *a)
	return &out, nil
}

// Accounts lists accounts by ID: those of a department, a platform, a
// status. A department lists its own only (asking for another is
// EFORBIDDEN).
func (s *Service) Accounts(ctx context.Context, by govops.Actor, in AccountListInput) (govops.Page[Account], error) {
	var none govops.Page[Account]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	govops.CheckEnum(&p, "platform", in.Platform, false, Platform.Valid, Platforms(), Platform.Label, "platform")
	govops.CheckEnum(&p, "status", in.Status, false, AccountStatus.Valid, accountStatuses, AccountStatus.Label, "account status")
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	vs, err := s.store.Accounts(ctx, AccountFilter{Department: dept, Platform: in.Platform, Status: in.Status}, after, limit+1)
	if err != nil {
		return none, err
	}
	kept := vs[:0]
	for _, v := range vs {
		if by.MaySee(v.Department) {
			kept = append(kept, govops.MaskFor(by, v.Department, v))
		}
	}
	return govops.IDPage(kept, limit, func(v Account) uuid.UUID { return v.ID }), nil
}

// AccountTrail returns the trail of the account ref (code or ID).
func (s *Service) AccountTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	a, err := s.account(ctx, by, "ref", ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, a.ID, a.Department)
}

// inspectionFill checks in and writes it into m: the time inspected (a
// fact: required, not in the future), the inspector (required), the last
// post seen (not after the inspection), the issues; the week is the one
// Week falls in, or Inspected's, and not after Inspected's.
func inspectionFill(p *govops.Problems, m *MediaInspection, in MediaInspectionInput, now time.Time) {
	in.Inspector, in.Issues = strings.TrimSpace(in.Inspector), strings.TrimSpace(in.Issues)
	ok := govops.CheckPastTime(p, "inspected", in.Inspected, true, now)
	govops.CheckTime(p, "week", in.Week, false)
	text(p, "inspector", in.Inspector, MaxNameLen, true)
	if govops.CheckPastTime(p, "last_post", in.LastPost, false, now) && ok && in.LastPost.After(in.Inspected) {
		p.Add("last_post", "must not be after the inspection ("+show(in.Inspected)+")")
	}
	text(p, "issues", in.Issues, MaxNoteLen, false)
	week := WeekOf(in.Inspected)
	if !in.Week.IsZero() {
		week = WeekOf(in.Week)
		if ok && week.After(WeekOf(in.Inspected)) {
			p.Add("week", "must not be after the week it was inspected in ("+show(WeekOf(in.Inspected))+")")
		}
	}
	m.Week, m.Inspected, m.Inspector, m.LastPost = week, govops.StoredTime(in.Inspected), in.Inspector, govops.StoredTime(in.LastPost)
	m.ReviewInPlace, m.Interactive, m.Issues = in.ReviewInPlace, in.Interactive, in.Issues
}

// lastPostMoved returns the account with its LastPost moved to seen and
// its event, or nil when seen is not newer.
func (s *Service) lastPostMoved(a *Account, seen time.Time, by govops.Actor, now time.Time) (*Account, []Event, error) {
	if !seen.After(a.LastPost) {
		return nil, nil, nil
	}
	next := *a
	next.LastPost, next.Version, next.UpdatedAt = seen, a.Version+1, now
	ev, err := newEvent(next.ID, next.Version, EventMediaInspected, by, now, string(a.Status), string(a.Status), a.Department, "最后发布 "+show(seen))
	if err != nil {
		return nil, nil, err
	}
	return &next, []Event{ev}, nil
}

// InspectAccount records a week's inspection of the account in.Account
// (code or ID; not closed), checked as inspectionFill says: one per
// account and week (ECONFLICT naming "week"). The account's LastPost
// moves to the last post seen when newer, in the same Store call. Center
// only.
func (s *Service) InspectAccount(ctx context.Context, by govops.Actor, in MediaInspectionInput) (*MediaInspection, error) {
	if err := by.CenterOnly("inspect accounts"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	if in.Account == "" {
		p.Add("account", "required: the account's code or ID")
	}
	if in.IfVersion != 0 {
		p.Add("if_version", "a new inspection has no version: leave it out")
	}
	var m MediaInspection
	inspectionFill(&p, &m, in, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *MediaInspection
	_, err := govops.Retry(ctx, govops.MaxWriteRetries, func(int) (bool, error) {
		a, err := s.account(ctx, by, "account", in.Account)
		if err != nil {
			return false, err
		}
		if a.Status == AccountClosed {
			return false, govops.Errorf(govops.ECONFLICT, "account %s is closed", a.Code).WithField("account", "is closed")
		}
		next := m
		if next.ID, err = govops.NewID(); err != nil {
			return false, err
		}
		next.AccountID, next.Department, next.Version, next.CreatedAt, next.UpdatedAt = a.ID, a.Department, 1, now, now
		ev, err := newEvent(next.ID, 1, EventMediaInspected, by, now, "", "", a.Department, next.Issues)
		if err != nil {
			return false, err
		}
		moved, aevs, err := s.lastPostMoved(a, next.LastPost, by, now)
		if err != nil {
			return false, err
		}
		err = s.store.CreateMediaInspection(ctx, &next, moved, append([]Event{ev}, aevs...))
		if govops.ErrorCode(err) == govops.ECONFLICT {
			taken, ferr := s.store.MediaInspections(ctx, MediaInspectionFilter{AccountID: a.ID, From: next.Week, To: next.Week.Add(time.Second)}, uuid.Nil, 1)
			if ferr != nil {
				return false, ferr
			}
			if len(taken) > 0 {
				return false, govops.Errorf(govops.ECONFLICT, "account %s was inspected in the week of %s already", a.Code, show(next.Week)).
					WithField("week", "has an inspection already: correct it (UpdateMediaInspection)")
			}
			return true, err
		}
		if err == nil {
			out = &next
		}
		return false, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateMediaInspection corrects the inspection ref (its ID), checked as
// InspectAccount checks it; its account stays (in.Account, when set, must
// name it), a week another inspection of the account has is ECONFLICT
// naming "week", and the account's LastPost moves forward as there.
// Center only.
func (s *Service) UpdateMediaInspection(ctx context.Context, by govops.Actor, ref string, in MediaInspectionInput) (*MediaInspection, error) {
	if err := by.CenterOnly("correct inspections"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	var probe MediaInspection
	inspectionFill(&p, &probe, in, now)
	if err := p.Err(); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "inspection")
	if err != nil {
		return nil, err
	}
	var out *MediaInspection
	err = govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.store.MediaInspection(ctx, id)
		if err != nil {
			return nil, err
		}
		a, err := s.store.Account(ctx, cur.AccountID)
		if err != nil {
			return nil, err
		}
		if in.Account != "" && in.Account != a.Code && in.Account != a.ID.String() {
			return nil, govops.FieldError("account", "an inspection stays with its account ("+a.Code+")")
		}
		if err := govops.CheckVersion("inspection", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if !probe.Week.Equal(cur.Week) {
			taken, err := s.store.MediaInspections(ctx, MediaInspectionFilter{AccountID: a.ID, From: probe.Week, To: probe.Week.Add(time.Second)}, uuid.Nil, 1)
			if err != nil {
				return nil, err
			}
			if len(taken) > 0 {
				return nil, govops.Errorf(govops.ECONFLICT, "account %s has an inspection of the week of %s", a.Code, show(probe.Week)).WithField("week", "has another inspection")
			}
		}
		next := *cur
		var p govops.Problems
		inspectionFill(&p, &next, in, now)
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventMediaInspectionFixed, by, next.UpdatedAt, "", "", next.Department, next.Issues)
		if err != nil {
			return nil, err
		}
		moved, aevs, err := s.lastPostMoved(a, next.LastPost, by, next.UpdatedAt)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error {
			return s.store.UpdateMediaInspection(ctx, &next, moved, append([]Event{ev}, aevs...))
		}), nil
	})
	return out, err
}

// MediaInspection returns the inspection ref (its ID): a department reads
// its own accounts' only; the inspector is masked for a reader who may
// not see it.
func (s *Service) MediaInspection(ctx context.Context, by govops.Actor, ref string) (*MediaInspection, error) {
	m, err := govops.ReadOne(ctx, by, ref, "inspection", s.store.MediaInspection, func(m *MediaInspection) string { return m.Department })
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, m.Department, *m)
	return &out, nil
}

// MediaInspections lists inspections by ID: those of an account (code or
// ID), a department, of weeks in [From, To). A department lists its own
// only (asking for another is EFORBIDDEN).
func (s *Service) MediaInspections(ctx context.Context, by govops.Actor, in MediaInspectionListInput) (govops.Page[MediaInspection], error) {
	var none govops.Page[MediaInspection]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	govops.CheckPeriod(&p, "from", in.From, "to", in.To)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	f := MediaInspectionFilter{Department: dept, From: in.From, To: in.To}
	if in.Account != "" {
		a, err := s.account(ctx, by, "account", in.Account)
		if err != nil {
			return none, err
		}
		f.AccountID = a.ID
	}
	vs, err := s.store.MediaInspections(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	kept := vs[:0]
	for _, v := range vs {
		if by.MaySee(v.Department) {
			kept = append(kept, govops.MaskFor(by, v.Department, v))
		}
	}
	return govops.IDPage(kept, limit, func(v MediaInspection) uuid.UUID { return v.ID }), nil
}

// Uninspected lists the active accounts with no inspection in the week of
// at (now when zero), with the week of their newest inspection before it
// (zero: never), in the order of their IDs. A department gets its own
// accounts only.
func (s *Service) Uninspected(ctx context.Context, by govops.Actor, at time.Time) ([]Uninspected, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckTime(&p, "at", at, false)
	if err := p.Err(); err != nil {
		return nil, err
	}
	dept, err := by.Scope("")
	if err != nil {
		return nil, err
	}
	week := WeekOf(orNow(at, s.clock()))
	as, err := s.store.Accounts(ctx, AccountFilter{Department: dept, Status: AccountActive}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	done, err := s.store.MediaInspections(ctx, MediaInspectionFilter{Department: dept, From: week, To: week.Add(7 * day)}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	inspected := map[uuid.UUID]bool{}
	for _, m := range done {
		inspected[m.AccountID] = true
	}
	latest, err := s.store.LatestInspections(ctx, week)
	if err != nil {
		return nil, err
	}
	last := map[uuid.UUID]time.Time{}
	for _, m := range latest {
		last[m.AccountID] = m.Week
	}
	out := []Uninspected{}
	for _, a := range as {
		if inspected[a.ID] || !by.MaySee(a.Department) {
			continue
		}
		out = append(out, Uninspected{Account: govops.MaskFor(by, a.Department, a), Week: week, LastInspected: last[a.ID]})
	}
	return out, nil
}
