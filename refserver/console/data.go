package console

import (
	"html/template"
	"net/http"

	"github.com/govops-kit/govops/datashare"
)

// dataRoutes are the pages of the data resource catalog (政务数据共享): its
// metrics, the catalog and its entries, the share requests and the quality
// report.
func (c *Console) dataRoutes() []route {
	const rq = "/data/requests/:id"
	return []route{
		{method: http.MethodGet, path: "/data", h: c.dataIndex},
		{method: http.MethodGet, path: "/data/catalogs", h: c.dataCatalogs},
		{method: http.MethodGet, path: "/data/catalogs/:id", h: c.dataCatalog},
		{method: http.MethodGet, path: "/data/requests", h: c.dataRequests},
		{method: http.MethodPost, path: "/data/requests", h: c.dataFileRequest},
		{method: http.MethodGet, path: rq, h: c.dataRequest},
		{method: http.MethodPost, path: rq + "/reply", h: c.dataReply},
		{method: http.MethodPost, path: rq + "/withdraw", h: c.dataWithdrawRequest},
		{method: http.MethodPost, path: rq + "/revoke", h: c.dataRevoke},
		{method: http.MethodGet, path: "/data/quality", h: c.dataQuality},
	}
}

// dataCount is one line of a metrics table, linking to the entries it
// counts.
type dataCount struct {
	datashare.MetricCount
	Link string
}

// dataDept is one department's line of the metrics.
type dataDept struct {
	datashare.DepartmentRecords
	Name string
}

// dataIndexData is the metrics page.
type dataIndexData struct {
	M           *datashare.Metrics
	Ratio       template.HTML
	Months      template.HTML
	ByClass     []dataCount
	ByFormat    []dataCount
	ByShareType []dataCount
	Depts       []dataDept
	// Department is the department asked for; DeptName its name.
	Department, DeptName string
}

// dataIndex shows the catalog's metrics (共享开放指标) with the rule the
// share ratio was counted by, of the district or of one department (a
// department session sees its own).
func (c *Console) dataIndex(rq *request) error {
	m, err := c.svc.Data.Metrics(rq.ctx, rq.Actor(), datashare.MetricsQuery{Department: rq.Query("department")})
	if err != nil {
		return err
	}
	names := c.deptNames(rq)
	d := dataIndexData{M: m, Department: m.Department, DeptName: names.name(m.Department),
		Ratio: Meter("结构化目录共享率", float64(m.Shared), float64(m.Structured))}
	counts := func(key string, cs []datashare.MetricCount) []dataCount {
		out := make([]dataCount, len(cs))
		for i, mc := range cs {
			out[i] = dataCount{MetricCount: mc, Link: "/data/catalogs" + query("status", "published", key, mc.Value, "department", m.Department)}
		}
		return out
	}
	d.ByClass, d.ByFormat, d.ByShareType = counts("class", m.ByClass), counts("format", m.ByFormat), counts("share_type", m.ByShareType)
	for _, dr := range m.ByDepartment {
		d.Depts = append(d.Depts, dataDept{DepartmentRecords: dr, Name: names.name(dr.Department)})
	}
	if len(m.ByMonth) > 0 {
		ch := Chart{Title: "每月挂接记录数", Unit: "条", Series: []Series{{Name: "记录"}}}
		for _, mo := range m.ByMonth {
			ch.Labels = append(ch.Labels, mo.Month)
			ch.Series[0].Values = append(ch.Series[0].Values, float64(mo.Records))
		}
		d.Months = BarChart(ch)
	}
	return c.page(rq, "data", "data_index", "数据共享", d)
}

// dataDimension is one dimension of the quality report, with its meter
// and its worst entries named.
type dataDimension struct {
	datashare.DimensionQuality
	Meter template.HTML
	Worst []dataRate
}

// dataRate is one entry of a worst list, its department named.
type dataRate struct {
	datashare.CatalogRate
	DeptName string
}

// dataEntryQuality is one entry's line of the quality report.
type dataEntryQuality struct {
	datashare.CatalogQuality
	DeptName string
}

// dataQualityData is the quality page.
type dataQualityData struct {
	Q          *datashare.QualityReport
	Dimensions []dataDimension
	Entries    []dataEntryQuality
	Department string
	DeptName   string
}

// dataQuality shows the quality report (GB/T 36344): each dimension over
// the published structured entries, the rule it was counted by, its
// worst entries, and every entry's rates.
func (c *Console) dataQuality(rq *request) error {
	q, err := c.svc.Data.Quality(rq.ctx, rq.Actor(), datashare.QualityQuery{Department: rq.Query("department")})
	if err != nil {
		return err
	}
	names := c.deptNames(rq)
	d := dataQualityData{Q: q, Department: q.Department, DeptName: names.name(q.Department)}
	for _, dq := range q.Dimensions {
		dd := dataDimension{DimensionQuality: dq, Meter: Meter(dq.Dimension.Label(), float64(dq.Overall.Numerator), float64(dq.Overall.Denominator))}
		for _, w := range dq.Worst {
			dd.Worst = append(dd.Worst, dataRate{CatalogRate: w, DeptName: names.name(w.Department)})
		}
		d.Dimensions = append(d.Dimensions, dd)
	}
	for _, e := range q.Entries {
		d.Entries = append(d.Entries, dataEntryQuality{CatalogQuality: e, DeptName: names.name(e.Department)})
	}
	return c.page(rq, "data", "data_quality", "数据质量", d)
}

// Link is the page of the entry.
func (e dataEntryQuality) Link() string { return dataCatalogPath(e.Code) }

// Link is the page of the entry.
func (r dataRate) Link() string { return dataCatalogPath(r.Code) }
