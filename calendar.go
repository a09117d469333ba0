package govops

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// ShanghaiLocation returns the Asia/Shanghai zone. China has kept UTC+8
// without daylight saving since 1991, so a fixed zone is exact for every year
// the calendar covers and needs no tzdata on the host.
func ShanghaiLocation() *time.Location { return shanghai }

// shanghai is created once so that every Calendar built with the default
// zone reports the same *time.Location. It is never modified.
var shanghai = time.FixedZone("CST", 8*3600)

// DayKind says whether an override makes a date a day off or a working day.
type DayKind int

// The two kinds of override.
const (
	DayOff    DayKind = iota + 1 // 节假日: a day off, usually a weekday that is a holiday
	DayWorked                    // 调休补班: a weekend day that is worked
)

// String returns "off" or "work", the keywords of the table file format.
func (k DayKind) String() string {
	switch k {
	case DayOff:
		return "off"
	case DayWorked:
		return "work"
	}
	return fmt.Sprintf("DayKind(%d)", int(k))
}

// DayOverride is one dated exception to the weekend rule.
type DayOverride struct {
	Date time.Time // the civil date, read from Date's own Year, Month and Day (use midnight UTC)
	Kind DayKind
	Name string // e.g. "春节"; may be empty
}

// CalendarTable is a set of years that have data, and their overrides. A
// year listed in Years with no overrides is covered by the weekend rule
// alone; every override must fall in one of Years.
type CalendarTable struct {
	Years []int
	Days  []DayOverride
}

// WorkPeriod is one span of working time within a day, as offsets from local
// midnight on the wall clock: {8*time.Hour + 30*time.Minute, 12 * time.Hour}
// is 08:30–12:00.
type WorkPeriod struct{ Start, End time.Duration }

// CalendarConfig configures NewCalendar. The zero value gives the embedded
// State Council tables for 2020–2026, Asia/Shanghai, and working hours
// 08:30–12:00 and 14:30–17:30.
type CalendarConfig struct {
	// Location is the zone whose civil dates and wall clock are counted.
	// nil means ShanghaiLocation().
	Location *time.Location
	// WorkHours are the working periods of a working day. nil means
	// 08:30–12:00 and 14:30–17:30. They must be ascending, must not
	// overlap, and must lie within 0..24h.
	WorkHours []WorkPeriod
	// Tables are applied after the embedded tables, in order; a later
	// override of the same date wins. This is where a district's own
	// overrides, or the tables of later years, go.
	Tables []CalendarTable
	// NoEmbedded leaves out the embedded State Council tables.
	NoEmbedded bool
}

// Calendar is a working-day calendar (工作日历): the weekend rule with per-date
// overrides for a set of covered years, and the working hours of a working
// day. A Calendar is immutable and safe for concurrent use. The zero
// Calendar covers no years; use NewCalendar or DefaultCalendar.
//
// Every operation that needs to know whether a date is a working day returns
// EINVALID when that date's year has no data, rather than guessing from the
// weekend rule: a deadline counted on a guessed calendar would be wrong by
// the length of a holiday.
type Calendar struct {
	loc     *time.Location
	periods []WorkPeriod
	perDay  time.Duration // the working time of one whole working day
	years   []int         // sorted
	data    map[int]*yearData
}

// yearData holds one covered year. cum[i] is the number of working days among
// the year's first i days, so day i (0-based) is a working day exactly when
// cum[i+1] > cum[i], and any span of days is counted in O(1).
type yearData struct {
	days int
	cum  []uint16
}

func (y *yearData) isWork(i int) bool { return y.cum[i+1] > y.cum[i] }
func (y *yearData) total() int        { return int(y.cum[y.days]) }

// defaultWorkHours returns 08:30–12:00 and 14:30–17:30, the usual hours of
// a district service center.
func defaultWorkHours() []WorkPeriod {
	return []WorkPeriod{
		{Start: 8*time.Hour + 30*time.Minute, End: 12 * time.Hour},
		{Start: 14*time.Hour + 30*time.Minute, End: 17*time.Hour + 30*time.Minute},
	}
}

