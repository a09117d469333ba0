package portal

import (
	"time"

	"github.com/google/uuid"
)

// SiteStatus says whether a site is supervised.
type SiteStatus string

// Site statuses.
const (
	SiteActive SiteStatus = "active" // 监管中
	SiteClosed SiteStatus = "closed" // 已关停
)

// Label returns the Chinese label of s.
func (s SiteStatus) Label() string {
	switch s {
	case SiteActive:
		return "监管中"
	case SiteClosed:
		return "已关停"
	}
	return string(s)
}

// Valid reports whether s is a site status.
func (s SiteStatus) Valid() bool { return s == SiteActive || s == SiteClosed }

// Site is a government website under supervision (政府网站): the district
// portal, or a department's own site.
type Site struct {
	ID uuid.UUID
	// Code is the site's own code, unique ("LBQ-PORTAL"): references take
	// it or the ID.
	Code string `mask:"safe"`
	Name string `mask:"safe"`
	// Department is the code of the unit that runs the site ("" for the
	// center's own portal); the responsible department of a finding on a
	// page no column claims.
	Department string `mask:"safe"`
	// Home is the home page's absolute http or https URL: the crawl's
	// start, and the target of the availability probes.
	Home string `mask:"safe"`
	// Domains is the allow-list of link targets' domains: a link to a host
	// that is neither the site's own, nor one of these, nor a subdomain of
	// one, is a wrong link (错链). The site's own host is always allowed.
	Domains []string   `mask:"safe"`
	Status  SiteStatus `mask:"safe"`
	// HomeUpdated is the last update of the home page: its newest post, or
	// the crawl's or a manual entry's.
	HomeUpdated time.Time
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// SiteInput is what CreateSite and UpdateSite take. UpdateSite keeps the
// Code.
type SiteInput struct {
	Code       string
	Name       string
	Department string
	Home       string
	Domains    []string
	// Status is active unless set; closing a site stops its probes and
	// crawls, and the evaluator skips it.
	Status    SiteStatus
	IfVersion int64
}

// SiteFilter selects sites in a Store; zero fields select all.
type SiteFilter struct {
	Department string
	Status     SiteStatus
}

// SiteListInput selects sites for Sites.
type SiteListInput struct {
	Department string
	Status     SiteStatus
	After      string
	Limit      int
}
