package security

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Store persists the security records and their trails. It holds no
// business rule: the Service validates, assigns IDs and versions, checks
// permissions and lifecycles, and decides what a change records before it
// calls the Store.
//
// Every method returns *govops.Error values with the codes its comment
// names; any other failure, a cancelled context included, is EINTERNAL,
// and a method called with a cancelled context stores nothing. Values
// passed in are not retained and values returned are the caller's own:
// slices inside a record (grades, findings, actions, items, participants)
// included. Times come in UTC, cut to the microsecond, and must come back
// as the same instants (in any location); a zero time comes back zero.
// Codes are compared exactly, byte for byte. Slices come back in the order
// they were stored; an empty slice may come back nil.
//
// A method that takes events appends them in the same atomic step as the
// change they record: all of it or, on any error, none. Event IDs are
// unique across the Store (ECONFLICT), and so is an event's (Subject,
// Seq).
//
// A write of a versioned record (Update…) replaces the stored record
// whose ID is the record's and whose Version is still Version-1. Returns
// ENOTFOUND if there is no such record and ECONFLICT if its stored version
// differs; nothing is written then. The Service never changes an ID, a
// plan's Code or Revision, or a checklist item's Code.
//
// Listings that take after and limit return at most limit records (all
// when limit is 0), ordered by ID, starting after the ID after when it is
// not uuid.Nil.
type Store interface {
	// Events returns the trail of the record whose ID is subject, in Seq
	// order: none for an unknown subject.
	Events(ctx context.Context, subject uuid.UUID) ([]Event, error)

	// CreatePlan stores p at Version 1, with events. Returns ECONFLICT if
	// its ID or its (Code, Revision) is taken.
	CreatePlan(ctx context.Context, p *Plan, events []Event) error
	// UpdatePlans replaces every plan of ps (see Store), with events, in
	// one atomic step: approving a revision supersedes the one before.
	// Any of them missing or stale writes none.
	UpdatePlans(ctx context.Context, ps []Plan, events []Event) error
	// Plan returns the plan id: ENOTFOUND if none.
	Plan(ctx context.Context, id uuid.UUID) (*Plan, error)
	// Plans returns the plans matching f, ordered by ID.
	Plans(ctx context.Context, f PlanFilter, after uuid.UUID, limit int) ([]Plan, error)

	// CreateDrill stores d at Version 1, with events. Returns ECONFLICT if
	// its ID is taken.
	CreateDrill(ctx context.Context, d *Drill, events []Event) error
	// UpdateDrill replaces the drill d.ID (see Store).
	UpdateDrill(ctx context.Context, d *Drill, events []Event) error
	// Drill returns the drill id: ENOTFOUND if none.
	Drill(ctx context.Context, id uuid.UUID) (*Drill, error)
	// Drills returns the drills matching f, ordered by ID.
	Drills(ctx context.Context, f DrillFilter, after uuid.UUID, limit int) ([]Drill, error)

	// CreateInspection stores in at Version 1, with events. Returns
	// ECONFLICT if its ID is taken.
	CreateInspection(ctx context.Context, in *Inspection, events []Event) error
	// UpdateInspection replaces the inspection in.ID (see Store).
	UpdateInspection(ctx context.Context, in *Inspection, events []Event) error
	// Inspection returns the inspection id: ENOTFOUND if none.
	Inspection(ctx context.Context, id uuid.UUID) (*Inspection, error)
	// Inspections returns the inspections matching f, ordered by ID.
	Inspections(ctx context.Context, f InspectionFilter, after uuid.UUID, limit int) ([]Inspection, error)
	// CountInspections counts the inspections matching f, as Inspections
	// would list them. Its cost must not be that of reading every
	// inspection of a year when f selects whole months (Asia/Shanghai)
	// of every unit, as the yearly report asks.
	CountInspections(ctx context.Context, f InspectionFilter) (int64, error)

	// CreateChecklistItem stores c at Version 1, with events. Returns
	// ECONFLICT if its ID or Code is taken.
	CreateChecklistItem(ctx context.Context, c *ChecklistItem, events []Event) error
	// UpdateChecklistItem replaces the item c.ID (see Store).
	UpdateChecklistItem(ctx context.Context, c *ChecklistItem, events []Event) error
	// ChecklistItems returns every stored item, ordered by Code.
	ChecklistItems(ctx context.Context) ([]ChecklistItem, error)

	// CreateHardenings stores every record of hs at Version 1, with
	// events, in one atomic step. Returns ECONFLICT if an ID is taken, or
	// if a record's Source (Kind, ID, Seq), ID not uuid.Nil, is another
	// stored record's or another one of hs's: a finding is raised once.
	CreateHardenings(ctx context.Context, hs []Hardening, events []Event) error
	// UpdateHardening replaces the record h.ID (see Store).
	UpdateHardening(ctx context.Context, h *Hardening, events []Event) error
	// Hardening returns the record id: ENOTFOUND if none.
	Hardening(ctx context.Context, id uuid.UUID) (*Hardening, error)
	// Hardenings returns the records matching f, ordered by ID.
	Hardenings(ctx context.Context, f HardeningFilter, after uuid.UUID, limit int) ([]Hardening, error)
	// HardeningCounts counts the records of department ("" every unit's)
	// by (Kind, Severity, FoundYear, VerifiedYear), one group each, in any
	// order; groups with no record are left out. Its cost must be that of
	// the groups, not of reading the records.
	HardeningCounts(ctx context.Context, department string) ([]HardeningCount, error)
	// HardeningDays counts the records of department ("" every unit's)
	// whose FoundDay lies in [from, to) by (Severity, FoundDay,
	// VerifiedYear), one group each, in any order; groups with no record
	// are left out, and so are the records with no FoundOn. Its cost must
	// be that of the groups of those days, not of reading the records.
	HardeningDays(ctx context.Context, department string, from, to time.Time) ([]HardeningDay, error)

	// CreateExercise stores x at Version 1, with events. Returns
	// ECONFLICT if its ID is taken.
	CreateExercise(ctx context.Context, x *Exercise, events []Event) error
	// UpdateExercise replaces the exercise x.ID (see Store).
	UpdateExercise(ctx context.Context, x *Exercise, events []Event) error
	// Exercise returns the exercise id: ENOTFOUND if none.
	Exercise(ctx context.Context, id uuid.UUID) (*Exercise, error)
	// Exercises returns the exercises matching f, ordered by ID.
	Exercises(ctx context.Context, f ExerciseFilter, after uuid.UUID, limit int) ([]Exercise, error)

	// CreateIncident stores i at Version 1, with events. Returns
	// ECONFLICT if its ID is taken.
	CreateIncident(ctx context.Context, i *Incident, events []Event) error
	// UpdateIncident replaces the incident i.ID (see Store).
	UpdateIncident(ctx context.Context, i *Incident, events []Event) error
	// Incident returns the incident id: ENOTFOUND if none.
	Incident(ctx context.Context, id uuid.UUID) (*Incident, error)
	// Incidents returns the incidents matching f, ordered by ID.
	Incidents(ctx context.Context, f IncidentFilter, after uuid.UUID, limit int) ([]Incident, error)
}
