package datashareapi

import (
	"context"
	"encoding/csv"
	"net/http"
	"regexp"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/datashare"
	"github.com/govops-kit/govops/refserver/apikit"
)

// itemIDField matches the field the Service names for an item's
// identifier kind ("items[2].id", "catalogs[0].items[2].id"), which the
// JSON calls id_kind.
var itemIDField = regexp.MustCompile(`items\[[0-9]+\]\.id$`)

// jsonFields renames the fields of an error from the Service's names to
// the names of the JSON the client sent.
func jsonFields(err error) error {
	for f := range govops.ErrorFields(err) {
		if itemIDField.MatchString(f) {
			err = apikit.RenameField(err, f, f+"_kind")
		}
	}
	return err
}

func (a *API) createCatalog(ctx context.Context, by govops.Actor, in *catalogCreateJSON) (*datashare.Catalog, error) {
	c, err := a.svc.CreateCatalog(ctx, by, in.input())
	return c, jsonFields(err)
}

// createCatalogs serves the creation of several entries at once, all of
// them or none: 201 with the entries created, in the order given.
func (a *API) createCatalogs(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	var in catalogBulkJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	ins := make([]datashare.CatalogInput, len(in.Catalogs))
	for i := range in.Catalogs {
		ins[i] = in.Catalogs[i].input()
	}
	ctx := req.Context()
	cs, err := a.svc.CreateCatalogs(ctx, apikit.Actor(ctx), ins)
	if err != nil {
		return jsonFields(err)
	}
	out := apikit.List{Items: make([]any, len(cs))}
	for i := range cs {
		out.Items[i] = a.catalogOut(&cs[i])
	}
	return apikit.WriteJSON(w, http.StatusCreated, out)
}

// maxPatchTries bounds the reads and writes of a PATCH without If-Match
// that other writers keep overtaking.
const maxPatchTries = 5

// updateCatalog changes the fields the body gives. The Service replaces
// every editable field at once, so the entry is read, the given fields
// are laid over it and the whole is written back at the version read:
// another writer's change in between is never undone. With If-Match a
// change since that version is 409; without it the PATCH is laid over the
// newer entry and written again.
func (a *API) updateCatalog(ctx context.Context, by govops.Actor, raw string, version int64, in *catalogUpdateJSON) (*datashare.Catalog, error) {
	ref, err := pathRef(raw)
	if err != nil {
		return nil, err
	}
	for try := 1; ; try++ {
		cur, err := a.svc.Catalog(ctx, by, ref)
		if err != nil {
			return nil, err
		}
		ci := in.apply(cur)
		ci.IfVersion = version
		if version == 0 {
			ci.IfVersion = cur.Version
		}
		c, err := a.svc.UpdateCatalog(ctx, by, cur.ID.String(), ci)
		if version == 0 && govops.ErrorCode(err) == govops.ECONFLICT && try < maxPatchTries {
			continue
		}
		return c, jsonFields(err)
	}
}

func (a *API) publishCatalog(ctx context.Context, by govops.Actor, raw string, version int64, _ *struct{}) (*datashare.Catalog, error) {
	ref, err := pathRef(raw)
	if err != nil {
		return nil, err
	}
	return a.svc.PublishCatalog(ctx, by, ref, version)
}

func (a *API) withdrawCatalog(ctx context.Context, by govops.Actor, raw string, version int64, in *reasonJSON) (*datashare.Catalog, error) {
	ref, err := pathRef(raw)
	if err != nil {
		return nil, err
	}
	return a.svc.WithdrawCatalog(ctx, by, ref, version, in.Reason)
}

// columns serves the header a file mounted into the entry must have.
func (a *API) columns(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ref, err := pathRef(req.Param("id"))
	if err != nil {
		return err
	}
	ctx := req.Context()
	by := apikit.Actor(ctx)
	c, err := a.svc.Catalog(ctx, by, ref)
	if err != nil {
		return err
	}
	cols, err := a.svc.MountColumns(ctx, by, c.ID.String())
	if err != nil {
		return err
	}
	var b strings.Builder
	cw := csv.NewWriter(&b)
	if err := cw.Write(cols); err != nil {
		return govops.Errorf(govops.EINTERNAL, "write the header: %w", err)
	}
	cw.Flush()
	return apikit.WriteJSON(w, http.StatusOK, columnsJSON{Catalog: c.Code, Columns: nonNil(cols), Header: strings.TrimSuffix(b.String(), "\n")})
}

