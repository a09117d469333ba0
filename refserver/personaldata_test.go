package refserver_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// The personal-data test enumerates instead of listing. It knows no domain:
// it reads the route table and the OpenAPI document, writes through every
// JSON write endpoint with personal data planted in every text field the
// endpoint accepts it in, then reads every GET endpoint as a viewer and as
// a foreign department and fails on any raw occurrence of the planted data
// in any answer, error bodies included, and in the audit log. A new domain
// runs under it by documenting an example body for each write endpoint.

// The planted personal data: a reporter's name, a mobile number and a
// resident ID number.
const (
	plantName  = "李四"
	plantPhone = "13700001111"
	plantID    = "110101199003071234"
)

var plants = []string{plantName, plantPhone, plantID}

// plantLadder is what a text field is tried with, in order: all three, then
// each alone (a phone field takes only the number), then nothing.
var plantLadder = []string{plantName + "反映 电话" + plantPhone + " 身份证" + plantID, plantPhone, plantName, plantID}

// leak is one raw occurrence of planted data in an answer.
type leak struct {
	who, method, path, field, value string
}

func (l leak) String() string {
	return fmt.Sprintf("%s %s %s: %s holds %q", l.who, l.method, l.path, l.field, l.value)
}

// plantEnv is a test server with personal data planted through every write
// endpoint, and what the planting learned.
type plantEnv struct {
	*testEnv
	doc     map[string]any
	planted map[string][]string // "POST /path" → JSON paths that took a plant
	params  map[string][]string // path parameter name → values seen in answers
	last    map[string]string   // "POST /path" → its last refusal, to explain a failure
}

