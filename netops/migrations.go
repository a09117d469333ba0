package netops

import (
	"context"

	"github.com/govops-kit/govops"
)

// PlanMigration plans the move of a unit to another site. Center only.
func (s *Service) PlanMigration(ctx context.Context, by govops.Actor, in MigrationInput) (*Migration, error) {
	return nil, errNotBuilt
}

// CutoverMigration records the cutover and moves the unit's profile to the
// new site, in one write. Center only.
func (s *Service) CutoverMigration(ctx context.Context, by govops.Actor, ref string, in MigrationStep) (*Migration, error) {
	return nil, errNotBuilt
}

// VerifyMigration records that the unit works at its new site. Center only.
func (s *Service) VerifyMigration(ctx context.Context, by govops.Actor, ref string, in MigrationStep) (*Migration, error) {
	return nil, errNotBuilt
}

// CancelMigration cancels a planned migration; the note is required. Center
// only.
func (s *Service) CancelMigration(ctx context.Context, by govops.Actor, ref string, in MigrationStep) (*Migration, error) {
	return nil, errNotBuilt
}

// Migration returns the migration ref. A department reads its own unit's.
func (s *Service) Migration(ctx context.Context, by govops.Actor, ref string) (*Migration, error) {
	return nil, errNotBuilt
}

// Migrations lists migrations, by ID. A department sees its own unit's only.
func (s *Service) Migrations(ctx context.Context, by govops.Actor, in MigrationListInput) (govops.Page[Migration], error) {
	return govops.Page[Migration]{}, errNotBuilt
}

// MigrationTrail returns the trail of the migration ref.
func (s *Service) MigrationTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errNotBuilt
}
