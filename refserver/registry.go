package refserver

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Token format: "gvo_" and the unpadded base64url encoding of 32 random
// bytes. The prefix lets secret scanners and people recognise a govops
// token; the 256 random bits make guessing hopeless.
const (
	TokenPrefix    = "gvo_"
	tokenSecretLen = 32
	tokenLen       = len(TokenPrefix) + 43 // base64url of 32 bytes, unpadded
)

// Page limits of the token listing.
const (
	DefaultTokenPage = 100
	MaxTokenPage     = 500
)

// touchEvery is how stale LastUsedAt may be before a request updates it:
// recording every use would turn every read into a write.
const touchEvery = time.Minute

// Registry holds the rules of the API tokens and the audit log over a
// Store: validation, token generation and hashing, and authentication. It
// is safe for concurrent use.
type Registry struct {
	dir   Store
	check govops.DepartmentCheck // the directory's: a dept token's department
	now   func() time.Time

	// Verified tokens, by hash, so that a busy client does not cost a
	// database read per request. An entry lives TokenCacheTTL; revoking
	// through this Registry drops it at once.
	mu    sync.Mutex
	cache map[string]cachedToken

	audit   auditQueue // group commit of audit events (see appendAudit)
	grouped bool       // dir's database groups commits itself: no queue
}

type cachedToken struct {
	tok   Token
	until time.Time
}

// TokenCacheTTL is how long a verified token is trusted without asking the
// directory again. A token revoked through another process (another server
// on the same database, or `refserver token revoke`) stops working within
// this time; one revoked through this Registry stops at once.
const TokenCacheTTL = 5 * time.Second

// tokenCacheMax bounds the cache; past it the cache starts afresh.
const tokenCacheMax = 10000

// NewRegistry returns a Registry over dir. check is the department
// directory's check (directory.Service.Check) that a dept token's
// department must pass; nil accepts any well-formed code. now may be nil
// for time.Now.
func NewRegistry(dir Store, check govops.DepartmentCheck, now func() time.Time) *Registry {
	if now == nil {
		now = time.Now
	}
	gc, ok := dir.(groupCommitter)
	return &Registry{dir: dir, check: check, now: now, cache: map[string]cachedToken{}, grouped: ok && gc.GroupsCommits()}
}

func (r *Registry) cached(hash string) (Token, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.cache[hash]
	if !ok || !r.now().Before(c.until) {
		return Token{}, false
	}
	return c.tok, true
}

func (r *Registry) remember(t Token) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.cache) >= tokenCacheMax {
		clear(r.cache)
	}
	r.cache[t.Hash] = cachedToken{tok: t, until: r.now().Add(TokenCacheTTL)}
}

// forget drops every cached entry of the token id.
func (r *Registry) forget(id uuid.UUID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for h, c := range r.cache {
		if c.tok.ID == id {
			delete(r.cache, h)
		}
	}
}

func (r *Registry) clock() time.Time { return r.now().UTC().Truncate(time.Microsecond) }

// nameControlRule refuses a token name holding NUL or another control
// character: PostgreSQL cannot store NUL, and the name is shown in
// listings, every trail and the audit log.
const nameControlRule = "must be one line of text, without NUL, line breaks, tabs or other control characters"

// oneLine reports whether s holds no control character at all: a name is
// one line.
func oneLine(s string) bool {
	return !govops.HasControl(s) && !strings.ContainsAny(s, "\t\n\r")
}

// TokenInput is what an administrator gives to issue a token.
type TokenInput struct {
	Name       string
	Role       Role
	Department string // required for RoleDept, refused otherwise
}

// IssueToken validates in, creates a token and returns it with its
// plaintext, which is shown once and never stored. Returns EINVALID naming
// each bad field.
func (r *Registry) IssueToken(ctx context.Context, in TokenInput) (Token, string, error) {
	var p govops.Problems
	name := strings.TrimSpace(in.Name)
	switch {
	case name == "":
		p.Add("name", "is required: who holds the token (it is recorded in the case trail)")
	case !utf8.ValidString(name):
		p.Add("name", "must be valid UTF-8 text")
	case !oneLine(name):
		p.Add("name", nameControlRule)
	case utf8.RuneCountInString(name) > 64:
		p.Add("name", "must be at most 64 characters")
	case strings.EqualFold(name, AuditActorCLI) || strings.EqualFold(name, AuditActorBootstrap):
		p.Addf("name", "%q is reserved for the audit log's changes made outside the API (command line, first start); choose another name", name)
	}
	switch {
	case in.Role == "":
		p.Add("role", "is required (admin, dept, viewer)")
	case !in.Role.Valid():
		p.Addf("role", "unknown role %q (admin, dept, viewer)", in.Role)
	case in.Role == RoleDept && in.Department == "":
		p.Add("department", "is required for a dept token: the department it acts for")
	case in.Role != RoleDept && in.Department != "":
		p.Add("department", "only a dept token names a department")
	case in.Role == RoleDept:
		if err := r.check.Check(ctx, in.Department); err != nil {
			if govops.ErrorCode(err) != govops.EINVALID {
				return Token{}, "", err
			}
			p.Add("department", govops.ErrorFields(err)["department"])
		}
	}
	if err := p.Err(); err != nil {
		return Token{}, "", err
	}
	plain, err := newTokenSecret()
	if err != nil {
		return Token{}, "", err
	}
	t := Token{
		ID: uuid.Must(uuid.NewV7()), Name: name, Role: in.Role, Department: in.Department,
		Hash: HashToken(plain), CreatedAt: r.clock(),
	}
	if err := r.dir.CreateToken(ctx, t); err != nil {
		return Token{}, "", err
	}
	return t, plain, nil
}

