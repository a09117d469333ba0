package refserver_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/refserver"
)

// testSessions checks a SessionStore: every field round-trips, hashes and
// IDs are unique, deleting is idempotent and expiry removes exactly the
// sessions that expired.
func testSessions(t *testing.T, st refserver.Store, at time.Time) {
	ctx := context.Background()
	var made []refserver.Session
	for i := range 3 {
		s := refserver.Session{ID: uuid.Must(uuid.NewV7()), Hash: refserver.HashToken(fmt.Sprintf("session-%d", i)),
			TokenHash: refserver.HashToken("token"), CreatedAt: at, ExpiresAt: at.Add(time.Duration(i+1) * time.Hour)}
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		made = append(made, s)
	}
	dup := made[0]
	dup.ID = uuid.Must(uuid.NewV7())
	wantCode(t, st.CreateSession(ctx, dup), govops.ECONFLICT)
	got, err := st.SessionByHash(ctx, made[1].Hash)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != made[1].ID || got.TokenHash != made[1].TokenHash || !got.CreatedAt.Equal(at) || !got.ExpiresAt.Equal(made[1].ExpiresAt) {
		t.Fatalf("SessionByHash = %+v, want %+v", got, made[1])
	}
	_, err = st.SessionByHash(ctx, refserver.HashToken("other"))
	wantCode(t, err, govops.ENOTFOUND)

	if err := st.DeleteSession(ctx, made[2].Hash); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSession(ctx, made[2].Hash); err != nil {
		t.Fatalf("deleting a deleted session: %v", err)
	}
	_, err = st.SessionByHash(ctx, made[2].Hash)
	wantCode(t, err, govops.ENOTFOUND)

	n, err := st.DeleteExpiredSessions(ctx, at.Add(time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("DeleteExpiredSessions = %d, %v; want 1 (the session that expired at that instant)", n, err)
	}
	if _, err := st.SessionByHash(ctx, made[1].Hash); err != nil {
		t.Fatalf("a session that had not expired is gone: %v", err)
	}
}

func TestRegistry_Sessions(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	reg := refserver.NewRegistry(refserver.NewMemStore(), nil, clock)
	tok, plain, err := reg.IssueToken(ctx, refserver.TokenInput{Name: "值班员", Role: refserver.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		s, got, secret, err := reg.OpenSession(ctx, plain)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != tok.ID || secret == plain || s.Hash == refserver.HashToken(plain) || s.Hash != refserver.HashToken(secret) {
			t.Fatalf("session %+v for token %v: the session must have a secret of its own, kept hashed", s, got.ID)
		}
		if !s.ExpiresAt.Equal(now.Add(refserver.SessionTTL)) {
			t.Fatalf("ExpiresAt = %v", s.ExpiresAt)
		}
		if _, t2, err := reg.SessionToken(ctx, secret); err != nil || t2.ID != tok.ID {
			t.Fatalf("SessionToken = %v, %v", t2.ID, err)
		}
		if err := reg.CloseSession(ctx, secret); err != nil {
			t.Fatal(err)
		}
		_, _, err = reg.SessionToken(ctx, secret)
		wantCode(t, err, govops.EUNAUTHORIZED)
	})
	t.Run("ErrBadToken", func(t *testing.T) {
		_, _, _, err := reg.OpenSession(ctx, "gvo_nope")
		wantCode(t, err, govops.EUNAUTHORIZED)
	})
	t.Run("ErrExpired", func(t *testing.T) {
		_, _, secret, err := reg.OpenSession(ctx, plain)
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(refserver.SessionTTL)
		defer func() { now = now.Add(-refserver.SessionTTL) }()
		_, _, err = reg.SessionToken(ctx, secret)
		wantCode(t, err, govops.EUNAUTHORIZED)
	})
	t.Run("ErrRevokedToken", func(t *testing.T) {
		_, _, secret, err := reg.OpenSession(ctx, plain)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reg.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = reg.SessionToken(ctx, secret)
		wantCode(t, err, govops.EUNAUTHORIZED)
	})
}
