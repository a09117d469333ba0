package licensebun_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensebun"
	"github.com/govops-kit/govops/license/storetest"
)

// benchRowsEnv sizes the import and Facts benchmarks: the number of
// records they write (GOVOPS_BENCH_ROWS=1000000 for the real run).
const benchRowsEnv = "GOVOPS_BENCH_ROWS"

// benchRows returns the number of records of the import and Facts
// benchmarks: $GOVOPS_BENCH_ROWS, or 20,000 (2,000 with -short), so that a
// plain benchmark run stays short.
func benchRows(tb testing.TB) int {
	tb.Helper()
	if v := os.Getenv(benchRowsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			tb.Fatalf("%s=%q: want a number of records", benchRowsEnv, v)
		}
		return n
	}
	if testing.Short() {
		return 2_000
	}
	return 20_000
}

// Sizes of the benchmark catalog.
const (
	benchTypes = 10_000
	benchDepts = 200
)

// benchType returns the code of benchmark type i.
func benchType(i int) string { return fmt.Sprintf("11450200MB%08d%03d", i/1000, i%1000) }

// benchDept returns the department of the records of type typ: each type
// is issued by two departments.
func benchDept(typ, n int) string { return fmt.Sprintf("dept-%03d", (typ*7+n%2)%benchDepts) }

// benchRecords returns n records of the benchmark catalog: 100 to a type
// on a million, a third of them exclusive (the types whose licenses a
// holder has one of), one in ten not valid, with three fields of face data.
func benchRecords(n int) []license.Record {
	at := time.Date(2022, 8, 14, 1, 2, 3, 456789000, time.UTC)
	issued := at.Truncate(24 * time.Hour)
	states := license.States()
	rs := make([]license.Record, n)
	for i := range rs {
		typ := i % benchTypes
		code := benchType(typ)
		r := license.Record{ID: uuid.Must(uuid.NewV7()),
			Identifier: fmt.Sprintf("1.2.156.3005.2.%s.11450205MB0987654Y.%09d.001.K", code, i),
			Number:     fmt.Sprintf("LB%09d", i), Type: code, IssueDate: issued, ValidFrom: issued, ValidTo: issued.AddDate(5, 0, 0),
			Issuer: "柳州市柳北区行政审批局", IssuerCode: "11450205MB0987654Y", Department: benchDept(typ, i/benchTypes),
			Holder: fmt.Sprintf("柳州市第%d号商贸有限公司", i), HolderCodeType: license.CodeUSCC, HolderCode: fmt.Sprintf("91450200MA%08d", i),
			Face:  map[string]string{"企业名称": fmt.Sprintf("柳州市第%d号商贸有限公司", i), "reg_capital": "100.50", "established": "2021-06-01"},
			State: license.StateValid, Exclusive: typ%3 == 0, CreatedBy: "lbq-xzsp-李", Version: 1, CreatedAt: at, UpdatedAt: at}
		if i%10 == 9 {
			r.State = states[1+i%(len(states)-1)]
		}
		rs[i] = r
	}
	return rs
}

// chunkRows returns how many records one Write carries: what
// bunstore.ChunkRows gives for the columns of a record.
func chunkRows(db *bun.DB) int {
	cols, _ := licensebun.RecordColumnsForTest(db)
	return bunstore.ChunkRows(db.Dialect().Name(), len(cols))
}

