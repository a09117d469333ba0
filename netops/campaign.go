package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// Campaign returns the revocation campaign of self-built internet lines.
// District-wide actors only.
func (s *Service) Campaign(ctx context.Context, by govops.Actor) (*Campaign, error) {
	return nil, errNotBuilt
}
