package portal

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/crawl"
	"github.com/govops-kit/govops/portal/wordcheck"
)

// Limits of a crawl's options.
const (
	MaxCrawlPages       = 1_000_000
	MaxCrawlConcurrency = 256
	MaxCrawlTimeout     = 5 * time.Minute
)

// checkOptions checks a crawl's options: no negative limit, none beyond
// the Max constants (a negative HostRate is the crawler's unbounded rate).
func checkOptions(p *govops.Problems, o CrawlOptions) {
	if o.MaxPages < 0 || o.MaxPages > MaxCrawlPages {
		p.Addf("options.max_pages", "must be between 0 (the default) and %d", MaxCrawlPages)
	}
	if o.MaxPageBytes < 0 {
		p.Add("options.max_page_bytes", "must not be negative (0 is the default)")
	}
	if o.Timeout < 0 || o.Timeout > MaxCrawlTimeout {
		p.Addf("options.timeout", "must be between 0 (the default) and %s", MaxCrawlTimeout)
	}
	if o.MaxRedirects < 0 || o.MaxRedirects > 50 {
		p.Add("options.max_redirects", "must be between 0 (the default) and 50")
	}
	if o.Concurrency < 0 || o.Concurrency > MaxCrawlConcurrency {
		p.Addf("options.concurrency", "must be between 0 (the default) and %d", MaxCrawlConcurrency)
	}
}

// StartCrawl records a crawl of the active site in.Site (code or ID),
// running, and runs it in the background on the Service (see RunCrawl for
// what a run does), detached from ctx: it goes on after the request that
// started it, until it ends, CancelCrawl cancels it or Shutdown stops the
// Service. It returns the crawl as recorded; Crawl reads its progress.
// After Shutdown it is ECONFLICT: the Service is stopping. Center only.
func (s *Service) StartCrawl(ctx context.Context, by govops.Actor, in CrawlInput) (*Crawl, error) {
	c, site, err := s.newCrawl(ctx, by, in)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	if err := s.addJob(c.ID, cancel); err != nil {
		cancel()
		_, _ = s.endCrawl(context.WithoutCancel(ctx), by, c.ID, CrawlCancelled, nil, nil, "")
		return nil, err
	}
	s.wg.Add(1)
	out := *c
	go func() {
		defer s.wg.Done()
		defer s.dropJob(c.ID)
		defer cancel()
		s.runCrawl(runCtx, context.WithoutCancel(ctx), by, c, site)
	}()
	return &out, nil
}

// RunCrawl records a crawl of the active site in.Site (code or ID) and
// runs it to its end, ctx cancelling it as CancelCrawl does. The run
// crawls the site from its home page, its own host being the site (the
// crawler's same-site scope), under in.Options whose zero fields take
// WithCrawlDefaults', then the crawler's; every page is checked for wrong
// links (see linkRules) and, unless SkipContent, for dictionary words
// (one finding per page and word, typos with their correction); every
// broken link the crawler found is a finding with its reason in Chinese.
// A finding's column is the one whose URL is the longest prefix of its
// page, its department the column's, else the site's. While it runs, the
// crawl's progress is written every second (WithProgressEvery), and a
// cancel request recorded by CancelCrawl, from any process sharing the
// Store, stops it. At its end the findings and the final status (done,
// cancelled with what was found until then, or failed with its error)
// are stored in one Store call; a column whose list page was fetched and
// holds neither text nor links is marked empty, one that holds either
// not; and with RaiseTasks the findings become tasks (RaiseTasks). It
// returns the crawl as it ended. Center only.
func (s *Service) RunCrawl(ctx context.Context, by govops.Actor, in CrawlInput) (*Crawl, error) {
	c, site, err := s.newCrawl(ctx, by, in)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := s.addJob(c.ID, cancel); err != nil {
		_, _ = s.endCrawl(context.WithoutCancel(ctx), by, c.ID, CrawlCancelled, nil, nil, "")
		return nil, err
	}
	defer s.dropJob(c.ID)
	return s.runCrawl(runCtx, context.WithoutCancel(ctx), by, c, site)
}

// addJob registers the cancel of a running crawl, unless the Service is
// shutting down (ECONFLICT): the caller then records the crawl cancelled,
// so that no record stays running without a runner.
func (s *Service) addJob(id uuid.UUID, cancel func()) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return govops.Errorf(govops.ECONFLICT, "the portal service is shutting down: no crawl starts")
	}
	s.jobs[id.String()] = cancel
	return nil
}

func (s *Service) dropJob(id uuid.UUID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.jobs, id.String())
}

