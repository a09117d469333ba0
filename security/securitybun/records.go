package securitybun

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/security"
)

// CreatePlan implements security.Store.
func (s *Store) CreatePlan(ctx context.Context, p *security.Plan, events []security.Event) error {
	row := toPlanRow(p)
	row.Version = 1
	return s.plans.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("plan %s: its ID, its code %q and revision %d, or the ID of one of its events, is taken",
			p.ID, p.Code, p.Revision))
}

// UpdatePlans implements security.Store.
func (s *Store) UpdatePlans(ctx context.Context, ps []security.Plan, events []security.Event) error {
	rows := make([]planRow, len(ps))
	for i := range ps {
		rows[i] = toPlanRow(&ps[i])
	}
	return s.write(ctx, "update plans", events,
		bunstore.Conflict("plans: the code and revision of another plan, or the ID or Seq of one of their events, is taken"),
		func(ctx context.Context, tx bun.Tx) error {
			for i := range rows {
				if err := bunstore.UpdateIn(ctx, tx, &rows[i], rows[i].ID, rows[i].Version, "plan"); err != nil {
					return err
				}
			}
			return nil
		}, nil)
}

// Plan implements security.Store.
func (s *Store) Plan(ctx context.Context, id uuid.UUID) (*security.Plan, error) {
	return get(ctx, s, "plan", id, fromPlanRow)
}

// Plans implements security.Store.
func (s *Store) Plans(ctx context.Context, f security.PlanFilter, after uuid.UUID, limit int) ([]security.Plan, error) {
	var rows []planRow
	q := s.db.NewSelect().Model(&rows)
	if f.Code != "" {
		q.Where("code = ?", f.Code)
	}
	if f.Status != "" {
		q.Where("status = ?", string(f.Status))
	}
	if f.Year != 0 {
		q.Where("year = ?", f.Year)
	}
	return list(ctx, q, &rows, "plans", after, limit, fromPlanRow)
}

// CreateDrill implements security.Store.
func (s *Store) CreateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	row := toDrillRow(d)
	row.Version = 1
	return s.drills.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("drill %s: its ID, or the ID of one of its events, is taken", d.ID))
}

// UpdateDrill implements security.Store.
func (s *Store) UpdateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	row := toDrillRow(d)
	return s.drills.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no drill %s", d.ID), bunstore.Stale("drill %s changed meanwhile: reload it and retry", d.ID),
		bunstore.Conflict("drill %s: the ID or Seq of one of its events is taken", d.ID))
}

// Drill implements security.Store.
func (s *Store) Drill(ctx context.Context, id uuid.UUID) (*security.Drill, error) {
	return get(ctx, s, "drill", id, fromDrillRow)
}

// Drills implements security.Store.
func (s *Store) Drills(ctx context.Context, f security.DrillFilter, after uuid.UUID, limit int) ([]security.Drill, error) {
	var rows []drillRow
	q := s.db.NewSelect().Model(&rows)
	if f.Plan != uuid.Nil {
		q.Where("plan_id = ?", f.Plan.String())
	}
	return list(ctx, window(q, "held_on", f.From, f.To), &rows, "drills", after, limit, fromDrillRow)
}

// CreateInspection implements security.Store, counting the inspection in
// its month.
func (s *Store) CreateInspection(ctx context.Context, in *security.Inspection, events []security.Event) error {
	row := toInspectionRow(in)
	row.Version = 1
	return s.inspections.CreateWith(ctx, &row, toEventRows(events), s.steps(nil, func(ctx context.Context, tx bun.IDB) error {
		return inspectionCounts().Add(ctx, tx, bunstore.SummaryDelta{Key: []any{row.Month}, Counts: []int64{1}})
	}), bunstore.Conflict("inspection %s: its ID, or the ID of one of its events, is taken", in.ID))
}

// UpdateInspection implements security.Store. It reads the stored
// inspection first, locking it on PostgreSQL and MySQL, to move its count
// to its new month.
func (s *Store) UpdateInspection(ctx context.Context, in *security.Inspection, events []security.Event) error {
	row := toInspectionRow(in)
	var old inspectionRow
	return s.inspections.UpdateWith(ctx, &row, toEventRows(events), s.steps(
		func(ctx context.Context, tx bun.IDB) error { return readForUpdate(ctx, tx, &old, row.ID) },
		func(ctx context.Context, tx bun.IDB) error {
			return inspectionCounts().Add(ctx, tx, bunstore.SummaryDelta{Key: []any{old.Month}, Counts: []int64{-1}},
				bunstore.SummaryDelta{Key: []any{row.Month}, Counts: []int64{1}})
		},
	), bunstore.NotFound("no inspection %s", in.ID), bunstore.Stale("inspection %s changed meanwhile: reload it and retry", in.ID),
		bunstore.Conflict("inspection %s: the ID or Seq of one of its events is taken", in.ID))
}

