package refserver

import (
	"context"
	"fmt"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
)

// The hotline scoring: scheme versions (考核办法), deductions (扣分) with
// their appeals (申请复核), and the monthly and year-to-date assessments.

func (s *Server) listSchemes(w http.ResponseWriter, req bunrouter.Request) error {
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	scs, err := s.hotline.ListSchemes(req.Context(), actorFrom(req.Context()))
	if err != nil {
		return err
	}
	out := schemeListJSON{Items: make([]schemeJSON, len(scs))}
	for i := range scs {
		out.Items[i] = s.schemeOut(&scs[i])
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) schemeInForce(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	m := q.month("month")
	if err := q.err(); err != nil {
		return err
	}
	if m.IsZero() {
		return govops.FieldError("month", "is required: the month whose scheme you want, e.g. 2022-08")
	}
	sc, err := s.hotline.SchemeFor(req.Context(), actorFrom(req.Context()), m)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.schemeOut(sc))
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
	sc.Base = parseDecimal(&p, "base", in.Base, true)
	for i, ir := range in.Indicators {
		f := fmt.Sprintf("indicators[%d]", i)
		rule := hotline.IndicatorRule{Indicator: hotline.Indicator(ir.Indicator),
			Weight: parseDecimal(&p, f+".weight", ir.Weight, false)}
		for j, b := range ir.Bands {
			bf := fmt.Sprintf("%s.bands[%d]", f, j)
			rule.Bands = append(rule.Bands, hotline.Band{
				From: parseDecimal(&p, bf+".from", b.From, false), To: parseDecimal(&p, bf+".to", b.To, false),
				AtFrom: parseDecimal(&p, bf+".at_from", b.AtFrom, false), AtTo: parseDecimal(&p, bf+".at_to", b.AtTo, false),
			})
		}
		sc.Indicators = append(sc.Indicators, rule)
	}
	for _, l := range in.Satisfaction.Levels {
		sc.Satisfaction.Levels = append(sc.Satisfaction.Levels, hotline.Result(l))
	}
	for i, r := range in.DeductionRules {
		sc.DeductionRules = append(sc.DeductionRules, hotline.DeductionRule{Code: r.Code, Label: r.Label,
			Points: parseDecimal(&p, fmt.Sprintf("deduction_rules[%d].points", i), r.Points, false)})
	}
	return sc, p.Err()
}

func (s *Server) createScheme(w http.ResponseWriter, req bunrouter.Request) error {
	var in schemeCreateJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	sc, err := schemeIn(&in)
	if err != nil {
		return err
	}
	saved, err := s.hotline.SaveScheme(req.Context(), actorFrom(req.Context()), sc)
	if err != nil {
		return err
	}
	setSubject(req.Context(), saved.ID.String())
	return writeJSON(w, http.StatusCreated, s.schemeOut(saved))
}

