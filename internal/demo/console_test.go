package demo_test

import (
	"cmp"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/refserver"
)

// Bounds of the web console over a demo year.
const (
	maxPageTime     = 200 * time.Millisecond // every page, server time
	maxOverviewSize = 300 << 10              // the overview with its stylesheet and icon
	maxConsolePages = 120                    // pages visited at most
)

var (
	hrefAttr  = regexp.MustCompile(`href="(/[^"]*)"`)
	csrfInput = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)
	digits    = regexp.MustCompile(`[0-9]`)
)

// consolePage is one page of the console as the crawl timed it.
type consolePage struct {
	url   string
	took  time.Duration // the median of three reads
	bytes int
}

// crawlConsole signs in to the web console over svc as an admin and reads
// every kind of page it links to, from the overview on: one page of each
// shape (a path with its numbers taken out, and its query's keys), each
// three times. It fails t for a page that does not answer 200, or, when
// limit is not 0, whose median time reaches limit. The times are taken at
// the client over loopback, so they bound the server's time from above.
func crawlConsole(t *testing.T, svc refserver.Services, limit time.Duration) consoleCrawl {
	t.Helper()
	srv, err := refserver.New(refserver.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, svc)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	_, plain, err := srv.Registry().IssueToken(context.Background(), refserver.TokenInput{Name: "巡检", Role: refserver.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: time.Minute}
	get := func(u string) (int, string, time.Duration) {
		t0 := time.Now()
		resp, err := c.Get(hs.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body), time.Since(t0)
	}
	_, page, _ := get("/signin")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the sign-in page has no CSRF field:\n%s", page)
	}
	resp, err := c.PostForm(hs.URL+"/signin", url.Values{"csrf": {m[1]}, "token": {plain}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	var out consoleCrawl
	for _, a := range []string{"/assets/console.css", "/assets/favicon.svg"} {
		status, body, _ := get(a)
		if status != http.StatusOK {
			t.Fatalf("console %s: status %d", a, status)
		}
		out.assetBytes += len(body)
	}
	queue, seen := []string{"/"}, map[string]bool{pageShape("/"): true}
	for len(queue) > 0 && len(out.pages) < maxConsolePages {
		u := queue[0]
		queue = queue[1:]
		var times []time.Duration
		var status int
		var body string
		for range 3 {
			var took time.Duration
			status, body, took = get(u)
			times = append(times, took)
		}
		slices.Sort(times)
		p := consolePage{url: u, took: times[1], bytes: len(body)}
		out.pages = append(out.pages, p)
		if status != http.StatusOK {
			t.Errorf("console %s: status %d", u, status)
			continue
		}
		if strings.Contains(body, `id="form-signin"`) {
			t.Fatalf("console %s: the session was lost", u)
		}
		if limit > 0 && p.took >= limit {
			t.Errorf("console %s took %v, want under %v", u, p.took, limit)
		}
		for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
			next := html.UnescapeString(m[1])
			if skipLink(next) {
				continue
			}
			if s := pageShape(next); !seen[s] {
				seen[s] = true
				queue = append(queue, next)
			}
		}
	}
	return out
}

// skipLink reports whether the crawl leaves next alone: the API, assets
// and the sign-in pages.
func skipLink(next string) bool {
	for _, p := range []string{"/api/", "/assets/", "/favicon", "/signin", "/signout", "//"} {
		if strings.HasPrefix(next, p) {
			return true
		}
	}
	return false
}

// pageShape is the kind of page u is: its path with every segment that
// holds a digit made "*", and its query's keys.
func pageShape(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	segs := strings.Split(p.Path, "/")
	for i, s := range segs {
		if digits.MatchString(s) {
			segs[i] = "*"
		}
	}
	var keys []string
	for k := range p.Query() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(segs, "/") + "?" + strings.Join(keys, "&")
}

// consoleCrawl is what crawlConsole read.
type consoleCrawl struct {
	pages      []consolePage
	assetBytes int // the stylesheet and the icon
}

// overviewSize is what a browser transfers for the overview: the page,
// its stylesheet and its icon.
func (c consoleCrawl) overviewSize() int {
	for _, p := range c.pages {
		if p.url == "/" {
			return p.bytes + c.assetBytes
		}
	}
	return 0
}

// slowest returns the n slowest pages, slowest first.
func (c consoleCrawl) slowest(n int) []consolePage {
	s := slices.Clone(c.pages)
	slices.SortFunc(s, func(a, b consolePage) int { return cmp.Compare(b.took, a.took) })
	return s[:min(n, len(s))]
}
