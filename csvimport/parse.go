package csvimport

import (
	"iter"
	"strings"

	"github.com/govops-kit/govops"
)

// Parsed is one row turned into a value.
type Parsed[T any] struct {
	// Row is the row's number, as in RowError: its line in a file, or its
	// index plus 1 in a Go slice.
	Row int
	// Value is the value read from the row; the zero T when the record
	// could not be read at all.
	Value T
	// Errors are every problem of the row, in column order; nil when the
	// row is good.
	Errors []RowError
}

// Parse returns the rows of rd, each turned into a value by parse and read
// when the loop asks for it. parse reads a row's fields and records each
// problem in p under the column's name, so that every bad field of a row
// is reported, not only the first; a record that cannot be read as a row
// is yielded with its Errors, without calling parse. An error reading the
// input ends the sequence, as in Reader.Rows.
func Parse[T any](rd *Reader, parse func(row *Row, p *govops.Problems) T) iter.Seq2[Parsed[T], error] {
	return func(yield func(Parsed[T], error) bool) {
		for row, err := range rd.Rows() {
			if err != nil {
				yield(Parsed[T]{}, err)
				return
			}
			out := Parsed[T]{Row: row.Line(), Errors: row.Errors()}
			if out.Errors == nil {
				var p govops.Problems
				out.Value = parse(row, &p)
				out.Errors = rd.cols.RowErrors(out.Row, p.Err())
			}
			if !yield(out, nil) {
				return
			}
		}
	}
}

// Check checks values given in Go as Parse checks the rows of a file, so
// that an import from Go reports as an import from a file does: problems
// records each problem of a value in p under its column's name, and each
// value is yielded with its problems, numbered from 1. problems gets a
// pointer to a copy, which it may complete (a month from a date), never to
// the caller's element.
func Check[T any](vs []T, cols Columns, problems func(v *T, p *govops.Problems)) iter.Seq[Parsed[T]] {
	return func(yield func(Parsed[T]) bool) {
		for i, v := range vs {
			var p govops.Problems
			problems(&v, &p)
			if !yield(Parsed[T]{Row: i + 1, Value: v, Errors: cols.RowErrors(i+1, p.Err())}) {
				return
			}
		}
	}
}

// ParseBool reads a yes/no cell: true/false, 1/0, yes/no, y/n, t/f or 是/否,
// in any case and with spaces around. ok is false for anything else.
func ParseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "y", "t", "是":
		return true, true
	case "false", "0", "no", "n", "f", "否":
		return false, true
	}
	return false, false
}
