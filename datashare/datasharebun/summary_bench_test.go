package datasharebun_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharebun"
	"github.com/govops-kit/govops/datashare/storetest"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
)

// The big city's catalog of the report benchmark: 3,000 entries of 80
// departments (a city's platform catalogs thousands; the seed's district
// 66 structured ones), each mounted 40 times on average (1 to 79): a
// monthly refresh over more than three years, some more often, some less,
// about 120,000 committed batches in all, with eight items' statistics
// each.
const (
	cityDepts   = 80
	cityEntries = 3_000
	cityMounts  = 79 // an entry's batches are 1 to cityMounts
)

// citySeedVersion names the generator of the cached SQLite fixture: change
// it whenever cityFixture changes. The schema version is in the file name
// too.
const citySeedVersion = "c2"

// cityFixture returns the entries and batches of the benchmark catalog:
// nineteen in twenty entries published, the rest withdrawn; two in three
// structured; three in a hundred batches replaced rather than committed.
func cityFixture(tb testing.TB) ([]datashare.Catalog, []datashare.Batch) {
	rng := rand.New(rand.NewPCG(2022, 12))
	var cs []datashare.Catalog
	var bs []datashare.Batch
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range cityEntries {
		c := storetest.BenchCatalog(tb, fmt.Sprintf("%d%02d%03d/%06d", 1+i%3, i%100, i%1000, i+1))
		c.Department = fmt.Sprintf("city-%02d", i%cityDepts)
		c.Format = []datashare.Format{datashare.FormatDatabase, datashare.FormatSpreadsheet, datashare.FormatFile}[i%3]
		c.ShareType = []datashare.ShareType{datashare.ShareUnconditional, datashare.ShareConditional, datashare.ShareNone}[i%7%3]
		if i%20 == 19 {
			c.Status = datashare.CatalogWithdrawn
		}
		cs = append(cs, c)
		cols := make([]string, len(c.Items))
		for k, it := range c.Items {
			cols[k] = it.Name
		}
		for range 1 + rng.IntN(cityMounts) {
			id := uuid.Must(uuid.NewV7())
			finished := start.Add(time.Duration(rng.Int64N(int64(5 * 365 * 24 * time.Hour)))).Truncate(time.Microsecond)
			mounted := 1 + rng.Int64N(2000)
			b := datashare.Batch{ID: id, Catalog: c.ID, CatalogCode: c.Code, Department: c.Department, Actor: "bench", ActorDept: c.Department,
				Mode: "all_or_nothing", Status: datashare.BatchCommitted, StartedAt: finished.Add(-time.Minute), TouchedAt: finished,
				FinishedAt: finished, Rows: mounted, Mounted: mounted, Columns: cols, KeyRows: mounted, KeyDistinct: mounted - mounted/50,
				Source: "city.csv", Version: 2}
			if rng.IntN(100) < 3 {
				b.Status, b.Version = datashare.BatchReplaced, 3
			}
			for _, it := range c.Items {
				present := mounted - rng.Int64N(mounted/10+1)
				b.Items = append(b.Items, datashare.ItemStats{Item: it.Name, Present: present, Invalid: rng.Int64N(present/100 + 1)})
			}
			bs = append(bs, b)
		}
	}
	return cs, bs
}

// seedCity writes the fixture into st's database: the batches bare, and
// their counts added to the summaries as their Commits would have.
func seedCity(ctx context.Context, tb testing.TB, st *datasharebun.Store) {
	cs, bs := cityFixture(tb)
	for part := range slices.Chunk(cs, 1000) {
		if err := st.CreateCatalogs(ctx, part, nil); err != nil {
			tb.Fatalf("seeding the entries: %v", err)
		}
	}
	err := st.DB().RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := datasharebun.SeedBatchesForTest(ctx, tx, bs); err != nil {
			return err
		}
		return datasharebun.FillSummariesForTest(ctx, tx, cs, bs)
	})
	if err != nil {
		tb.Fatalf("seeding the batches: %v", err)
	}
}

