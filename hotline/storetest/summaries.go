package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// aggregatesUnderWrites runs random sequences of writes at st, as imports,
// case hooks and reviews make them: callbacks and outcomes created one by
// one and imported in bulk (now and then a batch that must be refused
// whole), outcomes updated (flags, and now and then the month or the
// department), deductions recorded and moved between statuses (and now
// and then to another month, department or points). Part of each sequence
// runs one write after another, the rest at once from several goroutines,
// two or more of which race to update the same outcome and the same
// deduction from the same version, so that all but one lose with
// ECONFLICT, which is fine. After every sequence it lists every record and
// requires that the three counts, over single months and ranges, equal
// brute-force counts of the listing, and that a store keeping summaries
// (govops.SummaryKeeper) finds them equal to its records.
func aggregatesUnderWrites(t *testing.T, st hotline.Store, seed uint64) {
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(seed, seed*31+7))
	w := newRandomWriter(t, st)
	for seq := range storetestkit.Scale(4, 8) {
		for range 1 + rng.IntN(10) {
			w.one(ctx, rng)
		}
		var wg sync.WaitGroup
		writers := 2 + rng.IntN(4)
		for g := range writers {
			r := rand.New(rand.NewPCG(rng.Uint64(), uint64(g)))
			wg.Go(func() {
				for range 2 + r.IntN(6) {
					w.one(ctx, r)
				}
			})
		}
		w.race(ctx, rng, writers)
		wg.Wait()
		if err := w.err(); err != nil {
			t.Fatalf("sequence %d: %v", seq, err)
		}
		if !t.Run(fmt.Sprintf("Sequence%d", seq), func(t *testing.T) { requireSummarized(t, st, w.months) }) {
			return
		}
	}
	w.requireEveryKind(t)
	t.Logf("writes stored: %v; refused with ECONFLICT: %v", w.stored, w.refused)
}

// repairOfCleanStore requires that a repair of a store whose summaries are
// right (seeded by its own writes alone) finds no difference and replaces
// nothing, and that the counts are still right after it.
func repairOfCleanStore(t *testing.T, st hotline.Store) {
	k, ok := st.(govops.SummaryKeeper)
	if !ok {
		t.Skip("the store keeps no summaries: it does not implement govops.SummaryKeeper")
	}
	seedFixture(t, st, 20221001)
	rep, err := k.RepairSummaries(t.Context(), true)
	storetestkit.Must(t, err, "RepairSummaries(repair)")
	if !rep.Clean() {
		t.Fatalf("a repair of a store whose summaries are right found differences:\n%s", rep)
	}
	if len(rep.Summaries) == 0 {
		t.Fatal("RepairSummaries reports no summary, but the store implements govops.SummaryKeeper")
	}
	names := map[string]bool{}
	for _, s := range rep.Summaries {
		if s.Repaired || s.Groups == 0 || names[s.Name] {
			t.Fatalf("summary %q: repaired %v, %d groups (named twice: %v); want not repaired, the fixture's groups, a name of its own",
				s.Name, s.Repaired, s.Groups, names[s.Name])
		}
		names[s.Name] = true
	}
	requireSummarized(t, st, hotline.MonthsBetween(hotline.NewMonth(2022, 6), hotline.NewMonth(2022, 10)))
}

