package idcode_test

import (
	"testing"

	"github.com/govops-kit/govops/idcode"
)

func TestValidateUSCC(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want *fault
	}{
		// The widely published example. By hand: values 9 1 3 5 0 1 0 0
		// M=21 0 0 0 1 0 0 Y=30 4 times the weights 1 3 9 27 19 26 16 17
		// 20 29 25 13 8 24 10 30 28 sum to 9+3+27+135+26+420+8+900+112 =
		// 1640 = 31*52 + 28, and (31-28) % 31 = 3.
		{"Published", "91350100M000100Y43", nil},
		// Codes of authorities found in published 电子证照标识.
		{"Authority", "11100000000013338W", nil},
		{"AuthorityDigitCheck", "113700000045046442", nil},
		{"AuthorityLetterBody", "11370800MB28559184", nil},
		{"CheckValueZero", "91350100M000100Y30", nil}, // see TestUSCCCheck_SumMultipleOf31

		{"Empty", "", at(idcode.ProblemLength, -1)},
		{"Short", "91350100M000100Y4", at(idcode.ProblemLength, -1)},
		{"Long", "91350100M000100Y433", at(idcode.ProblemLength, -1)},
		{"LetterI", "91350100I000100Y43", at(idcode.ProblemCharset, 8)},
		{"LetterO", "91350100O000100Y43", at(idcode.ProblemCharset, 8)},
		{"LetterS", "S1350100M000100Y43", at(idcode.ProblemCharset, 0)},
		{"LowerCase", "91350100m000100Y43", at(idcode.ProblemCharset, 8)},
		{"Space", "9135010 M000100Y43", at(idcode.ProblemCharset, 7)},
		{"LetterInDivision", "913A0100M000100Y43", at(idcode.ProblemFormat, 3)},
		{"FullWidthDigit", "91350100M000100Y4３", at(idcode.ProblemCharset, 17)},
		{"CheckNotInSet", "91350100M000100Y4Z", at(idcode.ProblemCharset, 17)},
		{"WrongCheck", "91350100M000100Y44", at(idcode.ProblemCheck, 17)},
		{"WrongCheckZero", "91350100M000100Y40", at(idcode.ProblemCheck, 17)},
		{"TwoTransposed", "19350100M000100Y43", at(idcode.ProblemCheck, 17)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requireBothModes(t, idcode.ValidateUSCC, idcode.KindUSCC, tt.s, tt.want)
			if r.Legacy || !r.Birth.IsZero() {
				t.Fatalf("result %+v carries resident ID fields", r)
			}
		})
	}
}

func TestValidateUSCC_Messages(t *testing.T) {
	for s, want := range map[string]string{
		"91350100M000100Y44": "统一社会信用代码: check character is '4', expected '3'",
		"91350100M000100Y4":  "统一社会信用代码: length is 17, want 18",
		"91350100I000100Y43": "统一社会信用代码: character 'I' at position 9 is not allowed; want a digit or an upper-case letter other than I, O, S, V and Z",
		"913A0100M000100Y43": "统一社会信用代码: character 'A' at position 4 is not allowed; want a digit (positions 3 to 8 are the administrative division code)",
		"91350100M000100Y4３": "统一社会信用代码: character '３' at position 18 is not allowed; want half-width (ASCII) digits and letters",
		"９1350100M000100Y43": "统一社会信用代码: character '９' at position 1 is not allowed; want half-width (ASCII) digits and letters",
	} {
		_, err := idcode.ValidateUSCC(s, idcode.Strict)
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v; want %s", s, err, want)
		}
	}
}

func TestValidateUSCC_CheckFaultCarriesCharacters(t *testing.T) {
	_, err := idcode.ValidateUSCC("91350100M000100Y4X", idcode.Strict)
	e := requireFault(t, err, idcode.KindUSCC, fault{idcode.ProblemCheck, 17})
	if e.Got != 'X' || e.Want != '3' {
		t.Fatalf("got %q, want %q; want 'X' and '3'", e.Got, e.Want)
	}
}

func TestUSCCCheck(t *testing.T) {
	for body, want := range map[string]byte{
		"91350100M000100Y4": '3',
		"11100000000013338": 'W',
		"11100000000013661": 'B',
		"11430000006122244": 'L',
		"11330105002500287": 'C',
		"11370800MB2855918": '4',
		"11370000004504644": '2',
	} {
		got, err := idcode.USCCCheck(body)
		if err != nil || got != want {
			t.Errorf("USCCCheck(%q) = %q, %v; want %q", body, got, err, want)
		}
	}
}

// A sum that is a multiple of 31 gives the check value 0. An
// implementation that computes 31 - sum%31 without the outer % 31 indexes
// past the end of the 31-character set there (a NUL character, or a
// panic). 91350100M000100Y3 is the published example with its 17th
// character changed from 4 to 3: the first 16 characters sum to 1528, and
// 1528 + 28*3 = 1612 = 31*52.
func TestUSCCCheck_SumMultipleOf31(t *testing.T) {
	got, err := idcode.USCCCheck("91350100M000100Y3")
	if err != nil || got != '0' {
		t.Fatalf("USCCCheck = %q, %v; want '0'", got, err)
	}
	if _, err := idcode.ValidateUSCC("91350100M000100Y30", idcode.Strict); err != nil {
		t.Fatalf("the code with check character '0': %v", err)
	}
}

func TestUSCCCheck_Refused(t *testing.T) {
	for body, want := range map[string]fault{
		"91350100M000100Y43": {idcode.ProblemLength, -1},
		"9135010":            {idcode.ProblemLength, -1},
		"91350100M000100YI":  {idcode.ProblemCharset, 16},
		"91B50100M000100Y4":  {idcode.ProblemFormat, 2},
	} {
		_, err := idcode.USCCCheck(body)
		requireFault(t, err, idcode.KindUSCC, want)
	}
}
