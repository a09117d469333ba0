package storetest_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/govcase/storetest"
)

// harness makes the stores of one adapter for the suite. This one makes
// in-memory stores; yours returns a store over a fresh database, or fresh
// tables, on each call. It may also declare Dialect() string, which names
// the marker file the suite leaves for CI when it passes.
type harness struct{}

// MakeStore returns a fresh, empty store for one case of the suite; it may
// register cleanups on t.
func (harness) MakeStore(ctx context.Context, t testing.TB) (govcase.Store, error) {
	return govcasemem.New(), nil
}

// Close releases what the harness holds, once every case has run.
func (harness) Close() {}

// An adapter's conformance test: put TestConformance in a _test.go file of
// the store's package, and go test runs the whole suite over it, each case
// on a fresh store.
func ExampleRunConformanceTests() {
	TestConformance := func(t *testing.T) {
		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
			return harness{}, nil
		})
	}
	_ = TestConformance
}
