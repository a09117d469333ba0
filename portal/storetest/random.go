package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// The random writes of each summarized record, and the filters their
// aggregates are checked on (see runSequences).

// taskWindows returns the filters of TaskGroups checked after random
// writes: on months, as TaskCounts asks, and across them.
func taskWindows(sites []uuid.UUID) map[string]portal.TaskGroupFilter {
	fs := map[string]portal.TaskGroupFilter{
		"All":          {},
		"Site":         {SiteID: sites[0]},
		"Department":   {Department: "lbq-gaj"},
		"OpenedTo":     {OpenedTo: month(7)},
		"OpenedFrom":   {OpenedFrom: month(7)},
		"FixedFrom":    {FixedFrom: month(6)},
		"FixedTo":      {FixedTo: month(8)},
		"Together":     {SiteID: sites[1], Department: "lbq-scjg", OpenedTo: month(8), FixedFrom: month(6)},
		"OpenedCut":    {OpenedFrom: pivot(), OpenedTo: month(7).Add(-time.Hour)},
		"FixedCut":     {FixedFrom: month(6).AddDate(0, 0, 10)},
		"OpenedAndCut": {OpenedFrom: month(6), FixedTo: pivot()},
	}
	for m := time.April; m <= time.August; m++ {
		fs[fmt.Sprintf("Opened%s", m)] = portal.TaskGroupFilter{OpenedFrom: month(m), OpenedTo: month(m + 1)}
		fs[fmt.Sprintf("Fixed%s", m)] = portal.TaskGroupFilter{FixedFrom: month(m), FixedTo: month(m + 1)}
		fs[fmt.Sprintf("SiteOpened%s", m)] = portal.TaskGroupFilter{SiteID: sites[1], Department: "lbq-gaj",
			OpenedFrom: month(m), OpenedTo: month(m + 1)}
	}
	return fs
}

