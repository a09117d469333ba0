package hotline

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

// Month is a calendar month (考核月份), the unit the city scores the hotline
// by. The zero Month means "no month". Months compare with Before/After and
// are usable as map keys; their text form is "2022-08".
type Month struct {
	Year  int
	Month time.Month
}

// NewMonth returns the month m of year y.
func NewMonth(y int, m time.Month) Month { return Month{Year: y, Month: m} }

// MonthOf returns the month that t falls in, in Asia/Shanghai.
func MonthOf(t time.Time) Month {
	l := t.In(govops.ShanghaiLocation())
	return Month{Year: l.Year(), Month: l.Month()}
}

// ParseMonth reads "2022-08", and also "2022-8", "202208" and "2022年8月".
// It returns EINVALID naming the field "month" for anything else, or for a
// year outside 1900..9999.
func ParseMonth(s string) (Month, error) {
	m, ok := parseMonth(strings.TrimSpace(s))
	if !ok {
		return Month{}, govops.FieldError("month", fmt.Sprintf("%q is not a month: write it as 2022-08", govops.Truncate(s, 40)))
	}
	return m, nil
}

func parseMonth(s string) (Month, bool) {
	var ys, ms string
	switch {
	case strings.HasSuffix(s, "月") && strings.Contains(s, "年"):
		ys, ms, _ = strings.Cut(strings.TrimSuffix(s, "月"), "年")
	case strings.Contains(s, "-"):
		ys, ms, _ = strings.Cut(s, "-")
	case len(s) == 6:
		ys, ms = s[:4], s[4:]
	default:
		return Month{}, false
	}
	if len(ys) != 4 || len(ms) < 1 || len(ms) > 2 || !digits(ys) || !digits(ms) {
		return Month{}, false
	}
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	m := Month{Year: y, Month: time.Month(mo)}
	return m, m.Valid()
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Valid reports whether m is a real month of a year in 1900..9999.
func (m Month) Valid() bool {
	return m.Year >= 1900 && m.Year <= 9999 && m.Month >= time.January && m.Month <= time.December
}

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m == Month{} }

// String returns "2022-08", or "" for the zero Month.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// Label returns the Chinese form "2022年8月".
func (m Month) Label() string { return fmt.Sprintf("%d年%d月", m.Year, int(m.Month)) }

// index counts months from year 0, so that month arithmetic is integer
// arithmetic.
func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

func monthAt(i int) Month { return Month{Year: i / 12, Month: time.Month(i%12 + 1)} }

// AddMonths returns the month n months after m (before it for negative n).
func (m Month) AddMonths(n int) Month { return monthAt(m.index() + n) }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.index() < o.index() }

// After reports whether m is later than o.
func (m Month) After(o Month) bool { return m.index() > o.index() }

// Start returns the first instant of m in Asia/Shanghai.
func (m Month) Start() time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, govops.ShanghaiLocation())
}

// MarshalText encodes m as "2022-08".
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes what ParseMonth reads; empty text gives the zero
// Month.
func (m *Month) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = Month{}
		return nil
	}
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// MonthsBetween lists the months from first to last, both included; it is
// empty when last is before first.
func MonthsBetween(first, last Month) []Month {
	var out []Month
	for i := first.index(); i <= last.index(); i++ {
		out = append(out, monthAt(i))
	}
	return out
}

// Period is what the city publishes a district result for: one month, or a
// whole year when Month is 0. Its text form is "2022-08" or "2022".
type Period struct {
	Year  int
	Month time.Month // 0 for the whole year
}

// YearPeriod returns the period of the whole year y.
func YearPeriod(y int) Period { return Period{Year: y} }

// MonthPeriod returns the period of month m.
func MonthPeriod(m Month) Period { return Period(m) }

// ParsePeriod reads "2022" or any month form ParseMonth reads. It returns
// EINVALID naming the field "period" otherwise.
func ParsePeriod(s string) (Period, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "年")
	if len(t) == 4 && digits(t) {
		y, _ := strconv.Atoi(t)
		if p := (Period{Year: y}); p.Valid() {
			return p, nil
		}
	} else if m, ok := parseMonth(strings.TrimSpace(s)); ok {
		return MonthPeriod(m), nil
	}
	return Period{}, govops.FieldError("period", fmt.Sprintf("%q is not a period: write a year (2022) or a month (2022-08)", govops.Truncate(s, 40)))
}

// Valid reports whether p is a year in 1900..9999, with a real month or 0.
func (p Period) Valid() bool {
	return p.Year >= 1900 && p.Year <= 9999 && p.Month >= 0 && p.Month <= time.December
}

// IsYear reports whether p covers a whole year.
func (p Period) IsYear() bool { return p.Month == 0 }

// String returns "2022" or "2022-08".
func (p Period) String() string {
	if p.Year == 0 && p.Month == 0 {
		return ""
	}
	if p.IsYear() {
		return fmt.Sprintf("%04d", p.Year)
	}
	return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month))
}

// MarshalText encodes p as "2022" or "2022-08".
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText decodes what ParsePeriod reads.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
