package console

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/govops-kit/govops/license"
)

// licenseRoutes are the pages of the electronic-license catalog (电子证照):
// its coverage and risk list, the types, their claims and templates.
func (c *Console) licenseRoutes() []route {
	const tc = "/licenses/types/:code"
	return []route{
		{method: http.MethodGet, path: "/licenses", h: c.licensesIndex},
		{method: http.MethodGet, path: "/licenses/types", h: c.licenseTypes},
		{method: http.MethodGet, path: tc, h: c.licenseType},
		{method: http.MethodPost, path: tc + "/claims", h: c.licenseFileClaim},
		{method: http.MethodPost, path: tc + "/templates", h: c.licenseUploadTemplate},
		{method: http.MethodPost, path: tc + "/schema", h: c.licenseSetSchema},
		{method: http.MethodPost, path: "/licenses/templates/:id/approve", admin: true, h: c.licenseApproveTemplate},
		{method: http.MethodGet, path: "/licenses/claims", h: c.licenseClaims},
		{method: http.MethodGet, path: tc + "/claims/:department", h: c.licenseClaim},
		{method: http.MethodPost, path: tc + "/claims/:department/expected", h: c.licenseDeclare},
		{method: http.MethodPost, path: tc + "/claims/:department/withdraw", h: c.licenseWithdrawClaim},
	}
}

// licKPI is one figure of the coverage page, with the list it links to and
// its share of a whole when it has one.
type licKPI struct {
	ID    string
	Label string
	Value int64
	Link  string
	Meter template.HTML
}

// licRisk is one line of the risk list, its department named.
type licRisk struct {
	license.Risk
	DepartmentName string
}

// licRiskTab is one reason of the risk list, with how many risks give it.
type licRiskTab struct {
	Reason license.RiskReason
	Count  int
	Active bool
}

// licDept is one claiming department's line of the coverage report.
type licDept struct {
	license.DepartmentCoverage
	Name string
}

// licensesIndexData is the coverage page.
type licensesIndexData struct {
	Coverage *license.Coverage
	KPIs     []licKPI
	Uploaded template.HTML
	Depts    []licDept
	Tabs     []licRiskTab
	Reason   string
	Risks    []licRisk
	AllRisks int
}

// licensesIndex shows the coverage report (底数): the types claimed,
// explained and unclaimed, templates, schemas and records, each
// department's uploads against its declared counts, and the risk list,
// which a reason narrows.
func (c *Console) licensesIndex(rq *request) error {
	cv, err := c.svc.Licenses.Coverage(rq.ctx, rq.Actor())
	if err != nil {
		return err
	}
	share := func(n int64) template.HTML { return Meter("占类型总数", float64(n), float64(cv.Types)) }
	d := licensesIndexData{Coverage: cv, Reason: rq.Query("reason"), AllRisks: len(cv.Risks),
		Uploaded: Meter("证照上传率", float64(cv.Uploaded.Numerator), float64(cv.Uploaded.Denominator))}
	d.KPIs = []licKPI{
		{ID: "kpi-types", Label: "证照类型", Value: cv.Types, Link: "/licenses/types"},
		{ID: "kpi-claimed", Label: "已认领", Value: cv.Claimed, Link: "/licenses/claims?kind=claim&status=active", Meter: share(cv.Claimed)},
		{ID: "kpi-explained", Label: "仅有情况说明", Value: cv.Explained, Link: "/licenses/claims?kind=explanation&status=active", Meter: share(cv.Explained)},
		{ID: "kpi-unclaimed", Label: "未认领", Value: cv.Unclaimed, Link: "/licenses?reason=unclaimed#risks", Meter: share(cv.Unclaimed)},
		{ID: "kpi-templates", Label: "有已审定版式文件", Value: cv.WithTemplate, Link: "/licenses?reason=no_template#risks", Meter: share(cv.WithTemplate)},
		{ID: "kpi-schemas", Label: "有照面信息", Value: cv.WithSchema, Link: "/licenses?reason=no_schema#risks", Meter: share(cv.WithSchema)},
		{ID: "kpi-with-records", Label: "已上传证照的类型", Value: cv.WithRecords, Link: "/licenses/types", Meter: share(cv.WithRecords)},
		{ID: "kpi-records", Label: "已上传证照", Value: cv.Records, Link: "/licenses?reason=below_expected#risks"},
	}
	names := c.deptNames(rq)
	for _, dc := range cv.Departments {
		d.Depts = append(d.Depts, licDept{DepartmentCoverage: dc, Name: names.name(dc.Department)})
	}
	counts := map[license.RiskReason]int{}
	for _, r := range cv.Risks {
		counts[r.Reason]++
		if d.Reason == "" || string(r.Reason) == d.Reason {
			d.Risks = append(d.Risks, licRisk{Risk: r, DepartmentName: names.name(r.Department)})
		}
	}
	for _, r := range licRiskReasons() {
		if counts[r] > 0 {
			d.Tabs = append(d.Tabs, licRiskTab{Reason: r, Count: counts[r], Active: string(r) == d.Reason})
		}
	}
	return c.page(rq, "licenses", "licenses_index", "电子证照", d)
}

// licRiskReasons lists the risk reasons in the order the risk list's tabs
// show them.
func licRiskReasons() []license.RiskReason {
	return []license.RiskReason{license.RiskUnclaimed, license.RiskNoTemplate, license.RiskNoSchema, license.RiskNoExpected,
		license.RiskNoRecords, license.RiskBelowExpected, license.RiskUnclaimedRecords}
}

// licType is one type of the types list, with the risks the coverage
// report names for it.
type licType struct {
	*license.Type
	Risks []license.RiskReason
}

// ValidityText says how long a license of the type is valid.
func (t licType) ValidityText() string { return licValidity(t.Validity) }

// licValidity writes a validity range in months as people say it.
func licValidity(v license.Validity) string {
	switch {
	case v.Permanent():
		return "长期有效"
	case v.MinMonths == v.MaxMonths || v.MinMonths == 0:
		return fmt.Sprintf("%d 个月以内", v.MaxMonths)
	}
	return fmt.Sprintf("%d–%d 个月", v.MinMonths, v.MaxMonths)
}

// licenseTypesData is the types list.
type licenseTypesData struct {
	Types  []licType
	Levels []license.Level
	Level  string
	Auth   string
	Text   string
	Pager  Pager
}

// licenseTypes lists the catalog's types a page at a time, filtered by
// level, defining authority and text, each with the risks the coverage
// report names for it.
func (c *Console) licenseTypes(rq *request) error {
	in := license.TypeList{Cursor: rq.Query("cursor")}
	in.Level = license.Level(rq.Query("level"))
	in.Authority = rq.Query("authority")
	in.Text = rq.Query("q")
	page, err := c.svc.Licenses.ListTypes(rq.ctx, rq.Actor(), in)
	if err != nil {
		return err
	}
	cv, err := c.svc.Licenses.Coverage(rq.ctx, rq.Actor())
	if err != nil {
		return err
	}
	risks := map[string][]license.RiskReason{}
	for _, r := range cv.Risks {
		if r.Department == "" {
			risks[r.Type] = append(risks[r.Type], r.Reason)
		}
	}
	d := licenseTypesData{Levels: license.Levels(), Level: string(in.Level), Auth: in.Authority, Text: in.Text, Pager: rq.pager(page.Next)}
	for _, t := range page.Items {
		d.Types = append(d.Types, licType{Type: t, Risks: risks[t.Code]})
	}
	return c.page(rq, "licenses", "licenses_types", "证照类型", d)
}
