package summarykey_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/govops-kit/govops/portal/internal/summarykey"
)

// cst is Asia/Shanghai's zone (UTC+8 all year): a case's time in it or in
// UTC is the same instant to every function.
func cst() *time.Location { return time.FixedZone("CST", 8*3600) }

func TestMonth(t *testing.T) {
	sh, utc := cst(), time.UTC
	for _, tc := range []struct {
		t     time.Time
		month int
		start time.Time
		next  time.Time
		on    bool
	}{
		{time.Date(2022, 6, 1, 0, 0, 0, 0, sh), 202206, time.Date(2022, 5, 31, 16, 0, 0, 0, utc), time.Date(2022, 6, 30, 16, 0, 0, 0, utc), true},
		{time.Date(2022, 5, 31, 16, 0, 0, 0, utc), 202206, time.Date(2022, 5, 31, 16, 0, 0, 0, utc), time.Date(2022, 6, 30, 16, 0, 0, 0, utc), true},
		{time.Date(2022, 5, 31, 15, 59, 59, 999999000, utc), 202205, time.Date(2022, 4, 30, 16, 0, 0, 0, utc), time.Date(2022, 5, 31, 16, 0, 0, 0, utc), false},
		{time.Date(2022, 1, 31, 23, 0, 0, 0, sh), 202201, time.Date(2021, 12, 31, 16, 0, 0, 0, utc), time.Date(2022, 1, 31, 16, 0, 0, 0, utc), false},
		{time.Date(2022, 12, 31, 20, 0, 0, 0, utc), 202301, time.Date(2022, 12, 31, 16, 0, 0, 0, utc), time.Date(2023, 1, 31, 16, 0, 0, 0, utc), false},
		{time.Date(2022, 6, 1, 0, 0, 0, 1000, sh), 202206, time.Date(2022, 5, 31, 16, 0, 0, 0, utc), time.Date(2022, 6, 30, 16, 0, 0, 0, utc), false},
		{time.Date(1900, 1, 1, 0, 0, 0, 0, utc), 190001, time.Date(1899, 12, 31, 16, 0, 0, 0, utc), time.Date(1900, 1, 31, 16, 0, 0, 0, utc), false},
	} {
		t.Run(tc.t.String(), func(t *testing.T) {
			if got := summarykey.Month(tc.t); got != tc.month {
				t.Errorf("Month = %d, want %d", got, tc.month)
			}
			if got := summarykey.MonthStart(tc.t); !got.Equal(tc.start) {
				t.Errorf("MonthStart = %v, want %v", got, tc.start)
			}
			if got := summarykey.NextMonth(tc.t); !got.Equal(tc.next) {
				t.Errorf("NextMonth = %v, want %v", got, tc.next)
			}
			if got := summarykey.OnMonth(tc.t); got != tc.on {
				t.Errorf("OnMonth = %v, want %v", got, tc.on)
			}
		})
	}
	if summarykey.Month(time.Time{}) != 0 || !summarykey.OnMonth(time.Time{}) || summarykey.Hour(time.Time{}) != 0 {
		t.Errorf("the zero time is in month %d, hour %d, on a month %v; want 0, 0, true",
			summarykey.Month(time.Time{}), summarykey.Hour(time.Time{}), summarykey.OnMonth(time.Time{}))
	}
}

func TestHourAndMicros(t *testing.T) {
	sh, utc := cst(), time.UTC
	at := time.Date(2022, 6, 15, 10, 11, 12, 13000, sh)
	if got := summarykey.Hour(at); got != 2022061502 {
		t.Errorf("Hour = %d, want 2022061502 (UTC)", got)
	}
	for _, v := range []time.Time{at, time.Date(1960, 1, 1, 0, 0, 0, 500000000, utc), time.Date(9999, 12, 31, 15, 0, 0, 1000, utc), {}} {
		if got := summarykey.FromMicros(summarykey.Micros(v)); !got.Equal(v) || got.IsZero() != v.IsZero() {
			t.Errorf("FromMicros(Micros(%v)) = %v", v, got)
		}
	}
	if summarykey.Micros(time.Time{}) >= summarykey.Micros(time.Date(1, 1, 1, 0, 0, 0, 1000, utc)) {
		t.Errorf("the zero time's micros are not the least")
	}
}

func TestHourSpan(t *testing.T) {
	utc := time.UTC
	h := time.Date(2022, 6, 15, 2, 0, 0, 0, utc)
	m := func(min int) time.Time { return h.Add(time.Duration(min) * time.Minute) }
	span := func(sp summarykey.Span) string {
		return fmt.Sprintf("%v %d %d %v", sp.Whole, sp.Low, sp.High, sp.Edges)
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     summarykey.Span
	}{
		{"Open", time.Time{}, time.Time{}, summarykey.Span{Whole: true}},
		{"Hours", h, m(120), summarykey.Span{Whole: true, Low: 2022061502, High: 2022061504}},
		{"Cut", m(-30), m(90), summarykey.Span{Whole: true, Low: 2022061502, High: 2022061503,
			Edges: [][2]time.Time{{m(-30), h}, {m(60), m(90)}}}},
		{"InAnHour", m(5), m(50), summarykey.Span{Edges: [][2]time.Time{{m(5), m(50)}}}},
		{"AcrossAnEnd", m(50), m(70), summarykey.Span{Edges: [][2]time.Time{{m(50), m(70)}}}},
		{"FromOnly", m(1), time.Time{}, summarykey.Span{Whole: true, Low: 2022061503, Edges: [][2]time.Time{{m(1), m(60)}}}},
		{"ToOnly", time.Time{}, m(1), summarykey.Span{Whole: true, High: 2022061502, Edges: [][2]time.Time{{h, m(1)}}}},
		{"Empty", m(1), m(1), summarykey.Span{}},
		{"Backwards", m(61), m(1), summarykey.Span{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := summarykey.HourSpan(tc.from, tc.to); span(got) != span(tc.want) {
				t.Errorf("HourSpan = %s, want %s", span(got), span(tc.want))
			}
		})
	}
}
