package crawl_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"

	"github.com/govops-kit/govops/portal/crawl"
)

// testSite is a local site: handlers by path, and a record of every
// request it answered.
type testSite struct {
	*httptest.Server
	mux *http.ServeMux

	mu     sync.Mutex
	hits   map[string]int
	agents map[string]int
}

// newTestSite serves pages (path → HTML) and whatever else the test adds
// with handle; it is closed when the test ends.
func newTestSite(t testing.TB, pages map[string]string) *testSite {
	t.Helper()
	s := &testSite{mux: http.NewServeMux(), hits: map[string]int{}, agents: map[string]int{}}
	for path, body := range pages {
		s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(body))
		})
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		s.agents[r.UserAgent()]++
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) handle(path string, h http.HandlerFunc) { s.mux.HandleFunc(path, h) }

func (s *testSite) hitsOf(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

func (s *testSite) totalHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, h := range s.hits {
		n += h
	}
	return n
}

// closedPort returns an address on loopback where nothing listens.
func closedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// localConfig is a Config for a test site: private addresses allowed,
// no rate limit.
func localConfig(start ...string) crawl.Config {
	return crawl.Config{Start: start, AllowPrivate: true, HostRate: -1}
}

// brokenKey is the part of a Broken a table compares.
type brokenKey struct {
	Page, Target string
	Failure      crawl.Failure
	Status       int
}

func brokenKeys(bs []crawl.Broken) []brokenKey {
	out := make([]brokenKey, len(bs))
	for i, b := range bs {
		out[i] = brokenKey{b.Page, b.Target, b.Failure, b.Status}
	}
	sortKeys(out)
	return out
}

func sortKeys(ks []brokenKey) {
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].Page != ks[j].Page {
			return ks[i].Page < ks[j].Page
		}
		return ks[i].Target < ks[j].Target
	})
}
