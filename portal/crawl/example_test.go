package crawl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/govops-kit/govops/portal/crawl"
)

// ExampleRun crawls a small local site and lists its broken links, with
// the page each is on.
func ExampleRun() {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<title>区政府</title><a href="/news">新闻</a> <a href="/old">旧栏目</a>`)
	})
	mux.HandleFunc("/news", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<h1 id="top-story">要闻</h1><a href="/#contact">联系我们</a>`)
	})
	site := httptest.NewServer(mux)
	defer site.Close()

	res, err := crawl.Run(context.Background(), crawl.Config{
		Start:        []string{site.URL},
		AllowPrivate: true, // a local test site; a server crawling on request leaves it off
		OnPage: func(p crawl.Page) {
			// Called concurrently; here the pages' text would go to the word check.
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pages:", res.Pages)
	for _, b := range res.Broken {
		fmt.Printf("%s → %s (%s): %s %s\n", strings.TrimPrefix(b.Page, site.URL), strings.TrimPrefix(b.Target, site.URL), b.Text, b.Failure, b.Detail)
	}
	// Output:
	// pages: 3
	// / → /old (旧栏目): status 404 Not Found
	// /news → /#contact (联系我们): fragment the page has no element with id or name "contact"
}
