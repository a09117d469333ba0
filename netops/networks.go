package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// CreateNetwork records a business private network. Center only.
func (s *Service) CreateNetwork(ctx context.Context, by govops.Actor, in NetworkInput) (*Network, error) {
	return nil, errNotBuilt
}

// UpdateNetwork replaces the fields of the network code. Center only.
func (s *Service) UpdateNetwork(ctx context.Context, by govops.Actor, code string, in NetworkInput) (*Network, error) {
	return nil, errNotBuilt
}

// Network returns the network code with its links (a department sees its own
// unit's) and units.
func (s *Service) Network(ctx context.Context, by govops.Actor, code string) (*NetworkView, error) {
	return nil, errNotBuilt
}

// Networks returns every network, by code.
func (s *Service) Networks(ctx context.Context, by govops.Actor) ([]Network, error) {
	return nil, errNotBuilt
}

// NetworkTrail returns the trail of the network code.
func (s *Service) NetworkTrail(ctx context.Context, by govops.Actor, code string) ([]Event, error) {
	return nil, errNotBuilt
}
