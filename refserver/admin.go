package refserver

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops/refserver/apikit"
)

func (s *Server) healthz(w http.ResponseWriter, req bunrouter.Request) error {
	return apikit.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
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
		return apikit.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return apikit.WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) listTokens(w http.ResponseWriter, req bunrouter.Request) error {
	q := apikit.NewQuery(req.URL)
	cursor := q.One("cursor")
	limit := q.Int("limit", 1, MaxTokenPage)
	if err := q.Err(); err != nil {
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
	return apikit.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) createToken(w http.ResponseWriter, req bunrouter.Request) error {
	var in tokenCreateJSON
	if err := apikit.DecodeBody(w, req.Request, &in, false); err != nil {
		return err
	}
	t, plain, err := s.registry.IssueToken(req.Context(), TokenInput{Name: in.Name, Role: Role(in.Role), Department: in.Department})
	if err != nil {
		return err
	}
	apikit.SetSubject(req.Context(), t.ID.String())
	out := s.tokenOut(t)
	out.Token = plain
	w.Header().Set("Cache-Control", "no-store")
	return apikit.WriteJSON(w, http.StatusCreated, out)
}

func (s *Server) revokeToken(w http.ResponseWriter, req bunrouter.Request) error {
	id, err := apikit.PathID(req)
	if err != nil {
		return err
	}
	t, err := s.registry.RevokeToken(req.Context(), id)
	if err != nil {
		return err
	}
	return apikit.WriteJSON(w, http.StatusOK, s.tokenOut(t))
}
