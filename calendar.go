package govops

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
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

// CalendarTable is a set of dated overrides, loaded on top of the official
// tables. Years are the years whose State Council notice the table gives
// (a notice the library does not carry yet, or corrections to one it
// does); District are the years whose days the table only adjusts, such as
// a local holiday (地方节假日), on top of whatever covers the year. A year
// may be in one of the two lists, not both, and every override must fall
// in one of them.
type CalendarTable struct {
	Years    []int
	District []int
	Days     []DayOverride
}

// WorkPeriod is one span of working time within a day, as offsets from local
// midnight on the wall clock: {8*time.Hour + 30*time.Minute, 12 * time.Hour}
// is 08:30–12:00.
type WorkPeriod struct{ Start, End time.Duration }

// CalendarConfig configures NewCalendar. The zero value gives the official
// State Council tables that github.com/6tail/lunar-go carries, a
// provisional calendar for later years, Asia/Shanghai, and working hours
// 08:30–12:00 and 14:30–17:30.
type CalendarConfig struct {
	// Location is the zone whose civil dates and wall clock are counted.
	// nil means ShanghaiLocation().
	Location *time.Location
	// WorkHours are the working periods of a working day. nil means
	// 08:30–12:00 and 14:30–17:30. They must be ascending, must not
	// overlap, and must lie within 0..24h.
	WorkHours []WorkPeriod
	// Tables are applied after the official tables, in order; a later
	// override of the same date wins. This is where a district's own
	// overrides, or a notice the library does not carry yet, go. Calendar
	// SetTables adds more on top, and can replace those at run time.
	Tables []CalendarTable
	// NoEmbedded leaves out the official State Council tables.
	NoEmbedded bool
	// NoProvisional turns the provisional calendar off: a year that no
	// table covers is then an error, as it is outside ProvisionalYears.
	NoProvisional bool
}

// Calendar is a working-day calendar (工作日历): the weekend rule with per-date
// overrides, and the working hours of a working day. Each year is covered
// by one source (see Coverage): the official State Council table, a table
// the district loaded, or a provisional calendar of the statutory holidays.
//
// A Calendar is safe for concurrent use. Its tables can be replaced at run
// time with SetTables; each operation reads one consistent state, and
// Snapshot freezes one for a sequence of operations. The zero Calendar
// covers no years; use NewCalendar or DefaultCalendar.
//
// An operation that needs to know whether a date is a working day returns
// EINVALID, naming the field "calendar", when that date's year has no
// source, rather than guessing from the weekend rule: a deadline counted on
// a guessed calendar would be wrong by the length of a holiday.
type Calendar struct {
	cur    atomic.Pointer[calData]
	cfg    CalendarConfig // with Location and WorkHours filled in
	frozen string         // why SetTables is refused, if it is
}

// calData is one immutable state of a Calendar.
type calData struct {
	loc           *time.Location
	periods       []WorkPeriod
	perDay        time.Duration // the working time of one whole working day
	provisional   bool          // compute provisional years
	fixed         map[int]*yearData
	years         []int // the keys of fixed, sorted
	loaded        map[civilDay]DayOverride
	loadedPerYear map[int]int
	// prov holds the provisional years, by year - ProvisionalFrom, built
	// on first use.
	prov [ProvisionalThrough - ProvisionalFrom + 1]atomic.Pointer[yearData]
}

