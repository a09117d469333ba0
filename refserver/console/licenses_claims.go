package console

import (
	"strconv"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/refserver/apikit"
)

// licenseClaimsData is the list of claims and explanations.
type licenseClaimsData struct {
	Claims   []licClaim
	Kinds    []license.ClaimKind
	Statuses []license.ClaimStatus
	Filter   license.ClaimFilter
	Pager    Pager
}

// licenseClaims lists the claims and explanations a page at a time,
// filtered by type, department, kind and status: the center sees every
// department's, a department its own.
func (c *Console) licenseClaims(rq *request) error {
	in := license.ClaimList{Cursor: rq.Query("cursor")}
	in.Type = rq.Query("type")
	in.Department = rq.Query("department")
	in.Kind = license.ClaimKind(rq.Query("kind"))
	in.Status = license.ClaimStatus(rq.Query("status"))
	page, err := c.svc.Licenses.ListClaims(rq.ctx, rq.Actor(), in)
	if err != nil {
		return err
	}
	d := licenseClaimsData{Kinds: license.ClaimKinds(), Statuses: []license.ClaimStatus{license.ClaimActive, license.ClaimWithdrawn},
		Filter: in.ClaimFilter, Pager: rq.pager(page.Next)}
	names := c.deptNames(rq)
	for _, cl := range page.Items {
		d.Claims = append(d.Claims, licClaim{Claim: cl, Name: names.name(cl.Department)})
	}
	return c.page(rq, "licenses", "licenses_claims", "认领与情况说明", d)
}

// licenseClaimData is the page of one claim or explanation: what it says,
// its trail, and the forms the session may use on it.
type licenseClaimData struct {
	Type   *license.Type
	Claim  licClaim
	Trail  []license.Event
	MayAct bool
	// Posted is the form a refusal answers: "declare" or "withdraw".
	Posted string
}

// licenseClaimData reads the page of the claim of type code by dept.
func (c *Console) licenseClaimData(rq *request, code, dept string) (*licenseClaimData, error) {
	by := rq.Actor()
	t, err := c.svc.Licenses.GetType(rq.ctx, by, code)
	if err != nil {
		return nil, err
	}
	cl, err := c.svc.Licenses.GetClaim(rq.ctx, by, t.Code, dept)
	if err != nil {
		return nil, err
	}
	trail, err := c.svc.Licenses.ClaimEvents(rq.ctx, by, t.Code, dept)
	if err != nil {
		return nil, err
	}
	return &licenseClaimData{Type: t, Claim: licClaim{Claim: cl, Name: c.deptNames(rq).name(cl.Department)}, Trail: trail,
		MayAct: !rq.s.ReadOnly() && cl.Active()}, nil
}

func licClaimTitle(d *licenseClaimData) string {
	return d.Type.Name + " · " + d.Claim.Name + "的" + d.Claim.Kind.Label()
}

// licenseClaim shows one claim or explanation.
func (c *Console) licenseClaim(rq *request) error {
	d, err := c.licenseClaimData(rq, rq.Param("code"), rq.Param("department"))
	if err != nil {
		return err
	}
	return c.page(rq, "licenses", "licenses_claim", licClaimTitle(d), d)
}

// licenseClaimRefused shows the claim's page again with the Service's
// refusal of the form posted.
func (c *Console) licenseClaimRefused(rq *request, posted string, err error) error {
	code := govops.ErrorCode(err)
	if code != govops.EINVALID && code != govops.ECONFLICT && code != govops.EFORBIDDEN {
		return err
	}
	d, derr := c.licenseClaimData(rq, rq.Param("code"), rq.Param("department"))
	if derr != nil {
		return derr
	}
	d.Posted = posted
	return c.refused(rq, "licenses", "licenses_claim", licClaimTitle(d), d, err)
}

// licenseDeclare declares (or clears) the number of records a claim
// expects: the department's 底数.
func (c *Console) licenseDeclare(rq *request) error {
	code, dept := rq.Param("code"), rq.Param("department")
	version, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	up := license.ClaimUpdate{IfVersion: version}
	if rq.Form("clear") != "" {
		up.ClearExpected = true
	} else {
		n, err := licCount(rq.Form("expected"))
		if err == nil && n == nil {
			err = govops.FieldError("expected", "请填写证照数量；尚不清楚时勾选“清除申报”")
		}
		if err != nil {
			return c.licenseClaimRefused(rq, "declare", err)
		}
		up.Expected = n
	}
	apikit.SetSubject(rq.ctx, code+"/"+dept)
	if _, err := c.svc.Licenses.UpdateClaim(rq.ctx, rq.Actor(), code, dept, up); err != nil {
		return c.licenseClaimRefused(rq, "declare", err)
	}
	return c.done(rq, licClaimPath(code, dept), "已申报证照数量")
}

// licenseWithdrawClaim withdraws a claim or explanation, with a reason.
func (c *Console) licenseWithdrawClaim(rq *request) error {
	code, dept := rq.Param("code"), rq.Param("department")
	version, _ := strconv.ParseInt(rq.Form("if_version"), 10, 64)
	apikit.SetSubject(rq.ctx, code+"/"+dept)
	if _, err := c.svc.Licenses.WithdrawClaim(rq.ctx, rq.Actor(), code, dept, rq.Form("reason"), version); err != nil {
		return c.licenseClaimRefused(rq, "withdraw", err)
	}
	return c.done(rq, licClaimPath(code, dept), "已撤回")
}

// licClaimPath is the page of the claim of type code by dept.
func licClaimPath(code, dept string) string { return licTypePath(code) + "/claims/" + dept }
