package idcode

import (
	"fmt"
	"time"
)

// Birth years a 公民身份号码 may carry: a guard against dates that are
// calendar dates but no one's birth date, not a claim about who is alive.
const (
	minBirthYear = 1800
	maxBirthYear = 2199
)

// ValidateResidentID validates s as a 公民身份号码 (citizen identification
// number, GB 11643-1999): 18 characters, a 6-digit region code whose first
// digit is 1 to 9, the birth date as 8 digits YYYYMMDD, a 3-digit sequence
// number and a check character, a digit or X. s is taken exactly as given:
// see Normalize.
//
// The birth date must be a calendar date (29 February only in a leap year)
// of a year from 1800 to 2199; it is not compared with today, since this
// package reads no clock. Result.Birth holds it.
//
// A 15-digit number of the first generation (region, birth date YYMMDD of
// the 1900s, sequence number, no check character) is valid with
// Result.Legacy set, its date checked as 19YYMMDD; UpgradeResidentID gives
// its 18-character form.
//
// A wrong check character is an *Error with ProblemCheck in Strict mode,
// and Result.Warning in Warn mode.
func ValidateResidentID(s string, m Mode) (Result, error) {
	switch len(s) {
	case 18:
		birth, err := residentShape(s)
		if err != nil {
			return Result{}, err
		}
		r := Result{Birth: birth}
		if want := residentCheckChar(residentSum(s)); s[17] != want {
			return fault(r, checkError(KindResidentID, "", 17, s[17], want), m)
		}
		return r, nil
	case 15:
		birth, err := residentShape(s)
		if err != nil {
			return Result{}, err
		}
		return Result{Legacy: true, Birth: birth}, nil
	}
	return Result{}, lengthError(KindResidentID, "", s, len(s), "18, or 15 for a number of the first generation")
}

// ResidentIDCheck returns the check character of the 公民身份号码 whose
// first 17 characters are body17. A body that no valid number begins with
// (wrong length, a character that is not a digit, region code beginning
// with 0, a birth date that is not a date) is an *Error.
func ResidentIDCheck(body17 string) (byte, error) {
	if len(body17) != 17 {
		return 0, lengthError(KindResidentID, "", body17, len(body17), "17 (the number without its check character)")
	}
	if _, err := residentShape(body17); err != nil {
		return 0, err
	}
	return residentCheckChar(residentSum(body17)), nil
}

// UpgradeResidentID returns the 18-character form of a 15-digit 公民身份号码
// of the first generation: "19" inserted before the birth year, and the
// check character appended. Anything but a valid 15-digit number is an
// *Error.
func UpgradeResidentID(s15 string) (string, error) {
	if len(s15) != 15 {
		return "", lengthError(KindResidentID, "", s15, len(s15), "15 (a number of the first generation)")
	}
	if _, err := residentShape(s15); err != nil {
		return "", err
	}
	body := s15[:6] + "19" + s15[6:]
	return body + string(residentCheckChar(residentSum(body))), nil
}

// residentShape checks the characters and the birth date of s, a number
// of 15 characters (first generation), 17 (without its check character)
// or 18, and returns the birth date.
func residentShape(s string) (time.Time, *Error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 17:
			if (c < '0' || c > '9') && c != 'X' {
				return time.Time{}, charError(KindResidentID, "", s, i, residentProblem(c), "a digit or X (the check character)")
			}
		case c < '0' || c > '9':
			return time.Time{}, charError(KindResidentID, "", s, i, residentProblem(c), "a digit")
		case i == 0 && c == '0':
			return time.Time{}, charError(KindResidentID, "", s, i, ProblemFormat, "a digit from 1 to 9 (the region code's first digit)")
		}
	}
	if len(s) == 15 {
		return birthDate(s, 1900+digits(s[6:8]), 8)
	}
	return birthDate(s, digits(s[6:10]), 10)
}

// birthDate checks the birth date of s, whose year is given and whose
// month begins at byte mo, followed by the day.
func birthDate(s string, year, mo int) (time.Time, *Error) {
	date := s[6 : mo+4]
	if year < minBirthYear || year > maxBirthYear {
		return time.Time{}, &Error{Kind: KindResidentID, Problem: ProblemDate, Pos: 6,
			Detail: fmt.Sprintf("birth year %d is outside %d to %d", year, minBirthYear, maxBirthYear)}
	}
	month, day := digits(s[mo:mo+2]), digits(s[mo+2:mo+4])
	if month < 1 || month > 12 {
		return time.Time{}, &Error{Kind: KindResidentID, Problem: ProblemDate, Pos: mo,
			Detail: fmt.Sprintf("birth date %s is not a calendar date: month %02d", date, month)}
	}
	if day < 1 || day > daysIn(year, month) {
		return time.Time{}, &Error{Kind: KindResidentID, Problem: ProblemDate, Pos: mo + 2,
			Detail: fmt.Sprintf("birth date %s is not a calendar date: %d-%02d has no day %02d", date, year, month, day)}
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), nil
}

// daysIn returns the number of days of a month of the Gregorian calendar.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// digits returns the value of s, all digits.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// residentSum returns the weighted sum of the first 17 characters of s,
// all digits. The weights are 2^(17-i) mod 11 (MOD 11-2 of ISO 7064).
func residentSum(s string) int {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += w * int(s[i]-'0')
	}
	return sum
}

// residentCheckChar returns the check character for a weighted sum:
// (12 - sum%11) % 11, where 10 is written X.
func residentCheckChar(sum int) byte { return "0123456789X"[(12-sum%11)%11] }

// residentProblem tells an X before the last place (ProblemFormat) from a
// character that no 公民身份号码 holds.
func residentProblem(c byte) Problem {
	if c == 'X' || ('0' <= c && c <= '9') {
		return ProblemFormat
	}
	return ProblemCharset
}
