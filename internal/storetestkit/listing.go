package storetestkit

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// Keyed is how a listing orders and pages its records: by a key of type K
// that the listing's after takes.
type Keyed[T, K any] struct {
	key func(*T) K
	cmp func(a, b K) int
	// between returns a key that no record has, for an after that lies
	// between two stored keys.
	between func(k K) K
}

// ByID orders by ID, as most listings do.
func ByID[T any](id func(*T) uuid.UUID) Keyed[T, uuid.UUID] {
	return Keyed[T, uuid.UUID]{key: id, cmp: func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) },
		between: func(k uuid.UUID) uuid.UUID {
			// k with its last byte incremented (and carried) lies
			// after k and before any greater stored ID but one that
			// equals it, which a UUIDv7 fixture never holds.
			for i := len(k) - 1; i >= 0; i-- {
				k[i]++
				if k[i] != 0 {
					break
				}
			}
			return k
		}}
}

// ByCode orders by a code, in byte order.
func ByCode[T any](code func(*T) string) Keyed[T, string] {
	return Keyed[T, string]{key: code, cmp: strings.Compare, between: func(k string) string { return k + "\x01" }}
}

// RequireListing fails tb unless list returns the records of all that
// match, in the order of o: all at once with limit 0, page by page with
// limits 1 (over the first records), 3 and 10, and after keys that are
// stored and keys that are not.
func RequireListing[T, K any](tb testing.TB, what string, all []T, match func(*T) bool, o Keyed[T, K],
	list func(after K, limit int) ([]T, error)) {
	tb.Helper()
	var want []T
	for i := range all {
		if match(&all[i]) {
			want = append(want, all[i])
		}
	}
	slices.SortFunc(want, func(a, b T) int { return o.cmp(o.key(&a), o.key(&b)) })
	var zero K
	got, err := list(zero, 0)
	Must(tb, err, what)
	RequireEqual(tb, want, got, what)
	for _, size := range []int{1, 3, 10} {
		var paged []T
		after := zero
		pages := len(want) + 2
		if size == 1 {
			pages = min(pages, 6)
		}
		for range pages {
			page, err := list(after, size)
			Must(tb, err, what)
			if len(page) > size {
				tb.Fatalf("%s with limit %d: %d records", what, size, len(page))
			}
			paged = append(paged, page...)
			if len(page) < size {
				break
			}
			after = o.key(&page[len(page)-1])
		}
		expect := want
		if size == 1 {
			expect = want[:min(len(want), pages)]
		}
		RequireEqual(tb, expect, paged, fmt.Sprintf("%s page by page with limit %d", what, size))
	}
	for i := range want {
		if i%7 != 0 {
			continue
		}
		after := o.between(o.key(&want[i]))
		got, err := list(after, 0)
		Must(tb, err, what)
		RequireEqual(tb, want[i+1:], got, fmt.Sprintf("%s after a key that is not stored, past record %d", what, i))
	}
}

// RequireOrdered fails tb unless got is the records of all that match,
// in the order of cmp.
func RequireOrdered[T any](tb testing.TB, what string, all []T, match func(*T) bool, cmp func(a, b *T) int, got []T, err error) {
	tb.Helper()
	Must(tb, err, what)
	var want []T
	for i := range all {
		if match(&all[i]) {
			want = append(want, all[i])
		}
	}
	slices.SortFunc(want, func(a, b T) int { return cmp(&a, &b) })
	RequireEqual(tb, want, got, what)
}
