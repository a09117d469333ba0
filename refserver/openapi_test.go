package refserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/refserver"
)

var paramRE = regexp.MustCompile(`\{[^}]+\}`)

// normalise blanks parameter names, so that "/cases/{number}" and
// "/cases/{ref}" compare equal: only the shape of a path matters.
func normalise(method, path string) string {
	return strings.ToUpper(method) + " " + paramRE.ReplaceAllString(path, "{}")
}

type openapiDoc struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
}

func documented(t *testing.T, srv *refserver.Server) map[string][2]string {
	t.Helper()
	var doc openapiDoc
	if err := json.Unmarshal(srv.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	out := map[string][2]string{}
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
				out[normalise(method, path)] = [2]string{strings.ToUpper(method), path}
			}
		}
	}
	return out
}

func TestOpenAPI_MatchesRoutes(t *testing.T) {
	e := MustOpenServer(t)
	docs := documented(t, e.srv)
	routes := map[string]bool{}
	for _, r := range e.srv.Routes() {
		routes[normalise(r.Method, r.Path)] = true
	}
	var missing, extra []string
	for k := range routes {
		if _, ok := docs[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range docs {
		if !routes[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes registered but not in openapi.json: %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("openapi.json documents routes the server does not register: %v", extra)
	}
	if len(routes) < 48 {
		t.Errorf("only %d routes registered; the route table lost some", len(routes))
	}
}

// TestOpenAPI_EveryPathAnswers sends a request to every documented path and
// method and checks that a handler, not the router's own "no route" or
// "method not allowed", answered it.
func TestOpenAPI_EveryPathAnswers(t *testing.T) {
	e := MustOpenServer(t)
	number := e.dispatchedCase(t)
	for key, mp := range documented(t, e.srv) {
		method, path := mp[0], mp[1]
		t.Run(key, func(t *testing.T) {
			p := strings.NewReplacer("{number}", number, "{code}", "ylj", "{id}", uuid.Must(uuid.NewV7()).String(), "{month}", "2026-03").Replace(path)
			if strings.HasSuffix(p, "/suggest") {
				p += "?case=" + number
			}
			r := e.do(t, method, p, e.admin, "{}")
			if r.status == http.StatusMethodNotAllowed {
				t.Fatalf("%s %s: 405 from the router: %s", method, p, r.body)
			}
			if r.status == http.StatusNotFound {
				var prob refserver.Problem
				_ = json.Unmarshal(r.body, &prob)
				if prob.Type == refserver.ProblemTypePrefix+"no_route" || prob.Type == "" {
					t.Fatalf("%s %s: 404 from the router: %s", method, p, r.body)
				}
			}
			if r.status >= 500 {
				t.Fatalf("%s %s: %d: %s", method, p, r.status, r.body)
			}
		})
	}
}

func TestOpenAPI_ServedWithoutToken(t *testing.T) {
	e := MustOpenServer(t)
	r := e.do(t, "GET", "/api/v1/openapi.json", "", nil)
	mustStatus(t, r, http.StatusOK)
	if string(r.body) != string(e.srv.OpenAPI()) {
		t.Fatal("served document differs from the embedded one")
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q", ct)
	}
}

func TestServer_UnknownRoute(t *testing.T) {
	e := MustOpenServer(t)
	t.Run("NoRoute", func(t *testing.T) {
		r := e.do(t, "GET", "/api/v1/nothing-here", e.admin, nil)
		mustStatus(t, r, http.StatusNotFound)
		if got := r.json(t)["type"]; got != refserver.ProblemTypePrefix+"no_route" {
			t.Fatalf("type = %v", got)
		}
	})
	t.Run("MethodNotAllowed", func(t *testing.T) {
		r := e.do(t, "PUT", "/api/v1/cases", e.admin, nil)
		mustStatus(t, r, http.StatusMethodNotAllowed)
		if allow := r.header.Get("Allow"); allow != "POST, GET" {
			t.Fatalf("Allow = %q, want \"POST, GET\"", allow)
		}
	})
}
