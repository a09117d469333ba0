// Command portal-check runs the district center's supervision of its
// government website and new media (门户网站与政务新媒体监管) over a local
// site: a generated portal, served by a test server on loopback, with a
// known set of broken links, wrong links, typos and wrong or sensitive
// words in the columns of five departments (site.go says which).
//
// It registers the site, its columns and their posts, probes it, crawls
// it, raises a rectification task (整改) for every finding, has the
// departments fix some of them (the site changes), re-checks them (the
// fixed ones are verified, one that was only marked fixed reopens),
// crawls again, urges the stale columns to update (督促更新), inspects
// the new-media accounts of the week, and prints the counts and the
// evaluator's verdict on the single-veto items (国办秘函〔2019〕19号).
//
// Every figure printed is computed through portal.Service and its crawler;
// only the site and the records below are made up, deterministically. It
// needs no network: the crawl reaches only the loopback server, and the
// links to other sites are judged against the allow-list without being
// fetched (SkipExternal).
//
//	go run ./examples/portal-check
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
)

func main() {
	s, err := run(context.Background(), os.Stdout)
	if s != nil {
		s.Site.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "portal-check:", err)
		os.Exit(1)
	}
}

// shanghai is the district's clock.
var shanghai = govops.ShanghaiLocation()

// evalDay is the day of the first crawl: Wednesday 2022-06-15, 10:00.
func evalDay() time.Time { return time.Date(2022, 6, 15, 10, 0, 0, 0, shanghai) }

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// center is the center's portal team; dept the staff of a department.
func center() govops.Actor          { return govops.Actor{Name: "中心-网站组"} }
func dept(code string) govops.Actor { return govops.Actor{Name: code + "-信息员", Department: code} }

// clock is the Service's clock, set as the story moves on; the crawler's
// requests run in real time beside it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fix is what a department does about a finding: Change the site so the
// problem is gone, or only mark the task fixed (the re-check finds the
// word still on the page, the link still broken, and reopens it).
type fix struct {
	Kind   portal.FindingKind
	Page   string
	What   string // the word, or the link's target as planned
	Change bool
}

// fixes are the findings the departments fix before the re-check.
var fixes = []fix{
	{portal.KindTypo, "/news/a1.html", "按装", true},
	{portal.KindTypo, "/agri/a2.html", "再接再励", true},
	{portal.KindTypo, "/edu/a1.html", "既使", false},
	{portal.KindSensitive, "/agri/a1.html", "农业部", true},
	{portal.KindSensitive, "/news/a2.html", "四个意思", true},
	{portal.KindBrokenLink, "/news/a2.html", "/news/a99.html", true},
	{portal.KindBrokenLink, "/agri/a1.html", "/agri/a98.html", true},
	{portal.KindBrokenLink, "/edu/a3.html", "/edu/old-list.html", false},
	{portal.KindWrongLink, "/news/a1.html", "http://www.lottery.example/", true},
	{portal.KindWrongLink, "/", "http://www.gxzf.gov.cn/", true},
}

// Summary is what run computed, for the test.
type Summary struct {
	Site *site
	// First and Second are the findings of the crawl before the fixes and
	// of the one after them.
	First, Second []portal.Finding
	FirstCrawl    *portal.Crawl
	SecondCrawl   *portal.Crawl
	// Raised is the tasks the first crawl raised, RaisedAgain those the
	// second one did (none: every problem it found has a live task).
	Raised, RaisedAgain []portal.Task
	// Verified and Reopened are the re-checks' outcomes, by task key.
	Verified, Reopened []string
	Urged              []portal.Task
	// Tasks counts every task by status at the end; Counts is the year's
	// counts by kind.
	Tasks       map[portal.TaskStatus]int
	Counts      *portal.TaskCounts
	Posts       *portal.PostCounts
	Empty       []string // the codes of the columns the crawl found empty
	Uninspected []portal.Uninspected
	Site0       *portal.SiteVerdict
	Accounts    []portal.AccountVerdict
}

