package sqldb

import (
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun/driver/pgdriver"
)

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