// NewCalendar returns a calendar built from cfg. It returns EINVALID, with
// every offending field of cfg named in the error's Fields, when WorkHours
// are empty, out of order, overlapping or outside 0..24h, or when a table
// breaks a rule of ParseCalendarTable (a year outside 1900..9999 or listed
// twice, an override outside the table's Years, a date listed twice, an
// unknown Kind, or a worked day that is not a Saturday or Sunday).
func NewCalendar(cfg CalendarConfig) (*Calendar, error) {
	var p Problems
	c := &Calendar{loc: cfg.Location, periods: cfg.WorkHours}
	if c.loc == nil {
		c.loc = ShanghaiLocation()
	}
	if c.periods == nil {
		c.periods = defaultWorkHours()
	} else {
		c.periods = slices.Clone(c.periods)
		validateWorkHours(c.periods, &p)
	}
	for i, t := range cfg.Tables {
		validateTable(t, fmt.Sprintf("Tables[%d]", i), &p)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	for _, wp := range c.periods {
		c.perDay += wp.End - wp.Start
	}

	tables := cfg.Tables
	if !cfg.NoEmbedded {
		embedded, err := stateCouncilTable()
		if err != nil {
			return nil, Errorf(EINTERNAL, "embedded holiday tables: %w", err)
		}
		tables = append([]CalendarTable{embedded}, tables...)
	}
	c.build(tables)
	return c, nil
}

func validateWorkHours(periods []WorkPeriod, p *Problems) {
	if len(periods) == 0 {
		p.Add("WorkHours", "must have at least one period, or be nil for 08:30–12:00 and 14:30–17:30")
		return
	}
	for i, wp := range periods {
		field := fmt.Sprintf("WorkHours[%d]", i)
		switch {
		case wp.Start < 0 || wp.End > 24*time.Hour:
			p.Addf(field, "%s–%s must lie within 00:00–24:00", clock(wp.Start), clock(wp.End))
		case wp.End <= wp.Start:
			p.Addf(field, "end %s must be after start %s", clock(wp.End), clock(wp.Start))
		case i > 0 && wp.Start < periods[i-1].End:
			p.Addf(field, "start %s must not be before the end %s of the previous period: list periods in order, without overlap",
				clock(wp.Start), clock(periods[i-1].End))
		}
	}
}

// clock formats an offset from midnight as HH:MM (with seconds when present).
func clock(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	if s != 0 || d%time.Second != 0 {
		return fmt.Sprintf("%s%02d:%02d:%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%s%02d:%02d", sign, h, m)
}

// build fills the year data from tables, which are already valid.
func (c *Calendar) build(tables []CalendarTable) {
	covered := map[int]bool{}
	kinds := map[civilDay]DayKind{}
	for _, t := range tables {
		for _, y := range t.Years {
			covered[y] = true
		}
		for _, d := range t.Days {
			kinds[civilOf(d.Date)] = d.Kind
		}
	}
	c.data = make(map[int]*yearData, len(covered))
	for y := range covered {
		c.years = append(c.years, y)
		n := daysIn(y)
		yd := &yearData{days: n, cum: make([]uint16, n+1)}
		wd := time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC).Weekday()
		for i := 0; i < n; i++ {
			work := wd != time.Saturday && wd != time.Sunday
			if k, ok := kinds[civilDay{y, i}]; ok {
				work = k == DayWorked
			}
			yd.cum[i+1] = yd.cum[i]
			if work {
				yd.cum[i+1]++
			}
			wd = (wd + 1) % 7
		}
		c.data[y] = yd
	}
	sort.Ints(c.years)
}

// DefaultCalendar returns the calendar of the zero CalendarConfig: the
// embedded State Council tables for 2020–2026, Asia/Shanghai, and working
// hours 08:30–12:00 and 14:30–17:30. It is built once and shared, which is
// safe because a Calendar never changes. It panics only if the embedded
// tables are broken, which the package's tests rule out.
func DefaultCalendar() *Calendar { return defaultCalendar() }

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := NewCalendar(CalendarConfig{})
	if err != nil {
		panic("govops: embedded holiday tables are broken: " + err.Error())
	}
	return c
})

// Location returns the zone whose civil dates and wall clock c counts.
func (c *Calendar) Location() *time.Location {
	if c.loc == nil { // the zero Calendar
		return ShanghaiLocation()
	}
	return c.loc
}

