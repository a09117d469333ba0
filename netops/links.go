package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// CreateLink records a link. A live link whose prefixes overlap a live
// link's in the same address space is ECONFLICT naming the other link.
// Center only.
func (s *Service) CreateLink(ctx context.Context, by govops.Actor, in LinkInput) (*Link, error) {
	return nil, errNotBuilt
}

// UpdateLink replaces the fields of the link ref (its ID) but its status and
// steps. Center only.
func (s *Service) UpdateLink(ctx context.Context, by govops.Actor, ref string, in LinkInput) (*Link, error) {
	return nil, errNotBuilt
}

// MoveLink moves the link ref along its lifecycle (planned → provisioning →
// active → deprovisioning → decommissioned), recording the step's date.
// Center only.
func (s *Service) MoveLink(ctx context.Context, by govops.Actor, ref string, in LinkStep) (*Link, error) {
	return nil, errNotBuilt
}

// Link returns the link ref. A department reads its own unit's links;
// another's is ENOTFOUND.
func (s *Service) Link(ctx context.Context, by govops.Actor, ref string) (*Link, error) {
	return nil, errNotBuilt
}

// Links lists links, by ID. A department sees its own unit's only.
func (s *Service) Links(ctx context.Context, by govops.Actor, in LinkListInput) (govops.Page[Link], error) {
	return govops.Page[Link]{}, errNotBuilt
}

// LinkTrail returns the trail of the link ref.
func (s *Service) LinkTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errNotBuilt
}
