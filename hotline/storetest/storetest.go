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
//   - atomic bulk inserts: a batch holding one duplicate leaves nothing
//     behind;
//   - filters and keyset pagination against a brute-force reference;
//   - CallbackCounts, OutcomeCounts and DeductionCounts against a
//     brute-force count over a randomized fixture;
//   - scheme version lookup by month.
//
// RunBenchmarks measures bulk inserts and the monthly counts.
package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run.
type Harness interface {
	MakeStore(ctx context.Context, t testing.TB) (hotline.Store, error)
	Close()
}

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker func(ctx context.Context, t testing.TB) (Harness, error)

// storeMaker returns a fresh, empty store for t.
type storeMaker func(t *testing.T) hotline.Store

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	h, err := newHarness(t.Context(), t)
	if err != nil {
		t.Fatalf("storetest: making the harness: %v", err)
	}
	t.Cleanup(h.Close)
	mk := func(t *testing.T) hotline.Store {
		t.Helper()
		st, err := h.MakeStore(t.Context(), t)
		if err != nil {
			t.Fatalf("storetest: making a store: %v", err)
		}
		return st
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, mk storeMaker)
	}{
		{"CallbackCRUD", testCallbackCRUD},
		{"CallbackBulkAtomic", testCallbackBulk},
		{"ListCallbacks", testListCallbacks},
		{"ExistingCallbacks", testExistingCallbacks},
		{"OutcomeCRUD", testOutcomeCRUD},
		{"OutcomeBulkAtomic", testOutcomeBulk},
		{"ListOutcomes", testListOutcomes},
		{"Schemes", testSchemes},
		{"DeductionCRUD", testDeductionCRUD},
		{"ListDeductions", testListDeductions},
		{"ProvisionalAppealBy", testProvisionalAppealBy},
		{"DeductionEventTypes", testDeductionEventTypes},
		{"AppealRace", testAppealRace},
		{"Aggregates", testAggregates},
		{"PeerResults", testPeerResults},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, mk) })
	}
}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2022, 8, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

func newID(tb testing.TB) uuid.UUID {
	tb.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		tb.Fatalf("storetest: uuid.NewV7: %v", err)
	}
	return id
}

func must(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: unexpected error: %v", what, err)
	}
}

func wantCode(tb testing.TB, err error, code, what string) {
	tb.Helper()
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("%s: error code %q (error: %v), want %q", what, got, err, code)
	}
}

// diff lists where two values of the same type differ. Times are compared
// by instant, decimals by value, and a nil slice or map equals an empty one.
func diff(path string, w, g reflect.Value) []string {
	if w.Type() == reflect.TypeFor[time.Time]() {
		wt, gt := w.Interface().(time.Time), g.Interface().(time.Time)
		if !wt.Equal(gt) {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, gt, wt)}
		}
		return nil
	}
	if w.Type() == reflect.TypeFor[decimal.Decimal]() {
		wd, gd := w.Interface().(decimal.Decimal), g.Interface().(decimal.Decimal)
		if !wd.Equal(gd) {
			return []string{fmt.Sprintf("%s: got %s, want %s", path, gd, wd)}
		}
		return nil
	}
	switch w.Kind() {
	case reflect.Struct:
		var out []string
		for i := range w.NumField() {
			if !w.Type().Field(i).IsExported() {
				continue
			}
			out = append(out, diff(path+"."+w.Type().Field(i).Name, w.Field(i), g.Field(i))...)
		}
		return out
	case reflect.Slice:
		if w.Len() != g.Len() {
			return []string{fmt.Sprintf("%s: got %d elements, want %d (got %#v, want %#v)", path, g.Len(), w.Len(), g.Interface(), w.Interface())}
		}
		var out []string
		for i := range w.Len() {
			out = append(out, diff(fmt.Sprintf("%s[%d]", path, i), w.Index(i), g.Index(i))...)
		}
		return out
	case reflect.Pointer:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				return []string{path + ": one is nil"}
			}
			return nil
		}
		return diff(path, w.Elem(), g.Elem())
	}
	if !reflect.DeepEqual(w.Interface(), g.Interface()) {
		return []string{fmt.Sprintf("%s: got %#v, want %#v", path, g.Interface(), w.Interface())}
	}
	return nil
}

// requireEqual fails tb unless got equals want in the sense of diff.
func requireEqual[T any](tb testing.TB, want, got T, what string) {
	tb.Helper()
	if d := diff("", reflect.ValueOf(want), reflect.ValueOf(got)); len(d) > 0 {
		tb.Fatalf("%s differs from what was stored:\n  %s", what, strings.Join(d, "\n  "))
	}
}

// The months of the fixtures.
func jul() hotline.Month { return hotline.NewMonth(2022, 7) }
func aug() hotline.Month { return hotline.NewMonth(2022, 8) }
func sep() hotline.Month { return hotline.NewMonth(2022, 9) }

// callback returns a callback with every field set.
func callback(tb testing.TB, caseNumber, dept string, m hotline.Month, r hotline.Result) hotline.Callback {
	tb.Helper()
	t0 := baseTime()
	return hotline.Callback{ID: newID(tb), CaseNumber: caseNumber, Department: dept, Month: m, Result: r,
		CalledAt: t0.Add(-time.Hour), Note: "市民表示问题已解决，态度很好 👍", CreatedAt: t0, CreatedBy: "中心-李"}
}

// outcome returns an outcome at version 1 with a mix of flags.
func outcome(caseNumber, dept string, m hotline.Month) hotline.Outcome {
	return hotline.Outcome{CaseNumber: caseNumber, Department: dept, Month: m, Dispatched: true,
		AcceptedOnTime: true, ResolvedOnTime: false, Returned: true, Redone: false, Replied: true,
		Version: 1, UpdatedAt: baseTime(), UpdatedBy: "case-hook"}
}
