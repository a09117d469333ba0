package govops

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds of the calendar table format.
const (
	minTableYear = 1900
	maxTableYear = 9999
	maxTableLine = 4096 // bytes, not counting the line ending
)

// ParseCalendarTable reads a calendar table in the text format below, which
// is how a year's notice, and a district's own overrides, are loaded:
//
//	# comments and blank lines are ignored
//	year 2028                 # the State Council notice for 2028 (a year may have no overrides)
//	2028-01-01 off 元旦        # a day off; the name is optional and may contain spaces/Chinese
//	2028-01-23 work 春节调休   # a worked weekend day
//	district 2027             # district overrides of 2027, on top of its notice or provisional days
//	2027-04-09 off 壮族三月三
//
// A "year" line says the table gives that year's notice: where the official
// tables lack the year, its days are the weekend rule plus the table's, and
// the year is no longer provisional; where they have it, the table's days
// correct them. A "district" line only adjusts the days it lists, whatever
// covers the year.
//
// A '#' starts a comment anywhere on a line, so a name cannot contain one.
// Fields are separated by spaces or tabs; the name is the rest of the line
// after the keyword, with surrounding space removed. Lines may end in "\n" or
// "\r\n", and a leading UTF-8 byte order mark is ignored.
//
// Rules:
//   - "year YYYY" and "district YYYY" declare a year from 1900 to 9999, once,
//     with one of the two words.
//   - Every date (YYYY-MM-DD) must fall in a year declared in the same table,
//     before or after the date's line.
//   - "off" may name any date, a Saturday or Sunday included (it is harmless
//     there); "work" must name a Saturday or Sunday.
//   - A date may be listed only once.
//   - A line may be at most 4096 bytes long and must be valid UTF-8; a
//     name may not hold control characters other than tab.
//
// The returned Years and District are sorted, and Days are sorted by date, each at
// midnight UTC. ParseCalendarTable reports every bad line, not only the
// first: it returns an EINVALID *Error whose Fields map "line N" to what is
// wrong with line N. A failure to read r is returned as EINTERNAL wrapping
// the cause.
func ParseCalendarTable(r io.Reader) (CalendarTable, error) {
	type dated struct {
		line int
		o    DayOverride
	}
	type problem struct {
		line int
		msg  string
	}
	var (
		problems  []problem
		days      []dated
		yearLine  = map[int]int{}  // year -> line that declared it
		district  = map[int]bool{} // declared with "district"
		dateLine  = map[civilDay]int{}
		lr        = lineReader{br: bufio.NewReaderSize(r, 2*maxTableLine)}
		firstLine = true
	)
	addf := func(n int, format string, args ...any) {
		problems = append(problems, problem{n, fmt.Sprintf(format, args...)})
	}
	for n := 1; ; n++ {
		line, tooLong, ok := lr.next()
		if !ok {
			break
		}
		if firstLine {
			line, firstLine = strings.TrimPrefix(line, "\ufeff"), false
		}
		if tooLong {
			addf(n, "line is longer than %d bytes", maxTableLine)
			continue
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !utf8.ValidString(line) {
			addf(n, "line is not valid UTF-8")
			continue
		}
		word, rest := cutField(line)
		if word == "year" || word == "district" {
			ys, extra := cutField(rest)
			y, msg := parseTableYear(ys)
			switch {
			case msg != "":
				addf(n, "%s", msg)
			case extra != "":
				addf(n, "unexpected %s after the year: write \"%s YYYY\"", clip(extra), word)
			case yearLine[y] != 0:
				addf(n, "year %d is already declared on line %d", y, yearLine[y])
			default:
				yearLine[y] = n
				district[y] = word == "district"
			}
			continue
		}
		date, msg := parseTableDate(word)
		if msg != "" {
			addf(n, "%s", msg)
			continue
		}
		kindWord, name := cutField(rest)
		o := DayOverride{Date: date, Name: name}
		switch kindWord {
		case "off":
			o.Kind = DayOff
		case "work":
			o.Kind = DayWorked
		case "":
			addf(n, "missing kind after %s: write off or work", word)
			continue
		default:
			addf(n, "unknown kind %s: write off or work", clip(kindWord))
			continue
		}
		if msg := checkNameText(name); msg != "" {
			addf(n, "%s", msg)
			continue
		}
		if msg := checkWorkedDay(o); msg != "" {
			addf(n, "%s", msg)
			continue
		}
		c := civilOf(date)
		if prev, dup := dateLine[c]; dup {
			addf(n, "%s is already listed on line %d", word, prev)
			continue
		}
		dateLine[c] = n
		days = append(days, dated{n, o})
	}
	if lr.err != io.EOF {
		return CalendarTable{}, Errorf(EINTERNAL, "reading calendar table: %w", lr.err)
	}

	var t CalendarTable
	for _, d := range days {
		if y := d.o.Date.Year(); yearLine[y] == 0 {
			addf(d.line, "%s is not in a declared year: add \"year %d\" or \"district %d\" to the table", d.o.Date.Format(time.DateOnly), y, y)
			continue
		}
		t.Days = append(t.Days, d.o)
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].line < problems[j].line })
		var p Problems
		for _, pr := range problems {
			p.Add(fmt.Sprintf("line %d", pr.line), pr.msg)
		}
		return CalendarTable{}, p.Err()
	}
	for y := range yearLine {
		if district[y] {
			t.District = append(t.District, y)
		} else {
			t.Years = append(t.Years, y)
		}
	}
	sort.Ints(t.Years)
	sort.Ints(t.District)
	sort.SliceStable(t.Days, func(i, j int) bool { return t.Days[i].Date.Before(t.Days[j].Date) })
	return t, nil
}

