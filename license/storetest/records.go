package storetest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
)

// TestRecords checks that records round-trip, every field included, that
// lookups by identifier are exact, and the error codes of unknown records
// and of a taken ID, identifier, or number within a type.
func (cases) TestRecords(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	typ := typeCode(1)
	r := newRecord(t, typ, 1)
	r.Previous = "1.2.156.3005.2.old.0000001.001.K"
	r.Batch = storetestkit.NewID(t) // a record may name an import without coming from one
	mustCreateRecords(t, st, r)
	requireRecord(t, st, r, "after CreateRecord")
	requireEvents(t, st, r.ID, nil, "of a new record")

	t.Run("ZeroFieldsAndUTC", func(t *testing.T) {
		z := license.Record{ID: storetestkit.NewID(t), Identifier: "z", Number: "z", Type: "z",
			IssueDate: day(0), ValidFrom: day(0), State: license.StateSuspended, Version: 1,
			CreatedAt: baseTime().UTC(), UpdatedAt: baseTime().UTC()}
		mustCreateRecords(t, st, z)
		requireRecord(t, st, z, "after CreateRecord")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.Record(ctx, storetestkit.NewID(t))
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Record of an unknown id")
		for _, id := range []string{"nowhere", strings.ToLower(r.Identifier), r.Identifier + " ", r.Identifier[:len(r.Identifier)-1]} {
			_, err := st.RecordByIdentifier(ctx, id)
			storetestkit.MustCode(t, err, govops.ENOTFOUND, fmt.Sprintf("RecordByIdentifier(%q)", id))
		}
		ghost := newRecord(t, typ, 99)
		g2, ev := changed(t, &ghost, license.StateSuspended)
		storetestkit.MustCode(t, st.UpdateRecord(ctx, g2, []license.Event{ev}), govops.ENOTFOUND, "UpdateRecord of an unknown record")
		requireNoRecord(t, st, ghost, "after UpdateRecord of an unknown record")
	})
	t.Run("ReturnsCopies", func(t *testing.T) {
		got, err := st.Record(ctx, r.ID)
		storetestkit.Must(t, err, "Record")
		got.Face["企业名称"], got.Warnings[0], got.Holder = "changed", "changed", "changed"
		requireRecord(t, st, r, "after the caller changed what it got")
	})
	t.Run("ErrTaken", func(t *testing.T) {
		sameID := newRecord(t, typ, 2)
		sameID.ID = r.ID
		sameIdentifier := newRecord(t, typ, 3)
		sameIdentifier.Identifier = r.Identifier
		sameNumber := newRecord(t, typ, 4)
		sameNumber.Number = r.Number
		for name, x := range map[string]license.Record{"ID": sameID, "Identifier": sameIdentifier, "Number": sameNumber} {
			storetestkit.MustCode(t, st.CreateRecord(ctx, x), govops.ECONFLICT, "CreateRecord of a taken "+name)
			_, err := st.RecordByIdentifier(ctx, x.Identifier)
			if name != "Identifier" {
				storetestkit.MustCode(t, err, govops.ENOTFOUND, "RecordByIdentifier of a refused record")
			}
		}
		requireRecord(t, st, r, "after refused records")
	})
	t.Run("NumberPerType", func(t *testing.T) {
		x := newRecord(t, typeCode(2), 1)
		x.Number = r.Number
		mustCreateRecords(t, st, x)
		requireRecord(t, st, x, "with the number of a record of another type")
	})
	t.Run("Update", func(t *testing.T) {
		next, ev := changed(t, &r, license.StateRevoked)
		storetestkit.Must(t, st.UpdateRecord(ctx, next, []license.Event{ev}), "UpdateRecord")
		requireRecord(t, st, *next, "after UpdateRecord")
	})
}

// recordFixture returns n records of four types (one of them made
// exclusive per holder), five departments and every state, with holder
// codes some of them share, and the number of them that are exclusive and
// valid kept to one per type and holder code. Some belong to one of
// batches.
func recordFixture(tb testing.TB, n int, batches []license.Batch) []license.Record {
	tb.Helper()
	rng := rand.New(rand.NewPCG(3, uint64(n)))
	states := license.States()
	taken := map[string]bool{}
	out := make([]license.Record, n)
	for i := range out {
		r := newRecord(tb, typeCode(1+rng.IntN(4)), i)
		r.Department = fmt.Sprintf("dept-%d", rng.IntN(5))
		r.State = states[rng.IntN(len(states))]
		r.HolderCode = holderCode(rng.IntN(n / 3))
		if r.Type == typeCode(1) {
			key := r.Type + "/" + r.HolderCode
			r.Exclusive = r.State != license.StateValid || !taken[key]
			taken[key] = taken[key] || r.Exclusive && r.State == license.StateValid
		}
		if k := rng.IntN(len(batches) + 2); k < len(batches) {
			r.Batch = batches[k].ID
		}
		r.UpdatedAt = storetestkit.Micro(baseTime().Add(time.Duration(i) * time.Second))
		out[i] = r
	}
	return out
}