// requireSummarized lists every record of st and requires that the three
// counts, over each of months alone and over ranges within, across and
// beyond them, equal brute-force counts of the listing; and, for a store
// keeping summaries, that a check without repair finds them clean.
func requireSummarized(t *testing.T, st hotline.Store, months []hotline.Month) {
	t.Helper()
	ctx := t.Context()
	cbs, err := st.ListCallbacks(ctx, hotline.CallbackFilter{})
	storetestkit.Must(t, err, "ListCallbacks")
	os, err := st.ListOutcomes(ctx, hotline.OutcomeFilter{})
	storetestkit.Must(t, err, "ListOutcomes")
	ds, err := st.ListDeductions(ctx, hotline.DeductionFilter{})
	storetestkit.Must(t, err, "ListDeductions")
	first, last := months[0], months[len(months)-1]
	ranges := []hotline.MonthRange{
		{First: first, Last: last},
		{First: first.AddMonths(-5), Last: first.AddMonths(2)},
		{First: last.AddMonths(-1), Last: last.AddMonths(6)},
		hotline.SingleMonth(first.AddMonths(-12)),
		{First: hotline.NewMonth(1900, 1), Last: hotline.NewMonth(9999, 12)},
	}
	for _, m := range months {
		ranges = append(ranges, hotline.SingleMonth(m))
	}
	for _, r := range ranges {
		requireCallbackCounts(t, st, cbs, r)
		requireOutcomeCounts(t, st, os, r)
		for _, counting := range countingSets() {
			requireDeductionCounts(t, st, ds, r, counting)
		}
	}
	if k, ok := st.(govops.SummaryKeeper); ok {
		rep, err := k.RepairSummaries(ctx, false)
		storetestkit.Must(t, err, "RepairSummaries")
		if !rep.Clean() {
			t.Fatalf("the summaries differ from the records (%d callbacks, %d outcomes, %d deductions):\n%s", len(cbs), len(os), len(ds), rep)
		}
	}
}

// randomWriter makes random writes at a store and keeps what it needs to
// pick stored records to update. It is safe for concurrent use.
type randomWriter struct {
	st     hotline.Store
	tb     testing.TB
	months []hotline.Month
	depts  []string
	points []string

	mu         sync.Mutex
	callbacks  []hotline.CallbackKey // stored, to try again
	outcomes   []string              // case numbers stored
	deductions []uuid.UUID           // stored
	stored     map[string]int        // successful writes by method
	refused    map[string]int        // ECONFLICTs by method
	errs       []string              // any other error, and broken rules
}

func newRandomWriter(tb testing.TB, st hotline.Store) *randomWriter {
	return &randomWriter{st: st, tb: tb,
		months: hotline.MonthsBetween(hotline.NewMonth(2022, 6), hotline.NewMonth(2022, 10)),
		depts:  aggDepartments(), points: []string{"0.2", "0.20", "0.5", "1.25", "3"},
		stored: map[string]int{}, refused: map[string]int{}}
}

// note records the outcome of a write by method: stored, refused with
// ECONFLICT, or failed, which fails the sequence.
func (w *randomWriter) note(method string, err error) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case err == nil:
		w.stored[method]++
		return true
	case govops.ErrorCode(err) == govops.ECONFLICT:
		w.refused[method]++
	default:
		w.errs = append(w.errs, fmt.Sprintf("%s: %v", method, err))
	}
	return false
}

func (w *randomWriter) failf(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.errs = append(w.errs, fmt.Sprintf(format, args...))
}

// err returns what went wrong since the last call, if anything.
func (w *randomWriter) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.errs) == 0 {
		return nil
	}
	err := fmt.Errorf("%s", strings.Join(w.errs, "; "))
	w.errs = nil
	return err
}

