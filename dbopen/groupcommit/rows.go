package groupcommit

import (
	"database/sql/driver"
	"io"
	"reflect"
)

// rows are the physical rows of a query. Outside a logical transaction
// they hold the turn until they are read to the end or closed, whichever
// comes first; a write among them (INSERT … RETURNING) then waits for its
// group's COMMIT, whose error Next returns instead of io.EOF and Close
// returns too, so that Rows.Err and Row.Scan report it.
type rows struct {
	c      *Connector
	tx     *tx // the logical transaction, in modeInTx
	inner  driver.Rows
	mode   autocommit
	closed func() // run once inner is closed (turn held); may be nil
	log    *statementLog
	entry  int // of the query in log, whose rows it records; -1 for none

	done bool
	err  error // the outcome, once done
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
)

// Columns returns the names of the columns.
func (r *rows) Columns() []string { return r.inner.Columns() }

// Next reads the next row into dest. At the end it finishes the query
// (see rows).
func (r *rows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	err := r.inner.Next(dest)
	switch {
	case err == nil:
		if e := r.logged(); e != nil {
			e.record(dest)
		}
		return nil
	case err == io.EOF:
		if ferr := r.finish(nil); ferr != nil {
			return ferr
		}
		return io.EOF
	default:
		return r.finish(err)
	}
}

// Close finishes the query if Next has not reached its end.
func (r *rows) Close() error {
	if r.done {
		return nil
	}
	return r.finish(nil)
}

// finish closes the physical rows of a query that failed with failed (or
// nil), hands the turn on outside a transaction, and returns the outcome.
func (r *rows) finish(failed error) error {
	r.done = true
	cerr := r.inner.Close()
	if r.closed != nil {
		r.closed()
	}
	if failed == nil {
		failed = cerr
	}
	if e := r.logged(); e != nil && failed != nil {
		e.failed = true // SQLite undid the statement
	}
	if r.mode == modeInTx {
		if failed != nil {
			failed = r.tx.after(failed)
		}
		r.err = failed
		return failed
	}
	r.err = r.c.finishAutocommit(r.mode, failed, nil)
	return r.err
}

// logged returns the log entry of the query, or nil.
func (r *rows) logged() *logged {
	if r.log == nil {
		return nil
	}
	return r.log.entry(r.entry)
}

// ColumnTypeDatabaseTypeName returns the physical rows' type name of
// column index, or "".
func (r *rows) ColumnTypeDatabaseTypeName(index int) string {
	if t, ok := r.inner.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(index)
	}
	return ""
}

// ColumnTypeLength returns the physical rows' length of column index.
func (r *rows) ColumnTypeLength(index int) (int64, bool) {
	if t, ok := r.inner.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(index)
	}
	return 0, false
}

// ColumnTypeNullable returns the physical rows' nullability of column
// index.
func (r *rows) ColumnTypeNullable(index int) (bool, bool) {
	if t, ok := r.inner.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(index)
	}
	return false, false
}

// ColumnTypePrecisionScale returns the physical rows' precision and
// scale of column index.
func (r *rows) ColumnTypePrecisionScale(index int) (int64, int64, bool) {
	if t, ok := r.inner.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(index)
	}
	return 0, 0, false
}

// ColumnTypeScanType returns the physical rows' scan type of column
// index, or the type of any.
func (r *rows) ColumnTypeScanType(index int) reflect.Type {
	if t, ok := r.inner.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(index)
	}
	return reflect.TypeFor[any]()
}
