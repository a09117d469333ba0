package portal

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
)

// The helpers every part of the Service shares: reading references, who
// may read what, masking, the checks of codes, free text, URLs and dates.

// Limits of the fields the Service checks, in characters.
const (
	MaxNameLen    = 200  // a name, a title, a handle, an asker
	MaxURLLen     = 2000 // a URL
	MaxNoteLen    = 2000 // a fix, a note, a subject, issues
	MaxTextLen    = 8000 // an answer, a task's detail
	MaxDomains    = 100  // a site's allow-list
	MaxPostsBatch = 5000 // posts of one RecordPosts call
)

// shanghai is the time zone that days, weeks, months and years are
// counted in.
var shanghai = govops.ShanghaiLocation()

// day is 24 hours.
const day = 24 * time.Hour

// monthSpan returns the half-open span of month m of year y in
// Asia/Shanghai, in UTC.
func monthSpan(y int, m time.Month) (from, to time.Time) {
	return time.Date(y, m, 1, 0, 0, 0, 0, shanghai).UTC(), time.Date(y, m+1, 1, 0, 0, 0, 0, shanghai).UTC()
}

// WeekOf returns the Monday 00:00 (Asia/Shanghai, in UTC) of the week t
// falls in: the Week of a MediaInspection.
func WeekOf(t time.Time) time.Time {
	l := t.In(shanghai)
	back := (int(l.Weekday()) + 6) % 7 // days since Monday
	y, m, d := l.Date()
	return time.Date(y, m, d-back, 0, 0, 0, 0, shanghai).UTC()
}

// monthsBefore returns t moved back n calendar months in Asia/Shanghai,
// the day clamped to the end of a shorter month (31 August less 6 months
// is 28 or 29 February, not 3 March).
func monthsBefore(t time.Time, n int) time.Time {
	l := t.In(shanghai)
	y, m, d := l.Date()
	first := time.Date(y, m-time.Month(n), 1, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), shanghai)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), shanghai).UTC()
}

// daysSince counts the whole days (24 hours) from t to at.
func daysSince(t, at time.Time) int { return int(at.Sub(t) / day) }

// show formats t for a message, in Asia/Shanghai.
func show(t time.Time) string {
	if t.IsZero() {
		return "从未"
	}
	l := t.In(shanghai)
	if l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0 {
		return l.Format("2006-01-02")
	}
	return l.Format("2006-01-02 15:04")
}

// orNow returns t as stored, or now when t is zero.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return govops.StoredTime(t)
}

// text checks free text (govops.CheckText). It reports whether v passed.
func text(p *govops.Problems, field, v string, max int, required bool) bool {
	return govops.CheckText(p, field, v, max, required)
}

// optCode checks an optional unit code: when set, a code (govops.CheckCode).
func optCode(p *govops.Problems, field, v string) {
	if v != "" {
		govops.CheckCode(p, field, v)
	}
}

// refCode checks the code of a record that references name by code (a
// site, a column, an account): a reference number (govops.CheckNumber),
// so that it can never be taken for an ID, and without '/', which
// separates a site's code from a column's ("SITE/COLUMN").
func refCode(p *govops.Problems, field, v string) bool {
	if !govops.CheckNumber(p, field, v) {
		return false
	}
	if len(v) == 36 {
		if _, err := uuid.Parse(v); err == nil {
			p.Add(field, "must not be a UUID: a code names the record beside its ID")
			return false
		}
	}
	if strings.Contains(v, "/") {
		p.Add(field, "must not contain '/': it separates a site's code from a column's")
		return false
	}
	return true
}

// checkYear checks the year of a count.
func checkYear(p *govops.Problems, field string, y int) {
	switch {
	case y == 0:
		p.Add(field, "required")
	case y < 2000 || y > 2100:
		p.Addf(field, "must be a year between 2000 and 2100 (got %d)", y)
	}
}

// webURL checks an absolute http or https URL with a host, and returns it
// parsed (nil when it fails).
func webURL(p *govops.Problems, field, v string, required bool) *url.URL {
	if v == "" {
		if required {
			p.Add(field, "required: an absolute http or https URL")
		}
		return nil
	}
	if !govops.CheckText(p, field, v, MaxURLLen, true) {
		return nil
	}
	u, err := url.Parse(v)
	switch {
	case err != nil || strings.ContainsAny(v, " \t\r\n"):
		p.Addf(field, "%q is not a URL: give an absolute http or https URL", govops.Truncate(v, 80))
	case u.Scheme != "http" && u.Scheme != "https":
		p.Addf(field, "%q is not an http or https URL", govops.Truncate(v, 80))
	case u.Hostname() == "":
		p.Addf(field, "%q has no host: give an absolute URL", govops.Truncate(v, 80))
	case u.User != nil:
		p.Add(field, "must not hold a user name or password")
	default:
		return u
	}
	return nil
}

// hostOf returns the lower-case host name of an absolute URL ("" if none).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// underDomain reports whether host is domain or a subdomain of it.
func underDomain(host, domain string) bool {
	host, domain = strings.ToLower(strings.TrimSuffix(host, ".")), strings.ToLower(strings.TrimSuffix(domain, "."))
	return domain != "" && (host == domain || strings.HasSuffix(host, "."+domain))
}

// checkDomain checks a domain name of an allow-list or the parked list.
func checkDomain(p *govops.Problems, field, d string) bool {
	if d == "" || strings.ContainsAny(d, "/:@ \t?#") || !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		p.Addf(field, "%q is not a domain name: give a host such as www.gov.cn", govops.Truncate(d, 80))
		return false
	}
	return true
}

func checkKind(p *govops.Problems, field string, k FindingKind, required bool) bool {
	return govops.CheckEnum(p, field, k, required, FindingKind.Valid, FindingKinds(), FindingKind.Label, "finding kind")
}

// notFoundAt turns the ENOTFOUND of a record a field refers to into one
// naming the field.
func notFoundAt(err error, field, what string) error {
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return govops.Errorf(govops.ENOTFOUND, "%s", govops.ErrorMessage(err)).WithField(field, "no such "+what)
	}
	return err
}

// trail returns the events of subject as by reads them: masked for a
// reader who may not see the personal data of unit dept.
func (s *Service) trail(ctx context.Context, by govops.Actor, subject uuid.UUID, dept string, known ...string) ([]Event, error) {
	evs, err := s.store.Events(ctx, subject)
	return govops.TrailFor(by, dept, evs, known...), err
}

// decimalOf returns n as a decimal, for comparing with a Rate's percent.
func decimalOf(n int) decimal.Decimal { return decimal.NewFromInt(int64(n)) }
