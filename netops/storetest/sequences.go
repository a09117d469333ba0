package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/netops"
)

// pick returns one of xs at random.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// seqUnits are the units of the sequences' visits, two of them differing
// in case only, which a store tells apart.
func seqUnits() []string { return []string{"lbq-a", "lbq-b", "LBQ-A"} }

// seqReported returns a random instant of January to April 2022 in Asia/
// Shanghai, often the first instant of a month there (still the month
// before in UTC) or the one before it.
func seqReported(r *rand.Rand) time.Time {
	sh := govops.ShanghaiLocation()
	switch r.IntN(5) {
	case 0:
		return time.Date(2022, time.Month(2+r.IntN(3)), 1, 0, 0, 0, 0, sh).Add(-time.Duration(r.IntN(2)) * time.Microsecond)
	}
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, sh)
	return storetestkit.Micro(start.Add(time.Duration(r.Int64N(int64(120 * 24 * time.Hour)))))
}

// seqArrive makes v arrive at random: at DueAt exactly, before it, or
// after it; and resolve it now and then.
func seqArrive(r *rand.Rand, v *netops.Visit) {
	due := v.DueAt
	if due.IsZero() {
		due = v.ReportedAt.Add(time.Hour)
	}
	switch r.IntN(3) {
	case 0:
		v.ArrivedAt = due
	case 1:
		v.ArrivedAt = storetestkit.Micro(v.ReportedAt.Add(time.Duration(r.Int64N(int64(due.Sub(v.ReportedAt)) + 1))))
	default:
		v.ArrivedAt = storetestkit.Micro(due.Add(time.Duration(1 + r.Int64N(int64(3*time.Hour)))))
	}
	v.Status = netops.VisitArrived
	if r.IntN(2) == 0 {
		v.ResolvedAt, v.Status = v.ArrivedAt.Add(time.Hour), netops.VisitResolved
	}
}

// seqVisit returns a random visit at version 1 of a unit, zone (or none)
// and technician (or none), with its promise (now and then no DueAt at
// all, due before every time), not arrived, arrived or cancelled.
func seqVisit(tb testing.TB, r *rand.Rand) netops.Visit {
	v := newVisit(tb, pick(r, seqUnits()...), 0)
	v.Zone = pick(r, netops.ZoneBuilding, netops.ZoneUrban, netops.ZoneSuburban, "")
	v.Technician = pick(r, "李工", "陈工", "王工", "")
	seqMove(r, &v)
	switch r.IntN(5) {
	case 0, 1:
		seqArrive(r, &v)
	case 2:
		v.Status = netops.VisitCancelled
	}
	return v
}

// seqMove reports v anew at random, with the promise of a zone.
func seqMove(r *rand.Rand, v *netops.Visit) {
	v.ReportedAt = seqReported(r)
	v.Month = v.ReportedAt.In(govops.ShanghaiLocation()).Format("2006-01")
	v.SLAMinutes = pick(r, 15, 45, 90)
	v.DueAt = v.ReportedAt.Add(time.Duration(v.SLAMinutes) * time.Minute)
	if r.IntN(15) == 0 {
		v.DueAt = time.Time{}
	}
	if !v.ArrivedAt.IsZero() {
		seqArrive(r, v)
	}
}

// seqChange changes what the counts group v by: it arrives (or resolves),
// is cancelled, goes to another technician, zone or unit, or is reported
// at another time.
func seqChange(r *rand.Rand, v *netops.Visit) {
	switch r.IntN(5) {
	case 0:
		seqArrive(r, v)
	case 1:
		v.Status = netops.VisitCancelled
	case 2:
		v.Technician, v.Zone = pick(r, "李工", "钱工", ""), pick(r, netops.ZoneBuilding, netops.ZoneSuburban)
	case 3:
		v.Unit = pick(r, seqUnits()...)
	default:
		seqMove(r, v)
	}
	v.Version++
	v.UpdatedAt = at(int(v.Version))
}

