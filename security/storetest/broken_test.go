package storetest_test

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
	"github.com/govops-kit/govops/security/storetest"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of security.Store, as a store written from the contract by hand
// might, and requires that the suite fails in the case written for that
// rule, and in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	storetestkit.RequireCaught(t, storetest.RunConformanceTests, []storetestkit.Broken[security.Store]{
		{Name: "IgnoresVersion", CaughtBy: "Versions", Make: func() security.Store { return ignoresVersion{securitymem.New()} }},
		{Name: "EventsApart", CaughtBy: "Trail", Make: func() security.Store {
			return &eventsApart{Store: securitymem.New(), two: &storetestkit.TwoStepEvents[security.Event]{
				EventID: func(e *security.Event) *uuid.UUID { return &e.ID }}}
		}},
		{Name: "PlansOneByOne", CaughtBy: "UpdatePlans", Make: func() security.Store { return plansOneByOne{securitymem.New()} }},
		{Name: "NilSourcesCollide", CaughtBy: "UniqueKeys", Make: func() security.Store { return nilSourcesCollide{securitymem.New()} }},
		{Name: "HardeningsAfterIncluded", CaughtBy: "HardeningListing", Make: func() security.Store {
			return hardeningsAfterIncluded{securitymem.New()}
		}},
		{Name: "IncidentsToInclusive", CaughtBy: "IncidentListing", Make: func() security.Store {
			return incidentsToInclusive{securitymem.New()}
		}},
		{Name: "ChecklistByID", CaughtBy: "ChecklistItems", Make: func() security.Store { return checklistByID{securitymem.New()} }},
		{Name: "KeepsDrillLists", CaughtBy: "RoundTrip", Make: func() security.Store {
			return &keepsDrillLists{Store: securitymem.New(), kept: map[uuid.UUID]security.Drill{}}
		}},
		{Name: "UpdateDrillIgnoresCancellation", CaughtBy: "Cancellation", Make: func() security.Store {
			return updateDrillIgnoresCancellation{securitymem.New()}
		}},
		{Name: "CountsNotMoved", CaughtBy: "Counts", Make: func() security.Store {
			return &countsNotMoved{Store: securitymem.New(), counts: map[countsNotMovedKey]int64{}}
		}},
	})
}

// countsNotMoved counts the hardening records as they were created and
// never moves them when a record changes, as a store does whose update
// forgets the summary rows.
type countsNotMoved struct {
	*securitymem.Store
	mu     sync.Mutex
	counts map[countsNotMovedKey]int64
}

type countsNotMovedKey struct {
	dept     string
	kind     security.FindingKind
	severity security.Severity
	fy, vy   int
}

func (s *countsNotMoved) CreateHardenings(ctx context.Context, hs []security.Hardening, events []security.Event) error {
	if err := s.Store.CreateHardenings(ctx, hs, events); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range hs {
		s.counts[countsNotMovedKey{h.Department, h.Kind, h.Severity, h.FoundYear(), h.VerifiedYear()}]++
	}
	return nil
}

