package govops

import (
	"strings"
	"time"
	"unicode/utf8"
)

// CheckText adds a problem to p when v is not acceptable free text for
// field: required and blank, not valid UTF-8, holding a control character
// (HasControl: only tab and line breaks are allowed), or longer than max
// characters. It reports whether v passed.
func CheckText(p *Problems, field, v string, max int, required bool) bool {
	switch {
	case required && strings.TrimSpace(v) == "":
		p.Add(field, "required")
	case !utf8.ValidString(v):
		p.Add(field, "must be valid UTF-8 text")
	case HasControl(v):
		p.Add(field, "must not contain control characters (only tab and line breaks)")
	case utf8.RuneCountInString(v) > max:
		p.Addf(field, "must be at most %d characters (got %d)", max, utf8.RuneCountInString(v))
	default:
		return true
	}
	return false
}

// CheckCode adds a problem to p when v is not a code (a department code, a
// type code): required, without surrounding spaces, valid UTF-8, at most
// MaxCodeLen characters, and without any control character (tab and line
// breaks included). It reports whether v passed.
func CheckCode(p *Problems, field, v string) bool {
	switch {
	case v == "":
		p.Add(field, "required")
	case strings.TrimSpace(v) != v:
		p.Add(field, "must not start or end with spaces")
	case !utf8.ValidString(v):
		p.Add(field, "must be valid UTF-8")
	case utf8.RuneCountInString(v) > MaxCodeLen:
		p.Addf(field, "must be at most %d characters", MaxCodeLen)
	case strings.ContainsFunc(v, isCodeControl):
		p.Add(field, "must not contain control characters")
	default:
		return true
	}
	return false
}

func isCodeControl(r rune) bool { return r < 0x20 || r == 0x7f || IsBidiControl(r) }

// CheckNumber adds a problem to p when v is not a reference number: a code
// (CheckCode) of ASCII letters, digits, '-', '_', '.' and '/' only, such as
// "2022-000123" or a city ticket number "LZ12345-20220314-0042". A number is
// shown as stored to every reader of its record, so it may not hold free
// text. It reports whether v passed.
func CheckNumber(p *Problems, field, v string) bool {
	if !CheckCode(p, field, v) {
		return false
	}
	if strings.ContainsFunc(v, notNumberRune) {
		p.Addf(field, "%q is not a reference number: use letters, digits, '-', '_', '.' and '/' only, like 2022-000123", v)
		return false
	}
	return true
}

func notNumberRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
}

// CheckTime adds a problem to p when t is set but outside the years 1900 to
// 9999 (TimeInRange), or zero while required. It reports whether t passed.
func CheckTime(p *Problems, field string, t time.Time, required bool) bool {
	switch {
	case t.IsZero() && required:
		p.Add(field, "required")
	case !t.IsZero() && !TimeInRange(t):
		p.Add(field, "must be a time between the years 1900 and 9999")
	default:
		return true
	}
	return false
}

// CheckPeriod checks an optional half-open period [from, to): each end with
// CheckTime, and to after from when both are set (the problem names toField).
func CheckPeriod(p *Problems, fromField string, from time.Time, toField string, to time.Time) {
	okFrom := CheckTime(p, fromField, from, false)
	okTo := CheckTime(p, toField, to, false)
	if okFrom && okTo && !from.IsZero() && !to.IsZero() && !to.After(from) {
		p.Addf(toField, "must be after %s", fromField)
	}
}

// Truncate shortens s to n characters for an error message, so that a
// hostile input does not produce a megabyte-long error.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// CheckPersonName checks a person's name (a caller's, an asker's) as
// CheckText does, and that it holds no digit: a name with a phone or ID
// number in it would carry that number past the masking of names, which
// keeps a name's first characters. It reports whether v passed.
func CheckPersonName(p *Problems, field, v string, max int, required bool) bool {
	if !CheckText(p, field, v, max, required) {
		return false
	}
	if strings.ContainsAny(v, "0123456789０１２３４５６７８９") {
		p.Add(field, "is a person's name and may not hold digits: put a phone number in a field of its own")
		return false
	}
	return true
}

// ShowTime formats t for a message, in Asia/Shanghai: the date alone at
// midnight, else to the minute, or to the second when it has seconds.
func ShowTime(t time.Time) string {
	l := t.In(ShanghaiLocation())
	switch {
	case l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0:
		return l.Format("2006-01-02")
	case l.Second() != 0 || l.Nanosecond() != 0:
		return l.Format("2006-01-02 15:04:05")
	}
	return l.Format("2006-01-02 15:04")
}

// CheckPast adds a problem of field to p when t, a time that records a
// fact, is after now. It reports whether t passed.
func CheckPast(p *Problems, field string, t, now time.Time) bool {
	if t.After(now) {
		p.Addf(field, "must not be in the future (it is %s now, got %s)", ShowTime(now), ShowTime(t))
		return false
	}
	return true
}

// CheckPastTime checks a time that records a fact: required or optional,
// in range (CheckTime), and not after now (CheckPast).
func CheckPastTime(p *Problems, field string, t time.Time, required bool, now time.Time) bool {
	if !CheckTime(p, field, t, required) {
		return false
	}
	return t.IsZero() || CheckPast(p, field, t, now)
}
