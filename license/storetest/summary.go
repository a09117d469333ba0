package storetest

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// recordCounts is the brute-force reference of Facts.Records: the records
// of rs by type and department, groups without a record left out.
func recordCounts(rs []license.Record) []license.RecordCount {
	n := map[recordKey]int64{}
	for _, r := range rs {
		n[recordKey{r.Type, r.Department}]++
	}
	out := make([]license.RecordCount, 0, len(n))
	for k, c := range n {
		out = append(out, license.RecordCount{Type: k.typ, Department: k.dept, Records: c})
	}
	return out
}

// requireCounted fails tb unless Facts counts the records that Records
// lists, by type and department, and, for a store that keeps summaries,
// RepairSummaries finds every one of them equal to its records.
func requireCounted(tb testing.TB, st license.Store, when string) {
	tb.Helper()
	ctx := tb.Context()
	all, err := st.Records(ctx, license.RecordFilter{}, uuid.Nil, 0)
	storetestkit.Must(tb, err, "Records "+when)
	f, err := st.Facts(ctx)
	storetestkit.Must(tb, err, "Facts "+when)
	storetestkit.RequireGroups(tb, recordCounts(all), f.Records, func(c license.RecordCount) recordKey { return recordKey{c.Type, c.Department} },
		"Facts.Records "+when)
	if k, ok := st.(govops.SummaryKeeper); ok {
		rep, err := k.RepairSummaries(ctx, false)
		storetestkit.Must(tb, err, "RepairSummaries "+when)
		if !rep.Clean() {
			tb.Fatalf("RepairSummaries %s found summaries that differ from their records:\n%s", when, rep)
		}
	}
}

// summaryRun is one run of random writes of records: its store, its
// randomness and the serials of the records it makes.
type summaryRun struct {
	st     license.Store
	rng    *rand.Rand
	serial atomic.Int64
}

// groups of the records the summary case writes: three types and three
// departments.
var (
	summaryTypes = []string{typeCode(1), typeCode(2), typeCode(3)}
	summaryDepts = []string{"lbq-xzsp", "lbq-scjg", "lbq-wjj"}
)

// record returns a new record in a group rng picks.
func (r *summaryRun) record(tb testing.TB, rng *rand.Rand) license.Record {
	tb.Helper()
	rec := newRecord(tb, summaryTypes[rng.IntN(len(summaryTypes))], int(r.serial.Add(1)))
	rec.Department = summaryDepts[rng.IntN(len(summaryDepts))]
	rec.State = license.States()[rng.IntN(len(license.States()))]
	return rec
}

// okOrConflict fails tb unless err is nil or ECONFLICT: what concurrent
// writers, and writes of a taken key, may meet.
func okOrConflict(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
		tb.Fatalf("%s: %v; want success or ECONFLICT", what, err)
	}
}

// create stores a new record, or, one time in five, a copy of a stored
// record under a new ID, which its identifier refuses.
func (r *summaryRun) create(tb testing.TB, rng *rand.Rand, stored []license.Record) {
	tb.Helper()
	rec := r.record(tb, rng)
	if len(stored) > 0 && rng.IntN(5) == 0 {
		rec = stored[rng.IntN(len(stored))]
		rec.ID, rec.Version = storetestkit.NewID(tb), 1
		// Refused (the case of unique keys requires it): no group counts it.
		okOrConflict(tb, r.st.CreateRecord(tb.Context(), rec), "CreateRecord of a taken identifier")
		return
	}
	storetestkit.Must(tb, r.st.CreateRecord(tb.Context(), rec), "CreateRecord")
}

// change moves a stored record to another state, at its version or, one
// time in four, at a stale one, which is refused.
func (r *summaryRun) change(tb testing.TB, rng *rand.Rand, stored []license.Record) {
	tb.Helper()
	if len(stored) == 0 {
		return
	}
	cur := stored[rng.IntN(len(stored))]
	states := license.States()
	next, ev := changed(tb, &cur, states[rng.IntN(len(states))])
	if rng.IntN(4) == 0 {
		next.Version++
		ev.Seq++
		// Refused (the case of versions requires it): no group changes.
		okOrConflict(tb, r.st.UpdateRecord(tb.Context(), next, []license.Event{ev}), "UpdateRecord at a stale version")
		return
	}
	okOrConflict(tb, r.st.UpdateRecord(tb.Context(), next, []license.Event{ev}), "UpdateRecord")
}

// reissue replaces a stored record with a new one, revoking it.
func (r *summaryRun) reissue(tb testing.TB, rng *rand.Rand, stored []license.Record) {
	tb.Helper()
	if len(stored) == 0 {
		return
	}
	cur := stored[rng.IntN(len(stored))]
	prev, ev := changed(tb, &cur, license.StateRevoked)
	next := r.record(tb, rng)
	next.Previous = cur.Identifier
	okOrConflict(tb, r.st.Reissue(tb.Context(), prev, []license.Event{ev}, next), "Reissue")
}

