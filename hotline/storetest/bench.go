package storetest

import (
	"fmt"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// RunBenchmarks measures a store made by newHarness:
//
//   - BulkInsertCallbacks: batches of 1,000 callbacks, in rows/s;
//   - CreateCallback: one callback at a time;
//   - UpdateOutcome: one outcome's flags (and every fourth time its
//     department) changed at a time, over 1,000 stored outcomes;
//   - CallbackCounts and OutcomeCounts: one month's counts over the seeded
//     rows (50,000 of each, 5,000 with -short, over 100 departments), in
//     rows/s counted;
//   - MonthlyAssessment: the Service's whole monthly assessment over the
//     same rows, in rows/s.
func RunBenchmarks(b *testing.B, newHarness HarnessMaker) {
	ctx := b.Context()
	_, mk := storetestkit.OpenHarness(b, newHarness)

	b.Run("BulkInsertCallbacks", func(b *testing.B) {
		st := mk(b)
		n := 0
		for b.Loop() {
			batch := make([]hotline.Callback, 1000)
			for i := range batch {
				batch[i] = callback(b, fmt.Sprintf("W-%09d", n), fmt.Sprintf("dept%03d", n%100), aug(), hotline.AllResults()[n%6])
				n++
			}
			if err := st.BulkInsertCallbacks(ctx, batch); err != nil {
				b.Fatalf("BulkInsertCallbacks: %v", err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
	})

	b.Run("CreateCallback", func(b *testing.B) {
		st := mk(b)
		n := 0
		for b.Loop() {
			c := callback(b, fmt.Sprintf("C-%09d", n), fmt.Sprintf("dept%03d", n%100), aug(), hotline.AllResults()[n%6])
			n++
			if err := st.CreateCallback(ctx, &c); err != nil {
				b.Fatalf("CreateCallback: %v", err)
			}
		}
	})
	b.Run("UpdateOutcome", func(b *testing.B) {
		st := mk(b)
		os := make([]hotline.Outcome, 1000)
		for i := range os {
			os[i] = outcome(fmt.Sprintf("U-%06d", i), fmt.Sprintf("dept%03d", i%100), aug())
		}
		if err := st.BulkInsertOutcomes(ctx, os); err != nil {
			b.Fatalf("seeding outcomes: %v", err)
		}
		n := 0
		for b.Loop() {
			o := &os[n%len(os)]
			o.Version++
			o.Replied, o.ResolvedOnTime = !o.Replied, !o.ResolvedOnTime
			if n%4 == 0 {
				o.Department = fmt.Sprintf("dept%03d", (n/4)%100)
			}
			n++
			if err := st.UpdateOutcome(ctx, o); err != nil {
				b.Fatalf("UpdateOutcome: %v", err)
			}
		}
	})

	st := mk(b)
	rows := storetestkit.Scale(5000, 50000)
	cbs := make([]hotline.Callback, rows)
	ocs := make([]hotline.Outcome, rows)
	for i := range rows {
		dept := fmt.Sprintf("dept%03d", i%100)
		cbs[i] = callback(b, fmt.Sprintf("R-%09d", i), dept, aug(), hotline.AllResults()[i%6])
		ocs[i] = outcome(fmt.Sprintf("R-%09d", i), dept, aug())
	}
	if err := st.BulkInsertCallbacks(ctx, cbs); err != nil {
		b.Fatalf("seeding callbacks: %v", err)
	}
	if err := st.BulkInsertOutcomes(ctx, ocs); err != nil {
		b.Fatalf("seeding outcomes: %v", err)
	}

	b.Run("CallbackCounts", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.CallbackCounts(ctx, hotline.SingleMonth(aug())); err != nil {
				b.Fatalf("CallbackCounts: %v", err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("OutcomeCounts", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.OutcomeCounts(ctx, hotline.SingleMonth(aug())); err != nil {
				b.Fatalf("OutcomeCounts: %v", err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("MonthlyAssessment", func(b *testing.B) {
		svc := hotline.NewService(st)
		for b.Loop() {
			ma, err := svc.MonthlyAssessment(ctx, govops.Actor{Name: "bench"}, aug())
			if err != nil {
				b.Fatalf("MonthlyAssessment: %v", err)
			}
			if ma.District.Volume != int64(rows) {
				b.Fatalf("volume %d, want %d", ma.District.Volume, rows)
			}
		}
		b.ReportMetric(float64(2*rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
