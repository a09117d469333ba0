package hotlineapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/refserver/apikit"
)

// The hotline scoring: scheme versions (考核办法), deductions (扣分) with
// their appeals (申请复核), and the monthly and year-to-date assessments.

// schemeList is the shape of every scheme version.
func (a *API) schemeList(scs []hotline.Scheme) any {
	out := schemeListJSON{Items: make([]schemeJSON, len(scs))}
	for i := range scs {
		out.Items[i] = a.schemeOut(&scs[i])
	}
	return out
}

func (a *API) schemeInForce(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	m := month(q, "month")
	if err := q.Err(); err != nil {
		return err
	}
	if m.IsZero() {
		return govops.FieldError("month", "is required: the month whose scheme you want, e.g. 2022-08")
	}
	sc, err := a.svc.SchemeFor(req.Context(), apikit.Actor(req.Context()), m)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.schemeOut(sc))
}

// schemeIn turns the request body into a scheme, naming every decimal or
// month that does not parse by its path ("indicators[0].bands[1].from").
// The Service checks everything else.
func schemeIn(in *schemeCreateJSON) (hotline.Scheme, error) {
	var p govops.Problems
	sc := hotline.Scheme{Name: in.Name, NotApplicable: hotline.NotApplicableScoring(in.NotApplicable),
		Satisfaction: hotline.SatisfactionRule{CountUnreachable: in.Satisfaction.CountUnreachable}}
	if in.EffectiveFrom != "" {
		m, err := parseMonth("effective_from", in.EffectiveFrom)
		if err != nil {
			p.Add("effective_from", monthRule)
		}
		sc.EffectiveFrom = m
	}
	sc.Base = apikit.ParseDecimal(&p, "base", in.Base, true)
	for i, ir := range in.Indicators {
		f := fmt.Sprintf("indicators[%d]", i)
		rule := hotline.IndicatorRule{Indicator: hotline.Indicator(ir.Indicator),
			Weight: apikit.ParseDecimal(&p, f+".weight", ir.Weight, false)}
		for j, b := range ir.Bands {
			bf := fmt.Sprintf("%s.bands[%d]", f, j)
			rule.Bands = append(rule.Bands, hotline.Band{
				From: apikit.ParseDecimal(&p, bf+".from", b.From, false), To: apikit.ParseDecimal(&p, bf+".to", b.To, false),
				AtFrom: apikit.ParseDecimal(&p, bf+".at_from", b.AtFrom, false), AtTo: apikit.ParseDecimal(&p, bf+".at_to", b.AtTo, false),
			})
		}
		sc.Indicators = append(sc.Indicators, rule)
	}
	for _, l := range in.Satisfaction.Levels {
		sc.Satisfaction.Levels = append(sc.Satisfaction.Levels, hotline.Result(l))
	}
	for i, r := range in.DeductionRules {
		sc.DeductionRules = append(sc.DeductionRules, hotline.DeductionRule{Code: r.Code, Label: r.Label,
			Points: apikit.ParseDecimal(&p, fmt.Sprintf("deduction_rules[%d].points", i), r.Points, false)})
	}
	return sc, p.Err()
}

func (a *API) createScheme(w http.ResponseWriter, req bunrouter.Request) error {
	var in schemeCreateJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	sc, err := schemeIn(&in)
	if err != nil {
		return err
	}
	saved, err := a.svc.SaveScheme(req.Context(), apikit.Actor(req.Context()), sc)
	if err != nil {
		return err
	}
	apikit.SetSubject(req.Context(), saved.ID.String())
	return apikit.WriteJSON(w, http.StatusCreated, a.schemeOut(saved))
}

// ruleLabels returns the label of a deduction rule code in a month, by
// the scheme in force then; it reads each month's scheme once.
func (a *API) ruleLabels(ctx context.Context) func(hotline.Month, string) string {
	by := apikit.Actor(ctx)
	schemes := map[hotline.Month]*hotline.Scheme{}
	return func(m hotline.Month, code string) string {
		sc, ok := schemes[m]
		if !ok {
			var err error
			if sc, err = a.svc.SchemeFor(ctx, by, m); err != nil {
				sc = nil
			}
			schemes[m] = sc
		}
		if sc == nil {
			return ""
		}
		r, _ := sc.Rule(code)
		return r.Label
	}
}

func (a *API) writeDeduction(ctx context.Context, w http.ResponseWriter, status int, d *hotline.Deduction, history []hotline.DeductionEvent) error {
	out := a.deductionOut(d, a.ruleLabels(ctx)(d.Month, d.RuleCode))
	if len(history) > 0 {
		out.History = apikit.TrailList(a.clock, history).Items
	}
	w.Header().Set("ETag", apikit.ETag(d.Version))
	return apikit.WriteJSON(w, status, out)
}

