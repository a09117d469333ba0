package refserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver"
)

// FuzzQuery sends arbitrary query strings to the listings: the answer is a
// page (200) or a problem (400) naming at most 20 parameters and counting
// the rest, no larger than a few times the query; never a fault. A
// listing that answers 200 took no value that is not text, nor a time
// outside the years 1900 to 9999.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"q=a%00b", "q=%FF", "department=a%00b&kind=hotline,itops", "created_from=0000-01-01T00:00:00Z",
		"created_to=9999-12-31", "due_before=9999-12-31T23:59:59-23:00", "cursor=YQBi", "limit=0&a=1&b=2&c=3",
		"from=1899-12-31&to=2026-01-01", "actor=%E2%80%8B", "month=2026-03&cursor=_w",
	} {
		f.Add(s)
	}
	e := MustOpenServer(f)
	paths := []string{"/api/v1/cases", "/api/v1/stats/cases", "/api/v1/audit", "/api/v1/hotline/outcomes", "/api/v1/hotline/callbacks"}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, path := range paths {
			req := httptest.NewRequest("GET", path, nil)
			req.URL.RawQuery = raw
			req.Header.Set("Authorization", "Bearer "+e.admin)
			rec := httptest.NewRecorder()
			e.srv.Handler().ServeHTTP(rec, req)
			switch rec.Code {
			case http.StatusOK:
				for _, vs := range req.URL.Query() {
					for _, v := range vs {
						if !utf8.ValidString(v) || govops.HasControl(v) {
							t.Fatalf("%s?%s: 200 with the value %q", path, raw, v)
						}
					}
				}
			case http.StatusBadRequest:
				var p refserver.Problem
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || len(p.Fields) == 0 || len(p.Fields) > 21 {
					t.Fatalf("%s?%s: problem %s (%v)", path, raw, rec.Body, err)
				}
				if len(p.Fields) == 21 && p.Fields["query"] == "" {
					t.Fatalf("%s?%s: 21 fields without the count of the rest: %v", path, raw, p.Fields)
				}
				if limit := 4*len(raw) + 4<<10; rec.Body.Len() > limit {
					t.Fatalf("%s?%s: a %d-byte query got a %d-byte problem", path, raw, len(raw), rec.Body.Len())
				}
			default:
				t.Fatalf("%s?%s: status %d: %s", path, raw, rec.Code, rec.Body)
			}
		}
	})
}

// TestServer_QueryTimes checks the bounds of the times a query takes: the
// first and last instants every store holds in UTC and in Asia/Shanghai
// are taken, the instants just outside are refused naming the parameter.
func TestServer_QueryTimes(t *testing.T) {
	e := MustOpenServer(t)
	for _, tc := range []struct {
		name, param, value string
		ok                 bool
	}{
		{"FirstInstant", "created_from", "1900-01-01T00:00:00Z", true},
		{"BeforeFirstInstant", "created_from", "1899-12-31T23:59:59Z", false},
		{"FirstDateInShanghai", "created_from", "1900-01-01", false},
		{"SecondDateInShanghai", "created_from", "1900-01-02", true},
		{"LastInstant", "created_to", "9999-12-31T23:59:59+08:00", true},
		{"AfterLastInstant", "created_to", "9999-12-31T16:00:00Z", false},
		{"LastDateAsUpperBound", "created_to", "9999-12-31", false},
		{"SecondLastDateAsUpperBound", "created_to", "9999-12-30", true},
		{"OffsetPastYear9999", "due_before", "9999-12-31T23:59:59-23:00", false},
		{"YearZero", "due_before", "0000-01-01T00:00:00Z", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, "GET", "/api/v1/cases?"+tc.param+"="+url.QueryEscape(tc.value), e.admin, nil)
			if tc.ok {
				mustStatus(t, r, http.StatusOK)
				return
			}
			mustStatus(t, r, http.StatusBadRequest)
			fields, _ := r.json(t)["fields"].(map[string]any)
			if len(fields) != 1 || fields[tc.param] == nil {
				t.Fatalf("fields = %v, want %s named", fields, tc.param)
			}
		})
	}
}
