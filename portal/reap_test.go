package portal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// storeRunning stores a running crawl of site last heard of at beat, as a
// server that died mid-crawl leaves it, and returns it.
func storeRunning(t *testing.T, f *crawlFix, beat time.Time) portal.Crawl {
	t.Helper()
	id := must(govops.NewID())(t)
	c := portal.Crawl{ID: id, SiteID: f.site.ID, Status: portal.CrawlRunning, Started: beat.Add(-time.Minute).UTC(), Pages: 40, Links: 400,
		By: center().Name, Version: 1, UpdatedAt: beat.UTC()}
	ev := portal.Event{ID: must(govops.NewID())(t), Subject: id, Seq: 1, Type: portal.EventCrawlStarted, Actor: center().Name, At: c.Started, To: "running"}
	if err := f.st.CreateCrawl(f.ctx, &c, []portal.Event{ev}); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestReapCrawls: of the running crawls, the one whose heartbeat is older
// than the stall limit and that runs on no live Service here is ended as
// failed, with its trail; one heard of within the limit, and one running
// on this Service, however old its heartbeat, are left running. The limit
// is at least 3 progress intervals.
func TestReapCrawls(t *testing.T) {
	// A progress interval of a minute: no progress write happens during
	// the test, so the heartbeat of the crawl running here stays at its
	// start. The stall asked for (1 min) is raised to 3 intervals.
	f := newCrawlFix(t, portal.WithProgressEvery(time.Minute), portal.WithCrawlStall(time.Minute))
	release := make(chan struct{})
	defer close(release)
	f.web.holdPage("/news/1.html", release)
	mine := must(f.svc.StartCrawl(f.ctx, center(), portal.CrawlInput{Site: "LOCAL", Options: portal.CrawlOptions{Concurrency: 1}}))(t)
	<-f.web.hit

	now := testNow().Add(time.Hour)
	f.clock.Set(now)
	dead := storeRunning(t, f, now.Add(-3*time.Minute-time.Second))
	edge := storeRunning(t, f, now.Add(-3*time.Minute)) // exactly the limit: not yet
	fresh := storeRunning(t, f, now.Add(-2*time.Minute))

	_, err := f.svc.ReapCrawls(f.ctx, dept())
	wantErr(t, err, govops.EFORBIDDEN)
	_, err = f.svc.ReapCrawls(f.ctx, viewer())
	wantErr(t, err, govops.EFORBIDDEN)

	reaped := must(f.svc.ReapCrawls(f.ctx, center()))(t)
	if len(reaped) != 1 || reaped[0].ID != dead.ID {
		t.Fatalf("reaped %+v, want only %s", reaped, dead.ID)
	}
	got := must(f.svc.Crawl(f.ctx, center(), dead.ID.String()))(t)
	wantMsg := "interrupted: no progress since " + dead.UpdatedAt.In(sh).Format("2006-01-02 15:04:05")
	if got.Status != portal.CrawlFailed || !strings.HasPrefix(got.Error, wantMsg) || !got.Ended.Equal(now) ||
		got.Version != 2 || got.Pages != 40 {
		t.Fatalf("reaped crawl %+v, want failed with %q", got, wantMsg)
	}
	trail := must(f.st.Events(f.ctx, dead.ID))(t)
	if len(trail) != 2 || trail[1].Type != portal.EventCrawlEnded || trail[1].Seq != 2 || trail[1].To != "failed" ||
		!strings.Contains(trail[1].Note, "interrupted") {
		t.Fatalf("trail %+v", trail)
	}
	for _, c := range []portal.Crawl{edge, fresh, *mine} {
		if got := must(f.st.Crawl(f.ctx, c.ID))(t); got.Status != portal.CrawlRunning {
			t.Fatalf("crawl of heartbeat %s was ended: %+v", c.UpdatedAt, got)
		}
	}
	// The crawl running here is as old as the dead one: another server
	// sharing the Store takes it for dead, which shows the run was kept
	// for running here, not for its heartbeat.
	if got := must(f.st.Crawl(f.ctx, mine.ID))(t); !got.UpdatedAt.Before(now.Add(-3 * time.Minute)) {
		t.Fatalf("the crawl running here saved progress at %s", got.UpdatedAt)
	}
	other := portal.NewService(f.st, portal.WithNow(f.clock.Now), portal.WithDictionary(testDict()), portal.WithCrawlStall(3*time.Minute))
	f.clock.Set(now.Add(time.Minute))
	again := must(other.ReapCrawls(f.ctx, center()))(t)
	ids := map[string]bool{}
	for _, c := range again {
		ids[c.ID.String()] = true
	}
	if len(again) != 2 || !ids[mine.ID.String()] || !ids[edge.ID.String()] {
		t.Fatalf("the other server reaped %+v, want the one running here and the edge one", again)
	}
	// Nothing is left to reap; the run here ends without overwriting.
	if n := len(must(other.ReapCrawls(f.ctx, center()))(t)); n != 0 {
		t.Fatalf("reaped %d twice", n)
	}
	if err := f.svc.Shutdown(f.ctx); err != nil {
		t.Fatal(err)
	}
	if got := must(f.st.Crawl(f.ctx, mine.ID))(t); got.Status != portal.CrawlFailed || !strings.HasPrefix(got.Error, "interrupted") {
		t.Fatalf("the reaped crawl ended as %+v", got)
	}
}

// TestCrawlStallDefault: without WithCrawlStall a crawl is reaped after 2
// minutes without progress, and not at 2 minutes exactly.
func TestCrawlStallDefault(t *testing.T) {
	f := newCrawlFix(t)
	c := storeRunning(t, f, testNow().Add(-2*time.Minute))
	if n := len(must(f.svc.ReapCrawls(f.ctx, center()))(t)); n != 0 {
		t.Fatalf("reaped %d at 2 minutes", n)
	}
	f.clock.Set(testNow().Add(time.Microsecond))
	reaped := must(f.svc.ReapCrawls(f.ctx, center()))(t)
	if len(reaped) != 1 || reaped[0].ID != c.ID || reaped[0].Status != portal.CrawlFailed {
		t.Fatalf("reaped %+v", reaped)
	}
}
