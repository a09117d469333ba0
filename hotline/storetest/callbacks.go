package storetest

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestCallbackCRUD checks that a callback round-trips, and the error codes
// of unknown and duplicate callbacks.
func (cases) TestCallbackCRUD(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	c := callback(t, "2022-000123", "区执法局", aug(), hotline.ResultBasicallySatisfied)
	storetestkit.Must(t, st.CreateCallback(ctx, &c), "CreateCallback")
	got, err := st.GetCallback(ctx, c.ID)
	storetestkit.Must(t, err, "GetCallback")
	storetestkit.RequireEqual(t, c, *got, "callback")

	t.Run("ZeroNoteAndUTC", func(t *testing.T) {
		z := callback(t, "2022-000124", "d", aug(), hotline.ResultUnreachable)
		z.Note, z.CalledAt = "", z.CalledAt.UTC()
		storetestkit.Must(t, st.CreateCallback(ctx, &z), "CreateCallback")
		got, err := st.GetCallback(ctx, z.ID)
		storetestkit.Must(t, err, "GetCallback")
		storetestkit.RequireEqual(t, z, *got, "callback")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.GetCallback(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetCallback of an unknown id")
	})
	t.Run("ErrDuplicateID", func(t *testing.T) {
		d := callback(t, "2022-000999", "d", aug(), hotline.ResultSatisfied)
		d.ID = c.ID
		storetestkit.MustCode(t, st.CreateCallback(ctx, &d), govops.ECONFLICT, "CreateCallback with a taken id")
	})
	t.Run("ErrSameCaseSameMonth", func(t *testing.T) {
		d := callback(t, c.CaseNumber, "other", aug(), hotline.ResultDissatisfied)
		storetestkit.MustCode(t, st.CreateCallback(ctx, &d), govops.ECONFLICT, "CreateCallback of a second callback in the month")
		_, err := st.GetCallback(ctx, d.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "the rejected callback")
	})
	t.Run("SameCaseOtherMonth", func(t *testing.T) {
		d := callback(t, c.CaseNumber, c.Department, sep(), hotline.ResultDissatisfied)
		storetestkit.Must(t, st.CreateCallback(ctx, &d), "CreateCallback in another month")
	})
	t.Run("ReturnsCopies", func(t *testing.T) {
		got.Note = "changed by the caller"
		again, err := st.GetCallback(ctx, c.ID)
		storetestkit.Must(t, err, "GetCallback")
		if again.Note != c.Note {
			t.Fatalf("a returned value shares memory with the store")
		}
	})
}

// manyCallbacks returns n callbacks of distinct case numbers, spread over
// departments and results.
func manyCallbacks(tb testing.TB, prefix string, n int, m hotline.Month) []hotline.Callback {
	tb.Helper()
	out := make([]hotline.Callback, n)
	results := hotline.AllResults()
	for i := range out {
		out[i] = callback(tb, fmt.Sprintf("%s-%06d", prefix, i), fmt.Sprintf("dept%02d", i%7), m, results[i%len(results)])
	}
	return out
}

func countCallbacks(tb testing.TB, st hotline.Store) int {
	tb.Helper()
	cs, err := st.ListCallbacks(tb.Context(), hotline.CallbackFilter{})
	storetestkit.Must(tb, err, "ListCallbacks")
	return len(cs)
}

// TestCallbackBulkAtomic checks that a bulk insert stores a large batch, and
// that a batch holding one duplicate stores nothing.
func (cases) TestCallbackBulkAtomic(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	t.Run("LargeBatch", func(t *testing.T) {
		st := mk(t)
		batch := manyCallbacks(t, "B", 2503, aug()) // crosses any chunk size a store may use
		storetestkit.Must(t, st.BulkInsertCallbacks(ctx, batch), "BulkInsertCallbacks")
		if n := countCallbacks(t, st); n != len(batch) {
			t.Fatalf("%d callbacks stored, want %d", n, len(batch))
		}
		got, err := st.GetCallback(ctx, batch[2502].ID)
		storetestkit.Must(t, err, "GetCallback")
		storetestkit.RequireEqual(t, batch[2502], *got, "last callback of the batch")
		storetestkit.Must(t, st.BulkInsertCallbacks(ctx, nil), "BulkInsertCallbacks of nothing")
	})
	for _, tc := range []struct {
		name  string
		spoil func(existing hotline.Callback, batch []hotline.Callback)
	}{
		{"ErrDuplicatesStoredKey", func(e hotline.Callback, b []hotline.Callback) {
			b[len(b)-1].CaseNumber, b[len(b)-1].Month = e.CaseNumber, e.Month
		}},
		{"ErrDuplicatesStoredID", func(e hotline.Callback, b []hotline.Callback) { b[len(b)-1].ID = e.ID }},
		{"ErrDuplicateKeyInBatch", func(_ hotline.Callback, b []hotline.Callback) {
			b[len(b)-1].CaseNumber = b[0].CaseNumber
		}},
		{"ErrDuplicateIDInBatch", func(_ hotline.Callback, b []hotline.Callback) { b[len(b)-1].ID = b[1].ID }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := mk(t)
			existing := callback(t, "E-1", "dept00", aug(), hotline.ResultSatisfied)
			storetestkit.Must(t, st.CreateCallback(ctx, &existing), "CreateCallback")
			batch := manyCallbacks(t, "B", 1500, aug())
			tc.spoil(existing, batch)
			storetestkit.MustCode(t, st.BulkInsertCallbacks(ctx, batch), govops.ECONFLICT, "BulkInsertCallbacks with a duplicate")
			if n := countCallbacks(t, st); n != 1 {
				t.Fatalf("%d callbacks stored after a rejected batch, want 1: the batch was half-written", n)
			}
			counts, err := st.CallbackCounts(ctx, hotline.SingleMonth(aug()))
			storetestkit.Must(t, err, "CallbackCounts")
			if len(counts) != 1 || counts[0].Count != 1 {
				t.Fatalf("counts after a rejected batch = %+v", counts)
			}
		})
	}
}