// records serves one page of the records mounted into the entry, masked
// as the Service masks them for the caller.
func (a *API) records(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := datashare.RecordQuery{After: q.One("cursor"), Limit: q.PageLimit()}
	if err := q.Err(); err != nil {
		return err
	}
	ref, err := pathRef(req.Param("id"))
	if err != nil {
		return err
	}
	ctx := req.Context()
	page, err := a.svc.Records(ctx, apikit.Actor(ctx), ref, in)
	if err != nil {
		return err
	}
	out := apikit.List{Items: make([]any, len(page.Items)), NextCursor: page.Next}
	for i, r := range page.Items {
		out.Items[i] = rowOut(r)
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

// batch is the Service's read of a batch, its reference named as the
// path names it.
func (a *API) batch(ctx context.Context, by govops.Actor, id string) (*datashare.Batch, error) {
	b, err := a.svc.Batch(ctx, by, id)
	return b, apikit.RenameField(err, "batch", "id")
}

func (a *API) batchTrail(ctx context.Context, by govops.Actor, id string) ([]datashare.Event, error) {
	evs, err := a.svc.BatchTrail(ctx, by, id)
	return evs, apikit.RenameField(err, "batch", "id")
}

// recoverMounts serves the center's recovery of mounts whose process
// died: the batches it failed.
func (a *API) recoverMounts(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	if err := apikit.DecodeBody(w, req.Request, &struct{}{}, true); err != nil {
		return err
	}
	ctx := req.Context()
	bs, err := a.svc.RecoverMounts(ctx, apikit.Actor(ctx))
	if err != nil {
		return err
	}
	out := recoveredJSON{Failed: len(bs), Items: make([]batchJSON, len(bs))}
	for i := range bs {
		out.Items[i] = a.batchOut(&bs[i])
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

func (a *API) fileRequest(ctx context.Context, by govops.Actor, in *requestCreateJSON) (*datashare.RequestView, error) {
	return a.svc.FileRequest(ctx, by, datashare.RequestInput{Catalog: in.Catalog, Consumer: in.Consumer, Purpose: in.Purpose, Items: in.Items})
}

func (a *API) approve(ctx context.Context, by govops.Actor, id string, version int64, in *approveJSON) (*datashare.RequestView, error) {
	var p govops.Problems
	ai := datashare.ApproveInput{IfVersion: version, Note: in.Note}
	if in.Expires != "" {
		loc := a.clock.Loc
		if loc == nil {
			loc = govops.ShanghaiLocation()
		}
		// A date is the grant's last day: it ends when the next begins.
		t, err := apikit.ParseTimeOrDate(in.Expires, loc, true)
		if err != nil {
			p.Add("expires", govops.ErrorMessage(err))
		}
		ai.Expires = t
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.svc.Approve(ctx, by, id, ai)
}

// decision is an answer to a request that takes a reason: deny, withdraw
// or revoke.
func decision(act func(ctx context.Context, by govops.Actor, id string, in datashare.DecisionInput) (*datashare.RequestView, error)) apikit.Act[reasonJSON, *datashare.RequestView] {
	return func(ctx context.Context, by govops.Actor, id string, version int64, in *reasonJSON) (*datashare.RequestView, error) {
		return act(ctx, by, id, datashare.DecisionInput{IfVersion: version, Reason: in.Reason})
	}
}

// metrics serves the catalog's metrics, of one department or the district.
func (a *API) metrics(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := datashare.MetricsQuery{Department: q.One("department")}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	m, err := a.svc.Metrics(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, metricsOut(m))
}

// quality serves the quality report, of one department or the district.
func (a *API) quality(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	in := datashare.QualityQuery{Department: q.One("department"), Worst: q.Int("worst", 0, govops.MaxPageSize)}
	if err := q.Err(); err != nil {
		return err
	}
	ctx := req.Context()
	r, err := a.svc.Quality(ctx, apikit.Actor(ctx), in)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, a.qualityOut(r))
}

// trail reads a trail whose statuses are those of one kind of record
// (S): the Service's events carry a status of any of its three kinds as a
// plain string, and "withdrawn" is both an entry's (已下架) and a
// request's (已撤回), so the label is the record kind's.
func trail[S apikit.Labeled](read func(ctx context.Context, by govops.Actor, ref string) ([]datashare.Event, error)) func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[datashare.EventType, S], error) {
	return func(ctx context.Context, by govops.Actor, ref string) ([]govops.Event[datashare.EventType, S], error) {
		evs, err := read(ctx, by, ref)
		if err != nil {
			return nil, err
		}
		out := make([]govops.Event[datashare.EventType, S], len(evs))
		for i, e := range evs {
			out[i] = govops.Event[datashare.EventType, S]{ID: e.ID, Subject: e.Subject, Seq: e.Seq, Type: e.Type,
				Actor: e.Actor, ActorDept: e.ActorDept, At: e.At, From: S(e.From), To: S(e.To),
				Department: e.Department, Note: e.Note, Attachments: e.Attachments}
		}
		return out, nil
	}
}
