package portal

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// ScanDates returns the dates that text shows, in the order it shows
// them, as a list page prints its posts' dates: 2022-09-30, 2022/09/30,
// 2022.09.30 (month and day of one or two digits) and 2022年9月30日, each
// with or without a time of day (15:04 or 15:04:05) just after it or just
// before it, past one or more spaces. They are instants in Asia/Shanghai,
// a date without a time being its midnight. A date whose digits run into
// other digits (12022-09-30, 2022-09-301), an impossible one
// (2022-02-30) and a year before 1900 are none; a time that is no time of
// day (24:00, 10:60) is left out, the date kept.
func ScanDates(text string) []time.Time {
	ds := scanDates(text)
	out := make([]time.Time, len(ds))
	for i, d := range ds {
		out[i] = d.t
	}
	return out
}

// shownDate is a date a text shows, and where it starts.
type shownDate struct {
	t     time.Time
	start int
}

// scanDates is ScanDates with where each date starts (its leading time's
// start, when it has one).
func scanDates(text string) []shownDate {
	var out []shownDate
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		if i > 0 && isDigit(text[i-1]) {
			i = skipDigits(text, i)
			continue
		}
		// A time before the date: "10:30 2022-09-30".
		if h, m, sec, end, ok := timeAt(text, i); ok {
			if k := skipSpace(text, end); k > end {
				if d, dend, ok := dateAt(text, k); ok {
					out = append(out, shownDate{d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second), i})
					i = dend
					continue
				}
			}
		}
		d, end, ok := dateAt(text, i)
		if !ok {
			i = skipDigits(text, i)
			continue
		}
		if k := skipSpace(text, end); k > end {
			if h, m, sec, tend, ok := timeAt(text, k); ok {
				d = d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second)
				end = tend
			}
		}
		out = append(out, shownDate{d, i})
		i = end
	}
	return out
}

// newestDate returns the newest date of text (see ScanDates) that is not
// after notAfter: a page shows no post from the future, so a later date
// is an event's, not an update's. A date the page gives as today's (a
// header's 今天是 2022年6月15日) is no update either, and is skipped. It
// is zero when there is none.
func newestDate(text string, notAfter time.Time) time.Time {
	var newest time.Time
	for _, d := range scanDates(text) {
		if !d.t.After(notAfter) && d.t.After(newest) && !todayLabel(text[:d.start]) {
			newest = d.t
		}
	}
	return newest
}

// todayLabel reports whether before, the text before a date, ends with a
// label that makes it the current date rather than a post's: 今天, 今日,
// 当前日期, 当前时间 or 现在是, then at most a colon, 是 and spaces.
func todayLabel(before string) bool {
	rest := strings.TrimRight(before, " \t\u00a0\u3000")
	for _, sep := range []string{"：", ":", "是", "为"} {
		rest = strings.TrimRight(strings.TrimSuffix(rest, sep), " \t\u00a0\u3000")
	}
	for _, label := range []string{"今天", "今日", "当前日期", "当前时间", "现在"} {
		if strings.HasSuffix(rest, label) {
			return true
		}
	}
	return false
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// skipDigits returns the end of the digits from i.
func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// number reads a run of min to max digits at i, which no digit follows.
func number(s string, i, lo, hi int) (v, end int, ok bool) {
	end = skipDigits(s, i)
	if n := end - i; n < lo || n > hi {
		return 0, i, false
	}
	for _, c := range []byte(s[i:end]) {
		v = v*10 + int(c-'0')
	}
	return v, end, true
}

// skipSpace returns the end of the spaces from i: ASCII blanks, the
// no-break space and the ideographic space.
func skipSpace(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case strings.HasPrefix(s[i:], "\u00a0"), strings.HasPrefix(s[i:], "\u3000"):
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
		default:
			return i
		}
	}
	return i
}

// dateAt reads a date at i (see ScanDates): midnight of it in Shanghai.
func dateAt(s string, i int) (time.Time, int, bool) {
	y, j, ok := number(s, i, 4, 4)
	if !ok || j >= len(s) || y < 1900 {
		return time.Time{}, i, false
	}
	var m, d int
	switch sep := s[j]; {
	case sep == '-' || sep == '/' || sep == '.':
		if m, j, ok = number(s, j+1, 1, 2); !ok || j >= len(s) || s[j] != sep {
			return time.Time{}, i, false
		}
		if d, j, ok = number(s, j+1, 1, 2); !ok {
			return time.Time{}, i, false
		}
	case strings.HasPrefix(s[j:], "年"):
		if m, j, ok = number(s, j+len("年"), 1, 2); !ok || !strings.HasPrefix(s[j:], "月") {
			return time.Time{}, i, false
		}
		if d, j, ok = number(s, j+len("月"), 1, 2); !ok || !strings.HasPrefix(s[j:], "日") {
			return time.Time{}, i, false
		}
		j += len("日")
	default:
		return time.Time{}, i, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, shanghai)
	if t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, i, false
	}
	return t, j, true
}

