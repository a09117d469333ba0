package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestOpenMounts checks what a store with CapOpenMounts guarantees while a
// mount is open: none of its records is visible, nor counted in another
// batch's KeyRows, even though each Write may commit on its own; Write
// touches the batch, which BatchFilter.TouchedBefore then finds; a Commit
// that replaces leaves loading batches alone; a writer dropped without
// Commit or Abort (a process that died) leaves nothing visible, and
// AbortMount ends its batch; Commit of a batch that another party aborted
// is ECONFLICT and makes nothing visible; and two mounts of one entry
// interleave, in one goroutine and in two at once.
func (cases) TestOpenMounts(t *testing.T, mk storeMaker) {
	st := mk(t)
	n := 0
	// entry returns a new entry with a committed batch of three records,
	// and those records.
	entry := func(t *testing.T) (datashare.Catalog, mount) {
		n++
		c := newCatalog(t, fmt.Sprintf("102001/%06d", n), fmt.Sprintf("开放挂接目录%d", n))
		mustCreateCatalogs(t, st, c)
		b := newBatch(t, &c)
		rs := records(&b, lineKey, 1, 2, 3)
		return c, mustMount(t, st, b, rs, 10, rs, nil)
	}
	t.Run("Invisible", func(t *testing.T) { openInvisible(t, st, entry) })
	t.Run("Touch", func(t *testing.T) { openTouch(t, st, entry) })
	t.Run("ReplaceLeavesLoading", func(t *testing.T) { openReplace(t, st, entry) })
	t.Run("DeadWriter", func(t *testing.T) { openDeadWriter(t, st, entry) })
	t.Run("AbortedByOther", func(t *testing.T) { openAbortedByOther(t, st, entry) })
	t.Run("Interleaved", func(t *testing.T) { openInterleaved(t, st, entry) })
	t.Run("Concurrent", func(t *testing.T) { openConcurrent(t, st, entry) })
}

// entryMaker makes an entry with one committed mount.
type entryMaker func(t *testing.T) (datashare.Catalog, mount)

// begin begins b with its started event and returns the writer.
func begin(t *testing.T, st datashare.Store, b datashare.Batch) (datashare.MountWriter, datashare.Event) {
	t.Helper()
	started := mountStarted(t, &b)
	w, err := st.BeginMount(t.Context(), b, []datashare.Event{started})
	storetestkit.Must(t, err, "BeginMount")
	return w, started
}

// requireCommit commits b (at its next version) through w with its event,
// and requires the counts Commit sets to be those of visible.
func requireCommit(t *testing.T, w datashare.MountWriter, b *datashare.Batch, rows int64, visible []datashare.Record) *datashare.Batch {
	t.Helper()
	next, ev := committed(t, b, rows)
	storetestkit.Must(t, w.Commit(t.Context(), next, []datashare.Event{ev}, noReplace(t)), "Commit")
	wantRows, wantDistinct := keyCounts(visible)
	if next.KeyRows != wantRows || next.KeyDistinct != wantDistinct {
		t.Fatalf("Commit set KeyRows %d and KeyDistinct %d, want %d and %d", next.KeyRows, next.KeyDistinct, wantRows, wantDistinct)
	}
	return next
}

