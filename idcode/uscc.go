package idcode

// usccAlphabet is the character set of a 统一社会信用代码 in value order:
// the digits and the upper-case letters but I, O, S, V and Z, which are
// too easily read as digits.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// What a 统一社会信用代码 holds at each position, for messages.
const (
	usccWantAny   = "a digit or an upper-case letter other than I, O, S, V and Z"
	usccWantDigit = "a digit (positions 3 to 8 are the administrative division code)"
)

// ValidateUSCC validates s as a 统一社会信用代码 (unified social credit
// identifier, GB 32100-2015): 18 characters of usccAlphabet (digits and
// upper-case letters but I, O, S, V and Z), digits at positions 3 to 8
// (the administrative division), and the check character at position 18.
// s is taken exactly as given: see Normalize.
//
// Positions 1 and 2 (registration authority and type) are not checked
// against their tables, which the authorities extend. Positions 9 to 17
// hold the 组织机构代码 of the organisation, whose own check character is
// not enforced either: codes of individually owned businesses (个体工商户)
// are assigned in that place without a valid organization code check, and
// they are real, valid credit codes.
//
// A wrong check character is an *Error with ProblemCheck in Strict mode,
// and Result.Warning in Warn mode.
func ValidateUSCC(s string, m Mode) (Result, error) {
	if len(s) != 18 {
		return Result{}, lengthError(KindUSCC, "", s, len(s), "18")
	}
	if err := usccShape(KindUSCC, "", s, 0); err != nil {
		return Result{}, err
	}
	if want := usccCheckChar(usccSum(s)); s[17] != want {
		return fault(Result{}, checkError(KindUSCC, "", 17, s[17], want), m)
	}
	return Result{}, nil
}

// USCCCheck returns the check character of a 统一社会信用代码 whose first
// 17 characters are body17. A body that no valid code begins with (wrong
// length, a character not allowed where it stands) is an *Error.
func USCCCheck(body17 string) (byte, error) {
	if len(body17) != 17 {
		return 0, lengthError(KindUSCC, "", body17, len(body17), "17 (the code without its check character)")
	}
	if bad, p := usccBodyFault(body17); bad >= 0 {
		return 0, charError(KindUSCC, "", body17, bad, p, usccWant(bad))
	}
	return usccCheckChar(usccSum(body17)), nil
}

// usccShape checks every character of the 18 characters of s that begin
// at byte off, but not the check character's value; part and the offset
// place a fault within a larger identifier.
func usccShape(k Kind, part, s string, off int) *Error {
	if bad, p := usccBodyFault(s[off : off+17]); bad >= 0 {
		return charError(k, part, s, off+bad, p, usccWant(bad))
	}
	if usccValue(s[off+17]) < 0 {
		return charError(k, part, s, off+17, ProblemCharset, usccWantAny)
	}
	return nil
}

// usccBodyFault returns the index of the first of the 17 characters of
// body not allowed where it stands, and its problem; -1 if there is none.
func usccBodyFault(body string) (int, Problem) {
	for i := 0; i < 17; i++ {
		v := usccValue(body[i])
		if v < 0 {
			return i, ProblemCharset
		}
		if i >= 2 && i < 8 && v > 9 {
			return i, ProblemFormat
		}
	}
	return -1, ""
}

// usccWant says what position i (from 0) of a code holds.
func usccWant(i int) string {
	if i >= 2 && i < 8 {
		return usccWantDigit
	}
	return usccWantAny
}

// usccSum returns the weighted sum of the first 17 characters of s, all of
// usccAlphabet. The weights are 3^i mod 31.
func usccSum(s string) int {
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, w := range weights {
		sum += w * usccValue(s[i])
	}
	return sum
}

// usccCheckChar returns the check character for a weighted sum. The outer
// "% 31" matters: when sum is a multiple of 31 the check value is 0, not
// 31 (which is past the end of the alphabet).
func usccCheckChar(sum int) byte { return usccAlphabet[(31-sum%31)%31] }

// usccValue returns the value of c, its index in usccAlphabet, or -1.
func usccValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'A' <= c && c <= 'H':
		return int(c-'A') + 10
	case 'J' <= c && c <= 'N':
		return int(c-'J') + 18
	case 'P' <= c && c <= 'R':
		return int(c-'P') + 23
	case c == 'T' || c == 'U':
		return int(c-'T') + 26
	case 'W' <= c && c <= 'Y':
		return int(c-'W') + 28
	}
	return -1
}
