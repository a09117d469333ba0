package crawl_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/crawl"
)

// TestRun_Broken covers every kind of broken link on one local site, each
// found once per page that links to it, and nothing else.
func TestRun_Broken(t *testing.T) {
	dead := closedPort(t)
	s := newTestSite(t, map[string]string{
		"/": `<html><head><title>Home</title></head><body>
			<a href="/missing">Missing</a>
			<a href="/error">Error</a>
			<a href="http://nohost.invalid/">Nowhere</a>
			<a href="http://` + dead + `/">Closed</a>
			<a href="/slow">Slow</a>
			<a href="/loop">Loop</a>
			<a href="/target#nowhere">No such place</a>
			<a href="/target#there">There</a>
			<a href="/target#top">Top</a>
			<a href="#self">Self</a>
			<a href="#absent">Absent</a>
			<a href="/moved">Moved</a>
			<a href="/second">Second</a>
			<p id="self">x</p></body></html>`,
		"/target": `<html><body><h1 id="there">There</h1><a name="anchor"></a><a href="/missing">Missing again</a></body></html>`,
		"/second": `<html><body><a href="/target#anchor">Anchor</a><a href="/target#gone">Gone</a><a href="/missing">Missing</a><a href="/missing">Missing twice on one page</a></body></html>`,
	})
	s.handle("/error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) })
	s.handle("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	s.handle("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	s.handle("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/target", http.StatusMovedPermanently)
	})

	cfg := localConfig(s.URL + "/")
	cfg.Timeout = 300 * time.Millisecond
	cfg.Concurrency = 1 // a fixed order: /target is parsed between /'s and /second's links to it
	res, err := crawl.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	home, target, second := s.URL+"/", s.URL+"/target", s.URL+"/second"
	want := []brokenKey{
		{home, s.URL + "/missing", crawl.FailStatus, 404},
		{home, s.URL + "/error", crawl.FailStatus, 500},
		{home, "http://nohost.invalid/", crawl.FailDNS, 0},
		{home, "http://" + dead + "/", crawl.FailConnect, 0},
		{home, s.URL + "/slow", crawl.FailTimeout, 0},
		{home, s.URL + "/loop", crawl.FailRedirects, 0},
		{home, s.URL + "/target#nowhere", crawl.FailFragment, 0},
		{home, s.URL + "/#absent", crawl.FailFragment, 0},
		{target, s.URL + "/missing", crawl.FailStatus, 404},
		{second, s.URL + "/target#gone", crawl.FailFragment, 0},
		{second, s.URL + "/missing", crawl.FailStatus, 404},
	}
	sortKeys(want)
	if got := brokenKeys(res.Broken); !reflect.DeepEqual(got, want) {
		t.Errorf("broken:\n got %v\nwant %v", got, want)
	}
	for _, b := range res.Broken {
		if b.Detail == "" {
			t.Errorf("%s → %s: no detail", b.Page, b.Target)
		}
		if b.Target == s.URL+"/missing" && b.Page == home && b.Text != "Missing" {
			t.Errorf("text of the link to /missing = %q, want Missing", b.Text)
		}
	}
	if n := s.hitsOf("/missing"); n != 1 {
		t.Errorf("/missing requested %d times, want once", n)
	}
	if n := s.hitsOf("/target"); n != 1 {
		t.Errorf("/target requested %d times, want once (directly and through /moved it is one page)", n)
	}
	wantRedirect := crawl.Redirect{From: s.URL + "/moved", To: s.URL + "/target", Status: 301}
	found := false
	for _, r := range res.Redirects {
		found = found || r == wantRedirect
	}
	if !found {
		t.Errorf("redirects %v lack %v", res.Redirects, wantRedirect)
	}
	if res.Pages != 8 || res.Limited {
		t.Errorf("pages %d (want the 8 site URLs), limited %v", res.Pages, res.Limited)
	}
	if res.Broken[0].Page == "" || res.Progress.Broken != len(res.Broken) {
		t.Errorf("progress %+v for %d broken", res.Progress, len(res.Broken))
	}
}

