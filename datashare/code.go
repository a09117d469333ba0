package datashare

import (
	"fmt"
	"strings"

	"github.com/govops-kit/govops"
)

// Lengths of the parts of a resource code.
const (
	// MaxSubLen bounds the sub-heading (细目) of a code, in characters.
	MaxSubLen = 20
	// MaxSeqLen bounds the sequence number of a code, in digits.
	MaxSeqLen = 10
	// MaxCodeLen bounds a whole code: 6 characters of class, item and
	// heading, the sub-heading, "/" and the sequence.
	MaxCodeLen = 6 + MaxSubLen + 1 + MaxSeqLen
)

// Code is a resource code (信息资源代码) taken apart: the class (类, one
// digit), the item (项, two digits), the heading (目, three digits), the
// optional sub-heading (细目, up to 20 digits or upper-case letters, often
// the provider's code and a number of its own) and, after "/", the
// sequence number (顺序码, 1 to 10 digits, usually 6). 101001/000001 is
// the first resource of item 01, heading 001 of the basic class;
// 30100111450200MB1234567J/000012 one of a department's, whose
// sub-heading holds its unified social credit code.
type Code struct {
	Class   Class
	Item    string
	Heading string
	Sub     string
	Seq     string
}

// codeShape describes a code for the messages that refuse one.
const codeShape = "a code is the class (1 基础, 2 主题 or 3 部门), the item (2 digits), the heading (3 digits), " +
	"an optional sub-heading (up to 20 digits or upper-case letters), then / and a sequence number (1 to 10 digits), such as 101001/000001"

// ParseCode reads a resource code as the catalog writes it, exactly: no
// space is trimmed and no letter folded, since the code is stored and
// compared as given. A code that is not one is EINVALID naming the field
// "code" and saying which part is wrong and what it must be.
func ParseCode(s string) (Code, error) {
	if s == "" {
		return Code{}, govops.FieldError("code", "is required: "+codeShape)
	}
	if len(s) > MaxCodeLen {
		return Code{}, govops.FieldError("code", fmt.Sprintf("is %d characters long, more than the %d a code may have: %s", len(s), MaxCodeLen, codeShape))
	}
	head, seq, ok := strings.Cut(s, "/")
	if !ok {
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s has no / before its sequence number: %s", quoteCut(s), codeShape))
	}
	var c Code
	switch {
	case head == "":
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s has nothing before the /: %s", quoteCut(s), codeShape))
	case head[0] < '1' || head[0] > '3':
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s begins with %s: the class must be 1 (基础), 2 (主题) or 3 (部门)", quoteCut(s), quoteCut(firstChar(head))))
	}
	c.Class = Classes()[head[0]-'1']
	if len(head) < 6 {
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s has %d characters before the /: the class, item and heading take 6 (1 + 2 + 3 digits)", quoteCut(s), len(head)))
	}
	if !allDigits(head[1:3]) {
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s: the item (项, characters 2 to 3) must be 2 digits, not %s", quoteCut(s), quoteCut(head[1:3])))
	}
	if !allDigits(head[3:6]) {
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s: the heading (目, characters 4 to 6) must be 3 digits, not %s", quoteCut(s), quoteCut(head[3:6])))
	}
	c.Item, c.Heading, c.Sub = head[1:3], head[3:6], head[6:]
	if len(c.Sub) > MaxSubLen {
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s: the sub-heading (细目, after the 6th character) is %d characters, at most %d", quoteCut(s), len(c.Sub), MaxSubLen))
	}
	for i := 0; i < len(c.Sub); i++ {
		if b := c.Sub[i]; !isDigit(b) && (b < 'A' || b > 'Z') {
			return Code{}, govops.FieldError("code", fmt.Sprintf("%s: the sub-heading (细目) may hold digits and upper-case letters A to Z only, not %s (character %d)", quoteCut(s), quoteCut(firstChar(c.Sub[i:])), 7+i))
		}
	}
	switch {
	case seq == "":
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s has no sequence number after the /: write 1 to %d digits, usually 6 (000001)", quoteCut(s), MaxSeqLen))
	case strings.Contains(seq, "/"):
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s holds more than one /: a code has one, before its sequence number", quoteCut(s)))
	case len(seq) > MaxSeqLen || !allDigits(seq):
		return Code{}, govops.FieldError("code", fmt.Sprintf("%s: the sequence number after the / must be 1 to %d digits, usually 6 (000001), not %s", quoteCut(s), MaxSeqLen, quoteCut(seq)))
	}
	c.Seq = seq
	return c, nil
}

// String returns the code as the catalog writes it.
func (c Code) String() string {
	d := classDigit(c.Class)
	if d == 0 {
		d = '0'
	}
	return string(d) + c.Item + c.Heading + c.Sub + "/" + c.Seq
}

// classDigit returns the first digit of the codes of class c, 0 for an
// unknown class.
func classDigit(c Class) byte {
	if i := indexOf(Classes(), c); i >= 0 {
		return byte('1' + i)
	}
	return 0
}

func indexOf[T comparable](vs []T, v T) int {
	for i, x := range vs {
		if x == v {
			return i
		}
	}
	return -1
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// firstChar returns the first character of s, whole even when it takes
// several bytes.
func firstChar(s string) string {
	for i := range s {
		if i > 0 {
			return s[:i]
		}
	}
	return s
}

// quoteCut returns v quoted and cut for a message, so that a hostile
// input does not make a megabyte-long error.
func quoteCut(v string) string { return fmt.Sprintf("%q", govops.Truncate(v, 40)) }
