package refserver

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/dbopen/groupcommit"
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
// On a database that commits writes in groups (a Store that is a
// groupCommitter: SQLite under dbopen.OpenGrouped) see auditHeld: the
// change and its event are committed together. Elsewhere the domain store
// has committed the change before the event is written, and a failed audit
// write is logged at error level with the request ID and every field of
// the event, and does not change the answer. The other choice, buffering
// the response and turning an audit failure into 500, was refused: the
// change is already committed (no transaction spans the domain's store and
// the audit log), so a 500 would tell the client that a change which
// happened did not, and a client that retries would register a second
// case or a second deduction, still unaudited. The error line carries what
// the missing row would have held, so an operator can restore it.
func (s *Server) auditMiddleware(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if !changesState(req.Method) {
			return next(w, req)
		}
		if s.registry.grouped {
			return s.auditHeld(next, w, req)
		}
		rec := &statusRecorder{ResponseWriter: w}
		err := next(rec, req)
		info := infoFrom(req.Context())
		if info.token.ID == uuid.Nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(req.Context()), AuditTimeout)
		defer cancel()
		e := s.auditEvent(req, info, rec.status)
		if _, aerr := s.registry.RecordAudit(ctx, e); aerr != nil {
			s.auditFailed(ctx, e, aerr)
		}
		return err
	}
}

// auditHeld runs a state-changing request on a database that commits
// writes in groups. The handler's writes and then the audit event are
// made without waiting for their COMMITs (groupcommit.Unit), so that both
// usually join one group and become durable in one COMMIT, where waiting
// for each would cost the request two. The answer is held until both are
// committed:
//   - the change committed: the held answer goes out, as the handler wrote
//     it; if the event failed, that is logged as elsewhere;
//   - the change's COMMIT failed (SQLite rolled its group back: an I/O
//     error, a full disk): nothing of it is stored, and the client gets
//     500 instead of the held answer, which would have claimed it. If the
//     event was stored (it can only have been, in a later group) a second
//     event records the 500.
func (s *Server) auditHeld(next bunrouter.HandlerFunc, w http.ResponseWriter, req bunrouter.Request) error {
	ctx, change := groupcommit.WithUnit(req.Context())
	held := &heldResponse{ResponseWriter: w, header: w.Header().Clone()}
	err := next(held, req.WithContext(ctx))
	info := infoFrom(ctx)
	var (
		e    AuditEvent
		aerr error
	)
	actx, cancel := context.WithTimeout(context.WithoutCancel(req.Context()), AuditTimeout)
	defer cancel()
	audited := info.token.ID != uuid.Nil
	if audited {
		e = s.auditEvent(req, info, held.status)
		uctx, events := groupcommit.WithUnit(actx)
		if _, aerr = s.registry.RecordAudit(uctx, e); aerr == nil {
			aerr = events.Wait()
		}
	}
	if cerr := change.Wait(); cerr != nil {
		if audited && aerr == nil && e.Status < http.StatusBadRequest {
			e.ID, e.At, e.Status = uuid.Nil, time.Time{}, http.StatusInternalServerError
			if _, err := s.registry.RecordAudit(actx, e); err != nil {
				s.auditFailed(actx, e, err)
			}
		}
		s.writeError(w, req, govops.Errorf(govops.EINTERNAL, "the change was not committed: %v", cerr))
		return err
	}
	if audited && aerr != nil {
		s.auditFailed(actx, e, aerr)
	}
	held.release()
	return err
}

// heldResponse keeps a handler's answer until auditHeld lets it go.
type heldResponse struct {
	http.ResponseWriter
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldResponse) Header() http.Header { return h.header }

func (h *heldResponse) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *heldResponse) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

// Flush does nothing: the answer goes out whole, once committed.
func (h *heldResponse) Flush() {}

// Unwrap returns the writer beneath, so that http.ResponseController
// reaches the connection's deadlines (a mount pushes its read deadline
// back as its body arrives).
func (h *heldResponse) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// release sends the held answer.
func (h *heldResponse) release() {
	dst := h.ResponseWriter.Header()
	clear(dst)
	maps.Copy(dst, h.header)
	if h.status == 0 {
		h.status = http.StatusOK
	}
	h.ResponseWriter.WriteHeader(h.status)
	_, _ = h.ResponseWriter.Write(h.body.Bytes())
}

// auditEvent is the audit event of req, answered with status.
func (s *Server) auditEvent(req bunrouter.Request, info *reqInfo, status int) AuditEvent {
	if status == 0 {
		status = http.StatusOK
	}
	t := info.token
	var subject string
	if info.subject != nil {
		subject = info.subject()
	}
	if subject == "" {
		subject = pathSubject(req)
	}
	return AuditEvent{
		RequestID: info.id, TokenID: t.ID, Actor: t.Name, Role: t.Role, Department: t.Department,
		Method: req.Method, Route: req.Route(), Path: req.URL.Path, Status: status, Subject: subject,
	}
}

// auditFailed logs an audit event that could not be stored, with every
// field it would have held.
func (s *Server) auditFailed(ctx context.Context, e AuditEvent, err error) {
	s.log.LogAttrs(ctx, slog.LevelError, "audit event not recorded",
		slog.String("request_id", e.RequestID), slog.String("token_id", e.TokenID.String()),
		slog.String("actor", e.Actor), slog.String("role", string(e.Role)),
		slog.String("department", e.Department), slog.String("method", e.Method),
		slog.String("route", e.Route), slog.String("path", e.Path),
		slog.Int("status", e.Status), slog.String("subject", e.Subject),
		slog.String("error", err.Error()))
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