// BenchmarkImportWrite writes benchRows records through a RecordWriter,
// chunk by chunk as the Service's import does, into a fresh database
// (writer), and the same rows with bare chunked bun INSERTs, or on
// PostgreSQL bare COPYs, in one transaction (raw): the baseline. The
// writer's rate must stay at or above 0.8 of the baseline's, since the
// Service adds parsing and validation on top.
//
// raw and writer each report rows/s, writer also its ratio to raw. These
// machines are noisy, and the two run a minute apart on a million rows, so
// interleaved does both again at once, into two fresh databases, ten chunks
// of one and then ten of the other, and reports both rates and their ratio
// from the same moments.
func BenchmarkImportWrite(b *testing.B) {
	n := benchRows(b)
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			rs := benchRecords(n)
			var rawRate float64
			b.Run("raw", func(b *testing.B) { rawRate = benchRaw(b, d, func() []license.Record { return rs }) })
			b.Run("writer", func(b *testing.B) {
				var took time.Duration
				for range b.N {
					b.StopTimer()
					st, db := MustOpenStore(b, d)
					runtime.GC()
					b.StartTimer()
					t0 := time.Now()
					if err := importAll(b.Context(), st, rs, chunkRows(db)); err != nil {
						b.Fatalf("import: %v", err)
					}
					took += time.Since(t0)
				}
				rate := float64(n*b.N) / took.Seconds()
				b.ReportMetric(rate, "rows/s")
				if rawRate > 0 {
					b.ReportMetric(rate/rawRate, "ratio")
				}
			})
			b.Run("interleaved", func(b *testing.B) {
				var rawTook, writerTook time.Duration
				for range b.N {
					b.StopTimer()
					_, rawDB := MustOpenStore(b, d)
					st, db := MustOpenStore(b, d)
					rows := licensebun.RecordRowsForTest(rs)
					runtime.GC()
					b.StartTimer()
					r, w := interleave(b, rawDB, st, rs, rows, chunkRows(db))
					rawTook += r
					writerTook += w
				}
				rawRate := float64(n*b.N) / rawTook.Seconds()
				writerRate := float64(n*b.N) / writerTook.Seconds()
				b.ReportMetric(rawRate, "raw-rows/s")
				b.ReportMetric(writerRate, "writer-rows/s")
				b.ReportMetric(writerRate/rawRate, "ratio")
			})
		})
	}
}