func (a *API) createDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	var in deductionCreateJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	var p govops.Problems
	di := hotline.DeductionInput{Department: in.Department, RuleCode: in.RuleCode, Reason: in.Reason,
		CaseNumber: in.CaseNumber, Points: apikit.ParseDecimal(&p, "points", in.Points, true)}
	if in.Month == "" {
		p.Add("month", "is required: the month the deduction counts in, e.g. 2022-08")
	} else if m, err := parseMonth("month", in.Month); err != nil {
		p.Add("month", monthRule)
	} else {
		di.Month = m
	}
	if err := p.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	d, err := a.svc.RecordDeduction(ctx, apikit.Actor(ctx), di)
	if err != nil {
		return err
	}
	apikit.SetSubject(ctx, d.ID.String())
	w.Header().Set("Location", "/api/v1/hotline/deductions/"+d.ID.String())
	return a.writeDeduction(ctx, w, http.StatusCreated, d, nil)
}

func (a *API) listDeductions(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	month, from, to := month(q, "month"), month(q, "from"), month(q, "to")
	f := hotline.DeductionFilter{Department: q.One("department"), CaseNumber: q.One("case_number"),
		Cursor: q.One("cursor"), Limit: q.PageLimit()}
	for _, st := range q.List("status") {
		f.Statuses = append(f.Statuses, hotline.DeductionStatus(st))
	}
	switch {
	case !month.IsZero() && (!from.IsZero() || !to.IsZero()):
		q.Add("month", "give month, or from and to, not both")
	case !month.IsZero():
		f.Months = hotline.SingleMonth(month)
	default:
		f.Months = hotline.MonthRange{First: from, Last: to}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			q.Add("to", "must not be before from")
		}
	}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	page, err := a.svc.ListDeductions(ctx, apikit.Actor(ctx), f)
	if err != nil {
		// The query parameter is "status", one value or several.
		return apikit.RenameField(err, "statuses", "status")
	}
	out := deductionListJSON{Items: make([]deductionJSON, len(page.Items)), NextCursor: page.Next}
	label := a.ruleLabels(ctx)
	for i := range page.Items {
		d := &page.Items[i]
		out.Items[i] = a.deductionOut(d, label(d.Month, d.RuleCode))
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

// deduction loads the deduction of the path as the caller may see it:
// another department's deduction is 404, as if it did not exist.
func (a *API) deduction(req bunrouter.Request) (*hotline.Deduction, error) {
	id, err := apikit.PathID(req)
	if err != nil {
		return nil, err
	}
	ctx := req.Context()
	return a.svc.GetDeduction(ctx, apikit.Actor(ctx), id.String())
}

func (a *API) getDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	d, err := a.deduction(req)
	if err != nil {
		return err
	}
	ctx := req.Context()
	history, err := a.svc.DeductionHistory(ctx, apikit.Actor(ctx), d.ID.String())
	if err != nil {
		return err
	}
	return a.writeDeduction(ctx, w, http.StatusOK, d, history)
}

// deductionWrite reads what a change of a deduction takes besides its
// path and body: the If-Match version it was read at (0 for none), and no
// query parameters.
func deductionWrite(req bunrouter.Request) (int64, error) {
	version, err := apikit.IfMatch(req.Request)
	if err != nil {
		return 0, err
	}
	return version, apikit.NewQuery(req.URL).Err()
}

// appealDeduction files a department's appeal. The Service decides who
// may: only the department the deduction is against (center and viewer
// tokens get 403). The deduction is loaded before the body is read, so
// that another department gets 404 whatever it sends.
func (a *API) appealDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	version, err := deductionWrite(req)
	if err != nil {
		return err
	}
	d, err := a.deduction(req)
	if err != nil {
		return err
	}
	var in appealJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	ctx := req.Context()
	d, err = a.svc.FileAppeal(ctx, apikit.Actor(ctx), d.ID.String(),
		hotline.AppealInput{Materials: in.Materials, Attachments: in.Attachments, IfVersion: version})
	if err != nil {
		return apikit.RenameField(err, "if_version", "If-Match")
	}
	return a.writeDeduction(ctx, w, http.StatusOK, d, nil)
}

func (a *API) decideDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	id, err := apikit.PathID(req)
	if err != nil {
		return err
	}
	version, err := deductionWrite(req)
	if err != nil {
		return err
	}
	var in decisionJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	ctx := req.Context()
	d, err := a.svc.DecideAppeal(ctx, apikit.Actor(ctx), id.String(),
		hotline.DecisionInput{Decision: hotline.Decision(in.Decision), Note: in.Note, IfVersion: version})
	if err != nil {
		return apikit.RenameField(err, "if_version", "If-Match")
	}
	return a.writeDeduction(ctx, w, http.StatusOK, d, nil)
}

func (a *API) monthlyAssessment(w http.ResponseWriter, req bunrouter.Request) error {
	m, err := parseMonth("month", req.Param("month"))
	if err != nil {
		return err
	}
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ctx := req.Context()
	ma, err := a.svc.MonthlyAssessment(ctx, apikit.Actor(ctx), m)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, monthlyOut(ma))
}

func (a *API) yearToDate(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	through := month(q, "through")
	if err := q.Err(); err != nil {
		return err
	}
	if through.IsZero() {
		return govops.FieldError("through", "is required: the last month to count, e.g. 2022-08 (from January of that year)")
	}
	ctx := req.Context()
	y, err := a.svc.YearToDate(ctx, apikit.Actor(ctx), through)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, ytdOut(y))
}
