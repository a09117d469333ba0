// Package crawl is the crawler of portal: a real HTTP crawler of one
// site, with a page limit and a byte limit per page, timeouts, redirects
// followed with a limit and recorded, a global concurrency bound, a
// per-host rate limit, its own user agent, optional robots.txt, and prompt
// stops on context cancellation. HTML is parsed with golang.org/x/net/html.
//
// It finds broken links (4xx and 5xx answers, DNS and connect failures,
// timeouts, too many redirects, and fragments missing on the site's own
// pages) and hands every page it fetched, with its text and its links, to
// OnPage, so that portal checks wrong links and words without the crawler
// holding pages in memory. Probe is the availability probe.
//
// By default it refuses to connect to loopback, private, link-local and
// other non-public addresses, wherever a name resolves or a redirect leads
// (AllowPrivate turns that off for tests and intranet sites), so that a
// server that crawls on request cannot be used to scan its own network.
package crawl

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// Defaults of Config.
const (
	DefaultMaxPages     = 10000
	DefaultMaxPageBytes = 5 << 20
	DefaultTimeout      = 15 * time.Second
	DefaultMaxRedirects = 10
	DefaultConcurrency  = 8
	DefaultHostRate     = 20
	DefaultUserAgent    = "govops-portal-check/1.0 (+https://github.com/govops-kit/govops)"
)

// Config is one crawl's settings; zero fields take the defaults.
type Config struct {
	// Start is the start URLs (absolute http or https); their hosts are the
	// site (same-site scope): pages on them are fetched and parsed, links
	// to other hosts are only checked.
	Start []string
	// Hosts are more hosts that belong to the site.
	Hosts []string
	// MaxPages bounds the pages fetched and parsed (DefaultMaxPages).
	MaxPages int
	// MaxPageBytes bounds the bytes read of one page (DefaultMaxPageBytes);
	// the rest is not read, and the page is parsed as far as it was.
	MaxPageBytes int64
	// Timeout bounds each request, redirects included (DefaultTimeout).
	Timeout time.Duration
	// MaxRedirects bounds the redirects followed per request
	// (DefaultMaxRedirects); one more is a broken link.
	MaxRedirects int
	// Concurrency bounds the requests in flight (DefaultConcurrency).
	Concurrency int
	// HostRate bounds the requests per second to one host
	// (DefaultHostRate); a negative rate is unbounded.
	HostRate float64
	// UserAgent is sent with every request (DefaultUserAgent).
	UserAgent string
	// Robots obeys the site's robots.txt for the pages it fetches.
	Robots bool
	// SkipExternal leaves links to other hosts unchecked.
	SkipExternal bool
	// AllowPrivate allows loopback and private addresses.
	AllowPrivate bool
	// Transport replaces the HTTP transport (tests); the address guard
	// applies to the default one only.
	Transport http.RoundTripper
	// OnPage is told of every page of the site fetched; it is called from
	// the crawler's goroutines, concurrently, and must not keep the Page.
	OnPage func(Page)
	// OnProgress is told of the progress at most every ProgressEvery
	// (1 s when zero), and once at the end.
	OnProgress    func(Progress)
	ProgressEvery time.Duration
}

// Page is one page of the site as fetched.
type Page struct {
	// URL is the page's final URL, after redirects; Redirects the hops.
	URL       string
	Redirects []Redirect
	Status    int
	// Title and Text are the page's title and visible text (script and
	// style left out), Text as one string with blocks separated by
	// newlines.
	Title string
	Text  string
	// Links are the page's links (a, area, iframe, img, script, link) as
	// written, resolved against the page, in document order.
	Links []Link
	// IDs are the page's element ids and <a name>s, the targets of
	// fragments.
	IDs []string
	// Truncated is set when the page was longer than MaxPageBytes.
	Truncated bool
}

// Link is one link on a page.
type Link struct {
	// Target is the absolute URL, with its fragment.
	Target string
	// Text is the anchor text (an img's alt), trimmed.
	Text string
	// Tag is the element ("a", "img", …).
	Tag string
}

// Redirect is one redirect followed.
type Redirect struct {
	From   string
	To     string
	Status int
}

// Failure says why a link is broken.
type Failure string

// Failures.
const (
	FailStatus    Failure = "status"    // a 4xx or 5xx answer
	FailDNS       Failure = "dns"       // the name does not resolve
	FailConnect   Failure = "connect"   // refused, reset, unreachable, TLS
	FailTimeout   Failure = "timeout"   // no answer within Timeout
	FailRedirects Failure = "redirects" // more than MaxRedirects
	FailFragment  Failure = "fragment"  // the page has no such id or name
	FailBlocked   Failure = "blocked"   // a private address refused
	FailInvalid   Failure = "invalid"   // not a URL that can be requested
)

// Broken is one broken link: every page that links to a broken target is
// reported, with the link's text.
type Broken struct {
	Page    string
	Target  string
	Text    string
	Failure Failure
	// Status is the HTTP status for FailStatus, 0 otherwise.
	Status int
	// Detail says more, in English ("404 Not Found", "no such host").
	Detail string
}

// Progress is a crawl's progress.
type Progress struct {
	Pages  int
	Links  int
	Bytes  int64
	Queued int
	Broken int
}

// Result is what Run returns.
type Result struct {
	Progress
	Broken []Broken
	// Redirects lists the redirects of the site's own pages.
	Redirects []Redirect
	// Limited is set when MaxPages stopped the crawl before its queue was
	// empty.
	Limited bool
	Elapsed time.Duration
}

