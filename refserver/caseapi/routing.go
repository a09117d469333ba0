package caseapi

import (
	"context"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The routing rules (任务下发规则) that suggest where a case should go.

func (a *API) rules() apikit.Resource[govcase.RoutingRule] {
	return apikit.Resource[govcase.RoutingRule]{
		Out: func(r govcase.RoutingRule) any { return a.ruleOut(r) },
		Ref: func(r govcase.RoutingRule) string { return r.ID.String() },
	}
}

// ruleList is the shape of the routing rules, in the order they are tried.
func (a *API) ruleList(rules []govcase.RoutingRule) any {
	out := struct {
		Items []routingRuleJSON `json:"items"`
	}{Items: make([]routingRuleJSON, len(rules))}
	for i, r := range rules {
		out.Items[i] = a.ruleOut(r)
	}
	return out
}

func (a *API) createRoutingRule(ctx context.Context, by govops.Actor, in *routingRuleCreateJSON) (govcase.RoutingRule, error) {
	return a.svc.CreateRoutingRule(ctx, by, govcase.RoutingRuleInput{
		Kind: govcase.Kind(in.Kind), Category: govcase.Category(in.Category),
		Keywords: in.Keywords, Department: in.Department, Priority: in.Priority,
	})
}

func (a *API) deleteRoutingRule(w http.ResponseWriter, req bunrouter.Request) error {
	id, err := apikit.PathID(req)
	if err != nil {
		return err
	}
	if err := a.svc.DeleteRoutingRule(req.Context(), apikit.Actor(req.Context()), id.String()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) suggestDepartment(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	ref := q.One("case")
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	by := apikit.Actor(ctx)
	c, err := a.svc.Get(ctx, by, ref)
	if err != nil {
		return apikit.RenameField(err, "number", "case") // the case is named by the parameter case here
	}
	dept, rule, ok, err := a.svc.SuggestDepartment(ctx, by, c)
	if err != nil {
		return err
	}
	out := suggestionJSON{Case: c.Number, Matched: ok}
	if ok {
		r := a.ruleOut(rule)
		out.Department, out.Rule = dept, &r
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}
