package refserver

import (
	"net/http"

	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/caseapi"
	"github.com/govops-kit/govops/refserver/datashareapi"
	"github.com/govops-kit/govops/refserver/directoryapi"
	"github.com/govops-kit/govops/refserver/hotlineapi"
	"github.com/govops-kit/govops/refserver/licenseapi"
	"github.com/govops-kit/govops/refserver/netopsapi"
	"github.com/govops-kit/govops/refserver/portalapi"
	"github.com/govops-kit/govops/refserver/reportapi"
	"github.com/govops-kit/govops/refserver/securityapi"
)

// modules are the domains the server maps to HTTP, one line each: a
// domain's package under refserver declares its routes and their OpenAPI
// fragment, and the server adds authentication, the audit log and error
// mapping to every one of them.
func (s *Server) modules(svc Services) []apikit.Module {
	mods := []apikit.Module{
		directoryapi.New(svc.Departments, s.cal.Location()),
		caseapi.New(svc.Cases, s.now),
	}
	if svc.Hotline != nil {
		mods = append(mods, hotlineapi.New(svc.Hotline, s.cal.Location()))
	}
	if svc.Licenses != nil {
		mods = append(mods, licenseapi.New(svc.Licenses, s.cal.Location()))
	}
	if svc.Data != nil {
		mods = append(mods, datashareapi.New(svc.Data, datashareapi.Config{Location: s.cal.Location(), MaxMountBytes: s.maxMount}))
	}
	if svc.Netops != nil {
		mods = append(mods, netopsapi.New(svc.Netops, netopsapi.Config{Location: s.cal.Location(), Now: s.now}))
	}
	if svc.Security != nil {
		mods = append(mods, securityapi.New(svc.Security, securityapi.Config{Location: s.cal.Location(), Now: s.now}))
	}
	if svc.Portal != nil {
		mods = append(mods, portalapi.New(svc.Portal, portalapi.Config{Location: s.cal.Location(), Now: s.now}))
	}
	if svc.Hotline != nil && svc.Licenses != nil && svc.Data != nil && svc.Netops != nil && svc.Security != nil && svc.Portal != nil {
		// The annual report reads every domain: it is served only with
		// all of them, and answers 404 otherwise, like a missing domain.
		mods = append(mods, reportapi.New(svc.Annual()))
	}
	return append(mods, svc.Modules...)
}

// routeTable is the server's own endpoints (health, the OpenAPI document,
// the directory, tokens, the audit log, the process's runtime state and
// the calendar) followed by every module's: the only place where
// endpoints are registered. The OpenAPI document must list exactly these
// (a test checks both directions).
func (s *Server) routeTable(mods []apikit.Module) []apikit.Route {
	rs := []apikit.Route{
		{Method: http.MethodGet, Path: "/healthz", Access: apikit.Public, Handler: s.healthz},
		{Method: http.MethodGet, Path: "/readyz", Access: apikit.Public, Handler: s.readyz},
		{Method: http.MethodGet, Path: "/api/v1/openapi.json", Access: apikit.Public, Handler: s.serveOpenAPI},

		{Method: http.MethodGet, Path: "/api/v1/tokens", Access: apikit.AdminRole, Handler: s.listTokens},
		{Method: http.MethodPost, Path: "/api/v1/tokens", Access: apikit.AdminRole, Handler: s.createToken},
		{Method: http.MethodDelete, Path: "/api/v1/tokens/:id", Access: apikit.AdminRole, Handler: s.revokeToken},

		{Method: http.MethodGet, Path: "/api/v1/audit", Access: apikit.AdminRole, Handler: s.listAudit},
		{Method: http.MethodGet, Path: "/api/v1/admin/runtime", Access: apikit.AdminRole, Handler: s.runtimeStats},

		{Method: http.MethodGet, Path: "/api/v1/calendar", Access: apikit.AnyRole, Handler: s.getCalendar},
		{Method: http.MethodGet, Path: "/api/v1/calendar/tables/:kind/:year", Access: apikit.AnyRole, Handler: s.getCalendarTable},
		{Method: http.MethodPut, Path: "/api/v1/calendar/tables/:kind/:year", Access: apikit.AdminRole, Handler: s.putCalendarTable},
		{Method: http.MethodDelete, Path: "/api/v1/calendar/tables/:kind/:year", Access: apikit.AdminRole, Handler: s.deleteCalendarTable},
	}
	for _, m := range mods {
		rs = append(rs, m.Routes()...)
	}
	return rs
}