// interleave writes rows bare into rawDB and rs through an import of st,
// ten chunks of one and then ten of the other, and returns the time each
// took.
func interleave(b *testing.B, rawDB *bun.DB, st *licensebun.Store, rs []license.Record, rows []licensebun.RecordRowForTest, chunk int) (rawTook, writerTook time.Duration) {
	ctx := b.Context()
	t0 := time.Now()
	raw, err := beginRaw(ctx, rawDB)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.rollback()
	t1 := time.Now()
	w, err := st.BeginImport(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Rollback()
	writerTook += time.Since(t1)
	rawTook += t1.Sub(t0)
	for seg := 0; seg < len(rs); seg += 10 * chunk {
		end := min(seg+10*chunk, len(rs))
		t0 := time.Now()
		for i := seg; i < end; i += chunk {
			if err := raw.insert(ctx, rows[i:min(i+chunk, end)]); err != nil {
				b.Fatalf("raw insert: %v", err)
			}
		}
		t1 := time.Now()
		for i := seg; i < end; i += chunk {
			refused, err := w.Write(ctx, rs[i:min(i+chunk, end)])
			if err != nil || len(refused) > 0 {
				b.Fatalf("Write: %v (%d refused)", err, len(refused))
			}
		}
		rawTook += t1.Sub(t0)
		writerTook += time.Since(t1)
	}
	t0 = time.Now()
	if err := raw.commit(); err != nil {
		b.Fatal(err)
	}
	t1 = time.Now()
	if err := w.Commit(ctx, license.Batch{ID: uuid.Must(uuid.NewV7())}); err != nil {
		b.Fatal(err)
	}
	return rawTook + t1.Sub(t0), writerTook + time.Since(t1)
}

// rawWriter writes rows bare in one transaction: bun INSERTs, or on
// PostgreSQL COPYs on the transaction's connection.
type rawWriter struct {
	conn *bun.Conn // PostgreSQL only
	tx   bun.Tx
}

func beginRaw(ctx context.Context, db *bun.DB) (*rawWriter, error) {
	if db.Dialect().Name().String() != dbopen.Postgres {
		tx, err := db.BeginTx(ctx, nil)
		return &rawWriter{tx: tx}, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &rawWriter{conn: &conn, tx: tx}, nil
}

// insert writes one chunk of rows.
func (r *rawWriter) insert(ctx context.Context, rows []licensebun.RecordRowForTest) error {
	if r.conn != nil {
		return licensebun.CopyForTest(ctx, *r.conn, rows)
	}
	_, err := r.tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

func (r *rawWriter) commit() error {
	err := r.tx.Commit()
	if r.conn != nil {
		r.conn.Close()
	}
	return err
}

func (r *rawWriter) rollback() {
	if r.tx.Rollback() == nil && r.conn != nil {
		r.conn.Close()
	}
}

// benchRaw runs the baseline sub-benchmark: the records rs returns, as
// rows, written by rawInsertAll into a fresh database on dialect d, each
// iteration timed from the first row to the commit. It reports and returns
// the rate in rows/s.
func benchRaw(b *testing.B, d string, rs func() []license.Record) float64 {
	var took time.Duration
	var n int
	for range b.N {
		b.StopTimer()
		_, db := MustOpenStore(b, d)
		rows := licensebun.RecordRowsForTest(rs())
		n += len(rows)
		runtime.GC()
		b.StartTimer()
		t0 := time.Now()
		if err := rawInsertAll(b.Context(), db, rows); err != nil {
			b.Fatalf("raw insert: %v", err)
		}
		took += time.Since(t0)
	}
	rate := float64(n) / took.Seconds()
	b.ReportMetric(rate, "rows/s")
	return rate
}

// rawInsertAll writes rows bare in one transaction, in chunks of the size
// the writer's are.
func rawInsertAll(ctx context.Context, db *bun.DB, rows []licensebun.RecordRowForTest) error {
	raw, err := beginRaw(ctx, db)
	if err != nil {
		return err
	}
	defer raw.rollback()
	chunk := chunkRows(db)
	for i := 0; i < len(rows); i += chunk {
		if err := raw.insert(ctx, rows[i:min(i+chunk, len(rows))]); err != nil {
			return err
		}
	}
	return raw.commit()
}

// importAll writes rs through one import in chunks of chunk records, and
// commits it.
func importAll(ctx context.Context, st license.Store, rs []license.Record, chunk int) error {
	w, err := st.BeginImport(ctx)
	if err != nil {
		return err
	}
	defer w.Rollback()
	for i := 0; i < len(rs); i += chunk {
		refused, err := w.Write(ctx, rs[i:min(i+chunk, len(rs))])
		if err != nil {
			return err
		}
		if len(refused) > 0 {
			return fmt.Errorf("refused %v", refused[:min(3, len(refused))])
		}
	}
	return w.Commit(ctx, license.Batch{ID: uuid.Must(uuid.NewV7()), Rows: int64(len(rs)), Imported: int64(len(rs))})
}

// factsVersion names the generator of the cached Facts fixture: change it
// whenever seedFacts or benchRecords changes. The schema version and the
// number of records are in the file name too.
const factsVersion = "f1"

// seedFacts fills st's database with the benchmark catalog: 10,000 types, a
// claim of each by its departments, an approved template for every third
// type, a schema for every fourth, and n records through the import.
func seedFacts(ctx context.Context, tb testing.TB, st *licensebun.Store, n int) {
	tb.Helper()
	at := time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)
	var (
		ts   []license.Type
		cs   []license.Claim
		tpls []license.Template
		scs  []license.Schema
	)
	for i := range benchTypes {
		code := benchType(i)
		ts = append(ts, license.Type{ID: uuid.Must(uuid.NewV7()), Code: code, Name: fmt.Sprintf("证照%d", i), AuthorityCode: code[:18],
			Level: license.LevelCounty, Version: 1, CreatedAt: at, UpdatedAt: at})
		for k := range 2 {
			cs = append(cs, license.Claim{ID: uuid.Must(uuid.NewV7()), Type: code, Department: benchDept(i, k), Kind: license.KindClaim,
				Status: license.ClaimActive, Expected: int64(n / benchTypes / 2), Version: 1, CreatedAt: at, UpdatedAt: at})
		}
		if i%3 == 0 {
			tpls = append(tpls, license.Template{ID: uuid.Must(uuid.NewV7()), Type: code, Revision: 1, Format: license.FormatPDF,
				Status: license.TemplateApproved, Version: 1, CreatedAt: at, UpdatedAt: at})
		}
		if i%4 == 0 {
			scs = append(scs, license.Schema{ID: uuid.Must(uuid.NewV7()), Type: code, Version: 1, CreatedAt: at, UpdatedAt: at,
				Fields: []license.Field{{Name: "企业名称", Type: license.TypeString, Required: true}}})
		}
	}
	if err := st.DB().RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return licensebun.SeedCatalogForTest(ctx, tx, ts, cs, tpls, scs)
	}); err != nil {
		tb.Fatalf("seeding the catalog: %v", err)
	}
	if err := importAll(ctx, st, benchRecords(n), chunkRows(st.DB())); err != nil {
		tb.Fatalf("seeding the records: %v", err)
	}
}

