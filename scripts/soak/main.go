// Command soak holds the reference server under a sustained load for a
// while and checks that it keeps up without failing, leaking goroutines or
// growing its memory.
//
// It starts the refserver binary given by -server on loopback with a fresh
// SQLite file in a temporary folder, takes the admin token it prints on its
// first start, seeds a little data through the API (departments, a dept
// token, a license type, a data catalog entry, the extranet inventory, an
// emergency plan, a portal site and a few cases) and mounts -seed-records
// records into the catalog entry, sends every kind of request of the load
// once (each must answer 2xx), then runs
// vegeta (as a library) at -rate for -duration: a fixed mix of reads and
// writes across the domains, from case registration and each step of a
// case's lifecycle to the 12345 callback, licenses, data sharing, netops,
// security, portal and the annual report (see targets in mix.go).
//
// The mount makes the database (about 76 MiB) outgrow SQLite's page cache
// (32 MiB of pages, set by dbopen), so that the cache is full before the
// start is measured: on a fresh database of a few MiB the cache grows with
// the data for as long as the run lasts (by 19 MiB in ten minutes at
// 50/s), which is a cache filling to its bound, not a leak.
//
// The run has two phases: a warm-up (-warmup: a tenth of the run, at least
// 10 s, at most half), then the rest. After each the load's idle
// connections are closed and the server's resident memory (VmRSS of
// /proc/<pid>/status) and goroutines (GET /api/v1/admin/runtime) are read:
// the start and the end. It prints vegeta's rate and throughput, latency
// percentiles overall and by kind of request, the failures, and the start
// and end figures, then stops the server with SIGTERM. It exits 1 when any
// bound fails (see Bounds): a request not answered 2xx, a throughput under
// -min-throughput of the rate, a resident set grown by more than
// -rss-growth, more than -goroutine-slack goroutines at the end than at the
// start, or a server that does not exit 0 on SIGTERM. scripts/soak.sh
// builds the binary and runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Main is the program: its flags and what it prints to.
type Main struct {
	Server      string // the refserver binary
	Rate        vegeta.Rate
	Duration    time.Duration
	Warmup      time.Duration // 0: a tenth of Duration, at least 10 s, at most half
	SampleEvery time.Duration
	Bounds      Bounds
	Keep        bool // keep the temporary folder (database and server log)
	// SeedRecords are mounted into the data catalog at seed time, so that
	// the database outgrows SQLite's page cache before the start is read.
	SeedRecords int

	out io.Writer
}

// maxSeedRecords is the most records the seed mounts: residentID gives
// that many different numbers.
const maxSeedRecords = 365000

// errFailed is the error of a run that broke a bound; the report says which.
var errFailed = errors.New("the soak failed")

func main() {
	m := &Main{out: os.Stdout}
	if err := m.ParseFlags(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := m.Run(ctx)
	stop()
	if err != nil {
		if !errors.Is(err, errFailed) {
			fmt.Fprintln(os.Stderr, "soak:", err)
		}
		os.Exit(1)
	}
}

// ParseFlags reads the command line.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	rate := fs.String("rate", "50/s", "requests sent a `period`: 50/s, 3000/m, or a number a second")
	fs.StringVar(&m.Server, "server", "", "the refserver binary (required; scripts/soak.sh builds it)")
	fs.DurationVar(&m.Duration, "duration", 10*time.Minute, "how long the load runs, warm-up included")
	fs.DurationVar(&m.Warmup, "warmup", 0, "the warm-up before the start is measured (default a tenth of -duration, at least 10s, at most half)")
	fs.DurationVar(&m.SampleEvery, "sample-every", 10*time.Second, "how often the server's memory and goroutines are sampled for the report")
	fs.Float64Var(&m.Bounds.MinThroughput, "min-throughput", 0.95, "the share of -rate that the 2xx answers a second must reach after the warm-up")
	fs.Float64Var(&m.Bounds.RSSGrowth, "rss-growth", 0.20, "how much the server's resident memory may grow from the start to the end, as a share")
	fs.IntVar(&m.Bounds.GoroutineSlack, "goroutine-slack", 10, "how many more goroutines the server may have at the end than at the start")
	fs.IntVar(&m.SeedRecords, "seed-records", 250000, "records mounted into the data catalog at seed time (about 320 bytes of database each), so that the database outgrows SQLite's 32 MiB page cache before the start is measured")
	fs.BoolVar(&m.Keep, "keep", false, "keep the temporary folder with the database and the server's log (it is kept anyway when the soak fails)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("soak takes no arguments, got %q", fs.Args())
	}
	r, err := parseRate(*rate)
	if err != nil {
		return err
	}
	m.Rate = r
	switch {
	case m.Server == "":
		return errors.New("-server: is required: the refserver binary (go build -o refserver ./refserver/cmd/refserver)")
	case m.Duration < 2*time.Second:
		return fmt.Errorf("-duration must be at least 2s, not %v", m.Duration)
	case m.Warmup < 0 || m.Warmup >= m.Duration:
		return fmt.Errorf("-warmup must be shorter than -duration (%v), not %v", m.Duration, m.Warmup)
	case m.SeedRecords < 0 || m.SeedRecords > maxSeedRecords:
		return fmt.Errorf("-seed-records must be from 0 to %d, not %d", maxSeedRecords, m.SeedRecords)
	case m.SampleEvery <= 0:
		return fmt.Errorf("-sample-every must be above 0, not %v", m.SampleEvery)
	case m.Bounds.MinThroughput < 0 || m.Bounds.MinThroughput > 1:
		return fmt.Errorf("-min-throughput must be from 0 to 1, not %g", m.Bounds.MinThroughput)
	case m.Bounds.RSSGrowth < 0:
		return fmt.Errorf("-rss-growth must be 0 or more, not %g", m.Bounds.RSSGrowth)
	case m.Bounds.GoroutineSlack < 0:
		return fmt.Errorf("-goroutine-slack must be 0 or more, not %d", m.Bounds.GoroutineSlack)
	}
	if m.Warmup == 0 {
		m.Warmup = min(max(m.Duration/10, 10*time.Second), m.Duration/2)
	}
	return nil
}

