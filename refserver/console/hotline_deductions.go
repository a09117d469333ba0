package console

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/refserver/apikit"
)

// hotlineDeductionsView is the data of the deductions list, with the form
// that records one.
type hotlineDeductionsView struct {
	Tabs TabNav
	// The filters, as asked.
	Year, Month, Department, Status string
	Years                           []int
	Statuses                        []hotlineOption
	// Departments fill the department select of a district-wide session.
	Departments []hotlineOption
	Items       []hotlineDeductionRow
	Pager       Pager
	// CanDeduct shows the form of a new deduction (center staff).
	CanDeduct bool
	Rules     []hotlineOption
	ThisMonth string
}

// hotlineDeductionRow is one deduction with its rule's label and its
// department's name.
type hotlineDeductionRow struct {
	D         hotline.Deduction
	RuleLabel string
	DeptName  string
}

// StatusClass is the badge class of the deduction's status.
func (r hotlineDeductionRow) StatusClass() string { return hotlineStatusClass(r.D.Status) }

func hotlineStatusClass(s hotline.DeductionStatus) string {
	switch s {
	case hotline.DeductionAppealed:
		return "warn"
	case hotline.DeductionUpheld:
		return "bad"
	case hotline.DeductionOverturned:
		return "ok"
	}
	return ""
}

// hotlineRuleLabels returns the label of a deduction rule code in a month,
// by the scheme in force then, reading each month's scheme once.
func (c *Console) hotlineRuleLabels(ctx context.Context, by govops.Actor) func(hotline.Month, string) string {
	schemes := map[hotline.Month]*hotline.Scheme{}
	return func(m hotline.Month, code string) string {
		sc, ok := schemes[m]
		if !ok {
			var err error
			if sc, err = c.svc.Hotline.SchemeFor(ctx, by, m); err != nil {
				sc = nil
			}
			schemes[m] = sc
		}
		if sc == nil {
			return code
		}
		if r, ok := sc.Rule(code); ok {
			return r.Label
		}
		return code
	}
}

// hotlineDeductionFilter reads the list's filters: a month, or a whole
// year; a department; a status.
func hotlineDeductionFilter(rq *request, v *hotlineDeductionsView) (hotline.DeductionFilter, error) {
	v.Year, v.Month, v.Department, v.Status = rq.Query("year"), rq.Query("month"), rq.Query("department"), rq.Query("status")
	f := hotline.DeductionFilter{Department: v.Department, Cursor: rq.Query("cursor")}
	var p govops.Problems
	switch {
	case v.Month != "":
		m, err := hotline.ParseMonth(v.Month)
		if err != nil {
			p.Add("month", "月份应写作 2022-08")
		}
		f.Months = hotline.SingleMonth(m)
	case v.Year != "":
		y, err := strconv.Atoi(v.Year)
		if err != nil || y < 1900 || y > 9999 {
			p.Add("year", "年份应为四位数字，例如 2022")
		}
		f.Months = hotline.MonthRange{First: hotline.NewMonth(y, 1), Last: hotline.NewMonth(y, 12)}
	}
	if v.Status != "" {
		f.Statuses = []hotline.DeductionStatus{hotline.DeductionStatus(v.Status)}
	}
	return f, p.Err()
}

