package govcasebun_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/govcase/storetest"
	"github.com/govops-kit/govops/internal/dbtest"
)

// rawCaseRow is a govcase_cases row as a bare bun model, written without
// the store: the baseline that store writes are compared with.
type rawCaseRow struct {
	bun.BaseModel `bun:"table:govcase_cases"`

	ID              string    `bun:"id,pk"`
	Number          string    `bun:"number"`
	Year            int       `bun:"year"`
	Kind            string    `bun:"kind"`
	Category        string    `bun:"category"`
	Priority        string    `bun:"priority"`
	Source          string    `bun:"source"`
	ExternalNo      string    `bun:"external_no"`
	Title           string    `bun:"title"`
	Description     string    `bun:"description"`
	ReporterName    string    `bun:"reporter_name"`
	ReporterPhone   string    `bun:"reporter_phone"`
	Location        string    `bun:"location"`
	Department      string    `bun:"department"`
	Status          string    `bun:"status"`
	AcceptBy        time.Time `bun:"accept_by,nullzero"`
	ResolveBy       time.Time `bun:"resolve_by,nullzero"`
	DispatchedAt    time.Time `bun:"dispatched_at,nullzero"`
	AcceptedAt      time.Time `bun:"accepted_at,nullzero"`
	RepliedAt       time.Time `bun:"replied_at,nullzero"`
	ClosedAt        time.Time `bun:"closed_at,nullzero"`
	Reply           string    `bun:"reply"`
	UrgeCount       int       `bun:"urge_count"`
	ReturnCount     int       `bun:"return_count"`
	RedoCount       int       `bun:"redo_count"`
	ExtensionUntil  time.Time `bun:"extension_until,nullzero"`
	ExtensionReason string    `bun:"extension_reason"`
	CreatedAt       time.Time `bun:"created_at,nullzero"`
	UpdatedAt       time.Time `bun:"updated_at,nullzero"`
	Version         int64     `bun:"version"`
	IsDispatched    int16     `bun:"is_dispatched"`
	IsAccepted      int16     `bun:"is_accepted"`
	AcceptedOnTime  int16     `bun:"accepted_on_time"`
	IsReplied       int16     `bun:"is_replied"`
	RepliedOnTime   int16     `bun:"replied_on_time"`
	HandlingSecs    *int64    `bun:"handling_secs"`
}

// benchNewCase returns the case that both CreateCase benchmarks write: a
// freshly registered hotline case with a realistic title and description.
func benchNewCase(tb testing.TB, seq int64) *govcase.Case {
	tb.Helper()
	now := time.Now().UTC().Truncate(time.Microsecond)
	return &govcase.Case{
		ID: mustUUID(tb), Number: govcase.FormatNumber(2022, seq), Year: 2022,
		Kind: govcase.KindHotline, Category: govcase.CategoryComplaint, Priority: govcase.PriorityNormal,
		Source: govcase.SourcePhone, ExternalNo: fmt.Sprintf("LZ12345-%08d", seq),
		Title:       "柳北区胜利路夜间施工噪音扰民",
		Description: strings.Repeat("市民反映：小区附近工地每晚十点后仍在施工，噪音严重影响休息。", 4),
		Reporter:    govcase.Contact{Name: "张三丰", Phone: "13812341234"},
		Location:    "广西柳州市柳北区胜利路 12 号",
		Status:      govcase.StatusRegistered, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
}

// insertRawCaseBaseline writes the case of benchNewCase(seq) with one bare
// bun insert: what a case costs without sequence, transaction or events.
// Benchmarks of higher layers (the Service) compare against it too.
func insertRawCaseBaseline(ctx context.Context, tb testing.TB, db bun.IDB, seq int64) error {
	c := benchNewCase(tb, seq)
	row := rawCaseRow{
		ID: c.ID.String(), Number: c.Number, Year: c.Year, Kind: string(c.Kind), Category: string(c.Category),
		Priority: string(c.Priority), Source: string(c.Source), ExternalNo: c.ExternalNo, Title: c.Title,
		Description: c.Description, ReporterName: c.Reporter.Name, ReporterPhone: c.Reporter.Phone,
		Location: c.Location, Status: string(c.Status), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: 1,
	}
	_, err := db.NewInsert().Model(&row).Exec(ctx)
	return err
}

// reportRate reports how many cases per second b's loop wrote.
func reportRate(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "cases/s")
	}
}