// newCrawl checks in and records a running crawl of its site.
func (s *Service) newCrawl(ctx context.Context, by govops.Actor, in CrawlInput) (*Crawl, *Site, error) {
	if err := by.CenterOnly("crawl sites"); err != nil {
		return nil, nil, err
	}
	var p govops.Problems
	if in.Site == "" {
		p.Add("site", "required: the site's code or ID")
	}
	checkOptions(&p, in.Options)
	if err := p.Err(); err != nil {
		return nil, nil, err
	}
	site, err := s.site(ctx, "site", in.Site)
	if err != nil {
		return nil, nil, err
	}
	if site.Status != SiteActive {
		return nil, nil, govops.Errorf(govops.ECONFLICT, "site %s is %s (%s): only an active site is crawled", site.Code, site.Status, site.Status.Label()).WithField("site", "is not active")
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, nil, govops.Errorf(govops.ECONFLICT, "the portal service is shutting down: no crawl starts")
	}
	id, err := govops.NewID()
	if err != nil {
		return nil, nil, err
	}
	now := s.clock()
	c := &Crawl{ID: id, SiteID: site.ID, Status: CrawlRunning, Options: mergeOptions(in.Options, s.crawlDefault), Started: now,
		Findings: map[FindingKind]int{}, By: by.Name, Version: 1, UpdatedAt: now}
	ev, err := newEvent(id, 1, EventCrawlStarted, by, now, "", string(CrawlRunning), site.Department, site.Home)
	if err != nil {
		return nil, nil, err
	}
	if err := s.store.CreateCrawl(ctx, c, []Event{ev}); err != nil {
		return nil, nil, err
	}
	return c, site, nil
}

// crawlRun is what one run collects while the crawler calls it.
type crawlRun struct {
	s        *Service
	site     *Site
	columns  []Column // longest URL first
	rules    *linkRules
	content  bool
	mu       sync.Mutex
	found    map[string]Finding // by key
	listPage map[uuid.UUID]bool // column → empty
}

// column returns the column of page: the longest column URL it starts
// with, nil if none.
func (r *crawlRun) column(page string) *Column {
	for i := range r.columns {
		if strings.HasPrefix(page, r.columns[i].URL) {
			return &r.columns[i]
		}
	}
	return nil
}

