package securitybun_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitybun"
)

// rawHardeningRow and rawEventRow are rows of security_hardenings and
// security_events as bare bun models, written without the store: the
// baseline a create is compared with.
type rawHardeningRow struct {
	bun.BaseModel `bun:"table:security_hardenings"`

	ID         string    `bun:"id,pk"`
	Department string    `bun:"department"`
	Asset      string    `bun:"asset"`
	Kind       string    `bun:"kind"`
	Severity   string    `bun:"severity"`
	Detail     string    `bun:"detail"`
	SourceKind string    `bun:"source_kind"`
	SourceID   string    `bun:"source_id,nullzero"`
	SourceSeq  int       `bun:"source_seq"`
	SourceRef  string    `bun:"source_ref"`
	FoundOn    time.Time `bun:"found_on"`
	Status     string    `bun:"status"`
	Version    int64     `bun:"version"`
	CreatedAt  time.Time `bun:"created_at"`
	UpdatedAt  time.Time `bun:"updated_at"`
}

type rawEventRow struct {
	bun.BaseModel `bun:"table:security_events"`

	ID          string    `bun:"id,pk"`
	SubjectID   string    `bun:"subject_id"`
	Seq         int64     `bun:"seq"`
	Type        string    `bun:"type"`
	Actor       string    `bun:"actor"`
	ActorDept   string    `bun:"actor_dept"`
	At          time.Time `bun:"at"`
	FromStatus  string    `bun:"from_status"`
	ToStatus    string    `bun:"to_status"`
	Department  string    `bun:"department"`
	Note        string    `bun:"note"`
	Attachments string    `bun:"attachments"`
}

// benchHardening returns a finding of an inspection raised as a new record,
// with the event of its creation.
func benchHardening(now time.Time, seq int) (security.Hardening, security.Event) {
	h := security.Hardening{ID: uuid.Must(uuid.NewV7()), Department: "lbq-scjg", Asset: "ZC-2019-0001",
		Kind: security.FindingWeakPassword, Severity: security.SeverityHigh, Detail: "管理口令为 8 位纯数字",
		Source:  security.Source{Kind: security.SourceInspection, ID: uuid.Must(uuid.NewV7()), Seq: seq, Ref: "自查 2023-06"},
		FoundOn: now, Status: security.HardeningOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
	e := security.Event{ID: uuid.Must(uuid.NewV7()), Subject: h.ID, Seq: 1, Type: security.EventHardeningOpened,
		Actor: "bench", At: now, To: security.Status(security.HardeningOpen), Department: h.Department}
	return h, e
}

// rawCreate writes the rows of h and e with bare bun INSERTs in one
// transaction.
func rawCreate(ctx context.Context, db *bun.DB, h *security.Hardening, e *security.Event) error {
	row := rawHardeningRow{ID: h.ID.String(), Department: h.Department, Asset: h.Asset, Kind: string(h.Kind),
		Severity: string(h.Severity), Detail: h.Detail, SourceKind: string(h.Source.Kind), SourceID: h.Source.ID.String(),
		SourceSeq: h.Source.Seq, SourceRef: h.Source.Ref, FoundOn: h.FoundOn, Status: string(h.Status), Version: 1,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
	ev := rawEventRow{ID: e.ID.String(), SubjectID: e.Subject.String(), Seq: 1, Type: string(e.Type), Actor: e.Actor,
		At: e.At, ToStatus: string(e.To), Department: e.Department, Attachments: "[]"}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(&ev).Exec(ctx)
		return err
	})
}

