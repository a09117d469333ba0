package refserver

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/govops-kit/govops"
	"github.com/govops-kit/govops/internal/bunstore"
)

// auditRow is an audit event in refserver_audit. The time column is
// occurred_at, not "at", which some SQL dialects treat as a keyword.
type auditRow struct {
	bun.BaseModel `bun:"table:refserver_audit"`

	ID         string    `bun:"id,pk"`
	At         time.Time `bun:"occurred_at"`
	RequestID  string    `bun:"request_id"`
	TokenID    string    `bun:"token_id"`
	Actor      string    `bun:"actor"`
	Role       string    `bun:"role"`
	Department string    `bun:"department"`
	Method     string    `bun:"method"`
	Route      string    `bun:"route"`
	Path       string    `bun:"path"`
	Status     int       `bun:"status"`
	Subject    string    `bun:"subject"`
}

func toAuditRow(e AuditEvent) *auditRow {
	r := &auditRow{
		ID: e.ID.String(), At: bunstore.DBTime(e.At), RequestID: e.RequestID, Actor: e.Actor,
		Role: string(e.Role), Department: e.Department, Method: e.Method, Route: e.Route,
		Path: e.Path, Status: e.Status, Subject: e.Subject,
	}
	if e.TokenID != uuid.Nil {
		r.TokenID = e.TokenID.String()
	}
	return r
}

func fromAuditRow(r *auditRow) (AuditEvent, error) {
	id, err := uuid.Parse(r.ID)
	if err != nil {
		return AuditEvent{}, govops.Errorf(govops.EINTERNAL, "refserver: audit row id %q: %w", r.ID, err)
	}
	var tok uuid.UUID
	if r.TokenID != "" {
		if tok, err = uuid.Parse(r.TokenID); err != nil {
			return AuditEvent{}, govops.Errorf(govops.EINTERNAL, "refserver: audit row %s token_id %q: %w", r.ID, r.TokenID, err)
		}
	}
	return AuditEvent{
		ID: id, At: bunstore.GoTime(r.At), RequestID: r.RequestID, TokenID: tok, Actor: r.Actor,
		Role: Role(r.Role), Department: r.Department, Method: r.Method, Route: r.Route,
		Path: r.Path, Status: r.Status, Subject: r.Subject,
	}, nil
}

// Close releases the BunStore's prepared statements. It does not close
// the *bun.DB, which belongs to the caller; a directory used after Close
// prepares them again.
func (d *BunStore) Close() error {
	err := d.audit.Close()
	if cerr := d.calendar.Close(); err == nil {
		err = cerr
	}
	return err
}

// AppendAudit implements AuditLog: a single event through a prepared
// INSERT, which every write request appends and which bun would otherwise
// inline into new SQL text to parse each time; several through chunked
// multi-row INSERTs (bunstore.InsertChunked), stored whole or not at all.
func (d *BunStore) AppendAudit(ctx context.Context, events ...AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	if len(events) == 1 {
		return d.audit.Insert(ctx, toAuditRow(events[0]), bunstore.Conflict("audit event %s already exists", events[0].ID))
	}
	rows := make([]auditRow, len(events))
	for i, e := range events {
		rows[i] = *toAuditRow(e)
	}
	return errs.Err("append audit events", bunstore.InsertChunked(ctx, d.db, rows),
		bunstore.Conflict("one of the %d audit events from %s on already exists; none was stored", len(events), events[0].ID))
}

// ListAudit implements AuditLog. The order (occurred_at, id) descending
// walks the primary key backwards; the actor and token filters have
// indexes that end in the same two columns. Subject and method have none
// (every index is paid for by every write request), so a page of those
// filters reads the primary key newest first until it is full: quick for
// recent changes, a longer scan for old ones.
func (d *BunStore) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	var rows []auditRow
	q := d.db.NewSelect().Model(&rows)
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.TokenID != uuid.Nil {
		q = q.Where("token_id = ?", f.TokenID.String())
	}
	if f.Subject != "" {
		q = q.Where("subject = ?", f.Subject)
	}
	if f.Method != "" {
		q = q.Where("method = ?", f.Method)
	}
	if !f.From.IsZero() {
		q = q.Where("occurred_at >= ?", bunstore.DBTime(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("occurred_at < ?", bunstore.DBTime(f.To))
	}
	if !f.Before.At.IsZero() {
		at := bunstore.DBTime(f.Before.At)
		// The bound on occurred_at alone lets the index range start there.
		q = q.Where("occurred_at <= ?", at).Where("(occurred_at < ? OR id < ?)", at, f.Before.ID.String())
	}
	q = q.OrderExpr("occurred_at DESC, id DESC")
	if f.Limit > 0 {
		q = q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, errs.Err("list audit events", err)
	}
	return bunstore.FromRows(rows, fromAuditRow)
}
