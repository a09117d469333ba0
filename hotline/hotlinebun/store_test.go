package hotlinebun_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinebun"
	"github.com/govops-kit/govops/hotline/storetest"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
)

// MustOpenStore returns a migrated Store over a fresh database of dialect.
func MustOpenStore(tb testing.TB, dialect string) (*hotlinebun.Store, *bun.DB) {
	tb.Helper()
	db := dbtest.Open(tb, dialect)
	st, err := hotlinebun.Open(tb.Context(), db)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return st, db
}

// harness gives each subtest a fresh, migrated database of one dialect.
type harness struct{ dialect string }

func (h harness) MakeStore(_ context.Context, t testing.TB) (hotline.Store, error) {
	st, _ := MustOpenStore(t, h.dialect)
	return st, nil
}

func (harness) Close() {}

func maker(dialect string) storetest.HarnessMaker {
	return func(context.Context, testing.TB) (storetest.Harness, error) { return harness{dialect}, nil }
}

func TestConformance(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			dbtest.DSN(t, d) // skip (or fail on CI) before anything runs
			t.Cleanup(func() { dbtest.Record(t, "hotline", d) })
			storetest.RunConformanceTests(t, maker(d))
		})
	}
}

func TestStore_Migrate(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			t.Run("Twice", func(t *testing.T) {
				st, db := MustOpenStore(t, d)
				if err := st.Migrate(t.Context()); err != nil {
					t.Fatalf("second Migrate: %v", err)
				}
				var names []string
				err := db.NewSelect().TableExpr(hotlinebun.MigrationsTable).Column("name").OrderExpr("name ASC").Scan(t.Context(), &names)
				if err != nil || len(names) != 4 || names[len(names)-1] != hotlinebun.SchemaVersion {
					t.Fatalf("%s holds %v (%v), want the 4 migrations, the last %s", hotlinebun.MigrationsTable, names, err, hotlinebun.SchemaVersion)
				}
			})
			t.Run("UpgradeKeepsOldRows", func(t *testing.T) { testUpgrade(t, d) })
			t.Run("Concurrent", func(t *testing.T) {
				dbtest.RequireConcurrentMigrate(t, d, hotlinebun.MigrationLocksTable, func(ctx context.Context, db *bun.DB) error {
					return hotlinebun.New(db).Migrate(ctx)
				})
			})
		})
	}
}

// testUpgrade builds the schema of the first migration alone, stores a
// deduction with its first event the way that schema stores them, then
// opens the Store: the newer migrations must keep both rows, reading the
// deduction as not provisional and the event without a department, and
// accept the event type they widened the column for.
func testUpgrade(t *testing.T, dialect string) {
	ctx := t.Context()
	db := dbtest.Open(t, dialect)
	first := fstest.MapFS{}
	dir := "migrations/" + dialect
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "20250701000001_") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			first[dir+"/"+e.Name()] = &fstest.MapFile{Data: b}
		}
	}
	if len(first) != 2 {
		t.Fatalf("found %d files of the first migration in %s, want 2", len(first), dir)
	}
	if err := bunstore.Migrate(ctx, db, first, "hotline"); err != nil {
		t.Fatalf("first migration: %v", err)
	}
	id := uuid.Must(uuid.NewV7())
	at := time.Date(2026, 12, 25, 10, 0, 0, 0, govops.ShanghaiLocation())
	appealBy := time.Date(2027, 1, 5, 0, 0, 0, 0, govops.ShanghaiLocation())
	old := map[string]any{"id": id.String(), "department": "yuejin", "month": "2026-12", "rule_code": hotline.RuleOverdue,
		"points": "0.2", "reason": "案件超期办结", "case_number": "", "recorded_at": bunstore.DBTime(at), "recorded_by": "中心-王",
		"appeal_by": bunstore.DBTime(appealBy), "status": string(hotline.DeductionRecorded), "appealed_by": "", "materials": "",
		"attachments": "[]", "decided_by": "", "decision_note": "", "version": 1}
	if _, err := db.NewInsert().Model(&old).TableExpr("hotline_deductions").Exec(ctx); err != nil {
		t.Fatalf("insert a row of the first schema: %v", err)
	}
	oldEvent := map[string]any{"id": uuid.Must(uuid.NewV7()).String(), "deduction_id": id.String(), "seq": 1,
		"type": string(hotline.EventRecorded), "actor": "中心-王", "actor_dept": "", "at": bunstore.DBTime(at),
		"from_status": "", "to_status": string(hotline.DeductionRecorded), "note": "案件超期办结", "attachments": "[]"}
	if _, err := db.NewInsert().Model(&oldEvent).TableExpr("hotline_deduction_events").Exec(ctx); err != nil {
		t.Fatalf("insert an event of the first schema: %v", err)
	}

	st, err := hotlinebun.Open(ctx, db)
	if err != nil {
		t.Fatalf("Open over the first schema: %v", err)
	}
	got, err := st.GetDeduction(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.AppealByProvisional || !got.AppealBy.Equal(appealBy) || got.Version != 1 {
		t.Fatalf("old row reads AppealBy %s, provisional %v, version %d; want %s, false, 1", got.AppealBy, got.AppealByProvisional, got.Version, appealBy)
	}
	if ds, err := st.ListDeductions(ctx, hotline.DeductionFilter{ProvisionalAppealBy: true}); err != nil || len(ds) != 0 {
		t.Fatalf("ProvisionalAppealBy lists %d old rows (%v), want none", len(ds), err)
	}

	next := got.Clone()
	next.Version, next.AppealByProvisional = 2, true
	ev := hotline.DeductionEvent{ID: uuid.Must(uuid.NewV7()), Subject: id, Seq: 2, Type: hotline.EventAppealWindowRecomputed,
		Actor: "center-li", At: at.Add(time.Hour), From: next.Status, To: next.Status, Department: next.Department,
		Note: "appeal_by 2027-01-05 00:00 → 2027-01-05 00:00 (provisional)"}
	if err := st.UpdateDeduction(ctx, next, []hotline.DeductionEvent{ev}); err != nil {
		t.Fatalf("UpdateDeduction with an event of type %s: %v", ev.Type, err)
	}
	evs, err := st.ListDeductionEvents(ctx, id)
	if err != nil || len(evs) != 2 || evs[0].Department != "" || evs[0].Note != "案件超期办结" ||
		evs[1].Type != hotline.EventAppealWindowRecomputed || evs[1].Department != "yuejin" {
		t.Fatalf("events = %+v (%v), want the old event without a department, then the %s event of yuejin", evs, err, hotline.EventAppealWindowRecomputed)
	}
	if ds, err := st.ListDeductions(ctx, hotline.DeductionFilter{ProvisionalAppealBy: true}); err != nil || len(ds) != 1 || !ds[0].AppealByProvisional {
		t.Fatalf("ProvisionalAppealBy lists %+v (%v), want the updated row", ds, err)
	}
}
