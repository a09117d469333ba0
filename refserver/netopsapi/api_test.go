package netopsapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/netops"
	"github.com/govops-kit/govops/netops/netopsmem"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/netopsapi"
)

var center = govops.Actor{Name: "中心"}

// serve returns a handler of the API's routes over svc that acts as by
// and answers an error as its status and fields.
func serve(svc *netops.Service, by govops.Actor) http.Handler {
	r := bunrouter.New(bunrouter.Use(func(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
		return func(w http.ResponseWriter, req bunrouter.Request) error {
			err := next(w, req.WithContext(apikit.WithActor(req.Context(), by)))
			if err != nil {
				status := map[string]int{govops.EINVALID: 400, govops.EFORBIDDEN: 403, govops.ENOTFOUND: 404, govops.ECONFLICT: 409}[govops.ErrorCode(err)]
				if status == 0 {
					status = 500
				}
				w.WriteHeader(status)
				_ = json.NewEncoder(w).Encode(govops.ErrorFields(err))
			}
			return nil
		}
	}))
	for _, rt := range netopsapi.New(svc, netopsapi.Config{}).Routes() {
		r.Handle(rt.Method, rt.Path, rt.Handler)
	}
	return r
}

func send(h http.Handler, method, target, body string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestAPI_PatchLaysOver sends PATCHes of different fields of one site at
// once, without If-Match: each is laid over the site as it stands when it
// writes, so every field given lands and none undoes another's; with a
// stale If-Match the PATCH is refused.
func TestAPI_PatchLaysOver(t *testing.T) {
	svc := netops.NewService(netopsmem.New())
	if _, err := svc.CreateSite(context.Background(), center, netops.SiteInput{Code: "XZDL", Name: "行政大楼",
		Rooms: []netops.Room{{Code: "3F-JF", Name: "三楼机房", Kind: netops.RoomMachine}}}); err != nil {
		t.Fatal(err)
	}
	h := serve(svc, center)
	bodies := []string{`{"address":"跃进路1号"}`, `{"zone":"building"}`, `{"note":"24小时值守"}`, `{"name":"区行政大楼"}`}
	var wg sync.WaitGroup
	for _, b := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if rec := send(h, "PATCH", "/api/v1/netops/sites/XZDL", b); rec.Code != http.StatusOK {
				t.Errorf("PATCH %s: %d %s", b, rec.Code, rec.Body)
			}
		}()
	}
	wg.Wait()
	s, err := svc.Site(context.Background(), center, "XZDL")
	if err != nil {
		t.Fatal(err)
	}
	if s.Address != "跃进路1号" || s.Zone != netops.ZoneBuilding || s.Note != "24小时值守" || s.Name != "区行政大楼" || len(s.Rooms) != 1 || s.Version != 5 {
		t.Fatalf("site after the PATCHes: %+v", s)
	}
	rec := send(h, "PATCH", "/api/v1/netops/sites/XZDL", `{"note":"x"}`, "If-Match", `"4"`)
	if rec.Code != http.StatusConflict {
		t.Fatalf("a stale If-Match: %d %s", rec.Code, rec.Body)
	}
}

// TestAPI_IDs refuses a path segment that is no ID before the Service is
// asked, naming id, and names the unit filter a department may not use as
// the query names it.
func TestAPI_IDs(t *testing.T) {
	svc := netops.NewService(netopsmem.New())
	h := serve(svc, center)
	for _, target := range []string{"/api/v1/netops/links/42", "/api/v1/netops/visits/x/events", "/api/v1/netops/plans/01a22d39/events"} {
		rec := send(h, "GET", target, "")
		var fields map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &fields); err != nil || rec.Code != http.StatusBadRequest || fields["id"] == "" {
			t.Errorf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
	}
	rec := send(h, "POST", "/api/v1/netops/migrations/42/cancel", `{"note":"x"}`)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"id"`) {
		t.Errorf("cancel: %d %s", rec.Code, rec.Body)
	}
	dept := serve(svc, govops.Actor{Name: "跃进街道", Department: "ylj"})
	for _, target := range []string{"/api/v1/netops/links?unit=jfj", "/api/v1/netops/migrations?unit=jfj"} {
		rec := send(dept, "GET", target, "")
		var fields map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &fields); err != nil || rec.Code != http.StatusForbidden || fields["unit"] == "" {
			t.Errorf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
	}
}
