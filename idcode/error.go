package idcode

import (
	"fmt"
	"unicode/utf8"
)

// Problem names what is wrong with an identifier.
type Problem string

// Problems an identifier can have. Only ProblemCheck passes in Warn mode.
const (
	// ProblemLength: the identifier, or a part of an 电子证照标识, has the
	// wrong number of characters.
	ProblemLength Problem = "length"
	// ProblemCharset: a character that the identifier never holds, such as
	// 'I' in a 统一社会信用代码, a lower-case letter or a full-width digit.
	ProblemCharset Problem = "charset"
	// ProblemFormat: a character of the identifier's set where the
	// identifier does not allow it (a letter in a 统一社会信用代码's
	// administrative division, 'X' before the last place of a 公民身份号码),
	// or a wrong structure (the root or the parts of an 电子证照标识).
	ProblemFormat Problem = "format"
	// ProblemDate: the birth date of a 公民身份号码 is not a calendar date,
	// or its year is outside 1800 to 2199.
	ProblemDate Problem = "date"
	// ProblemCheck: a check character is not the one computed.
	ProblemCheck Problem = "check"
	// ProblemKind: a Kind that this package does not know.
	ProblemKind Problem = "kind"
)

// Error says what is wrong with an identifier. Every error this package
// returns is an *Error; callers use errors.As.
//
// Pos is the byte offset of the offending character in the identifier, or
// -1 when no one character is at fault (a length, a structure). The
// message counts positions from 1, in characters, as the standards do: Pos
// 4 is "position 5". For a date, Pos is the first character of the faulty
// year, month or day. For NewLicenseID and LicenseIDCheck, positions are
// those of the identifier that the parts would build.
type Error struct {
	Kind    Kind
	Problem Problem
	// Part names the part of an 电子证照标识 at fault: "type code",
	// "issuer", "serial", "version" or "check character"; "" for the
	// other kinds and for faults of the whole identifier, its root, its
	// parts and the value of its own check character, which covers every
	// part.
	Part string
	Pos  int
	// Got and Want are the check character found and the one computed, for
	// ProblemCheck; zero otherwise.
	Got, Want byte
	// Detail says what is wrong, in words, without the kind's label and
	// the part: "check character is 'X', expected '3'".
	Detail string
}

// Error returns the kind's label, the part if any, and the detail:
// "统一社会信用代码: check character is 'X', expected '3'",
// "电子证照标识: issuer: length is 17, want 18".
func (e *Error) Error() string {
	s := e.Detail
	if e.Part != "" {
		s = e.Part + ": " + s
	}
	if e.Kind != "" {
		s = e.Kind.Label() + ": " + s
	}
	return s
}

// lengthError reports that s (or the part of an identifier) has got bytes
// where want describes the right number. A length fault caused by a
// character outside ASCII (a full-width digit, a Chinese character) is
// reported as that character instead, since its bytes would make the
// length misleading.
func lengthError(k Kind, part, s string, got int, want string) *Error {
	if i := firstNonASCII(s); i >= 0 {
		return charError(k, part, s, i, ProblemCharset, wantASCII)
	}
	return &Error{Kind: k, Problem: ProblemLength, Part: part, Pos: -1,
		Detail: fmt.Sprintf("length is %d, want %s", got, want)}
}

// charError reports the character of s at byte offset pos as not allowed
// there; want, if not "", says what is.
func charError(k Kind, part, s string, pos int, p Problem, want string) *Error {
	r, _ := utf8.DecodeRuneInString(s[pos:])
	d := fmt.Sprintf("character %q at position %d is not allowed", r, utf8.RuneCountInString(s[:pos])+1)
	if want != "" {
		d += "; want " + want
	}
	return &Error{Kind: k, Problem: p, Part: part, Pos: pos, Detail: d}
}

// checkError reports that the check character at pos is got where want
// was computed.
func checkError(k Kind, part string, pos int, got, want byte) *Error {
	return &Error{Kind: k, Problem: ProblemCheck, Part: part, Pos: pos, Got: got, Want: want,
		Detail: fmt.Sprintf("check character is %q, expected %q", rune(got), rune(want))}
}

// wantASCII is what a character outside ASCII should have been.
const wantASCII = "half-width (ASCII) digits and letters"

// firstNonASCII returns the byte offset of the first byte of s outside
// ASCII, or -1.
func firstNonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}
