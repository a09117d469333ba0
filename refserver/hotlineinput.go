package refserver

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/hotline"
)

// hotlineOn wraps a hotline handler: a Server without a hotline Service
// answers 404, after the route's token check.
func (s *Server) hotlineOn(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if s.hotline == nil {
			return govops.Errorf(govops.ENOTFOUND, "this server does not run the hotline assessment")
		}
		return next(w, req)
	}
}

const monthRule = "must be a month written as 2022-08"

// parseMonth reads a month written as "2022-08" (the API takes only that
// form; the CSV imports take more).
func parseMonth(field, s string) (hotline.Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return hotline.Month{}, govops.FieldError(field, monthRule)
	}
	m, err := hotline.ParseMonth(s)
	if err != nil {
		return hotline.Month{}, govops.FieldError(field, monthRule)
	}
	return m, nil
}

// month reads an optional month parameter.
func (q *query) month(name string) hotline.Month {
	v := q.one(name)
	if v == "" {
		return hotline.Month{}
	}
	m, err := parseMonth(name, v)
	if err != nil {
		q.p.Add(name, monthRule)
	}
	return m
}

// parseDecimal reads a decimal sent as a JSON string ("95.92"): digits with
// at most one point and an optional leading minus, at most 32 characters,
// no exponent (so that "1e999999" cannot cost memory). An empty string is
// zero when optional and a problem otherwise.
func parseDecimal(p *govops.Problems, field, s string, optional bool) decimal.Decimal {
	if s == "" {
		if !optional {
			p.Add(field, `is required: a decimal number as a string, e.g. "0.2"`)
		}
		return decimal.Zero
	}
	ok := len(s) <= 32
	points, digits := 0, 0
	for i := 0; i < len(s) && ok; i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		case c == '-' && i == 0:
		default:
			ok = false
		}
	}
	if !ok || points > 1 || digits == 0 {
		p.Addf(field, `%q is not a decimal number: write it as a string such as "95.92"`, govops.Truncate(s, 40))
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		p.Addf(field, `%q is not a decimal number: write it as a string such as "95.92"`, govops.Truncate(s, 40))
		return decimal.Zero
	}
	return d
}

// parseTime reads an RFC 3339 time in the years 1900 to 9999
// (govops.TimeInRange): a store could not read back one outside them.
func parseTime(p *govops.Problems, field, s string, required bool) time.Time {
	if s == "" {
		if required {
			p.Add(field, `is required: an RFC 3339 time such as "2026-03-02T10:30:00+08:00"`)
		}
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	switch {
	case err != nil:
		p.Add(field, `must be an RFC 3339 time such as "2026-03-02T10:30:00+08:00"`)
	case !govops.TimeInRange(t):
		p.Add(field, timeRangeRule)
	default:
		return t
	}
	return time.Time{}
}

// cursorRule is the problem of a cursor this server did not issue, in the
// words govops.DecodeCursor uses for the cursors of the domains.
const cursorRule = "is not a cursor this server issued; start again without it"

// pageLimit reads the limit parameter of a listing as a whole number. The
// Service decides which sizes it serves (govops.CheckLimit) and names
// "limit" when it refuses one.
func (q *query) pageLimit() int {
	s := q.one("limit")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.p.Add("limit", "must be a whole number")
	}
	return n
}

// importMode reads the mode parameter of an import: all-or-nothing (the
// default) or keep-good; the underscore spellings are accepted too.
func (q *query) importMode() (csvimport.Mode, string) {
	switch v := q.one("mode"); v {
	case "", "all-or-nothing", "all_or_nothing":
		return csvimport.AllOrNothing, "all-or-nothing"
	case "keep-good", "keep_good":
		return csvimport.KeepGood, "keep-good"
	default:
		q.p.Add("mode", `must be "all-or-nothing" (the default) or "keep-good"`)
		return "", ""
	}
}

// readCSV reads an import body: Content-Type text/csv, at most
// MaxBodyBytes, with a header of at most MaxCSVColumns columns.
func readCSV(w http.ResponseWriter, req *http.Request) ([]byte, error) {
	data, err := readBody(w, req, "text/csv", "the file")
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

// readBody reads a body of media type mt (any charset parameter aside), at
// most MaxBodyBytes long. what says, for the error, what the body holds.
func readBody(w http.ResponseWriter, req *http.Request, mt, what string) ([]byte, error) {
	got, _, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || got != mt {
		return nil, &statusError{
			err:    govops.FieldError("Content-Type", "must be "+mt+" (optionally with charset=utf-8): send "+what+" as the body"),
			status: http.StatusUnsupportedMediaType, title: "Unsupported media type",
		}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, req.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, bodyTooLarge()
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

// importAnswer writes the result of an import. An all-or-nothing import
// that found bad rows wrote nothing: it answers 422 with the problem's
// fields naming every problem ("row[3].month") and the full report in its
// "report" member. Any other error (a bad header, a store failure) is
// returned as is.
func importAnswer(w http.ResponseWriter, mode string, rep *csvimport.Report, err error) error {
	if err != nil {
		var ge *govops.Error
		if rep != nil && errors.As(err, &ge) && ge.Code == govops.EINVALID {
			return &statusError{err: ge, status: http.StatusUnprocessableEntity, title: "Rows have problems",
				report: importOut(mode, rep)}
		}
		return err
	}
	return writeJSON(w, http.StatusOK, importOut(mode, rep))
}
