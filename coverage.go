package govops

import (
	"sort"
	"time"
)

// YearSource says where a calendar year's days off and worked days come
// from.
type YearSource string

// The sources of a year.
const (
	// SourceOfficial is the State Council's notice as the linked version
	// of github.com/6tail/lunar-go carries it (国务院通知).
	SourceOfficial YearSource = "official"
	// SourceOverride is a notice that the district loaded itself, from a
	// calendar file or through the reference server's admin API, for a
	// year the library does not carry yet (本地载入).
	SourceOverride YearSource = "override"
	// SourceProvisional is the statutory holidays computed for a year whose
	// notice is not out yet, with no 调休 (临时日历). Deadlines that cross
	// such a year are provisional, and are recomputed once its notice is
	// loaded.
	SourceProvisional YearSource = "provisional"
)

// Label returns the Chinese label of s.
func (s YearSource) Label() string {
	switch s {
	case SourceOfficial:
		return "国务院通知"
	case SourceOverride:
		return "本地载入的通知"
	case SourceProvisional:
		return "临时日历(按放假办法推算)"
	}
	return string(s)
}

// Coverage is what a Calendar knows of one year.
type Coverage struct {
	Year   int
	Source YearSource
	// Loaded is the number of days whose kind a loaded table sets (a
	// calendar file, CalendarConfig.Tables or SetTables): a notice of
	// SourceOverride, corrections, or district overrides such as a local
	// holiday.
	Loaded int
	// Exceptions are the days the weekend rule gets wrong, by date: days
	// off on a weekday, and worked weekend days (调休补班).
	Exceptions []DayOverride
	// Workdays is the number of working days in the year.
	Workdays int
}

// Coverage reports the source of year and the days it holds. It returns
// EINVALID naming the field "calendar" when nothing covers year.
func (c *Calendar) Coverage(year int) (Coverage, error) {
	d := c.data()
	yd, err := d.year(year)
	if err != nil {
		return Coverage{}, err
	}
	cv := Coverage{Year: year, Source: yd.source, Loaded: yd.loaded, Workdays: yd.total()}
	for i, o := range yd.exceptions {
		o.Date = time.Date(year, time.January, 1+i, 0, 0, 0, 0, time.UTC)
		cv.Exceptions = append(cv.Exceptions, o)
	}
	sortDays(cv.Exceptions)
	return cv, nil
}

// Source returns the source of year, or "" when nothing covers it. Unlike
// Coverage it builds nothing.
func (c *Calendar) Source(year int) YearSource { return c.data().source(year) }

func (d *calData) source(y int) YearSource {
	if yd, ok := d.fixed[y]; ok {
		return yd.source
	}
	if d.provisional && y >= ProvisionalFrom && y <= ProvisionalThrough {
		return SourceProvisional
	}
	return ""
}

// ProvisionalYears returns, in order, the years between the civil dates of
// from and to (in c.Location(), both included, in either order) that only
// the provisional calendar covers. It is empty when official or loaded
// tables cover the whole span: a deadline counted across it is final. A
// span that crosses a provisional year gives a provisional deadline.
func (c *Calendar) ProvisionalYears(from, to time.Time) []int {
	d := c.data()
	a, b := from.In(d.loc).Year(), to.In(d.loc).Year()
	if b < a {
		a, b = b, a
	}
	var out []int
	for y := a; y <= b; y++ {
		if d.source(y) == SourceProvisional {
			out = append(out, y)
		}
	}
	return out
}

// LastOfficialYear returns the last year of the unbroken run of years,
// starting with the first covered one, that official or loaded tables
// cover; 0 when there is none. The year after it is provisional or
// uncovered.
func (c *Calendar) LastOfficialYear() int {
	ys := c.data().years
	if len(ys) == 0 {
		return 0
	}
	last := ys[0]
	for _, y := range ys[1:] {
		if y != last+1 {
			break
		}
		last = y
	}
	return last
}

func sortDays(days []DayOverride) {
	sort.Slice(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })
}
