package console_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/govops-kit/govops/refserver"
	"github.com/govops-kit/govops/refserver/console"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestConsole_SignIn(t *testing.T) {
	s := sharedSite(t)
	t.Run("RedirectsToSignIn", func(t *testing.T) {
		b := newBrowser(t, s)
		st, body := b.get("/")
		if st != http.StatusOK || !strings.Contains(body, `id="form-signin"`) {
			t.Fatalf("status %d, want the sign-in page:\n%s", st, clip(body))
		}
	})
	t.Run("OK", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		_, body := b.get("/")
		if strings.Contains(body, s.Admin) {
			t.Fatal("the page shows the token")
		}
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		b := newBrowser(t, s)
		b.get("/signin")
		st, body := b.post("/signin", url.Values{"token": {"gvo_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}})
		if st != http.StatusUnauthorized || !strings.Contains(body, `id="err-token"`) {
			t.Fatalf("status %d, want 401 with the token field's error:\n%s", st, clip(body))
		}
	})
	t.Run("ErrNoCSRF", func(t *testing.T) {
		b := newBrowser(t, s)
		st, _ := b.post("/signin", url.Values{"token": {s.Admin}})
		if st != http.StatusForbidden {
			t.Fatalf("sign-in without the form's CSRF token: status %d, want 403", st)
		}
	})
	t.Run("SignOut", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		b.get("/")
		if st, body := b.post("/signout", url.Values{}); st != http.StatusOK || !strings.Contains(body, `id="form-signin"`) {
			t.Fatalf("sign out: status %d:\n%s", st, clip(body))
		}
		if _, body := b.get("/"); !strings.Contains(body, `id="form-signin"`) {
			t.Fatal("a signed-out browser still reads the cases")
		}
	})
}

func TestConsole_CSRF(t *testing.T) {
	s := sharedSite(t)
	b := signedIn(t, s, s.Admin)
	b.get("/")
	other := signedIn(t, s, s.Admin)
	other.get("/")
	for name, token := range map[string]string{"Missing": "", "Foreign": other.csrf} {
		t.Run(name, func(t *testing.T) {
			form := url.Values{}
			if token != "" {
				form.Set("csrf", token)
			} else {
				form.Set("csrf", "0")
			}
			st, body := b.post("/signout", form)
			if st != http.StatusForbidden || !strings.Contains(body, "CSRF") {
				t.Fatalf("status %d, want 403 naming CSRF:\n%s", st, clip(body))
			}
		})
	}
}

func TestConsole_Headers(t *testing.T) {
	s := sharedSite(t)
	b := newBrowser(t, s)
	resp, err := b.c.Get(s.URL + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Security-Policy"); got != console.ContentSecurityPolicy || strings.Contains(got, "script-src") {
		t.Errorf("Content-Security-Policy = %q", got)
	}
	if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options = %q", got)
	}
	b.csrf = csrfField.FindStringSubmatch(mustBody(t, b, "/signin"))[1]
	form := url.Values{"token": {s.Admin}, "csrf": {b.csrf}}
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = b.c.PostForm(s.URL+"/signin", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie string
	for _, c := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, console.SessionCookie+"=") {
			cookie = c
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Expires=", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("session cookie %q is Secure over plain HTTP", cookie)
	}
	if strings.Contains(cookie, s.Admin) {
		t.Error("the session cookie carries the token")
	}
}

func mustBody(t *testing.T, b *browser, path string) string {
	t.Helper()
	_, body := b.get(path)
	return body
}

// TestConsole_Notice checks that a long operation of the server's shows on
// every page with its progress, and that the overview refreshes itself
// while it runs.
func TestConsole_Notice(t *testing.T) {
	s := sharedSite(t)
	var running atomic.Bool
	running.Store(true)
	notice := func() console.Notice {
		if !running.Load() {
			return console.Notice{}
		}
		return console.Notice{Active: true, Text: "正在生成2022年演示数据", Percent: 42, Detail: "案件 40%"}
	}
	srv, err := refserver.New(refserver.Config{Logger: quietLog(), ConsoleNotice: notice}, s.Svc)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	_, token, err := srv.Registry().IssueToken(t.Context(), refserver.TokenInput{Name: "值班员乙", Role: refserver.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	b := signedIn(t, &site{URL: hs.URL}, token)
	_, page := b.get("/?year=2022")
	for _, want := range []string{`id="notice"`, "正在生成2022年演示数据：42%", `value="42"`, `http-equiv="refresh"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the overview lacks %s", want)
		}
	}
	_, page = b.get("/cases")
	if !strings.Contains(page, `id="notice"`) || strings.Contains(page, `http-equiv="refresh"`) {
		t.Error("the case list must show the notice without refreshing itself (a form may be half filled)")
	}
	running.Store(false)
	if _, page = b.get("/?year=2022"); strings.Contains(page, `id="notice"`) || strings.Contains(page, `http-equiv="refresh"`) {
		t.Error("the notice stays after the operation ended")
	}
}