// ruleLabels returns the label of a deduction rule code in a month, by
// the scheme in force then; it reads each month's scheme once.
func (s *Server) ruleLabels(ctx context.Context) func(hotline.Month, string) string {
	by := actorFrom(ctx)
	schemes := map[hotline.Month]*hotline.Scheme{}
	return func(m hotline.Month, code string) string {
		sc, ok := schemes[m]
		if !ok {
			var err error
			if sc, err = s.hotline.SchemeFor(ctx, by, m); err != nil {
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

func (s *Server) writeDeduction(ctx context.Context, w http.ResponseWriter, status int, d *hotline.Deduction, history []hotline.DeductionEvent) error {
	out := s.deductionOut(d, s.ruleLabels(ctx)(d.Month, d.RuleCode))
	if len(history) > 0 {
		out.History = trailList(s, history).Items
	}
	w.Header().Set("ETag", etag(d.Version))
	return writeJSON(w, status, out)
}

func (s *Server) createDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	var in deductionCreateJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	var p govops.Problems
	di := hotline.DeductionInput{Department: in.Department, RuleCode: in.RuleCode, Reason: in.Reason,
		CaseNumber: in.CaseNumber, Points: parseDecimal(&p, "points", in.Points, true)}
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
	d, err := s.hotline.RecordDeduction(ctx, actorFrom(ctx), di)
	if err != nil {
		return err
	}
	setSubject(ctx, d.ID.String())
	w.Header().Set("Location", "/api/v1/hotline/deductions/"+d.ID.String())
	return s.writeDeduction(ctx, w, http.StatusCreated, d, nil)
}

func (s *Server) listDeductions(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	month, from, to := q.month("month"), q.month("from"), q.month("to")
	f := hotline.DeductionFilter{Department: q.one("department"), CaseNumber: q.one("case_number"),
		Cursor: q.one("cursor"), Limit: q.pageLimit()}
	for _, st := range q.list("status") {
		f.Statuses = append(f.Statuses, hotline.DeductionStatus(st))
	}
	switch {
	case !month.IsZero() && (!from.IsZero() || !to.IsZero()):
		q.p.Add("month", "give month, or from and to, not both")
	case !month.IsZero():
		f.Months = hotline.SingleMonth(month)
	default:
		f.Months = hotline.MonthRange{First: from, Last: to}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			q.p.Add("to", "must not be before from")
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	ctx := req.Context()
	page, err := s.hotline.ListDeductions(ctx, actorFrom(ctx), f)
	if err != nil {
		// The query parameter is "status", one value or several.
		return renameField(err, "statuses", "status")
	}
	out := deductionListJSON{Items: make([]deductionJSON, len(page.Items)), NextCursor: page.Next}
	label := s.ruleLabels(ctx)
	for i := range page.Items {
		d := &page.Items[i]
		out.Items[i] = s.deductionOut(d, label(d.Month, d.RuleCode))
	}
	return writeJSON(w, http.StatusOK, out)
}

// deduction loads the deduction of the path as the caller may see it:
// another department's deduction is 404, as if it did not exist.
func (s *Server) deduction(req bunrouter.Request) (*hotline.Deduction, error) {
	id, err := pathID(req)
	if err != nil {
		return nil, err
	}
	ctx := req.Context()
	return s.hotline.GetDeduction(ctx, actorFrom(ctx), id.String())
}

func (s *Server) getDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	d, err := s.deduction(req)
	if err != nil {
		return err
	}
	ctx := req.Context()
	history, err := s.hotline.DeductionHistory(ctx, actorFrom(ctx), d.ID.String())
	if err != nil {
		return err
	}
	return s.writeDeduction(ctx, w, http.StatusOK, d, history)
}

// deductionWrite reads what a change of a deduction takes besides its
// path and body: the If-Match version it was read at (0 for none), and no
// query parameters.
func deductionWrite(req bunrouter.Request) (int64, error) {
	version, err := ifMatch(req.Request)
	if err != nil {
		return 0, err
	}
	return version, newQuery(req.URL).err()
}

// appealDeduction files a department's appeal. The Service decides who
// may: only the department the deduction is against (center and viewer
// tokens get 403). The deduction is loaded before the body is read, so
// that another department gets 404 whatever it sends.
func (s *Server) appealDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	version, err := deductionWrite(req)
	if err != nil {
		return err
	}
	d, err := s.deduction(req)
	if err != nil {
		return err
	}
	var in appealJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	ctx := req.Context()
	d, err = s.hotline.FileAppeal(ctx, actorFrom(ctx), d.ID.String(),
		hotline.AppealInput{Materials: in.Materials, Attachments: in.Attachments, IfVersion: version})
	if err != nil {
		return renameField(err, "if_version", "If-Match")
	}
	return s.writeDeduction(ctx, w, http.StatusOK, d, nil)
}

func (s *Server) decideDeduction(w http.ResponseWriter, req bunrouter.Request) error {
	id, err := pathID(req)
	if err != nil {
		return err
	}
	version, err := deductionWrite(req)
	if err != nil {
		return err
	}
	var in decisionJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	ctx := req.Context()
	d, err := s.hotline.DecideAppeal(ctx, actorFrom(ctx), id.String(),
		hotline.DecisionInput{Decision: hotline.Decision(in.Decision), Note: in.Note, IfVersion: version})
	if err != nil {
		return renameField(err, "if_version", "If-Match")
	}
	return s.writeDeduction(ctx, w, http.StatusOK, d, nil)
}

func (s *Server) monthlyAssessment(w http.ResponseWriter, req bunrouter.Request) error {
	m, err := parseMonth("month", req.Param("month"))
	if err != nil {
		return err
	}
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	ctx := req.Context()
	ma, err := s.hotline.MonthlyAssessment(ctx, actorFrom(ctx), m)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, monthlyOut(ma))
}

func (s *Server) yearToDate(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	through := q.month("through")
	if err := q.err(); err != nil {
		return err
	}
	if through.IsZero() {
		return govops.FieldError("through", "is required: the last month to count, e.g. 2022-08 (from January of that year)")
	}
	ctx := req.Context()
	y, err := s.hotline.YearToDate(ctx, actorFrom(ctx), through)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ytdOut(y))
}
