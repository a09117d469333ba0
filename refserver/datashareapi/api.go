// Package datashareapi is the HTTP mapping of the government data resource
// catalog (datashare, 政务信息资源目录) in the reference server: its JSON
// shapes, handlers, routes and OpenAPI fragment. refserver assembles it.
//
// A catalog entry is named in a path by its ID or by its code. A code
// holds a "/" (301001/000012), which a path segment carries
// percent-encoded: /api/v1/data/catalogs/301001%2F000012. The router
// matches the encoded path, so the segment arrives whole and is decoded
// here.
package datashareapi

import (
	"context"
	_ "embed"
	"net/http"
	"net/url"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// DefaultMaxMountBytes bounds the body of a mount when Config names no
// bound. A mount streams (the file is never held), so the bound is far
// above the 1 MiB of other bodies: the seed's 699,735 records of eight
// items are about 100 MB.
const DefaultMaxMountBytes int64 = 1 << 30

// Config configures an API. The zero value is usable.
type Config struct {
	// Location is the zone the answers show times in; nil means
	// Asia/Shanghai.
	Location *time.Location
	// MaxMountBytes bounds the body of a mount; 0 or less means
	// DefaultMaxMountBytes.
	MaxMountBytes int64
}

// API serves a datashare.Service over HTTP.
type API struct {
	svc      *datashare.Service
	clock    apikit.Clock
	maxMount int64
	catalogs apikit.Resource[*datashare.Catalog]
	batches  apikit.Resource[*datashare.Batch]
	requests apikit.Resource[*datashare.RequestView]
}

// New returns the API of svc.
func New(svc *datashare.Service, cfg Config) *API {
	a := &API{svc: svc, clock: apikit.Clock{Loc: cfg.Location}, maxMount: cfg.MaxMountBytes}
	if a.maxMount <= 0 {
		a.maxMount = DefaultMaxMountBytes
	}
	a.catalogs = apikit.Resource[*datashare.Catalog]{
		Out:      func(c *datashare.Catalog) any { return a.catalogOut(c) },
		Version:  func(c *datashare.Catalog) int64 { return c.Version },
		Ref:      func(c *datashare.Catalog) string { return c.ID.String() },
		Location: "/api/v1/data/catalogs/",
	}
	a.batches = apikit.Resource[*datashare.Batch]{
		Out:     func(b *datashare.Batch) any { return a.batchOut(b) },
		Version: func(b *datashare.Batch) int64 { return b.Version },
		Ref:     func(b *datashare.Batch) string { return b.ID.String() },
	}
	a.requests = apikit.Resource[*datashare.RequestView]{
		Out:      func(v *datashare.RequestView) any { return a.requestOut(v) },
		Version:  func(v *datashare.RequestView) int64 { return v.Version },
		Ref:      func(v *datashare.RequestView) string { return v.ID.String() },
		Location: "/api/v1/data/requests/",
	}
	return a
}

// MaxMountBytes returns the bound of a mount's body.
func (a *API) MaxMountBytes() int64 { return a.maxMount }

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the datashare endpoints. Every token reads the published
// catalog, and the Service decides the rest with the same actor: a
// department catalogs, mounts and answers requests for its own entries
// and files requests for itself; the center acts for any department.
// Only recovering abandoned mounts is the center's alone.
func (a *API) Routes() []apikit.Route {
	const (
		p  = "/api/v1/data"
		c  = p + "/catalogs/:id"
		b  = p + "/batches/:id"
		rq = p + "/requests/:id"
	)
	return []apikit.Route{
		{Method: http.MethodGet, Path: p + "/catalogs", Access: apikit.AnyRole, Handler: apikit.Page(listed(a.catalogs), catalogList, a.listCatalogs)},
		{Method: http.MethodPost, Path: p + "/catalogs", Access: apikit.AnyRole, Handler: apikit.Create(a.catalogs, a.createCatalog)},
		{Method: http.MethodPost, Path: p + "/catalogs/bulk", Access: apikit.AnyRole, Handler: a.createCatalogs},
		{Method: http.MethodGet, Path: c, Access: apikit.AnyRole, Handler: apikit.Get(a.catalogs, "id", unescaped(a.svc.Catalog))},
		{Method: http.MethodPatch, Path: c, Access: apikit.AnyRole, Handler: apikit.Action(a.catalogs, "id", false, a.updateCatalog)},
		{Method: http.MethodPost, Path: c + "/publish", Access: apikit.AnyRole, Handler: apikit.Action(a.catalogs, "id", true, a.publishCatalog)},
		{Method: http.MethodPost, Path: c + "/withdraw", Access: apikit.AnyRole, Handler: apikit.Action(a.catalogs, "id", false, a.withdrawCatalog)},
		{Method: http.MethodGet, Path: c + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "id", trail[datashare.CatalogStatus](unescaped(a.svc.CatalogTrail)))},
		{Method: http.MethodGet, Path: c + "/columns", Access: apikit.AnyRole, Handler: a.columns},
		{Method: http.MethodPost, Path: c + "/mount", Access: apikit.AnyRole, Handler: a.mount},
		{Method: http.MethodGet, Path: c + "/records", Access: apikit.AnyRole, Handler: a.records},

		{Method: http.MethodGet, Path: p + "/batches", Access: apikit.AnyRole, Handler: apikit.Page(listed(a.batches), batchList, a.svc.Batches)},
		{Method: http.MethodPost, Path: p + "/batches/recover", Access: apikit.AdminRole, Handler: a.recoverMounts},
		{Method: http.MethodGet, Path: b, Access: apikit.AnyRole, Handler: apikit.Get(a.batches, "id", a.batch)},
		{Method: http.MethodGet, Path: b + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "id", trail[datashare.BatchStatus](a.batchTrail))},

		{Method: http.MethodGet, Path: p + "/requests", Access: apikit.AnyRole, Handler: apikit.Page(listed(a.requests), requestList, a.svc.Requests)},
		{Method: http.MethodPost, Path: p + "/requests", Access: apikit.AnyRole, Handler: apikit.Create(a.requests, a.fileRequest)},
		{Method: http.MethodGet, Path: rq, Access: apikit.AnyRole, Handler: apikit.Get(a.requests, "id", a.svc.Request)},
		{Method: http.MethodPost, Path: rq + "/approve", Access: apikit.AnyRole, Handler: apikit.Action(a.requests, "id", true, a.approve)},
		{Method: http.MethodPost, Path: rq + "/deny", Access: apikit.AnyRole, Handler: apikit.Action(a.requests, "id", false, decision(a.svc.Deny))},
		{Method: http.MethodPost, Path: rq + "/withdraw", Access: apikit.AnyRole, Handler: apikit.Action(a.requests, "id", true, decision(a.svc.Withdraw))},
		{Method: http.MethodPost, Path: rq + "/revoke", Access: apikit.AnyRole, Handler: apikit.Action(a.requests, "id", false, decision(a.svc.Revoke))},
		{Method: http.MethodGet, Path: rq + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "id", trail[datashare.RequestStatus](a.svc.RequestTrail))},

		{Method: http.MethodGet, Path: p + "/metrics", Access: apikit.AnyRole, Handler: a.metrics},
		{Method: http.MethodGet, Path: p + "/quality", Access: apikit.AnyRole, Handler: a.quality},
		{Method: http.MethodGet, Path: p + "/export/dcat", Access: apikit.AnyRole, Handler: a.exportDCAT},
		{Method: http.MethodGet, Path: p + "/export/template", Access: apikit.AnyRole, Handler: a.exportTemplate},
	}
}

