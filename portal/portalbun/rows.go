package portalbun

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops/internal/bunstore"
	"github.com/govops-kit/govops/portal"
)

// dbt and gt are the conversions of every time column, to and from the
// database.
func dbt(v time.Time) time.Time { return bunstore.DBTime(v) }
func gt(v time.Time) time.Time  { return bunstore.GoTime(v) }

// idText stores an ID, uuid.Nil as "" (NULL in a nullzero column).
func idText(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

// ids reads stored IDs, "" as uuid.Nil; the first failure fails all.
func ids(what string, ss ...string) ([]uuid.UUID, error) {
	out := make([]uuid.UUID, len(ss))
	for i, s := range ss {
		if s == "" {
			continue
		}
		id, err := uuid.Parse(s)
		if err != nil {
			return nil, errs.Err("read an id of "+what, err)
		}
		out[i] = id
	}
	return out, nil
}

// hash returns the SHA-256 of s in hex: the fixed-width column a unique
// index or a filter uses for a URL or key of any length.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// encodeJSON stores v as JSON; values of plain fields always encode.
func encodeJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// decodeJSON reads JSON stored by encodeJSON into v; "" reads as none.
func decodeJSON(what, s string, v any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return errs.Err("read "+what, err)
	}
	return nil
}

// siteRow is a row of portal_sites; the domains are JSON.
type siteRow struct {
	bun.BaseModel `bun:"table:portal_sites"`

	ID          string    `bun:"id,pk"`
	Code        string    `bun:"code"`
	Name        string    `bun:"name"`
	Department  string    `bun:"department"`
	Home        string    `bun:"home"`
	Domains     string    `bun:"domains"`
	Status      string    `bun:"status"`
	HomeUpdated time.Time `bun:"home_updated,nullzero"`
	Version     int64     `bun:"version"`
	CreatedAt   time.Time `bun:"created_at,nullzero"`
	UpdatedAt   time.Time `bun:"updated_at,nullzero"`
}

func toSiteRow(s *portal.Site) siteRow {
	return siteRow{ID: s.ID.String(), Code: s.Code, Name: s.Name, Department: s.Department, Home: s.Home,
		Domains: bunstore.EncodeList(s.Domains), Status: string(s.Status), HomeUpdated: dbt(s.HomeUpdated),
		Version: s.Version, CreatedAt: dbt(s.CreatedAt), UpdatedAt: dbt(s.UpdatedAt)}
}

func fromSiteRow(r *siteRow) (portal.Site, error) {
	is, err := ids("site "+r.ID, r.ID)
	if err != nil {
		return portal.Site{}, err
	}
	domains, err := bunstore.DecodeList(r.Domains)
	if err != nil {
		return portal.Site{}, errs.Err("read the domains of site "+r.ID, err)
	}
	return portal.Site{ID: is[0], Code: r.Code, Name: r.Name, Department: r.Department, Home: r.Home, Domains: domains,
		Status: portal.SiteStatus(r.Status), HomeUpdated: gt(r.HomeUpdated), Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, nil
}

// columnRow is a row of portal_columns.
type columnRow struct {
	bun.BaseModel `bun:"table:portal_columns"`

	ID          string    `bun:"id,pk"`
	SiteID      string    `bun:"site_id"`
	Code        string    `bun:"code"`
	Name        string    `bun:"name"`
	URL         string    `bun:"url"`
	Department  string    `bun:"department"`
	Requirement string    `bun:"requirement"`
	Home        bool      `bun:"is_home"`
	Updated     time.Time `bun:"last_update,nullzero"`
	UpdatedBy   string    `bun:"updated_by"`
	Empty       bool      `bun:"is_empty"`
	Retired     bool      `bun:"retired"`
	Version     int64     `bun:"version"`
	CreatedAt   time.Time `bun:"created_at,nullzero"`
	ChangedAt   time.Time `bun:"changed_at,nullzero"`
}

func toColumnRow(c *portal.Column) columnRow {
	return columnRow{ID: c.ID.String(), SiteID: c.SiteID.String(), Code: c.Code, Name: c.Name, URL: c.URL,
		Department: c.Department, Requirement: string(c.Requirement), Home: c.Home, Updated: dbt(c.Updated),
		UpdatedBy: string(c.UpdatedBy), Empty: c.Empty, Retired: c.Retired, Version: c.Version,
		CreatedAt: dbt(c.CreatedAt), ChangedAt: dbt(c.ChangedAt)}
}

func fromColumnRow(r *columnRow) (portal.Column, error) {
	is, err := ids("column "+r.ID, r.ID, r.SiteID)
	if err != nil {
		return portal.Column{}, err
	}
	return portal.Column{ID: is[0], SiteID: is[1], Code: r.Code, Name: r.Name, URL: r.URL, Department: r.Department,
		Requirement: portal.Requirement(r.Requirement), Home: r.Home, Updated: gt(r.Updated),
		UpdatedBy: portal.UpdateSource(r.UpdatedBy), Empty: r.Empty, Retired: r.Retired, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), ChangedAt: gt(r.ChangedAt)}, nil
}