// add records a finding of page unless its key is known.
func (r *crawlRun) add(f Finding) {
	f.Key = findingKey(f.Kind, f.Page, cmp.Or(f.Word, f.Target))
	if c := r.column(f.Page); c != nil {
		f.ColumnID, f.Department = c.ID, cmp.Or(c.Department, r.site.Department)
	} else {
		f.Department = r.site.Department
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.found[f.Key]; !ok {
		r.found[f.Key] = f
	}
}

// page checks one page of the site.
func (r *crawlRun) page(pg crawl.Page) {
	for _, l := range pg.Links {
		if why := r.rules.wrong(l); why != "" {
			r.add(Finding{Kind: KindWrongLink, Page: pg.URL, Target: l.Target, Text: govops.Truncate(strings.TrimSpace(l.Text), MaxNameLen), Reason: why})
		}
	}
	if r.content {
		for _, f := range r.s.wordFindings(pg.URL, pg.Text) {
			r.add(f)
		}
	}
	for i := range r.columns {
		if c := &r.columns[i]; !c.Retired && sameURL(c.URL, pg.URL) {
			r.mu.Lock()
			r.listPage[c.ID] = strings.TrimSpace(pg.Text) == "" && len(pg.Links) == 0
			r.mu.Unlock()
		}
	}
}

// sameURL reports whether two URLs name the same page, a trailing slash
// aside.
func sameURL(a, b string) bool { return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/") }

// wordFindings returns the findings of the dictionary words in text, one
// per word.
func (s *Service) wordFindings(page, text string) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, m := range s.matcher.Find(text) {
		if seen[m.Word] {
			continue
		}
		seen[m.Word] = true
		f := Finding{Page: page, Word: m.Word, Context: wordcheck.Context(text, m, 20)}
		if m.Kind == wordcheck.Typo {
			f.Kind, f.Suggestion = KindTypo, m.Suggestion
			f.Reason = fmt.Sprintf("错别字「%s」，应为「%s」", m.Word, m.Suggestion)
		} else {
			f.Kind, f.Reason = KindSensitive, fmt.Sprintf("错敏词「%s」", m.Word)
		}
		out = append(out, f)
	}
	return out
}

// runCrawl runs the crawl c of site under ctx; writes go through store,
// which outlives ctx so that a cancelled crawl still records its end.
func (s *Service) runCrawl(ctx, store context.Context, by govops.Actor, c *Crawl, site *Site) (*Crawl, error) {
	out, err := s.crawlSite(ctx, store, by, c, site)
	if err != nil {
		// The end could not be recorded: record the failure, best effort.
		_, _ = s.endCrawl(store, by, c.ID, CrawlFailed, nil, nil, err.Error())
		return nil, err
	}
	return out, nil
}

func (s *Service) crawlSite(ctx, store context.Context, by govops.Actor, c *Crawl, site *Site) (*Crawl, error) {
	cols, err := s.store.Columns(store, ColumnFilter{SiteID: site.ID}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(cols, func(a, b Column) int { return cmp.Compare(len(b.URL), len(a.URL)) })
	sites, err := s.store.Sites(store, SiteFilter{}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	run := &crawlRun{s: s, site: site, columns: cols, rules: newLinkRules(site, sites, s.parked), content: !c.Options.SkipContent,
		found: map[string]Finding{}, listPage: map[uuid.UUID]bool{}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cfg := s.crawlConfig(c.Options)
	cfg.Start, cfg.Hosts = []string{site.Home}, []string{hostOf(site.Home)}
	cfg.OnPage = run.page
	cfg.ProgressEvery = s.progressEvery
	var progMu sync.Mutex
	cfg.OnProgress = func(pr crawl.Progress) {
		progMu.Lock()
		defer progMu.Unlock()
		if s.progress(store, c.ID, pr) {
			cancel()
		}
	}
	res, runErr := crawl.Run(ctx, cfg)
	status, msg := CrawlDone, ""
	switch {
	case ctx.Err() != nil:
		status = CrawlCancelled
	case runErr != nil:
		status, msg = CrawlFailed, runErr.Error()
	}
	if res != nil {
		for _, b := range res.Broken {
			if b.Page == "" {
				b.Page = site.Home // a start URL: no page links to it
			}
			run.add(Finding{Kind: KindBrokenLink, Page: b.Page, Target: b.Target, Text: govops.Truncate(strings.TrimSpace(b.Text), MaxNameLen),
				Status: b.Status, Reason: brokenReason(b)})
		}
	}
	fs := make([]Finding, 0, len(run.found))
	for _, f := range run.found {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, func(a, b Finding) int { return cmp.Compare(a.Key, b.Key) })
	now := s.clock()
	for i := range fs {
		id, err := govops.NewID()
		if err != nil {
			return nil, err
		}
		fs[i].ID, fs[i].CrawlID, fs[i].Seq, fs[i].SiteID, fs[i].FoundAt = id, c.ID, i+1, site.ID, now
	}
	var prog *crawl.Progress
	if res != nil {
		prog = &res.Progress
	}
	ended, err := s.endCrawl(store, by, c.ID, status, prog, fs, msg)
	if err != nil {
		return nil, err
	}
	if status != CrawlFailed {
		if err := s.markEmpty(store, by, run.listPage); err != nil {
			return nil, err
		}
	}
	if ended.Options.RaiseTasks && len(fs) > 0 {
		if _, err := s.raise(store, by, ended, nil, time.Time{}); err != nil {
			return nil, err
		}
	}
	return ended, nil
}

// progress writes the crawl's progress and reports whether a cancel was
// requested. A write that loses to a concurrent one is skipped: the next
// one carries it.
func (s *Service) progress(ctx context.Context, id uuid.UUID, pr crawl.Progress) bool {
	cur, err := s.store.Crawl(ctx, id)
	if err != nil {
		return false
	}
	if cur.CancelRequested {
		return true
	}
	next := *cur
	next.Pages, next.Links, next.Bytes, next.Queued = pr.Pages, pr.Links, pr.Bytes, pr.Queued
	next.Version, next.UpdatedAt = cur.Version+1, s.clock()
	// Progress is no change of state: it leaves no event.
	_ = s.store.UpdateCrawl(ctx, &next, nil)
	return false
}

// endCrawl records the end of the crawl id with its findings.
func (s *Service) endCrawl(ctx context.Context, by govops.Actor, id uuid.UUID, status CrawlStatus, pr *crawl.Progress, fs []Finding, msg string) (*Crawl, error) {
	var out *Crawl
	err := govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		cur, err := s.store.Crawl(ctx, id)
		if err != nil {
			return nil, err
		}
		if cur.Status != CrawlRunning {
			return nil, govops.Errorf(govops.ECONFLICT, "crawl %s is %s already", id, cur.Status)
		}
		next := *cur
		now := s.clock()
		next.Status, next.Ended, next.Error = status, now, govops.Truncate(msg, MaxNoteLen)
		if pr != nil {
			next.Pages, next.Links, next.Bytes, next.Queued = pr.Pages, pr.Links, pr.Bytes, pr.Queued
		}
		next.Findings = map[FindingKind]int{}
		for _, f := range fs {
			next.Findings[f.Kind]++
		}
		next.Version, next.UpdatedAt = cur.Version+1, now
		note := fmt.Sprintf("页面 %d，链接 %d，问题 %d", next.Pages, next.Links, len(fs))
		if msg != "" {
			note += "：" + next.Error
		}
		ev, err := newEvent(id, next.Version, EventCrawlEnded, by, now, string(CrawlRunning), string(status), "", note)
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.EndCrawl(ctx, &next, fs, []Event{ev}) }), nil
	})
	return out, err
}

