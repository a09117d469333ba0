package govops_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

// TestStateCouncilTable_AgreesWithNotices compares every day of 2020–2026
// between the official tables (lunar-go) and the notices written by hand
// in testdata, and stops at the first disagreement, naming the date.
func TestStateCouncilTable_AgreesWithNotices(t *testing.T) {
	official := mustCalendar(t, govops.CalendarConfig{NoProvisional: true})
	byHand := mustCalendar(t, govops.CalendarConfig{NoEmbedded: true, NoProvisional: true,
		Tables: []govops.CalendarTable{mustReadTable(t, "testdata/statecouncil-2020-2026.txt")}})
	days := 0
	for d := at(t, "2020-01-01"); d.Year() <= 2026; d = d.AddDate(0, 0, 1) {
		a, err := official.IsWorkday(d)
		if err != nil {
			t.Fatalf("%s: official: %v", d.Format(time.DateOnly), err)
		}
		b, err := byHand.IsWorkday(d)
		if err != nil {
			t.Fatalf("%s: notice: %v", d.Format(time.DateOnly), err)
		}
		if a != b {
			t.Fatalf("%s (%s): lunar-go says working day = %v, the notice says %v", d.Format(time.DateOnly), d.Weekday(), a, b)
		}
		days++
	}
	if days != 2557 {
		t.Fatalf("compared %d days, want 2557", days)
	}
}

func TestDefaultCalendar_2027(t *testing.T) {
	c := govops.DefaultCalendar()
	check := func(s string, want bool) {
		t.Helper()
		got, err := c.IsWorkday(at(t, s))
		if err != nil {
			t.Fatalf("IsWorkday(%s): %v", s, err)
		}
		if got != want {
			t.Errorf("IsWorkday(%s) = %v, want %v", s, got, want)
		}
	}
	for d := at(t, "2027-02-05"); !d.After(at(t, "2027-02-13")); d = d.AddDate(0, 0, 1) {
		check(d.Format(time.DateOnly), false) // 春节
	}
	for d := at(t, "2027-10-01"); !d.After(at(t, "2027-10-07")); d = d.AddDate(0, 0, 1) {
		check(d.Format(time.DateOnly), false) // 国庆节
	}
	check("2027-01-31", true) // Sunday, 春节调休
	check("2027-02-14", true) // Sunday, 春节调休
	check("2027-10-09", true) // Saturday, 国庆节调休
	check("2027-02-04", true)
	check("2027-02-15", true)
	if cv, err := c.Coverage(2027); err != nil || cv.Source != govops.SourceOfficial {
		t.Fatalf("Coverage(2027) = %+v, %v", cv, err)
	}
	if got := c.LastOfficialYear(); got != 2027 {
		t.Fatalf("LastOfficialYear = %d", got)
	}
}

