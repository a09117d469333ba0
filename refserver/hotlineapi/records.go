package hotlineapi

import (
	"context"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The hotline records: callbacks (回访), case outcomes (办理情况) and the
// city's published district results (城区成绩), with their CSV imports.

func (a *API) callbacks() apikit.Resource[hotline.Callback] {
	return apikit.Resource[hotline.Callback]{
		Out:      func(c hotline.Callback) any { return a.callbackOut(c) },
		Ref:      func(c hotline.Callback) string { return c.ID.String() },
		Location: "/api/v1/hotline/callbacks/",
	}
}

func (a *API) outcomes() apikit.Resource[hotline.Outcome] {
	return apikit.Resource[hotline.Outcome]{
		Out:     func(o hotline.Outcome) any { return a.outcomeOut(o) },
		Version: func(o hotline.Outcome) int64 { return o.Version },
		Ref:     func(o hotline.Outcome) string { return o.CaseNumber },
	}
}

func (a *API) createCallback(ctx context.Context, by govops.Actor, in *callbackCreateJSON) (hotline.Callback, error) {
	var p govops.Problems
	ci := hotline.CallbackInput{CaseNumber: in.CaseNumber, Department: in.Department,
		Result: hotline.Result(in.Result), Note: in.Note}
	if in.Month != "" {
		m, err := parseMonth("month", in.Month)
		if err != nil {
			p.Add("month", monthRule)
		}
		ci.Month = m
	}
	ci.CalledAt = apikit.ParseTime(&p, "called_at", in.CalledAt, false)
	if err := p.Err(); err != nil {
		return hotline.Callback{}, err
	}
	c, err := a.svc.RecordCallback(ctx, by, ci)
	if err != nil {
		return hotline.Callback{}, err
	}
	return *c, nil
}

func callbackFilter(q *apikit.Query) hotline.CallbackFilter {
	return hotline.CallbackFilter{
		Month: month(q, "month"), Department: q.One("department"), CaseNumber: q.One("case_number"),
		Result: hotline.Result(q.One("result")), Cursor: q.One("cursor"), Limit: q.PageLimit(),
	}
}

// getCallback reads a callback by its ID, the only reference a callback
// has.
func (a *API) getCallback(ctx context.Context, by govops.Actor, ref string) (hotline.Callback, error) {
	if _, err := apikit.ParseID(ref); err != nil {
		return hotline.Callback{}, err
	}
	c, err := a.svc.GetCallback(ctx, by, ref)
	if err != nil {
		return hotline.Callback{}, err
	}
	return *c, nil
}

func outcomeFilter(q *apikit.Query) hotline.OutcomeFilter {
	return hotline.OutcomeFilter{Month: month(q, "month"), Department: q.One("department"),
		Cursor: q.One("cursor"), Limit: q.PageLimit()}
}

// getOutcome reads the outcome of the case number of the path.
func (a *API) getOutcome(ctx context.Context, by govops.Actor, number string) (hotline.Outcome, error) {
	o, err := a.svc.GetOutcome(ctx, by, number)
	if err != nil {
		return hotline.Outcome{}, apikit.RenameField(err, "case_number", "number")
	}
	return *o, nil
}

func (a *API) peerRanking(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	v := q.One("period")
	if err := q.Err(); err != nil {
		return err
	}
	if v == "" {
		return govops.FieldError("period", "is required: a year (2022) or a month (2022-08)")
	}
	p, err := hotline.ParsePeriod(v)
	if err != nil || !(len(v) == 4 || len(v) == 7 && v[4] == '-') {
		return govops.FieldError("period", "must be a year (2022) or a month (2022-08)")
	}
	r, err := a.svc.PeerRanking(req.Context(), apikit.Actor(req.Context()), p)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, rankingOut(r))
}
