package portal

import (
	"time"

	"github.com/google/uuid"
)

// CrawlStatus is where a crawl run stands.
type CrawlStatus string

// Crawl statuses: running, then done, cancelled or failed.
const (
	CrawlRunning   CrawlStatus = "running"   // 进行中
	CrawlDone      CrawlStatus = "done"      // 已完成
	CrawlCancelled CrawlStatus = "cancelled" // 已取消
	CrawlFailed    CrawlStatus = "failed"    // 失败
)

// Label returns the Chinese label of s.
func (s CrawlStatus) Label() string {
	switch s {
	case CrawlRunning:
		return "进行中"
	case CrawlDone:
		return "已完成"
	case CrawlCancelled:
		return "已取消"
	case CrawlFailed:
		return "失败"
	}
	return string(s)
}

// Valid reports whether s is a crawl status.
func (s CrawlStatus) Valid() bool {
	return s == CrawlRunning || s == CrawlDone || s == CrawlCancelled || s == CrawlFailed
}

// Crawl is one run of the crawler over a site (网站巡检), with its progress
// while it runs and its findings' count when it ends. A cancelled crawl
// keeps what it found before it stopped.
type Crawl struct {
	ID     uuid.UUID
	SiteID uuid.UUID
	Status CrawlStatus `mask:"safe"`
	// Options are those it ran with.
	Options CrawlOptions
	// Started and Ended bound the run; Ended is zero while it runs.
	Started time.Time
	Ended   time.Time
	// Progress: pages fetched, links checked, bytes read, and pages still
	// queued, written at most once a second while it runs. A progress
	// write moves the Version but leaves no event (it changes no state),
	// so the crawl's trail skips those versions.
	Pages  int
	Links  int
	Bytes  int64
	Queued int
	// Findings counts what it found, by kind.
	Findings map[FindingKind]int
	// CancelRequested is set by CancelCrawl: the runner, on any server
	// sharing the database, stops at its next progress write.
	CancelRequested bool
	// Error says why a failed crawl failed.
	Error     string `mask:"safe"`
	By        string `mask:"name"`
	Version   int64
	UpdatedAt time.Time
}

// CrawlOptions are the limits a crawl runs under (see portal/crawl for
// their defaults); zero fields take the defaults.
type CrawlOptions struct {
	MaxPages     int
	MaxPageBytes int64
	// Timeout is per request (15 s by default).
	Timeout      time.Duration
	MaxRedirects int
	Concurrency  int
	// HostRate is the requests per second to one host.
	HostRate float64
	// Robots obeys the site's robots.txt.
	Robots bool
	// SkipExternal leaves links to other hosts unchecked (they are still
	// checked against the allow-list).
	SkipExternal bool
	// SkipContent leaves the page text unchecked.
	SkipContent bool
	// RaiseTasks makes a task of every finding when the crawl ends.
	RaiseTasks bool
}

// CrawlInput is what StartCrawl and RunCrawl take.
type CrawlInput struct {
	// Site is a reference (code or ID) of an active site.
	Site    string
	Options CrawlOptions
}

// CrawlFilter selects crawls in a Store; zero fields select all.
type CrawlFilter struct {
	SiteID uuid.UUID
	Status CrawlStatus
}

// CrawlListInput selects crawls for Crawls.
type CrawlListInput struct {
	Site   string
	Status CrawlStatus
	After  string
	Limit  int
}
