package portal

// This file holds the method set of the Service while it is being built:
// each method moves to the file of its concept, with its rules, and this
// file goes.

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
)

func notYet() error { return govops.Errorf(govops.EINTERNAL, "portal: not implemented") }

// RecordUpdate records a column's last update or emptiness by hand or
// Shutdown cancels the running background crawls and waits for them (or
// UrgeUpdates opens an update urge for every stale column of the site.
// RecordConsultation records a consultation. Center only.
func (s *Service) RecordConsultation(ctx context.Context, by govops.Actor, in ConsultationInput) (*Consultation, error) {
	return nil, notYet()
}

// AnswerConsultation records the answer of the consultation ref.
func (s *Service) AnswerConsultation(ctx context.Context, by govops.Actor, ref string, in AnswerInput) (*Consultation, error) {
	return nil, notYet()
}

// Consultation returns the consultation ref.
func (s *Service) Consultation(ctx context.Context, by govops.Actor, ref string) (*Consultation, error) {
	return nil, notYet()
}

// Consultations lists consultations.
func (s *Service) Consultations(ctx context.Context, by govops.Actor, in ConsultationListInput) (govops.Page[Consultation], error) {
	return govops.Page[Consultation]{}, notYet()
}

// ConsultationTrail returns the consultation's trail.
func (s *Service) ConsultationTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, notYet()
}

// CreateAccount registers a new-media account. Center only.
func (s *Service) CreateAccount(ctx context.Context, by govops.Actor, in AccountInput) (*Account, error) {
	return nil, notYet()
}

// UpdateAccount changes the account ref. Center only.
func (s *Service) UpdateAccount(ctx context.Context, by govops.Actor, ref string, in AccountInput) (*Account, error) {
	return nil, notYet()
}

// Account returns the account ref.
func (s *Service) Account(ctx context.Context, by govops.Actor, ref string) (*Account, error) {
	return nil, notYet()
}

// Accounts lists accounts.
func (s *Service) Accounts(ctx context.Context, by govops.Actor, in AccountListInput) (govops.Page[Account], error) {
	return govops.Page[Account]{}, notYet()
}

// AccountTrail returns the account's trail.
func (s *Service) AccountTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, notYet()
}

// InspectAccount records a week's inspection of an account. Center only.
func (s *Service) InspectAccount(ctx context.Context, by govops.Actor, in MediaInspectionInput) (*MediaInspection, error) {
	return nil, notYet()
}

// UpdateMediaInspection corrects the inspection ref. Center only.
func (s *Service) UpdateMediaInspection(ctx context.Context, by govops.Actor, ref string, in MediaInspectionInput) (*MediaInspection, error) {
	return nil, notYet()
}

// MediaInspection returns the inspection ref.
func (s *Service) MediaInspection(ctx context.Context, by govops.Actor, ref string) (*MediaInspection, error) {
	return nil, notYet()
}

// MediaInspections lists inspections.
func (s *Service) MediaInspections(ctx context.Context, by govops.Actor, in MediaInspectionListInput) (govops.Page[MediaInspection], error) {
	return govops.Page[MediaInspection]{}, notYet()
}

// Uninspected lists the active accounts not inspected in the week of at.
func (s *Service) Uninspected(ctx context.Context, by govops.Actor, at time.Time) ([]Uninspected, error) {
	return nil, notYet()
}

// Evaluate evaluates the single-veto items.
func (s *Service) Evaluate(ctx context.Context, by govops.Actor, in EvaluateInput) (*Evaluation, error) {
	return nil, notYet()
}