// openPlanted builds a server over in-memory stores and plants personal data
// through it. It fails if a write endpoint has no example body or never
// succeeded.
func openPlanted(t *testing.T) *plantEnv {
	t.Helper()
	e := &plantEnv{testEnv: MustOpenServer(t), planted: map[string][]string{}, params: map[string][]string{}, last: map[string]string{}}
	r := e.do(t, "GET", "/api/v1/openapi.json", "", nil)
	mustStatus(t, r, http.StatusOK)
	if err := json.Unmarshal(r.body, &e.doc); err != nil {
		t.Fatal(err)
	}
	type write struct {
		method, path string
		example      any
		schema       map[string]any
	}
	var writes []write
	var missing []string
	for _, rt := range e.srv.Routes() {
		if rt.Method != http.MethodPost && rt.Method != http.MethodPut {
			continue
		}
		op := e.operation(rt.Method, rt.Path)
		body, _ := op["requestBody"].(map[string]any)
		content, _ := body["content"].(map[string]any)
		media, ok := content["application/json"].(map[string]any)
		if !ok {
			continue // CSV and text bodies: the same fields arrive by JSON too
		}
		schema := e.resolve(media["schema"])
		if schema["x-personal"] == false {
			continue // organisational data (departments, tokens, rules, schemes)
		}
		ex, ok := media["example"]
		if !ok {
			missing = append(missing, rt.Method+" "+rt.Path)
			continue
		}
		writes = append(writes, write{rt.Method, rt.Path, ex, schema})
	}
	if len(missing) > 0 {
		t.Fatalf("write endpoints without an example body in the OpenAPI document (add one, or mark the body's schema \"x-personal\": false): %s", strings.Join(missing, ", "))
	}

	// The writes in route-table order once (a record first, then what
	// refers to it: the examples name the first case), then a random
	// exploration from a fixed seed, in which a write that needs its record
	// in some state (reply needs an accepted case) finds one sooner or later.
	rng := rand.New(rand.NewPCG(8, 6))
	done := map[string]bool{}
	answers := map[string][]map[string]any{} // collection path → created records
	try := func(w write, path string) bool {
		for _, token := range []string{e.admin, e.own} {
			ans, fields, ok := e.plantWrite(t, w.method, path, token, w.example, w.schema)
			if !ok {
				continue
			}
			done[w.method+" "+w.path] = true
			e.planted[w.method+" "+w.path] = union(e.planted[w.method+" "+w.path], fields)
			if !strings.Contains(w.path, "{") {
				answers[w.path] = append(answers[w.path], ans)
			}
			e.learnParams(ans)
			return true
		}
		return false
	}
	// follow tries, on the record at concrete (of the path tmpl, such as
	// /api/v1/cases/{number}), the writes not yet done, then moves the
	// record on through the first write done before that takes it (in
	// route-table order, which is the order of a lifecycle, and each write
	// once on the record) and tries them again, until no write moves it: a
	// write that needs its record in some state (reply needs an accepted
	// case) is reached without a lucky draw for every step of the way.
	follow := func(tmpl, concrete string) {
		made := map[string]bool{}
		for {
			var undone, moves []write
			for _, w2 := range writes {
				switch {
				case !strings.HasPrefix(w2.path, tmpl), made[w2.path]:
				case done[w2.method+" "+w2.path]:
					moves = append(moves, w2)
				default:
					undone = append(undone, w2)
				}
			}
			if len(undone) == 0 {
				return
			}
			for _, w2 := range undone {
				try(w2, concrete+w2.path[len(tmpl):])
			}
			moved := false
			for _, w2 := range moves {
				if moved = try(w2, concrete+w2.path[len(tmpl):]); moved {
					made[w2.path] = true
					break
				}
			}
			if !moved {
				return
			}
		}
	}
	for step := 0; step < 800 && len(done) < len(writes); step++ {
		w := writes[rng.IntN(len(writes))]
		if step < len(writes) {
			w = writes[step]
		}
		key := w.method + " " + w.path
		if done[key] && rng.IntN(4) > 0 {
			continue
		}
		path, ok := e.fillPath(w.path, answers, rng)
		if !ok {
			continue
		}
		if !try(w, path) {
			continue
		}
		if i := strings.Index(w.path, "}"); i > 0 {
			tmpl := w.path[:i+1]
			follow(tmpl, strings.Join(strings.Split(path, "/")[:strings.Count(tmpl, "/")+1], "/"))
			continue
		}
		// A record was just made: follow it along the writes on it.
		for _, w2 := range writes {
			rest, ok := strings.CutPrefix(w2.path, w.path+"/{")
			if !ok {
				continue
			}
			name, _, _ := strings.Cut(rest, "}")
			if v, ok := answers[w.path][len(answers[w.path])-1][name]; ok {
				follow(w.path+"/{"+name+"}", w.path+"/"+url.PathEscape(fmt.Sprint(v)))
				break
			}
		}
	}
	var never []string
	for _, w := range writes {
		if !done[w.method+" "+w.path] {
			never = append(never, w.method+" "+w.path)
			for k, v := range e.last {
				if strings.HasPrefix(k, w.method+" ") && strings.Count(k, "/") == strings.Count(w.path, "/") {
					t.Logf("%s: %s", k, v)
				}
			}
		}
	}
	if len(never) > 0 {
		t.Fatalf("these write endpoints never succeeded with their example body, so nothing was planted through them: %s", strings.Join(never, ", "))
	}
	return e
}

// operation returns the OpenAPI operation of method and path.
func (e *plantEnv) operation(method, path string) map[string]any {
	paths, _ := e.doc["paths"].(map[string]any)
	item, _ := paths[path].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	return op
}

// resolve follows a schema's $ref.
func (e *plantEnv) resolve(s any) map[string]any {
	m, _ := s.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		var cur any = e.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		return e.resolve(cur)
	}
	return m
}

// fillPath replaces each {param} of path with a value: the matching field of
// a record created through the path before the parameter.
func (e *plantEnv) fillPath(path string, answers map[string][]map[string]any, rng *rand.Rand) (string, bool) {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if !strings.HasPrefix(seg, "{") {
			continue
		}
		name := strings.Trim(seg, "{}")
		recs := answers[strings.Join(segs[:i], "/")]
		if len(recs) == 0 {
			return "", false
		}
		v, ok := recs[rng.IntN(len(recs))][name]
		if !ok {
			return "", false
		}
		segs[i] = url.PathEscape(fmt.Sprint(v))
	}
	return strings.Join(segs, "/"), true
}

