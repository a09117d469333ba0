package apikit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/govops-kit/govops"
)

// checkJSONText refuses what encoding/json would repair in a body whose
// first value is an object (any other body the decoder refuses): a string
// or key that is not UTF-8, an escaped surrogate without its pair, and a
// key given twice in one object. It reports the first such problem, naming
// the field by its path, and only when that first value parses: a syntax
// error is left to the decoder, whose message gives its offset.
func checkJSONText(data []byte) error {
	sc := jsonScanner{data: data}
	sc.space()
	if sc.pos < len(data) && data[sc.pos] == '{' {
		sc.value(0)
	}
	if sc.problem == nil {
		return nil
	}
	// The scanner stops at the first problem and is lax about what it
	// skips, so whether the value parses is the decoder's to say.
	var raw json.RawMessage
	if json.NewDecoder(bytes.NewReader(data)).Decode(&raw) != nil {
		return nil
	}
	return sc.problem
}

// maxJSONDepth is encoding/json's nesting limit; past it the scanner gives
// up and the decoder refuses the body.
const maxJSONDepth = 10000

// jsonScanner walks the raw bytes of one JSON value, which json.Decoder
// cannot do: its tokens are strings already repaired. It tracks the path of
// keys and array indexes to the current value, and stops at the first
// problem or at anything it does not expect.
type jsonScanner struct {
	data    []byte
	pos     int
	path    []jsonPathSeg
	buf     []byte // the text of the key being read
	problem error
}

// jsonPathSeg is one step of a path: a key, or an index into an array.
type jsonPathSeg struct {
	key   string
	index int // -1 for a key
}

