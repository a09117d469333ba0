package console

import (
	"net/http"
	"strconv"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/security"
)

// securityRoutes are the pages of this group: network security (网络安全).
func (c *Console) securityRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/security", h: c.securityOverview},
		{method: http.MethodGet, path: "/security/findings/:id", h: c.securityFinding},
		{method: http.MethodPost, path: "/security/findings/:id/remediate", h: c.securityRemediate},
		{method: http.MethodPost, path: "/security/findings/:id/verify", h: c.securityVerify},
		{method: http.MethodPost, path: "/security/findings/:id/retest", h: c.securityRetest},
	}
}

// securityOverviewData is what the security page shows: the year's
// report and the findings listing.
type securityOverviewData struct {
	Year   opsYear
	Report *security.Report
	// KindChart draws the year's findings and those hardened, by kind.
	KindChart Chart
	Filter    map[string]string
	Options   map[string][]option
	Findings  []security.Hardening
	Pager     Pager
}

// securityStatusAll is the status filter's value for every status: the
// listing shows the open findings unless asked.
const securityStatusAll = "all"

// securityOverview shows the security work of a year (the Service's
// report) and the findings, open ones by default, paged.
func (c *Console) securityOverview(rq *request) error {
	by, svc := rq.Actor(), c.svc.Security
	reports := map[int]*security.Report{}
	year, err := c.pickOpsYear(rq, func(y int) (bool, error) {
		r, err := svc.Report(rq.ctx, by, y)
		if err != nil {
			return false, err
		}
		reports[y] = r
		return r.Findings.Found > 0 || r.Inspections > 0 || r.Incidents.Total > 0 || r.PlansApproved > 0 || len(r.Exercises) > 0, nil
	})
	if err != nil {
		return err
	}
	d := securityOverviewData{Year: year, Filter: filterOf(rq, "status", "kind", "severity", "department"),
		Options: map[string][]option{
			"status": labeled([]security.HardeningStatus{security.HardeningOpen, security.HardeningRemediated, security.HardeningVerified}),
			"kind":   labeled(security.FindingKinds()), "severity": labeled(security.Severities()),
		}}
	if d.Report = reports[year.Year]; d.Report == nil {
		if d.Report, err = svc.Report(rq.ctx, by, year.Year); err != nil {
			return err
		}
	}
	d.KindChart = Chart{Title: "本年度发现与完成加固的问题（按类型）", Unit: "项"}
	found, hardened := Series{Name: "本年发现"}, Series{Name: "本年完成加固"}
	for i, k := range d.Report.Findings.ByKind {
		d.KindChart.Labels = append(d.KindChart.Labels, k.Kind.Label())
		found.Values = append(found.Values, float64(k.Count))
		hardened.Values = append(hardened.Values, float64(d.Report.Findings.HardenedByKind[i].Count))
	}
	d.KindChart.Series = []Series{found, hardened}

	status := d.Filter["status"]
	switch status {
	case "":
		status = string(security.HardeningOpen)
		d.Filter["status"] = status
	case securityStatusAll:
		status = ""
	}
	page, err := svc.Hardenings(rq.ctx, by, security.HardeningListInput{Department: d.Filter["department"],
		Status: security.HardeningStatus(status), Kind: security.FindingKind(d.Filter["kind"]),
		Severity: security.Severity(d.Filter["severity"]), After: rq.Query("cursor")})
	if err != nil {
		return c.refused(rq, "security", "security_overview", "网络安全", d, err)
	}
	d.Findings, d.Pager = page.Items, rq.pager(page.Next)
	return c.page(rq, "security", "security_overview", "网络安全", d)
}

// securityStep is one entry of a finding's history.
type securityStep struct {
	security.Event
	// From and To are the statuses' labels ("" for none).
	FromLabel, ToLabel string
}

// securityFindingData is what a finding's page shows, and which of the
// Service's steps the session is offered.
type securityFindingData struct {
	H     *security.Hardening
	Trail []securityStep
	// Remediate, Verify and Retest say which forms show: the step the
	// record's status allows, to a session that may take it.
	Remediate, Verify, Retest bool
	// Posted names the form a refusal answers ("" on a plain read), so
	// that a field two forms share shows its problem beside one only.
	Posted string
}

