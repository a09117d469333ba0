package datashareapi

import (
	"context"
	"io"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
)

// exportRun is an export of the Service, written to w as it is read.
type exportRun func(ctx context.Context, by govops.Actor, w io.Writer) error

// exportDCAT serves the open catalog as DCAT in JSON-LD.
func (a *API) exportDCAT(w http.ResponseWriter, req bunrouter.Request) error {
	return export(w, req, "application/ld+json", "", a.svc.ExportDCAT)
}

// exportTemplate serves the published catalog as CSV in the national
// template's columns, as a file to save.
func (a *API) exportTemplate(w http.ResponseWriter, req bunrouter.Request) error {
	return export(w, req, "text/csv; charset=utf-8", `attachment; filename="catalog.csv"`, a.svc.ExportTemplate)
}

// export streams run's document as the answer. Its status and headers go
// out with the first bytes, so that an export the Service refuses before
// writing (a bad caller) is still an error answer. One that fails once
// bytes are out can no longer change its status: the connection is cut,
// so that the client sees a broken answer rather than a short one that
// looks whole.
func export(w http.ResponseWriter, req bunrouter.Request, contentType, disposition string, run exportRun) error {
	if err := apikit.NewQuery(req.URL).Err(); err != nil {
		return err
	}
	sw := &streamWriter{w: w, contentType: contentType, disposition: disposition}
	ctx := req.Context()
	if err := run(ctx, apikit.Actor(ctx), sw); err != nil {
		if sw.started {
			panic(http.ErrAbortHandler)
		}
		return err
	}
	sw.start()
	return nil
}

// streamWriter writes the header of an answer before its first byte.
type streamWriter struct {
	w                        http.ResponseWriter
	contentType, disposition string
	started                  bool
}

func (s *streamWriter) start() {
	if s.started {
		return
	}
	s.started = true
	h := s.w.Header()
	h.Set("Content-Type", s.contentType)
	if s.disposition != "" {
		h.Set("Content-Disposition", s.disposition)
	}
	s.w.WriteHeader(http.StatusOK)
}

func (s *streamWriter) Write(p []byte) (int, error) {
	s.start()
	return s.w.Write(p)
}
