package datashareapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/datashare/datasharemem"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/datashareapi"
)

// TestRouter_EncodedSlash pins what the catalog's paths rely on: bunrouter
// matches a request on its path as sent, so a segment holding %2F is one
// segment, whose parameter arrives still encoded; a bare "/" makes two
// segments, which a one-segment route does not match.
func TestRouter_EncodedSlash(t *testing.T) {
	r := bunrouter.New()
	var got string
	h := func(w http.ResponseWriter, req bunrouter.Request) error {
		got = req.Param("id")
		return nil
	}
	r.GET("/catalogs/:id", h)
	r.GET("/catalogs/:id/records", h)
	for target, want := range map[string]string{
		"/catalogs/301001%2F000012":         "301001%2F000012",
		"/catalogs/301001%2f000012/records": "301001%2f000012",
		"/catalogs/301001":                  "301001",
	} {
		got = ""
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != http.StatusOK || got != want {
			t.Errorf("GET %s: %d, id %q; want 200 and %q", target, rec.Code, got, want)
		}
	}
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/catalogs/301001/000012", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET with a bare /: %d, want 404", rec.Code)
	}
}

// TestAPI_CodeInPath reads an entry by its code written with %2F, by its
// ID, and by a segment that decodes to neither (400 naming id).
func TestAPI_CodeInPath(t *testing.T) {
	ctx := context.Background()
	svc := datashare.NewService(datasharemem.New())
	center := govops.Actor{Name: "中心"}
	c, err := svc.CreateCatalog(ctx, center, datashare.CatalogInput{Code: "301001/000012", Name: "低保对象名册", Department: "ylj",
		Provider: "柳北区跃进街道办事处", ProviderCode: "11450205MB0000003C", Summary: "辖区城乡最低生活保障对象",
		Format: datashare.FormatSpreadsheet, Items: []datashare.Item{{Name: "姓名", Type: datashare.TypeString}},
		ShareType: datashare.ShareUnconditional, ShareMethod: datashare.MethodFile, Open: datashare.OpenNone, Cycle: datashare.CycleMonthly})
	if err != nil {
		t.Fatal(err)
	}
	r := bunrouter.New(bunrouter.Use(func(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
		return func(w http.ResponseWriter, req bunrouter.Request) error {
			err := next(w, req.WithContext(apikit.WithActor(req.Context(), center)))
			if err != nil {
				w.WriteHeader(http.StatusBadRequest)
				_ = json.NewEncoder(w).Encode(govops.ErrorFields(err))
			}
			return nil
		}
	}))
	for _, rt := range datashareapi.New(svc, datashareapi.Config{}).Routes() {
		r.Handle(rt.Method, rt.Path, rt.Handler)
	}
	for _, target := range []string{"/api/v1/data/catalogs/301001%2F000012", "/api/v1/data/catalogs/" + c.ID.String()} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		var got struct{ Code, ID string }
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK || got.Code != c.Code || got.ID != c.ID.String() {
			t.Errorf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
	}
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/data/catalogs/%E5%90%8D%E5%86%8C", nil))
	var fields map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &fields); err != nil || rec.Code != http.StatusBadRequest || fields["id"] == "" {
		t.Errorf("GET a name: %d %s", rec.Code, rec.Body)
	}
}
