package crawl_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops/portal/crawl"
)

// generatedSite serves n pages made on request, none stored: page i has
// a navigation bar to the first ten pages, a paragraph of text, and links
// to pages 2i+1, 2i+2 (so the crawl reaches all), i+1, (7919·i) mod n and
// an anchor on page i-1; one page in a thousand links to a missing page.
func generatedSite(t testing.TB, n int) *testSite {
	s := newTestSite(t, nil)
	s.handle("/p/", func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/"))
		if err != nil || i < 0 || i >= n {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		fmt.Fprintf(&b, `<!doctype html><html><head><title>第%d页 区政府门户网站</title><link rel="stylesheet" href="/p/0"></head><body><nav>`, i)
		for j := range 10 {
			fmt.Fprintf(&b, `<a href="/p/%d">栏目%d</a> `, j, j)
		}
		fmt.Fprintf(&b, `</nav><h1 id="h%d">第%d页</h1><p id="s%d">`, i, i, i)
		b.WriteString(strings.Repeat("区政府门户网站发布政务信息，推进政务公开。 ", 20))
		b.WriteString("</p><ul>")
		for _, j := range []int{2*i + 1, 2*i + 2, i + 1, (7919 * i) % n} {
			if j < n {
				fmt.Fprintf(&b, `<li><a href="/p/%d">第%d页</a></li>`, j, j)
			}
		}
		if i > 0 {
			fmt.Fprintf(&b, `<li><a href="/p/%d#s%d">上一页正文</a></li>`, i-1, i-1)
		}
		if i%1000 == 999 {
			fmt.Fprintf(&b, `<li><a href="/missing/%d">失效</a></li>`, i)
		}
		b.WriteString("</ul></body></html>")
		_, _ = w.Write([]byte(b.String()))
	})
	return s
}

// peakHeap samples the heap every 10 ms until stop is called, and
// returns the highest HeapInuse seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// crawlGenerated crawls a generated site of n pages and checks the result
// is the whole site with exactly its broken links; it returns the peak
// heap (the test server's included) and the result.
func crawlGenerated(t testing.TB, n int) (uint64, *crawl.Result) {
	s := generatedSite(t, n)
	runtime.GC()
	stop := peakHeap()
	var textBytes atomic.Int64
	cfg := localConfig(s.URL + "/p/0")
	cfg.MaxPages = n + n/1000 + 10
	cfg.OnPage = func(p crawl.Page) { textBytes.Add(int64(len(p.Text))) }
	res, err := crawl.Run(context.Background(), cfg)
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != n+n/1000 || len(res.Broken) != n/1000 || res.Limited || textBytes.Load() == 0 {
		t.Fatalf("pages %d broken %d limited %v; want %d, %d, false", res.Pages, len(res.Broken), res.Limited, n+n/1000, n/1000)
	}
	return peak, res
}

// TestRun_MemoryBounded crawls a generated site of 5,000 pages and holds
// the peak heap to 200 MiB scaled to the site, over a fixed 32 MiB for
// the runtime, the test server and the connections: 42 MiB. The
// 100,000-page version (GOVOPS_CRAWL_100K=1) holds it to 200 MiB.
func TestRun_MemoryBounded(t *testing.T) {
	n, limit := 5000, uint64(32<<20+200<<20*5000/100000)
	if os.Getenv("GOVOPS_CRAWL_100K") == "1" {
		n, limit = 100000, 200<<20
	}
	peak, res := crawlGenerated(t, n)
	t.Logf("%d pages, %d links in %v (%.0f pages/s): peak heap in use %.1f MiB", res.Pages, res.Links, res.Elapsed,
		float64(res.Pages)/res.Elapsed.Seconds(), float64(peak)/(1<<20))
	if peak > limit {
		t.Errorf("peak heap %.1f MiB, want under %.1f MiB", float64(peak)/(1<<20), float64(limit)/(1<<20))
	}
}

// BenchmarkRun crawls a generated site of 2,000 pages per iteration,
// with text extracted for OnPage, at the default concurrency of 8.
func BenchmarkRun(b *testing.B) {
	const n = 2000
	var pages int
	var elapsed time.Duration
	var peak uint64
	for b.Loop() {
		p, res := crawlGenerated(b, n)
		pages += res.Pages
		elapsed += res.Elapsed
		peak = max(peak, p)
	}
	b.ReportMetric(float64(pages)/elapsed.Seconds(), "pages/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
}
