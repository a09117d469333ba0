package storetest

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// requireRefusals fails tb unless got holds exactly the refusals of want,
// in order, by index and field; a refusal's By may be empty (the store
// could not tell who took the value) or must name want's.
func requireRefusals(tb testing.TB, want, got []license.Refusal, what string) {
	tb.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = got[i].Index == want[i].Index && got[i].Field == want[i].Field && (got[i].By == "" || got[i].By == want[i].By)
	}
	if !ok {
		tb.Fatalf("%s refused %+v, want %+v (By may be empty)", what, got, want)
	}
}

// TestImport checks the RecordWriter: a Refusal for each record whose
// identifier, number within its type, or holder code under the exclusive
// rule a stored record, a record of an earlier chunk or an earlier record
// of the chunk takes; nothing visible before Commit, which stores the
// batch and the records at once; nothing left after Rollback; Rollback
// after Commit doing nothing; a Write or Commit with a cancelled context
// failing, with nothing left of that import once rolled back; and two
// concurrent imports of one identifier, of which exactly one stores it.
func (cases) TestImport(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	typ, other := typeCode(1), typeCode(2)
	// The stored records come from an import of their own.
	sA := exclusive(newRecord(t, typ, 1))
	sB := newRecord(t, typ, 2)
	first := newBatch(t, 2)
	stored := inBatch(first, sA, sB)
	mustImport(t, st, first, stored...)

	t.Run("Refusals", func(t *testing.T) {
		b := newBatch(t, 0)
		w, err := st.BeginImport(ctx)
		storetestkit.Must(t, err, "BeginImport")
		defer w.Rollback()
		rec := func(n int) license.Record { return inBatch(b, newRecord(t, typ, n))[0] }
		c := make([]license.Record, 11)
		c[0] = rec(100)
		c[1] = rec(101)
		c[1].Identifier = sA.Identifier
		c[2] = rec(102)
		c[2].Number = sB.Number
		c[3] = exclusive(rec(103))
		c[3].HolderCode = sA.HolderCode
		c[4] = rec(104)
		c[4].Type, c[4].Number = other, sB.Number
		c[5] = exclusive(rec(105))
		c[5].HolderCode, c[5].State = sA.HolderCode, license.StateSuspended
		c[6] = rec(106)
		c[6].HolderCode = sA.HolderCode
		c[7] = rec(107)
		c[7].Identifier = c[0].Identifier
		c[8] = rec(108)
		c[8].Number = c[0].Number
		c[9] = exclusive(rec(109))
		c[10] = exclusive(rec(110))
		c[10].HolderCode = c[9].HolderCode
		refused, err := w.Write(ctx, c)
		storetestkit.Must(t, err, "Write")
		requireRefusals(t, []license.Refusal{
			{Index: 1, Field: "identifier", By: sA.Identifier},
			{Index: 2, Field: "number", By: sB.Identifier},
			{Index: 3, Field: "holder_code", By: sA.Identifier},
			{Index: 7, Field: "identifier", By: c[0].Identifier},
			{Index: 8, Field: "number", By: c[0].Identifier},
			{Index: 10, Field: "holder_code", By: c[9].Identifier},
		}, refused, "the first chunk")

		empty, err := w.Write(ctx, nil)
		storetestkit.Must(t, err, "Write of no records")
		requireRefusals(t, nil, empty, "an empty chunk")

		d := make([]license.Record, 4)
		d[0] = rec(200)
		d[0].Identifier = c[0].Identifier
		d[1] = rec(201)
		d[1].Number = c[4].Number
		d[1].Type = other
		d[2] = exclusive(rec(202))
		d[2].HolderCode = c[9].HolderCode
		d[3] = exclusive(rec(203))
		refused, err = w.Write(ctx, d)
		storetestkit.Must(t, err, "Write")
		requireRefusals(t, []license.Refusal{
			{Index: 0, Field: "identifier", By: c[0].Identifier},
			{Index: 1, Field: "number", By: c[4].Identifier},
			{Index: 2, Field: "holder_code", By: c[9].Identifier},
		}, refused, "the second chunk")

		b.Rows, b.Imported, b.BadRows = 15, 6, 9
		storetestkit.Must(t, w.Commit(ctx, b), "Commit")
		storetestkit.Must(t, w.Rollback(), "Rollback after Commit")
		accepted := []license.Record{c[0], c[4], c[5], c[6], c[9], d[3]}
		for _, r := range accepted {
			requireRecord(t, st, r, "after Commit")
		}
		for _, r := range []license.Record{c[2], c[3], c[8], c[10], d[2]} {
			requireNoRecord(t, st, r, "refused by the import")
		}
		requireBatch(t, st, b, accepted)
		requireBatch(t, st, first, stored)
	})
	t.Run("InvisibleBeforeCommit", func(t *testing.T) {
		b := newBatch(t, 2)
		rs := inBatch(b, newRecord(t, typ, 300), newRecord(t, other, 301))
		w, err := st.BeginImport(ctx)
		storetestkit.Must(t, err, "BeginImport")
		defer w.Rollback()
		refused, err := w.Write(ctx, rs)
		storetestkit.Must(t, err, "Write")
		requireRefusals(t, nil, refused, "Write")
		// A reader may see nothing, or wait for the import to end (a
		// database that writes one transaction at a time): either way, a
		// read that returns before Commit finds none of it.
		var committing atomic.Bool
		done := make(chan string, 1)
		go func() {
			_, err1 := st.RecordByIdentifier(ctx, rs[0].Identifier)
			_, err2 := st.Batch(ctx, b.ID)
			got, err3 := st.Records(ctx, license.RecordFilter{Batch: b.ID}, uuid.Nil, 0)
			switch {
			case committing.Load():
				done <- ""
			case govops.ErrorCode(err1) != govops.ENOTFOUND || govops.ErrorCode(err2) != govops.ENOTFOUND || err3 != nil || len(got) != 0:
				done <- fmt.Sprintf("before Commit, RecordByIdentifier: %v; Batch: %v; Records of the batch: %d (%v); want none of it", err1, err2, len(got), err3)
			default:
				done <- ""
			}
		}()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
			done <- ""
		case <-time.After(300 * time.Millisecond):
		}
		committing.Store(true)
		storetestkit.Must(t, w.Commit(ctx, b), "Commit")
		if msg := <-done; msg != "" {
			t.Fatal(msg)
		}
		requireBatch(t, st, b, rs)
	})
	t.Run("Rollback", func(t *testing.T) {
		b := newBatch(t, 1)
		rs := inBatch(b, exclusive(newRecord(t, typ, 400)))
		w, err := st.BeginImport(ctx)
		storetestkit.Must(t, err, "BeginImport")
		_, err = w.Write(ctx, rs)
		storetestkit.Must(t, err, "Write")
		storetestkit.Must(t, w.Rollback(), "Rollback")
		storetestkit.Must(t, w.Rollback(), "Rollback again")
		requireNoRecord(t, st, rs[0], "after Rollback")
		_, err = st.Batch(ctx, b.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Batch after Rollback")
		// Its keys are free again.
		mustImport(t, st, b, rs...)
		requireBatch(t, st, b, rs)
	})
	t.Run("Cancelled", func(t *testing.T) {
		b := newBatch(t, 1)
		rs := inBatch(b, newRecord(t, typ, 3))
		w, err := st.BeginImport(ctx)
		storetestkit.Must(t, err, "BeginImport")
		defer w.Rollback()
		cancelled := storetestkit.Cancelled(t)
		if _, err := w.Write(cancelled, rs); err == nil {
			t.Fatal("Write with a cancelled context returned no error")
		}
		storetestkit.Must(t, w.Rollback(), "Rollback")
		w, err = st.BeginImport(ctx)
		storetestkit.Must(t, err, "BeginImport")
		defer w.Rollback()
		_, err = w.Write(ctx, rs)
		storetestkit.Must(t, err, "Write")
		if err := w.Commit(cancelled, b); err == nil {
			t.Fatal("Commit with a cancelled context returned no error")
		}
		storetestkit.Must(t, w.Rollback(), "Rollback")
		requireNoRecord(t, st, rs[0], "after a cancelled import")
		_, err = st.Batch(ctx, b.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Batch of a cancelled import")
	})
	t.Run("Concurrent", func(t *testing.T) { concurrentImports(t, st) })
}

// requireBatch fails tb unless b is stored and its records are rs.
func requireBatch(tb testing.TB, st license.Store, b license.Batch, rs []license.Record) {
	tb.Helper()
	got, err := st.Batch(tb.Context(), b.ID)
	storetestkit.Must(tb, err, "Batch")
	storetestkit.RequireEqual(tb, b, *got, "batch")
	want := slices.Clone(rs)
	slices.SortFunc(want, func(a, b license.Record) int { return storetestkit.CompareID(a.ID, b.ID) })
	gotRs, err := st.Records(tb.Context(), license.RecordFilter{Batch: b.ID}, uuid.Nil, 0)
	storetestkit.Must(tb, err, "Records of the batch")
	storetestkit.RequireEqual(tb, want, gotRs, "records of the batch")
}

// concurrentImports runs two imports that write the same identifier, each
// beside a record of its own, and waits (up to a second) for both to have
// written before either commits. Exactly one stores the identifier; the
// other fails with ECONFLICT, from Write or Commit, having stored nothing,
// or, on a store that runs one import at a time, refuses the record.
func concurrentImports(t *testing.T, st license.Store) {
	ctx := t.Context()
	typ := typeCode(3)
	shared := newRecord(t, typ, 1)
	type outcome struct {
		refused []license.Refusal
		err     error // of Write or Commit
		own     license.Record
		batch   license.Batch
	}
	var (
		outcomes [2]outcome
		written  sync.WaitGroup
		wg       sync.WaitGroup
	)
	written.Add(2)
	for i := range outcomes {
		wg.Go(func() {
			o := &outcomes[i]
			o.batch = newBatch(t, 2)
			o.own = inBatch(o.batch, newRecord(t, typ, 10+i))[0]
			mine := inBatch(o.batch, shared)[0]
			mine.ID = storetestkit.NewID(t)
			once := sync.OnceFunc(written.Done)
			defer once()
			w, err := st.BeginImport(ctx)
			if err != nil {
				o.err = err
				return
			}
			defer w.Rollback()
			if o.refused, o.err = w.Write(ctx, []license.Record{o.own, mine}); o.err != nil {
				return
			}
			once()
			wait := make(chan struct{})
			go func() { written.Wait(); close(wait) }()
			select {
			case <-wait:
			case <-time.After(time.Second):
			}
			o.err = w.Commit(ctx, o.batch)
		})
	}
	wg.Wait()
	got, err := st.RecordByIdentifier(ctx, shared.Identifier)
	storetestkit.Must(t, err, "RecordByIdentifier of the shared identifier")
	winners := 0
	for i, o := range outcomes {
		stored := o.err == nil && len(o.refused) == 0
		switch {
		case stored:
			winners++
			if got.Batch != o.batch.ID {
				t.Fatalf("import %d committed the shared identifier, but the stored record belongs to batch %s", i, got.Batch)
			}
			requireBatch(t, st, o.batch, []license.Record{o.own, *got})
		case o.err != nil:
			t.Logf("import %d lost the shared identifier: %v", i, o.err)
			storetestkit.MustCode(t, o.err, govops.ECONFLICT, fmt.Sprintf("import %d, which lost the shared identifier", i))
			requireNoRecord(t, st, o.own, fmt.Sprintf("of import %d, which failed", i))
			_, err := st.Batch(ctx, o.batch.ID)
			storetestkit.MustCode(t, err, govops.ENOTFOUND, fmt.Sprintf("Batch of import %d, which failed", i))
		default:
			t.Logf("import %d ran after the other and refused the shared identifier: %+v", i, o.refused)
			requireRefusals(t, []license.Refusal{{Index: 1, Field: "identifier", By: shared.Identifier}}, o.refused,
				fmt.Sprintf("import %d, which ran after the other", i))
		}
	}
	if winners != 1 {
		t.Fatalf("%d imports stored the shared identifier (%+v), want exactly 1", winners, outcomes)
	}
}
