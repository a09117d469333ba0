package govops

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes shared by every govops package and storage adapter. The
// reference server maps each code to one HTTP status.
const (
	EINVALID      = "invalid"      // input failed validation or a transition is not allowed
	ENOTFOUND     = "not_found"    // the thing asked for does not exist (or is not visible)
	ECONFLICT     = "conflict"     // a stale write, a duplicate, or a state that forbids the action
	EFORBIDDEN    = "forbidden"    // the caller is known but may not do this
	EUNAUTHORIZED = "unauthorized" // the caller is not known
	EINTERNAL     = "internal"     // a failure that is not the caller's fault
)

// Error is the one error type of govops. Code is one of the E* constants;
// Message is written for the person who must fix the input; Fields maps each
// offending input field to what is wrong with it.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	err     error // wrapped cause, for errors.Is/As and logs
}

// Error returns the message, prefixed with the code, then each invalid
// field whose problem the message does not already state:
// "invalid: title: is required", never the same problem twice.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(e.Message)
	keys := make([]string, 0, len(e.Fields))
	for k, v := range e.Fields {
		if !strings.Contains(e.Message, k+": "+v) && !strings.Contains(e.Message, v) {
			keys = append(keys, k)
		}
	}
	if len(keys) > 0 {
		sort.Strings(keys)
		b.WriteString(" (")
		for i, k := range keys {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(e.Fields[k])
		}
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause given to Errorf with %w, if any.
func (e *Error) Unwrap() error { return e.err }

// Errorf returns an *Error with the given code and a formatted message. A %w
// verb wraps its argument as the cause, as fmt.Errorf does.
func Errorf(code, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	e := &Error{Code: code, Message: wrapped.Error()}
	if u := errors.Unwrap(wrapped); u != nil {
		e.err = u
	}
	return e
}

// FieldError returns an EINVALID *Error that names one field and what is
// wrong with it. The message reads "field: problem".
func FieldError(field, problem string) *Error {
	return &Error{Code: EINVALID, Message: field + ": " + problem, Fields: map[string]string{field: problem}}
}

// WithField returns e with one more invalid field recorded. It returns e so
// that calls can be chained.
func (e *Error) WithField(field, problem string) *Error {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	e.Fields[field] = problem
	return e
}

// Within returns err in a context: when err is an EINVALID *Error, one
// whose message reads prefix, ": " and err's own message, with err's
// Fields, wrapping err, so that the code is printed once
// ("invalid: case 2028-000001: resolve_by: …"). Any other error is returned
// as it is: an internal failure is not the caller's to fix.
func Within(prefix string, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		return err
	}
	fields := make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		fields[k] = v
	}
	return &Error{Code: EINVALID, Message: prefix + ": " + e.Message, Fields: fields, err: err}
}

// AsField returns err as the problem of field: when err is an EINVALID
// *Error, one whose message reads field, ": " and err's own message, whose
// Fields are err's plus field, and which wraps err. A deadline the calendar
// cannot count reads "invalid: resolve_by: calendar: has no data for …",
// naming both resolve_by and calendar. Any other error is returned as it is.
func AsField(field string, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		return err
	}
	out := Within(field, err).(*Error)
	out.Fields[field] = e.Message
	return out
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a nil
// error, and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the Message of a
// *Error, and a generic text for any other error, whose detail must not
// reach a client.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the invalid fields of the first *Error in err's chain.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field problems while a value is validated, so that every
// bad field is reported at once rather than only the first.
type Problems struct {
	fields map[string]string
	order  []string
}

// Add records that field has the given problem. The first problem recorded
// for a field wins.
func (p *Problems) Add(field, problem string) {
	if p.fields == nil {
		p.fields = map[string]string{}
	}
	if _, ok := p.fields[field]; ok {
		return
	}
	p.fields[field] = problem
	p.order = append(p.order, field)
}

// Addf is Add with a formatted problem.
func (p *Problems) Addf(field, format string, args ...any) {
	p.Add(field, fmt.Sprintf(format, args...))
}

// Empty reports whether no problem was recorded.
func (p *Problems) Empty() bool { return len(p.order) == 0 }

// Err returns nil when no problem was recorded, and otherwise an EINVALID
// *Error whose message lists every field in the order recorded.
func (p *Problems) Err() error {
	if p.Empty() {
		return nil
	}
	parts := make([]string, len(p.order))
	fields := make(map[string]string, len(p.fields))
	for i, f := range p.order {
		parts[i] = f + ": " + p.fields[f]
		fields[f] = p.fields[f]
	}
	return &Error{Code: EINVALID, Message: strings.Join(parts, "; "), Fields: fields}
}
