package datashare

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// reportPage is how many entries a report reads from the Store at a time,
// so that none holds a whole listing it does not need.
const reportPage = 500

// MetricsQuery selects what Metrics counts: one department's entries, or
// every department's when Department is empty (district-wide actors only).
type MetricsQuery struct {
	Department string
}

// MetricCount is the count of one value of an enum (a class, a format, a
// share type), with its Chinese label.
type MetricCount struct {
	Value string
	Label string
	Count int64
}

// CatalogRecords is the records mounted into one entry.
type CatalogRecords struct {
	Code       string
	Name       string
	Department string
	Records    int64
}

// DepartmentRecords is one department's published entries and the records
// mounted into them.
type DepartmentRecords struct {
	Department string
	Catalogs   int64
	Records    int64
}

// MonthRecords is the records committed in one month ("2022-03", in
// Asia/Shanghai).
type MonthRecords struct {
	Month   string
	Records int64
}

// Metrics is what the center reports of the catalog (共享开放指标), counted
// over published entries only: how many there are, by class, format class
// and share type; how many are structured (their format is one of the
// Service's StructuredFormats) and how many of those are shared (无条件 or
// 有条件); the share ratio with the rule it was counted by; and the records
// mounted (those of committed batches), by entry, department and month.
type Metrics struct {
	// Department is the department counted; "" for the district.
	Department  string
	Catalogs    int64
	ByClass     []MetricCount
	ByFormat    []MetricCount
	ByShareType []MetricCount
	Structured  int64
	Shared      int64
	// ShareRatio is Shared over Structured.
	ShareRatio govops.Rate
	// Rule says how ShareRatio was counted, in the actual numbers and
	// formats: "58 / 66 structured catalogs (电子表格, 数据库) with share
	// type 无条件共享 or 有条件共享 = 87.88%; published entries only".
	Rule         string
	Records      int64
	ByCatalog    []CatalogRecords    // by code; every published entry
	ByDepartment []DepartmentRecords // by department code
	ByMonth      []MonthRecords      // by month
}

// Metrics counts the catalog. Every actor may ask; a department is
// limited to its own entries (asking for another's is EFORBIDDEN naming
// "department"). It reads each published entry once, a page at a time, and
// the Store's counts of what their committed batches mounted
// (Store.MountTotals), which the Store keeps as batches commit: the cost
// is the number of entries and months, never the number of batches or
// records. An entry's records count for its current department.
func (s *Service) Metrics(ctx context.Context, by govops.Actor, q MetricsQuery) (*Metrics, error) {
	dept, err := reportScope(by, q.Department)
	if err != nil {
		return nil, err
	}
	m := &Metrics{Department: dept}
	byClass, byFormat, byShare := map[Class]int64{}, map[Format]int64{}, map[ShareType]int64{}
	depts := map[string]*DepartmentRecords{}
	index := map[uuid.UUID]int{} // entry → its line in ByCatalog
	err = s.eachCatalog(ctx, CatalogFilter{Department: dept, Status: CatalogPublished}, func(c *Catalog) error {
		m.Catalogs++
		byClass[c.Class]++
		byFormat[c.Format]++
		byShare[c.ShareType]++
		if slices.Contains(s.structured, c.Format) {
			m.Structured++
			if c.ShareType == ShareUnconditional || c.ShareType == ShareConditional {
				m.Shared++
			}
		}
		index[c.ID] = len(m.ByCatalog)
		m.ByCatalog = append(m.ByCatalog, CatalogRecords{Code: c.Code, Name: c.Name, Department: c.Department})
		d := depts[c.Department]
		if d == nil {
			d = &DepartmentRecords{Department: c.Department}
			depts[c.Department] = d
		}
		d.Catalogs++
		return nil
	})
	if err != nil {
		return nil, err
	}
	totals, err := s.store.MountTotals(ctx, MountFilter{Department: dept, Status: CatalogPublished})
	if err != nil {
		return nil, err
	}
	for _, e := range totals.Entries {
		i, ok := index[e.Catalog]
		if !ok { // published since the entries were read
			continue
		}
		m.Records += e.Records
		m.ByCatalog[i].Records += e.Records
		depts[m.ByCatalog[i].Department].Records += e.Records
	}
	months := map[string]int64{}
	for _, mo := range totals.Months {
		months[mo.Month] += mo.Records
	}
	m.ByClass = enumCounts(Classes(), byClass)
	m.ByFormat = enumCounts(Formats(), byFormat)
	m.ByShareType = enumCounts(ShareTypes(), byShare)
	m.ShareRatio = govops.NewRate(m.Shared, m.Structured)
	m.Rule = s.shareRule(m, dept)
	// Entries come in code order already (Store.Catalogs).
	for _, d := range depts {
		m.ByDepartment = append(m.ByDepartment, *d)
	}
	slices.SortFunc(m.ByDepartment, func(a, b DepartmentRecords) int { return strings.Compare(a.Department, b.Department) })
	for mo, n := range months {
		m.ByMonth = append(m.ByMonth, MonthRecords{Month: mo, Records: n})
	}
	slices.SortFunc(m.ByMonth, func(a, b MonthRecords) int { return cmp.Compare(a.Month, b.Month) })
	return m, nil
}

// shareRule is the counting rule of m's share ratio, with its numbers.
func (s *Service) shareRule(m *Metrics, dept string) string {
	labels := make([]string, len(s.structured))
	for i, f := range s.structured {
		labels[i] = f.Label()
	}
	rule := fmt.Sprintf("%d / %d structured catalogs (%s) with share type %s or %s = %s; published entries only",
		m.Shared, m.Structured, strings.Join(labels, ", "), ShareUnconditional.Label(), ShareConditional.Label(), m.ShareRatio)
	if dept != "" {
		rule += "; department " + dept
	}
	return rule
}

// enumCounts lists the count of every value of all, in its order, zeros
// included, so that a reader sees the whole table.
func enumCounts[T interface {
	~string
	Label() string
}](all []T, counts map[T]int64) []MetricCount {
	out := make([]MetricCount, 0, len(all))
	for _, v := range all {
		out = append(out, MetricCount{Value: string(v), Label: v.Label(), Count: counts[v]})
	}
	return out
}

// reportScope returns the department a report by by counts: its own for a
// department (another's is EFORBIDDEN naming "department"), the one asked
// for (or the district, "") for a district-wide actor.
func reportScope(by govops.Actor, dept string) (string, error) {
	var p govops.Problems
	by.Check(&p)
	if dept != "" {
		govops.CheckCode(&p, "department", dept)
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	return by.Scope(dept)
}

// eachCatalog calls fn with every entry matching f, in code order, reading
// them a page at a time. It stops at fn's first error.
func (s *Service) eachCatalog(ctx context.Context, f CatalogFilter, fn func(c *Catalog) error) error {
	after := ""
	for {
		cs, err := s.store.Catalogs(ctx, f, after, reportPage)
		if err != nil {
			return err
		}
		for i := range cs {
			if err := fn(&cs[i]); err != nil {
				return err
			}
		}
		if len(cs) < reportPage {
			return nil
		}
		after = cs[len(cs)-1].Code
	}
}
