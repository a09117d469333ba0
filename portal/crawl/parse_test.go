package crawl_test

import (
	"bytes"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govops-kit/govops/portal/crawl"
)

func TestParse(t *testing.T) {
	const page = "https://www.example.gov.cn/news/index.html"
	for _, tc := range []struct {
		name  string
		html  string
		title string
		text  string
		links []crawl.Link
		ids   []string
	}{
		{
			name:  "Blocks",
			html:  "<title>T</title><div>一<p>二  三\n\t四</p>五<br>六<ul><li>七</li><li>八</li></ul></div>",
			title: "T",
			text:  "一\n二 三 四\n五\n六\n七\n八",
		},
		{
			name: "Hidden",
			html: "<p>看得见</p><script>var a = '<p>看不见</p>';</script><style>p{}</style><noscript>无脚本</noscript><template><p>模板</p></template><p>也看得见</p>",
			text: "看得见\n也看得见",
		},
		{
			name: "InlineJoins",
			html: "<p><b>四个</b>意识&nbsp;和 <i>自信</i></p>",
			text: "四个意识 和 自信",
		},
		{
			name: "Resolved",
			html: `<a href="a.html">A</a><a href="../b.html#x">B</a><a href="//cdn.example.org/c">C</a><a href=" /d?q=1 ">D</a><a href="HTTP://WWW.Example.GOV.CN:80">E</a>`,
			text: "ABCDE",
			links: []crawl.Link{
				{Target: "https://www.example.gov.cn/news/a.html", Text: "A", Tag: "a"},
				{Target: "https://www.example.gov.cn/b.html#x", Text: "B", Tag: "a"},
				{Target: "https://cdn.example.org/c", Text: "C", Tag: "a"},
				{Target: "https://www.example.gov.cn/d?q=1", Text: "D", Tag: "a"},
				{Target: "http://www.example.gov.cn/", Text: "E", Tag: "a"},
			},
		},
		{
			name: "Base",
			html: `<head><base href="https://static.example.gov.cn/v2/"><base href="/ignored/"></head><a href="x.html">X</a><img src="i.png" alt="I">`,
			text: "X",
			links: []crawl.Link{
				{Target: "https://static.example.gov.cn/v2/x.html", Text: "X", Tag: "a"},
				{Target: "https://static.example.gov.cn/v2/i.png", Text: "I", Tag: "img"},
			},
		},
		{
			name: "Skipped",
			html: `<a href="javascript:alert(1)">j</a><a href="mailto:a@b.cn">m</a><a href="tel:110">t</a><img src="data:image/png;base64,AAAA"><a href="ftp://x/">f</a><a>no href</a><a href="http://[::1">bad</a>`,
			text: "jmtfno hrefbad",
		},
		{
			name: "Tags",
			html: `<map><area href="/area" alt="区"></map><iframe src="/frame">fallback</iframe><script src="/s.js"></script><link rel="stylesheet" href="/c.css"><link rel="dns-prefetch" href="//cdn.example.org">`,
			links: []crawl.Link{
				{Target: "https://www.example.gov.cn/area", Text: "区", Tag: "area"},
				{Target: "https://www.example.gov.cn/frame", Tag: "iframe"},
				{Target: "https://www.example.gov.cn/s.js", Tag: "script"},
				{Target: "https://www.example.gov.cn/c.css", Tag: "link"},
			},
		},
		{
			name: "AnchorText",
			html: "<a href='/x'>  第一\n  <img src='/i.png' alt='图'> <span>行</span> </a>",
			text: "第一 行",
			links: []crawl.Link{
				{Target: "https://www.example.gov.cn/x", Text: "第一 图 行", Tag: "a"},
				{Target: "https://www.example.gov.cn/i.png", Text: "图", Tag: "img"},
			},
		},
		{
			name: "IDs",
			html: `<h1 id="top">x</h1><a name="sec1"></a><div id="中文">y</div><p name="not-a">z</p>`,
			text: "x\ny\nz",
			ids:  []string{"top", "sec1", "中文"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := crawl.Parse(page, strings.NewReader(tc.html))
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tc.title || p.Text != tc.text {
				t.Errorf("title %q text %q, want %q %q", p.Title, p.Text, tc.title, tc.text)
			}
			if !reflect.DeepEqual(p.Links, tc.links) {
				t.Errorf("links\n got %+v\nwant %+v", p.Links, tc.links)
			}
			if !reflect.DeepEqual(p.IDs, tc.ids) {
				t.Errorf("ids %q, want %q", p.IDs, tc.ids)
			}
		})
	}
}

