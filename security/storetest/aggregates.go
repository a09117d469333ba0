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

// agg describes how a Store keeps one versioned aggregate of type A, for
// the checks every one of them shares (see checks.go).
type agg[A any] struct {
	name string
	// made counts the aggregates make made, so that each has keys of its
	// own in a store shared by a case's checks.
	made *atomic.Int64
	// fresh returns a new aggregate at version 1 with every field set,
	// its unique keys made from i.
	fresh func(tb testing.TB, i int) A
	// sparse blanks every field that may be zero or empty: optional
	// times, lists, free text.
	sparse func(a *A)
	// change sets every field an update may change to another value,
	// replacing lists rather than editing them.
	change func(a *A)
	// scribble edits a in place, its lists or, for a record without
	// lists, a field, for the checks that a store keeps no value it was
	// given and returns values of the caller's own.
	scribble func(a *A)
	// clone returns a copy of a that shares no list with it.
	clone   func(a *A) A
	id      func(a *A) *uuid.UUID
	version func(a *A) *int64
	stamp   func(a *A) *time.Time // UpdatedAt
	status  func(a *A) string
	// created and updated are the types of the events of a creation and
	// of an update.
	created, updated security.EventType
	create           func(ctx context.Context, st security.Store, a *A, events []security.Event) error
	update           func(ctx context.Context, st security.Store, a *A, events []security.Event) error
	// get reads the stored aggregate of a's ID.
	get func(ctx context.Context, st security.Store, a *A) (*A, error)
}

// make returns a new aggregate at version 1 with every field set, whose
// keys no other of g's has.
func (g agg[A]) make(tb testing.TB) A {
	tb.Helper()
	return g.fresh(tb, int(g.made.Add(1)))
}

// firstEvent returns the event of a's creation.
func (g agg[A]) firstEvent(tb testing.TB, a *A) security.Event {
	tb.Helper()
	return event(tb, *g.id(a), 1, g.created, "", g.status(a))
}

// next returns the next version of a with every field changed, and the
// event of that version.
func (g agg[A]) next(tb testing.TB, a *A) (*A, security.Event) {
	tb.Helper()
	n := *a
	g.change(&n)
	*g.version(&n) = *g.version(a) + 1
	*g.stamp(&n) = storetestkit.Micro(g.stamp(a).Add(time.Minute))
	return &n, event(tb, *g.id(a), *g.version(&n), g.updated, g.status(a), g.status(&n))
}

// mustCreate stores a with the event of its creation, and returns it.
func (g agg[A]) mustCreate(tb testing.TB, st security.Store, a *A) security.Event {
	tb.Helper()
	ev := g.firstEvent(tb, a)
	storetestkit.Must(tb, g.create(tb.Context(), st, a, []security.Event{ev}), "create "+g.name)
	return ev
}

// require fails tb unless the stored aggregate of a's ID is a.
func (g agg[A]) require(tb testing.TB, st security.Store, a *A, when string) {
	tb.Helper()
	got, err := g.get(tb.Context(), st, a)
	requireGot(tb, *a, got, err, fmt.Sprintf("%s %s", g.name, when))
}

// requireMissing fails tb unless nothing is stored under a's ID.
func (g agg[A]) requireMissing(tb testing.TB, st security.Store, a *A, when string) {
	tb.Helper()
	_, err := g.get(tb.Context(), st, a)
	requireMissing(tb, err, fmt.Sprintf("%s %s", g.name, when))
}

