package portalapi

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The JSON shapes of the portal records. Times are RFC 3339 in the API's
// zone, rates are percentages as strings with two places (null when not
// applicable), other decimals are strings too ("2.5"), durations are whole
// milliseconds (latency_ms), and every enum travels with its Chinese
// label.

// itemsJSON is a whole collection that the Service returns at once (the
// posts recorded, the probes of a round, the tasks a raise made):
// {"items": [...]}.
type itemsJSON struct {
	Items []any `json:"items"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// id writes an ID, "" for none.
func id(u uuid.UUID) string {
	if u == uuid.Nil {
		return ""
	}
	return u.String()
}

func millis(d time.Duration) int64 { return d.Milliseconds() }

type rateJSON struct {
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Percent     *string `json:"percent"`
}

func rateOut(r govops.Rate) rateJSON {
	return rateJSON{Numerator: r.Numerator, Denominator: r.Denominator, Percent: apikit.Rate(r)}
}

type siteJSON struct {
	ID          string   `json:"id"`
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Department  string   `json:"department,omitempty"`
	Home        string   `json:"home"`
	Domains     []string `json:"domains"`
	Status      string   `json:"status"`
	StatusLabel string   `json:"status_label"`
	HomeUpdated string   `json:"home_updated,omitempty"`
	Version     int64    `json:"version"`
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`
}

func (a *API) siteOut(s *portal.Site) siteJSON {
	c := a.clock
	return siteJSON{ID: s.ID.String(), Code: s.Code, Name: s.Name, Department: s.Department, Home: s.Home, Domains: nonNil(s.Domains),
		Status: string(s.Status), StatusLabel: s.Status.Label(), HomeUpdated: c.Format(s.HomeUpdated), Version: s.Version,
		CreatedAt: c.Format(s.CreatedAt), UpdatedAt: c.Format(s.UpdatedAt)}
}

// siteInJSON registers a site, or replaces its fields (its code stays).
type siteInJSON struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Department string   `json:"department"`
	Home       string   `json:"home"`
	Domains    []string `json:"domains"`
	Status     string   `json:"status"`
}

func (in *siteInJSON) input(version int64) portal.SiteInput {
	return portal.SiteInput{Code: in.Code, Name: in.Name, Department: in.Department, Home: in.Home, Domains: in.Domains,
		Status: portal.SiteStatus(in.Status), IfVersion: version}
}

type columnJSON struct {
	ID               string `json:"id"`
	SiteID           string `json:"site_id"`
	Code             string `json:"code"`
	Name             string `json:"name"`
	URL              string `json:"url,omitempty"`
	Department       string `json:"department,omitempty"`
	Requirement      string `json:"requirement"`
	RequirementLabel string `json:"requirement_label"`
	Home             bool   `json:"home"`
	Updated          string `json:"updated,omitempty"`
	UpdatedBy        string `json:"updated_by,omitempty"`
	UpdatedByLabel   string `json:"updated_by_label,omitempty"`
	Empty            bool   `json:"empty"`
	Retired          bool   `json:"retired"`
	Version          int64  `json:"version"`
	CreatedAt        string `json:"created_at"`
	UpdatedAt        string `json:"updated_at"`
}

func (a *API) columnOut(col *portal.Column) columnJSON {
	c := a.clock
	out := columnJSON{ID: col.ID.String(), SiteID: col.SiteID.String(), Code: col.Code, Name: col.Name, URL: col.URL,
		Department: col.Department, Requirement: string(col.Requirement), RequirementLabel: col.Requirement.Label(), Home: col.Home,
		Updated: c.Format(col.Updated), Empty: col.Empty, Retired: col.Retired, Version: col.Version,
		CreatedAt: c.Format(col.CreatedAt), UpdatedAt: c.Format(col.ChangedAt)}
	if col.UpdatedBy != "" {
		out.UpdatedBy, out.UpdatedByLabel = string(col.UpdatedBy), col.UpdatedBy.Label()
	}
	return out
}

