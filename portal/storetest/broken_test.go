package storetest_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
	"github.com/govops-kit/govops/portal/storetest"
)

// TestBrokenStoresAreCaught runs the suite over stores that each break one
// rule of portal.Store, as a store written from the contract by hand
// might, and requires that the suite fails in the case written for that
// rule, and in no other.
func TestBrokenStoresAreCaught(t *testing.T) {
	storetestkit.RequireCaught(t, storetest.RunConformanceTests, []storetestkit.Broken[portal.Store]{
		{Name: "IgnoresVersion", CaughtBy: "Versions", Make: func() portal.Store { return ignoresVersion{portalmem.New()} }},
		{Name: "EventsApart", CaughtBy: "Trail", Make: func() portal.Store {
			return &eventsApart{Store: portalmem.New(), two: &storetestkit.TwoStepEvents[portal.Event]{
				EventID: func(e *portal.Event) *uuid.UUID { return &e.ID }}}
		}},
		{Name: "PostsApartFromColumns", CaughtBy: "CreatePosts", Make: func() portal.Store {
			return postsApartFromColumns{portalmem.New()}
		}},
		{Name: "ColumnsOneByOne", CaughtBy: "UpdateColumns", Make: func() portal.Store { return columnsOneByOne{portalmem.New()} }},
		{Name: "InspectionApartFromAccount", CaughtBy: "InspectionAccount", Make: func() portal.Store {
			return inspectionApartFromAccount{portalmem.New()}
		}},
		{Name: "PostURLsFolded", CaughtBy: "UniqueKeys", Make: func() portal.Store { return postURLsFolded{portalmem.New()} }},
		{Name: "TasksAfterIncluded", CaughtBy: "TaskListing", Make: func() portal.Store { return tasksAfterIncluded{portalmem.New()} }},
		{Name: "PostGroupsOldest", CaughtBy: "PostGroups", Make: func() portal.Store { return postGroupsOldest{portalmem.New()} }},
		{Name: "ProbeTallyOfFailedOnly", CaughtBy: "ProbeTally", Make: func() portal.Store {
			return probeTallyOfFailedOnly{portalmem.New()}
		}},
		{Name: "UnfixedInFixedWindow", CaughtBy: "TaskGroups", Make: func() portal.Store {
			return unfixedInFixedWindow{portalmem.New()}
		}},
		{Name: "SummaryMissesTransitions", CaughtBy: "TaskGroups", Make: func() portal.Store {
			return &summaryMissesTransitions{Store: portalmem.New(), opened: map[uuid.UUID]portal.Task{}}
		}},
		{Name: "LatestAtBefore", CaughtBy: "LatestInspections", Make: func() portal.Store { return latestAtBefore{portalmem.New()} }},
		{Name: "KeepsCrawlFindings", CaughtBy: "RoundTrip", Make: func() portal.Store {
			return &keepsCrawlFindings{Store: portalmem.New(), kept: map[uuid.UUID]portal.Crawl{}}
		}},
		{Name: "ProgressMovesVersion", CaughtBy: "CrawlProgress", Make: func() portal.Store {
			return progressMovesVersion{portalmem.New()}
		}},
		{Name: "UpdateTaskIgnoresCancellation", CaughtBy: "Cancellation", Make: func() portal.Store {
			return updateTaskIgnoresCancellation{portalmem.New()}
		}},
	})
}

// ignoresVersion writes a consultation over whatever version is stored:
// last writer wins, as an UPDATE without "AND version = ?" does.
type ignoresVersion struct{ *portalmem.Store }

func (s ignoresVersion) UpdateConsultation(ctx context.Context, c *portal.Consultation, events []portal.Event) error {
	if cur, err := s.Store.Consultation(ctx, c.ID); err == nil {
		next := *c
		next.Version = cur.Version + 1
		c = &next
	}
	return s.Store.UpdateConsultation(ctx, c, events)
}

