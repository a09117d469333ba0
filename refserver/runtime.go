package refserver

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/refserver/apikit"
)

// runtimeJSON is the process's own state, as GET /api/v1/admin/runtime
// reports it: what a soak test watches for leaks (goroutines that pile up,
// a heap or a resident set that keeps growing).
type runtimeJSON struct {
	GoVersion  string `json:"go_version"`
	Goroutines uint64 `json:"goroutines"`
	// HeapBytes is the memory of the heap's objects, live or not yet
	// swept; HeapGoalBytes is the size at which the next collection
	// starts.
	HeapBytes     uint64 `json:"heap_bytes"`
	HeapGoalBytes uint64 `json:"heap_goal_bytes"`
	// RuntimeBytes is all the memory the Go runtime has mapped (heap,
	// stacks and its own), released or not; C memory (a cgo SQLite
	// driver's) is not in it, but is in RSSBytes.
	RuntimeBytes uint64 `json:"runtime_bytes"`
	GCCycles     uint64 `json:"gc_cycles"`
	// RSSBytes is the resident set (VmRSS of /proc/self/status); left out
	// where the system has no /proc.
	RSSBytes int64 `json:"rss_bytes,omitempty"`
}

// runtimeSamples are the runtime/metrics read for runtimeJSON, in the
// order readRuntime takes them. runtime/metrics, unlike
// runtime.ReadMemStats, does not stop the world, so that a monitor polling
// the endpoint does not slow the requests it watches.
func runtimeSamples() []metrics.Sample {
	return []metrics.Sample{
		{Name: "/sched/goroutines:goroutines"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/gc/cycles/total:gc-cycles"},
	}
}

func readRuntime() runtimeJSON {
	s := runtimeSamples()
	metrics.Read(s)
	u := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0 // a metric this Go release does not have
		}
		return s[i].Value.Uint64()
	}
	return runtimeJSON{
		GoVersion: runtime.Version(), Goroutines: u(0), HeapBytes: u(1), HeapGoalBytes: u(2),
		RuntimeBytes: u(3), GCCycles: u(4), RSSBytes: residentBytes(),
	}
}

// residentBytes returns VmRSS of /proc/self/status in bytes, or 0 where
// it cannot be read.
func residentBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmRSS:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest) // "52480 kB"
		if len(f) != 2 || string(f[1]) != "kB" {
			return 0
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// runtimeStats serves GET /api/v1/admin/runtime (admin only): the
// goroutines, heap and resident memory of this process. Several servers
// on one database each answer for themselves.
func (s *Server) runtimeStats(w http.ResponseWriter, req bunrouter.Request) error {
	return apikit.WriteJSON(w, http.StatusOK, readRuntime())
}
