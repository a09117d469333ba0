package idcode

import (
	"strconv"
	"strings"
)

// LicenseIDRoot begins every 电子证照标识: the object identifier that GB/T
// 36904-2018 assigns to electronic licenses, with its trailing dot.
const LicenseIDRoot = "1.2.156.3005.2."

// Lengths of the parts of an 电子证照标识.
const (
	licenseTypeCodeLen = 21 // the defining authority's 统一社会信用代码 and a 3-digit sequence
	licenseIssuerLen   = 18 // the issuer's 统一社会信用代码
	licenseMaxSerial   = 32
	licenseMaxVersion  = 4
)

// Parts of an 电子证照标识, as Error.Part names them.
const (
	partTypeCode = "type code"
	partIssuer   = "issuer"
	partSerial   = "serial"
	partVersion  = "version"
	partCheck    = "check character"
)

// LicenseID holds the parts of an 电子证照标识.
type LicenseID struct {
	// TypeCode is the license type code (证照类型代码): the 统一社会信用代码
	// of the authority that defines the license type, then a 3-digit
	// sequence number.
	TypeCode string
	// Issuer is the 统一社会信用代码 of the issuing authority (证照颁发机构).
	Issuer string
	// Serial is the license's serial number (流水号): 1 to 32 digits or
	// upper-case letters.
	Serial string
	// Version is the version number (版本号): 1 to 4 digits.
	Version string
	// Check is the check character (校验位).
	Check byte
}

// String returns the identifier: LicenseIDRoot and the parts, separated by
// dots.
func (id LicenseID) String() string {
	return LicenseIDRoot + id.TypeCode + "." + id.Issuer + "." + id.Serial + "." + id.Version + "." + string(id.Check)
}

// ValidateLicenseID validates s as an 电子证照标识 (electronic license
// identifier, GB/T 36904-2018):
//
//	1.2.156.3005.2.<type code>.<issuer>.<serial>.<version>.<check>
//
// The type code is 21 characters, the 统一社会信用代码 of the authority that
// defines the license type and a 3-digit sequence; the issuer is the
// issuing authority's 统一社会信用代码; the serial is 1 to 32 digits or
// upper-case letters; the version is 1 to 4 digits; the check character
// is a digit or an upper-case letter, by ISO 7064 MOD 37,36 (GB/T 17710)
// over the type code, issuer, serial and version written together without
// their dots. s is taken exactly as given: see Normalize.
//
// Both embedded 统一社会信用代码 are validated as ValidateUSCC does. A wrong
// check character, the identifier's own or one of theirs, is an *Error
// with ProblemCheck in Strict mode, and Result.Warning in Warn mode (which
// describes the first from the left).
func ValidateLicenseID(s string, m Mode) (Result, error) {
	_, r, err := parseLicense(s, m)
	if err != nil {
		return Result{}, err
	}
	return r, nil
}

// ParseLicenseID returns the parts of the 电子证照标识 s, which it validates
// as ValidateLicenseID does: in Warn mode, an identifier whose only faults
// are check characters is returned with no error (ValidateLicenseID
// describes them).
func ParseLicenseID(s string, m Mode) (LicenseID, error) {
	id, _, err := parseLicense(s, m)
	if err != nil {
		return LicenseID{}, err
	}
	return id, nil
}

// NewLicenseID returns the 电子证照标识 of the given parts, with its check
// character. Parts that no valid identifier holds, embedded 统一社会信用代码
// with a wrong check character included, are an *Error that names the
// part, at its position in the identifier the parts would build.
func NewLicenseID(typeCode, issuer, serial, version string) (string, error) {
	id, err := licenseFromParts(typeCode, issuer, serial, version)
	if err != nil {
		return "", err
	}
	return id.String(), nil
}

// LicenseIDCheck returns the check character of the 电子证照标识 of the
// given parts, which it checks as NewLicenseID does.
func LicenseIDCheck(typeCode, issuer, serial, version string) (byte, error) {
	id, err := licenseFromParts(typeCode, issuer, serial, version)
	if err != nil {
		return 0, err
	}
	return id.Check, nil
}

