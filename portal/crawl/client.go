package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// errTooManyRedirects is what CheckRedirect returns past MaxRedirects.
var errTooManyRedirects = errors.New("too many redirects")

// client is one crawl's HTTP client: the transport (guarded unless
// AllowPrivate), one rate limiter per host, the user agent, and a
// CheckRedirect that counts and records the hops of each request.
type client struct {
	cfg  Config
	http *http.Client
	own  *http.Transport // the transport made here, closed by close
	// known, when set, reports whether a URL is a target the crawl
	// requests anyway: a redirect to one stops with the 3xx answer.
	known func(key string) bool
	// slots, when set, bounds the requests in flight: a request holds a
	// slot from its first byte sent to its body read, not while its page
	// is parsed.
	slots chan struct{}

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

// redirectLog collects one request's redirects; CheckRedirect finds it in
// the request's context.
type redirectLog struct {
	hops    []Redirect
	started bool
}

type redirectLogKey struct{}

func newClient(cfg Config) *client {
	c := &client{cfg: cfg, limiters: map[string]*rate.Limiter{}}
	base := cfg.Transport
	if base == nil {
		dialer := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
		if !cfg.AllowPrivate {
			dialer.Control = guardControl
		}
		// No proxy: a proxy would be the address dialled, and the guard
		// would then check the proxy instead of the site.
		c.own = &http.Transport{
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          4 * cfg.Concurrency,
			MaxIdleConnsPerHost:   cfg.Concurrency,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   cfg.Timeout,
			ExpectContinueTimeout: time.Second,
		}
		base = c.own
	}
	c.http = &http.Client{
		Transport: limitedTransport{c: c, base: base},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return errTooManyRedirects
			}
			if log, ok := req.Context().Value(redirectLogKey{}).(*redirectLog); ok && req.Response != nil {
				log.hops = append(log.hops, Redirect{
					From:   via[len(via)-1].URL.String(),
					To:     req.URL.String(),
					Status: req.Response.StatusCode,
				})
			}
			if c.known != nil {
				to := *req.URL
				to.Fragment, to.RawFragment = "", ""
				normalize(&to)
				from := *via[0].URL
				from.Fragment, from.RawFragment = "", ""
				normalize(&from)
				if key := to.String(); key != from.String() && c.known(key) {
					// A target of its own: stop here rather than
					// request it a second time.
					return http.ErrUseLastResponse
				}
			}
			return nil
		},
	}
	return c
}

func (c *client) close() {
	if c.own != nil {
		c.own.CloseIdleConnections()
	}
}

// limiter returns host's rate limiter, nil when the rate is unbounded. The
// burst is one, so that no second in any window sees more than HostRate
// requests.
func (c *client) limiter(host string) *rate.Limiter {
	if c.cfg.HostRate < 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.limiters[host]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(c.cfg.HostRate), 1)
		c.limiters[host] = l
	}
	return l
}

// wait waits for host's turn under its rate limit. A wait that would
// outlast ctx's deadline fails at once as a timeout.
func (c *client) wait(ctx context.Context, host string) error {
	l := c.limiter(host)
	if l == nil {
		return nil
	}
	if err := l.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: waiting for the host's rate limit", context.DeadlineExceeded)
	}
	return nil
}

// limitedTransport waits for the host's limiter before every request,
// redirect hops and robots.txt included, and sets the user agent.
type limitedTransport struct {
	c    *client
	base http.RoundTripper
}

func (t limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	log, _ := req.Context().Value(redirectLogKey{}).(*redirectLog)
	if log != nil && !log.started {
		// get waited for the first request before its timeout began.
		log.started = true
	} else if err := t.c.wait(req.Context(), req.URL.Host); err != nil {
		return nil, err
	}
	return t.base.RoundTrip(req)
}

// response is one GET's outcome: the response (body open) or the failure.
type response struct {
	resp   *http.Response
	hops   []Redirect
	fail   Failure
	status int
	detail string
	cancel context.CancelFunc
	slots  chan struct{} // the slot held, released by close
	closed bool
}

