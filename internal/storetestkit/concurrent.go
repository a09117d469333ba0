package storetestkit

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/govops-kit/govops"
)

// Concurrently runs each of fns in a goroutine of its own, all at once,
// and waits for them. Each gets a testing.TB of its own whose failures are
// kept rather than reported, since Fatal may only be called from the
// test's goroutine: Fatal, FailNow and a helper that calls them end that
// goroutine only. Once all have returned, tb fails (Fatalf) with every
// failure, if any.
func Concurrently(tb testing.TB, fns ...func(tb testing.TB)) {
	tb.Helper()
	var wg sync.WaitGroup
	rs := make([]*recorderTB, len(fns))
	for i, fn := range fns {
		rs[i] = &recorderTB{TB: tb}
		wg.Add(1)
		go func(r *recorderTB) {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil && p != errFailNow {
					r.Errorf("panic: %v", p)
				}
			}()
			fn(r)
		}(rs[i])
	}
	wg.Wait()
	var failures []string
	for i, r := range rs {
		for _, f := range r.failures {
			failures = append(failures, fmt.Sprintf("goroutine %d: %s", i, f))
		}
	}
	if len(failures) > 0 {
		tb.Fatalf("%s", strings.Join(failures, "\n"))
	}
}

// errFailNow is the panic through which a recorderTB ends its goroutine, as
// runtime.Goexit ends a test's.
var errFailNow = fmt.Errorf("storetestkit: goroutine failed")

// recorderTB is the testing.TB of one goroutine of Concurrently: it keeps
// its failures, and its logs go to the test's.
type recorderTB struct {
	testing.TB
	mu       sync.Mutex
	failures []string
}

func (r *recorderTB) Helper() {}

func (r *recorderTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorderTB) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recorderTB) Fail() { r.Errorf("failed") }

func (r *recorderTB) FailNow() { panic(errFailNow) }

func (r *recorderTB) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.FailNow()
}

func (r *recorderTB) Fatal(args ...any) {
	r.Error(args...)
	r.FailNow()
}

func (r *recorderTB) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.failures) > 0
}

// RaceWrites runs write n times at once, each in a goroutine of its own,
// and waits for them: a round of writers on the same records, of which
// the losers are refused. Each must succeed or fail with ECONFLICT; any
// other error fails tb, named by what.
func RaceWrites(tb testing.TB, n int, what string, write func() error) {
	tb.Helper()
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { errs <- write() })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil && govops.ErrorCode(err) != govops.ECONFLICT {
			tb.Fatalf("%s: %v; want success or ECONFLICT", what, err)
		}
	}
}
