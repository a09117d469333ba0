package refserver

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/console"
	"github.com/govops-kit/govops/security"
)

// Config configures a Server. The zero value is usable.
type Config struct {
	// Logger receives one line per request and every refused or failed
	// request. nil means slog.Default().
	Logger *slog.Logger

	// Now is the clock for token times and the "overdue" flag of cases.
	// nil means time.Now. (Case times come from the govcase Service's own
	// clock.)
	Now func() time.Time

	// MaxMountBytes bounds the body of a mount of data into a catalog
	// entry (POST /api/v1/data/catalogs/{id}/mount), which streams, so
	// that its bound is far above the 1 MiB of a JSON body. 0 means
	// datashareapi.DefaultMaxMountBytes (1 GiB).
	MaxMountBytes int64

	// NoConsole leaves the web console (package console) out: "/" and its
	// pages then answer 404 like any unknown path.
	NoConsole bool

	// ConsoleNotice, when set, tells the console of a long operation of
	// the server's own (the demo year being filled), which every page
	// shows with its progress.
	ConsoleNotice func() console.Notice
}

// Services are the domain services a Server exposes.
type Services struct {
	// Cases is the command-platform case service (综合指挥平台). Required.
	Cases *govcase.Service
	// Departments is the department directory (部门目录, package
	// directory): the units that cases go to and that dept tokens act
	// for. Required.
	Departments *directory.Service
	// Store keeps what the server itself owns: API tokens, the audit log
	// and the calendar tables loaded through the API. Required.
	Store Store
	// Hotline is the 12345 hotline assessment (政府热线考核) served under
	// /api/v1/hotline. nil leaves those endpoints answering 404. To feed it
	// the outcomes of hotline cases, build Cases with CaseOptions and the
	// HotlineOutcomes hook.
	Hotline *hotline.Service
	// Licenses is the electronic-license catalog (电子证照) served under
	// /api/v1/licenses. nil leaves those endpoints answering 404.
	Licenses *license.Service
	// Data is the government data resource catalog (政务信息资源目录:
	// entries, mounted data, share requests, metrics, quality, export)
	// served under /api/v1/data. nil leaves those endpoints answering 404.
	// The server asks it to recover abandoned mounts only when told to
	// (POST /api/v1/data/batches/recover); cmd/refserver does so at start.
	Data *datashare.Service
	// Netops is the extranet and its IT operations (电子政务外网与运维:
	// sites, unit profiles, links, networks, migrations, visits,
	// inspections, bookings, the duty roster and the equipment register)
	// served under /api/v1/netops. nil leaves those endpoints answering
	// 404. Build it with NetopsOptions, so that units come from
	// Departments and visits started from a case keep its trail.
	Netops *netops.Service
	// Security is the network security records (网络安全: emergency plans
	// and their drills, the self-inspection checklist and inspections,
	// hardening records, attack-defense exercises, incidents and the
	// yearly report) served under /api/v1/security. nil leaves those
	// endpoints answering 404. No endpoint takes a credential: a body
	// holding a field named like one is refused before it is decoded.
	Security *security.Service
	// Portal is the supervision of the government websites and new media
	// (政府网站与政务新媒体监管: sites and columns, posts, availability
	// probes, crawls, findings and rectification tasks, consultations,
	// new-media accounts and their weekly inspections, and the
	// single-veto evaluator) served under /api/v1/portal. nil leaves those
	// endpoints answering 404. Build it with PortalOptions, so that its
	// tasks are dispatched as command-platform cases of kind portal, and
	// give Cases the PortalLink's CaseHook, so that closing such a case
	// marks its task fixed. Its crawls run in the background: call its
	// Shutdown when the server stops.
	Portal *portal.Service
	// Calendar is the working-day calendar that Cases and Hotline count
	// on, into which the server loads the calendar tables stored in the
	// Store. nil means Cases.Calendar(). Build it with
	// govops.NewCalendar and give the same one to every Service: the
	// shared govops.DefaultCalendar cannot load tables.
	Calendar *govops.Calendar
	// Modules are more domains' HTTP mappings, served beside the built-in
	// ones with the same authentication, audit log and error mapping: an
	// embedder's own domain, or one of govops' refserver/<domain>api
	// packages that New does not assemble itself. Each module's OpenAPI
	// fragment must document exactly its routes, and no path or component
	// may be defined twice; New refuses a module otherwise.
	Modules []apikit.Module
	// Ping reports whether the database answers, for /readyz. nil means
	// always ready.
	Ping func(ctx context.Context) error
}

