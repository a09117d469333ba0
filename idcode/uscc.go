package idcode

// usccAlphabet is the character set of a 统一社会信用代码 in value order:
// the digits and the upper-case letters but I, O, S, V and Z, which are
// easily mistaken for 1, 0, 5, U and 2.
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
	sum, bad, p := usccBody(s)
	if bad >= 0 {
		return Result{}, charError(KindUSCC, "", s, bad, p, usccWant(bad))
	}
	if usccValue(s[17]) < 0 {
		return Result{}, charError(KindUSCC, "", s, 17, ProblemCharset, usccWantAny)
	}
	if want := usccCheckChar(sum); s[17] != want {
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
	sum, bad, p := usccBody(body17)
	if bad >= 0 {
		return 0, charError(KindUSCC, "", body17, bad, p, usccWant(bad))
	}
	return usccCheckChar(sum), nil
}

// usccBody returns the weighted sum of the 17 characters of body, or the
// index of the first not allowed where it stands, and its problem (bad is
// -1 when there is none).
func usccBody(body string) (sum, bad int, p Problem) {
	_ = body[16]
	for i := 0; i < 17; i++ {
		v, p := usccChar(i, body[i])
		if p != "" {
			return 0, i, p
		}
		sum += usccWeight(i) * v
	}
	return sum, -1, ""
}

// usccChar returns the value of c at position i (from 0) of the body of a
// code, or the problem of a character not allowed there.
func usccChar(i int, c byte) (int, Problem) {
	v := usccValue(c)
	if v < 0 {
		return 0, ProblemCharset
	}
	if v > 9 && i >= 2 && i < 8 {
		return 0, ProblemFormat
	}
	return v, ""
}

// usccWeight returns the weight of position i (from 0) of the body of a
// code: 3^i mod 31.
func usccWeight(i int) int { return int(usccWeights[i]) }

// usccWeights holds 3^i mod 31 for i from 0 to 16: 1, 3, 9, 27, 19, 26,
// 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28.
const usccWeights = "\x01\x03\x09\x1b\x13\x1a\x10\x11\x14\x1d\x19\x0d\x08\x18\x0a\x1e\x1c"

// usccWant says what position i (from 0) of a code holds.
func usccWant(i int) string {
	if i >= 2 && i < 8 {
		return usccWantDigit
	}
	return usccWantAny
}

// usccCheckChar returns the check character for a weighted sum. The outer
// "% 31" matters: when sum is a multiple of 31 the check value is 0, not
// 31 (which is past the end of the alphabet).
func usccCheckChar(sum int) byte { return usccAlphabet[(31-sum%31)%31] }

// usccValues holds, at c-'0' for each byte c from '0' to 'Z', the value of
// c in usccAlphabet, or 0xff for a byte that is not in it. A lookup costs
// less than a chain of comparisons, which the benchmarks need.
const usccValues = "" +
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09" + // 0 to 9
	"\xff\xff\xff\xff\xff\xff\xff" + // : ; < = > ? @
	"\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\xff" + // A to H, I
	"\x12\x13\x14\x15\x16\xff" + // J to N, O
	"\x17\x18\x19\xff" + // P to R, S
	"\x1a\x1b\xff" + // T, U, V
	"\x1c\x1d\x1e\xff" // W to Y, Z

// usccValue returns the value of c, its index in usccAlphabet, or -1.
func usccValue(c byte) int {
	i := uint(c) - '0'
	if i >= uint(len(usccValues)) || usccValues[i] == 0xff {
		return -1
	}
	return int(usccValues[i])
}
