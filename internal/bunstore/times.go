package bunstore

import "time"

// DBTime returns t as the bun stores write it: UTC, cut to the microsecond
// that every supported database keeps, and the zero time unchanged (a
// nullzero column then stores NULL).
func DBTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// GoTime returns a time read from a database in UTC, keeping the zero time
// (a NULL) zero.
func GoTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
