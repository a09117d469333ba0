package crawl

import (
	"bytes"
	"io"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// Parse reads one HTML page from r, as the crawler reads the pages it
// fetches, and returns its title, visible text, links and ids. pageURL is
// the page's own absolute URL, against which links (and the page's <base
// href>) are resolved. The page is decoded to UTF-8 by its byte-order mark
// or <meta charset>. It uses the golang.org/x/net/html tokenizer, which
// streams the page and keeps no tree. A Page from Parse has no Status.
func Parse(pageURL string, r io.Reader) (*Page, error) {
	base, err := parseHTTPURL(pageURL)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var p Page
	p.URL = base.String()
	parseInto(&p, base, decode(body, ""), true)
	return &p, nil
}

// decode returns a reader of body as UTF-8: by the charset of
// contentType, or else a byte-order mark or a <meta charset> in the first
// 1,024 bytes (many district sites still serve GBK). With no sign either
// way it is read as UTF-8, not as the windows-1252 that browsers guess.
func decode(body []byte, contentType string) io.Reader {
	r := bytes.NewReader(body)
	if _, cs := mediaType(contentType); cs != "" {
		if enc, name := charset.Lookup(cs); enc != nil {
			if name == "utf-8" {
				return r
			}
			return transform.NewReader(r, enc.NewDecoder())
		}
	}
	enc, name, certain := charset.DetermineEncoding(body[:min(len(body), 1024)], "")
	if name == "utf-8" || (!certain && name == "windows-1252") {
		return r
	}
	return transform.NewReader(r, enc.NewDecoder())
}

// mediaType splits a Content-Type into its media type, in lower case,
// and its charset parameter.
func mediaType(contentType string) (mt, cs string) {
	mt, params, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			cs = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return mt, cs
}

// isHTML reports whether a Content-Type names an HTML document; an empty
// one is taken as HTML, as browsers sniff it.
func isHTML(contentType string) bool {
	mt, _ := mediaType(contentType)
	return mt == "" || mt == "text/html" || mt == "application/xhtml+xml"
}

// skipped are the elements whose content is not visible text.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Noembed, atom.Noframes:
		return true
	}
	return false
}

// block are the elements that start a new line of text.
func block(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Br, atom.Caption,
		atom.Dd, atom.Details, atom.Dialog, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Legend, atom.Li, atom.Main, atom.Nav,
		atom.Ol, atom.Option, atom.P, atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody,
		atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr, atom.Ul:
		return true
	}
	return false
}

// textBuilder collapses whitespace as a browser lays text out: any run of
// white space is one space, none at a line's start or end, and a block
// boundary is one newline.
type textBuilder struct {
	b       strings.Builder
	space   bool
	newline bool
}

func (t *textBuilder) write(s []byte) {
	for i := 0; i < len(s); {
		c := s[i]
		var size int
		var white bool
		if c < utf8.RuneSelf {
			size, white = 1, c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
		} else {
			var r rune
			r, size = utf8.DecodeRune(s[i:])
			white = unicode.IsSpace(r)
		}
		if white {
			t.space = true
			i += size
			continue
		}
		if t.b.Len() > 0 {
			if t.newline {
				t.b.WriteByte('\n')
			} else if t.space {
				t.b.WriteByte(' ')
			}
		}
		t.space, t.newline = false, false
		t.b.Write(s[i : i+size])
		i += size
	}
}

func (t *textBuilder) breakLine() {
	if t.b.Len() > 0 {
		t.newline = true
	}
}

func (t *textBuilder) String() string { return t.b.String() }

func (t *textBuilder) reset() {
	t.b.Reset()
	t.space, t.newline = false, false
}

// parser is the state of one page's tokenizing.
type parser struct {
	page     *Page
	base     *url.URL
	wantText bool
	text     textBuilder
	title    textBuilder
	anchor   textBuilder
	inAnchor int // index+1 in page.Links of the open <a>, 0 when none
	skip     int
	inTitle  bool
	baseSet  bool
	origin   string // scheme://host of base, once quickResolve needed it
	dir      string // base's folder, with its final "/"
}

// parseInto tokenizes r, a page in memory, into p: links always, ids
// always, and the title and text when wantText.
func parseInto(p *Page, base *url.URL, r io.Reader, wantText bool) {
	ps := parser{page: p, base: base, wantText: wantText}
	z := html.NewTokenizer(r)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			ps.closeAnchor()
			p.Title = ps.title.String()
			if wantText {
				p.Text = ps.text.String()
			}
			return
		case html.TextToken:
			if ps.inTitle {
				ps.title.write(z.Text())
				continue
			}
			if ps.skip > 0 {
				continue
			}
			if wantText || ps.inAnchor > 0 {
				txt := z.Text()
				if wantText {
					ps.text.write(txt)
				}
				if ps.inAnchor > 0 {
					ps.anchor.write(txt)
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			ps.start(z, a, hasAttr, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Title:
				ps.inTitle = false
			case skipped(a):
				if ps.skip > 0 {
					ps.skip--
				}
			case a == atom.A:
				ps.closeAnchor()
			}
			if block(a) {
				ps.text.breakLine()
				ps.anchor.breakLine()
			}
		}
	}
}

