package refserver_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/directory/directorymem"
	"github.com/govops-kit/govops/govcase"
	"github.com/govops-kit/govops/govcase/govcasemem"
	"github.com/govops-kit/govops/hotline"
	"github.com/govops-kit/govops/hotline/hotlinemem"
	"github.com/govops-kit/govops/refserver"
)

// New wires domain Services into one HTTP handler. Here every store is in
// memory; refserver/cmd/refserver wires the bun stores instead.
func ExampleNew() {
	ctx := context.Background()
	deps := directory.NewService(directorymem.New())
	srv, err := refserver.New(refserver.Config{}, refserver.Services{
		Departments: deps,
		Cases:       govcase.NewService(govcasemem.New(), govcase.WithDepartmentCheck(deps.Check())),
		Hotline:     hotline.NewService(hotlinemem.New(), hotline.WithDepartmentCheck(deps.Check())),
		Store:       refserver.NewMemStore(),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The first admin token; its plaintext is shown only here.
	_, plain, err := srv.Registry().IssueToken(ctx, refserver.TokenInput{Name: "值班员", Role: refserver.RoleAdmin})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	for _, token := range []string{"", plain} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/api/v1/departments", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	// Output:
	// 401
	// 200
}
