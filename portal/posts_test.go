package portal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/portal"
)

func postSite(t *testing.T, f *fixture) (*portal.Site, *portal.Column, *portal.Column) {
	t.Helper()
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	home := f.column(t, s, "home", "https://www.lbq.gov.cn/", "", portal.RequireBiweekly, true)
	news := f.column(t, s, "news", "https://www.lbq.gov.cn/news/", "QZFJ", portal.RequireBiweekly, false)
	return s, home, news
}

func TestRecordPosts(t *testing.T) {
	f := newFix(t)
	_, home, news := postSite(t, f)
	must(f.svc.RecordUpdate(f.ctx, center(), news.ID.String(), portal.ColumnUpdate{Empty: true}))(t)
	ps := must(f.svc.RecordPosts(f.ctx, center(), "S1", []portal.PostInput{
		{Column: "news", Title: "要闻一", URL: "https://www.lbq.gov.cn/news/1.html", Published: at(2022, 6, 1, 9, 0), Department: "QZFJ"},
		{Column: "news", Title: "要闻二", URL: "https://www.lbq.gov.cn/news/2.html", Published: at(2022, 6, 3, 9, 0), Department: "QZFJ", Source: portal.PostFromDingTalk},
		{Column: home.ID.String(), Title: "首页", URL: "https://www.lbq.gov.cn/a.html", Published: at(2022, 6, 2, 9, 0)},
	}))(t)
	if len(ps) != 3 || ps[0].Source != portal.PostFromCMS || ps[0].By != center().Name {
		t.Fatalf("got %+v", ps)
	}
	c := must(f.svc.Column(f.ctx, center(), news.ID.String()))(t)
	if !c.Updated.Equal(at(2022, 6, 3, 9, 0)) || c.UpdatedBy != portal.UpdatedByPost || c.Empty {
		t.Fatalf("news column %+v", c)
	}
	sv := must(f.svc.Site(f.ctx, center(), "S1"))(t)
	if !sv.HomeUpdated.Equal(at(2022, 6, 2, 9, 0)) {
		t.Fatalf("home updated %v", sv.HomeUpdated)
	}
	evs := must(f.svc.ColumnTrail(f.ctx, center(), news.ID.String()))(t)
	last := evs[len(evs)-1]
	if last.Type != portal.EventPostsRecorded || last.Note != "2" {
		t.Fatalf("last event %+v", last)
	}
	// An older post does not move the column back.
	must(f.svc.RecordPosts(f.ctx, dept(), "S1", []portal.PostInput{{Column: "news", Title: "旧闻", URL: "https://www.lbq.gov.cn/news/0.html", Published: at(2022, 5, 1, 9, 0)}}))(t)
	if c := must(f.svc.Column(f.ctx, center(), news.ID.String()))(t); !c.Updated.Equal(at(2022, 6, 3, 9, 0)) {
		t.Fatalf("moved back to %v", c.Updated)
	}
	// A duplicate URL, stored or in the call, is ECONFLICT naming the row.
	_, err := f.svc.RecordPosts(f.ctx, center(), "S1", []portal.PostInput{
		{Column: "news", Title: "新", URL: "https://www.lbq.gov.cn/news/9.html", Published: testNow()},
		{Column: "news", Title: "重", URL: "https://www.lbq.gov.cn/news/1.html", Published: testNow()},
	})
	wantErr(t, err, govops.ECONFLICT, "posts[1].url")
	_, err = f.svc.RecordPosts(f.ctx, center(), "S1", []portal.PostInput{
		{Column: "news", Title: "新", URL: "https://www.lbq.gov.cn/news/9.html", Published: testNow()},
		{Column: "news", Title: "新", URL: "https://www.lbq.gov.cn/news/9.html", Published: testNow()},
	})
	wantErr(t, err, govops.ECONFLICT, "posts[1].url")
	// Nothing of a refused call is written.
	pg := must(f.svc.Posts(f.ctx, viewer(), portal.PostListInput{Site: "S1", Column: "news"}))(t)
	if len(pg.Items) != 3 {
		t.Fatalf("got %d posts", len(pg.Items))
	}
	if pg.Items[0].By == center().Name {
		t.Fatal("viewer reads who recorded it")
	}
}

