package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// pick returns one of xs at random.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// TestChecklistItems checks that ChecklistItems lists every item in the
// byte order of its code, whatever a database's collation would do.
func (cases) TestChecklistItems(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	var items []security.ChecklistItem
	for _, c := range []string{"b", "B", "ia-a", "IA-B", "A-2", "A-10", "_x", "Z", "~", "身份", "访问", "a b", "0", "ia-a "} {
		it := newItem(t, c)
		storetestkit.Must(t, st.CreateChecklistItem(ctx, &it, nil), "CreateChecklistItem "+c)
		items = append(items, it)
	}
	got, err := st.ChecklistItems(ctx)
	storetestkit.RequireOrdered(t, "ChecklistItems", items, func(*security.ChecklistItem) bool { return true },
		func(a, b *security.ChecklistItem) int { return strings.Compare(a.Code, b.Code) }, got, err)
}

// TestPlanListing checks every filter of Plans, alone and together,
// ordered and paged by ID.
func (cases) TestPlanListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(1, 2))
	statuses := []security.PlanStatus{security.PlanDraft, security.PlanApproved, security.PlanSuperseded}
	var plans []security.Plan
	for i := range 45 {
		p := newPlan(t, []string{"network", "data", "NETWORK"}[i%3], 1+i/3)
		p.Year, p.Status = 2021+r.IntN(3), pick(r, statuses...)
		storetestkit.Must(t, st.CreatePlan(ctx, &p, nil), "CreatePlan")
		plans = append(plans, p)
	}
	for name, f := range map[string]security.PlanFilter{
		"All":      {},
		"Code":     {Code: "network"},
		"Status":   {Status: security.PlanApproved},
		"Year":     {Year: 2022},
		"Together": {Code: "data", Status: security.PlanDraft, Year: 2023},
		"None":     {Code: "Network"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Plans "+name, plans, func(p *security.Plan) bool {
				return (f.Code == "" || p.Code == f.Code) && (f.Status == "" || p.Status == f.Status) && (f.Year == 0 || p.Year == f.Year)
			}, storetestkit.ByID(func(p *security.Plan) uuid.UUID { return p.ID }),
				func(after uuid.UUID, limit int) ([]security.Plan, error) { return st.Plans(ctx, f, after, limit) })
		})
	}
}

// TestDrillListing checks every filter of Drills, the half-open window of
// dates included, ordered and paged by ID.
func (cases) TestDrillListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(3, 4))
	plans := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t), storetestkit.NewID(t)}
	var drills []security.Drill
	for i := range 40 {
		d := newDrill(t, pick(r, plans...), i*5)
		if i%10 == 9 {
			d.Date = time.Time{} // before every bound
		}
		storetestkit.Must(t, st.CreateDrill(ctx, &d, nil), "CreateDrill")
		drills = append(drills, d)
	}
	from, to := day(50), day(150)
	for name, f := range map[string]security.DrillFilter{
		"All":    {},
		"Plan":   {Plan: plans[1]},
		"From":   {From: from},
		"To":     {To: to},
		"Window": {From: from, To: to},
		"Both":   {Plan: plans[0], From: from, To: to},
		"None":   {Plan: storetestkit.NewID(t)},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Drills "+name, drills, func(d *security.Drill) bool {
				return (f.Plan == uuid.Nil || d.Plan == f.Plan) && within(d.Date, f.From, f.To)
			}, storetestkit.ByID(func(d *security.Drill) uuid.UUID { return d.ID }),
				func(after uuid.UUID, limit int) ([]security.Drill, error) { return st.Drills(ctx, f, after, limit) })
		})
	}
}

// within reports whether v lies in [from, to), a zero bound being open:
// a zero v, a time not set, lies before every bound, as in Go.
func within(v, from, to time.Time) bool {
	return (from.IsZero() || !v.Before(from)) && (to.IsZero() || v.Before(to))
}

