package apitest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// DocumentPath is where a govops server serves its OpenAPI document.
const DocumentPath = "/api/v1/openapi.json"

// ValidateResponse checks an answer against the OpenAPI document that the
// server at base serves: its status must be listed for method and path (or
// a default answer be), and its content type, body and documented headers
// must match, with every object closed to properties the document does not
// name (see strictify). path may carry a query string. It returns an error
// also when the document does not list method and path, so that a test can
// check a body it built itself, such as a real answer with a field renamed.
func ValidateResponse(base, method, path string, status int, header http.Header, body []byte) error {
	doc, err := documents.of(base)
	if err != nil {
		return err
	}
	if doc == nil {
		return fmt.Errorf("%s%s answers no OpenAPI document", base, DocumentPath)
	}
	req, err := http.NewRequest(method, base+path, nil)
	if err != nil {
		return err
	}
	route, params, err := doc.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return doc.validateResponse(route, params, req, status, header, body)
}

// checkExchange reports on tb every way the exchange of one request with the
// server at base departs from the document the server serves: an answer
// that does not match it, or one that is not a 4xx to a request that does
// not. A request to a path or method the document does not list is not
// checked, so that tests can send those to see the 404 and 405 answers.
func checkExchange(tb testing.TB, base string, req *http.Request, reqBody []byte, status int, header http.Header, body []byte) {
	tb.Helper()
	doc, err := documents.of(base)
	if err != nil {
		tb.Errorf("openapi: %s %s: %v", req.Method, req.URL.RequestURI(), err)
		return
	}
	if doc == nil {
		return
	}
	route, params, err := doc.router.FindRoute(req)
	if err != nil {
		return
	}
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	// The server takes an application/*+json body as JSON, as the
	// document's NotJSON answer says and its content maps cannot.
	if mt, mtParams, err := mime.ParseMediaType(vreq.Header.Get("Content-Type")); err == nil &&
		strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json") && mt != "application/+json" {
		vreq.Header.Set("Content-Type", mime.FormatMediaType("application/json", mtParams))
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: doc.options}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && (status < 400 || status >= 500) {
		tb.Errorf("openapi: %s %s: %d answers a request the document does not allow (want a 4xx): %v",
			req.Method, req.URL.RequestURI(), status, err)
	}
	if err := doc.validateResponse(route, params, req, status, header, body); err != nil {
		tb.Errorf("openapi: %s %s: the %d answer does not match the document: %v", req.Method, req.URL.RequestURI(), status, err)
	}
}

// document is an OpenAPI document made ready for checking exchanges.
type document struct {
	router  routers.Router
	options *openapi3filter.Options
}

func (d *document) validateResponse(route *routers.Route, params map[string]string, req *http.Request, status int, header http.Header, body []byte) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: d.options},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                d.options,
	}
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// documentCache holds, for each server base URL, the document that server
// serves, fetched once; and, for each text of a document, its parsed and
// strictified form, made once and shared by every server that serves the
// same text. A test binary starts hundreds of servers that all serve the
// same document, and parsing it takes longer under -race than most tests.
// A base URL is taken to serve one document for the life of the binary: a
// later server on a reused port is checked against the first one's.
type documentCache struct {
	mu     sync.Mutex
	bases  map[string]func() (*document, error)
	byText map[[sha256.Size]byte]func() (*document, error)
}

// documents is the one cache of the test binary: Do and Exact are
// functions of a base URL, which is all that tells one server from another.
var documents = &documentCache{
	bases:  map[string]func() (*document, error){},
	byText: map[[sha256.Size]byte]func() (*document, error){},
}

// of returns the document the server at base serves, or nil when it serves
// none (a handler that is not a govops server).
func (c *documentCache) of(base string) (*document, error) {
	c.mu.Lock()
	load, ok := c.bases[base]
	if !ok {
		load = sync.OnceValues(func() (*document, error) { return c.fetch(base) })
		c.bases[base] = load
	}
	c.mu.Unlock()
	return load()
}

func (c *documentCache) fetch(base string) (*document, error) {
	res, err := http.Get(base + DocumentPath)
	if err != nil {
		return nil, fmt.Errorf("fetching the OpenAPI document: %w", err)
	}
	defer res.Body.Close()
	text, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the OpenAPI document: %w", err)
	}
	if res.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", DocumentPath, res.StatusCode)
	}
	key := sha256.Sum256(text)
	c.mu.Lock()
	load, ok := c.byText[key]
	if !ok {
		load = sync.OnceValues(func() (*document, error) { return prepare(text) })
		c.byText[key] = load
	}
	c.mu.Unlock()
	return load()
}

