package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
)

// agg describes how a security.Store keeps one versioned aggregate of type
// A, for the checks every versioned aggregate shares (see
// storetestkit.Aggregate).
type agg[A any] = storetestkit.Aggregate[security.Store, A, security.EventType, security.Status]

// aggregate is an agg of any type, for the cases that run a check over
// every aggregate.
type aggregate = storetestkit.Checks[security.Store]

// aggregates returns every versioned record of security.Store.
func aggregates() []aggregate {
	return []aggregate{planAgg(), drillAgg(), inspectionAgg(), itemAgg(), hardeningAgg(), exerciseAgg(), incidentAgg()}
}

func planAgg() agg[security.Plan] {
	return agg[security.Plan]{
		Name:  "plan",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) security.Plan { return newPlan(tb, fmt.Sprintf("P%03d", i), 1+i%3) },
		Sparse: func(a *security.Plan) {
			a.Year, a.Scope, a.Grades, a.Status, a.Note = 0, "", nil, security.PlanDraft, ""
			a.ApprovedBy, a.ApprovedOn, a.SupersededBy = "", time.Time{}, uuid.Nil
		},
		Change: func(a *security.Plan) {
			a.Year, a.Title, a.Scope, a.Status = 2024, "数据安全事件应急预案", "数据中心", security.PlanSuperseded
			a.Grades = grades("分管副主任")[:2]
			a.ApprovedBy, a.ApprovedOn, a.SupersededBy, a.Note = "市网信办", day(40), uuid.Must(uuid.NewV7()), note(20)
		},
		Scribble: func(a *security.Plan) { a.Grades[0].Measures = "scribbled" },
		Clone:    func(a *security.Plan) security.Plan { c := *a; c.Grades = slices.Clone(a.Grades); return c },
		ID:       func(a *security.Plan) *uuid.UUID { return &a.ID },
		Version:  func(a *security.Plan) *int64 { return &a.Version },
		Stamp:    func(a *security.Plan) *time.Time { return &a.UpdatedAt },
		Status:   func(a *security.Plan) string { return string(a.Status) },
		Created:  security.EventPlanDrafted, Updated: security.EventPlanUpdated,
		Create: func(ctx context.Context, st security.Store, a *security.Plan, evs []security.Event) error {
			return st.CreatePlan(ctx, a, evs)
		},
		Update: func(ctx context.Context, st security.Store, a *security.Plan, evs []security.Event) error {
			return st.UpdatePlans(ctx, []security.Plan{*a}, evs)
		},
		Get: func(ctx context.Context, st security.Store, a *security.Plan) (*security.Plan, error) {
			return st.Plan(ctx, a.ID)
		},
	}
}

func drillAgg() agg[security.Drill] {
	return agg[security.Drill]{
		Name:  "drill",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) security.Drill { return newDrill(tb, storetestkit.NewID(tb), i) },
		Sparse: func(a *security.Drill) {
			a.Scenario, a.Participants, a.Findings, a.Actions, a.Note = "", nil, nil, nil, ""
		},
		Change: func(a *security.Drill) {
			a.Plan, a.Date, a.Type, a.Scenario = uuid.Must(uuid.NewV7()), day(60), security.DrillJoint, "勒索病毒感染"
			a.Participants = []string{"市公安局"}
			a.Findings = []security.Observation{{Seq: 1, Asset: "OA", Kind: security.FindingUnpatched,
				Severity: security.SeverityCritical, Detail: note(21)}}
			a.Actions = []security.Action{{Seq: 1, Title: "打补丁", Owner: "陈工", Department: "lbq-gaj", Due: day(70),
				Status: security.ActionCancelled, DoneOn: day(65), Note: note(22)}}
			a.Note = note(23)
		},
		Scribble: func(a *security.Drill) {
			a.Participants[0], a.Findings[0].Detail, a.Actions[0].Title = "scribbled", "scribbled", "scribbled"
		},
		Clone: func(a *security.Drill) security.Drill {
			c := *a
			c.Participants, c.Findings, c.Actions = slices.Clone(a.Participants), slices.Clone(a.Findings), slices.Clone(a.Actions)
			return c
		},
		ID:      func(a *security.Drill) *uuid.UUID { return &a.ID },
		Version: func(a *security.Drill) *int64 { return &a.Version },
		Stamp:   func(a *security.Drill) *time.Time { return &a.UpdatedAt },
		Status:  func(*security.Drill) string { return "" },
		Created: security.EventDrillRecorded, Updated: security.EventDrillUpdated,
		Create: func(ctx context.Context, st security.Store, a *security.Drill, evs []security.Event) error {
			return st.CreateDrill(ctx, a, evs)
		},
		Update: func(ctx context.Context, st security.Store, a *security.Drill, evs []security.Event) error {
			return st.UpdateDrill(ctx, a, evs)
		},
		Get: func(ctx context.Context, st security.Store, a *security.Drill) (*security.Drill, error) {
			return st.Drill(ctx, a.ID)
		},
	}
}

