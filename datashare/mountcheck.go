package datashare

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
)

// itemCheck is one item of an entry, ready to check the values mounted
// into it.
type itemCheck struct {
	Item
	// key is the item's name as a JSON object key, with its colon: the
	// record encoder writes it for every value.
	key []byte
}

// newItemChecks returns the checks of items.
func newItemChecks(items []Item) []itemCheck {
	out := make([]itemCheck, len(items))
	for i, it := range items {
		out[i] = itemCheck{Item: it, key: append(appendJSONString(nil, it.Name), ':')}
	}
	return out
}

// check returns v as it is stored, or what is wrong with it (problem),
// and in idcode.Warn mode the warning of an identifier let through with a
// check character that fails. v is trimmed; "" is no value.
func (ic *itemCheck) check(v string, m idcode.Mode) (out, problem, warning string) {
	if v == "" {
		if ic.Required {
			return "", "is required: every record holds a value", ""
		}
		return "", "", ""
	}
	switch ic.Type {
	case TypeString:
		if mayHoldControl(v) && govops.HasControl(v) {
			return "", "holds a control character: remove it", ""
		}
		if ic.Length > 0 && len(v) > ic.Length {
			if n := utf8.RuneCountInString(v); n > ic.Length {
				return "", fmt.Sprintf("is %d characters: at most %d", n, ic.Length), ""
			}
		}
		if ic.ID != "" {
			return checkID(ic.ID, v, m)
		}
		return v, "", ""
	case TypeInteger:
		if s, ok := cleanInteger(v); ok {
			return s, "", ""
		}
		return "", fmt.Sprintf("%s is not an integer: write digits, such as 42 or -7", quoteCut(v)), ""
	case TypeNumber:
		if s, ok := cleanNumber(v); ok {
			return s, "", ""
		}
		return "", fmt.Sprintf("%s is not a number: write a decimal, such as 3.14 or -0.5", quoteCut(v)), ""
	case TypeDate:
		if s, ok := cleanDate(v); ok {
			return s, "", ""
		}
		return "", fmt.Sprintf("%s is not a date: write 2022-03-01 (or 2022/3/1, 20220301)", quoteCut(v)), ""
	case TypeDateTime:
		if s, ok := cleanDateTime(v); ok {
			return s, "", ""
		}
		return "", fmt.Sprintf("%s is not a date and time: write 2022-03-01 08:30:00 (Beijing time) or 2022-03-01T08:30:00+08:00", quoteCut(v)), ""
	case TypeBoolean:
		b, ok := csvimport.ParseBool(v)
		switch {
		case !ok:
			return "", fmt.Sprintf("%s is not a yes or no: write true or false (是/否, 1/0)", quoteCut(v)), ""
		case b:
			return "true", "", ""
		}
		return "false", "", ""
	}
	return "", fmt.Sprintf("the item's type %s is unknown: fix the catalog entry", quoteCut(string(ic.Type))), ""
}

// checkID checks v as an identifier of kind k in mode m. It takes v as
// people type it (idcode.Normalize: a resident ID's x in lower case, a
// full-width digit) and stores it normalized, so that equal codes are
// equal records.
func checkID(k idcode.Kind, v string, m idcode.Mode) (out, problem, warning string) {
	if !plainCode(v) {
		v = idcode.Normalize(v)
	}
	res, err := idcode.Validate(k, v, m)
	if err != nil {
		return "", fmt.Sprintf("is not a valid %s: %s", k.Label(), idDetail(err)), ""
	}
	if res.Warning != nil {
		return v, "", fmt.Sprintf("kept in warn mode, but it is not a valid %s: %s", k.Label(), idDetail(res.Warning))
	}
	return v, "", ""
}

// idDetail says what is wrong with an identifier without repeating its
// kind's label.
func idDetail(err error) string {
	if e := (*idcode.Error)(nil); errors.As(err, &e) && e.Detail != "" {
		if e.Part != "" {
			return e.Part + ": " + e.Detail
		}
		return e.Detail
	}
	return err.Error()
}

// plainCode reports whether v holds only digits, upper-case ASCII
// letters and ASCII punctuation: what idcode.Normalize leaves as it is,
// so that the usual code need not be copied.
func plainCode(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c >= 0x7f || c >= 'a' && c <= 'z' {
			return false
		}
	}
	return true
}

// mayHoldControl reports whether v may hold a character that
// govops.HasControl refuses: it has a byte below 0x20, DEL, or the first
// byte of U+0080–U+009F (0xC2) or of a bidirectional control (0xE2).
// Chinese text has none of them, so that the full check runs seldom.
func mayHoldControl(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f || c == 0xc2 || c == 0xe2 {
			return true
		}
	}
	return false
}

// cleanInteger reads an integer: an optional sign and digits. It returns
// it without a plus sign.
func cleanInteger(v string) (string, bool) {
	s := v
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	if !allDigits(s) {
		return "", false
	}
	if v[0] == '+' {
		return s, true
	}
	return v, true
}

