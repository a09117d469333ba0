package directorymem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/directory/storetest"
)

type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (directory.Store, error) {
	return directorymem.New(), nil
}

func (harness) Close() {}

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}

func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, newHarness)
}
