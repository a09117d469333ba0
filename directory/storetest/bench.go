package storetest

import (
	"fmt"
	"testing"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// RunBenchmarks measures a store made by newHarness:
//
//   - Create: batches of 1,000 departments, each with its created event,
//     in rows/s;
//   - Departments: a page of 50 active departments of one kind, over the
//     seeded directory (10,000 units, 1,000 with -short), in pages/s;
//   - Lookup: 100 codes in another letter case, in codes/s;
//   - Counts: the groups of the seeded directory, in rows/s counted.
func RunBenchmarks(b *testing.B, newHarness HarnessMaker) {
	ctx := b.Context()
	_, mk := storetestkit.OpenHarness(b, newHarness)

	b.Run("Create", func(b *testing.B) {
		st := mk(b)
		n := 0
		for b.Loop() {
			batch := make([]directory.Department, 1000)
			evs := make([]directory.Event, len(batch))
			for i := range batch {
				batch[i] = dept(b, fmt.Sprintf("W-%09d", n), "区政务服务中心")
				evs[i] = created(b, &batch[i])
				n++
			}
			if err := st.Create(ctx, batch, evs); err != nil {
				b.Fatalf("Create: %v", err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
	})

	st := mk(b)
	rows := storetestkit.Scale(1000, 10000)
	ds := fixture(b, rows)
	evs := make([]directory.Event, rows)
	for i := range ds {
		evs[i] = created(b, &ds[i])
	}
	if err := st.Create(ctx, ds, evs); err != nil {
		b.Fatalf("seeding: %v", err)
	}
	b.Run("Departments", func(b *testing.B) {
		f := directory.Filter{Kinds: []directory.Kind{directory.KindVillage}, Status: directory.StatusActive}
		for b.Loop() {
			if _, err := st.Departments(ctx, f, "", 50); err != nil {
				b.Fatalf("Departments: %v", err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	})
	b.Run("Lookup", func(b *testing.B) {
		codes := make([]string, 100)
		for i := range codes {
			codes[i] = directory.CodeKey(ds[i*len(ds)/len(codes)].Code)
		}
		for b.Loop() {
			if _, err := st.Lookup(ctx, codes); err != nil {
				b.Fatalf("Lookup: %v", err)
			}
		}
		b.ReportMetric(float64(len(codes))*float64(b.N)/b.Elapsed().Seconds(), "codes/s")
	})
	b.Run("Counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Counts(ctx); err != nil {
				b.Fatalf("Counts: %v", err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