// Inspection implements security.Store.
func (s *Store) Inspection(ctx context.Context, id uuid.UUID) (*security.Inspection, error) {
	return get(ctx, s, "inspection", id, fromInspectionRow)
}

// Inspections implements security.Store.
func (s *Store) Inspections(ctx context.Context, f security.InspectionFilter, after uuid.UUID, limit int) ([]security.Inspection, error) {
	var rows []inspectionRow
	q := inspectionsOf(s.db.NewSelect().Model(&rows), &f)
	return list(ctx, q, &rows, "inspections", after, limit, fromInspectionRow)
}

// inspectionsOf adds the conditions of f to q.
func inspectionsOf(q *bun.SelectQuery, f *security.InspectionFilter) *bun.SelectQuery {
	if f.Department != "" {
		q.Where("department = ?", f.Department)
	}
	return window(q, "inspected_on", f.From, f.To)
}

// CreateChecklistItem implements security.Store.
func (s *Store) CreateChecklistItem(ctx context.Context, c *security.ChecklistItem, events []security.Event) error {
	row := toItemRow(c)
	row.Version = 1
	return s.items.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("checklist item %s: its ID, its code %q, or the ID of one of its events, is taken", c.ID, c.Code))
}

// UpdateChecklistItem implements security.Store.
func (s *Store) UpdateChecklistItem(ctx context.Context, c *security.ChecklistItem, events []security.Event) error {
	row := toItemRow(c)
	return s.items.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no checklist item %s", c.ID), bunstore.Stale("checklist item %s changed meanwhile: reload it and retry", c.ID),
		bunstore.Conflict("checklist item %s: its code %q, or the ID or Seq of one of its events, is taken", c.ID, c.Code))
}

// ChecklistItems implements security.Store.
func (s *Store) ChecklistItems(ctx context.Context) ([]security.ChecklistItem, error) {
	var rows []itemRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("code ASC").Scan(ctx); err != nil {
		return nil, errs.Err("list checklist items", err)
	}
	return bunstore.FromRows(rows, fromItemRow)
}

// CreateHardenings implements security.Store.
func (s *Store) CreateHardenings(ctx context.Context, hs []security.Hardening, events []security.Event) error {
	rows := make([]hardeningRow, len(hs))
	for i := range hs {
		rows[i] = toHardeningRow(&hs[i])
		rows[i].Version = 1
	}
	taken := bunstore.Conflict("hardening records: an ID, a finding raised already, or the ID or Seq of one of their events, is taken")
	var d hardeningDeltas
	for i := range rows {
		d.add(&rows[i], 1)
	}
	if len(rows) == 1 {
		// One finding, as a record is raised by hand: the prepared
		// statements of a versioned create.
		return bunstore.Concurrent("create hardening record",
			s.hardenings.CreateWith(ctx, &rows[0], toEventRows(events), s.steps(nil, d.apply), taken))
	}
	return s.write(ctx, "create hardening records", events, taken,
		func(ctx context.Context, tx bun.Tx) error { return bunstore.InsertChunked(ctx, tx, rows) }, s.steps(nil, d.apply).After)
}

// UpdateHardening implements security.Store. It reads the stored record
// first, locking it on PostgreSQL and MySQL, to move its counts.
func (s *Store) UpdateHardening(ctx context.Context, h *security.Hardening, events []security.Event) error {
	row := toHardeningRow(h)
	var old hardeningRow
	return bunstore.Concurrent("update hardening record", s.hardenings.UpdateWith(ctx, &row, toEventRows(events), s.steps(
		func(ctx context.Context, tx bun.IDB) error { return readForUpdate(ctx, tx, &old, row.ID) },
		func(ctx context.Context, tx bun.IDB) error {
			var d hardeningDeltas
			d.add(&old, -1)
			d.add(&row, 1)
			return d.apply(ctx, tx)
		},
	), bunstore.NotFound("no hardening record %s", h.ID),
		bunstore.Stale("hardening record %s changed meanwhile: reload it and retry", h.ID),
		bunstore.Conflict("hardening record %s: its finding is another record's, or the ID or Seq of one of its events is taken", h.ID)))
}

