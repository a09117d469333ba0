package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// CreatePlan records an inspection plan. Center only.
func (s *Service) CreatePlan(ctx context.Context, by govops.Actor, in PlanInput) (*Plan, error) {
	return nil, errNotBuilt
}

// UpdatePlan replaces the fields of the plan ref. Center only.
func (s *Service) UpdatePlan(ctx context.Context, by govops.Actor, ref string, in PlanInput) (*Plan, error) {
	return nil, errNotBuilt
}

// Plan returns the plan ref. District-wide actors only.
func (s *Service) Plan(ctx context.Context, by govops.Actor, ref string) (*Plan, error) {
	return nil, errNotBuilt
}

// Plans lists plans, by ID. District-wide actors only.
func (s *Service) Plans(ctx context.Context, by govops.Actor, in PlanListInput) (govops.Page[Plan], error) {
	return govops.Page[Plan]{}, errNotBuilt
}

// PlanTrail returns the trail of the plan ref.
func (s *Service) PlanTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errNotBuilt
}

// RecordInspection records an inspection done under the plan ref and moves
// its next due date. Center only.
func (s *Service) RecordInspection(ctx context.Context, by govops.Actor, ref string, in RecordInput) (*Record, error) {
	return nil, errNotBuilt
}

// Records lists inspection records, by ID. District-wide actors only.
func (s *Service) Records(ctx context.Context, by govops.Actor, in RecordListInput) (govops.Page[Record], error) {
	return govops.Page[Record]{}, errNotBuilt
}

// OverdueInspections lists the active plans whose next inspection is past
// due, most overdue first. District-wide actors only.
func (s *Service) OverdueInspections(ctx context.Context, by govops.Actor) ([]OverdueInspection, error) {
	return nil, errNotBuilt
}