// openInvisible writes a mount chunk by chunk, reading between the chunks,
// and commits another mount of the entry meanwhile.
func openInvisible(t *testing.T, st datashare.Store, entry entryMaker) {
	ctx := t.Context()
	c, first := entry(t)
	visible := first.records
	b := newBatch(t, &c)
	w, started := begin(t, st, b)
	defer w.Abort(ctx, &b, nil)
	var written []datashare.Record
	for i, lines := range [][]int64{{1, 2}, {3, 4, 5}, {6}} {
		// Keys the committed batch holds, and keys of its own.
		rs := records(&b, func(l int64) string { return lineKey(l % 4) }, lines...)
		storetestkit.Must(t, w.Write(ctx, rs, at(2+i)), "Write")
		written = append(written, rs...)
		requireRecords(t, st, c.ID, visible, fmt.Sprintf("after chunk %d of an open mount", i+1))
		b.TouchedAt = at(2 + i)
		requireBatch(t, st, b, fmt.Sprintf("after chunk %d of an open mount", i+1))
	}
	loading, err := st.Batches(ctx, datashare.BatchFilter{Catalog: c.ID, Status: datashare.BatchLoading}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Batches")
	storetestkit.RequireEqual(t, []datashare.Batch{b}, loading, "the loading batches of the entry")

	// Another mount of the entry commits meanwhile: its KeyRows count
	// none of the open mount's records.
	other := newBatch(t, &c)
	more := records(&other, lineKey, 7, 8)
	visible = append(slices.Clone(visible), more...)
	mustMount(t, st, other, more, 10, visible, nil)
	requireRecords(t, st, c.ID, visible, "after another mount committed")

	visible = append(visible, written...)
	next := requireCommit(t, w, &b, int64(len(written)), visible)
	requireBatch(t, st, *next, "after Commit")
	requireRecords(t, st, c.ID, visible, "after Commit")
	evs, err := st.Events(ctx, b.ID)
	storetestkit.Must(t, err, "Events")
	if len(evs) != 2 || evs[0].ID != started.ID {
		t.Fatalf("the batch has events %+v, want its started and committed events", evs)
	}
}

// openTouch checks that each Write stores its instant as TouchedAt, and
// that TouchedBefore keeps the batches last touched strictly before it.
func openTouch(t *testing.T, st datashare.Store, entry entryMaker) {
	ctx := t.Context()
	c, first := entry(t)
	b := newBatch(t, &c)
	w, _ := begin(t, st, b)
	defer w.Abort(ctx, &b, nil)
	touched := func(when time.Time) []uuid.UUID {
		t.Helper()
		bs, err := st.Batches(ctx, datashare.BatchFilter{Catalog: c.ID, TouchedBefore: when}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Batches touched before")
		ids := make([]uuid.UUID, len(bs))
		for i, x := range bs {
			ids[i] = x.ID
		}
		return ids
	}
	for _, m := range []int{50, 90} {
		storetestkit.Must(t, w.Write(ctx, records(&b, lineKey, int64(m)), at(m)), "Write")
		b.TouchedAt = at(m)
		requireBatch(t, st, b, "after Write")
		want := []uuid.UUID{first.batch.ID}
		storetestkit.RequireEqual(t, want, touched(at(m)), fmt.Sprintf("batches touched before the Write at minute %d", m))
		want = append(want, b.ID)
		slices.SortFunc(want, storetestkit.CompareID)
		storetestkit.RequireEqual(t, want, touched(at(m).Add(time.Microsecond)), fmt.Sprintf("batches touched before a microsecond after minute %d", m))
	}
	f, ev := failed(t, &b, "stopped")
	storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{ev}), "Abort")
}

// openReplace commits a batch that replaces while another is loading: the
// loading one is neither replaced nor given to the callback, and commits
// after it.
func openReplace(t *testing.T, st datashare.Store, entry entryMaker) {
	ctx := t.Context()
	c, first := entry(t)
	l := newBatch(t, &c)
	lw, _ := begin(t, st, l)
	defer lw.Abort(ctx, &l, nil)
	loadingRs := records(&l, lineKey, 1, 2)
	storetestkit.Must(t, lw.Write(ctx, loadingRs, at(1)), "Write")

	r := newBatch(t, &c)
	r.Replace = true
	rs := records(&r, lineKey, 5, 6, 7)
	var got replacements
	mustMount(t, st, r, rs, 10, rs, &got)
	if len(got.batches) != 1 || got.batches[0].ID != first.batch.ID {
		t.Fatalf("replaced was called with %d batches, want the one committed batch %s only", len(got.batches), first.batch.ID)
	}
	requireBatch(t, st, l, "loading while another batch replaced")
	requireRecords(t, st, c.ID, rs, "after the replacement, with a batch loading")

	visible := append(slices.Clone(rs), loadingRs...)
	requireCommit(t, lw, &l, 2, visible)
	requireRecords(t, st, c.ID, visible, "after the loading batch committed")
}

