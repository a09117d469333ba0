package portal

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// CreateSite registers a site, active unless in.Status says closed. The
// code is required and unique (ECONFLICT naming "code"): letters, digits,
// '-', '_' and '.', so that a reference can name the site by it; the name
// and the home page (an absolute http or https URL) are required; the
// department is a unit code ("" for the center's own portal); Domains are
// host names, the site's own host always allowed besides them. Center
// only.
func (s *Service) CreateSite(ctx context.Context, by govops.Actor, in SiteInput) (*Site, error) {
	if err := by.CenterOnly("register sites"); err != nil {
		return nil, err
	}
	var p govops.Problems
	refCode(&p, "code", in.Code)
	if in.IfVersion != 0 {
		p.Add("if_version", "a new site has no version: leave it out")
	}
	site := Site{Code: in.Code, Status: SiteActive}
	siteFill(&p, &site, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.knownUnits(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	site.ID, site.Version, site.CreatedAt, site.UpdatedAt = id, 1, now, now
	ev, err := newEvent(id, 1, EventSiteCreated, by, now, "", string(site.Status), site.Department, site.Name)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateSite(ctx, &site, []Event{ev}); err != nil {
		if govops.ErrorCode(err) == govops.ECONFLICT {
			return nil, govops.Errorf(govops.ECONFLICT, "site code %s is taken", in.Code).WithField("code", "is taken: choose another")
		}
		return nil, err
	}
	return &site, nil
}

// siteFill checks in and writes it into site (the code aside).
func siteFill(p *govops.Problems, site *Site, in SiteInput) {
	in.Name = strings.TrimSpace(in.Name)
	text(p, "name", in.Name, MaxNameLen, true)
	optCode(p, "department", in.Department)
	webURL(p, "home", in.Home, true)
	enum(p, "status", in.Status, false, SiteStatus.Valid, []SiteStatus{SiteActive, SiteClosed}, SiteStatus.Label, "site status")
	if len(in.Domains) > MaxDomains {
		p.Addf("domains", "has %d domains: at most %d", len(in.Domains), MaxDomains)
	}
	var domains []string
	for i, d := range in.Domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if checkDomain(p, fmt.Sprintf("domains[%d]", i), d) && !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	site.Name, site.Department, site.Home, site.Domains = in.Name, in.Department, in.Home, domains
	if in.Status != "" {
		site.Status = in.Status
	}
}

// UpdateSite changes the site ref (code or ID): everything but its code,
// checked as CreateSite checks it; a zero Status keeps the site's. A
// site's host may change, its columns' URLs staying where they are until
// they are changed too. Center only.
func (s *Service) UpdateSite(ctx context.Context, by govops.Actor, ref string, in SiteInput) (*Site, error) {
	if err := by.CenterOnly("change sites"); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckIfVersion(&p, in.IfVersion)
	if in.Code != "" {
		refCode(&p, "code", in.Code)
	}
	var probe Site
	siteFill(&p, &probe, in)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.knownUnits(ctx, [][2]string{{"department", in.Department}}); err != nil {
		return nil, err
	}
	var out *Site
	err := govops.UpdateVersioned(ctx, in.IfVersion, func() (func() error, error) {
		cur, err := s.site(ctx, "ref", ref)
		if err != nil {
			return nil, err
		}
		if in.Code != "" && in.Code != cur.Code {
			return nil, govops.FieldError("code", "a site keeps its code ("+cur.Code+"): leave it out or give it unchanged")
		}
		if err := checkVersion("site", cur.ID, cur.Version, in.IfVersion); err != nil {
			return nil, err
		}
		next := *cur
		var p govops.Problems
		siteFill(&p, &next, in)
		next.Version, next.UpdatedAt = cur.Version+1, s.clock()
		ev, err := newEvent(next.ID, next.Version, EventSiteUpdated, by, next.UpdatedAt, string(cur.Status), string(next.Status), next.Department, next.Name)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateSite(ctx, &next, []Event{ev}) }), nil
	})
	return out, err
}

// site returns the site ref (code or ID) names, given in field.
func (s *Service) site(ctx context.Context, field, ref string) (*Site, error) {
	v, err := govops.Resolve(ctx, field, ref, "site", s.store.Site, s.store.SiteByCode)
	if err != nil {
		return nil, notFoundAt(err, field, "site")
	}
	return v, nil
}

// siteID returns the ID of the site ref, uuid.Nil when ref is empty.
func (s *Service) siteID(ctx context.Context, field, ref string) (uuid.UUID, error) {
	if ref == "" {
		return uuid.Nil, nil
	}
	v, err := s.site(ctx, field, ref)
	if err != nil {
		return uuid.Nil, err
	}
	return v.ID, nil
}

// Site returns the site ref (code or ID). Sites are public: every valid
// actor reads them.
func (s *Service) Site(ctx context.Context, by govops.Actor, ref string) (*Site, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	return s.site(ctx, "ref", ref)
}

// Sites lists sites by ID: those of a department, of a status. Every
// valid actor lists every site.
func (s *Service) Sites(ctx context.Context, by govops.Actor, in SiteListInput) (govops.Page[Site], error) {
	var none govops.Page[Site]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	enum(&p, "status", in.Status, false, SiteStatus.Valid, []SiteStatus{SiteActive, SiteClosed}, SiteStatus.Label, "site status")
	after, limit, err := listStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	vs, err := s.store.Sites(ctx, SiteFilter{Department: in.Department, Status: in.Status}, after, limit+1)
	if err != nil {
		return none, err
	}
	return page(vs, limit, func(v Site) uuid.UUID { return v.ID }), nil
}

// SiteTrail returns the trail of the site ref (code or ID).
func (s *Service) SiteTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	v, err := s.Site(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	return s.trail(ctx, by, v.ID, v.Department)
}
