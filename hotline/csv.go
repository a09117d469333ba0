package hotline

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
)

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
func CallbackColumns() []string { return callbackColumns().Names() }

func callbackColumns() csvimport.Columns {
	return csvimport.Columns{
		col("case_number", "案件编号", true), col("department", "部门", true), col("month", "考核月份", false),
		col("result", "回访结果", true), col("called_at", "回访时间", true), col("note", "备注", false),
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
func OutcomeColumns() []string { return outcomeColumns().Names() }

func outcomeColumns() csvimport.Columns {
	return csvimport.Columns{
		col("case_number", "案件编号", true), col("department", "部门", true), col("month", "考核月份", true),
		col("dispatched", "派单", true), col("accepted_on_time", "及时签收", true),
		col("resolved_on_time", "按时办结", true), col("returned", "回退", true), col("redone", "重办", true),
		col("replied", "已反馈", true),
	}
}

// PeerColumns are the columns of a peer results CSV:
//
//	district     (城区)    required: e.g. 柳北区
//	period       (期间)    required: a year (2022) or a month (2022-08)
//	score        (得分)    required: at most 2 decimals
//	satisfaction (满意率)  required: percent, at most 2 decimals; a trailing % is allowed
func PeerColumns() []string { return peerColumns().Names() }

func peerColumns() csvimport.Columns {
	return csvimport.Columns{
		col("district", "城区", true), col("period", "期间", true), col("score", "得分", true),
		col("satisfaction", "满意率", true),
	}
}

// col is a column with its Chinese header.
func col(name, chinese string, required bool) csvimport.Column {
	return csvimport.Column{Name: name, Aliases: []string{chinese}, Required: required}
}

// readCSV reads the rows of a CSV file with the given columns, each made a
// value by parse. keep is given each good row, and bad, when not nil, each
// bad one (with the zero value when its record could not be read). The
// problems of every bad row are returned; err is set only when the header
// is bad or the input cannot be read.
func readCSV[T any](r io.Reader, cols csvimport.Columns, parse func(*csvimport.Row, *govops.Problems) T,
	keep, bad func(csvimport.Parsed[T])) ([]csvimport.RowError, error) {
	rd, err := csvimport.NewReader(r, cols)
	if err != nil {
		return nil, err
	}
	var errs []csvimport.RowError
	for row, err := range csvimport.Parse(rd, parse) {
		switch {
		case err != nil:
			return nil, err
		case row.Errors == nil:
			keep(row)
		default:
			errs = append(errs, row.Errors...)
			if bad != nil {
				bad(row)
			}
		}
	}
	return errs, nil
}

// parseMonthField reads column month of row, if not empty, into m.
func parseMonthField(row *csvimport.Row, p *govops.Problems, m *Month) {
	if v := row.Get("month"); v != "" {
		var ok bool
		if *m, ok = parseMonth(v); !ok {
			p.Addf("month", "%q is not a month: write it as 2022-08", govops.Truncate(v, 40))
		}
	}
}

// CallbackRow is one parsed row of a callbacks CSV.
type CallbackRow struct {
	Row   int
	Input CallbackInput
}

// ParseCallbacksCSV reads a callbacks CSV (see CallbackColumns), in UTF-8
// or GB18030 (detected as csvimport does). It returns the rows that are
// valid, and a RowError for every problem of every other row; err is set
// only when the header is bad or the input cannot be read. It checks each
// row alone: duplicates within the file and against the store, calls in
// the future and departments that differ from a case's outcome are found
// by the import.
func ParseCallbacksCSV(r io.Reader) ([]CallbackRow, []csvimport.RowError, error) {
	var rows []CallbackRow
	errs, err := readCSV(r, callbackColumns(), parseCallback,
		func(p csvimport.Parsed[CallbackInput]) { rows = append(rows, CallbackRow{Row: p.Row, Input: p.Value}) }, nil)
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

func parseCallback(row *csvimport.Row, p *govops.Problems) CallbackInput {
	in := CallbackInput{CaseNumber: row.Get("case_number"), Department: row.Get("department"), Note: row.Get("note")}
	parseMonthField(row, p, &in.Month)
	if v := row.Get("result"); v != "" {
		res, err := ParseResult(v)
		if err != nil {
			p.Add("result", govops.ErrorFields(err)["result"])
		}
		in.Result = res
	}
	if v := row.Get("called_at"); v != "" {
		at, err := ParseTime(v)
		if err != nil {
			p.Add("called_at", govops.ErrorFields(err)["called_at"])
		}
		in.CalledAt = at
	}
	in.problems(p)
	return in
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
	return time.Time{}, govops.FieldError("called_at", fmt.Sprintf("%q is not a time: write 2022-08-03 10:30:00 (Beijing time) or RFC 3339", govops.Truncate(s, 40)))
}

// OutcomeRow is one parsed row of an outcomes CSV.
type OutcomeRow struct {
	Row   int
	Input OutcomeInput
}

// ParseOutcomesCSV reads an outcomes CSV (see OutcomeColumns), as
// ParseCallbacksCSV reads callbacks.
func ParseOutcomesCSV(r io.Reader) ([]OutcomeRow, []csvimport.RowError, error) {
	var rows []OutcomeRow
	errs, err := readCSV(r, outcomeColumns(), parseOutcome,
		func(p csvimport.Parsed[OutcomeInput]) { rows = append(rows, OutcomeRow{Row: p.Row, Input: p.Value}) }, nil)
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

func parseOutcome(row *csvimport.Row, p *govops.Problems) OutcomeInput {
	o := OutcomeInput{CaseNumber: row.Get("case_number"), Department: row.Get("department")}
	parseMonthField(row, p, &o.Month)
	for _, f := range []struct {
		name string
		dst  *bool
	}{
		{"dispatched", &o.Dispatched}, {"accepted_on_time", &o.AcceptedOnTime},
		{"resolved_on_time", &o.ResolvedOnTime}, {"returned", &o.Returned},
		{"redone", &o.Redone}, {"replied", &o.Replied},
	} {
		v, ok := csvimport.ParseBool(row.Get(f.name))
		if !ok {
			p.Addf(f.name, "%q is not a yes/no value: write true or false (1/0, 是/否)", govops.Truncate(row.Get(f.name), 40))
		}
		*f.dst = v
	}
	o.problems(p)
	return o
}

// PeerRow is one parsed row of a peer results CSV.
type PeerRow struct {
	Row    int
	Result PeerResult
}

// ParsePeerCSV reads a peer results CSV (see PeerColumns), as
// ParseCallbacksCSV reads callbacks.
func ParsePeerCSV(r io.Reader) ([]PeerRow, []csvimport.RowError, error) {
	rows, errs, _, err := parsePeerCSV(r)
	return rows, errs, err
}

// parsePeerCSV is ParsePeerCSV that also gives the period of each bad row
// whose period could be read, by line.
func parsePeerCSV(r io.Reader) ([]PeerRow, []csvimport.RowError, map[int]Period, error) {
	var rows []PeerRow
	badPeriods := map[int]Period{}
	errs, err := readCSV(r, peerColumns(), parsePeer,
		func(p csvimport.Parsed[PeerResult]) { rows = append(rows, PeerRow{Row: p.Row, Result: p.Value}) },
		func(p csvimport.Parsed[PeerResult]) {
			if p.Value.Period.Valid() {
				badPeriods[p.Row] = p.Value.Period
			}
		})
	if err != nil {
		return nil, nil, nil, err
	}
	return rows, errs, badPeriods, nil
}

func parsePeer(row *csvimport.Row, p *govops.Problems) PeerResult {
	pr := PeerResult{District: row.Get("district")}
	if v := row.Get("period"); v != "" {
		per, err := ParsePeriod(v)
		if err != nil {
			p.Add("period", govops.ErrorFields(err)["period"])
		} else {
			pr.Period = per
		}
	}
	pr.Score = parseNumber(p, "score", row.Get("score"))
	pr.Satisfaction = parseNumber(p, "satisfaction", strings.TrimSuffix(row.Get("satisfaction"), "%"))
	pr.problems(p)
	return pr
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
		p.Addf(field, "%q is not a number: write it like 95.92", govops.Truncate(v, 40))
		return decimal.Zero
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		p.Addf(field, "%q is not a number: write it like 95.92", govops.Truncate(v, 40))
		return decimal.Zero
	}
	return d
}
