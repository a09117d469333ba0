package govcase

import (
	"slices"
	"time"
)

// A Store may keep summary rows (汇总): the counts of CaseStats per year,
// kind, status and department, in total and per month of creation, changed
// in the same atomic step as every write of a case, so that statistics
// cost the number of groups rather than the number of cases. Both stores
// of this module do, and answer CaseStats and CaseCounts from them
// whenever the summary can: with no creation bounds (the totals), or
// bounds that fall on month starts in the Store's zone (MonthStart; the
// months between them). Such a Store implements govops.SummaryKeeper, so
// that its summaries can be checked against, and repaired from, its cases.
// The functions below are the month rules every such Store shares.

// CaseMonth returns the month of t in loc as yyyymm (202203 for March
// 2022): the month under which a summary counts a case created at t. The
// zero time, a case without a creation time, has no month: 0, the key the
// stores of this module give the totals of every month, which count such a
// case too.
func CaseMonth(t time.Time, loc *time.Location) int {
	if t.IsZero() {
		return 0
	}
	y, m, _ := t.In(loc).Date()
	return y*100 + int(m)
}

// MonthStart reports whether t is the first instant of a month in loc,
// and returns that month as CaseMonth counts it.
func MonthStart(t time.Time, loc *time.Location) (month int, ok bool) {
	if t.IsZero() {
		return 0, false
	}
	l := t.In(loc)
	y, m, _ := l.Date()
	if !time.Date(y, m, 1, 0, 0, 0, 0, loc).Equal(t) {
		return 0, false
	}
	return y*100 + int(m), true
}

// MonthRange returns the months [from, to) that the creation bounds of f
// select, when each is zero or a month start in loc: from and to are
// months as CaseMonth counts them, 0 for an unset bound. With a bound set,
// month 0 (a case without a creation time) is outside the range, as a
// comparison with NULL leaves it out of a scan: from is then at least 1.
// ok is false when a bound falls inside a month, which a summary by month
// cannot answer.
func MonthRange(f StatsFilter, loc *time.Location) (from, to int, ok bool) {
	if !f.CreatedFrom.IsZero() {
		if from, ok = MonthStart(f.CreatedFrom, loc); !ok {
			return 0, 0, false
		}
	}
	if !f.CreatedTo.IsZero() {
		if to, ok = MonthStart(f.CreatedTo, loc); !ok {
			return 0, 0, false
		}
		from = max(from, 1)
	}
	return from, to, true
}

// MonthPeriods returns the months of bounds (see Store.CaseCounts) when
// every bound is a month start in loc, ascending as the bounds are; ok is
// false otherwise. A month m then falls in period PeriodOfMonth(m, months).
func MonthPeriods(bounds []time.Time, loc *time.Location) (months []int, ok bool) {
	months = make([]int, len(bounds))
	for i, b := range bounds {
		if months[i], ok = MonthStart(b, loc); !ok {
			return nil, false
		}
		if i > 0 && months[i] <= months[i-1] {
			return nil, false
		}
	}
	return months, len(months) >= 2
}

// PeriodOfMonth returns the period of months (from MonthPeriods) that
// month falls in, or -1 if none: the rule of PeriodOf, by months.
func PeriodOfMonth(month int, months []int) int {
	if len(months) < 2 || month < months[0] || month >= months[len(months)-1] {
		return -1
	}
	i, found := slices.BinarySearch(months, month)
	if found {
		return i
	}
	return i - 1
}
