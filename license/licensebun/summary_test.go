package licensebun_test

import (
	"testing"

	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensebun"
)

// seedSummary stores records of two types and two departments, some
// through an import, and returns the store.
func seedSummary(t *testing.T, d string) (*licensebun.Store, map[string]int64) {
	t.Helper()
	st, _ := MustOpenStore(t, d)
	ctx := t.Context()
	want := map[string]int64{}
	var batch []license.Record
	for i := range 30 {
		r := record(t, []string{"11450200MB0123456X001", "11450200MB0123456X002"}[i%2], i)
		r.Department = []string{"lbq-xzsp", "lbq-scjg"}[i%3%2]
		want[r.Type+"/"+r.Department]++
		if i%3 == 0 {
			batch = append(batch, r)
			continue
		}
		storetestkit.Must(t, st.CreateRecord(ctx, r), "CreateRecord")
	}
	w, err := st.BeginImport(ctx)
	storetestkit.Must(t, err, "BeginImport")
	defer w.Rollback()
	if _, err := w.Write(ctx, batch); err != nil {
		t.Fatal(err)
	}
	storetestkit.Must(t, w.Commit(ctx, license.Batch{ID: storetestkit.NewID(t), Rows: int64(len(batch))}), "Commit")
	return st, want
}

// requireFacts fails t unless Facts counts want, keyed "type/department".
func requireFacts(t *testing.T, st *licensebun.Store, want map[string]int64, when string) {
	t.Helper()
	f, err := st.Facts(t.Context())
	storetestkit.Must(t, err, "Facts "+when)
	got := map[string]int64{}
	for _, c := range f.Records {
		got[c.Type+"/"+c.Department] = c.Records
	}
	storetestkit.RequireEqual(t, want, got, "Facts.Records "+when)
}

// TestStore_RepairSummaries changes the record summary behind the Store's
// back (a count off, a group that has no record) and requires that a check
// finds both, that a repair mends them, and that Facts is right again.
func TestStore_RepairSummaries(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, want := seedSummary(t, d)
			ctx := t.Context()
			db := st.DB()
			if _, err := db.ExecContext(ctx, "UPDATE license_record_summary SET records = records + 5 WHERE type = ? AND department = ?",
				"11450200MB0123456X001", "lbq-scjg"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO license_record_summary (type, department, records) VALUES (?, ?, ?)",
				"ghost", "lbq-xzsp", 3); err != nil {
				t.Fatal(err)
			}
			rep, err := st.RepairSummaries(ctx, false)
			storetestkit.Must(t, err, "RepairSummaries")
			if rep.Clean() || len(rep.Summaries) != 1 || len(rep.Summaries[0].Diffs) != 2 || rep.Summaries[0].Repaired {
				t.Fatalf("check found:\n%s want the two groups changed, not repaired", rep)
			}
			diffs := rep.Summaries[0].Diffs
			if diffs[0].Group != "type=11450200MB0123456X001 department=lbq-scjg" || diffs[0].Records != "records=5" || diffs[0].Stored != "records=10" ||
				diffs[1].Group != "type=ghost department=lbq-xzsp" || diffs[1].Records != "" {
				t.Fatalf("diffs %+v", diffs)
			}
			if f, _ := st.Facts(ctx); len(f.Records) != 5 {
				t.Fatalf("Facts before the repair has %d groups, want the 4 and the ghost", len(f.Records))
			}
			rep, err = st.RepairSummaries(ctx, true)
			storetestkit.Must(t, err, "RepairSummaries(repair)")
			if len(rep.Summaries[0].Diffs) != 2 || !rep.Summaries[0].Repaired {
				t.Fatalf("repair reported:\n%s want the two groups, repaired", rep)
			}
			rep, err = st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("after the repair: %v\n%s want clean", err, rep)
			}
			requireFacts(t, st, want, "after the repair")
			// Writes after a repair count on the repaired rows.
			r := record(t, "11450200MB0123456X001", 99)
			r.Department = "lbq-scjg"
			storetestkit.Must(t, st.CreateRecord(ctx, r), "CreateRecord")
			want[r.Type+"/"+r.Department]++
			requireFacts(t, st, want, "after a write that followed the repair")
		})
	}
}

// TestStore_MigrateFillsSummary drops the record summary and forgets its
// migration, as a database of the schema before it is, and requires that
// Migrate creates it filled from the records already stored.
func TestStore_MigrateFillsSummary(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, want := seedSummary(t, d)
			ctx := t.Context()
			db := st.DB()
			for _, q := range []string{"DROP TABLE license_record_summary",
				"DELETE FROM " + licensebun.MigrationsTable + " WHERE name = '" + licensebun.SchemaVersion + "'"} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			storetestkit.Must(t, st.Migrate(ctx), "Migrate")
			requireFacts(t, st, want, "after the upgrade")
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() || rep.Summaries[0].Groups != 4 {
				t.Fatalf("after the upgrade: %v\n%s want 4 groups, clean", err, rep)
			}
			// Run again over a filled summary, the fill sets the counts
			// rather than adding to them.
			if _, err := db.ExecContext(ctx, "DELETE FROM "+licensebun.MigrationsTable+" WHERE name = '"+licensebun.SchemaVersion+"'"); err != nil {
				t.Fatal(err)
			}
			storetestkit.Must(t, st.Migrate(ctx), "Migrate again")
			requireFacts(t, st, want, "after the migration ran twice")
		})
	}
}