// openFacts returns a store over the Facts fixture of n records on dialect.
// SQLite's is built once and kept under os.TempDir() (dbtest.CachedSQLite),
// keyed by schema, generator and size; PostgreSQL's is seeded into a fresh
// schema, then vacuumed, as autovacuum would after a bulk load, so that the
// covering index answers without the table.
func openFacts(b *testing.B, dialect string, n int) *licensebun.Store {
	b.Helper()
	ctx := context.Background()
	if dialect != dbopen.SQLite {
		st, db := MustOpenStore(b, dialect)
		t0 := time.Now()
		seedFacts(ctx, b, st, n)
		if _, err := db.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %s with %d records in %s", dialect, n, time.Since(t0).Round(time.Second))
		return st
	}
	name := fmt.Sprintf("govops-license-facts-%s-%s-%d.db", licensebun.SchemaVersion, factsVersion, n)
	db := dbtest.CachedSQLite(b, name, func(db *bun.DB) {
		st, err := licensebun.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		seedFacts(ctx, b, st, n)
		b.Logf("seeded SQLite with %d records in %s (cached for later runs)", n, time.Since(t0).Round(time.Second))
	})
	st, err := licensebun.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// factsRows returns the number of records of BenchmarkFacts:
// $GOVOPS_BENCH_ROWS, or 300,000 (20,000 with -short), the licenses a big
// city's departments have uploaded a few years into the catalog.
func factsRows(tb testing.TB) int {
	if os.Getenv(benchRowsEnv) != "" || testing.Short() {
		return benchRows(tb)
	}
	return 300_000
}

// BenchmarkFacts reads Facts over 10,000 types and factsRows records from
// the record summary, beside the baseline in the same run: Facts as it was
// before the summary, the records counted by a GROUP BY over its covering
// index (FactsByScanForTest). Each iteration makes one call of each, so
// that both meet the same moments of a noisy machine, and then the read
// that counts the records alone, each way (RecordGroupsForTest), which is
// what the summary changes: the types and claims, the catalog, cost the
// same either way. It reports the time of each and scan/summary, the
// speed-up.
func BenchmarkFacts(b *testing.B) {
	n := factsRows(b)
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st := openFacts(b, d, n)
			ctx := context.Background()
			check := func(what string, types int, rs []license.RecordCount, err error) {
				if err != nil {
					b.Fatalf("%s: %v", what, err)
				}
				var total int64
				for _, c := range rs {
					total += c.Records
				}
				if types != benchTypes || total != int64(n) {
					b.Fatalf("%s holds %d types and %d records, want %d and %d", what, types, total, benchTypes, n)
				}
			}
			facts := func(what string, read func(context.Context) (*license.Facts, error)) time.Duration {
				t0 := time.Now()
				f, err := read(ctx)
				took := time.Since(t0)
				if err != nil {
					b.Fatalf("%s: %v", what, err)
				}
				check(what, len(f.Types), f.Records, err)
				return took
			}
			groups := func(scan bool) time.Duration {
				t0 := time.Now()
				rs, err := st.RecordGroupsForTest(ctx, scan)
				took := time.Since(t0)
				check("the records' groups", benchTypes, rs, err)
				return took
			}
			// One untimed call of each warms the caches, as a running
			// server's are, and checks that both count alike.
			facts("Facts", st.Facts)
			facts("Facts by scan", st.FactsByScanForTest)
			var summary, scan, summaryGroups, scanGroups time.Duration
			for b.Loop() {
				summary += facts("Facts", st.Facts)
				scan += facts("Facts by scan", st.FactsByScanForTest)
				summaryGroups += groups(false)
				scanGroups += groups(true)
			}
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
			b.ReportMetric(ms(summary), "facts-summary-ms")
			b.ReportMetric(ms(scan), "facts-scan-ms")
			b.ReportMetric(ms(scan)/ms(summary), "facts-speedup")
			b.ReportMetric(ms(summaryGroups), "records-summary-ms")
			b.ReportMetric(ms(scanGroups), "records-scan-ms")
			b.ReportMetric(ms(scanGroups)/ms(summaryGroups), "records-speedup")
			if ms(summary) > 500 {
				b.Logf("Facts took %.0f ms, over the 0.5 s target", ms(summary))
			}
		})
	}
}

