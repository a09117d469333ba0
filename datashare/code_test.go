package datashare_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
)

func TestParseCode(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, tc := range []struct {
			code string
			want datashare.Code
		}{
			{"101001/000001", datashare.Code{Class: datashare.ClassBasic, Item: "01", Heading: "001", Seq: "000001"}},
			{"201002/1", datashare.Code{Class: datashare.ClassTheme, Item: "01", Heading: "002", Seq: "1"}},
			{"30100111450200MB1234567J/000012", datashare.Code{Class: datashare.ClassDepartment, Item: "01", Heading: "001",
				Sub: "11450200MB1234567J", Seq: "000012"}},
			{"399999ABCDEFGHIJ0123456789/9999999999", datashare.Code{Class: datashare.ClassDepartment, Item: "99", Heading: "999",
				Sub: "ABCDEFGHIJ0123456789", Seq: "9999999999"}},
		} {
			got, err := datashare.ParseCode(tc.code)
			if err != nil || got != tc.want {
				t.Fatalf("ParseCode(%q) = %+v, %v; want %+v", tc.code, got, err, tc.want)
			}
			if s := got.String(); s != tc.code {
				t.Fatalf("String() = %q, want %q", s, tc.code)
			}
		}
	})
	for _, tc := range []struct {
		name, code, want string
	}{
		{"ErrEmpty", "", "is required: a code is the class"},
		{"ErrNoSlash", "101001000001", "has no / before its sequence number"},
		{"ErrNothingBeforeSlash", "/000001", "has nothing before the /"},
		{"ErrClassZero", "001001/000001", `begins with "0": the class must be 1 (基础), 2 (主题) or 3 (部门)`},
		{"ErrClassFour", "401001/000001", `begins with "4"`},
		{"ErrClassLetter", "A01001/000001", `begins with "A"`},
		{"ErrClassChinese", "基01001/000001", `begins with "基"`},
		{"ErrShortHead", "10100/000001", "has 5 characters before the /: the class, item and heading take 6"},
		{"ErrItem", "1A1001/000001", `the item (项, characters 2 to 3) must be 2 digits, not "A1"`},
		{"ErrHeading", "10100X/000001", `the heading (目, characters 4 to 6) must be 3 digits, not "00X"`},
		{"ErrSubLowerCase", "101001abc/000001", `may hold digits and upper-case letters A to Z only, not "a" (character 7)`},
		{"ErrSubSpace", "101001 /000001", `not " " (character 7)`},
		{"ErrSubTooLong", "101001ABCDEFGHIJ01234567890/1", "is 21 characters, at most 20"},
		{"ErrNoSeq", "101001/", "has no sequence number after the /"},
		{"ErrTwoSlashes", "101001/0001/2", "holds more than one /"},
		{"ErrSeqLetters", "101001/00000A", `must be 1 to 10 digits, usually 6 (000001), not "00000A"`},
		{"ErrSeqTooLong", "101001/00000000001", "must be 1 to 10 digits"},
		{"ErrSpaceAround", " 101001/000001", `begins with " "`},
		{"ErrTooLong", "101001" + strings.Repeat("A", 40) + "/1", "more than the 37 a code may have"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := datashare.ParseCode(tc.code)
			mustErrFields(t, err, map[string]string{"code": tc.want})
		})
	}
}

// FuzzParseCode checks that a code that parses writes back as given, and
// that one that does not is EINVALID naming "code".
func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"101001/000001", "30100111450200MB1234567J/000012", "", "/", "1/1", "101001/", "3999999/1", "１01001/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := datashare.ParseCode(s)
		if err != nil {
			if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["code"] == "" {
				t.Fatalf("ParseCode(%q): %v, not EINVALID naming code", s, err)
			}
			return
		}
		if c.String() != s || !c.Class.Valid() || len(c.Item) != 2 || len(c.Heading) != 3 || len(c.Sub) > datashare.MaxSubLen {
			t.Fatalf("ParseCode(%q) = %+v, which writes %q", s, c, c.String())
		}
	})
}
