package refserver

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// DepartmentKind says what sort of unit a department is. The kinds follow
// the district's own split of the units on its network: offices of the
// district government, townships and sub-districts, and the villages and
// communities below them.
type DepartmentKind string

// Department kinds.
const (
	KindDepartment DepartmentKind = "department" // 部门 (委办局)
	KindTownship   DepartmentKind = "township"   // 乡镇/街道
	KindVillage    DepartmentKind = "village"    // 村
	KindCommunity  DepartmentKind = "community"  // 社区
)

// DepartmentKinds lists every department kind.
func DepartmentKinds() []DepartmentKind {
	return []DepartmentKind{KindDepartment, KindTownship, KindVillage, KindCommunity}
}

// Label returns the Chinese label of k.
func (k DepartmentKind) Label() string {
	switch k {
	case KindDepartment:
		return "部门"
	case KindTownship:
		return "乡镇街道"
	case KindVillage:
		return "村"
	case KindCommunity:
		return "社区"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k DepartmentKind) Valid() bool {
	for _, v := range DepartmentKinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Department is one unit in the server's department directory (部门目录):
// the codes that cases are dispatched to and that department tokens are
// scoped to. Parent is the code of the unit above it ("" for none), e.g. a
// village's township.
type Department struct {
	Code      string
	Name      string
	Kind      DepartmentKind
	Parent    string
	CreatedAt time.Time
}

// codeKey is the form in which department codes must differ: codes are
// ASCII (see validCode), so lower case is the whole of case folding.
func codeKey(code string) string { return strings.ToLower(code) }

// codeTaken returns the ECONFLICT for a department whose code is taken by
// the department existing: of the same code, or of one that differs only
// in letter case ("" when the store cannot tell which).
func codeTaken(code, existing string) error {
	if existing == "" || existing == code {
		return govops.Errorf(govops.ECONFLICT, "department %s already exists", code)
	}
	return govops.Errorf(govops.ECONFLICT,
		"department code %s is taken by department %s: codes must differ in more than letter case; use %s or choose another code",
		code, existing, existing)
}

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

// Directory persists what the server itself owns: the department
// directory, the API tokens, the audit log (AuditLog) and the calendar
// tables loaded through the API (CalendarStore). Like a
// govcase.Store it holds no rule: Registry validates before it calls a
// Directory. Every method returns *govops.Error values with the codes its
// comment names; any other failure is EINTERNAL.
type Directory interface {
	AuditLog
	CalendarStore

	// CreateDepartment stores d. Returns ECONFLICT if its code is taken
	// in any letter case: codes are unique regardless of case, so that
	// "YUEJIN" cannot stand beside "yuejin", while lookups stay exact.
	CreateDepartment(ctx context.Context, d Department) error

	// Department returns the department with code. Returns ENOTFOUND if
	// there is none.
	Department(ctx context.Context, code string) (Department, error)

	// Departments returns at most limit departments ordered by code,
	// starting after the code after ("" starts at the first).
	Departments(ctx context.Context, after string, limit int) ([]Department, error)

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
