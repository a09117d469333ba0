package refserver

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Role is what a token may do.
type Role string

// Roles.
const (
	// RoleAdmin is center staff (中心管理员): every case, and the directory,
	// tokens and routing rules.
	RoleAdmin Role = "admin"
	// RoleDept is one department (部门): only the cases dispatched to it.
	RoleDept Role = "dept"
	// RoleViewer reads everything a center member reads, with personal
	// data masked, and changes nothing (只读).
	RoleViewer Role = "viewer"
)

// Roles lists every role.
func Roles() []Role { return []Role{RoleAdmin, RoleDept, RoleViewer} }

// Label returns the Chinese label of r.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "管理员"
	case RoleDept:
		return "部门"
	case RoleViewer:
		return "只读"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleDept || r == RoleViewer }

// Token is an API bearer token (访问令牌) as the server keeps it: never the
// secret itself, only its SHA-256 hash in hex.
type Token struct {
	ID         uuid.UUID // UUIDv7
	Name       string    // who holds it; recorded as the actor of every change made with it
	Role       Role
	Department string // RoleDept only: the department code it is scoped to
	Hash       string // hex SHA-256 of the plaintext token
	CreatedAt  time.Time
	RevokedAt  time.Time // zero while the token is valid
	LastUsedAt time.Time // zero until first use; updated at most once a minute
}

// Revoked reports whether t was revoked.
func (t Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// Store persists what the server itself owns: the API tokens, the audit
// log (AuditLog) and the calendar tables loaded through the API
// (CalendarStore). The department directory is a domain of its own
// (package directory). Like a govcase.Store it holds no rule: Registry
// validates before it calls a Store. Every method returns *govops.Error values with the codes its
// comment names; any other failure is EINTERNAL.
type Store interface {
	AuditLog
	CalendarStore
	SessionStore

	// CreateToken stores t. Returns ECONFLICT if its ID or hash is taken.
	CreateToken(ctx context.Context, t Token) error

	// TokenByHash returns the token whose Hash is hash. Returns ENOTFOUND
	// if there is none.
	TokenByHash(ctx context.Context, hash string) (Token, error)

	// Tokens returns at most limit tokens ordered by ID (their creation
	// order), starting after the ID after (uuid.Nil starts at the first).
	Tokens(ctx context.Context, after uuid.UUID, limit int) ([]Token, error)

	// RevokeToken sets the token's RevokedAt to at unless it is already
	// set, and returns the token. Returns ENOTFOUND if there is none.
	RevokeToken(ctx context.Context, id uuid.UUID, at time.Time) (Token, error)

	// TouchToken sets the token's LastUsedAt to at. Returns ENOTFOUND if
	// there is none.
	TouchToken(ctx context.Context, id uuid.UUID, at time.Time) error

	// CountTokens returns the number of tokens, revoked ones included.
	CountTokens(ctx context.Context) (int, error)
}
