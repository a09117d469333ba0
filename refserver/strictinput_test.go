package refserver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/apitest"
	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/refserver/apikit"
)

// sendExact sends a request with exactly the headers given (name/value
// pairs) besides the token: no Content-Type is added, so that a test can
// send a body without one.
func sendExact(tb testing.TB, e *testEnv, method, path, token string, body []byte, hdr ...string) response {
	tb.Helper()
	status, header, data := apitest.Exact(tb, e.ts.URL, method, path, token, bytes.NewReader(body), hdr...)
	return response{status: status, header: header, body: data}
}

var jsonType = []string{"Content-Type", "application/json"}

// strictCaseBody is a case registration with title and reporter name
// spliced in as raw JSON text (quotes included), so that a test can send
// bytes that json.Marshal would never write.
func strictCaseBody(title, name string) []byte {
	return []byte(`{"kind":"hotline","category":"complaint","source":"phone","title":` + title +
		`,"description":"跃进路口路灯三晚不亮","reporter":{"name":` + name + `,"phone":"13812341234"}}`)
}

// strictDispatched registers a case and dispatches it to ylj, with the
// Content-Type a JSON body needs, and returns its number.
func strictDispatched(tb testing.TB, e *testEnv) string {
	tb.Helper()
	r := sendExact(tb, e, "POST", "/api/v1/cases", e.admin, strictCaseBody(`"路灯不亮"`, `"张三丰"`), jsonType...)
	mustStatus(tb, r, http.StatusCreated)
	n, _ := r.json(tb)["number"].(string)
	r = sendExact(tb, e, "POST", "/api/v1/cases/"+n+"/dispatch", e.admin, []byte(`{"department":"ylj"}`), jsonType...)
	mustStatus(tb, r, http.StatusOK)
	return n
}

// mustProblem fails unless r is a problem of status want, code invalid,
// whose fields name exactly field, and returns that field's problem.
func mustProblem(tb testing.TB, r response, want int, field string) string {
	tb.Helper()
	mustStatus(tb, r, want)
	if ct := r.header.Get("Content-Type"); ct != refserver.ProblemContentType {
		tb.Fatalf("Content-Type = %q, want %q", ct, refserver.ProblemContentType)
	}
	var p refserver.Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		tb.Fatalf("problem is not JSON (%v): %s", err, r.body)
	}
	if p.Code != govops.EINVALID || len(p.Fields) != 1 || p.Fields[field] == "" {
		tb.Fatalf("code %q, fields %q; want code invalid naming only %q", p.Code, p.Fields, field)
	}
	return p.Fields[field]
}

func TestServer_RefusesJSONItWouldRepair(t *testing.T) {
	e := MustOpenServer(t)
	for _, tc := range []struct {
		name  string
		body  []byte
		field string
	}{
		{"InvalidUTF8", strictCaseBody("\"路灯\xff不亮\"", `"张三丰"`), "title"},
		{"InvalidUTF8Nested", strictCaseBody(`"路灯不亮"`, "\"张\xe4\xb8三丰\""), "reporter.name"},
		{"TruncatedRuneAtEnd", strictCaseBody("\"路灯不亮\xe4\xb8\"", `"张三丰"`), "title"},
		{"LoneHighSurrogate", strictCaseBody(`"路灯\ud83d不亮"`, `"张三丰"`), "title"},
		{"LoneLowSurrogateNested", strictCaseBody(`"路灯不亮"`, `"\ude00张三丰"`), "reporter.name"},
		{"InvalidUTF8Key", []byte("{\"ti\xfftle\":\"路灯不亮\"}"), "ti\uFFFDtle"},
		{"DuplicateKey", []byte(`{"kind":"hotline","title":"路灯不亮","title":"别的"}`), "title"},
		{"DuplicateKeyEscaped", []byte(`{"title":"路灯不亮","\u0074itle":"别的"}`), "title"},
		{"DuplicateKeyNested", strictCaseBody(`"路灯不亮"`, `"张三丰","name":"李四"`), "reporter.name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sendExact(t, e, "POST", "/api/v1/cases", e.admin, tc.body, jsonType...)
			mustProblem(t, r, http.StatusBadRequest, tc.field)
		})
	}
	t.Run("NothingStored", func(t *testing.T) {
		r := sendExact(t, e, "GET", "/api/v1/cases", e.admin, nil)
		mustStatus(t, r, http.StatusOK)
		if bytes.Contains(r.body, []byte("路灯")) {
			t.Fatalf("a refused case was stored: %s", r.body)
		}
	})
	t.Run("OK", func(t *testing.T) {
		// Escapes of real characters, U+FFFD itself and a surrogate pair
		// are text, and arrive as sent.
		r := sendExact(t, e, "POST", "/api/v1/cases", e.admin,
			strictCaseBody(`"路灯\u4e0d亮 \ufffd \ud83d\ude00"`, `"张三丰"`), jsonType...)
		mustStatus(t, r, http.StatusCreated)
		if got := r.json(t)["title"]; got != "路灯不亮 \uFFFD 😀" {
			t.Fatalf("title = %q", got)
		}
	})
}

