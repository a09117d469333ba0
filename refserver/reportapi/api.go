// Package reportapi is the HTTP mapping of the annual report (package
// annual, 年度工作情况总结) in the reference server: one endpoint that
// computes the report of a year from what every domain stores, as JSON,
// Markdown or a print-ready HTML page. refserver assembles it when it runs
// every domain.
package reportapi

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/annual"
	"github.com/govops-kit/govops/refserver/apikit"
)

//go:embed openapi.json
var fragment []byte

// Path is the report's endpoint.
const Path = "/api/v1/reports/annual"

// Formats of the report's answer.
const (
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// Content types of the formats.
const (
	TypeMarkdown = "text/markdown; charset=utf-8"
	TypeHTML     = "text/html; charset=utf-8"
)

// API serves the annual report over HTTP.
type API struct {
	svc annual.Services
}

// New returns the API of the report over svc, every one of which must be
// set (see refserver: the server assembles it only then).
func New(svc annual.Services) *API { return &API{svc: svc} }

// OpenAPI returns the fragment of the OpenAPI document that describes
// Routes.
func (a *API) OpenAPI() []byte { return fragment }

// Routes lists the report's endpoint. Every token reads it: admin and
// viewer get the district's report, a dept token its own department's,
// which the Services scope with the same actor.
func (a *API) Routes() []apikit.Route {
	return []apikit.Route{
		{Method: http.MethodGet, Path: Path, Access: apikit.AnyRole, Handler: a.annual},
	}
}

func (a *API) annual(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	yearText := q.One("year")
	format := q.One("format")
	if err := q.Err(); err != nil {
		return err
	}
	year, err := parseYear(yearText)
	if err != nil {
		return err
	}
	if format == "" {
		format = negotiate(req.Header.Get("Accept"))
	}
	switch format {
	case FormatJSON, FormatMarkdown, FormatHTML:
	default:
		return govops.Errorf(govops.EINVALID, "format %q is not a format of the report", format).
			WithField("format", "must be json, markdown or html")
	}
	r, err := annual.Build(req.Context(), a.svc, apikit.Actor(req.Context()), year)
	if err != nil {
		return err
	}
	w.Header().Add("Vary", "Accept")
	switch format {
	case FormatMarkdown:
		return write(w, TypeMarkdown, r.Markdown)
	case FormatHTML:
		return write(w, TypeHTML, r.HTML)
	}
	return apikit.WriteJSON(w, http.StatusOK, r)
}

// parseYear reads the year parameter, which is required.
func parseYear(s string) (int, error) {
	rule := fmt.Sprintf("must be a year from %d to %d, e.g. year=2022", annual.MinYear, annual.MaxYear)
	if s == "" {
		return 0, govops.Errorf(govops.EINVALID, "the report needs the year it covers").WithField("year", "is required: "+rule)
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < annual.MinYear || y > annual.MaxYear {
		return 0, govops.Errorf(govops.EINVALID, "year %q is not a year the report covers", s).WithField("year", rule)
	}
	return y, nil
}

// negotiate picks the format an Accept header prefers among JSON,
// Markdown and HTML: the first of them it names with a non-zero quality
// (the highest quality first); JSON when it names none.
func negotiate(accept string) string {
	best, bestQ := FormatJSON, -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		var f string
		switch mt {
		case "text/html", "application/xhtml+xml":
			f = FormatHTML
		case "text/markdown", "text/x-markdown":
			f = FormatMarkdown
		case "application/json":
			f = FormatJSON
		default:
			continue
		}
		if q > 0 && q > bestQ {
			best, bestQ = f, q
		}
	}
	return best
}

// write renders the report into memory first, so that a failure is an
// error answer rather than half a document.
func write(w http.ResponseWriter, contentType string, render func(io.Writer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b.Bytes())
	return err
}