// prepare parses and checks an OpenAPI 3.1 document, then turns it into the
// strict OpenAPI 3.0.3 form that exchanges are checked against.
func prepare(text []byte) (*document, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(text)
	if err != nil {
		return nil, fmt.Errorf("loading the OpenAPI document: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is not valid: %w", err)
	}
	if err := strictify(doc); err != nil {
		return nil, err
	}
	// The 3.0.3 form must be one: a 3.1 keyword that kin-openapi's own
	// validator would pass over fails here instead. The licence identifier
	// is 3.1 metadata that no check reads.
	if doc.Info != nil && doc.Info.License != nil {
		doc.Info.License.Identifier = ""
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("the OpenAPI document has no OpenAPI 3.0.3 form to check exchanges against: %w", err)
	}
	// Routes are found by path alone, whatever the server's address.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("routing the OpenAPI document: %w", err)
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true,
		MultiError:            true,
		SkipSettingDefaults:   true,
	}
	opts.WithCustomSchemaErrorFunc(schemaMessage)
	return &document{router: router, options: opts}, nil
}

// schemaMessage is a schema error without the schema and the value, which
// kin-openapi prints whole by default: where in the body, and what is wrong.
func schemaMessage(err *openapi3.SchemaError) string {
	reason := err.Reason
	if reason == "" {
		reason = fmt.Sprintf("does not match %q", err.SchemaField)
	}
	if err.Origin != nil {
		reason = err.Origin.Error()
	}
	return fmt.Sprintf("at %q: %s", "/"+strings.Join(err.JSONPointer(), "/"), reason)
}

// strictify makes doc refuse what its authors did not write down, and puts
// it in the OpenAPI 3.0.3 form that kin-openapi validates with its own
// schema validator.
//
// Closed objects. An object schema that lists properties and says nothing
// about additionalProperties gets additionalProperties: false, so that a
// renamed field fails twice: as a missing required property and as an
// unknown one. An allOf member cannot be closed over its own properties:
// each member sees the whole object and would refuse the other members'
// fields. So each member is replaced by a copy of itself closed over every
// property that the combining schema and its members name, the ones it
// does not describe itself accepted as any value (the member that describes
// them checks them). Both errors then come from the members, which
// kin-openapi reports together. A component used both as a member and on
// its own (CalendarTable) stays closed over its own properties on its own.
// Where a member leaves the object open, or combines schemas itself, the
// members are open copies and the object stays open.
//
// OpenAPI 3.0.3. For an OpenAPI 3.1 document, openapi3filter validates
// every body with a JSON Schema 2020-12 validator that it compiles anew on
// every call, which costs milliseconds per answer, and for a schema with a
// $ref and no 2020-12 keyword it then validates with kin-openapi's own
// validator anyway. The document uses one 3.1 construct that 3.0 lacks, a
// type that includes "null"; written as nullable, every schema of it
// validates the same with kin-openapi's own validator, in microseconds. A
// 3.1 keyword that 3.0 lacks makes the converted document fail Validate.
func strictify(doc *openapi3.T) error {
	var all []*openapi3.Schema
	err := doc.WalkSchemas(func(_ string, ref *openapi3.SchemaRef) error {
		all = append(all, ref.Value)
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range all {
		if s.Type.IncludesNull() {
			types := slices.DeleteFunc(slices.Clone(s.Type.Slice()), func(t string) bool { return t == openapi3.TypeNull })
			if len(types) != 1 {
				return fmt.Errorf("strictify: type %v has no OpenAPI 3.0 form", s.Type.Slice())
			}
			s.Type = &openapi3.Types{types[0]}
			s.Nullable = true
		}
	}
	// Members are replaced before any schema is closed, so that each copy
	// starts from the schema as written.
	for _, s := range all {
		if len(s.AllOf) == 0 {
			continue
		}
		names, closable := propertyNames(s)
		for i, m := range s.AllOf {
			member := *m.Value
			if closable {
				member.Properties = maps.Clone(member.Properties)
				if member.Properties == nil {
					member.Properties = openapi3.Schemas{}
				}
				for _, name := range names {
					if member.Properties[name] == nil {
						member.Properties[name] = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
					}
				}
				member.AdditionalProperties.Has = new(false)
			}
			s.AllOf[i] = &openapi3.SchemaRef{Value: &member}
		}
	}
	for _, s := range all {
		if len(s.AllOf) == 0 && len(s.Properties) > 0 && openEnded(s) && s.Type.Permits(openapi3.TypeObject) {
			s.AdditionalProperties.Has = new(false)
		}
	}
	doc.OpenAPI = "3.0.3"
	return nil
}

// openEnded reports whether s says nothing about additional properties.
func openEnded(s *openapi3.Schema) bool {
	return s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil
}

// propertyNames is every property that s and its allOf members name, and
// whether that is all an object of s may hold: false when s or a member
// leaves the object open on purpose, or combines schemas another way.
func propertyNames(s *openapi3.Schema) ([]string, bool) {
	if !openEnded(s) || len(s.AnyOf) > 0 || len(s.OneOf) > 0 || s.Not != nil {
		return nil, false
	}
	names := slices.Collect(maps.Keys(s.Properties))
	for _, m := range s.AllOf {
		m := m.Value
		if len(m.Properties) == 0 || !openEnded(m) || len(m.AllOf) > 0 || len(m.AnyOf) > 0 || len(m.OneOf) > 0 || m.Not != nil {
			return nil, false
		}
		names = slices.AppendSeq(names, maps.Keys(m.Properties))
	}
	slices.Sort(names)
	return slices.Compact(names), true
}
