package govops_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/govops-kit/govops"
)

func ExampleCalendar_IsWorkday() {
	cal := govops.DefaultCalendar()
	for _, day := range []string{"2024-10-01", "2024-10-12", "2024-10-14"} {
		t, _ := time.ParseInLocation(time.DateOnly, day, cal.Location())
		ok, _ := cal.IsWorkday(t)
		fmt.Println(day, t.Weekday(), ok)
	}

	_, err := cal.IsWorkday(time.Date(2101, 3, 3, 9, 0, 0, 0, cal.Location()))
	fmt.Println(govops.ErrorCode(err), govops.ErrorFields(err)["calendar"])
	// Output:
	// 2024-10-01 Tuesday false
	// 2024-10-12 Saturday true
	// 2024-10-14 Monday true
	// invalid has no data for 2101 (tables cover 2002–2027 and the provisional calendar 2025–2100): load a table for that year
}

func ExampleCalendar_AddWorkdays() {
	cal := govops.DefaultCalendar()
	// A consultation (咨询) dispatched on the Friday before National Day is
	// due in 3 working days: Sunday 09-29 is worked, 10-01..07 are off.
	dispatched := time.Date(2024, 9, 27, 15, 20, 0, 0, cal.Location())
	due, _ := cal.AddWorkdays(dispatched, 3)
	fmt.Println(due.Format("2006-01-02 15:04 Mon"))
	// Output: 2024-10-08 15:20 Tue
}

func ExampleCalendar_AddWorkHours() {
	cal := govops.DefaultCalendar()
	// Accept within 2 working hours: one hour on Monday afternoon, the
	// rest after the National Day holiday.
	dispatched := time.Date(2024, 9, 30, 16, 30, 0, 0, cal.Location())
	acceptBy, _ := cal.AddWorkHours(dispatched, 2*time.Hour)
	fmt.Println(acceptBy.Format("2006-01-02 15:04"))

	// The lunch break does not count.
	acceptBy, _ = cal.AddWorkHours(time.Date(2024, 10, 8, 11, 0, 0, 0, cal.Location()), 2*time.Hour)
	fmt.Println(acceptBy.Format("2006-01-02 15:04"))
	// Output:
	// 2024-10-08 09:30
	// 2024-10-08 15:30
}

func ExampleCalendar_WorkdaysBetween() {
	cal := govops.DefaultCalendar()
	from := time.Date(2024, 2, 8, 10, 0, 0, 0, cal.Location())
	to := time.Date(2024, 2, 19, 10, 0, 0, 0, cal.Location())
	n, _ := cal.WorkdaysBetween(from, to)
	spent, _ := cal.WorkHoursBetween(from, to)
	fmt.Println(n, spent)
	// Output: 3 19h30m0s
}

func ExampleNewCalendar() {
	// A district's own table: the 2028 notice, which the official tables
	// do not carry yet, and a local holiday in 2024.
	table, err := govops.ParseCalendarTable(strings.NewReader(`
district 2024
2024-04-11 off 壮族三月三

year 2028
2028-01-01 off 元旦
2028-01-03 off 元旦
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	cal, err := govops.NewCalendar(govops.CalendarConfig{
		WorkHours: []govops.WorkPeriod{
			{Start: 9 * time.Hour, End: 12 * time.Hour},
			{Start: 13*time.Hour + 30*time.Minute, End: 18 * time.Hour},
		},
		Tables: []govops.CalendarTable{table},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, y := range []int{2024, 2027, 2028, 2029} {
		cv, _ := cal.Coverage(y)
		fmt.Println(y, cv.Source, cv.Loaded)
	}
	ok, _ := cal.IsWorkday(time.Date(2024, 4, 11, 0, 0, 0, 0, cal.Location()))
	fmt.Println("2024-04-11 is a working day:", ok)
	next, _ := cal.AddWorkdays(time.Date(2027, 12, 31, 9, 0, 0, 0, cal.Location()), 1)
	fmt.Println(next.Format("2006-01-02 Mon"))
	// Output:
	// 2024 official 1
	// 2027 official 0
	// 2028 override 2
	// 2029 provisional 0
	// 2024-04-11 is a working day: false
	// 2028-01-04 Tue
}

func ExampleParseCalendarTable() {
	_, err := govops.ParseCalendarTable(strings.NewReader(`year 2027
2027-01-04 work 补班
2027-02-30 off
2026-12-31 off
`))
	fmt.Println(govops.ErrorCode(err))
	for _, line := range []string{"line 2", "line 3", "line 4"} {
		fmt.Printf("%s: %s\n", line, govops.ErrorFields(err)[line])
	}
	// Output:
	// invalid
	// line 2: 2027-01-04 is a Monday: only a Saturday or Sunday can be a worked day (work)
	// line 3: "2027-02-30" is not a valid date: check the month and day
	// line 4: 2026-12-31 is not in a declared year: add "year 2026" or "district 2026" to the table
}
