// Package caseapi is the HTTP mapping of the command-platform cases
// (govcase, 综合指挥平台) in the reference server: their JSON shapes,
// handlers, routes and OpenAPI fragment. refserver assembles it; an
// embedder may mount its routes in a server of its own.
package caseapi

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// API serves a govcase.Service over HTTP.
type API struct {
	svc   *govcase.Service
	clock apikit.Clock
	kinds map[govcase.Kind]string
	cases apikit.Resource[*govcase.Case]
}

// New returns the API of svc. now is the clock of the "overdue" flag (nil
// for time.Now); times are shown in the zone of svc's calendar.
func New(svc *govcase.Service, now func() time.Time) *API {
	if now == nil {
		now = time.Now
	}
	a := &API{svc: svc, clock: apikit.Clock{Loc: svc.Calendar().Location(), Now: now}, kinds: map[govcase.Kind]string{}}
	for _, k := range svc.Kinds() {
		a.kinds[k.Code] = k.Label
	}
	a.cases = apikit.Resource[*govcase.Case]{
		Out:      func(c *govcase.Case) any { return a.caseOut(c) },
		Version:  func(c *govcase.Case) int64 { return c.Version },
		Ref:      func(c *govcase.Case) string { return c.Number },
		Location: "/api/v1/cases/",
	}
	return a
}

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the case endpoints. Any valid token may call the case
// endpoints (the Service scopes a department to its own cases); routing
// rules are read by the center and written by admins.
func (a *API) Routes() []apikit.Route {
	note := func(b *noteJSON) string { return b.Note }
	reason := func(b *reasonJSON) string { return b.Reason }
	reply := func(b *replyJSON) string { return b.Reply }
	const c = "/api/v1/cases/:number"
	return []apikit.Route{
		{Method: http.MethodPost, Path: "/api/v1/cases", Access: apikit.AnyRole, Handler: apikit.Create(a.cases, a.register)},
		{Method: http.MethodGet, Path: "/api/v1/cases", Access: apikit.AnyRole, Handler: apikit.Page(a.cases, a.listInput, a.svc.List)},
		{Method: http.MethodGet, Path: c, Access: apikit.AnyRole, Handler: apikit.Get(a.cases, "number", a.svc.Get)},
		{Method: http.MethodGet, Path: c + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "number", a.svc.Events)},
		{Method: http.MethodPost, Path: c + "/dispatch", Access: apikit.AnyRole, Handler: action(a, false, "note", func(b *dispatchJSON) string { return b.Note }, a.dispatch)},
		{Method: http.MethodPost, Path: c + "/accept", Access: apikit.AnyRole, Handler: action(a, true, "note", note, noteOnly[noteJSON](a.svc.Accept))},
		{Method: http.MethodPost, Path: c + "/return", Access: apikit.AnyRole, Handler: action(a, false, "reason", reason, noteOnly[reasonJSON](a.svc.Return))},
		{Method: http.MethodPost, Path: c + "/extension", Access: apikit.AnyRole, Handler: action(a, false, "reason", func(b *extensionJSON) string { return b.Reason }, a.requestExtension)},
		{Method: http.MethodPost, Path: c + "/extension/decision", Access: apikit.AnyRole, Handler: action(a, false, "reason", func(b *extensionDecisionJSON) string { return b.Reason }, a.decideExtension)},
		{Method: http.MethodPost, Path: c + "/urge", Access: apikit.AnyRole, Handler: action(a, true, "note", note, noteOnly[noteJSON](a.svc.Urge))},
		{Method: http.MethodPost, Path: c + "/reply", Access: apikit.AnyRole, Handler: action(a, false, "reply", reply, noteOnly[replyJSON](a.svc.Reply))},
		{Method: http.MethodPost, Path: c + "/close", Access: apikit.AnyRole, Handler: action(a, true, "note", note, noteOnly[noteJSON](a.svc.Close))},
		{Method: http.MethodPost, Path: c + "/reopen", Access: apikit.AnyRole, Handler: action(a, false, "reason", reason, noteOnly[reasonJSON](a.svc.Reopen))},
		{Method: http.MethodPost, Path: c + "/cancel", Access: apikit.AnyRole, Handler: action(a, false, "reason", reason, noteOnly[reasonJSON](a.svc.Cancel))},
		{Method: http.MethodPost, Path: c + "/comment", Access: apikit.AnyRole, Handler: action(a, false, "note", note, noteOnly[noteJSON](a.svc.Comment))},

		{Method: http.MethodGet, Path: "/api/v1/stats/cases", Access: apikit.AnyRole, Handler: a.stats},

		{Method: http.MethodGet, Path: "/api/v1/routing-rules", Access: apikit.CenterRole, Handler: apikit.Read(a.svc.RoutingRules, a.ruleList)},
		{Method: http.MethodPost, Path: "/api/v1/routing-rules", Access: apikit.AdminRole, Handler: apikit.Create(a.rules(), a.createRoutingRule)},
		{Method: http.MethodGet, Path: "/api/v1/routing-rules/suggest", Access: apikit.CenterRole, Handler: a.suggestDepartment},
		{Method: http.MethodDelete, Path: "/api/v1/routing-rules/:id", Access: apikit.AdminRole, Handler: a.deleteRoutingRule},
	}
}
