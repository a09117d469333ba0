package security_test

import (
	"strings"
	"testing"

	"github.com/trustelem/zxcvbn"

	"github.com/govops-kit/govops/security"
)

// BenchmarkCheckPassword measures the checker on a typical password and
// on the longest input it scores, beside zxcvbn alone on the same inputs
// and on twice the cap: what an uncapped checker would spend.
func BenchmarkCheckPassword(b *testing.B) {
	typical := "Huawei@123"
	longest := strings.Repeat("Aq7#kL2!", security.MaxPasswordLen/8)
	uncapped := strings.Repeat(longest, 2)
	b.Run("Checker/typical", func(b *testing.B) {
		for b.Loop() {
			security.CheckPassword(typical, security.PasswordPolicy{})
		}
	})
	b.Run("Checker/128B", func(b *testing.B) {
		for b.Loop() {
			security.CheckPassword(longest, security.PasswordPolicy{})
		}
	})
	b.Run("Checker/256B-refused", func(b *testing.B) {
		for b.Loop() {
			security.CheckPassword(uncapped, security.PasswordPolicy{})
		}
	})
	b.Run("zxcvbn/typical", func(b *testing.B) {
		for b.Loop() {
			zxcvbn.PasswordStrength(typical, nil)
		}
	})
	b.Run("zxcvbn/256B", func(b *testing.B) {
		for b.Loop() {
			zxcvbn.PasswordStrength(uncapped, nil)
		}
	})
}
