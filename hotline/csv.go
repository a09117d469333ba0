package hotline

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

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

// String returns "row 3, month: …".
func (e RowError) String() string {
	if e.Field == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Problem)
	}
	return fmt.Sprintf("row %d, %s: %s", e.Row, e.Field, e.Problem)
}

// column describes one CSV column: its name, the Chinese header that may be
// used instead, and whether it must be present.
type column struct {
	name     string
	alias    string
	required bool
}

// CallbackColumns are the columns of a callbacks CSV, in their usual order:
//
//	case_number (案件编号)  required
//	department  (部门)      required: the department code
//	month       (考核月份)  optional: 2022-08; empty means the month of called_at
//	result      (回访结果)  required: an English code (satisfied) or a label (满意, 未接通)
//	called_at   (回访时间)  required: RFC 3339, or "2022-08-03 10:30[:00]" in Asia/Shanghai
//	note        (备注)      optional
//
// Columns may come in any order; a header may use the Chinese names. An
// unknown or repeated column makes the whole file invalid.
func CallbackColumns() []string { return names(callbackColumns()) }

func callbackColumns() []column {
	return []column{
		{"case_number", "案件编号", true}, {"department", "部门", true}, {"month", "考核月份", false},
		{"result", "回访结果", true}, {"called_at", "回访时间", true}, {"note", "备注", false},
	}
}

// OutcomeColumns are the columns of an outcomes CSV:
//
//	case_number (案件编号)  required
//	department  (部门)      required
//	month       (考核月份)  required: 2022-08
//	dispatched, accepted_on_time, resolved_on_time, returned, redone, replied
//	            (派单, 及时签收, 按时办结, 回退, 重办, 已反馈): required flags,
//	            each true/false, 1/0, yes/no, y/n or 是/否
func OutcomeColumns() []string { return names(outcomeColumns()) }

func outcomeColumns() []column {
	return []column{
		{"case_number", "案件编号", true}, {"department", "部门", true}, {"month", "考核月份", true},
		{"dispatched", "派单", true}, {"accepted_on_time", "及时签收", true},
		{"resolved_on_time", "按时办结", true}, {"returned", "回退", true}, {"redone", "重办", true},
		{"replied", "已反馈", true},
	}
}

// PeerColumns are the columns of a peer results CSV:
//
//	district     (城区)    required: e.g. 柳北区
//	period       (期间)    required: a year (2022) or a month (2022-08)
//	score        (得分)    required: at most 2 decimals
//	satisfaction (满意率)  required: percent, at most 2 decimals; a trailing % is allowed
func PeerColumns() []string { return names(peerColumns()) }

func peerColumns() []column {
	return []column{
		{"district", "城区", true}, {"period", "期间", true}, {"score", "得分", true},
		{"satisfaction", "满意率", true},
	}
}

func names(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

// csvTable reads a CSV file whose header names some of cols.
type csvTable struct {
	r     *csv.Reader
	cols  []column
	index map[string]int // column name → position in the record
	width int
}

// openCSV reads and checks the header. A header problem is an EINVALID
// error naming each bad column, since no row can be read without it.
func openCSV(rd io.Reader, cols []column) (*csvTable, error) {
	r := csv.NewReader(rd)
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, govops.FieldError("header", "the file is empty: the first line must name the columns ("+strings.Join(names(cols), ",")+")")
	}
	if err != nil {
		return nil, govops.FieldError("header", "cannot read the header line: "+truncate(err.Error(), 200))
	}
	t := &csvTable{r: r, cols: cols, index: map[string]int{}, width: len(head)}
	var p govops.Problems
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		name := ""
		for _, c := range cols {
			if strings.EqualFold(h, c.name) || h == c.alias {
				name = c.name
			}
		}
		switch {
		case name == "":
			p.Addf(fmt.Sprintf("header[%d]", i), "unknown column %q: the columns are %s", truncate(h, 40), strings.Join(names(cols), ", "))
		case t.has(name):
			p.Addf(fmt.Sprintf("header[%d]", i), "column %s appears twice", name)
		default:
			t.index[name] = i
		}
	}
	for _, c := range cols {
		if c.required && !t.has(c.name) {
			p.Add(c.name, "the header lacks this required column")
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *csvTable) has(name string) bool { _, ok := t.index[name]; return ok }

// next returns the next record and the line it starts on. ok is false at
// the end. A record the CSV reader rejects, or one of the wrong width, is
// reported in rowErr and skipped; err is an error reading the input.
func (t *csvTable) next() (rec []string, line int, rowErr *RowError, ok bool, err error) {
	rec, err = t.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, nil, false, nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, pe.StartLine, &RowError{Row: pe.StartLine, Problem: "not valid CSV: " + pe.Err.Error()}, true, nil
	}
	if err != nil {
		return nil, 0, nil, false, govops.Errorf(govops.EINVALID, "cannot read the file: %w", err)
	}
	line, _ = t.r.FieldPos(0)
	if len(rec) != t.width {
		return nil, line, &RowError{Row: line, Problem: fmt.Sprintf("has %d fields but the header has %d", len(rec), t.width)}, true, nil
	}
	return rec, line, nil, true, nil
}

