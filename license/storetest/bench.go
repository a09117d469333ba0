package storetest

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// benchChunk is how many records one Write of the import benchmark
// carries.
const benchChunk = 1000

// RunBenchmarks measures a store made by newHarness:
//
//   - CreateTypes: batches of 1,000 types, each with its added event, in
//     rows/s;
//   - Import: chunks of 1,000 records through one RecordWriter, committed
//     every 10 chunks, in rows/s;
//   - Records: a page of 50 valid records of one department, over the
//     seeded records (20,000, 2,000 with -short), in pages/s;
//   - Facts: over the seeded catalog, in records/s counted.
func RunBenchmarks(b *testing.B, newHarness HarnessMaker) {
	ctx := b.Context()
	_, mk := storetestkit.OpenHarness(b, newHarness)

	b.Run("CreateTypes", func(b *testing.B) {
		st := mk(b)
		n := 0
		for b.Loop() {
			ts := make([]license.Type, 1000)
			evs := make([]license.Event, len(ts))
			for i := range ts {
				ts[i] = newType(b, fmt.Sprintf("B%020d", n), "营业执照")
				evs[i] = typeAdded(b, &ts[i])
				n++
			}
			if err := st.CreateTypes(ctx, ts, evs); err != nil {
				b.Fatalf("CreateTypes: %v", err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("Import", func(b *testing.B) {
		st := mk(b)
		n := 0
		for b.Loop() {
			w, err := st.BeginImport(ctx)
			if err != nil {
				b.Fatal(err)
			}
			batch := newBatch(b, 10*benchChunk)
			for range 10 {
				rs := make([]license.Record, benchChunk)
				for i := range rs {
					rs[i] = newRecord(b, typeCode(n%40), n)
					rs[i].Batch = batch.ID
					n++
				}
				if refused, err := w.Write(ctx, rs); err != nil || len(refused) > 0 {
					b.Fatalf("Write: %v (%d refused)", err, len(refused))
				}
			}
			if err := w.Commit(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
	})

	st := mk(b)
	rows := storetestkit.Scale(2000, 20000)
	ts := make([]license.Type, 40)
	for i := range ts {
		ts[i] = newType(b, typeCode(i), fmt.Sprintf("证照%d", i))
	}
	if err := st.CreateTypes(ctx, ts, nil); err != nil {
		b.Fatal(err)
	}
	batch := newBatch(b, int64(rows))
	rs := make([]license.Record, rows)
	for i := range rs {
		rs[i] = newRecord(b, typeCode(i%40), i)
		rs[i].Department = fmt.Sprintf("dept-%02d", i%25)
		rs[i].State = license.States()[i%3]
		rs[i].Batch = batch.ID
	}
	mustImport(b, st, batch, rs...)
	b.Run("Records", func(b *testing.B) {
		f := license.RecordFilter{Department: "dept-07", State: license.StateValid}
		for b.Loop() {
			if _, err := st.Records(ctx, f, uuid.Nil, 50); err != nil {
				b.Fatalf("Records: %v", err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	})
	b.Run("Facts", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Facts(ctx); err != nil {
				b.Fatalf("Facts: %v", err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
}