// run tells the story and prints the report to w. The caller closes the
// returned Summary's Site.
func run(ctx context.Context, w io.Writer) (*Summary, error) {
	t0 := evalDay()
	clk := &clock{t: t0.Add(-days(1))}
	svc := portal.NewService(portalmem.New(), portal.WithNow(clk.Now), portal.WithPrivateTargets(true),
		portal.WithParkedDomains([]string{parkedHost}),
		portal.WithCrawlDefaults(portal.CrawlOptions{HostRate: -1, Timeout: 5 * time.Second, Concurrency: 4, SkipExternal: true}))
	defer func() { _ = svc.Shutdown(context.Background()) }()
	web := newSite(2022)
	sum := &Summary{Site: web}

	if err := register(ctx, svc, web, t0); err != nil {
		return sum, err
	}
	if err := records(ctx, svc, clk, web, t0); err != nil {
		return sum, err
	}

	// The crawl, and a task for every finding, due in ten days.
	clk.Set(t0)
	c1, err := svc.RunCrawl(ctx, center(), portal.CrawlInput{Site: "liubei"})
	if err != nil {
		return sum, err
	}
	sum.FirstCrawl = c1
	if sum.First, err = findings(ctx, svc, c1); err != nil {
		return sum, err
	}
	if sum.Raised, err = svc.RaiseTasks(ctx, center(), portal.RaiseInput{Crawl: c1.ID.String(), Due: t0.Add(days(10))}); err != nil {
		return sum, err
	}
	fmt.Fprintf(w, "第一次巡检：%d 个页面，%d 条链接，发现问题 %d 个，生成整改任务 %d 个\n", c1.Pages, c1.Links, len(sum.First), len(sum.Raised))
	printKinds(w, "  ", c1.Findings)
	for _, f := range sum.First {
		fmt.Fprintf(w, "    %-6s %-18s %s\n", f.Department, strings.TrimPrefix(f.Page, web.url("")), f.Reason)
	}
	if sum.Urged, err = svc.UrgeUpdates(ctx, center(), "liubei", t0); err != nil {
		return sum, err
	}
	fmt.Fprintf(w, "督促更新：%d 个栏目\n", len(sum.Urged))
	for _, u := range sum.Urged {
		fmt.Fprintf(w, "  %s（%s）\n", u.Title, u.Department)
	}

	// The departments fix: the site changes, the tasks are marked fixed.
	clk.Set(t0.Add(days(1)))
	byKey := map[string]portal.Task{}
	for _, t := range sum.Raised {
		byKey[t.Key] = t
	}
	var marked []portal.Task
	for _, f := range fixes {
		key := web.key(Issue{Kind: f.Kind, Page: f.Page, Word: wordOf(f), Target: targetOf(f)})
		t, ok := byKey[key]
		if !ok {
			return sum, fmt.Errorf("no task of %s", key)
		}
		if f.Change {
			if err := web.fix(key); err != nil {
				return sum, err
			}
		}
		ft, err := svc.MarkFixed(ctx, dept(t.Department), t.ID.String(), portal.FixInput{Fix: "已按要求整改"})
		if err != nil {
			return sum, err
		}
		marked = append(marked, *ft)
	}
	// The education bureau publishes again, and marks its urge done.
	if _, err := svc.RecordPosts(ctx, dept("JYJ"), "liubei", []portal.PostInput{{Column: "edu", Title: "教育动态（第5期）",
		URL: web.url(articlePath("edu", 5)), Published: clk.Now(), Department: "JYJ", Source: portal.PostFromCMS}}); err != nil {
		return sum, err
	}
	for _, u := range sum.Urged {
		if u.Department == "JYJ" {
			ft, err := svc.MarkFixed(ctx, dept("JYJ"), u.ID.String(), portal.FixInput{Fix: "已发布新信息"})
			if err != nil {
				return sum, err
			}
			marked = append(marked, *ft)
		}
	}

	// The center re-checks each: the page, the link or the column again.
	clk.Set(t0.Add(days(2)))
	for _, t := range marked {
		rt, err := svc.Recheck(ctx, center(), t.ID.String(), portal.RecheckInput{})
		if err != nil {
			return sum, err
		}
		if rt.Status == portal.TaskVerified {
			sum.Verified = append(sum.Verified, rt.Key)
		} else {
			sum.Reopened = append(sum.Reopened, rt.Key)
		}
	}
	fmt.Fprintf(w, "复核：%d 个任务通过，%d 个退回重新整改\n", len(sum.Verified), len(sum.Reopened))

	// The second crawl finds what is left, and raises nothing new.
	c2, err := svc.RunCrawl(ctx, center(), portal.CrawlInput{Site: "liubei"})
	if err != nil {
		return sum, err
	}
	sum.SecondCrawl = c2
	if sum.Second, err = findings(ctx, svc, c2); err != nil {
		return sum, err
	}
	if sum.RaisedAgain, err = svc.RaiseTasks(ctx, center(), portal.RaiseInput{Crawl: c2.ID.String()}); err != nil {
		return sum, err
	}
	fmt.Fprintf(w, "第二次巡检：发现问题 %d 个，新增整改任务 %d 个\n", len(sum.Second), len(sum.RaisedAgain))
	printKinds(w, "  ", c2.Findings)

	return sum, report(ctx, svc, w, sum, clk.Now())
}

// wordOf and targetOf split a fix's What by its kind.
func wordOf(f fix) string {
	if f.Kind == portal.KindTypo || f.Kind == portal.KindSensitive {
		return f.What
	}
	return ""
}

