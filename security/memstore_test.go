package security_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/security"
)

// memStore is a minimal in-memory security.Store for the Service's
// tests: a lock, a map per record, and the events by subject.
type memStore struct {
	mu          sync.Mutex
	events      map[uuid.UUID][]security.Event
	eventIDs    map[uuid.UUID]bool
	plans       map[uuid.UUID]security.Plan
	drills      map[uuid.UUID]security.Drill
	inspections map[uuid.UUID]security.Inspection
	checklist   map[uuid.UUID]security.ChecklistItem
	hardenings  map[uuid.UUID]security.Hardening
	exercises   map[uuid.UUID]security.Exercise
	incidents   map[uuid.UUID]security.Incident
}

var _ security.Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{
		events: map[uuid.UUID][]security.Event{}, eventIDs: map[uuid.UUID]bool{},
		plans: map[uuid.UUID]security.Plan{}, drills: map[uuid.UUID]security.Drill{},
		inspections: map[uuid.UUID]security.Inspection{}, checklist: map[uuid.UUID]security.ChecklistItem{},
		hardenings: map[uuid.UUID]security.Hardening{}, exercises: map[uuid.UUID]security.Exercise{},
		incidents: map[uuid.UUID]security.Incident{},
	}
}

func conflict(what string) error { return govops.Errorf(govops.ECONFLICT, "%s", what) }
func notFound(what string) error { return govops.Errorf(govops.ENOTFOUND, "no %s", what) }

// addEvents checks and appends evs; the caller holds the lock.
func (m *memStore) checkEvents(evs []security.Event) error {
	for _, e := range evs {
		if m.eventIDs[e.ID] {
			return conflict("event id taken")
		}
		for _, x := range m.events[e.Subject] {
			if x.Seq == e.Seq {
				return conflict("event seq taken")
			}
		}
	}
	return nil
}

func (m *memStore) addEvents(evs []security.Event) {
	for _, e := range evs {
		m.eventIDs[e.ID] = true
		e.Attachments = slices.Clone(e.Attachments)
		m.events[e.Subject] = append(m.events[e.Subject], e)
	}
}

func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return govops.Errorf(govops.EINTERNAL, "%v", err)
	}
	return nil
}