// cleanNumber reads a decimal number: an optional sign, digits with an
// optional decimal point (at least one digit), and an optional exponent
// of at most 4 digits. Infinities, NaN and hexadecimal are not numbers a
// register holds. It returns it without a plus sign.
func cleanNumber(v string) (string, bool) {
	s := v
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	i, digits := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return "", false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		n := 0
		for i < len(s) && isDigit(s[i]) {
			i, n = i+1, n+1
		}
		if n == 0 || n > 4 {
			return "", false
		}
	}
	if i != len(s) {
		return "", false
	}
	if v[0] == '+' {
		return s, true
	}
	return v, true
}

// cleanDate reads a date as registers write it (2022-03-01, 2022/3/1,
// 2022.3.1, 20220301, 2022年3月1日) and returns it as 2022-03-01. The
// year is from 1900 to 9999 and the day exists.
func cleanDate(v string) (string, bool) {
	y, m, d, ok := splitDate(v)
	if !ok || y < 1900 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return "", false
	}
	if len(v) == 10 && v[4] == '-' && v[7] == '-' {
		return v, true // already as stored: no copy
	}
	var b [10]byte
	b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[4], b[5], b[6], b[7] = '-', byte('0'+m/10), byte('0'+m%10), '-'
	b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	return string(b[:]), true
}

// splitDate splits a date into its numbers: eight digits, or a 4-digit
// year, a month and a day of 1 or 2 digits each, separated by - / or .
// (the same twice), or written 2022年3月1日.
func splitDate(v string) (y, m, d int, ok bool) {
	if len(v) == 8 && allDigits(v) {
		return atoi(v[:4]), atoi(v[4:6]), atoi(v[6:]), true
	}
	if len(v) < 8 || !allDigits(v[:4]) {
		return 0, 0, 0, false
	}
	y, rest := atoi(v[:4]), v[4:]
	sep1, sep2, end := "", "", ""
	switch {
	case rest[0] == '-' || rest[0] == '/' || rest[0] == '.':
		sep1, sep2 = rest[:1], rest[:1]
	case len(rest) > 3 && rest[:3] == "年":
		sep1, sep2, end = "年", "月", "日"
	default:
		return 0, 0, 0, false
	}
	rest = rest[len(sep1):]
	m, rest, ok = leadingNumber(rest)
	if !ok || len(rest) < len(sep2) || rest[:len(sep2)] != sep2 {
		return 0, 0, 0, false
	}
	d, rest, ok = leadingNumber(rest[len(sep2):])
	if !ok || rest != end {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// leadingNumber reads the 1 or 2 digits s begins with.
func leadingNumber(s string) (int, string, bool) {
	n := 0
	for n < len(s) && n < 3 && isDigit(s[n]) {
		n++
	}
	if n == 0 || n > 2 {
		return 0, s, false
	}
	return atoi(s[:n]), s[n:], true
}

// atoi returns the value of s, which holds digits only.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// daysIn returns the number of days of month m of year y.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// cleanDateTime reads a date and time: RFC 3339, kept as written, or
// 2006-01-02 15:04:05 (with a T, without seconds, or 2006/1/2) in Beijing
// time. It returns it in
// RFC 3339, with +08:00 for a time given without a zone.
func cleanDateTime(v string) (string, bool) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		if !govops.TimeInRange(t) {
			return "", false
		}
		return v, true
	}
	for _, l := range [...]string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04"} {
		if t, err := time.ParseInLocation(l, v, govops.ShanghaiLocation()); err == nil {
			if !govops.TimeInRange(t) {
				return "", false
			}
			return t.Format(time.RFC3339), true
		}
	}
	return "", false
}

// appendRecord appends the JSON object of vals to b: each value that is
// not empty keyed by its item's name, in item order.
func appendRecord(b []byte, items []itemCheck, vals []string) []byte {
	b = append(b, '{')
	first := true
	for i, v := range vals {
		if v == "" {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, items[i].key...)
		b = appendJSONString(b, v)
	}
	return append(b, '}')
}

// appendJSONString appends s to b as a JSON string (RFC 8259): quotation
// mark, reverse solidus and control characters escaped, the rest as it
// is. s is UTF-8 text, as every value mounted is: csvimport refuses a
// field that is not text, encoding/json decodes none, and item names are
// checked text.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// keyLen is the length of a record's Key: 8 bytes of digest in hex. Two
// distinct keys among ten million share one with a chance of about one
// in 300,000, and a short key keeps the entry's keys small to count.
const keyLen = 16

// appendRecordKey appends to dst the Key of a record whose values are
// vals: the first 8 bytes of the SHA-256 of the key items' values joined
// by the unit separator (0x1f), in hexadecimal; nothing when the entry
// declares no key. scratch is scratch space, returned for the next call.
func appendRecordKey(dst, scratch []byte, key []int, vals []string) ([]byte, []byte) {
	if len(key) == 0 {
		return dst, scratch
	}
	scratch = scratch[:0]
	for j, i := range key {
		if j > 0 {
			scratch = append(scratch, 0x1f)
		}
		scratch = append(scratch, vals[i]...)
	}
	sum := sha256.Sum256(scratch)
	return hex.AppendEncode(dst, sum[:keyLen/2]), scratch
}
