package groupcommit_test

import (
	"context"
	"testing"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorybun"
	dirstoretest "github.com/govops-kit/govops/directory/storetest"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasebun"
	govcasestoretest "github.com/govops-kit/govops/govcase/storetest"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinebun"
	hotlinestoretest "github.com/govops-kit/govops/hotline/storetest"
)

// The stores' conformance suites, each over a fresh grouped SQLite file
// per subtest: optimistic locking, atomic writes with their events and
// sequence numbers under concurrency must hold through groups as they do
// on one plain connection.

type govcaseHarness struct{}

func (govcaseHarness) MakeStore(ctx context.Context, t testing.TB) (govcase.Store, error) {
	return govcasebun.Open(ctx, MustOpenDB(t))
}

func (govcaseHarness) Close() {}

func TestConformance_Govcase(t *testing.T) {
	govcasestoretest.RunConformanceTests(t, func(context.Context, testing.TB) (govcasestoretest.Harness, error) {
		return govcaseHarness{}, nil
	})
}

type hotlineHarness struct{}

func (hotlineHarness) MakeStore(ctx context.Context, t testing.TB) (hotline.Store, error) {
	return hotlinebun.Open(ctx, MustOpenDB(t))
}

func (hotlineHarness) Close() {}

func TestConformance_Hotline(t *testing.T) {
	hotlinestoretest.RunConformanceTests(t, func(context.Context, testing.TB) (hotlinestoretest.Harness, error) {
		return hotlineHarness{}, nil
	})
}

type directoryHarness struct{}

func (directoryHarness) MakeStore(ctx context.Context, t testing.TB) (directory.Store, error) {
	st := directorybun.New(MustOpenDB(t))
	return st, st.Migrate(ctx)
}

func (directoryHarness) Close() {}

func TestConformance_Directory(t *testing.T) {
	dirstoretest.RunConformanceTests(t, func(context.Context, testing.TB) (dirstoretest.Harness, error) {
		return directoryHarness{}, nil
	})
}
