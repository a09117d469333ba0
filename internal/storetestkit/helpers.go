package storetestkit

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Must fails tb if err is not nil; what names the call that returned it.
func Must(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: unexpected error: %v", what, err)
	}
}

// MustCode fails tb unless err carries the govops error code code ("" for no
// error); what names the call that returned it.
func MustCode(tb testing.TB, err error, code, what string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("%s: error code %q (error: %v), want %q", what, got, err, code)
	}
}

// NewID returns a new UUIDv7, the kind of ID every Service assigns, failing
// tb in the unlikely case that the system's random source fails.
func NewID(tb testing.TB) uuid.UUID {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatalf("storetest: uuid.NewV7: %v", err)
	}
	return id
}

// CompareID orders IDs as every Store orders them: by their bytes, which is
// also the order of their lower-case text form. "Newest first" is this order
// reversed, since a UUIDv7 begins with its creation time.
func CompareID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// Micro returns t in UTC, truncated to the microsecond: the precision every
// store must keep (that of MySQL's DATETIME(6)), so a fixture built from it
// survives a round trip exactly.
func Micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Cancelled returns a context that is already cancelled, carrying tb's
// context's values.
func Cancelled(tb testing.TB) context.Context {
	ctx, cancel := context.WithCancel(tb.Context())
	cancel()
	return ctx
}

// RequireCancelled calls every function of calls, named by its key, with a
// cancelled context, and fails tb for each that returns no error or does not
// return within 10 seconds: a store must give up on a cancelled caller, not
// do the work or hang. The caller then checks that nothing was written.
func RequireCancelled(tb testing.TB, calls map[string]func(ctx context.Context) error) {
	tb.Helper()
	ctx := Cancelled(tb)
	names := make([]string, 0, len(calls))
	for name := range calls {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		done := make(chan error, 1)
		go func() { done <- calls[name](ctx) }()
		select {
		case err := <-done:
			if err == nil {
				tb.Errorf("%s with a cancelled context returned no error", name)
			}
		case <-time.After(10 * time.Second):
			tb.Fatalf("%s with a cancelled context did not return within 10s", name)
		}
	}
}

// Scale returns full, or short when the tests run with -short: the size of
// a fixture or benchmark data set.
func Scale(short, full int) int {
	if testing.Short() {
		return short
	}
	return full
}
