package storetest

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// mountReference is the brute-force reference of MountTotals and
// MountStats over f: the committed batches of the listed entries that f
// selects, counted in Go.
func mountReference(cs []datashare.Catalog, bs []datashare.Batch, f datashare.MountFilter) (*datashare.MountTotals, []datashare.EntryMounts) {
	selected := map[uuid.UUID]bool{}
	for _, c := range cs {
		selected[c.ID] = (f.Department == "" || c.Department == f.Department) && (f.Status == "" || c.Status == f.Status)
	}
	records, months := map[uuid.UUID]int64{}, map[string]int64{}
	items := map[uuid.UUID]map[string][2]int64{}
	latest := map[uuid.UUID]datashare.Batch{}
	for _, b := range bs {
		if b.Status != datashare.BatchCommitted || !selected[b.Catalog] {
			continue
		}
		records[b.Catalog] += b.Mounted
		months[datashare.MountMonth(b.FinishedAt)] += b.Mounted
		if items[b.Catalog] == nil {
			items[b.Catalog] = map[string][2]int64{}
		}
		for _, st := range b.Items {
			v := items[b.Catalog][st.Item]
			items[b.Catalog][st.Item] = [2]int64{v[0] + st.Present, v[1] + st.Invalid}
		}
		l, ok := latest[b.Catalog]
		if !ok || b.FinishedAt.After(l.FinishedAt) || (b.FinishedAt.Equal(l.FinishedAt) && bytes.Compare(b.ID[:], l.ID[:]) > 0) {
			latest[b.Catalog] = b
		}
	}
	totals := &datashare.MountTotals{}
	for id, n := range records {
		if n != 0 {
			totals.Entries = append(totals.Entries, datashare.EntryRecords{Catalog: id, Records: n})
		}
	}
	for mo, n := range months {
		if n != 0 {
			totals.Months = append(totals.Months, datashare.MonthRecords{Month: mo, Records: n})
		}
	}
	var stats []datashare.EntryMounts
	for id, b := range latest {
		e := datashare.EntryMounts{Catalog: id, Records: records[id], Latest: b}
		for item, v := range items[id] {
			e.Items = append(e.Items, datashare.ItemStats{Item: item, Present: v[0], Invalid: v[1]})
		}
		stats = append(stats, normalMounts(e))
	}
	return totals, stats
}

// normalMounts returns e with its items in name order and those whose sums
// are zero left out, which a store may leave out.
func normalMounts(e datashare.EntryMounts) datashare.EntryMounts {
	e.Items = slices.DeleteFunc(slices.Clone(e.Items), func(s datashare.ItemStats) bool { return s.Present == 0 && s.Invalid == 0 })
	slices.SortFunc(e.Items, func(a, b datashare.ItemStats) int { return cmp.Compare(a.Item, b.Item) })
	return e
}

// requireMountCounts fails tb unless MountTotals and MountStats, for every
// department and status of the listed entries and for none, count the
// committed batches as the brute-force reference over the listings does,
// and, for a store that keeps summaries, RepairSummaries finds every one
// of them equal to its batches.
func requireMountCounts(tb testing.TB, st datashare.Store, when string) {
	tb.Helper()
	ctx := tb.Context()
	cs, err := st.Catalogs(ctx, datashare.CatalogFilter{}, "", 0)
	storetestkit.Must(tb, err, "Catalogs "+when)
	bs, err := st.Batches(ctx, datashare.BatchFilter{}, uuid.Nil, 0)
	storetestkit.Must(tb, err, "Batches "+when)
	filters := []datashare.MountFilter{{}}
	depts := map[string]bool{"lbq-nobody": true}
	for _, c := range cs {
		depts[c.Department] = true
	}
	for d := range depts {
		filters = append(filters, datashare.MountFilter{Department: d}, datashare.MountFilter{Department: d, Status: datashare.CatalogPublished})
	}
	for _, s := range []datashare.CatalogStatus{datashare.CatalogDraft, datashare.CatalogPublished, datashare.CatalogWithdrawn} {
		filters = append(filters, datashare.MountFilter{Status: s})
	}
	for _, f := range filters {
		what := func(m string) string { return fmt.Sprintf("%s of %+v %s", m, f, when) }
		wantTotals, wantStats := mountReference(cs, bs, f)
		got, err := st.MountTotals(ctx, f)
		storetestkit.Must(tb, err, what("MountTotals"))
		storetestkit.RequireGroups(tb, wantTotals.Entries, got.Entries, func(e datashare.EntryRecords) uuid.UUID { return e.Catalog },
			what("MountTotals.Entries"))
		storetestkit.RequireGroups(tb, wantTotals.Months, got.Months, func(m datashare.MonthRecords) string { return m.Month },
			what("MountTotals.Months"))
		stats, err := st.MountStats(ctx, f)
		storetestkit.Must(tb, err, what("MountStats"))
		for i := range stats {
			stats[i] = normalMounts(stats[i])
		}
		storetestkit.RequireGroups(tb, wantStats, stats, func(e datashare.EntryMounts) uuid.UUID { return e.Catalog },
			what("MountStats"))
	}
	if k, ok := st.(govops.SummaryKeeper); ok {
		rep, err := k.RepairSummaries(ctx, false)
		storetestkit.Must(tb, err, "RepairSummaries "+when)
		if !rep.Clean() {
			tb.Fatalf("RepairSummaries %s found summaries that differ from their batches:\n%s", when, rep)
		}
	}
}