// timeAt reads a time of day at i: 9:05, 09:05 or 09:05:30.
func timeAt(s string, i int) (h, m, sec, end int, ok bool) {
	h, j, ok := number(s, i, 1, 2)
	if !ok || j >= len(s) || s[j] != ':' || h > 23 {
		return 0, 0, 0, i, false
	}
	if m, j, ok = number(s, j+1, 2, 2); !ok || m > 59 {
		return 0, 0, 0, i, false
	}
	if j < len(s) && s[j] == ':' {
		if v, k, ok := number(s, j+1, 2, 2); ok && v <= 59 {
			return h, m, v, k, true
		}
		return 0, 0, 0, i, false
	}
	return h, m, 0, j, true
}

// refreshColumns records what the crawl saw of the site's columns (see
// RunCrawl): each column whose list page it fetched gets its Empty flag,
// and its last update moved to the newest date the page shows when that is
// newer; the home column also takes the home page's dates, and moves the
// site's HomeUpdated with it (the site alone when it has no home column).
// Each column is one UpdateColumns call with its event, written only when
// it changes.
func (s *Service) refreshColumns(ctx context.Context, by govops.Actor, run *crawlRun) error {
	var home *Column
	for i := range run.columns {
		if c := &run.columns[i]; c.Home && !c.Retired {
			home = c
		}
	}
	ids := make([]uuid.UUID, 0, len(run.listPage)+1)
	for id := range run.listPage {
		ids = append(ids, id)
	}
	if home != nil && !run.home.IsZero() {
		if _, seen := run.listPage[home.ID]; !seen {
			ids = append(ids, home.ID)
		}
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	for _, id := range ids {
		lp, listed := run.listPage[id]
		newest := lp.newest
		if home != nil && id == home.ID && run.home.After(newest) {
			newest = run.home
		}
		if err := s.refreshColumn(ctx, by, id, listed, lp.empty, newest); err != nil {
			return err
		}
	}
	if home != nil || run.home.IsZero() {
		return nil
	}
	return govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		site, err := s.store.Site(ctx, run.site.ID)
		if err != nil || !run.home.After(site.HomeUpdated) {
			return nil, err
		}
		ev, err := s.homeMoved(site, run.home, by, s.clock())
		if err != nil {
			return nil, err
		}
		return func() error { return s.store.UpdateColumns(ctx, nil, site, []Event{ev}) }, nil
	})
}

// refreshColumn writes the column id's Empty flag (when listed: its list
// page was fetched) and moves its last update to newest when that is
// newer, a home column's site's HomeUpdated with it, in one UpdateColumns
// call; nothing when neither changes.
func (s *Service) refreshColumn(ctx context.Context, by govops.Actor, id uuid.UUID, listed, empty bool, newest time.Time) error {
	return govops.UpdateVersioned(ctx, 0, func() (func() error, error) {
		cur, err := s.store.Column(ctx, id)
		if err != nil {
			return nil, err
		}
		next := *cur
		var notes []string
		if listed && cur.Empty != empty {
			next.Empty = empty
			note := "巡检：栏目有内容"
			if empty {
				note = "巡检：空白栏目"
			}
			notes = append(notes, note)
		}
		if newest.After(cur.Updated) {
			next.Updated, next.UpdatedBy = newest, UpdatedByCrawl
			notes = append(notes, "巡检：最后更新 "+show(newest))
		}
		if len(notes) == 0 {
			return nil, nil
		}
		now := s.clock()
		next.Version, next.ChangedAt = cur.Version+1, now
		ev, err := newEvent(id, next.Version, EventColumnRefreshed, by, now, "", "", next.Department, strings.Join(notes, "；"))
		if err != nil {
			return nil, err
		}
		evs := []Event{ev}
		var site *Site
		if next.Home && !next.Retired && next.Updated.After(cur.Updated) {
			if site, err = s.store.Site(ctx, next.SiteID); err != nil {
				return nil, err
			}
			if !next.Updated.After(site.HomeUpdated) {
				site = nil
			} else if sev, err := s.homeMoved(site, next.Updated, by, now); err != nil {
				return nil, err
			} else {
				evs = append(evs, sev)
			}
		}
		return func() error { return s.store.UpdateColumns(ctx, []Column{next}, site, evs) }, nil
	})
}
