package crawl_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal/crawl"
)

func singleSite(t *testing.T) *testSite {
	s := newTestSite(t, map[string]string{
		"/":     `<html><title>首页</title><body><h2 id="notice">通知</h2><a href="/next">下一页</a></body></html>`,
		"/next": `<p>ok</p>`,
	})
	s.handle("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusMovedPermanently) })
	s.handle("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	s.handle("/file.pdf", func(w http.ResponseWriter, r *http.Request) { w.Header().Set("Content-Type", "application/pdf") })
	s.handle("/gbk", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=GBK")
		b, _ := simplifiedchinese.GBK.NewEncoder().String("<p>政务公开</p>")
		_, _ = w.Write([]byte(b))
	})
	return s
}

func TestProbe(t *testing.T) {
	s := singleSite(t)
	cfg := crawl.Config{AllowPrivate: true}
	for _, tc := range []struct {
		path    string
		ok      bool
		status  int
		failure crawl.Failure
	}{
		{"/", true, 200, ""},
		{"/old", true, 200, ""},
		{"/gone", false, 410, crawl.FailStatus},
	} {
		res := crawl.Probe(context.Background(), cfg, s.URL+tc.path)
		if res.OK != tc.ok || res.Status != tc.status || res.Failure != tc.failure || res.Latency <= 0 || res.Detail == "" {
			t.Errorf("%s: %+v", tc.path, res)
		}
	}
	if res := crawl.Probe(context.Background(), cfg, "http://"+closedPort(t)+"/"); res.OK || res.Failure != crawl.FailConnect {
		t.Errorf("closed port: %+v", res)
	}
	if res := crawl.Probe(context.Background(), cfg, "not a url"); res.OK || res.Failure != crawl.FailInvalid {
		t.Errorf("bad URL: %+v", res)
	}
	if res := crawl.Probe(context.Background(), crawl.Config{AllowPrivate: true, Timeout: -1}, s.URL); res.OK || res.Failure != crawl.FailInvalid {
		t.Errorf("bad config: %+v", res)
	}
}

// TestProbe_Timeout checks that a probe gives up after Timeout.
func TestProbe_Timeout(t *testing.T) {
	s := newTestSite(t, nil)
	s.handle("/", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	res := crawl.Probe(context.Background(), crawl.Config{AllowPrivate: true, Timeout: 100 * time.Millisecond}, s.URL)
	if res.OK || res.Failure != crawl.FailTimeout || res.Latency < 100*time.Millisecond || res.Latency > 5*time.Second {
		t.Errorf("%+v", res)
	}
}

func TestCheck(t *testing.T) {
	s := singleSite(t)
	cfg := crawl.Config{AllowPrivate: true}
	for _, tc := range []struct {
		path    string
		failure crawl.Failure
		status  int
	}{
		{"/", "", 200},
		{"/#notice", "", 200},
		{"/#top", "", 200},
		{"/#missing", crawl.FailFragment, 200},
		{"/old#notice", "", 200},
		{"/gone", crawl.FailStatus, 410},
		{"/gone#x", crawl.FailStatus, 410},
		{"/file.pdf#page=2", "", 200},
	} {
		f, status, detail := crawl.Check(context.Background(), cfg, s.URL+tc.path)
		if f != tc.failure || status != tc.status || (f != "") != (detail != "") {
			t.Errorf("%s: %q %d %q; want %q %d", tc.path, f, status, detail, tc.failure, tc.status)
		}
	}
	if f, _, _ := crawl.Check(context.Background(), crawl.Config{}, s.URL); f != crawl.FailBlocked {
		t.Errorf("loopback with the guard on: %q, want blocked", f)
	}
}

func TestFetch(t *testing.T) {
	s := singleSite(t)
	cfg := crawl.Config{AllowPrivate: true}
	p, err := crawl.Fetch(context.Background(), cfg, s.URL+"/old")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != s.URL+"/" || p.Title != "首页" || p.Text != "通知\n下一页" || len(p.Links) != 1 || len(p.Redirects) != 1 || p.Status != 200 {
		t.Errorf("%+v", p)
	}
	if p, err := crawl.Fetch(context.Background(), cfg, s.URL+"/gbk"); err != nil || p.Text != "政务公开" {
		t.Errorf("GBK page: %+v, %v", p, err)
	}
	_, err = crawl.Fetch(context.Background(), cfg, s.URL+"/gone")
	var fe *crawl.FetchError
	if !errors.As(err, &fe) || fe.Failure != crawl.FailStatus || fe.Status != 410 {
		t.Errorf("gone: %v", err)
	}
	_, err = crawl.Fetch(context.Background(), cfg, "ftp://x/")
	if govops.ErrorCode(err) != govops.EINVALID || govops.ErrorFields(err)["url"] == "" {
		t.Errorf("ftp: %v, want EINVALID naming url", err)
	}
}
