package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// TestMigrations checks UpdateMigration with a unit profile: a cutover
// replaces the migration and the profile with the events of both, in one
// step; the migration or the profile missing or stale writes neither,
// nor any event.
func (cases) TestMigrations(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	u := newUnit(t, "lbq-scjg", "XZDL")
	uEvs := created(t, u.ID, netops.EventUnitSet, "")
	storetestkit.Must(t, st.CreateUnits(ctx, []netops.UnitNet{u}, uEvs), "CreateUnits")
	m := newMigration(t, "lbq-scjg")
	mEvs := created(t, m.ID, netops.EventMigrationPlanned, "planned")
	storetestkit.Must(t, st.CreateMigration(ctx, &m, mEvs), "CreateMigration")

	cut := m
	cut.Version, cut.Status, cut.CutoverAt = 2, netops.MigrationCutover, at(700)
	moved := u
	moved.Version, moved.Site, moved.Room, moved.UpdatedAt = 2, m.ToSite, m.ToRoom, at(700)
	cutEv := event(t, m.ID, 2, netops.EventMigrationCutover, "planned", "cutover")
	movedEv := event(t, u.ID, 2, netops.EventUnitMoved, "", "")
	refused := func(name string, mm *netops.Migration, uu *netops.UnitNet, code string) {
		t.Helper()
		storetestkit.MustCode(t, st.UpdateMigration(ctx, mm, uu, []netops.Event{cutEv, movedEv}), code, "UpdateMigration with "+name)
		got, err := st.Migration(ctx, m.ID)
		requireGot(t, m, got, err, "migration after UpdateMigration with "+name)
		gotU, err := st.Unit(ctx, u.Unit)
		requireGot(t, u, gotU, err, "unit after UpdateMigration with "+name)
		requireEvents(t, st, m.ID, mEvs, "of the migration after UpdateMigration with "+name)
		requireEvents(t, st, u.ID, uEvs, "of the unit after UpdateMigration with "+name)
	}
	staleU := moved
	staleU.Version = 3
	refused("a stale unit", &cut, &staleU, govops.ECONFLICT)
	missingU := moved
	missingU.ID = storetestkit.NewID(t)
	refused("a unit not stored", &cut, &missingU, govops.ENOTFOUND)
	staleM := cut
	staleM.Version = 3
	refused("a stale migration", &staleM, &moved, govops.ECONFLICT)
	missingM := cut
	missingM.ID = storetestkit.NewID(t)
	refused("a migration not stored", &missingM, &moved, govops.ENOTFOUND)

	storetestkit.Must(t, st.UpdateMigration(ctx, &cut, &moved, []netops.Event{cutEv, movedEv}), "UpdateMigration")
	got, err := st.Migration(ctx, m.ID)
	requireGot(t, cut, got, err, "migration after the cutover")
	gotU, err := st.Unit(ctx, u.Unit)
	requireGot(t, moved, gotU, err, "unit after the cutover")
	requireEvents(t, st, m.ID, append(mEvs, cutEv), "of the migration after the cutover")
	requireEvents(t, st, u.ID, append(uEvs, movedEv), "of the unit after the cutover")
	units, err := st.Units(ctx, netops.UnitFilter{Site: m.ToSite}, "", 0)
	storetestkit.Must(t, err, "Units")
	storetestkit.RequireEqual(t, []netops.UnitNet{moved}, units, "units at the new site after the cutover")

	verified := cut
	verified.Version, verified.Status, verified.VerifiedAt, verified.VerifiedBy = 3, netops.MigrationVerified, at(800), "赵工"
	verEv := event(t, m.ID, 3, netops.EventMigrationVerified, "cutover", "verified")
	storetestkit.Must(t, st.UpdateMigration(ctx, &verified, nil, []netops.Event{verEv}), "UpdateMigration without a unit")
	gotU, err = st.Unit(ctx, u.Unit)
	requireGot(t, moved, gotU, err, "unit after a verification")
}

