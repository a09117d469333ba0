package license

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
)

// FileFormat is the format of a records file.
type FileFormat string

// Record file formats.
const (
	FormatCSV       FileFormat = "csv"   // see RecordColumns
	FormatJSONLines FileFormat = "jsonl" // one JSON object per line, with the names of RecordColumns as keys
)

// RecordColumns returns the columns of a records file, in their usual
// order. In CSV, a header may use the Chinese names; face is a JSON
// object of the face-data values ({"姓名":"张三"}), or empty. In JSON
// lines, each line is an object with these keys, face an object of
// strings:
//
//	identifier       (证照标识)         optional: issued when left out
//	number           (证照编号)         required
//	type             (证照类型代码)     required
//	issue_date       (颁证日期, 发证日期) required: 2022-03-01, 2022/3/1 or 20220301
//	valid_from       (有效期起始)       optional: the issue date when left out
//	valid_to         (有效期截止)       as the type's validity asks
//	issuer           (颁证单位)         required
//	issuer_code      (颁证单位代码)     required: a USCC
//	department       (部门编码)         the department that issues it: optional for a department's own import
//	holder           (持证主体)         required
//	holder_code_type (持证主体代码类型) required: 001, 111, … (see HolderCodeType)
//	holder_code      (持证主体代码)     required
//	state            (证照状态)         optional: valid unless given, by code or label (有效, 注销, …)
//	previous         (原证照标识)       optional: the identifier it re-issues
//	face             (照面信息)         optional: face data
func RecordColumns() []string { return recordColumns().Names() }

func recordColumns() csvimport.Columns {
	return csvimport.Columns{
		{Name: "identifier", Aliases: []string{"证照标识"}},
		{Name: "number", Aliases: []string{"证照编号"}, Required: true},
		{Name: "type", Aliases: []string{"证照类型代码"}, Required: true},
		{Name: "issue_date", Aliases: []string{"颁证日期", "发证日期"}, Required: true},
		{Name: "valid_from", Aliases: []string{"有效期起始", "有效期自"}},
		{Name: "valid_to", Aliases: []string{"有效期截止", "有效期至"}},
		{Name: "issuer", Aliases: []string{"颁证单位", "发证机关"}, Required: true},
		{Name: "issuer_code", Aliases: []string{"颁证单位代码", "发证机关代码"}, Required: true},
		{Name: "department", Aliases: []string{"部门编码", "部门"}},
		{Name: "holder", Aliases: []string{"持证主体"}, Required: true},
		{Name: "holder_code_type", Aliases: []string{"持证主体代码类型"}, Required: true},
		{Name: "holder_code", Aliases: []string{"持证主体代码"}, Required: true},
		{Name: "state", Aliases: []string{"证照状态"}},
		{Name: "previous", Aliases: []string{"原证照标识"}},
		{Name: "face", Aliases: []string{"照面信息"}},
	}
}

// ImportOptions says how an import reads its file and what it writes.
type ImportOptions struct {
	// Mode is csvimport.AllOrNothing (the default, for "") or
	// csvimport.KeepGood.
	Mode csvimport.Mode
	// Format is FormatCSV (the default, for "") or FormatJSONLines; types
	// are imported from CSV only.
	Format FileFormat
	// Encoding is a CSV file's encoding; the zero value detects UTF-8 or
	// GB18030 (see csvimport).
	Encoding csvimport.Encoding
	// IDMode is how holder codes, issuer codes and identifiers are
	// checked: idcode.Strict (the default) refuses a wrong check character;
	// idcode.Warn keeps the row with a warning, for registers that hold
	// early codes whose check characters fail.
	IDMode idcode.Mode
	// Department is the department of rows that name none; a department
	// importing its own records may leave it out.
	Department string
	// Source names the file, for the batch.
	Source string
}

// importChunk is how many rows go to the Store at once.
const importChunk = 2000

// MaxJSONLine bounds one line of a JSON lines file, in bytes.
const MaxJSONLine = 1 << 20

