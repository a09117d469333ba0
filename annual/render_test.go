package annual_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/govops-kit/govops/annual"
)

// handMade is a report with every kind of figure and text that needs
// escaping.
func handMade() *annual.Report {
	r := &annual.Report{Year: 2022, Title: "2022年<政务>网络服务中心工作情况总结", GeneratedAt: time.Date(2023, 1, 3, 2, 0, 0, 0, time.UTC)}
	for i, sp := range annual.Sections() {
		s := annual.Section{Key: sp.Key, Title: sp.Title,
			Text: "第一段" + sp.Title + "。\n\n第二段 <b>不加粗</b> & | 竖线。"}
		s.Figures = []annual.Figure{
			annual.Count(sp.Key+".count", "计数"+sp.Key, "条", int64(100+i), "年内登记的记录 | 含<已办结>", "/api/v1/cases?kind=hotline&from=2022-01-01"),
			annual.Rate(sp.Key+".rate", "比率"+sp.Key, 58, 66, "共享目录数除以目录总数，四舍五入保留两位小数", "/api/v1/data/metrics?year=2022"),
		}
		if i == 2 {
			s.Figures = append(s.Figures, annual.Count("evil", "恶意链接", "个", 1, "", "javascript:alert(1)"))
			s.Notes = []string{"部门账号无权读取全区<排名>。"}
		}
		r.Sections = append(r.Sections, s)
	}
	return r
}

func TestMarkdown(t *testing.T) {
	r := handMade()
	var b bytes.Buffer
	if err := r.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if !strings.HasPrefix(md, "# "+r.Title+"\n") {
		t.Fatalf("no title first:\n%s", md)
	}
	last := 0
	for i, s := range r.Sections {
		h := "## " + annual.Heading(i) + s.Title
		at := strings.Index(md, h)
		if at < last {
			t.Fatalf("heading %q missing or out of order", h)
		}
		last = at
		for _, f := range s.Figures {
			if !strings.Contains(md, "| "+f.Label+" | "+f.Shown()+" |") {
				t.Errorf("figure %s missing", f.Key)
			}
		}
	}
	for _, want := range []string{"（一）", "（七）", "| 比率extranet | 87.88% | 共享目录数除以目录总数，四舍五入保留两位小数（分子 58，分母 66） |",
		"年内登记的记录 \\| 含<已办结>", "[查询](</api/v1/cases?kind=hotline&from=2022-01-01>)", "第二段 <b>不加粗</b> & | 竖线。",
		"> 说明：部门账号无权读取全区<排名>。"} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(md, "](<javascript:") {
		t.Error("a javascript: link became a link")
	}
	// Every row of a table has its four cells: no "|" of a text breaks one.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ") {
			if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 5 {
				t.Errorf("row with %d separators: %s", n, line)
			}
		}
	}
}

func TestHTML(t *testing.T) {
	r := handMade()
	var b bytes.Buffer
	if err := r.HTML(&b); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	for _, bad := range []string{"<b>不加粗</b>", "<政务>", "<script", `href="javascript:`, "ZgotmplZ", "http://", "https://", "<link", "@import", "src="} {
		if strings.Contains(doc, bad) {
			t.Errorf("the document holds %q", bad)
		}
	}
	for _, want := range []string{"<!doctype html>", `<html lang="zh-CN">`, "<meta charset=\"utf-8\">", "@page { size: A4", "@media print",
		"&lt;政务&gt;", "&lt;b&gt;不加粗&lt;/b&gt; &amp; | 竖线", `<a href="/api/v1/cases?kind=hotline&amp;from=2022-01-01">`,
		"说明：部门账号无权读取全区&lt;排名&gt;。", "生成时间：2023-01-03 10:00"} {
		if !strings.Contains(doc, want) {
			t.Errorf("missing %q", want)
		}
	}
	// It parses, its headings come in order, and every figure has its row.
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var h2s, rows []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "h2" || n.Data == "tr") {
			txt := textOf(n)
			if n.Data == "h2" {
				h2s = append(h2s, txt)
			} else {
				rows = append(rows, txt)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if len(h2s) != len(r.Sections) {
		t.Fatalf("%d headings, want %d", len(h2s), len(r.Sections))
	}
	for i, s := range r.Sections {
		if h2s[i] != annual.Heading(i)+s.Title {
			t.Errorf("heading %d = %q", i, h2s[i])
		}
		for _, f := range s.Figures {
			found := false
			for _, row := range rows {
				if strings.HasPrefix(row, f.Label+f.Shown()) {
					found = true
				}
			}
			if !found {
				t.Errorf("figure %s has no row", f.Key)
			}
		}
	}
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

func TestFigureBasis(t *testing.T) {
	f := annual.Rate("k", "率", 1, 3, "", "")
	if f.Shown() != "33.33%" || f.Basis() != "分子 1，分母 3" {
		t.Fatalf("%q %q", f.Shown(), f.Basis())
	}
	c := annual.Count("k", "数", "个", 5, "规则", "")
	if c.Basis() != "规则" || c.Shown() != "5个" {
		t.Fatalf("%q %q", c.Shown(), c.Basis())
	}
}
