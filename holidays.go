package govops

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// StateCouncilTable returns the official State Council holiday tables
// (国务院办公厅关于部分节假日安排的通知) as github.com/6tail/lunar-go carries
// them: every year from 2002 whose notice the linked version of that
// module holds (2027 included from v1.4.7). These are the tables that
// NewCalendar loads unless CalendarConfig.NoEmbedded is set. The module's
// maintainer adds each year's notice when it is published, usually in
// November, so `go get -u github.com/6tail/lunar-go` is all it takes to
// gain a year. Each call returns a fresh copy that the caller may change.
// It panics only if the module's data is broken, which the package's tests
// rule out.
func StateCouncilTable() CalendarTable {
	t, err := officialTable()
	if err != nil {
		panic("govops: official holiday tables are broken: " + err.Error())
	}
	return CalendarTable{Years: slices.Clone(t.Years), Days: slices.Clone(t.Days)}
}

// officialTable reads lunar-go's tables once; the result is shared and
// never modified.
var officialTable = sync.OnceValues(readOfficialTable)

// readOfficialTable turns lunar-go's holiday records into a CalendarTable.
// Each record is a day, a holiday name, whether the day is worked (调休) or
// off, and the holiday it belongs to (its target). A year is official when
// its notice is there, that is when some record's target falls in it. A
// record of a year whose own notice is missing, such as a 2001-12-29 worked
// for the 2002 New Year, is left out: that year stays uncovered.
func readOfficialTable() (CalendarTable, error) {
	type rec struct {
		day    time.Time
		name   string
		work   bool
		target int
	}
	var recs []rec
	for y, empty := 2001, 0; empty < 2 && y <= maxTableYear; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		if l.Len() == 0 {
			if y > 2001 {
				empty++
			}
			continue
		}
		empty = 0
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			day, err := time.Parse(time.DateOnly, h.GetDay())
			if err != nil {
				return CalendarTable{}, fmt.Errorf("lunar-go holiday day %q: %w", h.GetDay(), err)
			}
			target := h.GetTarget()
			if len(target) < 4 {
				return CalendarTable{}, fmt.Errorf("lunar-go holiday %s: target %q is not a date", h.GetDay(), target)
			}
			ty, err := strconv.Atoi(target[:4])
			if err != nil {
				return CalendarTable{}, fmt.Errorf("lunar-go holiday %s: target %q is not a date", h.GetDay(), target)
			}
			recs = append(recs, rec{day: day, name: h.GetName(), work: h.IsWork(), target: ty})
		}
	}
	years := map[int]bool{}
	for _, r := range recs {
		years[r.target] = true
	}
	var t CalendarTable
	for y := range years {
		t.Years = append(t.Years, y)
	}
	sort.Ints(t.Years)
	seen := map[time.Time]bool{}
	for _, r := range recs {
		if !years[r.day.Year()] || seen[r.day] {
			continue
		}
		if wd := r.day.Weekday(); r.work && wd != time.Saturday && wd != time.Sunday {
			// A few old records (2012-05-02, 2012-10-08) mark the first
			// weekday after a holiday as worked, which it is anyway.
			continue
		}
		seen[r.day] = true
		o := DayOverride{Date: r.day, Kind: DayOff, Name: r.name}
		if r.work {
			o.Kind, o.Name = DayWorked, r.name+"调休"
		}
		t.Days = append(t.Days, o)
	}
	sort.Slice(t.Days, func(i, j int) bool { return t.Days[i].Date.Before(t.Days[j].Date) })
	var p Problems
	validateTable(t, "lunar-go", &p)
	if err := p.Err(); err != nil {
		return CalendarTable{}, err
	}
	return t, nil
}
