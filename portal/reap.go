package portal

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/crawl"
)

// DefaultCrawlStall is how long a running crawl may go without a progress
// write before ReapCrawls ends it, unless WithCrawlStall sets another.
const DefaultCrawlStall = 2 * time.Minute

// WithCrawlStall sets how long a running crawl may go without a progress
// write before ReapCrawls takes its process for dead (DefaultCrawlStall
// unless set; d ≤ 0 keeps it). It is at least 3 progress intervals (see
// WithProgressEvery), whatever d says, so that a live crawl that missed a
// write or two is never reaped.
func WithCrawlStall(d time.Duration) Option {
	return func(s *Service) {
		if d > 0 {
			s.crawlStall = d
		}
	}
}

// ReapCrawls ends, as failed, every running crawl whose process died: one
// whose UpdatedAt, the heartbeat that each progress write moves, is older
// than the stall limit (WithCrawlStall) and that does not run on this
// Service. Each gets the Error "interrupted: no progress since …" and an
// EventCrawlEnded whose actor is by; what it found is lost with its
// process, and its progress stays as last saved. A crawl ended meanwhile,
// or that saved progress since the listing, is left alone. A runner on a
// live process that was merely stalled that long stops at its next
// progress write, which finds the crawl ended. It returns the crawls it
// ended, by ID. Run it from a timer on any server sharing the Store.
// Center only.
func (s *Service) ReapCrawls(ctx context.Context, by govops.Actor) ([]Crawl, error) {
	if err := by.CenterOnly("reap crawls"); err != nil {
		return nil, err
	}
	running, err := s.store.Crawls(ctx, CrawlFilter{Status: CrawlRunning}, uuid.Nil, 0)
	if err != nil {
		return nil, err
	}
	var out []Crawl
	for _, c := range running {
		s.mu.Lock()
		_, mine := s.jobs[c.ID.String()]
		s.mu.Unlock()
		if mine {
			continue
		}
		ended, err := s.endCrawlIf(ctx, by, c.ID, func(cur *Crawl) (CrawlStatus, *crawl.Progress, string, error) {
			if !cur.UpdatedAt.Before(s.clock().Add(-s.crawlStall)) {
				return "", nil, "", govops.Errorf(govops.ECONFLICT, "crawl %s has made progress since %s: it is alive", cur.ID, show(cur.UpdatedAt))
			}
			return CrawlFailed, nil, "interrupted: no progress since " + cur.UpdatedAt.In(shanghai).Format("2006-01-02 15:04:05") +
				" (Asia/Shanghai); the process running it stopped", nil
		}, nil)
		switch {
		case err == nil:
			out = append(out, govops.MaskFor(by, "", *ended))
		case govops.ErrorCode(err) == govops.ECONFLICT:
			// Alive, or ended meanwhile: not this reap's.
		default:
			return out, err
		}
	}
	return out, nil
}