// requireEveryKind fails tb unless every kind of write was stored at least
// once, so that the checks did not pass over writes that all failed.
func (w *randomWriter) requireEveryKind(tb testing.TB) {
	tb.Helper()
	var missing []string
	for _, m := range []string{"CreateCallback", "BulkInsertCallbacks", "CreateOutcome", "BulkInsertOutcomes",
		"UpdateOutcome", "CreateDeduction", "UpdateDeduction"} {
		if w.stored[m] == 0 {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		tb.Fatalf("no write of %v was stored (stored %v, refused %v): the sequences checked nothing of them", missing, w.stored, w.refused)
	}
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// storedOne returns a random element of *xs under the lock, and false
// when it is empty.
func storedOne[T any](w *randomWriter, rng *rand.Rand, xs *[]T) (T, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var zero T
	if len(*xs) == 0 {
		return zero, false
	}
	return (*xs)[rng.IntN(len(*xs))], true
}

func (w *randomWriter) callback(rng *rand.Rand) hotline.Callback {
	return callback(w.tb, fmt.Sprintf("S-%05d", rng.IntN(50000)), pick(rng, w.depts), pick(rng, w.months), pick(rng, hotline.AllResults()))
}

func (w *randomWriter) outcome(rng *rand.Rand) hotline.Outcome {
	o := hotline.Outcome{CaseNumber: fmt.Sprintf("SO-%05d", rng.IntN(20000)), Department: pick(rng, w.depts),
		Month: pick(rng, w.months), Version: 1, UpdatedAt: baseTime(), UpdatedBy: "hook"}
	w.flags(rng, &o)
	return o
}

// flags sets o's flags at random, as a case's life would: an undispatched
// case has none.
func (w *randomWriter) flags(rng *rand.Rand, o *hotline.Outcome) {
	o.Dispatched = rng.IntN(8) > 0
	o.AcceptedOnTime = o.Dispatched && rng.IntN(4) > 0
	o.ResolvedOnTime = o.Dispatched && rng.IntN(3) > 0
	o.Returned = o.Dispatched && rng.IntN(5) == 0
	o.Redone = o.Dispatched && rng.IntN(6) == 0
	o.Replied = o.Dispatched && rng.IntN(5) > 0
}

// one makes one random write.
func (w *randomWriter) one(ctx context.Context, rng *rand.Rand) {
	switch rng.IntN(9) {
	case 0:
		c := w.callback(rng)
		if k, ok := storedOne(w, rng, &w.callbacks); ok && rng.IntN(6) == 0 {
			c.CaseNumber, c.Month = k.CaseNumber, k.Month // taken: refused
		}
		if w.note("CreateCallback", w.st.CreateCallback(ctx, &c)) {
			w.mu.Lock()
			w.callbacks = append(w.callbacks, c.Key())
			w.mu.Unlock()
		}
	case 1:
		batch := make([]hotline.Callback, 1+rng.IntN(25))
		for i := range batch {
			batch[i] = w.callback(rng)
		}
		if len(batch) > 1 && rng.IntN(8) == 0 {
			batch[0].CaseNumber, batch[0].Month = batch[1].CaseNumber, batch[1].Month // refused whole
		}
		if w.note("BulkInsertCallbacks", w.st.BulkInsertCallbacks(ctx, batch)) {
			w.mu.Lock()
			for _, c := range batch {
				w.callbacks = append(w.callbacks, c.Key())
			}
			w.mu.Unlock()
		}
	case 2:
		o := w.outcome(rng)
		if w.note("CreateOutcome", w.st.CreateOutcome(ctx, &o)) {
			w.mu.Lock()
			w.outcomes = append(w.outcomes, o.CaseNumber)
			w.mu.Unlock()
		}
	case 3:
		batch := make([]hotline.Outcome, 1+rng.IntN(20))
		for i := range batch {
			batch[i] = w.outcome(rng)
		}
		if w.note("BulkInsertOutcomes", w.st.BulkInsertOutcomes(ctx, batch)) {
			w.mu.Lock()
			for _, o := range batch {
				w.outcomes = append(w.outcomes, o.CaseNumber)
			}
			w.mu.Unlock()
		}
	case 4, 5:
		if n, ok := storedOne(w, rng, &w.outcomes); ok {
			if o := w.getOutcome(ctx, n); o != nil {
				w.note("UpdateOutcome", w.st.UpdateOutcome(ctx, w.nextOutcome(rng, o, rng.IntN(4))))
			}
		}
	case 6:
		d := deduction(w.tb, pick(rng, w.depts), pick(rng, w.months), pick(rng, w.points))
		if rng.IntN(5) == 0 {
			d.Status = pick(rng, hotline.AllDeductionStatuses())
		}
		if w.note("CreateDeduction", w.st.CreateDeduction(ctx, d, []hotline.DeductionEvent{dedEvent(w.tb, d, hotline.EventRecorded, "", "")})) {
			w.mu.Lock()
			w.deductions = append(w.deductions, d.ID)
			w.mu.Unlock()
		}
	default:
		if id, ok := storedOne(w, rng, &w.deductions); ok {
			if d := w.getDeduction(ctx, id); d != nil {
				next, events := w.nextDeduction(rng, d, pick(rng, hotline.AllDeductionStatuses()))
				w.note("UpdateDeduction", w.st.UpdateDeduction(ctx, next, events))
			}
		}
	}
}

func (w *randomWriter) getOutcome(ctx context.Context, caseNumber string) *hotline.Outcome {
	o, err := w.st.GetOutcome(ctx, caseNumber)
	if err != nil {
		w.failf("GetOutcome of the stored case %s: %v", caseNumber, err)
		return nil
	}
	return o
}

func (w *randomWriter) getDeduction(ctx context.Context, id uuid.UUID) *hotline.Deduction {
	d, err := w.st.GetDeduction(ctx, id)
	if err != nil {
		w.failf("GetDeduction of the stored deduction %s: %v", id, err)
		return nil
	}
	return d
}

// nextOutcome returns the next version of o: new flags, and by how (0 to
// 3) a new month, a new department, both, or neither; with new flags
// equal to the old, the summary may not change at all.
func (w *randomWriter) nextOutcome(rng *rand.Rand, o *hotline.Outcome, how int) *hotline.Outcome {
	n := *o
	n.Version++
	n.UpdatedAt = o.UpdatedAt.Add(time.Minute)
	if rng.IntN(4) > 0 {
		w.flags(rng, &n)
	}
	if how&1 != 0 {
		n.Month = pick(rng, w.months)
	}
	if how&2 != 0 {
		n.Department = pick(rng, w.depts)
	}
	return &n
}

// nextDeduction returns the next version of d in status to, with its
// event; now and then it moves to another month, department or points too.
func (w *randomWriter) nextDeduction(rng *rand.Rand, d *hotline.Deduction, to hotline.DeductionStatus) (*hotline.Deduction, []hotline.DeductionEvent) {
	n := d.Clone()
	n.Status, n.Version = to, d.Version+1
	switch rng.IntN(8) {
	case 0:
		n.Month = pick(rng, w.months)
	case 1:
		n.Department = pick(rng, w.depts)
	case 2:
		n.Points = deduction(w.tb, n.Department, n.Month, pick(rng, w.points)).Points
	}
	return n, []hotline.DeductionEvent{dedEvent(w.tb, n, hotline.EventAppealed, d.Status, "")}
}

// race has writers goroutines update the same stored outcome, and then the
// same stored deduction, each from the version they all read: at most one
// of each may win.
func (w *randomWriter) race(ctx context.Context, rng *rand.Rand, writers int) {
	if n, ok := storedOne(w, rng, &w.outcomes); ok {
		if o := w.getOutcome(ctx, n); o != nil {
			nexts := make([]*hotline.Outcome, writers)
			for i := range nexts {
				nexts[i] = w.nextOutcome(rng, o, i%4)
			}
			w.requireOneWinner("UpdateOutcome", "outcome "+n, writers, func(i int) error { return w.st.UpdateOutcome(ctx, nexts[i]) })
		}
	}
	if id, ok := storedOne(w, rng, &w.deductions); ok {
		if d := w.getDeduction(ctx, id); d != nil {
			nexts := make([]*hotline.Deduction, writers)
			events := make([][]hotline.DeductionEvent, writers)
			for i := range nexts {
				nexts[i], events[i] = w.nextDeduction(rng, d, hotline.AllDeductionStatuses()[i%4])
			}
			w.requireOneWinner("UpdateDeduction", "deduction "+id.String(), writers, func(i int) error {
				return w.st.UpdateDeduction(ctx, nexts[i], events[i])
			})
		}
	}
}

// requireOneWinner runs write(i) for each of n goroutines at once and
// notes a failure if more than one succeeded.
func (w *randomWriter) requireOneWinner(method, what string, n int, write func(i int) error) {
	var wg sync.WaitGroup
	wins := make([]bool, n)
	for i := range n {
		wg.Go(func() { wins[i] = w.note(method, write(i)) })
	}
	wg.Wait()
	won := 0
	for _, ok := range wins {
		if ok {
			won++
		}
	}
	if won > 1 {
		w.failf("%d of %d writers of %s from the same version all won; at most one may", won, n, what)
	}
}
