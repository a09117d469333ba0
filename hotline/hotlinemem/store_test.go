package hotlinemem_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
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

// TestStore_RepairSummaries spoils a group of the callback summary: the
// count reads it, a check finds it and repairs nothing, a repair mends it.
func TestStore_RepairSummaries(t *testing.T) {
	ctx := t.Context()
	st := hotlinemem.New()
	m := hotline.NewMonth(2022, 8)
	cs := []hotline.Callback{
		{ID: uuid.Must(uuid.NewV7()), CaseNumber: "2022-000001", Department: "yuejin", Month: m, Result: hotline.ResultSatisfied},
		{ID: uuid.Must(uuid.NewV7()), CaseNumber: "2022-000002", Department: "yuejin", Month: m, Result: hotline.ResultSatisfied},
	}
	if err := st.BulkInsertCallbacks(ctx, cs); err != nil {
		t.Fatal(err)
	}
	count := func() int64 {
		got, err := st.CallbackCounts(ctx, hotline.SingleMonth(m))
		if err != nil || len(got) != 1 {
			t.Fatalf("CallbackCounts = %+v, %v; want one group", got, err)
		}
		return got[0].Count
	}
	st.SpoilCallbackSummary(m, "yuejin", hotline.ResultSatisfied, 3)
	if n := count(); n != 5 {
		t.Fatalf("count %d after spoiling the summary by 3, want 5: it does not read the summary", n)
	}
	rep, err := st.RepairSummaries(ctx, false)
	if err != nil || rep.Clean() || rep.Summaries[0].Repaired || len(rep.Summaries[0].Diffs) != 1 ||
		rep.Summaries[0].Diffs[0] != (govops.SummaryDiff{Group: "month=2022-08 department=yuejin result=satisfied", Stored: "n=5", Records: "n=2"}) {
		t.Fatalf("check = %+v, %v; want the spoiled group, stored n=5, records n=2, not repaired", rep, err)
	}
	rep, err = st.RepairSummaries(ctx, true)
	if err != nil || !rep.Summaries[0].Repaired {
		t.Fatalf("repair = %+v, %v", rep, err)
	}
	if rep, err := st.RepairSummaries(ctx, false); err != nil || !rep.Clean() {
		t.Fatalf("after the repair: %s, %v", rep, err)
	}
	if n := count(); n != 2 {
		t.Fatalf("count %d after the repair, want 2", n)
	}
}