// columnInJSON adds a column, or replaces its fields (its site and code
// stay).
type columnInJSON struct {
	Site        string `json:"site"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	URL         string `json:"url"`
	Department  string `json:"department"`
	Requirement string `json:"requirement"`
	Home        bool   `json:"home"`
	Retired     bool   `json:"retired"`
}

func (in *columnInJSON) input(version int64) portal.ColumnInput {
	return portal.ColumnInput{Site: in.Site, Code: in.Code, Name: in.Name, URL: in.URL, Department: in.Department,
		Requirement: portal.Requirement(in.Requirement), Home: in.Home, Retired: in.Retired, IfVersion: version}
}

// columnUpdateJSON records a column's last update, or its being empty.
type columnUpdateJSON struct {
	At     string `json:"at"`
	Source string `json:"source"`
	Empty  bool   `json:"empty"`
}

type postJSON struct {
	ID          string `json:"id"`
	SiteID      string `json:"site_id"`
	ColumnID    string `json:"column_id"`
	Title       string `json:"title"`
	URL         string `json:"url"`
	Published   string `json:"published"`
	Department  string `json:"department,omitempty"`
	Source      string `json:"source"`
	SourceLabel string `json:"source_label"`
	By          string `json:"by,omitempty"`
	CreatedAt   string `json:"created_at"`
}

func (a *API) postOut(p *portal.Post) postJSON {
	c := a.clock
	return postJSON{ID: p.ID.String(), SiteID: p.SiteID.String(), ColumnID: p.ColumnID.String(), Title: p.Title, URL: p.URL,
		Published: c.Format(p.Published), Department: p.Department, Source: string(p.Source), SourceLabel: p.Source.Label(),
		By: p.By, CreatedAt: c.Format(p.CreatedAt)}
}

type postInJSON struct {
	Column     string `json:"column"`
	Title      string `json:"title"`
	URL        string `json:"url"`
	Published  string `json:"published"`
	Department string `json:"department"`
	Source     string `json:"source"`
}

// postsInJSON records posts of the site the path names, all or none.
type postsInJSON struct {
	Posts []postInJSON `json:"posts"`
}

type postSourceCountJSON struct {
	Source      string `json:"source"`
	SourceLabel string `json:"source_label"`
	Count       int    `json:"count"`
}

type postCountJSON struct {
	Month      int    `json:"month"`
	ColumnID   string `json:"column_id"`
	Column     string `json:"column"`
	Department string `json:"department,omitempty"`
	Count      int    `json:"count"`
}

type postCountsJSON struct {
	Year     int                   `json:"year"`
	Total    int                   `json:"total"`
	ByMonth  []int                 `json:"by_month"`
	BySource []postSourceCountJSON `json:"by_source"`
	Groups   []postCountJSON       `json:"groups"`
}

func postCountsOut(pc *portal.PostCounts) postCountsJSON {
	out := postCountsJSON{Year: pc.Year, Total: pc.Total, ByMonth: pc.ByMonth[:], BySource: []postSourceCountJSON{},
		Groups: make([]postCountJSON, len(pc.Groups))}
	// Every source, in the order PostSources lists them, so that the shape
	// does not depend on which sources a year happens to have.
	for _, s := range portal.PostSources() {
		out.BySource = append(out.BySource, postSourceCountJSON{Source: string(s), SourceLabel: s.Label(), Count: pc.BySource[s]})
	}
	for i, g := range pc.Groups {
		out.Groups[i] = postCountJSON{Month: g.Month, ColumnID: id(g.ColumnID), Column: g.Column, Department: g.Department, Count: g.Count}
	}
	return out
}

type probeJSON struct {
	ID        string `json:"id"`
	SiteID    string `json:"site_id"`
	URL       string `json:"url"`
	At        string `json:"at"`
	Status    int    `json:"status"`
	LatencyMS int64  `json:"latency_ms"`
	OK        bool   `json:"ok"`
	Error     string `json:"error,omitempty"`
}

func (a *API) probeOut(p *portal.Probe) probeJSON {
	return probeJSON{ID: p.ID.String(), SiteID: p.SiteID.String(), URL: p.URL, At: a.clock.Format(p.At), Status: p.Status,
		LatencyMS: millis(p.Latency), OK: p.OK, Error: p.Error}
}

type availabilityJSON struct {
	SiteID   string   `json:"site_id"`
	Site     string   `json:"site"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Failures rateJSON `json:"failures"`
}