// summaryRun is one run of random writes: its store, its randomness and
// the serials of the entries it makes.
type summaryRun struct {
	st     datashare.Store
	rng    *rand.Rand
	serial atomic.Int64
}

// summaryDepts are the departments of the entries the summary case makes.
var summaryDepts = []string{"lbq-scjg", "lbq-rsj", "lbq-gaj"}

// finishes are the instants the summary case's batches commit at: months
// apart, and both sides of the midnight that begins a month in
// Asia/Shanghai (16:00 UTC of the month's last day).
var finishes = []time.Time{
	time.Date(2022, 1, 10, 2, 0, 0, 0, time.UTC),
	time.Date(2022, 3, 31, 15, 59, 59, 999999000, time.UTC), // 2022-03-31 23:59:59.999999 in Shanghai
	time.Date(2022, 3, 31, 16, 0, 0, 0, time.UTC),           // 2022-04-01 00:00 in Shanghai
	time.Date(2022, 12, 31, 16, 30, 0, 0, time.UTC),         // 2023-01-01 00:30 in Shanghai
	time.Date(2023, 6, 15, 8, 0, 0, 0, time.UTC),
}

// pick returns a random element of xs.
func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// okOrConflict fails tb unless err is nil or ECONFLICT: what concurrent
// writers, and writes at a stale version, may meet.
func okOrConflict(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
		tb.Fatalf("%s: %v; want success or ECONFLICT", what, err)
	}
}

// create stores one or two new entries, each of a random department,
// status and format.
func (r *summaryRun) create(tb testing.TB, rng *rand.Rand) {
	tb.Helper()
	cs := make([]datashare.Catalog, 1+rng.IntN(2))
	for i := range cs {
		n := r.serial.Add(1)
		c := newCatalog(tb, fmt.Sprintf("301%03d/%06d", n%1000, n), fmt.Sprintf("数据目录%d", n))
		c.Department = pick(rng, summaryDepts)
		c.Status = pick(rng, []datashare.CatalogStatus{datashare.CatalogDraft, datashare.CatalogPublished, datashare.CatalogPublished, datashare.CatalogWithdrawn})
		if rng.IntN(3) == 0 {
			c.Format = datashare.FormatSpreadsheet
		}
		cs[i] = c
	}
	mustCreateCatalogs(tb, r.st, cs...)
}

// moved returns the next version of c moved to another department or
// status, or renamed, and its event.
func moved(tb testing.TB, rng *rand.Rand, c *datashare.Catalog) (*datashare.Catalog, datashare.Event) {
	tb.Helper()
	next, ev := renamedCatalog(tb, c, c.Name+"′")
	next.Items, next.Related = slices.Clone(c.Items), slices.Clone(c.Related)
	switch rng.IntN(3) {
	case 0:
		next.Department = pick(rng, summaryDepts)
	case 1:
		next.Status = pick(rng, []datashare.CatalogStatus{datashare.CatalogDraft, datashare.CatalogPublished, datashare.CatalogWithdrawn})
	}
	ev.To = datashare.Status(next.Status)
	return next, ev
}

// update moves an entry (see moved), at its version or, one time in
// four, at a stale one, which is refused.
func (r *summaryRun) update(tb testing.TB, rng *rand.Rand, cs []datashare.Catalog) {
	tb.Helper()
	if len(cs) == 0 {
		return
	}
	cur := pick(rng, cs)
	next, ev := moved(tb, rng, &cur)
	if rng.IntN(4) == 0 {
		next.Version++
		ev.Seq++
	}
	okOrConflict(tb, r.st.UpdateCatalog(tb.Context(), next, []datashare.Event{ev}), "UpdateCatalog")
}

