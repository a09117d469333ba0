package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// fixture is a randomized data set and what was stored of it.
type fixture struct {
	callbacks  []hotline.Callback
	outcomes   map[string]hotline.Outcome
	deductions []hotline.Deduction
}

// aggDepartments mixes ASCII and Chinese codes, so that byte order matters.
func aggDepartments() []string {
	return []string{"A01", "a01", "B-2", "区执法局", "区征补中心", "区跃进街道办事处", "Z"}
}

// seedFixture stores a randomized fixture over June–October 2022: callbacks
// (bulk and one by one), outcomes (some updated, some moved to another
// month), and deductions in every status with points of several scales.
func seedFixture(t *testing.T, st hotline.Store, seed uint64) *fixture {
	t.Helper()
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(seed, seed*31+1))
	depts := aggDepartments()
	months := hotline.MonthsBetween(hotline.NewMonth(2022, 6), hotline.NewMonth(2022, 10))
	results := hotline.AllResults()
	f := &fixture{outcomes: map[string]hotline.Outcome{}}

	keys := map[hotline.CallbackKey]bool{}
	var batch []hotline.Callback
	for i := range 1800 {
		c := callback(t, fmt.Sprintf("C-%05d", rng.IntN(1400)), depts[rng.IntN(len(depts))],
			months[rng.IntN(len(months))], results[rng.IntN(len(results))])
		if keys[c.Key()] {
			continue
		}
		keys[c.Key()] = true
		if i%10 == 0 {
			storetestkit.Must(t, st.CreateCallback(ctx, &c), "CreateCallback")
		} else {
			batch = append(batch, c)
		}
		f.callbacks = append(f.callbacks, c)
	}
	storetestkit.Must(t, st.BulkInsertCallbacks(ctx, batch), "BulkInsertCallbacks")

	var obatch []hotline.Outcome
	for i := range 1500 {
		o := hotline.Outcome{CaseNumber: fmt.Sprintf("O-%05d", i), Department: depts[rng.IntN(len(depts))],
			Month: months[rng.IntN(len(months))], Version: 1, UpdatedAt: baseTime(), UpdatedBy: "hook"}
		if rng.IntN(10) > 0 {
			o.Dispatched = true
			o.AcceptedOnTime = rng.IntN(10) > 1
			o.ResolvedOnTime = rng.IntN(10) > 2
			o.Returned = rng.IntN(10) == 0
			o.Redone = rng.IntN(12) == 0
			o.Replied = rng.IntN(20) > 0
		}
		obatch = append(obatch, o)
		f.outcomes[o.CaseNumber] = o
	}
	storetestkit.Must(t, st.BulkInsertOutcomes(ctx, obatch), "BulkInsertOutcomes")
	for i := 0; i < len(obatch); i += 7 {
		o := f.outcomes[obatch[i].CaseNumber]
		o.Version++
		o.Replied = !o.Replied && o.Dispatched
		if i%2 == 0 {
			o.Month = months[rng.IntN(len(months))]
			o.Department = depts[rng.IntN(len(depts))]
		}
		storetestkit.Must(t, st.UpdateOutcome(ctx, &o), "UpdateOutcome")
		f.outcomes[o.CaseNumber] = o
	}

	points := []string{"0.2", "0.5", "1.25", "0.20", "3"}
	statuses := hotline.AllDeductionStatuses()
	for range 240 {
		d := deduction(t, depts[rng.IntN(len(depts))], months[rng.IntN(len(months))], points[rng.IntN(len(points))])
		storetestkit.Must(t, st.CreateDeduction(ctx, d, nil), "CreateDeduction")
		if s := statuses[rng.IntN(len(statuses))]; s != hotline.DeductionRecorded {
			n := d.Clone()
			n.Status, n.Version = s, 2
			storetestkit.Must(t, st.UpdateDeduction(ctx, n, nil), "UpdateDeduction")
			d = n
		}
		f.deductions = append(f.deductions, *d)
	}
	return f
}

