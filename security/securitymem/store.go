// Package securitymem is an in-memory security.Store: a mutex over maps,
// with every value copied in and out. It suits tests, examples and
// programs that keep the security records without a database.
//
// It keeps the counts of HardeningCounts, HardeningDays and
// CountInspections as summaries, changed with every write of a record
// they count, and answers them from there (CountInspections only when its
// filter selects whole months of every unit; it counts the inspections
// otherwise); RepairSummaries (govops.SummaryKeeper) counts the records
// anew to check them.
package securitymem

import (
	"slices"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/memstore"
	"github.com/govops-kit/govops/security"
)

// Store is an in-memory security.Store. The zero value is not usable; call
// New.
type Store struct {
	*memstore.Base[security.EventType, security.Status]

	plans       *memstore.Table[security.Plan]
	planKeys    map[planKey]uuid.UUID
	drills      *memstore.Table[security.Drill]
	inspections *memstore.Table[security.Inspection]
	items       *memstore.Table[security.ChecklistItem]
	itemCodes   map[string]uuid.UUID
	hardenings  *memstore.Table[security.Hardening]
	sources     map[sourceKey]uuid.UUID
	exercises   *memstore.Table[security.Exercise]
	incidents   *memstore.Table[security.Incident]

	// sums are the counts the Store keeps for HardeningCounts,
	// HardeningDays and CountInspections, changed with the records.
	sums *summaries
}

// planKey is the unique key of a plan revision.
type planKey struct {
	code     string
	revision int
}

// sourceKey is the unique key of a hardening record raised from a
// finding of a stored record.
type sourceKey struct {
	kind security.SourceKind
	id   uuid.UUID
	seq  int
}

var (
	_ security.Store       = (*Store)(nil)
	_ govops.SummaryKeeper = (*Store)(nil)
)

// New returns an empty Store.
func New() *Store {
	return &Store{
		Base: memstore.NewBase[security.EventType, security.Status]("securitymem"),
		plans: memstore.NewTable("plan", func(v *security.Plan) uuid.UUID { return v.ID },
			func(v *security.Plan) int64 { return v.Version }, copyPlan),
		planKeys: map[planKey]uuid.UUID{},
		drills: memstore.NewTable("drill", func(v *security.Drill) uuid.UUID { return v.ID },
			func(v *security.Drill) int64 { return v.Version }, copyDrill),
		inspections: memstore.NewTable("inspection", func(v *security.Inspection) uuid.UUID { return v.ID },
			func(v *security.Inspection) int64 { return v.Version }, copyInspection),
		items: memstore.NewTable("checklist item", func(v *security.ChecklistItem) uuid.UUID { return v.ID },
			func(v *security.ChecklistItem) int64 { return v.Version }, copyItem),
		itemCodes: map[string]uuid.UUID{},
		hardenings: memstore.NewTable("hardening record", func(v *security.Hardening) uuid.UUID { return v.ID },
			func(v *security.Hardening) int64 { return v.Version }, copyHardening),
		sources: map[sourceKey]uuid.UUID{},
		exercises: memstore.NewTable("exercise", func(v *security.Exercise) uuid.UUID { return v.ID },
			func(v *security.Exercise) int64 { return v.Version }, copyExercise),
		incidents: memstore.NewTable("incident", func(v *security.Incident) uuid.UUID { return v.ID },
			func(v *security.Incident) int64 { return v.Version }, copyIncident),
		sums: newSummaries(),
	}
}

func copyPlan(v *security.Plan) *security.Plan {
	cp := *v
	cp.Grades = slices.Clone(v.Grades)
	return &cp
}

func copyDrill(v *security.Drill) *security.Drill {
	cp := *v
	cp.Participants = slices.Clone(v.Participants)
	cp.Findings = slices.Clone(v.Findings)
	cp.Actions = slices.Clone(v.Actions)
	return &cp
}

func copyInspection(v *security.Inspection) *security.Inspection {
	cp := *v
	cp.Items = slices.Clone(v.Items)
	cp.Findings = slices.Clone(v.Findings)
	return &cp
}

func copyItem(v *security.ChecklistItem) *security.ChecklistItem {
	cp := *v
	return &cp
}

func copyHardening(v *security.Hardening) *security.Hardening {
	cp := *v
	return &cp
}

func copyExercise(v *security.Exercise) *security.Exercise {
	cp := *v
	cp.Findings = slices.Clone(v.Findings)
	return &cp
}

func copyIncident(v *security.Incident) *security.Incident {
	cp := *v
	return &cp
}
