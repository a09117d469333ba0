package securitymem_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
	"github.com/govops-kit/govops/security/storetest"
)

// harness makes a new securitymem Store for each case.
type harness struct{}

func (harness) MakeStore(context.Context, testing.TB) (security.Store, error) {
	return securitymem.New(), nil
}

func (harness) Close() {}

func newHarness(context.Context, testing.TB) (storetest.Harness, error) { return harness{}, nil }

func TestConformance(t *testing.T) {
	storetest.RunConformanceTests(t, newHarness)
}
