package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// TestMount checks mounts that run one after another: Commit stores the
// batch, makes every record written visible in Batch then Line order, and
// counts KeyRows and KeyDistinct over the entry's visible records
// (duplicates across batches, empty keys); Abort leaves nothing visible; a
// stale Commit or AbortMount is ECONFLICT; Replace replaces every other
// committed batch of the entry, with the callback's events, and nothing
// of another entry; a failing callback fails the Commit whole; a large
// record with Chinese text and escapes round-trips byte for byte.
// (Mounts that overlap: TestOpenMounts.)
func (cases) TestMount(t *testing.T, mk storeMaker) {
	ctx := t.Context()
	st := mk(t)
	c := newCatalog(t, "101001/000001", "市场主体登记信息")
	other := newCatalog(t, "101001/000002", "个体工商户登记信息")
	mustCreateCatalogs(t, st, c, other)
	var (
		visible []datashare.Record // of c
		mounts  []mount            // of c, committed
	)
	// key gives duplicates, within a batch and across batches, and records
	// without a key.
	key := func(l int64) string {
		switch {
		case l%4 == 0:
			return ""
		case l%3 == 0:
			return "dup"
		}
		return lineKey(l)
	}

	t.Run("Commit", func(t *testing.T) {
		b := newBatch(t, &c)
		started := mountStarted(t, &b)
		w, err := st.BeginMount(ctx, b, []datashare.Event{started})
		storetestkit.Must(t, err, "BeginMount")
		defer w.Abort(ctx, &b, nil)
		// Lines out of order, across chunks, and past 9, so that neither
		// the order of writing nor of the lines' text is Line order.
		first := records(&b, key, 12, 3, 10, 1, 7)
		second := records(&b, key, 2, 11, 4, 9, 5, 6, 8)
		storetestkit.Must(t, w.Write(ctx, first, at(2)), "Write")
		storetestkit.Must(t, w.Write(ctx, second, at(3)), "Write")
		storetestkit.Must(t, w.Write(ctx, nil, at(4)), "Write of no records")
		b.TouchedAt = at(4)
		next, ev := committed(t, &b, 12)
		storetestkit.Must(t, w.Commit(ctx, next, []datashare.Event{ev}, noReplace(t)), "Commit")
		visible = append(first, second...)
		wantRows, wantDistinct := keyCounts(visible)
		if next.KeyRows != wantRows || next.KeyDistinct != wantDistinct {
			t.Fatalf("Commit set KeyRows %d and KeyDistinct %d, want %d and %d", next.KeyRows, next.KeyDistinct, wantRows, wantDistinct)
		}
		requireBatch(t, st, *next, "after Commit")
		requireRecords(t, st, c.ID, visible, "after Commit")
		requireEvents(t, st, b.ID, []datashare.Event{started, ev}, "after Commit")
		requireRecords(t, st, other.ID, nil, "of another entry")

		abort, abortEv := failed(t, next, "too late")
		storetestkit.Must(t, w.Abort(ctx, abort, []datashare.Event{abortEv}), "Abort after Commit")
		requireBatch(t, st, *next, "after Abort after Commit")
		requireEvents(t, st, b.ID, []datashare.Event{started, ev}, "after Abort after Commit")
		requireRecords(t, st, c.ID, visible, "after Abort after Commit")
		mounts = append(mounts, mount{batch: *next, records: visible, events: []datashare.Event{started, ev}})
	})
	t.Run("KeyRowsAcrossBatches", func(t *testing.T) {
		b := newBatch(t, &c)
		// Lines 1 to 6 again (another batch), keys that the first batch
		// holds, and more without a key.
		rs := records(&b, key, lineRange(1, 6)...)
		m := mustMount(t, st, b, rs, 4, append(slices.Clone(visible), rs...), nil)
		visible = append(visible, rs...)
		requireBatch(t, st, m.batch, "after Commit")
		requireRecords(t, st, c.ID, visible, "after a second Commit")
		// The first batch keeps the counts of its own Commit.
		requireBatch(t, st, mounts[0].batch, "after a later Commit")
		mounts = append(mounts, m)
	})
	t.Run("ManyRows", func(t *testing.T) {
		b := newBatch(t, &other)
		rs := records(&b, lineKey, lineRange(1, 2500)...)
		m := mustMount(t, st, b, rs, 1200, rs, nil)
		requireBatch(t, st, m.batch, "after Commit")
		requireRecords(t, st, other.ID, rs, "after a Commit of 2,500 records")
	})
	t.Run("Abort", func(t *testing.T) {
		b := newBatch(t, &c)
		started := mountStarted(t, &b)
		w, err := st.BeginMount(ctx, b, []datashare.Event{started})
		storetestkit.Must(t, err, "BeginMount")
		storetestkit.Must(t, w.Write(ctx, records(&b, func(l int64) string { return fmt.Sprintf("aborted-%d", l) }, lineRange(1, 9)...), at(2)), "Write")
		b.TouchedAt = at(2)
		f, ev := failed(t, &b, "第3行：统一社会信用代码校验位错误")
		storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{ev}), "Abort")
		requireBatch(t, st, *f, "after Abort")
		requireEvents(t, st, b.ID, []datashare.Event{started, ev}, "after Abort")
		requireRecords(t, st, c.ID, visible, "after Abort")
		// A later Commit counts none of the aborted records' keys.
		next := newBatch(t, &c)
		rs := records(&next, key, 1)
		mounts = append(mounts, mustMount(t, st, next, rs, 1, append(slices.Clone(visible), rs...), nil))
		visible = append(visible, rs...)

		t.Run("ErrAbortMount", func(t *testing.T) {
			ghost := newBatch(t, &c)
			gf, gev := failed(t, &ghost, "gone")
			storetestkit.MustCode(t, st.AbortMount(ctx, gf, []datashare.Event{gev}), govops.ENOTFOUND, "AbortMount of an unknown batch")
			_, err := st.Batch(ctx, ghost.ID)
			storetestkit.MustCode(t, err, govops.ENOTFOUND, "Batch after AbortMount of an unknown batch")
			requireEvents(t, st, ghost.ID, nil, "after AbortMount of an unknown batch")
			again, aev := failed(t, f, "again")
			storetestkit.MustCode(t, st.AbortMount(ctx, again, []datashare.Event{aev}), govops.ECONFLICT, "AbortMount of a failed batch")
			requireBatch(t, st, *f, "after AbortMount of a failed batch")
			last := mounts[len(mounts)-1].batch
			late, lev := failed(t, &last, "late")
			storetestkit.MustCode(t, st.AbortMount(ctx, late, []datashare.Event{lev}), govops.ECONFLICT, "AbortMount of a committed batch")
			requireBatch(t, st, last, "after AbortMount of a committed batch")
			requireRecords(t, st, c.ID, visible, "after refused AbortMounts")
		})
	})
	t.Run("ErrBegin", func(t *testing.T) {
		ghost := newCatalog(t, "101099/000001", "不存在的目录")
		b := newBatch(t, &ghost)
		_, err := st.BeginMount(ctx, b, []datashare.Event{mountStarted(t, &b)})
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "BeginMount into an unknown entry")
		_, err = st.Batch(ctx, b.ID)
		storetestkit.MustCode(t, err, govops.ENOTFOUND, "Batch after BeginMount into an unknown entry")
		requireEvents(t, st, b.ID, nil, "after BeginMount into an unknown entry")

		taken := newBatch(t, &other)
		taken.ID = mounts[0].batch.ID
		_, err = st.BeginMount(ctx, taken, []datashare.Event{mountStarted(t, &taken)})
		storetestkit.MustCode(t, err, govops.ECONFLICT, "BeginMount with a taken batch ID")
		requireBatch(t, st, mounts[0].batch, "after BeginMount with its ID")
		requireEvents(t, st, taken.ID, mounts[0].events, "after BeginMount with a taken batch ID")
	})
	t.Run("ErrCommitStale", func(t *testing.T) {
		b := newBatch(t, &c)
		started := mountStarted(t, &b)
		w, err := st.BeginMount(ctx, b, []datashare.Event{started})
		storetestkit.Must(t, err, "BeginMount")
		storetestkit.Must(t, w.Write(ctx, records(&b, key, 1, 2, 3), at(1)), "Write")
		for _, v := range []int64{1, 3} {
			next, ev := committed(t, &b, 3)
			next.Version = v
			storetestkit.MustCode(t, w.Commit(ctx, next, []datashare.Event{ev}, noReplace(t)), govops.ECONFLICT,
				fmt.Sprintf("Commit at version %d of a batch at version 1", v))
			requireBatch(t, st, b, "after a stale Commit")
			requireEvents(t, st, b.ID, []datashare.Event{started}, "after a stale Commit")
			requireRecords(t, st, c.ID, visible, "after a stale Commit")
		}
		f, ev := failed(t, &b, "stale")
		storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{ev}), "Abort after a stale Commit")
		requireBatch(t, st, *f, "after Abort")
	})
	t.Run("Replace", func(t *testing.T) { mountReplace(t, st, &c, &other, mounts, visible) })
	t.Run("BigData", func(t *testing.T) { mountBigData(t, st) })
}

