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
	// Issuer is the 统一社会信用代码 of the authority that grants the license (证照颁发机构).
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
// granting authority's 统一社会信用代码; the serial is 1 to 32 digits or
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
	var sc licenseScan
	return validateLicense(s, m, &sc)
}

// ParseLicenseID returns the parts of the 电子证照标识 s, which it validates
// as ValidateLicenseID does: in Warn mode, an identifier whose only faults
// are check characters is returned with no error (ValidateLicenseID
// describes them).
func ParseLicenseID(s string, m Mode) (LicenseID, error) {
	var sc licenseScan
	if _, err := validateLicense(s, m, &sc); err != nil {
		return LicenseID{}, err
	}
	return sc.id, nil
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
	var sc licenseScan
	if err := licenseShape(s, &sc); err != nil {
		return LicenseID{}, err
	}
	if err := sc.usccFault(); err != nil {
		return LicenseID{}, err
	}
	id := sc.id
	id.Check = mod3736Check(id)
	return id, nil
}

// validateLicense validates s in mode m, its parts left in sc.
func validateLicense(s string, m Mode, sc *licenseScan) (Result, error) {
	if err := licenseShape(s, sc); err != nil {
		return Result{}, err
	}
	f := sc.usccFault()
	if f == nil && !sc.checkValid {
		f = checkError(KindLicenseID, "", len(s)-1, sc.id.Check, mod3736Check(sc.id))
	}
	if f == nil {
		return Result{}, nil
	}
	return fault(Result{}, f, m)
}

// licenseScan is what licenseShape learns of an identifier: its parts,
// the weighted sums of its two 统一社会信用代码, and whether its own check
// character is right.
type licenseScan struct {
	id                 LicenseID
	typeSum, issuerSum int
	checkValid         bool
}

// usccFault returns the first check fault of the two 统一社会信用代码, or nil.
func (sc *licenseScan) usccFault() *Error {
	at := len(LicenseIDRoot)
	if want := usccCheckChar(sc.typeSum); sc.id.TypeCode[17] != want {
		return checkError(KindLicenseID, partTypeCode, at+17, sc.id.TypeCode[17], want)
	}
	at += len(sc.id.TypeCode) + 1
	if want := usccCheckChar(sc.issuerSum); sc.id.Issuer[17] != want {
		return checkError(KindLicenseID, partIssuer, at+17, sc.id.Issuer[17], want)
	}
	return nil
}

// licenseShape splits s into sc's parts and checks every fault but the
// check characters' values: root, parts, lengths, characters. A character
// outside ASCII is reported first, wherever it stands, since its bytes
// would make a part's length misleading.
//
// On the way, it runs the MOD 37,36 validation over the parts and the
// check character (see mod3736Advance), in the loops that check the
// characters, so that the processor overlaps the chain of steps, each
// waiting for the one before, with those checks.
func licenseShape(s string, sc *licenseScan) *Error {
	if err := licenseShapeASCII(s, sc); err != nil {
		*sc = licenseScan{}
		if i := firstNonASCII(s); i >= 0 {
			return charError(KindLicenseID, "", s, i, ProblemCharset, wantASCII)
		}
		return err
	}
	return nil
}

func licenseShapeASCII(s string, sc *licenseScan) *Error {
	if !strings.HasPrefix(s, LicenseIDRoot) {
		i := 0
		for i < len(s) && s[i] == LicenseIDRoot[i] {
			i++
		}
		if i == len(s) {
			i = -1 // s is a beginning of the root
		}
		return &Error{Kind: KindLicenseID, Problem: ProblemFormat, Pos: i,
			Detail: "does not begin with " + LicenseIDRoot + ", the root of every 电子证照标识"}
	}
	var parts [5]string
	var starts [5]int
	if licenseSplitFast(s, &parts, &starts) && licenseParts(s, &parts, &starts, sc) == nil {
		return nil
	}
	if err := licenseSplit(s, &parts, &starts); err != nil {
		return err
	}
	return licenseParts(s, &parts, &starts, sc)
}