// yearData holds one covered year. cum[i] is the number of working days among
// the year's first i days, so day i (0-based) is a working day exactly when
// cum[i+1] > cum[i], and any span of days is counted in O(1).
type yearData struct {
	source YearSource
	loaded int // days whose kind a loaded table set
	days   int
	cum    []uint16
	// exceptions are the days that the weekend rule gets wrong: days off
	// on a weekday and worked weekend days, by 0-based day of the year.
	exceptions map[int]DayOverride
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
// twice, an override outside the table's years, a date listed twice, an
// unknown Kind, or a worked day that is not a Saturday or Sunday).
func NewCalendar(cfg CalendarConfig) (*Calendar, error) {
	var p Problems
	if cfg.Location == nil {
		cfg.Location = ShanghaiLocation()
	}
	if cfg.WorkHours == nil {
		cfg.WorkHours = defaultWorkHours()
	} else {
		cfg.WorkHours = slices.Clone(cfg.WorkHours)
		validateWorkHours(cfg.WorkHours, &p)
	}
	for i, t := range cfg.Tables {
		validateTable(t, fmt.Sprintf("Tables[%d]", i), &p)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	cfg.Tables = slices.Clone(cfg.Tables)
	c := &Calendar{cfg: cfg}
	d, err := c.build(nil)
	if err != nil {
		return nil, err
	}
	c.cur.Store(d)
	return c, nil
}

// SetTables replaces the tables loaded at run time with tables, applied in
// order after the official tables and CalendarConfig.Tables; SetTables()
// with none removes them. The new state applies to every operation that
// starts afterwards; deadlines already computed are not touched (see
// Coverage for telling which of them were provisional). It returns EINVALID
// naming each bad field, and then changes nothing, and EINVALID for the
// shared DefaultCalendar and for a Snapshot, which never change.
func (c *Calendar) SetTables(tables ...CalendarTable) error {
	if err := c.CanLoad(); err != nil {
		return err
	}
	var p Problems
	for i, t := range tables {
		validateTable(t, fmt.Sprintf("tables[%d]", i), &p)
	}
	if err := p.Err(); err != nil {
		return err
	}
	d, err := c.build(slices.Clone(tables))
	if err != nil {
		return err
	}
	c.cur.Store(d)
	return nil
}

// CanLoad returns nil when SetTables may change c, and otherwise the
// EINVALID error that SetTables returns: for the shared DefaultCalendar, a
// Snapshot, and the zero Calendar.
func (c *Calendar) CanLoad() error {
	if c.frozen != "" {
		return Errorf(EINVALID, "%s", c.frozen)
	}
	if c.cur.Load() == nil {
		return Errorf(EINVALID, "the zero Calendar cannot load tables: build one with NewCalendar")
	}
	return nil
}

// Snapshot returns a Calendar frozen in c's current state: later SetTables
// calls on c do not change it. Use it when several operations must agree,
// such as a deadline and whether it is provisional.
func (c *Calendar) Snapshot() *Calendar {
	s := &Calendar{cfg: c.cfg, frozen: "a calendar snapshot never changes: load tables into the calendar it was taken from"}
	s.cur.Store(c.cur.Load())
	return s
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

// build makes a state from the official tables, cfg.Tables and extra, all
// already valid. A year is fixed when the official tables or a table's
// Years cover it; every loaded override then applies on top, later tables
// winning. Other years are provisional, built on first use.
func (c *Calendar) build(extra []CalendarTable) (*calData, error) {
	d := &calData{
		loc: c.cfg.Location, periods: c.cfg.WorkHours, provisional: !c.cfg.NoProvisional,
		fixed: map[int]*yearData{}, loaded: map[civilDay]DayOverride{}, loadedPerYear: map[int]int{},
	}
	for _, wp := range d.periods {
		d.perDay += wp.End - wp.Start
	}
	official := CalendarTable{}
	if !c.cfg.NoEmbedded {
		o, err := officialTable()
		if err != nil {
			return nil, Errorf(EINTERNAL, "official holiday tables: %w", err)
		}
		official = o
	}
	source := map[int]YearSource{}
	for _, y := range official.Years {
		source[y] = SourceOfficial
	}
	for _, t := range append(slices.Clone(c.cfg.Tables), extra...) {
		for _, y := range t.Years {
			if source[y] == "" {
				source[y] = SourceOverride
			}
		}
		for _, o := range t.Days {
			d.loaded[civilOf(o.Date)] = o
		}
	}
	for day := range d.loaded {
		d.loadedPerYear[day.year]++
	}
	officialDays := map[civilDay]DayOverride{}
	for _, o := range official.Days {
		officialDays[civilOf(o.Date)] = o
	}
	for y, src := range source {
		base := map[civilDay]DayOverride{}
		if src == SourceOfficial {
			base = officialDays
		}
		d.fixed[y] = d.makeYear(y, src, base)
		d.years = append(d.years, y)
	}
	sort.Ints(d.years)
	return d, nil
}

// makeYear builds year y from the weekend rule, then base, then the loaded
// overrides.
func (d *calData) makeYear(y int, src YearSource, base map[civilDay]DayOverride) *yearData {
	n := daysIn(y)
	yd := &yearData{source: src, loaded: d.loadedPerYear[y], days: n, cum: make([]uint16, n+1), exceptions: map[int]DayOverride{}}
	wd := time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC).Weekday()
	for i := 0; i < n; i++ {
		weekday := wd != time.Saturday && wd != time.Sunday
		work := weekday
		day := civilDay{y, i}
		o, ok := d.loaded[day]
		if !ok {
			o, ok = base[day]
		}
		if ok {
			work = o.Kind == DayWorked
			if work != weekday {
				yd.exceptions[i] = o
			}
		}
		yd.cum[i+1] = yd.cum[i]
		if work {
			yd.cum[i+1]++
		}
		wd = (wd + 1) % 7
	}
	return yd
}

// DefaultCalendar returns the calendar of the zero CalendarConfig: the
// official State Council tables, a provisional calendar for later years,
// Asia/Shanghai, and working hours 08:30–12:00 and 14:30–17:30. It is built
// once and shared, so it never changes: SetTables on it is refused. It
// panics only if the official tables are broken, which the package's tests
// rule out.
func DefaultCalendar() *Calendar { return defaultCalendar() }

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := NewCalendar(CalendarConfig{})
	if err != nil {
		panic("govops: official holiday tables are broken: " + err.Error())
	}
	c.frozen = "the default calendar is shared and never changes: build your own with NewCalendar"
	return c
})

// data returns the current state; the zero Calendar has an empty one.
func (c *Calendar) data() *calData {
	if d := c.cur.Load(); d != nil {
		return d
	}
	return &calData{loc: ShanghaiLocation()}
}

