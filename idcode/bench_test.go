package idcode_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/idcode"
)

// naive holds the straightforward validators that the benchmarks measure
// idcode against, in the same run, and that the property tests check
// idcode's answers against: a regular expression for the shape,
// strings.Index into the character set, strconv and time.Parse for the
// date, fmt to put strings together. They answer Strict mode's valid or
// not; the naive resident ID knows no first-generation numbers.
type naive struct {
	uscc, resident, license *regexp.Regexp
}

const (
	naiveUSCCChars  = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	naiveAlnumChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

func newNaive() *naive {
	const uscc = `[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}`
	return &naive{
		uscc:     regexp.MustCompile(`^` + uscc + `$`),
		resident: regexp.MustCompile(`^[1-9][0-9]{16}[0-9X]$`),
		license:  regexp.MustCompile(`^1\.2\.156\.3005\.2\.(` + uscc + `)([0-9]{3})\.(` + uscc + `)\.([0-9A-Z]{1,32})\.([0-9]{1,4})\.([0-9A-Z])$`),
	}
}

func (n *naive) validUSCC(s string) bool {
	if !n.uscc.MatchString(s) {
		return false
	}
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, w := range weights {
		sum += w * strings.Index(naiveUSCCChars, s[i:i+1])
	}
	return s[17] == naiveUSCCChars[(31-sum%31)%31]
}

func (n *naive) validResidentID(s string) bool {
	if !n.resident.MatchString(s) {
		return false
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1800 || birth.Year() > 2199 {
		return false
	}
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		d, err := strconv.Atoi(s[i : i+1])
		if err != nil {
			return false
		}
		sum += w * d
	}
	return s[17] == "0123456789X"[(12-sum%11)%11]
}

func (n *naive) validLicenseID(s string) bool {
	m := n.license.FindStringSubmatch(s)
	if m == nil || !n.validUSCC(m[1]) || !n.validUSCC(m[3]) {
		return false
	}
	body := fmt.Sprintf("%s%s%s%s%s", m[1], m[2], m[3], m[4], m[5])
	p := 36
	for _, c := range body {
		sum := (p + strings.IndexRune(naiveAlnumChars, c)) % 36
		if sum == 0 {
			sum = 36
		}
		p = sum * 2 % 37
	}
	return m[6][0] == naiveAlnumChars[(37-p)%36]
}

// benchmarkValid runs valid on each of inputs in turn, b.N times in all,
// and reports checks per second.
func benchmarkValid(b *testing.B, inputs []string, valid func(string) bool) {
	b.ReportAllocs()
	b.ResetTimer()
	for i, j := 0, 0; i < b.N; i, j = i+1, j+1 {
		if j == len(inputs) {
			j = 0 // not i % len(inputs): a division per call would weigh most on the fastest validator
		}
		if !valid(inputs[j]) {
			b.Fatalf("%s is not valid", inputs[j])
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
}

func BenchmarkUSCC(b *testing.B) {
	inputs := []string{"91350100M000100Y43", "11100000000013338W", "11370800MB28559184", "11330105002500287C"}
	b.Run("idcode", func(b *testing.B) {
		benchmarkValid(b, inputs, func(s string) bool {
			_, err := idcode.ValidateUSCC(s, idcode.Strict)
			return err == nil
		})
	})
	n := newNaive()
	b.Run("naive", func(b *testing.B) { benchmarkValid(b, inputs, n.validUSCC) })
}

func BenchmarkResidentID(b *testing.B) {
	inputs := []string{"11010519491231002X", "110105200002290013", "310115198001011238", "650101219912319997"}
	b.Run("idcode", func(b *testing.B) {
		benchmarkValid(b, inputs, func(s string) bool {
			_, err := idcode.ValidateResidentID(s, idcode.Strict)
			return err == nil
		})
	})
	n := newNaive()
	b.Run("naive", func(b *testing.B) { benchmarkValid(b, inputs, n.validResidentID) })
}

func BenchmarkLicenseID(b *testing.B) {
	inputs := []string{licSafety1, licSafety2, licFiling, licProject}
	b.Run("idcode", func(b *testing.B) {
		benchmarkValid(b, inputs, func(s string) bool {
			_, err := idcode.ValidateLicenseID(s, idcode.Strict)
			return err == nil
		})
	})
	n := newNaive()
	b.Run("naive", func(b *testing.B) { benchmarkValid(b, inputs, n.validLicenseID) })
}

// The validators do not allocate on the valid path, in either mode, as
// the package documentation says.
func TestValidators_DoNotAllocate(t *testing.T) {
	valid := map[idcode.Kind]string{
		idcode.KindUSCC:       "91350100M000100Y43",
		idcode.KindOrgCode:    "M000100Y-4",
		idcode.KindResidentID: "11010519491231002X",
		idcode.KindLicenseID:  licFiling,
	}
	for k, s := range valid {
		for _, m := range []idcode.Mode{idcode.Strict, idcode.Warn} {
			allocs := testing.AllocsPerRun(100, func() {
				if _, err := idcode.Validate(k, s, m); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%s in %s mode: %v allocations", k, m, allocs)
			}
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := idcode.ParseLicenseID(licFiling, idcode.Strict); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("ParseLicenseID: %v allocations", allocs)
	}
}