// reportPaired reports the rates of two writes that b's loop alternated,
// mine and a raw baseline, from the time each took, and mine's ratio to
// the baseline.
func reportPaired(b *testing.B, mine, raw time.Duration, mineUnit, rawUnit string) {
	mineRate := float64(b.N) / mine.Seconds()
	rawRate := float64(b.N) / raw.Seconds()
	b.ReportMetric(mineRate, mineUnit)
	b.ReportMetric(rawRate, rawUnit)
	b.ReportMetric(mineRate/rawRate, "ratio")
}

// reportMillis reports the mean time of one iteration in milliseconds.
func reportMillis(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	}
}

func BenchmarkCreateCase(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			b.Run("raw_bun_insert", func(b *testing.B) {
				_, db := MustOpenStore(b, d)
				ctx := b.Context()
				var seq int64
				for b.Loop() {
					seq++
					if err := insertRawCaseBaseline(ctx, b, db, seq); err != nil {
						b.Fatal(err)
					}
				}
				reportRate(b)
			})
			b.Run("store_create", func(b *testing.B) {
				st, _ := MustOpenStore(b, d)
				ctx := b.Context()
				for b.Loop() {
					seq, err := st.NextSeq(ctx, 2022)
					if err != nil {
						b.Fatal(err)
					}
					c := benchNewCase(b, seq)
					if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(b, c)}); err != nil {
						b.Fatal(err)
					}
				}
				reportRate(b)
			})
			// service_vs_raw alternates one Service.Register with one raw
			// insert of the same row, timing each, so that both rates come
			// from the same moments of a noisy machine. The target is a
			// ratio of at least 0.5.
			b.Run("service_vs_raw", func(b *testing.B) {
				st, db := MustOpenStore(b, d)
				svc := govcase.NewService(st)
				ctx := b.Context()
				center := govops.Actor{Name: "bench"}
				var rawSeq int64 = 1_000_000
				var rawTime, svcTime time.Duration
				for b.Loop() {
					c := benchNewCase(b, 0)
					t0 := time.Now()
					if _, err := svc.Register(ctx, center, govcase.RegisterInput{
						Kind: c.Kind, Category: c.Category, Priority: c.Priority, Source: c.Source,
						ExternalNo: c.ExternalNo, Title: c.Title, Description: c.Description,
						Reporter: c.Reporter, Location: c.Location,
					}); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					rawSeq++
					if err := insertRawCaseBaseline(ctx, b, db, rawSeq); err != nil {
						b.Fatal(err)
					}
					svcTime += t1.Sub(t0)
					rawTime += time.Since(t1)
				}
				reportPaired(b, svcTime, rawTime, "service-cases/s", "raw-cases/s")
			})
		})
	}
}

// parallelWriters is how many goroutines BenchmarkCreateCaseParallel
// writes from.
const parallelWriters = 8

