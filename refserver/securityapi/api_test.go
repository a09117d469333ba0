package securityapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/securityapi"
	"github.com/govops-kit/govops/security"
	"github.com/govops-kit/govops/security/securitymem"
)

var center = govops.Actor{Name: "中心"}

// serve returns a handler of the API's routes over svc that acts as by
// and answers an error as its status and fields.
func serve(svc *security.Service, by govops.Actor) (http.Handler, []apikit.Route) {
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
	routes := securityapi.New(svc, securityapi.Config{}).Routes()
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

// TestAPI_CredentialRefusedOnEveryWrite sends every write route a body
// holding a field named like a credential, deep inside otherwise good
// JSON: each is 400 naming the field's path and never its value, before
// the body is decoded (so before the path is even read), and nothing is
// stored.
func TestAPI_CredentialRefusedOnEveryWrite(t *testing.T) {
	store := securitymem.New()
	svc := security.NewService(store)
	h, routes := serve(svc, center)
	const value = "Zx9#api-test"
	writes := 0
	for _, rt := range routes {
		if rt.Method == http.MethodGet {
			continue
		}
		writes++
		target := strings.NewReplacer(":id", "01a22f94-0000-7000-8000-000000000001", ":code", "ia-a", ":seq", "1").Replace(rt.Path)
		for field, body := range map[string]string{
			"accounts[1].设备口令":     `{"accounts":[{"name":"a"},{"name":"root","设备口令":"` + value + `"}]}`,
			"device.AdminPassword": `{"note":"x","device":{"AdminPassword":"` + value + `"}}`,
		} {
			rec := send(h, rt.Method, target, body)
			a := decode(t, rec)
			if rec.Code != http.StatusBadRequest || a.Fields[field] == "" {
				t.Errorf("%s %s: %d %s, want 400 naming %s", rt.Method, rt.Path, rec.Code, rec.Body, field)
			}
			if strings.Contains(rec.Body.String(), value) {
				t.Errorf("%s %s echoes the credential: %s", rt.Method, rt.Path, rec.Body)
			}
		}
	}
	if writes < 20 {
		t.Fatalf("only %d write routes", writes)
	}
	page, err := svc.Plans(context.Background(), center, security.PlanListInput{})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("plans after the refusals: %v %v", page.Items, err)
	}
	// A good body goes through; one that does not parse is the decoder's.
	rec := send(h, "POST", "/api/v1/security/plans", `{"code":"network","year":2026,"title":"应急预案"}`)
	if rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
		t.Fatalf("a good plan: %d %s", rec.Code, rec.Body)
	}
	rec = send(h, "POST", "/api/v1/security/plans", `{"password":`)
	if a := decode(t, rec); rec.Code != http.StatusBadRequest || a.Fields["body"] == "" {
		t.Fatalf("a body that does not parse: %d %s", rec.Code, rec.Body)
	}
}

// TestAPI_PathReferences refuses a path segment that is no ID (or no
// action number) before the Service is asked, and names the plan of a
// drill as the path does.
func TestAPI_PathReferences(t *testing.T) {
	svc := security.NewService(securitymem.New())
	h, _ := serve(svc, center)
	for _, target := range []string{"/api/v1/security/plans/42", "/api/v1/security/drills/x/events", "/api/v1/security/hardening/01a22d39",
		"/api/v1/security/incidents/FW-01/events", "/api/v1/security/exercises/2025/summary"} {
		rec := send(h, "GET", target, "")
		if a := decode(t, rec); rec.Code != http.StatusBadRequest || a.Fields["id"] == "" {
			t.Errorf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
	}
	for target, field := range map[string]string{
		"/api/v1/security/drills/01a22f94-0000-7000-8000-000000000001/actions/first": "seq",
		"/api/v1/security/drills/01a22f94-0000-7000-8000-000000000001/actions/0":     "seq",
		"/api/v1/security/drills/nope/actions/1":                                     "id",
	} {
		rec := send(h, "PATCH", target, `{"status":"done"}`)
		if a := decode(t, rec); rec.Code != http.StatusBadRequest || a.Fields[field] == "" {
			t.Errorf("PATCH %s: %d %s, want 400 naming %s", target, rec.Code, rec.Body, field)
		}
	}
	p, err := svc.DraftPlan(context.Background(), center, security.PlanInput{Code: "network", Year: 2026, Title: "应急预案"})
	if err != nil {
		t.Fatal(err)
	}
	rec := send(h, "POST", "/api/v1/security/plans/"+p.ID.String()+"/drills", `{"date":"2026-02-15","type":"tabletop","scenario":"勒索软件攻击"}`)
	if a := decode(t, rec); rec.Code != http.StatusBadRequest || a.Fields["id"] == "" || a.Fields["plan"] != "" || !strings.HasPrefix(a.Message, "id:") {
		t.Fatalf("a drill of a draft: %d %s", rec.Code, rec.Body)
	}
}
