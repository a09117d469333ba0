package datasharebun_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// summaryItems are item names that JSON escapes, as the item statistics
// hold them, which the summaries' recounts must read back.
var summaryItems = []string{"统一社会信用代码", `名称"引号"`, "a<b>&c", `反斜杠\`}

// seedSummaries mounts into three entries: batches on both sides of the
// turn of a month in Asia/Shanghai, with item statistics, and one that
// replaces another; then moves the second entry to another department. It
// returns the store.
func seedSummaries(t *testing.T, d string) *datasharebun.Store {
	t.Helper()
	st, _ := MustOpenStore(t, d)
	ctx := t.Context()
	a, b, c := entry(t, st, "120001/000001"), entry(t, st, "120001/000002"), entry(t, st, "120001/000003")
	mount := func(c *datashare.Catalog, finished time.Time, mounted int64, replace bool) {
		batch := newSummaryBatch(t, c)
		batch.Replace = replace
		w, err := st.BeginMount(ctx, batch, nil)
		storetestkit.Must(t, err, "BeginMount")
		next := batch
		next.Status, next.Version, next.FinishedAt, next.Mounted = datashare.BatchCommitted, 2, finished, mounted
		for i, item := range summaryItems {
			next.Items = append(next.Items, datashare.ItemStats{Item: item, Present: mounted - int64(i), Invalid: int64(i)})
		}
		storetestkit.Must(t, w.Commit(ctx, &next, nil, func(old *datashare.Batch) (datashare.Event, error) {
			return datashare.Event{ID: uuid.Must(uuid.NewV7()), Subject: old.ID, Seq: old.Version, Type: datashare.EventMountReplaced}, nil
		}), "Commit")
	}
	mount(&a, time.Date(2022, 3, 31, 15, 59, 59, 999999000, time.UTC), 10, false) // 2022-03 in Shanghai
	mount(&a, time.Date(2022, 3, 31, 16, 0, 0, 0, time.UTC), 20, false)           // 2022-04
	mount(&b, time.Date(2022, 4, 2, 0, 0, 0, 0, time.UTC), 30, false)
	mount(&c, time.Date(2022, 4, 9, 0, 0, 0, 0, time.UTC), 5, false)
	mount(&c, time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC), 40, true) // replaces the 5
	moved := b
	moved.Department, moved.Version = "lbq-rsj", b.Version+1
	storetestkit.Must(t, st.UpdateCatalog(ctx, &moved, nil), "UpdateCatalog")
	return st
}

// newSummaryBatch returns a loading batch of c.
func newSummaryBatch(t *testing.T, c *datashare.Catalog) datashare.Batch {
	t.Helper()
	at := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	return datashare.Batch{ID: storetestkit.NewID(t), Catalog: c.ID, CatalogCode: c.Code, Department: c.Department,
		Status: datashare.BatchLoading, StartedAt: at, TouchedAt: at, Version: 1}
}

// requireTotals fails t unless MountTotals of every entry is the seed's.
func requireTotals(t *testing.T, st *datasharebun.Store, when string) {
	t.Helper()
	got, err := st.MountTotals(t.Context(), datashare.MountFilter{})
	storetestkit.Must(t, err, "MountTotals "+when)
	months := map[string]int64{}
	for _, m := range got.Months {
		months[m.Month] = m.Records
	}
	var records int64
	for _, e := range got.Entries {
		records += e.Records
	}
	storetestkit.RequireEqual(t, map[string]int64{"2022-03": 10, "2022-04": 50, "2022-05": 40}, months, "months "+when)
	if records != 100 || len(got.Entries) != 3 {
		t.Fatalf("%d records in %d entries %s, want 100 in 3", records, len(got.Entries), when)
	}
	moved, err := st.MountTotals(t.Context(), datashare.MountFilter{Department: "lbq-rsj"})
	storetestkit.Must(t, err, "MountTotals of lbq-rsj "+when)
	if len(moved.Months) != 1 || moved.Months[0] != (datashare.MonthRecords{Month: "2022-04", Records: 30}) {
		t.Fatalf("months of the moved entry's department %s: %+v, want 30 in 2022-04", when, moved.Months)
	}
	stats, err := st.MountStats(t.Context(), datashare.MountFilter{})
	storetestkit.Must(t, err, "MountStats "+when)
	items := map[string][2]int64{}
	for _, e := range stats {
		for _, it := range e.Items {
			v := items[it.Item]
			items[it.Item] = [2]int64{v[0] + it.Present, v[1] + it.Invalid}
		}
	}
	storetestkit.RequireEqual(t, map[string][2]int64{summaryItems[0]: {100, 0}, summaryItems[1]: {96, 4}, summaryItems[2]: {92, 8}, summaryItems[3]: {88, 12}},
		items, "item statistics "+when)
}

// TestStore_RepairSummaries changes each of the three summaries behind the
// Store's back and requires that a check finds each change, with item
// names and months read back from the batches exactly, and that a repair
// mends them.
func TestStore_RepairSummaries(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st := seedSummaries(t, d)
			ctx := t.Context()
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() || len(rep.Summaries) != 3 {
				t.Fatalf("check of the seed: %v\n%s want three summaries, clean", err, rep)
			}
			requireTotals(t, st, "as seeded")
			db := st.DB()
			for _, q := range []string{
				"UPDATE datashare_mount_summary SET records = records + 7",
				"UPDATE datashare_item_summary SET invalid = invalid + 1 WHERE item = 'a<b>&c'",
				"INSERT INTO datashare_month_summary (department, status, month, records) VALUES ('lbq-ghost', 'published', '2021-01', 5)",
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			rep, err = st.RepairSummaries(ctx, false)
			storetestkit.Must(t, err, "RepairSummaries")
			for i, want := range []int{3, 3, 1} {
				if s := rep.Summaries[i]; len(s.Diffs) != want || s.Repaired {
					t.Fatalf("check after the changes:\n%s want 3, 3 and 1 groups, not repaired", rep)
				}
			}
			if g := rep.Summaries[2].Diffs[0]; g.Group != "department=lbq-ghost status=published month=2021-01" || g.Records != "" {
				t.Fatalf("month summary's difference %+v", g)
			}
			rep, err = st.RepairSummaries(ctx, true)
			if err != nil || rep.Clean() || !rep.Summaries[0].Repaired || !rep.Summaries[1].Repaired || !rep.Summaries[2].Repaired {
				t.Fatalf("repair: %v\n%s want all three repaired", err, rep)
			}
			rep, err = st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("after the repair: %v\n%s want clean", err, rep)
			}
			requireTotals(t, st, "after the repair")
		})
	}
}

// TestStore_MigrateFillsSummaries drops the summaries and forgets their
// migration, as a database of the schema before them is, and requires
// that Migrate creates them filled from the batches already stored, and
// sets them right when it runs again over filled ones.
func TestStore_MigrateFillsSummaries(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st := seedSummaries(t, d)
			ctx := t.Context()
			db := st.DB()
			forget := "DELETE FROM " + datasharebun.MigrationsTable + " WHERE name = '" + datasharebun.SchemaVersion + "'"
			for _, q := range []string{"DROP TABLE datashare_mount_summary", "DROP TABLE datashare_item_summary", "DROP TABLE datashare_month_summary", forget} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			storetestkit.Must(t, st.Migrate(ctx), "Migrate")
			requireTotals(t, st, "after the upgrade")
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("after the upgrade: %v\n%s want clean", err, rep)
			}
			for _, q := range []string{"UPDATE datashare_mount_summary SET records = records + 7", forget} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			storetestkit.Must(t, st.Migrate(ctx), "Migrate again")
			requireTotals(t, st, "after the migration ran again")
		})
	}
}