// mountReplace checks a Commit that replaces: first one whose callback
// fails, which changes nothing, then one that replaces every committed
// batch of c (mounts, whose records are visible) and none of other.
func mountReplace(t *testing.T, st datashare.Store, c, other *datashare.Catalog, mounts []mount, visible []datashare.Record) {
	ctx := t.Context()
	otherBefore, err := st.Records(ctx, other.ID, datashare.RecordKey{}, 0)
	storetestkit.Must(t, err, "Records of the other entry")
	if len(otherBefore) == 0 {
		t.Fatal("storetest: the other entry has no records to keep")
	}
	unchanged := func(t *testing.T, when string) {
		t.Helper()
		for _, m := range mounts {
			requireBatch(t, st, m.batch, when)
			requireEvents(t, st, m.batch.ID, m.events, when)
		}
		requireRecords(t, st, c.ID, visible, when)
	}

	t.Run("ErrCallback", func(t *testing.T) {
		b := newBatch(t, c)
		b.Replace = true
		started := mountStarted(t, &b)
		w, err := st.BeginMount(ctx, b, []datashare.Event{started})
		storetestkit.Must(t, err, "BeginMount")
		storetestkit.Must(t, w.Write(ctx, records(&b, lineKey, 1, 2), at(1)), "Write")
		next, ev := committed(t, &b, 2)
		refusal := errors.New("the replaced batch may not be replaced")
		calls := 0
		err = w.Commit(ctx, next, []datashare.Event{ev}, func(old *datashare.Batch) (datashare.Event, error) {
			calls++
			if calls == 2 {
				return datashare.Event{}, refusal
			}
			return event(t, old.ID, old.Version, datashare.EventMountReplaced, "committed", "replaced"), nil
		})
		if err == nil {
			t.Fatal("Commit whose replaced callback failed returned no error")
		}
		if calls < 2 {
			t.Fatalf("Commit called replaced %d times, with %d committed batches to replace", calls, len(mounts))
		}
		requireBatch(t, st, b, "after a Commit whose callback failed")
		requireEvents(t, st, b.ID, []datashare.Event{started}, "after a Commit whose callback failed")
		unchanged(t, "after a Commit whose callback failed")
		f, fev := failed(t, &b, "refused")
		storetestkit.Must(t, w.Abort(ctx, f, []datashare.Event{fev}), "Abort after a failed Commit")
		unchanged(t, "after Abort")
	})

	b := newBatch(t, c)
	b.Replace = true
	rs := records(&b, func(l int64) string { return "dup" }, 1, 2, 3)
	var got replacements
	m := mustMount(t, st, b, rs, 2, rs, &got)
	requireBatch(t, st, m.batch, "after a Commit that replaces")
	requireRecords(t, st, c.ID, rs, "after a Commit that replaces")
	requireRecords(t, st, other.ID, otherBefore, "of another entry after a Commit that replaces")
	// The callback saw each committed batch once, as it is stored now.
	var want []datashare.Batch
	for _, old := range mounts {
		r := old.batch
		r.Columns = slices.Clone(r.Columns)
		r.Status, r.FinishedAt, r.Version = datashare.BatchReplaced, m.batch.FinishedAt, r.Version+1
		want = append(want, r)
	}
	given := slices.Clone(got.batches)
	slices.SortFunc(want, func(a, b datashare.Batch) int { return storetestkit.CompareID(a.ID, b.ID) })
	slices.SortFunc(given, func(a, b datashare.Batch) int { return storetestkit.CompareID(a.ID, b.ID) })
	storetestkit.RequireEqual(t, want, given, "the batches the replaced callback was given")
	for i, r := range got.batches {
		requireBatch(t, st, r, "after it was replaced")
		old := mounts[slices.IndexFunc(mounts, func(m mount) bool { return m.batch.ID == r.ID })]
		requireEvents(t, st, r.ID, append(slices.Clone(old.events), got.events[i]), "after it was replaced")
	}

	// A batch that adds after the replacement counts its keys with the
	// replacing batch's only.
	after := newBatch(t, c)
	more := records(&after, lineKey, 3, 4)
	mustMount(t, st, after, more, 10, append(slices.Clone(rs), more...), nil)
	requireRecords(t, st, c.ID, append(slices.Clone(rs), more...), "after a Commit after the replacement")
}

