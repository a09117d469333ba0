package csvimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/govops-kit/govops"
)

// Encoding is the character encoding of an import file.
type Encoding int

// Encodings. The zero value detects the encoding of each file.
const (
	// Detect reads a file as UTF-8 or GB18030 by its first SniffSize
	// bytes: see the package documentation.
	Detect Encoding = iota
	// UTF8 is UTF-8, with or without a byte order mark.
	UTF8
	// GB18030 is GB18030, which includes GBK and GB2312: what Excel on a
	// Chinese Windows writes.
	GB18030
)

// String returns "detect", "UTF-8" or "GB18030".
func (e Encoding) String() string {
	switch e {
	case Detect:
		return "detect"
	case UTF8:
		return "UTF-8"
	case GB18030:
		return "GB18030"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// SniffSize is how many bytes at the start of a file decide its encoding
// when it is detected: 64 KiB is some hundreds of rows, enough for Chinese
// text to appear in any file that has some, and little enough to hold
// while a stream is read once.
const SniffSize = 64 << 10

// Option changes how NewReader reads a file.
type Option func(*Reader)

// WithEncoding reads the file in encoding e instead of detecting it.
func WithEncoding(e Encoding) Option {
	return func(rd *Reader) { rd.enc = e }
}

// Reader reads the rows of one import file, one at a time. It holds one
// record and at most SniffSize bytes of the file, whatever its size.
type Reader struct {
	cols  Columns
	enc   Encoding
	csv   *csv.Reader
	names []string       // the column at each position of a record
	index map[string]int // the position of each column the header names
	// notText is the problem of a field whose bytes are not text in enc;
	// it says why the file is read in enc.
	notText string
	row     Row
	err     error // the error that ended the reading, io.EOF at the end
}

// NewReader reads the header line of r, which names some of cols, and
// returns a Reader of the rows after it. A file that is empty, unreadable,
// UTF-16, or whose header names an unknown column, a column twice, or not
// every required column, is an EINVALID error naming each problem: field
// "header[2]" for the third header cell, the column's name for a missing
// one, and "header" for the file as a whole.
func NewReader(r io.Reader, cols Columns, opts ...Option) (*Reader, error) {
	rd := &Reader{cols: cols}
	for _, o := range opts {
		o(rd)
	}
	in, err := rd.decode(r)
	if err != nil {
		return nil, err
	}
	rd.csv = csv.NewReader(in)
	rd.csv.FieldsPerRecord = -1
	rd.csv.ReuseRecord = true
	head, err := rd.csv.Read()
	if errors.Is(err, io.EOF) {
		return nil, govops.FieldError("header", "the file is empty: the first line must name the columns ("+strings.Join(cols.Names(), ",")+")")
	}
	if err != nil {
		return nil, govops.FieldError("header", "cannot read the header line: "+truncate(err.Error(), 200))
	}
	if rd.names, rd.index, err = cols.header(head); err != nil {
		return nil, err
	}
	rd.row.rd = rd
	return rd, nil
}

// decode returns r as UTF-8 text, choosing the encoding if it is to be
// detected, and sets notText to say why a field that is not text in it is
// bad.
func (rd *Reader) decode(r io.Reader) (io.Reader, error) {
	const (
		utf8BOM    = "\xef\xbb\xbf"
		gb18030BOM = "\x84\x31\x95\x33"
	)
	in := r
	if rd.enc == Detect {
		head, err := io.ReadAll(io.LimitReader(r, SniffSize))
		if err != nil {
			return nil, govops.FieldError("header", "cannot read the file: "+truncate(err.Error(), 200))
		}
		in = io.MultiReader(bytes.NewReader(head), r)
		switch {
		case bytes.HasPrefix(head, []byte(utf8BOM)):
			rd.enc, rd.notText = UTF8, "holds bytes that are not UTF-8 text, though the file starts with a UTF-8 byte order mark: save the whole file as UTF-8 (Excel: CSV UTF-8)"
		case bytes.HasPrefix(head, []byte(gb18030BOM)):
			rd.enc = GB18030
		case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
			return nil, govops.FieldError("header", "the file is UTF-16 text: save it as CSV UTF-8 (or CSV, which is GB18030 on a Chinese Windows)")
		case LooksUTF8(head, len(head) == SniffSize):
			rd.enc, rd.notText = UTF8, "holds bytes that are not UTF-8 text, though the start of the file is UTF-8: save the whole file in one encoding, UTF-8 or GB18030"
		default:
			rd.enc = GB18030
		}
	}
	switch rd.enc {
	case UTF8:
		if rd.notText == "" {
			rd.notText = "holds bytes that are not UTF-8 text: save the file as UTF-8 (Excel: CSV UTF-8)"
		}
		return in, nil
	case GB18030:
		rd.notText = "holds bytes that are not GB18030 text: save the whole file in one encoding, GB18030 or UTF-8"
		return transform.NewReader(in, simplifiedchinese.GB18030.NewDecoder()), nil
	}
	return nil, govops.Errorf(govops.EINVALID, "csvimport: unknown encoding %v", rd.enc).WithField("encoding", "must be Detect, UTF8 or GB18030")
}

// LooksUTF8 reports whether b, the first bytes of a file, is UTF-8: valid
// UTF-8 but for a rune cut short at its end when more may follow, or UTF-8
// with a few stray bytes, at most one for every maxStrayPer valid
// multi-byte runes. GB18030 text cannot pass for that: its two-byte
// characters often happen to form valid two-byte UTF-8 runes (已回访 is
// D2 D1 BB D8 B7 C3, of which D1 BB and D8 B7 are such runes), but the
// bytes between them do not: in GB18030 text, stray bytes outnumber such
// runes several times over (five to ten times in a work report of 10,000
// characters), and in a line of 已回访 they are as many. Reading a UTF-8 file with one stray byte as GB18030 instead would
// turn all its Chinese text into other characters.
//
// It is how a file of outside input (a CSV file, a dictionary) is told
// apart from GB18030 text, which is read otherwise.
func LooksUTF8(b []byte, more bool) bool {
	const maxStrayPer = 10
	runes, stray := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r != utf8.RuneError || size > 1:
			runes++
		case more && !utf8.FullRune(b[i:]):
			i = len(b) // a rune cut at the end: the rest of it follows
			continue
		default:
			stray++
		}
		i += size
	}
	return stray == 0 || stray*maxStrayPer <= runes
}

