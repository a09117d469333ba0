package netopsbun_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsbun"
)

// benchVisitsEnv sizes BenchmarkVisitGroups: the visits of its year
// (300,000 unless set, far more than a big city's IT-operations visits of
// a year, which its SQLite seeds in about a minute; 20,000 with -short).
const benchVisitsEnv = "GOVOPS_BENCH_VISITS"

// benchVisitCount returns the size of BenchmarkVisitGroups' fixture.
func benchVisitCount(b *testing.B) int {
	if v := os.Getenv(benchVisitsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("%s=%q: want a number of visits", benchVisitsEnv, v)
		}
		return n
	}
	if testing.Short() {
		return 20_000
	}
	return 300_000
}

// benchYear is the year of the benchmarks' fixtures, in Asia/Shanghai.
func benchYear() (from, to time.Time) {
	sh := govops.ShanghaiLocation()
	return time.Date(2022, 1, 1, 0, 0, 0, 0, sh), time.Date(2023, 1, 1, 0, 0, 0, 0, sh)
}

// benchVisits returns n visits reported over benchYear by 300 units, each
// in one of the 3 zones, whose 40 technicians (14, 13 and 13) take the
// visits of their zone's units; of every status: 5% cancelled, 60%
// resolved, 20% arrived and 15% not arrived; two thirds of those that
// arrived on time.
func benchVisits(n int) []netops.Visit {
	r := rand.New(rand.NewPCG(2022, 12))
	from, to := benchYear()
	span := int64(to.Sub(from))
	zones := netops.Zones()
	slas := []int{15, 45, 90}
	out := make([]netops.Visit, n)
	for i := range out {
		rep := govops.StoredTime(from.Add(time.Duration(r.Int64N(span))))
		u := r.IntN(300)
		z := u % 3
		due := rep.Add(time.Duration(slas[z]) * time.Minute)
		v := netops.Visit{ID: uuid.Must(uuid.NewV7()), Ticket: netops.Ticket{Kind: netops.TicketCase, Ref: fmt.Sprintf("2022-%06d", i)},
			Unit: fmt.Sprintf("lbq-%03d", u), Zone: zones[z], Technician: fmt.Sprintf("技术员%02d", z+3*r.IntN((42-z)/3)),
			Summary: "网络中断", Contact: "张三", ContactPhone: "13800138000", ReportedAt: rep, SLAMinutes: slas[z], DueAt: due,
			Month: rep.In(govops.ShanghaiLocation()).Format("2006-01"), Status: netops.VisitReported, Version: 1,
			CreatedAt: rep, UpdatedAt: rep}
		k := r.IntN(100)
		if k >= 15 {
			limit := int64(due.Sub(rep))
			if r.IntN(3) == 0 {
				limit *= 3
			}
			v.ArrivedAt = govops.StoredTime(rep.Add(time.Duration(r.Int64N(limit))))
			v.Status = netops.VisitArrived
		}
		switch {
		case k >= 35 && k < 95:
			v.ResolvedAt, v.Status = v.ArrivedAt.Add(time.Hour), netops.VisitResolved
		case k >= 95:
			v.Status = netops.VisitCancelled
		}
		out[i] = v
	}
	return out
}

// seedVisits stores n visits of benchVisits in st, in batches.
func seedVisits(tb testing.TB, st *netopsbun.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	vs := benchVisits(n)
	for i := 0; i < len(vs); i += 10_000 {
		if err := st.CreateVisits(ctx, vs[i:min(i+10_000, len(vs))], nil); err != nil {
			tb.Fatalf("seeding visits: %v", err)
		}
	}
}

// visitStore returns a Store of dialect holding n visits of benchVisits:
// on SQLite a database cached under the temporary folder across runs, on
// PostgreSQL and MySQL a fresh one, seeded once for the benchmark.
func visitStore(b *testing.B, dialect string, n int) (*netopsbun.Store, *bun.DB) {
	b.Helper()
	t0 := time.Now()
	defer func() { b.Logf("%s: %d visits ready in %s", dialect, n, time.Since(t0).Round(time.Millisecond)) }()
	if dialect == dbopen.SQLite {
		// The name changes with the schema and with benchVisits.
		name := fmt.Sprintf("govops-netops-visits-%s-b4-%d.db", netopsbun.SchemaVersion, n)
		db := dbtest.CachedSQLite(b, name, func(db *bun.DB) {
			st, err := netopsbun.Open(context.Background(), db)
			if err != nil {
				b.Fatalf("Open: %v", err)
			}
			seedVisits(b, st, n)
			st.Close()
		})
		st, err := netopsbun.Open(b.Context(), db)
		if err != nil {
			b.Fatalf("Open: %v", err)
		}
		b.Cleanup(func() { st.Close() })
		return st, db
	}
	st, db := MustOpenStore(b, dialect)
	seedVisits(b, st, n)
	analyze := "ANALYZE TABLE netops_visits, netops_visit_counts, netops_visit_unit_counts"
	if dialect == dbopen.Postgres {
		// VACUUM sets the visibility map an index-only scan needs.
		analyze = "VACUUM ANALYZE netops_visits, netops_visit_counts, netops_visit_unit_counts"
	}
	if _, err := db.ExecContext(b.Context(), analyze); err != nil {
		b.Fatalf("%s: %v", analyze, err)
	}
	return st, db
}

