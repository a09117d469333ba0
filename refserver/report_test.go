package refserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/refserver"
)

func TestReport_Formats(t *testing.T) {
	e := MustOpenServer(t)
	const p = "/api/v1/reports/annual?year=2022"
	for _, tok := range []string{e.admin, e.viewer} {
		r := e.do(t, "GET", p, tok, nil)
		mustStatus(t, r, http.StatusOK)
		var rep annual.Report
		if err := json.Unmarshal(r.body, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Year != 2022 || rep.Department != "" || len(rep.Sections) != len(annual.Sections()) {
			t.Fatalf("report: %+v", rep)
		}
		for i, sp := range annual.Sections() {
			if rep.Sections[i].Key != sp.Key || rep.Sections[i].Title != sp.Title {
				t.Errorf("section %d: %s %s", i, rep.Sections[i].Key, rep.Sections[i].Title)
			}
		}
	}
	for _, tc := range []struct {
		name, query, accept, ctype, start string
	}{
		{"FormatMarkdown", "&format=markdown", "", "text/markdown", "# 2022年"},
		{"FormatHTML", "&format=html", "", "text/html", "<!doctype html>"},
		{"FormatJSON", "&format=json", "text/html", "application/json", "{"},
		{"AcceptMarkdown", "", "text/markdown", "text/markdown", "# 2022年"},
		{"AcceptHTML", "", "text/html,application/xhtml+xml,*/*;q=0.8", "text/html", "<!doctype html>"},
		{"AcceptQuality", "", "text/html;q=0.5, text/markdown", "text/markdown", "# 2022年"},
		{"AcceptOther", "", "image/png", "application/json", "{"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hdr []string
			if tc.accept != "" {
				hdr = []string{"Accept", tc.accept}
			}
			r := e.do(t, "GET", p+tc.query, e.admin, nil, hdr...)
			mustStatus(t, r, http.StatusOK)
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Fatalf("Content-Type = %q, want %s", ct, tc.ctype)
			}
			if !strings.HasPrefix(string(r.body), tc.start) {
				t.Fatalf("body starts %.60q", r.body)
			}
			if !strings.Contains(r.header.Get("Vary"), "Accept") {
				t.Errorf("Vary = %q", r.header.Get("Vary"))
			}
		})
	}
}

func TestReport_Department(t *testing.T) {
	e := MustOpenServer(t)
	r := e.do(t, "GET", "/api/v1/reports/annual?year=2022", e.own, nil)
	mustStatus(t, r, http.StatusOK)
	var rep annual.Report
	if err := json.Unmarshal(r.body, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Department != "ylj" || rep.Title != "2022年跃进街道政务网络工作情况" {
		t.Fatalf("a dept token's report: department %q, title %q", rep.Department, rep.Title)
	}
}

func TestReport_BadInput(t *testing.T) {
	e := MustOpenServer(t)
	for _, tc := range []struct{ query, field string }{
		{"", "year"},
		{"?year=", "year"},
		{"?year=abc", "year"},
		{"?year=1999", "year"},
		{"?year=2101", "year"},
		{"?year=2022&year=2023", "year"},
		{"?year=2022&format=pdf", "format"},
		{"?year=2022&dept=ylj", "dept"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			r := e.do(t, "GET", "/api/v1/reports/annual"+tc.query, e.admin, nil)
			mustStatus(t, r, http.StatusBadRequest)
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Fatalf("Content-Type = %q", ct)
			}
			fields, _ := r.json(t)["fields"].(map[string]any)
			if _, ok := fields[tc.field]; !ok {
				t.Fatalf("the problem does not name %s: %s", tc.field, r.body)
			}
		})
	}
	mustStatus(t, e.do(t, "GET", "/api/v1/reports/annual?year=2022", "", nil), http.StatusUnauthorized)
}

// TestReport_NeedsEveryDomain shows that a server without one of the
// domains the report reads does not serve it.
func TestReport_NeedsEveryDomain(t *testing.T) {
	e := MustOpenServer(t)
	svc := e.services
	svc.Data = nil
	srv, err := refserver.New(refserver.Config{}, svc)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/reports") {
			t.Fatalf("served without the data domain: %s %s", r.Method, r.Path)
		}
	}
	svc.Data = datashare.NewService(datasharemem.New())
	srv, err = refserver.New(refserver.Config{}, svc)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range srv.Routes() {
		found = found || r.Path == "/api/v1/reports/annual"
	}
	if !found {
		t.Fatal("not served with every domain")
	}
}