func (a *API) availabilityOut(v *portal.Availability) availabilityJSON {
	return availabilityJSON{SiteID: v.SiteID.String(), Site: v.Site, From: a.clock.Format(v.From), To: a.clock.Format(v.To),
		Failures: rateOut(v.Failures)}
}

// crawlOptionsJSON are a crawl's limits, in and out: 0 (or absent) takes
// the server's default. host_rate is requests per second as a decimal
// string ("2.5").
type crawlOptionsJSON struct {
	MaxPages     int    `json:"max_pages"`
	MaxPageBytes int64  `json:"max_page_bytes"`
	TimeoutMS    int64  `json:"timeout_ms"`
	MaxRedirects int    `json:"max_redirects"`
	Concurrency  int    `json:"concurrency"`
	HostRate     string `json:"host_rate"`
	Robots       bool   `json:"robots"`
	SkipExternal bool   `json:"skip_external"`
	SkipContent  bool   `json:"skip_content"`
	RaiseTasks   bool   `json:"raise_tasks"`
}

func crawlOptionsOut(o portal.CrawlOptions) crawlOptionsJSON {
	return crawlOptionsJSON{MaxPages: o.MaxPages, MaxPageBytes: o.MaxPageBytes, TimeoutMS: millis(o.Timeout), MaxRedirects: o.MaxRedirects,
		Concurrency: o.Concurrency, HostRate: strconv.FormatFloat(o.HostRate, 'f', -1, 64), Robots: o.Robots, SkipExternal: o.SkipExternal,
		SkipContent: o.SkipContent, RaiseTasks: o.RaiseTasks}
}

type kindCountJSON struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Count     int    `json:"count"`
}

type crawlJSON struct {
	ID              string           `json:"id"`
	SiteID          string           `json:"site_id"`
	Status          string           `json:"status"`
	StatusLabel     string           `json:"status_label"`
	Options         crawlOptionsJSON `json:"options"`
	Started         string           `json:"started"`
	Ended           string           `json:"ended,omitempty"`
	Pages           int              `json:"pages"`
	Links           int              `json:"links"`
	Bytes           int64            `json:"bytes"`
	Queued          int              `json:"queued"`
	Findings        []kindCountJSON  `json:"findings"`
	CancelRequested bool             `json:"cancel_requested"`
	Error           string           `json:"error,omitempty"`
	By              string           `json:"by,omitempty"`
	Version         int64            `json:"version"`
	UpdatedAt       string           `json:"updated_at"`
}

func (a *API) crawlOut(cr *portal.Crawl) crawlJSON {
	c := a.clock
	out := crawlJSON{ID: cr.ID.String(), SiteID: cr.SiteID.String(), Status: string(cr.Status), StatusLabel: cr.Status.Label(),
		Options: crawlOptionsOut(cr.Options), Started: c.Format(cr.Started), Ended: c.Format(cr.Ended), Pages: cr.Pages, Links: cr.Links,
		Bytes: cr.Bytes, Queued: cr.Queued, Findings: []kindCountJSON{}, CancelRequested: cr.CancelRequested, Error: cr.Error,
		By: cr.By, Version: cr.Version, UpdatedAt: c.Format(cr.UpdatedAt)}
	// The crawl's four kinds always, in their order, then any other.
	for _, k := range portal.CrawlKinds() {
		out.Findings = append(out.Findings, kindCountJSON{Kind: string(k), KindLabel: k.Label(), Count: cr.Findings[k]})
	}
	for _, k := range portal.FindingKinds()[len(portal.CrawlKinds()):] {
		if n := cr.Findings[k]; n > 0 {
			out.Findings = append(out.Findings, kindCountJSON{Kind: string(k), KindLabel: k.Label(), Count: n})
		}
	}
	return out
}