// ImportRecords imports license records from a CSV or JSON lines file
// (see RecordColumns), streaming: rows are read, checked and written in
// chunks inside one Store import, so that a file of millions of rows is
// never held in memory. Each row is checked as CreateRecord checks it,
// holder codes and identifiers in opts.IDMode, against the catalog read
// once before the first row (a type added meanwhile is not seen), and
// each record gets its identifier if it has none and names the batch.
//
// Every bad row is reported with each of its problems, a row whose
// identifier, number or single valid license another row or a stored
// record takes included. With csvimport.AllOrNothing and any bad row
// nothing is stored and the report comes with an EINVALID error; with
// csvimport.KeepGood the good rows are stored. Either way they become
// visible together, with their Batch, when the import commits; a failure
// or a cancelled context before then leaves nothing behind.
//
// The center imports for any department; a department only its own rows
// (a row of another department is a bad row). A header problem, or a line
// of a JSON lines file longer than MaxJSONLine, is an error without a
// report.
func (s *Service) ImportRecords(ctx context.Context, by govops.Actor, r io.Reader, opts ImportOptions) (csvimport.Report, uuid.UUID, error) {
	if err := by.MayWrite("import license records"); err != nil {
		return csvimport.Report{}, uuid.Nil, err
	}
	mode, err := checkImportOptions(&opts)
	if err != nil {
		return csvimport.Report{}, uuid.Nil, err
	}
	if opts.Department == "" {
		opts.Department = by.Department
	}
	var p govops.Problems
	if opts.Department != "" {
		govops.CheckCode(&p, "department", opts.Department)
	}
	if err := p.Err(); err != nil {
		return csvimport.Report{}, uuid.Nil, err
	}
	if by.Department != "" && opts.Department != by.Department {
		return csvimport.Report{}, uuid.Nil, govops.Errorf(govops.EFORBIDDEN, "department %s imports only its own records", by.Department).
			WithField("department", "must be "+by.Department+" or left out")
	}
	rows, err := recordRows(r, opts)
	if err != nil {
		return csvimport.Report{}, uuid.Nil, err
	}
	c := s.newChecker(opts.IDMode)
	if err := c.preload(ctx); err != nil {
		return csvimport.Report{}, uuid.Nil, err
	}
	batch, err := uuid.NewV7()
	if err != nil {
		return csvimport.Report{}, uuid.Nil, govops.Errorf(govops.EINTERNAL, "generate id: %w", err)
	}
	im := &recordImport{s: s, by: by, c: c, opts: opts, batch: batch, cols: recordColumns()}
	if err := im.run(ctx, rows); err != nil {
		return csvimport.Report{}, uuid.Nil, err
	}
	im.rep.Sort()
	if err := im.rep.Err(mode); err != nil {
		return im.rep, uuid.Nil, err
	}
	return im.rep, batch, nil
}

// checkImportOptions checks the mode and format of opts, filling their
// defaults, and returns the mode.
func checkImportOptions(opts *ImportOptions) (csvimport.Mode, error) {
	var p govops.Problems
	if opts.Mode == "" {
		opts.Mode = csvimport.AllOrNothing
	}
	if !opts.Mode.Valid() {
		p.Add("mode", `must be "all_or_nothing" or "keep_good"`)
	}
	if opts.Format == "" {
		opts.Format = FormatCSV
	}
	if opts.Format != FormatCSV && opts.Format != FormatJSONLines {
		p.Add("format", `must be "csv" or "jsonl"`)
	}
	if opts.IDMode != idcode.Strict && opts.IDMode != idcode.Warn {
		p.Add("id_mode", `must be strict or warn`)
	}
	govops.CheckText(&p, "source", opts.Source, MaxNameLen, false)
	return opts.Mode, p.Err()
}

// inRow is one row of a records file, read: its line, what it says, the
// problems of its cells (checked further with the others), or the errors
// of a row that could not be read at all.
type inRow struct {
	line int
	in   RecordInput
	p    govops.Problems
	errs []csvimport.RowError
}

// recordRows returns the rows of a records file as a sequence that ends
// with an error when the file cannot be read on.
func recordRows(r io.Reader, opts ImportOptions) (func(yield func(inRow, error) bool), error) {
	if opts.Format == FormatJSONLines {
		return jsonRows(r), nil
	}
	cols := recordColumns()
	rd, err := csvimport.NewReader(r, cols, csvimport.WithEncoding(opts.Encoding))
	if err != nil {
		return nil, err
	}
	return func(yield func(inRow, error) bool) {
		for row, err := range rd.Rows() {
			if err != nil {
				yield(inRow{}, err)
				return
			}
			r := inRow{line: row.Line(), errs: row.Errors()}
			if r.errs == nil {
				r.in = parseRecordRow(row, &r.p)
			}
			if !yield(r, nil) {
				return
			}
		}
	}, nil
}

// parseRecordRow reads one CSV row, recording the problems of its cells.
func parseRecordRow(row *csvimport.Row, p *govops.Problems) RecordInput {
	in := RecordInput{Identifier: row.Get("identifier"), Number: row.Get("number"), Type: row.Get("type"),
		Issuer: row.Get("issuer"), IssuerCode: row.Get("issuer_code"), Department: row.Get("department"),
		Holder: row.Get("holder"), HolderCodeType: HolderCodeType(strings.TrimSpace(row.Get("holder_code_type"))),
		HolderCode: row.Get("holder_code"), Previous: row.Get("previous")}
	in.IssueDate = cellDay(p, "issue_date", row.Get("issue_date"))
	in.ValidFrom = cellDay(p, "valid_from", row.Get("valid_from"))
	in.ValidTo = cellDay(p, "valid_to", row.Get("valid_to"))
	in.State = cellState(p, row.Get("state"))
	if v := strings.TrimSpace(row.Get("face")); v != "" {
		if err := json.Unmarshal([]byte(v), &in.Face); err != nil {
			p.Add("face", `must be a JSON object of text values, such as {"姓名":"张三"}`)
		}
	}
	return in
}

