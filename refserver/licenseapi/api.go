// Package licenseapi is the HTTP mapping of the electronic-license catalog
// (license, 电子证照) in the reference server: its JSON shapes, handlers,
// routes and OpenAPI fragment. refserver assembles it.
package licenseapi

import (
	"context"
	_ "embed"
	"net/http"
	"time"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// MaxImportBytes bounds the body of a records import. The import streams
// (it never holds the file), so the bound is far above the 1 MiB of other
// bodies: a year of a district's records.
const MaxImportBytes = 1 << 30

// API serves a license.Service over HTTP.
type API struct {
	svc       *license.Service
	clock     apikit.Clock
	types     apikit.Resource[*license.Type]
	claims    apikit.Resource[*license.Claim]
	templates apikit.Resource[*license.Template]
	schemas   apikit.Resource[*license.Schema]
	records   apikit.Resource[*license.Record]
}

// New returns the API of svc. Times are shown in loc (nil means
// Asia/Shanghai).
func New(svc *license.Service, loc *time.Location) *API {
	a := &API{svc: svc, clock: apikit.Clock{Loc: loc}}
	a.types = apikit.Resource[*license.Type]{
		Out:      func(t *license.Type) any { return a.typeOut(t) },
		Version:  func(t *license.Type) int64 { return t.Version },
		Ref:      func(t *license.Type) string { return t.Code },
		Location: "/api/v1/licenses/types/",
	}
	a.claims = apikit.Resource[*license.Claim]{
		Out:     func(c *license.Claim) any { return a.claimOut(c) },
		Version: func(c *license.Claim) int64 { return c.Version },
		Ref:     func(c *license.Claim) string { return c.Type + "/" + c.Department },
	}
	a.templates = apikit.Resource[*license.Template]{
		Out:      func(t *license.Template) any { return a.templateOut(t) },
		Version:  func(t *license.Template) int64 { return t.Version },
		Ref:      func(t *license.Template) string { return t.ID.String() },
		Location: "/api/v1/licenses/templates/",
	}
	a.schemas = apikit.Resource[*license.Schema]{
		Out:     func(s *license.Schema) any { return a.schemaOut(s) },
		Version: func(s *license.Schema) int64 { return s.Version },
		Ref:     func(s *license.Schema) string { return s.Type },
	}
	a.records = apikit.Resource[*license.Record]{
		Out:      func(r *license.Record) any { return a.recordOut(r) },
		Version:  func(r *license.Record) int64 { return r.Version },
		Ref:      func(r *license.Record) string { return r.ID.String() },
		Location: "/api/v1/licenses/records/",
	}
	return a
}

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the license endpoints. The catalog's types are the
// center's (admin); departments claim, upload templates, set schemas and
// write records for themselves, which the Service enforces with the same
// actor; every token reads.
func (a *API) Routes() []apikit.Route {
	const (
		p  = "/api/v1/licenses"
		tc = p + "/types/:code"
		cl = tc + "/claims/:department"
		tp = p + "/templates/:id"
		rc = p + "/records/:id"
	)
	return []apikit.Route{
		{Method: http.MethodGet, Path: p + "/types", Access: apikit.AnyRole, Handler: apikit.Page(a.types, typeList, a.svc.ListTypes)},
		{Method: http.MethodPost, Path: p + "/types", Access: apikit.AdminRole, Handler: apikit.Create(a.types, a.createType)},
		{Method: http.MethodPost, Path: p + "/types/import", Access: apikit.AdminRole, Handler: a.importTypes},
		{Method: http.MethodGet, Path: tc, Access: apikit.AnyRole, Handler: apikit.Get(a.types, "code", a.svc.GetType)},
		{Method: http.MethodPatch, Path: tc, Access: apikit.AdminRole, Handler: apikit.Action(a.types, "code", false, a.updateType)},
		{Method: http.MethodGet, Path: tc + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "code", a.svc.TypeEvents)},

		{Method: http.MethodGet, Path: tc + "/templates", Access: apikit.AnyRole, Handler: a.listTemplates},
		{Method: http.MethodPost, Path: tc + "/templates", Access: apikit.AnyRole, Handler: a.uploadTemplate},
		{Method: http.MethodGet, Path: tp, Access: apikit.AnyRole, Handler: apikit.Get(a.templates, "id", a.svc.GetTemplate)},
		{Method: http.MethodGet, Path: tp + "/content", Access: apikit.AnyRole, Handler: a.templateContent},
		{Method: http.MethodGet, Path: tp + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "id", a.svc.TemplateEvents)},
		{Method: http.MethodPost, Path: tp + "/approve", Access: apikit.AdminRole, Handler: apikit.Action(a.templates, "id", true, a.approveTemplate)},

		{Method: http.MethodGet, Path: tc + "/schema", Access: apikit.AnyRole, Handler: apikit.Get(a.schemas, "code", a.svc.GetSchema)},
		{Method: http.MethodPut, Path: tc + "/schema", Access: apikit.AnyRole, Handler: apikit.Action(a.schemas, "code", false, a.setSchema)},

		{Method: http.MethodGet, Path: p + "/claims", Access: apikit.AnyRole, Handler: apikit.Page(a.claims, claimList, a.svc.ListClaims)},
		{Method: http.MethodPost, Path: p + "/claims", Access: apikit.AnyRole, Handler: apikit.Create(a.claims, a.fileClaim)},
		{Method: http.MethodGet, Path: cl, Access: apikit.AnyRole, Handler: a.getClaim},
		{Method: http.MethodPatch, Path: cl, Access: apikit.AnyRole, Handler: claimAction(a, a.updateClaim)},
		{Method: http.MethodPost, Path: cl + "/withdraw", Access: apikit.AnyRole, Handler: claimAction(a, a.withdrawClaim)},
		{Method: http.MethodGet, Path: cl + "/events", Access: apikit.AnyRole, Handler: a.claimEvents},

		{Method: http.MethodGet, Path: p + "/records", Access: apikit.AnyRole, Handler: apikit.Page(a.records, recordList, a.svc.ListRecords)},
		{Method: http.MethodPost, Path: p + "/records", Access: apikit.AnyRole, Handler: apikit.Create(a.records, a.createRecord)},
		{Method: http.MethodPost, Path: p + "/records/import", Access: apikit.AnyRole, Handler: a.importRecords},
		{Method: http.MethodGet, Path: rc, Access: apikit.AnyRole, Handler: apikit.Get(a.records, "id", a.svc.GetRecord)},
		{Method: http.MethodGet, Path: rc + "/events", Access: apikit.AnyRole, Handler: apikit.Events(a.clock, "id", a.svc.RecordEvents)},
		{Method: http.MethodPost, Path: rc + "/transition", Access: apikit.AnyRole, Handler: apikit.Action(a.records, "id", false, a.transition)},
		{Method: http.MethodPost, Path: rc + "/reissue", Access: apikit.AnyRole, Handler: apikit.Action(a.records, "id", false, a.reissue)},
		{Method: http.MethodGet, Path: p + "/batches/:id", Access: apikit.AnyRole, Handler: apikit.Get(batchResource(a), "id", a.svc.Batch)},

		{Method: http.MethodGet, Path: p + "/coverage", Access: apikit.AnyRole, Handler: apikit.Read(a.svc.Coverage, a.coverageOut)},
	}
}