// crawlInJSON starts a crawl of a site.
type crawlInJSON struct {
	Site    string            `json:"site"`
	Options *crawlOptionsJSON `json:"options"`
}

type findingJSON struct {
	ID         string `json:"id"`
	CrawlID    string `json:"crawl_id"`
	Seq        int    `json:"seq"`
	SiteID     string `json:"site_id"`
	Kind       string `json:"kind"`
	KindLabel  string `json:"kind_label"`
	Page       string `json:"page"`
	ColumnID   string `json:"column_id,omitempty"`
	Department string `json:"department,omitempty"`
	Target     string `json:"target,omitempty"`
	Text       string `json:"text,omitempty"`
	Status     int    `json:"status,omitempty"`
	Word       string `json:"word,omitempty"`
	Suggestion string `json:"suggestion,omitempty"`
	Context    string `json:"context,omitempty"`
	Reason     string `json:"reason"`
	Key        string `json:"key"`
	FoundAt    string `json:"found_at"`
}

func (a *API) findingOut(f *portal.Finding) findingJSON {
	return findingJSON{ID: f.ID.String(), CrawlID: f.CrawlID.String(), Seq: f.Seq, SiteID: f.SiteID.String(), Kind: string(f.Kind),
		KindLabel: f.Kind.Label(), Page: f.Page, ColumnID: id(f.ColumnID), Department: f.Department, Target: f.Target, Text: f.Text,
		Status: f.Status, Word: f.Word, Suggestion: f.Suggestion, Context: f.Context, Reason: f.Reason, Key: f.Key,
		FoundAt: a.clock.Format(f.FoundAt)}
}

type taskJSON struct {
	ID             string `json:"id"`
	SiteID         string `json:"site_id"`
	Kind           string `json:"kind"`
	KindLabel      string `json:"kind_label"`
	FindingID      string `json:"finding_id,omitempty"`
	ColumnID       string `json:"column_id,omitempty"`
	ConsultationID string `json:"consultation_id,omitempty"`
	Key            string `json:"key,omitempty"`
	Department     string `json:"department,omitempty"`
	Title          string `json:"title"`
	Detail         string `json:"detail,omitempty"`
	Page           string `json:"page,omitempty"`
	Target         string `json:"target,omitempty"`
	Word           string `json:"word,omitempty"`
	Suggestion     string `json:"suggestion,omitempty"`
	Due            string `json:"due,omitempty"`
	Status         string `json:"status"`
	StatusLabel    string `json:"status_label"`
	CaseNumber     string `json:"case_number,omitempty"`
	Opened         string `json:"opened"`
	Fixed          string `json:"fixed,omitempty"`
	FixedBy        string `json:"fixed_by,omitempty"`
	Fix            string `json:"fix,omitempty"`
	Verified       string `json:"verified,omitempty"`
	VerifiedBy     string `json:"verified_by,omitempty"`
	Rechecks       int    `json:"rechecks"`
	Version        int64  `json:"version"`
	CreatedAt      string `json:"created_at"`
	UpdatedAt      string `json:"updated_at"`
}