// trail returns the description of the aggregate's trail in st that the
// kit's checks take.
func (g agg[A]) trail(st security.Store) storetestkit.Trail[*A, security.Event] {
	return storetestkit.Trail[*A, security.Event]{
		New: func(tb testing.TB) (*A, security.Event) {
			a := g.make(tb)
			return &a, g.firstEvent(tb, &a)
		},
		Next:    g.next,
		Create:  func(ctx context.Context, a *A, evs []security.Event) error { return g.create(ctx, st, a, evs) },
		Update:  func(ctx context.Context, a *A, evs []security.Event) error { return g.update(ctx, st, a, evs) },
		Get:     func(ctx context.Context, a *A) (*A, error) { return g.get(ctx, st, a) },
		Events:  func(ctx context.Context, a *A) ([]security.Event, error) { return st.Events(ctx, *g.id(a)) },
		Version: func(a *A) int64 { return *g.version(a) },
		Seq:     func(e security.Event) int64 { return e.Seq },
		EventID: func(e *security.Event) *uuid.UUID { return &e.ID },
	}
}

// aggregate is an agg of any type, for the cases that run a check over
// every aggregate.
type aggregate interface {
	kind() string
	roundTrip(t *testing.T, st security.Store)
	copies(t *testing.T, st security.Store)
	versions(t *testing.T, st security.Store)
	oneWinner(t *testing.T, st security.Store)
	uniqueEventIDs(t *testing.T, st security.Store)
	atomicTrail(t *testing.T, st security.Store)
	everyWrite(t *testing.T, st security.Store)
	seqTaken(t *testing.T, st security.Store)
	refused(t *testing.T, st security.Store)
	cancelled(t *testing.T, st security.Store)
}

func (g agg[A]) kind() string { return g.name }

// aggregates returns every versioned record of security.Store.
func aggregates() []aggregate {
	return []aggregate{planAgg(), drillAgg(), inspectionAgg(), itemAgg(), hardeningAgg(), exerciseAgg(), incidentAgg()}
}

func planAgg() agg[security.Plan] {
	return agg[security.Plan]{
		name:  "plan",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) security.Plan { return newPlan(tb, fmt.Sprintf("P%03d", i), 1+i%3) },
		sparse: func(a *security.Plan) {
			a.Year, a.Scope, a.Grades, a.Status, a.Note = 0, "", nil, security.PlanDraft, ""
			a.ApprovedBy, a.ApprovedOn, a.SupersededBy = "", time.Time{}, uuid.Nil
		},
		change: func(a *security.Plan) {
			a.Year, a.Title, a.Scope, a.Status = 2024, "数据安全事件应急预案", "数据中心", security.PlanSuperseded
			a.Grades = grades("分管副主任")[:2]
			a.ApprovedBy, a.ApprovedOn, a.SupersededBy, a.Note = "市网信办", day(40), uuid.Must(uuid.NewV7()), note(20)
		},
		scribble: func(a *security.Plan) { a.Grades[0].Measures = "scribbled" },
		clone:    func(a *security.Plan) security.Plan { c := *a; c.Grades = slices.Clone(a.Grades); return c },
		id:       func(a *security.Plan) *uuid.UUID { return &a.ID },
		version:  func(a *security.Plan) *int64 { return &a.Version },
		stamp:    func(a *security.Plan) *time.Time { return &a.UpdatedAt },
		status:   func(a *security.Plan) string { return string(a.Status) },
		created:  security.EventPlanDrafted, updated: security.EventPlanUpdated,
		create: func(ctx context.Context, st security.Store, a *security.Plan, evs []security.Event) error {
			return st.CreatePlan(ctx, a, evs)
		},
		update: func(ctx context.Context, st security.Store, a *security.Plan, evs []security.Event) error {
			return st.UpdatePlans(ctx, []security.Plan{*a}, evs)
		},
		get: func(ctx context.Context, st security.Store, a *security.Plan) (*security.Plan, error) {
			return st.Plan(ctx, a.ID)
		},
	}
}

