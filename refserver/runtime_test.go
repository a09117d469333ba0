package refserver_test

import (
	"encoding/json"
	"net/http"
	"os"
	"runtime"
	"sync"
	"testing"
)

type runtimeState struct {
	GoVersion     string `json:"go_version"`
	Goroutines    int    `json:"goroutines"`
	HeapBytes     int64  `json:"heap_bytes"`
	HeapGoalBytes int64  `json:"heap_goal_bytes"`
	RuntimeBytes  int64  `json:"runtime_bytes"`
	GCCycles      int64  `json:"gc_cycles"`
	RSSBytes      int64  `json:"rss_bytes"`
}

func (e *testEnv) runtimeState(tb testing.TB) runtimeState {
	tb.Helper()
	r := e.do(tb, "GET", "/api/v1/admin/runtime", e.admin, nil)
	mustStatus(tb, r, http.StatusOK)
	var st runtimeState
	if err := json.Unmarshal(r.body, &st); err != nil {
		tb.Fatalf("not JSON (%v): %s", err, r.body)
	}
	return st
}

func TestServer_Runtime(t *testing.T) {
	e := MustOpenServer(t)
	t.Run("OK", func(t *testing.T) {
		r := e.do(t, "GET", "/api/v1/admin/runtime", e.admin, nil)
		mustStatus(t, r, http.StatusOK)
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store", cc)
		}
		st := e.runtimeState(t)
		if st.GoVersion != runtime.Version() {
			t.Errorf("go_version = %q, want %q", st.GoVersion, runtime.Version())
		}
		if st.Goroutines < 1 || st.HeapBytes <= 0 || st.HeapGoalBytes <= 0 || st.RuntimeBytes < st.HeapBytes {
			t.Errorf("state = %+v", st)
		}
		if _, err := os.Stat("/proc/self/status"); err == nil && st.RSSBytes <= 0 {
			t.Errorf("rss_bytes = %d on a system with /proc", st.RSSBytes)
		}
	})
	t.Run("CountsGoroutines", func(t *testing.T) {
		// The test server runs in this process: goroutines started here
		// are the server's, and must show up, then go away. A few of the
		// test's own (a connection's reader) come and go meanwhile: slack.
		const n, slack = 200, 20
		before := e.runtimeState(t).Goroutines
		release := make(chan struct{})
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-release
			}()
		}
		during := e.runtimeState(t).Goroutines
		close(release)
		wg.Wait()
		if during < before+n-slack {
			t.Fatalf("goroutines = %d with %d more parked, %d before", during, n, before)
		}
		after := e.runtimeState(t).Goroutines
		if after > during-n+slack {
			t.Fatalf("goroutines = %d after %d ended, %d while they ran", after, n, during)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		for who, tok := range map[string]string{"dept": e.own, "viewer": e.viewer} {
			r := e.do(t, "GET", "/api/v1/admin/runtime", tok, nil)
			if r.status != http.StatusForbidden {
				t.Errorf("%s: status = %d, want 403; body: %s", who, r.status, r.body)
			}
		}
		mustStatus(t, e.do(t, "GET", "/api/v1/admin/runtime", "", nil), http.StatusUnauthorized)
	})
}
