package storetestkit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// brokenEnv is the environment variable through which RequireCaught tells
// the test process it starts which broken store to run the suite over.
const brokenEnv = "GOVOPS_STORETEST_BROKEN"

// Broken is a store that breaks one rule of a Store contract, and the suite
// case meant to catch it.
type Broken[S any] struct {
	// Name names the broken store.
	Name string
	// CaughtBy is the subtest of the suite that must fail over it, as a
	// path below the suite ("Stats/HandlingTimePerCase"). Failures in its
	// subtests count as its own. Empty, the suite must fail, anywhere.
	CaughtBy string
	// Make returns a new, empty broken store: one for each case.
	Make func() S
}

// brokenHarness makes the stores of a Broken.
type brokenHarness[S any] struct{ newStore func() S }

func (h brokenHarness[S]) MakeStore(context.Context, testing.TB) (S, error) { return h.newStore(), nil }

func (brokenHarness[S]) Close() {}

// RequireCaught proves that a suite catches each store of broken, and that
// the store breaks only the rule it is meant to: for each, it runs t's test
// again in a new process of the same test binary, where suite (a domain's
// RunConformanceTests) runs over the broken store, and fails unless the
// suite fails in the case named by CaughtBy and nowhere else.
//
// A test that calls RequireCaught is both sides: in the process it starts,
// which brokenEnv names the broken store to, RequireCaught runs the suite
// instead, so the suite's subtests sit directly below the test.
//
// A failing case marks the test that runs it failed, and no test can undo
// that; a separate process is what lets a suite fail on purpose inside a
// passing test.
func RequireCaught[S any](t *testing.T, suite func(*testing.T, HarnessMaker[S]), broken []Broken[S]) {
	t.Helper()
	if name := os.Getenv(brokenEnv); name != "" {
		i := slices.IndexFunc(broken, func(b Broken[S]) bool { return b.Name == name })
		if i < 0 {
			t.Fatalf("storetest: no broken store is called %q", name)
		}
		suite(t, func(context.Context, testing.TB) (Harness[S], error) {
			return brokenHarness[S]{broken[i].Make}, nil
		})
		return
	}
	if len(broken) == 0 {
		t.Fatalf("storetest: RequireCaught needs at least one broken store")
	}
	test := t.Name()
	if strings.Contains(test, "/") {
		t.Fatalf("storetest: RequireCaught must be called by a top-level test, not %s", test)
	}
	for _, b := range broken {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			failed, out, err := runBroken(t, test, b.Name)
			target, where := test, "the suite"
			if b.CaughtBy != "" {
				target, where = test+"/"+b.CaughtBy, b.CaughtBy
			}
			if err == nil || !slices.Contains(failed, target) {
				t.Fatalf("%s did not fail over the broken store %s, which it must catch (exit: %v)\n%s", where, b.Name, err, tail(out))
			}
			for _, f := range failed {
				ancestor := strings.HasPrefix(target, f+"/")
				within := f == target || strings.HasPrefix(f, target+"/")
				if !ancestor && !within {
					t.Errorf("the broken store %s also failed %s: it should break one rule only, caught by %s", b.Name, f, where)
				}
			}
		})
	}
}

// runBroken runs the top-level test named test in a new process over the
// broken store named broken, and returns the names of the tests that failed
// with the process's output and exit error.
func runBroken(t *testing.T, test, broken string) (failed []string, out string, err error) {
	args := []string{"-test.run=^" + regexp.QuoteMeta(test) + "$", "-test.count=1", "-test.v"}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	timeout := 10 * time.Minute
	if d, ok := t.Deadline(); ok {
		timeout = max(time.Until(d)-5*time.Second, time.Minute)
	}
	args = append(args, "-test.timeout="+timeout.String())
	cmd := exec.CommandContext(t.Context(), os.Args[0], args...)
	cmd.Env = append(os.Environ(), brokenEnv+"="+broken)
	b, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("storetest: running the suite over %s: %v", broken, err)
	}
	// go test reports each failed test, subtests included, on a line
	// "--- FAIL: Name (0.01s)".
	failLine := regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+) \(`)
	for _, m := range failLine.FindAllStringSubmatch(string(b), -1) {
		failed = append(failed, m[1])
	}
	return failed, string(b), err
}

// tail returns the last lines of a process's output, enough to show why it
// passed or failed.
func tail(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) > 60 {
		lines = append([]string{fmt.Sprintf("… (%d lines before)", len(lines)-60)}, lines[len(lines)-60:]...)
	}
	return strings.Join(lines, "\n")
}
