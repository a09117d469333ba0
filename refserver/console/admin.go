package console

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/refserver/apikit"
)

// adminRoutes are the pages of this group: the directory, the tokens, the
// calendar and the audit log, for the admin role only.
func (c *Console) adminRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/admin", admin: true, h: c.adminDepartments},
		{method: http.MethodGet, path: "/admin/departments", admin: true, h: c.adminDepartments},
		{method: http.MethodPost, path: "/admin/departments", admin: true, h: c.adminCreateDepartment},
		{method: http.MethodGet, path: "/admin/tokens", admin: true, h: c.adminTokens},
		{method: http.MethodPost, path: "/admin/tokens", admin: true, h: c.adminIssueToken},
		{method: http.MethodPost, path: "/admin/tokens/:id/revoke", admin: true, h: c.adminRevokeToken},
		{method: http.MethodGet, path: "/admin/calendar", admin: true, h: c.adminCalendar},
		{method: http.MethodGet, path: "/admin/audit", admin: true, h: c.adminAudit},
	}
}

// adminTabs is the admin pages' sub-navigation, with active marked.
func adminTabs(active string) TabNav {
	nav := tabNav("系统管理", []Tab{
		{Key: "departments", Label: "部门目录", Path: "/admin/departments"},
		{Key: "tokens", Label: "访问令牌", Path: "/admin/tokens"},
		{Key: "calendar", Label: "工作日历", Path: "/admin/calendar"},
		{Key: "audit", Label: "审计日志", Path: "/admin/audit"},
	}, active)
	nav.ID = "admin-tabs"
	return nav
}

// choice is one option of a select.
type choice struct{ Value, Label string }

// adminDepartmentsData is the directory page.
type adminDepartmentsData struct {
	Tabs            TabNav
	Kind, Parent, Q string
	Kinds, Zones    []choice
	Items           []adminDepartment
	Pager           Pager
}

type adminDepartment struct {
	Code, Name, KindLabel, Parent, ZoneLabel, StatusLabel string
	Active                                                bool
	CreatedAt                                             string
}

// departmentsData reads one page of the directory with the request's
// filters.
func (c *Console) departmentsData(rq *request) (adminDepartmentsData, error) {
	d := adminDepartmentsData{Tabs: adminTabs("departments"), Kind: rq.Query("kind"), Parent: rq.Query("parent"), Q: rq.Query("q")}
	for _, k := range directory.Kinds() {
		d.Kinds = append(d.Kinds, choice{string(k), k.Label()})
	}
	for _, z := range directory.Zones() {
		d.Zones = append(d.Zones, choice{string(z), z.Label()})
	}
	in := directory.ListInput{Filter: directory.Filter{Parent: d.Parent, Text: d.Q}, Cursor: rq.Query("cursor")}
	if d.Kind != "" {
		in.Filter.Kinds = []directory.Kind{directory.Kind(d.Kind)}
	}
	p, err := c.svc.Departments.List(rq.ctx, rq.Actor(), in)
	if err != nil {
		return d, err
	}
	for _, dep := range p.Items {
		ad := adminDepartment{Code: dep.Code, Name: dep.Name, KindLabel: dep.Kind.Label(), Parent: dep.Parent,
			StatusLabel: dep.Status.Label(), Active: dep.Active(), CreatedAt: c.date(dep.CreatedAt)}
		if dep.Zone != "" {
			ad.ZoneLabel = dep.Zone.Label()
		}
		d.Items = append(d.Items, ad)
	}
	d.Pager = rq.pager(p.Next)
	return d, nil
}

// adminDepartments lists the directory (部门目录) with its create form.
func (c *Console) adminDepartments(rq *request) error {
	d, err := c.departmentsData(rq)
	if err != nil {
		return err
	}
	return c.page(rq, "admin", "admin_departments", "系统管理 · 部门目录", d)
}

// adminCreateDepartment adds a unit to the directory.
func (c *Console) adminCreateDepartment(rq *request) error {
	in := directory.CreateInput{Code: rq.Form("code"), Name: rq.Form("name"), Kind: directory.Kind(rq.Form("kind")),
		Parent: rq.Form("parent"), Zone: directory.Zone(rq.Form("zone"))}
	if in.Code != "" {
		apikit.SetSubject(rq.ctx, in.Code)
	}
	dep, err := c.svc.Departments.Create(rq.ctx, rq.Actor(), in)
	if err != nil {
		d, derr := c.departmentsData(rq)
		if derr != nil {
			return derr
		}
		return c.refused(rq, "admin", "admin_departments", "系统管理 · 部门目录", d, err)
	}
	return c.done(rq, "/admin/departments"+query("q", dep.Code), fmt.Sprintf("已新增部门 %s %s", dep.Code, dep.Name))
}

