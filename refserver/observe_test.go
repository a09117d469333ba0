package refserver_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver"
)

func TestCaseObserver(t *testing.T) {
	type call struct {
		number   string
		version  int64
		ev       govcase.Event
		ctxErr   error
		deadline bool
	}
	var mu sync.Mutex
	var calls []call
	record := refserver.CaseHook{Name: "record", Run: func(ctx context.Context, c govcase.Case, ev govcase.Event) error {
		mu.Lock()
		defer mu.Unlock()
		_, deadline := ctx.Deadline()
		calls = append(calls, call{c.Number, c.Version, ev, ctx.Err(), deadline})
		return nil
	}}
	failing := refserver.CaseHook{Name: "failing", Run: func(context.Context, govcase.Case, govcase.Event) error {
		return errors.New("downstream unavailable")
	}}
	panicky := refserver.CaseHook{Name: "panicky", Run: func(context.Context, govcase.Case, govcase.Event) error {
		panic("hook failure")
	}}
	// The failing and panicking hooks come first: the one after them must
	// still run.
	e := MustOpenServer(t, func(s *envSetup) { s.hooks = append(s.hooks, failing, panicky, record) })

	n := e.newCase(t)
	mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, map[string]any{"department": "ylj"}), http.StatusOK)
	r := e.do(t, "POST", "/api/v1/cases/"+n+"/return", e.own, map[string]string{"reason": "不属于本街道"}, "X-Request-ID", "rid-return-1")
	mustStatus(t, r, http.StatusOK)
	if r.json(t)["status"] != "returned" {
		t.Fatalf("a failing hook changed the answer: %s", r.body)
	}
	// A refused write runs no hook.
	mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/accept", e.own, nil), http.StatusNotFound)

	mu.Lock()
	defer mu.Unlock()
	want := []struct {
		typ     govcase.EventType
		version int64
	}{{govcase.EventRegistered, 1}, {govcase.EventDispatched, 2}, {govcase.EventReturned, 3}}
	if len(calls) != len(want) {
		t.Fatalf("hook ran %d times, want %d: %+v", len(calls), len(want), calls)
	}
	for i, w := range want {
		c := calls[i]
		if c.number != n || c.ev.Type != w.typ || c.version != w.version || int64(c.ev.Seq) != w.version {
			t.Fatalf("call %d = %+v, want %s at version %d", i, c, w.typ, w.version)
		}
		if c.ctxErr != nil || !c.deadline {
			t.Fatalf("call %d: context err %v, deadline %v; want a live context with a deadline", i, c.ctxErr, c.deadline)
		}
	}
	if calls[2].ev.Actor != "跃进街道" || calls[2].ev.Note != "不属于本街道" || calls[2].ev.ActorDept != "ylj" {
		t.Fatalf("return event = %+v", calls[2].ev)
	}
	logs := e.logs.String()
	for _, want := range []string{
		`"msg":"case hook failed","request_id":"rid-return-1","hook":"failing","case":"` + n + `","event":"returned","version":3,"error":"downstream unavailable"`,
		`"msg":"case hook panicked","request_id":"rid-return-1","hook":"panicky"`,
	} {
		if !strings.Contains(logs, want) {
			t.Fatalf("log lacks %s:\n%s", want, logs)
		}
	}
}

// TestServer_DepartmentCheckOrder checks that the directory check runs in
// the Service after its permission checks: a caller who may not dispatch
// at all hears that, not that the department is unknown.
func TestServer_DepartmentCheckOrder(t *testing.T) {
	e := MustOpenServer(t)
	unknown := map[string]string{"department": "nowhere"}
	for _, tc := range []struct {
		name, token string
		status      int
		field       string
	}{
		{"AdminUnknownDepartment", e.admin, http.StatusBadRequest, "department"},
		{"ViewerForbiddenFirst", e.viewer, http.StatusForbidden, ""},
		{"DeptCannotSeeRegisteredCase", e.own, http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := e.newCase(t)
			r := e.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", tc.token, unknown)
			mustStatus(t, r, tc.status)
			fields, _ := r.json(t)["fields"].(map[string]any)
			if tc.field != "" && fields[tc.field] == nil {
				t.Fatalf("problem does not name %s: %s", tc.field, r.body)
			}
			if tc.field == "" && fields["department"] != nil {
				t.Fatalf("the department was checked before the permission: %s", r.body)
			}
		})
	}
	t.Run("RoutingRuleUnknownDepartment", func(t *testing.T) {
		r := e.do(t, "POST", "/api/v1/routing-rules", e.admin, map[string]any{"keywords": []string{"路灯"}, "department": "nowhere"})
		mustStatus(t, r, http.StatusBadRequest)
		if r.json(t)["fields"].(map[string]any)["department"] == nil {
			t.Fatalf("problem: %s", r.body)
		}
	})
	t.Run("KnownDepartment", func(t *testing.T) {
		n := e.newCase(t)
		mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, map[string]string{"department": "jfj"}), http.StatusOK)
	})
}