// BenchmarkCreateCaseParallel registers cases from parallelWriters
// goroutines at once, NextSeq then CreateCase as the Service does, beside
// the same rows written by raw bun inserts from as many goroutines. Every
// registration adds to the summary rows of its year, kind, status (no
// department) and month, and of their total, which each transaction holds
// locked from its upsert to its commit: store_create registers cases that
// all share those rows, as a busy month's hotline cases do;
// store_create_spread gives each goroutine a year and kind of its own, so
// that no two share a row, as a summary sharded by case would. The two
// rates tell what the shared rows cost concurrent writers.
func BenchmarkCreateCaseParallel(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			b.Run("raw_bun_insert", func(b *testing.B) {
				_, db := MustOpenStore(b, d)
				ctx := b.Context()
				var seq atomic.Int64
				b.SetParallelism(max(1, parallelWriters/runtime.GOMAXPROCS(0)))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := insertRawCaseBaseline(ctx, b, db, seq.Add(1)); err != nil {
							b.Error(err)
							return
						}
					}
				})
				reportRate(b)
			})
			for _, spread := range []bool{false, true} {
				name := "store_create"
				if spread {
					name = "store_create_spread"
				}
				b.Run(name, func(b *testing.B) {
					st, _ := MustOpenStore(b, d)
					ctx := b.Context()
					kinds := []govcase.Kind{govcase.KindHotline, govcase.KindITOps, govcase.KindPlatformOps, govcase.KindPortal, govcase.KindSupervision}
					var writers atomic.Int64
					b.SetParallelism(max(1, parallelWriters/runtime.GOMAXPROCS(0)))
					b.RunParallel(func(pb *testing.PB) {
						w := int(writers.Add(1) - 1)
						year, kind := 2022, govcase.KindHotline
						if spread {
							year, kind = 2022+w/len(kinds)%2, kinds[w%len(kinds)]
						}
						for pb.Next() {
							seq, err := st.NextSeq(ctx, year)
							if err != nil {
								b.Error(err)
								return
							}
							c := benchNewCase(b, seq)
							c.Year, c.Number, c.Kind = year, govcase.FormatNumber(year, seq), kind
							if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(b, c)}); err != nil {
								b.Error(err)
								return
							}
						}
					})
					reportRate(b)
				})
			}
		})
	}
}

// BenchmarkUpdateCase alternates one Store.UpdateCase (a version-checked
// UPDATE and one event, in a transaction) with the same write done by hand
// in bun (NewUpdate with the version check, then NewInsert of the event),
// on two cases of their own, timing each, so that both rates come from the
// same moments of a noisy machine. Each update is an urge, which moves
// the case to no other summary group: the store reads the old row and
// writes no summary row.
func BenchmarkUpdateCase(b *testing.B) {
	benchUpdate(b, govcase.StatusRegistered, func(c *govcase.Case) govcase.EventType {
		c.UrgeCount++
		return govcase.EventUrged
	})
}

// BenchmarkUpdateCaseTransition is BenchmarkUpdateCase with updates that
// move the case between two summary groups, returned (退单) and dispatched
// again in turn: the store takes the case out of its old group's total and
// month rows and adds it to the new group's, four rows in one upsert.
func BenchmarkUpdateCaseTransition(b *testing.B) {
	benchUpdate(b, govcase.StatusDispatched, func(c *govcase.Case) govcase.EventType {
		if c.Status == govcase.StatusDispatched {
			c.Status, c.ReturnCount = govcase.StatusReturned, c.ReturnCount+1
			return govcase.EventReturned
		}
		c.Status, c.DispatchedAt = govcase.StatusDispatched, c.UpdatedAt
		return govcase.EventDispatched
	})
}