// plantWrite sends example with every string in it planted, stepping a
// field down plantLadder each time an answer names it as refused, until the
// write succeeds or is refused for a reason other than its fields.
//
// A property the schema marks "x-personal": false (a reference to another
// record, such as a case number) keeps its example value.
func (e *plantEnv) plantWrite(t *testing.T, method, path, token string, example any, schema map[string]any) (map[string]any, []string, bool) {
	t.Helper()
	step := map[string]int{}
	for _, f := range stringPaths(example, "") {
		if e.property(schema, f)["x-personal"] != false {
			step[f] = 0
		}
	}
	for range 40 {
		body := plantValue(example, "", step)
		r := e.do(t, method, path, token, body)
		if r.status/100 == 2 {
			var ans map[string]any
			_ = json.Unmarshal(r.body, &ans)
			var took []string
			for f, s := range step {
				if s < len(plantLadder) {
					took = append(took, f)
				}
			}
			return ans, took, true
		}
		if _, ok := e.last[method+" "+path]; !ok || r.status != http.StatusForbidden {
			e.last[method+" "+path] = fmt.Sprintf("%d %s", r.status, r.body)
		}
		if r.status != http.StatusBadRequest && r.status != http.StatusUnprocessableEntity {
			return nil, nil, false
		}
		var prob struct {
			Fields map[string]string `json:"fields"`
		}
		_ = json.Unmarshal(r.body, &prob)
		moved := false
		for f := range prob.Fields {
			if s, ok := step[f]; ok && s < len(plantLadder) {
				step[f]++
				moved = true
			}
		}
		if !moved { // the refusal names no planted field: step them all
			for f, s := range step {
				if s < len(plantLadder) {
					step[f]++
					moved = true
				}
			}
		}
		if !moved {
			return nil, nil, false
		}
	}
	return nil, nil, false
}

// property returns the schema of the property at a JSON path of schema.
func (e *plantEnv) property(schema map[string]any, path string) map[string]any {
	cur := schema
	for _, k := range strings.Split(path, ".") {
		props, _ := cur["properties"].(map[string]any)
		cur = e.resolve(props[k])
		if items, ok := cur["items"]; ok {
			cur = e.resolve(items)
		}
	}
	return cur
}

// stringPaths lists the JSON paths ("reporter.name", "attachments") of the
// strings in v.
func stringPaths(v any, at string) []string {
	switch v := v.(type) {
	case string:
		return []string{at}
	case map[string]any:
		var out []string
		for k, x := range v {
			out = append(out, stringPaths(x, join(at, k))...)
		}
		return out
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, stringPaths(x, at)...)
		}
		return out
	}
	return nil
}

func join(at, k string) string {
	if at == "" {
		return k
	}
	return at + "." + k
}

// plantValue returns v with the strings at each path replaced by the rung of
// plantLadder that step says, or kept past its end.
func plantValue(v any, at string, step map[string]int) any {
	switch v := v.(type) {
	case string:
		if s, ok := step[at]; ok && s < len(plantLadder) {
			return plantLadder[s]
		}
		return v
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = plantValue(x, join(at, k), step)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plantValue(x, at, step)
		}
		return out
	}
	return v
}

// learnParams remembers the values of the fields of an answer, by name and
// by the last word of a snake_case name ("case_number" is a "number").
func (e *plantEnv) learnParams(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			switch x := x.(type) {
			case string, float64:
				s := fmt.Sprint(x)
				for _, name := range []string{k, k[strings.LastIndex(k, "_")+1:]} {
					if !slices.Contains(e.params[name], s) {
						e.params[name] = append(e.params[name], s)
					}
				}
			default:
				e.learnParams(x)
			}
		}
	case []any:
		for _, x := range v {
			e.learnParams(x)
		}
	}
}

func union(a, b []string) []string {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	sort.Strings(a)
	return a
}

