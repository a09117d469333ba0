package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// maxSamples is how many failed requests the report quotes.
const maxSamples = 10

// tally is every result of the run, overall and by the kind of request.
type tally struct {
	l        *load
	all      vegeta.Metrics
	byKind   map[string]*vegeta.Metrics
	failedBy map[string]uint64
	failures uint64
	writes   uint64
	samples  []string
	writeSet map[string]bool
}

func newTally(l *load) *tally {
	t := &tally{l: l, byKind: map[string]*vegeta.Metrics{}, failedBy: map[string]uint64{}, writeSet: map[string]bool{"case.comment": true}}
	for _, tg := range l.targets {
		t.writeSet[tg.name] = tg.write
	}
	for _, s := range caseSteps {
		t.writeSet[s] = true
	}
	return t
}

// add counts r. A request fails unless it was answered 2xx (vegeta counts
// 3xx a success too); a 2xx answer of a case whose next step cannot be
// read from it fails as well.
func (t *tally) add(r *vegeta.Result) {
	kind := kindOf(r)
	t.all.Add(r)
	km := t.byKind[kind]
	if km == nil {
		km = &vegeta.Metrics{}
		t.byKind[kind] = km
	}
	km.Add(r)
	if t.writeSet[kind] {
		t.writes++
	}
	problem := ""
	switch {
	case r.Error != "" && r.Code == 0:
		problem = r.Error
	case r.Code/100 != 2:
		problem = fmt.Sprintf("%d: %.300s", r.Code, r.Body)
	default:
		if err := t.l.followUp(kind, r.Body); err != nil {
			problem = err.Error()
		}
	}
	if problem == "" {
		return
	}
	t.failures++
	t.failedBy[kind]++
	if len(t.samples) < maxSamples {
		t.samples = append(t.samples, fmt.Sprintf("%s %s %s: %s", kind, r.Method, r.URL, problem))
	}
}

func (t *tally) close() {
	t.all.Close()
	for _, m := range t.byKind {
		m.Close()
	}
}

// ms formats a latency in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

func phaseLine(name string, du time.Duration, m *vegeta.Metrics) string {
	return fmt.Sprintf("%-8s %v: %d requests, rate %.2f/s, throughput %.2f/s, success %.2f%%, latency p50 %s ms, p90 %s ms, p99 %s ms, max %s ms",
		name, du, m.Requests, m.Rate, m.Throughput, m.Success*100, ms(m.Latencies.P50), ms(m.Latencies.P90), ms(m.Latencies.P99), ms(m.Latencies.Max))
}

func stateLine(name string, s snapshot) string {
	return fmt.Sprintf("%-8s RSS %s (anonymous %s), goroutines %d, heap %s (goal %s), Go runtime %s, %d GCs",
		name, mib(s.rss), mib(s.anon), s.runtime.Goroutines, mib(s.runtime.HeapBytes), mib(s.runtime.HeapGoalBytes),
		mib(s.runtime.RuntimeBytes), s.runtime.GCCycles)
}

// report prints the run's figures.
func (m *Main) report(warm, measured *vegeta.Metrics, all *tally, start, end snapshot, samples []snapshot, hwm, dbBytes int64) {
	w := m.out
	fmt.Fprintln(w, phaseLine("warm-up", m.Warmup, warm))
	fmt.Fprintln(w, stateLine("start", start))
	fmt.Fprintln(w, phaseLine("soak", m.Duration-m.Warmup, measured))
	fmt.Fprintln(w, stateLine("end", end))
	fmt.Fprintf(w, "peak RSS (VmHWM) %s; database %s (with its WAL); %d cases registered, %d through their callback\n",
		mib(hwm), mib(dbBytes), all.passed("case.create"), all.passed("hotline.callback"))

	if len(samples) > 0 {
		fmt.Fprintln(w, "\nthe server every", m.SampleEvery*time.Duration(sampleStride(len(samples))))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "elapsed\tRSS MiB\tanon MiB\tgoroutines\theap MiB\t")
		for i := sampleStride(len(samples)) - 1; i < len(samples); i += sampleStride(len(samples)) {
			s := samples[i]
			fmt.Fprintf(tw, "%v\t%.1f\t%.1f\t%d\t%.1f\t\n", s.at.Round(time.Second), float64(s.rss)/(1<<20), float64(s.anon)/(1<<20),
				s.runtime.Goroutines, float64(s.runtime.HeapBytes)/(1<<20))
		}
		tw.Flush()
	}

	a := &all.all
	fmt.Fprintf(w, "\nwhole run: %d requests, %d writes (%.1f%%); latency p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n",
		a.Requests, all.writes, 100*float64(all.writes)/float64(max(a.Requests, 1)),
		ms(a.Latencies.P50), ms(a.Latencies.P90), ms(a.Latencies.P99), ms(a.Latencies.Max))
	kinds := make([]string, 0, len(all.byKind))
	for k := range all.byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\t\trequests\tp50 ms\tp99 ms\tmax ms\tfailed\t")
	for _, k := range kinds {
		km := all.byKind[k]
		rw := "read"
		if all.writeSet[k] {
			rw = "write"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%d\t\n", k, rw, km.Requests, ms(km.Latencies.P50), ms(km.Latencies.P99), ms(km.Latencies.Max), all.failedBy[k])
	}
	tw.Flush()
	fmt.Fprintf(w, "failed: %d (answers other than 2xx, or none)\n", all.failures)
	for _, s := range all.samples {
		fmt.Fprintln(w, "  ", s)
	}
}

// sampleStride is the step through n samples that prints at most 12.
func sampleStride(n int) int { return max(1, (n+11)/12) }

// passed is the number of requests of kind answered 2xx.
func (t *tally) passed(kind string) uint64 {
	km := t.byKind[kind]
	if km == nil {
		return 0
	}
	return km.Requests - t.failedBy[kind]
}

// verdict prints each bound with its figure, and PASS or FAIL.
func (m *Main) verdict(o Outcome, broken []string) {
	w := m.out
	b := m.Bounds
	fmt.Fprintln(w, "\nbounds:")
	fmt.Fprintf(w, "  failed requests    %d (must be 0)\n", o.Failed)
	fmt.Fprintf(w, "  throughput         %.2f/s after the warm-up (must reach %.0f%% of %.2f/s)\n", o.Throughput, b.MinThroughput*100, o.Rate)
	fmt.Fprintf(w, "  resident memory    %s → %s, %+.1f%% (at most %+.0f%%)\n", mib(o.RSSStart), mib(o.RSSEnd), growth(o.RSSStart, o.RSSEnd)*100, b.RSSGrowth*100)
	fmt.Fprintf(w, "  goroutines         %d → %d (at most %d more)\n", o.GoroutinesStart, o.GoroutinesEnd, b.GoroutineSlack)
	stop := "exit status 0"
	if o.Stop != nil {
		stop = o.Stop.Error()
	}
	fmt.Fprintf(w, "  SIGTERM            %s\n", stop)
	if len(broken) == 0 {
		fmt.Fprintln(w, "PASS")
		return
	}
	fmt.Fprintln(w, "FAIL: "+strings.Join(broken, "; "))
}