// openCity returns a store over the fixture on dialect. SQLite's is built
// once and kept under os.TempDir() (dbtest.CachedSQLite); PostgreSQL's
// and MySQL's are seeded into a fresh database, then analyzed.
func openCity(b *testing.B, dialect string) *datasharebun.Store {
	b.Helper()
	ctx := context.Background()
	t0 := time.Now()
	if dialect != dbopen.SQLite {
		st, db := MustOpenStore(b, dialect)
		seedCity(ctx, b, st)
		analyze := "ANALYZE"
		if dialect == dbopen.MySQL {
			analyze = "ANALYZE TABLE datashare_catalogs, datashare_batches, datashare_mount_summary, datashare_item_summary, datashare_month_summary"
		}
		if _, err := db.ExecContext(ctx, analyze); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %s in %s", dialect, time.Since(t0).Round(time.Second))
		return st
	}
	name := fmt.Sprintf("govops-datashare-city-%s-%s.db", datasharebun.SchemaVersion, citySeedVersion)
	db := dbtest.CachedSQLite(b, name, func(db *bun.DB) {
		st, err := datasharebun.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		seedCity(ctx, b, st)
		b.Logf("seeded SQLite in %s (cached for later runs)", time.Since(t0).Round(time.Second))
	})
	st, err := datasharebun.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// scanStore answers MountTotals and MountStats as the Service counted
// before the summaries: every committed batch of the department read from
// the Store in pages of 500, decoded and summed in Go, for the entries of
// the filter (read in pages too, which the Service's own listing did
// before, so that the baseline reads the entries once more than it did).
type scanStore struct{ *datasharebun.Store }

// eachPage calls fn with every page of list, 500 at a time.
func eachPage[T any](list func(after T) ([]T, error), next func(*T) T, fn func(*T)) error {
	var after T
	for {
		page, err := list(after)
		if err != nil {
			return err
		}
		for i := range page {
			fn(&page[i])
		}
		if len(page) < 500 {
			return nil
		}
		after = next(&page[len(page)-1])
	}
}

// scan reads the entries of f and the committed batches of f's
// department, in pages, and calls fn with each batch of those entries.
func (s scanStore) scan(ctx context.Context, f datashare.MountFilter, fn func(b *datashare.Batch)) error {
	entries := map[uuid.UUID]bool{}
	err := eachPage(func(after datashare.Catalog) ([]datashare.Catalog, error) {
		return s.Catalogs(ctx, datashare.CatalogFilter{Department: f.Department, Status: f.Status}, after.Code, 500)
	}, func(c *datashare.Catalog) datashare.Catalog { return *c }, func(c *datashare.Catalog) { entries[c.ID] = true })
	if err != nil {
		return err
	}
	return eachPage(func(after datashare.Batch) ([]datashare.Batch, error) {
		return s.Batches(ctx, datashare.BatchFilter{Department: f.Department, Status: datashare.BatchCommitted}, after.ID, 500)
	}, func(b *datashare.Batch) datashare.Batch { return *b }, func(b *datashare.Batch) {
		if entries[b.Catalog] {
			fn(b)
		}
	})
}

func (s scanStore) MountTotals(ctx context.Context, f datashare.MountFilter) (*datashare.MountTotals, error) {
	records, months := map[uuid.UUID]int64{}, map[string]int64{}
	err := s.scan(ctx, f, func(b *datashare.Batch) {
		records[b.Catalog] += b.Mounted
		months[datashare.MountMonth(b.FinishedAt)] += b.Mounted
	})
	out := &datashare.MountTotals{}
	for id, n := range records {
		out.Entries = append(out.Entries, datashare.EntryRecords{Catalog: id, Records: n})
	}
	for mo, n := range months {
		out.Months = append(out.Months, datashare.MonthRecords{Month: mo, Records: n})
	}
	return out, err
}

func (s scanStore) MountStats(ctx context.Context, f datashare.MountFilter) ([]datashare.EntryMounts, error) {
	byEntry := map[uuid.UUID]*datashare.EntryMounts{}
	items := map[uuid.UUID]map[string][2]int64{}
	err := s.scan(ctx, f, func(b *datashare.Batch) {
		e := byEntry[b.Catalog]
		if e == nil {
			e = &datashare.EntryMounts{Catalog: b.Catalog}
			byEntry[b.Catalog], items[b.Catalog] = e, map[string][2]int64{}
		}
		e.Records += b.Mounted
		for _, st := range b.Items {
			v := items[b.Catalog][st.Item]
			items[b.Catalog][st.Item] = [2]int64{v[0] + st.Present, v[1] + st.Invalid}
		}
		if e.Latest.ID == uuid.Nil || b.FinishedAt.After(e.Latest.FinishedAt) ||
			(b.FinishedAt.Equal(e.Latest.FinishedAt) && bytes.Compare(b.ID[:], e.Latest.ID[:]) > 0) {
			e.Latest = *b
		}
	})
	var out []datashare.EntryMounts
	for id, e := range byEntry {
		for item, v := range items[id] {
			e.Items = append(e.Items, datashare.ItemStats{Item: item, Present: v[0], Invalid: v[1]})
		}
		out = append(out, *e)
	}
	return out, err
}

// BenchmarkReportsCity computes Service.Metrics and Service.Quality of the
// whole district over the big city's catalog (cityFixture), from the
// summaries, beside the baseline in the same run: the same Service over
// scanStore, which counts every committed batch as the Service did before
// the summaries. Each iteration makes one call of each, so that both meet
// the same moments of a noisy machine, and checks that they agree. It
// reports the time of each and scan/summary, the speed-up.
func BenchmarkReportsCity(b *testing.B) {
	for _, d := range benchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st := openCity(b, d)
			ctx := context.Background()
			// The check the server's repair-stats makes, once: it recounts
			// every committed batch, and finds the fixture's summaries
			// right.
			t0 := time.Now()
			rep, err := st.RepairSummaries(ctx, false)
			b.Logf("RepairSummaries(check) over the fixture took %s (%v)", time.Since(t0).Round(time.Millisecond), err)
			if err == nil && !rep.Clean() {
				b.Fatalf("the fixture's summaries differ from its batches:\n%s", rep)
			}
			now := func() time.Time { return time.Date(2026, 1, 5, 10, 0, 0, 0, govops.ShanghaiLocation()) }
			summary, scan := datashare.NewService(st, datashare.WithNow(now)), datashare.NewService(scanStore{st}, datashare.WithNow(now))
			center := govops.Actor{Name: "bench"}
			metrics := func(s *datashare.Service) (string, time.Duration) {
				t0 := time.Now()
				m, err := s.Metrics(ctx, center, datashare.MetricsQuery{})
				took := time.Since(t0)
				if err != nil {
					b.Fatal(err)
				}
				return fmt.Sprint(m.Catalogs, m.Records, m.ByMonth, m.ByDepartment, m.ByCatalog), took
			}
			quality := func(s *datashare.Service) (string, time.Duration) {
				t0 := time.Now()
				q, err := s.Quality(ctx, center, datashare.QualityQuery{})
				took := time.Since(t0)
				if err != nil {
					b.Fatal(err)
				}
				return fmt.Sprint(q.Catalogs, q.Dimensions, q.Entries), took
			}
			// One untimed call of each warms the caches, as a running
			// server's are, and checks that both count alike.
			if m1, _ := metrics(summary); m1 != func() string { m0, _ := metrics(scan); return m0 }() {
				b.Fatal("the metrics from the summaries differ from those of the scan")
			}
			if q1, _ := quality(summary); q1 != func() string { q0, _ := quality(scan); return q0 }() {
				b.Fatal("the quality report from the summaries differs from that of the scan")
			}
			var ms, mb, qs, qb time.Duration
			for b.Loop() {
				_, t := metrics(summary)
				ms += t
				_, t = metrics(scan)
				mb += t
				_, t = quality(summary)
				qs += t
				_, t = quality(scan)
				qb += t
			}
			per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
			b.ReportMetric(per(ms), "metrics-summary-ms")
			b.ReportMetric(per(mb), "metrics-scan-ms")
			b.ReportMetric(per(mb)/per(ms), "metrics-speedup")
			b.ReportMetric(per(qs), "quality-summary-ms")
			b.ReportMetric(per(qb), "quality-scan-ms")
			b.ReportMetric(per(qb)/per(qs), "quality-speedup")
		})
	}
}

