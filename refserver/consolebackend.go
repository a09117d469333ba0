package refserver

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/directory"
	"github.com/govops-kit/govops/refserver/apikit"
	"github.com/govops-kit/govops/refserver/console"
)

// consoleBackend is what the web console reaches of the server: its
// tokens, sessions, audit log and calendar.
type consoleBackend struct {
	s    *Server
	deps *directory.Service
}

var _ console.Backend = consoleBackend{}

// newConsole builds the web console over svc.
func (s *Server) newConsole(svc Services) (*console.Console, error) {
	return console.New(console.Config{Location: s.cal.Location(), Now: s.now, Log: s.log, Notice: s.notice}, console.Services{Services: svc.Annual(), Calendar: s.cal}, consoleBackend{s: s, deps: svc.Departments})
}

func (b consoleBackend) session(ctx context.Context, ss Session, t Token) console.Session {
	out := console.Session{
		ID: ss.ID.String(), TokenID: t.ID.String(), Name: t.Name, Role: string(t.Role), RoleLabel: t.Role.Label(),
		Department: t.Department, Actor: actorOf(t), ExpiresAt: ss.ExpiresAt,
	}
	if t.Department != "" {
		if d, err := b.deps.Get(ctx, out.Actor, t.Department); err == nil {
			out.DepartmentName = d.Name
		}
	}
	return out
}

// SignIn implements console.Backend.
func (b consoleBackend) SignIn(ctx context.Context, token string) (console.Session, string, error) {
	ss, t, secret, err := b.s.registry.OpenSession(ctx, token)
	if err != nil {
		return console.Session{}, "", err
	}
	b.s.registry.remember(t)
	// The sign-in is recorded in the audit log as the token's.
	info := infoFrom(ctx)
	info.actor, info.token = t.Name, t
	apikit.SetSubject(ctx, "session "+ss.ID.String())
	return b.session(ctx, ss, t), secret, nil
}

// Session implements console.Backend: like a bearer token, a session makes
// its token the request's caller, for the request log and the audit log.
func (b consoleBackend) Session(ctx context.Context, secret string) (console.Session, error) {
	ss, t, err := b.s.registry.SessionToken(ctx, secret)
	if err != nil {
		return console.Session{}, err
	}
	info := infoFrom(ctx)
	info.actor, info.token = t.Name, t
	_ = b.s.registry.Touch(ctx, t)
	b.s.refreshCalendar(ctx)
	return b.session(ctx, ss, t), nil
}

// SignOut implements console.Backend.
func (b consoleBackend) SignOut(ctx context.Context, secret string) error {
	return b.s.registry.CloseSession(ctx, secret)
}

func tokenView(t Token) console.TokenView {
	return console.TokenView{ID: t.ID.String(), Name: t.Name, Role: string(t.Role), RoleLabel: t.Role.Label(),
		Department: t.Department, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

// Tokens implements console.Backend.
func (b consoleBackend) Tokens(ctx context.Context, cursor string, limit int) (govops.Page[console.TokenView], error) {
	p, err := b.s.registry.Tokens(ctx, cursor, limit)
	if err != nil {
		return govops.Page[console.TokenView]{}, err
	}
	out := govops.Page[console.TokenView]{Next: p.Next}
	for _, t := range p.Tokens {
		out.Items = append(out.Items, tokenView(t))
	}
	return out, nil
}

// IssueToken implements console.Backend.
func (b consoleBackend) IssueToken(ctx context.Context, in console.TokenInput) (console.TokenView, string, error) {
	t, plain, err := b.s.registry.IssueToken(ctx, TokenInput{Name: in.Name, Role: Role(in.Role), Department: in.Department})
	if err != nil {
		return console.TokenView{}, "", err
	}
	return tokenView(t), plain, nil
}

// RevokeToken implements console.Backend.
func (b consoleBackend) RevokeToken(ctx context.Context, id string) (console.TokenView, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return console.TokenView{}, govops.Errorf(govops.ENOTFOUND, "no token %q", id)
	}
	t, err := b.s.registry.RevokeToken(ctx, u)
	if err != nil {
		return console.TokenView{}, err
	}
	return tokenView(t), nil
}

// Audit implements console.Backend.
func (b consoleBackend) Audit(ctx context.Context, f console.AuditFilter, cursor string, limit int) (govops.Page[console.AuditView], error) {
	p, err := b.s.registry.Audit(ctx, AuditQuery{Actor: f.Actor, Subject: f.Subject, Cursor: cursor, Limit: limit})
	if err != nil {
		return govops.Page[console.AuditView]{}, err
	}
	out := govops.Page[console.AuditView]{Next: p.Next}
	for _, e := range p.Events {
		v := console.AuditView{At: e.At, Actor: e.Actor, Department: e.Department, Method: e.Method,
			Route: e.Route, Path: e.Path, Status: e.Status, Subject: e.Subject}
		if e.Role != "" {
			v.RoleLabel = e.Role.Label()
		}
		out.Items = append(out.Items, v)
	}
	return out, nil
}

// Calendar implements console.Backend: from last year to two years ahead,
// as GET /api/v1/calendar answers by default.
func (b consoleBackend) Calendar(ctx context.Context) (console.CalendarView, error) {
	now := b.s.now()
	this := now.In(b.s.cal.Location()).Year()
	out := console.CalendarView{Warnings: b.s.CalendarWarnings(now)}
	for y := this - 1; y <= this+2; y++ {
		cv, err := b.s.cal.Coverage(y)
		if err != nil {
			out.Years = append(out.Years, console.CalendarYear{Year: y, Source: "none", SourceLabel: "无数据", Provisional: true})
			continue
		}
		out.Years = append(out.Years, console.CalendarYear{Year: y, Source: string(cv.Source), SourceLabel: cv.Source.Label(),
			Workdays: cv.Workdays, Exceptions: len(cv.Exceptions), Provisional: cv.Source == govops.SourceProvisional})
	}
	if len(out.Years) == 0 {
		return out, fmt.Errorf("refserver: no calendar years")
	}
	return out, nil
}
