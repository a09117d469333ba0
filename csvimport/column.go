package csvimport

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/govops-kit/govops"
)

// Column describes one column of an import file.
type Column struct {
	// Name is the column's English code (case_number). A header cell
	// matches it whatever its case.
	Name string
	// Aliases are other headers that name the column, such as its Chinese
	// name (案件编号). A header cell matches an alias exactly, once spaces
	// and a byte order mark are trimmed.
	Aliases []string
	// Required says whether the header must name the column.
	Required bool
}

// Columns are the columns of one kind of import file, in their usual
// order. The order is the order in which a row's problems are reported.
type Columns []Column

// Names returns the English name of each column, in order.
func (cs Columns) Names() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// has reports whether name is the name of one of cs.
func (cs Columns) has(name string) bool {
	return slices.ContainsFunc(cs, func(c Column) bool { return c.Name == name })
}

// match returns the name of the column that header cell h names, "" if
// none. h is already trimmed.
func (cs Columns) match(h string) string {
	for _, c := range cs {
		if strings.EqualFold(h, c.Name) || slices.Contains(c.Aliases, h) {
			return c.Name
		}
	}
	return ""
}

// header checks a header line and returns the position of each column it
// names. A problem is an EINVALID error naming each bad cell
// ("header[2]") and each missing required column (by its name).
func (cs Columns) header(head []string) ([]string, map[string]int, error) {
	names := make([]string, len(head))
	index := make(map[string]int, len(head))
	var p govops.Problems
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		name := cs.match(h)
		_, twice := index[name]
		switch {
		case !utf8.ValidString(h):
			p.Addf(fmt.Sprintf("header[%d]", i), "%q is not UTF-8 text: save the file as UTF-8 (Excel: CSV UTF-8) or GB18030", truncate(h, 40))
		case name == "":
			p.Addf(fmt.Sprintf("header[%d]", i), "unknown column %q: the columns are %s", truncate(h, 40), strings.Join(cs.Names(), ", "))
		case twice:
			p.Addf(fmt.Sprintf("header[%d]", i), "column %s appears twice", name)
		default:
			index[name] = i
			names[i] = name
		}
	}
	for _, c := range cs {
		if _, ok := index[c.Name]; c.Required && !ok {
			p.Add(c.Name, "the header lacks this required column")
		}
	}
	if err := p.Err(); err != nil {
		return nil, nil, err
	}
	return names, index, nil
}

// RowErrors turns the problems of row into RowErrors: one per field of
// err's Fields, in column order, then the fields that are not columns by
// name. An error without Fields is one RowError for the whole row, and a
// nil error none. It is meant for govops.Problems.Err and for a value's
// Validate, so that a row checked after parsing (a duplicate, a fact the
// store contradicts) reads like one that did not parse.
func (cs Columns) RowErrors(row int, err error) []RowError {
	if err == nil {
		return nil
	}
	fields := govops.ErrorFields(err)
	if len(fields) == 0 {
		return []RowError{{Row: row, Problem: govops.ErrorMessage(err)}}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	order := func(k string) int {
		if i := slices.IndexFunc(cs, func(c Column) bool { return c.Name == k }); i >= 0 {
			return i
		}
		return len(cs)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if oa, ob := order(a), order(b); oa != ob {
			return oa - ob
		}
		return strings.Compare(a, b)
	})
	out := make([]RowError, len(keys))
	for i, k := range keys {
		out[i] = RowError{Row: row, Field: k, Problem: fields[k]}
	}
	return out
}

// truncate shortens s for an error message, so that a hostile input does
// not produce a megabyte-long error.
func truncate(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
