package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// Overlaps sweeps every live prefix and lists the overlapping pairs within
// each address space. District-wide actors only.
func (s *Service) Overlaps(ctx context.Context, by govops.Actor) (*OverlapReport, error) {
	return nil, errNotBuilt
}
