package refserver

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

type sessionRow struct {
	bun.BaseModel `bun:"table:refserver_sessions"`

	ID        string    `bun:"id,pk"`
	Hash      string    `bun:"hash"`
	TokenHash string    `bun:"token_hash"`
	CreatedAt time.Time `bun:"created_at"`
	ExpiresAt time.Time `bun:"expires_at"`
}

// CreateSession implements SessionStore.
func (d *BunStore) CreateSession(ctx context.Context, s Session) error {
	r := &sessionRow{ID: s.ID.String(), Hash: s.Hash, TokenHash: s.TokenHash,
		CreatedAt: bunstore.DBTime(s.CreatedAt), ExpiresAt: bunstore.DBTime(s.ExpiresAt)}
	_, err := d.db.NewInsert().Model(r).Exec(ctx)
	return errs.Err("create session", err, bunstore.Conflict("session %s already exists", s.ID))
}

// SessionByHash implements SessionStore.
func (d *BunStore) SessionByHash(ctx context.Context, hash string) (Session, error) {
	var r sessionRow
	if err := d.db.NewSelect().Model(&r).Where("hash = ?", hash).Scan(ctx); err != nil {
		return Session{}, errs.Err("get session", err, bunstore.NotFound("session not found"))
	}
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return Session{}, govops.Errorf(govops.EINTERNAL, "refserver: session row id %q: %w", r.ID, err)
	}
	return Session{ID: id, Hash: r.Hash, TokenHash: r.TokenHash,
		CreatedAt: bunstore.GoTime(r.CreatedAt), ExpiresAt: bunstore.GoTime(r.ExpiresAt)}, nil
}

// DeleteSession implements SessionStore.
func (d *BunStore) DeleteSession(ctx context.Context, hash string) error {
	_, err := d.db.NewDelete().Model((*sessionRow)(nil)).Where("hash = ?", hash).Exec(ctx)
	return errs.Err("delete session", err)
}

// DeleteExpiredSessions implements SessionStore.
func (d *BunStore) DeleteExpiredSessions(ctx context.Context, at time.Time) (int, error) {
	res, err := d.db.NewDelete().Model((*sessionRow)(nil)).Where("expires_at <= ?", bunstore.DBTime(at)).Exec(ctx)
	if err != nil {
		return 0, errs.Err("delete expired sessions", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