// TestParse_NoRegexp keeps regular expressions out of the crawler: HTML
// is parsed with golang.org/x/net/html only.
func TestParse_NoRegexp(t *testing.T) {
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".go") || strings.HasSuffix(f.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(`"regexp"`)) {
			t.Errorf("%s imports regexp", f.Name())
		}
	}
}

func TestParse_InvalidURL(t *testing.T) {
	if _, err := crawl.Parse("/relative", strings.NewReader("<p>x</p>")); err == nil {
		t.Error("a relative page URL was taken")
	}
}

// FuzzParse feeds the extractor arbitrary bytes: it never panics, every
// link is an absolute http or https URL, and the text has no runs of
// white space.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`<a href="x">x</a>`, `<base href="//h/"><a href="../a#b">`, `<p>a  b</p><br><div>c</div>`,
		`<a href="javascript:x">`, `<script><a href="/no"></script>`, `<template><template></template><a href=/x>`,
		"<a href='\t/a\nb '>", `<img src="http://[::1]:80/" alt="&amp;">`, `<title>t</title><title>u`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		p, err := crawl.Parse("http://www.example.gov.cn/a/b.html?q=1", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range p.Links {
			u, err := url.Parse(l.Target)
			if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Errorf("link %q is not an absolute http(s) URL", l.Target)
			}
		}
		if strings.Contains(p.Text, "  ") || strings.Contains(p.Text, "\n\n") || strings.TrimSpace(p.Text) != p.Text {
			t.Errorf("text %q has uncollapsed white space", p.Text)
		}
	})
}

// TestParse_GBK checks that a page declared as GBK is read as Chinese.
func TestParse_GBK(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(`<html><head><meta charset="gbk"><title>首页</title></head><body><p>政务公开</p></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := crawl.Parse("http://www.example.gov.cn/", strings.NewReader(gbk))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "首页" || p.Text != "政务公开" {
		t.Errorf("title %q text %q", p.Title, p.Text)
	}
}

// FuzzParse_Resolve checks the extractor's resolution of a link against
// net/url's: the same absolute URL for every reference that net/url
// resolves to an http URL with a host.
func FuzzParse_Resolve(f *testing.F) {
	for _, seed := range []string{"/a/b.html", "b.html", "../c", "./d", "/x//y", "e/./f", "..g", ".h", "~i/j-k_l", "//other/x", "?q", "#f", "/a%20b", "A/B"} {
		f.Add("/news/2024/index.html", seed)
		f.Add("/", seed)
		f.Add("/a//b/", seed)
	}
	f.Fuzz(func(t *testing.T, basePath, href string) {
		base, err := url.Parse("http://www.example.gov.cn" + basePath)
		if err != nil || base.Host != "www.example.gov.cn" || strings.ContainsAny(href, "\"<>&\x00") {
			return
		}
		p, err := crawl.Parse(base.String(), strings.NewReader(`<a href="`+href+`">x</a>`))
		if err != nil {
			return
		}
		want, err := base.Parse(strings.TrimSpace(href))
		if err != nil || want.Scheme != "http" || want.Host == "" || want.Hostname() == "" || strings.ContainsAny(href, "\t\n\r") {
			return
		}
		want.Host = strings.ToLower(want.Host)
		if want.Port() == "80" {
			want.Host = want.Host[:len(want.Host)-3]
		}
		if want.Path == "" {
			want.Path = "/"
		}
		want.User = nil
		if len(p.Links) != 1 || p.Links[0].Target != want.String() {
			t.Errorf("%q against %q: %v, want %q", href, base, p.Links, want.String())
		}
	})
}
