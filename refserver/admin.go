package refserver

import (
	"context"
	_ "embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/govcase"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the server's OpenAPI document, as served at
// /api/v1/openapi.json.
func OpenAPI() []byte { return append([]byte(nil), openapiDoc...) }

func (s *Server) openapi(w http.ResponseWriter, req bunrouter.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(openapiDoc)
	return err
}

func (s *Server) healthz(w http.ResponseWriter, req bunrouter.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers within two seconds, and 503
// otherwise, so that a load balancer stops sending requests to an instance
// that lost its database.
func (s *Server) readyz(w http.ResponseWriter, req bunrouter.Request) error {
	ctx, cancel := context.WithTimeout(req.Context(), 2*time.Second)
	defer cancel()
	if err := s.ping(ctx); err != nil {
		s.log.LogAttrs(ctx, slog.LevelError, "not ready: database ping failed",
			slog.String("request_id", infoFrom(ctx).id), slog.String("error", err.Error()))
		w.Header().Set("Cache-Control", "no-store")
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func pathID(req bunrouter.Request) (uuid.UUID, error) {
	id, err := uuid.Parse(req.Param("id"))
	if err != nil || len(req.Param("id")) != 36 {
		return uuid.Nil, govops.FieldError("id", "must be an ID such as 01890a5d-ac96-774b-bcce-b302099a8057")
	}
	return id, nil
}

func (s *Server) listRoutingRules(w http.ResponseWriter, req bunrouter.Request) error {
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	rules, err := s.cases.RoutingRules(req.Context(), actorFrom(req.Context()))
	if err != nil {
		return err
	}
	out := struct {
		Items []routingRuleJSON `json:"items"`
	}{Items: make([]routingRuleJSON, len(rules))}
	for i, r := range rules {
		out.Items[i] = s.ruleOut(r)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) createRoutingRule(w http.ResponseWriter, req bunrouter.Request) error {
	var in routingRuleCreateJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	ctx := req.Context()
	r, err := s.cases.CreateRoutingRule(ctx, actorFrom(ctx), govcase.RoutingRuleInput{
		Kind: govcase.Kind(in.Kind), Category: govcase.Category(in.Category),
		Keywords: in.Keywords, Department: in.Department, Priority: in.Priority,
	})
	if err != nil {
		return err
	}
	setSubject(ctx, r.ID.String())
	return writeJSON(w, http.StatusCreated, s.ruleOut(r))
}

func (s *Server) deleteRoutingRule(w http.ResponseWriter, req bunrouter.Request) error {
	id, err := pathID(req)
	if err != nil {
		return err
	}
	if err := s.cases.DeleteRoutingRule(req.Context(), actorFrom(req.Context()), id.String()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) suggestDepartment(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	ref := q.one("case")
	if err := q.err(); err != nil {
		return err
	}
	ctx := req.Context()
	by := actorFrom(ctx)
	c, err := s.cases.Get(ctx, by, ref)
	if err != nil {
		return renameField(err, "number", "case") // the case is named by the parameter case here
	}
	dept, rule, ok, err := s.cases.SuggestDepartment(ctx, by, c)
	if err != nil {
		return err
	}
	out := suggestionJSON{Case: c.Number, Matched: ok}
	if ok {
		r := s.ruleOut(rule)
		out.Department, out.Rule = dept, &r
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) listDepartments(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	cursor := q.one("cursor")
	limit := q.int("limit", 1, MaxDirectoryPage)
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.registry.Departments(req.Context(), cursor, limit)
	if err != nil {
		return err
	}
	out := departmentListJSON{Items: make([]departmentJSON, len(page.Departments)), NextCursor: page.Next}
	for i, d := range page.Departments {
		out.Items[i] = s.departmentOut(d)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) createDepartment(w http.ResponseWriter, req bunrouter.Request) error {
	var in departmentCreateJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	if validCode(in.Code) {
		setSubject(req.Context(), in.Code) // known even when the code is taken
	}
	d, err := s.registry.CreateDepartment(req.Context(), DepartmentInput{
		Code: in.Code, Name: in.Name, Kind: DepartmentKind(in.Kind), Parent: in.Parent,
	})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/departments/"+d.Code)
	return writeJSON(w, http.StatusCreated, s.departmentOut(d))
}

func (s *Server) getDepartment(w http.ResponseWriter, req bunrouter.Request) error {
	if err := newQuery(req.URL).err(); err != nil {
		return err
	}
	d, err := s.registry.Department(req.Context(), req.Param("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.departmentOut(d))
}

func (s *Server) listTokens(w http.ResponseWriter, req bunrouter.Request) error {
	q := newQuery(req.URL)
	cursor := q.one("cursor")
	limit := q.int("limit", 1, MaxDirectoryPage)
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.registry.Tokens(req.Context(), cursor, limit)
	if err != nil {
		return err
	}
	out := tokenListJSON{Items: make([]tokenJSON, len(page.Tokens)), NextCursor: page.Next}
	for i, t := range page.Tokens {
		out.Items[i] = s.tokenOut(t)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) createToken(w http.ResponseWriter, req bunrouter.Request) error {
	var in tokenCreateJSON
	if err := decodeJSON(w, req.Request, &in, false); err != nil {
		return err
	}
	t, plain, err := s.registry.IssueToken(req.Context(), TokenInput{Name: in.Name, Role: Role(in.Role), Department: in.Department})
	if err != nil {
		return err
	}
	setSubject(req.Context(), t.ID.String())
	out := s.tokenOut(t)
	out.Token = plain
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) revokeToken(w http.ResponseWriter, req bunrouter.Request) error {
	id, err := pathID(req)
	if err != nil {
		return err
	}
	t, err := s.registry.RevokeToken(req.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.tokenOut(t))
}