// TestRun_Pages checks what OnPage is told: title, text, links with their
// text and tag, ids, redirects, and that files other than HTML are
// checked without being parsed.
func TestRun_Pages(t *testing.T) {
	s := newTestSite(t, map[string]string{
		"/": `<!doctype html><html><head><title> 政务 公开 </title><base href="/sub/">
			<link rel="stylesheet" href="/site.css"><link rel="preconnect" href="https://cdn.example.org">
			<script src="app.js"></script><style>p{}</style></head>
			<body><h1>标题</h1><p>第一段  <b>四个</b>意识</p>
			<a href="page.html">下一页</a> <img src="/logo.png" alt="标志">
			<a href="/report.pdf"><img src="/pdf.png" alt="报告"></a>
			<a href="mailto:x@example.org">mail</a><a href="javascript:void(0)">js</a><a href="tel:123">tel</a>
			<noscript>开启脚本</noscript><template><a href="/hidden">h</a></template></body></html>`,
		"/sub/page.html": `<html><body id="top-of-page"><a name="a1">one</a></body></html>`,
	})
	s.handle("/sub/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`document.write('<a href="/never-from-js">')`))
	})
	s.handle("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte(`<a href="/never-from-pdf">`))
	})
	for _, p := range []string{"/site.css", "/logo.png", "/pdf.png"} {
		s.handle(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
		})
	}
	var mu sync.Mutex
	pages := map[string]crawl.Page{}
	cfg := localConfig(s.URL)
	cfg.OnPage = func(p crawl.Page) {
		mu.Lock()
		defer mu.Unlock()
		pages[p.URL] = p
	}
	res, err := crawl.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("OnPage told of %d pages, want the 2 HTML pages: %v", len(pages), pages)
	}
	home := pages[s.URL+"/"]
	if home.Title != "政务 公开" || home.Status != 200 {
		t.Errorf("title %q status %d", home.Title, home.Status)
	}
	if want := "标题\n第一段 四个意识\n下一页 mailjstel"; home.Text != want {
		t.Errorf("text %q, want %q", home.Text, want)
	}
	wantLinks := []crawl.Link{
		{Target: s.URL + "/site.css", Tag: "link"},
		{Target: s.URL + "/sub/app.js", Tag: "script"},
		{Target: s.URL + "/sub/page.html", Text: "下一页", Tag: "a"},
		{Target: s.URL + "/logo.png", Text: "标志", Tag: "img"},
		{Target: s.URL + "/report.pdf", Text: "报告", Tag: "a"},
		{Target: s.URL + "/pdf.png", Text: "报告", Tag: "img"},
	}
	if !reflect.DeepEqual(home.Links, wantLinks) {
		t.Errorf("links\n got %+v\nwant %+v", home.Links, wantLinks)
	}
	if ids := pages[s.URL+"/sub/page.html"].IDs; !reflect.DeepEqual(ids, []string{"top-of-page", "a1"}) {
		t.Errorf("ids %v", ids)
	}
	for _, never := range []string{"/never-from-js", "/never-from-pdf", "/hidden"} {
		if n := s.hitsOf(never); n != 0 {
			t.Errorf("%s requested: a file that is not HTML was parsed", never)
		}
	}
	if n := s.hitsOf("/report.pdf"); n != 1 {
		t.Errorf("/report.pdf requested %d times, want once (checked)", n)
	}
	if len(res.Broken) != 0 || res.Pages != 7 {
		t.Errorf("broken %v, pages %d (want 7 site URLs)", res.Broken, res.Pages)
	}
}

// TestRun_UserAgent checks that every request carries the crawler's own
// user agent, the default one or the configured one.
func TestRun_UserAgent(t *testing.T) {
	for _, ua := range []string{"", "district-check/2.0"} {
		s := newTestSite(t, map[string]string{"/": `<a href="/b">b</a>`, "/b": `<a href="/">home</a>`})
		cfg := localConfig(s.URL)
		cfg.UserAgent = ua
		if _, err := crawl.Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		want := ua
		if want == "" {
			want = crawl.DefaultUserAgent
		}
		if !reflect.DeepEqual(s.agents, map[string]int{want: 2}) {
			t.Errorf("user agents %v, want %q twice", s.agents, want)
		}
	}
}

// fanSite serves n pages, /p/0 … /p/n-1, each linking to the next k.
func fanSite(t testing.TB, n, k int) *testSite {
	s := newTestSite(t, nil)
	s.handle("/p/", func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/p/%d", &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><body><h1>Page %d</h1>", i)
		for j := 1; j <= k; j++ {
			if i+j < n {
				fmt.Fprintf(w, `<a href="/p/%d">page %d</a>`, i+j, i+j)
			}
		}
		fmt.Fprint(w, "</body></html>")
	})
	return s
}

func TestRun_MaxPages(t *testing.T) {
	s := fanSite(t, 100, 3)
	cfg := localConfig(s.URL + "/p/0")
	cfg.MaxPages = 10
	res, err := crawl.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 10 || !res.Limited || s.totalHits() != 10 {
		t.Errorf("pages %d, limited %v, requests %d; want 10, true, 10", res.Pages, res.Limited, s.totalHits())
	}
	cfg.MaxPages = 100
	res, err = crawl.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 100 || res.Limited || len(res.Broken) != 0 {
		t.Errorf("pages %d, limited %v, broken %d; want 100, false, 0", res.Pages, res.Limited, len(res.Broken))
	}
}