func TestCalendar_Provisional(t *testing.T) {
	c := govops.DefaultCalendar()
	cv, err := c.Coverage(2030)
	if err != nil {
		t.Fatal(err)
	}
	if cv.Source != govops.SourceProvisional || cv.Source.Label() == "" {
		t.Fatalf("Coverage(2030) = %+v", cv)
	}
	// 2030: 除夕 is 02-02 (a Saturday), 春节 02-03; 清明 04-05; 端午 06-05;
	// 中秋 09-12 (a Thursday).
	off := map[string]string{
		"2030-01-01": "元旦",
		"2030-02-02": "春节", "2030-02-03": "春节", "2030-02-04": "春节", "2030-02-05": "春节",
		"2030-04-05": "清明节",
		"2030-05-01": "劳动节", "2030-05-02": "劳动节",
		"2030-06-05": "端午节",
		"2030-09-12": "中秋节",
		"2030-10-01": "国庆节", "2030-10-02": "国庆节", "2030-10-03": "国庆节",
	}
	for s := range off {
		if ok, err := c.IsWorkday(at(t, s)); err != nil || ok {
			t.Errorf("IsWorkday(%s) = %v, %v; want a day off", s, ok, err)
		}
	}
	for _, s := range []string{"2030-02-06", "2030-04-04", "2030-05-03", "2030-06-04", "2030-09-13", "2030-10-04", "2030-10-08"} {
		if ok, err := c.IsWorkday(at(t, s)); err != nil || !ok {
			t.Errorf("IsWorkday(%s) = %v, %v; want a working day", s, ok, err)
		}
	}
	// No 调休: a Saturday with no notice is off.
	if ok, err := c.IsWorkday(at(t, "2030-02-09")); err != nil || ok {
		t.Errorf("IsWorkday(Saturday 2030-02-09) = %v, %v; want off", ok, err)
	}
	// Every weekday off is one of the statutory holidays, by name.
	for _, e := range cv.Exceptions {
		key := e.Date.Format(time.DateOnly)
		if e.Kind != govops.DayOff || off[key] != e.Name {
			t.Errorf("exception %s %v %q is not a statutory holiday", key, e.Kind, e.Name)
		}
	}
	if wd := 261 - len(cv.Exceptions); cv.Workdays != wd {
		t.Errorf("Workdays = %d, want %d", cv.Workdays, wd)
	}

	t.Run("ProvisionalYears", func(t *testing.T) {
		if got := c.ProvisionalYears(at(t, "2027-12-20"), at(t, "2028-01-10")); fmt.Sprint(got) != "[2028]" {
			t.Fatalf("ProvisionalYears = %v", got)
		}
		if got := c.ProvisionalYears(at(t, "2026-12-20"), at(t, "2027-01-10")); len(got) != 0 {
			t.Fatalf("ProvisionalYears over official years = %v", got)
		}
		if got := c.ProvisionalYears(at(t, "2031-01-10"), at(t, "2029-12-20")); fmt.Sprint(got) != "[2029 2030 2031]" {
			t.Fatalf("ProvisionalYears reversed = %v", got)
		}
	})

	t.Run("DeadlineAcrossYearEnd", func(t *testing.T) {
		// A complaint dispatched on 2027-12-20 is due 13 working days
		// later, counted on the provisional 2028 (元旦 is a Saturday, and
		// no 调休 moves it).
		due, err := c.AddWorkdays(at(t, "2027-12-20 10:00"), 13)
		if err != nil {
			t.Fatal(err)
		}
		if want := at(t, "2028-01-06 10:00"); !due.Equal(want) {
			t.Fatalf("due %v, want %v", due, want)
		}
	})

	t.Run("StatutoryHolidaysAgreeWithNotices", func(t *testing.T) {
		// In the years of the 2024 revision that have a notice, every
		// statutory day is off in the notice.
		for y := 2025; y <= c.LastOfficialYear(); y++ {
			days, err := govops.StatutoryHolidays(y)
			if err != nil {
				t.Fatal(err)
			}
			if len(days) != 13 {
				t.Errorf("%d: %d statutory days, want 13", y, len(days))
			}
			for _, d := range days {
				if ok, err := c.IsWorkday(at(t, d.Date.Format(time.DateOnly))); err != nil || ok {
					t.Errorf("%d: statutory %s %s is a working day in the notice", y, d.Date.Format(time.DateOnly), d.Name)
				}
			}
		}
	})

	t.Run("EveryProvisionalYear", func(t *testing.T) {
		inRange := func(d time.Time, from, to string) bool {
			md := d.Format("01-02")
			return md >= from && md <= to
		}
		for y := govops.ProvisionalFrom; y <= govops.ProvisionalThrough; y++ {
			days, err := govops.StatutoryHolidays(y)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string][]time.Time{}
			for _, d := range days {
				if d.Date.Year() != y || d.Kind != govops.DayOff {
					t.Fatalf("%d: %+v", y, d)
				}
				names[d.Name] = append(names[d.Name], d.Date)
			}
			if n := len(names["春节"]); n != 4 {
				t.Errorf("%d: %d days of 春节", y, n)
			}
			for _, c := range []struct{ name, from, to string }{
				{"春节", "01-20", "02-22"}, {"清明节", "04-03", "04-06"},
				{"端午节", "05-27", "06-26"}, {"中秋节", "09-06", "10-08"},
			} {
				for _, d := range names[c.name] {
					if !inRange(d, c.from, c.to) {
						t.Errorf("%d: %s on %s", y, c.name, d.Format(time.DateOnly))
					}
				}
			}
		}
	})

	t.Run("OutsideTheRange", func(t *testing.T) {
		for _, y := range []int{2024, 2101} {
			_, err := govops.StatutoryHolidays(y)
			wantErr(t, err, govops.EINVALID, "calendar: ")
			if govops.ErrorFields(err)["calendar"] == "" {
				t.Fatalf("fields = %v", govops.ErrorFields(err))
			}
		}
		_, err := c.AddWorkdays(at(t, "2100-12-20 10:00"), 13)
		wantErr(t, err, govops.EINVALID, "for 2101")
		if _, err := c.Coverage(2101); govops.ErrorFields(err)["calendar"] == "" {
			t.Fatalf("Coverage(2101) error = %v", err)
		}
		if got := c.Source(2101); got != "" {
			t.Fatalf("Source(2101) = %q", got)
		}
	})

	t.Run("Off", func(t *testing.T) {
		strict := mustCalendar(t, govops.CalendarConfig{NoProvisional: true})
		_, err := strict.IsWorkday(at(t, "2028-03-01"))
		wantErr(t, err, govops.EINVALID, "for 2028", "provisional calendar is off")
	})
}

