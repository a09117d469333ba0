package licenseapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/csvimport"
	"github.com/govops-kit/govops/idcode"
	"github.com/govops-kit/govops/license"
	"github.com/govops-kit/govops/refserver/apikit"
)

// importOptions reads the query of an import: mode, id_mode and, for
// records, department and source.
func importOptions(q *apikit.Query, records bool) (license.ImportOptions, string) {
	mode, name := q.ImportMode()
	opts := license.ImportOptions{Mode: mode}
	switch q.One("id_mode") {
	case "", "strict":
	case "warn":
		opts.IDMode = idcode.Warn
	default:
		q.Add("id_mode", `must be "strict" (the default) or "warn"`)
	}
	if records {
		opts.Department = q.One("department")
		opts.Source = q.One("source")
	}
	return opts, name
}

// importTypes serves the catalog import: CSV, at most the usual body.
func (a *API) importTypes(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	opts, name := importOptions(q, false)
	if err := q.Err(); err != nil {
		return err
	}
	data, err := apikit.ReadCSV(w, req.Request)
	if err != nil {
		return err
	}
	ctx := req.Context()
	rep, err := a.svc.ImportTypes(ctx, apikit.Actor(ctx), bytes.NewReader(data), opts)
	return apikit.ImportAnswer(w, name, reportOf(rep, err), err, nil)
}

// importRecords serves a records import, streaming the body (text/csv or
// application/x-ndjson) into the Service, up to MaxImportBytes.
func (a *API) importRecords(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	opts, name := importOptions(q, true)
	if err := q.Err(); err != nil {
		return err
	}
	switch mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt {
	case "text/csv":
		opts.Format = license.FormatCSV
	case "application/x-ndjson", "application/jsonl":
		opts.Format = license.FormatJSONLines
	default:
		return &apikit.StatusError{
			Err:    govops.FieldError("Content-Type", "must be text/csv or application/x-ndjson (JSON lines): send the records file as the body"),
			Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type",
		}
	}
	ctx := req.Context()
	body := &tooLarge{r: http.MaxBytesReader(w, req.Body, MaxImportBytes)}
	rep, batch, err := a.svc.ImportRecords(ctx, apikit.Actor(ctx), body, opts)
	if body.hit {
		return apikit.BodyTooLarge()
	}
	if err == nil && batch != uuid.Nil {
		apikit.SetSubject(ctx, batch.String())
	}
	return apikit.ImportAnswer(w, name, reportOf(rep, err), err, func(out *apikit.ImportResult) any {
		return recordImportJSON{ImportResult: out, Batch: batchRef(batch)}
	})
}

// reportOf returns the report of an import that read its rows, nil for
// one that failed before (a bad header, a bad option), whose error is then
// answered as it is rather than as rows with problems.
func reportOf(rep csvimport.Report, err error) *csvimport.Report {
	if err != nil && rep.Rows == 0 && rep.Errors == nil {
		return nil
	}
	return &rep
}

func batchRef(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

// tooLarge notes whether a body went past its bound.
type tooLarge struct {
	r   io.Reader
	hit bool
}

func (t *tooLarge) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		t.hit = true
	}
	return n, err
}

// listTemplates serves every revision of a type's templates.
func (a *API) listTemplates(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ctx := req.Context()
	ts, err := a.svc.Templates(ctx, apikit.Actor(ctx), req.Param("code"))
	if err != nil {
		return err
	}
	out := apikit.List{Items: make([]any, len(ts))}
	for i := range ts {
		out.Items[i] = a.templateOut(&ts[i])
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}

// uploadTemplate serves a template upload: the file itself is the body
// (application/pdf, application/ofd or application/octet-stream; the
// Service tells the format from the content), its name in file_name.
func (a *API) uploadTemplate(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	name := q.One("file_name")
	if err := q.Err(); err != nil {
		return err
	}
	switch mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt {
	case "application/pdf", "application/ofd", "application/octet-stream", "application/zip":
	default:
		return &apikit.StatusError{
			Err:    govops.FieldError("Content-Type", "must be application/pdf, application/ofd or application/octet-stream: send the template file as the body"),
			Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type",
		}
	}
	ctx := req.Context()
	t, err := a.svc.UploadTemplate(ctx, apikit.Actor(ctx), license.TemplateInput{Type: req.Param("code"), FileName: name,
		Content: http.MaxBytesReader(w, req.Body, a.svc.MaxTemplateSize()+1)})
	if err != nil {
		return err
	}
	apikit.SetSubject(ctx, t.ID.String())
	w.Header().Set("Location", a.templates.Location+t.ID.String())
	return a.templates.Write(w, http.StatusCreated, t)
}

// templateContent serves a template's file, with its media type, size
// and SHA-256 (as a Digest header, RFC 3230).
func (a *API) templateContent(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ctx := req.Context()
	t, b, err := a.svc.TemplateContent(ctx, apikit.Actor(ctx), req.Param("id"))
	if err != nil {
		return err
	}
	ct := "application/pdf"
	if t.Format == license.FormatOFD {
		ct = "application/ofd"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Set("ETag", `"sha256-`+t.SHA256+`"`)
	if t.FileName != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": t.FileName}))
	}
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(b)
	return err
}

func (a *API) getClaim(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ctx := req.Context()
	c, err := a.svc.GetClaim(ctx, apikit.Actor(ctx), req.Param("code"), req.Param("department"))
	if err != nil {
		return err
	}
	return a.claims.Write(w, http.StatusOK, c)
}

func (a *API) claimEvents(w http.ResponseWriter, req bunrouter.Request) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	ctx := req.Context()
	evs, err := a.svc.ClaimEvents(ctx, apikit.Actor(ctx), req.Param("code"), req.Param("department"))
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, apikit.TrailList(a.clock, evs))
}

// claimAction serves a change of the claim that the path's type code and
// department name, as apikit.Action serves one of a record named by one
// parameter: the If-Match version, a JSON body of type B, 200 with the
// claim.
func claimAction[B any](a *API, act func(ctx context.Context, by govops.Actor, typ, dept string, version int64, body *B) (*license.Claim, error)) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		version, err := apikit.IfMatch(req.Request)
		if err != nil {
			return err
		}
		if err := apikit.NewQuery(req.URL).Err(); err != nil {
			return err
		}
		body := new(B)
		if err := apikit.DecodeBody(w, req.Request, body, false); err != nil {
			return err
		}
		ctx := req.Context()
		c, err := act(ctx, apikit.Actor(ctx), req.Param("code"), req.Param("department"), version, body)
		if err != nil {
			return err
		}
		apikit.SetSubject(ctx, c.Type+"/"+c.Department)
		return a.claims.Write(w, http.StatusOK, c)
	}
}

func (a *API) updateClaim(ctx context.Context, by govops.Actor, typ, dept string, version int64, in *claimUpdateJSON) (*license.Claim, error) {
	return a.svc.UpdateClaim(ctx, by, typ, dept, license.ClaimUpdate{Kind: (*license.ClaimKind)(in.Kind), Expected: in.Expected,
		ClearExpected: in.ClearExpected, Explanation: in.Explanation, IfVersion: version})
}

func (a *API) withdrawClaim(ctx context.Context, by govops.Actor, typ, dept string, version int64, in *reasonJSON) (*license.Claim, error) {
	return a.svc.WithdrawClaim(ctx, by, typ, dept, in.Reason, version)
}
