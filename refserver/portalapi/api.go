// Package portalapi is the HTTP mapping of the supervision of the
// government websites and new media (portal, 政府网站与政务新媒体监管) in the
// reference server: its JSON shapes, handlers, routes and OpenAPI
// fragment. refserver assembles it.
//
// Sites and new-media accounts are named in a path by their code or ID,
// every other record by its ID. A crawl is a background job: POST
// /crawls answers 202 with the crawl and its Location, GET /crawls/{id}
// shows its progress, and POST /crawls/{id}/cancel stops it.
package portalapi

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// Config configures an API. The zero value is usable.
type Config struct {
	// Location is the zone the answers show times in, and in which a date
	// sent alone ("2026-03-01") is read; nil means Asia/Shanghai.
	Location *time.Location
	// Now is the clock that picks the year of counts asked for without
	// one, and the end of an availability period asked for without one;
	// nil means time.Now.
	Now func() time.Time
}

// API serves a portal.Service over HTTP.
type API struct {
	svc   *portal.Service
	clock apikit.Clock

	sites         apikit.Resource[*portal.Site]
	columns       apikit.Resource[*portal.Column]
	crawls        apikit.Resource[*portal.Crawl]
	findings      apikit.Resource[*portal.Finding]
	tasks         apikit.Resource[*portal.Task]
	consultations apikit.Resource[*portal.Consultation]
	accounts      apikit.Resource[*portal.Account]
	inspections   apikit.Resource[*portal.MediaInspection]
	posts         apikit.Resource[*portal.Post]
	probes        apikit.Resource[*portal.Probe]
}

// The paths the API serves under, and where created records are read.
const (
	base              = "/api/v1/portal"
	sitesPath         = base + "/sites/"
	columnsPath       = base + "/columns/"
	crawlsPath        = base + "/crawls/"
	tasksPath         = base + "/tasks/"
	consultationsPath = base + "/consultations/"
	accountsPath      = base + "/accounts/"
	inspectionsPath   = base + "/inspections/"
)