// close drains a little of the body, so that the connection can be
// reused for a short answer, closes it and frees the request's slot. It
// may be called more than once.
func (r *response) close() {
	if r.closed {
		return
	}
	r.closed = true
	if r.resp != nil {
		_, _ = io.CopyN(io.Discard, r.resp.Body, 16<<10)
		_ = r.resp.Body.Close()
	}
	if r.cancel != nil {
		r.cancel()
	}
	if r.slots != nil {
		<-r.slots
	}
}

// readBody reads at most max bytes of the body into buf, notes whether
// there was more, and closes the response: the request is over, and its
// slot free for the next while the page is parsed.
func (r *response) readBody(buf *bytes.Buffer, max int64) (truncated bool, err error) {
	lr := &limitReader{r: r.resp.Body, n: max}
	_, err = buf.ReadFrom(lr)
	if lr.truncated {
		_ = r.resp.Body.Close() // not drained: the rest is not wanted
	}
	r.close()
	return lr.truncated, err
}

// get fetches target with GET, within Timeout, and sorts its outcome into
// a Failure: a 4xx or 5xx answer is FailStatus, a transport error one of
// the others. GET rather than HEAD for every target, because many servers
// answer HEAD wrongly (405, 404 or a hang) where GET works. The caller
// closes the response. When ctx itself is done, the error is ctx's and
// the failure empty: a stopped crawl reports no link broken.
func (c *client) get(ctx context.Context, target string) (*response, error) {
	r := &response{}
	u, err := url.Parse(target)
	if err != nil {
		r.fail, r.detail = FailInvalid, "not a URL that can be requested: "+err.Error()
		return r, nil
	}
	if err := c.wait(ctx, u.Host); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.fail, r.detail = FailTimeout, "the host's rate limit leaves no turn within the time allowed"
		return r, nil
	}
	if c.slots != nil {
		select {
		case c.slots <- struct{}{}:
			r.slots = c.slots
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	rctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	r.cancel = cancel
	log := &redirectLog{}
	rctx = context.WithValue(rctx, redirectLogKey{}, log)
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, target, nil)
	if err != nil {
		r.fail, r.detail = FailInvalid, "not a URL that can be requested: "+err.Error()
		return r, nil
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := c.http.Do(req)
	r.hops = log.hops
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		if ctx.Err() != nil {
			r.close()
			return nil, ctx.Err()
		}
		r.fail, r.detail = classify(err, c.cfg)
		return r, nil
	}
	r.resp = resp
	r.status = resp.StatusCode
	if resp.StatusCode >= 400 {
		r.fail, r.detail = FailStatus, statusText(resp)
	}
	return r, nil
}

func statusText(resp *http.Response) string {
	if t := http.StatusText(resp.StatusCode); t != "" {
		return strconv.Itoa(resp.StatusCode) + " " + t
	}
	return resp.Status
}

// classify sorts a transport error into a Failure and a short English
// detail.
func classify(err error, cfg Config) (Failure, string) {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, ErrBlocked):
		return FailBlocked, "refused: the address is loopback, private or otherwise not public"
	case errors.Is(err, errTooManyRedirects):
		return FailRedirects, fmt.Sprintf("more than %d redirects", cfg.MaxRedirects)
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return FailDNS, "no such host: " + dnsErr.Name
		}
		return FailDNS, "the name did not resolve: " + dnsErr.Err
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return FailTimeout, "no answer within " + cfg.Timeout.String()
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return FailConnect, err.Error()
}

// normalize puts u in the form the crawler compares URLs in: host in
// lower case without the scheme's default port, an empty path as "/".
func normalize(u *url.URL) {
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		u.Host = u.Host[:len(u.Host)-len(p)-1]
	}
	if u.Path == "" && u.Opaque == "" {
		u.Path = "/"
		u.RawPath = ""
	}
	u.User = nil
}

// splitFragment returns target without its fragment, and the fragment.
func splitFragment(target string) (string, string) {
	key, frag, ok := strings.Cut(target, "#")
	if !ok {
		return target, ""
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	return key, frag
}
