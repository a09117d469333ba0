package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// reversedIDs returns n new IDs, newest first: given to batches or
// requests in the order they are written, they make ID order the reverse
// of the order of writing, which a store that orders by anything else than
// the ID gets wrong.
func reversedIDs(tb testing.TB, n int) []uuid.UUID {
	ids := make([]uuid.UUID, n)
	for i := range ids {
		ids[n-1-i] = storetestkit.NewID(tb)
	}
	return ids
}

// batchMatches is the reference of BatchFilter.
func batchMatches(b *datashare.Batch, f datashare.BatchFilter) bool {
	return (f.Catalog == uuid.Nil || b.Catalog == f.Catalog) &&
		(f.Department == "" || b.Department == f.Department) &&
		(f.Status == "" || b.Status == f.Status) &&
		(f.TouchedBefore.IsZero() || b.TouchedAt.Before(f.TouchedBefore))
}

// TestBatchListing checks Batches against a brute-force reference over
// the committed, failed and replaced batches of three entries of two
// departments: each filter alone and together, ordered by ID, paged with
// after and limit.
func (cases) TestBatchListing(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	cs := []datashare.Catalog{newCatalog(t, "103001/000001", "甲"), newCatalog(t, "103001/000002", "乙"), newCatalog(t, "103001/000003", "丙")}
	cs[2].Department = "lbq-rsj"
	mustCreateCatalogs(t, st, cs...)
	ids := reversedIDs(t, 15)
	stored := map[uuid.UUID]datashare.Batch{}
	for i, id := range ids {
		c := &cs[i%3]
		b := newBatch(t, c)
		b.ID = id
		b.StartedAt, b.TouchedAt = at(i), at(i)
		b.Department = c.Department
		switch i % 5 {
		case 3: // failed
			w, _ := begin(t, st, b)
			f, ev := failed(t, &b, "bad rows")
			storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{ev}), "Abort")
			stored[id] = *f
		default: // committed; every fifth replaces the ones before
			b.Replace = i%5 == 4
			rs := records(&b, lineKey, 1, 2)
			var got replacements
			visible, err := st.Records(ctx, c.ID, datashare.RecordKey{}, 0)
			storetestkit.Must(t, err, "Records")
			if b.Replace {
				visible = nil
			}
			m := mustMount(t, st, b, rs, 10, append(visible, rs...), &got)
			stored[id] = m.batch
			for _, r := range got.batches {
				stored[r.ID] = r
			}
		}
	}
	all := make([]datashare.Batch, 0, len(stored))
	for _, b := range stored {
		all = append(all, b)
	}
	slices.SortFunc(all, func(a, b datashare.Batch) int { return storetestkit.CompareID(a.ID, b.ID) })

	filters := []struct {
		name string
		f    datashare.BatchFilter
	}{
		{"None", datashare.BatchFilter{}},
		{"Catalog", datashare.BatchFilter{Catalog: cs[1].ID}},
		{"Department", datashare.BatchFilter{Department: "lbq-rsj"}},
		{"Committed", datashare.BatchFilter{Status: datashare.BatchCommitted}},
		{"Failed", datashare.BatchFilter{Status: datashare.BatchFailed}},
		{"Replaced", datashare.BatchFilter{Status: datashare.BatchReplaced}},
		{"TouchedBefore", datashare.BatchFilter{TouchedBefore: at(7)}},
		{"Together", datashare.BatchFilter{Catalog: cs[0].ID, Department: cs[0].Department, Status: datashare.BatchCommitted, TouchedBefore: at(13)}},
		{"NoneMatch", datashare.BatchFilter{Catalog: storetestkit.NewID(t)}},
	}
	for _, tc := range filters {
		t.Run(tc.name, func(t *testing.T) {
			var want []datashare.Batch
			for i := range all {
				if batchMatches(&all[i], tc.f) {
					want = append(want, all[i])
				}
			}
			if tc.name != "NoneMatch" && len(want) == 0 {
				t.Fatalf("storetest: filter %s matches no fixture batch", tc.name)
			}
			got, err := st.Batches(ctx, tc.f, uuid.Nil, 0)
			storetestkit.Must(t, err, "Batches")
			storetestkit.RequireEqual(t, want, got, "batches of "+tc.name)
			for _, limit := range []int{1, 4} {
				var paged []datashare.Batch
				after := uuid.Nil
				for range len(want) + 1 {
					page, err := st.Batches(ctx, tc.f, after, limit)
					storetestkit.Must(t, err, "Batches page")
					if len(page) > limit {
						t.Fatalf("a page of limit %d held %d batches", limit, len(page))
					}
					paged = append(paged, page...)
					if len(page) < limit {
						break
					}
					after = page[len(page)-1].ID
				}
				storetestkit.RequireEqual(t, want, paged, fmt.Sprintf("batches of %s paged by %d", tc.name, limit))
			}
		})
	}
}

