package portal

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Stale reports whether c is past its update requirement at at (栏目不更新):
// a biweekly column last updated more than 14 days (14×24 hours) before
// at, a half-yearly one last updated before the same instant 6 calendar
// months earlier (Asia/Shanghai; the day clamped to a shorter month's
// end), either one never updated. A column without a requirement, and a
// retired one, is never stale. Exactly 14 days, or exactly 6 months, is
// not stale yet.
func (c Column) Stale(at time.Time) bool {
	if c.Retired {
		return false
	}
	switch c.Requirement {
	case RequireBiweekly:
		return c.Updated.IsZero() || at.Sub(c.Updated) > 14*day
	case RequireHalfYearly:
		return c.Updated.IsZero() || c.Updated.Before(monthsBefore(at, 6))
	}
	return false
}

// LongStale reports whether c, a current column with an update
// requirement, has not been updated for months calendar months before at
// (应更新但长期未更新), or never.
func (c Column) LongStale(at time.Time, months int) bool {
	if c.Retired || c.Requirement == RequireNone || c.Requirement == "" {
		return false
	}
	return c.Updated.IsZero() || c.Updated.Before(monthsBefore(at, months))
}

// limitLabel says a requirement's limit, for a message.
func (r Requirement) limitLabel() string {
	switch r {
	case RequireBiweekly:
		return "2周内更新"
	case RequireHalfYearly:
		return "6个月内更新"
	}
	return "无更新要求"
}

// AddColumn adds a column to the site in.Site (code or ID): the code is
// required and unique within the site (ECONFLICT naming "code"), the name
// and the requirement are required, the URL is an absolute http or https
// URL on the site's host, the department a unit code ("" for the
// site's). A site has at most one current home column (ECONFLICT naming
// "home"). Center only.
func (s *Service) AddColumn(ctx context.Context, by govops.Actor, in ColumnInput) (*Column, error) {
	if err := by.CenterOnly("add columns"); err != nil {
		return nil, err
	}
	var p govops.Problems
	if in.Site == "" {
		p.Add("site", "required: the site's code or ID")
	}
	refCode(&p, "code", in.Code)
	if in.IfVersion != 0 {
		p.Add("if_version", "a new column has no version: leave it out")
	}
	c := Column{Code: in.Code}
	columnFill(&p, &c, in, nil)
	if err := p.Err(); err != nil {
		return nil, err
	}
	site, err := s.site(ctx, "site", in.Site)
	if err != nil {
		return nil, err
	}
	if err := columnOnSite(site, in.URL); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	if err := s.oneHome(ctx, site.ID, uuid.Nil, in.Home && !in.Retired); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	c.ID, c.SiteID, c.Version, c.CreatedAt, c.ChangedAt = id, site.ID, 1, now, now
	ev, err := newEvent(id, 1, EventColumnAdded, by, now, "", "", c.Department, c.Name)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateColumn(ctx, &c, []Event{ev}); err != nil {
		if govops.ErrorCode(err) == govops.ECONFLICT {
			return nil, govops.Errorf(govops.ECONFLICT, "site %s has a column %s already", site.Code, in.Code).WithField("code", "is taken in the site: choose another")
		}
		return nil, err
	}
	return &c, nil
}

// columnFill checks in and writes it into c (the site and the code aside).
func columnFill(p *govops.Problems, c *Column, in ColumnInput, _ *Site) {
	in.Name = strings.TrimSpace(in.Name)
	text(p, "name", in.Name, MaxNameLen, true)
	webURL(p, "url", in.URL, true)
	optCode(p, "department", in.Department)
	govops.CheckEnum(p, "requirement", in.Requirement, true, Requirement.Valid, Requirements(), Requirement.Label, "requirement")
	c.Name, c.URL, c.Department, c.Requirement, c.Home, c.Retired = in.Name, in.URL, in.Department, in.Requirement, in.Home, in.Retired
}

// columnOnSite refuses a column URL off the site's host.
func columnOnSite(site *Site, raw string) error {
	if h, sh := hostOf(raw), hostOf(site.Home); h != sh {
		return govops.FieldError("url", "must be on the site's host "+sh+" (got "+h+")")
	}
	return nil
}

