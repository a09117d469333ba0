package refserver

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
)

// ProblemContentType is the media type of every error response (RFC 9457).
const ProblemContentType = "application/problem+json"

// ProblemTypePrefix starts the "type" URI of every problem; the govops
// error code completes it ("urn:govops:problem:not_found"). A request that
// matches no route gets the type ProblemTypePrefix+"no_route", so that a
// client (and the route tests) can tell "no such endpoint" from "no such
// case".
const ProblemTypePrefix = "urn:govops:problem:"

// Problem is the body of an error response: the members of RFC 9457 plus
// the govops error code, the invalid input fields (each field or parameter
// name mapped to what is wrong with it) and the request ID to quote when
// reporting a fault. An import that wrote nothing because rows were bad
// (422) carries its full per-row report too.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	Code      string            `json:"code"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
	Report    *ImportResult     `json:"report,omitempty"`
}

// statusOf is the one table from govops error code to HTTP status and
// problem title. Any code it does not know is an internal error.
func statusOf(code string) (int, string) {
	switch code {
	case govops.EINVALID:
		return http.StatusBadRequest, "Invalid request"
	case govops.EUNAUTHORIZED:
		return http.StatusUnauthorized, "Unauthorized"
	case govops.EFORBIDDEN:
		return http.StatusForbidden, "Forbidden"
	case govops.ENOTFOUND:
		return http.StatusNotFound, "Not found"
	case govops.ECONFLICT:
		return http.StatusConflict, "Conflict"
	}
	return http.StatusInternalServerError, "Internal error"
}

// ImportResult is the report of an import: the "report" member of the
// 422 problem an all-or-nothing import with bad rows answers.
type ImportResult = apikit.ImportResult

// writeError writes err as a problem. Internal errors are logged with the
// request ID and their detail is replaced by "internal error"; refused
// requests (401, 403) are logged with their reason, never with a token.
func (s *Server) writeError(w http.ResponseWriter, req bunrouter.Request, err error) {
	info := infoFrom(req.Context())
	code := govops.ErrorCode(err)
	status, title := statusOf(code)
	p := Problem{
		Type: ProblemTypePrefix + code, Title: title, Status: status,
		Detail: govops.ErrorMessage(err), Instance: req.URL.Path, Code: code,
		Fields: govops.ErrorFields(err), RequestID: info.id,
	}
	var se *apikit.StatusError
	if errors.As(err, &se) {
		p.Status, p.Title, p.Report = se.Status, se.Title, se.Report
		if se.Type != "" {
			p.Type = ProblemTypePrefix + se.Type
		}
	}
	switch p.Status {
	case http.StatusInternalServerError:
		p.Code, p.Type, p.Detail, p.Fields = govops.EINTERNAL, ProblemTypePrefix+govops.EINTERNAL, "internal error", nil
		s.log.LogAttrs(req.Context(), slog.LevelError, "internal error",
			slog.String("request_id", info.id), slog.String("method", req.Method),
			slog.String("path", req.URL.Path), slog.String("error", err.Error()))
	case http.StatusUnauthorized, http.StatusForbidden:
		reason := p.Detail
		var ae *authError
		if errors.As(err, &ae) {
			reason = ae.reason
		}
		info.reason = reason
		s.log.LogAttrs(req.Context(), slog.LevelWarn, "request rejected",
			slog.String("request_id", info.id), slog.String("method", req.Method),
			slog.String("path", req.URL.Path), slog.String("remote", req.RemoteAddr),
			slog.Int("status", p.Status), slog.String("reason", reason))
	}
	if p.Status == http.StatusUnauthorized {
		challenge := `Bearer realm="govops"`
		if req.Header.Get("Authorization") != "" {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	h := w.Header()
	h.Del("ETag")
	h.Set("Content-Type", ProblemContentType)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// noRoute answers a request that matches no route.
func (s *Server) noRoute(w http.ResponseWriter, req bunrouter.Request) error {
	if s.console != nil && !strings.HasPrefix(req.URL.Path, "/api/") {
		// A browser's mistyped address gets the console's page.
		return s.console.NotFound(w, req)
	}
	return &apikit.StatusError{
		Err:    govops.Errorf(govops.ENOTFOUND, "no endpoint %s %s; see /api/v1/openapi.json", req.Method, req.URL.Path),
		Status: http.StatusNotFound, Title: "Not found", Type: "no_route",
	}
}

// methodNotAllowed answers a request whose path is routed but not for its
// method, naming the methods that are.
func (s *Server) methodNotAllowed(w http.ResponseWriter, req bunrouter.Request) error {
	allow := s.allowedMethods(req.URL.Path)
	if allow != "" {
		w.Header().Set("Allow", allow)
	}
	return &apikit.StatusError{
		Err:    govops.Errorf(govops.EINVALID, "%s does not take %s (allowed: %s)", req.URL.Path, req.Method, allow),
		Status: http.StatusMethodNotAllowed, Title: "Method not allowed", Type: "method_not_allowed",
	}
}
