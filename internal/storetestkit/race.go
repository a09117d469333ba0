package storetestkit

import (
	"sync"
	"testing"

	"github.com/govops-kit/govops"
)

// RequireOneWinner checks optimistic locking: n goroutines each call
// read(i), which reads the same stored version and returns the write that
// would store the next one; once all have read, all write at once. Exactly
// one write must succeed and every other must fail with ECONFLICT.
// RequireOneWinner returns the index of the winner, whose write the caller
// then expects to find stored, with its events and no other's.
func RequireOneWinner(tb testing.TB, n int, read func(i int) (write func() error, err error)) int {
	tb.Helper()
	var (
		ready, wg sync.WaitGroup
		start     = make(chan struct{})
		errs      = make([]error, n)
	)
	ready.Add(n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			write, err := read(i)
			ready.Done()
			if err != nil {
				errs[i] = err
				return
			}
			<-start // every writer has read before any writes
			errs[i] = write()
		}()
	}
	ready.Wait()
	close(start)
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch govops.ErrorCode(err) {
		case "":
			if won >= 0 {
				tb.Fatalf("writers %d and %d both wrote over the same version", won, i)
			}
			won = i
		case govops.ECONFLICT:
		default:
			tb.Fatalf("writer %d: got %v, want success or ECONFLICT", i, err)
		}
	}
	if won < 0 {
		tb.Fatalf("no writer succeeded; all %d got ECONFLICT", n)
	}
	return won
}