// randomTaskWrites checks TaskGroups after random sequences of tasks
// opened one by one and by the batch (an import of a crawl's findings),
// and changed (their status, fix time, department or kind), concurrent
// writers of one version and batches that reuse a stored ID among them.
func randomTaskWrites(t *testing.T, st portal.Store) {
	ctx := t.Context()
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	fresh := func(r *rand.Rand) portal.Task {
		k := newTask(t, pick(r, sites...))
		k.Kind, k.Status, k.Department = pick(r, portal.FindingKinds()...), pick(r, portal.TaskStatuses()...), pick(r, depts...)
		k.Opened, k.Fixed = randomTime(r), time.Time{}
		if r.IntN(2) == 0 {
			k.Fixed = randomTime(r)
		}
		return k
	}
	batch := func(r *rand.Rand, n int) ([]portal.Task, []portal.Event) {
		ts := make([]portal.Task, n)
		var evs []portal.Event
		for i := range ts {
			ts[i] = fresh(r)
			evs = append(evs, created(t, ts[i].ID, portal.EventTaskOpened, string(ts[i].Status))...)
		}
		return ts, evs
	}
	// changed returns the next version of cur with some of what moves a
	// task between groups changed.
	changed := func(r *rand.Rand, cur portal.Task) (portal.Task, []portal.Event) {
		next := cur
		next.Version++
		switch r.IntN(4) {
		case 0:
			next.Status = pick(r, portal.TaskStatuses()...)
		case 1:
			next.Status, next.Fixed = portal.TaskFixed, randomTime(r)
		case 2:
			next.Department, next.Kind = pick(r, depts...), pick(r, portal.FindingKinds()...)
		default:
			next.Status, next.Fixed = portal.TaskOpen, time.Time{}
		}
		return next, []portal.Event{event(t, next.ID, next.Version, portal.EventTaskFixed, string(cur.Status), string(next.Status))}
	}
	list := func() []portal.Task {
		ts, err := st.Tasks(ctx, portal.TaskFilter{}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Tasks")
		return ts
	}
	step := func(r *rand.Rand) error {
		ts := list()
		switch n := r.IntN(6); {
		case n == 0 || len(ts) == 0:
			k, evs := batch(r, 1)
			return st.CreateTasks(ctx, k, evs)
		case n == 1:
			k, evs := batch(r, 5+r.IntN(20))
			return st.CreateTasks(ctx, k, evs)
		case n == 2:
			// A batch that reuses a stored task's ID stores none of it.
			k, evs := batch(r, 3)
			k[2].ID = pick(r, ts...).ID
			return requireRefused(st.CreateTasks(ctx, k, evs), "CreateTasks with a stored ID")
		default:
			next, evs := changed(r, pick(r, ts...))
			return st.UpdateTask(ctx, &next, evs)
		}
	}
	crowd := func(r *rand.Rand) []func() error {
		var ws []func() error
		ts := list()
		for range 2 {
			cur := pick(r, ts...)
			for range 3 {
				next, evs := changed(r, cur)
				ws = append(ws, func() error { return st.UpdateTask(ctx, &next, evs) })
			}
		}
		for range 2 {
			k, evs := batch(r, 1+r.IntN(8))
			ws = append(ws, func() error { return st.CreateTasks(ctx, k, evs) })
		}
		k, evs := batch(r, 2)
		k[1].ID = pick(r, ts...).ID
		ws = append(ws, func() error { return requireRefused(st.CreateTasks(ctx, k, evs), "CreateTasks with a stored ID") })
		return ws
	}
	runSequences(t, st, 21, step, crowd, func(t *testing.T) {
		ts := list()
		for name, f := range taskWindows(sites) {
			got, err := st.TaskGroups(ctx, f)
			storetestkit.Must(t, err, "TaskGroups "+name)
			storetestkit.RequireGroups(t, countTasks(ts, f), got, taskGroupKey, "TaskGroups "+name)
		}
	})
}

// requireRefused returns nil when err is ECONFLICT, the refusal a write
// must meet, and an error saying so otherwise.
func requireRefused(err error, what string) error {
	if err == nil {
		return fmt.Errorf("%s was written; want ECONFLICT", what)
	}
	return err
}

// postWindows returns the filters of PostGroups checked after random
// writes: on months, as PostCounts asks, and across them.
func postWindows(sites []portal.Site, cols []portal.Column) map[string]portal.PostFilter {
	fs := map[string]portal.PostFilter{
		"All":        {},
		"Site":       {SiteID: sites[1].ID},
		"Column":     {ColumnID: cols[0].ID},
		"Department": {Department: "lbq-gaj"},
		"Source":     {Source: portal.PostFromDingTalk},
		"From":       {From: month(6)},
		"To":         {To: month(7)},
		"Quarter":    {From: month(5), To: month(8)},
		"Together":   {SiteID: sites[0].ID, ColumnID: cols[1].ID, Department: "lbq-scjg", Source: portal.PostFromCMS, From: month(6), To: month(8)},
		"Cut":        {From: pivot(), To: month(7).Add(time.Microsecond)},
		"CutFrom":    {From: pivot()},
		"Empty":      {From: month(7), To: month(7)},
	}
	for m := time.April; m <= time.August; m++ {
		fs[fmt.Sprintf("Month%s", m)] = portal.PostFilter{From: month(m), To: month(m + 1)}
		fs[fmt.Sprintf("SiteMonth%s", m)] = portal.PostFilter{SiteID: sites[0].ID, Department: "lbq-scjg", From: month(m), To: month(m + 1)}
	}
	return fs
}

// randomPostWrites checks PostGroups after random sequences of imports
// of posts (RecordPosts' pages), each moving a column's last update or
// not, concurrent imports moving one column's version, and imports that
// repeat a stored URL among them (refused whole).
func randomPostWrites(t *testing.T, st portal.Store) {
	ctx := t.Context()
	sites := []portal.Site{mustSite(t, st, "rw-1"), mustSite(t, st, "rw-2")}
	cols := []portal.Column{mustColumn(t, st, sites[0].ID, "a"), mustColumn(t, st, sites[0].ID, "b"),
		mustColumn(t, st, sites[1].ID, "a"), mustColumn(t, st, sites[1].ID, "b")}
	list := func() []portal.Post {
		ps, err := st.Posts(ctx, portal.PostFilter{}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Posts")
		return ps
	}
	batch := func(r *rand.Rand, n int) []portal.Post {
		ps := make([]portal.Post, n)
		for i := range ps {
			c := pick(r, cols...)
			ps[i] = newPost(t, c.SiteID, c.ID, "https://www.lbq.gov.cn/p/"+uuid.NewString())
			ps[i].Department, ps[i].Source, ps[i].Published = pick(r, depts[:3]...), pick(r, portal.PostSources()...), randomTime(r)
		}
		return ps
	}
	// moving returns the next version of the stored column c with its last
	// update moved to the newest of ps, and its event.
	moving := func(c portal.Column, ps []portal.Post) ([]portal.Column, []portal.Event) {
		cur, err := st.Column(ctx, c.ID)
		storetestkit.Must(t, err, "Column")
		next := *cur
		next.Version++
		next.Updated, next.UpdatedBy = ps[0].Published, portal.UpdatedByPost
		return []portal.Column{next}, []portal.Event{event(t, next.ID, next.Version, portal.EventPostsRecorded, "", "")}
	}
	step := func(r *rand.Rand) error {
		ps := batch(r, 1+r.IntN(30))
		switch r.IntN(4) {
		case 0:
			cs, evs := moving(pick(r, cols...), ps)
			return st.CreatePosts(ctx, ps, cs, nil, evs)
		case 1:
			if stored := list(); len(stored) > 0 {
				// A post recorded again refuses its whole import.
				dup := pick(r, stored...)
				ps[len(ps)-1].SiteID, ps[len(ps)-1].ColumnID, ps[len(ps)-1].URL = dup.SiteID, dup.ColumnID, dup.URL
				return requireRefused(st.CreatePosts(ctx, ps, nil, nil, nil), "CreatePosts of a stored URL")
			}
		}
		return st.CreatePosts(ctx, ps, nil, nil, nil)
	}
	crowd := func(r *rand.Rand) []func() error {
		var ws []func() error
		c := pick(r, cols...)
		for range 3 {
			ps := batch(r, 1+r.IntN(10))
			cs, evs := moving(c, ps)
			ws = append(ws, func() error { return st.CreatePosts(ctx, ps, cs, nil, evs) })
		}
		for range 2 {
			ps := batch(r, 1+r.IntN(10))
			ws = append(ws, func() error { return st.CreatePosts(ctx, ps, nil, nil, nil) })
		}
		// Two imports of one new URL: one lands.
		a, b := batch(r, 3), batch(r, 2)
		b[1].SiteID, b[1].ColumnID, b[1].URL = a[0].SiteID, a[0].ColumnID, a[0].URL
		ws = append(ws, func() error { return st.CreatePosts(ctx, a, nil, nil, nil) },
			func() error { return st.CreatePosts(ctx, b, nil, nil, nil) })
		return ws
	}
	runSequences(t, st, 22, step, crowd, func(t *testing.T) {
		ps := list()
		for name, f := range postWindows(sites, cols) {
			got, err := st.PostGroups(ctx, f)
			storetestkit.Must(t, err, "PostGroups "+name)
			storetestkit.RequireGroups(t, countPosts(ps, f), got, postGroupKey, "PostGroups "+name)
		}
	})
}

// probeWindows returns the filters of ProbeTally checked after random
// writes: whole hours, windows that begin or end within an hour or lie in
// one, open ones, and months.
func probeWindows(sites []uuid.UUID) map[string]portal.ProbeFilter {
	p, h := pivot(), pivot().Truncate(time.Hour)
	return map[string]portal.ProbeFilter{
		"All":         {},
		"Site":        {SiteID: sites[0]},
		"Hours":       {From: h.Add(-2 * time.Hour), To: h.Add(2 * time.Hour)},
		"Cut":         {From: p.Add(-90*time.Minute - time.Microsecond), To: p.Add(70 * time.Minute)},
		"InAnHour":    {SiteID: sites[1], From: h.Add(5 * time.Minute), To: h.Add(50 * time.Minute)},
		"AcrossAnEnd": {From: h.Add(50 * time.Minute), To: h.Add(70 * time.Minute)},
		"OneHour":     {From: h, To: h.Add(time.Hour)},
		"CutFrom":     {From: p},
		"CutTo":       {To: p},
		"HourTo":      {SiteID: sites[0], To: h},
		"Week":        {SiteID: sites[1], From: p.Add(-7 * 24 * time.Hour), To: p, Failed: true},
		"Month":       {From: month(6), To: month(7)},
		"Empty":       {From: p, To: p},
		"Backwards":   {From: p, To: h},
	}
}

// randomProbeWrites checks ProbeTally after random sequences of rounds of
// probes (ProbeSites' one Store call), concurrent rounds, and rounds that
// reuse a stored ID (refused whole).
func randomProbeWrites(t *testing.T, st portal.Store) {
	ctx := t.Context()
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	list := func() []portal.Probe {
		ps, err := st.Probes(ctx, portal.ProbeFilter{}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Probes")
		return ps
	}
	batch := func(r *rand.Rand, n int) []portal.Probe {
		ps := make([]portal.Probe, n)
		for i := range ps {
			ps[i] = newProbe(t, pick(r, sites...), 0)
			switch r.IntN(3) {
			case 0:
				ps[i].At = randomTime(r)
			default: // the hours around the pivot, to the microsecond
				ps[i].At = storetestkit.Micro(pivot().Add(time.Duration(r.Int64N(int64(6*time.Hour))) - 3*time.Hour))
			}
			if r.IntN(4) > 0 {
				ps[i].OK, ps[i].Status, ps[i].Error = true, 200, ""
			}
		}
		return ps
	}
	step := func(r *rand.Rand) error {
		ps := batch(r, 1+r.IntN(40))
		if stored := list(); len(stored) > 0 && r.IntN(4) == 0 {
			ps[len(ps)-1].ID = pick(r, stored...).ID
			return requireRefused(st.CreateProbes(ctx, ps), "CreateProbes with a stored ID")
		}
		return st.CreateProbes(ctx, ps)
	}
	crowd := func(r *rand.Rand) []func() error {
		var ws []func() error
		for range 4 {
			ps := batch(r, 1+r.IntN(20))
			ws = append(ws, func() error { return st.CreateProbes(ctx, ps) })
		}
		a, b := batch(r, 3), batch(r, 3)
		b[2].ID = a[0].ID // one of the two lands
		ws = append(ws, func() error { return st.CreateProbes(ctx, a) }, func() error { return st.CreateProbes(ctx, b) })
		return ws
	}
	runSequences(t, st, 23, step, crowd, func(t *testing.T) {
		ps := list()
		for name, f := range probeWindows(sites) {
			got, err := st.ProbeTally(ctx, f)
			storetestkit.Must(t, err, "ProbeTally "+name)
			storetestkit.RequireEqual(t, countProbes(ps, f), got, "ProbeTally "+name)
		}
	})
}

// consultationWindows returns the filters of CountConsultations checked
// after random writes: the evaluator's (received before a time, and
// unanswered at another), with bounds on months and within them, and
// each field alone.
func consultationWindows(sites []uuid.UUID) map[string]portal.ConsultationFilter {
	p := pivot()
	fs := map[string]portal.ConsultationFilter{
		"All":            {},
		"Site":           {SiteID: sites[0]},
		"Department":     {Department: "lbq-scjg"},
		"Unanswered":     {Unanswered: true},
		"ReceivedBefore": {ReceivedBefore: p},
		"BeforeMonth":    {ReceivedBefore: month(7)},
		"UnansweredAt":   {UnansweredAt: p},
		"AtMonth":        {UnansweredAt: month(7)},
		"Late":           {SiteID: sites[1], ReceivedBefore: p, UnansweredAt: p.AddDate(0, 1, 3)},
		"LateOnMonths":   {ReceivedBefore: month(6), UnansweredAt: month(7)},
		"AtBeforeBound":  {ReceivedBefore: month(8).Add(-time.Microsecond), UnansweredAt: p},
		"Both":           {Department: "lbq-gaj", Unanswered: true, ReceivedBefore: p, UnansweredAt: month(6)},
	}
	for _, at := range edgeTimes() {
		fs["At"+at.UTC().Format("0102T150405.000000")] = portal.ConsultationFilter{SiteID: sites[0], ReceivedBefore: at,
			UnansweredAt: at.AddDate(0, 0, 12)}
	}
	return fs
}

// randomConsultation returns a consultation of one of sites, received
// and answered (or not) at random times.
func randomConsultation(t testing.TB, r *rand.Rand, sites []uuid.UUID) portal.Consultation {
	c := newConsultation(t, pick(r, sites...), "ZX-"+uuid.NewString())
	c.Department, c.Received, c.Answered = pick(r, depts...), randomTime(r), time.Time{}
	if r.IntN(2) == 0 {
		c.Answered = randomTime(r)
	}
	return c
}

// randomConsultationWrites checks CountConsultations after random
// sequences of consultations received, answered, their answers taken back
// and their department or receipt corrected, concurrent writers of one
// version and of one number among them.
func randomConsultationWrites(t *testing.T, st portal.Store) {
	ctx := t.Context()
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	list := func() []portal.Consultation {
		cs, err := st.Consultations(ctx, portal.ConsultationFilter{}, uuid.Nil, 0)
		storetestkit.Must(t, err, "Consultations")
		return cs
	}
	create := func(r *rand.Rand) (portal.Consultation, []portal.Event) {
		c := randomConsultation(t, r, sites)
		return c, created(t, c.ID, portal.EventConsultationReceived, "")
	}
	changed := func(r *rand.Rand, cur portal.Consultation) (portal.Consultation, []portal.Event) {
		next := cur
		next.Version++
		switch r.IntN(4) {
		case 0, 1:
			next.Answered = randomTime(r)
		case 2:
			next.Answered = time.Time{}
		default:
			next.Department, next.Received = pick(r, depts...), randomTime(r)
		}
		return next, []portal.Event{event(t, next.ID, next.Version, portal.EventConsultationAnswered, "", "")}
	}
	step := func(r *rand.Rand) error {
		cs := list()
		if len(cs) == 0 || r.IntN(2) == 0 {
			c, evs := create(r)
			return st.CreateConsultation(ctx, &c, evs)
		}
		next, evs := changed(r, pick(r, cs...))
		return st.UpdateConsultation(ctx, &next, evs)
	}
	crowd := func(r *rand.Rand) []func() error {
		var ws []func() error
		cs := list()
		for range 2 {
			cur := pick(r, cs...)
			for range 3 {
				next, evs := changed(r, cur)
				ws = append(ws, func() error { return st.UpdateConsultation(ctx, &next, evs) })
			}
		}
		a, aevs := create(r)
		b, bevs := create(r)
		b.SiteID, b.Ref = a.SiteID, a.Ref // one number: one lands
		ws = append(ws, func() error { return st.CreateConsultation(ctx, &a, aevs) },
			func() error { return st.CreateConsultation(ctx, &b, bevs) })
		return ws
	}
	runSequences(t, st, 24, step, crowd, func(t *testing.T) {
		cs := list()
		for name, f := range consultationWindows(sites) {
			got, err := st.CountConsultations(ctx, f)
			storetestkit.Must(t, err, "CountConsultations "+name)
			want := 0
			for i := range cs {
				if matchConsultation(f, &cs[i]) {
					want++
				}
			}
			if got != want {
				t.Fatalf("CountConsultations %s counted %d, want %d of the %d listed", name, got, want, len(cs))
			}
		}
	})
}

// countTasks is TaskGroups counted from the tasks ts.
func countTasks(ts []portal.Task, f portal.TaskGroupFilter) []portal.TaskGroup {
	type key struct {
		kind   portal.FindingKind
		status portal.TaskStatus
	}
	counts := map[key]int{}
	fixedSet := !f.FixedFrom.IsZero() || !f.FixedTo.IsZero()
	for _, k := range ts {
		if (f.SiteID != uuid.Nil && k.SiteID != f.SiteID) || (f.Department != "" && k.Department != f.Department) ||
			!within(k.Opened, f.OpenedFrom, f.OpenedTo) ||
			(fixedSet && (k.Fixed.IsZero() || !within(k.Fixed, f.FixedFrom, f.FixedTo))) {
			continue
		}
		counts[key{k.Kind, k.Status}]++
	}
	var want []portal.TaskGroup
	for k, n := range counts {
		want = append(want, portal.TaskGroup{Kind: k.kind, Status: k.status, Count: n})
	}
	return want
}

type taskKey struct {
	kind   portal.FindingKind
	status portal.TaskStatus
}

func taskGroupKey(g portal.TaskGroup) taskKey { return taskKey{g.Kind, g.Status} }

// countPosts is PostGroups counted from the posts ps.
func countPosts(ps []portal.Post, f portal.PostFilter) []portal.PostGroup {
	by := map[postKey]portal.PostGroup{}
	for i := range ps {
		p := &ps[i]
		if !matchPost(f, p) {
			continue
		}
		k := postKey{p.ColumnID, p.Department, p.Source}
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
	return want
}

type postKey struct {
	column uuid.UUID
	dept   string
	source portal.PostSource
}

func postGroupKey(g portal.PostGroup) postKey { return postKey{g.ColumnID, g.Department, g.Source} }

// countProbes is ProbeTally counted from the probes ps.
func countProbes(ps []portal.Probe, f portal.ProbeFilter) portal.ProbeTally {
	var t portal.ProbeTally
	for _, p := range ps {
		if (f.SiteID == uuid.Nil || p.SiteID == f.SiteID) && within(p.At, f.From, f.To) {
			t.Total++
			if !p.OK {
				t.Failed++
			}
		}
	}
	return t
}

// matchConsultation reports whether f selects c.
func matchConsultation(f portal.ConsultationFilter, c *portal.Consultation) bool {
	return (f.SiteID == uuid.Nil || c.SiteID == f.SiteID) && (f.Department == "" || c.Department == f.Department) &&
		(!f.Unanswered || c.Answered.IsZero()) && (f.ReceivedBefore.IsZero() || c.Received.Before(f.ReceivedBefore)) &&
		(f.UnansweredAt.IsZero() || c.Answered.IsZero() || c.Answered.After(f.UnansweredAt))
}

// consultationFixture stores n consultations of 2 sites, received and
// answered (or not) at random times, and returns them with the sites.
func consultationFixture(t *testing.T, st portal.Store, n int) ([]portal.Consultation, []uuid.UUID) {
	t.Helper()
	r := rand.New(rand.NewPCG(17, 18))
	sites := []uuid.UUID{storetestkit.NewID(t), storetestkit.NewID(t)}
	cs := make([]portal.Consultation, n)
	for i := range cs {
		cs[i] = randomConsultation(t, r, sites)
		storetestkit.Must(t, st.CreateConsultation(t.Context(), &cs[i], nil), "CreateConsultation")
	}
	slices.SortFunc(cs, func(a, b portal.Consultation) int { return storetestkit.CompareID(a.ID, b.ID) })
	return cs, sites
}
