package portal

import (
	"context"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Finding returns the finding ref (its ID): a department reads the
// findings assigned to it only (another unit's are ENOTFOUND).
func (s *Service) Finding(ctx context.Context, by govops.Actor, ref string) (*Finding, error) {
	f, err := readOne(ctx, by, ref, "finding", s.store.Finding, func(f *Finding) string { return f.Department })
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, f.Department, *f)
	return &out, nil
}

// Findings lists findings by ID: those of a crawl (its ID), a site, a
// kind, a department. A department lists its own only (asking for another
// is EFORBIDDEN).
func (s *Service) Findings(ctx context.Context, by govops.Actor, in FindingListInput) (govops.Page[Finding], error) {
	var none govops.Page[Finding]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	optCode(&p, "department", in.Department)
	checkKind(&p, "kind", in.Kind, false)
	after, limit, err := listStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	dept, err := by.Scope(in.Department)
	if err != nil {
		return none, err
	}
	f := FindingFilter{Kind: in.Kind, Department: dept}
	if in.Crawl != "" {
		if f.CrawlID, err = govops.ParseID("crawl", in.Crawl, "crawl"); err != nil {
			return none, err
		}
	}
	if f.SiteID, err = s.siteID(ctx, "site", in.Site); err != nil {
		return none, err
	}
	vs, err := s.store.Findings(ctx, f, after, limit+1)
	if err != nil {
		return none, err
	}
	kept := vs[:0]
	for _, v := range vs {
		if by.MaySee(v.Department) {
			kept = append(kept, govops.MaskFor(by, v.Department, v))
		}
	}
	return page(kept, limit, func(v Finding) uuid.UUID { return v.ID }), nil
}
