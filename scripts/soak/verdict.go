package main

import "fmt"

// Bounds are what a soak must keep to, or fail.
type Bounds struct {
	// MinThroughput is the share of the rate asked for that the measured
	// phase must sustain in 2xx answers a second (vegeta's throughput).
	MinThroughput float64
	// RSSGrowth is how much the resident set may grow from the start
	// (after the warm-up) to the end, as a share of the start.
	RSSGrowth float64
	// GoroutineSlack is how many goroutines the end may count above the
	// start.
	GoroutineSlack int
}

// Outcome is what a soak measured.
type Outcome struct {
	Rate       float64 // requests a second asked for
	Throughput float64 // 2xx answers a second in the measured phase
	Requests   uint64  // every request of the run
	Failed     uint64  // answers other than 2xx, and requests with no answer

	RSSStart, RSSEnd               int64 // VmRSS of the server, bytes
	GoroutinesStart, GoroutinesEnd int

	// Stop is the server's end on SIGTERM: nil for exit status 0.
	Stop error
}

// Check returns every bound o breaks, each as a sentence; none when the
// soak passed. A run without a request breaks the first.
func (b Bounds) Check(o Outcome) []string {
	var out []string
	if o.Requests == 0 {
		out = append(out, "no request was sent")
	}
	if o.Failed > 0 {
		out = append(out, fmt.Sprintf("%d of %d requests failed (an answer other than 2xx, or none)", o.Failed, o.Requests))
	}
	if want := b.MinThroughput * o.Rate; o.Throughput < want {
		out = append(out, fmt.Sprintf("throughput %.2f/s is below %.0f%% of the %.2f/s asked for (%.2f/s)", o.Throughput, b.MinThroughput*100, o.Rate, want))
	}
	if limit := float64(o.RSSStart) * (1 + b.RSSGrowth); o.RSSStart <= 0 || float64(o.RSSEnd) > limit {
		out = append(out, fmt.Sprintf("resident memory grew from %s to %s (%+.1f%%), more than the %.0f%% allowed",
			mib(o.RSSStart), mib(o.RSSEnd), growth(o.RSSStart, o.RSSEnd)*100, b.RSSGrowth*100))
	}
	if o.GoroutinesEnd > o.GoroutinesStart+b.GoroutineSlack {
		out = append(out, fmt.Sprintf("goroutines grew from %d to %d, more than the %d allowed", o.GoroutinesStart, o.GoroutinesEnd, b.GoroutineSlack))
	}
	if o.Stop != nil {
		out = append(out, "the server did not stop cleanly: "+o.Stop.Error())
	}
	return out
}

// growth is (end-start)/start; 0 without a start.
func growth(start, end int64) float64 {
	if start <= 0 {
		return 0
	}
	return float64(end-start) / float64(start)
}

// mib formats bytes as MiB with one decimal.
func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