// bigData returns a JSON object of about n bytes: Chinese text, every
// escape JSON has, characters outside the BMP, and whitespace between its
// tokens, as a hand-written encoder or a pretty printer might give.
func bigData(n int) string {
	var b strings.Builder
	b.WriteString("{\n\t\"企业名称\": \"柳州市柳北区\\\"示范\\\"商贸有限公司\",\r\n")
	b.WriteString(`"escapes":"\" \\ \/ \b \f \n \r \t \u0000 \u001f \u2028 \u00e9 é 😀 𠮷",`)
	b.WriteString(`"经营范围":"`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "第%d项：批发和零售业（不含危险化学品）；\\t制表\\n换行；'单引号' `反引号` %%d %%s ?; -- /* */ ", i)
	}
	b.WriteString("\"\n}")
	return b.String()
}

// mountBigData mounts records whose data is large, empty or full of what
// SQL and COPY give a meaning to, and requires them back byte for byte.
func mountBigData(t *testing.T, st datashare.Store) {
	c := newCatalog(t, "101001/000003", "大字段目录")
	mustCreateCatalogs(t, st, c)
	b := newBatch(t, &c)
	rs := []datashare.Record{
		{Catalog: c.ID, Batch: b.ID, Line: 1, Key: lineKey(1), Data: bigData(300_000)},
		{Catalog: c.ID, Batch: b.ID, Line: 2, Key: "", Data: "{}"},
		{Catalog: c.ID, Batch: b.ID, Line: 3, Key: strings.Repeat("0123456789abcdef", 4), Data: `{"a":"\\N","b":"\\.","c":"NULL","d":"'); DROP TABLE x; --"}`},
		{Catalog: c.ID, Batch: b.ID, Line: 4, Key: lineKey(4), Data: bigData(2_000)},
	}
	m := mustMount(t, st, b, rs, 2, rs, nil)
	requireBatch(t, st, m.batch, "after a Commit of large records")
	requireRecords(t, st, c.ID, rs, "of large records")
}
