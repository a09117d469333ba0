package portalbun_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalbun"
	"github.com/govops-kit/govops/portal/storetest"
)

// The big city's portal records over which the dashboards' metrics are
// timed: a prefecture-level city supervises some 40 government sites of
// about 25 columns each (the city's portal, whose columns belong to 25 of
// its departments, and one site per department), which publish some
// 150,000 posts a year (400 a day), each supplied by its column's
// department (a tenth by the center) and mostly through its column's usual
// channel; its crawls and urges open some 30,000 rectification tasks a
// year, each for its column's department; a dozen sites are probed every
// 10 minutes (52,560 probes each a year); the public leaves some 12,000
// consultations a year, 60,000 over the five years an evaluation looks
// back on.
const (
	citySites         = 40
	cityColumns       = 25 // per site
	cityPosts         = 150_000
	cityTasks         = 30_000
	cityProbedSites   = 12
	cityProbeEvery    = 10 * time.Minute
	cityConsultations = 60_000
	citySeedVersion   = "c3"
)

// cityYear is the year the metrics count: 2022, in Asia/Shanghai.
func cityYear() (from, to time.Time) {
	sh := govops.ShanghaiLocation()
	return time.Date(2022, 1, 1, 0, 0, 0, 0, sh).UTC(), time.Date(2023, 1, 1, 0, 0, 0, 0, sh).UTC()
}

// cityNow is the time the evaluation runs at: within an hour and a month.
func cityNow() time.Time {
	return time.Date(2022, 12, 20, 15, 4, 5, 123000, govops.ShanghaiLocation()).UTC()
}

