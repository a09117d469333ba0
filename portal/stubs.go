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
// StartCrawl records a crawl and runs it in the background. Center only.
func (s *Service) StartCrawl(ctx context.Context, by govops.Actor, in CrawlInput) (*Crawl, error) {
	return nil, notYet()
}

// RunCrawl records a crawl and runs it to its end. Center only.
func (s *Service) RunCrawl(ctx context.Context, by govops.Actor, in CrawlInput) (*Crawl, error) {
	return nil, notYet()
}

// CancelCrawl asks the running crawl ref to stop. Center only.
func (s *Service) CancelCrawl(ctx context.Context, by govops.Actor, ref string) (*Crawl, error) {
	return nil, notYet()
}

// Crawl returns the crawl ref with its progress.
func (s *Service) Crawl(ctx context.Context, by govops.Actor, ref string) (*Crawl, error) {
	return nil, notYet()
}

// Crawls lists crawls.
func (s *Service) Crawls(ctx context.Context, by govops.Actor, in CrawlListInput) (govops.Page[Crawl], error) {
	return govops.Page[Crawl]{}, notYet()
}

// Shutdown cancels the running background crawls and waits for them (or
// for ctx).
func (s *Service) Shutdown(ctx context.Context) error { return notYet() }

// Finding returns the finding ref.
func (s *Service) Finding(ctx context.Context, by govops.Actor, ref string) (*Finding, error) {
	return nil, notYet()
}

// Findings lists findings.
func (s *Service) Findings(ctx context.Context, by govops.Actor, in FindingListInput) (govops.Page[Finding], error) {
	return govops.Page[Finding]{}, notYet()
}

// RaiseTasks makes tasks of a crawl's findings. Center only.
func (s *Service) RaiseTasks(ctx context.Context, by govops.Actor, in RaiseInput) ([]Task, error) {
	return nil, notYet()
}

// OpenTask records a task by hand. Center only.
func (s *Service) OpenTask(ctx context.Context, by govops.Actor, in TaskInput) (*Task, error) {
	return nil, notYet()
}

// UrgeUpdates opens an update urge for every stale column of the site.
// Center only.
func (s *Service) UrgeUpdates(ctx context.Context, by govops.Actor, site string, at time.Time) ([]Task, error) {
	return nil, notYet()
}

// UrgeConsultations opens a task for every unanswered consultation of the
// site. Center only.
func (s *Service) UrgeConsultations(ctx context.Context, by govops.Actor, site string) ([]Task, error) {
	return nil, notYet()
}

// Dispatch dispatches the task ref again. Center only.
func (s *Service) Dispatch(ctx context.Context, by govops.Actor, ref string) (*Task, error) {
	return nil, notYet()
}

// MarkFixed marks the task ref fixed.
func (s *Service) MarkFixed(ctx context.Context, by govops.Actor, ref string, in FixInput) (*Task, error) {
	return nil, notYet()
}

// CaseClosed marks fixed the task dispatched as caseNumber.
func (s *Service) CaseClosed(ctx context.Context, by govops.Actor, caseNumber string, at time.Time) (*Task, error) {
	return nil, notYet()
}

// Recheck re-checks the task ref. Center only.
func (s *Service) Recheck(ctx context.Context, by govops.Actor, ref string, in RecheckInput) (*Task, error) {
	return nil, notYet()
}

// Dismiss dismisses the open task ref. Center only.
func (s *Service) Dismiss(ctx context.Context, by govops.Actor, ref string, in DismissInput) (*Task, error) {
	return nil, notYet()
}

// Task returns the task ref.
func (s *Service) Task(ctx context.Context, by govops.Actor, ref string) (*Task, error) {
	return nil, notYet()
}

// Tasks lists tasks.
func (s *Service) Tasks(ctx context.Context, by govops.Actor, in TaskListInput) (govops.Page[Task], error) {
	return govops.Page[Task]{}, notYet()
}

// TaskTrail returns the task's trail.
func (s *Service) TaskTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, notYet()
}

// TaskCounts counts a year's tasks per kind and month.
func (s *Service) TaskCounts(ctx context.Context, by govops.Actor, in TaskCountInput) (*TaskCounts, error) {
	return nil, notYet()
}

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
