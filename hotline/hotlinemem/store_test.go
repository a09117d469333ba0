package hotlinemem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
	"github.com/govops-kit/govops/hotline/storetest"
)

type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (hotline.Store, error) {
	return hotlinemem.New(), nil
}

func (harness) Close() {}

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}

func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, newHarness)
}
