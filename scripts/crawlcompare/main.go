// Command crawlcompare measures govops's crawler beside linkchecker and
// linkinator on one generated local site, in one run, at one concurrency.
//
// It serves a site of -pages HTML pages and -links links (the same number
// on each page), -broken of which lead to pages that answer 404, on
// loopback; then it crawls the site with govops's portal/crawl (in this
// process, as a library), with linkchecker and with linkinator, checks
// that each found the broken links (govops exactly those, no more, no
// less), and prints pages per second for each and govops's ratio to the
// faster of the other two. A tool whose path is empty is skipped with a
// message. scripts/crawl-compare.sh installs the tools and runs it.
//
// Every answer carries a LinkChecker header and linkchecker's config
// raises maxrequestspersecond: without both linkchecker waits 0.1–0.6 s
// between requests to one host, and the comparison would measure that
// politeness delay. linkinator runs with --recurse and no skip pattern.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/govops-kit/govops/portal/crawl"
)

// Main is the program: its flags and the site it serves.
type Main struct {
	Pages       int
	Links       int
	Broken      int
	Concurrency int
	LinkChecker string
	Linkinator  string
	WorkDir     string
	Text        bool
	Serve       bool
	CPUProfile  string

	out  io.Writer
	site *site
	base string
}

func main() {
	m := &Main{out: os.Stdout}
	if err := m.ParseFlags(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "crawlcompare:", err)
		os.Exit(1)
	}
}

// ParseFlags reads the command line.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("crawlcompare", flag.ContinueOnError)
	fs.IntVar(&m.Pages, "pages", 10000, "HTML pages of the site")
	fs.IntVar(&m.Links, "links", 100000, "links on the site (a multiple of -pages)")
	fs.IntVar(&m.Broken, "broken", 200, "broken links (each to a page answering 404)")
	fs.IntVar(&m.Concurrency, "concurrency", 8, "requests in flight, for every tool")
	fs.StringVar(&m.LinkChecker, "linkchecker", "", "path of linkchecker (empty: skipped)")
	fs.StringVar(&m.Linkinator, "linkinator", "", "path of linkinator's command (empty: skipped)")
	fs.StringVar(&m.WorkDir, "work", "", "folder for the tools' config and output (default: a temporary one)")
	fs.BoolVar(&m.Text, "text", true, "also time govops with each page's text extracted for the word check")
	fs.StringVar(&m.CPUProfile, "cpuprofile", "", "write a CPU profile of govops's (first) run to this file")
	fs.BoolVar(&m.Serve, "serve", false, "only serve the site, until interrupted (to try a tool by hand)")
	return fs.Parse(args)
}

// outcome is one tool's run.
type outcome struct {
	tool    string
	skipped string
	elapsed time.Duration
	broken  []brokenLink
	memory  string
	err     error
	exact   bool // the broken links must be exactly the site's
}