// start handles one start tag: its id (and an a's name), its link, and
// what it does to the text.
func (ps *parser) start(z *html.Tokenizer, a atom.Atom, hasAttr, selfClosing bool) {
	var href, src, id, name, alt, rel []byte
	hasHref := false // href="" is a link to the page itself
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "href":
			href, hasHref = v, true
		case "src":
			src = v
		case "id":
			id = v
		case "name":
			name = v
		case "alt":
			alt = v
		case "rel":
			rel = v
		}
	}
	if ps.skip > 0 {
		// Inside a <template>: inert, neither shown nor followed.
		if skipped(a) && !selfClosing {
			ps.skip++
		}
		return
	}
	if len(id) > 0 {
		ps.page.IDs = append(ps.page.IDs, string(id))
	}
	switch a {
	case atom.Title:
		if !selfClosing {
			ps.inTitle = true
		}
		return
	case atom.Base:
		if !ps.baseSet && hasHref {
			ps.baseSet = true
			if u, err := ps.base.Parse(cleanRef(href)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
				normalize(u)
				ps.base, ps.origin = u, ""
			}
		}
		return
	case atom.A:
		ps.closeAnchor()
		if len(name) > 0 {
			ps.page.IDs = append(ps.page.IDs, string(name))
		}
		if hasHref && ps.addLink(href, "a", "") {
			ps.inAnchor = len(ps.page.Links)
			ps.anchor.reset()
		}
	case atom.Area:
		if hasHref {
			ps.addLink(href, "area", string(alt))
		}
	case atom.Link:
		if hasHref && !hintOnly(rel) {
			ps.addLink(href, "link", "")
		}
	case atom.Img:
		if src != nil {
			ps.addLink(src, "img", string(alt))
		}
		if ps.inAnchor > 0 && len(alt) > 0 {
			ps.anchor.write(alt)
		}
	case atom.Iframe, atom.Script:
		if src != nil {
			ps.addLink(src, a.String(), "")
		}
	}
	if skipped(a) && !selfClosing {
		ps.skip++
	}
	if block(a) {
		ps.text.breakLine()
		ps.anchor.breakLine()
	}
}

// hintOnly reports whether a <link rel> names only origins to connect to
// early, which are not documents to check.
func hintOnly(rel []byte) bool {
	if len(rel) == 0 {
		return false
	}
	for _, f := range strings.Fields(strings.ToLower(string(rel))) {
		if f != "preconnect" && f != "dns-prefetch" {
			return false
		}
	}
	return true
}

func (ps *parser) closeAnchor() {
	if ps.inAnchor > 0 {
		ps.page.Links[ps.inAnchor-1].Text = ps.anchor.String()
		ps.inAnchor = 0
	}
}

// cleanRef strips what the URL standard strips from an attribute's URL:
// white space at both ends, and tabs and newlines anywhere.
func cleanRef(ref []byte) string {
	ref = bytes.TrimSpace(ref)
	if bytes.ContainsAny(ref, "\t\n\r") {
		ref = bytes.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, ref)
	}
	return string(ref)
}

// addLink resolves ref against the page's base and records it, unless it
// is empty of meaning (javascript:, mailto:, tel:, data: or any other
// scheme than http and https) or not a URL at all.
func (ps *parser) addLink(ref []byte, tag, text string) bool {
	if target, ok := ps.quickResolve(ref); ok {
		ps.page.Links = append(ps.page.Links, Link{Target: target, Text: strings.TrimSpace(text), Tag: tag})
		return true
	}
	s := cleanRef(ref)
	if s == "" && tag != "a" {
		return false
	}
	u, err := ps.base.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return false
	}
	normalize(u)
	ps.page.Links = append(ps.page.Links, Link{Target: u.String(), Text: strings.TrimSpace(text), Tag: tag})
	return true
}

// quickResolve resolves the common plain reference ("/a/b.html",
// "b.html") without net/url: one made only of letters, digits and
// "-._~/", with no "." or ".." segment, and not "//host". For those,
// net/url would give the same string; anything else goes through it.
func (ps *parser) quickResolve(ref []byte) (string, bool) {
	if len(ref) == 0 || (len(ref) > 1 && ref[0] == '/' && ref[1] == '/') {
		return "", false
	}
	segStart := 0
	for i, c := range ref {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '~':
		case c == '.':
			if i == segStart && (i+1 == len(ref) || ref[i+1] == '/' || ref[i+1] == '.') {
				return "", false // a "." or ".." segment, or one starting with ".."
			}
		case c == '/':
			segStart = i + 1
		default:
			return "", false
		}
	}
	if ps.origin == "" {
		if ps.base.RawPath != "" || ps.base.Opaque != "" || ps.base.User != nil || ps.base.Host == "" {
			return "", false
		}
		ps.origin = ps.base.Scheme + "://" + ps.base.Host
		dir := ps.base.Path
		if i := strings.LastIndexByte(dir, '/'); i >= 0 {
			dir = dir[:i+1]
		} else {
			dir = "/"
		}
		for _, c := range []byte(dir) {
			if !(c == '/' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
				return "", false // a folder net/url would escape: leave it to net/url
			}
		}
		if strings.Contains(dir, "/./") || strings.Contains(dir, "/../") || strings.Contains(dir, "//") {
			return "", false
		}
		ps.dir = dir
	}
	if ref[0] == '/' {
		return ps.origin + string(ref), true
	}
	return ps.origin + ps.dir + string(ref), true
}
