package demo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/refserver"
)

// The portal chapter: the district portal (served as a copy on loopback
// for the crawls), two departments' sites, their columns, the year's
// posts, the weekly update urges and consultations dispatched as cases and
// worked by the departments, the monthly crawls whose findings the center
// fixes itself, and the weekly inspections of the new-media accounts.

const portalChapter = "portal"

// The sites' codes.
const (
	portalSite = "LBQ-PORTAL"
	eduSite    = "LBQ-JYJ"
	healthSite = "LBQ-WJJ"
)

// portalStaff are the center's staff who run the portal's supervision.
var portalStaff = []govops.Actor{{Name: "王芳"}, {Name: "李明"}, {Name: "陈静"}}

// portalDeptStaff are names the departments' staff act under.
var portalDeptStaff = []string{"赵磊", "周婷", "吴昊", "郑丽", "孙伟", "钱敏", "冯涛", "何静", "韦强", "覃丽", "蓝海", "莫燕", "黄凯", "梁芳"}

// portalWeeks returns the Mondays (00:00 Asia/Shanghai) of the weeks of
// year: the weeks whose Monday falls in it.
func portalWeeks(year int) []time.Time {
	d := time.Date(year, 1, 1, 0, 0, 0, 0, Shanghai)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	var out []time.Time
	for ; d.Year() == year; d = d.AddDate(0, 0, 7) {
		out = append(out, d)
	}
	return out
}

// portalSteps is the chapter's expected steps: the setup, one per week,
// the close.
func portalSteps(p Params) int64 { return int64(len(portalWeeks(p.Year))) + 2 }

// portalCol is a column the chapter keeps.
type portalCol struct {
	site   string
	host   string // the posts' host
	code   string
	name   string
	path   string
	dept   string
	req    portal.Requirement
	home   bool
	weight float64 // share of the regular posts
	id     uuid.UUID
}

// portalYear is the chapter's state.
type portalYear struct {
	g      *Gen
	clock  *Clock
	svc    refserver.Services
	site   *portalMirror
	cols   []*portalCol
	byID   map[uuid.UUID]*portalCol
	depts  []Dept
	office string // the district government office's code

	postSeq     int
	urlPrefix   string
	posts       int64
	urged       int64
	consults    int64
	inspections int
	fixed       map[portal.FindingKind]int64

	start         time.Time  // the setup: nothing of the chapter before it
	responsePosts int        // urges still answered by a post
	mu            sync.Mutex // the counters, while workers run
	rescued       int        // stale columns found updated on a check
	took          map[string]time.Duration
}

// count adds n to the counter at c.
func (y *portalYear) count(c *int64, n int64) {
	y.mu.Lock()
	defer y.mu.Unlock()
	*c += n
}

// timed runs fn and adds its time to what.
func (y *portalYear) timed(what string, fn func() error) error {
	t0 := time.Now()
	err := fn()
	y.took[what] += time.Since(t0)
	return err
}

// at sets the chapter's own clock.
func (y *portalYear) at(t time.Time) { y.clock.Set(t) }

// staff returns one of the center's staff.
func (y *portalYear) staff(i int) govops.Actor { return portalStaff[i%len(portalStaff)] }

// deptActor returns the department's staff member who works its portal
// tasks.
func (y *portalYear) deptActor(code string) govops.Actor {
	h := 0
	for _, r := range code {
		h = h*31 + int(r)
	}
	return govops.Actor{Name: portalDeptStaff[(h%len(portalDeptStaff)+len(portalDeptStaff))%len(portalDeptStaff)], Department: code}
}

// workAdd adds d of working time to t.
func (y *portalYear) workAdd(t time.Time, d time.Duration) time.Time {
	out, err := y.g.Calendar().AddWorkHours(t, d)
	if err != nil {
		return t.Add(d)
	}
	return out
}

// isWorkday reports whether t falls on a working day of the calendar.
func (y *portalYear) isWorkday(t time.Time) bool {
	ok, err := y.g.Calendar().IsWorkday(t)
	if err != nil {
		wd := t.In(Shanghai).Weekday()
		return wd != time.Saturday && wd != time.Sunday
	}
	return ok
}

// portalTrace, when set (tests), receives the time each part of the
// chapter took, the stale columns found updated on the checks and the
// urges made.
var portalTrace func(took map[string]time.Duration, rescued int, urged int64)

