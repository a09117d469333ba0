package securitymem

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/memstore"
	"github.com/govops-kit/govops/security"
)

// CreatePlan implements security.Store.
func (s *Store) CreatePlan(ctx context.Context, p *security.Plan, events []security.Event) error {
	k := planKey{p.Code, p.Revision}
	return s.Write(ctx, events, func() error {
		if err := s.plans.Free(p); err != nil {
			return err
		}
		if _, ok := s.planKeys[k]; ok {
			return govops.Errorf(govops.ECONFLICT, "plan %s revision %d is stored already", p.Code, p.Revision)
		}
		return nil
	}, func() {
		s.plans.Put(p).Version = 1
		s.planKeys[k] = p.ID
	})
}

// UpdatePlans implements security.Store.
func (s *Store) UpdatePlans(ctx context.Context, ps []security.Plan, events []security.Event) error {
	return s.Write(ctx, events, func() error {
		seen := map[uuid.UUID]bool{}
		keys := map[planKey]uuid.UUID{}
		for i := range ps {
			p := &ps[i]
			if seen[p.ID] {
				return govops.Errorf(govops.ECONFLICT, "plan %s is given twice", p.ID)
			}
			seen[p.ID] = true
			if _, err := s.plans.Replaceable(p); err != nil {
				return err
			}
			keys[planKey{p.Code, p.Revision}] = p.ID
		}
		for k, id := range keys {
			if other, ok := s.planKeys[k]; ok && other != id && !seen[other] {
				return govops.Errorf(govops.ECONFLICT, "plan %s revision %d is another plan's", k.code, k.revision)
			}
		}
		return nil
	}, func() {
		for i := range ps {
			old := s.plans.Stored(ps[i].ID)
			delete(s.planKeys, planKey{old.Code, old.Revision})
		}
		for i := range ps {
			s.plans.Put(&ps[i])
			s.planKeys[planKey{ps[i].Code, ps[i].Revision}] = ps[i].ID
		}
	})
}

// Plan implements security.Store.
func (s *Store) Plan(ctx context.Context, id uuid.UUID) (*security.Plan, error) {
	return memstore.Read(ctx, s.Base, func() (*security.Plan, error) { return s.plans.Get(id) })
}

// Plans implements security.Store.
func (s *Store) Plans(ctx context.Context, f security.PlanFilter, after uuid.UUID, limit int) ([]security.Plan, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.Plan, error) {
		return s.plans.List(func(p *security.Plan) bool {
			return (f.Code == "" || p.Code == f.Code) && (f.Status == "" || p.Status == f.Status) &&
				(f.Year == 0 || p.Year == f.Year)
		}, after, limit), nil
	})
}

// CreateDrill implements security.Store.
func (s *Store) CreateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	return s.Write(ctx, events, func() error { return s.drills.Free(d) }, func() { s.drills.Put(d).Version = 1 })
}

// UpdateDrill implements security.Store.
func (s *Store) UpdateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	return s.Write(ctx, events, func() error { _, err := s.drills.Replaceable(d); return err }, func() { s.drills.Put(d) })
}

// Drill implements security.Store.
func (s *Store) Drill(ctx context.Context, id uuid.UUID) (*security.Drill, error) {
	return memstore.Read(ctx, s.Base, func() (*security.Drill, error) { return s.drills.Get(id) })
}

// Drills implements security.Store.
func (s *Store) Drills(ctx context.Context, f security.DrillFilter, after uuid.UUID, limit int) ([]security.Drill, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.Drill, error) {
		return s.drills.List(func(d *security.Drill) bool {
			return (f.Plan == uuid.Nil || d.Plan == f.Plan) && (f.From.IsZero() || !d.Date.Before(f.From)) &&
				(f.To.IsZero() || d.Date.Before(f.To))
		}, after, limit), nil
	})
}

// CreateInspection implements security.Store.
func (s *Store) CreateInspection(ctx context.Context, in *security.Inspection, events []security.Event) error {
	return s.Write(ctx, events, func() error { return s.inspections.Free(in) }, func() {
		n := s.inspections.Put(in)
		n.Version = 1
		s.sums.addInspection(n, 1)
	})
}

// UpdateInspection implements security.Store.
func (s *Store) UpdateInspection(ctx context.Context, in *security.Inspection, events []security.Event) error {
	return s.Write(ctx, events, func() error { _, err := s.inspections.Replaceable(in); return err },
		func() {
			s.sums.addInspection(s.inspections.Stored(in.ID), -1)
			s.sums.addInspection(s.inspections.Put(in), 1)
		})
}

