// Package summarykey holds the keys of the security stores' summary rows
// (days and months in Asia/Shanghai), shared by securitybun and
// securitymem so that both count in the same groups.
package summarykey

import (
	"time"

	"github.com/govops-kit/govops"
)

// DayNumber returns the Asia/Shanghai date of t as yyyymmdd; 0 for a zero
// t.
func DayNumber(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	y, m, d := t.In(govops.ShanghaiLocation()).Date()
	return y*10000 + int(m)*100 + d
}

// DayOfNumber returns the start of the day n (yyyymmdd) in Asia/Shanghai,
// in UTC; the zero time for 0.
func DayOfNumber(n int) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Date(n/10000, time.Month(n/100%100), n%100, 0, 0, 0, 0, govops.ShanghaiLocation()).UTC()
}

// FirstDay returns the number of the first day that starts at t or after.
func FirstDay(t time.Time) int {
	n := DayNumber(t)
	if DayOfNumber(n).Before(t) {
		n = DayNumber(DayOfNumber(n).Add(36 * time.Hour))
	}
	return n
}

// MonthOf returns the Asia/Shanghai month of t, "2022-03"; a zero t is
// "0001-01", before every month.
func MonthOf(t time.Time) string {
	if t.IsZero() {
		return "0001-01"
	}
	return t.In(govops.ShanghaiLocation()).Format("2006-01")
}

// WholeMonth returns the month t starts, and whether it starts one; a
// zero t is "" and true (no bound).
func WholeMonth(t time.Time) (string, bool) {
	if t.IsZero() {
		return "", true
	}
	l := t.In(govops.ShanghaiLocation())
	y, m, _ := l.Date()
	return MonthOf(t), l.Equal(time.Date(y, m, 1, 0, 0, 0, 0, govops.ShanghaiLocation()))
}