// benchUpdate alternates Store.UpdateCase with the raw baseline on two
// cases created in status, each update made by change, and reports both
// rates and their ratio.
func benchUpdate(b *testing.B, status govcase.Status, change func(c *govcase.Case) govcase.EventType) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, db := MustOpenStore(b, d)
			ctx := b.Context()
			mine, raw := benchNewCase(b, 1), benchNewCase(b, 2)
			for _, c := range []*govcase.Case{mine, raw} {
				c.Status = status
				if status != govcase.StatusRegistered {
					c.Department, c.DispatchedAt = "lbq-dept01", c.CreatedAt
				}
				if err := st.CreateCase(ctx, c, []govcase.Event{regEvent(b, c)}); err != nil {
					b.Fatal(err)
				}
			}
			// next advances c to its next version by change, and returns
			// the event of that change.
			next := func(c *govcase.Case) []govcase.Event {
				c.Version++
				c.UpdatedAt = c.UpdatedAt.Add(time.Second)
				typ := change(c)
				ev := regEvent(b, c)
				ev.Type = typ
				return []govcase.Event{ev}
			}
			var storeTime, rawTime time.Duration
			for b.Loop() {
				evs, rawEvs := next(mine), next(raw)
				t0 := time.Now()
				if err := st.UpdateCase(ctx, mine, evs); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if err := updateRawCaseBaseline(ctx, db, raw, rawEvs[0]); err != nil {
					b.Fatal(err)
				}
				storeTime += t1.Sub(t0)
				rawTime += time.Since(t1)
			}
			reportPaired(b, storeTime, rawTime, "store-updates/s", "raw-updates/s")
		})
	}
}

// updateRawCaseBaseline writes c, stored at version c.Version-1, and its
// event the way a hand-written bun adapter would: what UpdateCase is
// compared with.
func updateRawCaseBaseline(ctx context.Context, db *bun.DB, c *govcase.Case, ev govcase.Event) error {
	row := rawCaseRow{
		ID: c.ID.String(), Number: c.Number, Year: c.Year, Kind: string(c.Kind), Category: string(c.Category),
		Priority: string(c.Priority), Source: string(c.Source), ExternalNo: c.ExternalNo, Title: c.Title,
		Description: c.Description, ReporterName: c.Reporter.Name, ReporterPhone: c.Reporter.Phone,
		Location: c.Location, Status: string(c.Status), UrgeCount: c.UrgeCount,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version,
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewUpdate().Model(&row).ExcludeColumn("id").WherePK().Where("version = ?", c.Version-1).Exec(ctx)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("raw update: %d rows, %v", n, err)
		}
		return govcasebun.InsertEventsForTest(ctx, tx, []govcase.Event{ev})
	})
}

// millionCases is the size of the large fixture.
const millionCases = 1_000_000

// benchDepartments are the 60 department codes of the large fixture.
func benchDepartments() []string {
	out := make([]string, 60)
	for i := range out {
		out[i] = fmt.Sprintf("lbq-dept%02d", i+1)
	}
	return out
}