// Server is the reference HTTP server: it maps HTTP requests to domain
// service calls and bearer tokens to govcase actors, and holds no rule of
// its own beyond who may manage the directory. It keeps no state between
// requests, so several Servers may share one database.
type Server struct {
	cases    *govcase.Service
	hotline  *hotline.Service
	registry *Registry
	cal      *govops.Calendar
	calStore CalendarStore
	calSync  calendarSync
	ping     func(ctx context.Context) error
	log      *slog.Logger
	now      func() time.Time
	maxMount int64
	clock    apikit.Clock
	routes   []apikit.Route
	openapi  []byte // the document: the server's own and every module's fragment
	router   *bunrouter.Router
	console  *console.Console // nil with Config.NoConsole
	notice   func() console.Notice
}

// New returns a Server over svc. It returns an error if a required service
// is missing.
func New(cfg Config, svc Services) (*Server, error) {
	if svc.Cases == nil {
		return nil, errors.New("refserver: Services.Cases is required")
	}
	if svc.Store == nil {
		return nil, errors.New("refserver: Services.Store is required")
	}
	if svc.Departments == nil {
		return nil, errors.New("refserver: Services.Departments is required")
	}
	s := &Server{
		cases: svc.Cases, hotline: svc.Hotline, ping: svc.Ping, log: cfg.Logger, now: cfg.Now,
		cal: svc.Calendar, calStore: svc.Store, maxMount: cfg.MaxMountBytes, notice: cfg.ConsoleNotice,
	}
	if s.cal == nil {
		s.cal = svc.Cases.Calendar()
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ping == nil {
		s.ping = func(context.Context) error { return nil }
	}
	s.registry = NewRegistry(svc.Store, svc.Departments.Check(), s.now)
	s.clock = apikit.Clock{Loc: s.cal.Location(), Now: s.now}
	mods := s.modules(svc)
	doc, err := mergeOpenAPI(openapiDoc, mods)
	if err != nil {
		return nil, err
	}
	s.openapi = doc
	s.routes = s.routeTable(mods)
	s.router = bunrouter.New(
		bunrouter.Use(s.requestMiddleware, s.logMiddleware, s.auditMiddleware, s.errorMiddleware),
		bunrouter.WithNotFoundHandler(s.noRoute),
		bunrouter.WithMethodNotAllowedHandler(s.methodNotAllowed),
	)
	for _, r := range s.routes {
		h := s.guard(r.Access, r.Handler)
		s.router.Handle(r.Method, r.Path, h)
		if r.Method == http.MethodGet {
			// HEAD is GET without the body (RFC 9110 §9.3.2), and bunrouter
			// routes it only where it is registered: the same handler
			// answers, and net/http drops what it writes after the header.
			// It stays out of s.routes, and so out of Routes, the OpenAPI
			// document and the Allow header.
			s.router.Handle(http.MethodHead, r.Path, h)
		}
	}
	if !cfg.NoConsole {
		c, err := s.newConsole(svc)
		if err != nil {
			return nil, err
		}
		s.console = c
		for _, r := range c.Routes() {
			s.router.Handle(r.Method, r.Path, r.Handler)
			if r.Method == http.MethodGet {
				s.router.Handle(http.MethodHead, r.Path, r.Handler)
			}
		}
	}
	return s, nil
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.router }

// Registry returns the rules of the department directory and tokens that
// the server uses.
func (s *Server) Registry() *Registry { return s.registry }

// Route is one endpoint: a method and a path in OpenAPI form
// ("/api/v1/cases/{number}").
type Route struct {
	Method string
	Path   string
}

// Routes lists every endpoint the handler serves, in registration order.
// HEAD, which every GET endpoint answers too, is not listed.
func (s *Server) Routes() []Route {
	out := make([]Route, len(s.routes))
	for i, r := range s.routes {
		out[i] = Route{Method: r.Method, Path: OpenAPIPath(r.Path)}
	}
	return out
}

// OpenAPIPath turns a bunrouter path ("/cases/:number") into OpenAPI form
// ("/cases/{number}").
func OpenAPIPath(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "*") {
			segs[i] = "{" + seg[1:] + "}"
		}
	}
	return strings.Join(segs, "/")
}