// postRow is a row of portal_posts; url_hash is the SHA-256 of url.
type postRow struct {
	bun.BaseModel `bun:"table:portal_posts"`

	ID         string    `bun:"id,pk"`
	SiteID     string    `bun:"site_id"`
	ColumnID   string    `bun:"column_id"`
	Title      string    `bun:"title"`
	URL        string    `bun:"url"`
	URLHash    string    `bun:"url_hash"`
	Published  time.Time `bun:"published,nullzero"`
	Department string    `bun:"department"`
	Source     string    `bun:"source"`
	By         string    `bun:"posted_by"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
}

func toPostRow(p *portal.Post) postRow {
	return postRow{ID: p.ID.String(), SiteID: p.SiteID.String(), ColumnID: p.ColumnID.String(), Title: p.Title,
		URL: p.URL, URLHash: hash(p.URL), Published: dbt(p.Published), Department: p.Department,
		Source: string(p.Source), By: p.By, CreatedAt: dbt(p.CreatedAt)}
}

func fromPostRow(r *postRow) (portal.Post, error) {
	is, err := ids("post "+r.ID, r.ID, r.SiteID, r.ColumnID)
	if err != nil {
		return portal.Post{}, err
	}
	return portal.Post{ID: is[0], SiteID: is[1], ColumnID: is[2], Title: r.Title, URL: r.URL, Published: gt(r.Published),
		Department: r.Department, Source: portal.PostSource(r.Source), By: r.By, CreatedAt: gt(r.CreatedAt)}, nil
}

// probeRow is a row of portal_probes; the latency is in microseconds.
type probeRow struct {
	bun.BaseModel `bun:"table:portal_probes"`

	ID        string    `bun:"id,pk"`
	SiteID    string    `bun:"site_id"`
	URL       string    `bun:"url"`
	At        time.Time `bun:"probed_at,nullzero"`
	Status    int       `bun:"status"`
	LatencyUS int64     `bun:"latency_us"`
	OK        bool      `bun:"ok"`
	Error     string    `bun:"failure"`
}

func toProbeRow(p *portal.Probe) probeRow {
	return probeRow{ID: p.ID.String(), SiteID: p.SiteID.String(), URL: p.URL, At: dbt(p.At), Status: p.Status,
		LatencyUS: p.Latency.Microseconds(), OK: p.OK, Error: p.Error}
}

func fromProbeRow(r *probeRow) (portal.Probe, error) {
	is, err := ids("probe "+r.ID, r.ID, r.SiteID)
	if err != nil {
		return portal.Probe{}, err
	}
	return portal.Probe{ID: is[0], SiteID: is[1], URL: r.URL, At: gt(r.At), Status: r.Status,
		Latency: time.Duration(r.LatencyUS) * time.Microsecond, OK: r.OK, Error: r.Error}, nil
}

// crawlOptions is how a crawl's options are stored, as JSON: the timeout
// in microseconds.
type crawlOptions struct {
	MaxPages      int     `json:"max_pages,omitempty"`
	MaxPageBytes  int64   `json:"max_page_bytes,omitempty"`
	TimeoutMicros int64   `json:"timeout_us,omitempty"`
	MaxRedirects  int     `json:"max_redirects,omitempty"`
	Concurrency   int     `json:"concurrency,omitempty"`
	HostRate      float64 `json:"host_rate,omitempty"`
	Robots        bool    `json:"robots,omitempty"`
	SkipExternal  bool    `json:"skip_external,omitempty"`
	SkipContent   bool    `json:"skip_content,omitempty"`
	RaiseTasks    bool    `json:"raise_tasks,omitempty"`
}

// crawlRow is a row of portal_crawls; the options and the findings'
// counts are JSON.
type crawlRow struct {
	bun.BaseModel `bun:"table:portal_crawls"`

	ID              string    `bun:"id,pk"`
	SiteID          string    `bun:"site_id"`
	Status          string    `bun:"status"`
	Options         string    `bun:"options"`
	Started         time.Time `bun:"started,nullzero"`
	Ended           time.Time `bun:"ended,nullzero"`
	Pages           int       `bun:"pages"`
	Links           int       `bun:"links"`
	Bytes           int64     `bun:"bytes"`
	Queued          int       `bun:"queued"`
	Findings        string    `bun:"findings"`
	CancelRequested bool      `bun:"cancel_requested"`
	Error           string    `bun:"failure"`
	By              string    `bun:"crawled_by"`
	Version         int64     `bun:"version"`
	UpdatedAt       time.Time `bun:"updated_at,nullzero"`
}

func toCrawlRow(c *portal.Crawl) crawlRow {
	o := c.Options
	findings := c.Findings
	if findings == nil {
		findings = map[portal.FindingKind]int{}
	}
	return crawlRow{ID: c.ID.String(), SiteID: c.SiteID.String(), Status: string(c.Status),
		Options: encodeJSON(crawlOptions{MaxPages: o.MaxPages, MaxPageBytes: o.MaxPageBytes,
			TimeoutMicros: o.Timeout.Microseconds(), MaxRedirects: o.MaxRedirects, Concurrency: o.Concurrency,
			HostRate: o.HostRate, Robots: o.Robots, SkipExternal: o.SkipExternal, SkipContent: o.SkipContent,
			RaiseTasks: o.RaiseTasks}),
		Started: dbt(c.Started), Ended: dbt(c.Ended), Pages: c.Pages, Links: c.Links, Bytes: c.Bytes, Queued: c.Queued,
		Findings: encodeJSON(findings), CancelRequested: c.CancelRequested, Error: c.Error, By: c.By,
		Version: c.Version, UpdatedAt: dbt(c.UpdatedAt)}
}

func fromCrawlRow(r *crawlRow) (portal.Crawl, error) {
	is, err := ids("crawl "+r.ID, r.ID, r.SiteID)
	if err != nil {
		return portal.Crawl{}, err
	}
	var o crawlOptions
	if err := decodeJSON("the options of crawl "+r.ID, r.Options, &o); err != nil {
		return portal.Crawl{}, err
	}
	c := portal.Crawl{ID: is[0], SiteID: is[1], Status: portal.CrawlStatus(r.Status),
		Options: portal.CrawlOptions{MaxPages: o.MaxPages, MaxPageBytes: o.MaxPageBytes,
			Timeout: time.Duration(o.TimeoutMicros) * time.Microsecond, MaxRedirects: o.MaxRedirects,
			Concurrency: o.Concurrency, HostRate: o.HostRate, Robots: o.Robots, SkipExternal: o.SkipExternal,
			SkipContent: o.SkipContent, RaiseTasks: o.RaiseTasks},
		Started: gt(r.Started), Ended: gt(r.Ended), Pages: r.Pages, Links: r.Links, Bytes: r.Bytes, Queued: r.Queued,
		CancelRequested: r.CancelRequested, Error: r.Error, By: r.By, Version: r.Version, UpdatedAt: gt(r.UpdatedAt)}
	if err := decodeJSON("the findings of crawl "+r.ID, r.Findings, &c.Findings); err != nil {
		return portal.Crawl{}, err
	}
	if len(c.Findings) == 0 {
		c.Findings = nil
	}
	return c, nil
}

// findingRow is a row of portal_findings.
type findingRow struct {
	bun.BaseModel `bun:"table:portal_findings"`

	ID         string    `bun:"id,pk"`
	CrawlID    string    `bun:"crawl_id"`
	Seq        int       `bun:"seq"`
	SiteID     string    `bun:"site_id"`
	Kind       string    `bun:"kind"`
	Page       string    `bun:"page"`
	ColumnID   string    `bun:"column_id"`
	Department string    `bun:"department"`
	Target     string    `bun:"target"`
	Text       string    `bun:"link_text"`
	Status     int       `bun:"status"`
	Word       string    `bun:"word"`
	Suggestion string    `bun:"suggestion"`
	Context    string    `bun:"context"`
	Reason     string    `bun:"reason"`
	Key        string    `bun:"finding_key"`
	FoundAt    time.Time `bun:"found_at,nullzero"`
}

func toFindingRow(f *portal.Finding) findingRow {
	return findingRow{ID: f.ID.String(), CrawlID: f.CrawlID.String(), Seq: f.Seq, SiteID: f.SiteID.String(),
		Kind: string(f.Kind), Page: f.Page, ColumnID: idText(f.ColumnID), Department: f.Department, Target: f.Target,
		Text: f.Text, Status: f.Status, Word: f.Word, Suggestion: f.Suggestion, Context: f.Context, Reason: f.Reason,
		Key: f.Key, FoundAt: dbt(f.FoundAt)}
}

func fromFindingRow(r *findingRow) (portal.Finding, error) {
	is, err := ids("finding "+r.ID, r.ID, r.CrawlID, r.SiteID, r.ColumnID)
	if err != nil {
		return portal.Finding{}, err
	}
	return portal.Finding{ID: is[0], CrawlID: is[1], Seq: r.Seq, SiteID: is[2], Kind: portal.FindingKind(r.Kind),
		Page: r.Page, ColumnID: is[3], Department: r.Department, Target: r.Target, Text: r.Text, Status: r.Status,
		Word: r.Word, Suggestion: r.Suggestion, Context: r.Context, Reason: r.Reason, Key: r.Key,
		FoundAt: gt(r.FoundAt)}, nil
}

// taskRow is a row of portal_tasks; finding_id is NULL for a task of no
// finding, and key_hash the SHA-256 of its key.
type taskRow struct {
	bun.BaseModel `bun:"table:portal_tasks"`

	ID             string    `bun:"id,pk"`
	SiteID         string    `bun:"site_id"`
	Kind           string    `bun:"kind"`
	FindingID      string    `bun:"finding_id,nullzero"`
	ColumnID       string    `bun:"column_id"`
	ConsultationID string    `bun:"consultation_id"`
	Key            string    `bun:"task_key"`
	KeyHash        string    `bun:"key_hash"`
	Department     string    `bun:"department"`
	Title          string    `bun:"title"`
	Detail         string    `bun:"detail"`
	Page           string    `bun:"page"`
	Target         string    `bun:"target"`
	Word           string    `bun:"word"`
	Suggestion     string    `bun:"suggestion"`
	Due            time.Time `bun:"due,nullzero"`
	Status         string    `bun:"status"`
	CaseNumber     string    `bun:"case_number"`
	Opened         time.Time `bun:"opened,nullzero"`
	Fixed          time.Time `bun:"fixed,nullzero"`
	FixedBy        string    `bun:"fixed_by"`
	Fix            string    `bun:"fix"`
	Verified       time.Time `bun:"verified,nullzero"`
	VerifiedBy     string    `bun:"verified_by"`
	Rechecks       int       `bun:"rechecks"`
	Version        int64     `bun:"version"`
	CreatedAt      time.Time `bun:"created_at,nullzero"`
	UpdatedAt      time.Time `bun:"updated_at,nullzero"`
}

func toTaskRow(t *portal.Task) taskRow {
	return taskRow{ID: t.ID.String(), SiteID: t.SiteID.String(), Kind: string(t.Kind), FindingID: idText(t.FindingID),
		ColumnID: idText(t.ColumnID), ConsultationID: idText(t.ConsultationID), Key: t.Key, KeyHash: hash(t.Key),
		Department: t.Department, Title: t.Title, Detail: t.Detail, Page: t.Page, Target: t.Target, Word: t.Word,
		Suggestion: t.Suggestion, Due: dbt(t.Due), Status: string(t.Status), CaseNumber: t.CaseNumber,
		Opened: dbt(t.Opened), Fixed: dbt(t.Fixed), FixedBy: t.FixedBy, Fix: t.Fix, Verified: dbt(t.Verified),
		VerifiedBy: t.VerifiedBy, Rechecks: t.Rechecks, Version: t.Version, CreatedAt: dbt(t.CreatedAt),
		UpdatedAt: dbt(t.UpdatedAt)}
}

func fromTaskRow(r *taskRow) (portal.Task, error) {
	is, err := ids("task "+r.ID, r.ID, r.SiteID, r.FindingID, r.ColumnID, r.ConsultationID)
	if err != nil {
		return portal.Task{}, err
	}
	return portal.Task{ID: is[0], SiteID: is[1], Kind: portal.FindingKind(r.Kind), FindingID: is[2], ColumnID: is[3],
		ConsultationID: is[4], Key: r.Key, Department: r.Department, Title: r.Title, Detail: r.Detail, Page: r.Page,
		Target: r.Target, Word: r.Word, Suggestion: r.Suggestion, Due: gt(r.Due), Status: portal.TaskStatus(r.Status),
		CaseNumber: r.CaseNumber, Opened: gt(r.Opened), Fixed: gt(r.Fixed), FixedBy: r.FixedBy, Fix: r.Fix,
		Verified: gt(r.Verified), VerifiedBy: r.VerifiedBy, Rechecks: r.Rechecks, Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, nil
}

// consultationRow is a row of portal_consultations.
type consultationRow struct {
	bun.BaseModel `bun:"table:portal_consultations"`

	ID         string    `bun:"id,pk"`
	SiteID     string    `bun:"site_id"`
	Ref        string    `bun:"ref"`
	Subject    string    `bun:"subject"`
	Asker      string    `bun:"asker"`
	Department string    `bun:"department"`
	Received   time.Time `bun:"received,nullzero"`
	Answered   time.Time `bun:"answered,nullzero"`
	Answer     string    `bun:"answer"`
	Version    int64     `bun:"version"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
	UpdatedAt  time.Time `bun:"updated_at,nullzero"`
}