func TestCalendar_SetTables(t *testing.T) {
	c := mustCalendar(t, govops.CalendarConfig{})
	before := c.Snapshot()
	dueBefore, err := c.AddWorkdays(at(t, "2027-12-28 10:00"), 5)
	if err != nil {
		t.Fatal(err)
	}

	// The 2028 notice, loaded at run time, and a local holiday in 2029.
	notice := mustParse(t, `
year 2028
2028-01-01 off 元旦
2028-01-03 off 元旦
2028-01-04 off 元旦
district 2029
2029-04-10 off 壮族三月三
`)
	if err := c.SetTables(notice); err != nil {
		t.Fatal(err)
	}
	if cv, _ := c.Coverage(2028); cv.Source != govops.SourceOverride || cv.Loaded != 3 {
		t.Fatalf("Coverage(2028) = %+v", cv)
	}
	cv, _ := c.Coverage(2029)
	if cv.Source != govops.SourceProvisional || cv.Loaded != 1 {
		t.Fatalf("Coverage(2029) = %+v", cv)
	}
	// A district day on a provisional year keeps the statutory holidays.
	for s, want := range map[string]bool{"2029-04-10": false, "2029-01-01": false, "2029-04-11": true} {
		if ok, err := c.IsWorkday(at(t, s)); err != nil || ok != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", s, ok, err, want)
		}
	}
	dueAfter, err := c.AddWorkdays(at(t, "2027-12-28 10:00"), 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := dueBefore.AddDate(0, 0, 2); !dueAfter.Equal(want) {
		t.Fatalf("due after the notice = %v, want %v (before: %v)", dueAfter, want, dueBefore)
	}
	if got := c.ProvisionalYears(at(t, "2027-12-28"), dueAfter); len(got) != 0 {
		t.Fatalf("ProvisionalYears after the notice = %v", got)
	}
	if got := c.LastOfficialYear(); got != 2028 {
		t.Fatalf("LastOfficialYear = %d", got)
	}

	t.Run("SnapshotDoesNotChange", func(t *testing.T) {
		if got, _ := before.AddWorkdays(at(t, "2027-12-28 10:00"), 5); !got.Equal(dueBefore) {
			t.Fatalf("snapshot moved: %v", got)
		}
		if before.Source(2028) != govops.SourceProvisional {
			t.Fatal("snapshot sees the new notice")
		}
		wantErr(t, before.SetTables(), govops.EINVALID, "snapshot")
	})
	t.Run("Remove", func(t *testing.T) {
		c := mustCalendar(t, govops.CalendarConfig{})
		if err := c.SetTables(notice); err != nil {
			t.Fatal(err)
		}
		if err := c.SetTables(); err != nil {
			t.Fatal(err)
		}
		if c.Source(2028) != govops.SourceProvisional {
			t.Fatal("2028 should be provisional again")
		}
	})
	t.Run("BadTableChangesNothing", func(t *testing.T) {
		bad := govops.CalendarTable{Years: []int{2028}, District: []int{2028}}
		err := c.SetTables(bad)
		wantErr(t, err, govops.EINVALID)
		if govops.ErrorFields(err)["tables[0].District[0]"] == "" {
			t.Fatalf("fields = %v", govops.ErrorFields(err))
		}
		if c.Source(2028) != govops.SourceOverride {
			t.Fatal("a refused table changed the calendar")
		}
	})
	t.Run("DefaultIsShared", func(t *testing.T) {
		wantErr(t, govops.DefaultCalendar().SetTables(notice), govops.EINVALID, "shared")
		var zero govops.Calendar
		wantErr(t, zero.SetTables(notice), govops.EINVALID, "NewCalendar")
	})
	t.Run("ConcurrentReaders", func(t *testing.T) {
		c := mustCalendar(t, govops.CalendarConfig{})
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; n < 200; n++ {
					due, err := c.AddWorkdays(at(t, "2027-12-28 10:00"), 5+i)
					if err != nil || due.Year() != 2028 {
						t.Errorf("AddWorkdays = %v, %v", due, err)
						return
					}
				}
			}()
		}
		for n := 0; n < 50; n++ {
			tables := []govops.CalendarTable{notice}
			if n%2 == 1 {
				tables = nil
			}
			if err := c.SetTables(tables...); err != nil {
				t.Fatal(err)
			}
		}
		wg.Wait()
	})
}

