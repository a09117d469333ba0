package hotlinebun_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinebun"
	"github.com/govops-kit/govops/hotline/storetest"
	"github.com/govops-kit/govops/internal/dbtest"
)

// The assessment data set: a million callbacks and a million outcomes in
// the month assessed (the worst case for a monthly query), 10,000
// deductions, 200 departments.
const (
	benchRows       = 1_000_000
	benchDeductions = 10_000
	benchDepts      = 200
	benchVersion    = "v1" // bump when seedBench changes
)

func benchMonth() hotline.Month { return hotline.NewMonth(2022, 8) }

// seedBench fills st with the assessment data set, in bulk inserts of
// 50,000 rows.
func seedBench(ctx context.Context, tb testing.TB, st *hotlinebun.Store) {
	tb.Helper()
	m := benchMonth()
	at := m.Start().Add(10 * time.Hour)
	results := hotline.AllResults()
	dept := func(i int) string { return fmt.Sprintf("dept%03d", i%benchDepts) }
	const batch = 50_000
	for from := 0; from < benchRows; from += batch {
		cbs := make([]hotline.Callback, batch)
		ocs := make([]hotline.Outcome, batch)
		for k := range batch {
			i := from + k
			number := fmt.Sprintf("2022-%07d", i)
			r := results[0]
			if j := i % 100; j >= 60 {
				r = results[1+j%5]
			}
			cbs[k] = hotline.Callback{ID: uuid.Must(uuid.NewV7()), CaseNumber: number, Department: dept(i * 7),
				Month: m, Result: r, CalledAt: at, CreatedAt: at, CreatedBy: "bench"}
			ocs[k] = hotline.Outcome{CaseNumber: number, Department: dept(i * 13), Month: m, Dispatched: i%50 != 0,
				AcceptedOnTime: i%50 != 0 && i%31 != 0, ResolvedOnTime: i%50 != 0 && i%37 != 0,
				Returned: i%50 != 0 && i%41 == 0, Redone: i%50 != 0 && i%43 == 0, Replied: i%50 != 0,
				Version: 1, UpdatedAt: at, UpdatedBy: "bench"}
		}
		if err := st.BulkInsertCallbacks(ctx, cbs); err != nil {
			tb.Fatalf("seeding callbacks: %v", err)
		}
		if err := st.BulkInsertOutcomes(ctx, ocs); err != nil {
			tb.Fatalf("seeding outcomes: %v", err)
		}
	}
	for i := range benchDeductions {
		d := &hotline.Deduction{ID: uuid.Must(uuid.NewV7()), Department: dept(i), Month: m,
			RuleCode: hotline.RuleOverdue, Points: decimal.RequireFromString("0.2"), Reason: "bench",
			RecordedAt: at, AppealBy: at.Add(7 * 24 * time.Hour), Status: hotline.DeductionRecorded, Version: 1}
		if i%10 == 0 {
			d.Status = hotline.DeductionOverturned
		}
		if err := st.CreateDeduction(ctx, d, nil); err != nil {
			tb.Fatalf("seeding deductions: %v", err)
		}
	}
}

// openBench returns a seeded store of dialect. The SQLite database is built
// once and cached under os.TempDir(), keyed by the schema and data set
// versions; PostgreSQL is seeded into a fresh schema each run, then
// vacuumed so that the covering indexes answer without the table.
func openBench(b *testing.B, dialect string) *hotlinebun.Store {
	b.Helper()
	ctx := context.Background()
	if dialect != dbopen.SQLite {
		db := dbtest.Open(b, dialect)
		st, err := hotlinebun.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		seedBench(ctx, b, st)
		if _, err := db.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %s in %s", dialect, time.Since(t0).Round(time.Second))
		return st
	}
	name := fmt.Sprintf("govops-hotline-bench-%s-%s.db", hotlinebun.SchemaVersion, benchVersion)
	db := dbtest.CachedSQLite(b, name, func(db *bun.DB) {
		st, err := hotlinebun.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		seedBench(ctx, b, st)
		b.Logf("seeded SQLite in %s (cached for later runs)", time.Since(t0).Round(time.Second))
	})
	st, err := hotlinebun.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkMonthlyAssessment runs the Service's monthly assessment over the
// data set: three GROUP BY queries, then rates and scores for 200
// departments. The target is under 1 s per assessment.
func BenchmarkMonthlyAssessment(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st := openBench(b, d)
			svc := hotline.NewService(st)
			ctx := context.Background()
			// One untimed call warms the caches, as a running server's are.
			if _, err := svc.MonthlyAssessment(ctx, govops.Actor{Name: "bench"}, benchMonth()); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				ma, err := svc.MonthlyAssessment(ctx, govops.Actor{Name: "bench"}, benchMonth())
				if err != nil {
					b.Fatal(err)
				}
				if ma.District.Volume != benchRows || ma.District.CallbackTotal != benchRows || len(ma.Departments) != benchDepts {
					b.Fatalf("assessed %d outcomes, %d callbacks, %d departments", ma.District.Volume, ma.District.CallbackTotal, len(ma.Departments))
				}
				if ma.District.Deductions != benchDeductions*9/10 {
					b.Fatalf("counted %d deductions, want %d", ma.District.Deductions, benchDeductions*9/10)
				}
			}
			ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
			b.ReportMetric(ms, "ms/op")
			b.ReportMetric(2*benchRows/(ms/1000), "rows/s")
			if ms > 1000 {
				b.Logf("monthly assessment took %.0f ms, over the 1 s target", ms)
			}
		})
	}
}

// BenchmarkStore runs the storetest benchmarks on every available dialect.
func BenchmarkStore(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			storetest.RunBenchmarks(b, maker(d))
		})
	}
}
