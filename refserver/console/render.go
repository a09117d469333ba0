package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/govops-kit/govops"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// FlashCookie carries the one-line message of a change made, to the page
// the change redirects to (post/redirect/get), and is cleared there.
const FlashCookie = "govops_flash"

// view is what every page template receives.
type view struct {
	Title   string
	Nav     string // the key of the active navigation item
	NavList []navItem
	Session Session
	CSRF    string
	Flash   string
	// Errors are the field errors of a refused form, by field name.
	Errors map[string]string
	// Message is the message of a refused form, above it.
	Message string
	// Form is what a refused form held, to fill it again.
	Form url.Values
	// Data is the page's own data.
	Data any
	// Now is the console's clock at render time.
	Now time.Time
	// Notice is the server's long operation under way, if any.
	Notice Notice
}

// Field returns the value a refused form held for name.
func (v view) Field(name string) string { return v.Form.Get(name) }

// pageTemplate is one page's template set, parsed on first use: an idle
// server then holds none of them (TestMain_IdleMemory bounds its memory),
// and a test parses every one (TestTemplates).
type pageTemplate struct {
	file string
	once sync.Once
	t    *template.Template
	err  error
}

// pageFiles lists the page templates: every file of templates/ but the
// layout and the partials (whose names begin with "_"), by page name (the
// file's name without .html).
func pageFiles() (map[string]*pageTemplate, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*pageTemplate{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		pages[name] = &pageTemplate{file: f}
	}
	return pages, nil
}

// template returns the page template name, parsing it on first use: the
// layout, the partials and the page file, which defines "content" (and may
// define "head").
func (c *Console) template(name string) (*template.Template, error) {
	p, ok := c.pages[name]
	if !ok {
		return nil, fmt.Errorf("console: no page template %q", name)
	}
	p.once.Do(func() {
		t, err := template.New("layout.html").Funcs(c.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", p.file)
		if err != nil {
			p.err = fmt.Errorf("console: %s: %w", p.file, err)
			return
		}
		p.t = t
	})
	return p.t, p.err
}

// page renders the page template name in the layout with data, under the
// navigation item nav.
func (c *Console) page(rq *request, nav, name, title string, data any) error {
	return c.renderView(rq, http.StatusOK, name, view{Title: title, Nav: nav, Data: data})
}

// render renders a page without a navigation item (sign-in, errors).
func (c *Console) render(rq *request, status int, name, title string, data any) error {
	v := view{Title: title, Data: data}
	if m, ok := data.(map[string]any); ok {
		if e, ok := m["Errors"].(map[string]string); ok {
			v.Errors = e
		}
	}
	return c.renderView(rq, status, name, v)
}

// refused renders the page of a form again with the Service's refusal:
// its message above the form and each field's problem beside the field,
// the form filled with what was posted. The status is 422 for EINVALID and
// the error's own otherwise.
func (c *Console) refused(rq *request, nav, name, title string, data any, err error) error {
	code := govops.ErrorCode(err)
	if code != govops.EINVALID && code != govops.ECONFLICT && code != govops.EFORBIDDEN {
		return err
	}
	v := view{Title: title, Nav: nav, Data: data, Errors: govops.ErrorFields(err),
		Message: govops.ErrorMessage(err), Form: rq.r.PostForm}
	return c.renderView(rq, statusOf(code), name, v)
}

func (c *Console) renderView(rq *request, status int, name string, v view) error {
	t, err := c.template(name)
	if err != nil {
		return err
	}
	v.Session, v.CSRF, v.Now = rq.s, rq.csrf, c.now().In(c.loc)
	if rq.secret != "" {
		v.NavList = c.nav(rq.s)
		if c.notice != nil {
			v.Notice = c.notice()
		}
	}
	if ck, err := rq.r.Cookie(FlashCookie); err == nil {
		if msg, err := url.QueryUnescape(ck.Value); err == nil {
			v.Flash = msg
		}
		c.clearCookie(rq, FlashCookie)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return fmt.Errorf("console: render %s: %w", name, err)
	}
	rq.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	rq.w.WriteHeader(status)
	_, err = rq.w.Write(buf.Bytes())
	return err
}

// redirect answers 303 See Other to target.
func (c *Console) redirect(rq *request, target string) error {
	http.Redirect(rq.w, rq.r.Request, target, http.StatusSeeOther)
	return nil
}

// done redirects to target after a change, with msg shown there once.
func (c *Console) done(rq *request, target, msg string) error {
	http.SetCookie(rq.w, &http.Cookie{Name: FlashCookie, Value: url.QueryEscape(msg), Path: "/", MaxAge: 60,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(rq.r.Request)})
	return c.redirect(rq, target)
}

// statusOf maps an error code to the status of its page.
func statusOf(code string) int {
	switch code {
	case govops.EINVALID:
		return http.StatusUnprocessableEntity
	case govops.ENOTFOUND:
		return http.StatusNotFound
	case govops.ECONFLICT:
		return http.StatusConflict
	case govops.EFORBIDDEN:
		return http.StatusForbidden
	case govops.EUNAUTHORIZED:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// errorTitles are the headings of the error page.
var errorTitles = map[int]string{
	http.StatusNotFound: "未找到", http.StatusForbidden: "无权访问", http.StatusUnauthorized: "请先登录",
	http.StatusConflict: "数据已被他人修改", http.StatusUnprocessableEntity: "输入有误",
	http.StatusInternalServerError: "服务器内部错误",
}

// renderError shows err as a page. An internal error is logged and its
// detail never shown.
func (c *Console) renderError(rq *request, err error) {
	code := govops.ErrorCode(err)
	status := statusOf(code)
	msg := govops.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		c.log.LogAttrs(rq.ctx, slog.LevelError, "console page failed",
			slog.String("path", rq.r.URL.Path), slog.String("error", err.Error()))
		msg = "页面暂时无法显示，请稍后重试；如持续出现请联系管理员。"
	}
	data := map[string]any{"Status": status, "Heading": errorTitles[status], "Message": msg,
		"Fields": govops.ErrorFields(err)}
	if rerr := c.renderView(rq, status, "error", view{Title: errorTitles[status], Data: data}); rerr != nil {
		c.log.LogAttrs(rq.ctx, slog.LevelError, "console error page failed", slog.String("error", rerr.Error()))
		http.Error(rq.w, msg, status)
	}
}

// asset serves an embedded stylesheet or image.
func (c *Console) asset(rq *request) error {
	name := rq.Param("name")
	b, err := assetFS.ReadFile("assets/" + name)
	if err != nil || strings.Contains(name, "/") {
		return govops.Errorf(govops.ENOTFOUND, "没有这个资源：%s", name)
	}
	return serveAsset(rq, name, b)
}

func (c *Console) favicon(rq *request) error {
	b, err := assetFS.ReadFile("assets/favicon.svg")
	if err != nil {
		return err
	}
	return serveAsset(rq, "favicon.svg", b)
}

func serveAsset(rq *request, name string, b []byte) error {
	switch path.Ext(name) {
	case ".css":
		rq.w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".svg":
		rq.w.Header().Set("Content-Type", "image/svg+xml")
	}
	rq.w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(rq.w, rq.r.Request, name, time.Time{}, bytes.NewReader(b))
	return nil
}
