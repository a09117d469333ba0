package apikit

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// StatusError gives an EINVALID error a more specific status than 400: 413
// for a body over the limit, 415 for a body of the wrong media type, 422
// for an import whose rows are bad. The govops code stays EINVALID, so
// clients that switch on code need no new case. refserver's error table
// reads it.
type StatusError struct {
	Err    *govops.Error
	Status int
	Title  string
	Type   string        // the problem type's last part; "" means the code's
	Report *ImportResult // the whole report of an import that wrote nothing
}

func (e *StatusError) Error() string { return e.Err.Error() }
func (e *StatusError) Unwrap() error { return e.Err }

// BodyTooLarge is the 413 of a body over MaxBodyBytes.
func BodyTooLarge() error {
	return &StatusError{
		Err:    govops.FieldError("body", "must be at most 1 MiB (1048576 bytes)"),
		Status: http.StatusRequestEntityTooLarge, Title: "Request body too large",
	}
}

// ReadCSV reads an import body: Content-Type text/csv, at most
// MaxBodyBytes, with a header of at most MaxCSVColumns columns.
func ReadCSV(w http.ResponseWriter, req *http.Request) ([]byte, error) {
	data, err := ReadBody(w, req, "text/csv", "the file")
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, govops.FieldError("body", "is empty: send the CSV file, header line first")
	}
	if err := checkCSVHeader(data); err != nil {
		return nil, err
	}
	return data, nil
}

// ReadBody reads a body of media type mt (any charset parameter aside), at
// most MaxBodyBytes long. what says, for the error, what the body holds.
func ReadBody(w http.ResponseWriter, req *http.Request, mt, what string) ([]byte, error) {
	got, _, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || got != mt {
		return nil, &StatusError{
			Err:    govops.FieldError("Content-Type", "must be "+mt+" (optionally with charset=utf-8): send "+what+" as the body"),
			Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type",
		}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, req.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, BodyTooLarge()
		}
		return nil, govops.Errorf(govops.EINVALID, "could not read the request body: %v", err).WithField("body", "could not be read")
	}
	return data, nil
}

// MaxCSVColumns is the most columns the header of a CSV import may name.
// Every import takes far fewer; the bound keeps a header of thousands of
// unknown columns from costing a problem each.
const MaxCSVColumns = 64

// checkCSVHeader refuses a file whose header line (its first CSV record)
// names more than MaxCSVColumns columns, before any row is read. A header
// that does not parse is left for the import to report.
func checkCSVHeader(data []byte) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil || len(head) <= MaxCSVColumns {
		return nil
	}
	return govops.FieldError("header", fmt.Sprintf(
		"names %d columns; an import takes at most %d: keep only the columns of this import", len(head), MaxCSVColumns))
}

// ImportResult is the body of an import's answer: what was read and
// written, and every problem of every bad row (row numbers are lines of
// the file, the header being line 1). It is also the "report" member of
// the 422 problem an all-or-nothing import with bad rows answers.
type ImportResult struct {
	Mode     string               `json:"mode"`
	Rows     int                  `json:"rows"`
	Imported int                  `json:"imported"`
	BadRows  int                  `json:"bad_rows"`
	Errors   []csvimport.RowError `json:"errors"`
	Warnings []csvimport.RowError `json:"warnings,omitempty"`
}

func importOut(mode string, r *csvimport.Report) *ImportResult {
	out := &ImportResult{Mode: mode, Rows: r.Rows, Imported: r.Imported, BadRows: r.BadRows(), Errors: r.Errors, Warnings: r.Warnings}
	if out.Errors == nil {
		out.Errors = []csvimport.RowError{}
	}
	return out
}

// ImportMode reads the mode parameter of an import: all-or-nothing (the
// default) or keep-good; the underscore spellings are accepted too. It
// returns the mode and its name as the answer reports it.
func (q *Query) ImportMode() (csvimport.Mode, string) {
	switch v := q.One("mode"); v {
	case "", "all-or-nothing", "all_or_nothing":
		return csvimport.AllOrNothing, "all-or-nothing"
	case "keep-good", "keep_good":
		return csvimport.KeepGood, "keep-good"
	default:
		q.p.Add("mode", `must be "all-or-nothing" (the default) or "keep-good"`)
		return "", ""
	}
}

// PageLimit reads the limit parameter of a listing as a whole number. The
// Service decides which sizes it serves (govops.CheckLimit) and names
// "limit" when it refuses one; absent is 0, the Service's default.
func (q *Query) PageLimit() int {
	s := q.One("limit")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.p.Add("limit", "must be a whole number")
	}
	return n
}

// Add files a problem under the parameter name, for a parameter whose rule
// only its domain knows (a month, a period).
func (q *Query) Add(name, problem string) { q.p.Add(name, problem) }

// CursorRule is the problem of a cursor this server did not issue, in the
// words govops.DecodeCursor uses for the cursors of the domains.
const CursorRule = "is not a cursor this server issued; start again without it"

// ImportRun is an import of a domain Service: the caller, the file and the
// mode, and the report of every row.
type ImportRun func(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error)

// Import serves a CSV import: the mode from the query, the body as
// text/csv, and the report of every bad row. An all-or-nothing import
// that found bad rows wrote nothing: it answers 422 with the problem's
// fields naming every problem ("row[3].month") and the full report in its
// "report" member. Any other error (a bad header, a store failure) is
// returned as is.
func Import(run ImportRun) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		q := NewQuery(req.URL)
		mode, name := q.ImportMode()
		if err := q.Err(); err != nil {
			return err
		}
		data, err := ReadCSV(w, req.Request)
		if err != nil {
			return err
		}
		ctx := req.Context()
		rep, err := run(ctx, Actor(ctx), bytes.NewReader(data), mode)
		return ImportAnswer(w, name, rep, err, nil)
	}
}

// ImportAnswer answers an import that ran in the mode named mode: 422 with
// the problem's fields naming every problem and the whole report when an
// all-or-nothing import found bad rows (an EINVALID error with a report),
// err as it is for any other error, and 200 with the report otherwise, in
// the shape body makes of it (nil: the ImportResult itself), for a domain
// whose answer carries more (an import batch).
func ImportAnswer(w http.ResponseWriter, mode string, rep *csvimport.Report, err error, body func(*ImportResult) any) error {
	if err != nil {
		var ge *govops.Error
		if rep != nil && errors.As(err, &ge) && ge.Code == govops.EINVALID {
			return &StatusError{Err: ge, Status: http.StatusUnprocessableEntity, Title: "Rows have problems",
				Report: importOut(mode, rep)}
		}
		return err
	}
	out := importOut(mode, rep)
	if body == nil {
		return WriteJSON(w, http.StatusOK, out)
	}
	return WriteJSON(w, http.StatusOK, body(out))
}
