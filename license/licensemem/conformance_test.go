package licensemem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/license/licensemem"
	"github.com/govops-kit/govops/license/storetest"
)

type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (license.Store, error) {
	return licensemem.New(), nil
}

func (harness) Close() {}

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}

func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, newHarness)
}
