package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/govops-kit/govops/refserver/console"
)

// The browser tests drive the console in a real Chromium (Debian's
// chromium package) through the DevTools protocol: the pages as a person
// sees them, with the Content-Security-Policy enforced, every console
// error, failed load and refused resource failing the test.

// EnvChromium names a browser binary other than /usr/bin/chromium.
const EnvChromium = "GOVOPS_CHROMIUM"

// EnvScreenshots is the folder the screenshots are written to; empty
// means a temporary folder of the test.
const EnvScreenshots = "GOVOPS_CONSOLE_SCREENSHOTS"

// browserOpTimeout bounds one browser step (a navigation, a submit, a
// screenshot); the browser itself lives as long as the test.
const browserOpTimeout = 20 * time.Second

func TestBrowser(t *testing.T) {
	s := sharedSite(t)
	c := startChrome(t, s)
	// Each part has tabs of its own, so they run side by side; the browser
	// closes when all are done.
	for name, part := range map[string]func(*testing.T, *chrome){
		"Harness": testBrowserHarness, "Flows": testBrowserFlows, "Screenshots": testBrowserScreenshots,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			part(t, c)
		})
	}
}

// chromiumPath returns the browser to run. Without one the test skips,
// except on CI (CI=true), where a skipped browser test would hide the
// console's defects.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv(EnvChromium)
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		msg := fmt.Sprintf("no browser at %s (%v): install chromium (apt-get install chromium) or set %s to a Chromium binary",
			p, err, EnvChromium)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// chrome is one headless browser process serving every tab of the test.
type chrome struct {
	ctx  context.Context // the browser's context: it has run once
	site *site
}

func startChrome(t *testing.T, s *site) *chrome {
	t.Helper()
	path := chromiumPath(t)
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(1366, 768),
		chromedp.UserDataDir(profile),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// Registered after TempDir, so the browser has exited (acancel waits
	// for it) before its profile is removed.
	t.Cleanup(func() {
		bcancel()
		acancel()
	})
	start := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	t.Logf("browser %s started in %v", path, time.Since(start).Round(time.Millisecond))
	return &chrome{ctx: bctx, site: s}
}

// tab is one browser tab in a browser context of its own (its own cookie
// jar, as a separate person at a separate computer). It records what the
// browser reports as going wrong on its pages.
type tab struct {
	who  string // whose tab, for messages
	ctx  context.Context
	base string // the server's URL

	mu       sync.Mutex
	page     string // the page the tab is on or going to, for messages
	problems []string
	urls     map[network.RequestID]string
	// allowDoc is the status the current navigation's page is expected to
	// answer with (404, 422, …); 0 expects success.
	allowDoc int
	// allowed are the pages that answered allowDoc: the browser logs their
	// status as a failed load, which is no problem then.
	allowed map[string]bool
}

// newTab opens a tab for who, closed when t ends.
func (c *chrome) newTab(t *testing.T, who string) *tab {
	t.Helper()
	return c.newTabAt(t, who, c.site.URL)
}

func (c *chrome) newTabAt(t *testing.T, who, base string) *tab {
	t.Helper()
	tb := &tab{who: who, base: base, urls: map[network.RequestID]string{}, allowed: map[string]bool{}}
	ctx, cancel := chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.event))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab for %s: %v", who, err)
	}
	tb.ctx = ctx
	return tb
}

// event runs in the tab's event loop, in the order the browser sent the
// events: it only records.
func (tb *tab) event(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Request != nil {
			tb.urls[ev.RequestID] = ev.Request.URL
		}
	case *network.EventResponseReceived:
		r := ev.Response
		if r == nil || r.Status < 400 {
			return
		}
		if ev.Type == network.ResourceTypeDocument && int(r.Status) == tb.allowDoc {
			tb.allowed[r.URL] = true
			return
		}
		tb.addLocked("%s %s answered %d %s", strings.ToLower(string(ev.Type)), tb.short(r.URL), r.Status, r.StatusText)
	case *network.EventLoadingFailed:
		// A load the tab cancelled itself (a form posted while a page was
		// still loading) is no fault of the page; a blocked one is.
		if ev.Canceled && ev.BlockedReason == "" {
			return
		}
		tb.addLocked("loading %s %s failed: %s %s", strings.ToLower(string(ev.Type)), tb.short(tb.urls[ev.RequestID]),
			ev.ErrorText, ev.BlockedReason)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		args := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			args = append(args, remoteText(a))
		}
		tb.addLocked("console.%s: %s", ev.Type, strings.Join(args, " "))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d == nil {
			tb.addLocked("uncaught exception")
			return
		}
		msg := d.Text
		if d.Exception != nil {
			msg += " " + remoteText(d.Exception)
		}
		tb.addLocked("uncaught exception at %s:%d: %s", tb.short(d.URL), d.LineNumber+1, msg)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e == nil || e.Level != log.EntryLevelError {
			return
		}
		if e.Source == log.EntrySourceNetwork && tb.allowed[e.URL] {
			return
		}
		where := ""
		if e.URL != "" {
			where = " (" + tb.short(e.URL) + ")"
		}
		tb.addLocked("browser log, %s: %s%s", e.Source, e.Text, where)
	}
}