// Run serves the site and runs every tool against it in turn.
func (m *Main) Run(ctx context.Context) error {
	s, err := newSite(m.Pages, m.Links, m.Broken)
	if err != nil {
		return err
	}
	m.site = s
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	m.base = "http://" + ln.Addr().String()
	if m.WorkDir == "" {
		dir, err := os.MkdirTemp("", "crawlcompare-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		m.WorkDir = dir
	}
	// linkchecker drops root to nobody, who must read its config.
	_ = os.Chmod(m.WorkDir, 0o755)

	if m.Serve {
		fmt.Fprintf(m.out, "serving %s%s\n", m.base, pagePath(0))
		<-ctx.Done()
		return nil
	}
	fmt.Fprintf(m.out, "site: %d pages, %d links, %d broken (404), on %s; concurrency %d; %d CPUs; %s\n",
		m.Pages, m.Links, len(s.broken), m.base, m.Concurrency, runtime.NumCPU(), runtime.Version())
	results := []outcome{m.runGovops(ctx, false)}
	if m.Text {
		results = append(results, m.runGovops(ctx, true))
	}
	results = append(results, m.runLinkChecker(ctx), m.runLinkinator(ctx))
	return m.report(results)
}

func (m *Main) runGovops(ctx context.Context, text bool) outcome {
	o := outcome{tool: "govops", exact: true}
	cfg := crawl.Config{
		Start:        []string{m.base + pagePath(0)},
		MaxPages:     2 * (m.Pages + m.Broken),
		Concurrency:  m.Concurrency,
		HostRate:     -1, // no politeness delay, as for the others
		AllowPrivate: true,
		Timeout:      30 * time.Second,
	}
	var textBytes atomic.Int64
	if text {
		o.tool = "govops (+text)"
		cfg.OnPage = func(p crawl.Page) { textBytes.Add(int64(len(p.Text))) }
	}
	runtime.GC()
	if m.CPUProfile != "" && !text {
		f, err := os.Create(m.CPUProfile)
		if err != nil {
			o.err = err
			return o
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			o.err = err
			return o
		}
		defer pprof.StopCPUProfile()
	}
	stop := peakHeap()
	began := time.Now()
	res, err := crawl.Run(ctx, cfg)
	o.elapsed = time.Since(began)
	peak := stop()
	o.memory = fmt.Sprintf("peak heap %.0f MiB (server included)", float64(peak)/(1<<20))
	if err != nil {
		o.err = err
		return o
	}
	if res.Pages != m.Pages+len(m.site.broken) {
		o.err = fmt.Errorf("fetched %d of the site's %d URLs", res.Pages, m.Pages+len(m.site.broken))
	}
	for _, b := range res.Broken {
		o.broken = append(o.broken, brokenLink{page: strings.TrimPrefix(b.Page, m.base), target: strings.TrimPrefix(b.Target, m.base)})
		if b.Failure != crawl.FailStatus || b.Status != 404 {
			o.err = fmt.Errorf("%s → %s: %s %d, want a 404", b.Page, b.Target, b.Failure, b.Status)
		}
	}
	return o
}

// peakHeap samples the heap in use (objects and the free space of their
// spans, HeapInuse) every 10 ms until the returned stop. It reads
// runtime/metrics, which, unlike runtime.ReadMemStats, does not stop the
// world, so that sampling does not slow the crawl it measures.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(samples)
			if inuse := samples[0].Value.Uint64() + samples[1].Value.Uint64(); inuse > peak.Load() {
				peak.Store(inuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// command runs a tool and times it; exit status 1 is how both tools say
// that they found broken links, so it is not an error.
func command(ctx context.Context, o *outcome, name string, args ...string) []byte {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	began := time.Now()
	out, err := cmd.Output()
	o.elapsed = time.Since(began)
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			o.memory = fmt.Sprintf("peak RSS %d MiB", ru.Maxrss/1024)
		}
	}
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		o.err = fmt.Errorf("%s: %v: %s", name, err, lastLines(stderr.String(), 5))
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func (m *Main) report(results []outcome) error {
	want := m.site.broken
	sortLinks(want)
	fmt.Fprintf(m.out, "\n%-16s %10s %10s %8s  %s\n", "tool", "seconds", "pages/s", "broken", "check")
	var best float64
	var govops float64
	failed := false
	for _, o := range results {
		if o.skipped != "" {
			fmt.Fprintf(m.out, "%-16s skipped: %s\n", o.tool, o.skipped)
			continue
		}
		verdict := "found all " + fmt.Sprint(len(want))
		if o.err != nil {
			verdict = "FAILED: " + o.err.Error()
		} else if got := o.broken; !sameLinks(got, want) {
			verdict = fmt.Sprintf("FAILED: %d broken reported, want exactly the site's %d", len(got), len(want))
		} else if o.exact {
			verdict += ", no more, no less"
		}
		ok := !strings.HasPrefix(verdict, "FAILED")
		if !ok && o.exact {
			failed = true
		}
		pps := float64(m.Pages) / o.elapsed.Seconds()
		fmt.Fprintf(m.out, "%-16s %10.2f %10.0f %8d  %s; %s\n", o.tool, o.elapsed.Seconds(), pps, len(o.broken), verdict, o.memory)
		switch {
		case o.tool == "govops":
			govops = pps
		case strings.HasPrefix(o.tool, "govops"):
		case ok:
			best = max(best, pps)
		}
	}
	if best > 0 && govops > 0 {
		fmt.Fprintf(m.out, "\ngovops / faster of the others: %.1f× (goal ≥ 3×)\n", govops/best)
	} else {
		fmt.Fprintln(m.out, "\nno ratio: no other tool ran and found the broken links")
	}
	if failed {
		return fmt.Errorf("govops did not find exactly the site's broken links")
	}
	return nil
}

func sortLinks(ls []brokenLink) {
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].page != ls[j].page {
			return ls[i].page < ls[j].page
		}
		return ls[i].target < ls[j].target
	})
}

// sameLinks reports whether got holds exactly the links of want.
func sameLinks(got, want []brokenLink) bool {
	got = append([]brokenLink(nil), got...)
	sortLinks(got)
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func (m *Main) writeFile(name, content string) (string, error) {
	p := filepath.Join(m.WorkDir, name)
	return p, os.WriteFile(p, []byte(content), 0o644)
}
