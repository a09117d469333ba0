package storetest

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestOutcomeCRUD checks that an outcome round-trips and moves between
// months, and the error codes of unknown, duplicate and stale outcomes.
func (cases) TestOutcomeCRUD(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	o := outcome("2022-000123", "区跃进街道办事处", aug())
	storetestkit.Must(t, st.CreateOutcome(ctx, &o), "CreateOutcome")
	got, err := st.GetOutcome(ctx, o.CaseNumber)
	storetestkit.Must(t, err, "GetOutcome")
	storetestkit.RequireEqual(t, o, *got, "outcome")

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.GetOutcome(ctx, "2022-999999")
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "GetOutcome of an unknown case")
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		d := outcome(o.CaseNumber, "other", sep())
		storetestkit.MustCode(t, st.CreateOutcome(ctx, &d), govops.ECONFLICT, "CreateOutcome of a case that has one")
	})

	v2 := o
	v2.Version, v2.Month, v2.ResolvedOnTime, v2.Returned = 2, sep(), true, false
	v2.UpdatedAt, v2.UpdatedBy = o.UpdatedAt.Add(time.Hour), "another"
	storetestkit.Must(t, st.UpdateOutcome(ctx, &v2), "UpdateOutcome to version 2")
	got, err = st.GetOutcome(ctx, o.CaseNumber)
	storetestkit.Must(t, err, "GetOutcome")
	storetestkit.RequireEqual(t, v2, *got, "updated outcome")

	t.Run("ErrStaleVersion", func(t *testing.T) {
		stale := v2 // version 2 again, built on version 1
		stale.Replied = false
		storetestkit.MustCode(t, st.UpdateOutcome(ctx, &stale), govops.ECONFLICT, "UpdateOutcome of a stale version")
		got, err := st.GetOutcome(ctx, o.CaseNumber)
		storetestkit.Must(t, err, "GetOutcome")
		storetestkit.RequireEqual(t, v2, *got, "outcome after a stale write")
	})
	t.Run("ErrUpdateMissing", func(t *testing.T) {
		ghost := outcome("2022-888888", "d", aug())
		ghost.Version = 2
		storetestkit.MustCode(t, st.UpdateOutcome(ctx, &ghost), govops.ENOTFOUND, "UpdateOutcome of an unknown case")
	})
	t.Run("MonthMoveIsCounted", func(t *testing.T) {
		a, err := st.OutcomeCounts(ctx, hotline.SingleMonth(aug()))
		storetestkit.Must(t, err, "OutcomeCounts")
		s, err := st.OutcomeCounts(ctx, hotline.SingleMonth(sep()))
		storetestkit.Must(t, err, "OutcomeCounts")
		if len(a) != 0 || len(s) != 1 || s[0].Total != 1 || s[0].ResolvedOnTime != 1 || s[0].Returned != 0 {
			t.Fatalf("after moving to September: August %+v, September %+v", a, s)
		}
	})
}

func manyOutcomes(prefix string, n int, m hotline.Month) []hotline.Outcome {
	out := make([]hotline.Outcome, n)
	for i := range out {
		out[i] = outcome(fmt.Sprintf("%s-%06d", prefix, i), fmt.Sprintf("dept%02d", i%5), m)
		out[i].Redone = i%4 == 0
	}
	return out
}

func countOutcomes(tb testing.TB, st hotline.Store) int {
	tb.Helper()
	os, err := st.ListOutcomes(tb.Context(), hotline.OutcomeFilter{})
	storetestkit.Must(tb, err, "ListOutcomes")
	return len(os)
}

