// Package summarykey is how portal's stores (portalmem and portalbun) key
// the groups of their summary rows, so that both count alike: a month as
// yyyymm in Asia/Shanghai (the zone of every portal count), an hour as
// yyyymmddhh in UTC, a newest time as microseconds; and how a filter's
// time bounds fall on those groups.
//
// A zero time, which lies before every bound, is in the group 0: before
// every month and every hour.
package summarykey

import (
	"time"

	"github.com/govops-kit/govops"
)

// zeroMicros is Micros of the zero time (time.Time{}.UnixMicro()): less
// than every other time's.
const zeroMicros = -62135596800000000

// Month returns the month of t in Asia/Shanghai as yyyymm (202206), 0
// for the zero time.
func Month(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	l := t.In(govops.ShanghaiLocation())
	return l.Year()*100 + int(l.Month())
}

// MonthStart returns the first instant of t's month in Asia/Shanghai, in
// UTC.
func MonthStart(t time.Time) time.Time {
	l := t.In(govops.ShanghaiLocation())
	return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, govops.ShanghaiLocation()).UTC()
}

// NextMonth returns the first instant of the month after t's in
// Asia/Shanghai, in UTC.
func NextMonth(t time.Time) time.Time {
	l := t.In(govops.ShanghaiLocation())
	return time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, govops.ShanghaiLocation()).UTC()
}

// OnMonth reports whether t is zero (an open bound) or the first instant
// of a month: a bound that counts by month answer exactly, since a record
// lies before it exactly when its month is before Month(t).
func OnMonth(t time.Time) bool { return t.IsZero() || MonthStart(t).Equal(t) }

// Hour returns the hour of t in UTC as yyyymmddhh (2022061401), 0 for the
// zero time.
func Hour(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	u := t.UTC()
	return int64(u.Year())*1_000_000 + int64(u.Month())*10_000 + int64(u.Day())*100 + int64(u.Hour())
}

// Micros returns t as microseconds since 1970-01-01 UTC; the zero time's
// is the least.
func Micros(t time.Time) int64 { return t.UnixMicro() }

// FromMicros returns the time of Micros v, in UTC; the zero time for the
// zero time's.
func FromMicros(v int64) time.Time {
	if v <= zeroMicros {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// Span is a window [from, to) of time split on whole hours: the hours
// that lie in it whole, counted from summary rows, and at most two
// windows of part of an hour at its ends, counted from the records.
type Span struct {
	// Whole is set when the window holds whole hours: those of keys in
	// [Low, High), a bound 0 being open.
	Whole     bool
	Low, High int64
	// Edges are the windows [from, to) of part of an hour at the ends.
	Edges [][2]time.Time
}

// HourSpan splits the window [from, to), a zero bound being open.
func HourSpan(from, to time.Time) Span {
	var sp Span
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return sp
	}
	var lo, hi time.Time
	if !from.IsZero() {
		lo = from.UTC().Truncate(time.Hour)
		if lo.Before(from) {
			lo = lo.Add(time.Hour)
		}
	}
	if !to.IsZero() {
		hi = to.UTC().Truncate(time.Hour)
	}
	if !from.IsZero() && !to.IsZero() && !lo.Before(hi) {
		// Within two hours and no whole one: the records count.
		sp.Edges = [][2]time.Time{{from, to}}
		return sp
	}
	sp.Whole = true
	if !from.IsZero() {
		sp.Low = Hour(lo)
		if !lo.Equal(from) {
			sp.Edges = append(sp.Edges, [2]time.Time{from, lo})
		}
	}
	if !to.IsZero() {
		sp.High = Hour(hi)
		if !hi.Equal(to) {
			sp.Edges = append(sp.Edges, [2]time.Time{hi, to})
		}
	}
	return sp
}