// hotlineDeductionsData reads one page of the deductions the query asks
// for, with what the filters and the form offer.
func (c *Console) hotlineDeductionsData(rq *request) (hotlineDeductionsView, error) {
	v := hotlineDeductionsView{Tabs: hotlineTabs(rq.s, "deductions"),
		CanDeduct: rq.s.Admin() && rq.Actor().IsCenter()}
	f, err := hotlineDeductionFilter(rq, &v)
	if err != nil {
		return v, err
	}
	year, _ := strconv.Atoi(v.Year)
	v.Years = c.hotlineYearChoices(year)
	for _, st := range hotline.AllDeductionStatuses() {
		v.Statuses = append(v.Statuses, hotlineOption{Value: string(st), Label: st.Label()})
	}
	page, err := c.svc.Hotline.ListDeductions(rq.ctx, rq.Actor(), f)
	if err != nil {
		// The query parameter is "status", one value.
		return v, apikit.RenameField(apikit.RenameField(err, "statuses", "status"), "months.first", "month")
	}
	codes := make([]string, len(page.Items))
	for i, d := range page.Items {
		codes[i] = d.Department
	}
	names := c.hotlineDeptNames(rq, codes)
	label := c.hotlineRuleLabels(rq.ctx, rq.Actor())
	for _, d := range page.Items {
		v.Items = append(v.Items, hotlineDeductionRow{D: d, RuleLabel: label(d.Month, d.RuleCode), DeptName: names[d.Department]})
	}
	v.Pager = rq.pager(page.Next)
	if rq.Actor().DistrictWide() {
		if v.Departments, err = c.hotlineDeptOptions(rq); err != nil {
			return v, err
		}
	}
	if v.CanDeduct {
		cur := hotline.MonthOf(c.now())
		v.ThisMonth = cur.String()
		sc, err := c.svc.Hotline.SchemeFor(rq.ctx, rq.Actor(), cur)
		if err != nil {
			return v, err
		}
		for _, r := range sc.DeductionRules {
			v.Rules = append(v.Rules, hotlineOption{Value: r.Code, Label: r.Label + "（" + r.Points.String() + " 分）"})
		}
	}
	return v, nil
}

// hotlineDeductions lists the deductions, newest first.
func (c *Console) hotlineDeductions(rq *request) error {
	v, err := c.hotlineDeductionsData(rq)
	if err != nil {
		return err
	}
	return c.page(rq, "hotline", "hotline_deductions", "12345热线扣分与复核", v)
}

// hotlineDeduct records a deduction (center staff) and shows it.
func (c *Console) hotlineDeduct(rq *request) error {
	in := hotline.DeductionInput{Department: rq.Form("department"), RuleCode: rq.Form("rule_code"),
		Reason: rq.Form("reason"), CaseNumber: rq.Form("case_number")}
	var p govops.Problems
	if s := rq.Form("month"); s != "" {
		m, err := hotline.ParseMonth(s)
		if err != nil {
			p.Add("month", "月份应写作 2022-08")
		}
		in.Month = m
	}
	if s := rq.Form("points"); s != "" {
		d, err := decimal.NewFromString(s)
		if err != nil {
			p.Add("points", "分值应为数字，例如 0.2；留空则按规则扣分")
		}
		in.Points = d
	}
	err := p.Err()
	var d *hotline.Deduction
	if err == nil {
		d, err = c.svc.Hotline.RecordDeduction(rq.ctx, rq.Actor(), in)
	}
	if err != nil {
		v, verr := c.hotlineDeductionsData(rq)
		if verr != nil {
			return verr
		}
		return c.refused(rq, "hotline", "hotline_deductions", "12345热线扣分与复核", v, err)
	}
	apikit.SetSubject(rq.ctx, d.ID.String())
	return c.done(rq, "/hotline/deductions/"+d.ID.String(), "已扣分："+d.Points.String()+" 分")
}

// hotlineDeductionView is the data of one deduction's page.
type hotlineDeductionView struct {
	Tabs      TabNav
	D         *hotline.Deduction
	RuleLabel string
	DeptName  string
	History   []hotline.DeductionEvent
	// CanAppeal shows the appeal form: the department's session while
	// the deduction stands unappealed. CanDecide shows the decision form:
	// center staff while an appeal is open.
	CanAppeal, CanDecide bool
	// WindowClosed says the appeal window has passed (the Service
	// refuses an appeal then).
	WindowClosed bool
	Decisions    []hotlineOption
}

// StatusClass is the badge class of the deduction's status.
func (v hotlineDeductionView) StatusClass() string { return hotlineStatusClass(v.D.Status) }

