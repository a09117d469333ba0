package portal_test

import (
	"context"
	"testing"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
)

// TestBadInput: every listing filter, update and reference names its bad
// field.
func TestBadInput(t *testing.T) {
	f := newFix(t)
	s := f.site(t, "S1", "https://www.lbq.gov.cn/")
	col := f.column(t, s, "news", "https://www.lbq.gov.cn/news/", "", portal.RequireBiweekly, false)
	must(f.svc.CreateAccount(f.ctx, center(), portal.AccountInput{Code: "WX-1", Name: "区发布", Platform: portal.PlatformWeChat, Department: "QZFJ"}))(t)
	ctx, c := f.ctx, center()
	cases := []struct {
		name  string
		call  func() error
		code  string
		field string
	}{
		{"sites: bad status", func() error { _, err := f.svc.Sites(ctx, c, portal.SiteListInput{Status: "x"}); return err }, govops.EINVALID, "status"},
		{"sites: bad cursor", func() error { _, err := f.svc.Sites(ctx, c, portal.SiteListInput{After: "??"}); return err }, govops.EINVALID, ""},
		{"columns: unknown site", func() error { _, err := f.svc.Columns(ctx, c, portal.ColumnListInput{Site: "NOPE"}); return err }, govops.ENOTFOUND, "site"},
		{"update column: url off the site", func() error {
			_, err := f.svc.UpdateColumn(ctx, c, col.ID.String(), portal.ColumnInput{Name: "n", URL: "https://x.gov.cn/", Requirement: portal.RequireNone})
			return err
		}, govops.EINVALID, "url"},
		{"update column: other code", func() error {
			_, err := f.svc.UpdateColumn(ctx, c, col.ID.String(), portal.ColumnInput{Code: "x", Name: "n", URL: col.URL, Requirement: portal.RequireNone})
			return err
		}, govops.EINVALID, "code"},
		{"update column: stale version", func() error {
			_, err := f.svc.UpdateColumn(ctx, c, "S1/news", portal.ColumnInput{Name: "n", URL: col.URL, Requirement: portal.RequireNone, IfVersion: 9})
			return err
		}, govops.ECONFLICT, ""},
		{"posts: bad period", func() error {
			_, err := f.svc.Posts(ctx, c, portal.PostListInput{From: testNow(), To: testNow().Add(-time.Hour)})
			return err
		}, govops.EINVALID, "to"},
		{"posts: bad source", func() error { _, err := f.svc.Posts(ctx, c, portal.PostListInput{Source: "fax"}); return err }, govops.EINVALID, "source"},
		{"findings: bad kind", func() error { _, err := f.svc.Findings(ctx, c, portal.FindingListInput{Kind: "x"}); return err }, govops.EINVALID, "kind"},
		{"findings: bad crawl", func() error { _, err := f.svc.Findings(ctx, c, portal.FindingListInput{Crawl: "??"}); return err }, govops.EINVALID, "crawl"},
		{"tasks: bad status", func() error { _, err := f.svc.Tasks(ctx, c, portal.TaskListInput{Status: "x"}); return err }, govops.EINVALID, "status"},
		{"tasks: bad case", func() error { _, err := f.svc.Tasks(ctx, c, portal.TaskListInput{Case: "a b"}); return err }, govops.EINVALID, "case"},
		{"task counts: bad year", func() error { _, err := f.svc.TaskCounts(ctx, c, portal.TaskCountInput{Year: 1999}); return err }, govops.EINVALID, "year"},
		{"crawls: bad status", func() error { _, err := f.svc.Crawls(ctx, c, portal.CrawlListInput{Status: "x"}); return err }, govops.EINVALID, "status"},
		{"crawl: not an ID", func() error { _, err := f.svc.Crawl(ctx, c, "x"); return err }, govops.ENOTFOUND, ""},
		{"crawl: no site", func() error { _, err := f.svc.RunCrawl(ctx, c, portal.CrawlInput{}); return err }, govops.EINVALID, "site"},
		{"crawl: bad timeout", func() error {
			_, err := f.svc.StartCrawl(ctx, c, portal.CrawlInput{Site: "S1", Options: portal.CrawlOptions{Timeout: time.Hour}})
			return err
		}, govops.EINVALID, "options.timeout"},
		{"raise: bad crawl", func() error { _, err := f.svc.RaiseTasks(ctx, c, portal.RaiseInput{Crawl: "??"}); return err }, govops.EINVALID, "crawl"},
		{"raise: bad finding", func() error {
			_, err := f.svc.RaiseTasks(ctx, c, portal.RaiseInput{Crawl: col.ID.String(), Findings: []string{"??"}})
			return err
		}, govops.EINVALID, "findings[0]"},
		{"urge: unknown site", func() error { _, err := f.svc.UrgeUpdates(ctx, c, "NOPE", time.Time{}); return err }, govops.ENOTFOUND, "site"},
		{"accounts: bad platform", func() error { _, err := f.svc.Accounts(ctx, c, portal.AccountListInput{Platform: "x"}); return err }, govops.EINVALID, "platform"},
		{"update account: other code", func() error {
			_, err := f.svc.UpdateAccount(ctx, c, "WX-1", portal.AccountInput{Code: "X", Name: "n", Platform: portal.PlatformWeibo, Department: "QZFJ"})
			return err
		}, govops.EINVALID, "code"},
		{"update account: bad status", func() error {
			_, err := f.svc.UpdateAccount(ctx, c, "WX-1", portal.AccountInput{Name: "n", Platform: portal.PlatformWeibo, Department: "QZFJ", Status: "x"})
			return err
		}, govops.EINVALID, "status"},
		{"inspections: unknown account", func() error {
			_, err := f.svc.MediaInspections(ctx, c, portal.MediaInspectionListInput{Account: "NOPE"})
			return err
		}, govops.ENOTFOUND, "account"},
		{"evaluate: unknown site", func() error { _, err := f.svc.Evaluate(ctx, c, portal.EvaluateInput{Site: "NOPE"}); return err }, govops.ENOTFOUND, "site"},
		{"availability: reversed period", func() error {
			_, err := f.svc.Availability(ctx, c, "S1", testNow(), testNow().Add(-time.Hour))
			return err
		}, govops.EINVALID, "to"},
		{"consultations: department of another", func() error {
			_, err := f.svc.Consultations(ctx, dept(), portal.ConsultationListInput{Department: "WJJ"})
			return err
		}, govops.EFORBIDDEN, "department"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.field == "" {
				wantErr(t, tc.call(), tc.code)
				return
			}
			wantErr(t, tc.call(), tc.code, tc.field)
		})
	}
	// A known department check refuses an unknown unit, naming the field.
	g := newFix(t, portal.WithDepartmentCheck(func(_ context.Context, code string) error {
		if code == "QZFJ" {
			return nil
		}
		return govops.FieldError("department", "unknown unit "+code)
	}))
	_, err := g.svc.CreateSite(g.ctx, center(), portal.SiteInput{Code: "S", Name: "n", Home: "https://a.gov.cn/", Department: "NOPE"})
	wantErr(t, err, govops.EINVALID, "department")
	must(g.svc.CreateSite(g.ctx, center(), portal.SiteInput{Code: "S", Name: "n", Home: "https://a.gov.cn/", Department: "QZFJ"}))(t)
}
