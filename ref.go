package govops

import (
	"context"

	"github.com/google/uuid"
)

// Ref is a parsed reference to a record. Every domain takes references as
// strings and resolves them the same way: a canonical UUID
// ("0190c5f2-…", 36 characters) names a record by ID; anything else is a
// human number such as "2022-000123" (CheckNumber).
type Ref struct {
	ID     uuid.UUID // set when the reference is an ID
	Number string    // set when it is a number
}

// IsID reports whether r names a record by ID.
func (r Ref) IsID() bool { return r.ID != uuid.Nil }

// String returns the reference as it was given.
func (r Ref) String() string {
	if r.IsID() {
		return r.ID.String()
	}
	return r.Number
}

// ParseRef parses a reference given in field. An empty or malformed one is
// EINVALID naming field.
func ParseRef(field, s string) (Ref, error) {
	if len(s) == 36 {
		if id, err := uuid.Parse(s); err == nil && id != uuid.Nil {
			return Ref{ID: id}, nil
		}
	}
	var p Problems
	if !CheckNumber(&p, field, s) {
		return Ref{}, p.Err()
	}
	return Ref{Number: s}, nil
}

// Resolve finds the record a reference names, through byID for an ID and
// byNumber for a number. A domain whose records have no human number passes
// a nil byNumber, and a number then finds nothing (ENOTFOUND). what names
// the record in that message ("deduction"). A malformed reference is
// EINVALID naming field.
func Resolve[T any](ctx context.Context, field, ref, what string,
	byID func(context.Context, uuid.UUID) (T, error),
	byNumber func(context.Context, string) (T, error)) (T, error) {
	var zero T
	r, err := ParseRef(field, ref)
	if err != nil {
		return zero, err
	}
	if r.IsID() {
		return byID(ctx, r.ID)
	}
	if byNumber == nil {
		return zero, Errorf(ENOTFOUND, "no %s %s: give its ID", what, r.Number)
	}
	return byNumber(ctx, r.Number)
}

// ParseID returns the ID a reference to a record without a human number
// names: a number finds nothing (ENOTFOUND, asking for the ID of the
// what), a malformed reference is EINVALID naming field.
func ParseID(field, ref, what string) (uuid.UUID, error) {
	r, err := ParseRef(field, ref)
	if err != nil {
		return uuid.Nil, err
	}
	if !r.IsID() {
		return uuid.Nil, Errorf(ENOTFOUND, "no %s %s: give its ID", what, r.Number)
	}
	return r.ID, nil
}

// NewID returns a new UUIDv7, the ID of every record.
func NewID() (uuid.UUID, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.Nil, Errorf(EINTERNAL, "generate id: %w", err)
	}
	return id, nil
}
