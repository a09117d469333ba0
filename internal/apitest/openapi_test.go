package apitest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/govops-kit/govops/internal/apitest"
)

// document is a small OpenAPI 3.1 document with the shapes strictify has
// rules for: a closed object with a nullable member, an allOf of a shared
// schema and an own one, and a schema used both as an allOf member and on
// its own.
const document = `{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/things": {
      "post": {
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingCreate"}}}},
        "responses": {
          "201": {"description": "d", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
          "400": {"description": "d", "content": {"application/problem+json": {"schema": {"type": "object"}}}}
        }
      }
    },
    "/things/{id}": {
      "get": {
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "d", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
      }
    },
    "/event": {"get": {"responses": {"200": {"description": "d", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}}}}},
    "/table": {"get": {"responses": {"200": {"description": "d", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Table"}}}}}}},
    "/stored": {"get": {"responses": {"200": {"description": "d", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stored"}}}}}}}
  },
  "components": {
    "schemas": {
      "ThingCreate": {"type": "object", "properties": {"label": {"type": "string"}}, "required": ["label"]},
      "Thing": {"type": "object", "properties": {"id": {"type": "string"}, "label": {"type": "string"}, "rate": {"type": ["string", "null"]}}, "required": ["id", "label", "rate"]},
      "Shared": {"type": "object", "properties": {"id": {"type": "string"}, "type": {"type": "string"}, "note": {"type": "string"}}, "required": ["id", "type"]},
      "Event": {"allOf": [{"$ref": "#/components/schemas/Shared"}, {"type": "object", "properties": {"type": {"type": "string", "enum": ["made", "gone"]}}}]},
      "Table": {"type": "object", "properties": {"year": {"type": "integer"}}, "required": ["year"]},
      "Stored": {"allOf": [{"$ref": "#/components/schemas/Table"}, {"type": "object", "properties": {"coverage": {"type": "string"}}, "required": ["coverage"]}]}
    }
  }
}`

// answers is a server that serves document and answers each path with a
// body a test chooses.
type answers struct {
	mu   sync.Mutex
	body map[string]string // "GET /things/1" → the answer
	code map[string]int
}

func (a *answers) set(key string, code int, body string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.body[key], a.code[key] = body, code
}

func (a *answers) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.URL.Path == apitest.DocumentPath {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, document)
		return
	}
	a.mu.Lock()
	key := req.Method + " " + req.URL.Path
	body, code := a.body[key], a.code[key]
	a.mu.Unlock()
	if code == 0 {
		http.NotFound(w, req)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if code >= 400 {
		w.Header().Set("Content-Type", "application/problem+json")
	}
	w.WriteHeader(code)
	fmt.Fprint(w, body)
}

