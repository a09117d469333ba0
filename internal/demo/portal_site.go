package demo

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"

	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/wordcheck"
)

// portalMirror is the copy of the district portal the demo serves on loopback
// for the crawls: the home portalPage, the column list pages and the articles,
// each portalArticle carrying the defects planned for it until they are fixed.
type portalMirror struct {
	srv *httptest.Server

	mu       sync.Mutex
	columns  []portalMirrorColumn        // in order
	articles map[string]*portalArticle   // by path
	files    map[string]*portalDefect    // attachment path → its broken-link portalDefect
	byCol    map[string][]*portalArticle // column path → its articles, in order
	fixed    map[*portalDefect]bool      // defects fixed
}

// portalMirrorColumn is a column of the portalMirror: its path ("/xwzx/zwdt/") and
// name.
type portalMirrorColumn struct {
	Path string
	Name string
}

// portalArticle is one portalArticle portalPage of the portalMirror.
type portalArticle struct {
	Path    string
	Title   string
	Body    []string // clean paragraphs
	Defects []*portalDefect
}

// portalDefect is one planned problem of an portalArticle.
type portalDefect struct {
	Kind   portal.FindingKind
	Word   string // typo or sensitive word
	Fix    string // its correction ("" drops it)
	Target string // broken link's attachment path, wrong link's URL
	Text   string // the link's text
}

// newPortalMirror starts the portalMirror with its columns.
func newPortalMirror(cols []portalMirrorColumn) *portalMirror {
	m := &portalMirror{columns: cols, articles: map[string]*portalArticle{}, files: map[string]*portalDefect{}, byCol: map[string][]*portalArticle{},
		fixed: map[*portalDefect]bool{}}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	return m
}

// URL is the portalMirror's home portalPage.
func (m *portalMirror) URL() string { return m.srv.URL + "/" }

// Close stops the portalMirror.
func (m *portalMirror) Close() { m.srv.Close() }

// publish puts an portalArticle up, in column path col.
func (m *portalMirror) publish(col string, a *portalArticle) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.articles[a.Path] = a
	m.byCol[col] = append(m.byCol[col], a)
	for _, d := range a.Defects {
		if d.Kind == portal.KindBrokenLink {
			m.files[d.Target] = d
		}
	}
}

// fix marks d fixed: the portalArticle shows it corrected, the attachment is
// back.
func (m *portalMirror) fix(d *portalDefect) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fixed[d] = true
}