// markEmpty records the columns whose list page the crawl found empty,
// or not, where that changes their Empty flag.
func (s *Service) markEmpty(ctx context.Context, by govops.Actor, empty map[uuid.UUID]bool) error {
	for id, e := range empty {
		err := govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
			cur, err := s.store.Column(ctx, id)
			if err != nil || cur.Empty == e {
				return nil, err
			}
			next := *cur
			next.Empty, next.Version, next.ChangedAt = e, cur.Version+1, s.clock()
			note := "巡检：栏目有内容"
			if e {
				note = "巡检：空白栏目"
			}
			ev, err := newEvent(id, next.Version, EventColumnRefreshed, by, next.ChangedAt, "", "", next.Department, note)
			if err != nil {
				return nil, err
			}
			return func() error { return s.store.UpdateColumns(ctx, []Column{next}, nil, []Event{ev}) }, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// CancelCrawl asks the running crawl ref (its ID) to stop: it records the
// request, which the run reads at its next progress write on whatever
// process runs it, and cancels it at once when this Service runs it. The
// crawl then ends cancelled, keeping what it found. A crawl asked already
// is returned as it is; one that has ended is ECONFLICT. Center only.
func (s *Service) CancelCrawl(ctx context.Context, by govops.Actor, ref string) (*Crawl, error) {
	if err := by.CenterOnly("cancel crawls"); err != nil {
		return nil, err
	}
	id, err := govops.ParseID("ref", ref, "crawl")
	if err != nil {
		return nil, err
	}
	var out *Crawl
	err = govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		cur, err := s.store.Crawl(ctx, id)
		if err != nil {
			return nil, err
		}
		if cur.Status != CrawlRunning {
			return nil, govops.Errorf(govops.ECONFLICT, "crawl %s is %s (%s): only a running crawl is cancelled", id, cur.Status, cur.Status.Label()).
				WithField("status", string(cur.Status))
		}
		if cur.CancelRequested {
			out = cur
			return nil, nil
		}
		next := *cur
		next.CancelRequested, next.Version, next.UpdatedAt = true, cur.Version+1, s.clock()
		ev, err := newEvent(id, next.Version, EventCrawlCancelRequested, by, next.UpdatedAt, string(CrawlRunning), string(CrawlRunning), "", "")
		if err != nil {
			return nil, err
		}
		return govops.WriteThen(&out, &next, func() error { return s.store.UpdateCrawl(ctx, &next, []Event{ev}) }), nil
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	cancel := s.jobs[id.String()]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return out, nil
}

// Crawl returns the crawl ref (its ID) with its progress. Crawls are the
// center's and its read-only readers': EFORBIDDEN to a department.
func (s *Service) Crawl(ctx context.Context, by govops.Actor, ref string) (*Crawl, error) {
	if err := by.ReadDistrict("read crawls"); err != nil {
		return nil, err
	}
	c, err := readOne(ctx, by, ref, "crawl", s.store.Crawl, nil)
	if err != nil {
		return nil, err
	}
	out := govops.MaskFor(by, "", *c)
	return &out, nil
}

// Crawls lists crawls by ID: those of a site, of a status. EFORBIDDEN to
// a department.
func (s *Service) Crawls(ctx context.Context, by govops.Actor, in CrawlListInput) (govops.Page[Crawl], error) {
	var none govops.Page[Crawl]
	if err := by.ReadDistrict("read crawls"); err != nil {
		return none, err
	}
	var p govops.Problems
	enum(&p, "status", in.Status, false, CrawlStatus.Valid, []CrawlStatus{CrawlRunning, CrawlDone, CrawlCancelled, CrawlFailed}, CrawlStatus.Label, "crawl status")
	after, limit, err := listStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	site, err := s.siteID(ctx, "site", in.Site)
	if err != nil {
		return none, err
	}
	vs, err := s.store.Crawls(ctx, CrawlFilter{SiteID: site, Status: in.Status}, after, limit+1)
	if err != nil {
		return none, err
	}
	for i := range vs {
		vs[i] = govops.MaskFor(by, "", vs[i])
	}
	return page(vs, limit, func(v Crawl) uuid.UUID { return v.ID }), nil
}

// Shutdown cancels the crawls running in the background and waits for
// them to record their end (or for ctx, whose error it returns then). No
// crawl starts after it.
func (s *Service) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	for _, cancel := range s.jobs {
		cancel()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
