package idcode_test

import (
	"testing"
	"time"

	"github.com/govops-kit/govops/idcode"
)

func TestValidateResidentID(t *testing.T) {
	tests := []struct {
		name   string
		s      string
		want   *fault
		legacy bool
		birth  string // YYYY-MM-DD of a valid number
	}{
		// The example of GB 11643-1999. By hand: the digits
		// 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 times the weights
		// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 sum to
		// 7+9+5+20+2+9+24+27+7+18+30+5+4 = 167 = 11*15 + 2, and
		// (12-2) % 11 = 10, written X.
		{"Standard", "11010519491231002X", nil, false, "1949-12-31"},
		{"LeapDay2000", "110105200002290013", nil, false, "2000-02-29"},
		{"DigitCheck", "310115198001011238", nil, false, "1980-01-01"},
		{"EarliestYear", "510107180001010018", nil, false, "1800-01-01"},
		{"LatestYear", "650101219912319997", nil, false, "2199-12-31"},
		{"Legacy", "110105491231002", nil, true, "1949-12-31"},
		{"LegacyLeapDay", "110105960229123", nil, true, "1996-02-29"},

		{"Empty", "", at(idcode.ProblemLength, -1), false, ""},
		{"Seventeen", "11010519491231002", at(idcode.ProblemLength, -1), false, ""},
		{"Sixteen", "1101051949123100", at(idcode.ProblemLength, -1), false, ""},
		{"Nineteen", "11010519491231002X1", at(idcode.ProblemLength, -1), false, ""},
		{"RegionFromZero", "01010519491231002X", at(idcode.ProblemFormat, 0), false, ""},
		{"LowerCaseX", "11010519491231002x", at(idcode.ProblemCharset, 17), false, ""},
		{"LetterCheck", "11010519491231002Y", at(idcode.ProblemCharset, 17), false, ""},
		{"XBeforeTheEnd", "1101051949123100X2", at(idcode.ProblemFormat, 16), false, ""},
		{"Space", "110105 9491231002X", at(idcode.ProblemCharset, 6), false, ""},
		{"FullWidth", "11010519491231002Ｘ", at(idcode.ProblemCharset, 17), false, ""},
		{"NoLeapYear", "110105194902290021", at(idcode.ProblemDate, 12), false, ""},
		{"Century1900NotLeap", "110105190002290021", at(idcode.ProblemDate, 12), false, ""},
		{"Century2100NotLeap", "110105210002290021", at(idcode.ProblemDate, 12), false, ""},
		{"MonthThirteen", "110105194913010021", at(idcode.ProblemDate, 10), false, ""},
		{"MonthZero", "110105194900010021", at(idcode.ProblemDate, 10), false, ""},
		{"DayZero", "110105194912000021", at(idcode.ProblemDate, 12), false, ""},
		{"April31", "110105194904310021", at(idcode.ProblemDate, 12), false, ""},
		{"Year1799", "110105179912310021", at(idcode.ProblemDate, 6), false, ""},
		{"Year2200", "110105220001010021", at(idcode.ProblemDate, 6), false, ""},
		{"WrongCheck", "110105194912310021", at(idcode.ProblemCheck, 17), false, ""},
		{"SequenceChanged", "11010519491231003X", at(idcode.ProblemCheck, 17), false, ""},
		{"LegacyRegionFromZero", "010105491231002", at(idcode.ProblemFormat, 0), false, ""},
		{"LegacyX", "11010549123100X", at(idcode.ProblemFormat, 14), false, ""},
		{"Legacy1900NotLeap", "110105000229002", at(idcode.ProblemDate, 10), false, ""},
		{"LegacyMonth", "110105491331002", at(idcode.ProblemDate, 8), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requireBothModes(t, idcode.ValidateResidentID, idcode.KindResidentID, tt.s, tt.want)
			if tt.want != nil && tt.want.problem != idcode.ProblemCheck {
				return
			}
			var birth string
			if !r.Birth.IsZero() {
				birth = r.Birth.Format(time.DateOnly)
				if r.Birth.Location() != time.UTC || r.Birth.Hour() != 0 {
					t.Fatalf("birth %v; want midnight UTC", r.Birth)
				}
			}
			if tt.want == nil && (r.Legacy != tt.legacy || birth != tt.birth) {
				t.Fatalf("legacy %v, birth %s; want %v, %s", r.Legacy, birth, tt.legacy, tt.birth)
			}
		})
	}
}