// runPortal fills the chapter.
func runPortal(ctx context.Context, g *Gen) error {
	p := g.P
	y := &portalYear{g: g, clock: NewClock(time.Date(p.Year, 1, 1, 8, 45, 0, 0, Shanghai)), byID: map[uuid.UUID]*portalCol{},
		fixed: map[portal.FindingKind]int64{}, took: map[string]time.Duration{}}
	// The sites, columns and accounts are registered on the year's first
	// working morning, after the directory.
	for !y.isWorkday(y.clock.Now()) && y.clock.Now().Month() == time.January {
		y.clock.Advance(24 * time.Hour)
	}
	y.start = y.clock.Now()
	y.svc = g.Services(y.clock)
	y.depts = g.Departments()
	if len(y.depts) == 0 {
		// No unit to own a column, an account or an urge: a year without
		// a directory has no portal work.
		g.Step(portalChapter, portalSteps(p))
		return nil
	}
	if g.Append() {
		// Posts' URLs and consultations' numbers are unique: a year added
		// to posts of its own gives them a run prefix.
		pc, err := y.svc.Portal.PostCounts(ctx, y.staff(0), portal.PostCountInput{Year: p.Year})
		if err != nil {
			return err
		}
		if pc.Total > 0 {
			y.urlPrefix = fmt.Sprintf("r%d-", pc.Total)
		}
	}
	if err := y.setup(ctx); err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	defer y.site.Close()
	g.Step(portalChapter, 1)
	if err := y.run(ctx); err != nil {
		return err
	}
	if err := y.publicHome(ctx); err != nil {
		return fmt.Errorf("the portal's public address: %w", err)
	}
	g.Add(annual.KeyPosts, y.posts)
	g.Add(annual.KeyUrged, y.urged)
	g.Add(annual.KeyFixedBroken, y.fixed[portal.KindBrokenLink])
	g.Add(annual.KeyFixedTypo, y.fixed[portal.KindTypo])
	g.Add(annual.KeyFixedSensitive, y.fixed[portal.KindSensitive])
	g.Add(annual.KeyFixedWrongLink, y.fixed[portal.KindWrongLink])
	g.Add(annual.KeyCasesPortal, y.urged+y.consults)
	g.Add(annual.KeyCasesTotal, y.urged+y.consults)
	g.Set(annual.KeyMediaAccounts, decimal.NewFromInt(int64(p.MediaAccounts)))
	g.Set(annual.KeyMediaWeekly, portalMediaWeekly(y.inspections, p.MediaAccounts, len(portalWeeks(p.Year))))
	g.Step(portalChapter, 1)
	if portalTrace != nil {
		portalTrace(y.took, y.rescued, y.urged)
	}
	return nil
}

// pickDept returns the code of the first department whose name holds one
// of words, else the i-th department of kind.
func (y *portalYear) pickDept(i int, kind directory.Kind, words ...string) string {
	for _, w := range words {
		for _, d := range y.depts {
			if strings.Contains(d.Name, w) {
				return d.Code
			}
		}
	}
	var of []Dept
	for _, d := range y.depts {
		if d.Kind == kind || kind == "" {
			of = append(of, d)
		}
	}
	if len(of) == 0 {
		of = y.depts
	}
	return of[i%len(of)].Code
}