// field is the path to the current value with key appended when it is not
// empty ("reporter.name", "rows[2].month"); the body itself is "body".
func (sc *jsonScanner) field(key string) string {
	var b strings.Builder
	for _, seg := range sc.path {
		if seg.index >= 0 {
			fmt.Fprintf(&b, "[%d]", seg.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(paramName(seg.key))
	}
	if key != "" {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(paramName(key))
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

func (sc *jsonScanner) space() {
	for sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\r', '\n':
			sc.pos++
		default:
			return
		}
	}
}

// value reads the value at pos and reports whether to go on.
func (sc *jsonScanner) value(depth int) bool {
	if depth > maxJSONDepth {
		return false
	}
	sc.space()
	if sc.pos >= len(sc.data) {
		return false
	}
	switch sc.data[sc.pos] {
	case '{':
		return sc.object(depth + 1)
	case '[':
		return sc.array(depth + 1)
	case '"':
		at, what, ok := sc.str(false)
		if ok && at >= 0 {
			sc.problem = govops.FieldError(sc.field(""), fmt.Sprintf("must be UTF-8 text: %s at byte %d of the body", what, at))
			return false
		}
		return ok
	}
	// A number, true, false or null: the decoder checks which.
	start := sc.pos
	for sc.pos < len(sc.data) && !strings.ContainsRune(",]} \t\r\n", rune(sc.data[sc.pos])) {
		sc.pos++
	}
	return sc.pos > start
}

func (sc *jsonScanner) object(depth int) bool {
	sc.pos++ // '{'
	sc.space()
	if sc.pos < len(sc.data) && sc.data[sc.pos] == '}' {
		sc.pos++
		return true
	}
	var seen map[string]bool
	for {
		sc.space()
		if sc.pos >= len(sc.data) || sc.data[sc.pos] != '"' {
			return false
		}
		keyAt := sc.pos
		at, what, ok := sc.str(true)
		if !ok {
			return false
		}
		key := string(sc.buf)
		switch {
		case at >= 0:
			sc.problem = govops.FieldError(sc.field(key), fmt.Sprintf("is a key that is not UTF-8 text: %s at byte %d of the body", what, at))
			return false
		case seen[strings.ToLower(key)]:
			// encoding/json matches a field whatever the letter case of
			// its key, so "title" and "TITLE" are one field given twice.
			sc.problem = govops.FieldError(sc.field(key), fmt.Sprintf("is given twice in one object (again at byte %d of the body; keys that differ only in letter case name the same field): send each field once", keyAt))
			return false
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[strings.ToLower(key)] = true
		sc.space()
		if sc.pos >= len(sc.data) || sc.data[sc.pos] != ':' {
			return false
		}
		sc.pos++
		sc.path = append(sc.path, jsonPathSeg{key: key, index: -1})
		if !sc.value(depth) {
			return false
		}
		sc.path = sc.path[:len(sc.path)-1]
		if more, ok := sc.next('}'); !more {
			return ok
		}
	}
}

// next reads what follows a member or an element: a comma (more is true) or
// the closing bracket (more is false, ok true). Anything else stops the
// scan (both false).
func (sc *jsonScanner) next(closing byte) (more, ok bool) {
	sc.space()
	if sc.pos >= len(sc.data) {
		return false, false
	}
	switch sc.data[sc.pos] {
	case ',':
		sc.pos++
		return true, true
	case closing:
		sc.pos++
		return false, true
	}
	return false, false
}

func (sc *jsonScanner) array(depth int) bool {
	sc.pos++ // '['
	sc.space()
	if sc.pos < len(sc.data) && sc.data[sc.pos] == ']' {
		sc.pos++
		return true
	}
	sc.path = append(sc.path, jsonPathSeg{index: 0})
	for i := 0; ; i++ {
		sc.path[len(sc.path)-1].index = i
		if !sc.value(depth) {
			return false
		}
		if more, ok := sc.next(']'); !more {
			sc.path = sc.path[:len(sc.path)-1]
			return ok
		}
	}
}

// str reads the string at pos, its text into buf when keep is set. It
// returns the byte offset of the first byte that is not UTF-8, or of the
// first escape of half a surrogate pair, and what is wrong there (at -1:
// nothing), and whether the string was read to its closing quote.
func (sc *jsonScanner) str(keep bool) (at int, what string, ok bool) {
	sc.buf = sc.buf[:0]
	at = -1
	sc.pos++ // '"'
	for sc.pos < len(sc.data) {
		c := sc.data[sc.pos]
		switch {
		case c == '"':
			sc.pos++
			return at, what, true
		case c == '\\':
			r, n, half := sc.escape()
			if n == 0 {
				return at, what, false
			}
			if half && at < 0 {
				at, what = sc.pos, fmt.Sprintf("%s escapes half a surrogate pair", sc.data[sc.pos:sc.pos+6])
			}
			if keep {
				sc.buf = utf8.AppendRune(sc.buf, r)
			}
			sc.pos += n
		case c < 0x20:
			return at, what, false // a control character: the decoder's to report
		case c < utf8.RuneSelf:
			if keep {
				sc.buf = append(sc.buf, c)
			}
			sc.pos++
		default:
			r, n := utf8.DecodeRune(sc.data[sc.pos:])
			if r == utf8.RuneError && n == 1 && at < 0 {
				at, what = sc.pos, fmt.Sprintf("byte 0x%02x is not UTF-8", c)
			}
			if keep {
				sc.buf = append(sc.buf, sc.data[sc.pos:sc.pos+n]...)
			}
			sc.pos += n
		}
	}
	return at, what, false
}

// escape reads the escape at pos: the rune it stands for, its length in
// bytes (0 when it is not a JSON escape), and whether it escapes half a
// surrogate pair (a low one first, or a high one alone), which
// encoding/json would decode as U+FFFD.
func (sc *jsonScanner) escape() (r rune, n int, half bool) {
	d := sc.data[sc.pos:]
	if len(d) < 2 {
		return 0, 0, false
	}
	if i := strings.IndexByte(`"\/bfnrt`, d[1]); i >= 0 {
		return rune("\"\\/\b\f\n\r\t"[i]), 2, false
	}
	r, ok := hex4(d, 1)
	switch {
	case !ok:
		return 0, 0, false
	case r < 0xd800 || r > 0xdfff:
		return r, 6, false
	case r >= 0xdc00:
		return utf8.RuneError, 6, true
	}
	if lo, ok := hex4(d, 7); ok && d[6] == '\\' && lo >= 0xdc00 && lo <= 0xdfff {
		return 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00), 12, false
	}
	return utf8.RuneError, 6, true
}

// hex4 reads the four hexadecimal digits of the "u" escape at d[i].
func hex4(d []byte, i int) (rune, bool) {
	if len(d) < i+5 || d[i] != 'u' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d[i+1:i+5]), 16, 16)
	return rune(n), err == nil
}