// listed is r for the items of a listing, which the Service pages as
// values.
func listed[T any](r apikit.Resource[*T]) apikit.Resource[T] {
	return apikit.Resource[T]{Out: func(v T) any { return r.Out(&v) }}
}

// pathRef decodes a reference taken from a path segment: an entry's code
// arrives with its "/" written %2F. A segment that does not decode to an
// ID or a code is EINVALID naming "id", the path's parameter.
func pathRef(raw string) (string, error) {
	ref, err := url.PathUnescape(raw)
	if err == nil {
		_, err = govops.ParseRef("id", ref)
	}
	if err != nil {
		return "", govops.FieldError("id", "must be the entry's ID, or its code with / written %2F (301001%2F000012)")
	}
	return ref, nil
}

// unescaped wraps a read of the record a path names so that it gets the
// decoded reference.
func unescaped[T any](read func(ctx context.Context, by govops.Actor, ref string) (T, error)) func(ctx context.Context, by govops.Actor, ref string) (T, error) {
	return func(ctx context.Context, by govops.Actor, raw string) (T, error) {
		ref, err := pathRef(raw)
		if err != nil {
			var zero T
			return zero, err
		}
		return read(ctx, by, ref)
	}
}

func catalogList(q *apikit.Query) datashare.CatalogQuery {
	var in datashare.CatalogQuery
	in.Department = q.One("department")
	in.Class = datashare.Class(q.One("class"))
	in.Format = datashare.Format(q.One("format"))
	in.ShareType = datashare.ShareType(q.One("share_type"))
	in.Open = datashare.OpenType(q.One("open"))
	in.Status = datashare.CatalogStatus(q.One("status"))
	in.Text = q.One("q")
	in.After = q.One("cursor")
	in.Limit = q.PageLimit()
	return in
}

// listCatalogs is the Service's listing, its text filter named as the
// query names it.
func (a *API) listCatalogs(ctx context.Context, by govops.Actor, in datashare.CatalogQuery) (govops.Page[datashare.Catalog], error) {
	page, err := a.svc.Catalogs(ctx, by, in)
	return page, apikit.RenameField(err, "text", "q")
}

func batchList(q *apikit.Query) datashare.BatchQuery {
	var in datashare.BatchQuery
	in.Catalog = q.One("catalog")
	in.Department = q.One("department")
	in.Status = datashare.BatchStatus(q.One("status"))
	in.After = q.One("cursor")
	in.Limit = q.PageLimit()
	return in
}

func requestList(q *apikit.Query) datashare.RequestQuery {
	var in datashare.RequestQuery
	in.Catalog = q.One("catalog")
	in.Status = datashare.RequestStatus(q.One("status"))
	in.Party = q.One("party")
	in.Consumer = q.One("consumer")
	in.Provider = q.One("provider")
	in.Overdue = q.Bool("overdue")
	in.After = q.One("cursor")
	in.Limit = q.PageLimit()
	return in
}