func serve(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func newAnswers(t *testing.T) (*answers, string) {
	a := &answers{body: map[string]string{}, code: map[string]int{}}
	return a, serve(t, a)
}

func TestValidateResponse_ClosedObjects(t *testing.T) {
	_, base := newAnswers(t)
	json := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name, path, body string
		want             []string // in the error; none: the body passes
	}{
		{"OK", "/things/1", `{"id":"1","label":"a","rate":"9.50"}`, nil},
		{"NullableTypeArray", "/things/1", `{"id":"1","label":"a","rate":null}`, nil},
		{"Renamed", "/things/1", `{"id":"1","name":"a","rate":null}`, []string{`property "name" is unsupported`, `property "label" is missing`}},
		{"WrongType", "/things/1", `{"id":"1","label":7,"rate":null}`, []string{`"/label"`}},
		{"AllOf", "/event", `{"id":"e","type":"made","note":"n"}`, nil},
		{"AllOfOwnEnum", "/event", `{"id":"e","type":"lost"}`, []string{`"/type": value is not one of the allowed values ["made","gone"]`}},
		{"AllOfRenamedRequired", "/event", `{"id":"e","kind":"made"}`, []string{`property "kind" is unsupported`, `property "type" is missing`}},
		{"AllOfRenamedOptional", "/event", `{"id":"e","type":"made","notes":"n"}`, []string{`property "notes" is unsupported`}},
		{"MemberOnItsOwnStaysClosed", "/table", `{"year":2028,"coverage":"x"}`, []string{`property "coverage" is unsupported`}},
		{"MemberInAllOfTakesTheOthers", "/stored", `{"year":2028,"coverage":"x"}`, nil},
		{"AllOfUnknown", "/stored", `{"year":2028,"coverage":"x","extra":1}`, []string{`property "extra" is unsupported`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := apitest.ValidateResponse(base, "GET", tc.path, http.StatusOK, json, []byte(tc.body))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("%s fails: %v", tc.body, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("%s passes", tc.body)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %s: %v", want, err)
				}
			}
		})
	}
	t.Run("StatusNotListed", func(t *testing.T) {
		err := apitest.ValidateResponse(base, "GET", "/things/1", http.StatusTeapot, json, []byte(`{}`))
		if err == nil || !strings.Contains(err.Error(), "status is not supported") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ContentType", func(t *testing.T) {
		err := apitest.ValidateResponse(base, "GET", "/things/1", http.StatusOK, http.Header{"Content-Type": {"text/plain"}}, []byte(`{}`))
		if err == nil || !strings.Contains(err.Error(), "text/plain") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("PathNotDocumented", func(t *testing.T) {
		if err := apitest.ValidateResponse(base, "GET", "/nothing", http.StatusOK, json, []byte(`{}`)); err == nil {
			t.Fatal("a path the document does not list passes")
		}
	})
}

// recorder is a testing.TB that keeps what Errorf reports.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestExact_ChecksEveryExchange(t *testing.T) {
	a, base := newAnswers(t)
	a.set("GET /things/1", http.StatusOK, `{"id":"1","label":"a","rate":null}`)
	a.set("GET /table", http.StatusOK, `{"year":2028,"coverage":"x"}`)
	for _, tc := range []struct {
		name         string
		method, path string
		code         int    // the server's answer to it
		answer, body string // its body, and the request's
		want         []string
	}{
		{"Matches", "GET", "/things/1", 0, "", "", nil},
		{"AnswerDoesNotMatch", "GET", "/table", 0, "", "", []string{"GET /table", "the 200 answer does not match", `property "coverage" is unsupported`}},
		{"BadRequestRefused", "POST", "/things", http.StatusBadRequest, `{"title":"bad"}`, `{"name":"x"}`, nil},
		{"BadRequestTaken", "POST", "/things", http.StatusCreated, `{"id":"1","label":"x","rate":null}`, `{"name":"x"}`,
			[]string{"POST /things", "201 answers a request the document does not allow", `property "name" is unsupported`}},
		{"GoodRequestTaken", "POST", "/things", http.StatusCreated, `{"id":"1","label":"x","rate":null}`, `{"label":"x"}`, nil},
		{"PlusJSONIsJSON", "POST", "/things", http.StatusCreated, `{"id":"1","label":"x","rate":null}`, `{"label":"x"}`, nil},
		{"NotDocumented", "GET", "/nothing", 0, "", "", nil},
		{"MethodNotDocumented", "DELETE", "/things/1", 0, "", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.code != 0 {
				a.set(tc.method+" "+tc.path, tc.code, tc.answer)
			}
			rec := &recorder{TB: t}
			var hdr []string
			if tc.name == "PlusJSONIsJSON" {
				hdr = []string{"Content-Type", "application/vnd.thing+json"}
			}
			var body any
			if tc.body != "" {
				body = tc.body
			}
			apitest.Do(rec, base, tc.method, tc.path, "", body, hdr...)
			got := strings.Join(rec.errs, "\n")
			if len(tc.want) == 0 && got != "" {
				t.Fatalf("reported:\n%s", got)
			}
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("the report does not say %q:\n%s", want, got)
				}
			}
		})
	}
}

// TestExact_NoDocument: a handler that serves no document is not checked.
func TestExact_NoDocument(t *testing.T) {
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == apitest.DocumentPath {
			http.NotFound(w, req)
			return
		}
		fmt.Fprint(w, "anything")
	}))
	rec := &recorder{TB: t}
	if status, _, _ := apitest.Do(rec, base, "GET", "/things/1", "", nil); status != http.StatusOK || len(rec.errs) > 0 {
		t.Fatalf("status %d, reported %v", status, rec.errs)
	}
}

// TestExact_BrokenDocument: a document that does not load, or that has a
// keyword kin-openapi's own validator would pass over, fails every exchange
// with the server, rather than leaving it unchecked.
func TestExact_BrokenDocument(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"NotLoading", `{"openapi": "3.1.0", "paths": {"/x": {"get": {"responses": {"200": {"$ref": "#/nowhere"}}}}}}`, "OpenAPI document"},
		{"Const", `{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {"responses": {"200": {"description": "d",
			"content": {"application/json": {"schema": {"type": "object", "properties": {"v": {"const": 1}}}}}}}}}}}`, "no OpenAPI 3.0.3 form"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				if req.URL.Path == apitest.DocumentPath {
					fmt.Fprint(w, tc.doc)
					return
				}
				fmt.Fprint(w, "anything")
			}))
			rec := &recorder{TB: t}
			apitest.Do(rec, base, "GET", "/x", "", nil)
			if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], tc.want) {
				t.Fatalf("reported %v", rec.errs)
			}
		})
	}
}