// seqFilters returns the VisitGroups the sequences check, about asOf:
// whole months (Asia/Shanghai) of every unit and of one, with a zone and
// a technician, parts of months, and the filters only a scan answers.
func seqFilters(asOf time.Time) map[string]netops.VisitFilter {
	sh := govops.ShanghaiLocation()
	month := func(m int) time.Time { return time.Date(2022, time.Month(m), 1, 0, 0, 0, 0, sh) }
	return map[string]netops.VisitFilter{
		"All":          {AsOf: asOf},
		"Year":         {From: month(1), To: month(13), AsOf: asOf},
		"March":        {From: month(3), To: month(4), AsOf: asOf},
		"From":         {From: month(3), AsOf: asOf},
		"To":           {To: month(3), AsOf: asOf},
		"Unit":         {Unit: "lbq-a", From: month(1), To: month(13), AsOf: asOf},
		"UnitCase":     {Unit: "LBQ-A", AsOf: asOf},
		"UnitZoneTech": {Unit: "lbq-b", Zone: netops.ZoneUrban, Technician: "李工", From: month(2), To: month(4), AsOf: asOf},
		"ZoneTech":     {Zone: netops.ZoneSuburban, Technician: "陈工", AsOf: asOf},
		"Unaligned":    {From: month(2).Add(36 * time.Hour), To: month(4).Add(-time.Microsecond), AsOf: asOf},
		"UnitParts":    {Unit: "lbq-a", From: month(1).Add(time.Hour), To: month(3).Add(time.Hour), AsOf: asOf},
		"InOneMonth":   {From: month(3).Add(time.Hour), To: month(3).Add(240 * time.Hour), AsOf: asOf},
		"Status":       {Status: netops.VisitArrived, AsOf: asOf},
		"Breached":     {BreachedAsOf: asOf, AsOf: asOf},
	}
}

// requireVisitGroups checks VisitGroups against counts of the Visits
// listing as of several instants, and, when st keeps summaries, that they
// equal its visits.
func requireVisitGroups(t *testing.T, st netops.Store, when string) {
	t.Helper()
	ctx := t.Context()
	vs, err := st.Visits(ctx, netops.VisitFilter{}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Visits "+when)
	sh := govops.ShanghaiLocation()
	for _, asOf := range []time.Time{time.Date(2022, 3, 20, 12, 0, 0, 0, time.UTC), time.Date(2022, 2, 1, 0, 0, 0, 0, sh),
		time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)} {
		for name, f := range seqFilters(asOf) {
			got, err := st.VisitGroups(ctx, f)
			storetestkit.Must(t, err, "VisitGroups "+name+" "+when)
			storetestkit.RequireGroups(t, groupsOf(vs, f), got, groupKey, fmt.Sprintf("VisitGroups %s as of %s %s", name, asOf, when))
		}
	}
	if k, ok := st.(govops.SummaryKeeper); ok {
		rep, err := k.RepairSummaries(ctx, false)
		storetestkit.Must(t, err, "RepairSummaries "+when)
		if !rep.Clean() || len(rep.Summaries) == 0 {
			t.Fatalf("RepairSummaries %s: the summaries differ from the visits (or there are none):\n%s", when, rep)
		}
	}
}

// visitWriter writes the random sequences of visits.
type visitWriter struct {
	t  *testing.T
	st netops.Store
	mu sync.Mutex // guards r in a concurrent round
	r  *rand.Rand
}

func (w *visitWriter) rand(fn func(r *rand.Rand)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fn(w.r)
}

// stored returns the IDs of every stored visit.
func (w *visitWriter) stored(ctx context.Context) []uuid.UUID {
	vs, err := w.st.Visits(ctx, netops.VisitFilter{}, uuid.Nil, 0)
	storetestkit.Must(w.t, err, "Visits")
	ids := make([]uuid.UUID, len(vs))
	for i := range vs {
		ids[i] = vs[i].ID
	}
	return ids
}

