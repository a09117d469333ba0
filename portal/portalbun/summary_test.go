package portalbun_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen"
	"github.com/govops-kit/govops/internal/dbtest"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalbun"
)

// summaryFixture stores, through st, a few records of every kind the
// summaries count, and returns the filters of each aggregate that the
// summaries answer, with the counts the records give.
type summaryFixture struct {
	site  uuid.UUID
	tasks portal.TaskGroupFilter
	posts portal.PostFilter
	probe portal.ProbeFilter
	late  portal.ConsultationFilter
}

func storeSummaryFixture(t *testing.T, st *portalbun.Store) summaryFixture {
	t.Helper()
	ctx := t.Context()
	sh := govops.ShanghaiLocation()
	jun := time.Date(2022, 6, 1, 0, 0, 0, 0, sh)
	newID := func() uuid.UUID { return uuid.Must(uuid.NewV7()) }
	site := portal.Site{ID: newID(), Code: "fixture", Name: "门户", Status: portal.SiteActive, Version: 1}
	col := portal.Column{ID: newID(), SiteID: site.ID, Code: "gzdt", Name: "工作动态", Version: 1}
	if err := st.CreateSite(ctx, &site, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateColumn(ctx, &col, nil); err != nil {
		t.Fatal(err)
	}
	var posts []portal.Post
	var probes []portal.Probe
	var tasks []portal.Task
	for i := range 30 {
		at := jun.Add(time.Duration(i) * 23 * time.Hour).UTC()
		posts = append(posts, portal.Post{ID: newID(), SiteID: site.ID, ColumnID: col.ID, URL: fmt.Sprintf("https://x/%d", i),
			Published: at, Department: []string{"lbq-gaj", "lbq-scjg"}[i%2], Source: portal.PostFromCMS})
		probes = append(probes, portal.Probe{ID: newID(), SiteID: site.ID, At: at, OK: i%3 > 0})
		tasks = append(tasks, portal.Task{ID: newID(), SiteID: site.ID, Kind: portal.KindBrokenLink, Department: "lbq-gaj",
			Status: portal.TaskOpen, Opened: at, Version: 1})
		c := portal.Consultation{ID: newID(), SiteID: site.ID, Ref: fmt.Sprint(i), Received: at, Version: 1}
		if i%4 == 0 {
			c.Answered = at.Add(time.Hour)
		}
		if err := st.CreateConsultation(ctx, &c, nil); err != nil {
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
	fixed := tasks[0]
	fixed.Version, fixed.Status, fixed.Fixed = 2, portal.TaskFixed, jun.AddDate(0, 0, 3)
	if err := st.UpdateTask(ctx, &fixed, nil); err != nil {
		t.Fatal(err)
	}
	jul := jun.AddDate(0, 1, 0)
	return summaryFixture{site: site.ID,
		tasks: portal.TaskGroupFilter{SiteID: site.ID, OpenedFrom: jun, OpenedTo: jul},
		posts: portal.PostFilter{SiteID: site.ID, From: jun, To: jul},
		probe: portal.ProbeFilter{SiteID: site.ID, From: jun.Add(90 * time.Minute), To: jul.Add(-time.Minute)},
		late:  portal.ConsultationFilter{SiteID: site.ID, ReceivedBefore: jun.AddDate(0, 0, 20).Add(time.Minute), UnansweredAt: jul.Add(time.Hour)}}
}

// requireAnswers fails t unless every aggregate of f answers as its full
// scan does (right is true) or, for a store whose summaries were changed
// behind its back, unless each differs (right is false).
func requireAnswers(t *testing.T, st *portalbun.Store, f summaryFixture, right bool) {
	t.Helper()
	ctx := t.Context()
	check := func(what string, got, want any, err1, err2 error) {
		t.Helper()
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", what, err1, err2)
		}
		if same := fmt.Sprint(got) == fmt.Sprint(want); same != right {
			t.Errorf("%s from the summary %v, from the records %v; want them the same: %v", what, got, want, right)
		}
	}
	tg, err1 := st.TaskGroups(ctx, f.tasks)
	ts, err2 := st.TaskGroupsScan(ctx, f.tasks)
	check("TaskGroups", sorted(tg), sorted(ts), err1, err2)
	pg, err1 := st.PostGroups(ctx, f.posts)
	ps, err2 := st.PostGroupsScan(ctx, f.posts)
	for _, gs := range [][]portal.PostGroup{pg, ps} {
		for i := range gs {
			gs[i].Newest = gs[i].Newest.UTC()
		}
	}
	check("PostGroups", sorted(pg), sorted(ps), err1, err2)
	pt, err1 := st.ProbeTally(ctx, f.probe)
	pts, err2 := st.ProbeTallyScan(ctx, f.probe)
	check("ProbeTally", pt, pts, err1, err2)
	n, err1 := st.CountConsultations(ctx, f.late)
	ns, err2 := st.CountConsultationsScan(ctx, f.late)
	check("CountConsultations", n, ns, err1, err2)
}

// sorted renders the groups gs in a fixed order: an aggregate's groups
// come in any.
func sorted[G any](gs []G) string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = fmt.Sprint(g)
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

// TestStore_RepairSummaries checks that a summary row changed behind the
// store's back, in each summary table, is found by RepairSummaries, that
// the aggregates read it (they answer wrong meanwhile), and that a repair
// puts every table right again.
func TestStore_RepairSummaries(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, db := MustOpenStore(t, d)
			ctx := t.Context()
			f := storeSummaryFixture(t, st)
			requireAnswers(t, st, f, true)
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("RepairSummaries of the store's own summaries: %v\n%s", err, rep)
			}
			site := f.site.String()
			for _, q := range []string{
				"UPDATE portal_task_opened_summary SET n = n + 2 WHERE scope = 's' AND site_id = '" + site + "' AND opened_month = 202206",
				"UPDATE portal_task_fixed_summary SET n = n + 1 WHERE scope = 'a'",
				"UPDATE portal_post_summary SET n = n - 1, newest_us = newest_us + 5 WHERE site_id = '" + site + "' AND pub_month = 202206",
				"UPDATE portal_probe_summary SET failed = failed + 1 WHERE site_id = '" + site + "' AND probe_hour = 2022060115",
				"INSERT INTO portal_consultation_summary (site_id, received_month, answered_month, department, n) VALUES ('" + site + "', 202205, 0, 'ghost', 3)",
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			requireAnswers(t, st, f, false)
			rep, err = st.RepairSummaries(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			requireDiffs(t, rep, false)
			if rep, err = st.RepairSummaries(ctx, true); err != nil {
				t.Fatal(err)
			}
			requireDiffs(t, rep, true)
			if rep, err = st.RepairSummaries(ctx, false); err != nil || !rep.Clean() {
				t.Fatalf("RepairSummaries after the repair: %v\n%s", err, rep)
			}
			requireAnswers(t, st, f, true)
		})
	}
}

