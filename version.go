package govops

import "context"

// CheckIfVersion adds the problem of an input's IfVersion to p: it is 0
// (do not check) or a version, never negative. The field is "if_version".
func CheckIfVersion(p *Problems, v int64) {
	if v < 0 {
		p.Add("if_version", "must not be negative (0 means: do not check)")
	}
}

// StaleVersion is the ECONFLICT of a write that named a version the record
// is no longer at: what names the record, at is its version and want the
// one the write named.
func StaleVersion(what string, at, want int64) error {
	return Errorf(ECONFLICT, "%s is at version %d, not %d: reload it and try again", what, at, want)
}

// UpdateVersioned runs the write of one change to a stored record with the
// contract's retry: step reads the record, checks the change and returns
// the write to run (nil when nothing changes). A write that lost to a
// concurrent writer (the Store's ECONFLICT) is read and tried again when
// the caller named no version (ifVersion 0), and reported when it did,
// since it must not land on a change its caller has not seen.
func UpdateVersioned(ctx context.Context, ifVersion int64, step func() (write func() error, err error)) error {
	_, err := Retry(ctx, MaxWriteRetries, func(int) (bool, error) {
		write, err := step()
		if err != nil || write == nil {
			return false, err
		}
		err = write()
		return ErrorCode(err) == ECONFLICT && ifVersion == 0, err
	})
	return err
}

// ActFor checks that a may write for department dept ("" for a write of
// the center's own) and returns the department the write is for: center
// staff write for any department, a department for itself only (dept, or
// its own when dept is ""). what names the change. A read-only or bad
// actor is refused as MayWrite refuses it; a department writing for
// another is EFORBIDDEN naming the field "department".
func (a Actor) ActFor(dept, what string) (string, error) {
	if err := a.MayWrite(what); err != nil {
		return "", err
	}
	if a.Department == "" {
		return dept, nil
	}
	if dept == "" {
		return a.Department, nil
	}
	if dept != a.Department {
		return "", Errorf(EFORBIDDEN, "department %s may %s only for itself, not for %s", a.Department, what, Truncate(dept, MaxCodeLen)).
			WithField("department", "must be "+a.Department+" or left out")
	}
	return dept, nil
}

// WriteThen returns a write for UpdateVersioned: run it, then, when it
// succeeded, point *out at v, the value it wrote, so that the caller
// returns what was stored and nothing when the write failed.
func WriteThen[T any](out **T, v *T, write func() error) func() error {
	return func() error {
		if err := write(); err != nil {
			return err
		}
		*out = v
		return nil
	}
}