func drillAgg() agg[security.Drill] {
	return agg[security.Drill]{
		name:  "drill",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) security.Drill { return newDrill(tb, storetestkit.NewID(tb), i) },
		sparse: func(a *security.Drill) {
			a.Scenario, a.Participants, a.Findings, a.Actions, a.Note = "", nil, nil, nil, ""
		},
		change: func(a *security.Drill) {
			a.Plan, a.Date, a.Type, a.Scenario = uuid.Must(uuid.NewV7()), day(60), security.DrillJoint, "勒索病毒感染"
			a.Participants = []string{"市公安局"}
			a.Findings = []security.Observation{{Seq: 1, Asset: "OA", Kind: security.FindingUnpatched,
				Severity: security.SeverityCritical, Detail: note(21)}}
			a.Actions = []security.Action{{Seq: 1, Title: "打补丁", Owner: "陈工", Department: "lbq-gaj", Due: day(70),
				Status: security.ActionCancelled, DoneOn: day(65), Note: note(22)}}
			a.Note = note(23)
		},
		scribble: func(a *security.Drill) {
			a.Participants[0], a.Findings[0].Detail, a.Actions[0].Title = "scribbled", "scribbled", "scribbled"
		},
		clone: func(a *security.Drill) security.Drill {
			c := *a
			c.Participants, c.Findings, c.Actions = slices.Clone(a.Participants), slices.Clone(a.Findings), slices.Clone(a.Actions)
			return c
		},
		id:      func(a *security.Drill) *uuid.UUID { return &a.ID },
		version: func(a *security.Drill) *int64 { return &a.Version },
		stamp:   func(a *security.Drill) *time.Time { return &a.UpdatedAt },
		status:  func(*security.Drill) string { return "" },
		created: security.EventDrillRecorded, updated: security.EventDrillUpdated,
		create: func(ctx context.Context, st security.Store, a *security.Drill, evs []security.Event) error {
			return st.CreateDrill(ctx, a, evs)
		},
		update: func(ctx context.Context, st security.Store, a *security.Drill, evs []security.Event) error {
			return st.UpdateDrill(ctx, a, evs)
		},
		get: func(ctx context.Context, st security.Store, a *security.Drill) (*security.Drill, error) {
			return st.Drill(ctx, a.ID)
		},
	}
}

func inspectionAgg() agg[security.Inspection] {
	return agg[security.Inspection]{
		name:  "inspection",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) security.Inspection { return newInspection(tb, "lbq-scjg", i) },
		sparse: func(a *security.Inspection) {
			a.Department, a.Scope, a.Inspector, a.Items, a.Findings, a.Note = "", "", "", nil, nil, ""
		},
		change: func(a *security.Inspection) {
			a.Department, a.Date, a.Scope, a.Inspector = "lbq-gaj", day(90), "业务专网", "孙工"
			a.Items = []security.ItemResult{{Item: "ac-e", Control: "8.1.4.2 e)", Result: security.ResultPartial, Note: note(24)}}
			a.Findings = []security.Observation{{Seq: 1, Asset: "FW-01", Department: "lbq-gaj",
				Kind: security.FindingExposedService, Severity: security.SeverityMedium, Detail: note(25)}}
			a.Note = note(26)
		},
		scribble: func(a *security.Inspection) { a.Items[0].Note, a.Findings[0].Asset = "scribbled", "scribbled" },
		clone: func(a *security.Inspection) security.Inspection {
			c := *a
			c.Items, c.Findings = slices.Clone(a.Items), slices.Clone(a.Findings)
			return c
		},
		id:      func(a *security.Inspection) *uuid.UUID { return &a.ID },
		version: func(a *security.Inspection) *int64 { return &a.Version },
		stamp:   func(a *security.Inspection) *time.Time { return &a.UpdatedAt },
		status:  func(*security.Inspection) string { return "" },
		created: security.EventInspectionRecorded, updated: security.EventInspectionUpdated,
		create: func(ctx context.Context, st security.Store, a *security.Inspection, evs []security.Event) error {
			return st.CreateInspection(ctx, a, evs)
		},
		update: func(ctx context.Context, st security.Store, a *security.Inspection, evs []security.Event) error {
			return st.UpdateInspection(ctx, a, evs)
		},
		get: func(ctx context.Context, st security.Store, a *security.Inspection) (*security.Inspection, error) {
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
		name:     "checklist item",
		made:     new(atomic.Int64),
		fresh:    func(tb testing.TB, i int) security.ChecklistItem { return newItem(tb, fmt.Sprintf("x-%03d", i)) },
		sparse:   func(a *security.ChecklistItem) { a.Control, a.Category, a.Builtin = "", "", false },
		scribble: func(a *security.ChecklistItem) { a.Text = "scribbled" },
		clone:    func(a *security.ChecklistItem) security.ChecklistItem { return *a },
		change: func(a *security.ChecklistItem) {
			a.Control, a.Category, a.Text, a.Retired = "8.1.4.2 a)", "访问控制", "应对登录的用户分配账户和权限", true
		},
		id:      func(a *security.ChecklistItem) *uuid.UUID { return &a.ID },
		version: func(a *security.ChecklistItem) *int64 { return &a.Version },
		stamp:   func(a *security.ChecklistItem) *time.Time { return &a.UpdatedAt },
		status:  func(*security.ChecklistItem) string { return "" },
		created: security.EventChecklistAdded, updated: security.EventChecklistUpdated,
		create: func(ctx context.Context, st security.Store, a *security.ChecklistItem, evs []security.Event) error {
			return st.CreateChecklistItem(ctx, a, evs)
		},
		update: func(ctx context.Context, st security.Store, a *security.ChecklistItem, evs []security.Event) error {
			return st.UpdateChecklistItem(ctx, a, evs)
		},
		get: func(ctx context.Context, st security.Store, a *security.ChecklistItem) (*security.ChecklistItem, error) {
			return itemByID(ctx, st, a.ID)
		},
	}
}