func (tb *tab) addLocked(format string, args ...any) {
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
}

// short is a URL without the server's address.
func (tb *tab) short(u string) string {
	if s := strings.TrimPrefix(u, tb.base); s != u {
		return s
	}
	return u
}

func remoteText(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.Description != "" {
		return o.Description
	}
	return string(o.UnserializableValue)
}

// expect sets what the next page may answer with besides success, and the
// page's name for messages.
func (tb *tab) expect(page string, status int) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.page, tb.allowDoc = page, status
	clear(tb.allowed)
}

// takeProblems returns what went wrong since the last call. It first runs
// a command: its answer comes after every event the browser sent before,
// so those have been recorded.
func (tb *tab) takeProblems(t *testing.T) []string {
	t.Helper()
	if _, err := chromedp.Run(tb.op(t), chromedp.Evaluate[int]("1")); err != nil {
		t.Fatalf("%s: the browser does not answer: %v", tb.who, err)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// check fails t with every problem the browser reported on the page.
func (tb *tab) check(t *testing.T) {
	t.Helper()
	if p := tb.takeProblems(t); len(p) > 0 {
		t.Errorf("%s on %s: the browser reported %d problem(s):\n  %s", tb.who, tb.page, len(p), strings.Join(p, "\n  "))
	}
}

// op is a context for one step of the tab, bounded by browserOpTimeout.
func (tb *tab) op(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(tb.ctx, browserOpTimeout)
	t.Cleanup(cancel)
	return ctx
}

// open loads path and fails t unless it answers 200.
func (tb *tab) open(t *testing.T, path string) {
	t.Helper()
	if st := tb.openStatus(t, path, http.StatusOK); st != http.StatusOK {
		t.Fatalf("%s: GET %s answered %d, want 200 (page %s)", tb.who, path, st, tb.location(t))
	}
}

// openStatus loads path, expecting it to answer want, and returns the
// status the page answered with.
func (tb *tab) openStatus(t *testing.T, path string, want int) int {
	t.Helper()
	tb.expect(path, want)
	resp, err := chromedp.Run(tb.op(t), chromedp.NavigateResponse(tb.base+path))
	if err != nil {
		t.Fatalf("%s: GET %s: %v", tb.who, path, err)
	}
	tb.check(t)
	return int(resp.Status)
}

// require loads path, a page that other work may not have built yet: when
// it answers the console's 404 page, t skips; otherwise it must answer 200.
func (tb *tab) require(t *testing.T, path string) {
	t.Helper()
	st := tb.openStatus(t, path, http.StatusNotFound)
	if st == http.StatusNotFound && tb.has(t, "#error-page") {
		t.Skipf("%s answers the 404 page: that page is not built on this branch yet; this flow runs once it is", path)
	}
	if st != http.StatusOK {
		t.Fatalf("%s: GET %s answered %d, want 200", tb.who, path, st)
	}
}

// submit clicks the submit button of the form of action and waits for the
// page it leads to (after a redirect, the page redirected to). want is the
// status the page may answer with besides success (422 for a refused
// form); it returns the status.
func (tb *tab) submit(t *testing.T, action string, want int) int {
	t.Helper()
	form, button := "#form-"+action, "#submit-"+action
	if !tb.has(t, form+" "+button) {
		t.Fatalf("%s on %s: no %s inside %s", tb.who, tb.page, button, form)
	}
	tb.expect(tb.page+" → "+form, want)
	resp, err := chromedp.RunResponse(tb.op(t), chromedp.Click(chromedp.CSS(form+" "+button)))
	if err != nil {
		t.Fatalf("%s: submit %s: %v", tb.who, form, err)
	}
	tb.check(t)
	return int(resp.Status)
}

// click follows the link or button sel and waits for the page it leads to.
func (tb *tab) click(t *testing.T, sel string) int {
	t.Helper()
	if !tb.has(t, sel) {
		t.Fatalf("%s on %s: nothing matches %s", tb.who, tb.page, sel)
	}
	tb.expect(tb.page+" → "+sel, 0)
	resp, err := chromedp.RunResponse(tb.op(t), chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: click %s: %v", tb.who, sel, err)
	}
	tb.check(t)
	return int(resp.Status)
}

// eval evaluates a JavaScript expression through DevTools (not in the
// page, so the page's CSP does not apply) and decodes its value into T.
func eval[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tb.op(t), chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s on %s: evaluate %s: %v", tb.who, tb.page, expr, err)
	}
	return v
}

// js quotes s as a JavaScript string.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// has reports whether an element matches sel, without waiting: the pages
// are complete when they load.
func (tb *tab) has(t *testing.T, sel string) bool {
	t.Helper()
	return eval[bool](t, tb, "document.querySelector("+js(sel)+") !== null")
}

// text returns the text of the element sel, failing t when there is none.
func (tb *tab) text(t *testing.T, sel string) string {
	t.Helper()
	r := eval[struct {
		Found bool   `json:"found"`
		Text  string `json:"text"`
	}](t, tb, "(e => ({found: e !== null, text: e ? e.textContent : ''}))(document.querySelector("+js(sel)+"))")
	if !r.Found {
		t.Fatalf("%s on %s: no %s on the page (%s)", tb.who, tb.page, sel, tb.location(t))
	}
	return strings.TrimSpace(r.Text)
}

// location is the path of the page the tab shows.
func (tb *tab) location(t *testing.T) string {
	t.Helper()
	return tb.short(eval[string](t, tb, "location.href"))
}

// fill puts value into the field name of the form of action: a select
// chooses the option of that value (which must exist), radio buttons
// check the one of that value, a text field is emptied and typed into as
// a person would.
func (tb *tab) fill(t *testing.T, action, name, value string) {
	t.Helper()
	form := "form-" + action
	res := eval[string](t, tb, `((form, name, value) => {
		const f = document.getElementById(form);
		if (!f) return "no #" + form + " on the page";
		const els = [...f.elements].filter(e => e.name === name);
		if (!els.length) return "#" + form + " has no field named " + name;
		const e = els[0];
		if (e.tagName === "SELECT") {
			const opts = [...e.options].map(o => o.value);
			if (!opts.includes(value)) return "the select " + name + " has no option " + value + " (it has: " + opts.join(", ") + ")";
			e.value = value;
			return "";
		}
		if (e.type === "radio") {
			const r = els.find(x => x.value === value);
			if (!r) return "no radio button " + name + "=" + value + " (there are: " + els.map(x => x.value).join(", ") + ")";
			r.checked = true;
			return "";
		}
		if (e.type === "checkbox") {
			e.checked = value !== "";
			return "";
		}
		if (e.type === "hidden") return "the field " + name + " is hidden";
		e.value = "";
		return "type";
	})(`+js(form)+","+js(name)+","+js(value)+")")
	switch res {
	case "":
		return
	case "type":
	default:
		t.Fatalf("%s on %s: fill %s: %s", tb.who, tb.page, name, res)
	}
	if value != "" {
		sel := chromedp.CSS(fmt.Sprintf("#%s [name=%s]", form, js(name)))
		if err := chromedp.Do(tb.op(t), chromedp.SendKeys(sel, value)); err != nil {
			t.Fatalf("%s on %s: type into %s: %v", tb.who, tb.page, name, err)
		}
	}
	if got := tb.value(t, action, name); got != value {
		t.Fatalf("%s on %s: typed %q into %s, the field holds %q", tb.who, tb.page, value, name, got)
	}
}

// value is what the field name of the form of action holds.
func (tb *tab) value(t *testing.T, action, name string) string {
	t.Helper()
	return eval[string](t, tb, `((form, name) => {
		const f = document.getElementById(form);
		const e = f && [...f.elements].find(e => e.name === name);
		return e ? e.value : "";
	})(`+js("form-"+action)+","+js(name)+")")
}

// signIn signs the tab in through the sign-in form with token.
func (tb *tab) signIn(t *testing.T, token string) {
	t.Helper()
	tb.open(t, "/signin")
	if err := chromedp.Do(tb.op(t), chromedp.SendKeys(chromedp.ID("f-token"), token)); err != nil {
		t.Fatalf("%s: type the token: %v", tb.who, err)
	}
	if st := tb.submit(t, "signin", 0); st != http.StatusOK {
		t.Fatalf("%s: sign in answered %d", tb.who, st)
	}
	if !tb.has(t, "#who-name") {
		t.Fatalf("%s: signed in, but %s shows no signed-in header", tb.who, tb.location(t))
	}
}

// testBrowserHarness shows that the harness fails a page that breaks the
// rules the console keeps: a style attribute and a script the CSP
// refuses, a missing image, a console error and an uncaught exception.
func testBrowserHarness(t *testing.T, c *chrome) {
	mux := http.NewServeMux()
	mux.HandleFunc("/csp", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", console.ContentSecurityPolicy)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>x</title></head><body>`+
			`<p style="color:red">styled</p><script>document.title = "ran"</script><img src="/missing.png" alt=""></body></html>`)
	})
	mux.HandleFunc("/script", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>x</title></head><body>`+
			`<script>console.error("broken on purpose"); null.boom;</script></body></html>`)
	})
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	tb := c.newTabAt(t, "harness", hs.URL)
	for path, wants := range map[string][]string{
		"/csp":    {"Content Security Policy", "/missing.png"},
		"/script": {"broken on purpose", "boom"},
	} {
		tb.expect(path, 0)
		if err := chromedp.Do(tb.op(t), chromedp.Navigate(hs.URL+path)); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(tb.takeProblems(t), "\n")
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the harness did not catch %q; it recorded:\n%s", path, w, got)
			}
		}
	}
	if title := eval[string](t, tb, "document.title"); title == "ran" {
		t.Error("the browser ran an inline script despite the CSP")
	}
}
