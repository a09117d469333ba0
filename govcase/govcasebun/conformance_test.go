package govcasebun_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
	"github.com/govops-kit/govops/govcase/storetest"
	"github.com/govops-kit/govops/internal/dbtest"
)

// harness makes a migrated Store over a fresh database of one dialect for
// every subtest of the conformance suite.
type harness struct{ dialect string }

func (h harness) MakeStore(ctx context.Context, t testing.TB) (govcase.Store, error) {
	return govcasebun.Open(ctx, dbtest.Open(t, h.dialect))
}

func (harness) Close() {}

func TestConformance(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(dbtest.Name(d), func(t *testing.T) {
			// Registered before the suite's own cleanups, so it runs after
			// them and records only a run that passed.
			t.Cleanup(func() { dbtest.Record(t, "govcase", d) })
			storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
				return harness{dialect: d}, nil
			})
		})
	}
}