// TestAggregates checks the three monthly counts against a brute-force
// count over a randomized fixture: every group once, in any order. Then,
// on fresh stores, that they stay right under random sequences of writes,
// concurrent ones included, and that a store keeping summaries finds them
// equal to its records (see aggregatesUnderWrites and repairOfCleanStore).
func (cases) TestAggregates(t *testing.T, mk storeMaker) {
	st := mk(t)
	f := seedFixture(t, st, 20220801)
	var outcomes []hotline.Outcome
	for _, o := range f.outcomes {
		outcomes = append(outcomes, o)
	}
	for _, r := range []hotline.MonthRange{
		hotline.SingleMonth(aug()),
		hotline.SingleMonth(hotline.NewMonth(2022, 10)),
		{First: hotline.NewMonth(2022, 1), Last: hotline.NewMonth(2022, 8)},
		{First: hotline.NewMonth(2022, 6), Last: hotline.NewMonth(2022, 10)},
		hotline.SingleMonth(hotline.NewMonth(2021, 8)),
	} {
		t.Run(r.First.String()+".."+r.Last.String(), func(t *testing.T) {
			t.Run("Callbacks", func(t *testing.T) { requireCallbackCounts(t, st, f.callbacks, r) })
			t.Run("Outcomes", func(t *testing.T) { requireOutcomeCounts(t, st, outcomes, r) })
			// The statuses that count are the Service's to choose: a store
			// must count exactly those it is given.
			for _, counting := range countingSets() {
				t.Run(fmt.Sprintf("Deductions%v", counting), func(t *testing.T) {
					requireDeductionCounts(t, st, f.deductions, r, counting)
				})
			}
		})
	}
	t.Run("UnderRandomWrites", func(t *testing.T) { aggregatesUnderWrites(t, mk(t), 20220901) })
	t.Run("RepairOfCleanStore", func(t *testing.T) { repairOfCleanStore(t, mk(t)) })
}

// countingSets are the sets of deduction statuses the counts are checked
// with: the Service's, every status, each alone or in part, and none.
func countingSets() [][]hotline.DeductionStatus {
	return [][]hotline.DeductionStatus{
		{hotline.DeductionRecorded, hotline.DeductionAppealed, hotline.DeductionUpheld},
		hotline.AllDeductionStatuses(),
		{hotline.DeductionOverturned},
		{hotline.DeductionAppealed, hotline.DeductionUpheld},
		nil,
	}
}

// requireCallbackCounts checks CallbackCounts over r against a brute-force
// count of cbs, the stored callbacks.
func requireCallbackCounts(tb testing.TB, st hotline.Store, cbs []hotline.Callback, r hotline.MonthRange) {
	tb.Helper()
	counts := map[cbKey]int64{}
	for _, c := range cbs {
		if r.Contains(c.Month) {
			counts[cbKey{c.Month, c.Department, c.Result}]++
		}
	}
	var want []hotline.CallbackCount
	for k, n := range counts {
		want = append(want, hotline.CallbackCount{Month: k.m, Department: k.d, Result: k.r, Count: n})
	}
	got, err := st.CallbackCounts(tb.Context(), r)
	storetestkit.Must(tb, err, "CallbackCounts")
	storetestkit.RequireGroups(tb, want, got, func(c hotline.CallbackCount) cbKey {
		return cbKey{c.Month, c.Department, c.Result}
	}, fmt.Sprintf("CallbackCounts of %s..%s", r.First, r.Last))
}

// requireOutcomeCounts checks OutcomeCounts over r against a brute-force
// count of os, the stored outcomes.
func requireOutcomeCounts(tb testing.TB, st hotline.Store, os []hotline.Outcome, r hotline.MonthRange) {
	tb.Helper()
	counts := map[grpKey]hotline.OutcomeCount{}
	for _, o := range os {
		if !r.Contains(o.Month) {
			continue
		}
		c := counts[grpKey{o.Month, o.Department}]
		c.Month, c.Department = o.Month, o.Department
		c.Add(hotline.OutcomeCount{Total: 1, Dispatched: b(o.Dispatched), AcceptedOnTime: b(o.AcceptedOnTime),
			ResolvedOnTime: b(o.ResolvedOnTime), Returned: b(o.Returned), Redone: b(o.Redone), Replied: b(o.Replied)})
		counts[grpKey{o.Month, o.Department}] = c
	}
	var want []hotline.OutcomeCount
	for _, c := range counts {
		want = append(want, c)
	}
	got, err := st.OutcomeCounts(tb.Context(), r)
	storetestkit.Must(tb, err, "OutcomeCounts")
	storetestkit.RequireGroups(tb, want, got, func(c hotline.OutcomeCount) grpKey {
		return grpKey{c.Month, c.Department}
	}, fmt.Sprintf("OutcomeCounts of %s..%s", r.First, r.Last))
}