// step runs one write and returns its error: a batch of visits at once
// (an import), one visit with its event, or a change of a stored one.
func (w *visitWriter) step(ctx context.Context, ids []uuid.UUID) error {
	var kind int
	w.rand(func(r *rand.Rand) { kind = r.IntN(4) })
	switch {
	case kind == 0 || len(ids) == 0:
		var batch []netops.Visit
		w.rand(func(r *rand.Rand) {
			for range 1 + r.IntN(30) {
				batch = append(batch, seqVisit(w.t, r))
			}
		})
		return w.st.CreateVisits(ctx, batch, nil)
	case kind == 1:
		var v netops.Visit
		w.rand(func(r *rand.Rand) { v = seqVisit(w.t, r) })
		return w.st.CreateVisits(ctx, []netops.Visit{v}, created(w.t, v.ID, netops.EventVisitReported, string(v.Status)))
	default:
		var id uuid.UUID
		w.rand(func(r *rand.Rand) { id = pick(r, ids...) })
		v, err := w.st.Visit(ctx, id)
		if err != nil {
			return err
		}
		w.rand(func(r *rand.Rand) { seqChange(r, v) })
		return w.st.UpdateVisit(ctx, v, nil)
	}
}

// visitSequences runs random sequences of writes of visits on st,
// checking VisitGroups after each: visits created one at a time and in
// batches (an import), changes that move them between groups (arrived on
// time or late, resolved, cancelled, of another technician, zone or unit,
// reported in another month), and a round of writers at once, several on
// the same visits, the losers refused with ECONFLICT.
func visitSequences(t *testing.T, st netops.Store) {
	ctx := t.Context()
	w := &visitWriter{t: t, st: st, r: rand.New(rand.NewPCG(23, 29))}
	for seq := range 5 {
		for range 6 {
			storetestkit.Must(t, w.step(ctx, w.stored(ctx)), fmt.Sprintf("a write of sequence %d", seq))
		}
		ids := w.stored(ctx)
		storetestkit.RaceWrites(t, 12, fmt.Sprintf("a concurrent write of sequence %d", seq), func() error {
			return w.step(ctx, ids[:min(len(ids), 3)])
		})
		requireVisitGroups(t, st, fmt.Sprintf("after sequence %d", seq))
	}
}

// TestVisitSummaryRepair checks, on a store that keeps summaries
// (govops.SummaryKeeper), that RepairSummaries over summaries that equal
// the visits finds every summary clean, repairs none, and changes no
// count. A store that keeps none skips it.
func (cases) TestVisitSummaryRepair(t *testing.T, mk storeMaker) {
	st := mk(t)
	k, ok := st.(govops.SummaryKeeper)
	if !ok {
		t.Skip("the store keeps no summaries (govops.SummaryKeeper)")
	}
	ctx := t.Context()
	w := &visitWriter{t: t, st: st, r: rand.New(rand.NewPCG(31, 37))}
	for range 20 {
		storetestkit.Must(t, w.step(ctx, w.stored(ctx)), "a write")
	}
	f := netops.VisitFilter{AsOf: time.Date(2022, 3, 20, 12, 0, 0, 0, time.UTC)}
	before, err := st.VisitGroups(ctx, f)
	storetestkit.Must(t, err, "VisitGroups")
	for _, repair := range []bool{true, false} {
		rep, err := k.RepairSummaries(ctx, repair)
		storetestkit.Must(t, err, "RepairSummaries")
		if !rep.Clean() || len(rep.Summaries) == 0 {
			t.Fatalf("RepairSummaries(%v) of clean summaries found differences (or no summary):\n%s", repair, rep)
		}
		for _, s := range rep.Summaries {
			if s.Repaired || s.Groups == 0 {
				t.Fatalf("RepairSummaries(%v): %s repaired %v with %d groups; want no repair of the groups it counts", repair, s.Name, s.Repaired, s.Groups)
			}
		}
	}
	after, err := st.VisitGroups(ctx, f)
	storetestkit.Must(t, err, "VisitGroups")
	storetestkit.RequireGroups(t, before, after, groupKey, "VisitGroups after a repair of clean summaries")
}
