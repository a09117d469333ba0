package hotlinebun_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinebun"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

// storeSome writes three callbacks, two outcomes (one updated into another
// month) and two deductions (one overturned) through st, and returns the
// month they are in.
func storeSome(t *testing.T, st *hotlinebun.Store) hotline.Month {
	t.Helper()
	ctx := t.Context()
	m := hotline.NewMonth(2022, 8)
	at := m.Start().Add(10 * time.Hour)
	cb := func(n string, r hotline.Result) hotline.Callback {
		return hotline.Callback{ID: uuid.Must(uuid.NewV7()), CaseNumber: n, Department: "yuejin", Month: m, Result: r, CalledAt: at, CreatedAt: at}
	}
	c1 := cb("2022-000001", hotline.ResultSatisfied)
	must(t, st.CreateCallback(ctx, &c1))
	must(t, st.BulkInsertCallbacks(ctx, []hotline.Callback{cb("2022-000002", hotline.ResultSatisfied), cb("2022-000003", hotline.ResultDissatisfied)}))
	o1 := hotline.Outcome{CaseNumber: "2022-000001", Department: "yuejin", Month: m, Dispatched: true, Replied: true, Version: 1, UpdatedAt: at}
	o2 := hotline.Outcome{CaseNumber: "2022-000002", Department: "yuejin", Month: m, Dispatched: true, Version: 1, UpdatedAt: at}
	must(t, st.CreateOutcome(ctx, &o1))
	must(t, st.BulkInsertOutcomes(ctx, []hotline.Outcome{o2}))
	o2.Version, o2.Month, o2.Redone = 2, m.AddMonths(1), true
	must(t, st.UpdateOutcome(ctx, &o2))
	for _, st2 := range []hotline.DeductionStatus{hotline.DeductionRecorded, hotline.DeductionOverturned} {
		d := &hotline.Deduction{ID: uuid.Must(uuid.NewV7()), Department: "yuejin", Month: m, RuleCode: hotline.RuleOverdue,
			Points: decimal.RequireFromString("0.20"), Reason: "超期", RecordedAt: at, AppealBy: at.Add(7 * 24 * time.Hour),
			Status: hotline.DeductionRecorded, Version: 1}
		must(t, st.CreateDeduction(ctx, d, nil))
		if st2 != d.Status {
			n := d.Clone()
			n.Status, n.Version = st2, 2
			must(t, st.UpdateDeduction(ctx, n, nil))
		}
	}
	return m
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// callbackCount returns CallbackCounts' count of yuejin's callbacks of
// result r in m.
func callbackCount(t *testing.T, st *hotlinebun.Store, m hotline.Month, r hotline.Result) int64 {
	t.Helper()
	cs, err := st.CallbackCounts(t.Context(), hotline.SingleMonth(m))
	must(t, err)
	for _, c := range cs {
		if c.Department == "yuejin" && c.Result == r {
			return c.Count
		}
	}
	return 0
}

// TestStore_RepairSummaries changes summary rows behind the Store's back,
// as a hand edit or a restore of one table would: the counts then read
// the wrong rows (they answer from the summaries), a check finds each
// changed group and repairs nothing, and a repair makes them right again.
func TestStore_RepairSummaries(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, db := MustOpenStore(t, d)
			ctx := t.Context()
			m := storeSome(t, st)
			rep, err := st.RepairSummaries(ctx, false)
			must(t, err)
			if !rep.Clean() || len(rep.Summaries) != 3 {
				t.Fatalf("after the Store's own writes:\n%s", rep)
			}
			if n := callbackCount(t, st, m, hotline.ResultSatisfied); n != 2 {
				t.Fatalf("satisfied callbacks = %d, want 2", n)
			}

			for _, q := range []string{
				"UPDATE hotline_callback_summary SET n = n + 5 WHERE month = '2022-08' AND department = 'yuejin' AND result = 'satisfied'",
				"DELETE FROM hotline_outcome_summary WHERE month = '2022-09'",
				"INSERT INTO hotline_deduction_summary (month, department, status, points, n) VALUES ('2022-08', 'ghost', 'recorded', '1', 4)",
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if n := callbackCount(t, st, m, hotline.ResultSatisfied); n != 7 {
				t.Fatalf("satisfied callbacks = %d after the summary row was raised by 5, want 7: the count does not read the summary", n)
			}

			rep, err = st.RepairSummaries(ctx, false)
			must(t, err)
			want := map[string]string{
				"hotline_callback_summary":  "month=2022-08 department=yuejin result=satisfied: stored n=7, records n=2",
				"hotline_outcome_summary":   "month=2022-09 department=yuejin: stored (none), records n=1 dispatched=1 redone=1",
				"hotline_deduction_summary": "month=2022-08 department=ghost status=recorded points=1: stored n=4, records (none)",
			}
			for _, s := range rep.Summaries {
				if len(s.Diffs) != 1 || s.Repaired {
					t.Fatalf("check of %s: %+v (repaired %v); want the one changed group, nothing repaired", s.Name, s.Diffs, s.Repaired)
				}
				df := s.Diffs[0]
				got := fmt.Sprintf("%s: stored %s, records %s", df.Group, orNone(df.Stored), orNone(df.Records))
				if got != want[s.Name] {
					t.Fatalf("check of %s found %q, want %q", s.Name, got, want[s.Name])
				}
			}

			rep, err = st.RepairSummaries(ctx, true)
			must(t, err)
			for _, s := range rep.Summaries {
				if len(s.Diffs) != 1 || !s.Repaired {
					t.Fatalf("repair of %s: %+v (repaired %v); want the one changed group, repaired", s.Name, s.Diffs, s.Repaired)
				}
			}
			rep, err = st.RepairSummaries(ctx, false)
			must(t, err)
			if !rep.Clean() {
				t.Fatalf("after the repair:\n%s", rep)
			}
			if n := callbackCount(t, st, m, hotline.ResultSatisfied); n != 2 {
				t.Fatalf("satisfied callbacks = %d after the repair, want 2", n)
			}
			os, err := st.OutcomeCounts(ctx, hotline.SingleMonth(m.AddMonths(1)))
			must(t, err)
			if len(os) != 1 || os[0].Total != 1 || os[0].Redone != 1 {
				t.Fatalf("September's outcomes after the repair = %+v, want the moved one", os)
			}
			ds, err := st.DeductionCounts(ctx, hotline.SingleMonth(m), []hotline.DeductionStatus{hotline.DeductionRecorded})
			must(t, err)
			if len(ds) != 1 || ds[0].Department != "yuejin" || ds[0].Count != 1 || !ds[0].Points.Equal(decimal.RequireFromString("0.2")) {
				t.Fatalf("recorded deductions after the repair = %+v, want yuejin's one of 0.2", ds)
			}
		})
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// TestStore_MigrateFillsSummaries builds the schema as it was before the
// summaries, stores records the way that schema's Store did (no summary),
// then opens the Store: the summaries migration must fill the summaries
// from the records, so that the counts are right at once.
func TestStore_MigrateFillsSummaries(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			ctx := t.Context()
			db := dbtest.Open(t, d)
			must(t, bunstore.Migrate(ctx, db, migrationsBefore(t, d, hotlinebun.SchemaVersion), "hotline"))
			m := hotline.NewMonth(2022, 8)
			at := bunstore.DBTime(m.Start().Add(10 * time.Hour))
			for i, r := range []string{"satisfied", "satisfied", "dissatisfied", "unreachable"} {
				insertMap(ctx, t, db, "hotline_callbacks", map[string]any{"id": uuid.Must(uuid.NewV7()).String(),
					"case_number": fmt.Sprintf("2022-%06d", i), "department": "yuejin", "month": m.String(), "result": r,
					"called_at": at, "note": "", "created_at": at, "created_by": ""})
			}
			for i := range 3 {
				insertMap(ctx, t, db, "hotline_outcomes", map[string]any{"case_number": fmt.Sprintf("2022-%06d", i),
					"department": "yuejin", "month": m.String(), "dispatched": 1, "accepted_on_time": 1, "resolved_on_time": i % 2,
					"returned": 0, "redone": 0, "replied": 1, "version": 1, "updated_at": at, "updated_by": ""})
			}
			for i, status := range []string{"recorded", "appealed", "overturned"} {
				points := []string{"0.2", "0.2", "0.5"}[i]
				insertMap(ctx, t, db, "hotline_deductions", map[string]any{"id": uuid.Must(uuid.NewV7()).String(),
					"department": "yuejin", "month": m.String(), "rule_code": hotline.RuleOverdue, "points": points,
					"reason": "", "case_number": "", "recorded_at": at, "recorded_by": "", "appeal_by": at, "status": status,
					"appealed_by": "", "materials": "", "attachments": "[]", "decided_by": "", "decision_note": "", "version": 1})
			}

			st, err := hotlinebun.Open(ctx, db)
			must(t, err)
			rep, err := st.RepairSummaries(ctx, false)
			must(t, err)
			if !rep.Clean() {
				t.Fatalf("after the migration:\n%s", rep)
			}
			svc := hotline.NewService(st)
			ma, err := svc.MonthlyAssessment(ctx, govops.Actor{Name: "center"}, m)
			must(t, err)
			a, ok := ma.Department("yuejin")
			if !ok || a.Volume != 3 || a.CallbackTotal != 4 || a.Deductions != 2 || !a.DeductionPoints.Equal(decimal.RequireFromString("0.4")) {
				t.Fatalf("yuejin after the migration: %+v (found %v); want 3 outcomes, 4 callbacks, 2 deductions of 0.4 points", a, ok)
			}
		})
	}
}

// migrationsBefore returns the migration files of dialect older than
// version.
func migrationsBefore(t *testing.T, dialect, version string) fstest.MapFS {
	t.Helper()
	files := fstest.MapFS{}
	dir := "migrations/" + dialect
	ents, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range ents {
		if e.Name() < version {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			must(t, err)
			files[dir+"/"+e.Name()] = &fstest.MapFile{Data: b}
		}
	}
	if len(files) == 0 || len(files) == len(ents) {
		t.Fatalf("%d of the %d migrations of %s come before %s", len(files), len(ents), dir, version)
	}
	return files
}

func insertMap(ctx context.Context, t *testing.T, db *bun.DB, table string, row map[string]any) {
	t.Helper()
	if _, err := db.NewInsert().Model(&row).TableExpr(table).Exec(ctx); err != nil {
		t.Fatalf("insert into %s: %v", table, err)
	}
}
