package annual

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/govops-kit/govops"
)

// ordinals are the Chinese numbers of the sections' headings: （一）…
var ordinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
	"十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"}

// Heading returns the i-th (from 0) section heading's number: "（一）".
func Heading(i int) string {
	if i >= 0 && i < len(ordinals) {
		return "（" + ordinals[i] + "）"
	}
	return fmt.Sprintf("（%d）", i+1)
}

// Shown returns the figure's value with its unit, as the report prints
// it: "184个", "95.92%", "0.6分".
func (f Figure) Shown() string { return f.Value.String() + f.Unit }

// Basis returns how the figure was counted: its rule and, for a rate,
// its numerator and denominator.
func (f Figure) Basis() string {
	if f.Numerator == nil || f.Denominator == nil {
		return f.Rule
	}
	counts := fmt.Sprintf("分子 %s，分母 %s", f.Numerator.String(), f.Denominator.String())
	if f.Rule == "" {
		return counts
	}
	return f.Rule + "（" + counts + "）"
}

// Paragraphs returns the section's text cut at its blank lines, each
// paragraph's lines joined and trimmed.
func (s Section) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s.Text, "\r\n", "\n"), "\n\n") {
		lines := strings.Split(p, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSpace(l)
		}
		if p = strings.TrimSpace(strings.Join(lines, "")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// scope is what the report covers, in words.
func (r *Report) scope() string {
	if r.Department != "" {
		return "部门：" + r.Department
	}
	return "范围：全区"
}

// generated is when the report was computed, in Asia/Shanghai.
func (r *Report) generated() string {
	if r.GeneratedAt.IsZero() {
		return ""
	}
	return r.GeneratedAt.In(govops.ShanghaiLocation()).Format("2006-01-02 15:04")
}

// mdCell makes s fit one cell of a Markdown table: no line break, no
// bare "|".
func mdCell(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", `\`, `\\`, "|", `\|`).Replace(s)
	return strings.TrimSpace(s)
}

// mdLink makes a Markdown link of target, its text escaped and the target
// wrapped in angle brackets so that spaces and parentheses hold.
func mdLink(text, target string) string {
	if !localLink(target) {
		return mdCell(target)
	}
	target = strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "", "\r", "").Replace(target)
	return "[" + text + "](<" + target + ">)"
}

// localLink reports whether link is a path on the server ("/api/v1/…"),
// the only links the documents make: anything else is shown as text.
func localLink(link string) bool {
	return strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !strings.ContainsAny(link, "\\\r\n")
}

// Markdown writes r as a Chinese document in Markdown: the title, then
// each section's heading (（一）…（七）), its text and a table of its
// figures with their rules and links.
func (r *Report) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", mdCell(r.Title))
	meta := r.scope()
	if g := r.generated(); g != "" {
		meta += "　生成时间：" + g + "（北京时间）"
	}
	fmt.Fprintf(bw, "%s\n\n", mdCell(meta))
	for i, s := range r.Sections {
		fmt.Fprintf(bw, "## %s%s\n\n", Heading(i), mdCell(s.Title))
		for _, p := range s.Paragraphs() {
			fmt.Fprintf(bw, "%s\n\n", p)
		}
		if len(s.Figures) > 0 {
			bw.WriteString("| 指标 | 数值 | 计算口径 | 明细 |\n| --- | ---: | --- | --- |\n")
			for _, f := range s.Figures {
				fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", mdCell(f.Label), mdCell(f.Shown()), mdCell(f.Basis()), mdLink("查询", f.Link))
			}
			bw.WriteString("\n")
		}
		for _, n := range s.Notes {
			fmt.Fprintf(bw, "> 说明：%s\n\n", mdCell(n))
		}
	}
	return bw.Flush()
}

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed the first time a report is written as HTML, so
// that a program that never does holds none of it.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"heading": Heading,
		"local":   localLink,
	}).Parse(htmlSource))
})

// HTML writes r as a print-ready Chinese HTML document, self-contained
// (its style inline in the head, no script, nothing loaded from elsewhere).
// Every text is escaped; links are paths on the server that serves the
// report.
func (r *Report) HTML(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := htmlTemplate().Execute(bw, htmlView{r, r.scope(), r.generated()}); err != nil {
		return err
	}
	return bw.Flush()
}

// htmlView is what the HTML template reads.
type htmlView struct {
	*Report
	Scope     string
	Generated string
}
