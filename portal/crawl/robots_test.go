package crawl_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/govops-kit/govops/portal/crawl"
)

func TestParseRobots(t *testing.T) {
	const ua = "govops-portal-check/1.0 (+https://github.com/govops-kit/govops)"
	for _, tc := range []struct {
		name  string
		txt   string
		allow map[string]bool
	}{
		{"Empty", "", map[string]bool{"/": true, "/a": true}},
		{"StarGroup", "User-agent: *\nDisallow: /private\n", map[string]bool{"/private": false, "/private/x": false, "/privatex": false, "/public": true}},
		{"OwnGroupWins", "User-agent: *\nDisallow: /\n\nUser-agent: GovOps-Portal-Check\nDisallow: /a\n", map[string]bool{"/": true, "/b": true, "/a/1": false}},
		{"OwnGroupEmpty", "User-agent: *\nDisallow: /\n\nUser-agent: govops-portal-check\n", map[string]bool{"/": true}},
		{"OtherAgent", "User-agent: baiduspider\nDisallow: /\n", map[string]bool{"/": true}},
		{"SharedGroup", "User-agent: a\nUser-agent: *\nDisallow: /x\n", map[string]bool{"/x": false, "/y": true}},
		{"LongestWins", "User-agent: *\nDisallow: /news\nAllow: /news/open\n", map[string]bool{"/news/1": false, "/news/open/2": true}},
		{"TieAllows", "User-agent: *\nDisallow: /page\nAllow: /page\n", map[string]bool{"/page": true}},
		{"Wildcard", "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*/print\n", map[string]bool{"/a/b.pdf": false, "/a/b.pdf?x": true, "/a/print/1": false, "/print": true}},
		{"Query", "User-agent: *\nDisallow: /search?\n", map[string]bool{"/search?q=1": false, "/search": true}},
		{"EmptyDisallow", "User-agent: *\nDisallow:\n", map[string]bool{"/": true}},
		{"Comments", "# hello\nUser-agent: * # all\nDisallow: /c # no\n", map[string]bool{"/c": false, "/d": true}},
		{"RobotsAlwaysAllowed", "User-agent: *\nDisallow: /\n", map[string]bool{"/robots.txt": true, "/": false}},
		{"Garbage", "<html>not robots</html>\n\x00\x01", map[string]bool{"/": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rb := crawl.ParseRobots(strings.NewReader(tc.txt), ua)
			for path, want := range tc.allow {
				u, _ := url.Parse("https://www.example.gov.cn" + path)
				if got := rb.Allowed(u); got != want {
					t.Errorf("%s: allowed %v, want %v", path, got, want)
				}
			}
		})
	}
}

func FuzzParseRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /*a*b$\nAllow: /\n", "/ab")
	f.Add("user-agent:x\nallow:*\n", "/")
	f.Fuzz(func(t *testing.T, txt, path string) {
		rb := crawl.ParseRobots(strings.NewReader(txt), "x/1")
		u, err := url.Parse("http://h" + path)
		if err != nil {
			return
		}
		rb.Allowed(u) // must not panic
	})
}
