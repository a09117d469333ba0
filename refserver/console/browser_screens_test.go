package console_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/govops-kit/govops/govcase"
)

// screenViewport is one screen size the console is looked at on.
type screenViewport struct {
	width, height int64
	mobile        bool
}

// screenViewports are a desktop and a phone (390 px wide).
func screenViewports() []screenViewport {
	return []screenViewport{{1366, 768, false}, {390, 844, true}}
}

// screenPage is a page to photograph: name-<width>.png.
type screenPage struct {
	name, path string
	status     int
}

// testBrowserScreenshots photographs every page of the navigation, a case,
// the sign-in page and the 404 page at both sizes, and fails a page that
// scrolls sideways on a phone.
func testBrowserScreenshots(t *testing.T, c *chrome) {
	s := c.site
	dir := os.Getenv(EnvScreenshots)
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)

	out := c.newTab(t, "signed-out")
	shoot(t, out, dir, screenPage{"signin", "/signin", http.StatusOK})

	tb := c.newTab(t, "center")
	tb.signIn(t, s.Admin)
	nav := eval[[][2]string](t, tb, `[...document.querySelectorAll('nav.nav a[id^="nav-"]')].map(a => [a.id.slice(4), a.getAttribute("href")])`)
	if len(nav) == 0 {
		t.Fatal("the signed-in page has no navigation links")
	}
	var pages []screenPage
	var missing []string
	for _, n := range nav {
		p := screenPage{n[0], n[1], http.StatusOK}
		if !built(t, tb, p.path) {
			missing = append(missing, p.path)
			continue
		}
		pages = append(pages, p)
	}
	page, err := s.Svc.Cases.List(context.Background(), browserCenter(),
		govcase.ListInput{Filter: govcase.Filter{Statuses: []govcase.Status{govcase.StatusClosed}}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) == 0 {
		t.Fatal("the demo year has no closed case")
	}
	caseURL := "/cases/" + page.Items[0].Number
	if built(t, tb, caseURL) {
		pages = append(pages, screenPage{"case", caseURL, http.StatusOK})
	} else {
		missing = append(missing, caseURL)
	}
	pages = append(pages, screenPage{"404", "/no-such-page", http.StatusNotFound})
	for _, p := range pages {
		shoot(t, tb, dir, p)
	}
	if len(missing) > 0 {
		t.Skipf("photographed %d pages; these answer the 404 page, not built on this branch yet: %s",
			len(pages)+1, strings.Join(missing, " "))
	}
}

// built reports whether path answers a page rather than the console's 404
// page of a route nobody has built yet. Any other answer fails t.
func built(t *testing.T, tb *tab, path string) bool {
	t.Helper()
	st := tb.openStatus(t, path, http.StatusNotFound)
	if st == http.StatusNotFound && tb.has(t, "#error-page") {
		return false
	}
	if st != http.StatusOK {
		t.Errorf("%s answered %d, want 200", path, st)
	}
	return true
}

// shoot loads p at each viewport, writes a full-page PNG of it, and fails
// t when the page is wider than a phone's screen.
func shoot(t *testing.T, tb *tab, dir string, p screenPage) {
	t.Helper()
	for _, v := range screenViewports() {
		opts := []chromedp.EmulateViewportOption{}
		if v.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		if err := chromedp.Do(tb.op(t), chromedp.EmulateViewport(v.width, v.height, opts...)); err != nil {
			t.Fatal(err)
		}
		if st := tb.openStatus(t, p.path, p.status); st != p.status {
			t.Errorf("%s (%s) answered %d, want %d", p.name, p.path, st, p.status)
			continue
		}
		if !tb.has(t, "main h1") {
			t.Errorf("%s (%s) has no heading", p.name, p.path)
		}
		if v.mobile {
			if w := eval[int64](t, tb, "document.documentElement.scrollWidth"); w > v.width {
				t.Errorf("%s (%s) is %d px wide on a %d px screen: it scrolls sideways", p.name, p.path, w, v.width)
			}
		}
		png, err := chromedp.Run(tb.op(t), chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", p.name, err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Fatalf("screenshot %s is not a PNG", p.name)
		}
		name := strings.ReplaceAll(p.name, "/", "_") + "-" + strconv.FormatInt(v.width, 10) + ".png"
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(tb.op(t), chromedp.ResetViewport()); err != nil {
		t.Fatal(err)
	}
}
