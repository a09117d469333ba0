package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
)

// TestStartReaper_After: a crawl running on another Service, last heard of
// long ago (as the demo year's crawls are, at the year's dates), is left
// alone until the reaper's after channel closes, and reaped then.
func TestStartReaper_After(t *testing.T) {
	ctx := context.Background()
	st := portalmem.New()
	ps := portal.NewService(st)
	beat := time.Date(2022, 3, 1, 10, 0, 0, 0, time.UTC)
	id := uuid.Must(uuid.NewV7())
	c := portal.Crawl{ID: id, SiteID: uuid.Must(uuid.NewV7()), Status: portal.CrawlRunning, Started: beat, By: "demo", Version: 1, UpdatedAt: beat}
	ev := portal.Event{ID: uuid.Must(uuid.NewV7()), Subject: id, Seq: 1, Type: portal.EventCrawlStarted, Actor: "demo", At: beat, To: "running"}
	if err := st.CreateCrawl(ctx, &c, []portal.Event{ev}); err != nil {
		t.Fatal(err)
	}
	status := func() portal.CrawlStatus {
		got, err := st.Crawl(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}

	after := make(chan struct{})
	stop := startReaper(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), ps, time.Hour, after)
	defer stop()
	time.Sleep(50 * time.Millisecond)
	if s := status(); s != portal.CrawlRunning {
		t.Fatalf("before after closed the crawl is %s, want running", s)
	}
	close(after)
	for deadline := time.Now().Add(10 * time.Second); status() == portal.CrawlRunning; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the crawl was not reaped within 10 s of after closing")
		}
	}
	if s := status(); s != portal.CrawlFailed {
		t.Fatalf("reaped crawl is %s, want failed", s)
	}
}

// TestStartReaper_StopsWhileWaiting: stop returns while the reaper still
// waits for after.
func TestStartReaper_StopsWhileWaiting(t *testing.T) {
	stop := startReaper(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)), portal.NewService(portalmem.New()), time.Hour, make(chan struct{}))
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not return while the reaper waited")
	}
}
