package portal

import (
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Probe is one availability probe of a site's home page (可用性监测): a GET
// with the crawl's timeout (15 s by default). It is OK when the answer is a
// 2xx after at most the redirect limit.
type Probe struct {
	ID     uuid.UUID
	SiteID uuid.UUID
	URL    string `mask:"safe"`
	At     time.Time
	// Status is the HTTP status of the final answer, 0 when none came.
	Status int
	// Latency is the time to the answer's headers (or to the failure).
	Latency time.Duration
	OK      bool
	// Error says why a failed probe failed ("dns", "connect", "timeout",
	// "status 503", …) in English, "" when OK.
	Error string `mask:"safe"`
}

// ProbeFilter selects probes in a Store; zero fields select all. At is in
// [From, To) when they are set.
type ProbeFilter struct {
	SiteID   uuid.UUID
	From, To time.Time
	// Failed selects the failed ones only.
	Failed bool
}

// ProbeTally counts the probes a ProbeFilter selects.
type ProbeTally struct {
	Total  int
	Failed int
}

// ProbeListInput selects probes for Probes.
type ProbeListInput struct {
	Site     string
	From, To time.Time
	Failed   bool
	After    string
	Limit    int
}

// Availability is a site's availability over a period: the failed probes
// over all, as a rate.
type Availability struct {
	SiteID   uuid.UUID
	Site     string
	From, To time.Time
	// Failures is Failed over Total (the indicator vetoes 5% or more over
	// a week).
	Failures govops.Rate
}