func TestRecordPostsValidation(t *testing.T) {
	f := newFix(t)
	postSite(t, f)
	ok := portal.PostInput{Column: "news", Title: "要闻", URL: "https://www.lbq.gov.cn/news/1.html", Published: at(2022, 6, 1, 9, 0)}
	cases := []struct {
		name  string
		edit  func(*portal.PostInput)
		field string
	}{
		{"no column", func(in *portal.PostInput) { in.Column = "" }, "posts[0].column"},
		{"unknown column", func(in *portal.PostInput) { in.Column = "nope" }, "posts[0].column"},
		{"no title", func(in *portal.PostInput) { in.Title = "" }, "posts[0].title"},
		{"no url", func(in *portal.PostInput) { in.URL = "" }, "posts[0].url"},
		{"url off the site", func(in *portal.PostInput) { in.URL = "https://evil.com/x" }, "posts[0].url"},
		{"no published", func(in *portal.PostInput) { in.Published = time.Time{} }, "posts[0].published"},
		{"published in the future", func(in *portal.PostInput) { in.Published = testNow().Add(time.Minute) }, "posts[0].published"},
		{"bad source", func(in *portal.PostInput) { in.Source = "fax" }, "posts[0].source"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ok
			c.edit(&in)
			_, err := f.svc.RecordPosts(f.ctx, center(), "S1", []portal.PostInput{in})
			wantErr(t, err, govops.EINVALID, c.field)
		})
	}
	_, err := f.svc.RecordPosts(f.ctx, center(), "S1", nil)
	wantErr(t, err, govops.EINVALID, "posts")
}

func TestImportPosts(t *testing.T) {
	f := newFix(t)
	postSite(t, f)
	must(f.svc.RecordPosts(f.ctx, center(), "S1", []portal.PostInput{{Column: "news", Title: "已有", URL: "https://www.lbq.gov.cn/news/0.html", Published: at(2022, 5, 1, 9, 0)}}))(t)
	file := strings.Join([]string{
		"标题,链接,发布时间,栏目,部门,来源",
		"要闻一,https://www.lbq.gov.cn/news/1.html,2022-06-01 09:30,news,QZFJ,钉钉上传",
		"要闻二,https://www.lbq.gov.cn/news/2.html,2022/06/02,news,QZFJ,cms",
		",https://www.lbq.gov.cn/news/3.html,2022-06-02,news,,",       // no title
		"坏时间,https://www.lbq.gov.cn/news/4.html,昨天,news,,",            // bad time
		"重复,https://www.lbq.gov.cn/news/1.html,2022-06-02,news,,",     // twice in the file
		"已有,https://www.lbq.gov.cn/news/0.html,2022-06-02,news,,",     // recorded already
		"无栏目,https://www.lbq.gov.cn/news/5.html,2022-06-02,nope,,",    // unknown column
		"未来,https://www.lbq.gov.cn/news/6.html,2099-01-01,news,,feed", // future
		"站外,https://evil.com/7.html,2022-06-02,news,,",                // off the site
		"来源,https://www.lbq.gov.cn/news/8.html,2022-06-02,news,,fax",  // bad source
	}, "\n")
	rep, err := f.svc.ImportPosts(f.ctx, center(), "S1", strings.NewReader(file), csvimport.AllOrNothing)
	wantErr(t, err, govops.EINVALID)
	want := map[int]string{4: "title", 5: "published", 6: "url", 7: "url", 8: "column", 9: "published", 10: "url", 11: "source"}
	got := map[int]string{}
	for _, e := range rep.Errors {
		got[e.Row] = e.Field
	}
	for row, field := range want {
		if got[row] != field {
			t.Errorf("row %d: got field %q, want %q (%+v)", row, got[row], field, rep.Errors)
		}
	}
	if rep.Rows != 10 || rep.Imported != 0 || rep.BadRows() != len(want) {
		t.Fatalf("report %+v", rep)
	}
	rep = must(f.svc.ImportPosts(f.ctx, center(), "S1", strings.NewReader(file), csvimport.KeepGood))(t)
	if rep.Imported != 2 {
		t.Fatalf("imported %d", rep.Imported)
	}
	pc := must(f.svc.PostCounts(f.ctx, otherDept(), portal.PostCountInput{Site: "S1", Year: 2022}))(t)
	if pc.Total != 3 || pc.ByMonth[4] != 1 || pc.ByMonth[5] != 2 || pc.BySource[portal.PostFromDingTalk] != 1 || pc.BySource[portal.PostFromCMS] != 2 {
		t.Fatalf("counts %+v", pc)
	}
	var june int
	for _, g := range pc.Groups {
		if g.Month == 6 && g.Column == "栏目news" && g.Department == "QZFJ" {
			june = g.Count
		}
	}
	if june != 2 {
		t.Fatalf("groups %+v", pc.Groups)
	}
	_, err = f.svc.PostCounts(f.ctx, center(), portal.PostCountInput{})
	wantErr(t, err, govops.EINVALID, "year")
	_, err = f.svc.ImportPosts(f.ctx, center(), "S1", strings.NewReader("title,url\n"), csvimport.KeepGood)
	wantErr(t, err, govops.EINVALID)
}