// hotlineDeductionData reads the deduction of the path and its trail.
func (c *Console) hotlineDeductionData(rq *request) (hotlineDeductionView, error) {
	v := hotlineDeductionView{Tabs: hotlineTabs(rq.s, "deductions")}
	d, err := c.svc.Hotline.GetDeduction(rq.ctx, rq.Actor(), rq.Param("id"))
	if err != nil {
		return v, err
	}
	if v.History, err = c.svc.Hotline.DeductionHistory(rq.ctx, rq.Actor(), d.ID.String()); err != nil {
		return v, err
	}
	names := c.hotlineDeptNames(rq, []string{d.Department})
	v.D, v.DeptName = d, names[d.Department]
	v.RuleLabel = c.hotlineRuleLabels(rq.ctx, rq.Actor())(d.Month, d.RuleCode)
	by := rq.Actor()
	v.CanAppeal = !by.ReadOnly && by.Department != "" && d.Status == hotline.DeductionRecorded
	v.CanDecide = rq.s.Admin() && by.IsCenter() && d.Status == hotline.DeductionAppealed
	v.WindowClosed = d.Status == hotline.DeductionRecorded && !c.now().Before(d.AppealBy)
	v.Decisions = []hotlineOption{
		{Value: string(hotline.DecisionUphold), Label: hotline.DeductionUpheld.Label()},
		{Value: string(hotline.DecisionOverturn), Label: hotline.DeductionOverturned.Label()},
	}
	return v, nil
}

// hotlineDeduction shows one deduction with its trail and the forms its
// state and the session allow.
func (c *Console) hotlineDeduction(rq *request) error {
	v, err := c.hotlineDeductionData(rq)
	if err != nil {
		return err
	}
	return c.page(rq, "hotline", "hotline_deduction", "扣分详情", v)
}

// hotlineIfVersion reads the version the form was shown at; a value that
// is not a number is EINVALID naming if_version.
func hotlineIfVersion(rq *request) (int64, error) {
	s := rq.Form("if_version")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, govops.FieldError("if_version", "表单版本号无效，请刷新页面后重试")
	}
	return n, nil
}

// hotlineAppeal files the department's appeal against the deduction.
func (c *Console) hotlineAppeal(rq *request) error {
	version, err := hotlineIfVersion(rq)
	var d *hotline.Deduction
	if err == nil {
		var attachments []string
		for _, l := range strings.Split(rq.Form("attachments"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				attachments = append(attachments, l)
			}
		}
		d, err = c.svc.Hotline.FileAppeal(rq.ctx, rq.Actor(), rq.Param("id"),
			hotline.AppealInput{Materials: rq.Form("materials"), Attachments: attachments, IfVersion: version})
	}
	if err != nil {
		return c.hotlineRefusedDeduction(rq, hotlineAttachmentsField(err))
	}
	apikit.SetSubject(rq.ctx, d.ID.String())
	return c.done(rq, "/hotline/deductions/"+d.ID.String(), "已申请复核")
}

// hotlineDecide records the center's decision on the open appeal.
func (c *Console) hotlineDecide(rq *request) error {
	version, err := hotlineIfVersion(rq)
	var d *hotline.Deduction
	if err == nil {
		d, err = c.svc.Hotline.DecideAppeal(rq.ctx, rq.Actor(), rq.Param("id"),
			hotline.DecisionInput{Decision: hotline.Decision(rq.Form("decision")), Note: rq.Form("note"), IfVersion: version})
	}
	if err != nil {
		return c.hotlineRefusedDeduction(rq, err)
	}
	apikit.SetSubject(rq.ctx, d.ID.String())
	return c.done(rq, "/hotline/deductions/"+d.ID.String(), "已作出复核决定："+d.Status.Label())
}

// hotlineRefusedDeduction shows the deduction's page again with the
// Service's refusal of a form on it; a deduction the session may not see
// is the 404 page.
func (c *Console) hotlineRefusedDeduction(rq *request, err error) error {
	v, verr := c.hotlineDeductionData(rq)
	if verr != nil {
		return verr
	}
	return c.refused(rq, "hotline", "hotline_deduction", "扣分详情", v, err)
}

// hotlineAttachmentsField moves the problems of single attachments
// ("attachments[2]") to the one attachments field the form has.
func hotlineAttachmentsField(err error) error {
	fields := govops.ErrorFields(err)
	for k := range fields {
		if strings.HasPrefix(k, "attachments[") {
			err = apikit.RenameField(err, k, "attachments")
		}
	}
	return err
}