// licenseFromParts checks the parts of an identifier strictly and returns
// them with their check character.
func licenseFromParts(typeCode, issuer, serial, version string) (LicenseID, *Error) {
	// The parts are checked in place, in the identifier they would build
	// (with a placeholder check character), so that every fault is named
	// exactly as validation names it. A dot within a part would split it
	// there, so it is refused first, and so is a character outside ASCII,
	// which the whole identifier's check would not tie to its part.
	s := LicenseID{TypeCode: typeCode, Issuer: issuer, Serial: serial, Version: version, Check: '0'}.String()
	off := len(LicenseIDRoot)
	for _, p := range [4]struct{ name, text string }{{partTypeCode, typeCode}, {partIssuer, issuer}, {partSerial, serial}, {partVersion, version}} {
		if i := strings.IndexByte(p.text, '.'); i >= 0 {
			return LicenseID{}, charError(KindLicenseID, p.name, s, off+i, ProblemFormat, "no dot within a part")
		}
		if i := firstNonASCII(p.text); i >= 0 {
			return LicenseID{}, charError(KindLicenseID, p.name, s, off+i, ProblemCharset, wantASCII)
		}
		off += len(p.text) + 1
	}
	id, err := licenseShape(s)
	if err != nil {
		return LicenseID{}, err
	}
	if err := licenseUSCCFault(s, id); err != nil {
		return LicenseID{}, err
	}
	id.Check = mod3736Check(id)
	return id, nil
}

// parseLicense validates s in mode m and returns its parts.
func parseLicense(s string, m Mode) (LicenseID, Result, error) {
	id, err := licenseShape(s)
	if err != nil {
		return LicenseID{}, Result{}, err
	}
	f := licenseUSCCFault(s, id)
	if f == nil && !mod3736Valid(id) {
		want := mod3736Check(id)
		f = checkError(KindLicenseID, "", len(s)-1, id.Check, want)
	}
	if f == nil {
		return id, Result{}, nil
	}
	r, ferr := fault(Result{}, f, m)
	if ferr != nil {
		return LicenseID{}, Result{}, ferr
	}
	return id, r, nil
}

// licenseShape splits s into its parts and checks every fault but the
// check characters' values: root, parts, lengths, characters.
func licenseShape(s string) (LicenseID, *Error) {
	if i := firstNonASCII(s); i >= 0 {
		return LicenseID{}, charError(KindLicenseID, "", s, i, ProblemCharset, wantASCII)
	}
	if !strings.HasPrefix(s, LicenseIDRoot) {
		i := 0
		for i < len(s) && s[i] == LicenseIDRoot[i] {
			i++
		}
		if i == len(s) {
			i = -1 // s is a beginning of the root
		}
		return LicenseID{}, &Error{Kind: KindLicenseID, Problem: ProblemFormat, Pos: i,
			Detail: "does not begin with " + LicenseIDRoot + ", the root of every 电子证照标识"}
	}
	var parts [5]string
	var starts [5]int
	rest, off := s[len(LicenseIDRoot):], len(LicenseIDRoot)
	for n := 0; n < 5; n++ {
		i := strings.IndexByte(rest, '.')
		if n == 4 {
			i = len(rest)
		} else if i < 0 {
			return LicenseID{}, partsError(n + 1)
		}
		parts[n], starts[n] = rest[:i], off
		if n < 4 {
			rest, off = rest[i+1:], off+i+1
		}
	}
	if strings.IndexByte(parts[4], '.') >= 0 {
		return LicenseID{}, partsError(5 + strings.Count(parts[4], "."))
	}
	id := LicenseID{TypeCode: parts[0], Issuer: parts[1], Serial: parts[2], Version: parts[3]}

	tc, at := parts[0], starts[0]
	if len(tc) != licenseTypeCodeLen {
		return LicenseID{}, lengthError(KindLicenseID, partTypeCode, tc, len(tc), "21 (the defining authority's 统一社会信用代码 and a 3-digit sequence)")
	}
	if err := usccShape(KindLicenseID, partTypeCode, s, at); err != nil {
		return LicenseID{}, err
	}
	for i := 18; i < 21; i++ {
		if c := tc[i]; c < '0' || c > '9' {
			return LicenseID{}, charError(KindLicenseID, partTypeCode, s, at+i, licenseProblem(c), "a digit (the type's 3-digit sequence)")
		}
	}

	if len(parts[1]) != licenseIssuerLen {
		return LicenseID{}, lengthError(KindLicenseID, partIssuer, parts[1], len(parts[1]), "18 (the issuer's 统一社会信用代码)")
	}
	if err := usccShape(KindLicenseID, partIssuer, s, starts[1]); err != nil {
		return LicenseID{}, err
	}

	if n := len(parts[2]); n < 1 || n > licenseMaxSerial {
		return LicenseID{}, lengthError(KindLicenseID, partSerial, parts[2], n, "1 to 32")
	}
	for i := 0; i < len(parts[2]); i++ {
		if c := parts[2][i]; alnumValue(c) < 0 {
			return LicenseID{}, charError(KindLicenseID, partSerial, s, starts[2]+i, licenseProblem(c), "a digit or an upper-case letter")
		}
	}

	if n := len(parts[3]); n < 1 || n > licenseMaxVersion {
		return LicenseID{}, lengthError(KindLicenseID, partVersion, parts[3], n, "1 to 4")
	}
	for i := 0; i < len(parts[3]); i++ {
		if c := parts[3][i]; c < '0' || c > '9' {
			return LicenseID{}, charError(KindLicenseID, partVersion, s, starts[3]+i, licenseProblem(c), "a digit")
		}
	}

	if len(parts[4]) != 1 {
		return LicenseID{}, lengthError(KindLicenseID, partCheck, parts[4], len(parts[4]), "1")
	}
	if c := parts[4][0]; alnumValue(c) < 0 {
		return LicenseID{}, charError(KindLicenseID, partCheck, s, starts[4], licenseProblem(c), "a digit or an upper-case letter")
	}
	id.Check = parts[4][0]
	return id, nil
}

