package netops

import "time"

// shanghai is the time zone that dates, months and periods are counted in.
var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

// monthOf returns the month of t in Asia/Shanghai, as "2022-03".
func monthOf(t time.Time) string { return t.In(shanghai).Format("2006-01") }

// nextDue returns t plus one period of f, on the calendar in Asia/Shanghai;
// a month or more after a day the target month lacks lands on its last day.
func nextDue(f Frequency, t time.Time) time.Time {
	l := t.In(shanghai)
	months := 0
	switch f {
	case Daily:
		return l.AddDate(0, 0, 1).UTC()
	case Weekly:
		return l.AddDate(0, 0, 7).UTC()
	case Monthly:
		months = 1
	case Quarterly:
		months = 3
	case Yearly:
		months = 12
	default:
		return t
	}
	y, m, d := l.Date()
	first := time.Date(y, m+time.Month(months), 1, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), shanghai)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1).UTC()
}