func toConsultationRow(c *portal.Consultation) consultationRow {
	return consultationRow{ID: c.ID.String(), SiteID: c.SiteID.String(), Ref: c.Ref, Subject: c.Subject, Asker: c.Asker,
		Department: c.Department, Received: dbt(c.Received), Answered: dbt(c.Answered), Answer: c.Answer,
		Version: c.Version, CreatedAt: dbt(c.CreatedAt), UpdatedAt: dbt(c.UpdatedAt)}
}

func fromConsultationRow(r *consultationRow) (portal.Consultation, error) {
	is, err := ids("consultation "+r.ID, r.ID, r.SiteID)
	if err != nil {
		return portal.Consultation{}, err
	}
	return portal.Consultation{ID: is[0], SiteID: is[1], Ref: r.Ref, Subject: r.Subject, Asker: r.Asker,
		Department: r.Department, Received: gt(r.Received), Answered: gt(r.Answered), Answer: r.Answer,
		Version: r.Version, CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, nil
}

// accountRow is a row of portal_accounts.
type accountRow struct {
	bun.BaseModel `bun:"table:portal_accounts"`

	ID         string    `bun:"id,pk"`
	Code       string    `bun:"code"`
	Name       string    `bun:"name"`
	Platform   string    `bun:"platform"`
	Handle     string    `bun:"handle"`
	Department string    `bun:"department"`
	Status     string    `bun:"status"`
	LastPost   time.Time `bun:"last_post,nullzero"`
	Version    int64     `bun:"version"`
	CreatedAt  time.Time `bun:"created_at,nullzero"`
	UpdatedAt  time.Time `bun:"updated_at,nullzero"`
}

func toAccountRow(a *portal.Account) accountRow {
	return accountRow{ID: a.ID.String(), Code: a.Code, Name: a.Name, Platform: string(a.Platform), Handle: a.Handle,
		Department: a.Department, Status: string(a.Status), LastPost: dbt(a.LastPost), Version: a.Version,
		CreatedAt: dbt(a.CreatedAt), UpdatedAt: dbt(a.UpdatedAt)}
}

func fromAccountRow(r *accountRow) (portal.Account, error) {
	is, err := ids("account "+r.ID, r.ID)
	if err != nil {
		return portal.Account{}, err
	}
	return portal.Account{ID: is[0], Code: r.Code, Name: r.Name, Platform: portal.Platform(r.Platform), Handle: r.Handle,
		Department: r.Department, Status: portal.AccountStatus(r.Status), LastPost: gt(r.LastPost), Version: r.Version,
		CreatedAt: gt(r.CreatedAt), UpdatedAt: gt(r.UpdatedAt)}, nil
}

// inspectionRow is a row of portal_inspections.
type inspectionRow struct {
	bun.BaseModel `bun:"table:portal_inspections"`

	ID            string    `bun:"id,pk"`
	AccountID     string    `bun:"account_id"`
	Department    string    `bun:"department"`
	Week          time.Time `bun:"week,nullzero"`
	Inspected     time.Time `bun:"inspected,nullzero"`
	Inspector     string    `bun:"inspector"`
	LastPost      time.Time `bun:"last_post,nullzero"`
	ReviewInPlace bool      `bun:"review_in_place"`
	Interactive   bool      `bun:"interactive"`
	Issues        string    `bun:"issues"`
	Version       int64     `bun:"version"`
	CreatedAt     time.Time `bun:"created_at,nullzero"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero"`
}

func toInspectionRow(in *portal.MediaInspection) inspectionRow {
	return inspectionRow{ID: in.ID.String(), AccountID: in.AccountID.String(), Department: in.Department,
		Week: dbt(in.Week), Inspected: dbt(in.Inspected), Inspector: in.Inspector, LastPost: dbt(in.LastPost),
		ReviewInPlace: in.ReviewInPlace, Interactive: in.Interactive, Issues: in.Issues, Version: in.Version,
		CreatedAt: dbt(in.CreatedAt), UpdatedAt: dbt(in.UpdatedAt)}
}

func fromInspectionRow(r *inspectionRow) (portal.MediaInspection, error) {
	is, err := ids("media inspection "+r.ID, r.ID, r.AccountID)
	if err != nil {
		return portal.MediaInspection{}, err
	}
	return portal.MediaInspection{ID: is[0], AccountID: is[1], Department: r.Department, Week: gt(r.Week),
		Inspected: gt(r.Inspected), Inspector: r.Inspector, LastPost: gt(r.LastPost), ReviewInPlace: r.ReviewInPlace,
		Interactive: r.Interactive, Issues: r.Issues, Version: r.Version, CreatedAt: gt(r.CreatedAt),
		UpdatedAt: gt(r.UpdatedAt)}, nil
}

// eventRow is a row of portal_events: the columns every trail shares
// (bunstore.EventRow) and the ID of the record it belongs to.
type eventRow struct {
	bun.BaseModel `bun:"table:portal_events"`

	SubjectID string `bun:"subject_id"`
	bunstore.EventRow
}

func toEventRows(events []portal.Event) []eventRow {
	rows := make([]eventRow, len(events))
	for i, e := range events {
		rows[i].EventRow, rows[i].SubjectID = bunstore.ToEventRow(e)
	}
	return rows
}

func fromEventRow(r *eventRow) (portal.Event, error) {
	return bunstore.FromEventRow[portal.EventType, portal.Status](errs, &r.EventRow, r.SubjectID)
}