// TestRecordListing checks Records: only the records of the entry's
// committed batches, ordered by batch ID (not by the order of mounting)
// then Line, paged with a RecordKey and limit, a page starting after a
// key that is not stored; none for an unknown entry.
func (cases) TestRecordListing(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	c, d := newCatalog(t, "104001/000001", "人口基础信息"), newCatalog(t, "104001/000002", "法人基础信息")
	mustCreateCatalogs(t, st, c, d)
	ids := reversedIDs(t, 4)
	var visible []datashare.Record
	for i, n := range []int64{7, 5, 11} {
		b := newBatch(t, &c)
		b.ID = ids[i]
		rs := records(&b, lineKey, lineRange(1, n)...)
		visible = append(visible, rs...)
		mustMount(t, st, b, rs, 4, visible, nil)
	}
	// A failed batch of c, and a committed one of d.
	fb := newBatch(t, &c)
	fw, _ := begin(t, st, fb)
	storetestkit.Must(t, fw.Write(ctx, records(&fb, lineKey, 1, 2, 3), at(1)), "Write")
	f, ev := failed(t, &fb, "bad")
	storetestkit.Must(t, fw.Abort(ctx, f, []datashare.Event{ev}), "Abort")
	db := newBatch(t, &d)
	db.ID = ids[3]
	drs := records(&db, lineKey, 1, 2)
	mustMount(t, st, db, drs, 10, drs, nil)

	slices.SortFunc(visible, recordOrder)
	requireRecords(t, st, c.ID, visible, "of three committed batches")
	requireRecords(t, st, d.ID, drs, "of another entry")
	requireRecords(t, st, storetestkit.NewID(t), nil, "of an unknown entry")

	for _, limit := range []int{1, 3, 10} {
		var paged []datashare.Record
		after := datashare.RecordKey{}
		for range len(visible) + 1 {
			page, err := st.Records(ctx, c.ID, after, limit)
			storetestkit.Must(t, err, "Records page")
			if len(page) > limit {
				t.Fatalf("a page of limit %d held %d records", limit, len(page))
			}
			paged = append(paged, page...)
			if len(page) < limit {
				break
			}
			last := page[len(page)-1]
			after = datashare.RecordKey{Batch: last.Batch, Line: last.Line}
		}
		storetestkit.RequireEqual(t, visible, paged, fmt.Sprintf("records paged by %d", limit))
	}
	// After a line past the end of a batch: the next batch's first. After
	// line 0 of a batch: its first.
	first, last := visible[0].Batch, visible[len(visible)-1].Batch
	i := slices.IndexFunc(visible, func(r datashare.Record) bool { return r.Batch != first })
	j := slices.IndexFunc(visible, func(r datashare.Record) bool { return r.Batch == last })
	for _, tc := range []struct {
		after datashare.RecordKey
		want  []datashare.Record
	}{
		{datashare.RecordKey{Batch: first, Line: 1000}, visible[i : i+2]},
		{datashare.RecordKey{Batch: last, Line: 0}, visible[j : j+2]},
	} {
		got, err := st.Records(ctx, c.ID, tc.after, 2)
		storetestkit.Must(t, err, "Records")
		storetestkit.RequireEqual(t, tc.want, got, fmt.Sprintf("records after %+v", tc.after))
	}
}