// get returns the trimmed value of column name in rec ("" if absent).
func (t *csvTable) get(rec []string, name string) string {
	i, ok := t.index[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// rowErrors turns the problems of one row into RowErrors in column order.
func rowErrors(row int, p *govops.Problems, cols []column) []RowError {
	fields := govops.ErrorFields(p.Err())
	if len(fields) == 0 {
		return nil
	}
	order := map[string]int{}
	for i, c := range cols {
		order[c.name] = i
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		if iok != jok {
			return iok
		}
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
	out := make([]RowError, len(keys))
	for i, k := range keys {
		out[i] = RowError{Row: row, Field: k, Problem: fields[k]}
	}
	return out
}

// readCSV reads every record of a CSV with the given columns. build turns
// a record into a value, recording each field's problem in p; rows with a
// problem become RowErrors, the others are passed to keep with their line.
// reject, when not nil, is given each row that had a problem after build
// made its value (not the records the CSV reader refused).
func readCSV[T any](r io.Reader, cols []column, build func(t *csvTable, rec []string, p *govops.Problems) T, keep, reject func(line int, v T)) ([]RowError, error) {
	t, err := openCSV(r, cols)
	if err != nil {
		return nil, err
	}
	var errs []RowError
	for {
		rec, line, rowErr, ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return errs, nil
		}
		if rowErr != nil {
			errs = append(errs, *rowErr)
			continue
		}
		var p govops.Problems
		v := build(t, rec, &p)
		if !p.Empty() {
			errs = append(errs, rowErrors(line, &p, cols)...)
			if reject != nil {
				reject(line, v)
			}
			continue
		}
		keep(line, v)
	}
}

// CallbackRow is one parsed row of a callbacks CSV.
type CallbackRow struct {
	Row   int
	Input CallbackInput
}

// ParseCallbacksCSV reads a callbacks CSV (see CallbackColumns). It returns
// the rows that are valid, and a RowError for every problem of every other
// row; err is set only when the header is bad or the input cannot be read.
// It checks each row alone: duplicates within the file and against the
// store, calls in the future and departments that differ from a case's
// outcome are found by the import.
func ParseCallbacksCSV(r io.Reader) ([]CallbackRow, []RowError, error) {
	var rows []CallbackRow
	errs, err := readCSV(r, callbackColumns(), func(t *csvTable, rec []string, p *govops.Problems) CallbackInput {
		in := CallbackInput{CaseNumber: t.get(rec, "case_number"), Department: t.get(rec, "department"),
			Note: t.get(rec, "note")}
		if v := t.get(rec, "month"); v != "" {
			m, ok := parseMonth(v)
			if !ok {
				p.Addf("month", "%q is not a month: write it as 2022-08", truncate(v, 40))
			}
			in.Month = m
		}
		if v := t.get(rec, "result"); v != "" {
			res, err := ParseResult(v)
			if err != nil {
				p.Add("result", govops.ErrorFields(err)["result"])
			}
			in.Result = res
		}
		if v := t.get(rec, "called_at"); v != "" {
			at, err := ParseTime(v)
			if err != nil {
				p.Add("called_at", govops.ErrorFields(err)["called_at"])
			}
			in.CalledAt = at
		}
		in.problems(p)
		return in
	}, func(line int, in CallbackInput) { rows = append(rows, CallbackRow{Row: line, Input: in}) }, nil)
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

// ParseTime reads a time as RFC 3339, or as "2006-01-02 15:04:05",
// "2006-01-02 15:04", "2006-01-02T15:04:05" or "2006/01/02 15:04:05" in
// Asia/Shanghai. It returns EINVALID naming the field "called_at" otherwise.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006/01/02 15:04:05", "2006/01/02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, govops.ShanghaiLocation()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, govops.FieldError("called_at", fmt.Sprintf("%q is not a time: write 2022-08-03 10:30:00 (Beijing time) or RFC 3339", truncate(s, 40)))
}

// ParseBool reads true/false, 1/0, yes/no, y/n, t/f or 是/否 (case-insensitive).
func ParseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "y", "t", "是":
		return true, true
	case "false", "0", "no", "n", "f", "否":
		return false, true
	}
	return false, false
}

