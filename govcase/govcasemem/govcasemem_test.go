package govcasemem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/govcase/storetest"
)

// harness makes a new, empty in-memory store for every subtest.
type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (govcase.Store, error) {
	return govcasemem.New(), nil
}

func (harness) Close() {}

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

// TestConformance runs the govcase store conformance suite over govcasemem.
func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}

// BenchmarkConformance measures govcasemem with the suite's benchmarks.
func BenchmarkConformance(b *testing.B) {
	storetest.RunBenchmarks(b, newHarness)
}
