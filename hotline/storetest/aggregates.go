package storetest

import (
	"fmt"
	"math/rand/v2"
	"sort"
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

	points := []string{"0.2", "0.5", "1.25", "0.2", "3"}
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

// TestAggregates checks the three monthly counts, and their order, against
// a brute-force count over a randomized fixture.
func (cases) TestAggregates(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	f := seedFixture(t, st, 20220801)
	for _, r := range []hotline.MonthRange{
		hotline.SingleMonth(aug()),
		hotline.SingleMonth(hotline.NewMonth(2022, 10)),
		{First: hotline.NewMonth(2022, 1), Last: hotline.NewMonth(2022, 8)},
		{First: hotline.NewMonth(2022, 6), Last: hotline.NewMonth(2022, 10)},
		hotline.SingleMonth(hotline.NewMonth(2021, 8)),
	} {
		t.Run(r.First.String()+".."+r.Last.String(), func(t *testing.T) {
			// Callbacks.
			wantCB := map[hotline.CallbackCount]int64{}
			for _, c := range f.callbacks {
				if r.Contains(c.Month) {
					wantCB[hotline.CallbackCount{Month: c.Month, Department: c.Department, Result: c.Result}]++
				}
			}
			gotCB, err := st.CallbackCounts(ctx, r)
			storetestkit.Must(t, err, "CallbackCounts")
			if !sort.SliceIsSorted(gotCB, func(i, j int) bool { return cbLess(gotCB[i], gotCB[j]) }) {
				t.Errorf("CallbackCounts is not ordered by month, department, result")
			}
			if len(gotCB) != len(wantCB) {
				t.Errorf("CallbackCounts has %d groups, want %d", len(gotCB), len(wantCB))
			}
			for _, g := range gotCB {
				k := g
				k.Count = 0
				if wantCB[k] != g.Count {
					t.Errorf("CallbackCounts %s %s %s = %d, want %d", g.Month, g.Department, g.Result, g.Count, wantCB[k])
				}
			}

			// Outcomes.
			type grp struct {
				m hotline.Month
				d string
			}
			wantOC := map[grp]hotline.OutcomeCount{}
			for _, o := range f.outcomes {
				if !r.Contains(o.Month) {
					continue
				}
				c := wantOC[grp{o.Month, o.Department}]
				c.Month, c.Department = o.Month, o.Department
				c.Add(hotline.OutcomeCount{Total: 1, Dispatched: b(o.Dispatched), AcceptedOnTime: b(o.AcceptedOnTime),
					ResolvedOnTime: b(o.ResolvedOnTime), Returned: b(o.Returned), Redone: b(o.Redone), Replied: b(o.Replied)})
				wantOC[grp{o.Month, o.Department}] = c
			}
			gotOC, err := st.OutcomeCounts(ctx, r)
			storetestkit.Must(t, err, "OutcomeCounts")
			if !sort.SliceIsSorted(gotOC, func(i, j int) bool {
				return less(gotOC[i].Month, gotOC[i].Department, gotOC[j].Month, gotOC[j].Department)
			}) {
				t.Errorf("OutcomeCounts is not ordered by month, department")
			}
			if len(gotOC) != len(wantOC) {
				t.Errorf("OutcomeCounts has %d groups, want %d", len(gotOC), len(wantOC))
			}
			for _, g := range gotOC {
				if w := wantOC[grp{g.Month, g.Department}]; w != g {
					t.Errorf("OutcomeCounts %s %s = %+v, want %+v", g.Month, g.Department, g, w)
				}
			}

			// Deductions.
			wantDC := map[grp]hotline.DeductionCount{}
			for _, d := range f.deductions {
				if !r.Contains(d.Month) || d.Status == hotline.DeductionOverturned {
					continue
				}
				c := wantDC[grp{d.Month, d.Department}]
				c.Month, c.Department, c.Count, c.Points = d.Month, d.Department, c.Count+1, c.Points.Add(d.Points)
				wantDC[grp{d.Month, d.Department}] = c
			}
			gotDC, err := st.DeductionCounts(ctx, r)
			storetestkit.Must(t, err, "DeductionCounts")
			if !sort.SliceIsSorted(gotDC, func(i, j int) bool {
				return less(gotDC[i].Month, gotDC[i].Department, gotDC[j].Month, gotDC[j].Department)
			}) {
				t.Errorf("DeductionCounts is not ordered by month, department")
			}
			if len(gotDC) != len(wantDC) {
				t.Errorf("DeductionCounts has %d groups, want %d", len(gotDC), len(wantDC))
			}
			for _, g := range gotDC {
				w := wantDC[grp{g.Month, g.Department}]
				if w.Count != g.Count || !w.Points.Equal(g.Points) {
					t.Errorf("DeductionCounts %s %s = %d/%s, want %d/%s", g.Month, g.Department, g.Count, g.Points, w.Count, w.Points)
				}
			}
		})
	}
}

func b(v bool) int64 {
	if v {
		return 1
	}
	return 0
}

func less(m1 hotline.Month, d1 string, m2 hotline.Month, d2 string) bool {
	if m1 != m2 {
		return m1.Before(m2)
	}
	return d1 < d2
}

func cbLess(a, b hotline.CallbackCount) bool {
	if a.Month != b.Month || a.Department != b.Department {
		return less(a.Month, a.Department, b.Month, b.Department)
	}
	return a.Result < b.Result
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