// oneHome refuses a second current home column of a site.
func (s *Service) oneHome(ctx context.Context, site, self uuid.UUID, home bool) error {
	if !home {
		return nil
	}
	cs, err := s.store.Columns(ctx, ColumnFilter{SiteID: site, Current: true}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.Home && c.ID != self {
			return govops.Errorf(govops.ECONFLICT, "the site's home column is %s (%s)", c.Code, c.Name).WithField("home", "the site has a home column already: "+c.Code)
		}
	}
	return nil
}

// UpdateColumn changes the column ref (its ID, or "SITE/COLUMN" codes):
// everything but its site and code, checked as AddColumn checks it.
// Center only.
func (s *Service) UpdateColumn(ctx context.Context, by govops.Actor, ref string, in ColumnInput) (*Column, error) {
	if err := by.CenterOnly("change columns"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	var probe Column
	columnFill(&p, &probe, in, nil)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.deptCheck.Fields(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	var out *Column
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.column(ctx, "ref", ref, uuid.Nil)
		if err != nil {
			return nil, err
		}
		if in.Code != "" && in.Code != cur.Code {
			return nil, govops.FieldError("code", "a column keeps its code ("+cur.Code+")")
		}
		site, err := s.store.Site(ctx, cur.SiteID)
		if err != nil {
			return nil, err
		}
		if in.Site != "" && in.Site != site.Code && in.Site != site.ID.String() {
			return nil, govops.FieldError("site", "a column stays on its site ("+site.Code+")")
		}
		if err := columnOnSite(site, in.URL); err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("column", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		if err := s.oneHome(ctx, site.ID, cur.ID, in.Home && !in.Retired); err != nil {
			return nil, err
		}
		next := *cur
		var p govops.Problems
		columnFill(&p, &next, in, site)
		next.Version, next.ChangedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventColumnUpdated, by, next.ChangedAt, "", "", next.Department, next.Name)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateColumns(ctx, []Column{next}, nil, []Event{ev}) }), nil
	})
	return out, err
}

// RecordUpdate records by hand or from a feed (in.Source; manual unless
// set, post refused: record a post) either a column's last update, At (a
// fact: required, not in the future; it clears Empty and moves the
// column's Updated when newer, a home column's site's HomeUpdated with
// it), or its being empty (Empty, without At). Center only.
func (s *Service) RecordUpdate(ctx context.Context, by govops.Actor, ref string, in ColumnUpdate) (*Column, error) {
	if err := by.CenterOnly("record column updates"); err != nil {
		return nil, err
	}
	now := s.clock()
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if in.Source == "" {
		in.Source = UpdatedByManual
	}
	if govops.CheckEnum(&p, "source", in.Source, false, UpdateSource.Valid, []UpdateSource{UpdatedByPost, UpdatedByCrawl, UpdatedByFeed, UpdatedByManual}, UpdateSource.Label, "update source") && in.Source == UpdatedByPost {
		p.Add("source", "a post's update is recorded with the post (RecordPosts): use manual or feed")
	}
	switch {
	case in.Empty && !in.At.IsZero():
		p.Add("at", "an empty column has no update: give either at or empty")
	case !in.Empty:
		govops.CheckPastTime(&p, "at", in.At, true, now)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out *Column
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.column(ctx, "ref", ref, uuid.Nil)
		if err != nil {
			return nil, err
		}
		if err := govops.CheckVersion("column", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		next := *cur
		note := "空白栏目"
		if in.Empty {
			next.Empty = true
		} else {
			next.Empty = false
			if at := govops.StoredTime(in.At); at.After(cur.Updated) {
				next.Updated, next.UpdatedBy = at, in.Source
			}
			note = "最后更新 " + show(next.Updated)
		}
		t := s.clock()
		next.Version, next.ChangedAt = cur.Version+1, t
		ev, err := newEvent(next.ID, next.Version, EventColumnRefreshed, by, t, "", "", next.Department, note)
		if err != nil {
			return nil, err
		}
		evs := []Event{ev}
		var site *Site
		if next.Home && next.Updated.After(cur.Updated) {
			if site, err = s.store.Site(ctx, next.SiteID); err != nil {
				return nil, err
			}
			if next.Updated.After(site.HomeUpdated) {
				sev, err := s.homeMoved(site, next.Updated, by, t)
				if err != nil {
					return nil, err
				}
				evs = append(evs, sev)
			} else {
				site = nil
			}
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateColumns(ctx, []Column{next}, site, evs) }), nil
	})
	return out, err
}