// getPaths returns every GET path of the route table with its parameters
// filled from the values seen so far (each value once), the admin's listings
// read first so that records made by others are known too.
func (e *plantEnv) getPaths(t *testing.T, h http.Handler) []string {
	t.Helper()
	var out []string
	for _, rt := range e.srv.Routes() {
		if rt.Method != http.MethodGet || strings.Contains(rt.Path, "{") {
			continue
		}
		out = append(out, rt.Path)
		r := serve(h, "GET", rt.Path, e.admin)
		var v any
		if json.Unmarshal(r.body, &v) == nil {
			e.learnParams(v)
		}
	}
	for _, rt := range e.srv.Routes() {
		if rt.Method != http.MethodGet || !strings.Contains(rt.Path, "{") {
			continue
		}
		out = append(out, e.expand(rt.Path)...)
	}
	return out
}

// expand fills the first parameter of path with every value known for it,
// recursively.
func (e *plantEnv) expand(path string) []string {
	i := strings.Index(path, "{")
	if i < 0 {
		return []string{path}
	}
	j := strings.Index(path[i:], "}") + i
	var out []string
	vals := e.params[path[i+1:j]]
	if len(vals) > 8 {
		vals = vals[:8]
	}
	for _, v := range vals {
		out = append(out, e.expand(path[:i]+url.PathEscape(v)+path[j+1:])...)
	}
	return out
}

// serve runs one request against h.
func serve(h http.Handler, method, path, token string) response {
	req := httptest.NewRequest(method, path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// findLeaks reads every GET path through h as the viewer and as the
// foreign department, and the audit log as the admin, and returns every
// raw occurrence of planted data.
func (e *plantEnv) findLeaks(t *testing.T, h http.Handler) []leak {
	t.Helper()
	var leaks []leak
	readers := []struct{ who, token string }{{"viewer", e.viewer}, {"foreign department", e.other}}
	paths := e.getPaths(t, h)
	t.Logf("reading %d GET paths as %d readers", len(paths), len(readers))
	for _, path := range paths {
		for _, rd := range readers {
			r := serve(h, "GET", path, rd.token)
			leaks = append(leaks, scan(rd.who, "GET", path, r.body)...)
			if r.status/100 == 2 && r.header.Get("Cache-Control") != "no-store" && strings.HasPrefix(path, "/api/v1/") && path != "/api/v1/openapi.json" {
				t.Errorf("GET %s as %s: Cache-Control = %q, want no-store", path, rd.who, r.header.Get("Cache-Control"))
			}
		}
	}
	// The audit log never holds personal data, whoever reads it.
	r := serve(h, "GET", "/api/v1/audit?limit=500", e.admin)
	leaks = append(leaks, scan("admin", "GET", "/api/v1/audit", r.body)...)
	return leaks
}

// scan returns the planted values in body: in its decoded JSON strings,
// named by their path, or in its raw bytes for anything else.
func scan(who, method, path string, body []byte) []leak {
	var v any
	if json.Unmarshal(body, &v) != nil {
		var out []leak
		for _, p := range plants {
			if bytes.Contains(body, []byte(p)) {
				out = append(out, leak{who, method, path, "(body)", p})
			}
		}
		return out
	}
	var out []leak
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case string:
			// A cursor is base64 of a key: read what it hides too.
			texts := []string{v}
			if b, err := base64.RawURLEncoding.DecodeString(v); err == nil && utf8.Valid(b) {
				texts = append(texts, string(b))
			}
			for _, text := range texts {
				for _, p := range plants {
					if strings.Contains(text, p) {
						out = append(out, leak{who, method, path, at, text})
					}
				}
			}
		case map[string]any:
			for k, x := range v {
				walk(x, join(at, k))
			}
		case []any:
			for _, x := range v {
				walk(x, at)
			}
		}
	}
	walk(v, "")
	return out
}

// leafName is the last element of a JSON path.
func leafName(path string) string { return path[strings.LastIndex(path, ".")+1:] }