// eventsApart appends the events of a task's update one round trip after
// the task, as a store does that writes them outside its transaction.
type eventsApart struct {
	*portalmem.Store
	two *storetestkit.TwoStepEvents[portal.Event]
}

func (s *eventsApart) UpdateTask(ctx context.Context, t *portal.Task, events []portal.Event) error {
	return s.two.Write(events, func() error { return s.Store.UpdateTask(ctx, t, events) })
}

func (s *eventsApart) Events(ctx context.Context, subject uuid.UUID) ([]portal.Event, error) {
	return s.two.Visible(s.Store.Events(ctx, subject))
}

// postsApartFromColumns stores the posts of CreatePosts first and moves
// their columns and site after, in a second step that may fail.
type postsApartFromColumns struct{ *portalmem.Store }

func (s postsApartFromColumns) CreatePosts(ctx context.Context, ps []portal.Post, cs []portal.Column, site *portal.Site, events []portal.Event) error {
	if err := s.Store.CreatePosts(ctx, ps, nil, nil, nil); err != nil {
		return err
	}
	return s.Store.UpdateColumns(ctx, cs, site, events)
}

// columnsOneByOne writes the columns of UpdateColumns one at a time, each
// with its own events, so that a stale last column leaves the others
// written.
type columnsOneByOne struct{ *portalmem.Store }

func (s columnsOneByOne) UpdateColumns(ctx context.Context, cs []portal.Column, site *portal.Site, events []portal.Event) error {
	for _, c := range cs {
		var mine []portal.Event
		for _, e := range events {
			if e.Subject == c.ID {
				mine = append(mine, e)
			}
		}
		if err := s.Store.UpdateColumns(ctx, []portal.Column{c}, nil, mine); err != nil {
			return err
		}
	}
	if site != nil {
		return s.Store.UpdateSite(ctx, site, nil)
	}
	return nil
}

// inspectionApartFromAccount stores an inspection, and then, in a second
// step, its account's last post.
type inspectionApartFromAccount struct{ *portalmem.Store }

func (s inspectionApartFromAccount) CreateMediaInspection(ctx context.Context, in *portal.MediaInspection, a *portal.Account, events []portal.Event) error {
	var mine, others []portal.Event
	for _, e := range events {
		if e.Subject == in.ID {
			mine = append(mine, e)
		} else {
			others = append(others, e)
		}
	}
	if err := s.Store.CreateMediaInspection(ctx, in, nil, mine); err != nil {
		return err
	}
	if a == nil {
		return nil
	}
	return s.Store.UpdateAccount(ctx, a, others)
}

// postURLsFolded compares post URLs as a case-insensitive collation with
// trailing spaces padded does: "HTTPS://…" and "… " are one URL.
type postURLsFolded struct{ *portalmem.Store }

func (s postURLsFolded) CreatePosts(ctx context.Context, ps []portal.Post, cs []portal.Column, site *portal.Site, events []portal.Event) error {
	fold := func(u string) string { return strings.ToLower(strings.TrimRight(u, " ")) }
	seen := map[string]bool{}
	for _, p := range ps {
		stored, err := s.Store.Posts(ctx, portal.PostFilter{SiteID: p.SiteID}, uuid.Nil, 0)
		if err != nil {
			return err
		}
		for _, o := range stored {
			seen[o.SiteID.String()+fold(o.URL)] = true
		}
	}
	for _, p := range ps {
		k := p.SiteID.String() + fold(p.URL)
		if seen[k] {
			return govops.Errorf(govops.ECONFLICT, "post %s is recorded already", p.URL)
		}
		seen[k] = true
	}
	return s.Store.CreatePosts(ctx, ps, cs, site, events)
}

// tasksAfterIncluded lists the task whose ID is after too, as a store
// does that writes id >= after.
type tasksAfterIncluded struct{ *portalmem.Store }

