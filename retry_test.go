package govops_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

func TestRetry(t *testing.T) {
	ctx := context.Background()
	conflict := govops.Errorf(govops.ECONFLICT, "lost")
	calls := 0
	lost, err := govops.Retry(ctx, 5, func(int) (bool, error) {
		calls++
		if calls < 3 {
			return true, conflict
		}
		return false, nil
	})
	if lost || err != nil || calls != 3 {
		t.Errorf("won on the third try: lost=%v err=%v calls=%d", lost, err, calls)
	}
	calls = 0
	lost, err = govops.Retry(ctx, 4, func(int) (bool, error) { calls++; return true, conflict })
	if !lost || !errors.Is(err, conflict) || calls != 4 {
		t.Errorf("always lost: lost=%v err=%v calls=%d, want 4 tries and the conflict", lost, err, calls)
	}
	calls = 0
	other := govops.Errorf(govops.EINVALID, "bad")
	if _, err := govops.Retry(ctx, 4, func(int) (bool, error) { calls++; return false, other }); !errors.Is(err, other) || calls != 1 {
		t.Errorf("a refusal is not retried: err=%v calls=%d", err, calls)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := govops.Retry(cctx, 4, func(int) (bool, error) { return true, conflict }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while waiting: %v", err)
	}
}

func TestTurns(t *testing.T) {
	ctx := context.Background()
	var turns govops.Turns
	var inside, most atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := turns.Take(ctx, "case-1")
			if err != nil {
				t.Error(err)
				return
			}
			n := inside.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(100 * time.Microsecond)
			inside.Add(-1)
			release()
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d writers held one key's turn at once, want 1", most.Load())
	}

	hold, err := turns.Take(ctx, "case-1")
	if err != nil {
		t.Fatal(err)
	}
	other, err := turns.Take(ctx, "case-2")
	if err != nil {
		t.Fatalf("another key waits on a held one: %v", err)
	}
	other()
	cctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	if _, err := turns.Take(cctx, "case-1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting past the context's end: %v, want its error", err)
	}
	if n := turns.KeysForTest(); n != 1 {
		t.Errorf("with one turn held, %d keys are kept, want 1", n)
	}
	hold()
	if n := turns.KeysForTest(); n != 0 {
		t.Errorf("with every turn given back, %d keys are kept, want 0", n)
	}
}
