package portal

import (
	"sync"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/wordcheck"
)

// Service holds every rule of the portal records, and who may do what
// (see govops.Actor):
//
//   - the center writes everything: sites, columns, posts, probes, crawls,
//     tasks, consultations, accounts and their inspections;
//   - a department reads the sites, columns and posts (public content),
//     and only its own findings, tasks, consultations, accounts and
//     inspections (another unit's are ENOTFOUND to it, as if they did not
//     exist); it records posts of its own, marks its own tasks fixed and
//     answers its own consultations; crawls are the center's and its
//     read-only readers' (EFORBIDDEN to a department);
//   - the evaluation of a department covers its own sites and accounts;
//   - a reader who may not see a record's personal data (a consultation's
//     asker, the names of those who fixed, verified or inspected) gets it
//     masked.
//
// Crawls started with StartCrawl run in the background on the Service;
// Shutdown stops them. It is safe for concurrent use when its Store is.
type Service struct {
	store        Store
	now          func() time.Time
	deptCheck    govops.DepartmentCheck
	dispatcher   Dispatcher
	dispatchOnly map[FindingKind]bool // WithDispatchKinds; nil dispatches every kind
	dict         wordcheck.Dictionary
	matcher      *wordcheck.Matcher
	parked       []string
	crawlDefault CrawlOptions
	allowPrivate bool
	userAgent    string
	thresholds   Thresholds

	// progressEvery is how often a running crawl writes its progress and
	// reads its cancel request (a second unless WithProgressEvery).
	progressEvery time.Duration
	// crawlStall is how long a running crawl may go without a progress
	// write before ReapCrawls ends it (WithCrawlStall).
	crawlStall time.Duration

	mu     sync.Mutex
	jobs   map[string]func() // running crawls' cancel, by crawl ID
	closed bool              // Shutdown was called: no crawl starts
	wg     sync.WaitGroup
}

// Option configures a Service.
type Option func(*Service)

// NewService returns a Service over store. It checks page text against the
// sample dictionary (wordcheck.Sample) unless WithDictionary sets the
// district's own, and builds the matcher of it once, here: a dictionary
// that does not build (wordcheck.NewMatcher's error) panics, since it is
// the caller's to check first.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, dict: wordcheck.Sample(), thresholds: DefaultThresholds(),
		progressEvery: time.Second, crawlStall: DefaultCrawlStall, jobs: map[string]func(){}}
	for _, o := range opts {
		o(s)
	}
	s.thresholds = withDefaults(s.thresholds, DefaultThresholds())
	s.crawlStall = max(s.crawlStall, 3*s.progressEvery)
	m, err := wordcheck.NewMatcher(s.dict)
	if err != nil {
		panic("portal: the dictionary does not build: " + err.Error())
	}
	s.matcher = m
	return s
}

// withDefaults returns t with its zero fields taken from d.
func withDefaults(t, d Thresholds) Thresholds {
	if t.ProbeWindow <= 0 {
		t.ProbeWindow = d.ProbeWindow
	}
	for _, f := range []struct{ v, d *int }{{&t.FailurePercent, &d.FailurePercent}, {&t.HomeStaleDays, &d.HomeStaleDays},
		{&t.StaleColumns, &d.StaleColumns}, {&t.LongStaleColumns, &d.LongStaleColumns}, {&t.LongStaleMonths, &d.LongStaleMonths},
		{&t.EmptyColumns, &d.EmptyColumns}, {&t.UnansweredMonths, &d.UnansweredMonths}, {&t.MediaSilentDays, &d.MediaSilentDays}} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	return t
}

// WithProgressEvery sets how often a running crawl writes its progress
// and reads its cancel request (a second unless set; d ≤ 0 keeps it).
// Tests shorten it.
func WithProgressEvery(d time.Duration) Option {
	return func(s *Service) {
		if d > 0 {
			s.progressEvery = d
		}
	}
}

// WithNow sets the clock. Tests pass a fixed time so that they never sleep.
func WithNow(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithDepartmentCheck sets how the Service learns that a unit code exists
// (see govops.DepartmentCheck): the department of a site, a column, a
// post, a task, a consultation and an account. refserver wires the
// directory's. Without it any well-formed code is accepted.
func WithDepartmentCheck(check govops.DepartmentCheck) Option {
	return func(s *Service) { s.deptCheck = check }
}

// WithDispatcher sets where new tasks are dispatched (see Dispatcher).
// Without one, tasks are tracked by portal alone.
func WithDispatcher(d Dispatcher) Option { return func(s *Service) { s.dispatcher = d } }

// WithDispatchKinds limits the tasks the Dispatcher receives as they open
// to those of kinds: a district whose center fixes its site's content
// itself dispatches only update urges and consultations to departments.
// The others stay with the center, undispatched; Dispatch still sends one
// when asked. No kinds (the default) dispatches every kind.
func WithDispatchKinds(kinds ...FindingKind) Option {
	return func(s *Service) {
		if len(kinds) == 0 {
			s.dispatchOnly = nil
			return
		}
		s.dispatchOnly = map[FindingKind]bool{}
		for _, k := range kinds {
			s.dispatchOnly[k] = true
		}
	}
}

// WithDictionary sets the dictionaries and exceptions that page text is
// checked against (see package wordcheck). NewService panics if d does not
// build: load it with wordcheck.ParseDictionary, which reports every bad
// line, and wordcheck.NewMatcher to check it first.
func WithDictionary(d wordcheck.Dictionary) Option { return func(s *Service) { s.dict = d } }

// WithParkedDomains sets the list of expired and parked domains (过期、
// 停放域名): a link to one of them, or to a subdomain of one, is a wrong
// link whatever the allow-list says.
func WithParkedDomains(domains []string) Option {
	return func(s *Service) { s.parked = append([]string(nil), domains...) }
}

// WithCrawlDefaults sets the options a crawl runs under where its own
// leave a field zero (see CrawlOptions; the crawler's defaults beneath).
func WithCrawlDefaults(o CrawlOptions) Option { return func(s *Service) { s.crawlDefault = o } }

// WithPrivateTargets lets crawls and probes reach loopback and private
// addresses. A server that crawls on request leaves it off, so that it
// cannot be used to scan its own network (SSRF); tests and intranet sites
// turn it on.
func WithPrivateTargets(allow bool) Option { return func(s *Service) { s.allowPrivate = allow } }

// WithUserAgent sets the crawler's user agent (crawl.DefaultUserAgent
// unless set).
func WithUserAgent(ua string) Option { return func(s *Service) { s.userAgent = ua } }

// WithThresholds sets the evaluator's thresholds (DefaultThresholds
// unless set); a zero field keeps the default's.
func WithThresholds(t Thresholds) Option { return func(s *Service) { s.thresholds = t } }

// Thresholds returns the evaluator's thresholds.
func (s *Service) Thresholds() Thresholds { return s.thresholds }

// clock returns now as a Store keeps times.
func (s *Service) clock() time.Time { return govops.StoredTime(s.now()) }