func TestRun_MaxPageBytes(t *testing.T) {
	long := `<html><body><a href="/early#here">early</a>` + strings.Repeat("<p>filler</p>", 200) + `<a href="/late">late</a></body></html>`
	s := newTestSite(t, map[string]string{
		"/":      long,
		"/early": `<html><body>` + strings.Repeat("<p>filler</p>", 200) + `<p id="here">here</p></body></html>`,
		"/late":  `<html></html>`,
	})
	var truncated atomic.Int32
	cfg := localConfig(s.URL)
	cfg.MaxPageBytes = 1024
	cfg.OnPage = func(p crawl.Page) {
		if p.Truncated {
			truncated.Add(1)
		}
	}
	res, err := crawl.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.hitsOf("/early") != 1 || s.hitsOf("/late") != 0 {
		t.Errorf("early requested %d, late %d; want 1 and 0: the page is parsed only as far as read", s.hitsOf("/early"), s.hitsOf("/late"))
	}
	if truncated.Load() != 2 {
		t.Errorf("%d pages truncated, want 2", truncated.Load())
	}
	if len(res.Broken) != 0 {
		t.Errorf("broken %v: a fragment beyond the bytes read is not missing", res.Broken)
	}
	if res.Bytes != 2048 {
		t.Errorf("bytes %d, want 2048", res.Bytes)
	}
}

// TestRun_Robots checks that robots.txt is obeyed when asked, by its own
// group for the crawler's product token over the "*" group, and ignored
// otherwise.
func TestRun_Robots(t *testing.T) {
	s := newTestSite(t, map[string]string{
		"/":          `<a href="/private/a">a</a><a href="/open">open</a><a href="/public/b">b</a>`,
		"/open":      `ok`,
		"/public/b":  `ok`,
		"/private/a": `ok`,
	})
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: govops-portal-check\nDisallow: /private\nDisallow: /public\nAllow: /public/b\n")
	})
	cfg := localConfig(s.URL)
	cfg.Robots = true
	if _, err := crawl.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if s.hitsOf("/private/a") != 0 || s.hitsOf("/open") != 1 || s.hitsOf("/public/b") != 1 || s.hitsOf("/robots.txt") != 1 {
		t.Errorf("hits %v", s.hits)
	}
	cfg.Robots = false
	if _, err := crawl.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if s.hitsOf("/private/a") != 1 || s.hitsOf("/robots.txt") != 1 {
		t.Errorf("without Robots: hits %v", s.hits)
	}
}

// TestRun_HostRate checks the per-host rate limit: at 20 requests a
// second with no burst, the limiter hands out one turn every 50 ms, so 8
// requests to one host (7 of them ready at once) cannot all have started
// before 7 × 50 ms; unlimited, the same crawl takes a few milliseconds.
// Arrival times at the server are too noisy on a loaded machine to bound
// each gap, so the bound is on the whole.
func TestRun_HostRate(t *testing.T) {
	for _, tc := range []struct {
		rate     float64
		min, max time.Duration
	}{
		{20, 350 * time.Millisecond, 10 * time.Second},
		{10, 700 * time.Millisecond, 10 * time.Second},
	} {
		s := fanSite(t, 8, 7) // the first page links to all others, fetched concurrently
		cfg := localConfig(s.URL + "/p/0")
		cfg.HostRate = tc.rate
		res, err := crawl.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if s.totalHits() != 8 || res.Elapsed < tc.min || res.Elapsed > tc.max {
			t.Errorf("rate %v: %d requests in %v, want 8 in at least %v", tc.rate, s.totalHits(), res.Elapsed, tc.min)
		}
	}
}

