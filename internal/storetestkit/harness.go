package storetestkit

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// ConformanceDirEnv names a folder in which Run leaves one marker file per
// suite and dialect that passed ("govcase-pg"), so that CI can prove that the
// suites really ran on PostgreSQL and MySQL rather than being skipped.
const ConformanceDirEnv = "GOVOPS_CONFORMANCE_DIR"

// Harness makes the stores of one adapter. MakeStore returns a fresh, empty
// store for each case; it may register cleanups on t. Close releases what
// the harness holds once every case has run.
//
// A harness may also declare, by its method set:
//
//   - Dialect() string: the database dialect its stores use ("sqlite", "pg",
//     "mysql"), which names the conformance marker;
//   - Supports(capability string) bool: the optional capabilities its stores
//     have. A case that needs a capability the harness does not declare is
//     skipped, with a message saying which, rather than passed.
//
// The optional methods take plain strings, so that an adapter outside this
// module, which cannot import this package, can declare them.
type Harness[S any] interface {
	MakeStore(ctx context.Context, t testing.TB) (S, error)
	Close()
}

// HarnessMaker makes the Harness of one adapter for one run of a suite.
type HarnessMaker[S any] func(ctx context.Context, t testing.TB) (Harness[S], error)

// StoreMaker returns a fresh, empty store for tb.
type StoreMaker[S any] func(tb testing.TB) S

// dialectNamer is the optional method through which a harness names its
// dialect.
type dialectNamer interface{ Dialect() string }

// capable is the optional method through which a harness declares its
// capabilities.
type capable interface{ Supports(capability string) bool }

// OpenHarness makes the harness with newHarness, closes it when tb ends, and
// returns it with the function that makes a fresh store from it. It fails
// tb if the harness or a store cannot be made.
func OpenHarness[S any](tb testing.TB, newHarness HarnessMaker[S]) (Harness[S], StoreMaker[S]) {
	tb.Helper()
	h, err := newHarness(tb.Context(), tb)
	if err != nil {
		tb.Fatalf("storetest: making the harness: %v", err)
	}
	if h == nil {
		tb.Fatalf("storetest: the harness maker returned no harness and no error")
	}
	tb.Cleanup(h.Close)
	mk := func(tb testing.TB) S {
		tb.Helper()
		st, err := h.MakeStore(tb.Context(), tb)
		if err != nil {
			tb.Fatalf("storetest: making a store: %v", err)
		}
		return st
	}
	return h, mk
}

// Needer is implemented by the cases of a suite that has cases for optional
// capabilities: Needs returns the capability the case of that name tests, or
// "" for a case every store must pass.
type Needer interface {
	Needs(caseName string) string
}

// Run runs the suite named suite over stores of the harness that newHarness
// makes. Its cases are the methods of cases whose names begin with Test, of
// the form
//
//	func (cases) TestCRUD(t *testing.T, mk storetestkit.StoreMaker[S])
//
// each run as a subtest named after the method without its prefix ("CRUD"),
// in the order of their names, with mk making a fresh store from the
// harness. Finding the cases by their names rather than from a list means a
// case cannot be written and then left out of the suite.
//
// A case that needs a capability (see Needer) the harness does not declare
// is skipped, with a message saying which. When the harness names its
// dialect and every case passed, declared skips included, Run writes the
// marker file suite-dialect into $GOVOPS_CONFORMANCE_DIR, listing the skipped
// cases.
func Run[S any](t *testing.T, suite string, newHarness HarnessMaker[S], cases any) {
	t.Helper()
	tests := caseMethods[S](t, cases)
	var (
		mu      sync.Mutex
		skipped []string
		dialect string // known once the harness is made
	)
	// Registered before the harness's own cleanup, so that it runs after
	// it: a harness that fails while closing leaves no marker.
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		record(t, suite, dialect, skipped)
	})
	h, mk := OpenHarness(t, newHarness)
	if d, ok := h.(dialectNamer); ok {
		dialect = d.Dialect()
	}
	c, _ := h.(capable)
	needs := func(string) string { return "" }
	if n, ok := cases.(Needer); ok {
		needs = n.Needs
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if need := needs(tc.name); need != "" && (c == nil || !c.Supports(need)) {
				mu.Lock()
				skipped = append(skipped, tc.name+" (needs "+need+")")
				mu.Unlock()
				t.Skipf("%s needs the optional capability %q, which the harness does not declare (its Supports method reports the capabilities its stores have)", tc.name, need)
			}
			tc.test(t, mk)
		})
	}
}

// namedCase is one case of a suite.
type namedCase[S any] struct {
	name string
	test func(t *testing.T, mk StoreMaker[S])
}

// caseMethods returns the Test methods of cases, failing t for a method
// named Test… whose signature is not that of a case, which would otherwise
// never run.
func caseMethods[S any](t *testing.T, cases any) []namedCase[S] {
	t.Helper()
	v := reflect.ValueOf(cases)
	var out []namedCase[S]
	for i := range v.NumMethod() {
		name := v.Type().Method(i).Name
		if !strings.HasPrefix(name, "Test") {
			continue
		}
		fn, ok := v.Method(i).Interface().(func(*testing.T, StoreMaker[S]))
		if !ok {
			t.Fatalf("storetest: %T.%s is not a case: a case is func(*testing.T, storetestkit.StoreMaker[%s])", cases, name, reflect.TypeFor[S]())
		}
		out = append(out, namedCase[S]{name: strings.TrimPrefix(name, "Test"), test: fn})
	}
	if len(out) == 0 {
		t.Fatalf("storetest: %T has no Test methods, so the suite has no cases", cases)
	}
	return out
}

// record writes the marker of suite on dialect, listing the skipped cases,
// when the dialect is known, the marker folder is set and tb passed.
func record(tb testing.TB, suite, dialect string, skipped []string) {
	dir := os.Getenv(ConformanceDirEnv)
	if dialect == "" || dir == "" || tb.Failed() || tb.Skipped() {
		return
	}
	body := "passed\n"
	for _, s := range skipped {
		body += "skipped " + s + "\n"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Errorf("storetest: conformance marker: %v", err)
		return
	}
	file := filepath.Join(dir, suite+"-"+strings.ReplaceAll(dialect, string(filepath.Separator), "_"))
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		tb.Errorf("storetest: conformance marker: %v", err)
	}
}