// weighted picks an index with the given relative weights.
func weighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.Intn(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// uuidV7At returns a version 7 UUID for instant t, so that generated IDs
// sort by creation time as the Service's do.
func uuidV7At(rng *rand.Rand, t time.Time) uuid.UUID {
	var u uuid.UUID
	ms := uint64(t.UnixMilli())
	for i := range 6 {
		u[i] = byte(ms >> (40 - 8*i))
	}
	rng.Read(u[6:])
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u
}

// genMillionCases makes the large fixture, deterministically: n cases over
// 2022 and 2023, five kinds weighted as on the platform (mostly hotline),
// seven statuses (mostly closed), 60 departments, and times consistent with
// each status.
func genMillionCases(n int) []*govcase.Case {
	rng := rand.New(rand.NewSource(2022))
	kinds := []govcase.Kind{govcase.KindHotline, govcase.KindITOps, govcase.KindPlatformOps, govcase.KindPortal, govcase.KindSupervision}
	kindW := []int{800, 160, 5, 20, 15}
	statuses := []govcase.Status{govcase.StatusRegistered, govcase.StatusDispatched, govcase.StatusAccepted, govcase.StatusReplied, govcase.StatusClosed, govcase.StatusReturned, govcase.StatusCancelled}
	statusW := []int{4, 8, 12, 10, 55, 3, 8}
	cats := govcase.CommonCategories()
	depts := benchDepartments()
	phrases := []string{"市民反映", "小区附近工地夜间施工", "噪音严重影响休息", "路灯不亮", "下水道堵塞", "要求尽快处理", "政务外网终端无法上网", "网站栏目长期未更新", "请相关部门核实", "并回复来电人"}
	out := make([]*govcase.Case, 0, n)
	for _, year := range []int{2022, 2023} {
		perYear := n / 2
		start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		step := 365 * 24 * time.Hour / time.Duration(perYear)
		for i := range perYear {
			created := start.Add(time.Duration(i)*step + time.Duration(rng.Int63n(int64(step)))).Truncate(time.Microsecond)
			var desc strings.Builder
			for range 4 + rng.Intn(12) {
				desc.WriteString(phrases[rng.Intn(len(phrases))])
				desc.WriteString("，")
			}
			c := &govcase.Case{
				ID: uuidV7At(rng, created), Number: govcase.FormatNumber(year, int64(i+1)), Year: year,
				Kind: kinds[weighted(rng, kindW)], Category: cats[rng.Intn(len(cats))], Priority: govcase.PriorityNormal,
				Source: govcase.SourcePhone, ExternalNo: fmt.Sprintf("LZ%d%08d", year, i+1),
				Title: phrases[rng.Intn(len(phrases))] + phrases[rng.Intn(len(phrases))], Description: desc.String(),
				Reporter: govcase.Contact{Name: "市民", Phone: fmt.Sprintf("138%08d", rng.Intn(1e8))},
				Status:   statuses[weighted(rng, statusW)], CreatedAt: created, UpdatedAt: created, Version: 1,
			}
			stage := 0 // how far the case got: 1 dispatched … 4 closed
			switch c.Status {
			case govcase.StatusDispatched, govcase.StatusReturned:
				stage = 1
			case govcase.StatusAccepted:
				stage = 2
			case govcase.StatusReplied:
				stage = 3
			case govcase.StatusClosed:
				stage = 4
			case govcase.StatusCancelled:
				stage = rng.Intn(2)
			}
			if stage >= 1 {
				c.Department = depts[rng.Intn(len(depts))]
				c.DispatchedAt = created.Add(time.Duration(rng.Int63n(int64(48 * time.Hour)))).Truncate(time.Microsecond)
				c.AcceptBy = c.DispatchedAt.Add(2 * time.Hour)
				c.ResolveBy = c.DispatchedAt.Add(time.Duration(3+rng.Intn(10)) * 24 * time.Hour)
				c.UpdatedAt = c.DispatchedAt
			}
			if stage >= 2 {
				c.AcceptedAt = c.DispatchedAt.Add(time.Duration(rng.Int63n(int64(4 * time.Hour)))).Truncate(time.Microsecond)
				c.UpdatedAt = c.AcceptedAt
			}
			if stage >= 3 {
				c.RepliedAt = c.AcceptedAt.Add(time.Duration(rng.Int63n(int64(16 * 24 * time.Hour)))).Truncate(time.Microsecond)
				c.Reply = "已办理并回复来电人"
				c.UpdatedAt = c.RepliedAt
			}
			if stage >= 4 {
				c.ClosedAt = c.RepliedAt.Add(time.Duration(rng.Int63n(int64(72 * time.Hour)))).Truncate(time.Microsecond)
				c.UpdatedAt = c.ClosedAt
			}
			out = append(out, c)
		}
	}
	return out
}

// seedMillion writes the large fixture, with its case summary, into st's
// database db in one transaction, then refreshes the planner statistics.
func seedMillion(ctx context.Context, tb testing.TB, st *govcasebun.Store, db *bun.DB) {
	tb.Helper()
	began := time.Now()
	cases := genMillionCases(millionCases)
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return st.InsertCasesForTest(ctx, tx, cases)
	})
	if err != nil {
		tb.Fatalf("seeding %d cases: %v", len(cases), err)
	}
	// PostgreSQL's autovacuum would do this on its own after a bulk load;
	// doing it now measures the steady state (index-only scans need the
	// visibility map).
	if db.Dialect().Name().String() == dbopen.Postgres {
		for _, table := range []string{"govcase_cases", "govcase_case_summary"} {
			if _, err := db.ExecContext(ctx, "VACUUM ANALYZE "+table); err != nil {
				tb.Fatal(err)
			}
		}
	}
	tb.Logf("seeded %d cases in %s", len(cases), time.Since(began).Round(time.Millisecond))
	// Collect the fixture now, not while the benchmark is timed.
	cases = nil
	runtime.GC()
}

