package portal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

func TestCreateSiteValidation(t *testing.T) {
	f := newFix(t)
	ok := portal.SiteInput{Code: "LBQ-PORTAL", Name: "区政府门户", Home: "https://www.lbq.gov.cn/", Domains: []string{"gov.cn"}}
	cases := []struct {
		name  string
		edit  func(*portal.SiteInput)
		field string
	}{
		{"no code", func(in *portal.SiteInput) { in.Code = "" }, "code"},
		{"code with slash", func(in *portal.SiteInput) { in.Code = "A/B" }, "code"},
		{"code with space", func(in *portal.SiteInput) { in.Code = "A B" }, "code"},
		{"no name", func(in *portal.SiteInput) { in.Name = " " }, "name"},
		{"name too long", func(in *portal.SiteInput) { in.Name = strings.Repeat("名", portal.MaxNameLen+1) }, "name"},
		{"no home", func(in *portal.SiteInput) { in.Home = "" }, "home"},
		{"relative home", func(in *portal.SiteInput) { in.Home = "/index.html" }, "home"},
		{"ftp home", func(in *portal.SiteInput) { in.Home = "ftp://www.lbq.gov.cn/" }, "home"},
		{"home with a password", func(in *portal.SiteInput) { in.Home = "https://a:b@www.lbq.gov.cn/" }, "home"},
		{"bad domain", func(in *portal.SiteInput) { in.Domains = []string{"gov.cn", "http://x.cn/"} }, "domains[1]"},
		{"bad status", func(in *portal.SiteInput) { in.Status = "gone" }, "status"},
		{"bad department", func(in *portal.SiteInput) { in.Department = " X" }, "department"},
		{"version on create", func(in *portal.SiteInput) { in.IfVersion = 2 }, "if_version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ok
			c.edit(&in)
			_, err := f.svc.CreateSite(f.ctx, center(), in)
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	s := must(f.svc.CreateSite(f.ctx, center(), ok))(t)
	if s.Status != portal.SiteActive || s.Version != 1 {
		t.Fatalf("got %+v", s)
	}
	_, err := f.svc.CreateSite(f.ctx, center(), ok)
	wantErr(t, err, govops.ECONFLICT, "code")
	// By code and by ID.
	for _, ref := range []string{"LBQ-PORTAL", s.ID.String()} {
		if got := must(f.svc.Site(f.ctx, dept(), ref))(t); got.ID != s.ID {
			t.Fatalf("%s: got %s", ref, got.ID)
		}
	}
	_, err = f.svc.Site(f.ctx, center(), "NOPE")
	wantErr(t, err, govops.ENOTFOUND)
}

func TestUpdateSite(t *testing.T) {
	f := newFix(t)
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	in := portal.SiteInput{Name: "新名称", Home: "https://www.lbq.gov.cn/", Status: portal.SiteClosed, IfVersion: 1}
	got := must(f.svc.UpdateSite(f.ctx, center(), "S1", in))(t)
	if got.Name != "新名称" || got.Status != portal.SiteClosed || got.Version != 2 || got.Code != "S1" {
		t.Fatalf("got %+v", got)
	}
	_, err := f.svc.UpdateSite(f.ctx, center(), "S1", in)
	wantErr(t, err, govops.ECONFLICT)
	in.Code, in.IfVersion = "S2", 0
	_, err = f.svc.UpdateSite(f.ctx, center(), "S1", in)
	wantErr(t, err, govops.EINVALID, "code")
	evs := must(f.svc.SiteTrail(f.ctx, viewer(), s.ID.String()))(t)
	if len(evs) != 2 || evs[1].Type != portal.EventSiteUpdated || string(evs[1].From) != "active" || string(evs[1].To) != "closed" {
		t.Fatalf("trail %+v", evs)
	}
}

// TestPermissions runs every method family as center, department, another
// department, read-only readers.
func TestPermissions(t *testing.T) {
	f := newFix(t)
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	col := f.column(t, s, "news", "https://www.lbq.gov.cn/news/", "QZFJ", portal.RequireBiweekly, false)
	cons := must(f.svc.RecordConsultation(f.ctx, center(), portal.ConsultationInput{Site: "S1", Ref: "ZX-1", Subject: "办事咨询", Asker: "张三丰",
		Department: "QZFJ", Received: at(2022, 6, 1, 9, 0)}))(t)
	task := must(f.svc.OpenTask(f.ctx, center(), portal.TaskInput{Site: "S1", Kind: portal.KindOther, Column: "news", Title: "首页图片失效"}))(t)
	acc := must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "WX-1", Name: "区发布", Platform: portal.PlatformWeChat, Department: "QZFJ"}))(t)
	insp := must(f.svc.InspectAccount(f.ctx, center(), portal.MediaInspectionInput{Account: "WX-1", Inspected: testNow(), Inspector: "陈明", Interactive: true}))(t)
	_ = col

	type call func(by govops.Actor) error
	read := func(fn func(by govops.Actor) (any, error)) call {
		return func(by govops.Actor) error { _, err := fn(by); return err }
	}
	ctx := f.ctx
	cases := []struct {
		name                            string
		fn                              call
		center, dept, other, ro, deptRO string
	}{
		{"read site", read(func(by govops.Actor) (any, error) { return f.svc.Site(ctx, by, "S1") }), "", "", "", "", ""},
		{"create site", read(func(by govops.Actor) (any, error) {
			return f.svc.CreateSite(ctx, by, portal.SiteInput{Code: "X" + by.Name[:1], Name: "x", Home: "https://x.gov.cn/"})
		}), "skip", govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"list columns", read(func(by govops.Actor) (any, error) { return f.svc.Columns(ctx, by, portal.ColumnListInput{Site: "S1"}) }), "", "", "", "", ""},
		{"add column", read(func(by govops.Actor) (any, error) {
			return f.svc.AddColumn(ctx, by, portal.ColumnInput{Site: "S1", Code: "c", Name: "c", URL: "https://www.lbq.gov.cn/c/", Requirement: portal.RequireNone})
		}), "skip", govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"record own post", read(func(by govops.Actor) (any, error) {
			return f.svc.RecordPosts(ctx, by, "S1", []portal.PostInput{{Column: "news", Title: "t", URL: "https://www.lbq.gov.cn/news/" + by.Name + ".html", Published: testNow(), Department: "QZFJ"}})
		}), "", "", govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"read consultation", read(func(by govops.Actor) (any, error) { return f.svc.Consultation(ctx, by, cons.ID.String()) }), "", "", govops.ENOTFOUND, "", ""},
		{"read task", read(func(by govops.Actor) (any, error) { return f.svc.Task(ctx, by, task.ID.String()) }), "", "", govops.ENOTFOUND, "", ""},
		{"list tasks of QZFJ", read(func(by govops.Actor) (any, error) {
			return f.svc.Tasks(ctx, by, portal.TaskListInput{Department: "QZFJ"})
		}), "", "", govops.EFORBIDDEN, "", ""},
		{"read account", read(func(by govops.Actor) (any, error) { return f.svc.Account(ctx, by, acc.Code) }), "", "", govops.ENOTFOUND, "", ""},
		{"read inspection", read(func(by govops.Actor) (any, error) { return f.svc.MediaInspection(ctx, by, insp.ID.String()) }), "", "", govops.ENOTFOUND, "", ""},
		{"list crawls", read(func(by govops.Actor) (any, error) { return f.svc.Crawls(ctx, by, portal.CrawlListInput{}) }), "", govops.EFORBIDDEN, govops.EFORBIDDEN, "", govops.EFORBIDDEN},
		{"start crawl", read(func(by govops.Actor) (any, error) {
			return f.svc.StartCrawl(ctx, by, portal.CrawlInput{Site: "NOPE"})
		}), govops.ENOTFOUND, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"probe", read(func(by govops.Actor) (any, error) { return f.svc.ProbeSite(ctx, by, "NOPE") }), govops.ENOTFOUND, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"dismiss task", read(func(by govops.Actor) (any, error) {
			return f.svc.Dismiss(ctx, by, task.ID.String(), portal.DismissInput{Note: "误报", IfVersion: 99})
		}), govops.ECONFLICT, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"mark fixed (stale version)", read(func(by govops.Actor) (any, error) {
			return f.svc.MarkFixed(ctx, by, task.ID.String(), portal.FixInput{Fix: "已更换", IfVersion: 99})
		}), govops.ECONFLICT, govops.ECONFLICT, govops.ENOTFOUND, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"answer (stale version)", read(func(by govops.Actor) (any, error) {
			return f.svc.AnswerConsultation(ctx, by, cons.ID.String(), portal.AnswerInput{Answer: "已答复", IfVersion: 99})
		}), govops.ECONFLICT, govops.ECONFLICT, govops.ENOTFOUND, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"inspect", read(func(by govops.Actor) (any, error) {
			return f.svc.InspectAccount(ctx, by, portal.MediaInspectionInput{Account: "NOPE", Inspected: testNow(), Inspector: "x"})
		}), govops.ENOTFOUND, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN, govops.EFORBIDDEN},
		{"task counts of QZFJ", read(func(by govops.Actor) (any, error) {
			return f.svc.TaskCounts(ctx, by, portal.TaskCountInput{Year: 2022, Department: "QZFJ"})
		}), "", "", govops.EFORBIDDEN, "", ""},
		{"evaluate account", read(func(by govops.Actor) (any, error) {
			return f.svc.Evaluate(ctx, by, portal.EvaluateInput{Account: "WX-1"})
		}), "", "", govops.ENOTFOUND, "", ""},
	}
	actors := []struct {
		name string
		by   govops.Actor
		want func(int) string
	}{
		{"center", center(), func(i int) string { return cases[i].center }},
		{"dept", dept(), func(i int) string { return cases[i].dept }},
		{"other", otherDept(), func(i int) string { return cases[i].other }},
		{"viewer", viewer(), func(i int) string { return cases[i].ro }},
		{"dept viewer", deptViewer(), func(i int) string { return cases[i].deptRO }},
	}
	for i, c := range cases {
		for _, a := range actors {
			want := a.want(i)
			if want == "skip" {
				continue
			}
			t.Run(c.name+"/"+a.name, func(t *testing.T) {
				err := c.fn(a.by)
				if want == "" {
					if err != nil {
						t.Fatalf("got %v, want no error", err)
					}
					return
				}
				wantErr(t, err, want)
			})
		}
	}
	// A bad actor is EINVALID everywhere.
	_, err := f.svc.Sites(ctx, govops.Actor{}, portal.SiteListInput{})
	wantErr(t, err, govops.EINVALID, "actor")
}