// seedCity stores the big city's records through st, its writes keeping
// the summaries as a running server's do.
func seedCity(ctx context.Context, b *testing.B, st *portalbun.Store) {
	b.Helper()
	r := rand.New(rand.NewPCG(2022, 11))
	from, to := cityYear()
	year := to.Sub(from)
	newID := func() uuid.UUID { return uuid.Must(uuid.NewV7()) }
	inYear := func() time.Time { return from.Add(time.Duration(r.Int64N(int64(year)))).Truncate(time.Microsecond) }
	dept := func(i int) string { return fmt.Sprintf("city-dept-%02d", i) }
	var sites []portal.Site
	var cols []portal.Column
	for i := range citySites {
		s := portal.Site{ID: newID(), Code: fmt.Sprintf("site-%02d", i), Name: fmt.Sprintf("网站%02d", i), Department: dept(i),
			Home: fmt.Sprintf("https://s%02d.city.gov.cn/", i), Status: portal.SiteActive, Version: 1}
		if err := st.CreateSite(ctx, &s, nil); err != nil {
			b.Fatal(err)
		}
		sites = append(sites, s)
		for j := range cityColumns {
			c := portal.Column{ID: newID(), SiteID: s.ID, Code: fmt.Sprintf("c%02d", j), Name: fmt.Sprintf("栏目%02d", j),
				Department: s.Department, Requirement: portal.RequireNone, Updated: to.Add(-time.Hour), Version: 1}
			if i == 0 { // the city's portal
				c.Department = dept(citySites + j)
			}
			if err := st.CreateColumn(ctx, &c, nil); err != nil {
				b.Fatal(err)
			}
			cols = append(cols, c)
		}
	}
	phase := time.Now()
	done := func(what string) {
		b.Logf("seeded %s in %v", what, time.Since(phase).Round(time.Millisecond))
		phase = time.Now()
	}
	const batch = 1000
	for n := 0; n < cityPosts; n += batch {
		ps := make([]portal.Post, batch)
		for i := range ps {
			k := r.IntN(len(cols))
			c := cols[k]
			ps[i] = portal.Post{ID: newID(), SiteID: c.SiteID, ColumnID: c.ID, Title: "关于印发工作方案的通知",
				URL: fmt.Sprintf("https://city.gov.cn/art/%08d.html", n+i), Published: inYear(), Department: c.Department,
				Source: portal.PostSources()[k%4], By: "编辑"}
			if r.IntN(10) == 0 {
				ps[i].Department = ""
			}
			if r.IntN(7) == 0 {
				ps[i].Source = portal.PostSources()[r.IntN(4)]
			}
		}
		if err := st.CreatePosts(ctx, ps, nil, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	done("posts")
	for n := 0; n < cityTasks; n += batch {
		ts := make([]portal.Task, batch)
		for i := range ts {
			c := cols[r.IntN(len(cols))]
			t := portal.Task{ID: newID(), SiteID: c.SiteID, Kind: portal.FindingKinds()[r.IntN(7)], ColumnID: c.ID,
				Key: fmt.Sprintf("k%08d", n+i), Department: c.Department, Title: "整改", Status: portal.TaskOpen, Opened: inYear(), Version: 1}
			switch x := r.IntN(10); {
			case x < 6:
				t.Status, t.Fixed = portal.TaskVerified, t.Opened.Add(time.Duration(1+r.IntN(20))*24*time.Hour)
			case x < 8:
				t.Status, t.Fixed = portal.TaskFixed, t.Opened.Add(time.Duration(1+r.IntN(20))*24*time.Hour)
			case x < 9:
				t.Status = portal.TaskDismissed
			}
			ts[i] = t
		}
		if err := st.CreateTasks(ctx, ts, nil); err != nil {
			b.Fatal(err)
		}
	}
	done("tasks")
	var ps []portal.Probe
	for _, s := range sites[:cityProbedSites] {
		for at := from; at.Before(to); at = at.Add(cityProbeEvery) {
			p := portal.Probe{ID: newID(), SiteID: s.ID, URL: s.Home, At: at.Add(time.Duration(r.IntN(60_000)) * time.Millisecond),
				Status: 200, Latency: time.Duration(50+r.IntN(400)) * time.Millisecond, OK: true}
			if r.IntN(40) == 0 {
				p.Status, p.OK, p.Error = 0, false, "timeout"
			}
			if ps = append(ps, p); len(ps) == batch {
				if err := st.CreateProbes(ctx, ps); err != nil {
					b.Fatal(err)
				}
				ps = nil
			}
		}
	}
	if err := st.CreateProbes(ctx, ps); err != nil {
		b.Fatal(err)
	}
	done("probes")
	// A consultation has no bulk write: they are inserted as rows, and
	// their summary counted from them by RepairSummaries, the recount the
	// migration fills it with.
	back := from.AddDate(-4, 0, 0)
	rows := make([]rawConsultationRow, 0, batch)
	for i := range cityConsultations {
		s := sites[r.IntN(len(sites))]
		d := s.Department
		if s.Code == "site-00" {
			d = dept(citySites + r.IntN(cityColumns))
		}
		c := rawConsultationRow{ID: newID().String(), SiteID: s.ID.String(), Ref: fmt.Sprintf("ZX-%07d", i), Subject: "咨询",
			Asker: "市民", Department: d, Received: back.Add(time.Duration(r.Int64N(int64(to.Sub(back))))).Truncate(time.Microsecond),
			Version: 1}
		if r.IntN(50) > 0 {
			c.Answered, c.Answer = c.Received.Add(time.Duration(1+r.IntN(20*24))*time.Hour), "答复"
		}
		if rows = append(rows, c); len(rows) == batch || i == cityConsultations-1 {
			if _, err := st.DB().NewInsert().Model(&rows).Exec(ctx); err != nil {
				b.Fatal(err)
			}
			rows = rows[:0]
		}
	}
	done("consultations")
	rep, err := st.RepairSummaries(ctx, true)
	if err != nil {
		b.Fatal(err)
	}
	done("the summaries' check")
	for _, s := range rep.Summaries {
		if len(s.Diffs) > 0 && s.Name != "portal_consultation_summary" {
			b.Fatalf("the store's writes left %s wrong:\n%s", s.Name, rep)
		}
	}
}

// rawConsultationRow is a row of portal_consultations as a bare bun model.
type rawConsultationRow struct {
	bun.BaseModel `bun:"table:portal_consultations"`

	ID         string    `bun:"id,pk"`
	SiteID     string    `bun:"site_id"`
	Ref        string    `bun:"ref"`
	Subject    string    `bun:"subject"`
	Asker      string    `bun:"asker"`
	Department string    `bun:"department"`
	Received   time.Time `bun:"received,nullzero"`
	Answered   time.Time `bun:"answered,nullzero"`
	Answer     string    `bun:"answer"`
	Version    int64     `bun:"version"`
}

// openCity returns a store over the big city on dialect. SQLite's is
// seeded once and kept under os.TempDir(), keyed by schema and seed;
// PostgreSQL's is seeded into a fresh schema.
func openCity(b *testing.B, dialect string) *portalbun.Store {
	b.Helper()
	ctx := b.Context()
	start := time.Now()
	defer func() {
		b.Logf("the city's store on %s ready in %v", dialect, time.Since(start).Round(time.Millisecond))
	}()
	if dialect != dbopen.SQLite {
		st, db := MustOpenStore(b, dialect)
		seedCity(ctx, b, st)
		// The planner's statistics, as a running server's autovacuum keeps
		// them (CachedSQLite analyzes its database too).
		if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
		return st
	}
	name := fmt.Sprintf("portalbun-city-%s-%s.db", portalbun.SchemaVersion, citySeedVersion)
	db := dbtest.CachedSQLite(b, name, func(db *bun.DB) {
		st, err := portalbun.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		seedCity(ctx, b, st)
	})
	st, err := portalbun.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// scanStore is the store with every aggregate counted from its records,
// as it was before it kept summaries: the baseline of the metrics.
type scanStore struct{ *portalbun.Store }

func (s scanStore) TaskGroups(ctx context.Context, f portal.TaskGroupFilter) ([]portal.TaskGroup, error) {
	return s.Store.TaskGroupsScan(ctx, f)
}

func (s scanStore) PostGroups(ctx context.Context, f portal.PostFilter) ([]portal.PostGroup, error) {
	return s.Store.PostGroupsScan(ctx, f)
}

func (s scanStore) ProbeTally(ctx context.Context, f portal.ProbeFilter) (portal.ProbeTally, error) {
	return s.Store.ProbeTallyScan(ctx, f)
}

func (s scanStore) CountConsultations(ctx context.Context, f portal.ConsultationFilter) (int, error) {
	return s.Store.CountConsultationsScan(ctx, f)
}

// pair times a metric read from the summaries and the same read from the
// records in turn, each iteration, so that both come from the same
// moments of a noisy machine, and checks once that they agree. It reports
// each one's milliseconds per read and the speedup (scan over summary).
func pair[T any](b *testing.B, summary, scan func() (T, error)) {
	b.Helper()
	s, err1 := summary()
	r, err2 := scan()
	if err1 != nil || err2 != nil {
		b.Fatalf("summary: %v; scan: %v", err1, err2)
	}
	if fmt.Sprint(s) != fmt.Sprint(r) {
		b.Fatalf("the summaries answer\n%v\nthe records\n%v", s, r)
	}
	var sumTime, scanTime time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := summary(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := scan(); err != nil {
			b.Fatal(err)
		}
		sumTime += t1.Sub(t0)
		scanTime += time.Since(t1)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(ms(sumTime), "summary-ms/op")
	b.ReportMetric(ms(scanTime), "scan-ms/op")
	b.ReportMetric(scanTime.Seconds()/sumTime.Seconds(), "speedup")
}

// BenchmarkCityMetrics times the portal metrics the console's overview,
// the annual report and the portal pages read, over the big city (see
// citySites), from the summaries and from a full scan of the records in
// the same run: TaskCounts and PostCounts of 2022 (24 and 12 Store reads),
// a site's availability over the evaluator's week and over the year,
// every site's late consultations (against the evaluator's listing of
// them before), and the evaluation of every site (availability, columns,
// late consultations and their evidence).
func BenchmarkCityMetrics(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			st := openCity(b, d)
			opts := []portal.Option{portal.WithNow(cityNow)}
			svc, scan := portal.NewService(st, opts...), portal.NewService(scanStore{st}, opts...)
			ctx, by := b.Context(), govops.Actor{Name: "中心"}
			site, err := st.SiteByCode(ctx, "site-03")
			if err != nil {
				b.Fatal(err)
			}
			from, to := cityYear()
			b.Run("TaskCounts", func(b *testing.B) {
				in := portal.TaskCountInput{Year: 2022}
				pair(b, func() (*portal.TaskCounts, error) { return svc.TaskCounts(ctx, by, in) },
					func() (*portal.TaskCounts, error) { return scan.TaskCounts(ctx, by, in) })
			})
			b.Run("PostCounts", func(b *testing.B) {
				in := portal.PostCountInput{Year: 2022}
				pair(b, func() (*portal.PostCounts, error) { return svc.PostCounts(ctx, by, in) },
					func() (*portal.PostCounts, error) { return scan.PostCounts(ctx, by, in) })
			})
			b.Run("AvailabilityWeek", func(b *testing.B) {
				now := cityNow()
				pair(b, func() (*portal.Availability, error) {
					return svc.Availability(ctx, by, site.Code, now.AddDate(0, 0, -7), now)
				},
					func() (*portal.Availability, error) {
						return scan.Availability(ctx, by, site.Code, now.AddDate(0, 0, -7), now)
					})
			})
			b.Run("AvailabilityYear", func(b *testing.B) {
				pair(b, func() (*portal.Availability, error) { return svc.Availability(ctx, by, site.Code, from, to) },
					func() (*portal.Availability, error) { return scan.Availability(ctx, by, site.Code, from, to) })
			})
			b.Run("LateConsultations", func(b *testing.B) {
				// Every site's late consultations, as the evaluator counts them
				// (received 3 months before now, unanswered now), against the
				// evaluator's read before the summaries: every consultation of
				// the site received before the bound, listed and counted in Go.
				sites, err := st.Sites(ctx, portal.SiteFilter{}, uuid.Nil, 0)
				if err != nil {
					b.Fatal(err)
				}
				now := cityNow()
				bound := time.Date(2022, 9, 20, 15, 4, 5, 123000, govops.ShanghaiLocation())
				pair(b, func() (int, error) {
					n := 0
					for _, s := range sites {
						k, err := st.CountConsultations(ctx, portal.ConsultationFilter{SiteID: s.ID, ReceivedBefore: bound, UnansweredAt: now})
						if err != nil {
							return 0, err
						}
						n += k
					}
					return n, nil
				}, func() (int, error) {
					n := 0
					for _, s := range sites {
						cs, err := st.Consultations(ctx, portal.ConsultationFilter{SiteID: s.ID, ReceivedBefore: bound}, uuid.Nil, 0)
						if err != nil {
							return 0, err
						}
						for _, c := range cs {
							if c.Answered.IsZero() || c.Answered.After(now) {
								n++
							}
						}
					}
					return n, nil
				})
			})
			b.Run("Evaluate", func(b *testing.B) {
				pair(b, func() (*portal.Evaluation, error) { return svc.Evaluate(ctx, by, portal.EvaluateInput{}) },
					func() (*portal.Evaluation, error) { return scan.Evaluate(ctx, by, portal.EvaluateInput{}) })
			})
		})
	}
}

// BenchmarkSummaryWrites times the writes that change what the summaries
// count with their deltas and without (the store as it wrote before it
// kept summaries), alternating two stores of the same records so that
// both come from the same moments: an import's page of posts
// (storetest.BenchBatch), a task's transition, and a round of probes of
// 40 sites. It reports each one's milliseconds per write and their ratio
// (with over without: above 1 is the summaries' cost).
func BenchmarkSummaryWrites(b *testing.B) {
	for _, d := range dbtest.BenchDialects() {
		b.Run(dbtest.Name(d), func(b *testing.B) {
			with, _ := MustOpenStore(b, d)
			without, _ := MustOpenStore(b, d)
			without.SkipSummaries()
			ctx := b.Context()
			stores := []*portalbun.Store{with, without}
			cols := []portal.Column{benchColumn(b, with), benchColumn(b, without)}
			b.Run("CreatePosts", func(b *testing.B) {
				n := 0
				timed(b, func(i int) error {
					ps := postsOf(cols[i], n)
					if i == 1 {
						n += len(ps)
					}
					next, ev := next(cols[i], ps[len(ps)-1].Published)
					if err := stores[i].CreatePosts(ctx, ps, []portal.Column{next}, nil, []portal.Event{ev}); err != nil {
						return err
					}
					cols[i] = next
					return nil
				})
			})
			b.Run("UpdateTask", func(b *testing.B) {
				tasks := make([]portal.Task, 2)
				for i, st := range stores {
					tasks[i] = portal.Task{ID: uuid.Must(uuid.NewV7()), SiteID: cols[i].SiteID, Kind: portal.KindTypo,
						Department: "lbq-scjg", Status: portal.TaskOpen, Opened: time.Now().UTC().Truncate(time.Microsecond), Version: 1}
					if err := st.CreateTasks(ctx, tasks[i:i+1], nil); err != nil {
						b.Fatal(err)
					}
				}
				timed(b, func(i int) error {
					t := tasks[i]
					t.Version++
					t.Status, t.Fixed = portal.TaskFixed, time.Now().UTC().Truncate(time.Microsecond)
					if t.Version%2 == 1 {
						t.Status, t.Fixed = portal.TaskOpen, time.Time{}
					}
					ev := portal.Event{ID: uuid.Must(uuid.NewV7()), Subject: t.ID, Seq: t.Version, Type: portal.EventTaskFixed,
						Actor: "bench", At: t.Fixed}
					if err := stores[i].UpdateTask(ctx, &t, []portal.Event{ev}); err != nil {
						return err
					}
					tasks[i] = t
					return nil
				})
			})
			b.Run("CreateProbes", func(b *testing.B) {
				sites := make([]uuid.UUID, 40)
				for i := range sites {
					sites[i] = uuid.Must(uuid.NewV7())
				}
				at := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
				timed(b, func(i int) error {
					if i == 0 {
						at = at.Add(cityProbeEvery)
					}
					ps := make([]portal.Probe, len(sites))
					for j, s := range sites {
						ps[j] = portal.Probe{ID: uuid.Must(uuid.NewV7()), SiteID: s, URL: "https://x.gov.cn/", At: at, Status: 200, OK: j%13 > 0}
					}
					return stores[i].CreateProbes(ctx, ps)
				})
			})
		})
	}
}

// postsOf returns storetest.BenchBatch posts of col numbered from n.
func postsOf(col portal.Column, n int) []portal.Post {
	ps := make([]portal.Post, storetest.BenchBatch)
	for i := range ps {
		k := n + i
		ps[i] = portal.Post{ID: uuid.Must(uuid.NewV7()), SiteID: col.SiteID, ColumnID: col.ID, Title: "通知",
			URL: fmt.Sprintf("https://www.lbq.gov.cn/gzdt/art_%08d.html", k), Department: fmt.Sprintf("dept-%d", k%5),
			Source: portal.PostSources()[k%4], Published: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Minute)}
	}
	return ps
}

// timed runs write(0) (the store with summaries) and write(1) (without)
// in turn each iteration, and reports each one's milliseconds per write
// and their ratio.
func timed(b *testing.B, write func(i int) error) {
	b.Helper()
	var d [2]time.Duration
	for b.Loop() {
		for i := range d {
			t0 := time.Now()
			if err := write(i); err != nil {
				b.Fatal(err)
			}
			d[i] += time.Since(t0)
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(ms(d[0]), "with-ms/op")
	b.ReportMetric(ms(d[1]), "without-ms/op")
	b.ReportMetric(d[0].Seconds()/d[1].Seconds(), "ratio")
}
