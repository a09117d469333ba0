package idcode_test

import (
	"errors"
	"testing"

	"github.com/govops-kit/govops/idcode"
)

func TestKind(t *testing.T) {
	labels := map[idcode.Kind]string{
		idcode.KindUSCC:       "统一社会信用代码",
		idcode.KindOrgCode:    "组织机构代码",
		idcode.KindResidentID: "公民身份号码",
		idcode.KindLicenseID:  "电子证照标识",
	}
	if len(idcode.Kinds()) != len(labels) {
		t.Fatalf("Kinds() = %v", idcode.Kinds())
	}
	for _, k := range idcode.Kinds() {
		if k.Label() != labels[k] {
			t.Errorf("%s.Label() = %s; want %s", k, k.Label(), labels[k])
		}
		for _, s := range []string{string(k), k.Label(), " " + k.Label() + " "} {
			if got, err := idcode.ParseKind(s); err != nil || got != k {
				t.Errorf("ParseKind(%q) = %q, %v; want %q", s, got, err, k)
			}
		}
	}
	for s, want := range map[string]idcode.Kind{"USCC": idcode.KindUSCC, "Resident_ID": idcode.KindResidentID, "身份证号码": idcode.KindResidentID, "身份证号": idcode.KindResidentID} {
		if got, err := idcode.ParseKind(s); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	for _, s := range []string{"", "passport", "统一代码"} {
		k, err := idcode.ParseKind(s)
		requireFault(t, err, "", fault{idcode.ProblemKind, -1})
		if k != "" {
			t.Errorf("ParseKind(%q) = %q with an error", s, k)
		}
	}
}

// Validate gives each kind to its own validator: each kind's valid
// example passes there and fails as every other kind.
func TestValidate(t *testing.T) {
	valid := map[idcode.Kind]string{
		idcode.KindUSCC:       "91350100M000100Y43",
		idcode.KindOrgCode:    "M000100Y-4",
		idcode.KindResidentID: "11010519491231002X",
		idcode.KindLicenseID:  licSafety2,
	}
	for k, s := range valid {
		for _, other := range idcode.Kinds() {
			_, err := idcode.Validate(other, s, idcode.Strict)
			if (err == nil) != (other == k) {
				t.Errorf("Validate(%s, %q): %v", other, s, err)
			}
			var e *idcode.Error
			if err != nil && (!errors.As(err, &e) || e.Kind != other) {
				t.Errorf("Validate(%s, %q): %v is not an error of that kind", other, s, err)
			}
		}
	}
	r, err := idcode.Validate(idcode.KindResidentID, "110105491231002", idcode.Strict)
	if err != nil || !r.Legacy {
		t.Errorf("a first-generation number: %+v, %v", r, err)
	}
	_, err = idcode.Validate("passport", "E12345678", idcode.Strict)
	requireFault(t, err, "", fault{idcode.ProblemKind, -1})
}

func TestMode(t *testing.T) {
	var zero idcode.Mode
	if zero != idcode.Strict || zero.String() != "strict" || idcode.Warn.String() != "warn" {
		t.Fatalf("modes %v, %v", zero, idcode.Warn)
	}
	// Any mode but Warn is Strict.
	if _, err := idcode.ValidateUSCC("91350100M000100Y44", idcode.Mode(7)); err == nil {
		t.Fatal("mode 7 accepted a wrong check character")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"91350100M000100Y43":    "91350100M000100Y43",
		" 91350100m000100y43\t": "91350100M000100Y43",
		"　９１３５０１００Ｍ０００１００Ｙ４３　": "91350100M000100Y43",
		"ｍ０００１００ｙ－４":           "M000100Y-4",
		"11010519491231002x":   "11010519491231002X",
		"1.2.156.3005.2.abc":   "1.2.156.3005.2.ABC",
		"１．２．１５６":              "1.2.156",
		"9135 0100":            "9135 0100", // inner spaces stay: the code is still wrong
		"":                     "",
	} {
		if got := idcode.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q; want %q", in, got, want)
		}
	}
	// Input is taken exactly: what people type fails until normalized.
	for s, k := range map[string]idcode.Kind{
		" 91350100m000100y43 ": idcode.KindUSCC,
		"ｍ０００１００ｙ－４":           idcode.KindOrgCode,
		"11010519491231002x":   idcode.KindResidentID,
	} {
		if _, err := idcode.Validate(k, s, idcode.Strict); err == nil {
			t.Errorf("%q validates without Normalize", s)
		}
		if _, err := idcode.Validate(k, idcode.Normalize(s), idcode.Strict); err != nil {
			t.Errorf("%q: %v", idcode.Normalize(s), err)
		}
	}
}

func TestError(t *testing.T) {
	e := &idcode.Error{Kind: idcode.KindLicenseID, Problem: idcode.ProblemLength, Part: "serial", Pos: -1, Detail: "length is 0, want 1 to 32"}
	if got := e.Error(); got != "电子证照标识: serial: length is 0, want 1 to 32" {
		t.Fatalf("Error() = %s", got)
	}
	e = &idcode.Error{Problem: idcode.ProblemKind, Pos: -1, Detail: "kind \"x\" is not known"}
	if got := e.Error(); got != "kind \"x\" is not known" {
		t.Fatalf("Error() = %s", got)
	}
}
