package apikit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govops-kit/govops"
)

// MaxBodyBytes is the largest request body the server reads (1 MiB).
const MaxBodyBytes = 1 << 20

// DecodeBody reads one JSON object from the request body into dst, with no
// unknown fields and nothing after it. An empty body is an empty object when
// allowEmpty is set (for actions whose fields are all optional), and an
// error otherwise.
//
// The body must be declared as JSON (see checkJSONContentType): a body of
// another media type is 415, and so is a body sent without a Content-Type,
// so that a form or a file posted by mistake is refused rather than read as
// whatever it happens to parse as. An empty body needs no Content-Type.
func DecodeBody(w http.ResponseWriter, req *http.Request, dst any, allowEmpty bool) error {
	ct := req.Header.Get("Content-Type")
	if ct != "" {
		if err := checkJSONContentType(ct); err != nil {
			return err
		}
	}
	body := http.MaxBytesReader(w, req.Body, MaxBodyBytes)
	data, err := io.ReadAll(body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return BodyTooLarge()
		}
		return govops.Errorf(govops.EINVALID, "could not read the request body: %v", err).WithField("body", "could not be read")
	}
	if ct == "" && len(bytes.TrimSpace(data)) != 0 {
		return unsupportedJSONType("is missing: send the body with Content-Type: application/json")
	}
	if check, ok := req.Context().Value(bodyCheckKey{}).(BodyCheck); ok && check != nil {
		if err := check(data); err != nil {
			return err
		}
	}
	return DecodeJSON(data, dst, allowEmpty)
}

// BodyCheck looks at a JSON request body as it arrived, before it is
// decoded, and returns the error that refuses it (nil to go on).
type BodyCheck func(body []byte) error

type bodyCheckKey struct{}

// WithBodyCheck returns ctx under which DecodeBody hands every body to
// check before its strict decoding: a domain that refuses a body for what
// it holds, whatever the field (the security module refuses a field named
// like a credential at any depth), says so before the decoder names the
// field as unknown.
func WithBodyCheck(ctx context.Context, check BodyCheck) context.Context {
	return context.WithValue(ctx, bodyCheckKey{}, check)
}

// checkJSONContentType accepts a Content-Type that declares JSON:
// application/json or a JSON-based application/*+json type, with any
// parameters, of which charset may only be utf-8 (RFC 8259 §8.1 makes
// JSON exchanged between systems UTF-8). Anything else is 415 naming
// "Content-Type".
func checkJSONContentType(ct string) error {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return unsupportedJSONType("is not a media type: send application/json")
	}
	sub, ok := strings.CutPrefix(mt, "application/")
	if !ok || sub != "json" && (len(sub) <= len("+json") || !strings.HasSuffix(sub, "+json")) {
		return unsupportedJSONType("must be application/json (optionally with charset=utf-8), not " + govops.Truncate(mt, 40) + ": send the body as JSON")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return unsupportedJSONType("must declare charset=utf-8 or no charset, not " + govops.Truncate(cs, 40) + ": send the JSON encoded as UTF-8")
	}
	return nil
}

// unsupportedJSONType is the 415 of a JSON endpoint, problem naming
// "Content-Type", as readBody answers for CSV and text bodies.
func unsupportedJSONType(problem string) error {
	return &StatusError{
		Err:    govops.FieldError("Content-Type", problem),
		Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type",
	}
}

// DecodeJSON decodes data, which must hold exactly one JSON object, into
// dst, refusing unknown fields. Errors are EINVALID and name the offending
// field ("body" for the body as a whole).
//
// It refuses, rather than repairs, what encoding/json would otherwise
// accept and change silently: a string or key that is not UTF-8 (or
// escapes half a surrogate pair), which would arrive as U+FFFD, and a key
// given twice in one object, of which the last would win. Such a problem
// names the field by its path ("reporter.name", "rows[2].month").
func DecodeJSON(data []byte, dst any, allowEmpty bool) error {
	if len(bytes.TrimSpace(data)) == 0 {
		if allowEmpty {
			return nil
		}
		return govops.FieldError("body", "is required: send a JSON object")
	}
	if err := checkJSONText(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err, dst)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return govops.FieldError("body", "must hold one JSON object and nothing after it")
	}
	return nil
}

func jsonProblem(err error, dst any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return govops.FieldError("body", fmt.Sprintf("is not valid JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: ")))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return govops.FieldError("body", "is not valid JSON: it ends too soon")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return govops.FieldError("body", "must be a JSON object")
		}
		return govops.FieldError(typ.Field, fmt.Sprintf("must be %s, not a JSON %s", jsonKind(typ.Type), typ.Value))
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		f = strings.Trim(f, `"`)
		return govops.FieldError(f, "is not a field of this request; known fields: "+knownFields(dst))
	}
	return govops.FieldError("body", "could not be decoded: "+strings.TrimPrefix(msg, "json: "))
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a " + t.String()
}

// knownFields lists the JSON fields of the struct dst points to.
func knownFields(dst any) string {
	t := reflect.TypeOf(dst)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return ""
	}
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// Query reads URL query parameters, collecting one problem per bad
// parameter, and refuses parameters it was never asked about (a misspelt
// filter silently ignored would return the wrong cases).
type Query struct {
	v    url.Values
	seen map[string]bool
	p    govops.Problems
}

// NewQuery reads the query string of u.
func NewQuery(u *url.URL) *Query {
	q := &Query{v: u.Query(), seen: map[string]bool{}}
	if _, err := url.ParseQuery(u.RawQuery); err != nil {
		q.p.Add("query", "is not a valid URL query string")
	}
	return q
}

