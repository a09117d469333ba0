// Package directoryapi is the HTTP mapping of the department directory
// (directory, 部门目录) in the reference server: its JSON shapes,
// handlers, routes and OpenAPI fragment. refserver assembles it.
package directoryapi

import (
	"context"
	_ "embed"
	"io"
	"net/http"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// API serves a directory.Service over HTTP.
type API struct {
	svc   *directory.Service
	clock apikit.Clock
	units apikit.Resource[*directory.Department]
}

// New returns the API of svc. Times are shown in loc (nil means
// Asia/Shanghai).
func New(svc *directory.Service, loc *time.Location) *API {
	a := &API{svc: svc, clock: apikit.Clock{Loc: loc}}
	a.units = apikit.Resource[*directory.Department]{
		Out:      func(d *directory.Department) any { return a.departmentOut(d) },
		Version:  func(d *directory.Department) int64 { return d.Version },
		Ref:      func(d *directory.Department) string { return d.Code },
		Location: "/api/v1/departments/",
	}
	return a
}

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the directory endpoints. Every token reads the directory;
// only admins change it (the Service refuses anyone else too).
func (a *API) Routes() []apikit.Route {
	const d = "/api/v1/departments/:code"
	return []apikit.Route{
		{Method: http.MethodGet, Path: "/api/v1/departments", Access: apikit.AnyRole, Handler: apikit.Page(a.units, listInput, a.svc.List)},
		{Method: http.MethodPost, Path: "/api/v1/departments", Access: apikit.AdminRole, Handler: apikit.Create(a.units, a.create)},
		{Method: http.MethodPost, Path: "/api/v1/departments/import", Access: apikit.AdminRole, Handler: apikit.Import(a.importCSV)},
		{Method: http.MethodGet, Path: d, Access: apikit.AnyRole, Handler: apikit.Get(a.units, "code", a.svc.Get)},
		{Method: http.MethodPatch, Path: d, Access: apikit.AdminRole, Handler: apikit.Action(a.units, "code", false, a.update)},
		{Method: http.MethodGet, Path: d + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "code", a.svc.Events)},
		{Method: http.MethodPost, Path: d + "/dissolve", Access: apikit.AdminRole, Handler: apikit.Action(a.units, "code", false, reasoned(a.svc.Dissolve))},
		{Method: http.MethodPost, Path: d + "/restore", Access: apikit.AdminRole, Handler: apikit.Action(a.units, "code", true, reasoned(a.svc.Restore))},
		{Method: http.MethodGet, Path: "/api/v1/stats/departments", Access: apikit.AnyRole, Handler: apikit.Read(a.svc.Counts, countsOut)},
	}
}

func listInput(q *apikit.Query) directory.ListInput {
	var in directory.ListInput
	for _, k := range q.List("kind") {
		in.Kinds = append(in.Kinds, directory.Kind(k))
	}
	in.Zone = directory.Zone(q.One("zone"))
	in.Parent = q.One("parent")
	in.Status = directory.Status(q.One("status"))
	in.Text = q.One("q")
	in.Cursor = q.One("cursor")
	in.Limit = q.PageLimit()
	return in
}

func (a *API) create(ctx context.Context, by govops.Actor, in *departmentCreateJSON) (*directory.Department, error) {
	if directory.ValidCode(in.Code) {
		apikit.SetSubject(ctx, in.Code) // known even when the code is taken
	}
	return a.svc.Create(ctx, by, directory.CreateInput{
		Code: in.Code, Name: in.Name, Kind: directory.Kind(in.Kind), Parent: in.Parent, Zone: directory.Zone(in.Zone),
	})
}

func (a *API) update(ctx context.Context, by govops.Actor, code string, version int64, in *departmentUpdateJSON) (*directory.Department, error) {
	up := directory.UpdateInput{Name: in.Name, Parent: in.Parent, IfVersion: version}
	if in.Kind != nil {
		k := directory.Kind(*in.Kind)
		up.Kind = &k
	}
	if in.Zone != nil {
		z := directory.Zone(*in.Zone)
		up.Zone = &z
	}
	return a.svc.Update(ctx, by, code, up)
}

// reasoned adapts Dissolve and Restore, whose body carries a reason.
func reasoned(fn func(ctx context.Context, by govops.Actor, code, reason string, ifVersion int64) (*directory.Department, error)) apikit.Act[reasonJSON, *directory.Department] {
	return func(ctx context.Context, by govops.Actor, code string, version int64, b *reasonJSON) (*directory.Department, error) {
		return fn(ctx, by, code, b.Reason, version)
	}
}

func (a *API) importCSV(ctx context.Context, by govops.Actor, r io.Reader, mode csvimport.Mode) (*csvimport.Report, error) {
	rep, err := a.svc.Import(ctx, by, r, directory.ImportOptions{Mode: mode})
	return &rep, err
}