// storeFixture stores rs: those of a batch through an import of that
// batch, the others one by one.
func storeFixture(tb testing.TB, st license.Store, rs []license.Record, batches []license.Batch) {
	tb.Helper()
	for _, b := range batches {
		var in []license.Record
		for _, r := range rs {
			if r.Batch == b.ID {
				in = append(in, r)
			}
		}
		mustImport(tb, st, b, in...)
	}
	for _, r := range rs {
		if r.Batch == uuid.Nil {
			mustCreateRecords(tb, st, r)
		}
	}
}

// recordSelects is the brute-force reference of a RecordFilter.
func recordSelects(f license.RecordFilter, r license.Record) bool {
	return (f.Type == "" || r.Type == f.Type) && (f.Department == "" || r.Department == f.Department) &&
		(f.State == "" || r.State == f.State) && (f.HolderCode == "" || r.HolderCode == f.HolderCode) &&
		(f.Batch == uuid.Nil || r.Batch == f.Batch)
}

// TestRecordListing checks Records with each filter, in pages and whole,
// against the brute-force reference: the records it selects in ID order.
func (cases) TestRecordListing(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	batches := []license.Batch{newBatch(t, 0), newBatch(t, 0)}
	rs := recordFixture(t, 150, batches)
	storeFixture(t, st, rs, batches)
	fs := map[string]license.RecordFilter{
		"All":         {},
		"Type":        {Type: typeCode(2)},
		"Department":  {Department: "dept-3"},
		"State":       {State: license.StateSuspended},
		"HolderCode":  {HolderCode: rs[7].HolderCode},
		"Batch":       {Batch: batches[1].ID},
		"OtherBatch":  {Batch: storetestkit.NewID(t)},
		"TypeAndDept": {Type: typeCode(1), Department: "dept-1"},
		"Everything":  {Type: rs[9].Type, Department: rs[9].Department, State: rs[9].State, HolderCode: rs[9].HolderCode, Batch: rs[9].Batch},
		"Nowhere":     {Type: "nowhere"},
	}
	for _, name := range slices.Sorted(maps.Keys(fs)) {
		f := fs[name]
		t.Run(name, func(t *testing.T) {
			var want []license.Record
			for _, r := range rs {
				if recordSelects(f, r) {
					want = append(want, r)
				}
			}
			slices.SortFunc(want, func(a, b license.Record) int { return storetestkit.CompareID(a.ID, b.ID) })
			got, err := st.Records(ctx, f, uuid.Nil, 0)
			storetestkit.Must(t, err, "Records")
			storetestkit.RequireEqual(t, want, got, fmt.Sprintf("Records(%+v)", f))
			var paged []license.Record
			after := uuid.Nil
			for {
				p, err := st.Records(ctx, f, after, 7)
				storetestkit.Must(t, err, "Records")
				if len(p) > 7 {
					t.Fatalf("a page of %d records, over the limit of 7", len(p))
				}
				paged = append(paged, p...)
				if len(p) < 7 {
					break
				}
				after = p[len(p)-1].ID
			}
			storetestkit.RequireEqual(t, want, paged, fmt.Sprintf("the pages of Records(%+v)", f))
		})
	}
	t.Run("AfterUnstoredID", func(t *testing.T) {
		ids := make([]uuid.UUID, len(rs))
		for i, r := range rs {
			ids[i] = r.ID
		}
		slices.SortFunc(ids, storetestkit.CompareID)
		mid := ids[len(ids)/2]
		mid[15]++ // between two stored IDs, most likely; the reference decides
		last := uuid.Max
		for _, after := range []uuid.UUID{mid, last} {
			got, err := st.Records(ctx, license.RecordFilter{}, after, 3)
			storetestkit.Must(t, err, "Records")
			var want, gotIDs []uuid.UUID
			for _, id := range ids {
				if storetestkit.CompareID(id, after) > 0 && len(want) < 3 {
					want = append(want, id)
				}
			}
			for _, r := range got {
				gotIDs = append(gotIDs, r.ID)
			}
			if !slices.Equal(gotIDs, want) {
				t.Fatalf("3 records after %s: %v, want %v", after, gotIDs, want)
			}
		}
	})
}
