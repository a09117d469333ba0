package security

// This file holds the Service's method set while it is being built; each
// method moves to its own file with its rules, and this file goes.

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
)

var errUnbuilt = govops.Errorf(govops.EINTERNAL, "not built yet")

// DraftPlan stores a new draft revision of the plan in.Code: revision 1,
// or one past the highest revision of that code.
func (s *Service) DraftPlan(ctx context.Context, by govops.Actor, in PlanInput) (*Plan, error) {
	return nil, errUnbuilt
}

// UpdatePlan changes a draft.
func (s *Service) UpdatePlan(ctx context.Context, by govops.Actor, ref string, in PlanInput) (*Plan, error) {
	return nil, errUnbuilt
}

// ApprovePlan approves a draft, and supersedes the approved revision of
// the same code in the same step.
func (s *Service) ApprovePlan(ctx context.Context, by govops.Actor, ref string, in PlanApproval) (*Plan, error) {
	return nil, errUnbuilt
}

// Plan returns one plan revision.
func (s *Service) Plan(ctx context.Context, by govops.Actor, ref string) (*Plan, error) {
	return nil, errUnbuilt
}

// Plans lists plan revisions.
func (s *Service) Plans(ctx context.Context, by govops.Actor, in PlanListInput) (govops.Page[Plan], error) {
	return govops.Page[Plan]{}, errUnbuilt
}

// PlanTrail returns a plan's trail.
func (s *Service) PlanTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errUnbuilt
}

// RecordDrill records a drill of an approved (or superseded) plan.
func (s *Service) RecordDrill(ctx context.Context, by govops.Actor, in DrillInput) (*Drill, error) {
	return nil, errUnbuilt
}

// UpdateDrill changes a drill but its plan and actions.
func (s *Service) UpdateDrill(ctx context.Context, by govops.Actor, ref string, in DrillInput) (*Drill, error) {
	return nil, errUnbuilt
}

// AddAction adds a follow-up action to a drill.
func (s *Service) AddAction(ctx context.Context, by govops.Actor, ref string, in ActionInput) (*Drill, error) {
	return nil, errUnbuilt
}

// UpdateAction moves the action seq of a drill.
func (s *Service) UpdateAction(ctx context.Context, by govops.Actor, ref string, seq int, in ActionUpdate) (*Drill, error) {
	return nil, errUnbuilt
}

// Drill returns one drill.
func (s *Service) Drill(ctx context.Context, by govops.Actor, ref string) (*Drill, error) {
	return nil, errUnbuilt
}

// Drills lists drills.
func (s *Service) Drills(ctx context.Context, by govops.Actor, in DrillListInput) (govops.Page[Drill], error) {
	return govops.Page[Drill]{}, errUnbuilt
}

// DrillTrail returns a drill's trail.
func (s *Service) DrillTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errUnbuilt
}

// OverdueActions lists the open actions past their due date, most overdue
// first.
func (s *Service) OverdueActions(ctx context.Context, by govops.Actor) ([]OverdueAction, error) {
	return nil, errUnbuilt
}

// Compliance checks every approved plan at at (zero: now).
func (s *Service) Compliance(ctx context.Context, by govops.Actor, at time.Time) (*DrillCompliance, error) {
	return nil, errUnbuilt
}

// Checklist returns the built-in items and the stored ones, by code.
func (s *Service) Checklist(ctx context.Context, by govops.Actor) ([]ChecklistItem, error) {
	return nil, errUnbuilt
}

// AddChecklistItem adds an item of the user's own.
func (s *Service) AddChecklistItem(ctx context.Context, by govops.Actor, in ChecklistInput) (*ChecklistItem, error) {
	return nil, errUnbuilt
}

// UpdateChecklistItem changes (or retires) a stored item.
func (s *Service) UpdateChecklistItem(ctx context.Context, by govops.Actor, code string, in ChecklistInput) (*ChecklistItem, error) {
	return nil, errUnbuilt
}

// RecordInspection records a self-inspection.
func (s *Service) RecordInspection(ctx context.Context, by govops.Actor, in InspectionInput) (*Inspection, error) {
	return nil, errUnbuilt
}

// UpdateInspection changes an inspection.
func (s *Service) UpdateInspection(ctx context.Context, by govops.Actor, ref string, in InspectionInput) (*Inspection, error) {
	return nil, errUnbuilt
}

// Inspection returns one inspection.
func (s *Service) Inspection(ctx context.Context, by govops.Actor, ref string) (*Inspection, error) {
	return nil, errUnbuilt
}

