package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
)

// site is a running server over memory stores holding a small demo year
// (2022, at 1% of the default), with a token of each role.
type site struct {
	URL    string
	Svc    refserver.Services
	Server *refserver.Server
	// Tokens by role: admin (center staff), dept (DeptCode's), viewer.
	Admin, Dept, Viewer string
	// DeptCode is the dept token's department: 解放街道办事处. Other is
	// another department's code: 跃进街道办事处.
	DeptCode, Other string
}

var (
	siteOnce sync.Once
	shared   *site
	siteErr  error
)

// demoScale is the share of the default year the tests' site holds.
const demoScale = 0.01

// sharedSite returns the site every test of the package shares: building
// the year takes a few seconds, once. Tests that change data create their
// own records.
func sharedSite(t testing.TB) *site {
	t.Helper()
	siteOnce.Do(func() { shared, siteErr = newSite() })
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return shared
}

func newSite() (*site, error) {
	ctx := context.Background()
	st := demo.MemStores()
	cal, err := govops.NewCalendar(govops.CalendarConfig{})
	if err != nil {
		return nil, err
	}
	cfg := refserver.WireConfig{Calendar: cal, HomeDistrict: "柳北区"}
	wire := demo.WireOver(st, cfg)
	if _, err := demo.Generate(ctx, wire, demo.Options{Params: demo.DefaultParams(2022).Scaled(demoScale)}); err != nil {
		return nil, err
	}
	svc := wire(time.Now)
	srv, err := refserver.New(refserver.Config{Logger: quietLog()}, svc)
	if err != nil {
		return nil, err
	}
	s := &site{Svc: svc, Server: srv, DeptCode: "450205001", Other: "450205006"}
	for _, tk := range []struct {
		dst  *string
		name string
		role refserver.Role
		dept string
	}{
		{&s.Admin, "中心值班员", refserver.RoleAdmin, ""},
		{&s.Dept, "解放街道联络员", refserver.RoleDept, s.DeptCode},
		{&s.Viewer, "督查室", refserver.RoleViewer, ""},
	} {
		_, plain, err := srv.Registry().IssueToken(ctx, refserver.TokenInput{Name: tk.name, Role: tk.role, Department: tk.dept})
		if err != nil {
			return nil, err
		}
		*tk.dst = plain
	}
	hs := httptest.NewServer(srv.Handler())
	s.URL = hs.URL
	return s, nil
}

// browser is an HTTP client with a cookie jar, as a browser keeps one: it
// remembers the CSRF token of the last page it read.
type browser struct {
	t    testing.TB
	site *site
	c    *http.Client
	csrf string
}

func newBrowser(t testing.TB, s *site) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, site: s, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// signedIn returns a browser signed in with token.
func signedIn(t testing.TB, s *site, token string) *browser {
	t.Helper()
	b := newBrowser(t, s)
	b.get("/signin")
	if st, body := b.post("/signin", url.Values{"token": {token}}); st != http.StatusOK || !strings.Contains(body, `id="who-name"`) {
		t.Fatalf("sign in: status %d, page without the signed-in header:\n%s", st, clip(body))
	}
	return b
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// get reads path and returns the status and the page (after redirects).
func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.site.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp)
}

// post posts form to path with the CSRF token of the last page read,
// unless form carries its own.
func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	if form.Get("csrf") == "" && b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	resp, err := b.c.PostForm(b.site.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp)
}

func (b *browser) read(resp *http.Response) (int, string) {
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if m := csrfField.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp.StatusCode, string(body)
}

// clip shortens a page for a failure message.
func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}
