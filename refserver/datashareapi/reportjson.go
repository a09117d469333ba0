package datashareapi

import (
	"github.com/govops-kit/govops/datashare"
)

// The JSON shapes of the metrics and the quality report.

type countJSON struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int64  `json:"count"`
}

func countsOut(cs []datashare.MetricCount) []countJSON {
	out := make([]countJSON, len(cs))
	for i, c := range cs {
		out[i] = countJSON{Value: c.Value, Label: c.Label, Count: c.Count}
	}
	return out
}

type catalogRecordsJSON struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Department string `json:"department"`
	Records    int64  `json:"records"`
}

type departmentRecordsJSON struct {
	Department string `json:"department"`
	Catalogs   int64  `json:"catalogs"`
	Records    int64  `json:"records"`
}

type monthRecordsJSON struct {
	Month   string `json:"month"`
	Records int64  `json:"records"`
}

type metricsJSON struct {
	Department   string                  `json:"department,omitempty"`
	Catalogs     int64                   `json:"catalogs"`
	ByClass      []countJSON             `json:"by_class"`
	ByFormat     []countJSON             `json:"by_format"`
	ByShareType  []countJSON             `json:"by_share_type"`
	Structured   int64                   `json:"structured"`
	Shared       int64                   `json:"shared"`
	ShareRatio   rateJSON                `json:"share_ratio"`
	Rule         string                  `json:"rule"`
	Records      int64                   `json:"records"`
	ByCatalog    []catalogRecordsJSON    `json:"by_catalog"`
	ByDepartment []departmentRecordsJSON `json:"by_department"`
	ByMonth      []monthRecordsJSON      `json:"by_month"`
}

func metricsOut(m *datashare.Metrics) any {
	out := metricsJSON{Department: m.Department, Catalogs: m.Catalogs, ByClass: countsOut(m.ByClass),
		ByFormat: countsOut(m.ByFormat), ByShareType: countsOut(m.ByShareType), Structured: m.Structured,
		Shared: m.Shared, ShareRatio: rateOut(m.ShareRatio), Rule: m.Rule, Records: m.Records,
		ByCatalog: make([]catalogRecordsJSON, len(m.ByCatalog)), ByDepartment: make([]departmentRecordsJSON, len(m.ByDepartment)),
		ByMonth: make([]monthRecordsJSON, len(m.ByMonth))}
	for i, c := range m.ByCatalog {
		out.ByCatalog[i] = catalogRecordsJSON{Code: c.Code, Name: c.Name, Department: c.Department, Records: c.Records}
	}
	for i, d := range m.ByDepartment {
		out.ByDepartment[i] = departmentRecordsJSON{Department: d.Department, Catalogs: d.Catalogs, Records: d.Records}
	}
	for i, mo := range m.ByMonth {
		out.ByMonth[i] = monthRecordsJSON{Month: mo.Month, Records: mo.Records}
	}
	return out
}

type catalogRateJSON struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Department string   `json:"department"`
	Rate       rateJSON `json:"rate"`
	Missing    []string `json:"missing,omitempty"`
}

type dimensionJSON struct {
	Dimension      string            `json:"dimension"`
	DimensionLabel string            `json:"dimension_label"`
	Overall        rateJSON          `json:"overall"`
	Rule           string            `json:"rule"`
	Worst          []catalogRateJSON `json:"worst"`
}

type catalogQualityJSON struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Department   string   `json:"department"`
	Cycle        string   `json:"cycle"`
	CycleLabel   string   `json:"cycle_label"`
	LastMounted  string   `json:"last_mounted,omitempty"`
	Completeness rateJSON `json:"completeness"`
	Validity     rateJSON `json:"validity"`
	Uniqueness   rateJSON `json:"uniqueness"`
	Timeliness   rateJSON `json:"timeliness"`
	Consistency  rateJSON `json:"consistency"`
	Missing      []string `json:"missing"`
}

type qualityJSON struct {
	Department string               `json:"department,omitempty"`
	Catalogs   int64                `json:"catalogs"`
	Dimensions []dimensionJSON      `json:"dimensions"`
	Entries    []catalogQualityJSON `json:"entries"`
}

func (a *API) qualityOut(q *datashare.QualityReport) any {
	out := qualityJSON{Department: q.Department, Catalogs: q.Catalogs, Dimensions: make([]dimensionJSON, len(q.Dimensions)),
		Entries: make([]catalogQualityJSON, len(q.Entries))}
	for i, d := range q.Dimensions {
		dj := dimensionJSON{Dimension: string(d.Dimension), DimensionLabel: d.Dimension.Label(), Overall: rateOut(d.Overall),
			Rule: d.Rule, Worst: make([]catalogRateJSON, len(d.Worst))}
		for j, w := range d.Worst {
			dj.Worst[j] = catalogRateJSON{Code: w.Code, Name: w.Name, Department: w.Department, Rate: rateOut(w.Rate), Missing: w.Missing}
		}
		out.Dimensions[i] = dj
	}
	for i, e := range q.Entries {
		out.Entries[i] = catalogQualityJSON{Code: e.Code, Name: e.Name, Department: e.Department, Cycle: string(e.Cycle),
			CycleLabel: e.Cycle.Label(), LastMounted: a.clock.Format(e.LastMounted), Completeness: rateOut(e.Completeness),
			Validity: rateOut(e.Validity), Uniqueness: rateOut(e.Uniqueness), Timeliness: rateOut(e.Timeliness),
			Consistency: rateOut(e.Consistency), Missing: nonNil(e.Missing)}
	}
	return out
}