func hardeningAgg() agg[security.Hardening] {
	return agg[security.Hardening]{
		name:  "hardening record",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) security.Hardening { return newHardening(tb, 1+i%5) },
		sparse: func(a *security.Hardening) {
			a.Department, a.Detail, a.Status, a.Retests = "", "", security.HardeningOpen, 0
			a.Source = security.Source{Kind: security.SourceOther}
			a.Remediation, a.RemediatedBy, a.RemediatedOn = "", "", time.Time{}
		},
		change: func(a *security.Hardening) {
			a.Department, a.Asset, a.Kind, a.Severity = "lbq-gaj", "OA-01", security.FindingDefaultCredential, security.SeverityCritical
			a.Detail, a.FoundOn, a.Status, a.Retests = note(27), day(11), security.HardeningVerified, 2
			a.Remediation, a.RemediatedBy, a.RemediatedOn = "已删除默认账户", "周工", day(13)
			a.VerifiedBy, a.VerifiedAt = "吴工", at(2000)
		},
		scribble: func(a *security.Hardening) { a.Source.Ref = "scribbled" },
		clone:    func(a *security.Hardening) security.Hardening { return *a },
		id:       func(a *security.Hardening) *uuid.UUID { return &a.ID },
		version:  func(a *security.Hardening) *int64 { return &a.Version },
		stamp:    func(a *security.Hardening) *time.Time { return &a.UpdatedAt },
		status:   func(a *security.Hardening) string { return string(a.Status) },
		created:  security.EventHardeningOpened, updated: security.EventHardeningUpdated,
		create: func(ctx context.Context, st security.Store, a *security.Hardening, evs []security.Event) error {
			return st.CreateHardenings(ctx, []security.Hardening{*a}, evs)
		},
		update: func(ctx context.Context, st security.Store, a *security.Hardening, evs []security.Event) error {
			return st.UpdateHardening(ctx, a, evs)
		},
		get: func(ctx context.Context, st security.Store, a *security.Hardening) (*security.Hardening, error) {
			return st.Hardening(ctx, a.ID)
		},
	}
}