// list returns the values of m matching keep, by ID, after after, at
// most limit.
func list[T any](m map[uuid.UUID]T, id func(T) uuid.UUID, keep func(T) bool, after uuid.UUID, limit int, clone func(T) T) []T {
	var out []T
	for _, v := range m {
		if i := id(v); keep(v) && (after == uuid.Nil || bytes.Compare(i[:], after[:]) > 0) {
			out = append(out, clone(v))
		}
	}
	slices.SortFunc(out, func(a, b T) int { x, y := id(a), id(b); return bytes.Compare(x[:], y[:]) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func inSpan(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

func clonePlan(p security.Plan) security.Plan { p.Grades = slices.Clone(p.Grades); return p }
func cloneDrill(d security.Drill) security.Drill {
	d.Participants, d.Findings, d.Actions = slices.Clone(d.Participants), slices.Clone(d.Findings), slices.Clone(d.Actions)
	return d
}
func cloneInspection(x security.Inspection) security.Inspection {
	x.Items, x.Findings = slices.Clone(x.Items), slices.Clone(x.Findings)
	return x
}
func cloneExercise(x security.Exercise) security.Exercise {
	x.Findings = slices.Clone(x.Findings)
	return x
}
func same[T any](v T) T { return v }

// update replaces the record of id in m at version v.Version-1.
func update[T any](m map[uuid.UUID]T, id uuid.UUID, version int64, ver func(T) int64) error {
	cur, ok := m[id]
	if !ok {
		return notFound(id.String())
	}
	if ver(cur) != version-1 {
		return conflict("stale version")
	}
	return nil
}

func (m *memStore) Events(ctx context.Context, subject uuid.UUID) ([]security.Event, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.events[subject])
	slices.SortFunc(out, func(a, b security.Event) int { return int(a.Seq - b.Seq) })
	return out, nil
}

func (m *memStore) CreatePlan(ctx context.Context, p *security.Plan, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.plans[p.ID]; ok {
		return conflict("plan id taken")
	}
	for _, x := range m.plans {
		if x.Code == p.Code && x.Revision == p.Revision {
			return conflict("plan revision taken")
		}
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.plans[p.ID] = clonePlan(*p)
	m.addEvents(events)
	return nil
}

func (m *memStore) UpdatePlans(ctx context.Context, ps []security.Plan, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range ps {
		if err := update(m.plans, p.ID, p.Version, func(x security.Plan) int64 { return x.Version }); err != nil {
			return err
		}
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	for _, p := range ps {
		m.plans[p.ID] = clonePlan(p)
	}
	m.addEvents(events)
	return nil
}

func (m *memStore) Plan(ctx context.Context, id uuid.UUID) (*security.Plan, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.plans[id]
	if !ok {
		return nil, notFound("plan")
	}
	p = clonePlan(p)
	return &p, nil
}

func (m *memStore) Plans(ctx context.Context, f security.PlanFilter, after uuid.UUID, limit int) ([]security.Plan, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return list(m.plans, func(p security.Plan) uuid.UUID { return p.ID }, func(p security.Plan) bool {
		return (f.Code == "" || p.Code == f.Code) && (f.Status == "" || p.Status == f.Status) && (f.Year == 0 || p.Year == f.Year)
	}, after, limit, clonePlan), nil
}

func (m *memStore) CreateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.drills[d.ID]; ok {
		return conflict("drill id taken")
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.drills[d.ID] = cloneDrill(*d)
	m.addEvents(events)
	return nil
}

func (m *memStore) UpdateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := update(m.drills, d.ID, d.Version, func(x security.Drill) int64 { return x.Version }); err != nil {
		return err
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.drills[d.ID] = cloneDrill(*d)
	m.addEvents(events)
	return nil
}

func (m *memStore) Drill(ctx context.Context, id uuid.UUID) (*security.Drill, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.drills[id]
	if !ok {
		return nil, notFound("drill")
	}
	d = cloneDrill(d)
	return &d, nil
}

func (m *memStore) Drills(ctx context.Context, f security.DrillFilter, after uuid.UUID, limit int) ([]security.Drill, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return list(m.drills, func(d security.Drill) uuid.UUID { return d.ID }, func(d security.Drill) bool {
		return (f.Plan == uuid.Nil || d.Plan == f.Plan) && inSpan(d.Date, f.From, f.To)
	}, after, limit, cloneDrill), nil
}

func (m *memStore) CreateInspection(ctx context.Context, x *security.Inspection, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.inspections[x.ID]; ok {
		return conflict("inspection id taken")
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.inspections[x.ID] = cloneInspection(*x)
	m.addEvents(events)
	return nil
}

func (m *memStore) UpdateInspection(ctx context.Context, x *security.Inspection, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := update(m.inspections, x.ID, x.Version, func(x security.Inspection) int64 { return x.Version }); err != nil {
		return err
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.inspections[x.ID] = cloneInspection(*x)
	m.addEvents(events)
	return nil
}

func (m *memStore) Inspection(ctx context.Context, id uuid.UUID) (*security.Inspection, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	x, ok := m.inspections[id]
	if !ok {
		return nil, notFound("inspection")
	}
	x = cloneInspection(x)
	return &x, nil
}

func (m *memStore) Inspections(ctx context.Context, f security.InspectionFilter, after uuid.UUID, limit int) ([]security.Inspection, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return list(m.inspections, func(x security.Inspection) uuid.UUID { return x.ID }, func(x security.Inspection) bool {
		return (f.Department == "" || x.Department == f.Department) && inSpan(x.Date, f.From, f.To)
	}, after, limit, cloneInspection), nil
}

func (m *memStore) CreateChecklistItem(ctx context.Context, c *security.ChecklistItem, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.checklist {
		if x.ID == c.ID || x.Code == c.Code {
			return conflict("checklist item taken")
		}
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.checklist[c.ID] = *c
	m.addEvents(events)
	return nil
}

func (m *memStore) UpdateChecklistItem(ctx context.Context, c *security.ChecklistItem, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := update(m.checklist, c.ID, c.Version, func(x security.ChecklistItem) int64 { return x.Version }); err != nil {
		return err
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.checklist[c.ID] = *c
	m.addEvents(events)
	return nil
}

func (m *memStore) ChecklistItems(ctx context.Context) ([]security.ChecklistItem, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := list(m.checklist, func(c security.ChecklistItem) uuid.UUID { return c.ID }, func(security.ChecklistItem) bool { return true }, uuid.Nil, 0, same)
	slices.SortFunc(out, func(a, b security.ChecklistItem) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

func (m *memStore) CreateHardenings(ctx context.Context, hs []security.Hardening, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := map[security.Source]bool{}
	for _, x := range m.hardenings {
		if x.Source.ID != uuid.Nil {
			seen[security.Source{Kind: x.Source.Kind, ID: x.Source.ID, Seq: x.Source.Seq}] = true
		}
	}
	for _, h := range hs {
		if _, ok := m.hardenings[h.ID]; ok {
			return conflict("hardening id taken")
		}
		if h.Source.ID != uuid.Nil {
			k := security.Source{Kind: h.Source.Kind, ID: h.Source.ID, Seq: h.Source.Seq}
			if seen[k] {
				return conflict("finding raised already")
			}
			seen[k] = true
		}
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	for _, h := range hs {
		m.hardenings[h.ID] = h
	}
	m.addEvents(events)
	return nil
}

func (m *memStore) UpdateHardening(ctx context.Context, h *security.Hardening, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := update(m.hardenings, h.ID, h.Version, func(x security.Hardening) int64 { return x.Version }); err != nil {
		return err
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.hardenings[h.ID] = *h
	m.addEvents(events)
	return nil
}

func (m *memStore) Hardening(ctx context.Context, id uuid.UUID) (*security.Hardening, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.hardenings[id]
	if !ok {
		return nil, notFound("hardening record")
	}
	return &h, nil
}

func (m *memStore) Hardenings(ctx context.Context, f security.HardeningFilter, after uuid.UUID, limit int) ([]security.Hardening, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return list(m.hardenings, func(h security.Hardening) uuid.UUID { return h.ID }, func(h security.Hardening) bool {
		return (f.Department == "" || h.Department == f.Department) && (f.Status == "" || h.Status == f.Status) &&
			(f.Kind == "" || h.Kind == f.Kind) && (f.Severity == "" || h.Severity == f.Severity) &&
			(f.SourceKind == "" || h.Source.Kind == f.SourceKind) && (f.SourceID == uuid.Nil || h.Source.ID == f.SourceID) &&
			(f.FoundBefore.IsZero() || h.FoundOn.Before(f.FoundBefore))
	}, after, limit, same), nil
}

func (m *memStore) CreateExercise(ctx context.Context, x *security.Exercise, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.exercises[x.ID]; ok {
		return conflict("exercise id taken")
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.exercises[x.ID] = cloneExercise(*x)
	m.addEvents(events)
	return nil
}

func (m *memStore) UpdateExercise(ctx context.Context, x *security.Exercise, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := update(m.exercises, x.ID, x.Version, func(x security.Exercise) int64 { return x.Version }); err != nil {
		return err
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.exercises[x.ID] = cloneExercise(*x)
	m.addEvents(events)
	return nil
}

func (m *memStore) Exercise(ctx context.Context, id uuid.UUID) (*security.Exercise, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	x, ok := m.exercises[id]
	if !ok {
		return nil, notFound("exercise")
	}
	x = cloneExercise(x)
	return &x, nil
}

func (m *memStore) Exercises(ctx context.Context, f security.ExerciseFilter, after uuid.UUID, limit int) ([]security.Exercise, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return list(m.exercises, func(x security.Exercise) uuid.UUID { return x.ID }, func(x security.Exercise) bool {
		return inSpan(x.Start, f.From, f.To)
	}, after, limit, cloneExercise), nil
}

func (m *memStore) CreateIncident(ctx context.Context, i *security.Incident, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.incidents[i.ID]; ok {
		return conflict("incident id taken")
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.incidents[i.ID] = *i
	m.addEvents(events)
	return nil
}

func (m *memStore) UpdateIncident(ctx context.Context, i *security.Incident, events []security.Event) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := update(m.incidents, i.ID, i.Version, func(x security.Incident) int64 { return x.Version }); err != nil {
		return err
	}
	if err := m.checkEvents(events); err != nil {
		return err
	}
	m.incidents[i.ID] = *i
	m.addEvents(events)
	return nil
}

func (m *memStore) Incident(ctx context.Context, id uuid.UUID) (*security.Incident, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	i, ok := m.incidents[id]
	if !ok {
		return nil, notFound("incident")
	}
	return &i, nil
}

func (m *memStore) Incidents(ctx context.Context, f security.IncidentFilter, after uuid.UUID, limit int) ([]security.Incident, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return list(m.incidents, func(i security.Incident) uuid.UUID { return i.ID }, func(i security.Incident) bool {
		return (f.Department == "" || i.Department == f.Department) && (f.Grade == "" || i.Grade == f.Grade) &&
			(f.Status == "" || i.Status == f.Status) && inSpan(i.DetectedAt, f.From, f.To)
	}, after, limit, same), nil
}
