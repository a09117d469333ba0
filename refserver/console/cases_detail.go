package console

import (
	"fmt"
	"strings"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
)

// caseDetailData is a case's page: the case as the Service shows it to the
// session, its trail, and the forms of the actions the session may take.
type caseDetailData struct {
	Case                             *govcase.Case
	Kind, Category, Priority, Source string
	Status, Department               string
	Badge                            string // the status badge's class
	AcceptOverdue, ResolveOverdue    bool
	Trail                            []caseTrailRow
	Suggestion                       caseSuggestion
	Units                            []option // the units a dispatch may choose
	// Posted is the action of a refused form: its errors and values are
	// shown beside it and no other form.
	Posted string
	shown  map[string]bool
}

// caseTrailRow is one event of the trail.
type caseTrailRow struct {
	At               time.Time
	Actor, ActorDept string
	Label, Note      string
	From, To         string
	Department       string
}

// caseSuggestion is where the routing rules would send the case.
type caseSuggestion struct {
	OK               bool
	Department, Name string
	Rule             string
}

// Shows reports whether the page offers the form of action key.
func (d *caseDetailData) Shows(key string) bool { return d.shown[key] }

// AnyAction reports whether the page offers any form.
func (d *caseDetailData) AnyAction() bool { return len(d.shown) > 0 }

// FE is the problem of field name of the form of action key: only the
// refused form shows its problems, as several forms share a field name.
func (d *caseDetailData) FE(v view, key, name string) fieldProblem {
	if d.Posted != key {
		return fieldProblem{Name: name}
	}
	return fieldProblem{Name: name, Problem: v.Errors[name]}
}

// Val is what the refused form of action key held for name.
func (d *caseDetailData) Val(v view, key, name string) string {
	if d.Posted != key {
		return ""
	}
	return v.Field(name)
}

// DispatchTo is the department the dispatch form preselects: the one a
// refused form held, else the routing rules' suggestion, else the case's
// last department.
func (d *caseDetailData) DispatchTo(v view) string {
	if d.Posted == string(govcase.ActionDispatch) {
		return v.Field("department")
	}
	if d.Suggestion.OK {
		return d.Suggestion.Department
	}
	return d.Case.Department
}

// caseDetail shows a case. A case the session may not see is the
// Service's ENOTFOUND: the 404 page.
func (c *Console) caseDetail(rq *request) error {
	d, err := c.caseDetailData(rq, rq.Param("number"))
	if err != nil {
		return err
	}
	return c.page(rq, "cases", "cases_detail", "案件 "+d.Case.Number, d)
}

// caseDetailData reads the case ref, its trail and one directory page,
// and works out which forms to offer.
func (c *Console) caseDetailData(rq *request, ref string) (*caseDetailData, error) {
	by := rq.Actor()
	cs, err := c.svc.Cases.Get(rq.ctx, by, ref)
	if govops.ErrorCode(err) == govops.EINVALID {
		// A path that is no case number names no case.
		return nil, govops.Errorf(govops.ENOTFOUND, "没有案件 %s", ref)
	}
	if err != nil {
		return nil, err
	}
	evs, err := c.svc.Cases.Events(rq.ctx, by, cs.Number)
	if err != nil {
		return nil, err
	}
	names := c.deptNames(rq)
	units, err := names.units()
	if err != nil {
		return nil, err
	}
	now := c.now()
	d := &caseDetailData{
		Case: cs, Kind: labelOr(c.caseKindLabels(), cs.Kind), Category: cs.Category.Label(),
		Priority: cs.Priority.Label(), Source: cs.Source.Label(), Status: cs.Status.Label(), Badge: statusBadge(cs.Status),
		Department:     names.name(cs.Department),
		AcceptOverdue:  cs.Status == govcase.StatusDispatched && !cs.AcceptBy.IsZero() && now.After(cs.AcceptBy),
		ResolveOverdue: cs.Overdue(now),
		shown:          c.caseShown(by, cs, now),
	}
	for _, ev := range evs {
		row := caseTrailRow{At: ev.At, Actor: ev.Actor, Label: ev.Type.Label(), Note: ev.Note,
			From: ev.From.Label(), To: ev.To.Label()}
		if ev.ActorDept != "" {
			row.ActorDept = names.name(ev.ActorDept)
		}
		if ev.Type == govcase.EventDispatched || ev.Type == govcase.EventReopened {
			row.Department = names.name(ev.Department)
		}
		d.Trail = append(d.Trail, row)
	}
	if d.shown[string(govcase.ActionDispatch)] {
		for _, u := range units {
			if u.Status == directory.StatusActive {
				d.Units = append(d.Units, option{u.Code, u.Name + "（" + u.Code + "）"})
			}
		}
		dept, rule, ok, err := c.svc.Cases.SuggestDepartment(rq.ctx, by, cs)
		if err != nil {
			return nil, err
		}
		if ok {
			d.Suggestion = caseSuggestion{OK: true, Department: dept, Name: names.name(dept), Rule: c.caseRuleText(rule)}
		}
	}
	return d, nil
}