// benchVisitDialects are SQLite, PostgreSQL when GOVOPS_TEST_PG_DSN is
// set, and MySQL when GOVOPS_BENCH_MYSQL is set too (its visits take
// minutes to load).
func benchVisitDialects() []string {
	ds := dbtest.BenchDialects()
	if os.Getenv("GOVOPS_BENCH_MYSQL") != "" && os.Getenv(dbtest.EnvMySQL) != "" {
		ds = append(ds, dbopen.MySQL)
	}
	return ds
}

// BenchmarkVisitGroups counts a year of visits (benchVisitsEnv, 300,000
// unless set) by month, zone and technician with VisitGroups, the query
// of the compliance report, of every unit and of one (a department's
// report), beside baselines in the same run:
//
//   - vs-scan times, in turn in each iteration so that both come from the
//     same moments of a noisy machine, VisitGroups from the summaries and
//     the same groups as one GROUP BY over the visits (the full scan the
//     summaries stand for), of every unit and of one, and reports the
//     milliseconds of each and the ratios of the scan to the summaries;
//   - count, SELECT COUNT(*) over the visits (the least any pass over
//     them costs), and sum, a SUM of one column of every visit (a pass
//     that reads each row).
//
// The goal is well under 0.5 s for 1,000,000 visits (GOVOPS_BENCH_VISITS=1000000).
func BenchmarkVisitGroups(b *testing.B) {
	n := benchVisitCount(b)
	from, to := benchYear()
	for _, d := range benchVisitDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := visitStore(b, d, n)
			ctx := b.Context()
			// As of the end of the year, as the report of a past year is.
			f := netops.VisitFilter{From: from, To: to, AsOf: to}
			unit := f
			unit.Unit = "lbq-007"
			want := int64(0)
			b.Run("groups", func(b *testing.B) {
				for b.Loop() {
					gs, err := st.VisitGroups(ctx, f)
					if err != nil {
						b.Fatal(err)
					}
					var total int64
					for _, g := range gs {
						total += g.Visits
					}
					if len(gs) != 12*40 || (want != 0 && total != want) {
						b.Fatalf("VisitGroups: %d groups of %d visits; want %d groups", len(gs), total, 12*40)
					}
					want = total
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(b.N), "visits/s")
			})
			b.Run("vs-scan", func(b *testing.B) {
				var times [4]time.Duration // summaries, scan; of every unit, then of one
				iters := 0
				for b.Loop() {
					iters++
					for k, q := range []netops.VisitFilter{f, unit} {
						t0 := time.Now()
						got, err := st.VisitGroups(ctx, q)
						if err != nil {
							b.Fatal(err)
						}
						t1 := time.Now()
						scanned, err := netopsbun.VisitGroupsScanForTest(ctx, st, q)
						if err != nil {
							b.Fatal(err)
						}
						times[2*k] += t1.Sub(t0)
						times[2*k+1] += time.Since(t1)
						if len(got) != len(scanned) || len(got) == 0 {
							b.Fatalf("VisitGroups of %q: %d groups, the scan %d", q.Unit, len(got), len(scanned))
						}
					}
				}
				ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(iters) }
				b.ReportMetric(ms(times[0]), "summary-ms")
				b.ReportMetric(ms(times[1]), "scan-ms")
				b.ReportMetric(ms(times[2]), "unit-summary-ms")
				b.ReportMetric(ms(times[3]), "unit-scan-ms")
				b.ReportMetric(times[1].Seconds()/times[0].Seconds(), "scan/summary")
				b.ReportMetric(times[3].Seconds()/times[2].Seconds(), "unit-scan/summary")
			})
			b.Run("count", func(b *testing.B) {
				for b.Loop() {
					var got int
					if err := db.NewRaw("SELECT COUNT(*) FROM netops_visits").Scan(ctx, &got); err != nil || got != n {
						b.Fatalf("count = %d, %v; want %d", got, err, n)
					}
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(b.N), "visits/s")
			})
			b.Run("sum", func(b *testing.B) {
				for b.Loop() {
					var got int64
					if err := db.NewRaw("SELECT SUM(sla_minutes) FROM netops_visits").Scan(ctx, &got); err != nil || got == 0 {
						b.Fatalf("sum = %d, %v", got, err)
					}
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(b.N), "visits/s")
			})
		})
	}
}