func TestParseCalendarTable_District(t *testing.T) {
	tbl := mustParse(t, "district 2027\n2027-04-09 off 壮族三月三\nyear 2028\n")
	if fmt.Sprint(tbl.Years, tbl.District, len(tbl.Days)) != "[2028] [2027] 1" {
		t.Fatalf("table = %+v", tbl)
	}
	_, err := govops.ParseCalendarTable(strings.NewReader("district 2027\nyear 2027\n"))
	wantErr(t, err, govops.EINVALID)
	if got := govops.ErrorFields(err)["line 2"]; !strings.Contains(got, "already declared on line 1") {
		t.Fatalf("line 2: %q", got)
	}
}

func TestError_Error(t *testing.T) {
	tests := []struct {
		err  *govops.Error
		want string
	}{
		{govops.FieldError("title", "is required"), "invalid: title: is required"},
		{govops.Errorf(govops.EINVALID, "resolve_by: cannot be counted").WithField("resolve_by", "cannot be counted").WithField("calendar", "has no data for 2101"),
			"invalid: resolve_by: cannot be counted (calendar: has no data for 2101)"},
		{govops.Errorf(govops.ECONFLICT, "case changed"), "conflict: case changed"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	var p govops.Problems
	p.Add("title", "is required")
	p.Add("kind", "is unknown")
	if got := p.Err().Error(); got != "invalid: title: is required; kind: is unknown" {
		t.Errorf("Problems: %q", got)
	}
	wrapped := govops.Errorf(govops.EINTERNAL, "store: %w", errors.New("disk full"))
	if got := wrapped.Error(); got != "internal: store: disk full" {
		t.Errorf("wrapped: %q", got)
	}
}

// BenchmarkCalendar_ProvisionalYear counts a complaint's 13 working days
// on an official year and on a provisional one, in the same run: the
// provisional year is built from lunar-go on first use and then costs what
// an official one does.
func BenchmarkCalendar_ProvisionalYear(b *testing.B) {
	for _, bc := range []struct{ name, from string }{{"Official", "2026-12-20 10:00"}, {"Provisional", "2029-12-20 10:00"}} {
		b.Run(bc.name, func(b *testing.B) {
			c := govops.DefaultCalendar()
			from := at(b, bc.from)
			for b.Loop() {
				if _, err := c.AddWorkdays(from, 13); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStatutoryHolidays is the cost of building one provisional year
// from lunar-go, paid once per year and calendar state.
func BenchmarkStatutoryHolidays(b *testing.B) {
	for b.Loop() {
		if _, err := govops.StatutoryHolidays(2030); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWithinAndAsField(t *testing.T) {
	cause := govops.FieldError("calendar", "has no data for 2101")
	err := govops.Within("case 2100-000001", govops.AsField("resolve_by", cause))
	if got := err.Error(); got != "invalid: case 2100-000001: resolve_by: calendar: has no data for 2101" {
		t.Fatalf("Error() = %q", got)
	}
	f := govops.ErrorFields(err)
	if f["resolve_by"] != "calendar: has no data for 2101" || f["calendar"] != "has no data for 2101" || len(f) != 2 {
		t.Fatalf("fields = %v", f)
	}
	if !errors.Is(err, cause) {
		t.Fatal("the cause is not wrapped")
	}
	if f := govops.ErrorFields(cause); len(f) != 1 {
		t.Fatalf("the cause's fields changed: %v", f)
	}
	internal := govops.Errorf(govops.EINTERNAL, "disk full")
	if govops.AsField("resolve_by", internal) != error(internal) || govops.Within("x", internal) != error(internal) {
		t.Fatal("an internal error was rewrapped")
	}
}
