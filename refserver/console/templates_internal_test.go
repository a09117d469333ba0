package console

import "testing"

// TestTemplates parses every page template, as the console parses each on
// its first use: a broken template fails here rather than on a page.
func TestTemplates(t *testing.T) {
	pages, err := pageFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"signin", "error", "overview", "cases_detail", "admin_tokens"} {
		if pages[name] == nil {
			t.Fatalf("no page template %s among %d", name, len(pages))
		}
	}
	c := &Console{pages: pages}
	for name := range pages {
		tpl, err := c.template(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if tpl.Lookup("content") == nil {
			t.Errorf("%s defines no content", name)
		}
	}
}