// Years returns the sorted years that c has data for.
func (c *Calendar) Years() []int { return slices.Clone(c.years) }

// WorkHours returns the working periods of a working day.
func (c *Calendar) WorkHours() []WorkPeriod { return slices.Clone(c.periods) }

// year returns the data of year y, or EINVALID when c does not cover y.
func (c *Calendar) year(y int) (*yearData, error) {
	if yd, ok := c.data[y]; ok {
		return yd, nil
	}
	return nil, Errorf(EINVALID, "calendar has no data for year %d: load a table for it", y)
}

// IsWorkday reports whether t's civil date in c.Location() is a working day.
// It returns EINVALID when that date's year has no data.
func (c *Calendar) IsWorkday(t time.Time) (bool, error) {
	d, _ := c.split(t)
	yd, err := c.year(d.year)
	if err != nil {
		return false, err
	}
	return yd.isWork(d.yday), nil
}

// AddWorkdays returns the same local clock time as t on the n-th working day
// after t's civil date. For n == 0 it returns t itself when t falls on a
// working day, and otherwise the same clock time on the next working day.
// The result is in c.Location(). AddWorkdays returns EINVALID when n is
// negative, or when t's year or a year that must be crossed has no data.
func (c *Calendar) AddWorkdays(t time.Time, n int) (time.Time, error) {
	if n < 0 {
		return time.Time{}, Errorf(EINVALID, "cannot add %d working days: the count must not be negative", n).
			WithField("n", "must not be negative")
	}
	d, off := c.split(t)
	yd, err := c.year(d.year)
	if err != nil {
		return time.Time{}, err
	}
	if n == 0 {
		if yd.isWork(d.yday) {
			return t.In(c.Location()), nil
		}
		n = 1
	}
	w, err := c.nthWorkdayAfter(d, n)
	if err != nil {
		return time.Time{}, err
	}
	return w.at(c.Location(), off), nil
}

// nthWorkdayAfter returns the n-th working day (n >= 1) strictly after d,
// whose year must be covered. It jumps whole years by their working-day
// counts and binary-searches the last one, so a long span costs one step per
// year rather than one per day.
func (c *Calendar) nthWorkdayAfter(d civilDay, n int) (civilDay, error) {
	y := d.year
	yd, err := c.year(y)
	if err != nil {
		return civilDay{}, err
	}
	base := int(yd.cum[d.yday+1])
	for {
		avail := yd.total() - base
		if n <= avail {
			target := uint16(base + n)
			i := sort.Search(yd.days, func(i int) bool { return yd.cum[i+1] >= target })
			return civilDay{y, i}, nil
		}
		n -= avail
		y++
		if yd, err = c.year(y); err != nil {
			return civilDay{}, err
		}
		base = 0
	}
}

// WorkdaysBetween returns the number of working days D with from's civil
// date < D <= to's civil date, counted in c.Location(); it is 0 when to's
// date is not after from's. It returns EINVALID when a year in that span has
// no data.
func (c *Calendar) WorkdaysBetween(from, to time.Time) (int, error) {
	f, _ := c.split(from)
	t, _ := c.split(to)
	if !f.before(t) {
		return 0, nil
	}
	return c.countWorkdays(f.next(), t)
}

// countWorkdays counts the working days in [a, b], both inclusive.
func (c *Calendar) countWorkdays(a, b civilDay) (int, error) {
	n := 0
	for y := a.year; y <= b.year; y++ {
		yd, err := c.year(y)
		if err != nil {
			return 0, err
		}
		lo, hi := 0, yd.days-1
		if y == a.year {
			lo = a.yday
		}
		if y == b.year {
			hi = b.yday
		}
		n += int(yd.cum[hi+1]) - int(yd.cum[lo])
	}
	return n, nil
}

