package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	main "github.com/govops-kit/govops/refserver/cmd/refserver"
)

// TestMain_QueryProblemsBounded sends thousands of unknown query
// parameters: the answer names the first ones, lists the known parameters
// once and counts the rest, so that it stays small however long the query.
func TestMain_QueryProblemsBounded(t *testing.T) {
	w := MustOpenWorld(t)
	// name is the i-th unknown parameter, in sorted order: "uaaa",
	// "uaab", … (problem field names hold no digits).
	name := func(i int) string {
		return string([]byte{'u', byte('a' + i/676), byte('a' + i/26%26), byte('a' + i%26)})
	}
	var b strings.Builder
	const unknown = 9000
	for i := range unknown {
		b.WriteString("&" + name(i) + "=")
	}
	for _, tc := range []struct {
		name, path string
		bad        int    // problems with known parameters
		known      string // a known parameter the query does not give
	}{
		{"Cases", "/api/v1/cases?limit=ten" + b.String(), 1, "due_within"},
		{"Case", "/api/v1/cases/2026-000001?" + b.String()[1:], 0, ""},
		{"Audit", "/api/v1/audit?from=0000-01-01&actor=a%00b" + b.String(), 2, "subject"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.path) > main.MaxHeaderBytes {
				t.Fatalf("the query (%d bytes) would be refused as too large", len(tc.path))
			}
			r := w.do(t, "GET", tc.path, w.admin, nil)
			fields := assertProblem(t, r, http.StatusBadRequest, "invalid", name(0), tc.path)
			if len(r.body) > 4<<10 {
				t.Fatalf("a %d-byte query got a %d-byte answer", len(tc.path), len(r.body))
			}
			if len(fields) != 21 {
				t.Fatalf("%d fields, want the first 20 problems and the count of the rest: %v", len(fields), fields)
			}
			shown := 20 - tc.bad
			if want := fmt.Sprintf("and %d more parameters", unknown-shown); !strings.Contains(fields["query"], want) {
				t.Fatalf("fields[query] = %q, want %q", fields["query"], want)
			}
			if fields[name(shown-1)] == "" || fields[name(shown)] != "" {
				t.Fatalf("want the first %d unknown parameters named: %v", shown, fields)
			}
			var p struct{ Detail string }
			if err := json.Unmarshal(r.body, &p); err != nil {
				t.Fatal(err)
			}
			if tc.name != "Case" {
				// The known parameters are listed once in fields (with
				// the first unknown one) and once in detail.
				if n := strings.Count(string(r.body), tc.known); n != 2 {
					t.Fatalf("a known parameter is named %d times: %s", n, r.body)
				}
				if !strings.Contains(fields[name(0)], "known: ") || strings.Contains(fields[name(1)], "known") {
					t.Fatalf("%s = %q, %s = %q", name(0), fields[name(0)], name(1), fields[name(1)])
				}
			} else if fields[name(0)] != "this endpoint takes no query parameters" {
				t.Fatalf("%s = %q", name(0), fields[name(0)])
			}
			if !strings.Contains(p.Detail, name(0)+": ") || !strings.Contains(p.Detail, fields["query"]) {
				t.Fatalf("detail %q", p.Detail)
			}
		})
	}
	t.Run("OneUnknownNamesTheKnown", func(t *testing.T) {
		r := w.do(t, "GET", "/api/v1/departments?colour=red", w.admin, nil)
		fields := assertProblem(t, r, http.StatusBadRequest, "invalid", "colour", "/api/v1/departments")
		if fields["colour"] != "is not a parameter of this endpoint; known: cursor, kind, limit, parent, q, status, zone" || len(fields) != 1 {
			t.Fatalf("fields = %v", fields)
		}
	})
}

// TestMain_CSVHeaderBounded refuses an import whose header names more
// than MaxCSVColumns columns before any row is read, naming "header".
func TestMain_CSVHeaderBounded(t *testing.T) {
	w := MustOpenWorld(t)
	cols := func(n int) string {
		c := make([]string, n)
		for i := range c {
			c[i] = fmt.Sprintf("c%d", i)
		}
		return strings.Join(c, ",")
	}
	const path = "/api/v1/hotline/callbacks/import"
	for _, tc := range []struct {
		name, file string
		field      string
	}{
		{"SixtyFiveColumns", cols(65) + "\n2026-000001\n", "header"},
		{"NineThousandColumns", cols(9000) + "\n", "header"},
		{"QuotedSeparators", `"a,b",` + cols(64) + "\n", "header"},
		// Within the bound the import reads the header and names each
		// column it does not know.
		{"SixtyFourColumns", cols(64) + "\n", "header[63]"},
		{"QuotedSeparatorsWithin", `"case_number,department,result,called_at"` + "\n", "header[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, "POST", path, w.admin, tc.file, csvHeader...)
			fields := assertProblem(t, r, http.StatusBadRequest, "invalid", tc.field, path)
			if tc.field == "header" && (len(fields) != 1 || len(r.body) > 1<<10) {
				t.Fatalf("want one short problem: %s", r.body)
			}
		})
	}
}

// TestMain_HeaderTooLarge documents the answer to request headers over
// MaxHeaderBytes: net/http writes it before any handler runs, so it is the
// plain-text 431 of the standard library, not a problem. Being no answer of
// the API, it is not in the OpenAPI document, so the request is sent
// without the check of apitest.
func TestMain_HeaderTooLarge(t *testing.T) {
	w := MustOpenWorld(t)
	req, err := http.NewRequest("GET", w.URL+"/api/v1/cases", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+w.admin)
	req.Header.Set("X-Padding", strings.Repeat("x", main.MaxHeaderBytes+8<<10))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, Content-Type %q: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	mustStatus(t, w.do(t, "GET", "/api/v1/cases", w.admin, nil, "X-Padding", strings.Repeat("x", 32<<10)), http.StatusOK)
}