// setup makes the sites, their columns (with their last update before
// the year, entered by hand) and the new-media accounts.
func (y *portalYear) setup(ctx context.Context) error {
	center := y.staff(0)
	y.office = y.pickDept(0, directory.KindDepartment, "政府办", "区政府办公室", "人民政府办公室", "办公室")
	edu := y.pickDept(1, directory.KindDepartment, "教育局", "教育")
	health := y.pickDept(2, directory.KindDepartment, "卫健局", "卫生健康局", "卫生健康", "卫健")
	// The portal's columns.
	add := func(c *portalCol) { y.cols = append(y.cols, c) }
	add(&portalCol{site: portalSite, code: "home", name: "首页", path: "/", dept: y.office, req: portal.RequireNone, home: true})
	add(&portalCol{site: portalSite, code: "zwdt", name: "政务动态", path: "/xwzx/zwdt/", dept: y.office, req: portal.RequireBiweekly, weight: 0.30})
	add(&portalCol{site: portalSite, code: "tzgg", name: "通知公告", path: "/xwzx/tzgg/", dept: y.office, req: portal.RequireHalfYearly, weight: 0.07})
	add(&portalCol{site: portalSite, code: "zcwj", name: "政策文件", path: "/zwgk/zcwj/", dept: y.pickDept(3, directory.KindDepartment, "司法"), req: portal.RequireHalfYearly, weight: 0.02})
	add(&portalCol{site: portalSite, code: "jgzn", name: "机构职能", path: "/zwgk/jgzn/", dept: y.office, req: portal.RequireNone})
	var units []Dept
	nd, nt := 0, 0
	for _, d := range y.depts {
		switch {
		case d.Kind == directory.KindDepartment && nd < 40 && d.Code != y.office && !portalPartyOrCenter(d.Name):
			units = append(units, d)
			nd++
		case d.Kind == directory.KindTownship && nt < 8:
			units = append(units, d)
			nt++
		}
	}
	active := len(units) / 3
	for i, d := range units {
		w := 0.04 / float64(max(1, len(units)-active))
		if i%3 == 0 {
			w = 0.50 / float64(max(1, active))
		}
		pre, label := "bm", "部门信息"
		if d.Kind == directory.KindTownship {
			pre, label = "jd", "乡镇街道"
		}
		code := fmt.Sprintf("%s%02d", pre, i+1)
		add(&portalCol{site: portalSite, code: code, name: label + "·" + d.Name, path: "/" + pre + "xx/" + code + "/", dept: d.Code,
			req: portal.RequireBiweekly, weight: w})
	}
	// Two departments' own sites.
	add(&portalCol{site: eduSite, host: "http://jyj.lbq.gov.cn", code: "jydt", name: "教育动态", path: "/jydt/", dept: edu, req: portal.RequireBiweekly, weight: 0.015})
	add(&portalCol{site: eduSite, host: "http://jyj.lbq.gov.cn", code: "tzgg", name: "通知公告", path: "/tzgg/", dept: edu, req: portal.RequireHalfYearly, weight: 0.004})
	add(&portalCol{site: healthSite, host: "http://wjj.lbq.gov.cn", code: "wjdt", name: "卫健动态", path: "/wjdt/", dept: health, req: portal.RequireBiweekly, weight: 0.012})
	add(&portalCol{site: healthSite, host: "http://wjj.lbq.gov.cn", code: "tzgg", name: "通知公告", path: "/tzgg/", dept: health, req: portal.RequireHalfYearly, weight: 0.004})

	var mcols []portalMirrorColumn
	for _, c := range y.cols {
		if c.site == portalSite && !c.home {
			mcols = append(mcols, portalMirrorColumn{Path: c.path, Name: c.name})
		}
	}
	y.site = newPortalMirror(mcols)
	home := strings.TrimSuffix(y.site.URL(), "/")
	for _, c := range y.cols {
		if c.site == portalSite {
			c.host = portalPublic
		}
	}
	sites := []portal.SiteInput{
		{Code: portalSite, Name: "柳北区人民政府门户网站", Home: home + "/",
			Domains: append([]string{strings.TrimPrefix(portalPublic, "http://")}, portalDomains...)},
		{Code: eduSite, Name: "柳北区教育局网站", Department: edu, Home: "http://jyj.lbq.gov.cn/"},
		{Code: healthSite, Name: "柳北区卫生健康局网站", Department: health, Home: "http://wjj.lbq.gov.cn/"},
	}
	for _, in := range sites {
		if _, err := y.svc.Portal.CreateSite(ctx, center, in); err != nil {
			if !(y.g.Append() && govops.ErrorCode(err) == govops.ECONFLICT) {
				return err
			}
			if _, err := y.svc.Portal.UpdateSite(ctx, center, in.Code, in); err != nil {
				return err
			}
		}
	}
	for i, c := range y.cols {
		url := c.host + c.path
		if c.site == portalSite {
			url = home + c.path
		}
		in := portal.ColumnInput{Site: c.site, Code: c.code, Name: c.name, URL: url, Department: c.dept, Requirement: c.req, Home: c.home}
		col, err := y.svc.Portal.AddColumn(ctx, center, in)
		if err != nil {
			if !(y.g.Append() && govops.ErrorCode(err) == govops.ECONFLICT) {
				return fmt.Errorf("column %s/%s: %w", c.site, c.code, err)
			}
			if col, err = y.svc.Portal.UpdateColumn(ctx, center, c.site+"/"+c.code, in); err != nil {
				return fmt.Errorf("column %s/%s: %w", c.site, c.code, err)
			}
		}
		c.id = col.ID
		y.byID[c.id] = c
		if c.req == portal.RequireNone {
			continue
		}
		r := y.g.Rand("portal.setup", i)
		last := time.Date(y.g.P.Year-1, 12, 31, 16, 0, 0, 0, Shanghai).Add(-time.Duration(r.IntN(13*24)) * time.Hour)
		if c.req == portal.RequireHalfYearly {
			last = last.AddDate(0, -r.IntN(4), 0)
		}
		if !col.Updated.Before(last) {
			continue
		}
		if _, err := y.svc.Portal.RecordUpdate(ctx, center, c.id.String(), portal.ColumnUpdate{At: last, Source: portal.UpdatedByManual}); err != nil {
			return fmt.Errorf("column %s: %w", c.code, err)
		}
	}
	return y.accounts(ctx)
}

// portalPublic is the district portal's public address: the site and its
// columns move back to it once the year's crawls of the loopback copy are
// done.
const portalPublic = "http://www.lbq.gov.cn"

// portalDomains are the portal's allowed link targets besides its own.
var portalDomains = []string{"www.gov.cn", "www.gxzf.gov.cn", "www.liuzhou.gov.cn"}

// publicHome moves the portal and its columns to its public address, on
// the year's last afternoon.
func (y *portalYear) publicHome(ctx context.Context) error {
	center := y.staff(0)
	y.at(time.Date(y.g.P.Year, 12, 31, 17, 30, 0, 0, Shanghai))
	if _, err := y.svc.Portal.UpdateSite(ctx, center, portalSite, portal.SiteInput{Name: "柳北区人民政府门户网站", Home: portalPublic + "/",
		Domains: portalDomains}); err != nil {
		return err
	}
	for _, c := range y.cols {
		if c.site != portalSite {
			continue
		}
		if _, err := y.svc.Portal.UpdateColumn(ctx, center, c.id.String(), portal.ColumnInput{Name: c.name, URL: portalPublic + c.path,
			Department: c.dept, Requirement: c.req, Home: c.home}); err != nil {
			return fmt.Errorf("column %s: %w", c.code, err)
		}
	}
	return nil
}

// portalPartyOrCenter reports whether a unit is a party, congress or
// conference body, or the center itself: none has a column of its own on
// the government's portal.
func portalPartyOrCenter(name string) bool {
	for _, w := range []string{"区委", "人大", "政协", "纪委", "政务网络服务中心", "机关工委", "团区委", "党校"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// portalAccount is one of the district's new-media accounts.
type portalAccount struct {
	name, handle string
	platform     portal.Platform
	words        []string
}

var portalAccounts = []portalAccount{
	{"柳北发布", "liubeifabu", portal.PlatformWeChat, []string{"政府办", "办公室"}},
	{"柳北发布", "liubeifabu_weibo", portal.PlatformWeibo, []string{"政府办", "办公室"}},
	{"柳北发布", "liubeifabu_dy", portal.PlatformDouyin, []string{"政府办", "办公室"}},
	{"柳北教育", "lbjiaoyu", portal.PlatformWeChat, []string{"教育"}},
	{"健康柳北", "jiankanglb", portal.PlatformWeChat, []string{"卫健局", "卫生健康局"}},
	{"柳北市场监管", "lbscjg", portal.PlatformWeChat, []string{"市场监督", "市场监管"}},
	{"柳北应急", "lbyingji", portal.PlatformWeChat, []string{"应急"}},
	{"柳北人社", "lbrenshe", portal.PlatformWeChat, []string{"人力资源", "人社"}},
	{"文旅柳北", "wenlvlb", portal.PlatformDouyin, []string{"文化", "文旅"}},
	{"柳北政务服务", "lbzwfw", portal.PlatformWeChat, []string{"政务服务", "行政审批"}},
	{"柳北城管", "lbchengguan", portal.PlatformToutiao, []string{"执法", "城管"}},
}

// accounts makes the new-media accounts, MA01…, each a department's.
func (y *portalYear) accounts(ctx context.Context) error {
	center := y.staff(0)
	for i := range y.g.P.MediaAccounts {
		m := portalAccounts[i%len(portalAccounts)]
		name, handle := m.name, m.handle
		if i >= len(portalAccounts) {
			name, handle = fmt.Sprintf("%s%d", m.name, i/len(portalAccounts)+1), fmt.Sprintf("%s%d", m.handle, i/len(portalAccounts)+1)
		}
		in := portal.AccountInput{Code: fmt.Sprintf("MA%02d", i+1), Name: name, Platform: m.platform, Handle: handle,
			Department: y.pickDept(i, directory.KindDepartment, m.words...)}
		if _, err := y.svc.Portal.CreateAccount(ctx, center, in); err != nil {
			if !(y.g.Append() && govops.ErrorCode(err) == govops.ECONFLICT) {
				return fmt.Errorf("account %s: %w", in.Code, err)
			}
		}
	}
	return nil
}

// portalDay is one day of the year and what happens on it.
type portalDay struct {
	date    time.Time // 00:00 Asia/Shanghai
	work    bool
	posts   int
	consult []portalConsult
}

// portalConsult is one planned consultation.
type portalConsult struct {
	received time.Time
	prompt   bool // answered before any urge
	dept     string
}

// run is the year, week by week.
func (y *portalYear) run(ctx context.Context) error {
	p := y.g.P
	year := p.Year
	start := time.Date(year, 1, 1, 0, 0, 0, 0, Shanghai)
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, Shanghai)
	var days []*portalDay
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		days = append(days, &portalDay{date: d, work: y.isWorkday(d.Add(10 * time.Hour))})
	}
	weeks := portalWeeks(year)
	// The check of each week: its first working day, 09:30.
	var checks []time.Time
	for _, m := range weeks {
		for k := range 7 {
			d := m.AddDate(0, 0, k)
			if d.Year() == year && y.isWorkday(d.Add(10*time.Hour)) {
				checks = append(checks, d.Add(9*time.Hour+30*time.Minute))
				break
			}
		}
	}
	if len(checks) == 0 {
		return fmt.Errorf("no working day in %d", year)
	}
	// Regular posts: all but one per urge, working-day shaped.
	regular := max(0, p.Posts-p.UrgedUpdates)
	y.responsePosts = p.Posts - regular
	ws := make([]float64, len(days))
	for i, d := range days {
		switch {
		case d.date.Add(24 * time.Hour).Before(y.start.Add(time.Second)):
			ws[i] = 0
		case !d.work:
			ws[i] = 0.02
		case d.date.Weekday() == time.Monday:
			ws[i] = 1.15
		case d.date.Weekday() == time.Friday:
			ws[i] = 0.85
		default:
			ws[i] = 1
		}
	}
	for i, n := range apportion(regular, ws) {
		days[i].posts = n
	}
	// Consultations: those urged, received before the last check, and
	// those answered at once.
	lastCheck := checks[len(checks)-1]
	var cws, aws []float64
	for _, d := range days {
		w := 0.0
		switch {
		case d.date.Add(24 * time.Hour).Before(y.start.Add(time.Second)):
		case d.work:
			w = 1
		default:
			w = 0.15
		}
		aws = append(aws, w)
		if d.date.Before(lastCheck.Truncate(24 * time.Hour).Add(-8 * time.Hour)) {
			cws = append(cws, w)
		} else {
			cws = append(cws, 0)
		}
	}
	units := y.consultDepts()
	plan := func(n int, weights []float64, prompt bool, stream string) {
		for i, k := range apportion(n, weights) {
			for j := range k {
				r := y.g.Rand(stream, i*1000+j)
				t := days[i].date.Add(10*time.Hour + time.Duration(r.IntN(7*60))*time.Minute)
				days[i].consult = append(days[i].consult, portalConsult{received: t, prompt: prompt, dept: units[r.IntN(len(units))]})
			}
		}
	}
	plan(p.ConsultationCases, cws, false, "portal.consult")
	plan(int(math.Round(float64(p.ConsultationCases)*0.6)), aws, true, "portal.consult.prompt")
	crawls := y.crawlPlan(days)

	di := 0
	for wi, m := range weeks {
		if err := ctx.Err(); err != nil {
			return err
		}
		next := end
		if wi+1 < len(weeks) {
			next = weeks[wi+1]
		}
		for ci, c := range checks {
			if !c.Before(m) && c.Before(next) {
				if err := y.timed("checks", func() error { return y.check(ctx, c, ci, len(checks)) }); err != nil {
					return fmt.Errorf("check of %s: %w", c.Format(time.DateOnly), err)
				}
			}
		}
		for ; di < len(days) && days[di].date.Before(next); di++ {
			if err := y.timed("days", func() error { return y.day(ctx, days[di]) }); err != nil {
				return fmt.Errorf("%s: %w", days[di].date.Format(time.DateOnly), err)
			}
		}
		for _, c := range crawls {
			if !c.at.Before(m) && c.at.Before(next) {
				if err := y.timed("crawls", func() error { return y.crawl(ctx, c) }); err != nil {
					return fmt.Errorf("crawl of %s: %w", c.at.Format(time.DateOnly), err)
				}
			}
		}
		if err := y.timed("inspections", func() error { return y.inspect(ctx, wi, m) }); err != nil {
			return fmt.Errorf("inspections of the week of %s: %w", m.Format(time.DateOnly), err)
		}
		y.g.Step(portalChapter, 1)
	}
	return nil
}

// consultDepts are the departments consultations are for.
func (y *portalYear) consultDepts() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range y.cols {
		if c.site == portalSite && c.req == portal.RequireBiweekly && !seen[c.dept] {
			seen[c.dept] = true
			out = append(out, c.dept)
		}
	}
	return out
}

// day records a day's posts and consultations.
func (y *portalYear) day(ctx context.Context, d *portalDay) error {
	if d.posts > 0 {
		if err := y.regularPosts(ctx, d); err != nil {
			return err
		}
	}
	for i, c := range d.consult {
		if err := y.consultation(ctx, c, d, i); err != nil {
			return err
		}
	}
	return nil
}

var portalTopics = []string{"安全生产", "疫情防控", "优化营商环境", "乡村振兴", "文明城市创建", "民生实事", "政务公开", "防汛救灾",
	"消防安全", "垃圾分类", "就业服务", "校园安全", "食品安全", "禁毒宣传", "网络安全", "法治宣传"}

var portalTitleForms = []string{"%s召开%s工作推进会", "%s开展%s专项行动", "%s部署%s工作", "%s深入一线督导%s工作", "%s举办%s培训",
	"关于做好%[2]s工作的通知", "%s扎实推进%s", "%s召开%s工作会议"}

// postTitle returns a post's title for column c.
func (y *portalYear) postTitle(r *rand.Rand, c *portalCol) string {
	who := "柳北区"
	if d, ok := y.deptName(c.dept); ok && !strings.HasPrefix(c.code, "z") && c.code != "tzgg" {
		who = d
	}
	return fmt.Sprintf(portalTitleForms[r.IntN(len(portalTitleForms))], who, portalTopics[r.IntN(len(portalTopics))])
}

// deptName returns the name of the department code.
func (y *portalYear) deptName(code string) (string, bool) {
	for _, d := range y.depts {
		if d.Code == code {
			return d.Name, true
		}
	}
	return "", false
}

// postURL returns a new post's URL in column c, published at t.
func (y *portalYear) postURL(c *portalCol, t time.Time) string {
	y.postSeq++
	l := t.In(Shanghai)
	return fmt.Sprintf("%s%s%s/t%s_%s%d.html", c.host, c.path, l.Format("200601"), l.Format("20060102"), y.urlPrefix, y.postSeq)
}

// regularPosts records the day's posts, each site's in one call at the
// end of the day, uploaded from DingTalk mostly.
func (y *portalYear) regularPosts(ctx context.Context, d *portalDay) error {
	idx := int(d.date.Sub(time.Date(y.g.P.Year, 1, 1, 0, 0, 0, 0, Shanghai)).Hours() / 24)
	r := y.g.Rand("portal.posts", idx)
	var ws []float64
	var cs []*portalCol
	for _, c := range y.cols {
		if c.weight > 0 {
			ws, cs = append(ws, c.weight), append(cs, c)
		}
	}
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	bySite := map[string][]portal.PostInput{}
	var order []string
	for range d.posts {
		x := r.Float64() * sum
		c := cs[len(cs)-1]
		for i, w := range ws {
			if x < w {
				c = cs[i]
				break
			}
			x -= w
		}
		t := d.date.Add(8*time.Hour + 50*time.Minute + time.Duration(r.IntN(8*60+40))*time.Minute)
		if !d.work {
			t = d.date.Add(10*time.Hour + time.Duration(r.IntN(6*60))*time.Minute)
		}
		src := portal.PostFromDingTalk
		if len(bySite[c.site]) == 0 {
			order = append(order, c.site)
		}
		bySite[c.site] = append(bySite[c.site], portal.PostInput{Column: c.id.String(), Title: y.postTitle(r, c), URL: y.postURL(c, t),
			Published: t, Department: c.dept, Source: src})
	}
	y.at(d.date.Add(18*time.Hour + 30*time.Minute))
	for _, s := range order {
		ps, err := y.svc.Portal.RecordPosts(ctx, y.staff(idx), s, bySite[s])
		if err != nil {
			return fmt.Errorf("posts of %s: %w", s, err)
		}
		y.posts += int64(len(ps))
	}
	return nil
}

var portalSubjects = []string{"咨询新生入学报名材料", "咨询社保卡办理流程", "反映小区路灯损坏何时维修", "咨询个体工商户注册登记",
	"咨询老旧小区改造计划", "咨询公租房申请条件", "咨询营业执照变更所需材料", "咨询医保异地就医备案", "反映道路积水问题",
	"咨询残疾人补贴申请", "咨询灵活就业人员参保", "咨询不动产登记办理时间"}

var portalAskers = []string{"张先生", "刘女士", "陈先生", "李女士", "黄先生", "覃女士", "韦先生", "杨女士", "蒙先生", "潘女士"}

// consultation records one consultation, answered at once when prompt.
func (y *portalYear) consultation(ctx context.Context, c portalConsult, d *portalDay, i int) error {
	idx := int(d.date.Sub(time.Date(y.g.P.Year, 1, 1, 0, 0, 0, 0, Shanghai)).Hours()/24)*100 + i
	r := y.g.Rand("portal.consultation", idx)
	ref := fmt.Sprintf("LY%s%s%02d", y.urlPrefix, c.received.In(Shanghai).Format("20060102"), i+1)
	y.at(c.received)
	in := portal.ConsultationInput{Site: portalSite, Ref: ref, Subject: portalSubjects[r.IntN(len(portalSubjects))],
		Asker: portalAskers[r.IntN(len(portalAskers))], Department: c.dept, Received: c.received}
	made, err := y.svc.Portal.RecordConsultation(ctx, y.staff(idx), in)
	if err != nil {
		return fmt.Errorf("consultation %s: %w", ref, err)
	}
	if !c.prompt {
		return nil
	}
	at := c.received.Add(time.Duration(30+r.IntN(180)) * time.Minute)
	y.at(at)
	_, err = y.svc.Portal.AnswerConsultation(ctx, y.deptActor(c.dept), made.ID.String(), portal.AnswerInput{Answer: "您好，您反映的问题已收悉，具体办理事项请携带相关材料到区政务服务中心咨询办理。"})
	return err
}

// check is the weekly check at t, the ci-th of n: the stale columns are
// urged (enough of them to keep the year's urges on their plan: the
// others had been updated by their departments, as the center records on
// checking), and the unanswered consultations; each urge is dispatched as
// a case and worked.
func (y *portalYear) check(ctx context.Context, t time.Time, ci, n int) error {
	center := y.staff(ci)
	var cands []portal.Column
	for _, s := range []string{portalSite, eduSite, healthSite} {
		after := ""
		for {
			pg, err := y.svc.Portal.Columns(ctx, center, portal.ColumnListInput{Site: s, Stale: true, At: t, After: after, Limit: 500})
			if err != nil {
				return err
			}
			cands = append(cands, pg.Items...)
			if pg.Next == "" {
				break
			}
			after = pg.Next
		}
	}
	// The plan: urged by the ci-th check, round(U·(ci+1)/n), or up to 2.5 %
	// of U ahead of it while stale columns abound, never beyond U.
	u := int64(y.g.P.UrgedUpdates)
	target := int64(math.Round(float64(u) * float64(ci+1) / float64(n)))
	target = min(target+int64(math.Ceil(0.025*float64(u))), u)
	need := max(int(target-y.urged), 0)
	if ci == n-1 && len(cands) < need && !y.g.Append() {
		return fmt.Errorf("%d stale columns, %d urges to make", len(cands), need)
	}
	// The listings' order is the IDs': the plan's is the columns' URLs.
	slices.SortFunc(cands, func(a, b portal.Column) int { return cmp.Compare(a.URL, b.URL) })
	if len(cands) > need {
		r := y.g.Rand("portal.check", ci)
		r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
		for i, c := range cands[need:] {
			// Updated some time since it went stale, the center finds.
			at := t.Add(-time.Duration(20+r.IntN(5*24*60)) * time.Minute)
			if !at.After(c.Updated) {
				at = t.Add(-20 * time.Minute)
			}
			y.at(t.Add(-10 * time.Minute))
			if _, err := y.svc.Portal.RecordUpdate(ctx, center, c.ID.String(), portal.ColumnUpdate{At: at, Source: portal.UpdatedByManual}); err != nil {
				return fmt.Errorf("column %s (%d): %w", c.Code, i, err)
			}
		}
		y.rescued += len(cands) - need
		cands = cands[:need]
	}
	y.at(t)
	var urges []portal.Task
	for _, s := range []string{portalSite, eduSite, healthSite} {
		ts, err := y.svc.Portal.UrgeUpdates(ctx, center, s, time.Time{})
		if err != nil {
			return err
		}
		urges = append(urges, ts...)
	}
	if len(urges) != len(cands) {
		return fmt.Errorf("%d urges opened, %d stale columns planned", len(urges), len(cands))
	}
	y.urged += int64(len(urges))
	y.at(t.Add(5 * time.Minute))
	cts, err := y.svc.Portal.UrgeConsultations(ctx, center, portalSite)
	if err != nil {
		return err
	}
	slices.SortFunc(urges, func(a, b portal.Task) int { return cmp.Compare(a.Page, b.Page) })
	slices.SortFunc(cts, func(a, b portal.Task) int { return cmp.Compare(a.Title, b.Title) })
	items := make([]portalWork, 0, len(urges)+len(cts))
	for i, u := range urges {
		post := y.responsePosts > 0
		if post {
			y.responsePosts--
		}
		items = append(items, portalWork{task: u, opened: t, seed: ci*1000 + i, post: post})
	}
	for i, u := range cts {
		items = append(items, portalWork{task: u, opened: t.Add(5 * time.Minute), seed: ci*1000 + 500 + i})
	}
	if err := y.g.Each(ctx, len(items), func(ctx context.Context, w *Worker, i int) error {
		if err := y.work(ctx, w, items[i]); err != nil {
			return fmt.Errorf("%s: %w", items[i].task.Title, err)
		}
		return nil
	}); err != nil {
		return err
	}
	y.consults += int64(len(cts))
	return nil
}

// portalWork is a dispatched task to work, opened at opened: seed is its
// random stream, post whether the department updates its column with a
// post (one per urge while the year's posts last) or records the update.
type portalWork struct {
	task   portal.Task
	opened time.Time
	seed   int
	post   bool
}

