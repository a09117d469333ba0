// Package hotlineapi is the HTTP mapping of the 12345 hotline assessment
// (hotline, 政府热线考核) in the reference server: its JSON shapes,
// handlers, routes and OpenAPI fragment. refserver assembles it when it
// runs a hotline Service.
package hotlineapi

import (
	_ "embed"
	"net/http"
	"time"

	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// API serves a hotline.Service over HTTP.
type API struct {
	svc   *hotline.Service
	clock apikit.Clock
}

// New returns the API of svc. Times are shown in loc, the zone of the
// calendar the Service counts on (nil means Asia/Shanghai).
func New(svc *hotline.Service, loc *time.Location) *API {
	return &API{svc: svc, clock: apikit.Clock{Loc: loc}}
}

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the hotline endpoints. Writes are admin-only except the
// appeal, which only the department a deduction is against may file (the
// Service decides); a dept token reads only its own department's records
// and assessment rows (plus the district totals).
func (a *API) Routes() []apikit.Route {
	const h = "/api/v1/hotline"
	return []apikit.Route{
		{Method: http.MethodPost, Path: h + "/callbacks", Access: apikit.AdminRole, Handler: apikit.Create(a.callbacks(), a.createCallback)},
		{Method: http.MethodGet, Path: h + "/callbacks", Access: apikit.AnyRole, Handler: apikit.Page(a.callbacks(), callbackFilter, a.svc.ListCallbacks)},
		{Method: http.MethodPost, Path: h + "/callbacks/import", Access: apikit.AdminRole, Handler: apikit.Import(a.svc.ImportCallbacksCSV)},
		{Method: http.MethodGet, Path: h + "/callbacks/:id", Access: apikit.AnyRole, Handler: apikit.Get(a.callbacks(), "id", a.getCallback)},

		{Method: http.MethodGet, Path: h + "/outcomes", Access: apikit.AnyRole, Handler: apikit.Page(a.outcomes(), outcomeFilter, a.svc.ListOutcomes)},
		{Method: http.MethodPost, Path: h + "/outcomes/import", Access: apikit.AdminRole, Handler: apikit.Import(a.svc.ImportOutcomesCSV)},
		{Method: http.MethodGet, Path: h + "/outcomes/:number", Access: apikit.AnyRole, Handler: apikit.Get(a.outcomes(), "number", a.getOutcome)},

		{Method: http.MethodGet, Path: h + "/schemes", Access: apikit.AnyRole, Handler: apikit.Read(a.svc.ListSchemes, a.schemeList)},
		{Method: http.MethodPost, Path: h + "/schemes", Access: apikit.AdminRole, Handler: a.createScheme},
		{Method: http.MethodGet, Path: h + "/schemes/in-force", Access: apikit.AnyRole, Handler: a.schemeInForce},

		{Method: http.MethodPost, Path: h + "/deductions", Access: apikit.AdminRole, Handler: a.createDeduction},
		{Method: http.MethodGet, Path: h + "/deductions", Access: apikit.AnyRole, Handler: a.listDeductions},
		{Method: http.MethodGet, Path: h + "/deductions/:id", Access: apikit.AnyRole, Handler: a.getDeduction},
		{Method: http.MethodPost, Path: h + "/deductions/:id/appeal", Access: apikit.AnyRole, Handler: a.appealDeduction},
		{Method: http.MethodPost, Path: h + "/deductions/:id/decision", Access: apikit.AdminRole, Handler: a.decideDeduction},

		{Method: http.MethodGet, Path: h + "/assessments/ytd", Access: apikit.AnyRole, Handler: a.yearToDate},
		{Method: http.MethodGet, Path: h + "/assessments/:month", Access: apikit.AnyRole, Handler: a.monthlyAssessment},

		{Method: http.MethodPost, Path: h + "/peers/import", Access: apikit.AdminRole, Handler: apikit.Import(a.svc.ImportPeerResultsCSV)},
		{Method: http.MethodGet, Path: h + "/peers/ranking", Access: apikit.AnyRole, Handler: a.peerRanking},
	}
}
