package idcode_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops/idcode"
)

// Identifiers published in government interface documents and sample
// code. Their embedded codes, 11100000000013338W (the type-defining
// authority) and the issuers, validate as 统一社会信用代码.
const (
	licSafety1 = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U"
	licSafety2 = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S"
	licFiling  = "1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3"
	licProject = "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0"
	// An interface document's example whose check character is wrong
	// (MOD 37,36 gives D), with a 32-character serial.
	licDocExample = "1.2.156.3005.2.11100000000013661B006.113700000045046442.209FA4E88F9E4C878F3E9BED2CE7EA49.001.M"
	// A test identifier from sample code, whose issuer is a 6-digit
	// region code rather than a 统一社会信用代码.
	licRegionIssuer = "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9"
)

// Offsets in licSafety2: the type code at 15 (its authority's check
// character at 32, its sequence at 33), the issuer at 37 (check character
// at 54), the serial at 56, the version at 68, the check character at 72.

// replaceAt returns s with the byte at i replaced by r.
func replaceAt(s string, i int, r string) string { return s[:i] + r + s[i+1:] }

func TestValidateLicenseID(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want *fault
	}{
		{"Safety1", licSafety1, nil},
		{"Safety2", licSafety2, nil},
		{"Filing", licFiling, nil},
		{"ProjectCheckZero", licProject, nil},
		{"SerialOfOne", mustNewLicenseID(t, "11100000000013338W011", "11430000006122244L", "1", "1"), nil},
		{"SerialOf32", mustNewLicenseID(t, "11100000000013338W011", "11430000006122244L", strings.Repeat("Z", 32), "9999"), nil},

		{"DocExampleCheck", licDocExample, at(idcode.ProblemCheck, len(licDocExample)-1)},
		{"RegionIssuer", licRegionIssuer, at(idcode.ProblemLength, -1)},
		{"Empty", "", at(idcode.ProblemFormat, -1)},
		{"RootOnly", idcode.LicenseIDRoot, at(idcode.ProblemFormat, -1)},
		{"OtherRoot", replaceAt(licSafety2, 13, "1"), at(idcode.ProblemFormat, 13)},
		{"NoRoot", licSafety2[len(idcode.LicenseIDRoot):], at(idcode.ProblemFormat, 1)}, // "11…" differs from "1.2…" at its second character
		{"FourParts", strings.Replace(licSafety2, ".002.", ".", 1), at(idcode.ProblemFormat, -1)},
		{"SixParts", licSafety2 + ".1", at(idcode.ProblemFormat, -1)},
		{"TrailingDot", licSafety2[:72], at(idcode.ProblemLength, -1)},
		{"TypeCodeShort", strings.Replace(licSafety2, "W011.", "W01.", 1), at(idcode.ProblemLength, -1)},
		{"TypeCodeLetterI", replaceAt(licSafety2, 23, "I"), at(idcode.ProblemCharset, 23)},
		{"TypeCodeDivisionLetter", replaceAt(licSafety2, 18, "A"), at(idcode.ProblemFormat, 18)},
		{"TypeCodeSequenceLetter", replaceAt(licSafety2, 34, "A"), at(idcode.ProblemFormat, 34)},
		{"TypeCodeAuthorityCheck", replaceAt(licSafety2, 32, "X"), at(idcode.ProblemCheck, 32)},
		{"IssuerLong", strings.Replace(licSafety2, "44L.", "44L0.", 1), at(idcode.ProblemLength, -1)},
		{"IssuerLowerCase", replaceAt(licSafety2, 54, "l"), at(idcode.ProblemCharset, 54)},
		{"IssuerCheck", replaceAt(licSafety2, 54, "M"), at(idcode.ProblemCheck, 54)},
		{"SerialEmpty", strings.Replace(licSafety2, ".20230000403.", "..", 1), at(idcode.ProblemLength, -1)},
		{"Serial33", strings.Replace(licSafety2, ".20230000403.", "."+strings.Repeat("0", 33)+".", 1), at(idcode.ProblemLength, -1)},
		{"SerialLowerCase", replaceAt(licSafety2, 60, "a"), at(idcode.ProblemCharset, 60)},
		{"SerialHyphen", replaceAt(licSafety2, 60, "-"), at(idcode.ProblemCharset, 60)},
		{"SerialChinese", replaceAt(licSafety2, 60, "证"), at(idcode.ProblemCharset, 60)},
		{"VersionFive", strings.Replace(licSafety2, ".002.", ".00002.", 1), at(idcode.ProblemLength, -1)},
		{"VersionEmpty", strings.Replace(licSafety2, ".002.", "..", 1), at(idcode.ProblemLength, -1)},
		{"VersionLetter", replaceAt(licSafety2, 70, "A"), at(idcode.ProblemFormat, 70)},
		{"CheckTwo", licSafety2 + "S", at(idcode.ProblemLength, -1)},
		{"CheckLowerCase", replaceAt(licSafety2, 72, "s"), at(idcode.ProblemCharset, 72)},
		{"CheckWrong", replaceAt(licSafety2, 72, "T"), at(idcode.ProblemCheck, 72)},
		{"VersionChanged", replaceAt(licSafety2, 70, "3"), at(idcode.ProblemCheck, 72)},
		{"SerialTransposed", replaceAt(replaceAt(licSafety2, 56, "0"), 57, "2"), at(idcode.ProblemCheck, 72)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireBothModes(t, idcode.ValidateLicenseID, idcode.KindLicenseID, tt.s, tt.want)
		})
	}
}