func (s *countsNotMoved) HardeningCounts(ctx context.Context, dept string) ([]security.HardeningCount, error) {
	if err := ctx.Err(); err != nil {
		return nil, govops.Errorf(govops.EINTERNAL, "countsNotMoved: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	by := map[countsNotMovedKey]int64{}
	for k, n := range s.counts {
		if dept == "" || k.dept == dept {
			k.dept = ""
			by[k] += n
		}
	}
	var out []security.HardeningCount
	for k, n := range by {
		out = append(out, security.HardeningCount{Kind: k.kind, Severity: k.severity, FoundYear: k.fy, VerifiedYear: k.vy, Count: n})
	}
	return out, nil
}

// ignoresVersion writes an incident over whatever version is stored: last
// writer wins, as an UPDATE without "AND version = ?" does.
type ignoresVersion struct{ *securitymem.Store }

func (s ignoresVersion) UpdateIncident(ctx context.Context, i *security.Incident, events []security.Event) error {
	if cur, err := s.Store.Incident(ctx, i.ID); err == nil {
		next := *i
		next.Version = cur.Version + 1
		i = &next
	}
	return s.Store.UpdateIncident(ctx, i, events)
}

// eventsApart appends the events of a hardening record's update one round
// trip after the record, as a store does that writes them outside its
// transaction.
type eventsApart struct {
	*securitymem.Store
	two *storetestkit.TwoStepEvents[security.Event]
}

func (s *eventsApart) UpdateHardening(ctx context.Context, h *security.Hardening, events []security.Event) error {
	return s.two.Write(events, func() error { return s.Store.UpdateHardening(ctx, h, events) })
}

func (s *eventsApart) Events(ctx context.Context, subject uuid.UUID) ([]security.Event, error) {
	return s.two.Visible(s.Store.Events(ctx, subject))
}

// plansOneByOne writes the plans of UpdatePlans one at a time, each with
// its own events, so that a stale second plan leaves the first written.
type plansOneByOne struct{ *securitymem.Store }

func (s plansOneByOne) UpdatePlans(ctx context.Context, ps []security.Plan, events []security.Event) error {
	for _, p := range ps {
		var mine []security.Event
		for _, e := range events {
			if e.Subject == p.ID {
				mine = append(mine, e)
			}
		}
		if err := s.Store.UpdatePlans(ctx, []security.Plan{p}, mine); err != nil {
			return err
		}
	}
	return nil
}

// nilSourcesCollide holds the Source of records without a source record
// (ID uuid.Nil) unique too, as a unique index does over a source_id
// column that stores uuid.Nil as its text rather than NULL.
type nilSourcesCollide struct{ *securitymem.Store }

func (s nilSourcesCollide) CreateHardenings(ctx context.Context, hs []security.Hardening, events []security.Event) error {
	stored, err := s.Store.Hardenings(ctx, security.HardeningFilter{}, uuid.Nil, 0)
	if err != nil {
		return err
	}
	type key struct {
		kind security.SourceKind
		seq  int
	}
	taken := map[key]bool{}
	for _, h := range stored {
		if h.Source.ID == uuid.Nil {
			taken[key{h.Source.Kind, h.Source.Seq}] = true
		}
	}
	for _, h := range hs {
		if h.Source.ID != uuid.Nil {
			continue
		}
		k := key{h.Source.Kind, h.Source.Seq}
		if taken[k] {
			return govops.Errorf(govops.ECONFLICT, "finding %d of %s is raised already", k.seq, k.kind)
		}
		taken[k] = true
	}
	return s.Store.CreateHardenings(ctx, hs, events)
}

// hardeningsAfterIncluded lists the record whose ID is after too, as a
// store does that writes id >= after.
type hardeningsAfterIncluded struct{ *securitymem.Store }

func (s hardeningsAfterIncluded) Hardenings(ctx context.Context, f security.HardeningFilter, after uuid.UUID, limit int) ([]security.Hardening, error) {
	all, err := s.Store.Hardenings(ctx, f, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(h security.Hardening) bool { return after != uuid.Nil && bytes.Compare(h.ID[:], after[:]) < 0 })
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// incidentsToInclusive lists the incidents detected at To too, as a store
// does that writes detected_at <= to.
type incidentsToInclusive struct{ *securitymem.Store }

func (s incidentsToInclusive) Incidents(ctx context.Context, f security.IncidentFilter, after uuid.UUID, limit int) ([]security.Incident, error) {
	if !f.To.IsZero() {
		f.To = f.To.Add(1)
	}
	return s.Store.Incidents(ctx, f, after, limit)
}

// checklistByID lists the checklist in the order of the items' IDs, as a
// store does that forgets the ORDER BY code.
type checklistByID struct{ *securitymem.Store }

func (s checklistByID) ChecklistItems(ctx context.Context) ([]security.ChecklistItem, error) {
	items, err := s.Store.ChecklistItems(ctx)
	slices.SortFunc(items, func(a, b security.ChecklistItem) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	return items, err
}

// keepsDrillLists keeps the lists of the drill it was given, rather than
// copies, and hands them out again.
type keepsDrillLists struct {
	*securitymem.Store
	mu   sync.Mutex
	kept map[uuid.UUID]security.Drill
}

func (s *keepsDrillLists) keep(d *security.Drill, err error) error {
	if err == nil {
		s.mu.Lock()
		s.kept[d.ID] = *d
		s.mu.Unlock()
	}
	return err
}

func (s *keepsDrillLists) CreateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	err := s.Store.CreateDrill(ctx, d, events)
	if err == nil {
		stored, _ := s.Store.Drill(ctx, d.ID)
		kept := *d
		kept.Version = stored.Version
		return s.keep(&kept, nil)
	}
	return err
}

func (s *keepsDrillLists) UpdateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	return s.keep(d, s.Store.UpdateDrill(ctx, d, events))
}

func (s *keepsDrillLists) Drill(ctx context.Context, id uuid.UUID) (*security.Drill, error) {
	d, err := s.Store.Drill(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.kept[id]; ok && k.Version == d.Version {
		d.Participants, d.Findings, d.Actions = k.Participants, k.Findings, k.Actions
	}
	return d, nil
}

// updateDrillIgnoresCancellation updates a drill whatever its caller's
// context says.
type updateDrillIgnoresCancellation struct{ *securitymem.Store }

func (s updateDrillIgnoresCancellation) UpdateDrill(ctx context.Context, d *security.Drill, events []security.Event) error {
	return s.Store.UpdateDrill(context.WithoutCancel(ctx), d, events)
}