func (a *API) taskOut(t *portal.Task) taskJSON {
	c := a.clock
	return taskJSON{ID: t.ID.String(), SiteID: t.SiteID.String(), Kind: string(t.Kind), KindLabel: t.Kind.Label(),
		FindingID: id(t.FindingID), ColumnID: id(t.ColumnID), ConsultationID: id(t.ConsultationID), Key: t.Key,
		Department: t.Department, Title: t.Title, Detail: t.Detail, Page: t.Page, Target: t.Target, Word: t.Word,
		Suggestion: t.Suggestion, Due: c.Format(t.Due), Status: string(t.Status), StatusLabel: t.Status.Label(),
		CaseNumber: t.CaseNumber, Opened: c.Format(t.Opened), Fixed: c.Format(t.Fixed), FixedBy: t.FixedBy, Fix: t.Fix,
		Verified: c.Format(t.Verified), VerifiedBy: t.VerifiedBy, Rechecks: t.Rechecks, Version: t.Version,
		CreatedAt: c.Format(t.CreatedAt), UpdatedAt: c.Format(t.UpdatedAt)}
}

func (a *API) taskItems(ts []portal.Task) itemsJSON {
	out := itemsJSON{Items: make([]any, len(ts))}
	for i := range ts {
		out.Items[i] = a.taskOut(&ts[i])
	}
	return out
}

// taskInJSON records a task by hand.
type taskInJSON struct {
	Site       string `json:"site"`
	Kind       string `json:"kind"`
	Column     string `json:"column"`
	Department string `json:"department"`
	Title      string `json:"title"`
	Detail     string `json:"detail"`
	Page       string `json:"page"`
	Due        string `json:"due"`
}

// raiseJSON makes tasks of a crawl's findings (every one when findings is
// empty).
type raiseJSON struct {
	Findings []string `json:"findings"`
	Due      string   `json:"due"`
}

// urgeJSON opens update urges as of at (now when absent).
type urgeJSON struct {
	At string `json:"at"`
}

type fixJSON struct {
	Fix string `json:"fix"`
	At  string `json:"at"`
}

type recheckJSON struct {
	Passed bool   `json:"passed"`
	Note   string `json:"note"`
}

type dismissJSON struct {
	Note string `json:"note"`
}

type kindCountsJSON struct {
	Kind          string `json:"kind"`
	KindLabel     string `json:"kind_label"`
	Opened        int    `json:"opened"`
	Fixed         int    `json:"fixed"`
	Open          int    `json:"open"`
	OpenedByMonth []int  `json:"opened_by_month"`
	FixedByMonth  []int  `json:"fixed_by_month"`
}

type taskCountsJSON struct {
	Year  int              `json:"year"`
	Kinds []kindCountsJSON `json:"kinds"`
}

func taskCountsOut(tc *portal.TaskCounts) taskCountsJSON {
	out := taskCountsJSON{Year: tc.Year, Kinds: make([]kindCountsJSON, len(tc.Kinds))}
	for i, k := range tc.Kinds {
		opened, fixed := k.OpenedMonth, k.FixedMonth
		out.Kinds[i] = kindCountsJSON{Kind: string(k.Kind), KindLabel: k.Kind.Label(), Opened: k.Opened, Fixed: k.Fixed, Open: k.Open,
			OpenedByMonth: opened[:], FixedByMonth: fixed[:]}
	}
	return out
}

