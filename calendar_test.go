package govops_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

// at parses "2006-01-02 15:04" or "2006-01-02" in Asia/Shanghai.
func at(tb testing.TB, s string) time.Time {
	tb.Helper()
	layout := "2006-01-02 15:04"
	if len(s) == len(time.DateOnly) {
		layout = time.DateOnly
	}
	t, err := time.ParseInLocation(layout, s, govops.ShanghaiLocation())
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// wantErr fails unless err is a govops error with the given code whose
// message contains each of the given texts.
func wantErr(tb testing.TB, err error, code string, contains ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("error = nil, want %s", code)
	}
	if got := govops.ErrorCode(err); got != code {
		tb.Fatalf("ErrorCode = %q, want %q (%v)", got, code, err)
	}
	for _, s := range contains {
		if !strings.Contains(govops.ErrorMessage(err), s) {
			tb.Fatalf("message %q does not mention %q", govops.ErrorMessage(err), s)
		}
	}
}

func mustCalendar(tb testing.TB, cfg govops.CalendarConfig) *govops.Calendar {
	tb.Helper()
	c, err := govops.NewCalendar(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestDefaultCalendar(t *testing.T) {
	c := govops.DefaultCalendar()
	if got := fmt.Sprint(c.Years()); got != "[2002 2003 2004 2005 2006 2007 2008 2009 2010 2011 2012 2013 2014 2015 2016 2017 2018 2019 2020 2021 2022 2023 2024 2025 2026 2027]" {
		t.Fatalf("Years = %s", got)
	}
	if c.Location() != govops.ShanghaiLocation() {
		t.Fatalf("Location = %v", c.Location())
	}
	if _, off := at(t, "2024-01-01").Zone(); off != 8*3600 {
		t.Fatalf("Shanghai offset = %d", off)
	}
	if c != govops.DefaultCalendar() {
		t.Fatal("DefaultCalendar built a second calendar")
	}

	t.Run("YearsIsACopy", func(t *testing.T) {
		c.Years()[0] = 1999
		if c.Years()[0] != 2002 {
			t.Fatal("changing the result of Years changed the calendar")
		}
	})
}

func TestCalendar_IsWorkday(t *testing.T) {
	c := govops.DefaultCalendar()
	workdays := []string{
		"2022-10-08", "2022-10-09", // Sat, Sun worked after National Day
		"2024-02-04", "2024-02-18", // Sundays worked for the Spring Festival
		"2024-02-09",               // 除夕 2024 is an ordinary Friday
		"2024-09-29", "2024-10-12", // Sun, Sat worked for National Day
		"2024-09-30", "2024-10-08",
		"2025-01-26", // Sunday worked for the Spring Festival
		"2024-03-04", // an ordinary Monday
		"2026-01-04", // Sunday worked after New Year
	}
	daysOff := []string{
		"2024-01-01", "2024-03-02", "2024-03-03", // New Year, an ordinary weekend
		"2020-02-01", // the Saturday whose 调休 the 2020 extension cancelled
		"2023-01-02", "2024-06-10", "2025-10-08", "2026-02-23",
	}
	for d := at(t, "2024-02-10"); !d.After(at(t, "2024-02-17")); d = d.AddDate(0, 0, 1) {
		daysOff = append(daysOff, d.Format(time.DateOnly))
	}
	for d := at(t, "2024-10-01"); !d.After(at(t, "2024-10-07")); d = d.AddDate(0, 0, 1) {
		daysOff = append(daysOff, d.Format(time.DateOnly))
	}
	check := func(s string, want bool) {
		t.Helper()
		got, err := c.IsWorkday(at(t, s))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("IsWorkday(%s) = %v, want %v", s, got, want)
		}
	}
	for _, s := range workdays {
		check(s, true)
	}
	for _, s := range daysOff {
		check(s, false)
	}

	t.Run("CivilDateInShanghai", func(t *testing.T) {
		// 2024-10-07 17:00 UTC is 2024-10-08 01:00 in Shanghai, a working day.
		ok, err := c.IsWorkday(time.Date(2024, 10, 7, 17, 0, 0, 0, time.UTC))
		if err != nil || !ok {
			t.Fatalf("IsWorkday = %v, %v; want true", ok, err)
		}
		// 2024-09-30 16:30 UTC is 2024-10-01 00:30 in Shanghai, a holiday.
		ok, err = c.IsWorkday(time.Date(2024, 9, 30, 16, 30, 0, 0, time.UTC))
		if err != nil || ok {
			t.Fatalf("IsWorkday = %v, %v; want false", ok, err)
		}
	})

	t.Run("ErrNoData", func(t *testing.T) {
		for _, s := range []string{"2101-03-03", "2001-12-31", "1999-01-01"} {
			_, err := c.IsWorkday(at(t, s))
			wantErr(t, err, govops.EINVALID, "calendar: has no data for "+s[:4], "load a table")
			if f := govops.ErrorFields(err); f["calendar"] == "" {
				t.Fatalf("fields = %v, want calendar", f)
			}
		}
		// 2001-12-31 20:00 UTC is already 2002 in Shanghai.
		if _, err := c.IsWorkday(time.Date(2001, 12, 31, 20, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCalendar_AddWorkdays(t *testing.T) {
	c := govops.DefaultCalendar()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-03-04 10:00", 0, "2024-03-04 10:00"},
		{"2024-03-04 10:00", 1, "2024-03-05 10:00"},
		{"2024-03-08 23:59", 1, "2024-03-11 23:59"}, // Friday to Monday, clock kept
		{"2024-03-02 10:00", 0, "2024-03-04 10:00"}, // Saturday moves to Monday
		// Spring Festival 2024: off 02-10..17, Sundays 02-04 and 02-18 worked.
		{"2024-02-03 09:00", 0, "2024-02-04 09:00"},
		{"2024-02-04 09:00", 0, "2024-02-04 09:00"},
		{"2024-02-08 15:00", 1, "2024-02-09 15:00"},
		{"2024-02-08 15:00", 2, "2024-02-18 15:00"},
		{"2024-02-08 15:00", 3, "2024-02-19 15:00"},
		{"2024-02-12 15:00", 0, "2024-02-18 15:00"},
		{"2024-02-12 15:00", 1, "2024-02-18 15:00"},
		{"2024-02-01 15:00", 5, "2024-02-07 15:00"}, // 02-02, 02-04 (Sun), 02-05, 02-06, 02-07
		// National Day 2024: off 10-01..07, 09-29 (Sun) and 10-12 (Sat) worked.
		{"2024-09-27 10:00", 1, "2024-09-29 10:00"},
		{"2024-09-27 10:00", 2, "2024-09-30 10:00"},
		{"2024-09-27 10:00", 3, "2024-10-08 10:00"},
		{"2024-09-30 16:30", 1, "2024-10-08 16:30"},
		{"2024-10-03 08:00", 0, "2024-10-08 08:00"},
		{"2024-10-11 10:00", 1, "2024-10-12 10:00"},
		{"2024-10-11 10:00", 2, "2024-10-14 10:00"},
		// Across years.
		{"2024-12-31 10:00", 1, "2025-01-02 10:00"},
		{"2023-12-29 10:00", 251, "2024-12-31 10:00"}, // 2024 has 251 working days
		{"2023-12-29 10:00", 252, "2025-01-02 10:00"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s+%d", tt.from, tt.n), func(t *testing.T) {
			got, err := c.AddWorkdays(at(t, tt.from), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if got.Location() != c.Location() {
				t.Errorf("result in %v, want %v", got.Location(), c.Location())
			}
			if s := got.Format("2006-01-02 15:04"); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}

	t.Run("InverseOfWorkdaysBetween", func(t *testing.T) {
		start := at(t, "2020-01-02 09:00")
		for n := 0; n <= 1700; n += 7 {
			end, err := c.AddWorkdays(start, n)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.WorkdaysBetween(start, end)
			if err != nil {
				t.Fatal(err)
			}
			ok, _ := c.IsWorkday(end)
			if got != n || !ok && n > 0 {
				t.Fatalf("AddWorkdays(%d) = %v: %d working days later, workday %v", n, end, got, ok)
			}
		}
	})

	t.Run("KeepsSubSecondClock", func(t *testing.T) {
		from := at(t, "2024-03-04 10:00").Add(1234567891 * time.Nanosecond)
		got, err := c.AddWorkdays(from.UTC(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if want := from.AddDate(0, 0, 1); !got.Equal(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})

	t.Run("ErrNegative", func(t *testing.T) {
		_, err := c.AddWorkdays(at(t, "2024-03-04"), -1)
		wantErr(t, err, govops.EINVALID, "negative")
	})
	t.Run("ErrNoDataAhead", func(t *testing.T) {
		if _, err := c.AddWorkdays(at(t, "2100-12-31 10:00"), 0); err != nil {
			t.Fatal(err)
		}
		_, err := c.AddWorkdays(at(t, "2100-12-31 10:00"), 1)
		wantErr(t, err, govops.EINVALID, "for 2101")
		_, err = c.AddWorkdays(at(t, "2024-01-01"), 1_000_000)
		wantErr(t, err, govops.EINVALID, "for 2101")
	})
	t.Run("ErrNoDataAtStart", func(t *testing.T) {
		_, err := c.AddWorkdays(at(t, "2001-12-31"), 1)
		wantErr(t, err, govops.EINVALID, "for 2001")
	})
}

func TestCalendar_AddWorkHours(t *testing.T) {
	c := govops.DefaultCalendar()
	tests := []struct {
		name string
		from string
		d    time.Duration
		want string
	}{
		{"WithinMorning", "2024-03-04 09:00", time.Hour, "2024-03-04 10:00"},
		{"EndsAtNoon", "2024-03-04 11:00", time.Hour, "2024-03-04 12:00"},
		{"AcrossLunch", "2024-03-04 11:00", 2 * time.Hour, "2024-03-04 15:30"},
		{"ZeroAtLunch", "2024-03-04 12:30", 0, "2024-03-04 14:30"},
		{"ZeroAtNoon", "2024-03-04 12:00", 0, "2024-03-04 14:30"},
		{"ZeroInHours", "2024-03-04 10:15", 0, "2024-03-04 10:15"},
		{"BeforeOpening", "2024-03-04 07:00", time.Hour, "2024-03-04 09:30"},
		{"EndsAtClose", "2024-03-04 16:30", time.Hour, "2024-03-04 17:30"},
		{"AcrossEvening", "2024-03-04 17:00", time.Hour, "2024-03-05 09:00"},
		{"AfterClose", "2024-03-04 20:00", time.Hour, "2024-03-05 09:30"},
		{"FromWeekend", "2024-03-02 10:00", time.Hour, "2024-03-04 09:30"},
		{"FridayToMonday", "2024-03-08 17:00", 2 * time.Hour, "2024-03-11 10:00"},
		{"OneWeek", "2024-03-04 08:30", 32*time.Hour + 30*time.Minute, "2024-03-08 17:30"},
		{"OneWeekAndHalfHour", "2024-03-04 08:30", 33 * time.Hour, "2024-03-11 09:00"},
		{"IntoNationalDay", "2024-09-30 16:30", 2 * time.Hour, "2024-10-08 09:30"},
		{"WorkedSunday", "2024-02-04 16:00", 2 * time.Hour, "2024-02-05 09:00"},
		{"AcrossSpringFestival", "2024-02-08 14:30", 13 * time.Hour, "2024-02-18 12:00"},
		{"AcrossYear", "2024-12-31 17:00", time.Hour, "2025-01-02 09:00"},
		{"Minutes", "2024-03-04 11:59", 2 * time.Minute, "2024-03-04 14:31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddWorkHours(at(t, tt.from), tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if got.Location() != c.Location() {
				t.Errorf("result in %v, want %v", got.Location(), c.Location())
			}
			if s := got.Format("2006-01-02 15:04"); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
			back, err := c.WorkHoursBetween(at(t, tt.from), got)
			if err != nil {
				t.Fatal(err)
			}
			if back != tt.d {
				t.Errorf("WorkHoursBetween(from, result) = %v, want %v", back, tt.d)
			}
		})
	}

	t.Run("FromUTC", func(t *testing.T) {
		// 2024-03-04 00:00 UTC is 08:00 in Shanghai, before opening.
		got, err := c.AddWorkHours(time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if want := at(t, "2024-03-04 09:30"); !got.Equal(want) || got.Location() != c.Location() {
			t.Fatalf("got %v, want %v", got, want)
		}
	})

	t.Run("InverseOfWorkHoursBetween", func(t *testing.T) {
		start := at(t, "2023-12-29 07:13")
		for i := 0; i < 400; i++ {
			from := start.Add(time.Duration(i) * 97 * time.Minute)
			d := time.Duration(i*i%3001) * 7 * time.Minute
			to, err := c.AddWorkHours(from, d)
			if err != nil {
				t.Fatal(err)
			}
			back, err := c.WorkHoursBetween(from, to)
			if err != nil {
				t.Fatal(err)
			}
			if back != d {
				t.Fatalf("from %v: AddWorkHours(%v) = %v, but WorkHoursBetween = %v", from, d, to, back)
			}
		}
	})

	t.Run("ErrNegative", func(t *testing.T) {
		_, err := c.AddWorkHours(at(t, "2024-03-04 10:00"), -time.Minute)
		wantErr(t, err, govops.EINVALID, "negative")
	})
	t.Run("ErrNoDataAhead", func(t *testing.T) {
		_, err := c.AddWorkHours(at(t, "2100-12-31 17:00"), time.Hour)
		wantErr(t, err, govops.EINVALID, "for 2101")
		_, err = c.AddWorkHours(at(t, "2024-03-04 10:00"), 1_000_000*time.Hour)
		wantErr(t, err, govops.EINVALID, "for 2101")
	})
}

func TestCalendar_WorkdaysBetween(t *testing.T) {
	c := govops.DefaultCalendar()
	tests := []struct {
		from, to string
		want     int
	}{
		{"2024-03-04 08:00", "2024-03-04 18:00", 0},
		{"2024-03-05", "2024-03-04", 0},
		{"2024-03-04 23:00", "2024-03-05 01:00", 1},
		{"2024-03-01", "2024-03-08", 5},
		{"2024-09-30", "2024-10-08", 1},
		{"2024-09-28", "2024-10-12", 7}, // 09-29, 09-30, 10-08..11, 10-12
		{"2024-02-09", "2024-02-18", 1},
		{"2024-02-03", "2024-02-19", 8}, // 02-04 (Sun), 02-05..09, 02-18 (Sun), 02-19
		{"2023-12-31", "2024-12-31", 251},
		{"2022-12-31", "2023-12-31", 249},
		{"2019-12-31", "2020-01-03", 2}, // 2019 itself is not needed
	}
	for _, tt := range tests {
		t.Run(tt.from+".."+tt.to, func(t *testing.T) {
			got, err := c.WorkdaysBetween(at(t, tt.from), at(t, tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}

	t.Run("ErrNoData", func(t *testing.T) {
		_, err := c.WorkdaysBetween(at(t, "2100-12-30"), at(t, "2101-01-04"))
		wantErr(t, err, govops.EINVALID, "for 2101")
		_, err = c.WorkdaysBetween(at(t, "2001-12-30"), at(t, "2002-01-04"))
		wantErr(t, err, govops.EINVALID, "for 2001")
	})
}

func TestCalendar_WorkHoursBetween(t *testing.T) {
	c := govops.DefaultCalendar()
	tests := []struct {
		from, to string
		want     time.Duration
	}{
		{"2024-03-04 10:00", "2024-03-04 09:00", 0},
		{"2024-03-04 11:00", "2024-03-04 15:00", 90 * time.Minute},
		{"2024-03-04 12:10", "2024-03-04 14:20", 0},
		{"2024-03-04 00:00", "2024-03-05 00:00", 6*time.Hour + 30*time.Minute},
		{"2024-03-04 00:00", "2024-03-11 00:00", 32*time.Hour + 30*time.Minute},
		{"2024-09-30 16:30", "2024-10-08 09:30", 2 * time.Hour},
		{"2024-10-01 09:00", "2024-10-07 17:00", 0},
		{"2024-02-04 08:00", "2024-02-04 20:00", 6*time.Hour + 30*time.Minute},
		{"2023-12-31 00:00", "2025-01-01 00:00", 251 * (6*time.Hour + 30*time.Minute)},
		{"2100-12-31 18:00", "2101-01-01 00:00", 0}, // no working hours, so no 2101 data needed
	}
	for _, tt := range tests {
		t.Run(tt.from+".."+tt.to, func(t *testing.T) {
			got, err := c.WorkHoursBetween(at(t, tt.from), at(t, tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("ErrNoData", func(t *testing.T) {
		_, err := c.WorkHoursBetween(at(t, "2100-12-31 10:00"), at(t, "2101-01-04 10:00"))
		wantErr(t, err, govops.EINVALID, "for 2101")
	})
}

func TestNewCalendar_Config(t *testing.T) {
	t.Run("NoEmbedded", func(t *testing.T) {
		c := mustCalendar(t, govops.CalendarConfig{NoEmbedded: true})
		if len(c.Years()) != 0 {
			t.Fatalf("Years = %v", c.Years())
		}
		_, err := c.IsWorkday(at(t, "2024-03-04"))
		wantErr(t, err, govops.EINVALID, "for 2024")

		// A year with no overrides follows the weekend rule alone.
		c = mustCalendar(t, govops.CalendarConfig{NoEmbedded: true, Tables: []govops.CalendarTable{{Years: []int{2024}}}})
		if ok, _ := c.IsWorkday(at(t, "2024-10-01")); !ok {
			t.Fatal("without the State Council table 2024-10-01 should be an ordinary Tuesday")
		}
	})

	t.Run("WorkHoursAndLocation", func(t *testing.T) {
		utc := time.UTC
		c := mustCalendar(t, govops.CalendarConfig{
			Location:  utc,
			WorkHours: []govops.WorkPeriod{{Start: 9 * time.Hour, End: 13 * time.Hour}, {Start: 13 * time.Hour, End: 24 * time.Hour}},
		})
		if c.Location() != utc {
			t.Fatalf("Location = %v", c.Location())
		}
		got, err := c.AddWorkHours(time.Date(2024, 3, 8, 20, 0, 0, 0, time.FixedZone("X", 3600)), 5*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		// 19:00 UTC Friday: 5h runs to midnight, ending on Friday's close.
		if want := time.Date(2024, 3, 9, 0, 0, 0, 0, utc); !got.Equal(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		if got, _ := c.WorkHoursBetween(time.Date(2024, 3, 4, 0, 0, 0, 0, utc), time.Date(2024, 3, 5, 0, 0, 0, 0, utc)); got != 15*time.Hour {
			t.Fatalf("WorkHoursBetween one day = %v, want 15h", got)
		}
	})

	t.Run("ZeroCalendar", func(t *testing.T) {
		var c govops.Calendar
		_, err := c.IsWorkday(at(t, "2024-03-04"))
		wantErr(t, err, govops.EINVALID, "for 2024")
		_, err = c.AddWorkHours(at(t, "2024-03-04"), time.Hour)
		wantErr(t, err, govops.EINVALID, "for 2024")
	})

	t.Run("CopiesWorkHours", func(t *testing.T) {
		hours := []govops.WorkPeriod{{Start: 9 * time.Hour, End: 17 * time.Hour}}
		c := mustCalendar(t, govops.CalendarConfig{WorkHours: hours})
		hours[0].End = 10 * time.Hour
		got, err := c.AddWorkHours(at(t, "2024-03-04 09:00"), 8*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if want := at(t, "2024-03-04 17:00"); !got.Equal(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
}

func TestCalendar_Concurrent(t *testing.T) {
	c := govops.DefaultCalendar()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := at(t, "2024-01-02 09:00").AddDate(0, 0, i)
			for n := 0; n < 200; n++ {
				if _, err := c.AddWorkdays(from, n); err != nil {
					t.Error(err)
					return
				}
				if _, err := c.AddWorkHours(from, time.Duration(n)*time.Hour); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkCalendar_IsWorkday(b *testing.B) {
	c := govops.DefaultCalendar()
	t := time.Date(2024, 10, 8, 9, 0, 0, 0, govops.ShanghaiLocation())
	for b.Loop() {
		if _, err := c.IsWorkday(t); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCalendar_AddWorkdays(b *testing.B) {
	c := govops.DefaultCalendar()
	t := time.Date(2020, 1, 2, 9, 0, 0, 0, govops.ShanghaiLocation())
	for _, n := range []int{3, 250, 1700} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := c.AddWorkdays(t, n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCalendar_AddWorkHours(b *testing.B) {
	c := govops.DefaultCalendar()
	t := time.Date(2020, 1, 2, 9, 0, 0, 0, govops.ShanghaiLocation())
	for _, d := range []time.Duration{2 * time.Hour, 1000 * time.Hour} {
		b.Run(d.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := c.AddWorkHours(t, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkNewCalendar(b *testing.B) {
	for b.Loop() {
		if _, err := govops.NewCalendar(govops.CalendarConfig{}); err != nil {
			b.Fatal(err)
		}
	}
}
