package storetestkit_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// recorder is a testing.TB that records failures instead of reporting them,
// so that a test can check that a helper fails. Fatalf ends the goroutine as
// the real one does.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	failed bool
	msgs   []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Helper() {}

// outcome runs fn over a recorder and returns what it reported and whether
// it failed.
func outcome(t *testing.T, fn func(tb testing.TB)) (string, bool) {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "\n"), r.failed
}

func TestMustCode(t *testing.T) {
	storetestkit.MustCode(t, govops.Errorf(govops.ECONFLICT, "taken"), govops.ECONFLICT, "create")
	storetestkit.MustCode(t, nil, "", "create")
	msg, failed := outcome(t, func(tb testing.TB) {
		storetestkit.MustCode(tb, govops.Errorf(govops.ENOTFOUND, "gone"), govops.ECONFLICT, "UpdateCase")
	})
	if !failed || !strings.Contains(msg, `UpdateCase: error code "not_found"`) {
		t.Fatalf("MustCode with the wrong code: failed %v, %q", failed, msg)
	}
	_, failed = outcome(t, func(tb testing.TB) { storetestkit.Must(tb, fmt.Errorf("boom"), "GetCase") })
	if !failed {
		t.Fatalf("Must passed an error")
	}
}

func TestNewID(t *testing.T) {
	a, b := storetestkit.NewID(t), storetestkit.NewID(t)
	if a.Version() != 7 || storetestkit.CompareID(a, b) >= 0 {
		t.Fatalf("NewID gave %s then %s: want UUIDv7s in ascending order", a, b)
	}
}

func TestMicro(t *testing.T) {
	in := time.Date(2023, 1, 1, 1, 0, 0, 123456789, govops.ShanghaiLocation())
	if got := storetestkit.Micro(in); got.Location() != time.UTC || !got.Equal(time.Date(2022, 12, 31, 17, 0, 0, 123456000, time.UTC)) {
		t.Fatalf("Micro(%v) = %v", in, got)
	}
}

func TestRequireCancelled(t *testing.T) {
	if err := storetestkit.Cancelled(t).Err(); err != context.Canceled {
		t.Fatalf("Cancelled(t).Err() = %v", err)
	}
	heeds := func(ctx context.Context) error { return ctx.Err() }
	ignores := func(context.Context) error { return nil }
	storetestkit.RequireCancelled(t, map[string]func(context.Context) error{"Get": heeds, "List": heeds})
	msg, failed := outcome(t, func(tb testing.TB) {
		storetestkit.RequireCancelled(tb, map[string]func(context.Context) error{"Get": heeds, "Count": ignores})
	})
	if !failed || msg != "Count with a cancelled context returned no error" {
		t.Fatalf("RequireCancelled over a call that ignores the context: failed %v, %q", failed, msg)
	}
}
