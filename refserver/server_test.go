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

func TestNew_RequiresServices(t *testing.T) {
	if _, err := refserver.New(refserver.Config{}, refserver.Services{Directory: refserver.NewMemDirectory()}); err == nil {
		t.Fatal("New without Cases succeeded")
	}
}

func TestServer_OnCaseChanged(t *testing.T) {
	type call struct {
		number  string
		version int64
		ev      govcase.Event
	}
	var mu sync.Mutex
	var calls []call
	hook := func(_ context.Context, c *govcase.Case, ev govcase.Event) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, call{c.Number, c.Version, ev})
		c.Title = "changed by a hook" // must not leak into the response
	}
	panicky := func(context.Context, *govcase.Case, govcase.Event) { panic("hook failure") }
	e := MustOpenServer(t, func(cfg *refserver.Config, _ *refserver.Services) {
		cfg.OnCaseChanged = append(cfg.OnCaseChanged, hook, panicky)
	})

	n := e.dispatchedCase(t)
	r := e.do(t, "POST", "/api/v1/cases/"+n+"/return", e.own, map[string]string{"reason": "不属于本街道"})
	mustStatus(t, r, http.StatusOK)
	if r.json(t)["title"] == "changed by a hook" {
		t.Fatal("a hook changed the case in the response")
	}
	// A failed write runs no hook.
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
	}
	if calls[2].ev.Actor != "跃进街道" || calls[2].ev.Note != "不属于本街道" {
		t.Fatalf("return event = %+v", calls[2].ev)
	}
	if !strings.Contains(e.logs.String(), "case hook panicked") {
		t.Fatal("the panicking hook was not logged")
	}
}

func TestServer_Readyz(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := MustOpenServer(t)
		mustStatus(t, e.do(t, "GET", "/readyz", "", nil), http.StatusOK)
		mustStatus(t, e.do(t, "GET", "/healthz", "", nil), http.StatusOK)
	})
	t.Run("ErrDatabaseDown", func(t *testing.T) {
		e := MustOpenServer(t, func(_ *refserver.Config, s *refserver.Services) {
			s.Ping = func(context.Context) error { return errors.New("connection refused") }
		})
		r := e.do(t, "GET", "/readyz", "", nil)
		mustStatus(t, r, http.StatusServiceUnavailable)
		if r.json(t)["status"] != "unavailable" {
			t.Fatalf("body = %s", r.body)
		}
		mustStatus(t, e.do(t, "GET", "/healthz", "", nil), http.StatusOK)
	})
}

// brokenDirectory fails every token lookup with an error that is not a
// govops error, as a lost database connection would.
type brokenDirectory struct{ *refserver.MemDirectory }

func (brokenDirectory) TokenByHash(context.Context, string) (refserver.Token, error) {
	return refserver.Token{}, errors.New("dial tcp 10.1.2.3:5432: secret-host-detail")
}

func TestServer_InternalErrorHidden(t *testing.T) {
	e := MustOpenServer(t)
	broken, err := refserver.New(refserver.Config{Logger: loggerTo(e.logs)}, refserver.Services{
		Cases: govcase.NewService(nil), Directory: brokenDirectory{refserver.NewMemDirectory()},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, broken.Handler())
	r := do(t, ts, "GET", "/api/v1/cases", e.admin, nil, "X-Request-ID", "req-internal-1")
	mustStatus(t, r, http.StatusInternalServerError)
	p := r.json(t)
	if p["detail"] != "internal error" || p["code"] != "internal" || p["request_id"] != "req-internal-1" {
		t.Fatalf("problem = %v", p)
	}
	if strings.Contains(string(r.body), "secret-host-detail") {
		t.Fatal("the internal error's detail reached the client")
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "secret-host-detail") || !strings.Contains(logs, "req-internal-1") {
		t.Fatalf("the internal error was not logged with its request ID:\n%s", logs)
	}
}

func TestServer_RequestID(t *testing.T) {
	e := MustOpenServer(t)
	t.Run("Honoured", func(t *testing.T) {
		r := e.do(t, "GET", "/healthz", "", nil, "X-Request-ID", "abc-123")
		if got := r.header.Get("X-Request-ID"); got != "abc-123" {
			t.Fatalf("X-Request-ID = %q", got)
		}
	})
	t.Run("GeneratedForGarbage", func(t *testing.T) {
		r := e.do(t, "GET", "/healthz", "", nil, "X-Request-ID", "bad id with spaces")
		if got := r.header.Get("X-Request-ID"); got == "" || strings.Contains(got, " ") {
			t.Fatalf("X-Request-ID = %q", got)
		}
	})
	t.Run("InProblemAndLog", func(t *testing.T) {
		r := e.do(t, "GET", "/api/v1/cases", "", nil, "X-Request-ID", "rid-401")
		mustStatus(t, r, http.StatusUnauthorized)
		if r.json(t)["request_id"] != "rid-401" {
			t.Fatalf("problem = %s", r.body)
		}
		if !strings.Contains(e.logs.String(), `"request_id":"rid-401","method":"GET","path":"/api/v1/cases"`) {
			t.Fatalf("access log lacks the request:\n%s", e.logs.String())
		}
	})
}

func TestServer_RejectedRequestsLoggedWithoutToken(t *testing.T) {
	e := MustOpenServer(t)
	bogus := "gvo_" + strings.Repeat("A", 43)
	mustStatus(t, e.do(t, "GET", "/api/v1/cases", bogus, nil, "X-Request-ID", "rid-bogus"), http.StatusUnauthorized)
	mustStatus(t, e.do(t, "GET", "/api/v1/tokens", e.viewer, nil, "X-Request-ID", "rid-viewer"), http.StatusForbidden)
	logs := e.logs.String()
	for _, secret := range []string{bogus, e.viewer, e.admin, bogus[4:], e.viewer[4:]} {
		if strings.Contains(logs, secret) {
			t.Fatalf("a token appears in the log:\n%s", logs)
		}
	}
	for _, want := range []string{
		`"msg":"request rejected","request_id":"rid-bogus","method":"GET","path":"/api/v1/cases","remote":"127.0.0.1:`,
		`"reason":"unknown token"`,
		`"msg":"request rejected","request_id":"rid-viewer"`,
	} {
		if !strings.Contains(logs, want) {
			t.Fatalf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestServer_WWWAuthenticate(t *testing.T) {
	e := MustOpenServer(t)
	r := e.do(t, "GET", "/api/v1/cases", "", nil)
	if got := r.header.Get("WWW-Authenticate"); got != `Bearer realm="govops"` {
		t.Fatalf("WWW-Authenticate = %q", got)
	}
	r = e.do(t, "GET", "/api/v1/cases", "gvo_nope", nil)
	if got := r.header.Get("WWW-Authenticate"); got != `Bearer realm="govops", error="invalid_token"` {
		t.Fatalf("WWW-Authenticate = %q", got)
	}
	r = e.do(t, "GET", "/api/v1/cases", "", nil, "Authorization", "Basic YWRtaW46YWRtaW4=")
	mustStatus(t, r, http.StatusUnauthorized)
}
