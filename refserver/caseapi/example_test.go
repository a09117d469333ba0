package caseapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/caseapi"
)

// The case endpoints mounted in a server of one's own, without refserver:
// the embedder decides who the caller is (here, one fixed center actor)
// and turns errors into answers.
func Example() {
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, govops.ShanghaiLocation())
	svc := govcase.NewService(govcasemem.New(), govcase.WithNow(func() time.Time { return clock }))
	api := caseapi.New(svc, func() time.Time { return clock })

	caller := func(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
		return func(w http.ResponseWriter, req bunrouter.Request) error {
			ctx := apikit.WithActor(req.Context(), govops.Actor{Name: "值班员"})
			if err := next(w, req.WithContext(ctx)); err != nil {
				status := map[string]int{govops.EINVALID: 400, govops.EFORBIDDEN: 403, govops.ENOTFOUND: 404, govops.ECONFLICT: 409}[govops.ErrorCode(err)]
				if status == 0 {
					status = http.StatusInternalServerError
				}
				http.Error(w, govops.ErrorCode(err)+": "+govops.ErrorMessage(err), status)
			}
			return nil
		}
	}
	router := bunrouter.New(bunrouter.Use(caller))
	for _, r := range api.Routes() {
		router.Handle(r.Method, r.Path, r.Handler)
	}

	body := `{"kind":"hotline","category":"help","source":"phone","title":"路灯不亮"}`
	req := httptest.NewRequest("POST", "/api/v1/cases", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	router.ServeHTTP(w, req)
	fmt.Println(w.Code, w.Header().Get("Location"), w.Header().Get("ETag"))

	req = httptest.NewRequest("POST", "/api/v1/cases/2026-000001/close", nil)
	w = httptest.NewRecorder()
	router.ServeHTTP(w, req)
	fmt.Print(w.Code, " ", w.Body.String())
	// Output:
	// 201 /api/v1/cases/2026-000001 "1"
	// 409 conflict: cannot close case 2026-000001: it is registered (登记), and close needs replied
}
