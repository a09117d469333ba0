package datashare

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

// MaxJSONLine bounds one line of a JSON lines file, in bytes.
const MaxJSONLine = 1 << 20

// fileRow is one row of a mounted file, as read: its line, the value of
// each of the entry's items ("" for none), or the problems of a row that
// could not be read as one. The reader reuses it for the next row.
type fileRow struct {
	line int
	vals []string
	errs []csvimport.RowError
}

// fileRows is the sequence of a file's rows; it ends with an error when
// the file cannot be read on.
type fileRows func(yield func(*fileRow, error) bool)

// csvColumns returns the columns of a CSV file mounted into items: one per
// item, named by it, required when it is.
func csvColumns(items []Item) csvimport.Columns {
	cols := make(csvimport.Columns, len(items))
	for i, it := range items {
		cols[i] = csvimport.Column{Name: it.Name, Required: it.Required}
	}
	return cols
}

// csvRows reads the header of a CSV file at once (a bad one is an EINVALID
// error) and returns its columns, in the file's order, and its rows.
func csvRows(r io.Reader, items []Item, enc csvimport.Encoding) ([]string, fileRows, error) {
	cols := csvColumns(items)
	rd, err := csvimport.NewReader(r, cols, csvimport.WithEncoding(enc))
	if err != nil {
		return nil, nil, err
	}
	return rd.Header(), func(yield func(*fileRow, error) bool) {
		row := &fileRow{vals: make([]string, len(items))}
		for in, err := range rd.Rows() {
			if err != nil {
				yield(nil, err)
				return
			}
			row.line, row.errs = in.Line(), in.Errors()
			for i := range cols {
				row.vals[i] = in.Get(cols[i].Name)
			}
			if !yield(row, nil) {
				return
			}
		}
	}, nil
}

// jsonFile reads a JSON lines file: one object per line whose keys are
// item names and whose values are strings, numbers or booleans (null is
// no value). Blank lines are skipped; a row is numbered by its line.
type jsonFile struct {
	items []Item
	index map[string]int
	// seen records which items some line named: the file's columns.
	seen []bool
}

func newJSONFile(items []Item) *jsonFile {
	f := &jsonFile{items: items, index: make(map[string]int, len(items)), seen: make([]bool, len(items))}
	for i, it := range items {
		f.index[it.Name] = i
	}
	return f
}

// columns returns the names of the items some line named, in item order.
func (f *jsonFile) columns() []string {
	var out []string
	for i, ok := range f.seen {
		if ok {
			out = append(out, f.items[i].Name)
		}
	}
	return out
}

// rows returns the rows of r.
func (f *jsonFile) rows(r io.Reader) fileRows {
	return func(yield func(*fileRow, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		row := &fileRow{vals: make([]string, len(f.items))}
		for line := 1; ; line++ {
			b, err := readLine(br)
			if err == io.EOF && len(b) == 0 {
				return
			}
			if err != nil && err != io.EOF {
				yield(nil, err)
				return
			}
			if len(bytes.TrimSpace(b)) == 0 {
				continue
			}
			f.parse(row, line, b)
			if !yield(row, nil) {
				return
			}
		}
	}
}

// readLine returns the next line of br without its line break, or an
// EINVALID error for a line longer than MaxJSONLine.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		part, err := br.ReadSlice('\n')
		if len(buf)+len(part) > MaxJSONLine {
			return nil, govops.Errorf(govops.EINVALID, "a line is longer than %d bytes: write one record per line", MaxJSONLine).
				WithField("body", "has a line longer than 1 MiB")
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			buf = append(buf, part...)
			continue
		}
		if buf != nil {
			part = append(buf, part...)
		}
		if err != nil && err != io.EOF {
			return nil, govops.Errorf(govops.EINTERNAL, "read the file: %w", err)
		}
		return bytes.TrimRight(part, "\r\n"), err
	}
}

// parse reads line b into row: its values, or what keeps it from being a
// record.
func (f *jsonFile) parse(row *fileRow, line int, b []byte) {
	row.line, row.errs = line, nil
	clear(row.vals)
	bad := func(field, problem string) {
		row.errs = append(row.errs, csvimport.RowError{Row: line, Field: field, Problem: problem})
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		bad("", "is not a JSON object: write one object per line, such as {\"name\": \"value\"}")
		return
	}
	given := make([]bool, len(f.items))
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			bad("", "is not valid JSON: "+jsonProblem(err))
			return
		}
		key, _ := t.(string)
		v, err := jsonValue(dec)
		if err != nil {
			bad("", "is not valid JSON: "+jsonProblem(err))
			return
		}
		i, ok := f.index[key]
		switch {
		case !ok:
			bad(govops.Truncate(key, MaxItemNameLen), fmt.Sprintf("is not an item of the entry: the items are %s", itemNames(f.items)))
		case given[i]:
			bad(key, "appears twice in the object")
		case v.problem != "":
			bad(key, v.problem)
		default:
			given[i], f.seen[i] = true, true
			row.vals[i] = strings.TrimSpace(v.text)
		}
	}
	if _, err := dec.Token(); err != nil {
		bad("", "is not valid JSON: "+jsonProblem(err))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		bad("", "holds more than one JSON value: write one record per line")
	}
}

// jsonScalar is a value of a JSON line, as text, or why it is not one.
type jsonScalar struct {
	text    string
	problem string
}

// jsonValue reads the next value of dec: a string, a number (its text), a
// boolean ("true", "false") or null (""). An object or an array is read
// whole and refused.
func jsonValue(dec *json.Decoder) (jsonScalar, error) {
	t, err := dec.Token()
	if err != nil {
		return jsonScalar{}, err
	}
	switch v := t.(type) {
	case string:
		return jsonScalar{text: v}, nil
	case json.Number:
		return jsonScalar{text: string(v)}, nil
	case bool:
		if v {
			return jsonScalar{text: "true"}, nil
		}
		return jsonScalar{text: "false"}, nil
	case nil:
		return jsonScalar{}, nil
	case json.Delim:
		for depth := 1; depth > 0; {
			t, err := dec.Token()
			if err != nil {
				return jsonScalar{}, err
			}
			switch t {
			case json.Delim('{'), json.Delim('['):
				depth++
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
		}
		return jsonScalar{problem: "is an object or an array: write a string, a number or a boolean"}, nil
	}
	return jsonScalar{}, fmt.Errorf("unexpected %v", t)
}

// jsonProblem says what a JSON decoding error means, cut short: the input
// is not echoed at length.
func jsonProblem(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the line ends before the object does"
	}
	return govops.Truncate(strings.TrimPrefix(err.Error(), "json: "), 200)
}

// itemNames lists the names of items for a message.
func itemNames(items []Item) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(it.Name)
		if b.Len() > 400 {
			b.WriteString(", …")
			break
		}
	}
	return b.String()
}