func newTokenSecret() (string, error) {
	var b [tokenSecretLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", govops.Errorf(govops.EINTERNAL, "refserver: token randomness: %w", err)
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// HashToken returns the hex SHA-256 of a plaintext token, the only form in
// which a token is stored. A plain hash suffices (no salt or stretching)
// because the token carries 256 random bits, not a human password.
func HashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// WellFormedToken reports whether s has the form of a govops token, so that
// garbage is refused without a database lookup.
func WellFormedToken(s string) bool {
	if len(s) != tokenLen || !strings.HasPrefix(s, TokenPrefix) {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s[len(TokenPrefix):])
	return err == nil && len(b) == tokenSecretLen
}

// TokenPage is one page of tokens. Next is empty on the last page.
type TokenPage struct {
	Tokens []Token
	Next   string
}

// Tokens returns one page of tokens in creation order. limit 0 means
// DefaultTokenPage.
func (r *Registry) Tokens(ctx context.Context, cursor string, limit int) (TokenPage, error) {
	if limit == 0 {
		limit = DefaultTokenPage
	}
	if limit < 1 || limit > MaxTokenPage {
		return TokenPage{}, govops.FieldError("limit", "must be between 1 and 500")
	}
	var after uuid.UUID
	if cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(cursor)
		if err != nil || len(b) != 16 {
			return TokenPage{}, govops.FieldError("cursor", "is not a cursor this server issued; start again without it")
		}
		copy(after[:], b)
	}
	ts, err := r.dir.Tokens(ctx, after, limit+1)
	if err != nil {
		return TokenPage{}, err
	}
	page := TokenPage{Tokens: ts}
	if len(ts) > limit {
		page.Tokens = ts[:limit]
		id := ts[limit-1].ID
		page.Next = base64.RawURLEncoding.EncodeToString(id[:])
	}
	return page, nil
}

// RevokeToken revokes the token with id (a token revoked twice keeps its
// first revocation time). Returns ENOTFOUND if there is none.
func (r *Registry) RevokeToken(ctx context.Context, id uuid.UUID) (Token, error) {
	r.forget(id)
	t, err := r.dir.RevokeToken(ctx, id, r.clock())
	r.forget(id) // a request may have cached it while the revocation ran
	return t, err
}

// Authenticate returns the valid token whose plaintext is plain. Returns
// EUNAUTHORIZED if plain is malformed, unknown or revoked; the error's
// message is safe to send, and Reason says which for the log.
func (r *Registry) Authenticate(ctx context.Context, plain string) (Token, error) {
	if !WellFormedToken(plain) {
		return Token{}, unauthorized("malformed token")
	}
	return r.authenticateHash(ctx, HashToken(plain))
}

// authenticateHash is Authenticate for a token known by its hash: a
// console session's.
func (r *Registry) authenticateHash(ctx context.Context, hash string) (Token, error) {
	if t, ok := r.cached(hash); ok {
		return t, nil
	}
	t, err := r.dir.TokenByHash(ctx, hash)
	if err != nil {
		if govops.ErrorCode(err) == govops.ENOTFOUND {
			return Token{}, unauthorized("unknown token")
		}
		return Token{}, err
	}
	// The lookup already matched the hash; the constant-time comparison
	// keeps a store that matches loosely (a case-insensitive collation,
	// say) from accepting a near miss, without a timing signal.
	if subtle.ConstantTimeCompare([]byte(t.Hash), []byte(hash)) != 1 {
		return Token{}, unauthorized("unknown token")
	}
	if t.Revoked() {
		return Token{}, unauthorized("revoked token " + t.ID.String())
	}
	r.remember(t)
	return t, nil
}

// Touch records that t was used now, unless it was recorded less than a
// minute ago.
func (r *Registry) Touch(ctx context.Context, t Token) error {
	now := r.clock()
	if !t.LastUsedAt.IsZero() && now.Sub(t.LastUsedAt) < touchEvery {
		return nil
	}
	if err := r.dir.TouchToken(ctx, t.ID, now); err != nil {
		return err
	}
	r.mu.Lock()
	if c, ok := r.cache[t.Hash]; ok {
		c.tok.LastUsedAt = now
		r.cache[t.Hash] = c
	}
	r.mu.Unlock()
	return nil
}

// Bootstrap issues a first admin token when the directory holds no token at
// all, records it in the audit log (actor AuditActorBootstrap), and returns
// its plaintext; it returns "" when tokens exist.
//
// When the token was issued but its audit event could not be written,
// Bootstrap returns the plaintext and an error together: the token exists
// and no later start offers one again, so the caller must show it and then
// report the error.
func (r *Registry) Bootstrap(ctx context.Context) (string, error) {
	n, err := r.dir.CountTokens(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	t, plain, err := r.IssueToken(ctx, TokenInput{Name: "admin", Role: RoleAdmin})
	if err != nil {
		return "", err
	}
	if _, err := r.RecordAudit(ctx, AuditEvent{
		Actor: AuditActorBootstrap, Route: AuditRouteBootstrap, Status: http.StatusCreated, Subject: t.ID.String(),
	}); err != nil {
		return plain, govops.Errorf(govops.EINTERNAL, "refserver: admin token %s was issued but its audit event was not recorded: %w", t.ID, err)
	}
	return plain, nil
}

// authError is an EUNAUTHORIZED error with the reason the server logs. The
// client is told only that its token is missing or not valid.
type authError struct {
	err    *govops.Error
	reason string
}

func (e *authError) Error() string { return e.err.Error() }
func (e *authError) Unwrap() error { return e.err }

func unauthorized(reason string) error {
	return &authError{
		err:    govops.Errorf(govops.EUNAUTHORIZED, "the bearer token is not valid; ask an administrator for a new one"),
		reason: reason,
	}
}
