package idcode_test

import (
	"errors"
	"testing"

	"github.com/govops-kit/govops/idcode"
)

// fault is an expected validation failure: the problem and the position
// (0-based, -1 for none) that the *idcode.Error must carry.
type fault struct {
	problem idcode.Problem
	pos     int
}

// requireFault fails t unless err is an *idcode.Error of kind k with the
// problem and position of want, and returns it.
func requireFault(t testing.TB, err error, k idcode.Kind, want fault) *idcode.Error {
	t.Helper()
	var e *idcode.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want an *idcode.Error", err, err)
	}
	if e.Kind != k || e.Problem != want.problem || e.Pos != want.pos {
		t.Fatalf("error %q is kind %q, problem %q at %d; want %q, %q at %d", e, e.Kind, e.Problem, e.Pos, k, want.problem, want.pos)
	}
	if e.Detail == "" {
		t.Fatalf("error %+v has no detail", e)
	}
	return e
}

// requireBothModes validates s in Strict and in Warn mode with validate
// and fails t unless the modes agree with want: with no fault, both pass
// without a warning; with a check fault, Strict fails and Warn passes with
// the same fault as its warning; with any other fault, both fail alike.
// It returns the Warn mode result.
func requireBothModes(t testing.TB, validate func(string, idcode.Mode) (idcode.Result, error), k idcode.Kind, s string, want *fault) idcode.Result {
	t.Helper()
	strictRes, strictErr := validate(s, idcode.Strict)
	warnRes, warnErr := validate(s, idcode.Warn)
	switch {
	case want == nil:
		if strictErr != nil || warnErr != nil {
			t.Fatalf("%q: strict %v, warn %v; want valid", s, strictErr, warnErr)
		}
		if strictRes.Warning != nil || warnRes.Warning != nil {
			t.Fatalf("%q: warnings %v, %v on a valid identifier", s, strictRes.Warning, warnRes.Warning)
		}
		if strictRes != warnRes {
			t.Fatalf("%q: strict %+v, warn %+v", s, strictRes, warnRes)
		}
	case want.problem == idcode.ProblemCheck:
		e := requireFault(t, strictErr, k, *want)
		if warnErr != nil {
			t.Fatalf("%q: warn mode: %v; want a warning only", s, warnErr)
		}
		if warnRes.Warning == nil || *warnRes.Warning != *e {
			t.Fatalf("%q: warning %+v; want the strict error %+v", s, warnRes.Warning, e)
		}
	default:
		e := requireFault(t, strictErr, k, *want)
		w := requireFault(t, warnErr, k, *want)
		if *w != *e {
			t.Fatalf("%q: warn mode error %+v, strict %+v", s, w, e)
		}
		if warnRes != (idcode.Result{}) {
			t.Fatalf("%q: a failed validation returned %+v", s, warnRes)
		}
	}
	return warnRes
}

// at returns a fault of problem p at pos.
func at(p idcode.Problem, pos int) *fault { return &fault{p, pos} }
