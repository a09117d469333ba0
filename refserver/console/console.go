package console

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
)

// Config configures a Console. The zero value is usable.
type Config struct {
	// Location is the zone times are shown in; nil means Asia/Shanghai.
	Location *time.Location
	// Now is the clock of "this year so far" and of overdue marks; nil
	// means time.Now.
	Now func() time.Time
	// Log receives the failures a page could not show; nil means
	// slog.Default().
	Log *slog.Logger
	// Notice, when set, is asked at every page for a long operation of
	// the server's own that every page should show with its progress:
	// the demo year being filled, say. nil means none.
	Notice func() Notice
}

// Notice is a long operation of the server's, shown above every page while
// it runs; the overview refreshes itself meanwhile.
type Notice struct {
	Active  bool
	Text    string // what runs, in Chinese
	Percent int    // how far it is, 0 to 100
	Detail  string // e.g. the parts under way
}

// Services are the domain Services the console shows: those the annual
// report reads, and the calendar. Cases and Departments are required; a
// nil domain leaves its pages out of the navigation and answering 404.
type Services struct {
	annual.Services
	// Calendar is the working-day calendar; nil means Cases.Calendar().
	Calendar *govops.Calendar
}

// complete reports whether every domain runs, which the overview and the
// annual report need.
func (s Services) complete() bool {
	return s.Hotline != nil && s.Licenses != nil && s.Data != nil && s.Netops != nil && s.Security != nil && s.Portal != nil
}

// Console is the web console. It keeps no state between requests.
type Console struct {
	svc     Services
	backend Backend
	loc     *time.Location
	now     func() time.Time
	log     *slog.Logger
	notice  func() Notice
	pages   map[string]*pageTemplate
	routes  []route
}

// Route is one of the console's endpoints, in bunrouter syntax, for the
// server to register beside its API.
type Route struct {
	Method  string
	Path    string
	Handler bunrouter.HandlerFunc
}

// New returns a Console over svc that reaches the server through b.
func New(cfg Config, svc Services, b Backend) (*Console, error) {
	if svc.Cases == nil || svc.Departments == nil {
		return nil, errors.New("console: Services.Cases and Services.Departments are required")
	}
	if b == nil {
		return nil, errors.New("console: a Backend is required")
	}
	if svc.Calendar == nil {
		svc.Calendar = svc.Cases.Calendar()
	}
	c := &Console{svc: svc, backend: b, loc: cfg.Location, now: cfg.Now, log: cfg.Log, notice: cfg.Notice}
	if c.loc == nil {
		c.loc = govops.ShanghaiLocation()
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	pages, err := pageFiles()
	if err != nil {
		return nil, err
	}
	c.pages = pages
	c.routes = c.routeTable()
	return c, nil
}

// Routes returns the console's endpoints. Each handler answers with a page
// (or a redirect) and returns nil: its errors are pages too.
func (c *Console) Routes() []Route {
	out := make([]Route, 0, len(c.routes))
	for _, r := range c.routes {
		out = append(out, Route{Method: r.method, Path: r.path, Handler: c.wrap(r)})
	}
	return out
}

// NotFound answers a path that no route matches with the console's 404
// page.
func (c *Console) NotFound(w http.ResponseWriter, req bunrouter.Request) error {
	return c.wrap(route{method: req.Method, path: req.URL.Path, public: true, h: func(rq *request) error {
		return govops.Errorf(govops.ENOTFOUND, "没有这个页面：%s", req.URL.Path)
	}})(w, req)
}

// route is one endpoint: a handler and who may reach it.
type route struct {
	method string
	path   string
	// public routes need no session (sign-in, assets).
	public bool
	// admin routes need the admin role; others any signed-in role, the
	// Services deciding the rest.
	admin bool
	h     func(rq *request) error
}

// routeTable is every endpoint of the console: the only place where they
// are listed. Each page group adds its own in its file.
func (c *Console) routeTable() []route {
	rs := []route{
		{method: http.MethodGet, path: "/assets/:name", public: true, h: c.asset},
		{method: http.MethodGet, path: "/favicon.ico", public: true, h: c.favicon},
		{method: http.MethodGet, path: "/signin", public: true, h: c.signInPage},
		{method: http.MethodPost, path: "/signin", public: true, h: c.signIn},
		{method: http.MethodPost, path: "/signout", h: c.signOut},
	}
	rs = append(rs, c.overviewRoutes()...)
	rs = append(rs, c.caseRoutes()...)
	if c.svc.Hotline != nil {
		rs = append(rs, c.hotlineRoutes()...)
	}
	if c.svc.Licenses != nil {
		rs = append(rs, c.licenseRoutes()...)
	}
	if c.svc.Data != nil {
		rs = append(rs, c.dataRoutes()...)
	}
	if c.svc.Netops != nil {
		rs = append(rs, c.netopsRoutes()...)
	}
	if c.svc.Security != nil {
		rs = append(rs, c.securityRoutes()...)
	}
	if c.svc.Portal != nil {
		rs = append(rs, c.portalRoutes()...)
	}
	if c.svc.complete() {
		rs = append(rs, c.reportRoutes()...)
	}
	rs = append(rs, c.adminRoutes()...)
	return rs
}

// navItem is one entry of the navigation bar.
type navItem struct {
	Key   string // matches view.Nav
	Label string
	Path  string
}

// nav is the navigation a session sees.
func (c *Console) nav(s Session) []navItem {
	items := []navItem{{"overview", "概览", "/"}, {"cases", "案件", "/cases"}}
	if c.svc.Hotline != nil {
		items = append(items, navItem{"hotline", "12345热线", "/hotline"})
	}
	if c.svc.Licenses != nil {
		items = append(items, navItem{"licenses", "电子证照", "/licenses"})
	}
	if c.svc.Data != nil {
		items = append(items, navItem{"data", "数据共享", "/data"})
	}
	if c.svc.Netops != nil {
		items = append(items, navItem{"netops", "外网与运维", "/netops"})
	}
	if c.svc.Security != nil {
		items = append(items, navItem{"security", "网络安全", "/security"})
	}
	if c.svc.Portal != nil {
		items = append(items, navItem{"portal", "网站与新媒体", "/portal"})
	}
	if c.svc.complete() {
		items = append(items, navItem{"report", "年度报告", "/report"})
	}
	if s.Admin() {
		items = append(items, navItem{"admin", "系统管理", "/admin"})
	}
	return items
}