func TestDecodeJSON_Strict(t *testing.T) {
	type item struct {
		Code string `json:"code"`
		Note string `json:"note"`
	}
	type dst struct {
		Name  string         `json:"name"`
		Items []item         `json:"items"`
		Meta  map[string]any `json:"meta"`
	}
	for _, tc := range []struct {
		name  string
		data  string
		field string // "" when the data is accepted
	}{
		{"OK", `{"name":"a","items":[{"code":"x"},{"code":"x"}],"meta":{"code":"x"}}`, ""},
		{"SameKeyInSiblingObjects", `{"items":[{"code":"a","note":"b"},{"code":"a","note":"b"}]}`, ""},
		// encoding/json fills a struct field from a key in any letter case,
		// so keys differing only in case would be one field given twice.
		{"KeysDifferingInCase", `{"meta":{"a":1,"A":2}}`, "meta.A"},
		{"FieldTwiceByCase", `{"name":"a","NAME":"b"}`, "NAME"},
		{"EmptyObjects", ` { "meta" : { } , "items" : [ ] } `, ""},
		{"InvalidUTF8InArray", "{\"items\":[{\"code\":\"a\"},{\"note\":\"\x80\"}]}", "items[1].note"},
		{"InvalidUTF8DeepMap", "{\"meta\":{\"a\":{\"b\":[1,\"\xc3\x28\"]}}}", "meta.a.b[1]"},
		{"InvalidUTF8InMapKey", "{\"meta\":{\"k\xfe\":1}}", "meta.k\uFFFD"},
		{"OverlongEncoding", "{\"name\":\"\xc0\xaf\"}", "name"},
		{"EncodedSurrogate", "{\"name\":\"\xed\xa0\x80\"}", "name"},
		{"HighSurrogateThenOtherEscape", `{"name":"\ud800\u0041"}`, "name"},
		{"DuplicateInArrayElement", `{"items":[{"code":"a"},{"code":"a","code":"b"}]}`, "items[1].code"},
		{"DuplicateInMap", `{"meta":{"x":1,"y":2,"x":3}}`, "meta.x"},
		{"DuplicateKnownAndUnknown", `{"name":"a","bogus":1,"name":"b"}`, "name"},
		// A syntax error anywhere is reported as one, whatever else is wrong.
		{"SyntaxAfterDuplicate", `{"name":"a","name":"b",}`, "body"},
		{"SyntaxAfterInvalidUTF8", "{\"name\":\"\xff\" \"x\"}", "body"},
		{"ControlCharacter", "{\"name\":\"a\x01\"}", "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d dst
			err := apikit.DecodeJSON([]byte(tc.data), &d, false)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("DecodeJSON(%q) = %v", tc.data, err)
				}
				return
			}
			fields := govops.ErrorFields(err)
			if govops.ErrorCode(err) != govops.EINVALID || len(fields) != 1 || fields[tc.field] == "" {
				t.Fatalf("DecodeJSON(%q) = %v, fields %q; want invalid naming %q", tc.data, err, fields, tc.field)
			}
		})
	}
}