func TestValidateLicenseID_Parts(t *testing.T) {
	for s, part := range map[string]string{
		licDocExample:                                         "",
		licRegionIssuer:                                       "issuer",
		idcode.LicenseIDRoot:                                  "",
		replaceAt(licSafety2, 23, "I"):                        "type code",
		replaceAt(licSafety2, 32, "X"):                        "type code",
		replaceAt(licSafety2, 54, "M"):                        "issuer",
		replaceAt(licSafety2, 60, "a"):                        "serial",
		replaceAt(licSafety2, 70, "A"):                        "version",
		licSafety2 + "S":                                      "check character",
		replaceAt(licSafety2, 72, "T"):                        "",
		strings.Replace(licSafety2, ".002.", "..", 1):         "version",
		strings.Replace(licSafety2, ".20230000403.", "..", 1): "serial",
	} {
		_, err := idcode.ValidateLicenseID(s, idcode.Strict)
		e, ok := err.(*idcode.Error)
		if !ok || e.Part != part {
			t.Errorf("%s: %v; want a fault of part %q", s, err, part)
		}
	}
}

func TestValidateLicenseID_Messages(t *testing.T) {
	for s, want := range map[string]string{
		licDocExample:                  "电子证照标识: check character is 'M', expected 'D'",
		licRegionIssuer:                "电子证照标识: issuer: length is 6, want 18 (the issuer's 统一社会信用代码)",
		replaceAt(licSafety2, 54, "M"): "电子证照标识: issuer: check character is 'M', expected 'L'",
		replaceAt(licSafety2, 60, "a"): "电子证照标识: serial: character 'a' at position 61 is not allowed; want a digit or an upper-case letter",
		replaceAt(licSafety2, 60, "证"): "电子证照标识: character '证' at position 61 is not allowed; want half-width (ASCII) digits and letters",
		replaceAt(licSafety2, 13, "1"): "电子证照标识: does not begin with 1.2.156.3005.2., the root of every 电子证照标识",
		licSafety2 + ".1":              "电子证照标识: has 6 parts after the root, want 5: type code, issuer, serial, version and check character",
	} {
		_, err := idcode.ValidateLicenseID(s, idcode.Strict)
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v; want %s", s, err, want)
		}
	}
}

// In Warn mode, an identifier whose embedded code and own check character
// are both wrong passes with the first fault from the left as its
// warning.
func TestValidateLicenseID_WarnFirstFault(t *testing.T) {
	s := replaceAt(replaceAt(licSafety2, 54, "M"), 72, "T")
	r, err := idcode.ValidateLicenseID(s, idcode.Warn)
	if err != nil || r.Warning == nil || r.Warning.Part != "issuer" || r.Warning.Pos != 54 {
		t.Fatalf("%+v, %v; want a warning about the issuer", r, err)
	}
	if r.Warning.Got != 'M' || r.Warning.Want != 'L' {
		t.Fatalf("warning %+v", r.Warning)
	}
}

func TestParseLicenseID(t *testing.T) {
	id, err := idcode.ParseLicenseID(licFiling, idcode.Strict)
	if err != nil {
		t.Fatal(err)
	}
	want := idcode.LicenseID{TypeCode: "11100000000013338W087", Issuer: "11370800MB28559184",
		Serial: "37080001202411010001", Version: "001", Check: '3'}
	if id != want {
		t.Fatalf("%+v; want %+v", id, want)
	}
	if id.String() != licFiling {
		t.Fatalf("String() = %s", id)
	}

	t.Run("WarnModeGivesTheParts", func(t *testing.T) {
		id, err := idcode.ParseLicenseID(licDocExample, idcode.Warn)
		if err != nil || id.Serial != "209FA4E88F9E4C878F3E9BED2CE7EA49" || id.Check != 'M' {
			t.Fatalf("%+v, %v", id, err)
		}
	})
	t.Run("StrictRefusesACheckFault", func(t *testing.T) {
		id, err := idcode.ParseLicenseID(licDocExample, idcode.Strict)
		requireFault(t, err, idcode.KindLicenseID, fault{idcode.ProblemCheck, len(licDocExample) - 1})
		if id != (idcode.LicenseID{}) {
			t.Fatalf("parts %+v with an error", id)
		}
	})
	t.Run("BadShape", func(t *testing.T) {
		_, err := idcode.ParseLicenseID(licRegionIssuer, idcode.Warn)
		requireFault(t, err, idcode.KindLicenseID, fault{idcode.ProblemLength, -1})
	})
}

