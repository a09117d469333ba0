package console

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// funcs are the functions every template may call.
func (c *Console) funcs() template.FuncMap {
	return template.FuncMap{
		"datetime": c.datetime,
		"date":     c.date,
		"num":      num,
		"dec":      func(d decimal.Decimal, places int32) string { return d.StringFixed(places) },
		"join":     strings.Join,
		"query":    query,
		"fe":       func(v view, name string) fieldProblem { return fieldProblem{Name: name, Problem: v.Errors[name]} },
		"bar":      BarChart,
		"line":     LineChart,
		"meter":    Meter,
	}
}

// fieldProblem is one form field's problem, for the "fielderr" template.
type fieldProblem struct{ Name, Problem string }

// datetime shows t in the console's zone to the minute; "—" for the zero
// time.
func (c *Console) datetime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(c.loc).Format("2006-01-02 15:04")
}

// date shows the day of t in the console's zone; "—" for the zero time.
func (c *Console) date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(c.loc).Format("2006-01-02")
}

// num writes an integer with thousands separators: 699,735.
func num(v any) string {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case int32:
		n = int64(x)
	default:
		return fmt.Sprint(v)
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// query builds "?k=v&…" from pairs, leaving out empty values.
func query(pairs ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			q.Set(pairs[i], pairs[i+1])
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// Pager links the pages of a listing by the API's cursors.
type Pager struct {
	// Next is the URL of the next page; "" on the last.
	Next string
	// First is the URL of the first page; "" on the first.
	First string
}

// pager returns the links of a listing whose next cursor is next: the
// request's own query with the cursor replaced.
func (rq *request) pager(next string) Pager {
	q := rq.r.URL.Query()
	var p Pager
	if q.Get("cursor") != "" {
		q.Del("cursor")
		p.First = rq.r.URL.Path + encode(q)
	}
	if next != "" {
		q.Set("cursor", next)
		p.Next = rq.r.URL.Path + encode(q)
	}
	return p
}

func encode(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}