// benchSeedVersion names the generator of the cached SQLite fixture: change
// it whenever genMillionCases or seedMillion changes (s2: the seed fills
// the case summary). The schema's own hash is added to the file name, so a
// schema change rebuilds the cache by itself.
const benchSeedVersion = "s2"

// openMillion returns a store over the large fixture on dialect. SQLite's
// is built once and kept under os.TempDir(), keyed by schema and generator;
// PostgreSQL's is seeded into a fresh schema.
func openMillion(b *testing.B, dialect string) *govcasebun.Store {
	b.Helper()
	ctx := b.Context()
	if dialect != dbopen.SQLite {
		st, db := MustOpenStore(b, dialect)
		seedMillion(ctx, b, st, db)
		return st
	}
	schema, err := govcasebun.SchemaHashForTest()
	if err != nil {
		b.Fatal(err)
	}
	name := fmt.Sprintf("govcasebun-bench-%s-%s-%d.db", schema, benchSeedVersion, millionCases)
	db := dbtest.CachedSQLite(b, name, func(db *bun.DB) {
		st, err := govcasebun.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		seedMillion(ctx, b, st, db)
	})
	st, err := govcasebun.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkStatsMillion measures CaseStats and CaseCounts over the million
// cases: "year" is a year's statistics from the case summary; the _vs_scan
// benchmarks alternate the summary's answer with the full scan of the
// cases (ScanStatsForTest, ScanCountsForTest: the queries the summary
// replaced) on the same filter, timing each, so that both come from the
// same moments of a noisy machine, and report each one's mean and the
// speed-up (scan time over summary time). Every pair of answers must
// agree.
func BenchmarkStatsMillion(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st := openMillion(b, d)
			ctx := b.Context()
			f := govcase.StatsFilter{Year: 2023}
			// One untimed call of each warms the caches, as a running
			// server's are.
			if _, err := st.CaseStats(ctx, f); err != nil {
				b.Fatal(err)
			}
			if _, err := st.ScanStatsForTest(ctx, f); err != nil {
				b.Fatal(err)
			}
			b.Run("year", func(b *testing.B) {
				var total int64
				for b.Loop() {
					s, err := st.CaseStats(ctx, f)
					if err != nil {
						b.Fatal(err)
					}
					total = s.Total
				}
				if total != millionCases/2 {
					b.Fatalf("CaseStats counted %d cases of 2023, want %d", total, millionCases/2)
				}
				reportMillis(b)
			})
			shanghai := govops.ShanghaiLocation()
			q2 := govcase.StatsFilter{CreatedFrom: time.Date(2023, 4, 1, 0, 0, 0, 0, shanghai).UTC(),
				CreatedTo: time.Date(2023, 7, 1, 0, 0, 0, 0, shanghai).UTC(), Kind: govcase.KindHotline}
			for _, row := range []struct {
				name string
				f    govcase.StatsFilter
			}{
				{"year_vs_scan", f},
				{"department_vs_scan", govcase.StatsFilter{Year: 2023, Department: "lbq-dept17"}},
				{"quarter_kind_vs_scan", q2},
			} {
				b.Run(row.name, func(b *testing.B) {
					var summary, scan time.Duration
					var fromSummary, fromScan govcase.Stats
					for b.Loop() {
						t0 := time.Now()
						var err error
						if fromSummary, err = st.CaseStats(ctx, row.f); err != nil {
							b.Fatal(err)
						}
						t1 := time.Now()
						if fromScan, err = st.ScanStatsForTest(ctx, row.f); err != nil {
							b.Fatal(err)
						}
						summary += t1.Sub(t0)
						scan += time.Since(t1)
					}
					if g, w := statsText(fromSummary), statsText(fromScan); g != w {
						b.Fatalf("the summary's statistics differ from the scan's:\n summary %s\n    scan %s", g, w)
					}
					reportSpeedup(b, summary, scan)
				})
			}
			// Service.MonthlyCounts: the months of a year in the
			// calendar's zone (Shanghai, the Store's too).
			bounds := make([]time.Time, 13)
			for i := range bounds {
				bounds[i] = time.Date(2023, time.Month(i+1), 1, 0, 0, 0, 0, shanghai).UTC()
			}
			b.Run("monthly_vs_scan", func(b *testing.B) {
				var summary, scan time.Duration
				var fromSummary, fromScan []govcase.PeriodCount
				for b.Loop() {
					t0 := time.Now()
					var err error
					if fromSummary, err = st.CaseCounts(ctx, f, bounds); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					if fromScan, err = st.ScanCountsForTest(ctx, f, bounds); err != nil {
						b.Fatal(err)
					}
					summary += t1.Sub(t0)
					scan += time.Since(t1)
				}
				if g, w := countsText(fromSummary), countsText(fromScan); g != w || len(fromScan) == 0 {
					b.Fatalf("the summary's monthly counts differ from the scan's:\n summary %s\n    scan %s", g, w)
				}
				reportSpeedup(b, summary, scan)
			})
		})
	}
}

