package portal_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops/portal"
)

func TestScanDates(t *testing.T) {
	d := func(y int, m time.Month, day, hh, mm, ss int) time.Time {
		return time.Date(y, m, day, hh, mm, ss, 0, sh)
	}
	cases := []struct {
		name, text string
		want       []time.Time
	}{
		{"Dashes", "关于开展清朗行动的通知 2022-09-30", []time.Time{d(2022, 9, 30, 0, 0, 0)}},
		{"Slashes", "[2022/09/30]", []time.Time{d(2022, 9, 30, 0, 0, 0)}},
		{"Dots", "发布于2022.09.30。", []time.Time{d(2022, 9, 30, 0, 0, 0)}},
		{"Chinese", "2022年9月30日", []time.Time{d(2022, 9, 30, 0, 0, 0)}},
		{"ShortMonthDay", "2022-9-3", []time.Time{d(2022, 9, 3, 0, 0, 0)}},
		{"TimeAfter", "2022-09-30 10:30", []time.Time{d(2022, 9, 30, 10, 30, 0)}},
		{"TimeAfterSeconds", "2022年9月30日\u300008:05:59", []time.Time{d(2022, 9, 30, 8, 5, 59)}},
		{"TimeBefore", "10:30 2022/09/30", []time.Time{d(2022, 9, 30, 10, 30, 0)}},
		{"TimeBeforeShortHour", "更新时间：9:05\u00a02022.09.30", []time.Time{d(2022, 9, 30, 9, 5, 0)}},
		{"Several", "要闻一 2022-06-14\n要闻二 2022-06-01 16:00\n", []time.Time{d(2022, 6, 14, 0, 0, 0), d(2022, 6, 1, 16, 0, 0)}},
		{"MixedSeparators", "2022-09/30", nil},
		{"DigitsBefore", "12022-09-30", nil},
		{"DigitsAfter", "2022-09-301", nil},
		{"ThreeDigitDay", "2022-09-030", nil},
		{"NoDay", "2022-09", nil},
		{"Impossible", "2022-02-30 2021-13-01 2022年0月1日", nil},
		{"LeapDay", "2024-02-29 2023-02-29", []time.Time{d(2024, 2, 29, 0, 0, 0)}},
		{"OldYear", "1899-12-31", nil},
		{"BadTimeKept", "2022-09-30 24:00", []time.Time{d(2022, 9, 30, 0, 0, 0)}},
		{"BadSecondsKept", "2022-09-30 10:30:61", []time.Time{d(2022, 9, 30, 0, 0, 0)}},
		{"TimeWithoutSpace", "2022-09-3010:30", nil},
		{"ChineseUnclosed", "2022年9月30", nil},
		{"PhoneNumber", "电话 0571-8888-1234", nil},
		{"Version", "版本 1.2.3", nil},
		{"Empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := portal.ScanDates(c.text)
			if !slices.EqualFunc(got, c.want, time.Time.Equal) {
				t.Fatalf("ScanDates(%q) = %v, want %v", c.text, got, c.want)
			}
		})
	}
}

// FuzzScanDates: any text scans without panic, each date found is in
// Shanghai and of a year from 1900, and printing the dates found in the
// scanner's own form and scanning that gives them back.
func FuzzScanDates(f *testing.F) {
	for _, s := range []string{"2022-09-30", "10:30 2022/09/30", "2022年9月30日 08:05:59", "2022.9.3 23:59", "12022-09-301",
		"2022-02-30", "2022年1", "9:5 2022-1-1", "\u3000\u00a0", "2022-09-30 \u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := portal.ScanDates(text)
		if len(got) > len(text)/8 {
			t.Fatalf("%d dates in %d bytes", len(got), len(text))
		}
		var b strings.Builder
		for _, d := range got {
			if d.Location() != sh || d.Year() < 1900 {
				t.Fatalf("date %v of %q", d, text)
			}
			b.WriteString(d.Format("2006-01-02 15:04:05") + "；")
		}
		again := portal.ScanDates(b.String())
		if !slices.EqualFunc(got, again, time.Time.Equal) {
			t.Fatalf("%q scans to %v, its print %q to %v", text, got, b.String(), again)
		}
	})
}
