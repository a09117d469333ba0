package idcode_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/idcode"
)

// Character sets, spelled out here rather than taken from the package.
const (
	usccChars  = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	alnumChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits     = "0123456789"
)

// newRand returns a generator with a fixed seed, so that a failure
// repeats.
func newRand() *rand.Rand { return rand.New(rand.NewPCG(20151001, 32100)) }

func randFrom(r *rand.Rand, set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[r.IntN(len(set))]
	}
	return string(b)
}

// randUSCCBody returns 17 characters that a 统一社会信用代码 may begin with.
func randUSCCBody(r *rand.Rand) string {
	return randFrom(r, usccChars, 2) + randFrom(r, digits, 6) + randFrom(r, usccChars, 9)
}

func randUSCC(t testing.TB, r *rand.Rand) string {
	body := randUSCCBody(r)
	c, err := idcode.USCCCheck(body)
	if err != nil {
		t.Fatalf("USCCCheck(%q): %v", body, err)
	}
	return body + string(c)
}

// randBirth returns a date from 1800-01-01 to 2199-12-31.
func randBirth(r *rand.Rand) time.Time {
	from := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Sub(from).Hours() / 24)
	return from.AddDate(0, 0, r.IntN(days))
}

// randResidentBody returns the 17 characters of a number's body and its
// birth date.
func randResidentBody(r *rand.Rand) (string, time.Time) {
	birth := randBirth(r)
	return randFrom(r, "123456789", 1) + randFrom(r, digits, 5) + birth.Format("20060102") + randFrom(r, digits, 3), birth
}

// randLicenseParts returns the parts of an 电子证照标识 with valid embedded
// codes.
func randLicenseParts(t testing.TB, r *rand.Rand) (typeCode, issuer, serial, version string) {
	return randUSCC(t, r) + randFrom(r, digits, 3), randUSCC(t, r),
		randFrom(r, alnumChars, 1+r.IntN(32)), randFrom(r, digits, 1+r.IntN(4))
}

// problemOf returns the problem of err, an *idcode.Error, or "".
func problemOf(t testing.TB, err error) idcode.Problem {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *idcode.Error
	if !errors.As(err, &e) {
		t.Fatalf("%v (%T) is not an *idcode.Error", err, err)
	}
	return e.Problem
}

// A computed check character always validates, in both modes, and the
// naive validators of the benchmarks agree.
func TestProperty_ComputedCheckValidates(t *testing.T) {
	r, n := newRand(), newNaive()
	for range 3000 {
		s := randUSCC(t, r)
		requireBothModes(t, idcode.ValidateUSCC, idcode.KindUSCC, s, nil)
		if !n.validUSCC(s) {
			t.Fatalf("the naive validator refuses %s", s)
		}

		body := randFrom(r, alnumChars, 8)
		c, err := idcode.OrgCodeCheck(body)
		if err != nil {
			t.Fatal(err)
		}
		requireBothModes(t, idcode.ValidateOrgCode, idcode.KindOrgCode, body+string(c), nil)
		requireBothModes(t, idcode.ValidateOrgCode, idcode.KindOrgCode, body+"-"+string(c), nil)

		rb, birth := randResidentBody(r)
		c, err = idcode.ResidentIDCheck(rb)
		if err != nil {
			t.Fatal(err)
		}
		res := requireBothModes(t, idcode.ValidateResidentID, idcode.KindResidentID, rb+string(c), nil)
		if !res.Birth.Equal(birth) || res.Legacy {
			t.Fatalf("%s%c: %+v; want born %s", rb, c, res, birth)
		}
		if !n.validResidentID(rb + string(c)) {
			t.Fatalf("the naive validator refuses %s%c", rb, c)
		}

		tc, issuer, serial, version := randLicenseParts(t, r)
		id, err := idcode.NewLicenseID(tc, issuer, serial, version)
		if err != nil {
			t.Fatal(err)
		}
		requireBothModes(t, idcode.ValidateLicenseID, idcode.KindLicenseID, id, nil)
		if !n.validLicenseID(id) {
			t.Fatalf("the naive validator refuses %s", id)
		}
		parts, err := idcode.ParseLicenseID(id, idcode.Strict)
		want := idcode.LicenseID{TypeCode: tc, Issuer: issuer, Serial: serial, Version: version, Check: id[len(id)-1]}
		if err != nil || parts != want {
			t.Fatalf("ParseLicenseID(%s) = %+v, %v", id, parts, err)
		}
	}
}

