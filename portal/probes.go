package portal

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/crawl"
)

// crawlConfig returns the crawler's configuration under the Service's
// settings (user agent, address guard) and o, whose zero fields take the
// Service's crawl defaults (WithCrawlDefaults), then the crawler's.
func (s *Service) crawlConfig(o CrawlOptions) crawl.Config {
	o = mergeOptions(o, s.crawlDefault)
	return crawl.Config{MaxPages: o.MaxPages, MaxPageBytes: o.MaxPageBytes, Timeout: o.Timeout, MaxRedirects: o.MaxRedirects,
		Concurrency: o.Concurrency, HostRate: o.HostRate, UserAgent: s.userAgent, Robots: o.Robots, SkipExternal: o.SkipExternal,
		AllowPrivate: s.allowPrivate}
}

// mergeOptions returns o with its zero fields taken from d. The switches
// (Robots, SkipExternal, SkipContent, RaiseTasks) are on when either sets
// them.
func mergeOptions(o, d CrawlOptions) CrawlOptions {
	if o.MaxPages == 0 {
		o.MaxPages = d.MaxPages
	}
	if o.MaxPageBytes == 0 {
		o.MaxPageBytes = d.MaxPageBytes
	}
	if o.Timeout == 0 {
		o.Timeout = d.Timeout
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = d.MaxRedirects
	}
	if o.Concurrency == 0 {
		o.Concurrency = d.Concurrency
	}
	if o.HostRate == 0 {
		o.HostRate = d.HostRate
	}
	o.Robots = o.Robots || d.Robots
	o.SkipExternal = o.SkipExternal || d.SkipExternal
	o.SkipContent = o.SkipContent || d.SkipContent
	o.RaiseTasks = o.RaiseTasks || d.RaiseTasks
	return o
}

// ProbeSite probes the home page of the site (code or ID) once with
// crawl.Probe, under the Service's timeout, user agent and address guard,
// and records the probe. A closed site is ECONFLICT. Center only.
func (s *Service) ProbeSite(ctx context.Context, by govops.Actor, site string) (*Probe, error) {
	if err := by.CenterOnly("probe sites"); err != nil {
		return nil, err
	}
	sv, err := s.site(ctx, "site", site)
	if err != nil {
		return nil, err
	}
	if sv.Status != SiteActive {
		return nil, govops.Errorf(govops.ECONFLICT, "site %s is %s (%s): only an active site is probed", sv.Code, sv.Status, sv.Status.Label()).WithField("status", string(sv.Status))
	}
	pr, err := s.probe(ctx, sv)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateProbes(ctx, []Probe{pr}); err != nil {
		return nil, err
	}
	return &pr, nil
}

// probe probes the home page of site once.
func (s *Service) probe(ctx context.Context, site *Site) (Probe, error) {
	id, err := govops.NewID()
	if err != nil {
		return Probe{}, err
	}
	at := s.clock()
	r := crawl.Probe(ctx, s.crawlConfig(CrawlOptions{}), site.Home)
	pr := Probe{ID: id, SiteID: site.ID, URL: site.Home, At: at, Status: r.Status, Latency: r.Latency.Truncate(time.Microsecond), OK: r.OK}
	if !r.OK {
		pr.Error = string(r.Failure)
		if r.Failure == crawl.FailStatus {
			pr.Error = fmt.Sprintf("status %d", r.Status)
		}
		if pr.Error == "" {
			pr.Error = "failed"
		}
	}
	return pr, nil
}

// ProbeSites probes every active site once, concurrently as the
// crawler's Concurrency default allows, and records the probes in one
// Store call, in the sites' order. Center only.
func (s *Service) ProbeSites(ctx context.Context, by govops.Actor) ([]Probe, error) {
	if err := by.CenterOnly("probe sites"); err != nil {
		return nil, err
	}
	sites, err := s.store.Sites(ctx, SiteFilter{Status: SiteActive}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Probe, len(sites))
	errs := make([]error, len(sites))
	limit := make(chan struct{}, max(1, mergeOptions(s.crawlDefault, CrawlOptions{Concurrency: crawl.DefaultConcurrency}).Concurrency))
	done := make(chan struct{})
	for i := range sites {
		go func() {
			limit <- struct{}{}
			defer func() { <-limit; done <- struct{}{} }()
			out[i], errs[i] = s.probe(ctx, &sites[i])
		}()
	}
	for range sites {
		<-done
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	if err := s.store.CreateProbes(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// RunProbes probes every active site at once and then every interval until ctx is done, and returns ctx's error then. A round
// that fails (a Store failure) is retried at the next tick: the schedule
// keeps going. Probe times come from the Service's clock. Center only.
func (s *Service) RunProbes(ctx context.Context, by govops.Actor, every time.Duration) error {
	if err := by.CenterOnly("probe sites"); err != nil {
		return err
	}
	if every <= 0 {
		return govops.FieldError("every", "must be a positive interval")
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.ProbeSites(ctx, by); err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Probes lists probes by ID: those of a site, made in [From, To), failed.
// Probes are public.
func (s *Service) Probes(ctx context.Context, by govops.Actor, in ProbeListInput) (govops.Page[Probe], error) {
	var none govops.Page[Probe]
	if err := by.Validate(); err != nil {
		return none, err
	}
	var p govops.Problems
	govops.CheckPeriod(&p, "from", in.From, "to", in.To)
	after, limit, err := listStart(&p, in.After, in.Limit)
	if err != nil {
		return none, err
	}
	site, err := s.siteID(ctx, "site", in.Site)
	if err != nil {
		return none, err
	}
	vs, err := s.store.Probes(ctx, ProbeFilter{SiteID: site, From: in.From, To: in.To, Failed: in.Failed}, after, limit+1)
	if err != nil {
		return none, err
	}
	return page(vs, limit, func(v Probe) uuid.UUID { return v.ID }), nil
}

// Availability returns the failed probes of the site (code or ID) over
// all its probes made in [from, to), as a rate: not applicable when there
// were none. Both ends are required. It is public.
func (s *Service) Availability(ctx context.Context, by govops.Actor, site string, from, to time.Time) (*Availability, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	var p govops.Problems
	govops.CheckTime(&p, "from", from, true)
	govops.CheckTime(&p, "to", to, true)
	govops.CheckPeriod(&p, "from", from, "to", to)
	if err := p.Err(); err != nil {
		return nil, err
	}
	sv, err := s.site(ctx, "site", site)
	if err != nil {
		return nil, err
	}
	return s.availability(ctx, sv, govops.StoredTime(from), govops.StoredTime(to))
}

func (s *Service) availability(ctx context.Context, site *Site, from, to time.Time) (*Availability, error) {
	t, err := s.store.ProbeTally(ctx, ProbeFilter{SiteID: site.ID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	return &Availability{SiteID: site.ID, Site: site.Code, From: from, To: to, Failures: govops.NewRate(int64(t.Failed), int64(t.Total))}, nil
}
