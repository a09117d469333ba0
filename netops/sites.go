package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// CreateSite records a site with its rooms. Center only.
func (s *Service) CreateSite(ctx context.Context, by govops.Actor, in SiteInput) (*Site, error) {
	return nil, errNotBuilt
}

// UpdateSite replaces the site code's fields (see SiteInput). A room that a
// unit, link, device, plan or booking names may still be removed: the
// records keep its code. Center only.
func (s *Service) UpdateSite(ctx context.Context, by govops.Actor, code string, in SiteInput) (*Site, error) {
	return nil, errNotBuilt
}

// Site returns the site code. Every actor may read sites.
func (s *Service) Site(ctx context.Context, by govops.Actor, code string) (*Site, error) {
	return nil, errNotBuilt
}

// Sites returns every site, by code.
func (s *Service) Sites(ctx context.Context, by govops.Actor) ([]Site, error) {
	return nil, errNotBuilt
}

// SiteTrail returns the trail of the site code.
func (s *Service) SiteTrail(ctx context.Context, by govops.Actor, code string) ([]Event, error) {
	return nil, errNotBuilt
}