func TestNewLicenseID(t *testing.T) {
	for _, s := range []string{licSafety1, licSafety2, licFiling, licProject} {
		p := strings.Split(s[len(idcode.LicenseIDRoot):], ".")
		got, err := idcode.NewLicenseID(p[0], p[1], p[2], p[3])
		if err != nil || got != s {
			t.Errorf("NewLicenseID(%q) = %s, %v; want %s", p[:4], got, err, s)
		}
		c, err := idcode.LicenseIDCheck(p[0], p[1], p[2], p[3])
		if err != nil || c != s[len(s)-1] {
			t.Errorf("LicenseIDCheck(%q) = %q, %v; want %q", p[:4], c, err, s[len(s)-1])
		}
	}

	// Refusals name the part, at its position in the identifier the parts
	// would build: 1.2.156.3005.2.<21>.<18>.<serial>.<version>.
	tests := []struct {
		name                              string
		typeCode, issuer, serial, version string
		part                              string
		want                              fault
	}{
		{"TypeCodeShort", "11100000000013338W01", "11430000006122244L", "1", "1", "type code", fault{idcode.ProblemLength, -1}},
		{"TypeCodeAuthorityCheck", "11100000000013338X011", "11430000006122244L", "1", "1", "type code", fault{idcode.ProblemCheck, 32}},
		{"IssuerCheck", "11100000000013338W011", "11430000006122244M", "1", "1", "issuer", fault{idcode.ProblemCheck, 54}},
		{"IssuerIsRegion", "11100000000013338W011", "340100", "1", "1", "issuer", fault{idcode.ProblemLength, -1}},
		{"SerialWithDot", "11100000000013338W011", "11430000006122244L", "2023.1", "1", "serial", fault{idcode.ProblemFormat, 60}},
		{"SerialChinese", "11100000000013338W011", "11430000006122244L", "证1", "1", "serial", fault{idcode.ProblemCharset, 56}},
		{"SerialLowerCase", "11100000000013338W011", "11430000006122244L", "abc", "1", "serial", fault{idcode.ProblemCharset, 56}},
		{"SerialEmpty", "11100000000013338W011", "11430000006122244L", "", "1", "serial", fault{idcode.ProblemLength, -1}},
		{"VersionLetter", "11100000000013338W011", "11430000006122244L", "12", "V1", "version", fault{idcode.ProblemFormat, 59}},
		{"VersionEmpty", "11100000000013338W011", "11430000006122244L", "12", "", "version", fault{idcode.ProblemLength, -1}},
		{"VersionFive", "11100000000013338W011", "11430000006122244L", "12", "00001", "version", fault{idcode.ProblemLength, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := idcode.NewLicenseID(tt.typeCode, tt.issuer, tt.serial, tt.version)
			e := requireFault(t, err, idcode.KindLicenseID, tt.want)
			if s != "" || e.Part != tt.part {
				t.Fatalf("%q, part %q; want no identifier, part %q", s, e.Part, tt.part)
			}
			_, err = idcode.LicenseIDCheck(tt.typeCode, tt.issuer, tt.serial, tt.version)
			if e2 := requireFault(t, err, idcode.KindLicenseID, tt.want); *e2 != *e {
				t.Fatalf("LicenseIDCheck: %+v; NewLicenseID: %+v", e2, e)
			}
		})
	}
}

// Published ISO 7064 MOD 37,36 vectors, checked through the one public
// entry point that computes MOD 37,36. The type code and issuer below were
// chosen so that the hybrid state after them is again the initial 36 (the
// step that ends there has s = 18, and 2*18 mod 37 = 36); the serial and
// version that follow then spell a vector, whose published check
// character the identifier must get. Were the prefix not neutral, four
// vectors matching by chance would have a probability of 36^-4.
func TestLicenseIDCheck_ISO7064Vectors(t *testing.T) {
	const typeCode, issuer = "11100000000013338W048", "11430000006122244L"
	tests := []struct {
		vector, serial, version string
		want                    byte
	}{
		{"A12425GABC1234002", "A12425GABC1234", "002", 'M'}, // the GRid example of ISO 7064 users
		{"B159D8FA01240000", "B159D8FA0124", "0000", 'K'},
		{"188166C734200000", "188166C73420", "0000", '3'},
		{"WP8Z0", "WP8Z", "0", '9'},
	}
	for _, tt := range tests {
		if tt.serial+tt.version != tt.vector {
			t.Fatalf("%s is not %s + %s", tt.vector, tt.serial, tt.version)
		}
		got, err := idcode.LicenseIDCheck(typeCode, issuer, tt.serial, tt.version)
		if err != nil || got != tt.want {
			t.Errorf("MOD 37,36 of %s = %q, %v; want %q", tt.vector, got, err, tt.want)
		}
	}
}

func mustNewLicenseID(tb testing.TB, typeCode, issuer, serial, version string) string {
	tb.Helper()
	s, err := idcode.NewLicenseID(typeCode, issuer, serial, version)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