// OutcomeRow is one parsed row of an outcomes CSV.
type OutcomeRow struct {
	Row     int
	Outcome Outcome
}

// ParseOutcomesCSV reads an outcomes CSV (see OutcomeColumns), as
// ParseCallbacksCSV reads callbacks.
func ParseOutcomesCSV(r io.Reader) ([]OutcomeRow, []RowError, error) {
	var rows []OutcomeRow
	errs, err := readCSV(r, outcomeColumns(), func(t *csvTable, rec []string, p *govops.Problems) Outcome {
		o := Outcome{CaseNumber: t.get(rec, "case_number"), Department: t.get(rec, "department")}
		if v := t.get(rec, "month"); v != "" {
			m, ok := parseMonth(v)
			if !ok {
				p.Addf("month", "%q is not a month: write it as 2022-08", truncate(v, 40))
			}
			o.Month = m
		}
		for _, f := range []struct {
			name string
			dst  *bool
		}{
			{"dispatched", &o.Dispatched}, {"accepted_on_time", &o.AcceptedOnTime},
			{"resolved_on_time", &o.ResolvedOnTime}, {"returned", &o.Returned},
			{"redone", &o.Redone}, {"replied", &o.Replied},
		} {
			v, ok := ParseBool(t.get(rec, f.name))
			if !ok {
				p.Addf(f.name, "%q is not a yes/no value: write true or false (1/0, 是/否)", truncate(t.get(rec, f.name), 40))
			}
			*f.dst = v
		}
		o.problems(p)
		return o
	}, func(line int, o Outcome) { rows = append(rows, OutcomeRow{Row: line, Outcome: o}) }, nil)
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

// PeerRow is one parsed row of a peer results CSV.
type PeerRow struct {
	Row    int
	Result PeerResult
}

// ParsePeerCSV reads a peer results CSV (see PeerColumns), as
// ParseCallbacksCSV reads callbacks.
func ParsePeerCSV(r io.Reader) ([]PeerRow, []RowError, error) {
	rows, errs, _, err := parsePeerCSV(r)
	return rows, errs, err
}

// parsePeerCSV is ParsePeerCSV that also gives the period of each bad row
// whose period could be read, by line.
func parsePeerCSV(r io.Reader) ([]PeerRow, []RowError, map[int]Period, error) {
	var rows []PeerRow
	badPeriods := map[int]Period{}
	errs, err := readCSV(r, peerColumns(), func(t *csvTable, rec []string, p *govops.Problems) PeerResult {
		pr := PeerResult{District: t.get(rec, "district"), Score: decimal.Zero, Satisfaction: decimal.Zero}
		if v := t.get(rec, "period"); v != "" {
			per, err := ParsePeriod(v)
			if err != nil {
				p.Add("period", govops.ErrorFields(err)["period"])
			} else {
				pr.Period = per
			}
		}
		pr.Score = parseNumber(p, "score", t.get(rec, "score"))
		pr.Satisfaction = parseNumber(p, "satisfaction", strings.TrimSuffix(t.get(rec, "satisfaction"), "%"))
		pr.problems(p)
		return pr
	}, func(line int, pr PeerResult) { rows = append(rows, PeerRow{Row: line, Result: pr}) },
		func(line int, pr PeerResult) {
			if pr.Period.Valid() {
				badPeriods[line] = pr.Period
			}
		})
	if err != nil {
		return nil, nil, nil, err
	}
	return rows, errs, badPeriods, nil
}

// parseNumber reads a plain decimal number (digits, one point, an optional
// sign); exponents are refused, so that "1e999999" cannot blow up memory.
func parseNumber(p *govops.Problems, field, v string) decimal.Decimal {
	bad := v == "" || len(v) > 32
	for i := 0; i < len(v) && !bad; i++ {
		c := v[i]
		bad = !(c >= '0' && c <= '9') && c != '.' && !(i == 0 && (c == '-' || c == '+'))
	}
	if bad {
		p.Addf(field, "%q is not a number: write it like 95.92", truncate(v, 40))
		return decimal.Zero
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		p.Addf(field, "%q is not a number: write it like 95.92", truncate(v, 40))
		return decimal.Zero
	}
	return d
}
