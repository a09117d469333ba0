package storetestkit_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/govops-kit/govops/internal/storetestkit"
)

// counter is the store of a toy suite: Add adds, Reset sets to zero.
type counter struct {
	n       int
	noReset bool // a broken counter that ignores Reset
}

func (c *counter) Add(k int) { c.n += k }

func (c *counter) Reset() {
	if !c.noReset {
		c.n = 0
	}
}

// toyHarness makes counters and counts what it was asked to do.
type toyHarness struct {
	made, closed *atomic.Int64
	dialect      string
	supports     map[string]bool
	noReset      bool
}

func (h toyHarness) MakeStore(context.Context, testing.TB) (*counter, error) {
	h.made.Add(1)
	return &counter{noReset: h.noReset}, nil
}

func (h toyHarness) Close() { h.closed.Add(1) }

func (h toyHarness) Dialect() string { return h.dialect }

func (h toyHarness) Supports(c string) bool { return h.supports[c] }

// toyCases is a suite of three cases, one of them optional.
type toyCases struct{}

func (toyCases) TestAdd(t *testing.T, mk storetestkit.StoreMaker[*counter]) {
	c := mk(t)
	c.Add(2)
	c.Add(3)
	if c.n != 5 {
		t.Fatalf("2 + 3 = %d", c.n)
	}
}

func (toyCases) TestReset(t *testing.T, mk storetestkit.StoreMaker[*counter]) {
	c := mk(t)
	c.Add(2)
	c.Reset()
	if c.n != 0 {
		t.Fatalf("after Reset: %d", c.n)
	}
}

func (toyCases) TestNegative(t *testing.T, mk storetestkit.StoreMaker[*counter]) {
	c := mk(t)
	c.Add(-1)
	if c.n != -1 {
		t.Fatalf("0 - 1 = %d", c.n)
	}
}

// Helper is not a case: only methods named Test… are.
func (toyCases) Helper() {}

func (toyCases) Needs(name string) string {
	if name == "Negative" {
		return "negative"
	}
	return ""
}

// misnamed has a method named like a case that is not one.
type misnamed struct{}

func (misnamed) TestAdd(t *testing.T) {}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(storetestkit.ConformanceDirEnv, dir)
	var made, closed atomic.Int64
	h := toyHarness{made: &made, closed: &closed, dialect: "pg"}
	t.Run("Suite", func(t *testing.T) {
		storetestkit.Run(t, "toy", func(context.Context, testing.TB) (storetestkit.Harness[*counter], error) {
			return h, nil
		}, toyCases{})
	})
	if made.Load() != 2 || closed.Load() != 1 {
		t.Fatalf("made %d stores and closed the harness %d times; want a store per case that ran (2) and one close", made.Load(), closed.Load())
	}
	b, err := os.ReadFile(filepath.Join(dir, "toy-pg"))
	if err != nil {
		t.Fatalf("no conformance marker: %v", err)
	}
	// The cases run in the order of their names.
	if want := "passed\nskipped Negative (needs negative)\n"; string(b) != want {
		t.Fatalf("marker = %q, want %q", b, want)
	}

	t.Run("WithCapability", func(t *testing.T) {
		h := toyHarness{made: &made, closed: &closed, supports: map[string]bool{"negative": true}}
		made.Store(0)
		storetestkit.Run(t, "toy", func(context.Context, testing.TB) (storetestkit.Harness[*counter], error) {
			return h, nil
		}, toyCases{})
		if made.Load() != 3 {
			t.Fatalf("made %d stores over a harness supporting every capability, want 3", made.Load())
		}
	})
	if _, err := os.Stat(filepath.Join(dir, "toy-")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a harness without a dialect left a marker: %v", err)
	}
}

// runToy is the toy suite's RunConformanceTests.
func runToy(t *testing.T, newHarness storetestkit.HarnessMaker[*counter]) {
	storetestkit.Run(t, "toy", newHarness, toyCases{})
}

// runMisnamed is a suite whose cases include a method named like a case
// that is not one.
func runMisnamed(t *testing.T, newHarness storetestkit.HarnessMaker[*counter]) {
	storetestkit.Run(t, "toy", newHarness, misnamed{})
}

// TestRequireCaught runs the toy suite in new processes: over a counter
// that ignores Reset, only the Reset case may fail.
func TestRequireCaught(t *testing.T) {
	storetestkit.RequireCaught(t, runToy, []storetestkit.Broken[*counter]{
		{Name: "NoReset", CaughtBy: "Reset", Make: func() *counter { return &counter{noReset: true} }},
	})
}

// TestRun_ErrMisnamedCase requires that a suite with a method named like a
// case that is not one fails as a whole, rather than leaving it out.
func TestRun_ErrMisnamedCase(t *testing.T) {
	storetestkit.RequireCaught(t, runMisnamed, []storetestkit.Broken[*counter]{
		{Name: "Counter", Make: func() *counter { return &counter{} }},
	})
}