// TestInspectionListing checks every filter of Inspections, ordered and
// paged by ID.
func (cases) TestInspectionListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(5, 6))
	var ins []security.Inspection
	for i := range 40 {
		in := newInspection(t, pick(r, "lbq-scjg", "lbq-gaj", "", "LBQ-SCJG"), i*4)
		if i%10 == 9 {
			in.Date = time.Time{}
		}
		storetestkit.Must(t, st.CreateInspection(ctx, &in, nil), "CreateInspection")
		ins = append(ins, in)
	}
	from, to := day(40), day(120)
	for name, f := range map[string]security.InspectionFilter{
		"All":        {},
		"Department": {Department: "lbq-scjg"},
		"From":       {From: from},
		"To":         {To: to},
		"Together":   {Department: "lbq-gaj", From: from, To: to},
		"None":       {Department: "lbq-scj"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Inspections "+name, ins, func(in *security.Inspection) bool {
				return (f.Department == "" || in.Department == f.Department) && within(in.Date, f.From, f.To)
			}, storetestkit.ByID(func(in *security.Inspection) uuid.UUID { return in.ID }),
				func(after uuid.UUID, limit int) ([]security.Inspection, error) {
					return st.Inspections(ctx, f, after, limit)
				})
		})
	}
}

// TestHardeningListing checks every filter of Hardenings, alone and
// together, the half-open windows of FoundOn and VerifiedAt included (a
// time not set lying before every bound), ordered and paged by ID.
func (cases) TestHardeningListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(7, 8))
	srcs := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t), storetestkit.NewID(t), uuid.Nil}
	statuses := []security.HardeningStatus{security.HardeningOpen, security.HardeningRemediated, security.HardeningVerified}
	kinds := []security.SourceKind{security.SourceInspection, security.SourceExercise, security.SourceDrill, security.SourceOther}
	var hs []security.Hardening
	for i := range 70 {
		h := newHardening(t, i+1)
		h.Department = pick(r, "lbq-scjg", "lbq-gaj", "")
		h.Status, h.Kind, h.Severity = pick(r, statuses...), pick(r, security.FindingKinds()...), pick(r, security.Severities()...)
		h.Source.Kind, h.Source.ID = pick(r, kinds...), pick(r, srcs...)
		h.FoundOn = day(r.IntN(60))
		if i%10 == 9 {
			h.FoundOn = time.Time{}
		}
		if i%10 != 4 {
			h.VerifiedAt = day(r.IntN(60)).Add(time.Duration(r.IntN(24*60)) * time.Minute)
		}
		hs = append(hs, h)
	}
	storetestkit.Must(t, st.CreateHardenings(ctx, hs, nil), "CreateHardenings")
	for name, f := range map[string]security.HardeningFilter{
		"All":         {},
		"Department":  {Department: "lbq-gaj"},
		"Status":      {Status: security.HardeningOpen},
		"Kind":        {Kind: security.FindingWeakPassword},
		"Severity":    {Severity: security.SeverityCritical},
		"SourceKind":  {SourceKind: security.SourceExercise},
		"SourceID":    {SourceID: srcs[1]},
		"FoundBefore": {FoundBefore: day(30)},
		"FoundFrom":   {FoundFrom: day(30)},
		"Found":       {FoundFrom: day(20), FoundBefore: day(40)},
		"Verified":    {VerifiedFrom: day(10), VerifiedBefore: day(40).Add(time.Hour)},
		"VerifiedTo":  {VerifiedBefore: day(20)},
		"Together": {Department: "lbq-scjg", Status: security.HardeningRemediated, SourceKind: security.SourceInspection,
			FoundBefore: day(45)},
		"FoundAndVerified": {Status: security.HardeningVerified, FoundFrom: day(5), FoundBefore: day(50), VerifiedFrom: day(25)},
		"KindSeverity":     {Kind: security.FindingUnpatched, Severity: security.SeverityHigh},
		"None":             {Department: "LBQ-GAJ"},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Hardenings "+name, hs, func(h *security.Hardening) bool {
				return (f.Department == "" || h.Department == f.Department) && (f.Status == "" || h.Status == f.Status) &&
					(f.Kind == "" || h.Kind == f.Kind) && (f.Severity == "" || h.Severity == f.Severity) &&
					(f.SourceKind == "" || h.Source.Kind == f.SourceKind) && (f.SourceID == uuid.Nil || h.Source.ID == f.SourceID) &&
					(f.FoundFrom.IsZero() || !h.FoundOn.Before(f.FoundFrom)) &&
					(f.FoundBefore.IsZero() || h.FoundOn.Before(f.FoundBefore)) &&
					(f.VerifiedFrom.IsZero() || !h.VerifiedAt.Before(f.VerifiedFrom)) &&
					(f.VerifiedBefore.IsZero() || h.VerifiedAt.Before(f.VerifiedBefore))
			}, storetestkit.ByID(func(h *security.Hardening) uuid.UUID { return h.ID }),
				func(after uuid.UUID, limit int) ([]security.Hardening, error) {
					return st.Hardenings(ctx, f, after, limit)
				})
		})
	}
}