// lineReader yields the lines of a bufio.Reader without ever holding more
// than maxTableLine bytes of one line, so a huge line is reported rather than
// read into memory. After the last line, err holds io.EOF or the read error.
type lineReader struct {
	br  *bufio.Reader
	err error
}

// next returns the next line without its line ending. tooLong reports a line
// over maxTableLine bytes, whose text is then dropped. ok is false when there
// are no more lines.
func (lr *lineReader) next() (line string, tooLong, ok bool) {
	if lr.err != nil {
		return "", false, false
	}
	var buf []byte
	for {
		chunk, isPrefix, err := lr.br.ReadLine()
		if err != nil {
			// A line cut by the end of input still counts as a line.
			lr.err = err
			return string(buf), tooLong, ok
		}
		ok = true
		if !tooLong {
			if len(buf)+len(chunk) > maxTableLine {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if !isPrefix {
			return string(buf), tooLong, true
		}
	}
}

// cutField splits s at its first run of white space, returning the first
// field and the rest with surrounding space removed.
func cutField(s string) (field, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// parseTableYear parses four ASCII digits in 1900..9999. It returns a
// problem text instead of an error, to be filed under the line or field.
func parseTableYear(s string) (int, string) {
	if s == "" {
		return 0, `missing year: a year line is "year YYYY", e.g. "year 2027"`
	}
	if len(s) != 4 || !allDigits(s) {
		return 0, fmt.Sprintf("%s is not a year: write four digits, e.g. 2027", clip(s))
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	if msg := checkTableYear(y); msg != "" {
		return 0, msg
	}
	return y, ""
}

// parseTableDate parses YYYY-MM-DD as a civil date at midnight UTC.
func parseTableDate(s string) (time.Time, string) {
	if s == "" || !('0' <= s[0] && s[0] <= '9') {
		return time.Time{}, fmt.Sprintf(`unknown keyword %s: a line is "year YYYY" or "YYYY-MM-DD off|work [name]"`, clip(s))
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]+s[5:7]+s[8:]) {
		return time.Time{}, fmt.Sprintf("%s is not a date: write YYYY-MM-DD, e.g. 2027-01-01", clip(s))
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Sprintf("%s is not a valid date: check the month and day", clip(s))
	}
	if msg := checkTableYear(t.Year()); msg != "" {
		return time.Time{}, msg
	}
	return t, ""
}

// checkTableYear returns a problem when y is outside the years a table may
// hold, which keeps a typo such as 20277 from being loaded.
func checkTableYear(y int) string {
	if y < minTableYear || y > maxTableYear {
		return fmt.Sprintf("year %d is outside %d..%d", y, minTableYear, maxTableYear)
	}
	return ""
}

// checkWorkedDay returns a problem when o makes a weekday a working day,
// which has no effect and almost always means a wrong date.
func checkWorkedDay(o DayOverride) string {
	if o.Kind != DayWorked {
		return ""
	}
	if wd := o.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
		return fmt.Sprintf("%s is a %s: only a Saturday or Sunday can be a worked day (work)", o.Date.Format(time.DateOnly), wd)
	}
	return ""
}

// checkNameText returns a problem when a name holds control characters
// other than a tab, which a person reading the name could not see.
func checkNameText(name string) string {
	if strings.IndexFunc(name, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) >= 0 {
		return "the name contains a control character"
	}
	return ""
}

// validateTable files every rule a table breaks under prefix (for example
// "Tables[0]"). The rules are those of ParseCalendarTable, so that a table
// built in Go and a table read from a file mean the same thing.
func validateTable(t CalendarTable, prefix string, p *Problems) {
	years := make(map[int]bool, len(t.Years)+len(t.District))
	for _, list := range []struct {
		name  string
		years []int
	}{{"Years", t.Years}, {"District", t.District}} {
		for j, y := range list.years {
			field := fmt.Sprintf("%s.%s[%d]", prefix, list.name, j)
			if msg := checkTableYear(y); msg != "" {
				p.Add(field, msg)
			} else if years[y] {
				p.Addf(field, "year %d is listed twice (in Years and District, a year is in one of the two)", y)
			}
			years[y] = true
		}
	}
	seen := make(map[civilDay]int, len(t.Days))
	for j, d := range t.Days {
		field := fmt.Sprintf("%s.Days[%d]", prefix, j)
		c := civilOf(d.Date)
		prev, dup := seen[c]
		switch {
		case d.Kind != DayOff && d.Kind != DayWorked:
			p.Addf(field, "unknown Kind %d: use DayOff or DayWorked", int(d.Kind))
		case !years[c.year] || checkTableYear(c.year) != "":
			p.Addf(field, "%s is not in a declared year of this table: add %d to Years or District", d.Date.Format(time.DateOnly), c.year)
		case checkWorkedDay(d) != "":
			p.Add(field, checkWorkedDay(d))
		case checkNameText(d.Name) != "":
			p.Add(field, checkNameText(d.Name))
		case dup:
			p.Addf(field, "%s is already listed at Days[%d]", d.Date.Format(time.DateOnly), prev)
		}
		if !dup {
			seen[c] = j
		}
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip quotes s for a problem text, shortened so that a long bad field does
// not swamp the message.
func clip(s string) string {
	const limit = 32
	if utf8.RuneCountInString(s) <= limit {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q…", string(r[:limit]))
}
