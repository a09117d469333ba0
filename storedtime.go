package govops

import "time"

// StoredTime returns t as every govops Store keeps a time: in UTC, to the
// microsecond (the precision of MySQL's DATETIME(6) and PostgreSQL's
// timestamps). A Service passes each time it stores through it, so that
// what it returns equals what a later read gives back. The zero time
// stays zero.
func StoredTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