// BenchmarkSummaryWrite times the writes that keep the summaries beside
// the same writes as they were before them (SetUnsummarizedForTest),
// alternately in one loop into one database of 50 entries: the Commit of a
// mount of ten records into one of 25 entries (the mount's other calls
// untimed), and an UpdateCatalog that moves one of the 25 others, each
// with ten committed batches, to another department. It reports each
// write's time and after/before.
func BenchmarkSummaryWrite(b *testing.B) {
	for _, d := range benchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st, _ := MustOpenStore(b, d)
			ctx := b.Context()
			cs := make([]datashare.Catalog, 50)
			for i := range cs {
				cs[i] = storetest.BenchCatalog(b, fmt.Sprintf("130001/%06d", i+1))
			}
			if err := st.CreateCatalogs(ctx, cs, nil); err != nil {
				b.Fatal(err)
			}
			commit := func(c *datashare.Catalog, unsummarized bool) time.Duration {
				batch := storetest.BenchBatch(b, c, time.Now())
				w, err := st.BeginMount(ctx, batch, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := w.Write(ctx, storetest.BenchRecords(c.ID, batch.ID, 10), batch.TouchedAt); err != nil {
					b.Fatal(err)
				}
				next := batch
				next.Status, next.Version, next.FinishedAt, next.Rows, next.Mounted = datashare.BatchCommitted, 2, time.Now(), 10, 10
				for _, it := range c.Items {
					next.Items = append(next.Items, datashare.ItemStats{Item: it.Name, Present: 10, Invalid: 1})
				}
				datasharebun.SetUnsummarizedForTest(st, unsummarized)
				defer datasharebun.SetUnsummarizedForTest(st, false)
				t0 := time.Now()
				if err := w.Commit(ctx, &next, nil, nil); err != nil {
					b.Fatal(err)
				}
				return time.Since(t0)
			}
			for i := range cs {
				for range 10 {
					commit(&cs[i], false)
				}
			}
			move := func(c *datashare.Catalog, unsummarized bool) time.Duration {
				next := *c
				next.Version++
				next.Department = "lbq-rsj"
				if c.Department == next.Department {
					next.Department = "lbq-scjg"
				}
				datasharebun.SetUnsummarizedForTest(st, unsummarized)
				defer datasharebun.SetUnsummarizedForTest(st, false)
				t0 := time.Now()
				if err := st.UpdateCatalog(ctx, &next, nil); err != nil {
					b.Fatal(err)
				}
				*c = next
				return time.Since(t0)
			}
			mounted, moved := cs[:25], cs[25:]
			var commitBefore, commitAfter, moveBefore, moveAfter time.Duration
			i := 0
			for b.Loop() {
				commitBefore += commit(&mounted[i%25], true)
				commitAfter += commit(&mounted[(i+1)%25], false)
				moveBefore += move(&moved[i%25], true)
				moveAfter += move(&moved[(i+1)%25], false)
				i += 2
			}
			us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1000 / float64(b.N) }
			b.ReportMetric(us(commitBefore), "commit-before-us")
			b.ReportMetric(us(commitAfter), "commit-after-us")
			b.ReportMetric(us(commitAfter)/us(commitBefore), "commit-after/before")
			b.ReportMetric(us(moveBefore), "move-before-us")
			b.ReportMetric(us(moveAfter), "move-after-us")
			b.ReportMetric(us(moveAfter)/us(moveBefore), "move-after/before")
		})
	}
}
