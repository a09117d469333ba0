package csvimport

import (
	"fmt"
	"slices"

	"github.com/govops-kit/govops"
)

// RowError is one problem with one field of one row of an import. Row is
// the line of the file the record starts on, the header being line 1 (for a
// Go slice it is the element's index plus 1). Field is a column name, or
// empty when the whole row is bad.
type RowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field,omitempty"`
	Problem string `json:"problem"`
}

// String returns "row 3, month: …", or "row 3: …" when the whole row is bad.
func (e RowError) String() string {
	if e.Field == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Problem)
	}
	return fmt.Sprintf("row %d, %s: %s", e.Row, e.Field, e.Problem)
}

// Mode says what an import does when some rows are bad.
type Mode string

// Import modes.
const (
	// AllOrNothing writes nothing unless every row is good.
	AllOrNothing Mode = "all_or_nothing"
	// KeepGood writes the good rows and reports the bad ones.
	KeepGood Mode = "keep_good"
)

// Valid reports whether m is AllOrNothing or KeepGood.
func (m Mode) Valid() bool { return m == AllOrNothing || m == KeepGood }

// Report tells what an import did. Errors lists every problem of every bad
// row, not only the first, and none is left out: a file's size bounds them
// (a server bounds the size of the body), and a cap would hide rows that
// must be fixed before the file is imported again.
type Report struct {
	Rows     int        `json:"rows"`     // data rows read
	Imported int        `json:"imported"` // rows written
	Errors   []RowError `json:"errors"`
	// Warnings are what a good row was let through with (a check
	// character that fails, in an import that keeps such codes), one for
	// each field; a row with warnings is written.
	Warnings []RowError `json:"warnings,omitempty"`
}

// BadRows returns how many distinct rows have a problem.
func (r *Report) BadRows() int {
	seen := map[int]bool{}
	for _, e := range r.Errors {
		seen[e.Row] = true
	}
	return len(seen)
}

// Skipped returns how many rows read were not written: every row of an
// all-or-nothing import that found a bad one, or the bad rows (and any row
// held back with them) of a keep-good import.
func (r *Report) Skipped() int { return r.Rows - r.Imported }

// Sort orders Errors and Warnings by row. The problems of one row keep their order,
// which is column order for those RowErrors made (Columns.RowErrors), since
// a row's problems are found together.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Errors, func(a, b RowError) int { return a.Row - b.Row })
	slices.SortStableFunc(r.Warnings, func(a, b RowError) int { return a.Row - b.Row })
}

// MaxErrorFields bounds the Fields of the error Err returns; the Report
// always holds every problem.
const MaxErrorFields = 100

// Err returns the error an import in mode m ends with: nil for KeepGood or
// when no row has a problem, and for AllOrNothing with problems an
// EINVALID error saying that nothing was imported, whose Fields name the
// first MaxErrorFields problems as "row[3].month" (or "row[3]" for a whole
// row). Sort the Errors first, so that these are the first by row.
func (r *Report) Err(m Mode) error {
	if m != AllOrNothing || len(r.Errors) == 0 {
		return nil
	}
	e := govops.Errorf(govops.EINVALID, "%d rows have problems (%d in all); nothing was imported: fix them, or import with mode keep-good to write the good rows", r.BadRows(), len(r.Errors))
	for i, re := range r.Errors {
		if i == MaxErrorFields {
			break
		}
		f := fmt.Sprintf("row[%d]", re.Row)
		if re.Field != "" {
			f += "." + re.Field
		}
		e.WithField(f, re.Problem)
	}
	return e
}
