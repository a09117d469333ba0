package idcode_test

import (
	"testing"

	"github.com/govops-kit/govops/idcode"
)

func TestValidateOrgCode(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want *fault
	}{
		// Positions 9 to 17 of the published 统一社会信用代码
		// 91350100M000100Y43. By hand: M=22, 1, Y=34 at weights 3, 5 and 2
		// give 66 + 5 + 68 = 139 = 11*12 + 7, and 11 - 7 = 4.
		{"Published", "M000100Y-4", nil},
		{"WithoutHyphen", "M000100Y4", nil},
		{"Authority", "00001333-8", nil},
		{"LettersInBody", "MB285591-8", nil},
		// By hand: 3*1 + 7*2 + 9*3 + 10*4 + 5*5 + 8*6 + 4*7 + 2*8 = 201 =
		// 11*18 + 3, and 11 - 3 = 8.
		{"Digits", "12345678-8", nil},
		// 0000000B: 2*11 = 22 = 11*2, and 11 - 0 = 11 is written 0.
		{"CheckElevenIsZero", "0000000B-0", nil},
		// 00000006: 2*6 = 12 = 11 + 1, and 11 - 1 = 10 is written X.
		{"CheckTenIsX", "00000006-X", nil},
		{"CheckX", "D2143569-X", nil},

		{"Empty", "", at(idcode.ProblemLength, -1)},
		{"Body", "M000100Y", at(idcode.ProblemLength, -1)},
		{"Long", "M000100Y--4", at(idcode.ProblemLength, -1)},
		{"LowerCase", "m000100Y-4", at(idcode.ProblemCharset, 0)},
		{"HyphenInBody", "M000-100Y4", at(idcode.ProblemFormat, 4)},
		{"OtherSeparator", "M000100Y_4", at(idcode.ProblemCharset, 8)},
		{"LetterForHyphen", "M000100YX4", at(idcode.ProblemFormat, 8)},
		{"LetterCheck", "M000100Y-A", at(idcode.ProblemFormat, 9)},
		{"LowerCaseX", "00000006-x", at(idcode.ProblemCharset, 9)},
		{"WrongCheck", "M000100Y-5", at(idcode.ProblemCheck, 9)},
		{"WrongCheckWithoutHyphen", "M000100Y5", at(idcode.ProblemCheck, 8)},
		{"XForZero", "0000000B-X", at(idcode.ProblemCheck, 9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireBothModes(t, idcode.ValidateOrgCode, idcode.KindOrgCode, tt.s, tt.want)
		})
	}
}

func TestValidateOrgCode_Messages(t *testing.T) {
	for s, want := range map[string]string{
		"M000100Y-5": "组织机构代码: check character is '5', expected '4'",
		"M000100Y":   "组织机构代码: length is 8, want 9, or 10 with the hyphen (XXXXXXXX-X)",
		"M000100Y_4": "组织机构代码: character '_' at position 9 is not allowed; want '-' before the check character",
		"m000100Y-4": "组织机构代码: character 'm' at position 1 is not allowed; want a digit or an upper-case letter",
	} {
		_, err := idcode.ValidateOrgCode(s, idcode.Strict)
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v; want %s", s, err, want)
		}
	}
}

func TestOrgCodeCheck(t *testing.T) {
	for body, want := range map[string]byte{
		"M000100Y": '4',
		"00001333": '8',
		"00001366": '1',
		"00612224": '4',
		"00450464": '4',
		"MB285591": '8',
		"00250028": '7',
		"12345678": '8',
		"0000000B": '0',
		"00000006": 'X',
	} {
		got, err := idcode.OrgCodeCheck(body)
		if err != nil || got != want {
			t.Errorf("OrgCodeCheck(%q) = %q, %v; want %q", body, got, err, want)
		}
	}
	for body, want := range map[string]fault{
		"M000100Y-": {idcode.ProblemLength, -1},
		"M000100":   {idcode.ProblemLength, -1},
		"M000100y":  {idcode.ProblemCharset, 7},
		"M00-100Y":  {idcode.ProblemFormat, 3},
	} {
		_, err := idcode.OrgCodeCheck(body)
		requireFault(t, err, idcode.KindOrgCode, want)
	}
}

// The organization code inside a valid 统一社会信用代码 is not held to its
// own check character: codes of individually owned businesses are
// assigned there without one.
func TestValidateUSCC_EmbeddedOrgCodeNotChecked(t *testing.T) {
	const body = "92350100000000001" // positions 9 to 17: 00000000-1, whose check would be 0
	check, err := idcode.USCCCheck(body)
	if err != nil {
		t.Fatal(err)
	}
	s := body + string(check)
	if _, err := idcode.ValidateOrgCode(s[8:17], idcode.Strict); err == nil {
		t.Fatalf("%s: the embedded organization code %s validates; the test needs one that does not", s, s[8:17])
	}
	if _, err := idcode.ValidateUSCC(s, idcode.Strict); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
}
