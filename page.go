package govops

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Limits of one page of any listing.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// maxCursorKey bounds the key a cursor carries, in bytes.
const maxCursorKey = 512

// Page is one page of a listing. Next is the opaque cursor that resumes
// after the last item, and empty on the last page.
type Page[T any] struct {
	Items []T
	Next  string
}

// PageLimit returns the page size a listing asked for limit runs with: 0
// means DefaultPageSize; a negative limit or one above MaxPageSize is
// EINVALID naming the field "limit".
func PageLimit(limit int) (int, error) {
	var p Problems
	n := CheckLimit(&p, limit)
	return n, p.Err()
}

// CheckLimit adds a problem naming "limit" to p when limit is negative or
// above MaxPageSize, and returns the page size to use (DefaultPageSize for 0).
func CheckLimit(p *Problems, limit int) int {
	switch {
	case limit == 0:
		return DefaultPageSize
	case limit < 0 || limit > MaxPageSize:
		p.Addf("limit", "must be between 1 and %d (0 or none means %d)", MaxPageSize, DefaultPageSize)
		return DefaultPageSize
	}
	return limit
}

// NewPage makes the page of a listing that fetched up to limit+1 items:
// when there are more than limit, it keeps the first limit and sets Next to
// the cursor of the last one kept, made from key.
func NewPage[T any](items []T, limit int, key func(T) string) Page[T] {
	if len(items) <= limit {
		return Page[T]{Items: items}
	}
	items = items[:limit]
	return Page[T]{Items: items, Next: EncodeCursor(key(items[limit-1]))}
}

// EncodeCursor returns the opaque cursor that resumes a listing after the
// item whose sort key is key. A cursor is URL-safe.
func EncodeCursor(key string) string {
	return "c" + base64.RawURLEncoding.EncodeToString([]byte(key))
}

// DecodeCursor returns the key of a cursor made by EncodeCursor; "" for an
// empty cursor. Anything else is EINVALID naming the field "cursor".
func DecodeCursor(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	bad := FieldError("cursor", "is not a cursor this server issued; start again without it")
	rest, ok := strings.CutPrefix(s, "c")
	// The decoder skips line breaks, so a cursor with any other character
	// than the URL-safe alphabet would decode to a key that encodes back
	// differently.
	if !ok || len(rest) > base64.RawURLEncoding.EncodedLen(maxCursorKey) || strings.ContainsFunc(rest, notBase64URL) {
		return "", bad
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	if err != nil || len(b) == 0 || !utf8.Valid(b) || HasControl(string(b)) {
		return "", bad
	}
	return string(b), nil
}

func notBase64URL(r rune) bool {
	return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_')
}

// IDCursor returns the cursor of an item keyed by its ID.
func IDCursor(id uuid.UUID) string { return EncodeCursor(id.String()) }

// CursorID returns the ID a cursor made by IDCursor carries; uuid.Nil for
// an empty cursor. Anything else is EINVALID naming the field "cursor".
func CursorID(s string) (uuid.UUID, error) {
	key, err := DecodeCursor(s)
	if err != nil || key == "" {
		return uuid.Nil, err
	}
	id, err := uuid.Parse(key)
	if err != nil || len(key) != 36 {
		return uuid.Nil, FieldError("cursor", "is not a cursor this server issued; start again without it")
	}
	return id, nil
}
