package refserver

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver/apikit"
)

// actorOf maps a token to the actor it acts as: an admin is center staff
// (no department), a dept token acts for its department, and a viewer is a
// read-only reader of the whole district.
func actorOf(t Token) govops.Actor {
	switch t.Role {
	case RoleAdmin:
		return govops.Actor{Name: t.Name}
	case RoleDept:
		return govops.Actor{Name: t.Name, Department: t.Department}
	default:
		return govops.Actor{Name: t.Name, ReadOnly: true}
	}
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(req *http.Request) (string, error) {
	h := req.Header.Get("Authorization")
	if h == "" {
		return "", &authError{
			err:    govops.Errorf(govops.EUNAUTHORIZED, "this endpoint needs an Authorization: Bearer <token> header"),
			reason: "no token",
		}
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", &authError{
			err:    govops.Errorf(govops.EUNAUTHORIZED, "the Authorization header must read: Bearer <token>"),
			reason: "not a bearer credential",
		}
	}
	return strings.TrimSpace(tok), nil
}

// guard wraps a handler with the authentication and role check its route
// needs.
func (s *Server) guard(level apikit.Access, next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	if level == apikit.Public {
		return next
	}
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		// Every answer to a token may carry personal data, its errors
		// included: no cache, shared or private, may keep it.
		w.Header().Set("Cache-Control", "no-store")
		plain, err := bearer(req.Request)
		if err != nil {
			return err
		}
		ctx := req.Context()
		t, err := s.registry.Authenticate(ctx, plain)
		if err != nil {
			return err
		}
		info := infoFrom(ctx)
		info.actor, info.token = t.Name, t
		switch {
		case level == apikit.AdminRole && t.Role != RoleAdmin:
			return govops.Errorf(govops.EFORBIDDEN, "only an admin token may do this (this token's role is %s)", t.Role)
		case level == apikit.CenterRole && t.Role == RoleDept:
			return govops.Errorf(govops.EFORBIDDEN, "only center tokens (admin, viewer) may read this")
		}
		if err := s.registry.Touch(ctx, t); err != nil {
			s.log.LogAttrs(ctx, slog.LevelWarn, "could not record token use",
				slog.String("request_id", info.id), slog.String("token_id", t.ID.String()),
				slog.String("error", err.Error()))
		}
		s.refreshCalendar(ctx)
		ctx = apikit.WithActor(ctx, actorOf(t))
		return next(w, req.WithContext(ctx))
	}
}
