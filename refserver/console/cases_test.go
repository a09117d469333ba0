package console_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/refserver"
)

// The actors the site's tokens act as, for setting up and for asking the
// Service what a page must show.
var (
	casesCenter = govops.Actor{Name: "中心值班员"}
	casesViewer = govops.Actor{Name: "督查室", ReadOnly: true}
)

func casesDept(s *site) govops.Actor {
	return govops.Actor{Name: "解放街道联络员", Department: s.DeptCode}
}

var (
	casesRowNumber = regexp.MustCompile(`<tr[^>]*id="case-(\d{4}-\d{6,})"`)
	casesNextLink  = regexp.MustCompile(`<a href="([^"]+)" id="page-next"`)
)

// casesRows returns the case numbers a list page shows, in order.
func casesRows(body string) []string {
	var out []string
	for _, m := range casesRowNumber.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// casesRegister registers a case through the Service for a test of its
// own.
func casesRegister(t *testing.T, s *site, title string) *govcase.Case {
	t.Helper()
	c, err := s.Svc.Cases.Register(context.Background(), casesCenter, govcase.RegisterInput{
		Kind: govcase.KindHotline, Category: govcase.CategoryHelp, Source: govcase.SourcePhone,
		Title: title, Description: "路灯不亮，请尽快修复", Reporter: govcase.Contact{Name: "张伟", Phone: "13812345678"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// casesDispatched registers a case and dispatches it to the dept token's
// department.
func casesDispatched(t *testing.T, s *site, title string) *govcase.Case {
	t.Helper()
	c := casesRegister(t, s, title)
	c, err := s.Svc.Cases.Dispatch(context.Background(), casesCenter, c.Number, govcase.DispatchInput{Department: s.DeptCode})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// casesExpect fails unless the answer has status want and holds every one
// of parts.
func casesExpect(t *testing.T, what string, st int, body string, want int, parts ...string) {
	t.Helper()
	if st != want {
		t.Fatalf("%s: status %d, want %d:\n%s", what, st, want, clip(casesMain(body)))
	}
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Fatalf("%s: the page lacks %q:\n%s", what, p, clip(casesMain(body)))
		}
	}
}

// casesMain is the page without its header, for failure messages.
func casesMain(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		return body[i:]
	}
	return body
}

func TestCases_List(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()
	b := signedIn(t, s, s.Admin)

	t.Run("OK", func(t *testing.T) {
		want, err := s.Svc.Cases.List(ctx, casesCenter, govcase.ListInput{})
		if err != nil {
			t.Fatal(err)
		}
		st, body := b.get("/cases")
		casesExpect(t, "list", st, body, http.StatusOK, `id="page-title"`, `<div class="table-wrap">`, `id="f-department"`, `id="link-register"`)
		rows := casesRows(body)
		if len(rows) != len(want.Items) || rows[0] != want.Items[0].Number || rows[len(rows)-1] != want.Items[len(want.Items)-1].Number {
			t.Fatalf("the page lists %d cases from %v, the Service %d from %s", len(rows), rows[:1], len(want.Items), want.Items[0].Number)
		}
		if !strings.Contains(body, `href="/cases/`+rows[0]+`"`) {
			t.Error("a row does not link to its case")
		}
	})

	t.Run("Pages", func(t *testing.T) {
		_, body := b.get("/cases?kind=hotline")
		m := casesNextLink.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no link to the next page")
		}
		first := casesRows(body)
		p1, err := s.Svc.Cases.List(ctx, casesCenter, govcase.ListInput{Filter: govcase.Filter{Kinds: []govcase.Kind{govcase.KindHotline}}})
		if err != nil {
			t.Fatal(err)
		}
		p2, err := s.Svc.Cases.List(ctx, casesCenter, govcase.ListInput{Filter: govcase.Filter{Kinds: []govcase.Kind{govcase.KindHotline}}, Cursor: p1.Next})
		if err != nil {
			t.Fatal(err)
		}
		next := html.UnescapeString(m[1])
		if !strings.Contains(next, "kind=hotline") {
			t.Errorf("the next page %q drops the filter", next)
		}
		st, body := b.get(next)
		casesExpect(t, "page 2", st, body, http.StatusOK, `id="page-first"`)
		second := casesRows(body)
		if len(second) == 0 || second[0] != p2.Items[0].Number || second[0] == first[0] {
			t.Fatalf("page 2 starts with %v, the Service's with %s", second[:min(1, len(second))], p2.Items[0].Number)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		_, body := b.get("/cases?status=closed&kind=itops")
		rows := casesRows(body)
		if len(rows) == 0 {
			t.Fatal("no closed itops case listed")
		}
		for _, n := range rows[:min(5, len(rows))] {
			c, err := s.Svc.Cases.Get(ctx, casesCenter, n)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != govcase.StatusClosed || c.Kind != govcase.KindITOps {
				t.Errorf("filtered list shows %s: %s %s", n, c.Kind, c.Status)
			}
		}
		if !strings.Contains(body, `<option value="closed" selected>`) {
			t.Error("the status filter does not keep its value")
		}
		_, body = b.get("/cases?department=" + s.Other)
		want, err := s.Svc.Cases.List(ctx, casesCenter, govcase.ListInput{Filter: govcase.Filter{Department: s.Other}})
		if err != nil {
			t.Fatal(err)
		}
		if rows := casesRows(body); len(rows) != len(want.Items) || (len(rows) > 0 && rows[0] != want.Items[0].Number) {
			t.Errorf("department filter: the page lists %d cases, the Service %d", len(rows), len(want.Items))
		}
		if !strings.Contains(body, "跃进街道办事处") {
			t.Error("the department's name is not shown")
		}
		c := casesRegister(t, s, "井盖缺失 "+strconv.FormatInt(int64(len(body)), 36))
		_, body = b.get("/cases?q=" + url.QueryEscape(c.Title))
		if rows := casesRows(body); len(rows) != 1 || rows[0] != c.Number {
			t.Errorf("search for %q lists %v, want %s", c.Title, rows, c.Number)
		}
	})

	t.Run("ErrBadFilter", func(t *testing.T) {
		st, body := b.get("/cases?created_from=yesterday&status=lost")
		casesExpect(t, "bad filter", st, body, http.StatusUnprocessableEntity, `id="err-created_from"`, `id="form-filter"`)
		st, body = b.get("/cases?status=lost")
		casesExpect(t, "bad status", st, body, http.StatusUnprocessableEntity, `id="err-status"`)
	})

	t.Run("Dept", func(t *testing.T) {
		mine := casesDispatched(t, s, "小区停水")
		d := signedIn(t, s, s.Dept)
		st, body := d.get("/cases")
		casesExpect(t, "dept list", st, body, http.StatusOK)
		if strings.Contains(body, `id="f-department"`) || strings.Contains(body, `id="link-register"`) {
			t.Error("a department is offered the department filter or the register link")
		}
		want, err := s.Svc.Cases.List(ctx, casesDept(s), govcase.ListInput{})
		if err != nil {
			t.Fatal(err)
		}
		rows := casesRows(body)
		if len(rows) != len(want.Items) || len(rows) == 0 || rows[0] != want.Items[0].Number {
			t.Fatalf("dept list: %v, the Service's starts %s", rows, want.Items[0].Number)
		}
		if !slices.Contains(rows, mine.Number) {
			t.Errorf("the department's new case %s is not listed", mine.Number)
		}
		if st, body := d.get("/cases?department=" + s.Other); st != http.StatusForbidden || !strings.Contains(body, `id="err-department"`) {
			t.Errorf("a department asking for another's cases: status %d, want 403 naming the department", st)
		}
	})
}

func TestCases_Register(t *testing.T) {
	s := sharedSite(t)
	t.Run("OK", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		st, body := b.get("/cases/new")
		casesExpect(t, "form", st, body, http.StatusOK, `id="form-register"`, `id="f-reporter.phone"`, `<option value="itops">信息化运维</option>`)
		st, body = b.post("/cases", url.Values{"kind": {"hotline"}, "category": {"complaint"}, "priority": {"urgent"},
			"source": {"phone"}, "title": {"噪音扰民"}, "description": {"夜间施工噪音"},
			"reporter.name": {"李娜"}, "reporter.phone": {"13900001111"}, "location": {"解放路 12 号"}})
		casesExpect(t, "register", st, body, http.StatusOK, `id="flash"`, "已登记", `id="case-number"`, "13900001111", "紧急")
		number := regexp.MustCompile(`id="case-number">([^<]+)<`).FindStringSubmatch(body)[1]
		c, err := s.Svc.Cases.Get(context.Background(), casesCenter, number)
		if err != nil {
			t.Fatal(err)
		}
		if c.Title != "噪音扰民" || c.Reporter.Phone != "13900001111" || c.Priority != govcase.PriorityUrgent || c.Status != govcase.StatusRegistered {
			t.Errorf("registered %+v", c)
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		b := signedIn(t, s, s.Admin)
		b.get("/cases/new")
		st, body := b.post("/cases", url.Values{"kind": {"itops"}, "category": {"report"}, "source": {"phone"},
			"title": {""}, "reporter.phone": {"call me"}, "description": {"留着"}})
		casesExpect(t, "bad register", st, body, http.StatusUnprocessableEntity,
			`id="err-title"`, `id="err-category"`, `id="err-reporter.phone"`, `id="form-message"`, ">留着</textarea>")
	})
	t.Run("ErrDept", func(t *testing.T) {
		d := signedIn(t, s, s.Dept)
		st, body := d.get("/cases/new")
		casesExpect(t, "dept form", st, body, http.StatusForbidden, `id="error-page"`)
		st, _ = d.post("/cases", url.Values{"kind": {"hotline"}, "category": {"help"}, "source": {"phone"}, "title": {"x"}})
		if st != http.StatusForbidden {
			t.Errorf("dept register: status %d, want 403", st)
		}
	})
}

// casesVersion is the version the page's forms carry.
func casesVersion(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version in the forms:\n%s", clip(casesMain(body)))
	}
	return m[1]
}

func TestCases_Lifecycle(t *testing.T) {
	s := sharedSite(t)
	c := casesRegister(t, s, "楼道灯坏了")
	path := "/cases/" + c.Number
	admin := signedIn(t, s, s.Admin)
	dept := signedIn(t, s, s.Dept)

	st, body := admin.get(path)
	casesExpect(t, "registered", st, body, http.StatusOK, `id="form-dispatch"`, `id="form-cancel"`, `id="form-comment"`,
		`<span class="badge " id="case-status">登记</span>`, `id="dispatch-suggestion"`)
	if strings.Contains(body, `id="form-close"`) || strings.Contains(body, `id="form-accept"`) {
		t.Error("a registered case offers close or accept")
	}
	st, body = admin.post(path+"/dispatch", url.Values{"version": {casesVersion(t, body)}, "department": {s.DeptCode}})
	casesExpect(t, "dispatch", st, body, http.StatusOK, "已派发", `id="case-status">派单</span>`, "解放街道办事处")

	st, body = dept.get(path)
	casesExpect(t, "dept sees it", st, body, http.StatusOK, `id="form-accept"`, `id="form-return"`, `<span id="case-phone">13812345678</span>`)
	for _, f := range []string{"form-dispatch", "form-urge", "form-close", "form-cancel"} {
		if strings.Contains(body, `id="`+f+`"`) {
			t.Errorf("a department is offered %s", f)
		}
	}
	st, body = dept.post(path+"/accept", url.Values{"version": {casesVersion(t, body)}})
	casesExpect(t, "accept", st, body, http.StatusOK, "已签收", `id="case-status">签收</span>`, `id="form-reply"`)

	st, body = dept.post(path+"/reply", url.Values{"version": {casesVersion(t, body)}, "reply": {""}})
	casesExpect(t, "empty reply", st, body, http.StatusUnprocessableEntity, `id="err-reply"`)
	if strings.Count(body, `class="field-error"`) != 1 {
		t.Errorf("the refusal shows %d field errors, want 1 beside the reply", strings.Count(body, `class="field-error"`))
	}
	st, body = dept.post(path+"/reply", url.Values{"version": {casesVersion(t, body)}, "reply": {"已更换灯泡"}})
	casesExpect(t, "reply", st, body, http.StatusOK, "已反馈", `id="case-status">办理反馈</span>`, "已更换灯泡")

	st, body = admin.get(path)
	casesExpect(t, "replied", st, body, http.StatusOK, `id="form-close"`, `id="form-reopen"`)
	st, body = admin.post(path+"/close", url.Values{"version": {casesVersion(t, body)}, "note": {"回访满意"}})
	casesExpect(t, "close", st, body, http.StatusOK, "已办结", `id="case-status">办结</span>`)

	trail := body[strings.Index(body, `id="trail"`):]
	last := 0
	for _, step := range []string{"登记", "派单", "签收", "办理反馈", "办结"} {
		i := strings.Index(trail[last:], `<strong class="event-label">`+step+`</strong>`)
		if i < 0 {
			t.Fatalf("the trail lacks %s after position %d:\n%s", step, last, trail)
		}
		last += i + 1
	}
	for _, who := range []string{"中心值班员", "解放街道联络员", "回访满意", "已更换灯泡"} {
		if !strings.Contains(trail, who) {
			t.Errorf("the trail does not name %s", who)
		}
	}
	got, err := s.Svc.Cases.Get(context.Background(), casesCenter, c.Number)
	if err != nil || got.Status != govcase.StatusClosed {
		t.Fatalf("the case is %v (%v), want closed", got, err)
	}
	audit, err := s.Server.Registry().Audit(context.Background(), refserver.AuditQuery{Subject: c.Number})
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, e := range audit.Events {
		routes = append(routes, e.Route)
	}
	for _, want := range []string{"/cases/:number/dispatch", "/cases/:number/accept", "/cases/:number/reply", "/cases/:number/close"} {
		if !slices.ContainsFunc(routes, func(r string) bool { return strings.Contains(r, want) }) {
			t.Errorf("the audit log of %s lacks %s: %v", c.Number, want, routes)
		}
	}
}

func TestCases_Actions(t *testing.T) {
	s := sharedSite(t)
	admin := signedIn(t, s, s.Admin)
	dept := signedIn(t, s, s.Dept)

	t.Run("ErrStaleVersion", func(t *testing.T) {
		c := casesRegister(t, s, "路面塌陷")
		path := "/cases/" + c.Number
		_, body := admin.get(path)
		stale := casesVersion(t, body)
		if _, err := s.Svc.Cases.Comment(context.Background(), casesCenter, c.Number, govcase.ActionInput{Note: "已电话联系"}); err != nil {
			t.Fatal(err)
		}
		st, body := admin.post(path+"/dispatch", url.Values{"version": {stale}, "department": {s.DeptCode}})
		casesExpect(t, "stale", st, body, http.StatusConflict, "数据已被他人修改", `id="form-dispatch"`, "已电话联系")
		if v := casesVersion(t, body); v == stale {
			t.Error("the form shown again still carries the stale version")
		}
		if got, _ := s.Svc.Cases.Get(context.Background(), casesCenter, c.Number); got.Status != govcase.StatusRegistered {
			t.Errorf("a stale dispatch changed the case to %s", got.Status)
		}
	})

	t.Run("ErrReturnWithoutReason", func(t *testing.T) {
		c := casesDispatched(t, s, "垃圾未清运")
		path := "/cases/" + c.Number
		_, body := dept.get(path)
		st, body := dept.post(path+"/return", url.Values{"version": {casesVersion(t, body)}, "reason": {" "}})
		casesExpect(t, "return", st, body, http.StatusUnprocessableEntity, `id="err-reason"`)
		if strings.Count(body, `id="err-reason"`) != 1 {
			t.Error("the reason's error is shown beside more than one form")
		}
		st, body = dept.post(path+"/return", url.Values{"version": {casesVersion(t, body)}, "reason": {"不属于本单位职责"}})
		casesExpect(t, "return", st, body, http.StatusOK, "已退单", `id="case-table"`)
		st, _ = dept.get(path)
		if st != http.StatusNotFound {
			t.Errorf("a returned case: status %d for the department, want 404", st)
		}
	})

	t.Run("ErrDeptTakesCenterAction", func(t *testing.T) {
		c := casesDispatched(t, s, "占道经营")
		path := "/cases/" + c.Number
		_, body := dept.get(path)
		st, body := dept.post(path+"/urge", url.Values{"version": {casesVersion(t, body)}, "note": {"快点"}})
		casesExpect(t, "dept urge", st, body, http.StatusForbidden, `id="form-message"`, `id="form-accept"`)
	})

	t.Run("Extension", func(t *testing.T) {
		c := casesDispatched(t, s, "违章搭建")
		path := "/cases/" + c.Number
		_, body := dept.get(path)
		until := c.ResolveBy.In(govops.ShanghaiLocation()).AddDate(0, 0, 7).Format("2006-01-02T15:04")
		st, body := dept.post(path+"/request_extension", url.Values{"version": {casesVersion(t, body)}, "until": {"soon"}, "reason": {"需要现场勘查"}})
		casesExpect(t, "bad until", st, body, http.StatusUnprocessableEntity, `id="err-until"`)
		st, body = dept.post(path+"/request_extension", url.Values{"version": {casesVersion(t, body)}, "until": {until}, "reason": {"需要现场勘查"}})
		casesExpect(t, "request", st, body, http.StatusOK, "已申请延期", "待审批")
		if strings.Contains(body, `id="form-request_extension"`) || strings.Contains(body, `id="form-decide_extension"`) {
			t.Error("a department with a pending request is offered to ask again or to decide")
		}
		st, body = admin.get(path)
		casesExpect(t, "pending", st, body, http.StatusOK, `id="form-decide_extension"`)
		st, body = admin.post(path+"/decide_extension", url.Values{"version": {casesVersion(t, body)}, "approve": {"false"}})
		casesExpect(t, "deny without reason", st, body, http.StatusUnprocessableEntity, `id="err-reason"`)
		st, body = admin.post(path+"/decide_extension", url.Values{"version": {casesVersion(t, body)}, "approve": {"true"}})
		casesExpect(t, "approve", st, body, http.StatusOK, "已审批延期申请", "延期批准", "无待审批申请")
		got, err := s.Svc.Cases.Get(context.Background(), casesCenter, c.Number)
		if err != nil {
			t.Fatal(err)
		}
		if want := until; got.ResolveBy.In(govops.ShanghaiLocation()).Format("2006-01-02T15:04") != want {
			t.Errorf("resolve by %s, want %s", got.ResolveBy, want)
		}
	})
}

func TestCases_Detail(t *testing.T) {
	s := sharedSite(t)
	ctx := context.Background()

	t.Run("ErrOtherDepartment", func(t *testing.T) {
		p, err := s.Svc.Cases.List(ctx, casesCenter, govcase.ListInput{Filter: govcase.Filter{Department: s.Other,
			Statuses: []govcase.Status{govcase.StatusClosed}}, Limit: 1})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("no closed case of %s: %v", s.Other, err)
		}
		d := signedIn(t, s, s.Dept)
		st, body := d.get("/cases/" + p.Items[0].Number)
		casesExpect(t, "other's case", st, body, http.StatusNotFound, `id="error-page"`)
		if strings.Contains(body, p.Items[0].Title) {
			t.Error("the 404 page shows the case's title")
		}
		st, _ = d.post("/cases/"+p.Items[0].Number+"/comment", url.Values{"version": {strconv.FormatInt(p.Items[0].Version, 10)}, "note": {"看看"}})
		if st != http.StatusNotFound {
			t.Errorf("a department commenting on another's case: status %d, want 404", st)
		}
		st, body = d.get("/cases/nonsense")
		casesExpect(t, "no number", st, body, http.StatusNotFound, `id="error-page"`)
	})

	t.Run("ViewerMasked", func(t *testing.T) {
		c := casesDispatched(t, s, "电话回访")
		want, err := s.Svc.Cases.Get(ctx, casesViewer, c.Number)
		if err != nil {
			t.Fatal(err)
		}
		if want.Reporter.Phone == c.Reporter.Phone || !strings.Contains(want.Reporter.Phone, "*") {
			t.Fatalf("the Service shows the viewer %q", want.Reporter.Phone)
		}
		v := signedIn(t, s, s.Viewer)
		st, body := v.get("/cases/" + c.Number)
		casesExpect(t, "viewer", st, body, http.StatusOK, `<span id="case-phone">`+want.Reporter.Phone+`</span>`, `id="trail"`)
		if strings.Contains(body, c.Reporter.Phone) {
			t.Error("the viewer sees the phone")
		}
		if n := strings.Count(body, `<form`); n != 1 || !strings.Contains(body, `id="form-signout"`) {
			t.Errorf("the viewer is offered %d forms besides signing out", n-1)
		}
		st, _ = v.post("/cases/"+c.Number+"/comment", url.Values{"version": {strconv.FormatInt(c.Version, 10)}, "note": {"看过"}})
		if st != http.StatusForbidden {
			t.Errorf("a viewer's comment: status %d, want 403", st)
		}
	})

}

// casesClock is a clock that a test moves on: the real time plus an
// offset, so that the browser's cookies stay valid.
type casesClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *casesClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *casesClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// casesClockSite is a site of its own, without the demo year, on a clock
// the test moves: for deadlines that pass.
func casesClockSite(t *testing.T) (*site, *casesClock) {
	t.Helper()
	ctx := context.Background()
	clock := &casesClock{}
	cal, err := govops.NewCalendar(govops.CalendarConfig{})
	if err != nil {
		t.Fatal(err)
	}
	svc := demo.WireOver(demo.MemStores(), refserver.WireConfig{Calendar: cal, HomeDistrict: "柳北区"})(clock.now)
	srv, err := refserver.New(refserver.Config{Logger: quietLog(), Now: clock.now}, svc)
	if err != nil {
		t.Fatal(err)
	}
	s := &site{Svc: svc, Server: srv, DeptCode: "450205001", Other: "450205006"}
	for code, name := range map[string]string{s.DeptCode: "解放街道办事处", s.Other: "跃进街道办事处"} {
		if _, err := svc.Departments.Create(ctx, casesCenter, directory.CreateInput{Code: code, Name: name, Kind: directory.KindTownship}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tk := range []struct {
		dst  *string
		role refserver.Role
		dept string
	}{{&s.Admin, refserver.RoleAdmin, ""}, {&s.Dept, refserver.RoleDept, s.DeptCode}} {
		_, plain, err := srv.Registry().IssueToken(ctx, refserver.TokenInput{Name: "值班员", Role: tk.role, Department: tk.dept})
		if err != nil {
			t.Fatal(err)
		}
		*tk.dst = plain
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s, clock
}

func TestCases_Overdue(t *testing.T) {
	s, clock := casesClockSite(t)
	ctx := context.Background()
	late := casesDispatched(t, s, "窨井盖松动")
	fresh := casesRegister(t, s, "新登记的案件")
	clock.advance(60 * 24 * time.Hour)
	if !late.Overdue(clock.now()) {
		t.Fatalf("the case due %s is not overdue at %s", late.ResolveBy, clock.now())
	}
	b := signedIn(t, s, s.Admin)

	st, body := b.get("/cases")
	casesExpect(t, "list", st, body, http.StatusOK,
		`<tr class="overdue" id="case-`+late.Number+`"`, `<span class="overdue-mark">超期</span>`, `id="case-`+fresh.Number+`"`)
	if strings.Count(body, `class="overdue-mark"`) != 1 {
		t.Errorf("%d overdue marks, want the one case's", strings.Count(body, `class="overdue-mark"`))
	}
	want, err := s.Svc.Cases.List(ctx, casesCenter, govcase.ListInput{Overdue: true})
	if err != nil {
		t.Fatal(err)
	}
	_, body = b.get("/cases?overdue=1")
	if rows := casesRows(body); len(want.Items) != 1 || len(rows) != 1 || rows[0] != late.Number {
		t.Errorf("overdue filter lists %v, the Service %d cases", rows, len(want.Items))
	}

	st, body = b.get("/cases/" + late.Number)
	casesExpect(t, "detail", st, body, http.StatusOK, `id="form-urge"`, "解放街道办事处")
	for _, id := range []string{"case-accept-by", "case-resolve-by"} {
		i := strings.Index(body, `id="`+id+`"`)
		if i < 0 || !strings.Contains(body[i:i+strings.Index(body[i:], "</dd>")], "超期") {
			t.Errorf("the deadline %s has no overdue mark", id)
		}
	}
	d := signedIn(t, s, s.Dept)
	_, body = d.get("/cases/" + late.Number)
	if strings.Contains(body, `id="form-request_extension"`) {
		t.Error("an extension is offered after the deadline")
	}
}

// casesReplied registers a case, dispatches it to the dept token's
// department, which accepts and replies.
func casesReplied(t *testing.T, s *site, title string) *govcase.Case {
	t.Helper()
	c := casesDispatched(t, s, title)
	ctx := context.Background()
	if _, err := s.Svc.Cases.Accept(ctx, casesDept(s), c.Number, govcase.ActionInput{}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Svc.Cases.Reply(ctx, casesDept(s), c.Number, govcase.ActionInput{Note: "已处理"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCases_Forms(t *testing.T) {
	s := sharedSite(t)
	long := strings.Repeat("长", 4001)
	for _, tc := range []struct {
		action string
		token  func(*site) string
		setup  func(*testing.T, *site, string) *govcase.Case
		bad    url.Values
		field  string
		good   url.Values
		done   string
		status govcase.Status
	}{
		{"dispatch", func(s *site) string { return s.Admin }, casesRegister,
			url.Values{"department": {""}}, "department", url.Values{"department": {"450205006"}}, "已派发", govcase.StatusDispatched},
		{"accept", func(s *site) string { return s.Dept }, casesDispatched,
			url.Values{"note": {long}}, "note", url.Values{}, "已签收", govcase.StatusAccepted},
		{"urge", func(s *site) string { return s.Admin }, casesDispatched,
			url.Values{"note": {long}}, "note", url.Values{"note": {"请加快办理"}}, "已督办", govcase.StatusDispatched},
		{"close", func(s *site) string { return s.Admin }, casesReplied,
			url.Values{"note": {long}}, "note", url.Values{}, "已办结", govcase.StatusClosed},
		{"reopen", func(s *site) string { return s.Admin }, casesReplied,
			url.Values{"reason": {""}}, "reason", url.Values{"reason": {"群众不满意"}}, "已重办", govcase.StatusDispatched},
		{"cancel", func(s *site) string { return s.Admin }, casesRegister,
			url.Values{"reason": {""}}, "reason", url.Values{"reason": {"重复登记"}}, "已作废", govcase.StatusCancelled},
		{"comment", func(s *site) string { return s.Dept }, casesDispatched,
			url.Values{"note": {""}}, "note", url.Values{"note": {"已联系来电人"}}, "已备注", govcase.StatusDispatched},
	} {
		t.Run(tc.action, func(t *testing.T) {
			c := tc.setup(t, s, "表单测试 "+tc.action)
			path := "/cases/" + c.Number
			b := signedIn(t, s, tc.token(s))
			st, body := b.get(path)
			casesExpect(t, "detail", st, body, http.StatusOK, `id="form-`+tc.action+`"`, `id="submit-`+tc.action+`"`)
			tc.bad.Set("version", casesVersion(t, body))
			st, body = b.post(path+"/"+tc.action, tc.bad)
			casesExpect(t, "refused", st, body, http.StatusUnprocessableEntity, `id="err-`+tc.field+`"`, `id="form-`+tc.action+`"`)
			tc.good.Set("version", casesVersion(t, body))
			st, body = b.post(path+"/"+tc.action, tc.good)
			casesExpect(t, "done", st, body, http.StatusOK, `id="flash"`, tc.done)
			got, err := s.Svc.Cases.Get(context.Background(), casesCenter, c.Number)
			if err != nil || got.Status != tc.status || got.Version != c.Version+1 {
				t.Fatalf("after %s the case is %s at version %d (%v), want %s at %d", tc.action, got.Status, got.Version, err, tc.status, c.Version+1)
			}
		})
	}
}

func TestCases_Suggestion(t *testing.T) {
	s, _ := casesClockSite(t)
	ctx := context.Background()
	if _, err := s.Svc.Cases.CreateRoutingRule(ctx, casesCenter, govcase.RoutingRuleInput{
		Kind: govcase.KindHotline, Keywords: []string{"路灯"}, Department: s.Other, Priority: 3}); err != nil {
		t.Fatal(err)
	}
	c := casesRegister(t, s, "路灯不亮")
	b := signedIn(t, s, s.Admin)
	st, body := b.get("/cases/" + c.Number)
	casesExpect(t, "detail", st, body, http.StatusOK,
		"建议：跃进街道办事处（规则：类型 政府热线，关键词 路灯，优先级 3）", `<option value="`+s.Other+`" selected>`)
	st, body = b.post("/cases/"+c.Number+"/dispatch", url.Values{"version": {casesVersion(t, body)}, "department": {s.Other}})
	casesExpect(t, "dispatch", st, body, http.StatusOK, "已派发", `<dd id="case-department">跃进街道办事处</dd>`)
}