// TestMasking: a read-only reader gets names masked; the center does not.
func TestMasking(t *testing.T) {
	f := newFix(t)
	f.site(t, "S1", "https://www.lbq.gov.cn/")
	c := must(f.svc.RecordConsultation(f.ctx, center(), portal.ConsultationInput{Site: "S1", Ref: "ZX-1", Subject: "张三丰咨询电话13812341234",
		Asker: "张三丰", Department: "QZFJ", Received: at(2022, 6, 1, 9, 0)}))(t)
	got := must(f.svc.Consultation(f.ctx, viewer(), c.ID.String()))(t)
	if got.Asker == "张三丰" || strings.Contains(got.Subject, "13812341234") || strings.Contains(got.Subject, "张三丰") {
		t.Fatalf("viewer reads %q / %q", got.Asker, got.Subject)
	}
	if got := must(f.svc.Consultation(f.ctx, center(), c.ID.String()))(t); got.Asker != "张三丰" {
		t.Fatalf("center reads %q", got.Asker)
	}
	if got := must(f.svc.Consultation(f.ctx, dept(), c.ID.String()))(t); got.Asker != "张三丰" {
		t.Fatalf("its department reads %q", got.Asker)
	}
	evs := must(f.svc.ConsultationTrail(f.ctx, viewer(), c.ID.String()))(t)
	if strings.Contains(evs[0].Note, "13812341234") || strings.Contains(evs[0].Note, "张三丰") {
		t.Fatalf("viewer reads the trail's note %q", evs[0].Note)
	}
	acc := must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "WX-1", Name: "区发布", Platform: portal.PlatformWeChat, Department: "QZFJ"}))(t)
	in := must(f.svc.InspectAccount(f.ctx, center(), portal.MediaInspectionInput{Account: acc.Code, Inspected: testNow(), Inspector: "陈明", Interactive: true}))(t)
	if got := must(f.svc.MediaInspection(f.ctx, viewer(), in.ID.String()))(t); got.Inspector == "陈明" {
		t.Fatal("viewer reads the inspector")
	}
	_ = time.Second
}