// Hardening implements security.Store.
func (s *Store) Hardening(ctx context.Context, id uuid.UUID) (*security.Hardening, error) {
	return get(ctx, s, "hardening record", id, fromHardeningRow)
}

// Hardenings implements security.Store.
func (s *Store) Hardenings(ctx context.Context, f security.HardeningFilter, after uuid.UUID, limit int) ([]security.Hardening, error) {
	var rows []hardeningRow
	q := s.db.NewSelect().Model(&rows)
	for col, v := range map[string]string{"department": f.Department, "status": string(f.Status), "kind": string(f.Kind),
		"severity": string(f.Severity), "source_kind": string(f.SourceKind)} {
		if v != "" {
			q.Where("? = ?", bun.Ident(col), v)
		}
	}
	if f.SourceID != uuid.Nil {
		q.Where("source_id = ?", f.SourceID.String())
	}
	window(q, "found_on", f.FoundFrom, f.FoundBefore)
	window(q, "verified_at", f.VerifiedFrom, f.VerifiedBefore)
	return list(ctx, q, &rows, "hardening records", after, limit, fromHardeningRow)
}

// CreateExercise implements security.Store.
func (s *Store) CreateExercise(ctx context.Context, x *security.Exercise, events []security.Event) error {
	row := toExerciseRow(x)
	row.Version = 1
	return s.exercises.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("exercise %s: its ID, or the ID of one of its events, is taken", x.ID))
}

// UpdateExercise implements security.Store.
func (s *Store) UpdateExercise(ctx context.Context, x *security.Exercise, events []security.Event) error {
	row := toExerciseRow(x)
	return s.exercises.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no exercise %s", x.ID), bunstore.Stale("exercise %s changed meanwhile: reload it and retry", x.ID),
		bunstore.Conflict("exercise %s: the ID or Seq of one of its events is taken", x.ID))
}

// Exercise implements security.Store.
func (s *Store) Exercise(ctx context.Context, id uuid.UUID) (*security.Exercise, error) {
	return get(ctx, s, "exercise", id, fromExerciseRow)
}

// Exercises implements security.Store.
func (s *Store) Exercises(ctx context.Context, f security.ExerciseFilter, after uuid.UUID, limit int) ([]security.Exercise, error) {
	var rows []exerciseRow
	q := window(s.db.NewSelect().Model(&rows), "start_at", f.From, f.To)
	return list(ctx, q, &rows, "exercises", after, limit, fromExerciseRow)
}

// CreateIncident implements security.Store.
func (s *Store) CreateIncident(ctx context.Context, i *security.Incident, events []security.Event) error {
	row := toIncidentRow(i)
	row.Version = 1
	return s.incidents.Create(ctx, &row, toEventRows(events),
		bunstore.Conflict("incident %s: its ID, or the ID of one of its events, is taken", i.ID))
}

// UpdateIncident implements security.Store.
func (s *Store) UpdateIncident(ctx context.Context, i *security.Incident, events []security.Event) error {
	row := toIncidentRow(i)
	return s.incidents.Update(ctx, &row, toEventRows(events),
		bunstore.NotFound("no incident %s", i.ID), bunstore.Stale("incident %s changed meanwhile: reload it and retry", i.ID),
		bunstore.Conflict("incident %s: the ID or Seq of one of its events is taken", i.ID))
}

// Incident implements security.Store.
func (s *Store) Incident(ctx context.Context, id uuid.UUID) (*security.Incident, error) {
	return get(ctx, s, "incident", id, fromIncidentRow)
}

// Incidents implements security.Store.
func (s *Store) Incidents(ctx context.Context, f security.IncidentFilter, after uuid.UUID, limit int) ([]security.Incident, error) {
	var rows []incidentRow
	q := s.db.NewSelect().Model(&rows)
	for col, v := range map[string]string{"department": f.Department, "grade": string(f.Grade), "status": string(f.Status)} {
		if v != "" {
			q.Where("? = ?", bun.Ident(col), v)
		}
	}
	return list(ctx, window(q, "detected_at", f.From, f.To), &rows, "incidents", after, limit, fromIncidentRow)
}
