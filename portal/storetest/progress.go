package storetest

import (
	"testing"
	"time"

	"github.com/govops-kit/govops/internal/storetestkit"
	"github.com/govops-kit/govops/portal"
)

// TestCrawlProgress checks SaveCrawlProgress: it writes a running crawl's
// progress and UpdatedAt and nothing else, its Version and trail
// unchanged; a cancel request recorded between two saves survives the
// second one, which returns it to the runner; a crawl that ended is
// returned unchanged and stays so; a crawl not stored is ENOTFOUND.
func (cases) TestCrawlProgress(t *testing.T, mk storeMaker) {
	st := mk(t)
	ctx := t.Context()
	site := storetestkit.NewID(t)
	c := newCrawl(t, site)
	c.Status, c.Ended, c.Findings, c.CancelRequested, c.Error = portal.CrawlRunning, time.Time{}, nil, false, ""
	c.Pages, c.Links, c.Bytes, c.Queued = 0, 0, 0, 0
	first := created(t, c.ID, portal.EventCrawlStarted, "running")
	storetestkit.Must(t, st.CreateCrawl(ctx, &c, first), "CreateCrawl")

	save := func(want portal.Crawl, p portal.CrawlProgress, at time.Time, evs []portal.Event, when string) {
		t.Helper()
		got, err := st.SaveCrawlProgress(ctx, c.ID, p, at)
		requireGot(t, want, got, err, "SaveCrawlProgress "+when)
		got, err = st.Crawl(ctx, c.ID)
		requireGot(t, want, got, err, "crawl after SaveCrawlProgress "+when)
		requireEvents(t, st, c.ID, evs, "after SaveCrawlProgress "+when)
	}
	p1 := portal.CrawlProgress{Pages: 12, Links: 340, Bytes: 5_368_709_121, Queued: 77}
	want := c
	want.Pages, want.Links, want.Bytes, want.Queued, want.UpdatedAt = p1.Pages, p1.Links, p1.Bytes, p1.Queued, at(5)
	save(want, p1, at(5), first, "of a running crawl")

	// A cancel request written from the record read before the first save
	// (its progress older) is a versioned write like any other.
	asked := c
	asked.CancelRequested, asked.Version, asked.UpdatedAt = true, 2, at(6)
	ev := event(t, c.ID, 2, portal.EventCrawlCancelRequested, "running", "running")
	storetestkit.Must(t, st.UpdateCrawl(ctx, &asked, []portal.Event{ev}), "UpdateCrawl with a cancel request")
	trail := append(first, ev)
	p2 := portal.CrawlProgress{Pages: 13, Links: 351, Bytes: 6_000_000_000, Queued: 0}
	want = asked
	want.Pages, want.Links, want.Bytes, want.Queued, want.UpdatedAt = p2.Pages, p2.Links, p2.Bytes, p2.Queued, at(7)
	save(want, p2, at(7), trail, "after a cancel request")

	end := want
	end.Status, end.Ended, end.Version, end.UpdatedAt = portal.CrawlCancelled, at(8), 3, at(8)
	end.Findings = map[portal.FindingKind]int{portal.KindTypo: 2}
	endEv := event(t, c.ID, 3, portal.EventCrawlEnded, "running", "cancelled")
	storetestkit.Must(t, st.EndCrawl(ctx, &end, nil, []portal.Event{endEv}), "EndCrawl")
	save(end, portal.CrawlProgress{Pages: 99, Links: 99, Bytes: 99, Queued: 99}, at(9), append(trail, endEv), "of an ended crawl")

	_, err := st.SaveCrawlProgress(ctx, storetestkit.NewID(t), p1, at(10))
	requireMissing(t, err, "SaveCrawlProgress of a crawl never stored")
}
