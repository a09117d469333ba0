package govops

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// The helpers a domain Service's reads and checks share: one record read
// by ID as an actor may see it, the start and the page of a listing by ID,
// a stale IfVersion, an enumeration's check, and a trail as a reader may
// see it.

// ReadOne returns the record ref (its ID) names, read by get, as by may
// read it: a record of a unit (dept) other than a department reader's own
// is ENOTFOUND to it, as if it did not exist. A public record passes nil
// for dept. It checks by first, then the reference (field "ref"); what
// names the record in messages.
func ReadOne[T any](ctx context.Context, by Actor, ref, what string, get func(context.Context, uuid.UUID) (*T, error), dept func(*T) string) (*T, error) {
	if err := by.Validate(); err != nil {
		return nil, err
	}
	id, err := ParseID("ref", ref, what)
	if err != nil {
		return nil, err
	}
	v, err := get(ctx, id)
	if err != nil {
		return nil, err
	}
	if dept != nil && !by.MaySee(dept(v)) {
		return nil, Errorf(ENOTFOUND, "no %s %s", what, id)
	}
	return v, nil
}

// ListStart checks the cursor and limit of a listing by ID (50 by default,
// 500 at most: CheckLimit), adding to p, and returns the ID to start after
// and the limit; p's problems, or a bad cursor, are the error.
func ListStart(p *Problems, after string, limit int) (uuid.UUID, int, error) {
	n := CheckLimit(p, limit)
	if err := p.Err(); err != nil {
		return uuid.Nil, 0, err
	}
	id, err := CursorID(after)
	return id, n, err
}

// IDPage returns the page of items that a Store listed by ID with limit+1
// (see NewPage), its cursor the last item's ID.
func IDPage[T any](items []T, limit int, id func(T) uuid.UUID) Page[T] {
	return NewPage(items, limit, func(v T) string { return id(v).String() })
}

// CheckVersion returns the ECONFLICT of a stale IfVersion want (0 skips
// the check) of the record what id, stored at version at.
func CheckVersion(what string, id uuid.UUID, at, want int64) error {
	if want != 0 && at != want {
		return StaleVersion(what+" "+id.String(), at, want)
	}
	return nil
}

// Choices lists the values of an enumeration with their labels, for a
// message: "open (待整改), fixed (已整改待复核)".
func Choices[T ~string](vs []T, label func(T) string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%s (%s)", v, label(v))
	}
	return strings.Join(parts, ", ")
}

// CheckEnum checks a value of an enumeration, required or optional: one
// of vs (valid tells), or a problem of field that lists them (Choices);
// what names the enumeration ("finding kind"). It reports whether v
// passed.
func CheckEnum[T ~string](p *Problems, field string, v T, required bool, valid func(T) bool, vs []T, label func(T) string, what string) bool {
	switch {
	case v == "" && required:
		p.Add(field, "required: "+Choices(vs, label))
	case v != "" && !valid(v):
		p.Addf(field, "%q is not a %s: use %s", Truncate(string(v), 40), what, Choices(vs, label))
	default:
		return true
	}
	return false
}

// TrailFor returns the events of a record of unit dept as by reads them:
// masked (Mask) for a reader who may not see that unit's personal data,
// known being the names the record holds (a caller's, an asker's), which
// free text such as a note may repeat.
func TrailFor[T, S ~string](by Actor, dept string, evs []Event[T, S], known ...string) []Event[T, S] {
	if by.SeesPersonalData(dept) {
		return evs
	}
	for i := range evs {
		evs[i] = Mask(evs[i], known...)
	}
	return evs
}
