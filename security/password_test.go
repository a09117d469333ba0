package security_test

import (
	"strings"
	"testing"

	"github.com/govops-kit/govops/security"
)

func TestCheckPassword_CatchesTheAuditSamples(t *testing.T) {
	for _, pw := range []string{"admin", "123456", "Huawei@123", "Admin@123", "P@ssw0rd", "qwe123!@#", ""} {
		c := security.CheckPassword(pw, security.PasswordPolicy{})
		if c.OK {
			t.Errorf("%q passed the policy: %+v", pw, c)
		}
		if pw != "" && !c.Blocklisted {
			t.Errorf("%q is not on the blocklist", pw)
		}
		for _, r := range c.Reasons {
			if pw != "" && strings.Contains(r.Message, pw) {
				t.Errorf("reason %q repeats the password", r.Message)
			}
		}
	}
	if c := security.CheckPassword("", security.PasswordPolicy{}); len(c.Reasons) != 1 || c.Reasons[0].Code != security.ReasonEmpty {
		t.Errorf("empty password: %+v", c)
	}
}

func TestCheckPassword_StrongPasses(t *testing.T) {
	c := security.CheckPassword("Tq7#vLm9!xR2wKp", security.PasswordPolicy{})
	if !c.OK || c.Score < 3 || c.Classes != 4 || c.Length != 15 {
		t.Fatalf("a long random password failed: %+v", c)
	}
}

func TestCheckPassword_Reasons(t *testing.T) {
	cases := []struct {
		pw   string
		want []string
	}{
		{"abc", []string{security.ReasonTooShort, security.ReasonFewClasses, security.ReasonWeakScore}},
		{"abcdefghij", []string{security.ReasonFewClasses, security.ReasonWeakScore}},
		{"Password1", []string{security.ReasonBlocklisted, security.ReasonWeakScore}},
		{strings.Repeat("a", security.MaxPasswordLen+1), []string{security.ReasonTooLong}},
	}
	for _, c := range cases {
		got := security.CheckPassword(c.pw, security.PasswordPolicy{})
		var codes []string
		for _, r := range got.Reasons {
			codes = append(codes, r.Code)
		}
		if strings.Join(codes, ",") != strings.Join(c.want, ",") {
			t.Errorf("%.20q: reasons %v, want %v", c.pw, codes, c.want)
		}
	}
}

func TestCheckPassword_PolicyAndUserInputs(t *testing.T) {
	pol := security.PasswordPolicy{MinLength: 20}
	if c := security.CheckPassword("Tq7#vLm9!xR2wKp", pol); c.OK {
		t.Errorf("15 characters passed a 20-character policy")
	}
	// A password built from the device's own name scores lower when the
	// name is given.
	plain := security.CheckPassword("Zhongxing#Router88", security.PasswordPolicy{})
	known := security.CheckPassword("Zhongxing#Router88", security.PasswordPolicy{}, "zhongxing", "router")
	if known.GuessesLog10 >= plain.GuessesLog10 {
		t.Errorf("user inputs did not lower the guesses: %v vs %v", known.GuessesLog10, plain.GuessesLog10)
	}
}

func TestBlocklist_Extend(t *testing.T) {
	if security.DefaultBlocklist().Contains("Liubei@2022") {
		t.Fatal("the default list already holds the district's own word")
	}
	b := security.DefaultBlocklist().With("liubei@2022")
	if !b.Contains("Liubei@2022") || !b.Contains("LIUBEI@2O22") || !b.Contains("admin") {
		t.Errorf("extended list: %d entries, misses its own or the default's", b.Len())
	}
	if security.DefaultBlocklist().Contains("liubei@2022") {
		t.Error("With changed the default list")
	}
	r, err := security.ReadBlocklist(strings.NewReader("# comment\n\n  Vendor#1  \n"))
	if err != nil || r.Len() == 0 || !r.Contains("vendor#1") || r.Contains("comment") {
		t.Fatalf("ReadBlocklist: %v, %d", err, r.Len())
	}
	if c := security.CheckPassword("Vendor#1xyzQ", security.PasswordPolicy{Blocklist: r.With("Vendor#1xyzQ")}); !c.Blocklisted {
		t.Error("a policy's own blocklist was not used")
	}
}

func TestCredentialNames(t *testing.T) {
	for _, n := range []string{"password", "Password", "admin_password", "passwd", "PWD", "snmpSecret", "口令", "默认密码"} {
		if !security.IsCredentialName(n) {
			t.Errorf("%q not taken for a credential name", n)
		}
	}
	for _, n := range []string{"asset", "kind", "remediation", "passed", "detail", "verified_by"} {
		if security.IsCredentialName(n) {
			t.Errorf("%q taken for a credential name", n)
		}
	}
	body := []byte(`{"asset":"sw-01","findings":[{"seq":1},{"detail":"x","nested":{"Admin_Pwd":"hunter2"}}]}`)
	if got := security.CredentialFieldJSON(body); got != "findings[1].nested.Admin_Pwd" {
		t.Errorf("CredentialFieldJSON = %q", got)
	}
	if got := security.CredentialFieldJSON([]byte(`{"asset":"sw-01"}`)); got != "" {
		t.Errorf("clean body: %q", got)
	}
	if got := security.CredentialFieldJSON([]byte(`{"口令":"x"}`)); got != "口令" {
		t.Errorf("Chinese key: %q", got)
	}
}

func TestCredentialText(t *testing.T) {
	for _, s := range []string{"口令：Admin@123", "password=admin", "密码为123456", "默认 secret: abc", "PWD: x", "登录密码是 huawei"} {
		if !security.HasCredentialText(s) {
			t.Errorf("%q not refused", s)
		}
	}
	for _, s := range []string{"弱口令，已修改为强口令", "口令为弱口令", "设备使用默认密码，已更换", "password policy enforced", "空口令"} {
		if security.HasCredentialText(s) {
			t.Errorf("%q refused", s)
		}
	}
}