// requireDiffs fails t unless rep found every summary table changed (and
// repaired them, when repaired is set), and the ghost row.
func requireDiffs(t *testing.T, rep govops.SummaryReport, repaired bool) {
	t.Helper()
	if len(rep.Summaries) != 5 {
		t.Fatalf("RepairSummaries checked %d summaries, want the 5:\n%s", len(rep.Summaries), rep)
	}
	for _, s := range rep.Summaries {
		if len(s.Diffs) == 0 || s.Repaired != repaired {
			t.Fatalf("summary %s: %d groups differ, repaired %v; want its changed rows found, repaired %v:\n%s",
				s.Name, len(s.Diffs), s.Repaired, repaired, rep)
		}
	}
	if !strings.Contains(rep.String(), "department=ghost: stored n=3, records (none)") {
		t.Fatalf("the report does not name the ghost row:\n%s", rep)
	}
}

// TestStore_MigrateFillsSummaries checks that the summaries' migration
// fills its tables from the records already stored, as an upgrade from a
// database without them runs it: the records are written, the migration
// is taken back (its down file) and run again.
func TestStore_MigrateFillsSummaries(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			st, db := MustOpenStore(t, d)
			ctx := t.Context()
			f := storeSummaryFixture(t, st)
			down := "migrations/" + d + "/" + portalbun.SchemaVersion + "_summaries.tx.down.sql"
			if d == dbopen.MySQL {
				down = strings.Replace(down, ".tx.", ".", 1)
			}
			runSQLFile(ctx, t, db, down)
			if _, err := db.ExecContext(ctx, "DELETE FROM "+portalbun.MigrationsTable+" WHERE name = ?", portalbun.SchemaVersion); err != nil {
				t.Fatal(err)
			}
			if _, err := st.RepairSummaries(ctx, false); err == nil {
				t.Fatal("RepairSummaries found the summary tables after their migration was taken back")
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			rep, err := st.RepairSummaries(ctx, false)
			if err != nil || !rep.Clean() {
				t.Fatalf("RepairSummaries after the migration: %v\n%s", err, rep)
			}
			for _, s := range rep.Summaries {
				if s.Groups == 0 {
					t.Fatalf("the migration left %s empty", s.Name)
				}
			}
			requireAnswers(t, st, f, true)
		})
	}
}

// runSQLFile runs the statements of the migration file path.
func runSQLFile(ctx context.Context, t *testing.T, db *bun.DB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range strings.Split(string(b), "--bun:split") {
		if strings.TrimSpace(q) == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, q)
		}
	}
}
