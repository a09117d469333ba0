package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// Compliance computes the response compliance of the visits reported in
// [From, To), counted in the Store. A department sees its own unit's.
func (s *Service) Compliance(ctx context.Context, by govops.Actor, in ComplianceInput) (*ComplianceReport, error) {
	return nil, errNotBuilt
}