// cellState reads a state cell: empty is valid.
func cellState(p *govops.Problems, v string) State {
	v = strings.TrimSpace(v)
	if v == "" {
		return StateValid
	}
	st, ok := ParseState(v)
	if !ok {
		p.Addf("state", "%s is not a state: use %s", quote(v), stateChoices())
	}
	return st
}

// cellDay reads a date cell: 2022-03-01, 2022/3/1, 2022.3.1 or 20220301;
// empty is the zero time.
func cellDay(p *govops.Problems, field, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	t, ok := ParseDay(v)
	if !ok {
		p.Addf(field, "%s is not a date: write 2022-03-01", quote(v))
	}
	return t
}

// ParseDay reads a date as registers write it: 2022-03-01, 2022/3/1,
// 2022.3.1, 20220301 or 2022年3月1日. ok is false for anything else, a
// day that does not exist included.
func ParseDay(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if len(v) == 8 && strings.Trim(v, "0123456789") == "" {
		t, err := time.Parse("20060102", v)
		return t, err == nil
	}
	v = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(v)
	t, err := time.Parse("2006-1-2", v)
	return t, err == nil
}

// recordJSON is one line of a JSON lines records file.
type recordJSON struct {
	Identifier     string            `json:"identifier"`
	Number         string            `json:"number"`
	Type           string            `json:"type"`
	IssueDate      string            `json:"issue_date"`
	ValidFrom      string            `json:"valid_from"`
	ValidTo        string            `json:"valid_to"`
	Issuer         string            `json:"issuer"`
	IssuerCode     string            `json:"issuer_code"`
	Department     string            `json:"department"`
	Holder         string            `json:"holder"`
	HolderCodeType string            `json:"holder_code_type"`
	HolderCode     string            `json:"holder_code"`
	State          string            `json:"state"`
	Previous       string            `json:"previous"`
	Face           map[string]string `json:"face"`
}

// jsonRows reads a JSON lines file; blank lines are skipped, and each row
// is numbered by its line.
func jsonRows(r io.Reader) func(yield func(inRow, error) bool) {
	return func(yield func(inRow, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		for line := 1; ; line++ {
			b, err := readLine(br)
			if err == io.EOF && len(b) == 0 {
				return
			}
			if err != nil && err != io.EOF {
				yield(inRow{}, err)
				return
			}
			if len(bytes.TrimSpace(b)) == 0 {
				continue
			}
			if !yield(jsonRow(line, b), nil) {
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
		buf = append(buf, part...)
		if len(buf) > MaxJSONLine {
			return nil, govops.Errorf(govops.EINVALID, "a line is longer than %d bytes: one license record per line", MaxJSONLine).WithField("body", "line too long")
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

// jsonRow reads one line of a JSON lines file.
func jsonRow(line int, b []byte) inRow {
	var j recordJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return inRow{line: line, errs: []csvimport.RowError{{Row: line, Problem: "not a JSON object of a license record: " + jsonProblem(err)}}}
	}
	if dec.More() {
		return inRow{line: line, errs: []csvimport.RowError{{Row: line, Problem: "holds more than one JSON value: one license record per line"}}}
	}
	r := inRow{line: line}
	p := &r.p
	in := RecordInput{Identifier: j.Identifier, Number: j.Number, Type: j.Type, Issuer: j.Issuer, IssuerCode: j.IssuerCode,
		Department: j.Department, Holder: j.Holder, HolderCodeType: HolderCodeType(j.HolderCodeType), HolderCode: j.HolderCode,
		Previous: j.Previous, Face: j.Face}
	in.IssueDate = cellDay(p, "issue_date", j.IssueDate)
	in.ValidFrom = cellDay(p, "valid_from", j.ValidFrom)
	in.ValidTo = cellDay(p, "valid_to", j.ValidTo)
	in.State = cellState(p, j.State)
	r.in = in
	return r
}

// jsonProblem says what a JSON decoding error means, without echoing the
// input.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s must be %s", te.Field, te.Type.String())
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		return "unknown field " + strings.TrimPrefix(msg, "json: unknown field ") + ": use " + strings.Join(RecordColumns(), ", ")
	}
	return govops.Truncate(msg, 200)
}