type consultationJSON struct {
	ID         string `json:"id"`
	SiteID     string `json:"site_id"`
	Ref        string `json:"ref"`
	Subject    string `json:"subject"`
	Asker      string `json:"asker,omitempty"`
	Department string `json:"department,omitempty"`
	Received   string `json:"received"`
	Answered   string `json:"answered,omitempty"`
	Answer     string `json:"answer,omitempty"`
	Version    int64  `json:"version"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

func (a *API) consultationOut(v *portal.Consultation) consultationJSON {
	c := a.clock
	return consultationJSON{ID: v.ID.String(), SiteID: v.SiteID.String(), Ref: v.Ref, Subject: v.Subject, Asker: v.Asker,
		Department: v.Department, Received: c.Format(v.Received), Answered: c.Format(v.Answered), Answer: v.Answer,
		Version: v.Version, CreatedAt: c.Format(v.CreatedAt), UpdatedAt: c.Format(v.UpdatedAt)}
}

type consultationInJSON struct {
	Site       string `json:"site"`
	Ref        string `json:"ref"`
	Subject    string `json:"subject"`
	Asker      string `json:"asker"`
	Department string `json:"department"`
	Received   string `json:"received"`
}

type answerJSON struct {
	Answer string `json:"answer"`
	At     string `json:"at"`
}

type accountJSON struct {
	ID            string `json:"id"`
	Code          string `json:"code"`
	Name          string `json:"name"`
	Platform      string `json:"platform"`
	PlatformLabel string `json:"platform_label"`
	Handle        string `json:"handle,omitempty"`
	Department    string `json:"department,omitempty"`
	Status        string `json:"status"`
	StatusLabel   string `json:"status_label"`
	LastPost      string `json:"last_post,omitempty"`
	Version       int64  `json:"version"`
	CreatedAt     string `json:"created_at"`
	UpdatedAt     string `json:"updated_at"`
}

func (a *API) accountOut(v *portal.Account) accountJSON {
	c := a.clock
	return accountJSON{ID: v.ID.String(), Code: v.Code, Name: v.Name, Platform: string(v.Platform), PlatformLabel: v.Platform.Label(),
		Handle: v.Handle, Department: v.Department, Status: string(v.Status), StatusLabel: v.Status.Label(),
		LastPost: c.Format(v.LastPost), Version: v.Version, CreatedAt: c.Format(v.CreatedAt), UpdatedAt: c.Format(v.UpdatedAt)}
}

// accountInJSON registers an account, or replaces its fields (its code
// stays).
type accountInJSON struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Platform   string `json:"platform"`
	Handle     string `json:"handle"`
	Department string `json:"department"`
	Status     string `json:"status"`
}

func (in *accountInJSON) input(version int64) portal.AccountInput {
	return portal.AccountInput{Code: in.Code, Name: in.Name, Platform: portal.Platform(in.Platform), Handle: in.Handle,
		Department: in.Department, Status: portal.AccountStatus(in.Status), IfVersion: version}
}

type inspectionJSON struct {
	ID            string `json:"id"`
	AccountID     string `json:"account_id"`
	Department    string `json:"department,omitempty"`
	Week          string `json:"week"`
	Inspected     string `json:"inspected"`
	Inspector     string `json:"inspector,omitempty"`
	LastPost      string `json:"last_post,omitempty"`
	ReviewInPlace bool   `json:"review_in_place"`
	Interactive   bool   `json:"interactive"`
	Issues        string `json:"issues,omitempty"`
	Version       int64  `json:"version"`
	CreatedAt     string `json:"created_at"`
	UpdatedAt     string `json:"updated_at"`
}

func (a *API) inspectionOut(v *portal.MediaInspection) inspectionJSON {
	c := a.clock
	return inspectionJSON{ID: v.ID.String(), AccountID: v.AccountID.String(), Department: v.Department, Week: c.Format(v.Week),
		Inspected: c.Format(v.Inspected), Inspector: v.Inspector, LastPost: c.Format(v.LastPost), ReviewInPlace: v.ReviewInPlace,
		Interactive: v.Interactive, Issues: v.Issues, Version: v.Version, CreatedAt: c.Format(v.CreatedAt), UpdatedAt: c.Format(v.UpdatedAt)}
}

type inspectionInJSON struct {
	Account       string `json:"account"`
	Week          string `json:"week"`
	Inspected     string `json:"inspected"`
	Inspector     string `json:"inspector"`
	LastPost      string `json:"last_post"`
	ReviewInPlace bool   `json:"review_in_place"`
	Interactive   bool   `json:"interactive"`
	Issues        string `json:"issues"`
}

type uninspectedJSON struct {
	Account       accountJSON `json:"account"`
	Week          string      `json:"week"`
	LastInspected string      `json:"last_inspected,omitempty"`
}

type reasonJSON struct {
	Rule      string   `json:"rule"`
	RuleLabel string   `json:"rule_label"`
	Value     string   `json:"value"`
	Threshold string   `json:"threshold"`
	Evidence  []string `json:"evidence"`
}

func reasonsOut(rs []portal.Reason) []reasonJSON {
	out := make([]reasonJSON, len(rs))
	for i, r := range rs {
		label := r.Label
		if label == "" {
			label = r.Rule.Label()
		}
		out[i] = reasonJSON{Rule: string(r.Rule), RuleLabel: label, Value: r.Value, Threshold: r.Threshold, Evidence: nonNil(r.Evidence)}
	}
	return out
}

type thresholdsJSON struct {
	ProbeWindowMS    int64 `json:"probe_window_ms"`
	FailurePercent   int   `json:"failure_percent"`
	HomeStaleDays    int   `json:"home_stale_days"`
	StaleColumns     int   `json:"stale_columns"`
	LongStaleColumns int   `json:"long_stale_columns"`
	LongStaleMonths  int   `json:"long_stale_months"`
	EmptyColumns     int   `json:"empty_columns"`
	UnansweredMonths int   `json:"unanswered_months"`
	MediaSilentDays  int   `json:"media_silent_days"`
}

type siteVerdictJSON struct {
	SiteID           string           `json:"site_id"`
	Site             string           `json:"site"`
	Name             string           `json:"name"`
	Pass             bool             `json:"pass"`
	Reasons          []reasonJSON     `json:"reasons"`
	Availability     availabilityJSON `json:"availability"`
	StaleColumns     int              `json:"stale_columns"`
	LongStaleColumns int              `json:"long_stale_columns"`
	EmptyColumns     int              `json:"empty_columns"`
}

type accountVerdictJSON struct {
	AccountID     string       `json:"account_id"`
	Account       string       `json:"account"`
	Name          string       `json:"name"`
	Platform      string       `json:"platform"`
	PlatformLabel string       `json:"platform_label"`
	Pass          bool         `json:"pass"`
	Reasons       []reasonJSON `json:"reasons"`
}

type evaluationJSON struct {
	At         string               `json:"at"`
	Pass       bool                 `json:"pass"`
	Thresholds thresholdsJSON       `json:"thresholds"`
	Sites      []siteVerdictJSON    `json:"sites"`
	Accounts   []accountVerdictJSON `json:"accounts"`
}

func (a *API) evaluationOut(e *portal.Evaluation) evaluationJSON {
	t := e.Thresholds
	out := evaluationJSON{At: a.clock.Format(e.At), Pass: e.Pass,
		Thresholds: thresholdsJSON{ProbeWindowMS: millis(t.ProbeWindow), FailurePercent: t.FailurePercent, HomeStaleDays: t.HomeStaleDays,
			StaleColumns: t.StaleColumns, LongStaleColumns: t.LongStaleColumns, LongStaleMonths: t.LongStaleMonths,
			EmptyColumns: t.EmptyColumns, UnansweredMonths: t.UnansweredMonths, MediaSilentDays: t.MediaSilentDays},
		Sites: make([]siteVerdictJSON, len(e.Sites)), Accounts: make([]accountVerdictJSON, len(e.Accounts))}
	for i, s := range e.Sites {
		out.Sites[i] = siteVerdictJSON{SiteID: s.SiteID.String(), Site: s.Site, Name: s.Name, Pass: s.Pass, Reasons: reasonsOut(s.Reasons),
			Availability: a.availabilityOut(&s.Availability), StaleColumns: s.StaleColumns, LongStaleColumns: s.LongStaleColumns,
			EmptyColumns: s.EmptyColumns}
	}
	for i, v := range e.Accounts {
		out.Accounts[i] = accountVerdictJSON{AccountID: v.AccountID.String(), Account: v.Account, Name: v.Name, Platform: string(v.Platform),
			PlatformLabel: v.Platform.Label(), Pass: v.Pass, Reasons: reasonsOut(v.Reasons)}
	}
	return out
}

func msDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