// In Warn mode, a number whose only fault is its check character still
// gives its birth date.
func TestValidateResidentID_WarnKeepsBirth(t *testing.T) {
	r, err := idcode.ValidateResidentID("110105194912310021", idcode.Warn)
	if err != nil || r.Warning == nil {
		t.Fatalf("%+v, %v; want a warning", r, err)
	}
	if got := r.Birth.Format(time.DateOnly); got != "1949-12-31" {
		t.Fatalf("birth %s", got)
	}
}

func TestValidateResidentID_Messages(t *testing.T) {
	for s, want := range map[string]string{
		"110105194912310021": "公民身份号码: check character is '1', expected 'X'",
		"1101051949123100":   "公民身份号码: length is 16, want 18, or 15 for a number of the first generation",
		"110105194902290021": "公民身份号码: birth date 19490229 is not a calendar date: 1949-02 has no day 29",
		"110105194913010021": "公民身份号码: birth date 19491301 is not a calendar date: month 13",
		"110105179912310021": "公民身份号码: birth year 1799 is outside 1800 to 2199",
		"110105000229002":    "公民身份号码: birth date 000229 is not a calendar date: 1900-02 has no day 29",
		"11010519491231002x": "公民身份号码: character 'x' at position 18 is not allowed; want a digit or X (the check character)",
		"01010519491231002X": "公民身份号码: character '0' at position 1 is not allowed; want a digit from 1 to 9 (the region code's first digit)",
	} {
		_, err := idcode.ValidateResidentID(s, idcode.Strict)
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v; want %s", s, err, want)
		}
	}
}

func TestResidentIDCheck(t *testing.T) {
	for body, want := range map[string]byte{
		"11010519491231002": 'X',
		"11010520000229001": '3',
		"31011519800101123": '8',
		"51010718000101001": '8',
		"65010121991231999": '7',
	} {
		got, err := idcode.ResidentIDCheck(body)
		if err != nil || got != want {
			t.Errorf("ResidentIDCheck(%q) = %q, %v; want %q", body, got, err, want)
		}
	}
	for body, want := range map[string]fault{
		"11010519491231002X": {idcode.ProblemLength, -1},
		"110105491231002":    {idcode.ProblemLength, -1},
		"1101051949123100X":  {idcode.ProblemFormat, 16},
		"01010519491231002":  {idcode.ProblemFormat, 0},
		"11010519490229002":  {idcode.ProblemDate, 12},
	} {
		_, err := idcode.ResidentIDCheck(body)
		requireFault(t, err, idcode.KindResidentID, want)
	}
}

func TestUpgradeResidentID(t *testing.T) {
	for s15, want := range map[string]string{
		// The standard's example, in its first-generation form.
		"110105491231002": "11010519491231002X",
		"110105960229123": "110105199602291233",
		"310115800101123": "310115198001011238",
	} {
		got, err := idcode.UpgradeResidentID(s15)
		if err != nil || got != want {
			t.Errorf("UpgradeResidentID(%q) = %q, %v; want %q", s15, got, err, want)
			continue
		}
		if _, err := idcode.ValidateResidentID(got, idcode.Strict); err != nil {
			t.Errorf("the upgrade of %s: %v", s15, err)
		}
	}
	for s, want := range map[string]fault{
		"11010519491231002X": {idcode.ProblemLength, -1},
		"":                   {idcode.ProblemLength, -1},
		"11010549123100X":    {idcode.ProblemFormat, 14},
		"110105000229002":    {idcode.ProblemDate, 10},
	} {
		got, err := idcode.UpgradeResidentID(s)
		requireFault(t, err, idcode.KindResidentID, want)
		if got != "" {
			t.Errorf("UpgradeResidentID(%q) = %q with an error", s, got)
		}
	}
}