// parseRate reads a rate as vegeta's command does: "50/s", "3000/m",
// "100/2s", or a bare number of requests a second.
func parseRate(s string) (vegeta.Rate, error) {
	freq, per, found := strings.Cut(s, "/")
	n, err := strconv.Atoi(freq)
	if err != nil || n <= 0 {
		return vegeta.Rate{}, fmt.Errorf("-rate must be a number of requests above 0, then /s, /m or /DURATION, not %q", s)
	}
	r := vegeta.Rate{Freq: n, Per: time.Second}
	if found {
		if per != "" && (per[0] < '0' || per[0] > '9') {
			per = "1" + per
		}
		d, err := time.ParseDuration(per)
		if err != nil || d <= 0 {
			return vegeta.Rate{}, fmt.Errorf("-rate: %q is not a period such as s, m or 2s", strings.TrimPrefix(per, "1"))
		}
		r.Per = d
	}
	return r, nil
}

// perSecond is r in requests a second.
func perSecond(r vegeta.Rate) float64 { return float64(r.Freq) / r.Per.Seconds() }

// snapshot is the server's state at one moment.
type snapshot struct {
	at      time.Duration // since the load began
	rss     int64
	anon    int64
	runtime runtimeState
}

// Run starts the server, seeds it, runs the load and reports. It returns
// errFailed when a bound fails.
func (m *Main) Run(ctx context.Context) (err error) {
	dir, err := os.MkdirTemp("", "soak-")
	if err != nil {
		return err
	}
	keep := m.Keep
	defer func() {
		if keep || err != nil {
			fmt.Fprintf(m.out, "kept: %s (the database and the server's log)\n", dir)
			return
		}
		os.RemoveAll(dir)
	}()
	began := time.Now()
	srv, err := startServer(ctx, m.Server, dir)
	if err != nil {
		return err
	}
	defer srv.kill()
	fmt.Fprintf(m.out, "soak: %s, %d CPUs; refserver on %s, SQLite %s; %.2f requests/s for %v (warm-up %v)\n",
		runtime.Version(), runtime.NumCPU(), srv.base, srv.db, perSecond(m.Rate), m.Duration, m.Warmup)

	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 256,
	}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	c := &client{base: srv.base, http: hc}
	s, err := seed(ctx, c, srv.admin, shanghaiNow(), m.SeedRecords)
	if err != nil {
		return err
	}
	l := newLoad(srv.base, srv.admin, s, shanghaiNow)
	if err := preflight(ctx, hc, l); err != nil {
		return err
	}
	writes, reads := l.shares()
	fmt.Fprintf(m.out, "seed (%d data records mounted; database %s) and a first request of each of the load's %d kinds, all 2xx, in %.1f s\n",
		max(m.SeedRecords, 3), mib(srv.dbBytes()), len(l.targets), time.Since(began).Seconds())
	fmt.Fprintf(m.out, "the load: a cycle of %d requests, %d writes (%.1f%%) and %d reads\n",
		len(l.order), writes, 100*float64(writes)/float64(len(l.order)), reads)

	stopSampling, samples := m.sample(ctx, srv)
	all := newTally(l)
	warm := m.phase(ctx, hc, l, "warm-up", m.Warmup, all)
	start, err := quiesce(ctx, tr, srv)
	if err != nil {
		return err
	}
	measured := m.phase(ctx, hc, l, "soak", m.Duration-m.Warmup, all)
	end, err := quiesce(ctx, tr, srv)
	if err != nil {
		return err
	}
	stopSampling()
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: %w", ctx.Err())
	}
	hwm, _ := procStatus(srv.pid(), "VmHWM")
	dbBytes := srv.dbBytes()
	stopErr := srv.stop()

	all.close()
	o := Outcome{Rate: perSecond(m.Rate), Throughput: measured.Throughput, Requests: all.all.Requests, Failed: all.failures,
		RSSStart: start.rss, RSSEnd: end.rss, GoroutinesStart: start.runtime.Goroutines, GoroutinesEnd: end.runtime.Goroutines, Stop: stopErr}
	m.report(warm, measured, all, start, end, *samples, hwm, dbBytes)
	broken := m.Bounds.Check(o)
	m.verdict(o, broken)
	if len(broken) > 0 {
		keep = true
		return errFailed
	}
	return nil
}

