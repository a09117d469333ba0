package portalbun_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalbun"
)

// TestStore_FilterPlans checks on SQLite that every selective filter of
// every listing and aggregate, alone, finds its records through an index
// of its table rather than by reading the table, over enough rows of many
// values that a planner would read the table if it had no index to use.
// (The flags — a column's Current, a probe's Failed, a task's Live — select
// too large a share for an index to help, and are left out.)
func TestStore_FilterPlans(t *testing.T) {
	var last string
	db := dbtest.Open(t, dbopen.SQLite).WithQueryHook(dbtest.SelectHook(func(q string) { last = q }))
	st, err := portalbun.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := t.Context()
	const n, k = 600, 150
	day := func(i int) time.Time { return time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i) }
	dept := func(i int) string { return fmt.Sprintf("lbq-%03d", i%k) }
	code := func(p string, i int) string { return fmt.Sprintf("%s%03d", p, i%k) }
	newID := func() uuid.UUID { return uuid.Must(uuid.NewV7()) }
	var (
		sites              []portal.Site
		cols               []portal.Column
		posts              []portal.Post
		probes             []portal.Probe
		tasks              []portal.Task
		findIDs, findCrawl []uuid.UUID
	)
	for i := range n {
		s := portal.Site{ID: newID(), Code: fmt.Sprintf("site-%04d", i), Department: dept(i),
			Status: portal.SiteStatus(code("s", i)), Version: 1}
		c := portal.Column{ID: newID(), SiteID: s.ID, Code: "c", Department: dept(i), Version: 1}
		sites, cols = append(sites, s), append(cols, c)
		if err := st.CreateSite(ctx, &s, nil); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateColumn(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
		posts = append(posts, portal.Post{ID: newID(), SiteID: s.ID, ColumnID: c.ID, URL: fmt.Sprintf("https://x/%d", i),
			Published: day(i), Department: dept(i), Source: portal.PostSource(code("p", i))})
		probes = append(probes, portal.Probe{ID: newID(), SiteID: s.ID, At: day(i)})
		cr := portal.Crawl{ID: newID(), SiteID: s.ID, Status: portal.CrawlStatus(code("s", i)), Version: 1}
		if err := st.CreateCrawl(ctx, &cr, nil); err != nil {
			t.Fatal(err)
		}
		f := portal.Finding{ID: newID(), CrawlID: cr.ID, Seq: 1, SiteID: s.ID, Kind: portal.FindingKind(code("k", i)),
			Department: dept(i)}
		end := cr
		end.Version = 2
		if err := st.EndCrawl(ctx, &end, []portal.Finding{f}, nil); err != nil {
			t.Fatal(err)
		}
		findIDs, findCrawl = append(findIDs, f.ID), append(findCrawl, cr.ID)
		tasks = append(tasks, portal.Task{ID: newID(), SiteID: s.ID, Kind: portal.FindingKind(code("k", i)), FindingID: f.ID,
			ColumnID: c.ID, Key: fmt.Sprintf("key-%d", i), Department: dept(i), Status: portal.TaskStatus(code("s", i)),
			CaseNumber: fmt.Sprintf("2022-%06d", i), Opened: day(i), Fixed: day(i + 1), Version: 1})
		cn := portal.Consultation{ID: newID(), SiteID: s.ID, Ref: "r", Department: dept(i), Received: day(i),
			Answered: day(i + 3), Version: 1}
		if err := st.CreateConsultation(ctx, &cn, nil); err != nil {
			t.Fatal(err)
		}
		a := portal.Account{ID: newID(), Code: fmt.Sprintf("acct-%04d", i), Platform: portal.Platform(code("p", i)),
			Department: dept(i), Status: portal.AccountStatus(code("s", i)), Version: 1}
		if err := st.CreateAccount(ctx, &a, nil); err != nil {
			t.Fatal(err)
		}
		in := portal.MediaInspection{ID: newID(), AccountID: a.ID, Department: dept(i), Week: day(i), Version: 1}
		if err := st.CreateMediaInspection(ctx, &in, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CreatePosts(ctx, posts, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateProbes(ctx, probes); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateTasks(ctx, tasks, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	near, late := day(3), day(n-3)
	month := time.Date(2023, 3, 1, 0, 0, 0, 0, govops.ShanghaiLocation())
	site, col, d := sites[7].ID, cols[7].ID, dept(7)
	lists := map[string]func() error{
		"Sites/Department": func() error { _, err := st.Sites(ctx, portal.SiteFilter{Department: d}, uuid.Nil, 0); return err },
		"Sites/Status":     func() error { _, err := st.Sites(ctx, portal.SiteFilter{Status: "s007"}, uuid.Nil, 0); return err },
		"Columns/Site":     func() error { _, err := st.Columns(ctx, portal.ColumnFilter{SiteID: site}, uuid.Nil, 0); return err },
		"Columns/Department": func() error {
			_, err := st.Columns(ctx, portal.ColumnFilter{Department: d}, uuid.Nil, 0)
			return err
		},
		"Posts/Site":       func() error { _, err := st.Posts(ctx, portal.PostFilter{SiteID: site}, uuid.Nil, 0); return err },
		"Posts/Column":     func() error { _, err := st.Posts(ctx, portal.PostFilter{ColumnID: col}, uuid.Nil, 0); return err },
		"Posts/Department": func() error { _, err := st.Posts(ctx, portal.PostFilter{Department: d}, uuid.Nil, 0); return err },
		"Posts/Source":     func() error { _, err := st.Posts(ctx, portal.PostFilter{Source: "p007"}, uuid.Nil, 0); return err },
		"Posts/From":       func() error { _, err := st.Posts(ctx, portal.PostFilter{From: late}, uuid.Nil, 0); return err },
		"PostGroups/Site":  func() error { _, err := st.PostGroups(ctx, portal.PostFilter{SiteID: site}); return err },
		"PostGroups/Window": func() error {
			_, err := st.PostGroups(ctx, portal.PostFilter{From: late, To: late.AddDate(0, 0, 1)})
			return err
		},
		"Probes/Site":     func() error { _, err := st.Probes(ctx, portal.ProbeFilter{SiteID: site}, uuid.Nil, 0); return err },
		"Probes/From":     func() error { _, err := st.Probes(ctx, portal.ProbeFilter{From: late}, uuid.Nil, 0); return err },
		"ProbeTally/Site": func() error { _, err := st.ProbeTally(ctx, portal.ProbeFilter{SiteID: site}); return err },
		"Crawls/Site":     func() error { _, err := st.Crawls(ctx, portal.CrawlFilter{SiteID: site}, uuid.Nil, 0); return err },
		"Crawls/Status":   func() error { _, err := st.Crawls(ctx, portal.CrawlFilter{Status: "s007"}, uuid.Nil, 0); return err },
		"Findings/Crawl": func() error {
			_, err := st.Findings(ctx, portal.FindingFilter{CrawlID: findCrawl[7]}, uuid.Nil, 0)
			return err
		},
		"Findings/Site": func() error { _, err := st.Findings(ctx, portal.FindingFilter{SiteID: site}, uuid.Nil, 0); return err },
		"Findings/Kind": func() error { _, err := st.Findings(ctx, portal.FindingFilter{Kind: "k007"}, uuid.Nil, 0); return err },
		"Findings/Department": func() error {
			_, err := st.Findings(ctx, portal.FindingFilter{Department: d}, uuid.Nil, 0)
			return err
		},
		"Tasks/Site":       func() error { _, err := st.Tasks(ctx, portal.TaskFilter{SiteID: site}, uuid.Nil, 0); return err },
		"Tasks/Kind":       func() error { _, err := st.Tasks(ctx, portal.TaskFilter{Kind: "k007"}, uuid.Nil, 0); return err },
		"Tasks/Status":     func() error { _, err := st.Tasks(ctx, portal.TaskFilter{Status: "s007"}, uuid.Nil, 0); return err },
		"Tasks/Department": func() error { _, err := st.Tasks(ctx, portal.TaskFilter{Department: d}, uuid.Nil, 0); return err },
		"Tasks/Key": func() error {
			_, err := st.Tasks(ctx, portal.TaskFilter{Key: "key-7", Live: true}, uuid.Nil, 0)
			return err
		},
		"Tasks/CaseNumber": func() error {
			_, err := st.Tasks(ctx, portal.TaskFilter{CaseNumber: "2022-000007"}, uuid.Nil, 0)
			return err
		},
		"Tasks/Finding": func() error {
			_, err := st.Tasks(ctx, portal.TaskFilter{FindingID: findIDs[7]}, uuid.Nil, 0)
			return err
		},
		"Tasks/Column": func() error { _, err := st.Tasks(ctx, portal.TaskFilter{ColumnID: col}, uuid.Nil, 0); return err },
		"TaskGroups/Site": func() error {
			_, err := st.TaskGroups(ctx, portal.TaskGroupFilter{SiteID: site})
			return err
		},
		"TaskGroups/Opened": func() error {
			_, err := st.TaskGroups(ctx, portal.TaskGroupFilter{OpenedFrom: late, OpenedTo: late.AddDate(0, 0, 1)})
			return err
		},
		"TaskGroups/Month": func() error {
			_, err := st.TaskGroups(ctx, portal.TaskGroupFilter{OpenedFrom: month, OpenedTo: month.AddDate(0, 1, 0)})
			return err
		},
		"TaskGroups/FixedMonth": func() error {
			_, err := st.TaskGroups(ctx, portal.TaskGroupFilter{FixedFrom: month, FixedTo: month.AddDate(0, 1, 0)})
			return err
		},
		"PostGroups/Month": func() error {
			_, err := st.PostGroups(ctx, portal.PostFilter{SiteID: site, From: month, To: month.AddDate(0, 1, 0)})
			return err
		},
		"ProbeTally/Window": func() error {
			_, err := st.ProbeTally(ctx, portal.ProbeFilter{SiteID: site, From: late.Add(-90 * time.Minute), To: late.Add(3*24*time.Hour + time.Minute)})
			return err
		},
		"TaskGroups/Fixed": func() error {
			_, err := st.TaskGroups(ctx, portal.TaskGroupFilter{FixedFrom: late, FixedTo: late.AddDate(0, 0, 1)})
			return err
		},
		"Consultations/Site": func() error {
			_, err := st.Consultations(ctx, portal.ConsultationFilter{SiteID: site}, uuid.Nil, 0)
			return err
		},
		"Consultations/Department": func() error {
			_, err := st.Consultations(ctx, portal.ConsultationFilter{Department: d}, uuid.Nil, 0)
			return err
		},
		"Consultations/ReceivedBefore": func() error {
			_, err := st.Consultations(ctx, portal.ConsultationFilter{ReceivedBefore: near}, uuid.Nil, 0)
			return err
		},
		"Consultations/Unanswered": func() error {
			_, err := st.Consultations(ctx, portal.ConsultationFilter{Unanswered: true}, uuid.Nil, 0)
			return err
		},
		"Consultations/Late": func() error {
			_, err := st.Consultations(ctx, portal.ConsultationFilter{SiteID: site, ReceivedBefore: late, UnansweredAt: late}, uuid.Nil, 0)
			return err
		},
		"CountConsultations/Late": func() error {
			_, err := st.CountConsultations(ctx, portal.ConsultationFilter{SiteID: site, ReceivedBefore: late, UnansweredAt: late})
			return err
		},
		"CountConsultations/Unanswered": func() error {
			_, err := st.CountConsultations(ctx, portal.ConsultationFilter{SiteID: site, Unanswered: true})
			return err
		},
		"Accounts/Department": func() error {
			_, err := st.Accounts(ctx, portal.AccountFilter{Department: d}, uuid.Nil, 0)
			return err
		},
		"Accounts/Platform": func() error {
			_, err := st.Accounts(ctx, portal.AccountFilter{Platform: "p007"}, uuid.Nil, 0)
			return err
		},
		"Accounts/Status": func() error {
			_, err := st.Accounts(ctx, portal.AccountFilter{Status: "s007"}, uuid.Nil, 0)
			return err
		},
		"MediaInspections/Department": func() error {
			_, err := st.MediaInspections(ctx, portal.MediaInspectionFilter{Department: d}, uuid.Nil, 0)
			return err
		},
		"MediaInspections/From": func() error {
			_, err := st.MediaInspections(ctx, portal.MediaInspectionFilter{From: late}, uuid.Nil, 0)
			return err
		},
	}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			if err := list(); err != nil {
				t.Fatal(err)
			}
			plan := dbtest.QueryPlan(t, db, last)
			// The parts of a count read from a summary and from records at
			// once are scanned as they come, which reads no table.
			plan = strings.ReplaceAll(plan, "SCAN parts", "")
			if !strings.Contains(plan, "SEARCH") || strings.Contains(plan, "SCAN ") {
				t.Fatalf("%s reads the table rather than searching an index:\n%s\n%s", name, last, plan)
			}
		})
	}
}