func TestPersonalDataNeverReachesUnentitledReaders(t *testing.T) {
	e := openPlanted(t)
	var fields []string
	for k, fs := range e.planted {
		for _, f := range fs {
			fields = append(fields, k+" "+f)
		}
	}
	sort.Strings(fields)
	t.Logf("planted through %d fields:\n%s", len(fields), strings.Join(fields, "\n"))
	for _, must := range []string{"POST /api/v1/cases location", "POST /api/v1/cases reporter.name", "POST /api/v1/cases reporter.phone",
		"POST /api/v1/cases title", "POST /api/v1/hotline/deductions reason"} {
		if !slices.Contains(fields, must) {
			t.Errorf("nothing was planted through %s", must)
		}
	}
	leaks := e.findLeaks(t, e.srv.Handler())
	for _, l := range leaks {
		t.Errorf("leak: %s", l)
	}
	// findLeaks calls the handler itself; the same answers read through
	// apitest are checked against the document: masked, they keep its shapes.
	for _, path := range e.getPaths(t, e.srv.Handler()) {
		for _, token := range []string{e.viewer, e.other} {
			e.do(t, "GET", path, token, nil)
		}
	}
	// The planted data is there for those entitled to it: the test reads
	// answers that hold it.
	r := serve(e.srv.Handler(), "GET", "/api/v1/cases", e.admin)
	if !bytes.Contains(r.body, []byte(plantPhone)) || !bytes.Contains(r.body, []byte(plantName)) {
		t.Fatalf("the admin's listing holds no planted data: %s", r.body)
	}
}

// unmasking is a handler that answers the viewer's and the foreign
// department's requests with what the admin would see, for the JSON fields
// named field (or every field when field is ""): the server with masking
// taken off, without editing the server.
func unmasking(e *plantEnv, field string) http.Handler {
	h := e.srv.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		auth := req.Header.Get("Authorization")
		if auth != "Bearer "+e.viewer && auth != "Bearer "+e.other {
			h.ServeHTTP(w, req)
			return
		}
		own := serve(h, req.Method, req.URL.RequestURI(), strings.TrimPrefix(auth, "Bearer "))
		admin := serve(h, req.Method, req.URL.RequestURI(), e.admin)
		body := own.body
		if own.status == admin.status {
			var a, o any
			if json.Unmarshal(admin.body, &a) == nil && json.Unmarshal(own.body, &o) == nil {
				if field == "" {
					body = admin.body
				} else {
					body, _ = json.Marshal(copyField(o, a, field))
				}
			}
		}
		for k, v := range own.header {
			w.Header()[k] = v
		}
		w.WriteHeader(own.status)
		_, _ = io.Copy(w, bytes.NewReader(body))
	})
}

// copyField returns own with the value of every key named field taken from
// admin, where both have the same shape.
func copyField(own, admin any, field string) any {
	switch o := own.(type) {
	case map[string]any:
		a, _ := admin.(map[string]any)
		for k, x := range o {
			if k == field {
				if av, ok := a[k]; ok {
					o[k] = av
				}
				continue
			}
			o[k] = copyField(x, a[k], field)
		}
	case []any:
		a, _ := admin.([]any)
		for i := range o {
			if i < len(a) {
				o[i] = copyField(o[i], a[i], field)
			}
		}
	}
	return own
}

// TestPersonalDataTestFindsLeaks shows the enumeration catches what it is
// for: with masking taken off every field, and then off each planted field
// alone, it reports that field.
func TestPersonalDataTestFindsLeaks(t *testing.T) {
	e := openPlanted(t)
	if leaks := e.findLeaks(t, unmasking(e, "")); len(leaks) == 0 {
		t.Fatal("with nothing masked, the enumeration found no leak")
	}
	// Every field that took a plant and that a reader may see masked: the
	// leaf names of the admin's answers that hold planted data.
	seen := map[string]bool{}
	for _, path := range e.getPaths(t, e.srv.Handler()) {
		for _, l := range scan("admin", "GET", path, serve(e.srv.Handler(), "GET", path, e.admin).body) {
			if l.field != "" && l.field != "(body)" {
				seen[leafName(l.field)] = true
			}
		}
	}
	for _, must := range []string{"location", "title", "description", "name", "phone", "reason", "note"} {
		if !seen[must] {
			t.Errorf("no answer to the admin holds planted data in a field named %q", must)
		}
	}
	for field := range seen {
		t.Run(field, func(t *testing.T) {
			leaks := e.findLeaks(t, unmasking(e, field))
			for _, l := range leaks {
				if leafName(l.field) == field {
					return
				}
			}
			t.Errorf("with %q unmasked, the enumeration found no leak in it (found %v)", field, leaks)
		})
	}
}