// Inspections lists inspections.
func (s *Service) Inspections(ctx context.Context, by govops.Actor, in InspectionListInput) (govops.Page[Inspection], error) {
	return govops.Page[Inspection]{}, errUnbuilt
}

// InspectionTrail returns an inspection's trail.
func (s *Service) InspectionTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errUnbuilt
}

// OpenHardening records a finding from outside a drill, inspection or
// exercise.
func (s *Service) OpenHardening(ctx context.Context, by govops.Actor, in HardeningInput) (*Hardening, error) {
	return nil, errUnbuilt
}

// UpdateHardening changes an open record's description.
func (s *Service) UpdateHardening(ctx context.Context, by govops.Actor, ref string, in HardeningInput) (*Hardening, error) {
	return nil, errUnbuilt
}

// RaiseFindings makes a hardening record of every asset finding of the
// inspection, exercise or drill ref not yet raised, in one step.
func (s *Service) RaiseFindings(ctx context.Context, by govops.Actor, kind SourceKind, ref string) ([]Hardening, error) {
	return nil, errUnbuilt
}

// Remediate records a record's remediation.
func (s *Service) Remediate(ctx context.Context, by govops.Actor, ref string, in Remediation) (*Hardening, error) {
	return nil, errUnbuilt
}

// Verify verifies a remediated record.
func (s *Service) Verify(ctx context.Context, by govops.Actor, ref string, in Verification) (*Hardening, error) {
	return nil, errUnbuilt
}

// Retest records a re-test.
func (s *Service) Retest(ctx context.Context, by govops.Actor, ref string, in Retest) (*Hardening, error) {
	return nil, errUnbuilt
}

// Hardening returns one record.
func (s *Service) Hardening(ctx context.Context, by govops.Actor, ref string) (*Hardening, error) {
	return nil, errUnbuilt
}

// Hardenings lists records.
func (s *Service) Hardenings(ctx context.Context, by govops.Actor, in HardeningListInput) (govops.Page[Hardening], error) {
	return govops.Page[Hardening]{}, errUnbuilt
}

// HardeningTrail returns a record's trail.
func (s *Service) HardeningTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errUnbuilt
}

// RecordExercise records an attack-defense exercise.
func (s *Service) RecordExercise(ctx context.Context, by govops.Actor, in ExerciseInput) (*Exercise, error) {
	return nil, errUnbuilt
}

// UpdateExercise changes an exercise.
func (s *Service) UpdateExercise(ctx context.Context, by govops.Actor, ref string, in ExerciseInput) (*Exercise, error) {
	return nil, errUnbuilt
}

// Exercise returns one exercise.
func (s *Service) Exercise(ctx context.Context, by govops.Actor, ref string) (*Exercise, error) {
	return nil, errUnbuilt
}

// Exercises lists exercises.
func (s *Service) Exercises(ctx context.Context, by govops.Actor, in ExerciseListInput) (govops.Page[Exercise], error) {
	return govops.Page[Exercise]{}, errUnbuilt
}

// ExerciseTrail returns an exercise's trail.
func (s *Service) ExerciseTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errUnbuilt
}

// ExerciseSummary sums up one exercise.
func (s *Service) ExerciseSummary(ctx context.Context, by govops.Actor, ref string) (*ExerciseSummary, error) {
	return nil, errUnbuilt
}

// ReportIncident records an incident.
func (s *Service) ReportIncident(ctx context.Context, by govops.Actor, in IncidentInput) (*Incident, error) {
	return nil, errUnbuilt
}

// UpdateIncident changes an incident's description, type, grade, colour.
func (s *Service) UpdateIncident(ctx context.Context, by govops.Actor, ref string, in IncidentInput) (*Incident, error) {
	return nil, errUnbuilt
}

// MoveIncident records the step an incident reached.
func (s *Service) MoveIncident(ctx context.Context, by govops.Actor, ref string, in IncidentStep) (*Incident, error) {
	return nil, errUnbuilt
}

// Incident returns one incident with its times.
func (s *Service) Incident(ctx context.Context, by govops.Actor, ref string) (*IncidentTimes, error) {
	return nil, errUnbuilt
}

// Incidents lists incidents with their times.
func (s *Service) Incidents(ctx context.Context, by govops.Actor, in IncidentListInput) (govops.Page[IncidentTimes], error) {
	return govops.Page[IncidentTimes]{}, errUnbuilt
}

// IncidentTrail returns an incident's trail.
func (s *Service) IncidentTrail(ctx context.Context, by govops.Actor, ref string) ([]Event, error) {
	return nil, errUnbuilt
}

// Report returns the year's report.
func (s *Service) Report(ctx context.Context, by govops.Actor, year int) (*Report, error) {
	return nil, errUnbuilt
}