// openDeadWriter drops a writer that has written, as a process that dies
// does, and cleans its batch up with AbortMount.
func openDeadWriter(t *testing.T, st datashare.Store, entry entryMaker) {
	ctx := t.Context()
	c, first := entry(t)
	d := newBatch(t, &c)
	func() {
		w, _ := begin(t, st, d)
		for i := range 3 {
			// Keys of the committed batch, and their own.
			rs := records(&d, func(l int64) string { return lineKey(l % 5) }, int64(3*i+1), int64(3*i+2), int64(3*i+3))
			storetestkit.Must(t, w.Write(ctx, rs, at(5)), "Write")
		}
		d.TouchedAt = at(5)
		// The writer is dropped here: no Commit, no Abort.
	}()
	requireRecords(t, st, c.ID, first.records, "with a dead mount")
	stale, err := st.Batches(ctx, datashare.BatchFilter{Status: datashare.BatchLoading, TouchedBefore: at(6)}, uuid.Nil, 0)
	storetestkit.Must(t, err, "Batches")
	storetestkit.RequireEqual(t, []datashare.Batch{d}, stale, "the stale loading batches")

	t.Run("ErrStale", func(t *testing.T) {
		for _, v := range []int64{1, 3} {
			f, ev := failed(t, &d, "stale")
			f.Version = v
			storetestkit.MustCode(t, st.AbortMount(ctx, f, []datashare.Event{ev}), govops.ECONFLICT,
				fmt.Sprintf("AbortMount at version %d of a batch at version 1", v))
		}
		requireBatch(t, st, d, "after a stale AbortMount")
	})
	t.Run("ErrEventTaken", func(t *testing.T) {
		f, ev := failed(t, &d, "taken")
		ev.ID = first.events[0].ID
		storetestkit.MustCode(t, st.AbortMount(ctx, f, []datashare.Event{ev}), govops.ECONFLICT, "AbortMount with a taken event ID")
		requireBatch(t, st, d, "after AbortMount with a taken event ID")
		requireEvents(t, st, first.batch.ID, first.events, "after AbortMount with its event ID")
	})
	t.Run("Cancelled", func(t *testing.T) {
		f, ev := failed(t, &d, "cancelled")
		storetestkit.MustCode(t, st.AbortMount(storetestkit.Cancelled(t), f, []datashare.Event{ev}), govops.EINTERNAL, "AbortMount with a cancelled context")
		requireBatch(t, st, d, "after a cancelled AbortMount")
	})

	f, ev := failed(t, &d, "挂接进程已停止")
	storetestkit.Must(t, st.AbortMount(ctx, f, []datashare.Event{ev}), "AbortMount")
	requireBatch(t, st, *f, "after AbortMount")
	evs, err := st.Events(ctx, d.ID)
	storetestkit.Must(t, err, "Events")
	if len(evs) != 2 || evs[1].ID != ev.ID {
		t.Fatalf("the aborted batch has events %+v, want its started and failed events", evs)
	}
	requireRecords(t, st, c.ID, first.records, "after AbortMount")
	again, aev := failed(t, f, "again")
	storetestkit.MustCode(t, st.AbortMount(ctx, again, []datashare.Event{aev}), govops.ECONFLICT, "AbortMount of a failed batch")

	// A later Commit counts none of the dead mount's keys.
	e := newBatch(t, &c)
	rs := records(&e, lineKey, 1, 4)
	mustMount(t, st, e, rs, 10, append(slices.Clone(first.records), rs...), nil)
}

// openAbortedByOther aborts a batch through AbortMount while its writer is
// still at work: the writer's Commit is ECONFLICT and shows nothing.
func openAbortedByOther(t *testing.T, st datashare.Store, entry entryMaker) {
	ctx := t.Context()
	c, first := entry(t)
	b := newBatch(t, &c)
	w, started := begin(t, st, b)
	defer w.Abort(ctx, &b, nil)
	storetestkit.Must(t, w.Write(ctx, records(&b, lineKey, 1, 2, 3, 4), at(1)), "Write")
	f, ev := failed(t, &b, "taken for dead")
	storetestkit.Must(t, st.AbortMount(ctx, f, []datashare.Event{ev}), "AbortMount of a batch whose writer is at work")
	next, cev := committed(t, &b, 4)
	storetestkit.MustCode(t, w.Commit(ctx, next, []datashare.Event{cev}, noReplace(t)), govops.ECONFLICT, "Commit of a batch another party aborted")
	requireBatch(t, st, *f, "after a refused Commit")
	requireEvents(t, st, b.ID, []datashare.Event{started, ev}, "after a refused Commit")
	requireRecords(t, st, c.ID, first.records, "after a refused Commit")
}