// caseShown decides which action forms a session is offered for cs at
// now: none for a read-only session; the actions the lifecycle allows
// from cs's status (govcase.Allowed), less those left to the center for a
// department, and the extension actions only as the pending request
// makes them possible. The Service still decides every post.
func (c *Console) caseShown(by govops.Actor, cs *govcase.Case, now time.Time) map[string]bool {
	out := map[string]bool{}
	if by.ReadOnly {
		return out
	}
	for _, a := range caseActions() {
		if a.Center && !by.IsCenter() {
			continue
		}
		if !govcase.Allowed(govcase.Action(a.Key), cs.Status) {
			continue
		}
		switch govcase.Action(a.Key) {
		case govcase.ActionRequestExtension:
			if !cs.ExtensionUntil.IsZero() || !now.Before(cs.ResolveBy) {
				continue
			}
		case govcase.ActionDecideExtension:
			if cs.ExtensionUntil.IsZero() {
				continue
			}
		}
		out[a.Key] = true
	}
	return out
}

// caseRuleText says what a routing rule matches.
func (c *Console) caseRuleText(r govcase.RoutingRule) string {
	var parts []string
	if r.Kind != "" {
		parts = append(parts, "类型 "+labelOr(c.caseKindLabels(), r.Kind))
	}
	if r.Category != "" {
		parts = append(parts, "类别 "+r.Category.Label())
	}
	if len(r.Keywords) > 0 {
		parts = append(parts, "关键词 "+strings.Join(r.Keywords, "、"))
	}
	if len(parts) == 0 {
		parts = append(parts, "所有案件")
	}
	return strings.Join(parts, "，") + fmt.Sprintf("，优先级 %d", r.Priority)
}

// caseTextForm is the form of an action that takes one text field.
type caseTextForm struct {
	Key, Number, CSRF           string
	Version                     int64
	Title, Label, Field, Button string
	InputID                     string
	Rows                        int
	Secondary                   bool
	Value                       string
	Problem                     fieldProblem
}

// caseTextForms are the actions whose form is one text field: its heading,
// label, field, rows, button and whether the button is secondary.
var caseTextForms = map[string]caseTextForm{
	"accept":  {Title: "签收", Label: "备注", Field: "note", InputID: "f-accept-note", Rows: 2, Button: "签收", Secondary: false},
	"cancel":  {Title: "作废", Label: "作废理由（必填）", Field: "reason", InputID: "f-cancel-reason", Rows: 2, Button: "作废", Secondary: true},
	"close":   {Title: "办结", Label: "备注", Field: "note", InputID: "f-close-note", Rows: 2, Button: "办结", Secondary: false},
	"comment": {Title: "备注", Label: "备注内容（必填）", Field: "note", InputID: "f-comment-note", Rows: 2, Button: "添加备注", Secondary: false},
	"reopen":  {Title: "重办", Label: "重办理由（必填）", Field: "reason", InputID: "f-reopen-reason", Rows: 2, Button: "退回重办", Secondary: true},
	"reply":   {Title: "办理反馈", Label: "办理结果（必填）", Field: "reply", InputID: "f-reply", Rows: 4, Button: "提交反馈", Secondary: false},
	"return":  {Title: "退单", Label: "退单理由（必填）", Field: "reason", InputID: "f-return-reason", Rows: 2, Button: "退回中心", Secondary: true},
	"urge":    {Title: "督办", Label: "督办意见", Field: "note", InputID: "f-urge-note", Rows: 2, Button: "督办", Secondary: false},
}

// TextForm is the form of action key, filled with what its refused form
// held and its problem.
func (d *caseDetailData) TextForm(v view, key string) caseTextForm {
	f := caseTextForms[key]
	f.Key, f.Number, f.CSRF, f.Version = key, d.Case.Number, v.CSRF, d.Case.Version
	f.Value, f.Problem = d.Val(v, key, f.Field), d.FE(v, key, f.Field)
	return f
}