// securityFindingView reads the finding ref and its history as rq's
// session sees them.
func (c *Console) securityFindingView(rq *request, ref string) (*securityFindingData, error) {
	if _, err := govops.ParseID("id", ref, "hardening record"); err != nil {
		return nil, govops.Errorf(govops.ENOTFOUND, "没有这条加固记录：%s", govops.Truncate(ref, 40))
	}
	by := rq.Actor()
	h, err := c.svc.Security.Hardening(rq.ctx, by, ref)
	if err != nil {
		return nil, err
	}
	evs, err := c.svc.Security.HardeningTrail(rq.ctx, by, ref)
	if err != nil {
		return nil, err
	}
	d := &securityFindingData{H: h}
	for _, e := range evs {
		st := securityStep{Event: e, ToLabel: security.HardeningStatus(e.To).Label()}
		if e.From != "" {
			st.FromLabel = security.HardeningStatus(e.From).Label()
		}
		d.Trail = append(d.Trail, st)
	}
	if !rq.s.ReadOnly() {
		d.Remediate = h.Status == security.HardeningOpen
		d.Verify = rq.s.Admin() && h.Status == security.HardeningRemediated
		d.Retest = rq.s.Admin() && h.Status != security.HardeningOpen
	}
	return d, nil
}

// securityFinding shows one finding: its facts, its history and the
// steps the session may take.
func (c *Console) securityFinding(rq *request) error {
	d, err := c.securityFindingView(rq, rq.Param("id"))
	if err != nil {
		return err
	}
	return c.page(rq, "security", "security_finding", securityFindingTitle(d.H), d)
}

func securityFindingTitle(h *security.Hardening) string {
	return "加固记录 · " + h.Asset + " · " + h.Kind.Label()
}

// securityStepDone redirects to the finding after a step, or shows the
// Service's refusal beside the form.
func (c *Console) securityStepDone(rq *request, form, ref string, h *security.Hardening, err error, msg string) error {
	if err != nil {
		d, rerr := c.securityFindingView(rq, ref)
		if rerr != nil {
			return rerr
		}
		d.Posted = form
		return c.refused(rq, "security", "security_finding", securityFindingTitle(d.H), d, err)
	}
	return c.done(rq, "/security/findings/"+h.ID.String(), msg)
}

// formVersion reads the if_version field a form carries: the version the
// page showed, so that a change made since is a conflict.
func formVersion(rq *request) int64 {
	v, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	return v
}

// formDay reads a date field (2006-01-02) of a form in the console's
// zone; "" is the zero time. A date that does not parse is a problem of
// field.
func (c *Console) formDay(rq *request, p *govops.Problems, field string) time.Time {
	s := rq.Form(field)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", s, c.loc)
	if err != nil {
		p.Add(field, "请按 年-月-日 填写日期，如 2022-03-01")
	}
	return t
}

// securityRemediate records a finding's remediation.
func (c *Console) securityRemediate(rq *request) error {
	ref := rq.Param("id")
	var p govops.Problems
	on := c.formDay(rq, &p, "on")
	var h *security.Hardening
	err := p.Err()
	if err == nil {
		apikit.SetSubject(rq.ctx, ref)
		h, err = c.svc.Security.Remediate(rq.ctx, rq.Actor(), ref, security.Remediation{Remediation: rq.Form("remediation"),
			RemediatedBy: rq.Form("remediated_by"), On: on, IfVersion: formVersion(rq)})
	}
	return c.securityStepDone(rq, "remediate", ref, h, err, "已登记整改")
}

// securityVerify verifies a remediated finding.
func (c *Console) securityVerify(rq *request) error {
	ref := rq.Param("id")
	apikit.SetSubject(rq.ctx, ref)
	h, err := c.svc.Security.Verify(rq.ctx, rq.Actor(), ref, security.Verification{VerifiedBy: rq.Form("verified_by"),
		Note: rq.Form("note"), IfVersion: formVersion(rq)})
	return c.securityStepDone(rq, "verify", ref, h, err, "已复核")
}

// securityRetest records a re-test: passed verifies, failed reopens.
func (c *Console) securityRetest(rq *request) error {
	ref := rq.Param("id")
	apikit.SetSubject(rq.ctx, ref)
	passed := rq.Form("passed") == "true"
	h, err := c.svc.Security.Retest(rq.ctx, rq.Actor(), ref, security.Retest{Passed: passed, TestedBy: rq.Form("tested_by"),
		Note: rq.Form("note"), IfVersion: formVersion(rq)})
	msg := "复测未通过，已重新打开"
	if passed {
		msg = "复测通过，已复核"
	}
	return c.securityStepDone(rq, "retest", ref, h, err, msg)
}