// reportSpeedup reports the mean times of the summary's answer and of the
// scan's, which b's loop alternated, and how many times faster the
// summary was.
func reportSpeedup(b *testing.B, summary, scan time.Duration) {
	b.ReportMetric(float64(summary.Microseconds())/1000/float64(b.N), "summary-ms")
	b.ReportMetric(float64(scan.Microseconds())/1000/float64(b.N), "scan-ms")
	b.ReportMetric(scan.Seconds()/summary.Seconds(), "speedup")
}

// statsText renders st with its groups in order, for comparing two answers.
func statsText(st govcase.Stats) string {
	gs := slices.Clone(st.Groups)
	slices.SortFunc(gs, func(a, b govcase.StatsGroup) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Status, b.Status), cmp.Compare(a.Department, b.Department))
	})
	st.Groups = gs
	return fmt.Sprintf("%+v", st)
}

// countsText renders period counts in order, for comparing two answers.
func countsText(pcs []govcase.PeriodCount) string {
	pcs = slices.Clone(pcs)
	slices.SortFunc(pcs, func(a, b govcase.PeriodCount) int {
		return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(a.Kind, b.Kind))
	})
	return fmt.Sprintf("%+v", pcs)
}

func BenchmarkListPageMillion(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st := openMillion(b, d)
			ctx := b.Context()
			f := govcase.Filter{Department: "lbq-dept17", Statuses: govcase.OpenStatuses(), Limit: 50}
			if _, err := st.ListCases(ctx, f); err != nil { // warm-up, untimed
				b.Fatal(err)
			}
			b.Run("dept_open_first_page", func(b *testing.B) {
				var n int
				for b.Loop() {
					cs, err := st.ListCases(ctx, f)
					if err != nil {
						b.Fatal(err)
					}
					n = len(cs)
				}
				if n != f.Limit {
					b.Fatalf("got %d cases, want a full page of %d", n, f.Limit)
				}
				reportMillis(b)
			})
		})
	}
}

// BenchmarkStoretest runs the conformance suite's benchmarks, which every
// govcase.Store adapter shares, on SQLite and (when configured) PostgreSQL.
func BenchmarkStoretest(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			storetest.RunBenchmarks(b, func(ctx context.Context, tb testing.TB) (storetest.Harness, error) {
				return harness{dialect: d}, nil
			})
		})
	}
}
