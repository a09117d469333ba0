package govops

import (
	"fmt"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// The years a provisional calendar is computed for. The statutory holidays
// it lists are those of 《全国年节及纪念日放假办法》 as revised in 2024, in
// force from 2025, so an earlier year is never guessed; and lunar-go's
// lunar dates and solar terms are trusted through 2100, beyond which a
// computed 清明 or 除夕 may be a day off.
const (
	ProvisionalFrom    = 2025
	ProvisionalThrough = 2100
)

// StatutoryHolidays returns the days off that 《全国年节及纪念日放假办法》
// (2024 revision) gives in year: 元旦 (January 1), 春节 (除夕 through 正月初三,
// four days), 清明节 (the day of the 清明 solar term), 劳动节 (May 1–2), 端午节
// (the fifth day of the fifth lunar month), 中秋节 (the fifteenth of the
// eighth) and 国庆节 (October 1–3), sorted by date, each at midnight UTC.
// Lunar dates and the solar term come from github.com/6tail/lunar-go.
//
// This is what a provisional year holds: no 调休, since only the State
// Council's notice sets those, so a weekend stays off. Where two holidays
// fall on one date, the first in the list above names it. It returns
// EINVALID naming the field "calendar" for a year outside
// ProvisionalFrom..ProvisionalThrough.
func StatutoryHolidays(year int) ([]DayOverride, error) {
	if year < ProvisionalFrom || year > ProvisionalThrough {
		return nil, FieldError("calendar", fmt.Sprintf("no provisional calendar for %d: the statutory holidays are computed for %d–%d; load a table for it",
			year, ProvisionalFrom, ProvisionalThrough))
	}
	return statutoryHolidays(year)
}

func statutoryHolidays(year int) (days []DayOverride, err error) {
	defer func() {
		// lunar-go panics on dates it cannot compute; inside the range
		// above it never has, but a panic must not take a server down.
		if r := recover(); r != nil {
			days, err = nil, Errorf(EINTERNAL, "lunar-go could not compute the holidays of %d: %v", year, r)
		}
	}()
	seen := map[time.Time]bool{}
	add := func(d time.Time, name string) {
		if !seen[d] {
			seen[d] = true
			days = append(days, DayOverride{Date: d, Kind: DayOff, Name: name})
		}
	}
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	solar := func(s *calendar.Solar) time.Time { return date(s.GetYear(), s.GetMonth(), s.GetDay()) }

	add(date(year, 1, 1), "元旦")
	newYear := solar(calendar.NewLunarFromYmd(year, 1, 1).GetSolar())
	for i := -1; i <= 2; i++ {
		add(newYear.AddDate(0, 0, i), "春节")
	}
	qm, ok := calendar.NewLunarFromYmd(year, 3, 1).GetJieQiTable()["清明"]
	if !ok || qm.GetYear() != year {
		return nil, Errorf(EINTERNAL, "lunar-go has no 清明 solar term in %d", year)
	}
	add(solar(qm), "清明节")
	add(date(year, 5, 1), "劳动节")
	add(date(year, 5, 2), "劳动节")
	add(solar(calendar.NewLunarFromYmd(year, 5, 5).GetSolar()), "端午节")
	add(solar(calendar.NewLunarFromYmd(year, 8, 15).GetSolar()), "中秋节")
	for d := 1; d <= 3; d++ {
		add(date(year, 10, d), "国庆节")
	}
	for _, d := range days {
		if d.Date.Year() != year {
			return nil, Errorf(EINTERNAL, "lunar-go put a holiday of %d on %s", year, d.Date.Format(time.DateOnly))
		}
	}
	sortDays(days)
	return days, nil
}

// provisionalYear returns year y built on the statutory holidays, with the
// loaded overrides on top, or EINVALID naming the field "calendar" when no
// source covers y. It is built once per state.
func (c *calData) provisionalYear(y int) (*yearData, error) {
	if !c.provisional || y < ProvisionalFrom || y > ProvisionalThrough {
		return nil, c.noSource(y)
	}
	slot := &c.prov[y-ProvisionalFrom]
	if yd := slot.Load(); yd != nil {
		return yd, nil
	}
	days, err := statutoryHolidays(y)
	if err != nil {
		return nil, err
	}
	base := make(map[civilDay]DayOverride, len(days))
	for _, o := range days {
		base[civilOf(o.Date)] = o
	}
	// Two callers may build the same year at once; both results are equal
	// and the first stored wins.
	slot.CompareAndSwap(nil, c.makeYear(y, SourceProvisional, base))
	return slot.Load(), nil
}

// noSource is the error for a year that nothing covers. It names the field
// "calendar" and says what does cover years.
func (c *calData) noSource(y int) *Error {
	var have string
	switch {
	case len(c.years) > 0 && c.provisional:
		have = fmt.Sprintf("tables cover %d–%d and the provisional calendar %d–%d", c.years[0], c.years[len(c.years)-1], ProvisionalFrom, ProvisionalThrough)
	case len(c.years) > 0:
		have = fmt.Sprintf("tables cover %d–%d and the provisional calendar is off", c.years[0], c.years[len(c.years)-1])
	case c.provisional:
		have = fmt.Sprintf("no table is loaded and the provisional calendar covers %d–%d", ProvisionalFrom, ProvisionalThrough)
	default:
		have = "no table is loaded"
	}
	return FieldError("calendar", fmt.Sprintf("has no data for %d (%s): load a table for that year", y, have))
}