// BenchmarkRecordWrite times the writes that keep the record summary
// beside the same writes as they were before it, alternately in one loop
// into one database of 10,000 records: CreateRecord (its summary row
// added last in its transaction) against CreateRecordUnsummarizedForTest,
// and UpdateRecord (the stored group read first) against
// UpdateRecordUnsummarizedForTest. It reports each write's time and
// after/before.
func BenchmarkRecordWrite(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := MustOpenStore(b, d)
			ctx := b.Context()
			seed := benchRecords(10_000)
			if err := importAll(ctx, st, seed, chunkRows(db)); err != nil {
				b.Fatalf("seeding: %v", err)
			}
			at := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
			fresh := func(i int) license.Record {
				r := seed[i%len(seed)]
				r.ID = uuid.Must(uuid.NewV7())
				r.Identifier = fmt.Sprintf("1.2.156.3005.2.%s.11450205MB0987654Y.%09d.002.K", r.Type, 10_000_000+i)
				r.Number = fmt.Sprintf("LW%09d", i)
				r.HolderCode = fmt.Sprintf("91450200MB%08d", i)
				return r
			}
			change := func(r *license.Record) (*license.Record, []license.Event) {
				next := *r
				next.Version, next.UpdatedAt = r.Version+1, at
				next.State = license.StateSuspended
				if r.State == license.StateSuspended {
					next.State = license.StateValid
				}
				ev := license.Event{ID: uuid.Must(uuid.NewV7()), Subject: r.ID, Seq: next.Version, Type: license.EventRecordSuspended,
					Actor: "bench", At: at, From: license.Status(r.State), To: license.Status(next.State)}
				return &next, []license.Event{ev}
			}
			var createBefore, createAfter, updateBefore, updateAfter time.Duration
			i := 0
			for b.Loop() {
				before, after := fresh(2*i), fresh(2*i+1)
				i++
				t0 := time.Now()
				errB := st.CreateRecordUnsummarizedForTest(ctx, before)
				t1 := time.Now()
				errA := st.CreateRecord(ctx, after)
				t2 := time.Now()
				if errB != nil || errA != nil {
					b.Fatalf("create: %v, %v", errB, errA)
				}
				nb, eb := change(&before)
				na, ea := change(&after)
				t3 := time.Now()
				errB = st.UpdateRecordUnsummarizedForTest(ctx, nb, eb)
				t4 := time.Now()
				errA = st.UpdateRecord(ctx, na, ea)
				t5 := time.Now()
				if errB != nil || errA != nil {
					b.Fatalf("update: %v, %v", errB, errA)
				}
				createBefore += t1.Sub(t0)
				createAfter += t2.Sub(t1)
				updateBefore += t4.Sub(t3)
				updateAfter += t5.Sub(t4)
			}
			us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1000 / float64(b.N) }
			b.ReportMetric(us(createBefore), "create-before-us")
			b.ReportMetric(us(createAfter), "create-after-us")
			b.ReportMetric(us(createAfter)/us(createBefore), "create-after/before")
			b.ReportMetric(us(updateBefore), "update-before-us")
			b.ReportMetric(us(updateAfter), "update-after-us")
			b.ReportMetric(us(updateAfter)/us(updateBefore), "update-after/before")
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