func inspectionAgg() agg[security.Inspection] {
	return agg[security.Inspection]{
		Name:  "inspection",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) security.Inspection { return newInspection(tb, "lbq-scjg", i) },
		Sparse: func(a *security.Inspection) {
			a.Department, a.Scope, a.Inspector, a.Items, a.Findings, a.Note = "", "", "", nil, nil, ""
		},
		Change: func(a *security.Inspection) {
			a.Department, a.Date, a.Scope, a.Inspector = "lbq-gaj", day(90), "业务专网", "孙工"
			a.Items = []security.ItemResult{{Item: "ac-e", Control: "8.1.4.2 e)", Result: security.ResultPartial, Note: note(24)}}
			a.Findings = []security.Observation{{Seq: 1, Asset: "FW-01", Department: "lbq-gaj",
				Kind: security.FindingExposedService, Severity: security.SeverityMedium, Detail: note(25)}}
			a.Note = note(26)
		},
		Scribble: func(a *security.Inspection) { a.Items[0].Note, a.Findings[0].Asset = "scribbled", "scribbled" },
		Clone: func(a *security.Inspection) security.Inspection {
			c := *a
			c.Items, c.Findings = slices.Clone(a.Items), slices.Clone(a.Findings)
			return c
		},
		ID:      func(a *security.Inspection) *uuid.UUID { return &a.ID },
		Version: func(a *security.Inspection) *int64 { return &a.Version },
		Stamp:   func(a *security.Inspection) *time.Time { return &a.UpdatedAt },
		Status:  func(*security.Inspection) string { return "" },
		Created: security.EventInspectionRecorded, Updated: security.EventInspectionUpdated,
		Create: func(ctx context.Context, st security.Store, a *security.Inspection, evs []security.Event) error {
			return st.CreateInspection(ctx, a, evs)
		},
		Update: func(ctx context.Context, st security.Store, a *security.Inspection, evs []security.Event) error {
			return st.UpdateInspection(ctx, a, evs)
		},
		Get: func(ctx context.Context, st security.Store, a *security.Inspection) (*security.Inspection, error) {
			return st.Inspection(ctx, a.ID)
		},
	}
}

// itemByID finds the checklist item id in the listing: ENOTFOUND if none.
func itemByID(ctx context.Context, st security.Store, id uuid.UUID) (*security.ChecklistItem, error) {
	items, err := st.ChecklistItems(ctx)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if items[i].ID == id {
			return &items[i], nil
		}
	}
	return nil, notListed("checklist item", id)
}

func itemAgg() agg[security.ChecklistItem] {
	return agg[security.ChecklistItem]{
		Name:     "checklist item",
		Made:     new(atomic.Int64),
		Fresh:    func(tb testing.TB, i int) security.ChecklistItem { return newItem(tb, fmt.Sprintf("x-%03d", i)) },
		Sparse:   func(a *security.ChecklistItem) { a.Control, a.Category, a.Builtin = "", "", false },
		Scribble: func(a *security.ChecklistItem) { a.Text = "scribbled" },
		Clone:    func(a *security.ChecklistItem) security.ChecklistItem { return *a },
		Change: func(a *security.ChecklistItem) {
			a.Control, a.Category, a.Text, a.Retired = "8.1.4.2 a)", "访问控制", "应对登录的用户分配账户和权限", true
		},
		ID:      func(a *security.ChecklistItem) *uuid.UUID { return &a.ID },
		Version: func(a *security.ChecklistItem) *int64 { return &a.Version },
		Stamp:   func(a *security.ChecklistItem) *time.Time { return &a.UpdatedAt },
		Status:  func(*security.ChecklistItem) string { return "" },
		Created: security.EventChecklistAdded, Updated: security.EventChecklistUpdated,
		Create: func(ctx context.Context, st security.Store, a *security.ChecklistItem, evs []security.Event) error {
			return st.CreateChecklistItem(ctx, a, evs)
		},
		Update: func(ctx context.Context, st security.Store, a *security.ChecklistItem, evs []security.Event) error {
			return st.UpdateChecklistItem(ctx, a, evs)
		},
		Get: func(ctx context.Context, st security.Store, a *security.ChecklistItem) (*security.ChecklistItem, error) {
			return itemByID(ctx, st, a.ID)
		},
	}
}