func targetOf(f fix) string {
	if wordOf(f) == "" {
		return f.What
	}
	return ""
}

// register records the district portal, the city's (so that a link whose
// text names it is judged), and the columns.
func register(ctx context.Context, svc *portal.Service, web *site, t0 time.Time) error {
	if _, err := svc.CreateSite(ctx, center(), portal.SiteInput{Code: "liubei", Name: "柳北区人民政府", Department: "BGS",
		Home: web.url("/"), Domains: []string{allowDomain}}); err != nil {
		return err
	}
	if _, err := svc.CreateSite(ctx, center(), portal.SiteInput{Code: "liuzhou", Name: cityName, Home: cityHome}); err != nil {
		return err
	}
	for _, c := range columns {
		if _, err := svc.AddColumn(ctx, center(), portal.ColumnInput{Site: "liubei", Code: c.Code, Name: c.Name, URL: web.url(c.Path),
			Department: c.Dept, Requirement: c.Req, Home: c.Home}); err != nil {
			return err
		}
	}
	return nil
}

// records enters what the center knows before the crawl: the posts of
// each column from the CMS, the home page's update, three probes, two
// consultations, and the new-media accounts with this week's inspections.
func records(ctx context.Context, svc *portal.Service, clk *clock, web *site, t0 time.Time) error {
	for _, c := range columns {
		var posts []portal.PostInput
		for i := 1; i <= c.Articles; i++ {
			age := c.LastPost + (c.Articles-i)*c.Every
			posts = append(posts, portal.PostInput{Column: c.Code, Title: fmt.Sprintf("%s（第%d期）", c.Name, i), URL: web.url(articlePath(c.Code, i)),
				Published: t0.Add(-days(age)), Department: c.Dept, Source: portal.PostFromCMS})
		}
		if len(posts) > 0 {
			if _, err := svc.RecordPosts(ctx, center(), "liubei", posts); err != nil {
				return err
			}
		}
	}
	if _, err := svc.RecordUpdate(ctx, center(), "liubei/home", portal.ColumnUpdate{At: t0.Add(-days(1))}); err != nil {
		return err
	}
	for _, d := range []int{3, 2, 1} {
		clk.Set(t0.Add(-days(d)))
		if _, err := svc.ProbeSite(ctx, center(), "liubei"); err != nil {
			return err
		}
	}
	if _, err := svc.RecordConsultation(ctx, center(), portal.ConsultationInput{Site: "liubei", Ref: "ZX-2022-0031", Subject: "学区划分咨询",
		Asker: "张女士", Department: "JYJ", Received: time.Date(2022, 2, 21, 9, 30, 0, 0, shanghai)}); err != nil {
		return err
	}
	answered, err := svc.RecordConsultation(ctx, center(), portal.ConsultationInput{Site: "liubei", Ref: "ZX-2022-0102", Subject: "农机补贴申请",
		Asker: "韦先生", Department: "NYNCJ", Received: time.Date(2022, 6, 1, 15, 0, 0, 0, shanghai)})
	if err != nil {
		return err
	}
	if _, err := svc.AnswerConsultation(ctx, dept("NYNCJ"), answered.ID.String(), portal.AnswerInput{Answer: "请携带身份证到区农业农村局窗口办理。",
		At: time.Date(2022, 6, 2, 10, 0, 0, 0, shanghai)}); err != nil {
		return err
	}
	for _, a := range []portal.AccountInput{
		{Code: "lb-wechat", Name: "柳北发布", Platform: portal.PlatformWeChat, Handle: "gh_liubeifabu", Department: "BGS"},
		{Code: "lb-edu-weibo", Name: "柳北教育", Platform: portal.PlatformWeibo, Handle: "liubeijiaoyu", Department: "JYJ"},
		{Code: "lb-agri-douyin", Name: "柳北农业", Platform: portal.PlatformDouyin, Handle: "lbny2020", Department: "NYNCJ"},
	} {
		if _, err := svc.CreateAccount(ctx, center(), a); err != nil {
			return err
		}
	}
	week := time.Date(2022, 6, 13, 0, 0, 0, 0, shanghai) // the Monday of t0's week
	for _, in := range []portal.MediaInspectionInput{
		{Account: "lb-wechat", Week: week, Inspected: t0.Add(-days(1)), LastPost: t0.Add(-days(1)), ReviewInPlace: true, Interactive: true},
		{Account: "lb-edu-weibo", Week: week, Inspected: t0.Add(-days(1)), LastPost: t0.Add(-days(21)), ReviewInPlace: true, Interactive: true,
			Issues: "5月25日以来未发布信息"},
		// Last week's: the Douyin account is not inspected this week.
		{Account: "lb-agri-douyin", Week: week.Add(-days(7)), Inspected: t0.Add(-days(7)), LastPost: t0.Add(-days(8)), ReviewInPlace: true,
			Interactive: false, Issues: "私信、评论回复功能关闭"},
	} {
		in.Inspector = "中心-网站组"
		if _, err := svc.InspectAccount(ctx, center(), in); err != nil {
			return err
		}
	}
	return nil
}