// requireDeductionCounts checks DeductionCounts over r for the statuses
// counting against a brute-force count of ds, the stored deductions.
func requireDeductionCounts(tb testing.TB, st hotline.Store, ds []hotline.Deduction, r hotline.MonthRange, counting []hotline.DeductionStatus) {
	tb.Helper()
	counts := map[dedKey]hotline.DeductionGroup{}
	for _, d := range ds {
		if !r.Contains(d.Month) || !slices.Contains(counting, d.Status) {
			continue
		}
		k := dedKey{d.Month, d.Department, d.Points.String()}
		g := counts[k]
		g.Month, g.Department, g.Points, g.Count = d.Month, d.Department, d.Points, g.Count+1
		counts[k] = g
	}
	var want []hotline.DeductionGroup
	for _, g := range counts {
		want = append(want, g)
	}
	got, err := st.DeductionCounts(tb.Context(), r, counting)
	storetestkit.Must(tb, err, "DeductionCounts")
	storetestkit.RequireGroups(tb, want, got, func(g hotline.DeductionGroup) dedKey {
		return dedKey{g.Month, g.Department, g.Points.String()}
	}, fmt.Sprintf("DeductionCounts of %s..%s for %v", r.First, r.Last, counting))
}

// The keys of the groups of the three counts.
type (
	cbKey struct {
		m hotline.Month
		d string
		r hotline.Result
	}
	grpKey struct {
		m hotline.Month
		d string
	}
	// dedKey keys deductions by the value of their points: the text of a
	// decimal's value is canonical ("0.20" reads "0.2").
	dedKey struct {
		m hotline.Month
		d string
		p string
	}
)

func b(v bool) int64 {
	if v {
		return 1
	}
	return 0
}

// TestPeerResults checks that peer results are replaced period by period,
// atomically, and listed by district.
func (cases) TestPeerResults(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	y, m := hotline.YearPeriod(2022), hotline.MonthPeriod(aug())
	pr := func(d string, p hotline.Period, score string) hotline.PeerResult {
		return hotline.PeerResult{District: d, Period: p, Score: decimal.RequireFromString(score),
			Satisfaction: decimal.RequireFromString("95.92"), ImportedAt: baseTime(), ImportedBy: "admin"}
	}
	first := []hotline.PeerResult{pr("柳北区", y, "98.5"), pr("城中区", y, "97.2"), pr("鱼峰区", y, "97.20"), pr("柳北区", m, "99.4")}
	storetestkit.Must(t, st.ReplacePeerResults(ctx, first), "ReplacePeerResults")
	got, err := st.ListPeerResults(ctx, y)
	storetestkit.Must(t, err, "ListPeerResults")
	storetestkit.RequireEqual(t, []hotline.PeerResult{first[1], first[0], first[2]}, got, "peer results of 2022 (ordered by district)")

	t.Run("ReplaceOnlyNamedPeriods", func(t *testing.T) {
		storetestkit.Must(t, st.ReplacePeerResults(ctx, []hotline.PeerResult{pr("柳南区", y, "96.9")}), "ReplacePeerResults")
		got, err := st.ListPeerResults(ctx, y)
		storetestkit.Must(t, err, "ListPeerResults")
		if len(got) != 1 || got[0].District != "柳南区" {
			t.Fatalf("2022 after replacing = %+v, want 柳南区 alone", got)
		}
		got, err = st.ListPeerResults(ctx, m)
		storetestkit.Must(t, err, "ListPeerResults")
		if len(got) != 1 {
			t.Fatalf("2022-08 was touched: %+v", got)
		}
	})
	t.Run("ErrDuplicateInBatchWritesNothing", func(t *testing.T) {
		err := st.ReplacePeerResults(ctx, []hotline.PeerResult{pr("城中区", y, "1"), pr("城中区", y, "2")})
		storetestkit.MustCode(t, err, govops.ECONFLICT, "ReplacePeerResults with a district twice")
		got, err := st.ListPeerResults(ctx, y)
		storetestkit.Must(t, err, "ListPeerResults")
		if len(got) != 1 || got[0].District != "柳南区" {
			t.Fatalf("a rejected replace changed 2022: %+v", got)
		}
	})
	t.Run("EmptyPeriod", func(t *testing.T) {
		got, err := st.ListPeerResults(ctx, hotline.YearPeriod(2019))
		storetestkit.Must(t, err, "ListPeerResults")
		if len(got) != 0 {
			t.Fatalf("2019 = %+v", got)
		}
		storetestkit.Must(t, st.ReplacePeerResults(ctx, nil), "ReplacePeerResults of nothing")
	})
}
