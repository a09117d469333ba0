package datasharemem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/datashare/storetest"
)

// harness makes a new datasharemem Store for each case. Its writers buffer
// their records and hold no lock between calls, so it has the capability
// of open mounts.
type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (datashare.Store, error) {
	return datasharemem.New(), nil
}

func (harness) Close() {}

func (harness) Supports(capability string) bool { return capability == storetest.CapOpenMounts }

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}

func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, newHarness)
}
