package refserver

import (
	"context"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

// route is one row of the route table: the only place where endpoints are
// registered. The OpenAPI document must list exactly these (a test checks
// both directions).
type route struct {
	method  string
	path    string // bunrouter syntax
	access  access
	handler bunrouter.HandlerFunc
}

func (s *Server) routeTable() []route {
	note := func(b *noteJSON) string { return b.Note }
	reason := func(b *reasonJSON) string { return b.Reason }
	reply := func(b *replyJSON) string { return b.Reply }
	const c = "/api/v1/cases/:number"
	rs := []route{
		{http.MethodGet, "/healthz", public, s.healthz},
		{http.MethodGet, "/readyz", public, s.readyz},
		{http.MethodGet, "/api/v1/openapi.json", public, s.openapi},

		{http.MethodPost, "/api/v1/cases", anyRole, s.createCase},
		{http.MethodGet, "/api/v1/cases", anyRole, s.listCases},
		{http.MethodGet, c, anyRole, s.getCase},
		{http.MethodGet, c + "/events", anyRole, s.caseEvents},
		{http.MethodPost, c + "/dispatch", anyRole, action(s, false, "note", func(b *dispatchJSON) string { return b.Note }, s.dispatch)},
		{http.MethodPost, c + "/accept", anyRole, action(s, true, "note", note, noteOnly[noteJSON](s.cases.Accept))},
		{http.MethodPost, c + "/return", anyRole, action(s, false, "reason", reason, noteOnly[reasonJSON](s.cases.Return))},
		{http.MethodPost, c + "/extension", anyRole, action(s, false, "reason", func(b *extensionJSON) string { return b.Reason }, s.requestExtension)},
		{http.MethodPost, c + "/extension/decision", anyRole, action(s, false, "reason", func(b *extensionDecisionJSON) string { return b.Reason }, s.decideExtension)},
		{http.MethodPost, c + "/urge", anyRole, action(s, true, "note", note, noteOnly[noteJSON](s.cases.Urge))},
		{http.MethodPost, c + "/reply", anyRole, action(s, false, "reply", reply, noteOnly[replyJSON](s.cases.Reply))},
		{http.MethodPost, c + "/close", anyRole, action(s, true, "note", note, noteOnly[noteJSON](s.cases.Close))},
		{http.MethodPost, c + "/reopen", anyRole, action(s, false, "reason", reason, noteOnly[reasonJSON](s.cases.Reopen))},
		{http.MethodPost, c + "/cancel", anyRole, action(s, false, "reason", reason, noteOnly[reasonJSON](s.cases.Cancel))},
		{http.MethodPost, c + "/comment", anyRole, action(s, false, "note", note, noteOnly[noteJSON](s.cases.Comment))},

		{http.MethodGet, "/api/v1/stats/cases", anyRole, s.caseStats},

		{http.MethodGet, "/api/v1/routing-rules", centerRole, s.listRoutingRules},
		{http.MethodPost, "/api/v1/routing-rules", adminRole, s.createRoutingRule},
		{http.MethodGet, "/api/v1/routing-rules/suggest", centerRole, s.suggestDepartment},
		{http.MethodDelete, "/api/v1/routing-rules/:id", adminRole, s.deleteRoutingRule},

		{http.MethodGet, "/api/v1/departments", anyRole, s.listDepartments},
		{http.MethodPost, "/api/v1/departments", adminRole, s.createDepartment},
		{http.MethodGet, "/api/v1/departments/:code", anyRole, s.getDepartment},

		{http.MethodGet, "/api/v1/tokens", adminRole, s.listTokens},
		{http.MethodPost, "/api/v1/tokens", adminRole, s.createToken},
		{http.MethodDelete, "/api/v1/tokens/:id", adminRole, s.revokeToken},

		{http.MethodGet, "/api/v1/audit", adminRole, s.listAudit},

		{http.MethodGet, "/api/v1/calendar", anyRole, s.getCalendar},
		{http.MethodGet, "/api/v1/calendar/tables/:kind/:year", anyRole, s.getCalendarTable},
		{http.MethodPut, "/api/v1/calendar/tables/:kind/:year", adminRole, s.putCalendarTable},
		{http.MethodDelete, "/api/v1/calendar/tables/:kind/:year", adminRole, s.deleteCalendarTable},
	}
	return append(rs, s.hotlineRoutes()...)
}

// noteOnly adapts a lifecycle action whose body carries nothing but its
// note (a body of type T, which action has already read the note from).
func noteOnly[T any](fn func(context.Context, govops.Actor, string, govcase.ActionInput) (*govcase.Case, error)) caseAction[T] {
	return func(ctx context.Context, by govops.Actor, ref string, ai govcase.ActionInput, _ *T) (*govcase.Case, error) {
		return fn(ctx, by, ref, ai)
	}
}

// hotlineRoutes are the 12345 hotline assessment's endpoints. Writes are
// admin-only except the appeal, which only the department a deduction is
// against may file; a dept token reads only its own department's records
// and assessment rows (plus the district totals).
func (s *Server) hotlineRoutes() []route {
	const h = "/api/v1/hotline"
	rs := []route{
		{http.MethodPost, h + "/callbacks", adminRole, s.createCallback},
		{http.MethodGet, h + "/callbacks", anyRole, s.listCallbacks},
		{http.MethodPost, h + "/callbacks/import", adminRole, s.importCallbacks},
		{http.MethodGet, h + "/callbacks/:id", anyRole, s.getCallback},

		{http.MethodGet, h + "/outcomes", anyRole, s.listOutcomes},
		{http.MethodPost, h + "/outcomes/import", adminRole, s.importOutcomes},
		{http.MethodGet, h + "/outcomes/:number", anyRole, s.getOutcome},

		{http.MethodGet, h + "/schemes", anyRole, s.listSchemes},
		{http.MethodPost, h + "/schemes", adminRole, s.createScheme},
		{http.MethodGet, h + "/schemes/in-force", anyRole, s.schemeInForce},

		{http.MethodPost, h + "/deductions", adminRole, s.createDeduction},
		{http.MethodGet, h + "/deductions", anyRole, s.listDeductions},
		{http.MethodGet, h + "/deductions/:id", anyRole, s.getDeduction},
		{http.MethodPost, h + "/deductions/:id/appeal", anyRole, s.appealDeduction},
		{http.MethodPost, h + "/deductions/:id/decision", adminRole, s.decideDeduction},

		{http.MethodGet, h + "/assessments/ytd", anyRole, s.yearToDate},
		{http.MethodGet, h + "/assessments/:month", anyRole, s.monthlyAssessment},

		{http.MethodPost, h + "/peers/import", adminRole, s.importPeers},
		{http.MethodGet, h + "/peers/ranking", anyRole, s.peerRanking},
	}
	for i := range rs {
		rs[i].handler = s.hotlineOn(rs[i].handler)
	}
	return rs
}
