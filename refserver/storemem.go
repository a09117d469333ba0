package refserver

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/govops-kit/govops"
)

// MemStore is an in-memory Store, for tests and for embedding the
// server where nothing needs to outlive the process. It is safe for
// concurrent use.
type MemStore struct {
	mu       sync.Mutex
	tokens   map[uuid.UUID]Token
	byHash   map[string]uuid.UUID
	audit    []AuditEvent
	auditIDs map[auditMemKey]struct{}
	calendar map[calendarKey]CalendarTableRecord
	sessions map[string]Session // by Hash
}

// auditMemKey is an AuditKey as a map key, to the microsecond the SQL
// databases keep.
type auditMemKey struct {
	at int64
	id uuid.UUID
}

func memKeyOf(e AuditEvent) auditMemKey { return auditMemKey{e.At.UnixMicro(), e.ID} }

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{
		tokens: map[uuid.UUID]Token{}, byHash: map[string]uuid.UUID{},
		auditIDs: map[auditMemKey]struct{}{}, calendar: map[calendarKey]CalendarTableRecord{},
		sessions: map[string]Session{},
	}
}

// CreateToken implements Store.
func (m *MemStore) CreateToken(_ context.Context, t Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.tokens[t.ID]; ok {
		return govops.Errorf(govops.ECONFLICT, "token %s already exists", t.ID)
	}
	if _, ok := m.byHash[t.Hash]; ok {
		return govops.Errorf(govops.ECONFLICT, "a token with the same secret already exists")
	}
	m.tokens[t.ID] = t
	m.byHash[t.Hash] = t.ID
	return nil
}

// TokenByHash implements Store.
func (m *MemStore) TokenByHash(_ context.Context, hash string) (Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.byHash[hash]
	if !ok {
		return Token{}, govops.Errorf(govops.ENOTFOUND, "token not found")
	}
	return m.tokens[id], nil
}

// Tokens implements Store.
func (m *MemStore) Tokens(_ context.Context, after uuid.UUID, limit int) ([]Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Token, 0, len(m.tokens))
	for _, t := range m.tokens {
		if bytes.Compare(t.ID[:], after[:]) > 0 {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b Token) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// RevokeToken implements Store.
func (m *MemStore) RevokeToken(_ context.Context, id uuid.UUID, at time.Time) (Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[id]
	if !ok {
		return Token{}, govops.Errorf(govops.ENOTFOUND, "token %s not found", id)
	}
	if t.RevokedAt.IsZero() {
		t.RevokedAt = at
		m.tokens[id] = t
	}
	return t, nil
}

// TouchToken implements Store.
func (m *MemStore) TouchToken(_ context.Context, id uuid.UUID, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[id]
	if !ok {
		return govops.Errorf(govops.ENOTFOUND, "token %s not found", id)
	}
	t.LastUsedAt = at
	m.tokens[id] = t
	return nil
}

// CountTokens implements Store.
func (m *MemStore) CountTokens(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.tokens), nil
}

// AppendAudit implements AuditLog. The log grows with every change and is
// never trimmed: MemStore suits tests and short-lived embeddings.
func (m *MemStore) AppendAudit(_ context.Context, events ...AuditEvent) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := make(map[auditMemKey]bool, len(events))
	for _, e := range events {
		k := memKeyOf(e)
		if _, ok := m.auditIDs[k]; ok || seen[k] {
			return govops.Errorf(govops.ECONFLICT, "audit event %s already exists", e.ID)
		}
		seen[k] = true
	}
	for _, e := range events {
		m.auditIDs[memKeyOf(e)] = struct{}{}
		m.audit = append(m.audit, e)
	}
	return nil
}

// ListAudit implements AuditLog.
func (m *MemStore) ListAudit(_ context.Context, f AuditFilter) ([]AuditEvent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []AuditEvent
	for _, e := range m.audit {
		if auditMatches(e, f) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b AuditEvent) int { return -compareAuditKeys(a.At, a.ID, b.At, b.ID) })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// compareAuditKeys orders (At, ID) pairs oldest first.
func compareAuditKeys(at time.Time, id uuid.UUID, bt time.Time, bid uuid.UUID) int {
	if c := at.Compare(bt); c != 0 {
		return c
	}
	return bytes.Compare(id[:], bid[:])
}

func auditMatches(e AuditEvent, f AuditFilter) bool {
	switch {
	case f.Actor != "" && e.Actor != f.Actor,
		f.TokenID != uuid.Nil && e.TokenID != f.TokenID,
		f.Subject != "" && e.Subject != f.Subject,
		f.Method != "" && e.Method != f.Method,
		!f.From.IsZero() && e.At.Before(f.From),
		!f.To.IsZero() && !e.At.Before(f.To),
		!f.Before.At.IsZero() && compareAuditKeys(e.At, e.ID, f.Before.At, f.Before.ID) >= 0:
		return false
	}
	return true
}