// phase runs the load for du and adds each result to all. It returns the
// phase's own metrics, closed.
func (m *Main) phase(ctx context.Context, hc *http.Client, l *load, name string, du time.Duration, all *tally) *vegeta.Metrics {
	atk := vegeta.NewAttacker(vegeta.Client(hc))
	results := atk.Attack(l.Targeter(), m.Rate, du, name)
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
			atk.Stop()
		case <-stopped:
		}
	}()
	var pm vegeta.Metrics
	for r := range results {
		pm.Add(r)
		all.add(r)
	}
	pm.Close()
	return &pm
}

// quiesce closes the load's idle connections, lets the server end their
// goroutines, and reads its state: the fewest goroutines of five readings
// 200 ms apart (a reading's own connection comes and goes), and the
// resident memory after them.
func quiesce(ctx context.Context, tr *http.Transport, srv *server) (snapshot, error) {
	tr.CloseIdleConnections()
	time.Sleep(500 * time.Millisecond)
	var s snapshot
	for i := range 5 {
		st, err := srv.runtimeOf(ctx)
		if err != nil {
			return s, err
		}
		if i == 0 || st.Goroutines < s.runtime.Goroutines {
			s.runtime = st
		}
		time.Sleep(200 * time.Millisecond)
	}
	var err error
	if s.rss, err = procStatus(srv.pid(), "VmRSS"); err != nil {
		return s, err
	}
	if s.anon, err = procStatus(srv.pid(), "RssAnon"); err != nil {
		return s, err
	}
	return s, nil
}

// sample reads the server's memory and goroutines every SampleEvery
// until the returned stop.
func (m *Main) sample(ctx context.Context, srv *server) (stop func(), out *[]snapshot) {
	var samples []snapshot
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	began := time.Now()
	go func() {
		defer wg.Done()
		tick := time.NewTicker(m.SampleEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			s := snapshot{at: time.Since(began)}
			s.rss, _ = procStatus(srv.pid(), "VmRSS")
			s.anon, _ = procStatus(srv.pid(), "RssAnon")
			s.runtime, _ = srv.runtimeOf(ctx)
			samples = append(samples, s)
		}
	}()
	return func() { close(done); wg.Wait() }, &samples
}

// preflight sends one request of every kind of the load, the lifecycle's
// five steps after the case they move, and fails on the first that does
// not answer 2xx: a load that cannot pass once is not worth ten minutes.
func preflight(ctx context.Context, hc *http.Client, l *load) error {
	var order []int
	for i, t := range l.targets {
		if t.name == "case.step" {
			continue
		}
		order = append(order, i)
		if t.name == "case.create" {
			step := slices.IndexFunc(l.targets, func(t target) bool { return t.name == "case.step" })
			for range caseSteps {
				order = append(order, step)
			}
		}
	}
	for _, i := range order {
		var t vegeta.Target
		kind := l.fill(i, &t)
		req, err := t.Request()
		if err != nil {
			return err
		}
		res, err := hc.Do(req.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("%s: %s %s: %w", kind, t.Method, t.URL, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return fmt.Errorf("%s: %s %s: %w", kind, t.Method, t.URL, err)
		}
		if res.StatusCode/100 != 2 {
			return fmt.Errorf("%s: %s %s: %s: %s", kind, t.Method, t.URL, res.Status, body)
		}
		if err := l.followUp(kind, body); err != nil {
			return err
		}
	}
	return nil
}

// shares counts the writes and the reads of one cycle of the load.
func (l *load) shares() (writes, reads int) {
	for _, i := range l.order {
		if l.targets[i].write {
			writes++
		} else {
			reads++
		}
	}
	return writes, reads
}