// AddWorkHours returns the instant, in c.Location(), reached by counting d of
// working time from t, where working time is the WorkHours of working days.
// A start outside working time begins at the next working period, so adding
// 0 outside working time returns the start of that period; a count that ends
// exactly at the end of a period returns that end. AddWorkHours returns
// EINVALID when d is negative, or when t's year or a year that must be
// crossed has no data.
func (c *Calendar) AddWorkHours(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, Errorf(EINVALID, "cannot add %v of working time: the duration must not be negative", d).
			WithField("d", "must not be negative")
	}
	day, off := c.split(t)
	r := d
	for {
		yd, err := c.year(day.year)
		if err != nil {
			return time.Time{}, err
		}
		if yd.isWork(day.yday) {
			for _, p := range c.periods {
				if off >= p.End {
					continue
				}
				s := max(off, p.Start)
				avail := p.End - s
				if r <= avail {
					return day.at(c.Location(), s+r), nil
				}
				r -= avail
			}
		}
		day, off = day.next(), 0
		// Skip whole working days at once, leaving a remainder in
		// (0, perDay] so that a count ending at the close of a day ends
		// on that day rather than at the start of the next.
		if r > c.perDay {
			k := int((r - 1) / c.perDay)
			last, err := c.nthWorkdayAfter(day.prev(), k)
			if err != nil {
				return time.Time{}, err
			}
			r -= time.Duration(k) * c.perDay
			day = last.next()
		}
	}
}

// WorkHoursBetween returns the working time between the instants from and
// to, counted in c.Location(); it is 0 when to is not after from. It returns
// EINVALID when a day in that span that holds working hours has a year with
// no data.
func (c *Calendar) WorkHoursBetween(from, to time.Time) (time.Duration, error) {
	if !to.After(from) {
		return 0, nil
	}
	f, foff := c.split(from)
	t, toff := c.split(to)
	if f == t {
		return c.workIn(f, foff, toff)
	}
	first, err := c.workIn(f, foff, 24*time.Hour)
	if err != nil {
		return 0, err
	}
	last, err := c.workIn(t, 0, toff)
	if err != nil {
		return 0, err
	}
	total := first + last
	if a, b := f.next(), t.prev(); !b.before(a) {
		n, err := c.countWorkdays(a, b)
		if err != nil {
			return 0, err
		}
		total += time.Duration(n) * c.perDay
	}
	return total, nil
}

// workIn returns the working time of day d between the wall-clock offsets a
// and b. It looks the day up only when the span overlaps working hours, so a
// span that holds no working time needs no data.
func (c *Calendar) workIn(d civilDay, a, b time.Duration) (time.Duration, error) {
	var sum time.Duration
	for _, p := range c.periods {
		if lo, hi := max(a, p.Start), min(b, p.End); hi > lo {
			sum += hi - lo
		}
	}
	if sum == 0 {
		return 0, nil
	}
	yd, err := c.year(d.year)
	if err != nil {
		return 0, err
	}
	if !yd.isWork(d.yday) {
		return 0, nil
	}
	return sum, nil
}

// split returns t's civil date in c.Location() and its wall-clock offset
// from that date's midnight.
func (c *Calendar) split(t time.Time) (civilDay, time.Duration) {
	lt := t.In(c.Location())
	h, m, s := lt.Clock()
	off := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(lt.Nanosecond())
	return civilOf(lt), off
}

// civilDay is a civil date as a year and a 0-based day of that year.
type civilDay struct{ year, yday int }

// civilOf returns t's civil date in t's own location.
func civilOf(t time.Time) civilDay { return civilDay{t.Year(), t.YearDay() - 1} }

func (d civilDay) before(e civilDay) bool {
	return d.year < e.year || d.year == e.year && d.yday < e.yday
}

func (d civilDay) next() civilDay {
	if d.yday+1 < daysIn(d.year) {
		return civilDay{d.year, d.yday + 1}
	}
	return civilDay{d.year + 1, 0}
}

func (d civilDay) prev() civilDay {
	if d.yday > 0 {
		return civilDay{d.year, d.yday - 1}
	}
	return civilDay{d.year - 1, daysIn(d.year-1) - 1}
}

// at returns the instant at wall-clock offset off on d in loc; time.Date
// normalises the day of year and an offset of 24h.
func (d civilDay) at(loc *time.Location, off time.Duration) time.Time {
	return time.Date(d.year, time.January, 1+d.yday,
		int(off/time.Hour), int(off%time.Hour/time.Minute),
		int(off%time.Minute/time.Second), int(off%time.Second), loc)
}

func daysIn(y int) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 366
	}
	return 365
}
