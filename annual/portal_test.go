package annual_test

import (
	"context"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/internal/demo"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver"
)

// portalAt is a time of 2022 in Asia/Shanghai.
func portalAt(month time.Month, day, hour int) time.Time {
	return time.Date(2022, month, day, hour, 0, 0, 0, govops.ShanghaiLocation())
}

// TestPortalSection checks every figure of the portal section over a few
// records made through the Services, for the center and for a
// department.
func TestPortalSection(t *testing.T) {
	ctx := context.Background()
	st := demo.MemStores()
	clock := demo.NewClock(portalAt(1, 3, 9))
	svc := demo.WireOver(st, refserver.WireConfig{HomeDistrict: "柳北区"})(clock.Now)
	center := govops.Actor{Name: "王芳"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []directory.CreateInput{{Code: "EDU", Name: "区教育局"}, {Code: "HLT", Name: "区卫生健康局"}} {
		_, err := svc.Departments.Create(ctx, center, d)
		must(err)
	}
	ps := svc.Portal
	_, err := ps.CreateSite(ctx, center, portal.SiteInput{Code: "LBQ", Name: "柳北区人民政府门户网站", Home: "http://www.lbq.gov.cn/"})
	must(err)
	for _, c := range []portal.ColumnInput{
		{Site: "LBQ", Code: "edu", Name: "教育信息", URL: "http://www.lbq.gov.cn/edu/", Department: "EDU", Requirement: portal.RequireBiweekly},
		{Site: "LBQ", Code: "hlt", Name: "卫健信息", URL: "http://www.lbq.gov.cn/hlt/", Department: "HLT", Requirement: portal.RequireBiweekly},
	} {
		_, err := ps.AddColumn(ctx, center, c)
		must(err)
		_, err = ps.RecordUpdate(ctx, center, "LBQ/"+c.Code, portal.ColumnUpdate{At: time.Date(2021, 12, 20, 10, 0, 0, 0, govops.ShanghaiLocation())})
		must(err)
	}
	// Posts: 3 of EDU and 2 of HLT in 2022 (one from the CMS), 1 in 2021.
	clock.Set(portalAt(3, 1, 18))
	post := func(col, dept, url string, at time.Time, src portal.PostSource) portal.PostInput {
		return portal.PostInput{Column: col, Title: "工作动态", URL: url, Published: at, Department: dept, Source: src}
	}
	_, err = ps.RecordPosts(ctx, center, "LBQ", []portal.PostInput{
		post("edu", "EDU", "http://www.lbq.gov.cn/edu/1.html", time.Date(2021, 12, 28, 10, 0, 0, 0, govops.ShanghaiLocation()), portal.PostFromDingTalk),
		post("edu", "EDU", "http://www.lbq.gov.cn/edu/2.html", portalAt(1, 5, 10), portal.PostFromDingTalk),
		post("edu", "EDU", "http://www.lbq.gov.cn/edu/3.html", portalAt(1, 6, 10), portal.PostFromDingTalk),
		post("edu", "EDU", "http://www.lbq.gov.cn/edu/4.html", portalAt(1, 7, 10), portal.PostFromCMS),
		post("hlt", "HLT", "http://www.lbq.gov.cn/hlt/1.html", portalAt(1, 5, 11), portal.PostFromDingTalk),
		post("hlt", "HLT", "http://www.lbq.gov.cn/hlt/2.html", portalAt(1, 6, 11), portal.PostFromDingTalk),
	})
	must(err)
	// Both columns are stale on 1 March: two urges, dispatched as cases.
	urges, err := ps.UrgeUpdates(ctx, center, "LBQ", time.Time{})
	must(err)
	if len(urges) != 2 {
		t.Fatalf("%d urges, want 2", len(urges))
	}
	// Crawl-kind tasks recorded by hand: two typos (EDU), one broken link
	// (HLT); one typo and the broken link fixed in 2022.
	clock.Set(portalAt(4, 1, 10))
	var typo, broken *portal.Task
	for i, in := range []portal.TaskInput{
		{Site: "LBQ", Kind: portal.KindTypo, Column: "edu", Title: "修改错别字：按装", Page: "http://www.lbq.gov.cn/edu/2.html"},
		{Site: "LBQ", Kind: portal.KindTypo, Column: "edu", Title: "修改错别字：既使", Page: "http://www.lbq.gov.cn/edu/3.html"},
		{Site: "LBQ", Kind: portal.KindBrokenLink, Column: "hlt", Title: "修复断链", Page: "http://www.lbq.gov.cn/hlt/1.html"},
	} {
		tk, err := ps.OpenTask(ctx, center, in)
		must(err)
		switch i {
		case 0:
			typo = tk
		case 2:
			broken = tk
		}
	}
	clock.Set(portalAt(4, 2, 10))
	_, err = ps.MarkFixed(ctx, govops.Actor{Name: "赵磊", Department: "EDU"}, typo.ID.String(), portal.FixInput{Fix: "已改正"})
	must(err)
	_, err = ps.MarkFixed(ctx, center, broken.ID.String(), portal.FixInput{Fix: "已恢复附件"})
	must(err)
	// Accounts: EDU's and HLT's active, EDU's other one suspended; EDU's
	// inspected 3 weeks, HLT's 2, the suspended one once.
	for _, a := range []portal.AccountInput{
		{Code: "MA1", Name: "柳北教育", Platform: portal.PlatformWeChat, Handle: "lbjy", Department: "EDU"},
		{Code: "MA2", Name: "健康柳北", Platform: portal.PlatformWeChat, Handle: "jklb", Department: "HLT"},
		{Code: "MA3", Name: "柳北教育", Platform: portal.PlatformDouyin, Handle: "lbjy_dy", Department: "EDU"},
	} {
		_, err := ps.CreateAccount(ctx, center, a)
		must(err)
	}
	inspect := func(acc string, at time.Time) {
		t.Helper()
		clock.Set(at.Add(time.Hour))
		_, err := ps.InspectAccount(ctx, center, portal.MediaInspectionInput{Account: acc, Inspected: at, Inspector: "王芳", ReviewInPlace: true, Interactive: true})
		must(err)
	}
	inspect("MA1", portalAt(4, 6, 15))
	inspect("MA1", portalAt(4, 13, 15))
	inspect("MA1", portalAt(4, 20, 15))
	inspect("MA2", portalAt(4, 6, 15))
	inspect("MA2", portalAt(4, 13, 15))
	inspect("MA3", portalAt(4, 6, 15))
	clock.Set(portalAt(4, 21, 10))
	_, err = ps.UpdateAccount(ctx, center, "MA3", portal.AccountInput{Name: "柳北教育", Platform: portal.PlatformDouyin, Handle: "lbjy_dy", Department: "EDU", Status: portal.AccountSuspended})
	must(err)

	reader := refserver.Wire(st, refserver.WireConfig{HomeDistrict: "柳北区"}).Annual()
	check := func(by govops.Actor, want map[string]string) {
		t.Helper()
		r, err := annual.Build(ctx, reader, by, 2022)
		must(err)
		for k, v := range want {
			f, ok := r.Figure(k)
			if !ok {
				t.Errorf("%s: %s missing", by.Name, k)
				continue
			}
			if f.Value.String() != v {
				t.Errorf("%s: %s = %s, want %s", by.Name, k, f.Value, v)
			}
			if f.Rule == "" || f.Link == "" || f.Unit == "" {
				t.Errorf("%s: %s has no rule, link or unit: %+v", by.Name, k, f)
			}
		}
		for _, s := range r.Sections {
			if s.Key == annual.SectionPortal && s.Text == "" {
				t.Errorf("%s: the portal section has no text", by.Name)
			}
		}
	}
	check(center, map[string]string{
		annual.KeyPosts: "5", annual.KeyUrged: "2", annual.KeyFixedBroken: "1", annual.KeyFixedTypo: "1",
		annual.KeyFixedSensitive: "0", annual.KeyFixedWrongLink: "0", annual.KeyMediaAccounts: "2",
		annual.KeyMediaWeekly: "4.81", // 5 account-weeks of 2 active accounts × 52 weeks
	})
	check(govops.Actor{Name: "赵磊", Department: "EDU"}, map[string]string{
		annual.KeyPosts: "3", annual.KeyUrged: "1", annual.KeyFixedBroken: "0", annual.KeyFixedTypo: "1",
		annual.KeyFixedSensitive: "0", annual.KeyFixedWrongLink: "0", annual.KeyMediaAccounts: "1",
		annual.KeyMediaWeekly: "5.77", // 3 of 1 × 52
	})
	r, err := annual.Build(ctx, reader, govops.Actor{Name: "赵磊", Department: "EDU"}, 2022)
	must(err)
	f, _ := r.Figure(annual.KeyPosts)
	if f.Link != "/api/v1/portal/post-counts?department=EDU&year=2022" {
		t.Errorf("posts link %s", f.Link)
	}
	f, _ = r.Figure(annual.KeyMediaWeekly)
	if f.Numerator == nil || f.Numerator.String() != "3" || f.Denominator.String() != "52" {
		t.Errorf("weekly coverage %s / %s", f.Numerator, f.Denominator)
	}
}