// TestInspections checks AddRecord and Records: a record is stored with
// its plan's next version and the events, in one step; a record ID taken,
// a plan missing or stale writes neither, nor any event; Records filters
// by plan and by [From, To), ordered and paged by ID.
func (cases) TestInspections(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	p := newPlan(t, "XZDL")
	pEvs := created(t, p.ID, netops.EventPlanCreated, "active")
	storetestkit.Must(t, st.CreatePlan(ctx, &p, pEvs), "CreatePlan")
	other := newPlan(t, "SLZH")
	storetestkit.Must(t, st.CreatePlan(ctx, &other, nil), "CreatePlan")

	cur, curO := p, other
	var records []netops.Record
	for i := range 14 {
		plan := &cur
		if i%3 == 2 {
			plan = &curO
		}
		r := newRecord(t, plan, i*3)
		if i%4 == 0 {
			r.Results, r.Findings, r.Passed = nil, "", true
		}
		next := *plan
		next.Version++
		next.LastDone, next.NextDue = r.At, p.Frequency.Next(r.At)
		ev := event(t, plan.ID, next.Version, netops.EventInspectionRecorded, "active", "active")
		storetestkit.Must(t, st.AddRecord(ctx, &r, &next, []netops.Event{ev}), "AddRecord")
		if plan == &cur {
			pEvs = append(pEvs, ev)
		}
		*plan = next
		records = append(records, r)
	}
	got, err := st.Plan(ctx, p.ID)
	requireGot(t, cur, got, err, "plan after its records")
	requireEvents(t, st, p.ID, pEvs, "of the plan after its records")

	r := newRecord(t, &cur, 100)
	next := cur
	next.Version++
	next.LastDone = r.At
	ev := event(t, p.ID, next.Version, netops.EventInspectionRecorded, "active", "active")
	refused := func(name string, rr *netops.Record, pp *netops.Plan, code string) {
		t.Helper()
		storetestkit.MustCode(t, st.AddRecord(ctx, rr, pp, []netops.Event{ev}), code, "AddRecord with "+name)
		got, err := st.Plan(ctx, p.ID)
		requireGot(t, cur, got, err, "plan after AddRecord with "+name)
		requireEvents(t, st, p.ID, pEvs, "of the plan after AddRecord with "+name)
		all, err := st.Records(ctx, netops.RecordFilter{}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Records")
		if len(all) != len(records) {
			t.Fatalf("AddRecord with %s: %d records stored, want %d", name, len(all), len(records))
		}
	}
	taken := r
	taken.ID = records[0].ID
	refused("a taken record ID", &taken, &next, govops.ECONFLICT)
	stale := next
	stale.Version++
	refused("a stale plan", &r, &stale, govops.ECONFLICT)
	missing := next
	missing.ID = storetestkit.NewID(t)
	refused("a plan not stored", &r, &missing, govops.ENOTFOUND)

	from, to := day(9).Add(90*time.Minute), day(27).Add(90*time.Minute)
	for name, f := range map[string]netops.RecordFilter{
		"All":    {},
		"Plan":   {Plan: p.ID},
		"Other":  {Plan: other.ID},
		"From":   {From: from},
		"To":     {To: to},
		"Period": {Plan: p.ID, From: from, To: to},
		"None":   {Plan: storetestkit.NewID(t)},
	} {
		t.Run(name, func(t *testing.T) {
			storetestkit.RequireListing(t, "Records "+name, records, func(r *netops.Record) bool {
				return (f.Plan == uuid.Nil || r.Plan == f.Plan) && (f.From.IsZero() || !r.At.Before(f.From)) &&
					(f.To.IsZero() || r.At.Before(f.To))
			}, storetestkit.ByID(func(r *netops.Record) uuid.UUID { return r.ID }),
				func(after uuid.UUID, limit int) ([]netops.Record, error) { return st.Records(ctx, f, after, limit) })
		})
	}
}

// TestBatches checks that a batch write (CreateUnits, CreateLinks,
// CreateVisits, CreateShifts, CreateDevices) is one step: one record
// refused (its ID taken) refuses the batch, which writes none of its
// records and none of its events; a batch that lands stores every record
// and every event.
func (cases) TestBatches(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	type batch struct {
		name  string
		write func(ids []uuid.UUID, evs []netops.Event) error
		get   func(id uuid.UUID) error
	}
	batches := []batch{
		{"CreateUnits", func(ids []uuid.UUID, evs []netops.Event) error {
			us := make([]netops.UnitNet, len(ids))
			for i, id := range ids {
				us[i] = newUnit(t, fmt.Sprintf("lbq-%s", id), "XZDL")
				us[i].ID = id
			}
			return st.CreateUnits(ctx, us, evs)
		}, func(id uuid.UUID) error { _, err := st.Unit(ctx, "lbq-"+id.String()); return err }},
		{"CreateLinks", func(ids []uuid.UUID, evs []netops.Event) error {
			ls := make([]netops.Link, len(ids))
			for i, id := range ids {
				ls[i] = newLink(t, "lbq-a", "CT-"+id.String(), "10.0.0.0/24")
				ls[i].ID = id
			}
			return st.CreateLinks(ctx, ls, netops.Guard{}, evs)
		}, func(id uuid.UUID) error { _, err := st.Link(ctx, id); return err }},
		{"CreateVisits", func(ids []uuid.UUID, evs []netops.Event) error {
			vs := make([]netops.Visit, len(ids))
			for i, id := range ids {
				vs[i] = newVisit(t, "lbq-a", i)
				vs[i].ID = id
			}
			return st.CreateVisits(ctx, vs, evs)
		}, func(id uuid.UUID) error { _, err := st.Visit(ctx, id); return err }},
		{"CreateShifts", func(ids []uuid.UUID, evs []netops.Event) error {
			ss := make([]netops.Shift, len(ids))
			for i, id := range ids {
				ss[i] = newShift(t, "值班员", i*60, i*60+60)
				ss[i].ID = id
			}
			return st.CreateShifts(ctx, ss, evs)
		}, func(id uuid.UUID) error { _, err := st.Shift(ctx, id); return err }},
		{"CreateDevices", func(ids []uuid.UUID, evs []netops.Event) error {
			ds := make([]netops.Device, len(ids))
			for i, id := range ids {
				ds[i] = newDevice(t, "ZC-"+id.String())
				ds[i].ID = id
			}
			return st.CreateDevices(ctx, ds, evs)
		}, func(id uuid.UUID) error { _, err := st.Device(ctx, id); return err }},
	}
	for _, b := range batches {
		t.Run(b.name, func(t *testing.T) {
			first := storetestkit.NewID(t)
			storetestkit.Must(t, b.write([]uuid.UUID{first}, nil), b.name)
			ids := make([]uuid.UUID, 5)
			var evs []netops.Event
			for i := range ids {
				ids[i] = storetestkit.NewID(t)
				evs = append(evs, event(t, ids[i], 1, netops.EventType(b.name), "", ""))
			}
			bad := append(append([]uuid.UUID{}, ids[:4]...), first)
			storetestkit.MustCode(t, b.write(bad, evs[:4]), govops.ECONFLICT, b.name+" with a taken ID last")
			for _, id := range ids[:4] {
				requireMissing(t, b.get(id), b.name+" of a refused batch")
				requireEvents(t, st, id, nil, "of a refused batch")
			}
			storetestkit.Must(t, b.write(ids, evs), b.name)
			for i, id := range ids {
				storetestkit.Must(t, b.get(id), "reading a record of a batch")
				requireEvents(t, st, id, evs[i:i+1], "of a record of a batch")
			}
		})
	}
}