func typeList(q *apikit.Query) license.TypeList {
	var in license.TypeList
	in.Level = license.Level(q.One("level"))
	in.Authority = q.One("authority")
	in.Text = q.One("q")
	in.Cursor = q.One("cursor")
	in.Limit = q.PageLimit()
	return in
}

func claimList(q *apikit.Query) license.ClaimList {
	var in license.ClaimList
	in.Type = q.One("type")
	in.Department = q.One("department")
	in.Kind = license.ClaimKind(q.One("kind"))
	in.Status = license.ClaimStatus(q.One("status"))
	in.Cursor = q.One("cursor")
	in.Limit = q.PageLimit()
	return in
}

func recordList(q *apikit.Query) license.RecordList {
	var in license.RecordList
	in.Type = q.One("type")
	in.Department = q.One("department")
	in.State = license.State(q.One("state"))
	in.HolderCode = q.One("holder_code")
	if b := q.One("batch"); b != "" {
		id, err := apikit.ParseID(b)
		if err != nil {
			q.Add("batch", "must be the ID of an import batch")
		}
		in.Batch = id
	}
	in.Cursor = q.One("cursor")
	in.Limit = q.PageLimit()
	return in
}

func (a *API) createType(ctx context.Context, by govops.Actor, in *typeCreateJSON) (*license.Type, error) {
	if len(in.Code) == license.TypeCodeLen {
		apikit.SetSubject(ctx, in.Code)
	}
	return a.svc.AddType(ctx, by, license.TypeInput{Code: in.Code, Name: in.Name, Authority: in.Authority,
		AuthorityCode: in.AuthorityCode, Level: license.Level(in.Level), HolderCategory: license.HolderCategory(in.HolderCategory),
		Validity: in.Validity.validity(), Services: in.Services, Source: in.Source, SingleValid: in.SingleValid})
}

