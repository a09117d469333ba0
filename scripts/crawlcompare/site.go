package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// site is the generated site: Pages HTML pages of LinksPerPage links each,
// Broken of which (each on its own page, to its own target) lead to a
// page that answers 404. Every page is rendered once, before the run, so
// that the server costs the tools as little as it can.
type site struct {
	pages        [][]byte
	linksPerPage int
	broken       []brokenLink // page path → missing target path
}

type brokenLink struct{ page, target string }

// pagePath is page i's path; page 0 is the home page, "/". Every path is
// at the root, and the crawls start at "/": linkchecker takes the start
// URL's folder for the site, linkinator recurses only below the start URL.
func pagePath(i int) string {
	if i == 0 {
		return "/"
	}
	return "/page" + strconv.Itoa(i) + ".html"
}

// newSite lays out the site: page i links to pages 2i+1 and 2i+2 (so that
// a crawl from page 0 reaches every page), then to pseudo-random other
// pages; every (pages/broken)th page's last link is one to /gonek.html.
func newSite(pages, links, broken int) (*site, error) {
	if links%pages != 0 {
		return nil, fmt.Errorf("links (%d) must be a multiple of pages (%d)", links, pages)
	}
	per := links / pages
	if per < 3 || broken > pages {
		return nil, fmt.Errorf("need at least 3 links a page and no more broken links than pages")
	}
	s := &site{pages: make([][]byte, pages), linksPerPage: per}
	step := pages / max(broken, 1)
	for i := range pages {
		targets := make([]string, 0, per)
		seen := map[int]bool{i: true}
		add := func(j int) {
			if j < pages && !seen[j] && len(targets) < per {
				seen[j] = true
				targets = append(targets, pagePath(j))
			}
		}
		add(2*i + 1)
		add(2*i + 2)
		for m := 0; len(targets) < per; m++ {
			add((i*7919 + m*104729 + 1) % pages)
		}
		if k := i / step; i%step == 0 && k < broken {
			gone := "/gone" + strconv.Itoa(k) + ".html"
			targets[per-1] = gone
			s.broken = append(s.broken, brokenLink{page: pagePath(i), target: gone})
		}
		var b strings.Builder
		fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>第%d页 区政府门户网站</title></head>\n<body><h1>第%d页</h1>\n<p>区政府门户网站发布政务信息，推进政务公开，回应社会关切。本页为生成的测试页面。</p>\n<ul>\n", i, i)
		for n, t := range targets {
			fmt.Fprintf(&b, "<li><a href=\"%s\">链接%d</a></li>\n", t, n)
		}
		b.WriteString("</ul></body></html>\n")
		s.pages[i] = []byte(b.String())
	}
	return s, nil
}

// ServeHTTP answers the pages, 404 for anything else. Every answer
// carries a LinkChecker header, which tells linkchecker that this server
// asks for no politeness delay (with maxrequestspersecond raised).
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("LinkChecker", "crawl comparison")
	p := r.URL.Path
	if p == "/" {
		p = "/page0.html"
	}
	if strings.HasPrefix(p, "/page") && strings.HasSuffix(p, ".html") {
		if i, err := strconv.Atoi(p[5 : len(p)-5]); err == nil && i >= 0 && i < len(s.pages) {
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Content-Length", strconv.Itoa(len(s.pages[i])))
			_, _ = w.Write(s.pages[i])
			return
		}
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte("<!doctype html><title>404</title><p>页面不存在</p>\n"))
}