// TestRun_Cancel checks that a cancelled crawl stops at once, requests in
// flight included, and returns what it found with ctx's error.
func TestRun_Cancel(t *testing.T) {
	s := fanSite(t, 1000, 4)
	entered := make(chan struct{}, 100)
	s.handle("/hang/", func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-r.Context().Done()
	})
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<a href="/p/0">p</a>`)
		for i := range 4 {
			fmt.Fprintf(w, `<a href="/hang/%d">h</a>`, i)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var pages atomic.Int32
	cfg := localConfig(s.URL)
	cfg.Concurrency = 8 // four hang, four crawl on
	cfg.OnPage = func(crawl.Page) {
		if pages.Add(1) == 20 {
			<-entered // at least one request hangs in flight
			cancel()
		}
	}
	began := time.Now()
	res, err := crawl.Run(ctx, cfg)
	elapsed := time.Since(began)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if res == nil || res.Pages < 20 || res.Pages >= 1000 {
		t.Fatalf("result %+v, want the partial crawl", res)
	}
	if elapsed > 5*time.Second {
		t.Errorf("Run took %v after the cancel; requests in flight must stop with ctx", elapsed)
	}
	for _, b := range res.Broken {
		t.Errorf("a cancelled request reported broken: %+v", b)
	}
}

// TestRun_Guard checks that, by default, the crawler refuses loopback:
// nothing reaches the local server, and the start URL is blocked.
func TestRun_Guard(t *testing.T) {
	s := newTestSite(t, map[string]string{"/": `<a href="/b">b</a>`})
	res, err := crawl.Run(context.Background(), crawl.Config{Start: []string{s.URL}})
	if err != nil {
		t.Fatal(err)
	}
	want := []brokenKey{{"", s.URL + "/", crawl.FailBlocked, 0}}
	if got := brokenKeys(res.Broken); !reflect.DeepEqual(got, want) || s.totalHits() != 0 {
		t.Errorf("broken %v (want %v), %d requests reached the server", got, want, s.totalHits())
	}
}

// TestProbe_Guard checks each refused range with the guard on; the guard
// refuses before connecting, so no address here is ever dialled.
func TestProbe_Guard(t *testing.T) {
	for _, host := range []string{
		"127.0.0.1", "127.1.2.3", "[::1]", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
		"[fc00::1]", "[fd12::1]", "169.254.169.254", "[fe80::1]", "0.0.0.0", "0.1.2.3", "[::]",
		"224.0.0.1", "[ff02::1]", "100.64.0.1", "100.127.255.254", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]",
	} {
		t.Run(host, func(t *testing.T) {
			res := crawl.Probe(context.Background(), crawl.Config{Timeout: time.Second}, "http://"+host+":9/")
			if res.Failure != crawl.FailBlocked || res.OK {
				t.Errorf("%s: %+v, want blocked", host, res)
			}
		})
	}
}

func TestRun_InvalidConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    crawl.Config
		fields []string
	}{
		{"NoStart", crawl.Config{}, []string{"start"}},
		{"RelativeStart", crawl.Config{Start: []string{"/index.html"}}, []string{"start[0]"}},
		{"FTPStart", crawl.Config{Start: []string{"https://a.gov.cn/", "ftp://a.gov.cn/"}}, []string{"start[1]"}},
		{"NoHost", crawl.Config{Start: []string{"http:///x"}}, []string{"start[0]"}},
		{"BadHost", crawl.Config{Start: []string{"https://a.gov.cn/"}, Hosts: []string{"https://b.gov.cn/"}}, []string{"hosts[0]"}},
		{"Negatives", crawl.Config{
			Start: []string{"https://a.gov.cn/"}, MaxPages: -1, MaxPageBytes: -1, Timeout: -1,
			MaxRedirects: -1, Concurrency: -1, ProgressEvery: -1,
		}, []string{"max_pages", "max_page_bytes", "timeout", "max_redirects", "concurrency", "progress_every"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := crawl.Run(context.Background(), tc.cfg)
			if res != nil || govops.ErrorCode(err) != govops.EINVALID {
				t.Fatalf("got %v, %v; want EINVALID", res, err)
			}
			fields := govops.ErrorFields(err)
			if len(fields) != len(tc.fields) {
				t.Errorf("fields %v, want %v", fields, tc.fields)
			}
			for _, f := range tc.fields {
				if fields[f] == "" {
					t.Errorf("field %s not named: %v", f, err)
				}
			}
		})
	}
}

// TestRun_Progress checks that OnProgress is told at the end with the
// final counts.
func TestRun_Progress(t *testing.T) {
	s := fanSite(t, 30, 2)
	var last crawl.Progress
	var calls atomic.Int32
	cfg := localConfig(s.URL + "/p/0")
	cfg.OnProgress = func(p crawl.Progress) { calls.Add(1); last = p }
	res, err := crawl.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() < 1 || last != res.Progress || last.Pages != 30 || last.Links != 57 || last.Queued != 0 {
		t.Errorf("last progress %+v after %d calls; result %+v", last, calls.Load(), res.Progress)
	}
}

// TestRun_Concurrency checks the global bound on requests in flight: the
// server holds each request until three are in, or 200 ms pass, and
// never sees a fourth.
func TestRun_Concurrency(t *testing.T) {
	s := fanSite(t, 40, 39)
	var mu sync.Mutex
	inflight, most := 0, 0
	full := make(chan struct{})
	inner := s.Config.Handler
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inflight++
		most = max(most, inflight)
		if inflight == 3 {
			close(full)
			full = make(chan struct{})
		}
		wait := full
		mu.Unlock()
		select {
		case <-wait:
		case <-time.After(200 * time.Millisecond):
		}
		inner.ServeHTTP(w, r)
		mu.Lock()
		inflight--
		mu.Unlock()
	})
	cfg := localConfig(s.URL + "/p/0")
	cfg.Concurrency = 3
	res, err := crawl.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if most != 3 || res.Pages != 40 {
		t.Errorf("at most %d requests in flight over %d pages, want 3 over 40", most, res.Pages)
	}
}
