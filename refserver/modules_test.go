package refserver_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/refserver/apikit"
)

// echoModule is an embedder's own domain: one read and one write, and
// the fragment that documents them.
type echoModule struct {
	fragment string
}

func (m echoModule) Routes() []apikit.Route {
	return []apikit.Route{
		{Method: http.MethodGet, Path: "/api/v1/echo/:id", Access: apikit.AnyRole, Handler: func(w http.ResponseWriter, req bunrouter.Request) error {
			by := apikit.Actor(req.Context())
			return apikit.WriteJSON(w, http.StatusOK, map[string]string{"id": req.Param("id"), "actor": by.Name, "department": by.Department})
		}},
		{Method: http.MethodPost, Path: "/api/v1/echo", Access: apikit.AdminRole, Handler: func(w http.ResponseWriter, req bunrouter.Request) error {
			apikit.SetSubject(req.Context(), "echo-7")
			return apikit.WriteJSON(w, http.StatusCreated, map[string]string{"id": "echo-7"})
		}},
	}
}

func (m echoModule) OpenAPI() []byte { return []byte(m.fragment) }

const echoFragment = `{"paths": {
  "/api/v1/echo/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "the echo", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Echo"}}}},
      "401": {"$ref": "#/components/responses/Unauthorized"}}}},
  "/api/v1/echo": {"post": {"responses": {"201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Echo"}}}},
    "403": {"$ref": "#/components/responses/Forbidden"}}}}
}, "components": {"schemas": {"Echo": {"type": "object", "properties": {"id": {"type": "string"}, "actor": {"type": "string"}, "department": {"type": "string"}}}}}}`

func withModules(mods ...apikit.Module) envOption {
	return func(s *envSetup) { s.svc.Modules = mods }
}

func TestServer_Modules(t *testing.T) {
	t.Run("ServedWithAuthAndAudit", func(t *testing.T) {
		e := MustOpenServer(t, withModules(echoModule{echoFragment}))
		mustStatus(t, e.do(t, "GET", "/api/v1/echo/x", "", nil), http.StatusUnauthorized)
		r := e.do(t, "GET", "/api/v1/echo/x", e.own, nil)
		mustStatus(t, r, http.StatusOK)
		if m := r.json(t); m["actor"] != "跃进街道" || m["department"] != "ylj" {
			t.Fatalf("the module saw the caller as %v", m)
		}
		mustStatus(t, e.do(t, "POST", "/api/v1/echo", e.own, "{}"), http.StatusForbidden)
		mustStatus(t, e.do(t, "POST", "/api/v1/echo", e.admin, "{}"), http.StatusCreated)
		evs, err := e.srv.Registry().Audit(context.Background(), refserver.AuditQuery{Subject: "echo-7"})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs.Events) != 1 || evs.Events[0].Route != "/api/v1/echo" || evs.Events[0].Status != http.StatusCreated {
			t.Fatalf("audit events of echo-7: %+v", evs.Events)
		}
		if !strings.Contains(string(e.srv.OpenAPI()), `"/api/v1/echo/{id}"`) {
			t.Fatal("the served document lacks the module's paths")
		}
	})
	t.Run("ErrUndocumentedRoute", func(t *testing.T) {
		frag := strings.Replace(echoFragment, `"/api/v1/echo": {"post"`, `"/api/v1/echo": {"put"`, 1)
		_, err := refserverNew(t, echoModule{frag})
		if err == nil || !strings.Contains(err.Error(), "post /api/v1/echo") || !strings.Contains(err.Error(), "put /api/v1/echo") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrPathTwice", func(t *testing.T) {
		_, err := refserverNew(t, echoModule{echoFragment}, echoModule{echoFragment})
		if err == nil || !strings.Contains(err.Error(), "/api/v1/echo") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrComponentTwice", func(t *testing.T) {
		frag := strings.Replace(echoFragment, `"Echo": {`, `"Problem": {`, 1)
		frag = strings.ReplaceAll(frag, "schemas/Echo", "schemas/Problem")
		_, err := refserverNew(t, echoModule{frag})
		if err == nil || !strings.Contains(err.Error(), "components.schemas.Problem") {
			t.Fatalf("err = %v", err)
		}
	})
}

// refserverNew builds a server the way MustOpenServer does, returning the
// error of New instead of failing.
func refserverNew(t *testing.T, mods ...apikit.Module) (*refserver.Server, error) {
	t.Helper()
	e := MustOpenServer(t)
	svc := e.services
	svc.Modules = mods
	return refserver.New(refserver.Config{}, svc)
}