// BenchmarkCreateHardening alternates CreateHardenings of one record with
// its event, as RaiseFindings stores a single finding, with a bare bun
// insert of the same two rows in one transaction, timing each, so that both
// come from the same moments of a noisy machine. It reports the time of
// each and their ratio.
func BenchmarkCreateHardening(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := MustOpenStore(b, d)
			ctx := b.Context()
			now := time.Now().UTC().Truncate(time.Microsecond)
			var storeTime, rawTime time.Duration
			n := 0
			for b.Loop() {
				n++
				h, e := benchHardening(now, n)
				rh, re := benchHardening(now, n)
				t0 := time.Now()
				if err := st.CreateHardenings(ctx, []security.Hardening{h}, []security.Event{e}); err != nil {
					b.Fatalf("CreateHardenings: %v", err)
				}
				t1 := time.Now()
				if err := rawCreate(ctx, db, &rh, &re); err != nil {
					b.Fatalf("raw insert: %v", err)
				}
				storeTime += t1.Sub(t0)
				rawTime += time.Since(t1)
			}
			b.ReportMetric(float64(storeTime.Microseconds())/float64(n), "store-µs/create")
			b.ReportMetric(float64(rawTime.Microseconds())/float64(n), "raw-µs/create")
			b.ReportMetric(storeTime.Seconds()/rawTime.Seconds(), "ratio")
		})
	}
}

// benchFindingsEnv sizes the fixture of BenchmarkReportFindings: the
// hardening records of ten years (300,000 unless set; 20,000 with -short).
const benchFindingsEnv = "GOVOPS_BENCH_HARDENINGS"

// benchFindingsCount returns the size of BenchmarkReportFindings' fixture.
func benchFindingsCount(b *testing.B) int {
	if v := os.Getenv(benchFindingsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("%s=%q: want a number of records", benchFindingsEnv, v)
		}
		return n
	}
	if testing.Short() {
		return 20_000
	}
	return 300_000
}

// benchFindings returns n hardening records of a big city's ten years
// (2015–2024, Asia/Shanghai) in 2,000 units, raised 100 at a time from
// one source, of every kind and severity: 70% verified within 120 days of
// being found, 15% remediated and 15% open; and n/20 self-inspections over
// the same years.
func benchFindings(n int) ([]security.Hardening, []security.Inspection) {
	r := rand.New(rand.NewPCG(2015, 2024))
	sh := govops.ShanghaiLocation()
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, sh)
	span := int64(time.Date(2025, 1, 1, 0, 0, 0, 0, sh).Sub(start))
	hs := make([]security.Hardening, n)
	var src uuid.UUID
	for i := range hs {
		if i%100 == 0 {
			src = uuid.Must(uuid.NewV7())
		}
		found := start.Add(time.Duration(r.Int64N(span))).UTC().Truncate(time.Microsecond)
		h := security.Hardening{ID: uuid.Must(uuid.NewV7()), Department: fmt.Sprintf("city-%04d", r.IntN(2000)),
			Asset: fmt.Sprintf("ZC-%06d", i), Kind: security.FindingKinds()[r.IntN(5)], Severity: security.Severities()[r.IntN(4)],
			Source:  security.Source{Kind: security.SourceInspection, ID: src, Seq: 1 + i%100},
			FoundOn: found, Status: security.HardeningOpen, Version: 1, CreatedAt: found, UpdatedAt: found}
		switch k := r.IntN(100); {
		case k < 70:
			h.Status, h.VerifiedAt = security.HardeningVerified, found.Add(time.Duration(r.Int64N(int64(120*24*time.Hour)))).Truncate(time.Microsecond)
		case k < 85:
			h.Status = security.HardeningRemediated
		}
		hs[i] = h
	}
	xs := make([]security.Inspection, n/20)
	for i := range xs {
		on := start.Add(time.Duration(r.Int64N(span))).UTC().Truncate(time.Microsecond)
		xs[i] = security.Inspection{ID: uuid.Must(uuid.NewV7()), Department: fmt.Sprintf("city-%04d", r.IntN(2000)), Date: on,
			Scope: "办公网及门户网站", Version: 1, CreatedAt: on, UpdatedAt: on}
	}
	return hs, xs
}

