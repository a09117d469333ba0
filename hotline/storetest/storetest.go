// Package storetest is the conformance suite for hotline.Store
// implementations.
//
// Every store that ships with hotline runs it, and so should yours:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
//			return &myHarness{}, nil // its MakeStore returns a fresh, empty store
//		})
//	}
//
// The suite builds records itself, without the Service, because a Store
// holds no business rule: it only has to keep what it is given and count it
// exactly. It checks:
//
//   - every field of callbacks, outcomes, schemes, deductions, deduction
//     events and peer results round-trips, with times at microsecond
//     precision compared by instant and decimals compared by value;
//     AppealByProvisional round-trips both ways, through creates and
//     updates, and every DeductionEventType is kept as it was written;
//   - the error codes: ENOTFOUND for unknown records, ECONFLICT for a
//     duplicate ID, a duplicate callback (case number and month), a
//     duplicate outcome or scheme month, and a stale Version;
//   - optimistic locking: of 50 goroutines deciding the same appeal, exactly
//     one wins and the others get ECONFLICT, and a losing write changes
//     nothing;
//   - atomic "update the deduction and append its events", seen from
//     outside: readers running beside a writer never find a deduction
//     without the events of its version, or an event ahead of its
//     deduction;
//   - deduction event IDs unique across every deduction: a taken one is
//     ECONFLICT and stores nothing;
//   - atomic bulk inserts: a batch holding one duplicate leaves nothing
//     behind;
//   - filters and keyset pagination against a brute-force reference;
//   - CallbackCounts, OutcomeCounts and DeductionCounts against a
//     brute-force count over a randomized fixture, every group once and in
//     any order (the Service sorts them); DeductionCounts counts exactly
//     the statuses it is given, grouping points by value;
//   - the same counts, over single months and ranges, against brute-force
//     counts of the listed records after each of several random sequences
//     of writes: creates and bulk imports of callbacks and outcomes (some
//     refused whole), outcome updates that change flags, month or
//     department, deductions recorded and moved between statuses, months,
//     departments and points, part of each sequence from goroutines
//     writing at once and racing on one outcome and one deduction (the
//     losers get ECONFLICT; at most one may win). A store that keeps
//     summary rows (govops.SummaryKeeper) must also find them equal to its
//     records after every sequence, with RepairSummaries(ctx, false), and
//     a repair of a store whose summaries are right must find nothing and
//     replace nothing;
//   - scheme version lookup by month;
//   - every method failing on a cancelled context, without writing.
//
// RunBenchmarks measures bulk and single writes and the monthly counts.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to. The suite's own test runs it over stores that each break
// one rule and requires that the case meant for that rule, and only it,
// fails.
package storetest

import (
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (hotline.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file hotline-<dialect> in the folder
// named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that the suite
// ran on each database rather than being skipped. (A harness may declare
// optional capabilities with Supports(capability string) bool as well, but
// this suite has none: every case applies to every store.)
type Harness = storetestkit.Harness[hotline.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[hotline.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "hotline", newHarness, cases{})
}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2022, 8, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[hotline.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// The months of the fixtures.
func jul() hotline.Month { return hotline.NewMonth(2022, 7) }
func aug() hotline.Month { return hotline.NewMonth(2022, 8) }
func sep() hotline.Month { return hotline.NewMonth(2022, 9) }

// callback returns a callback with every field set.
func callback(tb testing.TB, caseNumber, dept string, m hotline.Month, r hotline.Result) hotline.Callback {
	tb.Helper()
	t0 := baseTime()
	return hotline.Callback{ID: storetestkit.NewID(tb), CaseNumber: caseNumber, Department: dept, Month: m, Result: r,
		CalledAt: t0.Add(-time.Hour), Note: "市民表示问题已解决，态度很好 👍", CreatedAt: t0, CreatedBy: "中心-李"}
}

// outcome returns an outcome at version 1 with a mix of flags.
func outcome(caseNumber, dept string, m hotline.Month) hotline.Outcome {
	return hotline.Outcome{CaseNumber: caseNumber, Department: dept, Month: m, Dispatched: true,
		AcceptedOnTime: true, ResolvedOnTime: false, Returned: true, Redone: false, Replied: true,
		Version: 1, UpdatedAt: baseTime(), UpdatedBy: "case-hook"}
}