// One returns the single value of name, "" when it is absent or is not
// text a store can hold (see text).
func (q *Query) One(name string) string {
	q.seen[name] = true
	vs := q.v[name]
	if len(vs) > 1 {
		q.p.Addf(name, "give %s once", name)
	}
	if len(vs) == 0 || !q.text(name, vs[0]) {
		return ""
	}
	return vs[0]
}

// List returns the values of a parameter that may repeat or hold a comma
// list ("kind=hotline&kind=itops" or "kind=hotline,itops").
func (q *Query) List(name string) []string {
	q.seen[name] = true
	var out []string
	for _, v := range q.v[name] {
		if !q.text(name, v) {
			return nil
		}
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// text reports whether v, a value of the parameter name, is text: valid
// UTF-8 without NUL or another control character (tab, newline and
// carriage return aside). PostgreSQL refuses both in a comparison, and no
// filter, code or cursor holds them, so the value is refused here, naming
// the parameter, before any store sees it.
func (q *Query) text(name, v string) bool {
	switch {
	case !utf8.ValidString(v):
		q.p.Add(name, "must be UTF-8 text: percent-encode the UTF-8 bytes of each character")
	case govops.HasControl(v):
		q.p.Add(name, "must not hold NUL or other control characters")
	default:
		return true
	}
	return false
}

// Int reads a whole number from lo to hi; absent is 0.
func (q *Query) Int(name string, lo, hi int) int {
	s := q.One(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		q.p.Addf(name, "must be a whole number from %d to %d", lo, hi)
		return 0
	}
	return n
}

// Bool reads true or false; absent is false.
func (q *Query) Bool(name string) bool {
	s := q.One(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.p.Add(name, "must be true or false")
	}
	return b
}

// Duration reads a Go duration ("48h", "90m").
func (q *Query) Duration(name string) time.Duration {
	s := q.One(name)
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		q.p.Add(name, `must be a positive duration such as "48h" or "90m"`)
		return 0
	}
	return d
}

// Time reads an RFC 3339 time or a date (YYYY-MM-DD) in loc. A date is its
// first instant, or with endOfDay the first instant of the next day, so that
// an exclusive upper bound given as a date includes that whole day.
func (q *Query) Time(name string, loc *time.Location, endOfDay bool) time.Time {
	s := q.One(name)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTimeOrDate(s, loc, endOfDay)
	if err != nil {
		q.p.Add(name, govops.ErrorMessage(err))
		return time.Time{}
	}
	return t
}

// Rules of the times a client sends, as the problems that name them say.
const (
	timeOrDateRule = `must be an RFC 3339 time ("2026-03-01T09:00:00+08:00") or a date ("2026-03-01")`
	TimeRangeRule  = "must be a time from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59+08:00, the years every store holds in UTC and in Asia/Shanghai"
)

// ParseTimeOrDate parses an RFC 3339 time, or a YYYY-MM-DD date in loc. With
// endOfDay a date stands for the start of the following day. The time must
// fall in the years 1900 to 9999 (govops.TimeInRange), the range every
// store can hold and read back. Errors are EINVALID, their message the rule
// the input broke, for the caller to file under the field's name.
func ParseTimeOrDate(s string, loc *time.Location, endOfDay bool) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		d, derr := time.ParseInLocation(time.DateOnly, s, loc)
		if derr != nil {
			return time.Time{}, govops.Errorf(govops.EINVALID, "%s", timeOrDateRule)
		}
		if endOfDay {
			d = d.AddDate(0, 0, 1)
		}
		t = d
	}
	if !govops.TimeInRange(t) {
		return time.Time{}, govops.Errorf(govops.EINVALID, "%s", TimeRangeRule)
	}
	return t, nil
}

// maxQueryProblems bounds the problems one refused query string reports,
// so that a query of thousands of unknown parameters gets a short answer:
// the first ones, and how many more there were.
const maxQueryProblems = 20

// Err reports every bad parameter, and every parameter that was not read:
// the known parameters are listed once (with the first unknown one), and
// past maxQueryProblems problems the rest are only counted.
func (q *Query) Err() error {
	var unknown []string
	for name := range q.v {
		if !q.seen[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return q.p.Err()
	}
	sort.Strings(unknown)
	known := make([]string, 0, len(q.seen))
	for name := range q.seen {
		known = append(known, name)
	}
	sort.Strings(known)

	e := &govops.Error{Code: govops.EINVALID, Fields: map[string]string{}}
	var parts []string
	if err := q.p.Err(); err != nil {
		for f, p := range govops.ErrorFields(err) {
			e.Fields[f] = p
		}
		parts = append(parts, govops.ErrorMessage(err))
	}
	shown := 0
	for _, name := range unknown {
		if len(e.Fields) >= maxQueryProblems {
			break
		}
		shown++
		name = paramName(name)
		if _, ok := e.Fields[name]; ok {
			continue
		}
		problem := "is not a parameter of this endpoint"
		switch {
		case shown > 1:
		case len(known) == 0:
			problem = "this endpoint takes no query parameters"
		default:
			problem += "; known: " + strings.Join(known, ", ")
		}
		e.Fields[name] = problem
		parts = append(parts, name+": "+problem)
	}
	if more := len(unknown) - shown; more > 0 {
		problem := fmt.Sprintf("and %d more parameters this endpoint does not know; remove them", more)
		if _, ok := e.Fields["query"]; !ok {
			e.Fields["query"] = problem
		}
		parts = append(parts, problem)
	}
	e.Message = strings.Join(parts, "; ")
	return e
}

// paramName is how a problem names an unknown parameter: as sent when it is
// short text, and otherwise cut to 40 characters with every byte that is
// not text shown as U+FFFD, so that a long or binary name costs the answer
// little more than the request.
func paramName(name string) string {
	if len(name) <= 64 && utf8.ValidString(name) && !govops.HasControl(name) {
		return name
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
	return govops.Truncate(name, 40)
}