// openInterleaved runs two mounts of one entry in one goroutine, chunk by
// chunk in turn.
func openInterleaved(t *testing.T, st datashare.Store, entry entryMaker) {
	ctx := t.Context()
	c, first := entry(t)
	p, q := newBatch(t, &c), newBatch(t, &c)
	pw, _ := begin(t, st, p)
	defer pw.Abort(ctx, &p, nil)
	qw, _ := begin(t, st, q)
	defer qw.Abort(ctx, &q, nil)
	var prs, qrs []datashare.Record
	for i := range int64(4) {
		// Both write the same lines, and keys the other writes too.
		a := records(&p, func(l int64) string { return lineKey(l % 3) }, 2*i+1, 2*i+2)
		b := records(&q, func(l int64) string { return lineKey(l % 4) }, 2*i+1, 2*i+2)
		storetestkit.Must(t, pw.Write(ctx, a, at(2)), "Write of p")
		storetestkit.Must(t, qw.Write(ctx, b, at(2)), "Write of q")
		prs, qrs = append(prs, a...), append(qrs, b...)
		requireRecords(t, st, c.ID, first.records, "while two mounts write")
	}
	p.TouchedAt, q.TouchedAt = at(2), at(2)
	visible := append(slices.Clone(first.records), prs...)
	requireCommit(t, pw, &p, int64(len(prs)), visible)
	requireRecords(t, st, c.ID, visible, "after the first of two mounts committed")
	visible = append(visible, qrs...)
	requireCommit(t, qw, &q, int64(len(qrs)), visible)
	requireRecords(t, st, c.ID, visible, "after both mounts committed")
}

// openConcurrent runs two mounts of one entry in two goroutines, which
// write their chunks in the same rounds and commit at once: both commit,
// every record is visible, and the counts of the one that committed last
// cover both.
func openConcurrent(t *testing.T, st datashare.Store, entry entryMaker) {
	ctx := t.Context()
	c, first := entry(t)
	const chunks, chunk = 8, 250
	type result struct {
		batch   datashare.Batch
		records []datashare.Record
		err     error
	}
	var (
		results [2]result
		rounds  [chunks + 1]sync.WaitGroup // writers meet after each round
		wg      sync.WaitGroup
	)
	for i := range rounds {
		rounds[i].Add(2)
	}
	for k := range results {
		wg.Go(func() {
			r := &results[k]
			b := newBatch(t, &c)
			r.batch = b
			started := mountStarted(t, &b)
			w, err := st.BeginMount(ctx, b, []datashare.Event{started})
			if err != nil {
				r.err = err
				for i := range rounds {
					rounds[i].Done()
				}
				return
			}
			defer w.Abort(ctx, &b, nil)
			for i := range chunks {
				lines := lineRange(int64(i*chunk+1), int64((i+1)*chunk))
				rs := records(&b, func(l int64) string { return fmt.Sprintf("c%d", l%(300+int64(k)*100)) }, lines...)
				if err := w.Write(ctx, rs, at(3)); err != nil && r.err == nil {
					r.err = fmt.Errorf("write of chunk %d: %w", i, err)
				}
				r.records = append(r.records, rs...)
				rounds[i].Done()
				rounds[i].Wait()
			}
			b.TouchedAt = at(3)
			next, ev := committed(t, &b, int64(len(r.records)))
			rounds[chunks].Done()
			rounds[chunks].Wait()
			if r.err == nil {
				if r.err = w.Commit(ctx, next, []datashare.Event{ev}, noReplace(t)); r.err == nil {
					r.batch = *next
				}
			}
		})
	}
	wg.Wait()
	for k, r := range results {
		storetestkit.Must(t, r.err, fmt.Sprintf("mount %d", k))
	}
	visible := append(slices.Clone(first.records), results[0].records...)
	visible = append(visible, results[1].records...)
	requireRecords(t, st, c.ID, visible, "after two concurrent mounts")
	for k, r := range results {
		requireBatch(t, st, r.batch, fmt.Sprintf("of mount %d", k))
	}
	// The mount that committed first counts its own and the earlier
	// records, the other every record.
	counts := func(rs ...[]datashare.Record) [2]int64 {
		var all []datashare.Record
		for _, r := range rs {
			all = append(all, r...)
		}
		rows, distinct := keyCounts(all)
		return [2]int64{rows, distinct}
	}
	a, b := results[0], results[1]
	got := [2][2]int64{{a.batch.KeyRows, a.batch.KeyDistinct}, {b.batch.KeyRows, b.batch.KeyDistinct}}
	aFirst := [2][2]int64{counts(first.records, a.records), counts(visible)}
	bFirst := [2][2]int64{counts(visible), counts(first.records, b.records)}
	if got != aFirst && got != bFirst {
		t.Fatalf("two concurrent Commits set KeyRows and KeyDistinct %v, want %v (the first committed first) or %v (the second did)", got, aFirst, bFirst)
	}
}