// TestListCallbacks checks every CallbackFilter field and keyset paging.
func (cases) TestListCallbacks(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	rng := rand.New(rand.NewPCG(7, 11))
	var all []hotline.Callback
	for i := range 180 {
		m := []hotline.Month{jul(), aug(), sep()}[rng.IntN(3)]
		c := callback(t, fmt.Sprintf("L-%04d", i%120), fmt.Sprintf("dept%d", rng.IntN(4)), m,
			hotline.AllResults()[rng.IntN(6)])
		if err := st.CreateCallback(ctx, &c); err != nil {
			storetestkit.MustCode(t, err, govops.ECONFLICT, "CreateCallback")
			continue
		}
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool { return storetestkit.CompareID(all[i].ID, all[j].ID) > 0 })
	filters := []hotline.CallbackFilter{
		{},
		{Month: aug()},
		{Department: "dept2"},
		{Month: sep(), Department: "dept1", Result: hotline.ResultSatisfied},
		{CaseNumber: "L-0007"},
		{Result: hotline.ResultUnreachable},
		{Department: "nobody"},
	}
	for i, f := range filters {
		t.Run(fmt.Sprintf("Filter%d", i), func(t *testing.T) {
			var want []uuid.UUID
			for _, c := range all {
				if (f.Month.IsZero() || c.Month == f.Month) && (f.Department == "" || c.Department == f.Department) &&
					(f.CaseNumber == "" || c.CaseNumber == f.CaseNumber) && (f.Result == "" || c.Result == f.Result) {
					want = append(want, c.ID)
				}
			}
			// Page through in sevens.
			var got []uuid.UUID
			f.Limit = 7
			for {
				page, err := st.ListCallbacks(ctx, f)
				storetestkit.Must(t, err, "ListCallbacks")
				if len(page) > 7 {
					t.Fatalf("page of %d, limit 7", len(page))
				}
				for _, c := range page {
					got = append(got, c.ID)
				}
				if len(page) < 7 {
					break
				}
				f.After = page[len(page)-1].ID
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("listed %d callbacks, want %d (newest first, every match once)", len(got), len(want))
			}
		})
	}
}

// TestExistingCallbacks checks that exactly the stored keys asked for are
// found, each once.
func (cases) TestExistingCallbacks(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	stored := manyCallbacks(t, "X", 700, aug())
	storetestkit.Must(t, st.BulkInsertCallbacks(ctx, stored), "BulkInsertCallbacks")
	var keys []hotline.CallbackKey
	want := map[hotline.CallbackKey]bool{}
	for i, c := range stored {
		if i%3 == 0 {
			keys = append(keys, c.Key(), c.Key()) // asked twice
			want[c.Key()] = true
		}
		keys = append(keys, hotline.CallbackKey{CaseNumber: c.CaseNumber, Month: sep()})           // other month
		keys = append(keys, hotline.CallbackKey{CaseNumber: c.CaseNumber + "-none", Month: aug()}) // unknown case
	}
	got, err := st.ExistingCallbacks(ctx, keys)
	storetestkit.Must(t, err, "ExistingCallbacks")
	seen := map[hotline.CallbackKey]bool{}
	for _, k := range got {
		if !want[k] || seen[k] {
			t.Fatalf("ExistingCallbacks returned %v, which is not stored or came twice", k)
		}
		seen[k] = true
	}
	if len(seen) != len(want) {
		t.Fatalf("ExistingCallbacks found %d keys, want %d", len(seen), len(want))
	}
	none, err := st.ExistingCallbacks(ctx, nil)
	storetestkit.Must(t, err, "ExistingCallbacks of nothing")
	if len(none) != 0 {
		t.Fatalf("ExistingCallbacks(nil) = %v", none)
	}
}