// adminRoles are the roles a token may have, with the labels the server
// gives them (refserver.Role.Label).
var adminRoles = []choice{{"admin", "管理员"}, {"dept", "部门"}, {"viewer", "只读"}}

// adminTokensData is the tokens page.
type adminTokensData struct {
	Tabs  TabNav
	Roles []choice
	Items []TokenView
	Pager Pager
	// Issued and Secret are the token just issued and its secret, shown
	// on the answer to the issue form only.
	Issued *TokenView
	Secret string
}

func (c *Console) tokensData(rq *request) (adminTokensData, error) {
	d := adminTokensData{Tabs: adminTabs("tokens"), Roles: adminRoles}
	p, err := c.backend.Tokens(rq.ctx, rq.Query("cursor"), govops.DefaultPageSize)
	if err != nil {
		return d, err
	}
	d.Items, d.Pager = p.Items, rq.pager(p.Next)
	return d, nil
}

// adminTokens lists the tokens, never their secrets.
func (c *Console) adminTokens(rq *request) error {
	d, err := c.tokensData(rq)
	if err != nil {
		return err
	}
	return c.page(rq, "admin", "admin_tokens", "系统管理 · 访问令牌", d)
}

// adminIssueToken issues a token and shows its secret in the answer
// itself, once: no redirect, so that no later page can show it again.
func (c *Console) adminIssueToken(rq *request) error {
	t, secret, err := c.backend.IssueToken(rq.ctx, TokenInput{Name: rq.Form("name"), Role: rq.Form("role"), Department: rq.Form("department")})
	if err == nil {
		apikit.SetSubject(rq.ctx, "token "+t.ID)
	}
	d, derr := c.tokensData(rq)
	if derr != nil {
		return derr
	}
	if err != nil {
		return c.refused(rq, "admin", "admin_tokens", "系统管理 · 访问令牌", d, err)
	}
	d.Issued, d.Secret = &t, secret
	return c.page(rq, "admin", "admin_tokens", "系统管理 · 访问令牌", d)
}

// adminRevokeToken revokes a token: its sessions end with it.
func (c *Console) adminRevokeToken(rq *request) error {
	id := rq.Param("id")
	apikit.SetSubject(rq.ctx, "token "+id)
	t, err := c.backend.RevokeToken(rq.ctx, id)
	if err != nil {
		return err
	}
	return c.done(rq, "/admin/tokens", fmt.Sprintf("已吊销令牌“%s”", t.Name))
}

// adminCalendarData is the calendar page.
type adminCalendarData struct {
	Tabs  TabNav
	Years []CalendarYear
	// Provisional are the years only the weekend rule covers.
	Provisional []string
	Warnings    []string
}

// adminCalendar shows which years the working-day calendar covers, and
// warns of a year without its State Council notice.
func (c *Console) adminCalendar(rq *request) error {
	cv, err := c.backend.Calendar(rq.ctx)
	if err != nil {
		return err
	}
	d := adminCalendarData{Tabs: adminTabs("calendar"), Years: cv.Years, Warnings: cv.Warnings}
	for _, y := range cv.Years {
		if y.Provisional {
			d.Provisional = append(d.Provisional, strconv.Itoa(y.Year)+"年")
		}
	}
	return c.page(rq, "admin", "admin_calendar", "系统管理 · 工作日历", d)
}

// ProvisionalList joins the provisional years for the warning.
func (d adminCalendarData) ProvisionalList() string { return strings.Join(d.Provisional, "、") }

// adminAuditData is the audit log page.
type adminAuditData struct {
	Tabs           TabNav
	Actor, Subject string
	Items          []AuditView
	Pager          Pager
}

// adminAudit lists the audit log, newest first.
func (c *Console) adminAudit(rq *request) error {
	d := adminAuditData{Tabs: adminTabs("audit"), Actor: rq.Query("actor"), Subject: rq.Query("subject")}
	p, err := c.backend.Audit(rq.ctx, AuditFilter{Actor: d.Actor, Subject: d.Subject}, rq.Query("cursor"), govops.DefaultPageSize)
	if err != nil {
		return err
	}
	d.Items, d.Pager = p.Items, rq.pager(p.Next)
	return c.page(rq, "admin", "admin_audit", "系统管理 · 审计日志", d)
}