// Inspection implements security.Store.
func (s *Store) Inspection(ctx context.Context, id uuid.UUID) (*security.Inspection, error) {
	return memstore.Read(ctx, s.Base, func() (*security.Inspection, error) { return s.inspections.Get(id) })
}

// Inspections implements security.Store.
func (s *Store) Inspections(ctx context.Context, f security.InspectionFilter, after uuid.UUID, limit int) ([]security.Inspection, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.Inspection, error) {
		return s.inspections.List(func(in *security.Inspection) bool { return inspectionMatches(in, &f) }, after, limit), nil
	})
}

// inspectionMatches reports whether f selects in.
func inspectionMatches(in *security.Inspection, f *security.InspectionFilter) bool {
	return (f.Department == "" || in.Department == f.Department) &&
		(f.From.IsZero() || !in.Date.Before(f.From)) && (f.To.IsZero() || in.Date.Before(f.To))
}

// CreateChecklistItem implements security.Store.
func (s *Store) CreateChecklistItem(ctx context.Context, c *security.ChecklistItem, events []security.Event) error {
	return s.Write(ctx, events, func() error {
		if err := s.items.Free(c); err != nil {
			return err
		}
		if _, ok := s.itemCodes[c.Code]; ok {
			return govops.Errorf(govops.ECONFLICT, "checklist item %q is stored already", c.Code)
		}
		return nil
	}, func() {
		s.items.Put(c).Version = 1
		s.itemCodes[c.Code] = c.ID
	})
}

// UpdateChecklistItem implements security.Store.
func (s *Store) UpdateChecklistItem(ctx context.Context, c *security.ChecklistItem, events []security.Event) error {
	return s.Write(ctx, events, func() error {
		if _, err := s.items.Replaceable(c); err != nil {
			return err
		}
		if other, ok := s.itemCodes[c.Code]; ok && other != c.ID {
			return govops.Errorf(govops.ECONFLICT, "checklist item %q is another item's code", c.Code)
		}
		return nil
	}, func() {
		delete(s.itemCodes, s.items.Stored(c.ID).Code)
		s.items.Put(c)
		s.itemCodes[c.Code] = c.ID
	})
}

// ChecklistItems implements security.Store.
func (s *Store) ChecklistItems(ctx context.Context) ([]security.ChecklistItem, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.ChecklistItem, error) {
		out := s.items.List(func(*security.ChecklistItem) bool { return true }, uuid.Nil, 0)
		slices.SortFunc(out, func(a, b security.ChecklistItem) int { return strings.Compare(a.Code, b.Code) })
		return out, nil
	})
}

// source returns the unique key of h's source, and whether it has one.
func source(h *security.Hardening) (sourceKey, bool) {
	return sourceKey{h.Source.Kind, h.Source.ID, h.Source.Seq}, h.Source.ID != uuid.Nil
}

// CreateHardenings implements security.Store.
func (s *Store) CreateHardenings(ctx context.Context, hs []security.Hardening, events []security.Event) error {
	return s.Write(ctx, events, func() error {
		ids, keys := map[uuid.UUID]bool{}, map[sourceKey]bool{}
		for i := range hs {
			h := &hs[i]
			if err := s.hardenings.Free(h); err != nil {
				return err
			}
			if ids[h.ID] {
				return govops.Errorf(govops.ECONFLICT, "hardening record %s is given twice", h.ID)
			}
			ids[h.ID] = true
			k, ok := source(h)
			if !ok {
				continue
			}
			if _, taken := s.sources[k]; taken || keys[k] {
				return govops.Errorf(govops.ECONFLICT, "finding %d of %s %s is raised already", k.seq, k.kind, k.id)
			}
			keys[k] = true
		}
		return nil
	}, func() {
		for i := range hs {
			h := s.hardenings.Put(&hs[i])
			h.Version = 1
			s.sums.addHardening(h, 1)
			if k, ok := source(&hs[i]); ok {
				s.sources[k] = hs[i].ID
			}
		}
	})
}

// UpdateHardening implements security.Store.
func (s *Store) UpdateHardening(ctx context.Context, h *security.Hardening, events []security.Event) error {
	return s.Write(ctx, events, func() error {
		if _, err := s.hardenings.Replaceable(h); err != nil {
			return err
		}
		if k, ok := source(h); ok {
			if other, taken := s.sources[k]; taken && other != h.ID {
				return govops.Errorf(govops.ECONFLICT, "finding %d of %s %s is another record's", k.seq, k.kind, k.id)
			}
		}
		return nil
	}, func() {
		old := s.hardenings.Stored(h.ID)
		if k, ok := source(old); ok {
			delete(s.sources, k)
		}
		s.sums.addHardening(old, -1)
		s.sums.addHardening(s.hardenings.Put(h), 1)
		if k, ok := source(h); ok {
			s.sources[k] = h.ID
		}
	})
}