func (m *portalMirror) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := r.URL.Path
	if d, ok := m.files[p]; ok {
		if !m.fixed[d] {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4\n%demo\n"))
		return
	}
	var b strings.Builder
	switch {
	case p == "/":
		m.home(&b)
	case m.isColumn(p):
		m.list(&b, p)
	case m.articles[p] != nil:
		m.articlePage(&b, m.articles[p])
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

func (m *portalMirror) isColumn(p string) bool {
	for _, c := range m.columns {
		if c.Path == p {
			return true
		}
	}
	return false
}

func portalPage(b *strings.Builder, title string, body func()) {
	fmt.Fprintf(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title></head><body>", html.EscapeString(title))
	fmt.Fprintf(b, "<h1>%s</h1>", html.EscapeString(title))
	body()
	b.WriteString("<p>主办：柳北区人民政府办公室</p></body></html>")
}

func (m *portalMirror) home(b *strings.Builder) {
	portalPage(b, "柳北区人民政府门户网站", func() {
		b.WriteString("<ul>")
		for _, c := range m.columns {
			fmt.Fprintf(b, "<li><a href=\"%s\">%s</a></li>", c.Path, html.EscapeString(c.Name))
		}
		b.WriteString("</ul>")
	})
}

func (m *portalMirror) list(b *strings.Builder, p string) {
	name := ""
	for _, c := range m.columns {
		if c.Path == p {
			name = c.Name
		}
	}
	portalPage(b, name, func() {
		b.WriteString("<p><a href=\"/\">首页</a></p><ul>")
		for _, a := range m.byCol[p] {
			fmt.Fprintf(b, "<li><a href=\"%s\">%s</a></li>", a.Path, html.EscapeString(a.Title))
		}
		b.WriteString("</ul>")
	})
}

func (m *portalMirror) articlePage(b *strings.Builder, a *portalArticle) {
	portalPage(b, a.Title, func() {
		b.WriteString("<p><a href=\"/\">首页</a></p>")
		for _, s := range m.articleText(a) {
			fmt.Fprintf(b, "<p>%s</p>", html.EscapeString(s))
		}
		for _, d := range a.Defects {
			switch d.Kind {
			case portal.KindBrokenLink:
				fmt.Fprintf(b, "<p><a href=\"%s\">%s</a></p>", d.Target, html.EscapeString(d.Text))
			case portal.KindWrongLink:
				if !m.fixed[d] {
					fmt.Fprintf(b, "<p><a href=\"%s\">%s</a></p>", html.EscapeString(d.Target), html.EscapeString(d.Text))
				}
			}
		}
	})
}

// articleText is the portalArticle's paragraphs as served now: the words of
// its unfixed defects in their sentences, the fixed ones corrected.
func (m *portalMirror) articleText(a *portalArticle) []string {
	out := append([]string(nil), a.Body...)
	for _, d := range a.Defects {
		if d.Kind != portal.KindTypo && d.Kind != portal.KindSensitive {
			continue
		}
		w := d.Word
		if m.fixed[d] {
			w = d.Fix
		}
		out = append(out, portalWordSentence(d.Kind, w))
	}
	return out
}

// portalWordSentence is the sentence a dictionary word (or its correction) is
// written in on an portalArticle.
func portalWordSentence(k portal.FindingKind, w string) string {
	if k == portal.KindTypo {
		return "据群众反映，文中「" + w + "」一处表述，已转交编辑核对。"
	}
	return "文件中提及的「" + w + "」，以机构改革后的名称为准。"
}

// portalFiller are the clean paragraphs articles are made of.
var portalFiller = []string{
	"柳北区认真贯彻落实上级工作部署，扎实推进各项重点工作。",
	"各街道、各部门要进一步提高思想认识，压实工作责任。",
	"区政务服务中心持续优化办事流程，提升群众满意度。",
	"会议要求，要坚持问题导向，切实解决群众急难愁盼问题。",
	"下一步，将继续加强统筹协调，确保各项任务落到实处。",
	"活动现场，工作人员耐心解答群众咨询，发放宣传资料。",
	"区政府门户网站将及时公开相关信息，欢迎社会各界监督。",
	"此次检查覆盖辖区重点场所，对发现的问题立行立改。",
}

// portalCheckArticles checks that the planned articles' text holds exactly
// their planned words, and none once fixed (the sample dictionary).
func portalCheckArticles(as []*portalArticle) error {
	mt, err := wordcheck.NewMatcher(wordcheck.Sample())
	if err != nil {
		return err
	}
	for _, a := range as {
		want := map[string]bool{}
		var body, fixed []string
		body = append(body, a.Title)
		body = append(body, a.Body...)
		fixed = append(fixed, body...)
		for _, d := range a.Defects {
			if d.Kind == portal.KindTypo || d.Kind == portal.KindSensitive {
				want[d.Word] = true
				body = append(body, portalWordSentence(d.Kind, d.Word))
				fixed = append(fixed, portalWordSentence(d.Kind, d.Fix))
			}
		}
		got := map[string]bool{}
		for _, mm := range mt.Find(strings.Join(body, "\n")) {
			got[mm.Word] = true
		}
		if len(got) != len(want) {
			return fmt.Errorf("article %s: words %v, planned %v", a.Path, portalKeys(got), portalKeys(want))
		}
		for w := range want {
			if !got[w] {
				return fmt.Errorf("article %s: word %s not found", a.Path, w)
			}
		}
		if ms := mt.Find(strings.Join(fixed, "\n")); len(ms) > 0 {
			return fmt.Errorf("article %s: fixed text still holds %s", a.Path, ms[0].Word)
		}
	}
	return nil
}

func portalKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
