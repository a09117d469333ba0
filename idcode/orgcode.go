package idcode

// ValidateOrgCode validates s as a 组织机构代码 (organization code, GB
// 11714-1997): 8 body characters, digits or upper-case letters, then a
// check character, a digit or X, written with a hyphen before the check
// character as printed on certificates ("XXXXXXXX-X") or without it. s is
// taken exactly as given: see Normalize.
//
// The check weights are 3, 7, 9, 10, 5, 8, 4, 2 modulo 11, and a letter's
// value is 10 (A) to 35 (Z). A substitution of one body character by
// another whose value differs by a multiple of 11 is therefore not
// detected: A and L, B and M, 0 and B, 1 and C, and so on. Any
// substitution of one digit by another, and of the check character, is.
//
// A wrong check character is an *Error with ProblemCheck in Strict mode,
// and Result.Warning in Warn mode.
func ValidateOrgCode(s string, m Mode) (Result, error) {
	if len(s) != 9 && len(s) != 10 {
		return Result{}, lengthError(KindOrgCode, "", s, len(s), "9, or 10 with the hyphen (XXXXXXXX-X)")
	}
	sum, err := orgSum(s)
	if err != nil {
		return Result{}, err
	}
	last := len(s) - 1
	if len(s) == 10 && s[8] != '-' {
		return Result{}, charError(KindOrgCode, "", s, 8, orgProblem(s[8]), "'-' before the check character")
	}
	c := s[last]
	if (c < '0' || c > '9') && c != 'X' {
		return Result{}, charError(KindOrgCode, "", s, last, orgProblem(c), "a digit or X (the check character)")
	}
	if want := orgCheckChar(sum); c != want {
		return fault(Result{}, checkError(KindOrgCode, "", last, c, want), m)
	}
	return Result{}, nil
}

// OrgCodeCheck returns the check character of the 组织机构代码 whose 8
// body characters are body8. A body with another length or a character
// other than a digit or an upper-case letter is an *Error.
func OrgCodeCheck(body8 string) (byte, error) {
	if len(body8) != 8 {
		return 0, lengthError(KindOrgCode, "", body8, len(body8), "8 (the code without its check character)")
	}
	sum, err := orgSum(body8)
	if err != nil {
		return 0, err
	}
	return orgCheckChar(sum), nil
}

// orgSum returns the weighted sum of the first 8 characters of s, or an
// error naming the first that is not a digit or an upper-case letter.
func orgSum(s string) (int, *Error) {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		v := alnumValue(s[i])
		if v < 0 {
			return 0, charError(KindOrgCode, "", s, i, orgProblem(s[i]), "a digit or an upper-case letter")
		}
		sum += w * v
	}
	return sum, nil
}

// orgCheckChar returns the check character for a weighted sum:
// 11 - sum%11, where 10 is written X and 11 is written 0.
func orgCheckChar(sum int) byte {
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// orgProblem tells a character of an organization code in the wrong place
// (ProblemFormat) from one that no organization code holds.
func orgProblem(c byte) Problem {
	if alnumValue(c) >= 0 || c == '-' {
		return ProblemFormat
	}
	return ProblemCharset
}

// alnumValue returns the value of a digit (0 to 9) or an upper-case
// letter (A is 10, Z is 35), or -1 for any other byte.
func alnumValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}
