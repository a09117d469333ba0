package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// SetUnit records the network profile of the unit (a directory code): the
// site and room it sits in. It creates the profile on first use. Center
// only; a unit that the directory does not hold is EINVALID naming "unit".
func (s *Service) SetUnit(ctx context.Context, by govops.Actor, unit string, in UnitInput) (*UnitNet, error) {
	return nil, errNotBuilt
}

// Unit returns what netops knows of a unit: its directory record, profile
// and links. A department reads its own unit only.
func (s *Service) Unit(ctx context.Context, by govops.Actor, unit string) (*UnitView, error) {
	return nil, errNotBuilt
}

// Units lists the unit profiles, by unit code. A department sees its own
// only.
func (s *Service) Units(ctx context.Context, by govops.Actor, in UnitListInput) (govops.Page[UnitNet], error) {
	return govops.Page[UnitNet]{}, errNotBuilt
}

// UnitTrail returns the trail of the unit's profile.
func (s *Service) UnitTrail(ctx context.Context, by govops.Actor, unit string) ([]Event, error) {
	return nil, errNotBuilt
}

// Coverage computes the extranet's coverage of the directory, by kind.
// District-wide actors only.
func (s *Service) Coverage(ctx context.Context, by govops.Actor) (*Coverage, error) {
	return nil, errNotBuilt
}