// Location returns the zone whose civil dates and wall clock c counts.
func (c *Calendar) Location() *time.Location { return c.data().loc }

// Years returns the sorted years that an official table or a loaded table
// covers. Provisional years are not listed: see Coverage and
// ProvisionalYears.
func (c *Calendar) Years() []int { return slices.Clone(c.data().years) }

// WorkHours returns the working periods of a working day.
func (c *Calendar) WorkHours() []WorkPeriod { return slices.Clone(c.data().periods) }

// IsWorkday reports whether t's civil date in c.Location() is a working day.
// It returns EINVALID, naming the field "calendar", when that date's year
// has no source.
func (c *Calendar) IsWorkday(t time.Time) (bool, error) { return c.data().IsWorkday(t) }

// AddWorkdays returns the same local clock time as t on the n-th working day
// after t's civil date. For n == 0 it returns t itself when t falls on a
// working day, and otherwise the same clock time on the next working day.
// The result is in c.Location(). AddWorkdays returns EINVALID when n is
// negative, or, naming the field "calendar", when t's year or a year that
// must be crossed has no source.
func (c *Calendar) AddWorkdays(t time.Time, n int) (time.Time, error) {
	return c.data().AddWorkdays(t, n)
}

// WorkdaysBetween returns the number of working days D with from's civil
// date < D <= to's civil date, counted in c.Location(); it is 0 when to's
// date is not after from's. It returns EINVALID, naming the field
// "calendar", when a year in that span has no source.
func (c *Calendar) WorkdaysBetween(from, to time.Time) (int, error) {
	return c.data().WorkdaysBetween(from, to)
}

// AddWorkHours returns the instant, in c.Location(), reached by counting d of
// working time from t, where working time is the WorkHours of working days.
// A start outside working time begins at the next working period, so adding
// 0 outside working time returns the start of that period; a count that ends
// exactly at the end of a period returns that end. AddWorkHours returns
// EINVALID when d is negative, or, naming the field "calendar", when t's
// year or a year that must be crossed has no source.
func (c *Calendar) AddWorkHours(t time.Time, d time.Duration) (time.Time, error) {
	return c.data().AddWorkHours(t, d)
}

// WorkHoursBetween returns the working time between the instants from and
// to, counted in c.Location(); it is 0 when to is not after from. It returns
// EINVALID, naming the field "calendar", when a day in that span that holds
// working hours has a year with no source.
func (c *Calendar) WorkHoursBetween(from, to time.Time) (time.Duration, error) {
	return c.data().WorkHoursBetween(from, to)
}

// year returns the data of year y, or EINVALID when c does not cover y.
func (c *calData) year(y int) (*yearData, error) {
	if yd, ok := c.fixed[y]; ok {
		return yd, nil
	}
	return c.provisionalYear(y)
}

// IsWorkday implements Calendar.IsWorkday on one state.
func (c *calData) IsWorkday(t time.Time) (bool, error) {
	d, _ := c.split(t)
	yd, err := c.year(d.year)
	if err != nil {
		return false, err
	}
	return yd.isWork(d.yday), nil
}

// AddWorkdays implements Calendar.AddWorkdays on one state.
func (c *calData) AddWorkdays(t time.Time, n int) (time.Time, error) {
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
			return t.In(c.loc), nil
		}
		n = 1
	}
	w, err := c.nthWorkdayAfter(d, n)
	if err != nil {
		return time.Time{}, err
	}
	return w.at(c.loc, off), nil
}

// nthWorkdayAfter returns the n-th working day (n >= 1) strictly after d,
// whose year must be covered. It jumps whole years by their working-day
// counts and binary-searches the last one, so a long span costs one step per
// year rather than one per day.
func (c *calData) nthWorkdayAfter(d civilDay, n int) (civilDay, error) {
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

// WorkdaysBetween implements Calendar.WorkdaysBetween on one state.
func (c *calData) WorkdaysBetween(from, to time.Time) (int, error) {
	f, _ := c.split(from)
	t, _ := c.split(to)
	if !f.before(t) {
		return 0, nil
	}
	return c.countWorkdays(f.next(), t)
}

// countWorkdays counts the working days in [a, b], both inclusive.
func (c *calData) countWorkdays(a, b civilDay) (int, error) {
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

// AddWorkHours implements Calendar.AddWorkHours on one state.
func (c *calData) AddWorkHours(t time.Time, d time.Duration) (time.Time, error) {
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
					return day.at(c.loc, s+r), nil
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

// WorkHoursBetween implements Calendar.WorkHoursBetween on one state.
func (c *calData) WorkHoursBetween(from, to time.Time) (time.Duration, error) {
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
func (c *calData) workIn(d civilDay, a, b time.Duration) (time.Duration, error) {
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

// split returns t's civil date in c.loc and its wall-clock offset
// from that date's midnight.
func (c *calData) split(t time.Time) (civilDay, time.Duration) {
	lt := t.In(c.loc)
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
