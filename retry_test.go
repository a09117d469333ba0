package govops_test

import (
	"context"
	"errors"
	"testing"

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
