package refserver

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/refserver/apikit"
)

// pathSubject is the record a route's path names: its case number, ID or
// department code.
func pathSubject(req bunrouter.Request) string {
	for _, name := range []string{"number", "id", "code"} {
		if v := req.Param(name); v != "" {
			return v
		}
	}
	return ""
}

// auditMiddleware records an audit event for every state-changing request
// (POST, PUT, PATCH, DELETE) whose bearer token was valid, whatever the
// answer: a change made (2xx) and one refused (403, 400, 409…) alike. It
// sits outside errorMiddleware so that it sees the status of every answer,
// errors included. A request that never authenticated (401, no route) has
// no actor to record; the access log and the "request rejected" line keep
// it.
//
// The event is written synchronously after the handler, before ServeHTTP
// returns, so a client that has read its whole response can read the event.
//
// A failed audit write is logged at error level with the request ID and
// every field of the event, and does not change the answer. The other
// choice, buffering the response and turning an audit failure into 500,
// was refused: the change itself is already committed by the domain store
// (no transaction spans the domain's store and the audit log), so a 500
// would tell the client that a change which happened did not, and a client
// that retries would register a second case or a second deduction, still
// unaudited. The error line carries what the missing row would have held,
// so an operator can restore it.
func (s *Server) auditMiddleware(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if !changesState(req.Method) {
			return next(w, req)
		}
		rec := &statusRecorder{ResponseWriter: w}
		err := next(rec, req)
		info := infoFrom(req.Context())
		if info.token.ID == uuid.Nil {
			return err
		}
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		s.recordRequest(req, info, status)
		return err
	}
}

func (s *Server) recordRequest(req bunrouter.Request, info *reqInfo, status int) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(req.Context()), AuditTimeout)
	defer cancel()
	t := info.token
	var subject string
	if info.subject != nil {
		subject = info.subject()
	}
	if subject == "" {
		subject = pathSubject(req)
	}
	e := AuditEvent{
		RequestID: info.id, TokenID: t.ID, Actor: t.Name, Role: t.Role, Department: t.Department,
		Method: req.Method, Route: req.Route(), Path: req.URL.Path, Status: status, Subject: subject,
	}
	if _, err := s.registry.RecordAudit(ctx, e); err != nil {
		s.log.LogAttrs(ctx, slog.LevelError, "audit event not recorded",
			slog.String("request_id", info.id), slog.String("token_id", t.ID.String()),
			slog.String("actor", t.Name), slog.String("role", string(t.Role)),
			slog.String("department", t.Department), slog.String("method", req.Method),
			slog.String("route", req.Route()), slog.String("path", req.URL.Path),
			slog.Int("status", status), slog.String("subject", subject),
			slog.String("error", err.Error()))
	}
}

type auditEventJSON struct {
	ID         string `json:"id"`
	At         string `json:"at"`
	RequestID  string `json:"request_id,omitempty"`
	TokenID    string `json:"token_id,omitempty"`
	Actor      string `json:"actor"`
	Role       string `json:"role,omitempty"`
	RoleLabel  string `json:"role_label,omitempty"`
	Department string `json:"department,omitempty"`
	Method     string `json:"method,omitempty"`
	Route      string `json:"route"`
	Path       string `json:"path,omitempty"`
	Status     int    `json:"status"`
	Subject    string `json:"subject,omitempty"`
}

type auditListJSON struct {
	Items      []auditEventJSON `json:"items"`
	NextCursor string           `json:"next_cursor,omitempty"`
}

func (s *Server) auditOut(e AuditEvent) auditEventJSON {
	out := auditEventJSON{
		ID: e.ID.String(), At: s.clock.Format(e.At), RequestID: e.RequestID, Actor: e.Actor,
		Department: e.Department, Method: e.Method, Route: e.Route, Path: e.Path,
		Status: e.Status, Subject: e.Subject,
	}
	if e.TokenID != uuid.Nil {
		out.TokenID = e.TokenID.String()
	}
	if e.Role != "" {
		out.Role, out.RoleLabel = string(e.Role), e.Role.Label()
	}
	return out
}

// listAudit serves GET /api/v1/audit: the audit log, newest first, with
// filters by actor, token, subject, method and time (a date is a whole day
// in the server's zone, Asia/Shanghai).
func (s *Server) listAudit(w http.ResponseWriter, req bunrouter.Request) error {
	loc := s.cases.Calendar().Location()
	q := apikit.NewQuery(req.URL)
	in := AuditQuery{
		Actor: q.One("actor"), Subject: q.One("subject"), Method: q.One("method"),
		From: q.Time("from", loc, false), To: q.Time("to", loc, true),
		Cursor: q.One("cursor"), Limit: q.Int("limit", 1, MaxAuditPage),
	}
	if v := q.One("token_id"); v != "" {
		id, err := uuid.Parse(v)
		if err != nil || len(v) != 36 {
			q.Add("token_id", "must be a token ID such as 01890a5d-ac96-774b-bcce-b302099a8057")
		}
		in.TokenID = id
	}
	if err := q.Err(); err != nil {
		return err
	}
	page, err := s.registry.Audit(req.Context(), in)
	if err != nil {
		return err
	}
	out := auditListJSON{Items: make([]auditEventJSON, len(page.Events)), NextCursor: page.Next}
	for i, e := range page.Events {
		out.Items[i] = s.auditOut(e)
	}
	return apikit.WriteJSON(w, http.StatusOK, out)
}
