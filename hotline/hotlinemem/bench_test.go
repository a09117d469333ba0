package hotlinemem_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
)

// benchSize is the data set of the assessment benchmark: a million
// callbacks and a million outcomes in the month assessed, 10,000
// deductions, 200 departments (a tenth with -short).
func benchSize() (rows, deductions, depts int) {
	if testing.Short() {
		return 100_000, 1_000, 200
	}
	return 1_000_000, 10_000, 200
}

// benchData builds the records of one month.
func benchData(m hotline.Month) ([]hotline.Callback, []hotline.Outcome, []hotline.Deduction) {
	rows, nded, ndept := benchSize()
	at := m.Start().Add(10 * time.Hour)
	results := hotline.AllResults()
	dept := make([]string, ndept)
	for i := range dept {
		dept[i] = fmt.Sprintf("dept%03d", i)
	}
	cbs := make([]hotline.Callback, rows)
	ocs := make([]hotline.Outcome, rows)
	for i := range rows {
		number := fmt.Sprintf("2022-%07d", i)
		r := results[0]
		if k := i % 100; k >= 60 {
			r = results[1+(k%5)]
		}
		cbs[i] = hotline.Callback{ID: uuid.Must(uuid.NewV7()), CaseNumber: number, Department: dept[(i*7)%ndept],
			Month: m, Result: r, CalledAt: at, CreatedAt: at, CreatedBy: "bench"}
		ocs[i] = hotline.Outcome{CaseNumber: number, Department: dept[(i*13)%ndept], Month: m, Dispatched: i%50 != 0,
			AcceptedOnTime: i%50 != 0 && i%31 != 0, ResolvedOnTime: i%50 != 0 && i%37 != 0,
			Returned: i%50 != 0 && i%41 == 0, Redone: i%50 != 0 && i%43 == 0, Replied: i%50 != 0,
			Version: 1, UpdatedAt: at, UpdatedBy: "bench"}
	}
	ds := make([]hotline.Deduction, nded)
	for i := range ds {
		ds[i] = hotline.Deduction{ID: uuid.Must(uuid.NewV7()), Department: dept[i%ndept], Month: m,
			RuleCode: hotline.RuleOverdue, Points: decimal.RequireFromString("0.2"), Reason: "bench",
			RecordedAt: at, AppealBy: at.Add(7 * 24 * time.Hour), Status: hotline.DeductionRecorded, Version: 1}
		if i%10 == 0 {
			ds[i].Status = hotline.DeductionOverturned
		}
	}
	return cbs, ocs, ds
}

// loopCounts is the baseline: one hand-written pass over the slices that
// computes the same per-department counts the store's queries return.
func loopCounts(cbs []hotline.Callback, ocs []hotline.Outcome, m hotline.Month) (map[string]*[6]int64, map[string]*hotline.OutcomeCount) {
	cb := map[string]*[6]int64{}
	for i := range cbs {
		c := &cbs[i]
		if c.Month != m {
			continue
		}
		n := cb[c.Department]
		if n == nil {
			n = new([6]int64)
			cb[c.Department] = n
		}
		switch c.Result {
		case hotline.ResultVerySatisfied:
			n[0]++
		case hotline.ResultSatisfied:
			n[1]++
		case hotline.ResultBasicallySatisfied:
			n[2]++
		case hotline.ResultDissatisfied:
			n[3]++
		case hotline.ResultVeryDissatisfied:
			n[4]++
		default:
			n[5]++
		}
	}
	oc := map[string]*hotline.OutcomeCount{}
	one := func(b bool) int64 {
		if b {
			return 1
		}
		return 0
	}
	for i := range ocs {
		o := &ocs[i]
		if o.Month != m {
			continue
		}
		n := oc[o.Department]
		if n == nil {
			n = &hotline.OutcomeCount{Month: m, Department: o.Department}
			oc[o.Department] = n
		}
		n.Total++
		n.Dispatched += one(o.Dispatched)
		n.AcceptedOnTime += one(o.AcceptedOnTime)
		n.ResolvedOnTime += one(o.ResolvedOnTime)
		n.Returned += one(o.Returned)
		n.Redone += one(o.Redone)
		n.Replied += one(o.Replied)
	}
	return cb, oc
}

// BenchmarkMonthlyAssessment measures hotlinemem's whole monthly
// assessment (three count queries, rates and scores for every department)
// against the baseline loop over the same slices, timed in the same
// iterations. It reports both in rows/s (callbacks plus outcomes) and their
// ratio (mem/loop; the target is at least 0.5).
func BenchmarkMonthlyAssessment(b *testing.B) {
	ctx := b.Context()
	m := hotline.NewMonth(2022, 8)
	cbs, ocs, ds := benchData(m)
	st := hotlinemem.New()
	if err := st.BulkInsertCallbacks(ctx, cbs); err != nil {
		b.Fatal(err)
	}
	if err := st.BulkInsertOutcomes(ctx, ocs); err != nil {
		b.Fatal(err)
	}
	for i := range ds {
		if err := st.CreateDeduction(ctx, &ds[i], nil); err != nil {
			b.Fatal(err)
		}
	}
	svc := hotline.NewService(st)
	rows := float64(len(cbs) + len(ocs))

	// The two must agree, or the comparison means nothing.
	ma, err := svc.MonthlyAssessment(ctx, govops.Actor{Name: "bench"}, m)
	if err != nil {
		b.Fatal(err)
	}
	cb, oc := loopCounts(cbs, ocs, m)
	if len(ma.Departments) != len(oc) || ma.District.Volume != int64(len(ocs)) {
		b.Fatalf("assessment and loop disagree: %d/%d departments, volume %d", len(ma.Departments), len(oc), ma.District.Volume)
	}
	for _, a := range ma.Departments {
		if a.Dispatched != oc[a.Department].Dispatched || a.Callbacks[hotline.ResultSatisfied] != cb[a.Department][1] {
			b.Fatalf("department %s: assessment and loop disagree", a.Department)
		}
	}

	var memTime, loopTime time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := svc.MonthlyAssessment(ctx, govops.Actor{Name: "bench"}, m); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		loopCounts(cbs, ocs, m)
		t2 := time.Now()
		memTime += t1.Sub(t0)
		loopTime += t2.Sub(t1)
	}
	n := float64(b.N)
	memRate, loopRate := rows*n/memTime.Seconds(), rows*n/loopTime.Seconds()
	b.ReportMetric(memRate, "mem_rows/s")
	b.ReportMetric(loopRate, "loop_rows/s")
	b.ReportMetric(memRate/loopRate, "mem/loop")
	b.ReportMetric(float64(memTime.Milliseconds())/n, "mem_ms/op")
}
