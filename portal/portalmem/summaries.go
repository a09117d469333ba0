package portalmem

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/internal/summarykey"
)

// summaries are the Store's counts per group of records (see
// govops.SummaryKeeper), changed under the Store's lock by every write that
// changes the records they count, and read by the aggregates instead of
// every record. Their groups are portalbun's summary rows', keyed alike
// (package summarykey).
type summaries struct {
	// tasks counts the tasks per (opened month, fixed month, site,
	// department, kind, status).
	tasks map[taskGroup]int
	// posts counts the posts per (month, site, column, department,
	// source), with the newest one's publish time.
	posts map[postGroup]postCount
	// probes counts the probes, and the failed ones, per (site, hour), and
	// keeps the hour's probes for a window that begins or ends within it.
	probes map[probeGroup]*probeHour
	// consults holds the IDs of the consultations per (site, department,
	// month received, month answered), 0 for one unanswered.
	consults map[consultGroup]map[uuid.UUID]bool
}

func newSummaries() summaries {
	return summaries{tasks: map[taskGroup]int{}, posts: map[postGroup]postCount{}, probes: map[probeGroup]*probeHour{},
		consults: map[consultGroup]map[uuid.UUID]bool{}}
}

type taskGroup struct {
	opened, fixed int
	site          uuid.UUID
	dept          string
	kind          portal.FindingKind
	status        portal.TaskStatus
}

func taskGroupOf(t *portal.Task) taskGroup {
	return taskGroup{opened: summarykey.Month(t.Opened), fixed: summarykey.Month(t.Fixed), site: t.SiteID, dept: t.Department,
		kind: t.Kind, status: t.Status}
}

type postGroup struct {
	month        int
	site, column uuid.UUID
	dept         string
	source       portal.PostSource
}

type postCount struct {
	n      int
	newest time.Time
}

type probeGroup struct {
	site uuid.UUID
	hour int64
}

type probeHour struct {
	total, failed int
	probes        []*portal.Probe
}

type consultGroup struct {
	site               uuid.UUID
	dept               string
	received, answered int
}

func consultGroupOf(c *portal.Consultation) consultGroup {
	return consultGroup{site: c.SiteID, dept: c.Department, received: summarykey.Month(c.Received),
		answered: summarykey.Month(c.Answered)}
}

// addTask adds d tasks of t's group.
func (m summaries) addTask(t *portal.Task, d int) { m.tasks[taskGroupOf(t)] += d }

// addPost counts the post p.
func (m summaries) addPost(p *portal.Post) {
	k := postGroup{month: summarykey.Month(p.Published), site: p.SiteID, column: p.ColumnID, dept: p.Department, source: p.Source}
	c := m.posts[k]
	c.n++
	if p.Published.After(c.newest) {
		c.newest = p.Published
	}
	m.posts[k] = c
}

// addProbe counts the stored probe p, which is never changed.
func (m summaries) addProbe(p *portal.Probe) {
	k := probeGroup{site: p.SiteID, hour: summarykey.Hour(p.At)}
	h := m.probes[k]
	if h == nil {
		h = &probeHour{}
		m.probes[k] = h
	}
	h.total++
	if !p.OK {
		h.failed++
	}
	h.probes = append(h.probes, p)
}

// addConsultation counts c in its group, removeConsultation takes it out.
func (m summaries) addConsultation(c *portal.Consultation) {
	k := consultGroupOf(c)
	if m.consults[k] == nil {
		m.consults[k] = map[uuid.UUID]bool{}
	}
	m.consults[k][c.ID] = true
}

func (m summaries) removeConsultation(c *portal.Consultation) {
	delete(m.consults[consultGroupOf(c)], c.ID)
}

// recount returns the summaries of the stored records, counted anew. The
// caller holds the lock.
func (s *Store) recount() summaries {
	m := newSummaries()
	for t := range s.tasks.All() {
		m.addTask(t, 1)
	}
	for p := range s.posts.All() {
		m.addPost(p)
	}
	for p := range s.probes.All() {
		m.addProbe(p)
	}
	for c := range s.consultations.All() {
		m.addConsultation(c)
	}
	return m
}

// rendered returns each summary's groups under govops.SummaryKey, with
// their counts, in the order of the report: named, with their key and
// count columns, as portalbun's tables are.
func (m summaries) rendered() []renderedSummary {
	taskKeys := []string{"opened_month", "fixed_month", "site_id", "department", "kind", "status"}
	postKeys := []string{"pub_month", "site_id", "column_id", "department", "source"}
	probeKeys := []string{"site_id", "probe_hour"}
	consultKeys := []string{"site_id", "received_month", "answered_month", "department"}
	tasks := map[string][]int64{}
	for k, n := range m.tasks {
		tasks[govops.SummaryKey(taskKeys, []any{k.opened, k.fixed, k.site, k.dept, k.kind, k.status})] = []int64{int64(n)}
	}
	posts := map[string][]int64{}
	for k, c := range m.posts {
		posts[govops.SummaryKey(postKeys, []any{k.month, k.site, k.column, k.dept, k.source})] =
			[]int64{int64(c.n), summarykey.Micros(c.newest)}
	}
	probes := map[string][]int64{}
	for k, h := range m.probes {
		probes[govops.SummaryKey(probeKeys, []any{k.site, k.hour})] = []int64{int64(h.total), int64(h.failed)}
	}
	consults := map[string][]int64{}
	for k, ids := range m.consults {
		consults[govops.SummaryKey(consultKeys, []any{k.site, k.received, k.answered, k.dept})] = []int64{int64(len(ids))}
	}
	return []renderedSummary{
		{"portal_task_summary", []string{"n"}, tasks},
		{"portal_post_summary", []string{"n", "newest_us"}, posts},
		{"portal_probe_summary", []string{"total", "failed"}, probes},
		{"portal_consultation_summary", []string{"n"}, consults},
	}
}

type renderedSummary struct {
	name   string
	counts []string
	groups map[string][]int64
}

var _ govops.SummaryKeeper = (*Store)(nil)

// RepairSummaries implements govops.SummaryKeeper: it counts every record
// anew, under the Store's lock, and compares the counts with the
// summaries; with repair set, it replaces the summaries that differ.
func (s *Store) RepairSummaries(ctx context.Context, repair bool) (govops.SummaryReport, error) {
	var rep govops.SummaryReport
	err := s.Write(ctx, nil, func() error { return nil }, func() {
		fresh := s.recount()
		want, have := fresh.rendered(), s.sums.rendered()
		differs := false
		for i, w := range want {
			chk := govops.CompareSummary(w.name, w.counts, have[i].groups, w.groups)
			differs = differs || len(chk.Diffs) > 0
			rep.Summaries = append(rep.Summaries, chk)
		}
		if repair && differs {
			s.sums = fresh
			for i := range rep.Summaries {
				rep.Summaries[i].Repaired = len(rep.Summaries[i].Diffs) > 0
			}
		}
	})
	return rep, err
}
