package netopsmem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
	"github.com/govops-kit/govops/netops/storetest"
)

// harness makes a new netopsmem Store for each case.
type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (netops.Store, error) {
	return netopsmem.New(), nil
}

func (harness) Close() {}

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}
