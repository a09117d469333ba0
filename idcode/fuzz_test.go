package idcode_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops/idcode"
)

// requireModesAgree validates s in both modes and fails t unless what a
// caller relies on holds, whatever s is: every error is an *idcode.Error
// of kind k whose position is in s; Strict-valid implies Warn-valid
// without a warning; Warn-valid with a warning implies that Strict fails
// with that very check fault; any other Warn failure is Strict's too. It
// reports whether s is valid in Strict mode, with its result.
func requireModesAgree(t *testing.T, validate func(string, idcode.Mode) (idcode.Result, error), k idcode.Kind, s string) (idcode.Result, bool) {
	t.Helper()
	strictRes, strictErr := validate(s, idcode.Strict)
	warnRes, warnErr := validate(s, idcode.Warn)
	for _, err := range []error{strictErr, warnErr} {
		if err == nil {
			continue
		}
		e, ok := err.(*idcode.Error)
		if !ok || e.Kind != k || e.Pos < -1 || e.Pos >= len(s) || e.Detail == "" || !strings.HasPrefix(e.Error(), k.Label()+": ") {
			t.Fatalf("%q: error %#v", s, err)
		}
	}
	switch {
	case strictErr == nil:
		if warnErr != nil || warnRes.Warning != nil || strictRes.Warning != nil || warnRes != strictRes {
			t.Fatalf("%q: strict %+v; warn %+v, %v", s, strictRes, warnRes, warnErr)
		}
	case warnErr == nil:
		e := strictErr.(*idcode.Error)
		if warnRes.Warning == nil || *warnRes.Warning != *e || e.Problem != idcode.ProblemCheck || e.Got == e.Want {
			t.Fatalf("%q: strict %#v; warn %+v", s, e, warnRes)
		}
	default:
		if *warnErr.(*idcode.Error) != *strictErr.(*idcode.Error) || warnRes != (idcode.Result{}) {
			t.Fatalf("%q: strict %v; warn %+v, %v", s, strictErr, warnRes, warnErr)
		}
	}
	return strictRes, strictErr == nil
}

func FuzzUSCC(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100M000100Y30", "11370800MB28559184",
		"91350100M000100Y44", "91350100I000100Y43", "913A0100M000100Y43", "91350100m000100Y43",
		"91350100M000100Y4３", "", "9135"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, ok := requireModesAgree(t, idcode.ValidateUSCC, idcode.KindUSCC, s); ok {
			if c, err := idcode.USCCCheck(s[:17]); err != nil || c != s[17] {
				t.Fatalf("%q validates, but USCCCheck gives %q, %v", s, c, err)
			}
		}
	})
}

func FuzzOrgCode(f *testing.F) {
	for _, s := range []string{"M000100Y-4", "M000100Y4", "00000006-X", "0000000B-0",
		"M000100Y-5", "M000100Y_4", "m000100Y-4", "M000-100Y4", "00000006-x", "", "M000100Y--4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, ok := requireModesAgree(t, idcode.ValidateOrgCode, idcode.KindOrgCode, s); ok {
			if len(s) == 10 && s[8] != '-' {
				t.Fatalf("%q validates without its hyphen", s)
			}
			if c, err := idcode.OrgCodeCheck(s[:8]); err != nil || c != s[len(s)-1] {
				t.Fatalf("%q validates, but OrgCodeCheck gives %q, %v", s, c, err)
			}
		}
	})
}

func FuzzResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105200002290013", "110105491231002",
		"110105194912310021", "110105194902290021", "110105190002290021", "01010519491231002X",
		"11010519491231002x", "1101051949123100X2", "110105000229002", "", "11010519491231002"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := requireModesAgree(t, idcode.ValidateResidentID, idcode.KindResidentID, s)
		if !ok {
			return
		}
		var date string
		switch len(s) {
		case 18:
			if c, err := idcode.ResidentIDCheck(s[:17]); err != nil || c != s[17] || r.Legacy {
				t.Fatalf("%q validates (%+v), but ResidentIDCheck gives %q, %v", s, r, c, err)
			}
			date = s[6:14]
		case 15:
			up, err := idcode.UpgradeResidentID(s)
			if err != nil || !r.Legacy {
				t.Fatalf("%q validates (%+v), but UpgradeResidentID: %v", s, r, err)
			}
			if ur, err := idcode.ValidateResidentID(up, idcode.Strict); err != nil || !ur.Birth.Equal(r.Birth) {
				t.Fatalf("%q upgrades to %q: %+v, %v", s, up, ur, err)
			}
			date = "19" + s[6:12]
		default:
			t.Fatalf("%q validates with length %d", s, len(s))
		}
		if got := r.Birth.Format("20060102"); got != date {
			t.Fatalf("%q: birth %s", s, got)
		}
	})
}

func FuzzLicenseID(f *testing.F) {
	for _, s := range []string{licSafety1, licFiling, licProject, licDocExample, licRegionIssuer,
		replaceAt(licSafety2, 54, "M"), replaceAt(licSafety2, 60, "a"), licSafety2 + ".1",
		idcode.LicenseIDRoot, idcode.LicenseIDRoot + "....", "1.2.156", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, ok := requireModesAgree(t, idcode.ValidateLicenseID, idcode.KindLicenseID, s)
		strictID, strictErr := idcode.ParseLicenseID(s, idcode.Strict)
		warnID, warnErr := idcode.ParseLicenseID(s, idcode.Warn)
		_, warnValid := idcode.ValidateLicenseID(s, idcode.Warn)
		if (strictErr == nil) != ok || (warnErr == nil) != (warnValid == nil) {
			t.Fatalf("%q: ParseLicenseID %v, %v disagrees with ValidateLicenseID", s, strictErr, warnErr)
		}
		if warnErr == nil && warnID.String() != s {
			t.Fatalf("%q: parts %+v", s, warnID)
		}
		if !ok {
			return
		}
		id := strictID
		if c, err := idcode.LicenseIDCheck(id.TypeCode, id.Issuer, id.Serial, id.Version); err != nil || c != id.Check {
			t.Fatalf("%q validates, but LicenseIDCheck gives %q, %v", s, c, err)
		}
		if built, err := idcode.NewLicenseID(id.TypeCode, id.Issuer, id.Serial, id.Version); err != nil || built != s {
			t.Fatalf("%q validates, but NewLicenseID gives %q, %v", s, built, err)
		}
	})
}
