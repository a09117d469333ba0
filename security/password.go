package security

import (
	"bufio"
	_ "embed"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/govops-kit/govops"
	"github.com/trustelem/zxcvbn"
)

// MaxPasswordLen is the longest input CheckPassword scores, in bytes:
// zxcvbn's matching grows quickly with length, so a longer input is
// refused (reason too_long) without being scored.
const MaxPasswordLen = 128

// Password policy defaults: at least 8 characters of 3 of the 4 classes,
// and a zxcvbn score of at least 3 (of 0–4). GB/T 22239-2019 asks that
// authentication information be complex and changed regularly; these are
// the thresholds its assessors usually apply.
const (
	DefaultMinLength  = 8
	DefaultMinClasses = 3
	DefaultMinScore   = 3
)

//go:embed blocklist.txt
var blocklistFile string

var defaultBlocklist = mustBlocklist(blocklistFile)

func mustBlocklist(s string) *Blocklist {
	b, err := ReadBlocklist(strings.NewReader(s))
	if err != nil {
		panic(err)
	}
	return b
}

// Blocklist is a set of passwords refused whatever their score: common
// ones and the default passwords of devices. Entries match
// case-insensitively and after undoing the usual character swaps (@ → a,
// 0 → o, 1 → i, 3 → e, $ → s, ! → i). The zero Blocklist is empty; a
// Blocklist is not changed after it is made, and is safe for concurrent use.
type Blocklist struct {
	words map[string]struct{}
}

// DefaultBlocklist returns the list that ships with the package
// (blocklist.txt).
func DefaultBlocklist() *Blocklist { return defaultBlocklist }

// ReadBlocklist reads a list of one password a line; blank lines and lines
// starting with # are skipped. Surrounding spaces are trimmed.
func ReadBlocklist(r io.Reader) (*Blocklist, error) {
	b := &Blocklist{words: map[string]struct{}{}}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, govops.Errorf(govops.EINVALID, "blocklist line %d is not UTF-8", n)
		}
		b.add(line)
	}
	if err := sc.Err(); err != nil {
		return nil, govops.Errorf(govops.EINVALID, "read blocklist: %v", err)
	}
	return b, nil
}

// With returns a new Blocklist holding b's entries and words.
func (b *Blocklist) With(words ...string) *Blocklist {
	out := &Blocklist{words: make(map[string]struct{}, b.Len()+len(words))}
	if b != nil {
		for w := range b.words {
			out.words[w] = struct{}{}
		}
	}
	for _, w := range words {
		if w = strings.TrimSpace(w); w != "" {
			out.add(w)
		}
	}
	return out
}

// Len returns the number of distinct entries.
func (b *Blocklist) Len() int {
	if b == nil {
		return 0
	}
	return len(b.words)
}

func (b *Blocklist) add(w string) {
	b.words[strings.ToLower(w)] = struct{}{}
	b.words[unleet(w)] = struct{}{}
}

// Contains reports whether pw is on the list.
func (b *Blocklist) Contains(pw string) bool {
	if b == nil || len(b.words) == 0 {
		return false
	}
	if _, ok := b.words[strings.ToLower(pw)]; ok {
		return true
	}
	_, ok := b.words[unleet(pw)]
	return ok
}

var leet = strings.NewReplacer("@", "a", "0", "o", "1", "i", "3", "e", "$", "s", "!", "i")

func unleet(s string) string { return leet.Replace(strings.ToLower(s)) }

// PasswordPolicy is what CheckPassword checks a password against. Zero
// fields take the defaults.
type PasswordPolicy struct {
	MinLength  int // characters; DefaultMinLength
	MinClasses int // of lower, upper, digit, other; DefaultMinClasses
	MinScore   int // zxcvbn score 0–4; DefaultMinScore
	// Blocklist is the list refused; nil means DefaultBlocklist. Extend
	// the default with DefaultBlocklist().With(…).
	Blocklist *Blocklist
}

// PasswordReason is one reason a password fails the policy. It never
// holds the password or any part of it.
type PasswordReason struct {
	Code    string
	Message string
}

// Reason codes.
const (
	ReasonEmpty       = "empty"       // 空口令
	ReasonTooLong     = "too_long"    // longer than MaxPasswordLen: not scored
	ReasonTooShort    = "too_short"   // fewer characters than MinLength
	ReasonFewClasses  = "few_classes" // fewer classes than MinClasses
	ReasonBlocklisted = "blocklisted" // a common or default password
	ReasonWeakScore   = "weak_score"  // zxcvbn score below MinScore
)

// PasswordCheck is the verdict on one password. It holds no part of the
// password: only its length, the classes it uses, its score and the
// reasons it fails.
type PasswordCheck struct {
	OK bool
	// Length is the number of characters; Classes how many of lower case,
	// upper case, digits and other characters it uses.
	Length  int
	Classes int
	// Score is the zxcvbn score (0–4), and GuessesLog10 the log10 of the
	// guesses it estimates; both 0 when not scored.
	Score        int
	GuessesLog10 float64
	Blocklisted  bool
	Reasons      []PasswordReason
}

// CheckPassword checks pw against pol, for audits of the passwords found
// on devices. userInputs are words the password should not be built from
// (the device's vendor, model, asset name, the unit's name); zxcvbn counts
// them as known. It never logs, stores or returns pw or any part of it.
func CheckPassword(pw string, pol PasswordPolicy, userInputs ...string) PasswordCheck {
	if pol.MinLength <= 0 {
		pol.MinLength = DefaultMinLength
	}
	if pol.MinClasses <= 0 {
		pol.MinClasses = DefaultMinClasses
	}
	if pol.MinScore <= 0 {
		pol.MinScore = DefaultMinScore
	}
	if pol.Blocklist == nil {
		pol.Blocklist = defaultBlocklist
	}
	var c PasswordCheck
	add := func(code, msg string) { c.Reasons = append(c.Reasons, PasswordReason{Code: code, Message: msg}) }
	if pw == "" {
		add(ReasonEmpty, "空口令：没有设置口令")
		return c
	}
	if len(pw) > MaxPasswordLen {
		c.Length = utf8.RuneCountInString(pw)
		add(ReasonTooLong, "口令超过 128 字节，不予评估")
		return c
	}
	c.Length = utf8.RuneCountInString(pw)
	c.Classes = classes(pw)
	if c.Length < pol.MinLength {
		add(ReasonTooShort, "长度不足 "+itoa(pol.MinLength)+" 位")
	}
	if c.Classes < pol.MinClasses {
		add(ReasonFewClasses, "应包含大写字母、小写字母、数字、特殊字符中的至少 "+itoa(pol.MinClasses)+" 类")
	}
	if pol.Blocklist.Contains(pw) {
		c.Blocklisted = true
		add(ReasonBlocklisted, "属于常见口令或设备默认口令")
	}
	r := zxcvbn.PasswordStrength(pw, userInputs)
	c.Score = r.Score
	if r.Guesses > 0 {
		c.GuessesLog10 = math.Round(math.Log10(r.Guesses)*100) / 100
	}
	if c.Score < pol.MinScore {
		add(ReasonWeakScore, "强度评分 "+itoa(c.Score)+"（满分 4），低于要求的 "+itoa(pol.MinScore))
	}
	c.OK = len(c.Reasons) == 0
	return c
}

// classes counts the character classes s uses: lower case, upper case,
// digits, and everything else.
func classes(s string) int {
	var lower, upper, digit, other bool
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			n++
		}
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }
