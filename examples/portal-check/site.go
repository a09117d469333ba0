package main

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"

	"github.com/govops-kit/govops/portal"
)

// columnSpec is one column (栏目) of the generated site.
type columnSpec struct {
	Code, Name, Path, Dept string
	Req                    portal.Requirement
	Home                   bool
	// Articles is how many article pages it has; its newest post is
	// LastPost days before the evaluation, the others Every days apart.
	Articles, LastPost, Every int
}

// columns are the district portal's columns, of five departments: the
// government office (BGS) runs the portal, the others their own columns.
var columns = []columnSpec{
	{Code: "home", Name: "首页", Path: "/", Dept: "BGS", Req: portal.RequireBiweekly, Home: true},
	{Code: "news", Name: "柳北要闻", Path: "/news/", Dept: "BGS", Req: portal.RequireBiweekly, Articles: 5, LastPost: 1, Every: 3},
	{Code: "notice", Name: "通知公告", Path: "/notice/", Dept: "BGS", Req: portal.RequireHalfYearly, Articles: 3, LastPost: 20, Every: 30},
	{Code: "agri", Name: "农业农村", Path: "/agri/", Dept: "NYNCJ", Req: portal.RequireBiweekly, Articles: 3, LastPost: 5, Every: 7},
	{Code: "edu", Name: "教育动态", Path: "/edu/", Dept: "JYJ", Req: portal.RequireBiweekly, Articles: 4, LastPost: 30, Every: 10},
	{Code: "env", Name: "生态环境", Path: "/env/", Dept: "STHJJ", Req: portal.RequireHalfYearly, Articles: 2, LastPost: 200, Every: 20},
	{Code: "policy", Name: "政策文件", Path: "/policy/", Dept: "SFJ", Req: portal.RequireHalfYearly, Articles: 3, LastPost: 60, Every: 40},
	{Code: "special", Name: "专题专栏", Path: "/special/", Dept: "BGS", Req: portal.RequireNone},
}

// articlePath returns the path of a column's i-th article (from 1).
func articlePath(col string, i int) string { return fmt.Sprintf("/%s/a%d.html", col, i) }

// Issue is one problem the generator put on the site: what a crawl must
// find, once.
type Issue struct {
	Kind portal.FindingKind
	// Page is the path of the page it is on.
	Page string
	// Target is a link's target (broken and wrong links): a path on the
	// site, or an absolute URL elsewhere; Text its anchor text.
	Target, Text string
	// Word is the typo or sensitive word, and Right what replaces it when
	// the department fixes it.
	Word, Right string
	// Fixed is set when the site was changed so that the problem is gone.
	Fixed bool
}

// plan is what the generator puts on the site besides the prose: every
// issue, and the right text that holds a dictionary word (an exception)
// and the right links that must not be taken for wrong ones.
var plan = []Issue{
	// Typos (错别字), from the sample dictionary.
	{Kind: portal.KindTypo, Page: "/news/a1.html", Word: "按装", Right: "安装"},
	{Kind: portal.KindTypo, Page: "/news/a3.html", Word: "部暑", Right: "部署"},
	{Kind: portal.KindTypo, Page: "/notice/a2.html", Word: "按装", Right: "安装"},
	{Kind: portal.KindTypo, Page: "/agri/a2.html", Word: "再接再励", Right: "再接再厉"},
	{Kind: portal.KindTypo, Page: "/edu/a1.html", Word: "既使", Right: "即使"},
	{Kind: portal.KindTypo, Page: "/policy/a1.html", Word: "贯切落实", Right: "贯彻落实"},
	{Kind: portal.KindTypo, Page: "/env/a1.html", Word: "疫情防空", Right: "疫情防控"},
	// Wrong or sensitive words (错敏词).
	{Kind: portal.KindSensitive, Page: "/news/a2.html", Word: "四个意思", Right: "四个意识"},
	{Kind: portal.KindSensitive, Page: "/agri/a1.html", Word: "农业部", Right: "农业农村部"},
	{Kind: portal.KindSensitive, Page: "/policy/a2.html", Word: "国土资源局", Right: "自然资源局"},
	{Kind: portal.KindSensitive, Page: "/env/a2.html", Word: "环境保护局", Right: "生态环境局"},
	{Kind: portal.KindSensitive, Page: "/notice/a3.html", Word: "残废人", Right: "残疾人"},
	{Kind: portal.KindSensitive, Page: "/", Word: "卫生计生委", Right: "卫生健康委"},
	// Broken links (断链): missing pages, a server error, a missing
	// fragment; one missing page linked from two pages is two findings.
	{Kind: portal.KindBrokenLink, Page: "/news/a2.html", Target: "/news/a99.html", Text: "往期回顾"},
	{Kind: portal.KindBrokenLink, Page: "/news/a4.html", Target: "/download/2021-form.doc", Text: "申报表下载"},
	{Kind: portal.KindBrokenLink, Page: "/agri/a1.html", Target: "/agri/a98.html", Text: "春耕备耕专题"},
	{Kind: portal.KindBrokenLink, Page: "/edu/a3.html", Target: "/edu/old-list.html", Text: "招生信息（旧）"},
	{Kind: portal.KindBrokenLink, Page: "/edu/a4.html", Target: "/edu/old-list.html", Text: "招生信息（旧）"},
	{Kind: portal.KindBrokenLink, Page: "/notice/a1.html", Target: "/api/legacy-search", Text: "站内搜索"},
	{Kind: portal.KindBrokenLink, Page: "/policy/a1.html", Target: "/notice/a1.html#sec-9", Text: "见通知第九条"},
	// Wrong links (错误链接): a host off the allow-list, a parked domain,
	// anchor text naming another site than the target, by name and by
	// domain.
	{Kind: portal.KindWrongLink, Page: "/news/a1.html", Target: "http://www.lottery.example/", Text: "便民服务大厅"},
	{Kind: portal.KindWrongLink, Page: "/notice/a2.html", Target: "http://old-liubei.example/zwgk/", Text: "政务公开（旧版）"},
	{Kind: portal.KindWrongLink, Page: "/", Target: "http://www.gxzf.gov.cn/", Text: cityName},
	{Kind: portal.KindWrongLink, Page: "/policy/a3.html", Target: "http://www.gxzf.gov.cn/zwgk/", Text: "www.liuzhou.gov.cn"},
}

// rightText is text that holds a dictionary word inside a longer right
// phrase (the sample's exceptions): never a finding.
var rightText = map[string]string{
	"/agri/a3.html":   "区农业部门组织技术人员下村指导。",
	"/edu/a2.html":    "全部暑假作业已按装修标准改造的教室统一收取。",
	"/policy/a3.html": "原国土资源局的职责已划入区自然资源局。",
}

// rightLinks are links to other sites that are right: allowed hosts whose
// text names them.
var rightLinks = map[string][][2]string{
	"/":               {{"http://www.gov.cn/", "中国政府网"}, {"http://www.liuzhou.gov.cn/", cityName}},
	"/env/a2.html":    {{"http://www.gxzf.gov.cn/", "广西壮族自治区人民政府"}},
	"/policy/a2.html": {{"/notice/a1.html#sec-2", "见通知第二条"}},
}

// The other sites and domains the example knows.
const (
	cityName    = "柳州市人民政府"
	cityHome    = "http://www.liuzhou.gov.cn/"
	parkedHost  = "old-liubei.example"
	allowDomain = "gov.cn"
)

// prose is the vocabulary of the pages' generated text: none of it, nor
// any two of it side by side, is a dictionary word.
var prose = strings.Fields(`
	深入 贯彻 落实 全面 推进 政务服务 标准化 规范化 便利化 一网通办 数字政府 建设 优化 营商环境
	人民群众 企业 办事 满意度 持续 提升 基层 治理 能力 乡村振兴 战略 实施 会议 强调 坚持
	统筹 发展 安全 稳定 工作 区委 区政府 高度重视 召开 专题 各街道 乡镇 切实 履行 职责 加强 组织
	领导 压实 责任 确保 各项 任务 按时 完成 政务公开 信息 发布 及时 准确 权威 群众 反映 问题
	热线 工单 办理 回访 答复 时限 督办 考核 通报 整改 情况 项目 资金 审批 产业 园区 就业 民生
	教育 医疗 养老 住房 交通 生态 环境 推动 形成 机制 制度 体系 创新 改革 深化 监管 服务 质量 效率
`)

// site is the generated portal, served on a local test server. The
// center's staff change it between a crawl and a re-check, as departments
// fix what was found.
type site struct {
	mu     sync.Mutex
	pages  map[string]string // path → HTML
	status map[string]int    // path → a status other than 200
	issues []Issue
	srv    *httptest.Server
}

// newSite generates the site from seed and starts serving it.
func newSite(seed uint64) *site {
	s := &site{pages: map[string]string{}, status: map[string]int{"/api/legacy-search": http.StatusInternalServerError},
		issues: slices.Clone(plan)}
	rnd := rand.New(rand.NewPCG(seed, 15))
	para := func() string {
		var b strings.Builder
		for range 2 + rnd.IntN(3) {
			for i := range 6 + rnd.IntN(10) {
				if i > 0 && rnd.IntN(4) == 0 {
					b.WriteString("，")
				}
				b.WriteString(prose[rnd.IntN(len(prose))])
			}
			b.WriteString("。")
		}
		return b.String()
	}
	// Home: a paragraph and the columns, then the issues.
	var home []string
	home = append(home, "<p>"+para()+"</p>", "<ul>")
	for _, c := range columns[1:] {
		home = append(home, "<li>"+anchor(c.Path, c.Name)+"</li>")
	}
	home = append(home, "</ul>")
	s.pages["/"] = s.render("/", "柳北区人民政府门户网站", home)
	for _, c := range columns[1:] {
		var list []string
		for i := 1; i <= c.Articles; i++ {
			p := articlePath(c.Code, i)
			list = append(list, "<li>"+anchor(p, fmt.Sprintf("%s（第%d期）", c.Name, i))+"</li>")
			body := []string{}
			for k := 1; k <= 3; k++ {
				body = append(body, fmt.Sprintf(`<p id="sec-%d">%s</p>`, k, para()))
			}
			if i > 1 {
				body = append(body, "<p>"+anchor(articlePath(c.Code, i-1), "上一篇")+"</p>")
			}
			s.pages[p] = s.render(p, fmt.Sprintf("%s（第%d期）", c.Name, i), body)
		}
		if len(list) == 0 {
			s.pages[c.Path] = "<!doctype html><html><head><title>" + c.Name + "</title></head><body></body></html>"
			continue
		}
		s.pages[c.Path] = s.render(c.Path, c.Name, append(append([]string{"<ul>"}, list...), "</ul>"))
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// render returns the HTML of the page at path: its body, then the text
// and links the plan puts on it.
func (s *site) render(path, title string, body []string) string {
	for _, is := range s.issues {
		if is.Page != path {
			continue
		}
		switch is.Kind {
		case portal.KindTypo, portal.KindSensitive:
			body = append(body, "<p>"+wordSentence(is.Word)+"</p>")
		default:
			body = append(body, "<p>"+anchor(is.Target, is.Text)+"</p>")
		}
	}
	if t, ok := rightText[path]; ok {
		body = append(body, "<p>"+t+"</p>")
	}
	for _, l := range rightLinks[path] {
		body = append(body, "<p>"+anchor(l[0], l[1])+"</p>")
	}
	return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) + "</title></head><body>" +
		`<nav>` + anchor("/", "首页") + `</nav><main>` + strings.Join(body, "\n") + "</main></body></html>"
}

// sentences are the sentences the plan's words appear in, as they would
// on a government page.
var sentences = map[string]string{
	"按装":    "区政务服务中心为办事大厅按装了自助终端。",
	"部暑":    "会议对下半年重点工作进行了部暑。",
	"再接再励":  "希望各村再接再励，巩固春耕生产成果。",
	"既使":    "既使遇到雨天，各校也要保障学生上下学安全。",
	"贯切落实":  "各单位要认真贯切落实本办法。",
	"疫情防空":  "统筹做好疫情防空工作。",
	"四个意思":  "党员干部要增强四个意思。",
	"农业部":   "根据农业部有关通知，做好种子市场检查。",
	"国土资源局": "由区国土资源局负责办理不动产登记。",
	"环境保护局": "区环境保护局开展了大气污染防治检查。",
	"残废人":   "为困难残废人发放生活补贴。",
	"卫生计生委": "区卫生计生委提醒市民按时接种疫苗。",
}

// wordSentence returns the sentence that holds word.
func wordSentence(word string) string { return sentences[word] }

func anchor(href, text string) string {
	return `<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + `</a>`
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	body, ok := s.pages[r.URL.Path]
	status := s.status[r.URL.Path]
	s.mu.Unlock()
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, body)
}

// url returns the absolute URL of a path on the site.
func (s *site) url(path string) string { return s.srv.URL + path }

// target returns an issue's target as a crawl reports it: absolute.
func (s *site) target(is Issue) string {
	if strings.HasPrefix(is.Target, "/") {
		return s.url(is.Target)
	}
	return is.Target
}

// key returns the finding key of an issue: kind, page and word or target,
// as portal keys its findings.
func (s *site) key(is Issue) string {
	what := is.Word
	if what == "" {
		what = s.target(is)
	}
	return string(is.Kind) + "|" + s.url(is.Page) + "|" + what
}

// fix changes the site so that the issue of key is gone, as its
// department would: the word replaced by the right one, the wrong link
// pointed at the right site, the missing page published.
func (s *site) fix(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.issues {
		is := &s.issues[i]
		if s.key(*is) != key {
			continue
		}
		switch is.Kind {
		case portal.KindTypo, portal.KindSensitive:
			old := wordSentence(is.Word)
			s.pages[is.Page] = strings.ReplaceAll(s.pages[is.Page], old, strings.ReplaceAll(old, is.Word, is.Right))
		case portal.KindWrongLink:
			right := "http://www.gov.cn/"
			if is.Text == cityName {
				right = cityHome
			}
			s.pages[is.Page] = strings.Replace(s.pages[is.Page], `href="`+html.EscapeString(is.Target)+`"`, `href="`+right+`"`, 1)
		case portal.KindBrokenLink:
			path, _, _ := strings.Cut(is.Target, "#")
			if _, ok := s.pages[path]; ok || s.status[path] != 0 {
				return fmt.Errorf("the broken link to %s is not fixed by publishing a page", is.Target)
			}
			s.pages[path] = s.render(path, "补发页面", []string{"<p>本页面已恢复。</p>"})
		}
		is.Fixed = true
		return nil
	}
	return fmt.Errorf("no issue of key %s", key)
}

// Issues returns the site's issues: those planned, each marked fixed once
// the site was changed.
func (s *site) Issues() []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.issues)
}

// Close stops serving the site.
func (s *site) Close() { s.srv.Close() }
