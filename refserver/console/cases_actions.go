package console

import (
	"context"
	"strconv"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver/apikit"
)

// caseAction is one lifecycle action as the detail page offers it: a form
// id="form-<Key>" posting to /cases/:number/<Key>.
type caseAction struct {
	// Key is the govcase.Action: the form's id and the path's last
	// segment.
	Key  string
	Done string // the flash after it
	// Note is the form field of the action's note, named as the Service
	// names it in its errors: "note", "reason" or "reply".
	Note string
	// Center marks the actions the lifecycle leaves to center staff. It
	// only decides which forms a department is shown; the Service refuses
	// them anyway.
	Center bool
	do     func(c *Console, rq *request, ref string, ai govcase.ActionInput) (*govcase.Case, error)
}

// caseMethod is a lifecycle action of the Service that takes nothing but
// its note.
type caseMethod func(ctx context.Context, by govops.Actor, ref string, in govcase.ActionInput) (*govcase.Case, error)

// noteAction calls the method m picks of the console's Service.
func noteAction(m func(s *govcase.Service) caseMethod) func(*Console, *request, string, govcase.ActionInput) (*govcase.Case, error) {
	return func(c *Console, rq *request, ref string, ai govcase.ActionInput) (*govcase.Case, error) {
		return m(c.svc.Cases)(rq.ctx, rq.Actor(), ref, ai)
	}
}

// caseActions are the lifecycle actions, in the order the detail page
// shows their forms.
func caseActions() []caseAction {
	return []caseAction{
		{Key: string(govcase.ActionDispatch), Done: "已派发", Note: "note", Center: true, do: dispatchCase},
		{Key: string(govcase.ActionAccept), Done: "已签收", Note: "note",
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Accept })},
		{Key: string(govcase.ActionReply), Done: "已反馈", Note: "reply",
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Reply })},
		{Key: string(govcase.ActionRequestExtension), Done: "已申请延期", Note: "reason", do: requestCaseExtension},
		{Key: string(govcase.ActionReturn), Done: "已退单", Note: "reason",
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Return })},
		{Key: string(govcase.ActionDecideExtension), Done: "已审批延期申请", Note: "reason", Center: true, do: decideCaseExtension},
		{Key: string(govcase.ActionUrge), Done: "已督办", Note: "note", Center: true,
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Urge })},
		{Key: string(govcase.ActionClose), Done: "已办结", Note: "note", Center: true,
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Close })},
		{Key: string(govcase.ActionReopen), Done: "已重办", Note: "reason", Center: true,
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Reopen })},
		{Key: string(govcase.ActionCancel), Done: "已作废", Note: "reason", Center: true,
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Cancel })},
		{Key: string(govcase.ActionComment), Done: "已备注", Note: "note",
			do: noteAction(func(s *govcase.Service) caseMethod { return s.Comment })},
	}
}

func dispatchCase(c *Console, rq *request, ref string, ai govcase.ActionInput) (*govcase.Case, error) {
	return c.svc.Cases.Dispatch(rq.ctx, rq.Actor(), ref, govcase.DispatchInput{ActionInput: ai, Department: rq.Form("department")})
}

func requestCaseExtension(c *Console, rq *request, ref string, ai govcase.ActionInput) (*govcase.Case, error) {
	until, err := c.caseUntil(rq.Form("until"))
	if err != nil {
		return nil, err
	}
	return c.svc.Cases.RequestExtension(rq.ctx, rq.Actor(), ref, govcase.ExtensionInput{ActionInput: ai, Until: until})
}

func decideCaseExtension(c *Console, rq *request, ref string, ai govcase.ActionInput) (*govcase.Case, error) {
	var approve bool
	switch rq.Form("approve") {
	case "true":
		approve = true
	case "false":
	default:
		return nil, govops.FieldError("approve", "请选择批准或驳回")
	}
	return c.svc.Cases.DecideExtension(rq.ctx, rq.Actor(), ref, govcase.ExtensionDecision{ActionInput: ai, Approve: approve})
}

// untilLayout is the value of an <input type="datetime-local">.
const untilLayout = "2006-01-02T15:04"

// caseUntil reads the new resolve-by time of an extension request: the
// browser's datetime-local value in the console's zone, or a date or an
// RFC 3339 time. Empty is the zero time, which the Service names as
// required.
func (c *Console) caseUntil(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation(untilLayout, s, c.loc); err == nil && govops.TimeInRange(t) {
		return t, nil
	}
	t, err := apikit.ParseTimeOrDate(s, c.loc, false)
	if err != nil {
		return time.Time{}, govops.FieldError("until", "请填写新的办结期限，如 2022-03-20T17:30")
	}
	return t, nil
}

// caseAct takes the posted action a on the case of the path, and shows
// the case again: with a flash when it is done, with the Service's refusal
// beside the form otherwise.
func (c *Console) caseAct(a caseAction) func(rq *request) error {
	return func(rq *request) error {
		ref := rq.Param("number")
		apikit.SetSubject(rq.ctx, ref)
		v, err := strconv.ParseInt(rq.Form("version"), 10, 64)
		if err != nil || v < 1 {
			return c.caseRefused(rq, a, govops.FieldError("version", "表单缺少案件版本，请从案件页面重新提交"))
		}
		cs, err := a.do(c, rq, ref, govcase.ActionInput{IfVersion: v, Note: rq.Form(a.Note)})
		if err != nil {
			return c.caseRefused(rq, a, err)
		}
		apikit.SetSubject(rq.ctx, cs.Number)
		target := "/cases/" + cs.Number
		if !rq.Actor().DistrictWide() && (cs.Status == govcase.StatusReturned || cs.Status == govcase.StatusRegistered) {
			// Back at the center, the case is no longer the department's
			// to see.
			target = "/cases"
		}
		return c.done(rq, target, a.Done)
	}
}

// caseRefused shows the case again with the refusal err of action a: its
// field problems beside a's form. A version the case has moved past is
// said as such.
func (c *Console) caseRefused(rq *request, a caseAction, err error) error {
	switch govops.ErrorCode(err) {
	case govops.EINVALID, govops.ECONFLICT, govops.EFORBIDDEN:
	default:
		return err
	}
	d, lerr := c.caseDetailData(rq, rq.Param("number"))
	if lerr != nil {
		return lerr
	}
	d.Posted = a.Key
	if govops.ErrorCode(err) == govops.ECONFLICT {
		if v, perr := strconv.ParseInt(rq.Form("version"), 10, 64); perr == nil && v != d.Case.Version {
			err = govops.Errorf(govops.ECONFLICT, "数据已被他人修改：案件 %s 在您打开后已有变动（您看到的是第 %d 版，现在是第 %d 版），请查看最新内容后再操作",
				d.Case.Number, v, d.Case.Version)
		}
	}
	return c.refused(rq, "cases", "cases_detail", "案件 "+d.Case.Number, d, err)
}
