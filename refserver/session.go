package refserver

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// Session is a sign-in to the web console (控制台会话): a token checked once
// and remembered by a secret that only the browser's cookie carries. The
// server keeps the secret's SHA-256 hash, never the secret, and the hash of
// the token it was opened with, so that revoking the token ends its
// sessions too.
type Session struct {
	ID        uuid.UUID // UUIDv7
	Hash      string    // hex SHA-256 of the session's secret
	TokenHash string    // the Hash of the token signed in with
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionTTL is how long a console session lasts from its sign-in: a
// working day.
const SessionTTL = 12 * time.Hour

// SessionStore keeps the console's sessions. Like the rest of a Store it
// holds no rule: expiry and revocation are checked by the server.
type SessionStore interface {
	// CreateSession stores s. Returns ECONFLICT if its ID or hash is
	// taken.
	CreateSession(ctx context.Context, s Session) error

	// SessionByHash returns the session whose Hash is hash, expired or
	// not. Returns ENOTFOUND if there is none.
	SessionByHash(ctx context.Context, hash string) (Session, error)

	// DeleteSession removes the session whose Hash is hash. Removing one
	// that does not exist is not an error.
	DeleteSession(ctx context.Context, hash string) error

	// DeleteExpiredSessions removes every session that expired at or
	// before at, and returns how many it removed.
	DeleteExpiredSessions(ctx context.Context, at time.Time) (int, error)
}

// OpenSession checks the token plain and opens a console session for it,
// lasting SessionTTL. It returns the session, the token and the session's
// secret, which only the browser keeps. Returns EUNAUTHORIZED as
// Authenticate does. Sessions that have expired are removed on the way.
func (r *Registry) OpenSession(ctx context.Context, plain string) (Session, Token, string, error) {
	t, err := r.Authenticate(ctx, plain)
	if err != nil {
		return Session{}, Token{}, "", err
	}
	secret, err := newTokenSecret()
	if err != nil {
		return Session{}, Token{}, "", err
	}
	now := r.clock()
	if _, err := r.dir.DeleteExpiredSessions(ctx, now); err != nil {
		return Session{}, Token{}, "", err
	}
	s := Session{ID: uuid.Must(uuid.NewV7()), Hash: HashToken(secret), TokenHash: t.Hash, CreatedAt: now, ExpiresAt: now.Add(SessionTTL)}
	if err := r.dir.CreateSession(ctx, s); err != nil {
		return Session{}, Token{}, "", err
	}
	return s, t, secret, nil
}

// SessionToken returns the open session whose secret is secret and the
// token it acts with. Returns EUNAUTHORIZED when there is none, it has
// expired, or the token was revoked since.
func (r *Registry) SessionToken(ctx context.Context, secret string) (Session, Token, error) {
	if !WellFormedToken(secret) {
		return Session{}, Token{}, unauthorized("malformed session")
	}
	s, err := r.dir.SessionByHash(ctx, HashToken(secret))
	if govops.ErrorCode(err) == govops.ENOTFOUND {
		return Session{}, Token{}, unauthorized("unknown session")
	}
	if err != nil {
		return Session{}, Token{}, err
	}
	if !s.ExpiresAt.After(r.clock()) {
		return Session{}, Token{}, unauthorized("expired session " + s.ID.String())
	}
	t, err := r.authenticateHash(ctx, s.TokenHash)
	if err != nil {
		return Session{}, Token{}, err
	}
	return s, t, nil
}

// CloseSession ends the session whose secret is secret.
func (r *Registry) CloseSession(ctx context.Context, secret string) error {
	return r.dir.DeleteSession(ctx, HashToken(secret))
}