func TestServer_JSONContentType(t *testing.T) {
	e := MustOpenServer(t)
	body := strictCaseBody(`"路灯不亮"`, `"张三丰"`)
	for _, tc := range []struct {
		name string
		hdr  []string
		want int
	}{
		{"JSON", jsonType, http.StatusCreated},
		{"JSONCharsetUTF8", []string{"Content-Type", "application/json; charset=UTF-8"}, http.StatusCreated},
		{"PlusJSON", []string{"Content-Type", "application/vnd.govops.case+json"}, http.StatusCreated},
		{"XML", []string{"Content-Type", "application/xml"}, http.StatusUnsupportedMediaType},
		{"TextPlain", []string{"Content-Type", "text/plain; charset=utf-8"}, http.StatusUnsupportedMediaType},
		{"Form", []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType},
		{"BarePlusJSON", []string{"Content-Type", "application/+json"}, http.StatusUnsupportedMediaType},
		{"OtherCharset", []string{"Content-Type", "application/json; charset=iso-8859-1"}, http.StatusUnsupportedMediaType},
		{"NotAMediaType", []string{"Content-Type", "json"}, http.StatusUnsupportedMediaType},
		{"Missing", nil, http.StatusUnsupportedMediaType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sendExact(t, e, "POST", "/api/v1/cases", e.admin, body, tc.hdr...)
			if tc.want != http.StatusUnsupportedMediaType {
				mustStatus(t, r, tc.want)
				return
			}
			mustProblem(t, r, tc.want, "Content-Type")
		})
	}
	t.Run("MissingOnAction", func(t *testing.T) {
		n := strictDispatched(t, e)
		r := sendExact(t, e, "POST", "/api/v1/cases/"+n+"/accept", e.own, []byte(`{"note":"收到"}`))
		mustProblem(t, r, http.StatusUnsupportedMediaType, "Content-Type")
	})
	t.Run("EmptyOptionalBodyWithoutContentType", func(t *testing.T) {
		n := strictDispatched(t, e)
		r := sendExact(t, e, "POST", "/api/v1/cases/"+n+"/accept", e.own, nil)
		mustStatus(t, r, http.StatusOK)
		if got := r.json(t)["status"]; got != "accepted" {
			t.Fatalf("status = %v, want accepted", got)
		}
	})
	t.Run("EmptyRequiredBodyWithoutContentType", func(t *testing.T) {
		r := sendExact(t, e, "POST", "/api/v1/cases", e.admin, nil)
		mustProblem(t, r, http.StatusBadRequest, "body")
	})
}

