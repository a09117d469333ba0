package idcode

import (
	"strconv"
	"strings"
	"time"
)

// Kind names an identifier this package validates.
type Kind string

// Kinds of identifier.
const (
	KindUSCC       Kind = "uscc"        // 统一社会信用代码, GB 32100-2015
	KindOrgCode    Kind = "org_code"    // 组织机构代码, GB 11714-1997
	KindResidentID Kind = "resident_id" // 公民身份号码, GB 11643-1999
	KindLicenseID  Kind = "license_id"  // 电子证照标识, GB/T 36904-2018
)

// Kinds lists every kind.
func Kinds() []Kind { return []Kind{KindUSCC, KindOrgCode, KindResidentID, KindLicenseID} }

// Label returns the Chinese name of k, the one its standard uses.
func (k Kind) Label() string {
	switch k {
	case KindUSCC:
		return "统一社会信用代码"
	case KindOrgCode:
		return "组织机构代码"
	case KindResidentID:
		return "公民身份号码"
	case KindLicenseID:
		return "电子证照标识"
	}
	return string(k)
}

// ParseKind reads a kind by its code in any letter case or by its label,
// around spaces; 身份证号码 and 身份证号 name KindResidentID too. Anything
// else is an *Error with ProblemKind.
func ParseKind(s string) (Kind, error) {
	t := strings.TrimSpace(s)
	switch t {
	case "统一社会信用代码":
		return KindUSCC, nil
	case "组织机构代码":
		return KindOrgCode, nil
	case "公民身份号码", "身份证号码", "身份证号":
		return KindResidentID, nil
	case "电子证照标识":
		return KindLicenseID, nil
	}
	k := Kind(strings.ToLower(t))
	for _, v := range Kinds() {
		if k == v {
			return k, nil
		}
	}
	return "", kindError(Kind(s))
}

func kindError(k Kind) *Error {
	return &Error{Problem: ProblemKind, Pos: -1,
		Detail: "kind " + strconv.Quote(string(k)) + " is not known; want uscc, org_code, resident_id or license_id"}
}

// Mode says what a wrong check character is. The zero value is Strict;
// any value but Warn is Strict.
type Mode uint8

// Modes of validation.
const (
	// Strict refuses an identifier whose check character is wrong.
	Strict Mode = iota
	// Warn accepts an identifier whose only fault is a check character,
	// and describes that fault in Result.Warning. Length, character,
	// format and date faults fail in Warn mode too.
	Warn
)

// String returns "strict" or "warn".
func (m Mode) String() string {
	if m == Warn {
		return "warn"
	}
	return "strict"
}

// Result is what a successful validation learned.
type Result struct {
	// Warning is non-nil only in Warn mode, when the only fault is a
	// check character; it describes that fault (the first from the left,
	// for an 电子证照标识 whose embedded codes are at fault too).
	Warning *Error
	// Legacy is true for a 15-digit 公民身份号码 of the first generation.
	Legacy bool
	// Birth is the birth date of a 公民身份号码, at midnight UTC; the zero
	// time for the other kinds.
	Birth time.Time
}

// Validate validates s as an identifier of kind k, by the function of that
// kind (ValidateUSCC, ValidateOrgCode, ValidateResidentID,
// ValidateLicenseID). An unknown kind is an *Error with ProblemKind.
func Validate(k Kind, s string, m Mode) (Result, error) {
	switch k {
	case KindUSCC:
		return ValidateUSCC(s, m)
	case KindOrgCode:
		return ValidateOrgCode(s, m)
	case KindResidentID:
		return ValidateResidentID(s, m)
	case KindLicenseID:
		return ValidateLicenseID(s, m)
	}
	return Result{}, kindError(k)
}

// fault returns the result of a validation whose only fault is f, a check
// fault: an error in Strict mode, a warning in Warn mode.
func fault(r Result, f *Error, m Mode) (Result, error) {
	if m == Warn {
		r.Warning = f
		return r, nil
	}
	return Result{}, f
}
