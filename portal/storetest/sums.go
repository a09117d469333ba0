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
// publish time, against a count of the listing.
func (cases) TestPostGroups(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ps, sites, cols := postFixture(t, st, 120, 2)
	type key struct {
		column uuid.UUID
		dept   string
		source portal.PostSource
	}
	for name, f := range postFilters(sites, cols) {
		t.Run(name, func(t *testing.T) {
			listed, err := st.Posts(ctx, f, uuid.Nil, 0)
			storetestkit.Must(t, err, "Posts")
			storetestkit.RequireOrdered(t, "Posts "+name, ps, func(p *portal.Post) bool { return matchPost(f, p) },
				func(a, b *portal.Post) int { return storetestkit.CompareID(a.ID, b.ID) }, listed, nil)
			by := map[key]portal.PostGroup{}
			for _, p := range listed {
				k := key{p.ColumnID, p.Department, p.Source}
				g := by[k]
				g.ColumnID, g.Department, g.Source, g.Count = p.ColumnID, p.Department, p.Source, g.Count+1
				if p.Published.After(g.Newest) {
					g.Newest = p.Published
				}
				by[k] = g
			}
			var want []portal.PostGroup
			for _, g := range by {
				want = append(want, g)
			}
			got, err := st.PostGroups(ctx, f)
			storetestkit.Must(t, err, "PostGroups "+name)
			storetestkit.RequireGroups(t, want, got, func(g portal.PostGroup) key { return key{g.ColumnID, g.Department, g.Source} },
				"PostGroups "+name)
		})
	}
}

// TestProbeTally checks that ProbeTally counts the probes, and the failed
// ones, that every filter of Probes selects, Failed ignored.
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
			var want portal.ProbeTally
			for _, p := range listed {
				want.Total++
				if !p.OK {
					want.Failed++
				}
			}
			got, err := st.ProbeTally(ctx, f)
			storetestkit.Must(t, err, "ProbeTally "+name)
			storetestkit.RequireEqual(t, want, got, "ProbeTally "+name)
		})
	}
	got, err := st.ProbeTally(ctx, portal.ProbeFilter{SiteID: storetestkit.NewID(t)})
	storetestkit.Must(t, err, "ProbeTally")
	storetestkit.RequireEqual(t, portal.ProbeTally{}, got, "ProbeTally of a site without probes")
}

// TestTaskGroups checks that TaskGroups counts the tasks per (kind,
// status) that each filter selects: of a site and a department, opened in
// a half-open window, fixed in one (a task never fixed lies in no fixed
// window), and all together.
func (cases) TestTaskGroups(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	ts, sites, _ := taskFixture(t, st, 150)
	from, to := at(20*60*24), at(30*60*24)
	type key struct {
		kind   portal.FindingKind
		status portal.TaskStatus
	}
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
			counts := map[key]int{}
			fixedSet := !f.FixedFrom.IsZero() || !f.FixedTo.IsZero()
			for _, k := range listed {
				if !within(k.Opened, f.OpenedFrom, f.OpenedTo) ||
					(fixedSet && (k.Fixed.IsZero() || !within(k.Fixed, f.FixedFrom, f.FixedTo))) {
					continue
				}
				counts[key{k.Kind, k.Status}]++
			}
			if len(listed) != countSite(ts, f.SiteID, f.Department) {
				t.Fatalf("Tasks listed %d tasks, want %d", len(listed), countSite(ts, f.SiteID, f.Department))
			}
			var want []portal.TaskGroup
			for k, n := range counts {
				want = append(want, portal.TaskGroup{Kind: k.kind, Status: k.status, Count: n})
			}
			got, err := st.TaskGroups(ctx, f)
			storetestkit.Must(t, err, "TaskGroups "+name)
			storetestkit.RequireGroups(t, want, got, func(g portal.TaskGroup) key { return key{g.Kind, g.Status} }, "TaskGroups "+name)
		})
	}
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
