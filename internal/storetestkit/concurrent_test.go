package storetestkit_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/govops-kit/govops/internal/storetestkit"
)

func TestConcurrently(t *testing.T) {
	var ran atomic.Int64
	storetestkit.Concurrently(t,
		func(tb testing.TB) { ran.Add(1) },
		func(tb testing.TB) { ran.Add(1) },
		func(tb testing.TB) { ran.Add(1) })
	if ran.Load() != 3 {
		t.Fatalf("ran %d of 3", ran.Load())
	}
	var after atomic.Bool
	msg, failed := outcome(t, func(tb testing.TB) {
		storetestkit.Concurrently(tb,
			func(tb testing.TB) { ran.Add(1) },
			func(tb testing.TB) {
				storetestkit.Must(tb, fmt.Errorf("boom"), "Commit")
				after.Store(true) // never: Must ended the goroutine
			},
			func(tb testing.TB) { tb.Errorf("count %d, want %d", 4, 5) })
	})
	if !failed || !strings.Contains(msg, "goroutine 1: Commit") || !strings.Contains(msg, "boom") ||
		!strings.Contains(msg, "goroutine 2: count 4, want 5") || after.Load() || ran.Load() != 4 {
		t.Fatalf("Concurrently with failing goroutines: failed %v, %q, ran on after Fatal %v", failed, msg, after.Load())
	}
}
