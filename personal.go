package govops

import (
	"regexp"
	"strings"
	"time"
)

// TimeInRange reports whether t falls in the years 1900 to 9999 both in UTC
// and in Asia/Shanghai: the range every supported database stores and reads
// back, and RFC 3339 can write. A time from outside that a store could not
// read back must be refused as input, naming its field.
func TimeInRange(t time.Time) bool {
	u, s := t.UTC().Year(), t.In(ShanghaiLocation()).Year()
	return u >= 1900 && u <= 9999 && s >= 1900 && s <= 9999
}

// HasControl reports whether s holds a NUL or another control character
// other than tab, newline and carriage return. Such text is refused as input:
// PostgreSQL cannot store NUL, and the other databases would keep it.
func HasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return true
		}
	}
	return false
}

// personalPattern finds the personal data that free text (a description, a
// reply, a note) may quote: any run of seven or more digits (a mobile or
// landline number, a resident ID of 15 or 18 characters with its X check
// character) and a landline written with its area code and a dash. It errs
// on the side of masking: a long order number is starred too. A compiled
// Regexp is immutable and safe for concurrent use.
var personalPattern = regexp.MustCompile(`\d{6,}[\dXx]|\d{3,4}-\d{7,8}`)

// MaskPersonalText returns s with every resident ID and phone number in it
// masked: the first three and last four characters stay, the rest become
// asterisks ("13812341234" → "138****1234"). It serves readers who may see
// a record but not the personal data that its free text may quote.
func MaskPersonalText(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	return personalPattern.ReplaceAllStringFunc(s, func(m string) string {
		if len(m) <= 7 {
			return strings.Repeat("*", len(m))
		}
		return m[:3] + strings.Repeat("*", len(m)-7) + m[len(m)-4:]
	})
}