// imports writes n new records through one import, in two chunks, the
// second with a record whose identifier a stored record takes (refused),
// then commits it or, one time in three, rolls it back. taken, when not
// empty, is an identifier that a concurrent import may write first: the
// import writes it too and may then fail with ECONFLICT.
func (r *summaryRun) imports(tb testing.TB, rng *rand.Rand, stored []license.Record, n int, taken string) {
	tb.Helper()
	ctx := tb.Context()
	b := newBatch(tb, int64(n))
	rs := make([]license.Record, n)
	for i := range rs {
		rs[i] = r.record(tb, rng)
		rs[i].Batch = b.ID
	}
	if taken != "" {
		rs[0].Identifier = taken
	}
	w, err := r.st.BeginImport(ctx)
	storetestkit.Must(tb, err, "BeginImport")
	defer w.Rollback()
	half := n / 2
	if _, err := w.Write(ctx, rs[:half]); err != nil {
		okOrConflict(tb, err, "Write")
		return
	}
	second := rs[half:]
	if len(stored) > 0 {
		dup := stored[rng.IntN(len(stored))]
		dup.ID, dup.Version, dup.Batch = storetestkit.NewID(tb), 1, b.ID
		second = append(second, dup)
	}
	refused, err := w.Write(ctx, second)
	if err != nil {
		okOrConflict(tb, err, "Write")
		return
	}
	if len(stored) > 0 && (len(refused) != 1 || refused[0].Index != len(second)-1) {
		tb.Fatalf("Write refused %+v, want the one record whose identifier a stored record takes", refused)
	}
	if rng.IntN(3) == 0 {
		storetestkit.Must(tb, w.Rollback(), "Rollback")
		return
	}
	okOrConflict(tb, w.Commit(ctx, b), "Commit")
}

// burst runs writers at once: four of the same version of one record
// (at most one wins), two creating records, two imports that both write
// one identifier (at most one stores it) and a reissue.
func (r *summaryRun) burst(tb testing.TB, stored []license.Record) {
	tb.Helper()
	var fns []func(tb testing.TB)
	// Each writer has randomness of its own, seeded from the run's, for
	// a rand.Rand is not safe for concurrent use.
	writer := func(fn func(tb testing.TB, rng *rand.Rand)) {
		rng := rand.New(rand.NewPCG(r.rng.Uint64(), 7))
		fns = append(fns, func(tb testing.TB) { fn(tb, rng) })
	}
	if len(stored) > 0 {
		cur := stored[r.rng.IntN(len(stored))]
		for range 4 {
			writer(func(tb testing.TB, rng *rand.Rand) {
				next, ev := changed(tb, &cur, license.States()[rng.IntN(len(license.States()))])
				okOrConflict(tb, r.st.UpdateRecord(tb.Context(), next, []license.Event{ev}), "concurrent UpdateRecord")
			})
		}
	}
	for range 2 {
		writer(func(tb testing.TB, rng *rand.Rand) {
			for range 3 {
				storetestkit.Must(tb, r.st.CreateRecord(tb.Context(), r.record(tb, rng)), "concurrent CreateRecord")
			}
		})
	}
	shared := fmt.Sprintf("1.2.156.3005.2.%s.11450205MB0987654Y.%07d.001.K", summaryTypes[0], 9_000_000+r.serial.Add(1))
	for range 2 {
		writer(func(tb testing.TB, rng *rand.Rand) { r.imports(tb, rng, stored, 12, shared) })
	}
	writer(func(tb testing.TB, rng *rand.Rand) { r.reissue(tb, rng, stored) })
	storetestkit.Concurrently(tb, fns...)
}

// TestSummaries runs random sequences of writes of records (creates,
// refused creates, state changes at the right or a stale version,
// reissues, imports committed or rolled back with refused records, and
// bursts of concurrent writers, some of whom lose with ECONFLICT), and
// after each sequence requires that Facts counts the records by type and
// department as a brute-force count over the listing does and, for a store
// that keeps summaries (govops.SummaryKeeper), that RepairSummaries finds
// every summary equal to its records.
func (cases) TestSummaries(t *testing.T, mk storeMaker) {
	st := mk(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := &summaryRun{st: st, rng: rand.New(rand.NewPCG(seed, 1))}
	requireCounted(t, st, "of an empty store")
	for seq := range storetestkit.Scale(3, 8) {
		for range 6 + r.rng.IntN(6) {
			stored, err := st.Records(t.Context(), license.RecordFilter{}, uuid.Nil, 0)
			storetestkit.Must(t, err, "Records")
			switch r.rng.IntN(5) {
			case 0, 1:
				r.create(t, r.rng, stored)
			case 2:
				r.change(t, r.rng, stored)
			case 3:
				r.reissue(t, r.rng, stored)
			default:
				r.imports(t, r.rng, stored, 4+r.rng.IntN(20), "")
			}
		}
		stored, err := st.Records(t.Context(), license.RecordFilter{}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Records")
		r.burst(t, stored)
		requireCounted(t, st, fmt.Sprintf("after sequence %d (seed %d)", seq, seed))
	}
}

// TestSummaryRepairClean requires that a repair of a store whose
// summaries are right finds no difference, replaces nothing, and leaves
// Facts as it was. It is skipped for a store that keeps no summaries.
func (cases) TestSummaryRepairClean(t *testing.T, mk storeMaker) {
	st := mk(t)
	k, ok := st.(govops.SummaryKeeper)
	if !ok {
		t.Skipf("%T keeps no summaries (it does not implement govops.SummaryKeeper)", st)
	}
	ctx := t.Context()
	batches := []license.Batch{newBatch(t, 0), newBatch(t, 0)}
	storeFixture(t, st, recordFixture(t, 60, batches), batches)
	before, err := st.Facts(ctx)
	storetestkit.Must(t, err, "Facts")
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
	after, err := st.Facts(ctx)
	storetestkit.Must(t, err, "Facts after the repair")
	storetestkit.RequireGroups(t, before.Records, after.Records, func(c license.RecordCount) recordKey { return recordKey{c.Type, c.Department} },
		"Facts.Records after a repair that found nothing")
	requireCounted(t, st, "after a repair")
}
