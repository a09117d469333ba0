package storetest_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
	"github.com/govops-kit/govops/license/storetest"
)

// myHarness makes the stores the suite runs over. This one makes
// licensemem stores; yours opens your database, migrates it and returns
// your store, a fresh and empty one for each case (drop its tables, or use
// a new schema, in a cleanup registered on t).
type myHarness struct{}

func (myHarness) MakeStore(ctx context.Context, t testing.TB) (license.Store, error) {
	return licensemem.New(), nil
}

// Close releases what the harness holds once every case has run: a
// connection pool, a container.
func (myHarness) Close() {}

// Dialect names the database of the stores ("sqlite", "pg", "mysql"), so
// that a passing run leaves its marker for CI. It is optional.
func (myHarness) Dialect() string { return "memory" }

// An integrator runs the suite from a test of the adapter's own package:
// the function below, saved in a _test.go file as TestConformance, runs
// every case over the stores the harness makes, each in a subtest of its
// own. An example cannot take the *testing.T a suite needs, so it shows
// the test without running it; licensemem's and licensebun's
// TestConformance run it for real.
func ExampleRunConformanceTests() {
	_ = func(t *testing.T) { // func TestConformance(t *testing.T)
		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
			return myHarness{}, nil
		})
	}
}