func TestServer_Head(t *testing.T) {
	e := MustOpenServer(t)
	n := strictDispatched(t, e)
	for _, tc := range []struct {
		path  string
		token string
	}{
		{"/healthz", ""},
		{"/api/v1/openapi.json", ""},
		{"/api/v1/cases", e.admin},
		{"/api/v1/cases/" + n, e.own},
		{"/api/v1/cases/" + n + "/events", e.admin},
		{"/api/v1/departments/ylj", e.viewer},
		{"/api/v1/hotline/schemes", e.admin},
		{"/api/v1/calendar", e.admin},
	} {
		t.Run(tc.path, func(t *testing.T) {
			get := sendExact(t, e, "GET", tc.path, tc.token, nil)
			mustStatus(t, get, http.StatusOK)
			head := sendExact(t, e, "HEAD", tc.path, tc.token, nil)
			mustStatus(t, head, http.StatusOK)
			if len(head.body) != 0 {
				t.Fatalf("HEAD answered a body: %q", head.body)
			}
			for _, h := range []string{"Content-Type", "ETag", "Cache-Control"} {
				if g, hd := get.header.Get(h), head.header.Get(h); g != hd {
					t.Errorf("%s: GET %q, HEAD %q", h, g, hd)
				}
			}
			if head.header.Get("Content-Type") == "" || head.header.Get(refserver.RequestIDHeader) == "" {
				t.Errorf("HEAD headers lack Content-Type or the request ID: %v", head.header)
			}
		})
	}
	t.Run("ErrUnauthorized", func(t *testing.T) {
		head := sendExact(t, e, "HEAD", "/api/v1/cases", "", nil)
		mustStatus(t, head, http.StatusUnauthorized)
		if len(head.body) != 0 {
			t.Fatalf("HEAD answered a body: %q", head.body)
		}
		if ct := head.header.Get("Content-Type"); ct != refserver.ProblemContentType {
			t.Fatalf("Content-Type = %q", ct)
		}
		if head.header.Get("WWW-Authenticate") == "" {
			t.Fatal("no WWW-Authenticate challenge")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		get := sendExact(t, e, "GET", "/api/v1/cases/2099-999999", e.admin, nil)
		head := sendExact(t, e, "HEAD", "/api/v1/cases/2099-999999", e.admin, nil)
		if get.status != http.StatusNotFound || head.status != get.status || len(head.body) != 0 {
			t.Fatalf("GET %d, HEAD %d with %d bytes; want 404 twice, HEAD without a body", get.status, head.status, len(head.body))
		}
	})
	t.Run("ErrNotAGetRoute", func(t *testing.T) {
		head := sendExact(t, e, "HEAD", "/api/v1/tokens/"+uuid.Must(uuid.NewV7()).String(), e.admin, nil)
		mustStatus(t, head, http.StatusMethodNotAllowed)
		if allow := head.header.Get("Allow"); allow != "DELETE" {
			t.Fatalf("Allow = %q, want DELETE", allow)
		}
	})
	t.Run("EveryGetRoute", func(t *testing.T) {
		subst := strings.NewReplacer("{number}", n, "{code}", "ylj", "{id}", uuid.Must(uuid.NewV7()).String(),
			"{month}", "2026-03", "{kind}", "district", "{year}", "2026")
		gets := 0
		for _, rt := range e.srv.Routes() {
			if rt.Method == http.MethodHead {
				t.Fatalf("Routes lists HEAD %s", rt.Path)
			}
			if rt.Method != http.MethodGet {
				continue
			}
			gets++
			p := subst.Replace(rt.Path)
			get := sendExact(t, e, "GET", p, e.admin, nil)
			head := sendExact(t, e, "HEAD", p, e.admin, nil)
			if head.status != get.status || len(head.body) != 0 ||
				head.header.Get("Content-Type") != get.header.Get("Content-Type") {
				t.Errorf("%s: GET %d %q, HEAD %d %q with %d bytes", p, get.status, get.header.Get("Content-Type"),
					head.status, head.header.Get("Content-Type"), len(head.body))
			}
		}
		if gets < 20 {
			t.Fatalf("only %d GET routes", gets)
		}
	})
}

// FuzzDecodeJSON_Strict checks that whatever DecodeJSON accepts is what
// encoding/json would decode without repair: UTF-8 throughout, and no key
// twice in one object (seen by json.Decoder's tokens, which are exact once
// the text is UTF-8); and that what it refuses names one field.
func FuzzDecodeJSON_Strict(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":{"c":[1,{"d":"e"}]}}`))
	f.Add([]byte(`{"a":1,"a":2}`))
	f.Add([]byte(`{"a":{"b":1,"\u0062":2}}`))
	f.Add([]byte("{\"a\":\"\xff\"}"))
	f.Add([]byte(`{"a":"\ud800"}`))
	f.Add([]byte(`{"a":"\ud83d\ude00","b":"\ufffd"}`))
	f.Add([]byte(`{"a":[{"x":1},{"x":1,"x":2}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var dst map[string]any
		err := apikit.DecodeJSON(data, &dst, true)
		if err != nil {
			var e *govops.Error
			if !errors.As(err, &e) || e.Code != govops.EINVALID || len(e.Fields) != 1 {
				t.Fatalf("DecodeJSON(%q) = %v; want EINVALID naming one field", data, err)
			}
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("DecodeJSON accepted %q, which is not UTF-8", data)
		}
		// Without U+FFFD in the text, raw or escaped, a U+FFFD in a decoded
		// string is a repair (of half a surrogate pair).
		if !bytes.Contains(data, []byte("\uFFFD")) && !bytes.Contains(bytes.ToLower(data), []byte(`\ufffd`)) {
			for _, s := range collectStrings(data) {
				if strings.ContainsRune(s, utf8.RuneError) {
					t.Fatalf("DecodeJSON accepted %q, whose string %q was repaired", data, s)
				}
			}
		}
		noDuplicateKeys(t, data)
	})
}

// collectStrings returns every string and key of the first value of data.
func collectStrings(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []string
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if s, ok := tok.(string); ok {
			out = append(out, s)
		}
	}
}

// noDuplicateKeys fails if an object of the first value of data names a
// key twice.
func noDuplicateKeys(t *testing.T, data []byte) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string of an object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.object && top.key {
			if top.keys[s] {
				t.Fatalf("DecodeJSON accepted %q, which names %q twice in one object", data, s)
			}
			top.keys[s] = true
			top.key = false
			continue
		}
		if top != nil && top.object {
			top.key = true // a value ends; the next string is a key
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, key: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].key = true
			}
		}
	}
}
