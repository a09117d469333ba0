package bunstore

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/govops-kit/govops"
)

// Errors maps the database failures of one adapter onto the govops error
// codes, so that every bun store answers alike. Its value is the adapter's
// name, which starts every EINTERNAL message; a constant is all an adapter
// needs:
//
//	const errs bunstore.Errors = "govcasebun"
type Errors string

// Refusal is the message a store gives the caller when the database refuses
// an operation for a reason the caller can act on. The message is formatted
// only when the refusal applies.
type Refusal struct {
	code   string
	stale  bool
	format string
	args   []any
}

// NotFound is the ENOTFOUND message for a query that found no row
// (sql.ErrNoRows), or a versioned write whose row does not exist.
func NotFound(format string, args ...any) Refusal {
	return Refusal{code: govops.ENOTFOUND, format: format, args: args}
}

// Conflict is the ECONFLICT message for a write that a unique index
// refused: the ID, a human number or an event's sequence is taken.
func Conflict(format string, args ...any) Refusal {
	return Refusal{code: govops.ECONFLICT, format: format, args: args}
}

// Stale is the ECONFLICT message for a versioned write whose row is no
// longer at the version the caller read: someone else changed it first.
func Stale(format string, args ...any) Refusal {
	return Refusal{code: govops.ECONFLICT, stale: true, format: format, args: args}
}

// refuse returns the error of the first refusal of code (and staleness),
// or nil when the caller gave none.
func refuse(refusals []Refusal, code string, stale bool) error {
	for _, r := range refusals {
		if r.code == code && r.stale == stale {
			return govops.Errorf(code, r.format, r.args...)
		}
	}
	return nil
}

// Err returns err, the failure of operation op, as a govops error:
//
//   - nil is nil;
//   - a *govops.Error anywhere in err's chain is returned unchanged: the
//     adapter or the kit has already decided what it means;
//   - sql.ErrNoRows is ENOTFOUND with the NotFound message;
//   - a unique violation is ECONFLICT with the Conflict message;
//   - anything else is EINTERNAL "<adapter>: <op>: <err>", wrapping err.
//
// A cancelled or expired context is EINTERNAL too, wrapping the context's
// error (errors.Is(err, context.Canceled) holds): the caller gave up, which
// says nothing wrong about its input, and the store did nothing. Without
// the matching refusal, no rows and unique violations are EINTERNAL as
// well: a lookup that must find its row, or a duplicate the caller could
// not have caused, is a fault of the store.
func (e Errors) Err(op string, err error, refusals ...Refusal) error {
	if err == nil {
		return nil
	}
	var ge *govops.Error
	if errors.As(err, &ge) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		if r := refuse(refusals, govops.ENOTFOUND, false); r != nil {
			return r
		}
	} else if IsUniqueViolation(err) {
		if r := refuse(refusals, govops.ECONFLICT, false); r != nil {
			return r
		}
	}
	return govops.Errorf(govops.EINTERNAL, "%s: %s: %w", string(e), op, err)
}

// IsUniqueViolation reports whether err is a duplicate key error of any of
// the three dialects (PostgreSQL 23505, MySQL 1062, SQLite UNIQUE/PRIMARY
// KEY constraint).
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		return pgErr.Field('C') == "23505"
	}
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		return myErr.Number == 1062
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed")
}

// IsTransient reports whether err is what a session sees when another one
// touches the same objects at the same moment, so that trying again can
// succeed: a duplicate key or object (PostgreSQL may reject a concurrent
// CREATE TABLE IF NOT EXISTS), a deadlock, a serialization failure or a lock
// wait timeout, or SQLite's busy database.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	if IsUniqueViolation(err) {
		return true
	}
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		switch pgErr.Field('C') {
		case "42P07", "42710", "40P01", "40001":
			return true
		}
		return false
	}
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		switch myErr.Number {
		case 1050, 1205, 1213:
			return true
		}
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// Concurrent turns a deadlock, a serialization failure or a busy database
// met by a write (an EINTERNAL whose cause IsTransient) into the ECONFLICT
// of a concurrent writer: the write was rolled back, and the caller may
// read again and retry. Any other error comes back as it is.
func Concurrent(op string, err error) error {
	var ge *govops.Error
	if err == nil || !errors.As(err, &ge) || ge.Code != govops.EINTERNAL {
		return err
	}
	if IsTransient(errors.Unwrap(err)) {
		return govops.Errorf(govops.ECONFLICT, "%s: another write ran at the same moment (%v); read again and retry", op, errors.Unwrap(err))
	}
	return err
}