// New returns the API of svc.
func New(svc *portal.Service, cfg Config) *API {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	a := &API{svc: svc, clock: apikit.Clock{Loc: cfg.Location, Now: now}}
	a.sites = apikit.Resource[*portal.Site]{
		Out: func(v *portal.Site) any { return a.siteOut(v) }, Version: func(v *portal.Site) int64 { return v.Version },
		Ref: func(v *portal.Site) string { return v.Code }, Location: sitesPath,
	}
	a.columns = apikit.Resource[*portal.Column]{
		Out: func(v *portal.Column) any { return a.columnOut(v) }, Version: func(v *portal.Column) int64 { return v.Version },
		Ref: func(v *portal.Column) string { return v.ID.String() }, Location: columnsPath,
	}
	a.crawls = apikit.Resource[*portal.Crawl]{
		Out: func(v *portal.Crawl) any { return a.crawlOut(v) }, Version: func(v *portal.Crawl) int64 { return v.Version },
		Ref: func(v *portal.Crawl) string { return v.ID.String() }, Location: crawlsPath,
	}
	a.findings = apikit.Resource[*portal.Finding]{
		Out: func(v *portal.Finding) any { return a.findingOut(v) },
		Ref: func(v *portal.Finding) string { return v.ID.String() },
	}
	a.tasks = apikit.Resource[*portal.Task]{
		Out: func(v *portal.Task) any { return a.taskOut(v) }, Version: func(v *portal.Task) int64 { return v.Version },
		Ref: func(v *portal.Task) string { return v.ID.String() }, Location: tasksPath,
	}
	a.consultations = apikit.Resource[*portal.Consultation]{
		Out: func(v *portal.Consultation) any { return a.consultationOut(v) }, Version: func(v *portal.Consultation) int64 { return v.Version },
		Ref: func(v *portal.Consultation) string { return v.ID.String() }, Location: consultationsPath,
	}
	a.accounts = apikit.Resource[*portal.Account]{
		Out: func(v *portal.Account) any { return a.accountOut(v) }, Version: func(v *portal.Account) int64 { return v.Version },
		Ref: func(v *portal.Account) string { return v.Code }, Location: accountsPath,
	}
	a.inspections = apikit.Resource[*portal.MediaInspection]{
		Out: func(v *portal.MediaInspection) any { return a.inspectionOut(v) }, Version: func(v *portal.MediaInspection) int64 { return v.Version },
		Ref: func(v *portal.MediaInspection) string { return v.ID.String() }, Location: inspectionsPath,
	}
	a.posts = apikit.Resource[*portal.Post]{Out: func(v *portal.Post) any { return a.postOut(v) }}
	a.probes = apikit.Resource[*portal.Probe]{Out: func(v *portal.Probe) any { return a.probeOut(v) }}
	return a
}

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the portal endpoints. The center (admin) writes every
// record. Every token reads the sites, columns, posts, probes and
// availability (public content), and the findings, tasks, consultations,
// accounts, inspections and the evaluation, a department only its own
// unit's (another's is 404), which the Service decides with the same
// actor. A department records posts of its own, marks its own tasks fixed
// and answers its own consultations. Crawls are the center's tokens'
// (admin and viewer): a department token gets 403 for them.
func (a *API) Routes() []apikit.Route {
	const (
		get, post, put        = http.MethodGet, http.MethodPost, http.MethodPut
		anyone, center, admin = apikit.AnyRole, apikit.CenterRole, apikit.AdminRole
		st                    = base + "/sites/:code"
		co                    = base + "/columns/:id"
		cr                    = base + "/crawls/:id"
		tk                    = base + "/tasks/:id"
		cs                    = base + "/consultations/:id"
		ac                    = base + "/accounts/:code"
		in                    = base + "/inspections/:id"
	)
	return []apikit.Route{
		{Method: get, Path: base + "/sites", Access: anyone, Handler: apikit.Page(listed(a.sites), siteList, a.svc.Sites)},
		{Method: post, Path: base + "/sites", Access: admin, Handler: apikit.Create(a.sites, a.createSite)},
		{Method: get, Path: st, Access: anyone, Handler: apikit.Get(a.sites, "code", a.svc.Site)},
		{Method: put, Path: st, Access: admin, Handler: apikit.Action(a.sites, "code", false, a.updateSite)},
		{Method: get, Path: st + "/events", Access: anyone, Handler: apikit.Events(a.clock, "code", trail[portal.SiteStatus](a.svc.SiteTrail))},
		{Method: post, Path: st + "/posts", Access: anyone, Handler: a.recordPosts},
		{Method: post, Path: st + "/posts/import", Access: anyone, Handler: a.importPosts},
		{Method: post, Path: st + "/probe", Access: admin, Handler: a.probeSite},
		{Method: get, Path: st + "/availability", Access: anyone, Handler: a.availability},
		{Method: post, Path: st + "/urge-updates", Access: admin, Handler: a.urgeUpdates},
		{Method: post, Path: st + "/urge-consultations", Access: admin, Handler: a.urgeConsultations},

		{Method: get, Path: base + "/columns", Access: anyone, Handler: apikit.Page(listed(a.columns), a.columnList, a.svc.Columns)},
		{Method: post, Path: base + "/columns", Access: admin, Handler: apikit.Create(a.columns, a.addColumn)},
		{Method: get, Path: co, Access: anyone, Handler: apikit.Get(a.columns, "id", byID(a.svc.Column))},
		{Method: put, Path: co, Access: admin, Handler: apikit.Action(a.columns, "id", false, actByID(a.updateColumn))},
		{Method: post, Path: co + "/updates", Access: admin, Handler: apikit.Action(a.columns, "id", true, actByID(a.recordUpdate))},
		{Method: post, Path: co + "/feed", Access: anyone, Handler: a.recordFeed},
		{Method: get, Path: co + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[none](byID(a.svc.ColumnTrail)))},

		{Method: get, Path: base + "/posts", Access: anyone, Handler: apikit.Page(listed(a.posts), a.postList, a.svc.Posts)},
		{Method: get, Path: base + "/post-counts", Access: anyone, Handler: a.postCounts},

		{Method: get, Path: base + "/probes", Access: anyone, Handler: apikit.Page(listed(a.probes), a.probeList, a.svc.Probes)},
		{Method: post, Path: base + "/probes", Access: admin, Handler: a.probeSites},

		{Method: get, Path: base + "/crawls", Access: center, Handler: apikit.Page(listed(a.crawls), crawlList, a.svc.Crawls)},
		{Method: post, Path: base + "/crawls", Access: admin, Handler: a.startCrawl},
		{Method: post, Path: base + "/crawls/reap", Access: admin, Handler: a.reapCrawls},
		{Method: get, Path: cr, Access: center, Handler: apikit.Get(a.crawls, "id", byID(a.svc.Crawl))},
		{Method: post, Path: cr + "/cancel", Access: admin, Handler: apikit.Action(a.crawls, "id", true, actByID(a.cancelCrawl))},
		{Method: post, Path: cr + "/raise", Access: admin, Handler: a.raiseTasks},

		{Method: get, Path: base + "/findings", Access: anyone, Handler: apikit.Page(listed(a.findings), findingList, a.svc.Findings)},
		{Method: get, Path: base + "/findings/:id", Access: anyone, Handler: apikit.Get(a.findings, "id", byID(a.svc.Finding))},

		{Method: get, Path: base + "/tasks", Access: anyone, Handler: apikit.Page(listed(a.tasks), taskList, a.svc.Tasks)},
		{Method: post, Path: base + "/tasks", Access: admin, Handler: apikit.Create(a.tasks, a.openTask)},
		{Method: get, Path: tk, Access: anyone, Handler: apikit.Get(a.tasks, "id", byID(a.svc.Task))},
		{Method: post, Path: tk + "/dispatch", Access: admin, Handler: apikit.Action(a.tasks, "id", true, actByID(a.dispatch))},
		{Method: post, Path: tk + "/fix", Access: anyone, Handler: apikit.Action(a.tasks, "id", false, actByID(a.markFixed))},
		{Method: post, Path: tk + "/recheck", Access: admin, Handler: apikit.Action(a.tasks, "id", true, actByID(a.recheck))},
		{Method: post, Path: tk + "/dismiss", Access: admin, Handler: apikit.Action(a.tasks, "id", false, actByID(a.dismiss))},
		{Method: get, Path: tk + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[portal.TaskStatus](byID(a.svc.TaskTrail)))},
		{Method: get, Path: base + "/task-counts", Access: anyone, Handler: a.taskCounts},

		{Method: get, Path: base + "/consultations", Access: anyone, Handler: apikit.Page(listed(a.consultations), consultationList, a.svc.Consultations)},
		{Method: post, Path: base + "/consultations", Access: admin, Handler: apikit.Create(a.consultations, a.recordConsultation)},
		{Method: get, Path: cs, Access: anyone, Handler: apikit.Get(a.consultations, "id", byID(a.svc.Consultation))},
		{Method: post, Path: cs + "/answer", Access: anyone, Handler: apikit.Action(a.consultations, "id", false, actByID(a.answer))},
		{Method: get, Path: cs + "/events", Access: anyone, Handler: apikit.Events(a.clock, "id", trail[none](byID(a.svc.ConsultationTrail)))},

		{Method: get, Path: base + "/accounts", Access: anyone, Handler: apikit.Page(listed(a.accounts), accountList, a.svc.Accounts)},
		{Method: post, Path: base + "/accounts", Access: admin, Handler: apikit.Create(a.accounts, a.createAccount)},
		{Method: get, Path: ac, Access: anyone, Handler: apikit.Get(a.accounts, "code", a.svc.Account)},
		{Method: put, Path: ac, Access: admin, Handler: apikit.Action(a.accounts, "code", false, a.updateAccount)},
		{Method: get, Path: ac + "/events", Access: anyone, Handler: apikit.Events(a.clock, "code", trail[portal.AccountStatus](a.svc.AccountTrail))},

		{Method: get, Path: base + "/inspections", Access: anyone, Handler: apikit.Page(listed(a.inspections), a.inspectionList, a.svc.MediaInspections)},
		{Method: post, Path: base + "/inspections", Access: admin, Handler: apikit.Create(a.inspections, a.inspectAccount)},
		{Method: get, Path: in, Access: anyone, Handler: apikit.Get(a.inspections, "id", byID(a.svc.MediaInspection))},
		{Method: put, Path: in, Access: admin, Handler: apikit.Action(a.inspections, "id", false, actByID(a.updateInspection))},
		{Method: get, Path: base + "/uninspected", Access: anyone, Handler: a.uninspected},

		{Method: get, Path: base + "/evaluation", Access: anyone, Handler: a.evaluate},
	}
}

// listed is r for the items of a listing, which the Service pages as
// values.
func listed[T any](r apikit.Resource[*T]) apikit.Resource[T] {
	return apikit.Resource[T]{Out: func(v T) any { return r.Out(&v) }}
}