// TestOutcomeBulkAtomic checks that a bulk insert stores a large batch,
// that a batch holding one duplicate stores nothing, and ExistingOutcomes.
func (cases) TestOutcomeBulkAtomic(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	t.Run("LargeBatch", func(t *testing.T) {
		st := mk(t)
		batch := manyOutcomes("B", 2503, aug())
		storetestkit.Must(t, st.BulkInsertOutcomes(ctx, batch), "BulkInsertOutcomes")
		if n := countOutcomes(t, st); n != len(batch) {
			t.Fatalf("%d outcomes stored, want %d", n, len(batch))
		}
		got, err := st.GetOutcome(ctx, batch[2500].CaseNumber)
		storetestkit.Must(t, err, "GetOutcome")
		storetestkit.RequireEqual(t, batch[2500], *got, "outcome of the batch")
		storetestkit.Must(t, st.BulkInsertOutcomes(ctx, nil), "BulkInsertOutcomes of nothing")
	})
	for _, tc := range []struct {
		name  string
		spoil func(existing hotline.Outcome, batch []hotline.Outcome)
	}{
		{"ErrDuplicatesStored", func(e hotline.Outcome, b []hotline.Outcome) { b[len(b)-1].CaseNumber = e.CaseNumber }},
		{"ErrDuplicateInBatch", func(_ hotline.Outcome, b []hotline.Outcome) { b[len(b)-1].CaseNumber = b[3].CaseNumber }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := mk(t)
			existing := outcome("E-1", "dept00", aug())
			storetestkit.Must(t, st.CreateOutcome(ctx, &existing), "CreateOutcome")
			batch := manyOutcomes("B", 1500, aug())
			tc.spoil(existing, batch)
			storetestkit.MustCode(t, st.BulkInsertOutcomes(ctx, batch), govops.ECONFLICT, "BulkInsertOutcomes with a duplicate")
			if n := countOutcomes(t, st); n != 1 {
				t.Fatalf("%d outcomes stored after a rejected batch, want 1: the batch was half-written", n)
			}
		})
	}
	t.Run("Existing", func(t *testing.T) {
		st := mk(t)
		stored := manyOutcomes("X", 600, aug())
		storetestkit.Must(t, st.BulkInsertOutcomes(ctx, stored), "BulkInsertOutcomes")
		var ask []string
		want := map[string]bool{}
		for i, o := range stored {
			if i%2 == 0 {
				ask = append(ask, o.CaseNumber, o.CaseNumber)
				want[o.CaseNumber] = true
			}
			ask = append(ask, o.CaseNumber+"-none")
		}
		got, err := st.ExistingOutcomes(ctx, ask)
		storetestkit.Must(t, err, "ExistingOutcomes")
		seen := map[string]bool{}
		for _, n := range got {
			if !want[n] || seen[n] {
				t.Fatalf("ExistingOutcomes returned %q, which is not stored or came twice", n)
			}
			seen[n] = true
		}
		if len(seen) != len(want) {
			t.Fatalf("ExistingOutcomes found %d, want %d", len(seen), len(want))
		}
	})
}

// TestListOutcomes checks every OutcomeFilter field and paging by case
// number.
func (cases) TestListOutcomes(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	var all []hotline.Outcome
	for i := range 90 {
		m := []hotline.Month{jul(), aug(), sep()}[i%3]
		o := outcome(fmt.Sprintf("L-%04d", (i*37)%90), fmt.Sprintf("dept%d", i%4), m)
		storetestkit.Must(t, st.CreateOutcome(ctx, &o), "CreateOutcome")
		all = append(all, o)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].CaseNumber < all[j].CaseNumber })
	for i, f := range []hotline.OutcomeFilter{{}, {Month: aug()}, {Department: "dept3"}, {Month: sep(), Department: "dept1"}, {Department: "none"}} {
		t.Run(fmt.Sprintf("Filter%d", i), func(t *testing.T) {
			var want []string
			for _, o := range all {
				if (f.Month.IsZero() || o.Month == f.Month) && (f.Department == "" || o.Department == f.Department) {
					want = append(want, o.CaseNumber)
				}
			}
			var got []string
			f.Limit = 8
			for {
				page, err := st.ListOutcomes(ctx, f)
				storetestkit.Must(t, err, "ListOutcomes")
				for _, o := range page {
					got = append(got, o.CaseNumber)
				}
				if len(page) < 8 {
					break
				}
				f.After = page[len(page)-1].CaseNumber
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("listed %v, want %v", got, want)
			}
		})
	}
}