// TestExerciseListing checks the half-open window of starts of
// Exercises, ordered and paged by ID.
func (cases) TestExerciseListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	var xs []security.Exercise
	for i := range 30 {
		x := newExercise(t, (i*37)%300)
		if i%10 == 9 {
			x.Start = time.Time{}
		}
		storetestkit.Must(t, st.CreateExercise(ctx, &x, nil), "CreateExercise")
		xs = append(xs, x)
	}
	from, to := xs[3].Start, xs[11].Start
	for name, f := range map[string]security.ExerciseFilter{
		"All":    {},
		"From":   {From: from},
		"To":     {To: to},
		"Window": {From: from, To: to},
		"Empty":  {From: to, To: to},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Exercises "+name, xs, func(x *security.Exercise) bool { return within(x.Start, f.From, f.To) },
				storetestkit.ByID(func(x *security.Exercise) uuid.UUID { return x.ID }),
				func(after uuid.UUID, limit int) ([]security.Exercise, error) {
					return st.Exercises(ctx, f, after, limit)
				})
		})
	}
}

// TestIncidentListing checks every filter of Incidents, alone and
// together, the half-open window of detection included, ordered and paged
// by ID.
func (cases) TestIncidentListing(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	r := rand.New(rand.NewPCG(9, 10))
	statuses := []security.IncidentStatus{security.IncidentDetected, security.IncidentReported, security.IncidentContained,
		security.IncidentResolved}
	var is []security.Incident
	for i := range 50 {
		in := newIncident(t, pick(r, "lbq-scjg", "lbq-gaj", ""), r.IntN(40)*90)
		if i%10 == 9 {
			in.DetectedAt = time.Time{}
		}
		in.Grade, in.Status = pick(r, security.Grades()...), pick(r, statuses...)
		in.Colour = in.Grade.Colour()
		storetestkit.Must(t, st.CreateIncident(ctx, &in, nil), "CreateIncident")
		is = append(is, in)
	}
	from, to := at(900), at(2700)
	for name, f := range map[string]security.IncidentFilter{
		"All":        {},
		"Department": {Department: "lbq-scjg"},
		"Grade":      {Grade: security.GradeII},
		"Status":     {Status: security.IncidentResolved},
		"From":       {From: from},
		"To":         {To: to},
		"Window":     {From: from, To: to},
		"Together":   {Department: "lbq-gaj", Grade: security.GradeIV, Status: security.IncidentContained, From: from},
		"None":       {Department: fmt.Sprintf("%s ", "lbq-gaj")},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Incidents "+name, is, func(in *security.Incident) bool {
				return (f.Department == "" || in.Department == f.Department) && (f.Grade == "" || in.Grade == f.Grade) &&
					(f.Status == "" || in.Status == f.Status) && within(in.DetectedAt, f.From, f.To)
			}, storetestkit.ByID(func(in *security.Incident) uuid.UUID { return in.ID }),
				func(after uuid.UUID, limit int) ([]security.Incident, error) {
					return st.Incidents(ctx, f, after, limit)
				})
		})
	}
}