// partsError reports an identifier with n parts after the root.
func partsError(n int) *Error {
	d := "has " + strconv.Itoa(n) + " parts"
	if n == 1 {
		d = "has 1 part"
	}
	return &Error{Kind: KindLicenseID, Problem: ProblemFormat, Pos: -1,
		Detail: d + " after the root, want 5: type code, issuer, serial, version and check character"}
}

// licenseUSCCFault returns the first check fault of the two 统一社会信用代码
// in the identifier s whose parts are id, or nil.
func licenseUSCCFault(s string, id LicenseID) *Error {
	at := len(LicenseIDRoot)
	if want := usccCheckChar(usccSum(id.TypeCode)); id.TypeCode[17] != want {
		return checkError(KindLicenseID, partTypeCode, at+17, id.TypeCode[17], want)
	}
	at += len(id.TypeCode) + 1
	if want := usccCheckChar(usccSum(id.Issuer)); id.Issuer[17] != want {
		return checkError(KindLicenseID, partIssuer, at+17, id.Issuer[17], want)
	}
	return nil
}

// licenseProblem tells a character of an 电子证照标识 in the wrong place
// (ProblemFormat) from one that no identifier holds.
func licenseProblem(c byte) Problem {
	if alnumValue(c) >= 0 || c == '.' {
		return ProblemFormat
	}
	return ProblemCharset
}

// ISO 7064 MOD 37,36 is a hybrid system over the 36 digits and upper-case
// letters (values 0 to 35). From p = 36, each character of value v gives
// s = (p + v) mod 36, with 0 read as 36, then p = 2s mod 37. The check
// character is the one whose step would make s equal 1: the value
// (37 - p) mod 36 after the last character of the body. mod3736Valid runs
// the same step through the check character and asks for s = 1 at the
// end, rather than computing the check character and comparing, so that
// the tests set the two against each other.

// mod3736Step returns s and the next p for a character of value v.
// p is in 1..36 and v in 0..35, so s = p + v is in 1..71 and at most one
// subtraction of 36 brings it to 1..36 (36 standing for 0); 2s is then in
// 2..72 and never 37, so at most one subtraction of 37 reduces it.
func mod3736Step(p, v int) (s, next int) {
	s = p + v
	if s > 36 {
		s -= 36
	}
	next = 2 * s
	if next >= 37 {
		next -= 37
	}
	return s, next
}

// mod3736Check returns the check character of the body of id.
func mod3736Check(id LicenseID) byte {
	p := 36
	for _, part := range [4]string{id.TypeCode, id.Issuer, id.Serial, id.Version} {
		for i := 0; i < len(part); i++ {
			_, p = mod3736Step(p, alnumValue(part[i]))
		}
	}
	return alnumAlphabet[(37-p)%36]
}

// mod3736Valid reports whether the check character of id is right.
func mod3736Valid(id LicenseID) bool {
	p := 36
	for _, part := range [4]string{id.TypeCode, id.Issuer, id.Serial, id.Version} {
		for i := 0; i < len(part); i++ {
			_, p = mod3736Step(p, alnumValue(part[i]))
		}
	}
	s, _ := mod3736Step(p, alnumValue(id.Check))
	return s == 1
}

// alnumAlphabet is the digits and the upper-case letters in value order.
const alnumAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