// ErrBlocked is wrapped by the error of a request to a refused address.
var ErrBlocked = errors.New("crawl: address not allowed (loopback or private)")

// Run crawls the site from cfg.Start until its queue is empty, MaxPages is
// reached or ctx is done. A cancelled crawl returns what it found so far
// with ctx's error. A bad Config is an EINVALID error naming the field.
//
// Each distinct target (a URL without its fragment) is requested once,
// with GET; every page linking to a broken one is reported. The site's
// HTML pages are parsed and handed to OnPage; its other files (PDF,
// images) and other hosts' pages are only checked.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.validate(true); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	start := make([]*url.URL, len(cfg.Start))
	for i, s := range cfg.Start {
		start[i], _ = parseHTTPURL(s)
	}
	return newEngine(cfg, start).run(ctx, start)
}

// ProbeResult is the outcome of one availability probe.
type ProbeResult struct {
	URL     string
	Status  int
	Latency time.Duration
	OK      bool
	Failure Failure
	Detail  string
}

// Probe fetches url once, with cfg's timeout, redirect limit, user agent
// and address guard, and reports whether a 2xx answer came and how long
// its headers took. A 3xx or 1xx final answer is not OK, with no Failure.
func Probe(ctx context.Context, cfg Config, url string) ProbeResult {
	res := ProbeResult{URL: url}
	if err := cfg.validate(false); err != nil {
		res.Failure, res.Detail = FailInvalid, err.Error()
		return res
	}
	if _, err := parseHTTPURL(url); err != nil {
		res.Failure, res.Detail = FailInvalid, "url: "+govops.ErrorMessage(err)
		return res
	}
	c := newClient(cfg.withDefaults())
	defer c.close()
	began := time.Now()
	r, err := c.get(ctx, url)
	res.Latency = time.Since(began)
	if err != nil {
		res.Failure, res.Detail = FailTimeout, "stopped: "+err.Error()
		return res
	}
	defer r.close()
	res.Status, res.Failure, res.Detail = r.status, r.fail, r.detail
	res.OK = r.fail == "" && r.status >= 200 && r.status < 300
	if r.resp != nil && res.Detail == "" {
		res.Detail = statusText(r.resp)
	}
	return res
}

// Check fetches url once, as Run checks a link, and reports its failure
// ("" when it is not broken), the HTTP status and a detail; for a URL with
// a fragment on an HTML page, the fragment must be one of the page's ids
// or names. The re-check of a broken link uses it.
func Check(ctx context.Context, cfg Config, url string) (Failure, int, string) {
	key, frag := splitFragment(url)
	page, parsed, err := fetch(ctx, cfg, key, frag != "", false)
	if err != nil {
		var fe *FetchError
		if errors.As(err, &fe) {
			return fe.Failure, fe.Status, fe.Detail
		}
		return FailInvalid, 0, govops.ErrorMessage(err)
	}
	// A fragment of a file that is not HTML, or of a page cut short,
	// cannot be judged: it is not called broken.
	if frag == "" || strings.EqualFold(frag, "top") || !parsed || page.Truncated || slices.Contains(page.IDs, frag) {
		return "", page.Status, ""
	}
	return FailFragment, page.Status, "the page has no element with id or name " + quote(frag)
}

// FetchError is the error of a Fetch whose page is broken: a 4xx or 5xx
// answer, or no answer.
type FetchError struct {
	URL     string
	Failure Failure
	Status  int
	Detail  string
}

// Error returns the URL, the failure and its detail.
func (e *FetchError) Error() string {
	return "crawl: " + e.URL + ": " + string(e.Failure) + ": " + e.Detail
}

// Fetch fetches and parses one page as Run does (the re-check of a word
// or a wrong link uses it). A broken page is a *FetchError; a bad URL or
// Config an EINVALID error; a page that is not HTML has no text or links.
func Fetch(ctx context.Context, cfg Config, url string) (*Page, error) {
	page, _, err := fetch(ctx, cfg, url, true, true)
	return page, err
}

// fetch fetches target and, when parse is set and it is HTML, parses it
// (parsed reports that it did).
func fetch(ctx context.Context, cfg Config, target string, parse, wantText bool) (page *Page, parsed bool, err error) {
	if err := cfg.validate(false); err != nil {
		return nil, false, err
	}
	u, err := parseHTTPURL(target)
	if err != nil {
		return nil, false, govops.AsField("url", err)
	}
	cfg = cfg.withDefaults()
	c := newClient(cfg)
	defer c.close()
	key, _ := splitFragment(u.String())
	r, err := c.get(ctx, key)
	if err != nil {
		return nil, false, err
	}
	defer r.close()
	if r.fail != "" {
		return nil, false, &FetchError{URL: key, Failure: r.fail, Status: r.status, Detail: r.detail}
	}
	final := *r.resp.Request.URL
	final.Fragment, final.RawFragment = "", ""
	normalize(&final)
	page = &Page{URL: final.String(), Redirects: r.hops, Status: r.status}
	ct := r.resp.Header.Get("Content-Type")
	if !parse || !isHTML(ct) {
		return page, false, nil
	}
	var buf bytes.Buffer
	truncated, readErr := r.readBody(&buf, cfg.MaxPageBytes)
	if readErr != nil && ctx.Err() != nil {
		return nil, false, ctx.Err()
	}
	// A body cut short by the connection is parsed as far as it came.
	page.Truncated = truncated || readErr != nil
	parseInto(page, &final, decode(buf.Bytes(), ct), wantText)
	return page, true, nil
}
