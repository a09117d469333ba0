package console

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
)

// Backend is what the console needs of the server that mounts it: the
// tokens, the sessions, the audit log and the calendar that the server
// itself owns. refserver implements it over its Registry and Store.
type Backend interface {
	// SignIn checks a bearer token and opens a session for it. It returns
	// the session and its secret, which only the cookie carries. Returns
	// EUNAUTHORIZED for an unknown or revoked token.
	SignIn(ctx context.Context, token string) (Session, string, error)

	// Session returns the open session whose secret is secret, and
	// records it as the request's caller (for the server's log and audit
	// log). Returns EUNAUTHORIZED when there is none, it has expired, or
	// its token was revoked since.
	Session(ctx context.Context, secret string) (Session, error)

	// SignOut ends the session whose secret is secret. Ending a session
	// that is already gone is not an error.
	SignOut(ctx context.Context, secret string) error

	// Tokens lists the tokens, oldest first, from cursor ("" starts at
	// the first). Admin only: the console checks the role before it asks.
	Tokens(ctx context.Context, cursor string, limit int) (govops.Page[TokenView], error)

	// IssueToken issues a token and returns it with its secret, which is
	// shown once and never again. Returns EINVALID naming the fields
	// "name", "role" and "department".
	IssueToken(ctx context.Context, in TokenInput) (TokenView, string, error)

	// RevokeToken revokes the token with the ID id. Returns ENOTFOUND if
	// there is none.
	RevokeToken(ctx context.Context, id string) (TokenView, error)

	// Audit lists the audit log, newest first, from cursor.
	Audit(ctx context.Context, f AuditFilter, cursor string, limit int) (govops.Page[AuditView], error)

	// Calendar describes which years the working-day calendar covers and
	// from which source, with the warnings the server logs (a coming year
	// that only the weekend rule covers).
	Calendar(ctx context.Context) (CalendarView, error)
}

// Session is a signed-in user as the console sees one.
type Session struct {
	ID         string // the session's ID (not its secret)
	TokenID    string
	Name       string // the token's name: the actor of every change
	Role       string // "admin", "dept" or "viewer"
	RoleLabel  string // 管理员, 部门, 只读
	Department string // dept sessions: the department code
	// DepartmentName is the department's name, for the header.
	DepartmentName string
	// Actor is what every Service call is made as: the token's actor.
	Actor     govops.Actor
	ExpiresAt time.Time
}

// Admin reports whether s is center staff with the admin role.
func (s Session) Admin() bool { return s.Role == "admin" }

// Dept reports whether s acts for one department.
func (s Session) Dept() bool { return s.Role == "dept" }

// ReadOnly reports whether s may change nothing.
func (s Session) ReadOnly() bool { return s.Actor.ReadOnly }

// TokenView is a token as the admin page lists it: never its secret.
type TokenView struct {
	ID         string
	Name       string
	Role       string
	RoleLabel  string
	Department string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero if never used
	RevokedAt  time.Time // zero while valid
}

// TokenInput is a token to issue.
type TokenInput struct {
	Name       string
	Role       string
	Department string
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Actor   string
	Subject string
}

// AuditView is one audit event.
type AuditView struct {
	At         time.Time
	Actor      string
	RoleLabel  string
	Department string
	Method     string
	Route      string
	Path       string
	Status     int
	Subject    string
}

// CalendarView is what the calendar covers.
type CalendarView struct {
	Years    []CalendarYear
	Warnings []string
}

// CalendarYear is one year of the calendar.
type CalendarYear struct {
	Year        int
	Source      string // official, override, provisional, ...
	SourceLabel string
	Workdays    int
	Exceptions  int
	// Provisional is true when only the weekend rule covers the year: no
	// State Council notice is loaded for it.
	Provisional bool
}