// A first-generation number upgrades to an 18-character number of the
// same person, which validates.
func TestProperty_UpgradeResidentID(t *testing.T) {
	r := newRand()
	for range 3000 {
		birth := time.Date(1900+r.IntN(100), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
		if birth.Year() > 1999 {
			continue
		}
		s15 := randFrom(r, "123456789", 1) + randFrom(r, digits, 5) + birth.Format("060102") + randFrom(r, digits, 3)
		legacy := requireBothModes(t, idcode.ValidateResidentID, idcode.KindResidentID, s15, nil)
		s18, err := idcode.UpgradeResidentID(s15)
		if err != nil {
			t.Fatalf("UpgradeResidentID(%s): %v", s15, err)
		}
		res := requireBothModes(t, idcode.ValidateResidentID, idcode.KindResidentID, s18, nil)
		if !legacy.Legacy || res.Legacy || !res.Birth.Equal(birth) || !legacy.Birth.Equal(birth) {
			t.Fatalf("%s → %s: %+v, %+v; want born %s", s15, s18, legacy, res, birth)
		}
		if s18[:6] != s15[:6] || s18[14:17] != s15[12:] {
			t.Fatalf("%s → %s changes the region or the sequence", s15, s18)
		}
	}
}

// Every substitution of one character of a 统一社会信用代码 by another of
// its set is caught: by the check character, or as a letter in the
// administrative division.
func TestProperty_USCCSubstitutions(t *testing.T) {
	r := newRand()
	for range 300 {
		s := randUSCC(t, r)
		for i := range len(s) {
			for _, c := range []byte(usccChars) {
				if c == s[i] {
					continue
				}
				mut := s[:i] + string(c) + s[i+1:]
				want := at(idcode.ProblemCheck, 17)
				if i >= 2 && i < 8 && c > '9' {
					want = at(idcode.ProblemFormat, i)
				}
				requireBothModes(t, idcode.ValidateUSCC, idcode.KindUSCC, mut, want)
			}
		}
	}
}

// A substitution in the body of a 组织机构代码 is caught exactly when the
// two characters' values differ by other than a multiple of 11: always
// between digits, never between A and L. Every substitution of the check
// character is caught.
func TestProperty_OrgCodeSubstitutions(t *testing.T) {
	r := newRand()
	value := func(c byte) int { return strings.IndexByte(alnumChars, c) }
	missed, missedAL := 0, false
	for range 300 {
		body := randFrom(r, alnumChars, 8)
		check, err := idcode.OrgCodeCheck(body)
		if err != nil {
			t.Fatal(err)
		}
		s := body + string(check)
		for i := range 8 {
			for _, c := range []byte(alnumChars) {
				if c == s[i] {
					continue
				}
				mut := s[:i] + string(c) + s[i+1:]
				_, err := idcode.ValidateOrgCode(mut, idcode.Strict)
				undetectable := (value(c)-value(s[i]))%11 == 0
				switch {
				case undetectable && err == nil:
					missed++
					if (c == 'A' && s[i] == 'L') || (c == 'L' && s[i] == 'A') {
						missedAL = true
					}
					if c <= '9' && s[i] <= '9' {
						t.Fatalf("%s → %s: a digit for a digit went unnoticed", s, mut)
					}
				case undetectable:
					t.Fatalf("%s → %s: %v; values differ by a multiple of 11, so the check cannot see it", s, mut, err)
				default:
					requireFault(t, err, idcode.KindOrgCode, fault{idcode.ProblemCheck, 8})
				}
			}
		}
		for _, c := range []byte("0123456789X") {
			if c != check {
				_, err := idcode.ValidateOrgCode(body+string(c), idcode.Strict)
				requireFault(t, err, idcode.KindOrgCode, fault{idcode.ProblemCheck, 8})
			}
		}
	}
	if missed == 0 || !missedAL {
		t.Fatalf("%d substitutions unnoticed (A for L among them: %v); the documented exception should show", missed, missedAL)
	}
}

// Every substitution of one character of a 公民身份号码 by another digit or
// X is caught: by the check character when the number still has its shape
// and a birth date.
func TestProperty_ResidentIDSubstitutions(t *testing.T) {
	r := newRand()
	for range 300 {
		body, _ := randResidentBody(r)
		check, err := idcode.ResidentIDCheck(body)
		if err != nil {
			t.Fatal(err)
		}
		s := body + string(check)
		for i := range len(s) {
			for _, c := range []byte("0123456789X") {
				if c == s[i] {
					continue
				}
				mut := s[:i] + string(c) + s[i+1:]
				_, err := idcode.ValidateResidentID(mut, idcode.Strict)
				p := problemOf(t, err)
				switch {
				case err == nil:
					t.Fatalf("%s → %s went unnoticed", s, mut)
				case c == 'X' && i < 17, i == 0 && c == '0':
					requireFault(t, err, idcode.KindResidentID, fault{idcode.ProblemFormat, i})
				case i >= 6 && i < 14 && p == idcode.ProblemDate:
					// A birth date changed into no date.
				default:
					requireFault(t, err, idcode.KindResidentID, fault{idcode.ProblemCheck, 17})
				}
			}
		}
	}
}

// Every substitution of one character in the parts of an 电子证照标识 by
// another digit or upper-case letter is caught, and a check fault is only
// a warning in Warn mode. A substitution of the check character is the
// identifier's own check fault, naming the right one.
func TestProperty_LicenseIDSubstitutions(t *testing.T) {
	r := newRand()
	for range 60 {
		id, err := idcode.NewLicenseID(randLicenseParts(t, r))
		if err != nil {
			t.Fatal(err)
		}
		for i := len(idcode.LicenseIDRoot); i < len(id); i++ {
			if id[i] == '.' {
				continue
			}
			for _, c := range []byte(alnumChars) {
				if c == id[i] {
					continue
				}
				mut := id[:i] + string(c) + id[i+1:]
				_, strictErr := idcode.ValidateLicenseID(mut, idcode.Strict)
				res, warnErr := idcode.ValidateLicenseID(mut, idcode.Warn)
				switch p := problemOf(t, strictErr); {
				case strictErr == nil:
					t.Fatalf("%s → %s went unnoticed", id, mut)
				case p == idcode.ProblemCheck:
					if warnErr != nil || res.Warning == nil || *res.Warning != *strictErr.(*idcode.Error) {
						t.Fatalf("%s: warn mode %+v, %v; strict %v", mut, res, warnErr, strictErr)
					}
				case warnErr == nil:
					t.Fatalf("%s: %v in strict mode, valid in warn mode", mut, strictErr)
				}
				if i == len(id)-1 {
					e := requireFault(t, strictErr, idcode.KindLicenseID, fault{idcode.ProblemCheck, i})
					if e.Part != "" || e.Want != id[i] || e.Got != c {
						t.Fatalf("%s: %+v; want %q expected", mut, e, id[i])
					}
				}
			}
		}
	}
}

// On strings near valid ones (a character changed, lost or doubled), the
// validators agree with the naive ones of the benchmarks.
func TestProperty_AgreesWithNaive(t *testing.T) {
	r, n := newRand(), newNaive()
	near := func(s string) string {
		i := r.IntN(len(s))
		switch r.IntN(4) {
		case 0:
			return s
		case 1:
			return s[:i] + s[i+1:]
		case 2:
			return s[:i] + s[i:i+1] + s[i:]
		}
		return s[:i] + randFrom(r, alnumChars+"xa.-", 1) + s[i+1:]
	}
	valid := map[idcode.Kind]int{}
	for range 5000 {
		for k, pair := range map[idcode.Kind]struct {
			s     string
			naive func(string) bool
		}{
			idcode.KindUSCC:       {near(randUSCC(t, r)), n.validUSCC},
			idcode.KindResidentID: {near(mustResidentID(t, r)), n.validResidentID},
			idcode.KindLicenseID:  {near(mustLicenseID(t, r)), n.validLicenseID},
		} {
			_, err := idcode.Validate(k, pair.s, idcode.Strict)
			if k == idcode.KindResidentID && len(pair.s) == 15 {
				continue // the naive validator knows no first generation
			}
			if (err == nil) != pair.naive(pair.s) {
				t.Fatalf("%s %q: idcode %v, naive %v", k, pair.s, err, pair.naive(pair.s))
			}
			if err == nil {
				valid[k]++
			}
		}
	}
	for _, k := range []idcode.Kind{idcode.KindUSCC, idcode.KindResidentID, idcode.KindLicenseID} {
		if valid[k] < 500 {
			t.Errorf("%s: only %d valid strings compared", k, valid[k])
		}
	}
}

func mustResidentID(t testing.TB, r *rand.Rand) string {
	body, _ := randResidentBody(r)
	c, err := idcode.ResidentIDCheck(body)
	if err != nil {
		t.Fatal(err)
	}
	return body + string(c)
}

func mustLicenseID(t testing.TB, r *rand.Rand) string {
	id, err := idcode.NewLicenseID(randLicenseParts(t, r))
	if err != nil {
		t.Fatal(err)
	}
	return id
}