// homeMoved moves site's HomeUpdated to at (it must be newer) and returns
// the site's event of it.
func (s *Service) homeMoved(site *Site, at time.Time, by govops.Actor, now time.Time) (Event, error) {
	site.HomeUpdated = at
	site.Version++
	site.UpdatedAt = now
	return newEvent(site.ID, site.Version, EventColumnRefreshed, by, now, string(site.Status), string(site.Status), site.Department, "首页最后更新 "+show(at))
}

// column returns the column ref names, given in field: its ID, or
// "SITE/COLUMN" (the site's code, a slash, the column's code). Within a
// known site (site not uuid.Nil), ref may also be the column's code
// alone; a column of another site is ENOTFOUND then.
func (s *Service) column(ctx context.Context, field, ref string, site uuid.UUID) (*Column, error) {
	if ref == "" {
		return nil, govops.FieldError(field, "required: the column's ID, or SITE/COLUMN codes")
	}
	if len(ref) == 36 {
		if id, err := uuid.Parse(ref); err == nil {
			c, err := s.store.Column(ctx, id)
			if err == nil && site != uuid.Nil && c.SiteID != site {
				err = govops.Errorf(govops.ENOTFOUND, "no column %s in the site", ref)
			}
			if err != nil {
				return nil, notFoundAt(err, field, "column")
			}
			return c, nil
		}
	}
	siteCode, code, ok := strings.Cut(ref, "/")
	switch {
	case ok:
		sv, err := s.site(ctx, field, siteCode)
		if err != nil {
			return nil, err
		}
		if site != uuid.Nil && sv.ID != site {
			return nil, govops.Errorf(govops.ENOTFOUND, "no column %s in the site", ref).WithField(field, "is a column of another site")
		}
		site = sv.ID
	case site == uuid.Nil:
		return nil, govops.FieldError(field, "give the column's ID, or SITE/COLUMN codes")
	default:
		code = ref
	}
	var p govops.Problems
	if !govops.CheckCode(&p, field, code) {
		return nil, p.Err()
	}
	c, err := s.store.ColumnByCode(ctx, site, code)
	if err != nil {
		return nil, notFoundAt(err, field, "column")
	}
	return c, nil
}

// Column returns the column ref (its ID, or "SITE/COLUMN" codes). Columns
// are public: every valid actor reads them.
func (s *Service) Column(ctx context.Context, by govops.Actor, ref string) (*Column, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	return s.column(ctx, "ref", ref, uuid.Nil)
}

// Columns lists columns by ID: those of a site, of a department, and with
// Stale those stale at At (now when zero; see Column.Stale). Every valid
// actor lists every column.
func (s *Service) Columns(ctx context.Context, by govops.Actor, in ColumnListInput) (govops.Page[Column], error) {
	var none govops.Page[Column]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	govops.CheckTime(&p, "at", in.At, false)
	after, limit, err := govops.ListStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	site, err := s.siteID(ctx, "site", in.Site)
	if err != nil {
		return none, err
	}
	at := orNow(in.At, s.clock())
	f := ColumnFilter{SiteID: site, Department: in.Department, Current: in.Stale}
	vs, err := collect(ctx, after, limit, func(ctx context.Context, after uuid.UUID, n int) ([]Column, error) {
		return s.store.Columns(ctx, f, after, n)
	}, func(c Column) uuid.UUID { return c.ID }, func(c Column) bool { return !in.Stale || c.Stale(at) })
	if err != nil {
		return none, err
	}
	return govops.IDPage(vs, limit, func(v Column) uuid.UUID { return v.ID }), nil
}

// collect reads a listing in batches from after, keeping the records keep
// passes, until it holds limit+1 of them or the Store has no more: the
// paging of a filter the Store does not know.
func collect[T any](ctx context.Context, after uuid.UUID, limit int, list func(context.Context, uuid.UUID, int) ([]T, error), id func(T) uuid.UUID, keep func(T) bool) ([]T, error) {
	var out []T
	batch := limit + 1
	for {
		vs, err := list(ctx, after, batch)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if keep(v) {
				out = append(out, v)
				if len(out) > limit {
					return out, nil
				}
			}
		}
		if len(vs) < batch {
			return out, nil
		}
		after = id(vs[len(vs)-1])
	}
}

// ColumnTrail returns the trail of the column ref.
func (s *Service) ColumnTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	c, err := s.Column(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, c.ID, c.Department)
}