// BenchmarkVisitWrites times the writes of a visit with the summaries and
// without them (SetSummariesForTest: the write path before the
// summaries), in turn in each iteration on two Stores over one database
// holding 20,000 visits: the report of one visit with its event, as
// OpenVisit stores it, and its arrival, an update that moves it between
// groups. It reports the microseconds of each and the ratio with to
// without.
func BenchmarkVisitWrites(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			with, db := MustOpenStore(b, d)
			without := netopsbun.New(db)
			netopsbun.SetSummariesForTest(without, false)
			b.Cleanup(func() { without.Close() })
			ctx := b.Context()
			seedVisits(b, with, 20_000)
			vs := benchVisits(1)
			var times [2][2]time.Duration // [with, without][create, update]
			n := 0
			for b.Loop() {
				for k, st := range []*netopsbun.Store{with, without} {
					n++
					v := vs[0]
					v.ID, v.Status, v.ArrivedAt, v.ResolvedAt = uuid.Must(uuid.NewV7()), netops.VisitReported, time.Time{}, time.Time{}
					ev := netops.Event{ID: uuid.Must(uuid.NewV7()), Subject: v.ID, Seq: 1, Type: netops.EventVisitReported,
						Actor: "bench", At: v.ReportedAt, To: netops.Status(v.Status), Department: v.Unit}
					t0 := time.Now()
					if err := st.CreateVisits(ctx, []netops.Visit{v}, []netops.Event{ev}); err != nil {
						b.Fatalf("CreateVisits: %v", err)
					}
					t1 := time.Now()
					v.ArrivedAt, v.Status, v.Version = v.ReportedAt.Add(10*time.Minute), netops.VisitArrived, 2
					if err := st.UpdateVisit(ctx, &v, nil); err != nil {
						b.Fatalf("UpdateVisit: %v", err)
					}
					times[k][0] += t1.Sub(t0)
					times[k][1] += time.Since(t1)
				}
			}
			per := func(d time.Duration) float64 { return float64(d.Microseconds()) * 2 / float64(n) }
			b.ReportMetric(per(times[0][0]), "create-µs")
			b.ReportMetric(per(times[1][0]), "create-nosum-µs")
			b.ReportMetric(per(times[0][1]), "update-µs")
			b.ReportMetric(per(times[1][1]), "update-nosum-µs")
			b.ReportMetric(times[0][0].Seconds()/times[1][0].Seconds(), "create-ratio")
			b.ReportMetric(times[0][1].Seconds()/times[1][1].Seconds(), "update-ratio")
		})
	}
}

// BenchmarkShifts lists a year of the 7×24 duty roster of 50 people (three
// eight-hour shifts a day and a day leader's shift, 1,460 shifts) with
// Shifts, as the roster report reads it, on SQLite, beside a baseline in
// the same run: count, SELECT COUNT(*) of the shifts that overlap the
// year. The roster report's goal is under 10 ms.
func BenchmarkShifts(b *testing.B) {
	st, db := MustOpenStore(b, dbopen.SQLite)
	ctx := b.Context()
	from, to := benchYear()
	var ss []netops.Shift
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		for k := range 3 {
			start := day.Add(time.Duration(k*8) * time.Hour)
			ss = append(ss, netops.Shift{ID: uuid.Must(uuid.NewV7()), Person: fmt.Sprintf("值班员%02d", (len(ss)*7)%50),
				Role: "值班", Start: start.UTC(), End: start.Add(8 * time.Hour).UTC(), Status: netops.ShiftScheduled, Version: 1})
		}
		ss = append(ss, netops.Shift{ID: uuid.Must(uuid.NewV7()), Person: fmt.Sprintf("值班员%02d", len(ss)%50), Role: "带班",
			Start: day.Add(8 * time.Hour).UTC(), End: day.Add(18 * time.Hour).UTC(), Status: netops.ShiftScheduled, Version: 1})
	}
	if err := st.CreateShifts(ctx, ss, nil); err != nil {
		b.Fatal(err)
	}
	f := netops.ShiftFilter{From: from, To: to}
	b.Run("shifts", func(b *testing.B) {
		for b.Loop() {
			got, err := st.Shifts(ctx, f)
			if err != nil || len(got) != len(ss) {
				b.Fatalf("Shifts: %d, %v; want %d", len(got), err, len(ss))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/year")
	})
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			var got int
			err := db.NewRaw("SELECT COUNT(*) FROM netops_shifts WHERE start_at < ? AND end_at > ?", to.UTC(), from.UTC()).Scan(ctx, &got)
			if err != nil || got != len(ss) {
				b.Fatalf("count = %d, %v; want %d", got, err, len(ss))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/year")
	})
}