// digitAttack rebuilds the hidden digits of a masked phone number shown as
// 137****1111 one at a time, asking search for each candidate prefix: the
// attack of a reader who may see only masked text. It returns what it
// learned.
func digitAttack(search func(q string) int) string {
	known := plantPhone[:3]
	for len(known) < len(plantPhone) {
		var hits []byte
		for d := byte('0'); d <= '9'; d++ {
			if search(known+string(d)) > 0 {
				hits = append(hits, d)
			}
		}
		if len(hits) != 1 {
			break // the answers tell nothing
		}
		known += string(hits[0])
	}
	return known
}

func TestSearchIsNoOracle(t *testing.T) {
	e := MustOpenServer(t)
	r := e.do(t, "POST", "/api/v1/cases", e.admin, map[string]any{
		"kind": "hotline", "category": "complaint", "source": "phone",
		"title":       plantName + "反映 电话" + plantPhone,
		"description": "身份证" + plantID + "，" + plantName + "多次来电",
		"reporter":    map[string]string{"name": plantName, "phone": plantPhone},
		"location":    "幸福小区 电话" + plantPhone,
	})
	mustStatus(t, r, http.StatusCreated)
	number := r.json(t)["number"].(string)
	mustStatus(t, e.do(t, "POST", "/api/v1/cases/"+number+"/dispatch", e.admin, map[string]string{"department": "ylj"}), http.StatusOK)

	search := func(token string) func(string) int {
		return func(q string) int {
			r := e.do(t, "GET", "/api/v1/cases?q="+url.QueryEscape(q), token, nil)
			mustStatus(t, r, http.StatusOK)
			return len(r.json(t)["items"].([]any))
		}
	}
	// The attack works where search sees the text: against the admin.
	if got := digitAttack(search(e.admin)); got != plantPhone {
		t.Fatalf("the attack against raw search recovered %q, want %q: it does not test what it should", got, plantPhone)
	}
	if got := digitAttack(search(e.own)); got != plantPhone {
		t.Fatalf("the handling department searches raw text too; attack recovered %q", got)
	}
	// Against the viewer it learns nothing beyond the shown prefix.
	if got := digitAttack(search(e.viewer)); got != plantPhone[:3] {
		t.Errorf("the viewer's search revealed %q of the hidden phone number", got)
	}
	// Nor can the viewer probe the ID number or the name.
	for _, q := range []string{plantID[:10], plantID[6:14], plantName, plantPhone, "0000111"} {
		if n := search(e.viewer)(q); n != 0 {
			t.Errorf("viewer search for %q matched %d cases", q, n)
		}
	}
	// What the viewer sees, it finds.
	for _, q := range []string{"李*反映", "137****1111", "110***********1234", "多次来电", number} {
		if n := search(e.viewer)(q); n != 1 {
			t.Errorf("viewer search for %q (shown to it) matched %d cases, want 1", q, n)
		}
	}
	// The foreign department sees none of it.
	if n := search(e.other)(plantPhone[:3]); n != 0 {
		t.Errorf("foreign department search matched %d cases", n)
	}
}

// TestSearchAttackNeedsMasking shows the attack test fails where search runs
// on the unmasked text for a masked reader: the viewer's searches answered
// as the admin's would be.
func TestSearchAttackNeedsMasking(t *testing.T) {
	e := MustOpenServer(t)
	r := e.do(t, "POST", "/api/v1/cases", e.admin, map[string]any{
		"kind": "hotline", "category": "complaint", "source": "phone", "title": "电话" + plantPhone,
	})
	mustStatus(t, r, http.StatusCreated)
	pe := &plantEnv{testEnv: e}
	h := unmasking(pe, "")
	search := func(q string) int {
		r := serve(h, "GET", "/api/v1/cases?q="+url.QueryEscape(q), e.viewer)
		var v struct{ Items []any }
		_ = json.Unmarshal(r.body, &v)
		return len(v.Items)
	}
	if got := digitAttack(search); got != plantPhone {
		t.Errorf("against search on unmasked text the attack recovered only %q", got)
	}
}