// Encoding returns the encoding the file is read in: the one chosen, or
// the one detected.
func (rd *Reader) Encoding() Encoding { return rd.enc }

// Has reports whether the header names column name, which lets an
// importer tell an optional column that is absent from one left empty.
func (rd *Reader) Has(name string) bool {
	_, ok := rd.index[name]
	return ok
}

// Header returns the names of the columns the header names, in the
// file's order: what a file holds, which an importer may record (and
// compare with what it expected) beside the rows it read.
func (rd *Reader) Header() []string { return slices.Clone(rd.names) }

// Rows returns the data rows of the file, in order, each read when the
// loop asks for it. A record that cannot be read as a row is yielded too,
// with Row.Errors saying why. An error reading the input ends the sequence,
// yielded with a nil Row: it is EINVALID, since it is the file that cannot
// be read. Rows reads on from where an earlier loop stopped.
//
// The Row is reused for the next record: keep the values Get returns, not
// the Row.
func (rd *Reader) Rows() iter.Seq2[*Row, error] {
	return func(yield func(*Row, error) bool) {
		for {
			row, err := rd.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

// next reads the next record into rd.row.
func (rd *Reader) next() (*Row, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	row := &rd.row
	row.rec, row.errs = nil, nil
	rec, err := rd.csv.Read()
	if err != nil {
		return rd.readError(err)
	}
	row.line, _ = rd.csv.FieldPos(0)
	if len(rec) != len(rd.names) {
		row.errs = []RowError{{Row: row.line, Problem: fmt.Sprintf("has %d fields but the header has %d", len(rec), len(rd.names))}}
		return row, nil
	}
	for i, v := range rec {
		if !rd.isText(v) {
			row.errs = append(row.errs, RowError{Row: row.line, Field: rd.names[i], Problem: rd.notText})
		}
	}
	if row.errs == nil {
		row.rec = rec
	}
	return row, nil
}

// readError returns the bad row a record the CSV reader refused makes, or
// ends the reading: at the end of the input, or when it cannot be read.
func (rd *Reader) readError(err error) (*Row, error) {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		rd.err = io.EOF
	case errors.As(err, &pe):
		rd.row.line = pe.StartLine
		rd.row.errs = []RowError{{Row: pe.StartLine, Problem: "not valid CSV: " + pe.Err.Error()}}
		return &rd.row, nil
	default:
		rd.err = govops.Errorf(govops.EINVALID, "cannot read the file: %w", err)
	}
	return nil, rd.err
}

// isText reports whether a field read from the file is text: valid UTF-8
// in a UTF-8 file, and free of the replacement character the GB18030
// decoder puts in place of bytes that are not GB18030.
func (rd *Reader) isText(v string) bool {
	if rd.enc == GB18030 {
		return !strings.ContainsRune(v, utf8.RuneError)
	}
	return utf8.ValidString(v)
}

// Row is one data record of a file.
type Row struct {
	rd   *Reader
	line int
	rec  []string // nil when the record is bad
	errs []RowError
}

// Line returns the line of the file the record starts on, the header being
// line 1. A quoted field may span lines: the record's line is its first.
func (r *Row) Line() int { return r.line }

// Errors returns the problems that keep the record from being read as a
// row, nil when there are none: it is not valid CSV, it has another number
// of fields than the header, or a field holds bytes that are not text in
// the file's encoding (one RowError per such field, naming its column).
// Get returns "" for every column of such a record.
func (r *Row) Errors() []RowError { return r.errs }

// Get returns the value of column name, with spaces around it trimmed:
// "" when the header does not name the column or the record is bad. It
// panics if name is not one of the Reader's Columns, which is a mistake in
// the importer, not in the file.
func (r *Row) Get(name string) string {
	i, ok := r.rd.index[name]
	if !ok {
		if !r.rd.cols.has(name) {
			panic("csvimport: Get of " + name + ", which is not one of the columns")
		}
		return ""
	}
	if r.rec == nil {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}