// licenseSplit splits s, which begins with the root, at every dot into
// the five parts and their offsets.
func licenseSplit(s string, parts *[5]string, starts *[5]int) *Error {
	n, start := 0, len(LicenseIDRoot)
	for i := start; i < len(s); i++ {
		if s[i] == '.' {
			if n < 4 {
				parts[n], starts[n] = s[start:i], start
			}
			n, start = n+1, i+1
		}
	}
	if n != 4 {
		return partsError(n + 1)
	}
	parts[4], starts[4] = s[start:], start
	return nil
}

// licenseSplitFast splits s as licenseSplit does, faster, when the type
// code and the issuer have their lengths: it looks for their dots where
// they should be, and searches only for the serial's and the version's.
// It does not look for dots within the type code, the issuer or the check
// character, so its parts are licenseSplit's only once licenseParts has
// accepted them (a dot is no character of those parts); on any fault,
// licenseShapeASCII splits again with licenseSplit, so that faults are
// reported alike whichever split ran first.
func licenseSplitFast(s string, parts *[5]string, starts *[5]int) bool {
	const issuerAt = len(LicenseIDRoot) + licenseTypeCodeLen + 1
	const serialAt = issuerAt + licenseIssuerLen + 1
	if len(s) <= serialAt || s[issuerAt-1] != '.' || s[serialAt-1] != '.' {
		return false
	}
	i := strings.IndexByte(s[serialAt:], '.')
	if i < 0 {
		return false
	}
	versionAt := serialAt + i + 1
	j := strings.IndexByte(s[versionAt:], '.')
	if j < 0 {
		return false
	}
	checkAt := versionAt + j + 1
	*parts = [5]string{s[len(LicenseIDRoot) : issuerAt-1], s[issuerAt : serialAt-1], s[serialAt : versionAt-1], s[versionAt : checkAt-1], s[checkAt:]}
	*starts = [5]int{len(LicenseIDRoot), issuerAt, serialAt, versionAt, checkAt}
	return true
}

// licenseParts checks the parts of s, found at starts, and records them in
// sc: every fault but the check characters' values.
func licenseParts(s string, parts *[5]string, starts *[5]int, sc *licenseScan) *Error {
	sc.id = LicenseID{TypeCode: parts[0], Issuer: parts[1], Serial: parts[2], Version: parts[3]}
	var err *Error

	tc := parts[0]
	if len(tc) != licenseTypeCodeLen {
		return lengthError(KindLicenseID, partTypeCode, tc, len(tc), "21 (the defining authority's 统一社会信用代码 and a 3-digit sequence)")
	}
	p := 36
	if sc.typeSum, p, err = licenseUSCC(s, starts[0], partTypeCode, p); err != nil {
		return err
	}
	for i := 18; i < licenseTypeCodeLen; i++ {
		c := tc[i]
		if c < '0' || c > '9' {
			return charError(KindLicenseID, partTypeCode, s, starts[0]+i, licenseProblem(c), "a digit (the type's 3-digit sequence)")
		}
		p = mod3736Advance(p, c)
	}

	issuer := parts[1]
	if len(issuer) != licenseIssuerLen {
		return lengthError(KindLicenseID, partIssuer, issuer, len(issuer), "18 (the issuer's 统一社会信用代码)")
	}
	if sc.issuerSum, p, err = licenseUSCC(s, starts[1], partIssuer, p); err != nil {
		return err
	}

	serial := parts[2]
	if n := len(serial); n < 1 || n > licenseMaxSerial {
		return lengthError(KindLicenseID, partSerial, serial, n, "1 to 32")
	}
	for i := 0; i < len(serial); i++ {
		c := serial[i]
		if alnumValue(c) < 0 {
			return charError(KindLicenseID, partSerial, s, starts[2]+i, licenseProblem(c), "a digit or an upper-case letter")
		}
		p = mod3736Advance(p, c)
	}

	version := parts[3]
	if n := len(version); n < 1 || n > licenseMaxVersion {
		return lengthError(KindLicenseID, partVersion, version, n, "1 to 4")
	}
	for i := 0; i < len(version); i++ {
		c := version[i]
		if c < '0' || c > '9' {
			return charError(KindLicenseID, partVersion, s, starts[3]+i, licenseProblem(c), "a digit")
		}
		p = mod3736Advance(p, c)
	}

	check := parts[4]
	if len(check) != 1 {
		return lengthError(KindLicenseID, partCheck, check, len(check), "1")
	}
	if alnumValue(check[0]) < 0 {
		return charError(KindLicenseID, partCheck, s, starts[4], licenseProblem(check[0]), "a digit or an upper-case letter")
	}
	sc.id.Check = check[0]
	last, _ := mod3736Step(p, knownAlnumValue(check[0]))
	sc.checkValid = last == 1
	return nil
}