func hardeningAgg() agg[security.Hardening] {
	return agg[security.Hardening]{
		Name:  "hardening record",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) security.Hardening { return newHardening(tb, 1+i%5) },
		Sparse: func(a *security.Hardening) {
			a.Department, a.Detail, a.Status, a.Retests = "", "", security.HardeningOpen, 0
			a.Source = security.Source{Kind: security.SourceOther}
			a.Remediation, a.RemediatedBy, a.RemediatedOn = "", "", time.Time{}
		},
		Change: func(a *security.Hardening) {
			a.Department, a.Asset, a.Kind, a.Severity = "lbq-gaj", "OA-01", security.FindingDefaultCredential, security.SeverityCritical
			a.Detail, a.FoundOn, a.Status, a.Retests = note(27), day(11), security.HardeningVerified, 2
			a.Remediation, a.RemediatedBy, a.RemediatedOn = "已删除默认账户", "周工", day(13)
			a.VerifiedBy, a.VerifiedAt = "吴工", at(2000)
		},
		Scribble: func(a *security.Hardening) { a.Source.Ref = "scribbled" },
		Clone:    func(a *security.Hardening) security.Hardening { return *a },
		ID:       func(a *security.Hardening) *uuid.UUID { return &a.ID },
		Version:  func(a *security.Hardening) *int64 { return &a.Version },
		Stamp:    func(a *security.Hardening) *time.Time { return &a.UpdatedAt },
		Status:   func(a *security.Hardening) string { return string(a.Status) },
		Created:  security.EventHardeningOpened, Updated: security.EventHardeningUpdated,
		Create: func(ctx context.Context, st security.Store, a *security.Hardening, evs []security.Event) error {
			return st.CreateHardenings(ctx, []security.Hardening{*a}, evs)
		},
		Update: func(ctx context.Context, st security.Store, a *security.Hardening, evs []security.Event) error {
			return st.UpdateHardening(ctx, a, evs)
		},
		Get: func(ctx context.Context, st security.Store, a *security.Hardening) (*security.Hardening, error) {
			return st.Hardening(ctx, a.ID)
		},
	}
}

func exerciseAgg() agg[security.Exercise] {
	return agg[security.Exercise]{
		Name:  "exercise",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) security.Exercise { return newExercise(tb, i) },
		Sparse: func(a *security.Exercise) {
			a.Organizer, a.Detected, a.Blocked, a.Early, a.Findings, a.Note = "", 0, 0, 0, nil, ""
		},
		Change: func(a *security.Exercise) {
			a.Name, a.Organizer, a.Role = "护网 2024", "自治区网信办", security.RoleTarget
			a.Start, a.End = day(400).Add(9*time.Hour), day(410)
			a.Detected, a.Blocked, a.Early = 5, 4, 1
			a.Findings = []security.Observation{{Seq: 1, Asset: "VPN", Kind: security.FindingUnpatched,
				Severity: security.SeverityCritical, Detail: note(28)}}
			a.Note = note(29)
		},
		Scribble: func(a *security.Exercise) { a.Findings[0].Severity = "scribbled" },
		Clone:    func(a *security.Exercise) security.Exercise { c := *a; c.Findings = slices.Clone(a.Findings); return c },
		ID:       func(a *security.Exercise) *uuid.UUID { return &a.ID },
		Version:  func(a *security.Exercise) *int64 { return &a.Version },
		Stamp:    func(a *security.Exercise) *time.Time { return &a.UpdatedAt },
		Status:   func(*security.Exercise) string { return "" },
		Created:  security.EventExerciseRecorded, Updated: security.EventExerciseUpdated,
		Create: func(ctx context.Context, st security.Store, a *security.Exercise, evs []security.Event) error {
			return st.CreateExercise(ctx, a, evs)
		},
		Update: func(ctx context.Context, st security.Store, a *security.Exercise, evs []security.Event) error {
			return st.UpdateExercise(ctx, a, evs)
		},
		Get: func(ctx context.Context, st security.Store, a *security.Exercise) (*security.Exercise, error) {
			return st.Exercise(ctx, a.ID)
		},
	}
}

func incidentAgg() agg[security.Incident] {
	return agg[security.Incident]{
		Name:  "incident",
		Made:  new(atomic.Int64),
		Fresh: func(tb testing.TB, i int) security.Incident { return newIncident(tb, "lbq-scjg", i) },
		Sparse: func(a *security.Incident) {
			a.Department, a.Colour, a.Status, a.Note = "", "", security.IncidentDetected, ""
			a.ReportedAt, a.ContainedAt, a.ResolvedAt = time.Time{}, time.Time{}, time.Time{}
		},
		Change: func(a *security.Incident) {
			a.Department, a.Title, a.Type, a.Grade, a.Colour = "lbq-gaj", "数据泄露", security.IncidentInfoDamage,
				security.GradeII, security.ColourOrange
			a.Status, a.DetectedAt, a.ReportedAt = security.IncidentResolved, at(-30), at(-10)
			a.ContainedAt, a.ResolvedAt, a.Note = at(100), at(1000), note(30)
		},
		Scribble: func(a *security.Incident) { a.Title = "scribbled" },
		Clone:    func(a *security.Incident) security.Incident { return *a },
		ID:       func(a *security.Incident) *uuid.UUID { return &a.ID },
		Version:  func(a *security.Incident) *int64 { return &a.Version },
		Stamp:    func(a *security.Incident) *time.Time { return &a.UpdatedAt },
		Status:   func(a *security.Incident) string { return string(a.Status) },
		Created:  security.EventIncidentReported, Updated: security.EventIncidentMoved,
		Create: func(ctx context.Context, st security.Store, a *security.Incident, evs []security.Event) error {
			return st.CreateIncident(ctx, a, evs)
		},
		Update: func(ctx context.Context, st security.Store, a *security.Incident, evs []security.Event) error {
			return st.UpdateIncident(ctx, a, evs)
		},
		Get: func(ctx context.Context, st security.Store, a *security.Incident) (*security.Incident, error) {
			return st.Incident(ctx, a.ID)
		},
	}
}