func (a *API) updateType(ctx context.Context, by govops.Actor, code string, version int64, in *typeUpdateJSON) (*license.Type, error) {
	up := license.TypeUpdate{Name: in.Name, Authority: in.Authority, Services: in.Services, Source: in.Source,
		SingleValid: in.SingleValid, IfVersion: version}
	if in.Level != nil {
		l := license.Level(*in.Level)
		up.Level = &l
	}
	if in.HolderCategory != nil {
		c := license.HolderCategory(*in.HolderCategory)
		up.HolderCategory = &c
	}
	if in.Validity != nil {
		v := in.Validity.validity()
		up.Validity = &v
	}
	return a.svc.UpdateType(ctx, by, code, up)
}

func (a *API) approveTemplate(ctx context.Context, by govops.Actor, id string, version int64, _ *struct{}) (*license.Template, error) {
	return a.svc.ApproveTemplate(ctx, by, id, version)
}

func (a *API) setSchema(ctx context.Context, by govops.Actor, code string, version int64, in *schemaPutJSON) (*license.Schema, error) {
	fields := make([]license.Field, len(in.Fields))
	for i, f := range in.Fields {
		fields[i] = license.Field{Name: f.Name, Label: f.Label, Type: license.DataType(f.Type), Required: f.Required, Pattern: f.Pattern, Codes: f.Codes}
	}
	return a.svc.SetSchema(ctx, by, license.SchemaInput{Type: code, Fields: fields, IfVersion: version})
}

func (a *API) fileClaim(ctx context.Context, by govops.Actor, in *claimCreateJSON) (*license.Claim, error) {
	return a.svc.FileClaim(ctx, by, license.ClaimInput{Type: in.Type, Department: in.Department,
		Kind: license.ClaimKind(in.Kind), Expected: in.Expected, Explanation: in.Explanation})
}

func (a *API) createRecord(ctx context.Context, by govops.Actor, in *recordCreateJSON) (*license.Record, error) {
	ri, err := in.input()
	if err != nil {
		return nil, err
	}
	return a.svc.CreateRecord(ctx, by, ri)
}

func (a *API) transition(ctx context.Context, by govops.Actor, ref string, version int64, in *transitionJSON) (*license.Record, error) {
	return a.svc.Transition(ctx, by, ref, license.Action(in.Action), in.Reason, version)
}

func (a *API) reissue(ctx context.Context, by govops.Actor, ref string, version int64, in *reissueJSON) (*license.Record, error) {
	ri, err := in.input(version)
	if err != nil {
		return nil, err
	}
	return a.svc.Reissue(ctx, by, ref, ri)
}
