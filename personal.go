package govops

import (
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

// HasControl reports whether s holds a NUL, another control character
// other than tab, newline and carriage return, or a bidirectional control.
// Such text is refused as input: PostgreSQL cannot store NUL, the other
// databases would keep it, and a bidirectional control makes a name or a
// code read as something it is not.
func HasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || IsBidiControl(r) {
			return true
		}
	}
	return false
}

// IsBidiControl reports whether r is a bidirectional embedding, override or
// isolate control (U+202A–U+202E, U+2066–U+2069). They reorder how text is
// shown without changing what it says, so a name or a code holding one reads
// as something it is not; HasControl counts them as control characters.
func IsBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