// work is a dispatched task's case, worked on w: the department accepts
// it, updates the column (a post) or answers the consultation, replies;
// the center closes the case, which marks the task fixed, and re-checks
// it.
func (y *portalYear) work(ctx context.Context, w *Worker, it portalWork) error {
	t := it.task
	if t.CaseNumber == "" {
		return fmt.Errorf("task %s was not dispatched", t.ID)
	}
	r := y.g.Rand("portal.work", it.seed)
	dept := y.deptActor(t.Department)
	center := y.staff(it.seed)
	ta := y.workAdd(it.opened, time.Duration(20+r.IntN(150))*time.Minute)
	w.Clock.Set(ta)
	if _, err := w.Svc.Cases.Accept(ctx, dept, t.CaseNumber, govcase.ActionInput{}); err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	tp := y.workAdd(ta, time.Duration(60+r.IntN(14*60))*time.Minute)
	reply := ""
	switch t.Kind {
	case portal.KindUpdateUrge:
		c := y.byID[t.ColumnID]
		if c == nil {
			return fmt.Errorf("unknown column %s", t.ColumnID)
		}
		w.Clock.Set(tp.Add(5 * time.Minute))
		if it.post {
			title := y.postTitle(r, c)
			l := tp.In(Shanghai)
			url := fmt.Sprintf("%s%s%s/t%s_%su%d.html", c.host, c.path, l.Format("200601"), l.Format("20060102"), y.urlPrefix, it.seed)
			if _, err := w.Svc.Portal.RecordPosts(ctx, dept, c.site, []portal.PostInput{{Column: c.id.String(), Title: title,
				URL: url, Published: tp, Department: c.dept, Source: portal.PostFromDingTalk}}); err != nil {
				return fmt.Errorf("post: %w", err)
			}
			y.count(&y.posts, 1)
			reply = "已按要求更新栏目「" + c.name + "」：" + title
		} else {
			if _, err := w.Svc.Portal.RecordUpdate(ctx, center, c.id.String(), portal.ColumnUpdate{At: tp, Source: portal.UpdatedByManual}); err != nil {
				return fmt.Errorf("update: %w", err)
			}
			reply = "已按要求更新栏目「" + c.name + "」"
		}
	case portal.KindConsultation:
		w.Clock.Set(tp)
		if _, err := w.Svc.Portal.AnswerConsultation(ctx, dept, t.ConsultationID.String(),
			portal.AnswerInput{Answer: "您好，您咨询的事项已按政策办理，如有疑问请拨打12345政务服务热线。"}); err != nil {
			return fmt.Errorf("answer: %w", err)
		}
		reply = "已在门户网站答复留言"
	}
	tr := tp.Add(time.Duration(10+r.IntN(30)) * time.Minute)
	w.Clock.Set(tr)
	if _, err := w.Svc.Cases.Reply(ctx, dept, t.CaseNumber, govcase.ActionInput{Note: reply}); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	tc := y.workAdd(tr, time.Duration(30+r.IntN(150))*time.Minute)
	w.Clock.Set(tc)
	if _, err := w.Svc.Cases.Close(ctx, center, t.CaseNumber, govcase.ActionInput{Note: "已核实，办结"}); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	w.Clock.Set(tc.Add(time.Duration(10+r.IntN(50)) * time.Minute))
	v, err := w.Svc.Portal.Recheck(ctx, center, t.ID.String(), portal.RecheckInput{})
	if err != nil {
		return fmt.Errorf("recheck: %w", err)
	}
	if v.Status != portal.TaskVerified {
		return fmt.Errorf("recheck left the task %s", v.Status)
	}
	return nil
}

var portalMediaIssues = []string{"评论区群众留言超过3个工作日未回复", "三审记录不完整，已要求补充", "转载内容未注明来源", "超过两周未发布信息",
	"简介中联系方式已过期", "个别推文存在错别字，已提醒更正"}

// inspect inspects every account in the week of m.
func (y *portalYear) inspect(ctx context.Context, wi int, m time.Time) error {
	day := m
	for k := range 14 {
		d := m.AddDate(0, 0, k)
		if y.isWorkday(d.Add(10 * time.Hour)) {
			day = d
			break
		}
	}
	if day.Year() != y.g.P.Year {
		day = m
	}
	for i := range y.g.P.MediaAccounts {
		r := y.g.Rand("portal.inspect", wi*100+i)
		at := day.Add(14*time.Hour + time.Duration(i*12+r.IntN(10))*time.Minute)
		last := at.Add(-time.Duration(2+r.IntN(96)) * time.Hour)
		in := portal.MediaInspectionInput{Account: fmt.Sprintf("MA%02d", i+1), Week: m, Inspected: at, Inspector: y.staff(wi).Name,
			LastPost: last, ReviewInPlace: r.IntN(100) >= 3, Interactive: r.IntN(100) >= 5}
		if r.IntN(100) < 7 {
			in.Issues = portalMediaIssues[r.IntN(len(portalMediaIssues))]
		}
		y.at(at)
		if _, err := y.svc.Portal.InspectAccount(ctx, y.staff(wi), in); err != nil {
			if y.g.Append() && govops.ErrorCode(err) == govops.ECONFLICT {
				continue
			}
			return err
		}
		y.inspections++
	}
	return nil
}

// portalMediaWeekly is the weekly inspection coverage figure of n inspections
// of accounts accounts over weeks weeks.
func portalMediaWeekly(n, accounts, weeks int) decimal.Decimal {
	return annual.Rate(annual.KeyMediaWeekly, "", int64(n), int64(accounts*weeks), "", "").Value
}