// licenseUSCC checks the 统一社会信用代码 that begins at byte off of s as
// ValidateUSCC does, but for its check character's value, and returns its weighted sum and the MOD 37,36 state p
// after its characters.
func licenseUSCC(s string, off int, part string, p int) (sum, next int, err *Error) {
	code := s[off : off+18]
	for i := 0; i < 17; i++ {
		c := code[i]
		v, prob := usccChar(i, c)
		if prob != "" {
			return 0, 0, charError(KindLicenseID, part, s, off+i, prob, usccWant(i))
		}
		sum += usccWeight(i) * v
		p = mod3736Advance(p, c)
	}
	c := code[17]
	if usccValue(c) < 0 {
		return 0, 0, charError(KindLicenseID, part, s, off+17, ProblemCharset, usccWantAny)
	}
	return sum, mod3736Advance(p, c), nil
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
// (37 - p) mod 36 after the last character of the body. Validation
// (licenseParts) runs the steps on through the check character and asks
// for s = 1 at the end, rather than computing the check character and
// comparing, so that the tests set the two against each other.

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

// mod3736Check returns the check character of the body of id, by
// mod3736Step's arithmetic.
func mod3736Check(id LicenseID) byte {
	p := 36
	for _, part := range [4]string{id.TypeCode, id.Issuer, id.Serial, id.Version} {
		for i := 0; i < len(part); i++ {
			_, p = mod3736Step(p, knownAlnumValue(part[i]))
		}
	}
	return alnumAlphabet[(37-p)%36]
}

// mod3736Advance returns the p that follows p on c, a digit or an
// upper-case letter. Validation takes its steps from mod3736Next rather
// than by mod3736Step's arithmetic: the steps form a chain, each waiting
// for the one before, and a lookup is the shortest link (the slice at v is
// taken off the chain, so that the link is one load at p). Validation
// runs on it while mod3736Check computes, so the tests compare the two.
func mod3736Advance(p int, c byte) int {
	return int(mod3736Next[knownAlnumValue(c):][p])
}

// mod3736Next holds, at p + v (1 to 71), the p that follows p on a
// character of value v: 2s mod 37, where s is p + v mod 36 with 0 read as
// 36. Index 0 is never used.
const mod3736Next = "\x00" +
	mod3736DoublesLow + mod3736DoublesHigh + "\x23" + // p + v = 1 to 36: s = p + v
	mod3736DoublesLow + mod3736DoublesHigh // p + v = 37 to 71: s = p + v - 36

// 2s mod 37 for s from 1 to 18 and from 19 to 35 (36 gives 35).
const (
	mod3736DoublesLow  = "\x02\x04\x06\x08\x0a\x0c\x0e\x10\x12\x14\x16\x18\x1a\x1c\x1e\x20\x22\x24"
	mod3736DoublesHigh = "\x01\x03\x05\x07\x09\x0b\x0d\x0f\x11\x13\x15\x17\x19\x1b\x1d\x1f\x21"
)

// knownAlnumValue returns the value of c, known to be a digit or an
// upper-case letter. It has no branch, which the mix of digits and letters
// in an identifier would mispredict: the sign of '9' - c makes the mask
// that takes the gap of 7 between '9' and 'A' off a letter.
func knownAlnumValue(c byte) int {
	letter := ('9' - int(c)) >> 63 // -1 for a letter, 0 for a digit
	return int(c) - '0' - (7 & letter)
}

// alnumAlphabet is the digits and the upper-case letters in value order.
const alnumAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
