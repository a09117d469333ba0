package refserver_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/refserver"
)

func TestNew_RequiresServices(t *testing.T) {
	deps := directory.NewService(directorymem.New())
	cases := govcase.NewService(govcasemem.New())
	for name, svc := range map[string]refserver.Services{
		"Cases":       {Departments: deps, Store: refserver.NewMemStore()},
		"Departments": {Cases: cases, Store: refserver.NewMemStore()},
		"Store":       {Cases: cases, Departments: deps},
	} {
		if _, err := refserver.New(refserver.Config{}, svc); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("New without %s: %v", name, err)
		}
	}
}

func TestServer_Readyz(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := MustOpenServer(t)
		mustStatus(t, e.do(t, "GET", "/readyz", "", nil), http.StatusOK)
		mustStatus(t, e.do(t, "GET", "/healthz", "", nil), http.StatusOK)
	})
	t.Run("ErrDatabaseDown", func(t *testing.T) {
		e := MustOpenServer(t, func(s *envSetup) {
			s.svc.Ping = func(context.Context) error { return errors.New("connection refused") }
		})
		r := e.do(t, "GET", "/readyz", "", nil)
		mustStatus(t, r, http.StatusServiceUnavailable)
		if r.json(t)["status"] != "unavailable" {
			t.Fatalf("body = %s", r.body)
		}
		mustStatus(t, e.do(t, "GET", "/healthz", "", nil), http.StatusOK)
	})
}

// brokenStore fails every token lookup with an error that is not a
// govops error, as a lost database connection would.
type brokenStore struct{ *refserver.MemStore }

func (brokenStore) TokenByHash(context.Context, string) (refserver.Token, error) {
	return refserver.Token{}, errors.New("dial tcp 10.1.2.3:5432: secret-host-detail")
}

func TestServer_InternalErrorHidden(t *testing.T) {
	e := MustOpenServer(t)
	broken, err := refserver.New(refserver.Config{Logger: loggerTo(e.logs)}, refserver.Services{
		Cases: govcase.NewService(nil), Departments: e.services.Departments, Store: brokenStore{refserver.NewMemStore()},
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