// Hardening implements security.Store.
func (s *Store) Hardening(ctx context.Context, id uuid.UUID) (*security.Hardening, error) {
	return memstore.Read(ctx, s.Base, func() (*security.Hardening, error) { return s.hardenings.Get(id) })
}

// Hardenings implements security.Store.
func (s *Store) Hardenings(ctx context.Context, f security.HardeningFilter, after uuid.UUID, limit int) ([]security.Hardening, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.Hardening, error) {
		return s.hardenings.List(func(h *security.Hardening) bool {
			return (f.Department == "" || h.Department == f.Department) && (f.Status == "" || h.Status == f.Status) &&
				(f.Kind == "" || h.Kind == f.Kind) && (f.Severity == "" || h.Severity == f.Severity) &&
				(f.SourceKind == "" || h.Source.Kind == f.SourceKind) &&
				(f.SourceID == uuid.Nil || h.Source.ID == f.SourceID) &&
				(f.FoundFrom.IsZero() || !h.FoundOn.Before(f.FoundFrom)) &&
				(f.FoundBefore.IsZero() || h.FoundOn.Before(f.FoundBefore)) &&
				(f.VerifiedFrom.IsZero() || !h.VerifiedAt.Before(f.VerifiedFrom)) &&
				(f.VerifiedBefore.IsZero() || h.VerifiedAt.Before(f.VerifiedBefore))
		}, after, limit), nil
	})
}

// CreateExercise implements security.Store.
func (s *Store) CreateExercise(ctx context.Context, x *security.Exercise, events []security.Event) error {
	return s.Write(ctx, events, func() error { return s.exercises.Free(x) }, func() { s.exercises.Put(x).Version = 1 })
}

// UpdateExercise implements security.Store.
func (s *Store) UpdateExercise(ctx context.Context, x *security.Exercise, events []security.Event) error {
	return s.Write(ctx, events, func() error { _, err := s.exercises.Replaceable(x); return err },
		func() { s.exercises.Put(x) })
}

// Exercise implements security.Store.
func (s *Store) Exercise(ctx context.Context, id uuid.UUID) (*security.Exercise, error) {
	return memstore.Read(ctx, s.Base, func() (*security.Exercise, error) { return s.exercises.Get(id) })
}

// Exercises implements security.Store.
func (s *Store) Exercises(ctx context.Context, f security.ExerciseFilter, after uuid.UUID, limit int) ([]security.Exercise, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.Exercise, error) {
		return s.exercises.List(func(x *security.Exercise) bool {
			return (f.From.IsZero() || !x.Start.Before(f.From)) && (f.To.IsZero() || x.Start.Before(f.To))
		}, after, limit), nil
	})
}

// CreateIncident implements security.Store.
func (s *Store) CreateIncident(ctx context.Context, i *security.Incident, events []security.Event) error {
	return s.Write(ctx, events, func() error { return s.incidents.Free(i) }, func() { s.incidents.Put(i).Version = 1 })
}

// UpdateIncident implements security.Store.
func (s *Store) UpdateIncident(ctx context.Context, i *security.Incident, events []security.Event) error {
	return s.Write(ctx, events, func() error { _, err := s.incidents.Replaceable(i); return err },
		func() { s.incidents.Put(i) })
}

// Incident implements security.Store.
func (s *Store) Incident(ctx context.Context, id uuid.UUID) (*security.Incident, error) {
	return memstore.Read(ctx, s.Base, func() (*security.Incident, error) { return s.incidents.Get(id) })
}

// Incidents implements security.Store.
func (s *Store) Incidents(ctx context.Context, f security.IncidentFilter, after uuid.UUID, limit int) ([]security.Incident, error) {
	return memstore.Read(ctx, s.Base, func() ([]security.Incident, error) {
		return s.incidents.List(func(i *security.Incident) bool {
			return (f.Department == "" || i.Department == f.Department) && (f.Grade == "" || i.Grade == f.Grade) &&
				(f.Status == "" || i.Status == f.Status) &&
				(f.From.IsZero() || !i.DetectedAt.Before(f.From)) && (f.To.IsZero() || i.DetectedAt.Before(f.To))
		}, after, limit), nil
	})
}
