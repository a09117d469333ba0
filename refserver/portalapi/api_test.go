package portalapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/portal"
	"github.com/govops-kit/govops/portal/portalmem"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/portalapi"
)

var center = govops.Actor{Name: "中心"}

// serve returns a handler of the API's routes over svc that acts as by
// and answers an error as its status and fields.
func serve(svc *portal.Service, by govops.Actor) (http.Handler, []apikit.Route) {
	r := bunrouter.New(bunrouter.Use(func(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
		return func(w http.ResponseWriter, req bunrouter.Request) error {
			err := next(w, req.WithContext(apikit.WithActor(req.Context(), by)))
			if err != nil {
				status := map[string]int{govops.EINVALID: 400, govops.EFORBIDDEN: 403, govops.ENOTFOUND: 404, govops.ECONFLICT: 409}[govops.ErrorCode(err)]
				if status == 0 {
					status = 500
				}
				w.WriteHeader(status)
				_ = json.NewEncoder(w).Encode(map[string]any{"fields": govops.ErrorFields(err), "message": govops.ErrorMessage(err)})
			}
			return nil
		}
	}))
	routes := portalapi.New(svc, portalapi.Config{}).Routes()
	for _, rt := range routes {
		r.Handle(rt.Method, rt.Path, rt.Handler)
	}
	return r, routes
}

func send(h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

type answer struct {
	Fields  map[string]string
	Message string
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
	}
	return a
}

// TestAPI_PathReferences refuses a path segment that is no ID before the
// Service is asked, naming "id"; sites and accounts take their code.
func TestAPI_PathReferences(t *testing.T) {
	h, routes := serve(portal.NewService(portalmem.New()), center)
	checked := 0
	for _, rt := range routes {
		if !strings.Contains(rt.Path, ":id") {
			continue
		}
		checked++
		target := strings.ReplaceAll(rt.Path, ":id", "42")
		body := ""
		if rt.Method != http.MethodGet {
			body = "{}"
		}
		rec := send(h, rt.Method, target, body)
		if a := decode(t, rec); rec.Code != http.StatusBadRequest || a.Fields["id"] == "" {
			t.Errorf("%s %s: %d %s, want 400 naming id", rt.Method, target, rec.Code, rec.Body)
		}
	}
	if checked < 15 {
		t.Fatalf("only %d routes by ID", checked)
	}
	rec := send(h, "GET", "/api/v1/portal/sites/NO-SUCH-SITE", "")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("an unknown site's code: %d %s", rec.Code, rec.Body)
	}
}

// TestAPI_BadInput names each bad field or parameter of a request, every
// one at once, before the Service stores anything.
func TestAPI_BadInput(t *testing.T) {
	store := portalmem.New()
	svc := portal.NewService(store)
	h, _ := serve(svc, center)
	ctx := context.Background()
	if _, err := svc.CreateSite(ctx, center, portal.SiteInput{Code: "S", Name: "站点", Home: "https://www.example.gov.cn/"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, target, body string
		fields                     []string
	}{
		{"CrawlOptions", "POST", "/api/v1/portal/crawls", `{"site":"S","options":{"host_rate":"fast","timeout_ms":-1}}`,
			[]string{"options.host_rate", "options.timeout_ms"}},
		{"CrawlRate", "POST", "/api/v1/portal/crawls", `{"site":"S","options":{"host_rate":"-2"}}`, []string{"options.host_rate"}},
		{"CrawlUnknownField", "POST", "/api/v1/portal/crawls", `{"site":"S","pages":5}`, []string{"pages"}},
		{"PostTimes", "POST", "/api/v1/portal/sites/S/posts", `{"posts":[{"column":"c","title":"t","url":"u","published":"昨天"},{"published":"2026-13-01"}]}`,
			[]string{"posts[0].published", "posts[1].published"}},
		{"TaskDue", "POST", "/api/v1/portal/tasks", `{"site":"S","kind":"other","title":"t","due":"soon"}`, []string{"due"}},
		{"UrgeAt", "POST", "/api/v1/portal/sites/S/urge-updates", `{"at":"2026-03-01"}`, []string{"at"}},
		{"RaiseFindingsNotIDs", "POST", "/api/v1/portal/crawls/01a22f94-0000-7000-8000-000000000001/raise", `{"due":"x"}`, []string{"due"}},
		{"StaleNotBool", "GET", "/api/v1/portal/columns?stale=yes", "", []string{"stale"}},
		{"FindingsCrawl", "GET", "/api/v1/portal/findings?crawl=latest", "", []string{"crawl"}},
		{"CountsYear", "GET", "/api/v1/portal/task-counts?year=twenty", "", []string{"year"}},
		{"AvailabilityFrom", "GET", "/api/v1/portal/sites/S/availability?from=monday", "", []string{"from"}},
		{"UnknownParameter", "GET", "/api/v1/portal/tasks?state=open", "", []string{"state"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := send(h, tc.method, tc.target, tc.body)
			a := decode(t, rec)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("%d %s, want 400", rec.Code, rec.Body)
			}
			for _, f := range tc.fields {
				if a.Fields[f] == "" {
					t.Errorf("no problem named %s: %s", f, rec.Body)
				}
			}
		})
	}
	crawls, err := svc.Crawls(ctx, center, portal.CrawlListInput{})
	if err != nil || len(crawls.Items) != 0 {
		t.Fatalf("crawls after the refusals: %v %v", crawls.Items, err)
	}
}

// TestAPI_CrawlOptionsRoundTrip keeps a crawl's options as sent: the
// timeout in milliseconds and the host rate as a decimal string.
func TestAPI_CrawlOptionsRoundTrip(t *testing.T) {
	svc := portal.NewService(portalmem.New())
	t.Cleanup(func() { _ = svc.Shutdown(context.Background()) })
	h, _ := serve(svc, center)
	// Nothing answers on the port: the crawl fails soon after it starts,
	// which is not what is looked at here.
	if _, err := svc.CreateSite(context.Background(), center, portal.SiteInput{Code: "S", Name: "站点", Home: "http://192.0.2.1/"}); err != nil {
		t.Fatal(err)
	}
	rec := send(h, "POST", "/api/v1/portal/crawls", `{"site":"S","options":{"max_pages":7,"timeout_ms":1500,"host_rate":"2.5","robots":true}}`)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var c struct {
		ID      string
		Status  string
		Options map[string]any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	if loc := rec.Header().Get("Location"); loc != "/api/v1/portal/crawls/"+c.ID {
		t.Errorf("Location %q", loc)
	}
	if c.Status != "running" || c.Options["max_pages"] != float64(7) || c.Options["timeout_ms"] != float64(1500) ||
		c.Options["host_rate"] != "2.5" || c.Options["robots"] != true {
		t.Fatalf("the crawl as started: %s", rec.Body)
	}
}