// seedFindings stores the records of benchFindings(n) through st, in
// batches of 5,000 (an import), and its inspections one at a time.
func seedFindings(tb testing.TB, st *securitybun.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	hs, xs := benchFindings(n)
	for batch := range slices.Chunk(hs, 5000) {
		if err := st.CreateHardenings(ctx, batch, nil); err != nil {
			tb.Fatalf("seeding hardening records: %v", err)
		}
	}
	for i := range xs {
		if err := st.CreateInspection(ctx, &xs[i], nil); err != nil {
			tb.Fatalf("seeding inspections: %v", err)
		}
	}
}

// findingsStore returns a Store of dialect holding benchFindings(n): on
// SQLite a database cached under the temporary folder across runs, on
// PostgreSQL a fresh one, seeded once for the benchmark.
func findingsStore(b *testing.B, dialect string, n int) (*securitybun.Store, *bun.DB) {
	b.Helper()
	t0 := time.Now()
	defer func() {
		b.Logf("%s: %d hardening records ready in %s", dialect, n, time.Since(t0).Round(time.Millisecond))
	}()
	if dialect == dbopen.SQLite {
		// The name changes with the schema and with benchFindings.
		name := fmt.Sprintf("govops-security-findings-%s-b1-%d.db", securitybun.SchemaVersion, n)
		db := dbtest.CachedSQLite(b, name, func(db *bun.DB) {
			st, err := securitybun.Open(context.Background(), db)
			if err != nil {
				b.Fatalf("Open: %v", err)
			}
			seedFindings(b, st, n)
			st.Close()
		})
		st, err := securitybun.Open(b.Context(), db)
		if err != nil {
			b.Fatalf("Open: %v", err)
		}
		b.Cleanup(func() { st.Close() })
		return st, db
	}
	st, db := MustOpenStore(b, dialect)
	seedFindings(b, st, n)
	if _, err := db.ExecContext(b.Context(), "VACUUM ANALYZE"); err != nil {
		b.Fatalf("VACUUM ANALYZE: %v", err)
	}
	return st, db
}

