package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// OpenVisit records a visit reported, with its due time from the zone's
// response time. Center only.
func (s *Service) OpenVisit(ctx context.Context, by govops.Actor, in VisitInput) (*Visit, error) {
	return nil, errNotBuilt
}

// ArriveVisit records the technician's arrival. Center only.
func (s *Service) ArriveVisit(ctx context.Context, by govops.Actor, ref string, in VisitStep) (*Visit, error) {
	return nil, errNotBuilt
}

// ResolveVisit records that the fault is resolved. Center only.
func (s *Service) ResolveVisit(ctx context.Context, by govops.Actor, ref string, in VisitStep) (*Visit, error) {
	return nil, errNotBuilt
}

// CancelVisit cancels a visit not yet arrived; the note is required. Center
// only.
func (s *Service) CancelVisit(ctx context.Context, by govops.Actor, ref string, in VisitStep) (*Visit, error) {
	return nil, errNotBuilt
}

// Visit returns the visit ref. A department reads its own unit's visits.
func (s *Service) Visit(ctx context.Context, by govops.Actor, ref string) (*Visit, error) {
	return nil, errNotBuilt
}

// Visits lists visits, by ID. A department sees its own unit's only.
func (s *Service) Visits(ctx context.Context, by govops.Actor, in VisitListInput) (govops.Page[Visit], error) {
	return govops.Page[Visit]{}, errNotBuilt
}

// VisitTrail returns the trail of the visit ref.
func (s *Service) VisitTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errNotBuilt
}
