package refserver

import (
	"context"
	"time"

	"github.com/govops-kit/govops"
)

// CreateSession implements SessionStore.
func (m *MemStore) CreateSession(_ context.Context, s Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.sessions {
		if o.ID == s.ID || o.Hash == s.Hash {
			return govops.Errorf(govops.ECONFLICT, "session %s already exists", s.ID)
		}
	}
	m.sessions[s.Hash] = s
	return nil
}

// SessionByHash implements SessionStore.
func (m *MemStore) SessionByHash(_ context.Context, hash string) (Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[hash]
	if !ok {
		return Session{}, govops.Errorf(govops.ENOTFOUND, "session not found")
	}
	return s, nil
}

// DeleteSession implements SessionStore.
func (m *MemStore) DeleteSession(_ context.Context, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, hash)
	return nil
}

// DeleteExpiredSessions implements SessionStore.
func (m *MemStore) DeleteExpiredSessions(_ context.Context, at time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for h, s := range m.sessions {
		if !s.ExpiresAt.After(at) {
			delete(m.sessions, h)
			n++
		}
	}
	return n, nil
}
