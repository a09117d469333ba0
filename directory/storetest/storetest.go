// Package storetest is the conformance suite for directory.Store
// implementations.
//
// Every store that ships with the directory runs it, and so should yours:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunConformanceTests(t, func(ctx context.Context, t testing.TB) (storetest.Harness, error) {
//			return &myHarness{}, nil // its MakeStore returns a fresh, empty store
//		})
//	}
//
// The suite builds departments and events itself, without the Service,
// because a Store holds no business rule: it only has to keep what it is
// given, find it and count it exactly. It checks:
//
//   - every field of departments and events round-trips, with times at
//     microsecond precision compared by instant;
//   - codes are unique regardless of letter case, in a batch and against
//     the stored ones, while lookups by code are exact and Lookup finds a
//     code in any case; ENOTFOUND for unknown codes and IDs, ECONFLICT for
//     a taken code, ID or event ID, and a stale Version;
//   - atomic batches: a batch with one bad department or event stores
//     nothing;
//   - optimistic locking: of 50 goroutines writing the same version, exactly
//     one wins and the others get ECONFLICT, and a losing write changes
//     nothing;
//   - atomic "update the department and append its events", seen from
//     outside, and event IDs unique across every department;
//   - filters (kinds, zone, parent, status, text in codes of any case and
//     names, with no wildcard in it), Count and keyset pagination in byte
//     order, against a brute-force reference over a randomized fixture;
//   - Counts against a brute-force count, every group once, in any order;
//   - every method failing on a cancelled context, without writing.
//
// RunBenchmarks measures batch creation, listing and lookups.
//
// Each case of the suite is a method of the type cases named Test…, found
// by its name (see internal/storetestkit.Run), so a new case needs no list
// to be added to. The suite's own test runs it over stores that each break
// one rule and requires that the case meant for that rule, and only it,
// fails.
package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/storetestkit"
)

// Harness makes stores for one adapter. MakeStore returns a fresh, empty
// store for each subtest; it may register cleanups on t. Close releases
// whatever the harness holds once every subtest has run:
//
//	MakeStore(ctx context.Context, t testing.TB) (directory.Store, error)
//	Close()
//
// A harness may also have a method Dialect() string naming the database
// dialect of its stores ("sqlite", "pg", "mysql"): when the suite passes,
// RunConformanceTests then leaves the file directory-<dialect> in the
// folder named by $GOVOPS_CONFORMANCE_DIR, which CI checks to prove that
// the suite ran on each database rather than being skipped. (A harness may
// declare optional capabilities with Supports(capability string) bool as
// well, but this suite has none: every case applies to every store.)
type Harness = storetestkit.Harness[directory.Store]

// HarnessMaker makes the Harness of one adapter for one run of the suite.
type HarnessMaker = storetestkit.HarnessMaker[directory.Store]

// RunConformanceTests runs every conformance test against the stores that
// newHarness makes. Each named subtest gets a fresh store.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	storetestkit.Run(t, "directory", newHarness, cases{})
}

// storeMaker returns a fresh, empty store for t.
type storeMaker = storetestkit.StoreMaker[directory.Store]

// cases holds the suite's cases: each of its methods named Test… is one.
type cases struct{}

// baseTime is the instant fixtures are built around: microsecond precision
// (so it survives DATETIME(6)) in Asia/Shanghai, which a store may return
// in any location.
func baseTime() time.Time {
	return time.Date(2022, 8, 14, 9, 26, 53, 589793000, govops.ShanghaiLocation())
}

// unit returns an active department at version 1 with every field set.
func unit(tb testing.TB, code, name string, kind directory.Kind, parent string, zone directory.Zone) directory.Department {
	tb.Helper()
	t0 := baseTime()
	return directory.Department{ID: storetestkit.NewID(tb), Code: code, Name: name, Kind: kind, Parent: parent, Zone: zone,
		Status: directory.StatusActive, Version: 1, CreatedAt: t0, UpdatedAt: t0}
}

// dept returns a department of the district government in the building.
func dept(tb testing.TB, code, name string) directory.Department {
	tb.Helper()
	return unit(tb, code, name, directory.KindDepartment, "", directory.ZoneBuilding)
}

// event returns the event that brought d to its Version and Status.
func event(tb testing.TB, d *directory.Department, typ directory.EventType, from directory.Status) directory.Event {
	tb.Helper()
	return directory.Event{ID: storetestkit.NewID(tb), Subject: d.ID, Seq: d.Version, Type: typ, Actor: "中心-王",
		At: baseTime().Add(time.Duration(d.Version) * time.Hour), From: from, To: d.Status, Department: d.Code,
		Note: fmt.Sprintf("第%d步: name: 旧 → 新", d.Version)}
}

// created returns the created event of d.
func created(tb testing.TB, d *directory.Department) directory.Event {
	tb.Helper()
	return event(tb, d, directory.EventCreated, "")
}

// renamed returns the next version of d under another name, with its event.
func renamed(tb testing.TB, d *directory.Department, name string) (*directory.Department, directory.Event) {
	tb.Helper()
	next := *d
	next.Name, next.Version = name, d.Version+1
	next.UpdatedAt = storetestkit.Micro(d.UpdatedAt.Add(time.Minute))
	return &next, event(tb, &next, directory.EventUpdated, d.Status)
}

// mustCreate stores ds with their created events.
func mustCreate(tb testing.TB, st directory.Store, ds ...directory.Department) []directory.Event {
	tb.Helper()
	evs := make([]directory.Event, len(ds))
	for i := range ds {
		evs[i] = created(tb, &ds[i])
	}
	storetestkit.Must(tb, st.Create(tb.Context(), ds, evs), "Create")
	return evs
}

// requireStored fails tb unless the department of d's code is d, with
// events evs.
func requireStored(tb testing.TB, st directory.Store, d directory.Department, evs []directory.Event, when string) {
	tb.Helper()
	got, err := st.Department(tb.Context(), d.Code)
	storetestkit.Must(tb, err, "Department "+when)
	storetestkit.RequireEqual(tb, d, *got, "department "+d.Code+" "+when)
	gotEvs, err := st.Events(tb.Context(), d.Code)
	storetestkit.Must(tb, err, "Events "+when)
	storetestkit.RequireEqual(tb, evs, gotEvs, "events of "+d.Code+" "+when)
}

// requireAbsent fails tb unless no department has exactly code.
func requireAbsent(tb testing.TB, st directory.Store, code, when string) {
	tb.Helper()
	_, err := st.Department(tb.Context(), code)
	storetestkit.MustCode(tb, err, govops.ENOTFOUND, "Department "+code+" "+when)
}