// allowedMethods returns the methods routed for path, comma-separated.
func (s *Server) allowedMethods(path string) string {
	want := strings.Split(path, "/")
	var methods []string
	for _, r := range s.routes {
		segs := strings.Split(r.Path, "/")
		if len(segs) != len(want) {
			continue
		}
		match := true
		for i, seg := range segs {
			if !strings.HasPrefix(seg, ":") && seg != want[i] {
				match = false
				break
			}
		}
		if match {
			methods = append(methods, r.Method)
		}
	}
	return strings.Join(methods, ", ")
}

// reqInfo travels in a request's context from the outermost middleware, so
// that the access log and the audit log can report what inner layers
// learned.
type reqInfo struct {
	id      string
	actor   string
	reason  string
	token   Token         // the authenticated token; zero until guard accepts one
	subject func() string // what the request changes, when a handler said (apikit.SetSubject)
}

type infoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	if v, ok := ctx.Value(infoKey{}).(*reqInfo); ok {
		return v
	}
	return &reqInfo{}
}

// RequestIDHeader carries the request ID. A client's own ID is kept when it
// is 1 to 128 characters of letters, digits and "-_.:"; otherwise the server
// makes one. Either way it is echoed in the response and in error bodies.
const RequestIDHeader = "X-Request-ID"

func validRequestID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)) {
			return false
		}
	}
	return true
}

func (s *Server) requestMiddleware(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		id := req.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = uuid.Must(uuid.NewV7()).String()
		}
		w.Header().Set(RequestIDHeader, id)
		ctx, subject := apikit.WithSubjectSlot(req.Context())
		ctx = context.WithValue(ctx, infoKey{}, &reqInfo{id: id, subject: subject})
		return next(w, req.WithContext(ctx))
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap returns the writer beneath, so that http.ResponseController
// reaches the connection (a mount pushes its read deadline back as its
// body arrives).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (s *Server) logMiddleware(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		err := next(rec, req)
		if !s.log.Enabled(req.Context(), slog.LevelInfo) {
			return err
		}
		info := infoFrom(req.Context())
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		attrs := []slog.Attr{
			slog.String("request_id", info.id), slog.String("method", req.Method),
			slog.String("path", req.URL.Path), slog.Int("status", status),
			slog.Int("bytes", rec.bytes),
			slog.Float64("latency_ms", float64(time.Since(start).Microseconds())/1000),
		}
		if info.actor != "" {
			attrs = append(attrs, slog.String("actor", info.actor))
		}
		s.log.LogAttrs(req.Context(), slog.LevelInfo, "request", attrs...)
		return err
	}
}

// errorMiddleware is the one place where a handler's error becomes a
// response.
func (s *Server) errorMiddleware(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, req, govops.Errorf(govops.EINTERNAL, "panic: %v", v))
			}
		}()
		err := next(w, req)
		if err == nil {
			return nil
		}
		s.writeError(w, req, err)
		return nil
	}
}
