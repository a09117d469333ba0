package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// TestPostGroups checks that PostGroups counts the posts every filter of
// Posts selects per (column, department, source), with the newest one's
// publish time, against a count of the listing; and so after every
// sequence of random imports (see runSequences).
func (cases) TestPostGroups(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ps, sites, cols := postFixture(t, st, 120, 2)
	for name, f := range postFilters(sites, cols) {
		t.Run(name, func(t *testing.T) {
			listed, err := st.Posts(ctx, f, uuid.Nil, 0)
			storetestkit.Must(t, err, "Posts")
			storetestkit.RequireOrdered(t, "Posts "+name, ps, func(p *portal.Post) bool { return matchPost(f, p) },
				func(a, b *portal.Post) int { return storetestkit.CompareID(a.ID, b.ID) }, listed, nil)
			got, err := st.PostGroups(ctx, f)
			storetestkit.Must(t, err, "PostGroups "+name)
			storetestkit.RequireGroups(t, countPosts(listed, f), got, postGroupKey, "PostGroups "+name)
		})
	}
	t.Run("RandomWrites", func(t *testing.T) { randomPostWrites(t, mk(t)) })
}

// TestProbeTally checks that ProbeTally counts the probes, and the failed
// ones, that every filter of Probes selects, Failed ignored; and so after
// every sequence of random rounds of probes (see runSequences), over
// windows that begin and end on hours and within them.
func (cases) TestProbeTally(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	_, sites := probeFixture(t, st, 90)
	for name, f := range probeFilters(sites) {
		t.Run(name, func(t *testing.T) {
			all := f
			all.Failed = false
			listed, err := st.Probes(ctx, all, uuid.Nil, 0)
			storetestkit.Must(t, err, "Probes")
			got, err := st.ProbeTally(ctx, f)
			storetestkit.Must(t, err, "ProbeTally "+name)
			storetestkit.RequireEqual(t, countProbes(listed, all), got, "ProbeTally "+name)
		})
	}
	got, err := st.ProbeTally(ctx, portal.ProbeFilter{SiteID: storetestkit.NewID(t)})
	storetestkit.Must(t, err, "ProbeTally")
	storetestkit.RequireEqual(t, portal.ProbeTally{}, got, "ProbeTally of a site without probes")
	t.Run("RandomWrites", func(t *testing.T) { randomProbeWrites(t, mk(t)) })
}

// TestTaskGroups checks that TaskGroups counts the tasks per (kind,
// status) that each filter selects: of a site and a department, opened in
// a half-open window, fixed in one (a task never fixed lies in no fixed
// window), and all together; and so after every sequence of random tasks
// opened and changed (see runSequences), over windows of months in
// Asia/Shanghai, as TaskCounts asks, and across them.
func (cases) TestTaskGroups(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ts, sites, _ := taskFixture(t, st, 150)
	from, to := at(20*60*24), at(30*60*24)
	for name, f := range map[string]portal.TaskGroupFilter{
		"All":        {},
		"Site":       {SiteID: sites[0]},
		"Department": {Department: "lbq-scjg"},
		"OpenedFrom": {OpenedFrom: from},
		"OpenedTo":   {OpenedTo: to},
		"Opened":     {OpenedFrom: from, OpenedTo: to},
		"FixedFrom":  {FixedFrom: from},
		"FixedTo":    {FixedTo: to},
		"Fixed":      {FixedFrom: from, FixedTo: to},
		"Together":   {SiteID: sites[1], Department: "lbq-gaj", OpenedTo: to, FixedFrom: from},
	} {
		t.Run(name, func(t *testing.T) {
			listed, err := st.Tasks(ctx, portal.TaskFilter{SiteID: f.SiteID, Department: f.Department}, uuid.Nil, 0)
			storetestkit.Must(t, err, "Tasks")
			if len(listed) != countSite(ts, f.SiteID, f.Department) {
				t.Fatalf("Tasks listed %d tasks, want %d", len(listed), countSite(ts, f.SiteID, f.Department))
			}
			got, err := st.TaskGroups(ctx, f)
			storetestkit.Must(t, err, "TaskGroups "+name)
			storetestkit.RequireGroups(t, countTasks(listed, f), got, taskGroupKey, "TaskGroups "+name)
		})
	}
	t.Run("RandomWrites", func(t *testing.T) { randomTaskWrites(t, mk(t)) })
}

// countSite counts the tasks of site and dept (all when zero).
func countSite(ts []portal.Task, site uuid.UUID, dept string) int {
	n := 0
	for _, k := range ts {
		if (site == uuid.Nil || k.SiteID == site) && (dept == "" || k.Department == dept) {
			n++
		}
	}
	return n
}

// TestLatestInspections checks that LatestInspections returns, for every
// account inspected before the time given, its inspection of the latest
// week before it, and for every account when the time is zero.
func (cases) TestLatestInspections(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ins, _ := inspectionFixture(t, st)
	for name, before := range map[string]time.Time{
		"Any":        {},
		"Week6":      monday(6),
		"Week6Later": monday(6).Add(time.Microsecond),
		"Week1":      monday(1),
		"Week0":      monday(0),
		"Far":        monday(100).In(time.FixedZone("X", -7200)),
	} {
		t.Run(name, func(t *testing.T) {
			latest := map[uuid.UUID]portal.MediaInspection{}
			for _, in := range ins {
				if !before.IsZero() && !in.Week.Before(before) {
					continue
				}
				if l, ok := latest[in.AccountID]; !ok || in.Week.After(l.Week) {
					latest[in.AccountID] = in
				}
			}
			var want []portal.MediaInspection
			for _, in := range latest {
				want = append(want, in)
			}
			got, err := st.LatestInspections(ctx, before)
			storetestkit.Must(t, err, "LatestInspections")
			storetestkit.RequireGroups(t, want, got, func(in portal.MediaInspection) uuid.UUID { return in.AccountID },
				"LatestInspections "+name)
		})
	}
}

// TestCountConsultations checks that CountConsultations counts the
// consultations every filter selects, the evaluator's late ones (received
// before a time, unanswered at another) among them, against a count of
// the listing; and so after every sequence of random consultations
// received, answered and corrected (see runSequences).
func (cases) TestCountConsultations(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	cs, sites := consultationFixture(t, st, 60)
	for name, f := range consultationWindows(sites) {
		t.Run(name, func(t *testing.T) {
			want := 0
			for i := range cs {
				if matchConsultation(f, &cs[i]) {
					want++
				}
			}
			listed, err := st.Consultations(ctx, f, uuid.Nil, 0)
			storetestkit.Must(t, err, "Consultations "+name)
			got, err := st.CountConsultations(ctx, f)
			storetestkit.Must(t, err, "CountConsultations "+name)
			if got != want || len(listed) != want {
				t.Fatalf("CountConsultations %s counted %d and Consultations listed %d, want %d", name, got, len(listed), want)
			}
		})
	}
	t.Run("RandomWrites", func(t *testing.T) { randomConsultationWrites(t, mk(t)) })
}