func (s tasksAfterIncluded) Tasks(ctx context.Context, f portal.TaskFilter, after uuid.UUID, limit int) ([]portal.Task, error) {
	all, err := s.Store.Tasks(ctx, f, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(t portal.Task) bool { return after != uuid.Nil && bytes.Compare(t.ID[:], after[:]) < 0 })
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// postGroupsOldest gives each group its oldest publish time, as MIN for
// MAX would.
type postGroupsOldest struct{ *portalmem.Store }

func (s postGroupsOldest) PostGroups(ctx context.Context, f portal.PostFilter) ([]portal.PostGroup, error) {
	gs, err := s.Store.PostGroups(ctx, f)
	if err != nil {
		return nil, err
	}
	ps, err := s.Store.Posts(ctx, f, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	for i := range gs {
		for _, p := range ps {
			if p.ColumnID == gs[i].ColumnID && p.Department == gs[i].Department && p.Source == gs[i].Source &&
				p.Published.Before(gs[i].Newest) {
				gs[i].Newest = p.Published
			}
		}
	}
	return gs, nil
}

// probeTallyOfFailedOnly honours the filter's Failed, so that its Total
// counts the failed probes only.
type probeTallyOfFailedOnly struct{ *portalmem.Store }

func (s probeTallyOfFailedOnly) ProbeTally(ctx context.Context, f portal.ProbeFilter) (portal.ProbeTally, error) {
	ps, err := s.Store.Probes(ctx, f, uuid.Nil, 0)
	if err != nil {
		return portal.ProbeTally{}, err
	}
	var t portal.ProbeTally
	for _, p := range ps {
		t.Total++
		if !p.OK {
			t.Failed++
		}
	}
	return t, nil
}

// unfixedInFixedWindow counts a task never fixed (zero Fixed) as fixed
// before every bound, as Go's time comparison would.
type unfixedInFixedWindow struct{ *portalmem.Store }

func (s unfixedInFixedWindow) TaskGroups(ctx context.Context, f portal.TaskGroupFilter) ([]portal.TaskGroup, error) {
	ts, err := s.Store.Tasks(ctx, portal.TaskFilter{SiteID: f.SiteID, Department: f.Department}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	within := func(v, from, to time.Time) bool {
		return (from.IsZero() || !v.Before(from)) && (to.IsZero() || v.Before(to))
	}
	type key struct {
		kind   portal.FindingKind
		status portal.TaskStatus
	}
	counts := map[key]int{}
	for _, t := range ts {
		if within(t.Opened, f.OpenedFrom, f.OpenedTo) && within(t.Fixed, f.FixedFrom, f.FixedTo) {
			counts[key{t.Kind, t.Status}]++
		}
	}
	var out []portal.TaskGroup
	for k, n := range counts {
		out = append(out, portal.TaskGroup{Kind: k.kind, Status: k.status, Count: n})
	}
	return out, nil
}

// summaryMissesTransitions answers TaskGroups from counts kept as tasks
// are created and never moved by UpdateTask, as a store does whose summary
// only its inserts change: right until a task changes.
type summaryMissesTransitions struct {
	*portalmem.Store
	mu     sync.Mutex
	opened map[uuid.UUID]portal.Task // each task as it was created
}

func (s *summaryMissesTransitions) CreateTasks(ctx context.Context, ts []portal.Task, events []portal.Event) error {
	if err := s.Store.CreateTasks(ctx, ts, events); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range ts {
		s.opened[t.ID] = t
	}
	return nil
}

func (s *summaryMissesTransitions) TaskGroups(ctx context.Context, f portal.TaskGroupFilter) ([]portal.TaskGroup, error) {
	if _, err := s.Store.TaskGroups(ctx, f); err != nil { // a cancelled ctx fails as it must
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	within := func(v, from, to time.Time) bool {
		return (from.IsZero() || !v.Before(from)) && (to.IsZero() || v.Before(to))
	}
	type key struct {
		kind   portal.FindingKind
		status portal.TaskStatus
	}
	counts := map[key]int{}
	fixedSet := !f.FixedFrom.IsZero() || !f.FixedTo.IsZero()
	for _, t := range s.opened {
		if (f.SiteID == uuid.Nil || t.SiteID == f.SiteID) && (f.Department == "" || t.Department == f.Department) &&
			within(t.Opened, f.OpenedFrom, f.OpenedTo) && (!fixedSet || (!t.Fixed.IsZero() && within(t.Fixed, f.FixedFrom, f.FixedTo))) {
			counts[key{t.Kind, t.Status}]++
		}
	}
	var out []portal.TaskGroup
	for k, n := range counts {
		out = append(out, portal.TaskGroup{Kind: k.kind, Status: k.status, Count: n})
	}
	return out, nil
}

// latestAtBefore takes the week of before itself as before it, as a store
// does that writes week <= before.
type latestAtBefore struct{ *portalmem.Store }

func (s latestAtBefore) LatestInspections(ctx context.Context, before time.Time) ([]portal.MediaInspection, error) {
	if !before.IsZero() {
		before = before.Add(time.Microsecond)
	}
	return s.Store.LatestInspections(ctx, before)
}

// keepsCrawlFindings keeps the findings' counts of the crawl it was given,
// rather than a copy, and hands them out again.
type keepsCrawlFindings struct {
	*portalmem.Store
	mu   sync.Mutex
	kept map[uuid.UUID]portal.Crawl
}

func (s *keepsCrawlFindings) keep(c portal.Crawl) {
	s.mu.Lock()
	s.kept[c.ID] = c
	s.mu.Unlock()
}

func (s *keepsCrawlFindings) CreateCrawl(ctx context.Context, c *portal.Crawl, events []portal.Event) error {
	err := s.Store.CreateCrawl(ctx, c, events)
	if err == nil {
		kept := *c
		kept.Version = 1
		s.keep(kept)
	}
	return err
}

func (s *keepsCrawlFindings) UpdateCrawl(ctx context.Context, c *portal.Crawl, events []portal.Event) error {
	err := s.Store.UpdateCrawl(ctx, c, events)
	if err == nil {
		s.keep(*c)
	}
	return err
}

func (s *keepsCrawlFindings) Crawl(ctx context.Context, id uuid.UUID) (*portal.Crawl, error) {
	c, err := s.Store.Crawl(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.kept[id]; ok && k.Version == c.Version {
		c.Findings = k.Findings
	}
	return c, nil
}

// updateTaskIgnoresCancellation updates a task whatever its caller's
// context says.
type updateTaskIgnoresCancellation struct{ *portalmem.Store }

func (s updateTaskIgnoresCancellation) UpdateTask(ctx context.Context, t *portal.Task, events []portal.Event) error {
	return s.Store.UpdateTask(context.WithoutCancel(ctx), t, events)
}

// progressMovesVersion saves a crawl's progress as a versioned write of
// the whole record read just before, as the Service once did: the Version
// moves without an event, and a cancel request written between the read
// and the write would be lost to a retry.
type progressMovesVersion struct{ *portalmem.Store }

func (s progressMovesVersion) SaveCrawlProgress(ctx context.Context, id uuid.UUID, p portal.CrawlProgress, at time.Time) (*portal.Crawl, error) {
	cur, err := s.Store.Crawl(ctx, id)
	if err != nil || cur.Status != portal.CrawlRunning {
		return cur, err
	}
	next := *cur
	next.Pages, next.Links, next.Bytes, next.Queued, next.UpdatedAt = p.Pages, p.Links, p.Bytes, p.Queued, at
	next.Version++
	if err := s.Store.UpdateCrawl(ctx, &next, nil); err != nil {
		return nil, err
	}
	return s.Store.Crawl(ctx, id)
}
