package console

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/refserver/apikit"
)

// caseRoutes are the pages of the command platform's cases (综合指挥平台案件):
// the list, registering a case, a case's detail and one POST per lifecycle
// action.
func (c *Console) caseRoutes() []route {
	rs := []route{
		{method: http.MethodGet, path: "/cases", h: c.caseList},
		{method: http.MethodGet, path: "/cases/new", h: c.caseNew},
		{method: http.MethodPost, path: "/cases", h: c.caseRegister},
		{method: http.MethodGet, path: "/cases/:number", h: c.caseDetail},
	}
	for _, a := range caseActions() {
		rs = append(rs, route{method: http.MethodPost, path: "/cases/:number/" + a.Key, h: c.caseAct(a)})
	}
	return rs
}

// option is one choice of a select.
type option struct{ Value, Label string }

// caseFilters are the list's filters, as the query holds them.
type caseFilters struct {
	Status, Kind, Category, Department, Overdue, From, To, Q, Year string
}

// caseRow is one case of the list, ready to show.
type caseRow struct {
	Number, Title, Kind, Status, Department string
	Badge                                   string // the status badge's class
	Registered, Due                         time.Time
	Overdue                                 bool
}

// caseListData is the list page.
type caseListData struct {
	Filters    caseFilters
	Statuses   []option
	Kinds      []option
	Categories []option
	// Departments is offered as a filter to district-wide readers only:
	// a department sees its own cases whatever it asks.
	Departments []option
	Rows        []caseRow
	Pager       Pager
	// MayRegister shows the link to the register form.
	MayRegister bool
}

// caseList lists the cases the session may see, newest first, one
// Service page at a time, with at most one directory read for the names
// of the departments.
func (c *Console) caseList(rq *request) error {
	by := rq.Actor()
	f := caseFilters{
		Status: rq.Query("status"), Kind: rq.Query("kind"), Category: rq.Query("category"),
		Department: rq.Query("department"), Overdue: rq.Query("overdue"),
		From: rq.Query("created_from"), To: rq.Query("created_to"), Q: rq.Query("q"), Year: rq.Query("year"),
	}
	d := &caseListData{Filters: f, MayRegister: by.IsCenter(), Statuses: caseStatusOptions(),
		Kinds: c.caseKindOptions(), Categories: c.caseCategoryOptions()}
	names := c.deptNames(rq)
	units, err := names.units()
	if err != nil {
		return err
	}
	if by.DistrictWide() {
		for _, u := range units {
			d.Departments = append(d.Departments, option{u.Code, u.Name})
		}
	}
	in := govcase.ListInput{Cursor: rq.Query("cursor"), Overdue: f.Overdue != ""}
	if f.Status != "" {
		in.Filter.Statuses = []govcase.Status{govcase.Status(f.Status)}
	}
	if f.Kind != "" {
		in.Filter.Kinds = []govcase.Kind{govcase.Kind(f.Kind)}
	}
	in.Filter.Category = govcase.Category(f.Category)
	in.Filter.Department = f.Department
	in.Filter.Text = f.Q
	var p govops.Problems
	if f.Year != "" {
		// The year of the number, as the overview's figures count it.
		y, err := strconv.Atoi(f.Year)
		if err != nil || y < 1900 || y > 9999 {
			p.Add("year", "请填写四位数的年份，如 2022")
		}
		in.Filter.Year = y
	}
	in.Filter.CreatedFrom = c.caseQueryTime(&p, "created_from", f.From, false)
	in.Filter.CreatedTo = c.caseQueryTime(&p, "created_to", f.To, true)
	err = p.Err()
	var page govops.Page[*govcase.Case]
	if err == nil {
		page, err = c.svc.Cases.List(rq.ctx, by, in)
	}
	if err != nil {
		return c.refused(rq, "cases", "cases_list", "案件", d, err)
	}
	kinds := c.caseKindLabels()
	now := c.now()
	for _, cs := range page.Items {
		d.Rows = append(d.Rows, caseRow{
			Number: cs.Number, Title: cs.Title, Kind: labelOr(kinds, cs.Kind), Status: cs.Status.Label(),
			Badge: statusBadge(cs.Status), Department: names.name(cs.Department),
			Registered: cs.CreatedAt, Due: cs.ResolveBy, Overdue: cs.Overdue(now),
		})
	}
	d.Pager = rq.pager(page.Next)
	return c.page(rq, "cases", "cases_list", "案件", d)
}

// caseQueryTime reads a date (or RFC 3339 time) filter; a bad one is a
// problem of field.
func (c *Console) caseQueryTime(p *govops.Problems, field, s string, endOfDay bool) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := apikit.ParseTimeOrDate(s, c.loc, endOfDay)
	if err != nil {
		p.Add(field, "请填写日期，如 2022-03-01")
		return time.Time{}
	}
	return t
}

func labelOr(labels map[govcase.Kind]string, k govcase.Kind) string {
	if l, ok := labels[k]; ok {
		return l
	}
	return string(k)
}

// caseKindLabels maps each kind the Service knows to its label.
func (c *Console) caseKindLabels() map[govcase.Kind]string {
	m := map[govcase.Kind]string{}
	for _, k := range c.svc.Cases.Kinds() {
		m[k.Code] = k.Label
	}
	return m
}

func (c *Console) caseKindOptions() []option {
	var out []option
	for _, k := range c.svc.Cases.Kinds() {
		out = append(out, option{string(k.Code), k.Label})
	}
	return out
}

// caseCategoryOptions are the categories of every kind, common ones first.
func (c *Console) caseCategoryOptions() []option {
	cats := govcase.CommonCategories()
	for _, k := range c.svc.Cases.Kinds() {
		for _, cat := range k.Categories {
			if !slices.Contains(cats, cat) {
				cats = append(cats, cat)
			}
		}
	}
	out := make([]option, len(cats))
	for i, cat := range cats {
		out[i] = option{string(cat), cat.Label()}
	}
	return out
}

func caseStatusOptions() []option {
	var out []option
	for _, s := range govcase.AllStatuses() {
		out = append(out, option{string(s), s.Label()})
	}
	return out
}

// statusBadge is the badge class of a status: done, waiting on a
// department, or sent back.
func statusBadge(s govcase.Status) string {
	switch s {
	case govcase.StatusReplied, govcase.StatusClosed:
		return "ok"
	case govcase.StatusDispatched, govcase.StatusAccepted:
		return "warn"
	case govcase.StatusReturned:
		return "bad"
	}
	return ""
}
