package portal_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
	"github.com/govops-kit/govops/portal/wordcheck"
)

// clock is a settable time source safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var sh = govops.ShanghaiLocation()

// at returns a time in Shanghai.
func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, sh) }

// testNow is the tests' now: Wednesday 2022-06-15 10:00 in Shanghai.
func testNow() time.Time { return at(2022, 6, 15, 10, 0) }

// testDict is the tests' dictionary: one typo, one sensitive word and an
// exception that holds it.
func testDict() wordcheck.Dictionary {
	return wordcheck.Dictionary{Entries: []wordcheck.Entry{
		{Word: "截止目前", Kind: wordcheck.Typo, Suggestion: "截至目前"},
		{Word: "意识形态斗争", Kind: wordcheck.Sensitive},
		{Word: "意识", Kind: wordcheck.Sensitive},
	}, Exceptions: []string{"四个意识"}}
}

type fixture struct {
	svc   *portal.Service
	st    portal.Store
	clock *clock
	ctx   context.Context
}

func newFix(tb testing.TB, opts ...portal.Option) *fixture {
	tb.Helper()
	c := &clock{t: testNow()}
	st := portalmem.New()
	opts = append([]portal.Option{portal.WithNow(c.Now), portal.WithDictionary(testDict()), portal.WithPrivateTargets(true),
		portal.WithCrawlDefaults(portal.CrawlOptions{HostRate: -1, Timeout: 5 * time.Second, SkipExternal: true})}, opts...)
	f := &fixture{svc: portal.NewService(st, opts...), st: st, clock: c, ctx: context.Background()}
	tb.Cleanup(func() { _ = f.svc.Shutdown(context.Background()) })
	return f
}

// The actors: center staff, two departments, read-only readers.
func center() govops.Actor    { return govops.Actor{Name: "中心-王芳"} }
func dept() govops.Actor      { return govops.Actor{Name: "李强", Department: "QZFJ"} }
func otherDept() govops.Actor { return govops.Actor{Name: "赵敏", Department: "WJJ"} }
func viewer() govops.Actor    { return govops.Actor{Name: "审计", ReadOnly: true} }
func deptViewer() govops.Actor {
	return govops.Actor{Name: "审计二", Department: "QZFJ", ReadOnly: true}
}

// wantErr fails unless err has code and names every field.
func wantErr(tb testing.TB, err error, code string, fields ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want %s naming %v", code, fields)
	}
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("got %s (%v), want %s", got, err, code)
	}
	fs := govops.ErrorFields(err)
	for _, f := range fields {
		if _, ok := fs[f]; !ok {
			tb.Fatalf("error %v names %v, not %s", err, fs, f)
		}
	}
}

// must returns v, or fails the test with err: must(f())(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// site registers a site of code with home on host.
func (f *fixture) site(tb testing.TB, code, home string, domains ...string) *portal.Site {
	tb.Helper()
	return must(f.svc.CreateSite(f.ctx, center(), portal.SiteInput{Code: code, Name: code + "门户", Home: home, Domains: domains}))(tb)
}

// column adds a column of the site.
func (f *fixture) column(tb testing.TB, site *portal.Site, code, url, dept string, r portal.Requirement, home bool) *portal.Column {
	tb.Helper()
	return must(f.svc.AddColumn(f.ctx, center(), portal.ColumnInput{Site: site.Code, Code: code, Name: "栏目" + code, URL: url,
		Department: dept, Requirement: r, Home: home}))(tb)
}

// updated records a column's last update at t.
func (f *fixture) updated(tb testing.TB, c *portal.Column, t time.Time) *portal.Column {
	tb.Helper()
	return must(f.svc.RecordUpdate(f.ctx, center(), c.ID.String(), portal.ColumnUpdate{At: t}))(tb)
}

// webSite is a local site whose pages a test changes between a crawl and
// a re-check.
type webSite struct {
	mu    sync.Mutex
	pages map[string]string // path → HTML
	hold  map[string]chan struct{}
	hit   chan string
	srv   *httptest.Server
}

func newWebSite(tb testing.TB) *webSite {
	tb.Helper()
	w := &webSite{pages: map[string]string{}, hold: map[string]chan struct{}{}, hit: make(chan string, 100)}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	tb.Cleanup(w.srv.Close)
	return w
}

func (w *webSite) serve(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	body, ok := w.pages[r.URL.Path]
	hold := w.hold[r.URL.Path]
	w.mu.Unlock()
	if hold != nil {
		select {
		case w.hit <- r.URL.Path:
		default:
		}
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	if !ok {
		http.NotFound(rw, r)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(rw, body)
}

// set sets the page at path.
func (w *webSite) set(path, html string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pages[path] = html
}

// holdPage makes requests of path wait until release is closed or the
// request is cancelled.
func (w *webSite) holdPage(path string, release chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hold[path] = release
}

// url returns the absolute URL of path.
func (w *webSite) url(path string) string { return w.srv.URL + path }

// page returns an HTML page with body.
func page(title, body string) string {
	return "<!doctype html><html><head><title>" + title + "</title></head><body>" + body + "</body></html>"
}

// link returns an anchor.
func link(href, text string) string { return `<a href="` + href + `">` + text + `</a>` }

// fakeDispatcher numbers the tasks it is given, failing while fail is set.
type fakeDispatcher struct {
	mu    sync.Mutex
	n     int
	fail  bool
	tasks []portal.Task
}

func (d *fakeDispatcher) Dispatch(_ context.Context, t portal.Task) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail {
		return "", fmt.Errorf("command platform unreachable")
	}
	d.n++
	d.tasks = append(d.tasks, t)
	return fmt.Sprintf("2022-%06d", d.n), nil
}

func (d *fakeDispatcher) setFail(v bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fail = v
}

// hasReason reports whether fs holds a finding of kind whose reason
// contains want.
func hasReason(fs []portal.Finding, kind portal.FindingKind, want string) *portal.Finding {
	for i := range fs {
		if fs[i].Kind == kind && strings.Contains(fs[i].Reason, want) {
			return &fs[i]
		}
	}
	return nil
}