// BenchmarkReportFindings counts the hardening records of a big city's
// ten years (benchFindingsEnv, 300,000 unless set) for the yearly report
// of 2024, at its end, timing in turn, in each iteration, so that every
// figure comes from the same moments of a noisy machine:
//
//   - counts: the reads of the report's findings now, HardeningCounts and
//     HardeningDays from the summaries (the center's, then one unit's);
//   - scan: the same counts as one GROUP BY over the records, the full
//     scan the summaries are recomputed from;
//   - listing: what the report read before the summaries, every record
//     found before the end of the year, which it counted in Go;
//   - report: the whole Report of the center, through the Service;
//   - inspections: CountInspections of the year from its summary, beside
//     the COUNT over the inspections and the listing of them the report
//     counted before.
//
// It reports the milliseconds of each and the ratios of the scan and the
// listing to the counts.
func BenchmarkReportFindings(b *testing.B) {
	n := benchFindingsCount(b)
	sh := govops.ShanghaiLocation()
	from, end := time.Date(2024, 1, 1, 0, 0, 0, 0, sh), time.Date(2025, 1, 1, 0, 0, 0, 0, sh)
	recent := time.Date(2024, 7, 5, 0, 0, 0, 0, sh)
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := findingsStore(b, d, n)
			ctx := b.Context()
			svc := security.NewService(st, security.WithNow(func() time.Time { return time.Date(2025, 3, 1, 9, 0, 0, 0, sh) }))
			dept := "city-0042"
			var counts, scan, listing, report, insSum, insScan, insList time.Duration
			iters := 0
			for b.Loop() {
				iters++
				t0 := time.Now()
				total := int64(0)
				for _, u := range []string{"", dept} {
					cs, err := st.HardeningCounts(ctx, u)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := st.HardeningDays(ctx, u, recent, end); err != nil {
						b.Fatal(err)
					}
					for _, c := range cs {
						total += c.Count
					}
				}
				t1 := time.Now()
				scanned := int64(0)
				for _, u := range []string{"", dept} {
					cs, err := securitybun.HardeningCountsScanForTest(ctx, st, u)
					if err != nil {
						b.Fatal(err)
					}
					for _, c := range cs {
						scanned += c.Count
					}
				}
				t2 := time.Now()
				hs, err := st.Hardenings(ctx, security.HardeningFilter{FoundBefore: end}, uuid.Nil, 0)
				if err != nil {
					b.Fatal(err)
				}
				t3 := time.Now()
				r, err := svc.Report(ctx, govops.Actor{Name: "bench"}, 2024)
				if err != nil {
					b.Fatal(err)
				}
				t4 := time.Now()
				ins, err := st.CountInspections(ctx, security.InspectionFilter{From: from, To: end})
				if err != nil {
					b.Fatal(err)
				}
				t5 := time.Now()
				var insN int64
				if err := db.NewRaw("SELECT COUNT(*) FROM security_inspections WHERE inspected_on >= ? AND inspected_on < ?",
					from.UTC(), end.UTC()).Scan(ctx, &insN); err != nil {
					b.Fatal(err)
				}
				t6 := time.Now()
				xs, err := st.Inspections(ctx, security.InspectionFilter{From: from, To: end}, uuid.Nil, 0)
				if err != nil {
					b.Fatal(err)
				}
				t7 := time.Now()
				if total != scanned || int(total) <= n || len(hs) != n || ins != insN || r.Inspections != int(ins) || len(xs) != int(ins) {
					b.Fatalf("counts %d, scan %d, listing %d of %d records; inspections %d, %d, %d, report %d",
						total, scanned, len(hs), n, ins, insN, len(xs), r.Inspections)
				}
				counts += t1.Sub(t0)
				scan += t2.Sub(t1)
				listing += t3.Sub(t2)
				report += t4.Sub(t3)
				insSum += t5.Sub(t4)
				insScan += t6.Sub(t5)
				insList += t7.Sub(t6)
			}
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(iters) }
			b.ReportMetric(ms(counts), "counts-ms")
			b.ReportMetric(ms(scan), "scan-ms")
			b.ReportMetric(ms(listing), "listing-ms")
			b.ReportMetric(ms(report), "report-ms")
			b.ReportMetric(ms(insSum), "inspections-ms")
			b.ReportMetric(ms(insScan), "inspections-scan-ms")
			b.ReportMetric(ms(insList), "inspections-listing-ms")
			b.ReportMetric(scan.Seconds()/counts.Seconds(), "scan/counts")
			b.ReportMetric(listing.Seconds()/counts.Seconds(), "listing/counts")
		})
	}
}

// BenchmarkHardeningWrites times the writes of a hardening record with the
// summaries and without them (SetSummariesForTest: the write path before
// the summaries), in turn in each iteration on two Stores over one
// database holding 5,000 records: the creation of one record with its
// event, as RaiseFindings stores a single finding, and its verification,
// an update that moves it between groups. It reports the microseconds of
// each and the ratio with to without.
func BenchmarkHardeningWrites(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			with, db := MustOpenStore(b, d)
			without := securitybun.New(db)
			securitybun.SetSummariesForTest(without, false)
			b.Cleanup(func() { without.Close() })
			ctx := b.Context()
			seedFindings(b, with, 5000)
			now := time.Now().UTC().Truncate(time.Microsecond)
			var times [2][2]time.Duration // [with, without][create, update]
			n := 0
			for b.Loop() {
				for k, st := range []*securitybun.Store{with, without} {
					n++
					h, e := benchHardening(now, n)
					t0 := time.Now()
					if err := st.CreateHardenings(ctx, []security.Hardening{h}, []security.Event{e}); err != nil {
						b.Fatalf("CreateHardenings: %v", err)
					}
					t1 := time.Now()
					h.Status, h.VerifiedBy, h.VerifiedAt, h.Version = security.HardeningVerified, "王芳", now.Add(time.Hour), 2
					if err := st.UpdateHardening(ctx, &h, nil); err != nil {
						b.Fatalf("UpdateHardening: %v", err)
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