func exerciseAgg() agg[security.Exercise] {
	return agg[security.Exercise]{
		name:  "exercise",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) security.Exercise { return newExercise(tb, i) },
		sparse: func(a *security.Exercise) {
			a.Organizer, a.Detected, a.Blocked, a.Early, a.Findings, a.Note = "", 0, 0, 0, nil, ""
		},
		change: func(a *security.Exercise) {
			a.Name, a.Organizer, a.Role = "护网 2024", "自治区网信办", security.RoleTarget
			a.Start, a.End = day(400).Add(9*time.Hour), day(410)
			a.Detected, a.Blocked, a.Early = 5, 4, 1
			a.Findings = []security.Observation{{Seq: 1, Asset: "VPN", Kind: security.FindingUnpatched,
				Severity: security.SeverityCritical, Detail: note(28)}}
			a.Note = note(29)
		},
		scribble: func(a *security.Exercise) { a.Findings[0].Severity = "scribbled" },
		clone:    func(a *security.Exercise) security.Exercise { c := *a; c.Findings = slices.Clone(a.Findings); return c },
		id:       func(a *security.Exercise) *uuid.UUID { return &a.ID },
		version:  func(a *security.Exercise) *int64 { return &a.Version },
		stamp:    func(a *security.Exercise) *time.Time { return &a.UpdatedAt },
		status:   func(*security.Exercise) string { return "" },
		created:  security.EventExerciseRecorded, updated: security.EventExerciseUpdated,
		create: func(ctx context.Context, st security.Store, a *security.Exercise, evs []security.Event) error {
			return st.CreateExercise(ctx, a, evs)
		},
		update: func(ctx context.Context, st security.Store, a *security.Exercise, evs []security.Event) error {
			return st.UpdateExercise(ctx, a, evs)
		},
		get: func(ctx context.Context, st security.Store, a *security.Exercise) (*security.Exercise, error) {
			return st.Exercise(ctx, a.ID)
		},
	}
}

func incidentAgg() agg[security.Incident] {
	return agg[security.Incident]{
		name:  "incident",
		made:  new(atomic.Int64),
		fresh: func(tb testing.TB, i int) security.Incident { return newIncident(tb, "lbq-scjg", i) },
		sparse: func(a *security.Incident) {
			a.Department, a.Colour, a.Status, a.Note = "", "", security.IncidentDetected, ""
			a.ReportedAt, a.ContainedAt, a.ResolvedAt = time.Time{}, time.Time{}, time.Time{}
		},
		change: func(a *security.Incident) {
			a.Department, a.Title, a.Type, a.Grade, a.Colour = "lbq-gaj", "数据泄露", security.IncidentInfoDamage,
				security.GradeII, security.ColourOrange
			a.Status, a.DetectedAt, a.ReportedAt = security.IncidentResolved, at(-30), at(-10)
			a.ContainedAt, a.ResolvedAt, a.Note = at(100), at(1000), note(30)
		},
		scribble: func(a *security.Incident) { a.Title = "scribbled" },
		clone:    func(a *security.Incident) security.Incident { return *a },
		id:       func(a *security.Incident) *uuid.UUID { return &a.ID },
		version:  func(a *security.Incident) *int64 { return &a.Version },
		stamp:    func(a *security.Incident) *time.Time { return &a.UpdatedAt },
		status:   func(a *security.Incident) string { return string(a.Status) },
		created:  security.EventIncidentReported, updated: security.EventIncidentMoved,
		create: func(ctx context.Context, st security.Store, a *security.Incident, evs []security.Event) error {
			return st.CreateIncident(ctx, a, evs)
		},
		update: func(ctx context.Context, st security.Store, a *security.Incident, evs []security.Event) error {
			return st.UpdateIncident(ctx, a, evs)
		},
		get: func(ctx context.Context, st security.Store, a *security.Incident) (*security.Incident, error) {
			return st.Incident(ctx, a.ID)
		},
	}
}