// mount mounts a few records into an entry and then commits, replacing
// the entry's other batches one time in three, or one time in five
// aborts. The batch's counts are random: the Store keeps what the Service
// counted.
func (r *summaryRun) mount(tb testing.TB, rng *rand.Rand, cs []datashare.Catalog) {
	tb.Helper()
	if len(cs) == 0 {
		return
	}
	ctx := tb.Context()
	c := pick(rng, cs)
	b := newBatch(tb, &c)
	b.Replace = rng.IntN(3) == 0
	w, err := r.st.BeginMount(ctx, b, []datashare.Event{mountStarted(tb, &b)})
	storetestkit.Must(tb, err, "BeginMount")
	lines := make([]int64, rng.IntN(4))
	for i := range lines {
		lines[i] = int64(i + 1)
	}
	storetestkit.Must(tb, w.Write(ctx, records(&b, lineKey, lines...), at(2)), "Write")
	if rng.IntN(5) == 0 {
		f, ev := failed(tb, &b, "bad rows")
		storetestkit.Must(tb, w.Abort(ctx, f, []datashare.Event{ev}), "Abort")
		return
	}
	next, ev := committed(tb, &b, int64(rng.IntN(50)))
	next.FinishedAt = pick(rng, finishes)
	next.Items = nil
	for _, it := range c.Items {
		if rng.IntN(4) > 0 {
			p := int64(rng.IntN(int(next.Mounted) + 1))
			next.Items = append(next.Items, datashare.ItemStats{Item: it.Name, Present: p, Invalid: int64(rng.IntN(int(p) + 1))})
		}
	}
	if rng.IntN(4) == 0 { // an item the entry has dropped since
		next.Items = append(next.Items, datashare.ItemStats{Item: "已删除的信息项", Present: next.Mounted})
	}
	var rep replacements
	err = w.Commit(ctx, next, []datashare.Event{ev}, rep.callback(tb))
	okOrConflict(tb, err, "Commit")
	if err != nil {
		storetestkit.Must(tb, w.Abort(ctx, next, nil), "Abort after a refused Commit")
	}
}

// moveMounted moves an entry that has a committed batch to another
// department, so that every sequence moves records between departments.
func (r *summaryRun) moveMounted(tb testing.TB) {
	tb.Helper()
	ctx := tb.Context()
	bs, err := r.st.Batches(ctx, datashare.BatchFilter{Status: datashare.BatchCommitted}, uuid.Nil, 0)
	storetestkit.Must(tb, err, "Batches")
	if len(bs) == 0 {
		return
	}
	c, err := r.st.Catalog(ctx, pick(r.rng, bs).Catalog)
	storetestkit.Must(tb, err, "Catalog")
	next, ev := moved(tb, r.rng, c)
	next.Department = summaryDepts[(slices.Index(summaryDepts, c.Department)+1)%len(summaryDepts)]
	storetestkit.Must(tb, r.st.UpdateCatalog(ctx, next, []datashare.Event{ev}), "UpdateCatalog to another department")
}

// burst runs writers at once: three mounts of one entry, one of which
// replaces, two moves of that entry at its version (at most one wins),
// and a mount and a move of another entry.
func (r *summaryRun) burst(tb testing.TB, cs []datashare.Catalog) {
	tb.Helper()
	if len(cs) < 2 {
		return
	}
	var fns []func(tb testing.TB)
	writer := func(fn func(tb testing.TB, rng *rand.Rand)) {
		rng := rand.New(rand.NewPCG(r.rng.Uint64(), 7)) // one each: a Rand is not safe for concurrent use
		fns = append(fns, func(tb testing.TB) { fn(tb, rng) })
	}
	i := r.rng.IntN(len(cs))
	x, y := cs[i], cs[(i+1)%len(cs)]
	for range 3 {
		writer(func(tb testing.TB, rng *rand.Rand) { r.mount(tb, rng, []datashare.Catalog{x}) })
	}
	for range 2 {
		writer(func(tb testing.TB, rng *rand.Rand) {
			next, ev := moved(tb, rng, &x)
			okOrConflict(tb, r.st.UpdateCatalog(tb.Context(), next, []datashare.Event{ev}), "concurrent UpdateCatalog")
		})
	}
	writer(func(tb testing.TB, rng *rand.Rand) { r.mount(tb, rng, []datashare.Catalog{y}) })
	writer(func(tb testing.TB, rng *rand.Rand) { r.update(tb, rng, []datashare.Catalog{y}) })
	storetestkit.Concurrently(tb, fns...)
}

