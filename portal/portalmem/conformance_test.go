package portalmem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
	"github.com/govops-kit/govops/portal/storetest"
)

// harness makes a new portalmem Store for each case.
type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (portal.Store, error) {
	return portalmem.New(), nil
}

func (harness) Close() {}

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}