// findings returns every finding of a crawl.
func findings(ctx context.Context, svc *portal.Service, c *portal.Crawl) ([]portal.Finding, error) {
	var out []portal.Finding
	in := portal.FindingListInput{Crawl: c.ID.String(), Limit: 500}
	for {
		pg, err := svc.Findings(ctx, center(), in)
		if err != nil {
			return nil, err
		}
		out = append(out, pg.Items...)
		if pg.Next == "" {
			return out, nil
		}
		in.After = pg.Next
	}
}

// printKinds prints counts by the crawl's kinds.
func printKinds(w io.Writer, indent string, n map[portal.FindingKind]int) {
	for _, k := range portal.CrawlKinds() {
		fmt.Fprintf(w, "%s%s：%d\n", indent, k.Label(), n[k])
	}
}

// report prints the tasks, the posts, the empty columns, the accounts not
// inspected this week, and the verdicts, at now.
func report(ctx context.Context, svc *portal.Service, w io.Writer, sum *Summary, now time.Time) error {
	sum.Tasks = map[portal.TaskStatus]int{}
	in := portal.TaskListInput{Site: "liubei", Limit: 500}
	for {
		pg, err := svc.Tasks(ctx, center(), in)
		if err != nil {
			return err
		}
		for _, t := range pg.Items {
			sum.Tasks[t.Status]++
		}
		if pg.Next == "" {
			break
		}
		in.After = pg.Next
	}
	fmt.Fprint(w, "整改任务：")
	for _, st := range portal.TaskStatuses() {
		fmt.Fprintf(w, "%s %d  ", st.Label(), sum.Tasks[st])
	}
	fmt.Fprintln(w)
	var err error
	if sum.Counts, err = svc.TaskCounts(ctx, center(), portal.TaskCountInput{Site: "liubei", Year: 2022}); err != nil {
		return err
	}
	fmt.Fprintln(w, "2022 年整改（已整改/已发现）：")
	for _, k := range sum.Counts.Kinds {
		if k.Opened > 0 {
			fmt.Fprintf(w, "  %s：%d / %d\n", k.Kind.Label(), k.Fixed, k.Opened)
		}
	}
	if sum.Posts, err = svc.PostCounts(ctx, center(), portal.PostCountInput{Site: "liubei", Year: 2022}); err != nil {
		return err
	}
	fmt.Fprintf(w, "2022 年信息发布：%d 条\n", sum.Posts.Total)
	cols, err := svc.Columns(ctx, center(), portal.ColumnListInput{Site: "liubei", Limit: 500})
	if err != nil {
		return err
	}
	for _, c := range cols.Items {
		if c.Empty {
			sum.Empty = append(sum.Empty, c.Code)
		}
	}
	slices.Sort(sum.Empty)
	fmt.Fprintf(w, "空白栏目：%v\n", sum.Empty)
	if sum.Uninspected, err = svc.Uninspected(ctx, center(), now); err != nil {
		return err
	}
	for _, u := range sum.Uninspected {
		fmt.Fprintf(w, "本周未检查的新媒体账号：%s（%s）\n", u.Account.Name, u.Account.Platform.Label())
	}
	ev, err := svc.Evaluate(ctx, center(), portal.EvaluateInput{At: now, Site: "liubei"})
	if err != nil {
		return err
	}
	sum.Site0 = &ev.Sites[0]
	printVerdict(w, sum.Site0.Name, sum.Site0.Pass, sum.Site0.Reasons)
	for _, code := range []string{"lb-wechat", "lb-edu-weibo", "lb-agri-douyin"} {
		ev, err := svc.Evaluate(ctx, center(), portal.EvaluateInput{At: now, Account: code})
		if err != nil {
			return err
		}
		v := ev.Accounts[0]
		sum.Accounts = append(sum.Accounts, v)
		printVerdict(w, v.Name+"（"+v.Platform.Label()+"）", v.Pass, v.Reasons)
	}
	return nil
}

func printVerdict(w io.Writer, name string, pass bool, reasons []portal.Reason) {
	verdict := "合格"
	if !pass {
		verdict = "单项否决"
	}
	fmt.Fprintf(w, "%s：%s\n", name, verdict)
	for _, r := range reasons {
		fmt.Fprintf(w, "  %s（%s，标准 %s）\n", r.Label, r.Value, r.Threshold)
		for _, e := range r.Evidence {
			fmt.Fprintf(w, "    %s\n", e)
		}
	}
}