// TestSummaries runs random sequences of writes (entries created, one or
// several at once, and moved to another department or status or renamed,
// at their version or a stale one; mounts committed, replacing or not,
// aborted, or left for AbortMount; and bursts of concurrent mounts and
// moves of one entry, some of whom lose with ECONFLICT), and after each
// sequence requires that MountTotals and MountStats count the committed
// batches as a brute-force count over the listings does, for every
// department and status, and, for a store that keeps summaries
// (govops.SummaryKeeper), that RepairSummaries finds every summary equal
// to its batches.
func (cases) TestSummaries(t *testing.T, mk storeMaker) {
	st := mk(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := &summaryRun{st: st, rng: rand.New(rand.NewPCG(seed, 2))}
	requireMountCounts(t, st, "of an empty store")
	list := func() []datashare.Catalog {
		cs, err := st.Catalogs(t.Context(), datashare.CatalogFilter{}, "", 0)
		storetestkit.Must(t, err, "Catalogs")
		return cs
	}
	r.create(t, r.rng)
	for seq := range storetestkit.Scale(3, 6) {
		for range 6 + r.rng.IntN(6) {
			switch r.rng.IntN(5) {
			case 0:
				r.create(t, r.rng)
			case 1:
				r.update(t, r.rng, list())
			default:
				r.mount(t, r.rng, list())
			}
		}
		r.moveMounted(t)
		r.burst(t, list())
		requireMountCounts(t, st, fmt.Sprintf("after sequence %d (seed %d)", seq, seed))
	}
}

// TestSummaryRepairClean requires that a repair of a store whose
// summaries are right finds no difference, replaces nothing, and leaves
// the counts as they were. It is skipped for a store that keeps no
// summaries.
func (cases) TestSummaryRepairClean(t *testing.T, mk storeMaker) {
	st := mk(t)
	k, ok := st.(govops.SummaryKeeper)
	if !ok {
		t.Skipf("%T keeps no summaries (it does not implement govops.SummaryKeeper)", st)
	}
	ctx := t.Context()
	r := &summaryRun{st: st, rng: rand.New(rand.NewPCG(5, 5))}
	for range 3 {
		r.create(t, r.rng)
	}
	cs, err := st.Catalogs(ctx, datashare.CatalogFilter{}, "", 0)
	storetestkit.Must(t, err, "Catalogs")
	for _, c := range cs {
		for i := range 2 {
			b := newBatch(t, &c)
			w, err := st.BeginMount(ctx, b, []datashare.Event{mountStarted(t, &b)})
			storetestkit.Must(t, err, "BeginMount")
			storetestkit.Must(t, w.Write(ctx, records(&b, lineKey, 1, 2, 3), at(2)), "Write")
			next, ev := committed(t, &b, 3)
			next.FinishedAt = finishes[i]
			storetestkit.Must(t, w.Commit(ctx, next, []datashare.Event{ev}, noReplace(t)), "Commit")
		}
	}
	before, err := st.MountTotals(ctx, datashare.MountFilter{})
	storetestkit.Must(t, err, "MountTotals")
	rep, err := k.RepairSummaries(ctx, true)
	storetestkit.Must(t, err, "RepairSummaries")
	if len(rep.Summaries) == 0 {
		t.Fatalf("RepairSummaries reported no summary; a SummaryKeeper reports each it keeps")
	}
	for _, s := range rep.Summaries {
		if len(s.Diffs) > 0 || s.Repaired || s.Groups == 0 {
			t.Fatalf("repair of a clean store: %s has %d groups, diffs %+v, repaired %v; want groups, no diff, nothing repaired",
				s.Name, s.Groups, s.Diffs, s.Repaired)
		}
	}
	after, err := st.MountTotals(ctx, datashare.MountFilter{})
	storetestkit.Must(t, err, "MountTotals after the repair")
	storetestkit.RequireGroups(t, before.Entries, after.Entries, func(e datashare.EntryRecords) uuid.UUID { return e.Catalog },
		"MountTotals.Entries after a repair that found nothing")
	requireMountCounts(t, st, "after a repair")
}
