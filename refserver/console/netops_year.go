package console

import (
	"strconv"
	"time"

	"github.com/govops-kit/govops"
)

// opsYearsBack is how many years a yearly page of the operations groups
// (netops, security, portal) offers and looks back for data.
const opsYearsBack = 10

// opsYear is the year a yearly page shows and the years its selector
// offers, this year first.
type opsYear struct {
	Year  int
	Years []int
	// Current is true when Year is still running: its figures are so far.
	Current bool
	// Action is the page the year selector reloads.
	Action string
}

// span returns the year in the console's zone, [from, to).
func (y opsYear) span(loc *time.Location) (from, to time.Time) {
	from = time.Date(y.Year, 1, 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(1, 0, 0)
}

// pickOpsYear reads ?year=; without it, the year is this year or, when
// this year holds nothing yet, the latest of the years before it that has
// (has says whether a year has data). A year that is no number, or out of
// range, is EINVALID naming "year".
func (c *Console) pickOpsYear(rq *request, has func(year int) (bool, error)) (opsYear, error) {
	this := c.now().In(c.loc).Year()
	y := opsYear{Year: this, Action: rq.r.URL.Path}
	for i := 0; i < opsYearsBack; i++ {
		y.Years = append(y.Years, this-i)
	}
	if s := rq.Query("year"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 2000 || n > this+1 {
			return y, govops.Errorf(govops.EINVALID, "年度 %q 无效：请选择 2000—%d 年之间的年度", govops.Truncate(s, 12), this+1).
				WithField("year", "请选择 2000—"+strconv.Itoa(this+1)+" 年之间的年度")
		}
		y.Year = n
	} else {
		for _, cand := range y.Years {
			ok, err := has(cand)
			if err != nil {
				return y, err
			}
			if ok {
				y.Year = cand
				break
			}
		}
	}
	if y.Year < this-opsYearsBack+1 || y.Year > this {
		y.Years = append(y.Years, y.Year)
	}
	y.Current = y.Year == this
	return y, nil
}

// shown reports whether a read refused as EFORBIDDEN (a report that is
// the center's only) should simply be left off the page: it returns false
// and no error then, and passes any other error on.
func shown(err error) (bool, error) {
	if err == nil {
		return true, nil
	}
	if govops.ErrorCode(err) == govops.EFORBIDDEN {
		return false, nil
	}
	return false, err
}

// labeled turns enum values with Chinese labels into select options.
func labeled[T interface {
	~string
	Label() string
}](vs []T) []option {
	out := make([]option, len(vs))
	for i, v := range vs {
		out[i] = option{Value: string(v), Label: v.Label()}
	}
	return out
}

// queryDay reads the date parameter name (2006-01-02) in the console's
// zone: its first instant, or with end its next day's (an exclusive
// bound that includes the day). A date that does not parse is EINVALID
// naming name.
func (c *Console) queryDay(rq *request, p *govops.Problems, name string, end bool) time.Time {
	s := rq.Query(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", s, c.loc)
	if err != nil {
		p.Add(name, "请按 年-月-日 填写日期，如 2022-03-01")
		return time.Time{}
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
