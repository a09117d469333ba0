package govops_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
)

func mustParse(tb testing.TB, text string) govops.CalendarTable {
	tb.Helper()
	t, err := govops.ParseCalendarTable(strings.NewReader(text))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func mustReadTable(tb testing.TB, path string) govops.CalendarTable {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	t, err := govops.ParseCalendarTable(f)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestParseCalendarTable(t *testing.T) {
	text := "\ufeff# 2027 district table\r\n" +
		"\n" +
		"year 2028   # a year with no overrides\n" +
		"year\t2027\n" +
		"2027-02-07 work 春节调休   # a worked Sunday\n" +
		"  2027-01-01\toff  元旦  \n" +
		"2027-01-02 off\n" + // a Saturday: off is harmless there
		"2027-04-05 off Qingming Festival (district)\r\n" +
		"   # indented comment\n" +
		"2027-06-09 off 端午节" // no final newline
	table := mustParse(t, text)

	if got := fmt.Sprint(table.Years); got != "[2027 2028]" {
		t.Errorf("Years = %s, want sorted [2027 2028]", got)
	}
	var got []string
	for _, d := range table.Days {
		if d.Date.Location() != time.UTC || !d.Date.Equal(d.Date.Truncate(24*time.Hour)) {
			t.Errorf("Date %v is not midnight UTC", d.Date)
		}
		got = append(got, fmt.Sprintf("%s %v %q", d.Date.Format(time.DateOnly), d.Kind, d.Name))
	}
	want := []string{
		`2027-01-01 off "元旦"`,
		`2027-01-02 off ""`,
		`2027-02-07 work "春节调休"`,
		`2027-04-05 off "Qingming Festival (district)"`,
		`2027-06-09 off "端午节"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Days =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	t.Run("Empty", func(t *testing.T) {
		for _, text := range []string{"", "\n\n", "# only a comment\n"} {
			table := mustParse(t, text)
			if len(table.Years) != 0 || len(table.Days) != 0 {
				t.Errorf("%q: got %+v", text, table)
			}
		}
	})

	t.Run("YearAfterItsDates", func(t *testing.T) {
		table := mustParse(t, "2027-01-01 off 元旦\nyear 2027\n")
		if len(table.Days) != 1 || fmt.Sprint(table.Years) != "[2027]" {
			t.Fatalf("got %+v", table)
		}
	})

	t.Run("LongestLine", func(t *testing.T) {
		line := "2027-01-01 off " + strings.Repeat("x", 4096-len("2027-01-01 off "))
		table := mustParse(t, "year 2027\n"+line+"\r\n")
		if len(table.Days) != 1 || len(table.Days[0].Name) != 4096-15 {
			t.Fatalf("a 4096-byte line was not read whole")
		}
	})
}

func TestParseCalendarTable_Errors(t *testing.T) {
	tests := []struct {
		name    string
		line    string // parsed after "year 2027\n", so it is line 2
		problem string // text the problem for line 2 must contain
	}{
		{"UnknownKeyword", "years 2027", `unknown keyword "years"`},
		{"KeywordCase", "Year 2027", `unknown keyword "Year"`},
		{"MissingYear", "year", "missing year"},
		{"YearNotNumber", "year twenty", `"twenty" is not a year`},
		{"YearFiveDigits", "year 20277", `"20277" is not a year`},
		{"YearSigned", "year +202", `"+202" is not a year`},
		{"YearTooEarly", "year 1899", "outside 1900..9999"},
		{"YearTwice", "year 2027", "already declared on line 1"},
		{"YearExtraText", "year 2028 2029", "unexpected"},
		{"BadDate", "2027-1-1 off", `"2027-1-1" is not a date`},
		{"SlashDate", "2027/01/01 off", "is not a date"},
		{"NoSuchDay", "2027-02-29 off", "not a valid date"},
		{"NoSuchMonth", "2027-13-01 off", "not a valid date"},
		{"DateYearTooEarly", "1899-12-31 off", "outside 1900..9999"},
		{"MissingKind", "2027-01-01", "missing kind"},
		{"UnknownKind", "2027-01-01 holiday 元旦", `unknown kind "holiday"`},
		{"KindCase", "2027-01-01 OFF", `unknown kind "OFF"`},
		{"WorkOnWeekday", "2027-01-04 work 补班", "2027-01-04 is a Monday"},
		{"UndeclaredYear", "2026-12-31 off", `add "year 2026"`},
		{"ControlCharacter", "2027-01-01 off 元\x01旦", "control character"},
		{"InvalidUTF8", "2027-01-01 off \xff\xfe", "not valid UTF-8"},
		{"TooLong", "2027-01-01 off " + strings.Repeat("长", 2000), "longer than 4096 bytes"},
		{"HugeLine", strings.Repeat("x", 1<<20), "longer than 4096 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := govops.ParseCalendarTable(strings.NewReader("year 2027\n" + tt.line + "\nyear 2030\n"))
			wantErr(t, err, govops.EINVALID)
			fields := govops.ErrorFields(err)
			if len(fields) != 1 {
				t.Fatalf("fields = %v, want only line 2", fields)
			}
			if p := fields["line 2"]; !strings.Contains(p, tt.problem) {
				t.Fatalf("line 2: %q does not mention %q", p, tt.problem)
			}
			if len(govops.ErrorMessage(err)) > 300 {
				t.Fatalf("message is %d bytes long", len(govops.ErrorMessage(err)))
			}
		})
	}

	t.Run("DateTwice", func(t *testing.T) {
		_, err := govops.ParseCalendarTable(strings.NewReader("year 2027\n2027-01-01 off\n2027-01-01 off 元旦\n"))
		wantErr(t, err, govops.EINVALID)
		if p := govops.ErrorFields(err)["line 3"]; !strings.Contains(p, "already listed on line 2") {
			t.Fatalf("line 3: %q", p)
		}
	})

	t.Run("EveryBadLine", func(t *testing.T) {
		text := strings.Join([]string{
			"year 2027",                    // 1
			"2027-01-01 off 元旦",            // 2
			"2027-01-04 work",              // 3: a Monday
			"2027-02-30 off",               // 4
			strings.Repeat("#", 5000),      // 5: too long, even as a comment
			"2027-02-07 work 春节调休",         // 6
			"2026-12-31 off",               // 7: undeclared year
			"holiday 2027-05-01",           // 8
			"2027-01-01 off duplicate",     // 9
			"2027-10-01 off 国庆节 # comment", // 10
		}, "\n")
		_, err := govops.ParseCalendarTable(strings.NewReader(text))
		wantErr(t, err, govops.EINVALID)
		fields := govops.ErrorFields(err)
		want := []string{"line 3", "line 4", "line 5", "line 7", "line 8", "line 9"}
		if len(fields) != len(want) {
			t.Errorf("fields = %v, want %v", fields, want)
		}
		for _, f := range want {
			if fields[f] == "" {
				t.Errorf("%s not reported; got %v", f, fields)
			}
		}
		// The message lists the lines in order.
		msg := govops.ErrorMessage(err)
		last := -1
		for _, f := range want {
			i := strings.Index(msg, f+":")
			if i < last {
				t.Fatalf("%s is out of order in %q", f, msg)
			}
			last = i
		}
	})

	t.Run("ReadFailure", func(t *testing.T) {
		cause := errors.New("disk on fire")
		r := io.MultiReader(strings.NewReader("year 2027\n2027-01-01 off\n"), &failingReader{cause})
		_, err := govops.ParseCalendarTable(r)
		wantErr(t, err, govops.EINTERNAL)
		if !errors.Is(err, cause) {
			t.Fatalf("error %v does not wrap the read failure", err)
		}
	})
}

// TestNewCalendar_Errors checks that a table built in Go is held to the
// rules of the file format, and that bad working hours are refused; every
// problem is reported at once, under the field that holds it.
func TestNewCalendar_Errors(t *testing.T) {
	day := func(s string, k govops.DayKind) govops.DayOverride {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return govops.DayOverride{Date: d, Kind: k}
	}
	h := time.Hour
	tests := []struct {
		name   string
		cfg    govops.CalendarConfig
		fields []string
	}{
		{"EmptyWorkHours", govops.CalendarConfig{WorkHours: []govops.WorkPeriod{}}, []string{"WorkHours"}},
		{"EndBeforeStart", govops.CalendarConfig{WorkHours: []govops.WorkPeriod{{Start: 12 * h, End: 9 * h}}}, []string{"WorkHours[0]"}},
		{"EmptyPeriod", govops.CalendarConfig{WorkHours: []govops.WorkPeriod{{Start: 9 * h, End: 9 * h}}}, []string{"WorkHours[0]"}},
		{"Overlap", govops.CalendarConfig{WorkHours: []govops.WorkPeriod{{Start: 9 * h, End: 12 * h}, {Start: 11 * h, End: 17 * h}}}, []string{"WorkHours[1]"}},
		{"Descending", govops.CalendarConfig{WorkHours: []govops.WorkPeriod{{Start: 14 * h, End: 17 * h}, {Start: 8 * h, End: 12 * h}}}, []string{"WorkHours[1]"}},
		{"PastMidnight", govops.CalendarConfig{WorkHours: []govops.WorkPeriod{{Start: 22 * h, End: 25 * h}}}, []string{"WorkHours[0]"}},
		{"NegativeStart", govops.CalendarConfig{WorkHours: []govops.WorkPeriod{{Start: -h, End: 2 * h}}}, []string{"WorkHours[0]"}},
		{"YearOutOfRange", govops.CalendarConfig{Tables: []govops.CalendarTable{{Years: []int{1899}}}}, []string{"Tables[0].Years[0]"}},
		{"YearTwice", govops.CalendarConfig{Tables: []govops.CalendarTable{{Years: []int{2027, 2027}}}}, []string{"Tables[0].Years[1]"}},
		{"DayOutsideYears", govops.CalendarConfig{Tables: []govops.CalendarTable{{Years: []int{2027}},
			{Years: []int{2028}, Days: []govops.DayOverride{day("2027-01-01", govops.DayOff)}}}}, []string{"Tables[1].Days[0]"}},
		{"WorkOnWeekday", govops.CalendarConfig{Tables: []govops.CalendarTable{{Years: []int{2027},
			Days: []govops.DayOverride{day("2027-01-04", govops.DayWorked)}}}}, []string{"Tables[0].Days[0]"}},
		{"DateTwice", govops.CalendarConfig{Tables: []govops.CalendarTable{{Years: []int{2027},
			Days: []govops.DayOverride{day("2027-01-01", govops.DayOff), day("2027-01-01", govops.DayOff)}}}}, []string{"Tables[0].Days[1]"}},
		{"UnknownKind", govops.CalendarConfig{Tables: []govops.CalendarTable{{Years: []int{2027},
			Days: []govops.DayOverride{day("2027-01-01", 0)}}}}, []string{"Tables[0].Days[0]"}},
		{"EveryProblemAtOnce", govops.CalendarConfig{
			WorkHours: []govops.WorkPeriod{{Start: 9 * h, End: 8 * h}},
			Tables: []govops.CalendarTable{{Years: []int{10000}}, {Years: []int{2027},
				Days: []govops.DayOverride{day("2027-01-05", govops.DayWorked), day("2026-01-01", govops.DayOff)}}},
		}, []string{"WorkHours[0]", "Tables[0].Years[0]", "Tables[1].Days[0]", "Tables[1].Days[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := govops.NewCalendar(tt.cfg)
			if c != nil {
				t.Error("a calendar was returned with the error")
			}
			wantErr(t, err, govops.EINVALID)
			fields := govops.ErrorFields(err)
			if len(fields) != len(tt.fields) {
				t.Errorf("fields = %v, want %v", fields, tt.fields)
			}
			for _, f := range tt.fields {
				if fields[f] == "" {
					t.Errorf("field %q not reported; got %v", f, fields)
				}
			}
		})
	}
}

type failingReader struct{ err error }

func (r *failingReader) Read([]byte) (int, error) { return 0, r.err }

// TestStateCouncilTable checks the official tables (from lunar-go) against
// the notices, written here a second way, as spans, so that a typo in
// either shows up.
func TestStateCouncilTable(t *testing.T) {
	type span struct{ from, to string } // off from..to inclusive
	notices := map[int]struct {
		off  []span
		work []string
	}{
		2020: {[]span{{"01-01", "01-01"}, {"01-24", "02-02"}, {"04-04", "04-06"}, {"05-01", "05-05"}, {"06-25", "06-27"}, {"10-01", "10-08"}},
			[]string{"01-19", "04-26", "05-09", "06-28", "09-27", "10-10"}},
		2021: {[]span{{"01-01", "01-03"}, {"02-11", "02-17"}, {"04-03", "04-05"}, {"05-01", "05-05"}, {"06-12", "06-14"}, {"09-19", "09-21"}, {"10-01", "10-07"}},
			[]string{"02-07", "02-20", "04-25", "05-08", "09-18", "09-26", "10-09"}},
		2022: {[]span{{"01-01", "01-03"}, {"01-31", "02-06"}, {"04-03", "04-05"}, {"04-30", "05-04"}, {"06-03", "06-05"}, {"09-10", "09-12"}, {"10-01", "10-07"}},
			[]string{"01-29", "01-30", "04-02", "04-24", "05-07", "10-08", "10-09"}},
		2023: {[]span{{"01-01", "01-02"}, {"01-21", "01-27"}, {"04-05", "04-05"}, {"04-29", "05-03"}, {"06-22", "06-24"}, {"09-29", "10-06"}},
			[]string{"01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08"}},
		2024: {[]span{{"01-01", "01-01"}, {"02-10", "02-17"}, {"04-04", "04-06"}, {"05-01", "05-05"}, {"06-10", "06-10"}, {"09-15", "09-17"}, {"10-01", "10-07"}},
			[]string{"02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"}},
		2025: {[]span{{"01-01", "01-01"}, {"01-28", "02-04"}, {"04-04", "04-06"}, {"05-01", "05-05"}, {"05-31", "06-02"}, {"10-01", "10-08"}},
			[]string{"01-26", "02-08", "04-27", "09-28", "10-11"}},
		2026: {[]span{{"01-01", "01-03"}, {"02-15", "02-23"}, {"04-04", "04-06"}, {"05-01", "05-05"}, {"06-19", "06-21"}, {"09-25", "09-27"}, {"10-01", "10-07"}},
			[]string{"01-04", "02-14", "02-28", "05-09", "09-20", "10-10"}},
	}
	want := map[string]govops.DayKind{}
	for y, n := range notices {
		for _, s := range n.off {
			from := at(t, fmt.Sprintf("%d-%s", y, s.from))
			to := at(t, fmt.Sprintf("%d-%s", y, s.to))
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				want[d.Format(time.DateOnly)] = govops.DayOff
			}
		}
		for _, s := range n.work {
			d := at(t, fmt.Sprintf("%d-%s", y, s))
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				t.Errorf("worked day %s is a %s", d.Format(time.DateOnly), wd)
			}
			want[d.Format(time.DateOnly)] = govops.DayWorked
		}
	}

	table := govops.StateCouncilTable()
	if got := fmt.Sprint(table.Years[0], "..", table.Years[len(table.Years)-1], " ", len(table.Years)); got != "2002..2027 26" {
		t.Fatalf("Years = %s", got)
	}
	got := map[string]govops.DayKind{}
	for _, d := range table.Days {
		key := d.Date.Format(time.DateOnly)
		if y := d.Date.Year(); y < 2020 || y > 2026 {
			continue
		}
		if d.Date.Location() != time.UTC || d.Date.Hour() != 0 {
			t.Errorf("%s: Date %v is not midnight UTC", key, d.Date)
		}
		if d.Name == "" {
			t.Errorf("%s has no name", key)
		}
		if d.Kind == govops.DayWorked {
			if wd := d.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
				t.Errorf("embedded worked day %s is a %s", key, wd)
			}
		}
		got[key] = d.Kind
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: embedded %v, notice says %v", k, got[k], v)
		}
	}
	for k, v := range got {
		d, _ := time.Parse(time.DateOnly, k)
		if wd := d.Weekday(); v == govops.DayOff && (wd == time.Saturday || wd == time.Sunday) {
			continue // lunar-go lists some weekends next to a holiday; harmless
		}
		if _, ok := want[k]; !ok {
			t.Errorf("%s: embedded %v is in no notice", k, v)
		}
	}

	t.Run("FreshCopy", func(t *testing.T) {
		a := govops.StateCouncilTable()
		a.Days[0].Name = "changed"
		a.Years[0] = 1999
		b := govops.StateCouncilTable()
		if b.Days[0].Name == "changed" || b.Years[0] == 1999 {
			t.Fatal("StateCouncilTable shares its slices")
		}
	})
}

func TestNewCalendar_DistrictOverrides(t *testing.T) {
	// A Guangxi district gives 壮族三月三 off, and its own table also turns a
	// national worked Sunday into a day off.
	district := mustParse(t, `
year 2024
2024-04-11 off 壮族三月三
2024-02-04 off 区自定休息日
`)
	c := mustCalendar(t, govops.CalendarConfig{Tables: []govops.CalendarTable{district}})
	for s, want := range map[string]bool{
		"2024-04-11": false, // local holiday
		"2024-02-04": false, // the district's override wins over the State Council's
		"2024-02-18": true,  // untouched national 调休
		"2024-04-12": true,
	} {
		got, err := c.IsWorkday(at(t, s))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("IsWorkday(%s) = %v, want %v", s, got, want)
		}
	}
	got, err := c.AddWorkdays(at(t, "2024-04-10 10:00"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := at(t, "2024-04-12 10:00"); !got.Equal(want) {
		t.Errorf("AddWorkdays over the local holiday = %v, want %v", got, want)
	}

	t.Run("LaterTableWins", func(t *testing.T) {
		first := govops.CalendarTable{Years: []int{2024}, Days: []govops.DayOverride{
			{Date: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC), Kind: govops.DayOff},
		}}
		second := govops.CalendarTable{Years: []int{2024}, Days: []govops.DayOverride{
			{Date: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC), Kind: govops.DayWorked},
		}}
		for _, tc := range []struct {
			tables []govops.CalendarTable
			want   bool
		}{
			{[]govops.CalendarTable{first, second}, true},
			{[]govops.CalendarTable{second, first}, false},
		} {
			c := mustCalendar(t, govops.CalendarConfig{Tables: tc.tables})
			got, err := c.IsWorkday(at(t, "2024-03-09"))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("IsWorkday(2024-03-09) = %v, want %v", got, tc.want)
			}
		}
	})
}

func TestNewCalendar_ExtraYear(t *testing.T) {
	y2027 := mustParse(t, `
# 2027, loaded by the operator when the notice is published
year 2027
2027-01-01 off 元旦
2027-02-07 work 春节调休
`)
	c := mustCalendar(t, govops.CalendarConfig{NoEmbedded: true, NoProvisional: true, Tables: []govops.CalendarTable{mustReadTable(t, "testdata/statecouncil-2020-2026.txt"), y2027}})
	if got := fmt.Sprint(c.Years()); got != "[2020 2021 2022 2023 2024 2025 2026 2027]" {
		t.Fatalf("Years = %s", got)
	}
	if ok, err := c.IsWorkday(at(t, "2027-02-07")); err != nil || !ok {
		t.Fatalf("IsWorkday(2027-02-07) = %v, %v; want true", ok, err)
	}
	// 2026-12-31 is a Thursday: Friday 2027-01-01 is 元旦, so the next
	// working day is Monday 2027-01-04.
	got, err := c.AddWorkdays(at(t, "2026-12-31 09:00"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := at(t, "2027-01-04 09:00"); !got.Equal(want) {
		t.Fatalf("AddWorkdays = %v, want %v", got, want)
	}
	_, err = c.IsWorkday(at(t, "2028-01-03"))
	wantErr(t, err, govops.EINVALID, "for 2028")
}

func FuzzParseCalendarTable(f *testing.F) {
	for _, seed := range []string{
		"",
		"year 2027\n2027-01-01 off 元旦\n2027-02-07 work 春节调休\n",
		"# comment\r\nyear 2024\r\n2024-02-04 work\r\n",
		"2027-01-01 off\nyear 2027",
		"year 1900\nyear 9999\n9999-12-31 off\n1900-01-06 work\n",
		"year 2027\n2027-01-04 work\n2027-01-01 off\n2027-01-01 off\n",
		"year 0000\nyear -2027\n0000-01-01 off\n",
		"year 2027 # x\n2027-02-29 off\n2027-01-01 off \x00\n",
		"\ufeffyear 2027\n2027-01-01\toff\t#\n",
		"district 2027\n2027-04-09 off 壮族三月三\nyear 2028\n2028-01-01 off\n",
		"district 2027\nyear 2027\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Every rule is about one line or a few; the fuzzer minimises each
		// new input in time quadratic in its length and stops fuzzing
		// meanwhile, so long inputs cost more than they find. Lines over
		// 4096 bytes are pinned by TestParseCalendarTable_Errors.
		if len(text) > 512 {
			return
		}
		table, err := govops.ParseCalendarTable(strings.NewReader(text))
		if err != nil {
			if code := govops.ErrorCode(err); code != govops.EINVALID {
				t.Fatalf("ErrorCode = %q: %v", code, err)
			}
			fields := govops.ErrorFields(err)
			if len(fields) == 0 {
				t.Fatalf("error names no line: %v", err)
			}
			for k := range fields {
				if !strings.HasPrefix(k, "line ") {
					t.Fatalf("field %q is not a line", k)
				}
			}
			return
		}
		years := map[int]bool{}
		for _, list := range [][]int{table.Years, table.District} {
			for i, y := range list {
				if y < 1900 || y > 9999 || years[y] || i > 0 && y < list[i-1] {
					t.Fatalf("bad Years %v or District %v", table.Years, table.District)
				}
				years[y] = true
			}
		}
		for _, d := range table.Days {
			if !years[d.Date.Year()] {
				t.Fatalf("%v is not in a declared year %v", d.Date, table.Years)
			}
			if wd := d.Date.Weekday(); d.Kind == govops.DayWorked && wd != time.Saturday && wd != time.Sunday {
				t.Fatalf("worked %v is a %s", d.Date, wd)
			}
		}
		// Whatever the parser accepts, NewCalendar and SetTables accept too.
		c, err := govops.NewCalendar(govops.CalendarConfig{NoEmbedded: true, Tables: []govops.CalendarTable{table}})
		if err != nil {
			t.Fatalf("NewCalendar rejects a parsed table: %v", err)
		}
		if err := c.SetTables(table); err != nil {
			t.Fatalf("SetTables rejects a parsed table: %v", err)
		}
	})
}
